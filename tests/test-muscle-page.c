/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Muscle page on real devices: the simulated eight-channel Cyton sleeve (its patient does the
 * exercises), a Cyton stream written into a pseudo-terminal by the test (a channel switched off),
 * `proprio-cli sim --device cyton` behind a pty, and sim:emg. Widgets are real, under Xvfb. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "app/proprio-cue-sound.h"
#include "app/proprio-muscle-page-private.h"
#include "app/proprio-window-private.h"
#include "core/proprio-clock.h"
#include "devices/proprio-simulator-signals.h"
#include "exercises/proprio-activation-drill.h"
#include "exercises/proprio-mvc-calibration.h"
#include "widgets/proprio-emg-view.h"

#include "proprio-test-gui.h"
#include "proprio-test-pty.h"

static ProprioApplication *app;

/* ---- a page in a window of its own ---- */

typedef struct
{
  GtkWidget         *window;
  ProprioMusclePage *page;
  ProprioStation    *station;
  GSettings         *settings;
} Harness;

static gpointer
child (Harness    *h,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (h->page), PROPRIO_TYPE_MUSCLE_PAGE,
                                                   name);

  g_assert_nonnull (object);
  return object;
}

static void
reset_settings (GSettings *settings)
{
  g_settings_reset (settings, "emg-channel-names");
  g_settings_reset (settings, "emg-channel-colors");
  g_settings_reset (settings, "emg-calibration");
  g_settings_reset (settings, "emg-show-raw");
}

static gboolean
has_channels (gpointer data)
{
  Harness *h = data;

  return proprio_muscle_page_get_n_channels (h->page) > 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (child (h, "view")));
}

/* Shows a page with its own station on the device of `spec` (or none), sound off; for an EMG
 * device, waits until its channels are on the page. */
static void
harness_init (Harness    *h,
              const char *spec)
{
  g_autoptr(GError) error = NULL;

  h->settings = g_object_ref (proprio_application_get_settings (app));
  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), 1280, 800);
  h->station = proprio_station_new ();
  proprio_station_set_sound_enabled (h->station, FALSE);
  h->page = PROPRIO_MUSCLE_PAGE (proprio_muscle_page_new (h->station, h->settings));
  gtk_window_set_child (GTK_WINDOW (h->window), GTK_WIDGET (h->page));
  gtk_window_present (GTK_WINDOW (h->window));
  if (spec != NULL)
    {
      g_assert_true (proprio_station_set_device_spec (h->station, spec, &error));
      g_assert_no_error (error);
    }
  if (spec != NULL && proprio_station_get_stream_kind (h->station) == PROPRIO_STREAM_EMG &&
      proprio_station_get_emg_error (h->station) == NULL)
    g_assert_true (proprio_test_wait_until (has_channels, h, 20000));
  else
    proprio_test_wait_ms (100);
}

static void
harness_clear (Harness *h)
{
  GtkWidget *weak = GTK_WIDGET (h->page);

  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  proprio_station_set_device (h->station, NULL);
  gtk_window_destroy (GTK_WINDOW (h->window));
  proprio_test_wait_ms (50);
  g_assert_null (weak);
  g_object_run_dispose (G_OBJECT (h->station));
  g_clear_object (&h->station);
  reset_settings (h->settings);
  g_clear_object (&h->settings);
}

static ProprioEmgView *
view_of (Harness *h)
{
  return child (h, "view");
}

static gboolean
activate (Harness    *h,
          const char *action)
{
  return gtk_widget_activate_action (GTK_WIDGET (h->page), action, NULL);
}

typedef struct
{
  Harness  *h;
  guint     channel;
} ChannelWait;

static gboolean
value_is_finite (gpointer data)
{
  ChannelWait *w = data;

  return isfinite (proprio_emg_view_get_value (view_of (w->h), w->channel));
}

static ProprioExercise *
engine_of (Harness    *h,
           const char *id)
{
  return proprio_station_get_engine (h->station, id);
}

static gboolean
engine_ended (gpointer data)
{
  ProprioExercise *engine = data;

  return proprio_exercise_get_phase (engine) >= PROPRIO_EXERCISE_PHASE_DONE;
}

/* ---- tests ---- */

/* Without an EMG device the page says what it needs and offers the device menu and the
 * simulated sleeve; a drill started there is refused in words. */
static void
test_no_device_hint (void)
{
  Harness h;
  GtkStack *stack;
  GtkLabel *refusal;

  harness_init (&h, "sim:balance?seed=1");
  stack = child (&h, "stack");
  refusal = child (&h, "refusal_label");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "no-device");
  g_assert_nonnull (strstr (adw_status_page_get_description (child (&h, "no_device_status")),
                            "EMG sleeve"));
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 0);

  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  g_assert_cmpstr (proprio_station_get_exercise_id (h.station), ==, "activation-drill");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (refusal)));
  g_assert_true (activate (&h, "muscle.start"));
  g_assert_false (proprio_station_is_running (h.station));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (refusal)));
  g_assert_cmpstr (gtk_label_get_label (refusal), ==,
                   "This exercise needs an EMG device: choose one in the device menu");

  /* One click to the simulated sleeve: eight channels. */
  g_assert_true (activate (&h, "muscle.use-simulator"));
  g_assert_cmpstr (proprio_device_get_spec (proprio_station_get_device (h.station)), ==,
                   "sim:cyton");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "emg");
  g_assert_true (proprio_test_wait_until (has_channels, &h, 20000));
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 8);
  harness_clear (&h);
}

/* The simulated Cyton: eight bars named after the device's labels, in µV (said on screen),
 * live values, a row per channel to name it, and its signal judged; drawn offscreen. */
static void
test_cyton_eight_channels (void)
{
  Harness h;
  ProprioEmgView *view;
  ChannelWait wait = { &h, 0 };
  g_autoptr(GdkTexture) texture = NULL;
  guint rows = 0;

  harness_init (&h, "sim:cyton?seed=3");
  view = view_of (&h);
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 8);
  g_assert_cmpuint (proprio_emg_view_get_n_channels (view), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *label = g_strdup_printf ("Ch %u", i + 1);

      g_assert_cmpstr (proprio_muscle_page_get_channel_name (h.page, i), ==, label);
      g_assert_cmpstr (proprio_emg_view_get_channel_name (view, i), ==, label);
      g_assert_cmpint (proprio_emg_view_get_zone (view, i, NULL, NULL), ==,
                       i == 0 ? PROPRIO_EMG_ZONE_BAND : PROPRIO_EMG_ZONE_NONE);
    }
  g_assert_null (proprio_muscle_page_get_channel_name (h.page, 8));
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (child (&h, "channels_group")));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    rows++;
  g_assert_cmpuint (rows, >, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (&h, "unit_label")),
                                   "Activation in µV"));

  /* Live: every channel shows a value, in µV (a few µV of noise, bursts on channel 1). */
  for (guint i = 0; i < 8; i++)
    {
      double v;

      wait.channel = i;
      g_assert_true (proprio_test_wait_until (value_is_finite, &wait, 10000));
      v = proprio_emg_view_get_value (view, i);
      g_assert_cmpfloat (v, >=, 0.0);
      g_assert_cmpfloat (v, <, 2000.0);
    }
  /* The signal check reports within a second or two: the simulated electrodes are fine. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (proprio_muscle_page_get_quality (h.page, 7, NULL) == PROPRIO_EMG_QUALITY_UNKNOWN &&
           g_get_monotonic_time () < deadline)
      proprio_test_wait_ms (50);
  }
  g_assert_cmpint (proprio_muscle_page_get_quality (h.page, 7, NULL), ==, PROPRIO_EMG_QUALITY_OK);

  /* Raw traces and the pair view follow their switches (and the actions behind R and P). */
  g_assert_true (activate (&h, "muscle.show-raw"));
  g_assert_true (gtk_switch_get_active (child (&h, "raw_switch")));
  g_assert_true (g_settings_get_boolean (h.settings, "emg-show-raw"));
  gtk_switch_set_active (child (&h, "pair_switch"), TRUE);
  g_assert_cmpint (proprio_emg_view_get_mode (view), ==, PROPRIO_EMG_VIEW_PAIR);
  g_assert_true (activate (&h, "muscle.pair-view"));
  g_assert_cmpint (proprio_emg_view_get_mode (view), ==, PROPRIO_EMG_VIEW_BARS);

  texture = proprio_test_render_widget (h.window);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (h.window));
  /* The side panel, its rows and the large labels: far more than a blank page. */
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 16);
  harness_clear (&h);
}

/* ---- a Cyton written by the test into a pty, with channel 3 switched off ---- */

typedef struct
{
  ProprioTestPty       pty;
  ProprioSimGenerator *generator;
  GByteArray          *out;
  guint                source;
  gboolean             streaming;
  gint64               start_us;
  guint64              sent;
} FakeCyton;

static gboolean
fake_cyton_pump (gpointer data)
{
  FakeCyton *c = data;
  guint8 buffer[256];
  gssize n;
  gint64 now = g_get_monotonic_time ();

  /* The device's commands (v, b, s…) get the board's replies. */
  while ((n = read (c->pty.master, buffer, sizeof buffer)) > 0)
    {
      g_byte_array_set_size (c->out, 0);
      proprio_sim_generator_handle_input (c->generator, buffer, (gsize) n, c->out);
      if (c->out->len > 0)
        proprio_test_pty_write (&c->pty, c->out->data, c->out->len);
    }
  if (!proprio_sim_generator_is_streaming (c->generator))
    {
      c->streaming = FALSE;
      return G_SOURCE_CONTINUE;
    }
  if (!c->streaming)
    {
      /* Channel 3 off, as the board's "3" command does: its input reads a flat zero. */
      g_byte_array_set_size (c->out, 0);
      proprio_sim_generator_handle_input (c->generator, (const guint8 *) "3", 1, c->out);
      c->streaming = TRUE;
      c->start_us = now;
      c->sent = 0;
    }
  g_byte_array_set_size (c->out, 0);
  while (c->sent < (guint64) ((now - c->start_us) * 250 / G_USEC_PER_SEC) && c->out->len < 4096)
    {
      proprio_sim_generator_next (c->generator, c->out);
      c->sent++;
    }
  if (c->out->len > 0)
    proprio_test_pty_write (&c->pty, c->out->data, c->out->len);
  return G_SOURCE_CONTINUE;
}

static void
fake_cyton_start (FakeCyton *c)
{
  proprio_test_pty_open (&c->pty);
  c->generator = proprio_sim_generator_new (PROPRIO_SIM_CYTON, 250.0, 5);
  c->out = g_byte_array_new ();
  c->source = g_timeout_add (4, fake_cyton_pump, c);
}

static void
fake_cyton_stop (FakeCyton *c)
{
  g_clear_handle_id (&c->source, g_source_remove);
  proprio_sim_generator_free (c->generator);
  g_byte_array_unref (c->out);
  proprio_test_pty_close (&c->pty);
}

typedef struct
{
  Harness *h;
  guint    channel;
  ProprioEmgQualityState state;
} QualityWait;

static gboolean
quality_is (gpointer data)
{
  QualityWait *w = data;

  return proprio_muscle_page_get_quality (w->h->page, w->channel, NULL) == w->state;
}

/* The therapist names the electrodes; the quality sentence, the bar and the list use the name,
 * and the names stay (by position) for the next page. */
static void
test_names_in_quality_sentence (void)
{
  FakeCyton cyton = { 0 };
  Harness h;
  g_autofree char *spec = NULL;
  g_autofree char *sentence = NULL;
  g_auto(GStrv) stored = NULL;
  QualityWait wait = { &h, 2, PROPRIO_EMG_QUALITY_FLAT };

  fake_cyton_start (&cyton);
  spec = g_strdup_printf ("%s?protocol=cyton", cyton.pty.path);
  harness_init (&h, spec);
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 8);

  proprio_muscle_page_set_channel_name (h.page, 0, "Glute med R");
  proprio_muscle_page_set_channel_name (h.page, 2, "  Glute med L ");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (h.page, 2), ==, "Glute med L");
  g_assert_cmpstr (proprio_emg_view_get_channel_name (view_of (&h), 2), ==, "Glute med L");
  stored = g_settings_get_strv (h.settings, "emg-channel-names");
  g_assert_cmpuint (g_strv_length (stored), ==, 3);
  g_assert_cmpstr (stored[0], ==, "Glute med R");
  g_assert_cmpstr (stored[1], ==, "");
  g_assert_cmpstr (stored[2], ==, "Glute med L");

  /* Channel 3 reads flat: the sentence names the muscle, not "Ch 3". */
  g_assert_true (proprio_test_wait_until (quality_is, &wait, 15000));
  g_assert_cmpint (proprio_muscle_page_get_quality (h.page, 2, &sentence), ==,
                   PROPRIO_EMG_QUALITY_FLAT);
  g_assert_cmpstr (sentence, ==, "Check the electrode on Glute med L: the signal is flat");
  /* The others are fine. */
  g_assert_cmpint (proprio_muscle_page_get_quality (h.page, 0, NULL), ==, PROPRIO_EMG_QUALITY_OK);

  /* Renamed again: the sentence follows at once. */
  g_clear_pointer (&sentence, g_free);
  proprio_muscle_page_set_channel_name (h.page, 2, "Lower trapezius");
  proprio_muscle_page_get_quality (h.page, 2, &sentence);
  g_assert_cmpstr (sentence, ==, "Check the electrode on Lower trapezius: the signal is flat");
  /* Cleared: the device's label again. */
  proprio_muscle_page_set_channel_name (h.page, 2, "");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (h.page, 2), ==, "Ch 3");
  g_clear_pointer (&sentence, g_free);
  proprio_muscle_page_get_quality (h.page, 2, &sentence);
  g_assert_cmpstr (sentence, ==, "Check the electrode on Ch 3: the signal is flat");

  proprio_station_set_device (h.station, NULL);
  harness_clear (&h);
  fake_cyton_stop (&cyton);
}

/* The first descendant of `widget` of type `type`, depth first. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;
      if ((found = find_descendant (c, type)) != NULL)
        return found;
    }
  return NULL;
}

/* Names typed in a channel's row reach the page and its choosers, and a new page (a second
 * window, the next start) finds them. */
static void
test_names_typed_and_kept (void)
{
  Harness h, again;
  GtkWidget *row;
  GtkStringObject *target;

  harness_init (&h, "sim:cyton?seed=4");
  row = find_descendant (GTK_WIDGET (child (&h, "channels_group")), ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), "Upper trap R");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (h.page, 0), ==, "Upper trap R");
  target = adw_combo_row_get_selected_item (child (&h, "target_row"));
  g_assert_nonnull (target);
  g_assert_cmpstr (gtk_string_object_get_string (target), ==, "Upper trap R");

  /* Another page of another station: the same names, by position; renamed in one, renamed in
   * the other. */
  harness_init (&again, "sim:cyton?seed=5");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (again.page, 0), ==, "Upper trap R");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (again.page, 1), ==, "Ch 2");
  proprio_muscle_page_set_channel_name (again.page, 1, "Upper trap L");
  g_assert_cmpstr (proprio_muscle_page_get_channel_name (h.page, 1), ==, "Upper trap L");
  g_assert_cmpstr (proprio_emg_view_get_channel_name (view_of (&h), 1), ==, "Upper trap L");
  proprio_station_set_device (again.station, NULL);
  gtk_window_destroy (GTK_WINDOW (again.window));
  proprio_test_wait_ms (50);
  g_object_run_dispose (G_OBJECT (again.station));
  g_clear_object (&again.station);
  g_clear_object (&again.settings);
  harness_clear (&h);
}

/* The target zone: the spin buttons draw it on the bar, dragging it on the bar moves them, and
 * the drill runs with it; the quiet muscle's ceiling likewise. */
static void
test_zone_spin_and_view (void)
{
  Harness h;
  ProprioEmgView *view;
  g_autoptr(GVariant) settings = NULL;
  double lower = 0, upper = 0;

  harness_init (&h, "sim:cyton?seed=6");
  view = view_of (&h);
  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);

  gtk_spin_button_set_value (child (&h, "band_upper_spin"), 60);
  gtk_spin_button_set_value (child (&h, "band_lower_spin"), 20);
  g_assert_cmpint (proprio_emg_view_get_zone (view, 0, &lower, &upper), ==, PROPRIO_EMG_ZONE_BAND);
  g_assert_cmpfloat (lower, ==, 20);
  g_assert_cmpfloat (upper, ==, 60);

  /* Dragged on the bar. */
  g_signal_emit_by_name (view, "zone-changed", 0u, 25.0, 45.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&h, "band_lower_spin")), ==, 25);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&h, "band_upper_spin")), ==, 45);
  proprio_emg_view_get_zone (view, 0, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 25);
  g_assert_cmpfloat (upper, ==, 45);
  settings = proprio_exercise_get_settings (engine_of (&h, "activation-drill"));
  {
    double band_lower = 0, band_upper = 0;

    g_assert_true (g_variant_lookup (settings, "band-lower", "d", &band_lower));
    g_assert_true (g_variant_lookup (settings, "band-upper", "d", &band_upper));
    g_assert_cmpfloat (band_lower, ==, 25);
    g_assert_cmpfloat (band_upper, ==, 45);
  }
  /* Edges pushed past each other keep a band. */
  gtk_spin_button_set_value (child (&h, "band_lower_spin"), 50);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&h, "band_upper_spin")), >, 50);
  /* Without an MVC the band is in µV, and the rows say so. */
  g_assert_cmpstr (adw_preferences_row_get_title (child (&h, "band_lower_spin_row")), ==,
                   "Band From (µV)");

  /* Dual: the quiet muscle (channel 2) gets its ceiling, both ways too. */
  adw_combo_row_set_selected (child (&h, "mode_row"), PROPRIO_ACTIVATION_DUAL);
  g_assert_cmpint (proprio_emg_view_get_zone (view, 1, &lower, &upper), ==,
                   PROPRIO_EMG_ZONE_CEILING);
  g_assert_cmpfloat (upper, ==, gtk_spin_button_get_value (child (&h, "threshold_spin")));
  g_signal_emit_by_name (view, "zone-changed", 1u, 0.0, 15.0);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&h, "threshold_spin")), ==, 15);
  g_clear_pointer (&settings, g_variant_unref);
  settings = proprio_exercise_get_settings (engine_of (&h, "activation-drill"));
  {
    double threshold = 0;
    guint quiet = 0, electrode = 9;
    const char *mode = NULL;

    g_assert_true (g_variant_lookup (settings, "threshold", "d", &threshold));
    g_assert_cmpfloat (threshold, ==, 15);
    g_assert_true (g_variant_lookup (settings, "mode", "&s", &mode));
    g_assert_cmpstr (mode, ==, "dual");
    /* The quiet muscle is channel 2's envelope: after the 12 raw channels, the second one. */
    g_assert_true (g_variant_lookup (settings, "quiet-channel", "u", &quiet));
    g_assert_true (g_variant_lookup (settings, "quiet-electrode", "u", &electrode));
    g_assert_cmpuint (quiet, ==, 13);
    g_assert_cmpuint (electrode, ==, 1);
  }
  /* Inhibit: only the ceiling. */
  adw_combo_row_set_selected (child (&h, "mode_row"), PROPRIO_ACTIVATION_INHIBIT);
  g_assert_cmpint (proprio_emg_view_get_zone (view, 0, NULL, NULL), ==, PROPRIO_EMG_ZONE_NONE);
  g_assert_cmpint (proprio_emg_view_get_zone (view, 1, NULL, NULL), ==, PROPRIO_EMG_ZONE_CEILING);
  g_assert_false (gtk_widget_get_visible (child (&h, "band_lower_spin_row")));
  harness_clear (&h);
}

static gboolean
prompt_starts (gpointer data)
{
  Harness *h = data;

  return g_str_has_prefix (gtk_label_get_label (child (h, "prompt_label")), "Squeeze");
}

static void
set_spin (Harness    *h,
          const char *name,
          double      value)
{
  gtk_spin_button_set_value (child (h, name), value);
  g_assert_cmpfloat (gtk_spin_button_get_value (child (h, name)), ==, value);
}

/* A short MVC calibration of every channel through the page: the cue, per channel results, the
 * calibration applied (bars in %MVC, said on screen) and kept in the settings. */
static void
run_mvc (Harness *h)
{
  ProprioExercise *mvc = engine_of (h, "mvc-calibration");

  proprio_muscle_page_set_exercise (h->page, PROPRIO_MUSCLE_EXERCISE_MVC);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (h, "settings_stack")), ==, "mvc");
  set_spin (h, "contractions_spin", 1);
  set_spin (h, "contraction_spin", 3);
  set_spin (h, "mvc_countdown_spin", 0);
  g_assert_true (activate (h, "muscle.start"));
  g_assert_true (proprio_station_is_running (h->station));
  g_assert_true (proprio_test_wait_until (prompt_starts, h, 10000));
  g_assert_true (gtk_widget_get_visible (child (h, "rep_label")));
  g_assert_cmpstr (gtk_label_get_label (child (h, "rep_label")), ==, "Contraction 1 of 1");
  g_assert_true (proprio_test_wait_until (engine_ended, mvc, 30000));
  g_assert_cmpint (proprio_exercise_get_phase (mvc), ==, PROPRIO_EXERCISE_PHASE_DONE);
}

static void
test_mvc_calibration_then_percent (void)
{
  Harness h;
  ProprioEmgCalibration *calibration;
  GtkGrid *grid;
  g_autoptr(GVariant) stored = NULL;
  ChannelWait wait = { &h, 0 };
  double mvc = 0;

  harness_init (&h, "sim:cyton?seed=7");
  g_assert_false (gtk_widget_is_sensitive (child (&h, "forget_button")));
  run_mvc (&h);

  calibration = proprio_station_get_emg_calibration (h.station);
  g_assert_nonnull (calibration);
  g_assert_cmpuint (proprio_emg_calibration_get_n_channels (calibration), ==, 8);
  /* The simulated patient squeezes with all the sleeve: near its 500 µV MVC on every channel
   * (less what the 20–112 Hz pass band leaves out). */
  for (guint i = 1; i <= 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("ch%u_uv", i);

      g_assert_true (proprio_emg_calibration_lookup (calibration, name, &mvc));
      g_test_message ("%s: MVC %.1f µV", name, mvc);
      g_assert_cmpfloat (mvc, >, 0.6 * PROPRIO_SIM_EMG_MVC_UV);
      g_assert_cmpfloat (mvc, <, 1.3 * PROPRIO_SIM_EMG_MVC_UV);
    }

  /* Results: a row per channel with its MVC. */
  grid = child (&h, "results_grid");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (grid)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (grid, 0, 1))), ==,
                   "Ch 1");
  g_assert_true (isfinite (g_ascii_strtod (gtk_label_get_label (GTK_LABEL (
                   gtk_grid_get_child_at (grid, 1, 1))), NULL)));

  /* Applied: the bars are in %MVC, the screen says so; at rest a few %. */
  g_assert_cmpstr (gtk_label_get_label (child (&h, "unit_label")), ==,
                   "Activation in %MVC (maximum voluntary contraction)");
  g_assert_cmpstr (adw_preferences_row_get_title (child (&h, "band_lower_spin_row")), ==,
                   "Band From (%MVC)");
  proprio_test_wait_ms (1500);
  g_assert_true (proprio_test_wait_until (value_is_finite, &wait, 5000));
  g_test_message ("channel 3 at rest: %.2f %%MVC", proprio_emg_view_get_value (view_of (&h), 2));
  g_assert_cmpfloat (proprio_emg_view_get_value (view_of (&h), 2), <, 10.0);

  /* Kept for the next start. */
  stored = g_settings_get_value (h.settings, "emg-calibration");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 8);
  g_assert_true (gtk_widget_is_sensitive (child (&h, "forget_button")));

  /* Forgotten: µV again, and nothing kept. */
  g_assert_true (activate (&h, "muscle.forget-calibration"));
  g_assert_null (proprio_station_get_emg_calibration (h.station));
  g_clear_pointer (&stored, g_variant_unref);
  stored = g_settings_get_value (h.settings, "emg-calibration");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (&h, "unit_label")),
                                   "Activation in µV"));
  harness_clear (&h);
}

/* A calibration from an earlier run is given back to the station when the page starts. */
static void
test_calibration_restored (void)
{
  Harness h;
  GSettings *settings = proprio_application_get_settings (app);
  GVariantBuilder builder;
  double mvc = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sd}"));
  g_variant_builder_add (&builder, "{sd}", "ch1_uv", 400.0);
  g_variant_builder_add (&builder, "{sd}", "ch2_uv", 250.0);
  g_settings_set_value (settings, "emg-calibration", g_variant_builder_end (&builder));

  harness_init (&h, "sim:cyton?seed=8");
  g_assert_nonnull (proprio_station_get_emg_calibration (h.station));
  g_assert_true (proprio_emg_calibration_lookup (proprio_station_get_emg_calibration (h.station),
                                                 "ch2_uv", &mvc));
  g_assert_cmpfloat (mvc, ==, 250.0);
  g_assert_cmpstr (gtk_label_get_label (child (&h, "unit_label")), ==,
                   "Activation in %MVC where calibrated, else in µV");
  g_assert_cmpstr (adw_action_row_get_subtitle (child (&h, "calibration_row")), ==,
                   "2 of 8 channels calibrated: activation in %MVC");
  harness_clear (&h);
}

typedef struct
{
  ProprioActivationMode mode;
  guint                 min_successes;
} DrillCase;

static gboolean
drill_working (gpointer data)
{
  Harness *h = data;

  return proprio_activation_drill_get_stage (PROPRIO_ACTIVATION_DRILL (
           engine_of (h, "activation-drill"))) == PROPRIO_ACTIVATION_STAGE_WORK &&
         gtk_widget_get_visible (child (h, "hold_bar"));
}

/* A drill of three reps through the page's Start, on the simulated sleeve after an MVC
 * calibration: the cue, time left, rep and successes while it runs, the per rep table at the
 * end, and the run in the station's results. */
static void
run_drill (Harness               *h,
           ProprioActivationMode  mode,
           guint                  min_successes)
{
  ProprioExercise *drill = engine_of (h, "activation-drill");
  GListModel *results = proprio_station_get_results (h->station);
  guint n_results = g_list_model_get_n_items (results);
  ProprioActivationSummary summary;
  GtkGrid *grid;
  g_autofree char *successes = NULL;
  int table;

  proprio_muscle_page_set_exercise (h->page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (h, "settings_stack")), ==, "drill");
  adw_combo_row_set_selected (child (h, "mode_row"), mode);
  adw_combo_row_set_selected (child (h, "target_row"), 0);
  adw_combo_row_set_selected (child (h, "quiet_row"), 1);
  /* Long enough for a reaction, a ramp and an overshoot to leave most of the work in the band,
   * also when a busy machine delays the cue to the simulated patient. */
  set_spin (h, "work_spin", 5);
  set_spin (h, "rest_spin", 1);
  set_spin (h, "reps_spin", 3);
  set_spin (h, "countdown_spin", 1);
  set_spin (h, "band_upper_spin", 50);
  set_spin (h, "band_lower_spin", 30);
  set_spin (h, "threshold_spin", 10);

  g_assert_true (activate (h, "muscle.start"));
  g_assert_true (proprio_station_is_running (h->station));
  g_assert_true (gtk_widget_get_visible (child (h, "stop_button")));
  g_assert_false (gtk_widget_get_sensitive (child (h, "settings_stack")));
  g_assert_true (proprio_test_wait_until (drill_working, h, 15000));
  g_assert_cmpstr (gtk_label_get_label (child (h, "prompt_label")), ==,
                   mode == PROPRIO_ACTIVATION_INHIBIT ? "Keep it quiet"
                   : mode == PROPRIO_ACTIVATION_DUAL ? "Squeeze — keep the other quiet"
                   : "Work — squeeze");
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (h, "rep_label")), "Rep "));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (child (h, "rep_label")), " of 3"));
  g_assert_true (gtk_widget_get_visible (child (h, "time_label")));
  g_assert_true (g_str_has_suffix (gtk_label_get_label (child (h, "time_label")), "second") ||
                 g_str_has_suffix (gtk_label_get_label (child (h, "time_label")), "seconds"));

  g_assert_true (proprio_test_wait_until (engine_ended, drill, 60000));
  g_assert_cmpint (proprio_exercise_get_phase (drill), ==, PROPRIO_EXERCISE_PHASE_DONE);
  proprio_activation_drill_get_summary (PROPRIO_ACTIVATION_DRILL (drill), &summary);
  g_test_message ("%s: %u of %u reps successful", proprio_exercise_get_id (drill),
                  summary.n_successes, summary.n_reps);
  for (guint r = 0; r < proprio_activation_drill_get_n_reps (PROPRIO_ACTIVATION_DRILL (drill)); r++)
    {
      const ProprioActivationRep *rep =
        proprio_activation_drill_get_rep (PROPRIO_ACTIVATION_DRILL (drill), r);

      g_test_message ("rep %u: reach %.2f s, in band %.2f s, peak %.1f, quiet %.2f, %s", r + 1,
                      rep->time_to_band_s, rep->time_in_band_s, rep->peak, rep->quiet_mean,
                      rep->success ? "success" : "fail");
    }
  g_assert_cmpuint (summary.n_reps, ==, 3);
  g_assert_cmpuint (summary.n_successes, >=, min_successes);

  /* The table: the summary, then a row per rep with its figures and its mark. */
  grid = child (h, "results_grid");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (grid)));
  successes = g_strdup_printf ("%u of 3", summary.n_successes);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (grid, 3, 0))), ==,
                   successes);
  for (table = 0; table < 10; table++)
    {
      GtkWidget *cell = gtk_grid_get_child_at (grid, 0, table);

      if (cell != NULL && g_str_equal (gtk_label_get_label (GTK_LABEL (cell)), "Rep"))
        break;
    }
  g_assert_cmpint (table, <, 10);
  for (guint r = 0; r < 3; r++)
    {
      const ProprioActivationRep *rep =
        proprio_activation_drill_get_rep (PROPRIO_ACTIVATION_DRILL (drill), r);
      g_autofree char *number = g_strdup_printf ("%u", r + 1);
      g_autofree char *peak = g_strdup_printf ("%.0f", rep->peak);
      int row = table + 1 + (int) r;

      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (grid, 0, row))),
                       ==, number);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (grid, 3, row))),
                       ==, peak);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_grid_get_child_at (grid, 5, row))),
                       ==, rep->success ? "✓" : "✗");
      if (mode != PROPRIO_ACTIVATION_INHIBIT && rep->success)
        g_assert_cmpfloat (rep->time_to_band_s, >, 0.1);
      if (mode != PROPRIO_ACTIVATION_ACTIVATE)
        g_assert_true (isfinite (rep->quiet_mean));
    }
  /* The run stays in the station's results. */
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, n_results + 1);
  {
    g_autoptr(ProprioExerciseResult) last = g_list_model_get_item (results, n_results);

    g_assert_cmpstr (proprio_exercise_result_get_id (last), ==, "activation-drill");
  }
  g_assert_false (gtk_widget_get_visible (child (h, "status_box")));
  g_assert_true (gtk_widget_get_visible (child (h, "start_button")));
}

static void
test_drill_modes (gconstpointer data)
{
  const DrillCase *c = data;
  Harness h;

  harness_init (&h, "sim:cyton?seed=9");
  run_mvc (&h);
  run_drill (&h, c->mode, c->min_successes);
  harness_clear (&h);
}

/* The dual drill needs two muscles: one channel twice is refused in words. */
static void
test_dual_needs_two_channels (void)
{
  Harness h;
  GtkLabel *message;

  harness_init (&h, "sim:emg?seed=2");
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 1);
  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  adw_combo_row_set_selected (child (&h, "mode_row"), PROPRIO_ACTIVATION_DUAL);
  g_assert_true (activate (&h, "muscle.start"));
  g_assert_false (proprio_station_is_running (h.station));
  message = child (&h, "message_label");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (message)));
  g_assert_cmpstr (gtk_label_get_label (message), ==,
                   "The dual drill needs two EMG channels: one muscle to activate and one to "
                   "keep quiet");
  harness_clear (&h);
}

/* A known rate too low for the filters: no bars, and the reason in words. */
static void
test_rate_too_low (void)
{
  Harness h;

  harness_init (&h, "sim:emg?rate=50");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (&h, "stack")), ==, "emg");
  g_assert_true (gtk_widget_get_visible (child (&h, "error_bar")));
  g_test_message ("%s", gtk_label_get_label (child (&h, "error_label")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (child (&h, "error_label")),
                                   "No muscle activation can be shown: A 20 Hz high-pass needs"));
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 0);
  harness_clear (&h);
}

/* ---- `proprio-cli sim --device cyton` behind a pty ---- */

static gboolean
link_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_SYMLINK);
}

static void
test_cli_sim_cyton (void)
{
  const char *cli = g_getenv ("PROPRIO_CLI");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) sim = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *link = NULL;
  g_autofree char *spec = NULL;
  ProprioExercise *drill;
  ChannelWait wait;
  Harness h;

  if (cli == NULL)
    {
      g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  dir = g_dir_make_tmp ("proprio-muscle-XXXXXX", &error);
  g_assert_no_error (error);
  link = g_build_filename (dir, "cyton.port", NULL);
  sim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                          &error, cli, "sim", "--device", "cyton", "--link", link, NULL);
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (link_exists, link, 20000));

  spec = g_strdup_printf ("%s?protocol=cyton", link);
  harness_init (&h, spec);
  g_assert_cmpuint (proprio_muscle_page_get_n_channels (h.page), ==, 8);
  wait.h = &h;
  wait.channel = 0;
  g_assert_true (proprio_test_wait_until (value_is_finite, &wait, 10000));

  /* A drill runs to its end on it (the other process's patient does not follow the drill). */
  drill = engine_of (&h, "activation-drill");
  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  set_spin (&h, "work_spin", 1);
  set_spin (&h, "rest_spin", 1);
  set_spin (&h, "reps_spin", 2);
  set_spin (&h, "countdown_spin", 0);
  g_assert_true (activate (&h, "muscle.start"));
  g_assert_true (proprio_test_wait_until (engine_ended, drill, 30000));
  g_assert_cmpint (proprio_exercise_get_phase (drill), ==, PROPRIO_EXERCISE_PHASE_DONE);
  g_assert_cmpuint (proprio_activation_drill_get_n_reps (PROPRIO_ACTIVATION_DRILL (drill)), ==, 2);
  g_assert_true (gtk_widget_get_visible (child (&h, "results_grid")));

  harness_clear (&h);
  g_subprocess_send_signal (sim, SIGTERM);
  g_subprocess_wait (sim, NULL, NULL);
  g_unlink (link);
  g_rmdir (dir);
}

/* ---- the cues ---- */

typedef struct
{
  ProprioCueSound *sound;
  GtkWidget       *widget;
  GPtrArray       *played;
} CueLog;

static void
drill_event_cb (ProprioExercise      *exercise,
                ProprioExerciseEvent  event,
                gint64                t_us,
                CueLog               *log)
{
  const char *sound = proprio_cue_sound_play (log->sound, log->widget, event);
  const char *slash = sound != NULL ? strrchr (sound, '/') : NULL;

  /* The beep's file name, "bell" for the display's bell, "-" for no sound. */
  g_ptr_array_add (log->played, (gpointer) (slash != NULL ? slash + 1 : sound != NULL ? sound
                                                                                      : "-"));
}

/* The drill's events through the one cue module: a bell for each countdown second, the start
 * beep at each work cue, the hit beep when the band is reached, the stop beep at each rest and
 * at the end (DONE itself adds nothing). */
static void
test_drill_cues (void)
{
  g_autoptr(ProprioActivationDrill) drill = proprio_activation_drill_new ();
  g_autoptr(ProprioCueSound) sound = proprio_cue_sound_new ();
  g_autoptr(GPtrArray) played = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  GtkWidget *window = gtk_window_new ();
  CueLog log = { sound, window, played };
  gint64 t0 = 1000000;

  proprio_activation_drill_set_timing (drill, 1.0, 1.0, 2);
  proprio_activation_drill_set_countdown (drill, 2.0);
  proprio_activation_drill_set_muscle (drill, PROPRIO_ACTIVATION_TARGET, 1, 100.0, 0);
  g_signal_connect (drill, "event", G_CALLBACK (drill_event_cb), &log);
  proprio_exercise_start (PROPRIO_EXERCISE (drill));
  /* At rest, then 40 %MVC from 0.3 s into each work phase. */
  for (gint64 t = t0; proprio_exercise_is_active (PROPRIO_EXERCISE (drill)); t += 10000)
    {
      ProprioSample sample = { 0, };
      gint64 into = (t - t0 - 2000000) % 2000000;
      gboolean work = t >= t0 + 2000000 && into < 1000000;

      sample.t_us = t;
      sample.n_channels = 2;
      sample.values[1] = work && into >= 300000 ? 40.0 : 2.0;
      proprio_exercise_feed (PROPRIO_EXERCISE (drill), &sample);
      proprio_exercise_tick (PROPRIO_EXERCISE (drill), t);
    }
  g_ptr_array_add (played, NULL);
  joined = g_strjoinv (" ", (char **) played->pdata);
  g_assert_cmpstr (joined, ==, "bell bell proprio-cue-start.wav proprio-cue-hit.wav "
                               "proprio-cue-stop.wav proprio-cue-start.wav proprio-cue-hit.wav "
                               "proprio-cue-stop.wav -");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- in the window: Space, Escape, Ctrl+S ---- */

static gboolean
file_in_folder (gpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (data, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) != NULL;
}

/* Runs the window's own shortcut for `trigger` ("p"), as a key press reaching the window does. */
static gboolean
press (ProprioWindow *window,
       const char    *trigger)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "proprio-window-keys") != 0)
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (controller)); k++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), k);
          g_autofree char *text =
            gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_str_equal (text, trigger))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 GTK_WIDGET (window),
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

static gboolean
window_has_channels (gpointer data)
{
  ProprioWindow *window = data;

  return window->muscle != NULL && proprio_muscle_page_get_n_channels (window->muscle) == 8;
}

static void
test_window_keys_and_snapshot (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioStation *station = proprio_application_get_station (app);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("proprio-snap-XXXXXX", &error);
  ProprioWindow *window;
  const char *name;

  g_assert_no_error (error);
  g_settings_set_string (settings, "snapshot-folder", folder);
  proprio_station_set_sound_enabled (station, FALSE);
  window = proprio_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  proprio_window_set_view (window, "muscle");
  g_assert_nonnull (window->muscle);
  g_assert_true (proprio_station_set_device_spec (station, "sim:cyton?seed=12", &error));
  g_assert_true (proprio_test_wait_until (window_has_channels, window, 20000));

  /* Space starts the drill chosen on the Muscle page, configured by it; Escape stops it. */
  proprio_muscle_page_set_exercise (window->muscle, PROPRIO_MUSCLE_EXERCISE_DRILL);
  g_assert_true (press (window, "space"));
  g_assert_true (proprio_station_is_running (station));
  g_assert_true (proprio_station_get_running (station) ==
                 proprio_station_get_engine (station, "activation-drill"));
  g_assert_true (press (window, "Escape"));
  g_assert_false (proprio_station_is_running (station));

  /* R and P are the Muscle page's here (P is the plumb line on the Mirror page). */
  g_assert_false (g_settings_get_boolean (settings, "emg-show-raw"));
  g_assert_true (press (window, "r"));
  g_assert_true (g_settings_get_boolean (settings, "emg-show-raw"));
  g_assert_true (press (window, "p"));
  g_assert_cmpint (proprio_emg_view_get_mode (PROPRIO_EMG_VIEW (gtk_widget_get_template_child (
                     GTK_WIDGET (window->muscle), PROPRIO_TYPE_MUSCLE_PAGE, "view"))), ==,
                   PROPRIO_EMG_VIEW_PAIR);
  g_assert_true (press (window, "p"));
  g_assert_true (press (window, "r"));

  /* Ctrl+S: the page as it is, into the snapshot folder. */
  proprio_window_snapshot (window);
  g_assert_true (proprio_test_wait_until (file_in_folder, folder, 15000));
  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    g_autofree char *path = NULL;
    g_autoptr(GdkTexture) texture = NULL;

    name = g_dir_read_name (dir);
    g_assert_true (g_str_has_suffix (name, ".png"));
    path = g_build_filename (folder, name, NULL);
    /* Written whole before it appears under its name. */
    proprio_test_wait_ms (200);
    texture = gdk_texture_new_from_filename (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), >=, 600);
    g_unlink (path);
  }
  g_rmdir (folder);

  proprio_station_set_device (station, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (100);
  g_settings_reset (settings, "snapshot-folder");
  g_settings_reset (settings, "last-view");
  proprio_station_select_exercise (station, "live", NULL);
  reset_settings (settings);
}

/* ---- the README's picture ---- */

/* The page at work on the simulated sleeve after a calibration, mid-drill, with named channels.
 * PROPRIO_MUSCLE_SCREENSHOT=FILE also writes it there (build-aux/muscle-screenshot). */
static void
test_screenshot (void)
{
  static const char * const names[] = {
    "Glute med R", "Glute med L", "Upper trap R", "Upper trap L", "Lower trap R", "Lower trap L",
    "VMO R", "VMO L",
  };
  const char *wanted = g_getenv ("PROPRIO_MUSCLE_SCREENSHOT");
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "muscle-page.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  ProprioExercise *drill;
  Harness h;

  harness_init (&h, "sim:cyton?seed=21");
  gtk_window_set_default_size (GTK_WINDOW (h.window), 1280, 800);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    proprio_muscle_page_set_channel_name (h.page, i, names[i]);
  run_mvc (&h);
  drill = engine_of (&h, "activation-drill");
  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  adw_combo_row_set_selected (child (&h, "mode_row"), PROPRIO_ACTIVATION_DUAL);
  adw_combo_row_set_selected (child (&h, "target_row"), 1);
  adw_combo_row_set_selected (child (&h, "quiet_row"), 3);
  set_spin (&h, "work_spin", 5);
  set_spin (&h, "rest_spin", 2);
  set_spin (&h, "reps_spin", 10);
  g_assert_true (activate (&h, "muscle.start"));
  /* Mid-drill: the second rep's work, a result already in the table. */
  while (proprio_activation_drill_get_current_rep (PROPRIO_ACTIVATION_DRILL (drill)) < 2 ||
         proprio_activation_drill_get_stage (PROPRIO_ACTIVATION_DRILL (drill)) !=
           PROPRIO_ACTIVATION_STAGE_WORK)
    {
      g_assert_true (proprio_exercise_is_active (drill));
      proprio_test_wait_ms (50);
    }
  proprio_test_wait_ms (2500);
  texture = proprio_test_render_widget (h.window);
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 16);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  if (wanted != NULL)
    g_assert_true (gdk_texture_save_to_png (texture, wanted));
  g_test_message ("Saved %s", wanted != NULL ? wanted : path);
  proprio_station_stop (h.station);
  harness_clear (&h);
}

/* ---- the side panel drawn as one picture ---- */

typedef struct
{
  ProprioPanelCache *panel;
  guint              drawn;
} PanelWait;

static gboolean
panel_drawn_again (gpointer data)
{
  PanelWait *w = data;

  return proprio_panel_cache_get_n_drawn (w->panel) > w->drawn;
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* Pixels of the panel's area that differ between two pictures of the window. */
static guint
panel_pixels_changed (Harness    *h,
                      GdkTexture *before,
                      GdkTexture *after)
{
  GtkWidget *panel = GTK_WIDGET (child (h, "panel_scroll"));
  int width = gdk_texture_get_width (before), height = gdk_texture_get_height (before);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *a = g_malloc (stride * height);
  g_autofree guchar *b = g_malloc (stride * height);
  graphene_rect_t box;
  guint changed = 0;

  g_assert_cmpint (gdk_texture_get_width (after), ==, width);
  g_assert_cmpint (gdk_texture_get_height (after), ==, height);
  gdk_texture_download (before, a, stride);
  gdk_texture_download (after, b, stride);
  g_assert_true (gtk_widget_compute_bounds (panel, h->window, &box));
  for (int y = MAX ((int) box.origin.y, 0);
       y < MIN ((int) (box.origin.y + box.size.height), height); y++)
    for (int x = MAX ((int) box.origin.x, 0);
         x < MIN ((int) (box.origin.x + box.size.width), width); x++)
      changed += memcmp (a + y * stride + x * 4, b + y * stride + x * 4, 4) != 0;
  return changed;
}

/* While the bars move every frame the panel's picture is kept (it is what made a frame cost a
 * third more); a change in the panel draws it again, and the window shows the change. */
static void
test_panel_picture (void)
{
  g_autoptr(GdkTexture) before = NULL;
  g_autoptr(GdkTexture) after = NULL;
  GtkWidget *flap_child;
  PanelWait wait;
  guint frames = 0, tick, drawn;
  Harness h;

  harness_init (&h, "sim:cyton?seed=5");
  flap_child = adw_flap_get_flap (child (&h, "flap"));
  g_assert_true (PROPRIO_IS_PANEL_CACHE (flap_child));
  wait.panel = PROPRIO_PANEL_CACHE (flap_child);
  g_assert_true (proprio_panel_cache_get_child (wait.panel) ==
                 GTK_WIDGET (child (&h, "panel_scroll")));
  /* The signal check settles in the first seconds (its rows are in the panel). */
  proprio_test_wait_ms (3000);

  drawn = proprio_panel_cache_get_n_drawn (wait.panel);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (h.page), count_frame, &frames, NULL);
  while (frames < 60)
    proprio_test_wait_ms (50);
  gtk_widget_remove_tick_callback (GTK_WIDGET (h.page), tick);
  g_test_message ("panel drawn %u times in %u frames",
                  proprio_panel_cache_get_n_drawn (wait.panel) - drawn, frames);
  g_assert_cmpuint (proprio_panel_cache_get_n_drawn (wait.panel) - drawn, <, frames / 4);

  before = proprio_test_render_widget (h.window);
  wait.drawn = proprio_panel_cache_get_n_drawn (wait.panel);
  proprio_muscle_page_set_exercise (h.page, PROPRIO_MUSCLE_EXERCISE_DRILL);
  g_assert_true (proprio_test_wait_until (panel_drawn_again, &wait, 10000));
  proprio_test_wait_ms (200);
  after = proprio_test_render_widget (h.window);
  /* The drill's settings in place of the live view's: hundreds of pixels, not a stale picture. */
  g_assert_cmpuint (panel_pixels_changed (&h, before, after), >, 200);
  harness_clear (&h);
}

int
main (int   argc,
      char *argv[])
{
  static const DrillCase activate_case = { PROPRIO_ACTIVATION_ACTIVATE, 2 };
  static const DrillCase inhibit_case = { PROPRIO_ACTIVATION_INHIBIT, 3 };
  static const DrillCase dual_case = { PROPRIO_ACTIVATION_DUAL, 2 };
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();
  reset_settings (proprio_application_get_settings (app));

  g_test_add_func ("/muscle-page/no-device-hint", test_no_device_hint);
  g_test_add_func ("/muscle-page/cyton-eight-channels", test_cyton_eight_channels);
  g_test_add_func ("/muscle-page/names-in-quality-sentence", test_names_in_quality_sentence);
  g_test_add_func ("/muscle-page/names-typed-and-kept", test_names_typed_and_kept);
  g_test_add_func ("/muscle-page/zone-spin-and-view", test_zone_spin_and_view);
  g_test_add_func ("/muscle-page/mvc-calibration-then-percent",
                   test_mvc_calibration_then_percent);
  g_test_add_func ("/muscle-page/calibration-restored", test_calibration_restored);
  g_test_add_data_func ("/muscle-page/drill/activate", &activate_case, test_drill_modes);
  g_test_add_data_func ("/muscle-page/drill/inhibit", &inhibit_case, test_drill_modes);
  g_test_add_data_func ("/muscle-page/drill/dual", &dual_case, test_drill_modes);
  g_test_add_func ("/muscle-page/dual-needs-two-channels", test_dual_needs_two_channels);
  g_test_add_func ("/muscle-page/rate-too-low", test_rate_too_low);
  g_test_add_func ("/muscle-page/cli-sim-cyton", test_cli_sim_cyton);
  g_test_add_func ("/muscle-page/drill-cues", test_drill_cues);
  g_test_add_func ("/muscle-page/window-keys-and-snapshot", test_window_keys_and_snapshot);
  g_test_add_func ("/muscle-page/screenshot", test_screenshot);
  g_test_add_func ("/muscle-page/panel/picture-kept-and-redrawn", test_panel_picture);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
