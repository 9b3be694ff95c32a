/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/proprio-balance-page.h"
#include "proprio-test-gui.h"

G_BEGIN_DECLS

/* A Balance page in a window of its own, for the page's widget tests. */
typedef struct
{
  GtkWidget          *window;
  ProprioBalancePage *page;
  ProprioStation     *station;
  GSettings          *settings;
  gint64              t_us;      /* time of the next scripted sample */
} ProprioBalanceHarness;

/* Shows the page with the app's settings (geometry and mirror reset), sound off, and the device of
 * `spec` (or none); waits until a balance view is laid out. */
void      proprio_balance_harness_init  (ProprioBalanceHarness *h,
                                         ProprioApplication    *app,
                                         const char            *spec);
/* Destroys the window and checks that the page is finalized with it. */
void      proprio_balance_harness_clear (ProprioBalanceHarness *h);
/* Scripted balance samples at 100 Hz (PROPRIO_BALANCE_HARNESS_STEP_US apart). */
#define PROPRIO_BALANCE_HARNESS_RATE_HZ 100
#define PROPRIO_BALANCE_HARNESS_STEP_US (G_USEC_PER_SEC / PROPRIO_BALANCE_HARNESS_RATE_HZ)

/* A balance sample with a CoP at (x, y), 70 kg spread evenly over the corners. */
ProprioSample proprio_balance_harness_sample (gint64                 t_us,
                                              double                 x_mm,
                                              double                 y_mm);
/* `seconds` of gentle sway (an ellipse traced every two seconds) through the page, from h->t_us. */
void      proprio_balance_harness_push_sway (ProprioBalanceHarness *h,
                                             double                 seconds);
/* A template child of the page, asserted to exist. */
gpointer  proprio_balance_harness_child (ProprioBalanceHarness *h,
                                         const char            *name);

G_END_DECLS
