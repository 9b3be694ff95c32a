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
/* A template child of the page, asserted to exist. */
gpointer  proprio_balance_harness_child (ProprioBalanceHarness *h,
                                         const char            *name);

G_END_DECLS
