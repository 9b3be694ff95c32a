/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "core/proprio-clock.h"
#include "proprio-test-balance.h"

ProprioSample
proprio_balance_harness_sample (gint64 t_us,
                                double x_mm,
                                double y_mm)
{
  ProprioSample s = { 0 };

  s.t_us = t_us;
  s.flags = PROPRIO_SAMPLE_HAS_COP;
  s.n_channels = PROPRIO_BALANCE_N_CHANNELS;
  for (guint c = 0; c < 4; c++)
    s.values[c] = 17.5;
  s.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = 70.0;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_X] = x_mm;
  s.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = y_mm;
  return s;
}

void
proprio_balance_harness_push_sway (ProprioBalanceHarness *h,
                                   double                 seconds)
{
  guint n = (guint) lround (seconds * PROPRIO_BALANCE_HARNESS_RATE_HZ);

  for (guint i = 0; i < n; i++, h->t_us += PROPRIO_BALANCE_HARNESS_STEP_US)
    {
      double s = (double) h->t_us / G_USEC_PER_SEC;
      ProprioSample sample = proprio_balance_harness_sample (h->t_us, 6.0 * sin (G_PI * s),
                                                             3.0 * cos (G_PI * s));

      proprio_balance_page_push_samples (h->page, &sample, 1);
    }
}

gpointer
proprio_balance_harness_child (ProprioBalanceHarness *h,
                               const char            *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (h->page), PROPRIO_TYPE_BALANCE_PAGE,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static gboolean
page_is_laid_out (gpointer data)
{
  ProprioBalanceHarness *h = data;

  return gtk_widget_get_mapped (GTK_WIDGET (h->page)) &&
         gtk_widget_get_width (GTK_WIDGET (proprio_balance_harness_child (h, "view"))) > 100;
}

void
proprio_balance_harness_init (ProprioBalanceHarness *h,
                              ProprioApplication    *app,
                              const char            *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) device = NULL;

  h->settings = g_object_ref (proprio_application_get_settings (app));
  g_settings_reset (h->settings, "board-width-mm");
  g_settings_reset (h->settings, "board-length-mm");
  g_settings_reset (h->settings, "mirror-patient-view");
  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1100, 720);
  /* A station of the test's own: the page is a view of it, apart from the app's. */
  h->station = proprio_station_new ();
  h->page = PROPRIO_BALANCE_PAGE (proprio_balance_page_new (h->station, h->settings));
  /* The beeps are checked apart; tests run on machines without audio. */
  proprio_balance_page_set_sound_enabled (h->page, FALSE);
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->page));

  if (spec != NULL)
    {
      device = proprio_device_new (spec, &error);
      g_assert_no_error (error);
      proprio_station_set_device (h->station, device);
    }

  gtk_window_present (GTK_WINDOW (h->window));
  if (spec != NULL && g_str_has_prefix (spec, "sim:balance"))
    g_assert_true (proprio_test_wait_until (page_is_laid_out, h, 5000));
  else
    proprio_test_wait_ms (100);
  h->t_us = proprio_clock_now_us ();
}

void
proprio_balance_harness_clear (ProprioBalanceHarness *h)
{
  GtkWidget *weak = GTK_WIDGET (h->page);

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  proprio_station_set_device (h->station, NULL);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
  g_object_run_dispose (G_OBJECT (h->station));
  g_clear_object (&h->station);
  g_clear_object (&h->settings);
}
