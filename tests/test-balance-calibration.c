/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "app/proprio-balance-page.h"
#include "app/proprio-cue-sound.h"
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

  /* The sanity bounds, at their edges: 5 kg per corner empty, 0.5 to 2 times the known weight. */
  {
    const double zero[4] = { 0 };
    const double five[4] = { 5.0, -5.0, 5.0, 0.0 };
    const double over[4] = { 5.01, 0.0, 0.0, 0.0 };
    const double half[4] = { 2.5, 2.5, 2.5, 2.5 };
    const double double_[4] = { 10.0, 10.0, 10.0, 10.0 };
    const double less[4] = { 2.45, 2.5, 2.5, 2.5 };
    g_autofree char *problem = NULL;

    g_assert_null (proprio_calibration_check_empty (zero));
    g_assert_null (proprio_calibration_check_empty (five));
    problem = proprio_calibration_check_empty (over);
    g_assert_cmpstr (problem, ==, "The board is not empty: 5 kg on it. Step off and tare again.");
    g_assert_null (proprio_calibration_check_weight (zero, half, 20.0, TRUE));
    g_assert_null (proprio_calibration_check_weight (zero, double_, 20.0, TRUE));
    g_clear_pointer (&problem, g_free);
    problem = proprio_calibration_check_weight (zero, less, 20.0, TRUE);
    g_assert_true (g_str_has_prefix (problem, "The board measured 9.9 kg for the 20.0 kg typed"));
    g_clear_pointer (&problem, g_free);
    /* Out of the plausible range, whatever was measured. */
    problem = proprio_calibration_check_weight (zero, half, 250.0, TRUE);
    g_assert_true (g_str_has_prefix (problem, "The known weight must be between 1 and 200 kg"));
    g_clear_pointer (&problem, g_free);
    /* Counts are not held to kg, but a corner going down is still a wiring fault. */
    g_assert_null (proprio_calibration_check_weight (zero, double_, 1.0, FALSE));
    {
      const double fell[4] = { 500.0, 500.0, -200.0, 500.0 };

      problem = proprio_calibration_check_weight (zero, fell, 20.0, FALSE);
      g_assert_true (g_str_has_prefix (problem, "The back left corner went down by 200 counts"));
    }
    g_assert_false (proprio_calibration_spec_reads_kg ("sim:balance?units=counts"));
    g_assert_true (proprio_calibration_spec_reads_kg ("sim:balance?units=counts&gain=1,1,1,1"));
    g_assert_true (proprio_calibration_spec_reads_kg ("/dev/ttyACM0?protocol=balance"));
  }

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

static gboolean
dialog_shown (gpointer data)
{
  GtkWidget *dialog = data != NULL ? data : find_calibration_dialog ();

  return dialog != NULL && gtk_widget_get_mapped (dialog) && gtk_widget_get_width (dialog) > 0;
}

/* The dialog the page opened, once it is on screen (a loaded machine takes its time). */
static GtkWidget *
wait_for_dialog (void)
{
  g_assert_true (proprio_test_wait_until (dialog_shown, NULL, 10000));
  return find_calibration_dialog ();
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
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (h.window));

  {
    g_autoptr(GdkTexture) texture = proprio_test_render_widget (dialog);
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "balance-calibration.png", NULL);

    g_assert_true (gdk_texture_save_to_png (texture, path));
  }
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (gtk_widget_get_template_child (
    dialog, PROPRIO_TYPE_CALIBRATION_DIALOG, "width_spin")), 440.0);
  /* Apply needs a tare first: an empty board, scripted. */
  g_assert_true (gtk_widget_activate_action (dialog, "calibration.tare", NULL));
  {
    gint64 t0 = proprio_clock_now_us ();

    for (guint i = 0; i < 250; i++)
      {
        ProprioSample sample = { .t_us = t0 + i * 10000, .n_channels = PROPRIO_BALANCE_N_CHANNELS };

        proprio_calibration_dialog_push_samples (PROPRIO_CALIBRATION_DIALOG (dialog), &sample, 1);
      }
  }
  g_assert_true (gtk_widget_activate_action (dialog, "calibration.apply", NULL));
  proprio_test_wait_ms (50);
  g_assert_cmpstr (applied, ==, "sim:balance?geometry=440x238&seed=1&tare=0,0,0,0");
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

static gboolean
tare_measured (gpointer data)
{
  AdwActionRow *row = data;

  return !g_str_has_prefix (adw_action_row_get_subtitle (row), "Measuring");
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

/* End to end: tare the simulated board, reconnect with the spec the dialog makes, and the board
 * reads zero. */
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

  /* A gain of 0.01 makes the simulated person weigh 0.7 kg: light enough for an empty board. */
  harness_init (&h, "sim:balance?seed=2&gain=0.01,0.01,0.01,0.01");
  proprio_device_connect (proprio_balance_page_get_device (h.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.calibrate", NULL));
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  tare_row = ADW_ACTION_ROW (gtk_widget_get_template_child (dialog, PROPRIO_TYPE_CALIBRATION_DIALOG,
                                                            "tare_row"));

  g_assert_true (gtk_widget_activate_action (dialog, "calibration.tare", NULL));
  g_assert_cmpstr (adw_action_row_get_subtitle (tare_row), ==, "Measuring… keep the board still");
  g_assert_true (proprio_test_wait_until (tare_done, tare_row, 8000));

  spec = proprio_calibration_dialog_get_spec (PROPRIO_CALIBRATION_DIALOG (dialog), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (spec, "sim:balance?gain=0.01,0.01,0.01,0.01&geometry=433x238"
                                         "&seed=2&tare="));
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


/* ---- the dialog driven with scripted samples ---- */

#define SCRIPT_RATE_HZ 100

typedef struct
{
  Harness    h;
  GtkWidget *dialog;
  char      *applied;   /* the spec "calibration-applied" carried, or NULL */
} Script;

static gpointer
dialog_child (GtkWidget  *dialog,
              const char *name)
{
  GObject *object = gtk_widget_get_template_child (dialog, PROPRIO_TYPE_CALIBRATION_DIALOG, name);

  g_assert_nonnull (object);
  return object;
}

static void calibration_changed_cb (ProprioStation *station, const char *spec, char **out);

/* A dialog over a board that is not connected: only the scripted samples reach it. */
static void
script_open (Script     *s,
             const char *spec)
{
  harness_init (&s->h, spec);
  s->applied = NULL;
  g_signal_connect (s->h.station, "calibration-applied", G_CALLBACK (calibration_changed_cb),
                    &s->applied);
  s->dialog = proprio_calibration_dialog_new (s->h.station, s->h.settings);
  gtk_window_present (GTK_WINDOW (s->dialog));
  g_assert_true (proprio_test_wait_until (dialog_shown, s->dialog, 10000));
}

static void
script_close (Script *s)
{
  if (s->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (s->dialog));
  g_clear_pointer (&s->applied, g_free);
  harness_clear (&s->h);
}

/* Two seconds and a little more of a steady board, from now: one whole measurement. */
static void
script_corners (Script *s,
                double  tl,
                double  tr,
                double  bl,
                double  br)
{
  gint64 t0 = proprio_clock_now_us ();
  guint n = (guint) (PROPRIO_CALIBRATION_MEASURE_US * SCRIPT_RATE_HZ / G_USEC_PER_SEC) + 5;

  for (guint i = 0; i < n; i++)
    {
      ProprioSample sample = { 0 };

      sample.t_us = t0 + (gint64) i * G_USEC_PER_SEC / SCRIPT_RATE_HZ;
      sample.n_channels = PROPRIO_BALANCE_N_CHANNELS;
      sample.values[0] = tl;
      sample.values[1] = tr;
      sample.values[2] = bl;
      sample.values[3] = br;
      sample.values[PROPRIO_BALANCE_CHANNEL_TOTAL] = tl + tr + bl + br;
      sample.values[PROPRIO_BALANCE_CHANNEL_COP_X] = NAN;
      sample.values[PROPRIO_BALANCE_CHANNEL_COP_Y] = NAN;
      proprio_calibration_dialog_push_samples (PROPRIO_CALIBRATION_DIALOG (s->dialog), &sample, 1);
    }
}

static void
script_tare (Script *s,
             double  tl,
             double  tr,
             double  bl,
             double  br)
{
  g_assert_true (gtk_widget_activate_action (s->dialog, "calibration.tare", NULL));
  script_corners (s, tl, tr, bl, br);
}

static void
script_weigh (Script *s,
              double  known_kg,
              double  tl,
              double  tr,
              double  bl,
              double  br)
{
  gtk_spin_button_set_value (dialog_child (s->dialog, "weight_spin"), known_kg);
  g_assert_true (gtk_widget_activate_action (s->dialog, "calibration.weigh", NULL));
  script_corners (s, tl, tr, bl, br);
}

/* What the dialog says is wrong, or NULL when it says nothing. */
static const char *
script_error (Script *s)
{
  GtkLabel *label = dialog_child (s->dialog, "error_label");

  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_label (label) : NULL;
}

static gboolean
script_can_apply (Script *s)
{
  return gtk_widget_get_sensitive (dialog_child (s->dialog, "apply_button"));
}

static gboolean
script_can_weigh (Script *s)
{
  return gtk_widget_get_sensitive (dialog_child (s->dialog, "weight_button"));
}

/* Apply stays off until the board is tared: opening and pressing Apply changes nothing. */
static void
test_calibration_apply_needs_tare (void)
{
  Script s;

  script_open (&s, "sim:balance?seed=1");
  g_assert_false (script_can_apply (&s));
  g_assert_false (script_can_weigh (&s));
  gtk_widget_activate_action (s.dialog, "calibration.apply", NULL);
  proprio_test_wait_ms (20);
  g_assert_null (s.applied);
  g_assert_cmpstr (proprio_device_get_spec (proprio_station_get_device (s.h.station)), ==,
                   "sim:balance?seed=1");

  script_tare (&s, 0.1, 0.2, -0.1, 0.3);
  g_assert_null (script_error (&s));
  g_assert_true (script_can_apply (&s));
  g_assert_true (script_can_weigh (&s));
  g_assert_true (gtk_widget_activate_action (s.dialog, "calibration.apply", NULL));
  proprio_test_wait_ms (20);
  g_assert_cmpstr (s.applied, ==, "sim:balance?geometry=433x238&seed=1&tare=0.1,0.2,-0.1,0.3");
  s.dialog = NULL;   /* Apply closed it */
  script_close (&s);
}

/* 74 kg is not an empty board: the tare is refused, with what to do. */
static void
test_calibration_tare_not_empty (void)
{
  Script s;
  AdwActionRow *tare_row;

  script_open (&s, "sim:balance?seed=1");
  tare_row = dialog_child (s.dialog, "tare_row");
  script_tare (&s, 18.0, 19.0, 18.5, 18.5);
  g_assert_cmpstr (script_error (&s), ==,
                   "The board is not empty: 74 kg on it. Step off and tare again.");
  g_assert_cmpstr (adw_action_row_get_subtitle (tare_row), ==, "Not tared");
  g_assert_false (script_can_apply (&s));
  g_assert_false (script_can_weigh (&s));
  {
    g_autoptr(GdkTexture) texture = NULL;
    g_autofree char *path = g_test_build_filename (G_TEST_BUILT,
                                                   "balance-calibration-not-empty.png", NULL);

    proprio_test_wait_ms (200);
    texture = proprio_test_render_widget (s.dialog);
    g_assert_true (gdk_texture_save_to_png (texture, path));
  }

  /* The bound is per corner: 5 kg passes, more does not, in either direction. */
  script_tare (&s, 5.0, 0.0, 0.0, 0.0);
  g_assert_null (script_error (&s));
  g_assert_true (script_can_apply (&s));
  script_tare (&s, 0.0, 0.0, 0.0, 7.0);
  g_assert_cmpstr (script_error (&s), ==,
                   "The board is not empty: 7 kg on it. Step off and tare again.");
  g_assert_false (script_can_apply (&s));
  /* A corner far off while the total is small: a load cell, not a person. */
  script_tare (&s, 6.5, 0.0, -6.0, 0.0);
  g_assert_cmpstr (script_error (&s), ==,
                   "The front left corner reads 6.5 kg with the board empty: check that nothing "
                   "touches it and that its load cell is connected, then tare again.");
  g_assert_false (script_can_apply (&s));

  /* After a good tare, Apply is back. */
  script_tare (&s, 0.5, 0.5, 0.5, 0.5);
  g_assert_null (script_error (&s));
  g_assert_true (script_can_apply (&s));
  script_close (&s);
}

/* The known weight is checked against what the board measured, and a mismatch says what is
 * probably wrong; a started weight step must succeed before Apply. */
static void
test_calibration_known_weight (void)
{
  Script s;
  AdwActionRow *weight_row;
  GtkSpinButton *weight_spin;
  const char *error;

  script_open (&s, "sim:balance?seed=1");
  weight_row = dialog_child (s.dialog, "weight_row");
  weight_spin = dialog_child (s.dialog, "weight_spin");
  /* Plausible known weights only: 1 to 200 kg. */
  gtk_spin_button_set_value (weight_spin, 500.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (weight_spin), ==, 200.0);
  gtk_spin_button_set_value (weight_spin, 0.2);
  g_assert_cmpfloat (gtk_spin_button_get_value (weight_spin), ==, 1.0);

  script_tare (&s, 0.0, 0.0, 0.0, 0.0);
  g_assert_true (script_can_apply (&s));

  /* A quarter of the weight: not all of it on the board (or the wrong weight typed). */
  script_weigh (&s, 20.0, 1.25, 1.25, 1.25, 1.25);
  error = script_error (&s);
  g_assert_nonnull (error);
  g_assert_true (strstr (error, "5.0 kg for the 20.0 kg typed") != NULL);
  g_assert_true (strstr (error, "on the board") != NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (weight_row), ==, "Not accepted");
  g_assert_false (script_can_apply (&s));

  /* Three times the weight: the wrong weight typed. */
  script_weigh (&s, 20.0, 15.0, 15.0, 15.0, 15.0);
  error = script_error (&s);
  g_assert_nonnull (error);
  g_assert_true (strstr (error, "60.0 kg for the 20.0 kg typed") != NULL);
  g_assert_true (strstr (error, "weight typed") != NULL);
  g_assert_false (script_can_apply (&s));

  /* A corner that goes down under the weight: wired the wrong way round or swapped. */
  script_weigh (&s, 20.0, 9.0, 9.0, 9.0, -3.0);
  error = script_error (&s);
  g_assert_nonnull (error);
  g_assert_true (strstr (error, "back right corner went down by 3.0 kg") != NULL);
  g_assert_true (strstr (error, "order=") != NULL);
  g_assert_false (script_can_apply (&s));

  /* Nothing on it. */
  script_weigh (&s, 20.0, 0.0, 0.0, 0.0, 0.0);
  g_assert_nonnull (strstr (script_error (&s), "No load on the board"));
  g_assert_false (script_can_apply (&s));

  /* 25 kg for 20: a gain change of 0.8, plausible: accepted and corrected on Apply. */
  script_weigh (&s, 20.0, 6.25, 6.25, 6.25, 6.25);
  g_assert_null (script_error (&s));
  g_assert_cmpstr (adw_action_row_get_subtitle (weight_row), ==,
                   "25.00 kg for 20.00 kg: error +25.0 % (corrected on Apply)");
  g_assert_true (script_can_apply (&s));

  /* A new tare voids the weighing: measure again before Apply. */
  script_tare (&s, 0.0, 0.0, 0.0, 0.0);
  g_assert_false (script_can_apply (&s));
  script_weigh (&s, 20.0, 5.0, 5.0, 5.0, 5.0);
  g_assert_true (script_can_apply (&s));
  g_assert_true (gtk_widget_activate_action (s.dialog, "calibration.apply", NULL));
  proprio_test_wait_ms (20);
  g_assert_cmpstr (s.applied, ==, "sim:balance?gain=1,1,1,1&geometry=433x238&seed=1&tare=0,0,0,0");
  s.dialog = NULL;
  script_close (&s);
}

/* A board read in raw counts has no kg scale yet: its readings are not judged in kg (the
 * first weighing is what gives it one). */
static void
test_calibration_counts (void)
{
  Script s;
  g_autofree char *spec = NULL;
  g_autoptr(GError) error = NULL;

  script_open (&s, "sim:balance?seed=1&units=counts");
  script_tare (&s, 8000.0, 8100.0, 7900.0, 8050.0);
  g_assert_null (script_error (&s));
  g_assert_true (script_can_apply (&s));
  script_weigh (&s, 20.0, 8500.0, 8600.0, 8400.0, 8550.0);
  g_assert_null (script_error (&s));
  g_assert_true (script_can_apply (&s));
  spec = proprio_calibration_dialog_get_spec (PROPRIO_CALIBRATION_DIALOG (s.dialog), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (spec, ==, "sim:balance?gain=0.01,0.01,0.01,0.01&geometry=433x238&seed=1"
                             "&tare=8000,8100,7900,8050&units=counts");
  script_close (&s);
}

/* The simulated board has a person standing on it: through the station, its tare is refused. */
static void
test_calibration_sim_person_refused (void)
{
  Harness h;
  GtkWidget *dialog;
  AdwActionRow *tare_row;

  harness_init (&h, "sim:balance?seed=2");
  proprio_device_connect (proprio_balance_page_get_device (h.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (h.page), "balance.calibrate", NULL));
  dialog = wait_for_dialog ();
  g_assert_nonnull (dialog);
  tare_row = dialog_child (dialog, "tare_row");
  g_assert_true (gtk_widget_activate_action (dialog, "calibration.tare", NULL));
  g_assert_true (proprio_test_wait_until (tare_measured, tare_row, 8000));
  g_assert_cmpstr (adw_action_row_get_subtitle (tare_row), ==, "Not tared");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (dialog_child (dialog, "error_label")),
                                   "The board is not empty: "));
  g_assert_false (gtk_widget_get_sensitive (dialog_child (dialog, "apply_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  proprio_device_disconnect (proprio_balance_page_get_device (h.page));
  harness_clear (&h);
}

static void
test_sound_cues (void)
{
  g_autoptr(ProprioCueSound) sound = proprio_cue_sound_new ();
  GtkWidget *window = gtk_window_new ();
  static const char * const beeps[] = {
    RESOURCE_PREFIX "/proprio-cue-start.wav",
    RESOURCE_PREFIX "/proprio-cue-stop.wav",
    RESOURCE_PREFIX "/proprio-cue-hit.wav",
  };

  g_assert_cmpstr (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_COUNTDOWN),
                   ==, "bell");
  g_assert_cmpstr (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_START),
                   ==, beeps[0]);
  g_assert_cmpstr (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_CUE),
                   ==, beeps[0]);
  g_assert_cmpstr (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_STOP),
                   ==, beeps[1]);
  g_assert_cmpstr (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_TARGET_HIT),
                   ==, beeps[2]);
  g_assert_null (proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_DONE));
  g_assert_cmpuint (proprio_cue_sound_get_count (sound), ==, 5);
  /* Replaying while the first is still sounding restarts it. */
  proprio_cue_sound_play (sound, window, PROPRIO_EXERCISE_EVENT_START);
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
  g_test_add_func ("/balance-calibration/apply-needs-tare", test_calibration_apply_needs_tare);
  g_test_add_func ("/balance-calibration/tare-not-empty", test_calibration_tare_not_empty);
  g_test_add_func ("/balance-calibration/known-weight", test_calibration_known_weight);
  g_test_add_func ("/balance-calibration/counts", test_calibration_counts);
  g_test_add_func ("/balance-calibration/sim-person-refused", test_calibration_sim_person_refused);
  g_test_add_func ("/balance-calibration/sound-cues", test_sound_cues);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
