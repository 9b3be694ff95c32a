/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The pacer in the application: its actions (as `gapplication action` reaches them) and keys,
 * the overlay over a real window, the panel's controls (labelled, and editing them edits the
 * pacer), and its sounds played through GStreamer into an appsink. */
#include "config.h"

#include <gst/app/gstappsink.h>

#include "app/proprio-pacer-overlay.h"
#include "app/proprio-pacer-sound.h"
#include "app/proprio-pacer-window.h"
#include "app/proprio-window-private.h"
#include "core/proprio-clock.h"
#include "widgets/proprio-pacer-view.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

static ProprioPacer *
app_pacer (void)
{
  return proprio_station_get_pacer (proprio_application_get_station (app));
}

static gboolean
is_drawn (gpointer data)
{
  GtkWidget *widget = data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

static void
activate (const char *name,
          GVariant   *parameter)
{
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), name));
  g_action_group_activate_action (G_ACTION_GROUP (app), name, parameter);
}

static void
test_actions (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPacer *pacer = app_pacer ();
  g_auto(GStrv) toggle = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "app.pacer-toggle");
  g_auto(GStrv) show = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                              "app.pacer-show");
  g_autofree char *preset = NULL;
  g_autoptr(GVariant) state = NULL;

  g_assert_cmpstr (toggle[0], ==, "<Control>b");
  g_assert_cmpstr (show[0], ==, "<Shift><Control>b");

  activate ("pacer-preset", g_variant_new_string ("tempo-3-1-3"));
  g_assert_cmpint (proprio_pacer_get_mode (pacer), ==, PROPRIO_PACER_TEMPO);
  g_assert_cmpstr (proprio_pacer_get_preset (pacer), ==, "tempo-3-1-3");
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "pacer-preset");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "tempo-3-1-3");
  /* A preset that does not exist changes nothing. */
  activate ("pacer-preset", g_variant_new_string ("breath-9-9-9"));
  preset = g_settings_get_string (settings, "pacer-preset");
  g_assert_cmpstr (preset, ==, "tempo-3-1-3");

  activate ("pacer-preset", g_variant_new_string ("breath-4-7-8"));
  g_assert_cmpint (proprio_pacer_get_mode (pacer), ==, PROPRIO_PACER_BREATH);
  activate ("pacer-start", NULL);
  g_assert_true (proprio_pacer_is_running (pacer));
  activate ("pacer-start", NULL);    /* already running: it does not start over */
  g_assert_true (proprio_pacer_is_running (pacer));
  activate ("pacer-toggle", NULL);
  g_assert_false (proprio_pacer_is_running (pacer));
  activate ("pacer-toggle", NULL);
  g_assert_true (proprio_pacer_is_running (pacer));
  activate ("pacer-stop", NULL);
  g_assert_false (proprio_pacer_is_running (pacer));

  /* Settings edited elsewhere (the panel, dconf) reach the pacer. */
  g_settings_set_uint (settings, "pacer-repetitions", 4);
  g_settings_set_boolean (settings, "pacer-lead-in", FALSE);
  {
    ProprioPacerPattern p;

    proprio_pacer_get_pattern (pacer, &p);
    g_assert_cmpuint (p.repetitions, ==, 4);
    g_assert_cmpint (p.lead_in_us, ==, 0);
  }
  g_assert_false (g_settings_get_boolean (settings, "pacer-mute"));
  activate ("pacer-mute", NULL);
  g_assert_true (g_settings_get_boolean (settings, "pacer-mute"));
  g_settings_reset (settings, "pacer-mute");
  g_settings_reset (settings, "pacer-repetitions");
  g_settings_reset (settings, "pacer-lead-in");
}

static gboolean
shortcut_listed (GtkWidget  *widget,
                 const char *action)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *name = NULL;

      g_object_get (widget, "action-name", &name, NULL);
      if (g_strcmp0 (name, action) == 0)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (shortcut_listed (c, action))
      return TRUE;
  return FALSE;
}

static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
  GtkWidget *overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

  g_assert_true (shortcut_listed (overlay, "app.pacer-toggle"));
  g_assert_true (shortcut_listed (overlay, "app.pacer-show"));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static ProprioWindow *
open_window (void)
{
  ProprioWindow *window = proprio_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 680);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (is_drawn, window, 5000));
  proprio_test_wait_ms (200);
  return window;
}

static GtkWidget *
find_overlay (GtkWidget *widget)
{
  if (PROPRIO_IS_PACER_OVERLAY (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_overlay (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_done (gpointer data)
{
  return proprio_pacer_get_status (data) == PROPRIO_PACER_DONE;
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

typedef struct
{
  GtkWidget *card, *window;
  double     height;
} Taller;

static gboolean
is_taller (gpointer data)
{
  Taller *t = data;
  graphene_rect_t box;

  return gtk_widget_compute_bounds (t->card, t->window, &box) && box.size.height > t->height;
}

/* Over the Balance page, in the work area's top left corner, while it runs. */
static void
test_overlay_over_window (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioWindow *window = open_window ();
  GtkWidget *card = find_overlay (GTK_WIDGET (window));
  ProprioPacerViewDrawn drawn;
  graphene_rect_t area, box;
  double small_h;
  Taller grown;

  g_assert_nonnull (card);
  g_assert_false (gtk_widget_get_visible (card));
  proprio_pacer_start (app_pacer (), proprio_clock_now_us ());
  g_assert_true (proprio_test_wait_until (is_drawn, card, 5000));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (window->view_stack), GTK_WIDGET (window),
                                            &area));
  g_assert_true (gtk_widget_compute_bounds (card, GTK_WIDGET (window), &box));
  /* Inside the work area (below the header bar), in its top left corner, half its height. */
  g_assert_cmpfloat (box.origin.y, >=, area.origin.y);
  g_assert_cmpfloat (box.origin.x, <, area.origin.x + 20);
  g_assert_cmpfloat (box.origin.y + box.size.height, <=, area.origin.y + area.size.height);
  g_assert_cmpfloat (box.size.height, >=, area.size.height * 0.45);
  small_h = box.size.height;

  /* Its view draws the pacer. */
  g_assert_nonnull (proprio_test_render_widget (card));
  proprio_pacer_view_get_drawn (PROPRIO_PACER_VIEW (proprio_pacer_overlay_get_view (
                                                      PROPRIO_PACER_OVERLAY (card))), &drawn);
  g_assert_cmpuint (drawn.n_draws, >, 0);
  g_assert_cmpint (drawn.phase, ==, PROPRIO_PACER_PHASE_READY);

  if (g_getenv ("PACER_APP_SAVE") != NULL)
    {
      g_autoptr(GdkTexture) shot = proprio_test_render_widget (GTK_WIDGET (window));

      gdk_texture_save_to_png (shot, "pacer-overlay.png");
    }
  g_settings_set_boolean (settings, "pacer-overlay-large", TRUE);
  grown.card = card;
  grown.window = GTK_WIDGET (window);
  grown.height = small_h * 1.5;
  g_assert_true (proprio_test_wait_until (is_taller, &grown, 5000));
  g_settings_reset (settings, "pacer-overlay-large");

  g_settings_set_boolean (settings, "pacer-overlay", FALSE);
  g_assert_true (proprio_test_wait_until (is_hidden, card, 2000));
  g_settings_reset (settings, "pacer-overlay");
  g_assert_true (proprio_test_wait_until (is_drawn, card, 2000));
  proprio_pacer_stop (app_pacer ());
  g_assert_true (proprio_test_wait_until (is_hidden, card, 2000));

  /* A run that ends says "Done" for a moment, then the card goes. */
  {
    ProprioPacerPattern p = { PROPRIO_PACER_BREATH, { 500000, 0, 500000, 0 }, 1, 0 };
    ProprioPacer *pacer = app_pacer ();

    g_assert_true (proprio_pacer_set_pattern (pacer, &p, NULL, NULL));
    proprio_pacer_start (pacer, proprio_clock_now_us ());
    g_assert_true (proprio_test_wait_until (is_done, pacer, 10000));
    g_assert_true (gtk_widget_get_visible (card));
    g_assert_true (proprio_test_wait_until (is_hidden, card, 10000));
    g_settings_reset (settings, "pacer-preset");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

static void
check_labelled (GtkWidget *widget,
                guint     *n_controls)
{
  /* The spin buttons' own + and − are theirs, reached through the spin button. */
  if (!gtk_widget_get_visible (widget) || GTK_IS_SPIN_BUTTON (gtk_widget_get_parent (widget)))
    return;
  if (GTK_IS_BUTTON (widget) || GTK_IS_SWITCH (widget) || GTK_IS_SPIN_BUTTON (widget)
      || GTK_IS_SCALE (widget) || ADW_IS_COMBO_ROW (widget))
    {
      /* A button that shows its words is named by them. */
      gboolean has_text = GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget));

      (*n_controls)++;
      if (!has_text
          && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("A %s (“%s”, in a %s in a %s) without an accessible label",
                 G_OBJECT_TYPE_NAME (widget), gtk_widget_get_tooltip_text (widget),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (gtk_widget_get_parent (widget))));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    check_labelled (c, n_controls);
}

static GtkWidget *
find_panel (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_PACER_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GtkWidget *
find_type (GtkWidget  *widget,
           GType       type,
           const char *title)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (title == NULL || (ADW_IS_PREFERENCES_ROW (widget)
                            && g_strcmp0 (adw_preferences_row_get_title (
                                            ADW_PREFERENCES_ROW (widget)), title) == 0)))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The panel: every control labelled; picking a pattern and editing a timing reach the pacer. */
static void
test_panel (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioPacer *pacer = app_pacer ();
  GtkWidget *panel, *combo, *row, *spin, *overlay_card;
  ProprioPacerPattern p;
  guint n_controls = 0;
  g_autofree char *preset = NULL;
  ProprioWindow *window = open_window ();

  activate ("pacer-show", NULL);
  panel = find_panel ();
  g_assert_nonnull (panel);
  g_assert_true (proprio_test_wait_until (is_drawn, panel, 5000));
  check_labelled (panel, &n_controls);
  g_assert_cmpuint (n_controls, >=, 14);

  /* Shown again, it is the same panel. */
  activate ("pacer-show", NULL);
  g_assert_true (find_panel () == panel);

  combo = find_type (panel, ADW_TYPE_COMBO_ROW, NULL);
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);   /* box breathing */
  preset = g_settings_get_string (settings, "pacer-preset");
  g_assert_cmpstr (preset, ==, "breath-box");
  g_assert_cmpstr (proprio_pacer_get_preset (pacer), ==, "breath-box");

  /* A breath out of 6 s instead of 4: a custom breathing pattern from the box's timings. */
  row = find_type (panel, ADW_TYPE_ACTION_ROW, "Breathe _out (s)");
  g_assert_nonnull (row);
  spin = find_type (row, GTK_TYPE_SPIN_BUTTON, NULL);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 6.0);
  g_clear_pointer (&preset, g_free);
  preset = g_settings_get_string (settings, "pacer-preset");
  g_assert_cmpstr (preset, ==, "custom-breath");
  proprio_pacer_get_pattern (pacer, &p);
  g_assert_cmpint (p.phase_us[0], ==, 4 * G_USEC_PER_SEC);
  g_assert_cmpint (p.phase_us[2], ==, 6 * G_USEC_PER_SEC);
  g_assert_cmpint (p.phase_us[3], ==, 4 * G_USEC_PER_SEC);

  /* Tempo: the rows say "Down" and "Up". */
  activate ("pacer-preset", g_variant_new_string ("tempo-3-1-3"));
  g_assert_nonnull (find_type (panel, ADW_TYPE_ACTION_ROW, "_Down (s)"));
  g_assert_nonnull (find_type (panel, ADW_TYPE_ACTION_ROW, "_Up (s)"));

  /* The panel's Start runs the pacer the window's overlay shows. */
  gtk_widget_activate_action (find_type (panel, GTK_TYPE_BUTTON, NULL), "app.pacer-toggle",
                              NULL);
  g_assert_true (proprio_pacer_is_running (pacer));
  overlay_card = find_overlay (GTK_WIDGET (window));
  g_assert_true (proprio_test_wait_until (is_drawn, overlay_card, 5000));
  if (g_getenv ("PACER_APP_SAVE") != NULL)
    {
      g_autoptr(GdkTexture) shot = NULL;

      proprio_test_wait_ms (4000);
      shot = proprio_test_render_widget (panel);
      gdk_texture_save_to_png (shot, "pacer-panel.png");
    }
  proprio_pacer_stop (pacer);

  gtk_window_close (GTK_WINDOW (panel));
  proprio_test_wait_ms (50);
  g_assert_null (find_panel ());
  g_settings_reset (settings, "pacer-preset");
  g_settings_reset (settings, "pacer-custom-breath");
  gtk_window_destroy (GTK_WINDOW (window));
  proprio_test_wait_ms (50);
}

/* ---- sound ---- */

typedef struct
{
  GMutex  lock;
  gint64  samples;
  int     peak;          /* since the last reset */
} Capture;

static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    user_data)
{
  Capture *cap = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstMapInfo map;

  if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      const gint16 *s = (const gint16 *) map.data;

      g_mutex_lock (&cap->lock);
      for (gsize i = 0; i < map.size / 2; i++)
        cap->peak = MAX (cap->peak, ABS ((int) s[i]));
      cap->samples += map.size / 2;
      g_mutex_unlock (&cap->lock);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_FLOW_OK;
}

static int
take_peak (Capture *cap)
{
  int peak;

  g_mutex_lock (&cap->lock);
  peak = cap->peak;
  cap->peak = 0;
  g_mutex_unlock (&cap->lock);
  return peak;
}

typedef struct
{
  Capture *cap;
  gint64   until;
} AudioWait;

static gboolean
audio_reached (gpointer data)
{
  AudioWait *w = data;
  gboolean reached;

  g_mutex_lock (&w->cap->lock);
  reached = w->cap->samples >= w->until;
  g_mutex_unlock (&w->cap->lock);
  return reached;
}

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean wait_polling (gboolean (*condition) (gpointer data), gpointer data,
                              guint timeout_ms);

/* Until `ms` more of audio came out of the pipeline (it plays in real time into the appsink,
 * however busy the machine). */
static void
wait_audio (Capture *cap,
            guint    ms)
{
  AudioWait w = { cap, 0 };

  g_mutex_lock (&cap->lock);
  w.until = cap->samples + 22050 * (gint64) ms / 1000;
  g_mutex_unlock (&cap->lock);
  g_assert_true (wait_polling (audio_reached, &w, 10000 + ms * 4));
}

typedef struct
{
  ProprioPacerSound *sound;
  const char        *word;
} WordWait;

static gboolean
word_ready (gpointer data)
{
  WordWait *w = data;

  return proprio_pacer_sound_has_word (w->sound, w->word);
}

/* For what another thread does (a word rendered): nothing wakes the main loop, so it looks
 * every 10 ms. */
static gboolean
wait_polling (gboolean (*condition) (gpointer data),
              gpointer   data,
              guint      timeout_ms)
{
  guint poll = g_timeout_add (10, poll_cb, NULL);
  gboolean ok = proprio_test_wait_until (condition, data, timeout_ms);

  g_source_remove (poll);
  return ok;
}

static ProprioPacerEvent
event_now (ProprioPacerEventKind kind,
           ProprioPacerPhase     phase,
           guint                 count)
{
  return (ProprioPacerEvent) { kind, phase, count, 1, proprio_clock_now_us () };
}

/* A beep at half volume peaks at half the beep's level; muted, the stream is silent; a word is
 * rendered ahead and then spoken; a stale event is skipped. */
static void
test_sound_into_appsink (void)
{
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };
  Capture cap = { 0 };
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  g_autoptr(ProprioPacerSound) sound = NULL;
  ProprioPacerSoundCounts counts;
  ProprioPacerEvent e;
  int peak;

  g_mutex_init (&cap.lock);
  g_autoptr(GstCaps) caps = gst_caps_from_string ("audio/x-raw,format=S16LE,channels=1,"
                                                  "rate=22050,layout=interleaved");

  g_object_set (sink, "sync", TRUE, "caps", caps, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &cap, NULL);
  sound = proprio_pacer_sound_new_for_sink (sink);
  g_object_set (sound, "volume", 0.5, "speech", TRUE, NULL);

  proprio_pacer_sound_prepare (sound, pacer);
  wait_audio (&cap, 200);
  g_assert_cmpint (take_peak (&cap), ==, 0);    /* silence between cues */

  /* The beep alone (a spoken "Hold" would follow it). */
  g_object_set (sound, "speech", FALSE, NULL);
  e = event_now (PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_HOLD_IN, 1);
  proprio_pacer_sound_play (sound, &e);
  wait_audio (&cap, 400);
  peak = take_peak (&cap);
  /* The hold beep is at 0.45 of full scale, here at half volume. */
  g_assert_cmpint (peak, >, 32767 * 0.45 * 0.5 * 0.8);
  g_assert_cmpint (peak, <, 32767 * 0.45 * 0.5 * 1.1);

  g_object_set (sound, "muted", TRUE, NULL);
  wait_audio (&cap, 100);
  take_peak (&cap);
  e = event_now (PROPRIO_PACER_EVENT_PHASE, PROPRIO_PACER_PHASE_INHALE, 1);
  proprio_pacer_sound_play (sound, &e);
  wait_audio (&cap, 300);
  g_assert_cmpint (take_peak (&cap), ==, 0);
  g_object_set (sound, "muted", FALSE, NULL);

  /* A tick per second when nothing is spoken. */
  e = event_now (PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_INHALE, 2);
  proprio_pacer_sound_play (sound, &e);
  wait_audio (&cap, 200);
  g_assert_cmpint (take_peak (&cap), >, 32767 * 0.22 * 0.5 * 0.5);

  /* An event from a stalled second ago is not played. */
  e.t_us -= G_USEC_PER_SEC;
  proprio_pacer_sound_play (sound, &e);
  proprio_pacer_sound_get_counts (sound, &counts);
  g_assert_cmpuint (counts.skipped, ==, 1);
  g_assert_cmpuint (counts.beeps, ==, 2);
  g_assert_cmpuint (counts.ticks, ==, 1);

  if (proprio_pacer_sound_get_speech_available (sound))
    {
      WordWait w = { sound, "2" };

      g_object_set (sound, "speech", TRUE, NULL);
      g_assert_cmpstr (proprio_pacer_sound_get_voice (sound), ==, "en");
      g_assert_true (wait_polling (word_ready, &w, 30000));
      w.word = "Breathe in";
      g_assert_true (wait_polling (word_ready, &w, 30000));
      take_peak (&cap);
      e = event_now (PROPRIO_PACER_EVENT_SECOND, PROPRIO_PACER_PHASE_INHALE, 2);
      proprio_pacer_sound_play (sound, &e);
      wait_audio (&cap, 600);
      g_assert_cmpint (take_peak (&cap), >, 1000);
      proprio_pacer_sound_get_counts (sound, &counts);
      g_assert_cmpuint (counts.words, ==, 1);
      g_assert_cmpuint (counts.ticks, ==, 1);   /* the spoken count stood in for the tick */
    }
  else
    g_test_message ("No speech synthesiser installed: spoken counts not checked");

  g_object_run_dispose (G_OBJECT (sound));
  g_mutex_clear (&cap.lock);
}

/* Whatever the machine's audio (none in CI), cues never fail loudly. */
static void
test_sound_default_output (void)
{
  g_autoptr(ProprioPacerSound) sound = proprio_pacer_sound_new ();
  g_autoptr(ProprioPacer) pacer = proprio_pacer_new ();
  ProprioPacerEvent e = event_now (PROPRIO_PACER_EVENT_DONE, PROPRIO_PACER_PHASE_NONE, 0);
  ProprioPacerSoundCounts counts;

  proprio_pacer_sound_prepare (sound, pacer);
  proprio_pacer_sound_play (sound, &e);
  proprio_pacer_sound_get_counts (sound, &counts);
  g_assert_cmpuint (counts.chimes + counts.skipped, ==, 1);
  proprio_pacer_sound_release (sound);
  g_object_run_dispose (G_OBJECT (sound));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* GTK's test accessibility backend keeps the properties set, so labels can be checked. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/pacer-app/actions-and-keys", test_actions);
  g_test_add_func ("/pacer-app/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/pacer-app/overlay-over-window", test_overlay_over_window);
  g_test_add_func ("/pacer-app/panel-controls", test_panel);
  g_test_add_func ("/pacer-app/sound-into-appsink", test_sound_into_appsink);
  g_test_add_func ("/pacer-app/sound-default-output", test_sound_default_output);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
