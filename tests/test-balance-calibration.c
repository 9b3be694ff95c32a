/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>

#include "app/proprio-balance-page.h"
#include "app/proprio-balance-sound.h"
#include "app/proprio-calibration-dialog.h"
#include "core/proprio-clock.h"
#include "widgets/proprio-cop-view.h"
#include "proprio-test-balance.h"

static ProprioApplication *app;

typedef ProprioBalanceHarness Harness;

/* ---- helpers ---- */

static void
harness_init (Harness    *h,
              const char *spec)
{
  proprio_balance_harness_init (h, app, spec);
}

static void
harness_clear (Harness *h)
{
  proprio_balance_harness_clear (h);
}

static void
test_calibration_arithmetic (void)
{
  const double old_tare[4] = { 1.0, 2.0, 3.0, 4.0 };
  const double old_gain[4] = { 2.0, 2.0, 4.0, 0.5 };
  const double empty[4] = { 0.5, 1.0, 2.0, 0.25 };
  const double loaded[4] = { 5.5, 6.0, 7.0, 5.25 };
  double tare[4], gain[4], measured;
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = NULL;
  g_autoptr(ProprioDevice) device = NULL;

  proprio_calibration_compute_tare (old_tare, old_gain, empty, tare);
  g_assert_cmpfloat (tare[0], ==, 1.25);
  g_assert_cmpfloat (tare[1], ==, 2.5);
  g_assert_cmpfloat (tare[2], ==, 3.5);
  g_assert_cmpfloat (tare[3], ==, 4.5);

  /* 20 kg read as 20 kg over the empty board: no correction; 25 kg: gain × 1.25. */
  measured = proprio_calibration_compute_gain (old_gain, empty, loaded, 20.0, gain);
  g_assert_cmpfloat (measured, ==, 20.0);
  g_assert_cmpfloat (gain[0], ==, 2.0);
  measured = proprio_calibration_compute_gain (old_gain, empty, loaded, 25.0, gain);
  g_assert_cmpfloat (measured, ==, 20.0);
  g_assert_cmpfloat (gain[0], ==, 2.5);
  g_assert_cmpfloat (gain[3], ==, 0.625);
  g_assert_true (isnan (proprio_calibration_compute_gain (old_gain, empty, empty, 20.0, gain)));

  spec = proprio_calibration_build_spec ("sim:balance?seed=3", tare, gain, 430.0, 240.5, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec, ==, "sim:balance?gain=2.5,2.5,5,0.625&geometry=430x240.5"
                             "&seed=3&tare=1.25,2.5,3.5,4.5");
  /* The device takes it, and reading it back gives the same numbers. */
  device = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  {
    double t[4], g[4];

    g_assert_true (proprio_calibration_read_spec (spec, t, g, &error));
    g_assert_no_error (error);
    g_assert_cmpfloat (t[2], ==, 3.5);
    g_assert_cmpfloat (g[3], ==, 0.625);
  }
  g_clear_pointer (&spec, g_free);
  spec = proprio_calibration_build_spec ("/dev/ttyACM0?protocol=balance&units=counts", NULL, NULL,
                                         433.0, 238.0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec, ==, "/dev/ttyACM0?protocol=balance&baud=115200&geometry=433x238"
                             "&units=counts");
}

static GtkWidget *
find_calibration_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (PROPRIO_IS_CALIBRATION_DIALOG (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
calibration_changed_cb (ProprioStation      *station,
                        const char          *spec,
                        char               **out)
{
  g_free (*out);
  *out = g_strdup (spec);
}

static void
test_calibration_dialog_applies (void)
{
  Harness h;
  g_autofree char *applied = NULL;
  GtkWidget *dialog;

  harness_init (&h, "sim:balance?seed=1");
  g_signal_connect (h.station, "calibration-applied", G_CALLBACK (calibration_changed_cb),
                    &applied);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.calibrate", NULL));
  proprio_test_wait_ms (100);
  dialog = find_calibration_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (h.window));

  {
    g_autoptr(GdkTexture) texture = proprio_test_render_widget (dialog);
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "balance-calibration.png", NULL);

    g_assert_true (gdk_texture_save_to_png (texture, path));
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (
    dialog, PROPRIO_TYPE_CALIBRATION_DIALOG, "width_spin")), 440.0);
  g_assert_true (gtk_widget_activate_action (dialog, "calibration.apply", NULL));
  proprio_test_wait_ms (50);
  g_assert_cmpstr (applied, ==, "sim:balance?geometry=440x238&seed=1");
  /* The station itself now uses the calibrated board: every view follows it. */
  g_assert_cmpstr (proprio_device_get_spec (proprio_station_get_device (h.station)), ==, applied);
  g_assert_cmpfloat (g_settings_get_double (h.settings, "board-width-mm"), ==, 440.0);
  harness_clear (&h);
}

static gboolean
tare_done (gpointer data)
{
  AdwActionRow *row = data;

  return g_str_has_prefix (adw_action_row_get_subtitle (row), "The empty board read");
}

typedef struct
{
  ProprioRingCursor cursor;
  double            total;
  guint             n;
} Reader;

static gboolean
read_enough (gpointer data)
{
  Reader *r = data;
  ProprioSample samples[64];
  gsize n = proprio_ring_read (&r->cursor, samples, G_N_ELEMENTS (samples));

  for (gsize i = 0; i < n; i++)
    {
      r->total += samples[i].values[PROPRIO_BALANCE_CHANNEL_TOTAL];
      r->n++;
    }
  return r->n >= 100;
}

/* End to end: tare the simulated board (someone standing still on it), reconnect with the spec
 * the dialog makes, and the board reads zero. */
static void
test_calibration_tare_zeroes_board (void)
{
  Harness h;
  GtkWidget *dialog;
  AdwActionRow *tare_row;
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioDevice) tared = NULL;
  Reader reader = { { 0 } };

  harness_init (&h, "sim:balance?seed=2");
  proprio_device_connect (proprio_balance_page_get_device (h.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.calibrate", NULL));
  proprio_test_wait_ms (100);
  dialog = find_calibration_dialog ();
  g_assert_nonnull (dialog);
  tare_row = ADW_ACTION_ROW (gtk_widget_get_template_child (dialog, PROPRIO_TYPE_CALIBRATION_DIALOG,
                                                            "tare_row"));

  g_assert_true (gtk_widget_activate_action (dialog, "calibration.tare", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (tare_row), ==, "Measuring… keep the board still");
  g_assert_true (proprio_test_wait_until (tare_done, tare_row, 8000));

  spec = proprio_calibration_dialog_get_spec (PROPRIO_CALIBRATION_DIALOG (dialog), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (spec, "sim:balance?geometry=433x238&seed=2&tare="));
  gtk_window_destroy (GTK_WINDOW (dialog));
  proprio_device_disconnect (proprio_balance_page_get_device (h.page));

  tared = proprio_device_new (spec, &error);
  g_assert_no_error (error);
  proprio_ring_cursor_init (&reader.cursor, proprio_device_get_ring (tared), FALSE);
  proprio_device_connect (tared);
  g_assert_true (proprio_test_wait_until (read_enough, &reader, 8000));
  g_assert_cmpfloat (fabs (reader.total / reader.n), <, 0.05);
  proprio_device_disconnect (tared);
  proprio_ring_cursor_clear (&reader.cursor);
  harness_clear (&h);
}

static void
test_sound_cues (void)
{
  g_autoptr(ProprioBalanceSound) sound = proprio_balance_sound_new ();
  GtkWidget *window = gtk_window_new ();
  static const char * const beeps[] = {
    RESOURCE_PREFIX "/proprio-balance-start.wav",
    RESOURCE_PREFIX "/proprio-balance-stop.wav",
    RESOURCE_PREFIX "/proprio-balance-hit.wav",
  };

  g_assert_cmpstr (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_COUNTDOWN),
                   ==, "bell");
  g_assert_cmpstr (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_START),
                   ==, beeps[0]);
  g_assert_cmpstr (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_CUE),
                   ==, beeps[0]);
  g_assert_cmpstr (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_STOP),
                   ==, beeps[1]);
  g_assert_cmpstr (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_TARGET_HIT),
                   ==, beeps[2]);
  g_assert_null (proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_DONE));
  g_assert_cmpuint (proprio_balance_sound_get_count (sound), ==, 5);
  /* Replaying while the first is still sounding restarts it. */
  proprio_balance_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_START);
  proprio_test_wait_ms (400);

  /* Each beep is a short 16-bit mono PCM WAV at 16 kHz. */
  for (guint i = 0; i < G_N_ELEMENTS (beeps); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = g_resources_lookup_data (beeps[i], 0, &error);
      const guint8 *data;
      gsize size;

      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &size);
      g_assert_cmpuint (size, >, 1000);
      g_assert_cmpuint (size, <, 16000);
      g_assert_cmpmem (data, 4, "RIFF", 4);
      g_assert_cmpmem (data + 8, 8, "WAVEfmt ", 8);
      g_assert_cmpuint (data[22], ==, 1);                                 /* mono */
      g_assert_cmpuint (data[24] | (data[25] << 8), ==, 16000);           /* Hz */
      g_assert_cmpuint (data[34], ==, 16);                                /* bits */
    }
  gtk_window_destroy (GTK_WINDOW (window));
}


int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/balance-calibration/arithmetic", test_calibration_arithmetic);
  g_test_add_func ("/balance-calibration/dialog-applies", test_calibration_dialog_applies);
  g_test_add_func ("/balance-calibration/tare-zeroes-board", test_calibration_tare_zeroes_board);
  g_test_add_func ("/balance-calibration/sound-cues", test_sound_cues);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
