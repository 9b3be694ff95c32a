/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-patient-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "widgets/proprio-pacer-view.h"

#include "proprio-patient-window-private.h"
#include "proprio-window.h"

/* Two seconds without moving, and the pointer leaves the patient's picture. */
#define CURSOR_HIDE_MS 2000

enum {
  PROP_0,
  PROP_STATION,
  PROP_PLAN_RUN,
  PROP_SETTINGS,
  PROP_FALLBACK_VIEW,
  PROP_LARGE_TEXT,
  PROP_AREA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (ProprioPatientWindow, proprio_patient_window, ADW_TYPE_WINDOW)

/* ---- what is shown ---- */

static const char *
area_of_engine (ProprioExercise *engine)
{
  if (engine == NULL)
    return NULL;
  switch (proprio_exercise_get_stream_kind (engine))
    {
    case PROPRIO_STREAM_BALANCE: return "balance";
    case PROPRIO_STREAM_EMG:     return "muscle";
    case PROPRIO_STREAM_ANGLE:   return "joint";
    case PROPRIO_STREAM_GENERIC:
    default:
      return NULL;
    }
}

static const char *
area_of_view (const char *view)
{
  static const char * const views[] = { "balance", "muscle", "mirror", "joint" };

  for (guint i = 0; view != NULL && i < G_N_ELEMENTS (views); i++)
    if (g_str_equal (view, views[i]))
      return views[i];
  return NULL;
}

static gboolean
plan_resting (ProprioPatientWindow *self)
{
  return self->plan_run != NULL && proprio_plan_run_is_resting (self->plan_run);
}

static gboolean
pacer_running (ProprioPatientWindow *self)
{
  return proprio_pacer_is_running (proprio_station_get_pacer (self->station));
}

static const char *
choose_area (ProprioPatientWindow *self)
{
  ProprioExercise *running = proprio_station_get_running (self->station);
  const char *area = area_of_engine (running);

  if (area != NULL)
    return area;
  if (pacer_running (self))
    return "pacer";
  if (plan_resting (self))
    return "rest";
  area = area_of_view (self->fallback_view);
  if (area != NULL)
    return area;
  area = area_of_engine (proprio_station_get_exercise (self->station));
  return area != NULL ? area : "balance";
}

/* The engine whose prompt and targets are the patient's: the running one, else the selected one
 * when the area is its own. */
static ProprioExercise *
choose_engine (ProprioPatientWindow *self)
{
  ProprioExercise *engine = proprio_station_get_running (self->station);

  if (engine == NULL)
    engine = proprio_station_get_exercise (self->station);
  return engine;
}

/* A rest's countdown is the whole area: not twice on screen. */
static void
show_time (ProprioPatientWindow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->time_label),
                          self->shown_seconds >= 0 && g_strcmp0 (self->area, "rest") != 0);
}

static void
set_time_text (ProprioPatientWindow *self,
               int                   seconds)
{
  if (seconds == self->shown_seconds)
    return;
  self->shown_seconds = seconds;
  g_free (self->time_text);
  if (seconds >= 0)
    /* Translators: seconds left of a balance test condition, target or direction */
    self->time_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second", "%d seconds",
                                                    seconds), seconds);
  else
    self->time_text = g_strdup ("");
  gtk_label_set_label (self->time_label, self->time_text);
  gtk_label_set_label (self->rest_label, seconds >= 0 ? self->time_text : "");
  show_time (self);
}

static void
update_time (ProprioPatientWindow *self,
             gint64                now_us)
{
  ProprioExercise *running = proprio_station_get_running (self->station);
  double left = -1;

  /* Counted down in whole seconds, rounded up, as on the therapist's page. */
  if (plan_resting (self))
    left = proprio_plan_run_get_rest_left (self->plan_run, now_us);
  else if (running != NULL && proprio_exercise_get_phase (running) == PROPRIO_EXERCISE_PHASE_RUNNING)
    left = proprio_exercise_get_time_left (running,
                                           proprio_station_get_exercise_time (self->station,
                                                                              now_us));
  set_time_text (self, left >= 0 ? (int) ceil (left - 1e-6) : -1);
}

static void
update (ProprioPatientWindow *self)
{
  ProprioExercise *engine = choose_engine (self);
  const char *area = choose_area (self);
  const char *prompt = "";
  gboolean own = engine != NULL && g_strcmp0 (area_of_engine (engine), area) == 0;
  gboolean active = own && proprio_exercise_is_active (engine);
  gboolean covered;

  if (self->engine != engine)
    {
      self->engine = engine;
      g_signal_group_set_target (self->engine_signals, engine);
    }

  if (plan_resting (self))
    {
      ProprioPlanStep *step = proprio_plan_run_get_current_step (self->plan_run);
      const char *title = step != NULL ? proprio_plan_step_get_title (step) : NULL;

      prompt = title != NULL && *title != '\0' ? title : _("Rest");
    }
  else if (own && proprio_exercise_get_phase (engine) != PROPRIO_EXERCISE_PHASE_IDLE)
    prompt = proprio_exercise_get_prompt (engine);
  else if (own)
    prompt = proprio_exercise_get_title (engine);
  if (prompt == NULL)
    prompt = "";

  covered = active && !proprio_exercise_get_feedback_visible (engine);
  gtk_label_set_label (self->prompt_label, prompt);
  gtk_label_set_label (self->cover_label, prompt);
  gtk_widget_set_visible (GTK_WIDGET (self->prompt_label), *prompt != '\0' && !covered);
  gtk_widget_set_visible (self->cover, covered);
  self->covered = covered;

  /* The pacer beside an exercise is a card in the corner; alone, it is the whole area. */
  gtk_widget_set_visible (self->pacer_card, pacer_running (self) && !g_str_equal (area, "pacer"));

  if (g_strcmp0 (self->area, area) != 0)
    {
      self->area = area;
      gtk_stack_set_visible_child_name (self->stack, area);
      show_time (self);
      _proprio_patient_window_hold_camera (self, g_str_equal (area, "mirror") &&
                                                 gtk_widget_get_mapped (GTK_WIDGET (self)));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AREA]);
    }
  _proprio_patient_window_update_areas (self);
  update_time (self, proprio_clock_now_us ());
}

void
_proprio_patient_window_frame (ProprioPatientWindow *self,
                               gint64                now_us)
{
  proprio_station_update (self->station, now_us);
  update_time (self, now_us);
}

/* The areas without a stream (the pacer, a rest, the video) still count down. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ProprioPatientWindow *self = user_data;

  if (g_str_equal (self->area, "pacer") || g_str_equal (self->area, "rest") ||
      g_str_equal (self->area, "mirror"))
    _proprio_patient_window_frame (self, gdk_frame_clock_get_frame_time (clock));
  return G_SOURCE_CONTINUE;
}

/* ---- fullscreen and the pointer ---- */

static gboolean
hide_cursor_cb (gpointer user_data)
{
  ProprioPatientWindow *self = user_data;

  self->cursor_timeout = 0;
  if (gtk_window_is_fullscreen (GTK_WINDOW (self)))
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "none");
  return G_SOURCE_REMOVE;
}

static void
pointer_moved_cb (ProprioPatientWindow *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
  g_clear_handle_id (&self->cursor_timeout, g_source_remove);
  self->cursor_timeout = g_timeout_add (CURSOR_HIDE_MS, hide_cursor_cb, self);
}

static void
fullscreen_changed_cb (ProprioPatientWindow *self)
{
  gboolean fullscreen = gtk_window_is_fullscreen (GTK_WINDOW (self));

  gtk_revealer_set_reveal_child (GTK_REVEALER (self->header_revealer), !fullscreen);
  pointer_moved_cb (self);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  if (!gtk_window_is_fullscreen (GTK_WINDOW (widget)))
    return FALSE;
  gtk_window_unfullscreen (GTK_WINDOW (widget));
  return TRUE;
}

/* The therapist may click the display (to raise it) and go on with the keyboard: Space, Escape,
 * the plan's arrows and the work areas' keys are the therapist window's, wherever the focus is.
 * F11 and the other application keys work here by themselves. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                ProprioPatientWindow  *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = app != NULL ? gtk_application_get_windows (app) : NULL; l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return gtk_event_controller_key_forward (controller, l->data);
  return FALSE;
}

/* ---- building ---- */

static GtkWidget *
big_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
build (ProprioPatientWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *stage = gtk_overlay_new ();
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *button = gtk_button_new_from_icon_name ("view-fullscreen-symbolic");
  GtkWidget *rest_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  ProprioPacer *pacer = proprio_station_get_pacer (self->station);
  GtkEventController *motion;
  GtkEventController *keys;

  gtk_window_set_title (GTK_WINDOW (self), _("Patient Display"));
  gtk_window_set_default_size (GTK_WINDOW (self), 960, 640);

  /* Windowed, a flat title bar moves it and makes it fullscreen; fullscreen, nothing but the
   * feedback. */
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Patient Display"), NULL));
  gtk_widget_add_css_class (header, "flat");
  gtk_widget_set_tooltip_text (button, _("Fullscreen (Shift+F11)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fullscreen"), -1);
  /* Space is the therapist's key (forwarded), never this button's. */
  gtk_widget_set_focusable (button, FALSE);
  gtk_widget_set_focus_on_click (button, FALSE);
  /* The application's action: on the chosen monitor when there are two. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.patient-display-fullscreen");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  self->header_revealer = gtk_revealer_new ();
  gtk_revealer_set_child (GTK_REVEALER (self->header_revealer), header);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->header_revealer), TRUE);
  gtk_box_append (GTK_BOX (box), self->header_revealer);

  self->content = gtk_overlay_new ();
  gtk_widget_add_css_class (self->content, "patient-display");
  gtk_widget_set_vexpand (self->content, TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (self->content), column);
  gtk_box_append (GTK_BOX (box), self->content);

  self->prompt_label = GTK_LABEL (big_label ("patient-prompt"));
  gtk_widget_set_margin_top (GTK_WIDGET (self->prompt_label), 12);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->prompt_label));

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_overlay_set_child (GTK_OVERLAY (stage), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (column), stage);

  self->pacer_full = proprio_pacer_view_new (pacer);
  gtk_stack_add_named (self->stack, self->pacer_full, "pacer");
  self->rest_label = GTK_LABEL (big_label ("patient-rest"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->rest_label), TRUE);
  gtk_box_append (GTK_BOX (rest_box), GTK_WIDGET (self->rest_label));
  gtk_stack_add_named (self->stack, rest_box, "rest");

  /* The dark screen: eyes closed, or a position reproduced without seeing it. */
  self->cover = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->cover, "patient-cover");
  self->cover_label = GTK_LABEL (big_label ("patient-cover-label"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->cover_label), TRUE);
  gtk_box_append (GTK_BOX (self->cover), GTK_WIDGET (self->cover_label));
  gtk_widget_set_visible (self->cover, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (stage), self->cover);

  self->time_label = GTK_LABEL (big_label ("patient-time"));
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->time_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), FALSE);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->time_label));

  self->pacer_card = proprio_pacer_view_new (pacer);
  gtk_widget_set_halign (self->pacer_card, GTK_ALIGN_START);
  gtk_widget_set_valign (self->pacer_card, GTK_ALIGN_START);
  gtk_widget_set_size_request (self->pacer_card, 280, 280);
  gtk_widget_set_margin_start (self->pacer_card, 16);
  gtk_widget_set_margin_top (self->pacer_card, 16);
  gtk_widget_set_can_target (self->pacer_card, FALSE);
  gtk_widget_set_visible (self->pacer_card, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->content), self->pacer_card);

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_widget_add_tick_callback (self->content, tick_cb, self, NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (pointer_moved_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_callback_action_new (escape_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreen_changed_cb), NULL);
}

/* ---- the station ---- */

static void
plan_changed_cb (ProprioPatientWindow *self)
{
  update (self);
}

static void
proprio_patient_window_constructed (GObject *object)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (object);

  G_OBJECT_CLASS (proprio_patient_window_parent_class)->constructed (object);
  g_assert (PROPRIO_IS_STATION (self->station));

  build (self);
  _proprio_patient_window_init_areas (self);

  self->engine_signals = g_signal_group_new (PROPRIO_TYPE_EXERCISE);
  g_signal_group_connect_swapped (self->engine_signals, "changed", G_CALLBACK (update), self);
  g_signal_connect_object (self->station, "notify::running", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::exercise", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->station, "notify::device",
                           G_CALLBACK (_proprio_patient_window_device_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (proprio_station_get_pacer (self->station), "notify::running",
                           G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  if (self->plan_run != NULL)
    g_signal_connect_object (self->plan_run, "changed", G_CALLBACK (plan_changed_cb), self,
                             G_CONNECT_SWAPPED);

  _proprio_patient_window_device_changed (self);
  update (self);
}

static void
proprio_patient_window_map (GtkWidget *widget)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (widget);

  GTK_WIDGET_CLASS (proprio_patient_window_parent_class)->map (widget);
  _proprio_patient_window_hold_camera (self, g_strcmp0 (self->area, "mirror") == 0);
}

static void
proprio_patient_window_unmap (GtkWidget *widget)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (widget);

  _proprio_patient_window_hold_camera (self, FALSE);
  GTK_WIDGET_CLASS (proprio_patient_window_parent_class)->unmap (widget);
}

static void
proprio_patient_window_dispose (GObject *object)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (object);

  g_clear_handle_id (&self->cursor_timeout, g_source_remove);
  /* Nothing of the station reaches a window that is going. */
  if (self->station != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->station, self);
      g_signal_handlers_disconnect_by_data (proprio_station_get_pacer (self->station), self);
    }
  if (self->plan_run != NULL)
    g_signal_handlers_disconnect_by_data (self->plan_run, self);
  _proprio_patient_window_hold_camera (self, FALSE);
  _proprio_patient_window_dispose_areas (self);
  proprio_patient_window_set_overlay (self, NULL);
  if (self->engine_signals != NULL)
    g_signal_group_set_target (self->engine_signals, NULL);
  g_clear_object (&self->engine_signals);
  self->engine = NULL;

  G_OBJECT_CLASS (proprio_patient_window_parent_class)->dispose (object);
}

static void
proprio_patient_window_finalize (GObject *object)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (object);

  g_clear_object (&self->station);
  g_clear_object (&self->plan_run);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->fallback_view, g_free);
  g_clear_pointer (&self->time_text, g_free);

  G_OBJECT_CLASS (proprio_patient_window_parent_class)->finalize (object);
}

static void
proprio_patient_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATION:       g_value_set_object (value, self->station); break;
    case PROP_PLAN_RUN:      g_value_set_object (value, self->plan_run); break;
    case PROP_SETTINGS:      g_value_set_object (value, self->settings); break;
    case PROP_FALLBACK_VIEW: g_value_set_string (value, self->fallback_view); break;
    case PROP_LARGE_TEXT:    g_value_set_boolean (value, self->large_text); break;
    case PROP_AREA:          g_value_set_string (value, self->area); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_patient_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ProprioPatientWindow *self = PROPRIO_PATIENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATION:  self->station = g_value_dup_object (value); break;
    case PROP_PLAN_RUN: self->plan_run = g_value_dup_object (value); break;
    case PROP_SETTINGS: self->settings = g_value_dup_object (value); break;
    case PROP_FALLBACK_VIEW:
      proprio_patient_window_set_fallback_view (self, g_value_get_string (value));
      break;
    case PROP_LARGE_TEXT:
      proprio_patient_window_set_large_text (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_patient_window_class_init (ProprioPatientWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = proprio_patient_window_constructed;
  object_class->dispose = proprio_patient_window_dispose;
  object_class->finalize = proprio_patient_window_finalize;
  object_class->get_property = proprio_patient_window_get_property;
  object_class->set_property = proprio_patient_window_set_property;
  widget_class->map = proprio_patient_window_map;
  widget_class->unmap = proprio_patient_window_unmap;

  properties[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_RUN] =
    g_param_spec_object ("plan-run", NULL, NULL, PROPRIO_TYPE_PLAN_RUN,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FALLBACK_VIEW] =
    g_param_spec_string ("fallback-view", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LARGE_TEXT] =
    g_param_spec_boolean ("large-text", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AREA] =
    g_param_spec_string ("area", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
proprio_patient_window_init (ProprioPatientWindow *self)
{
  self->shown_seconds = -2;
  self->time_text = g_strdup ("");
  self->live_angle = NAN;
  gtk_widget_add_css_class (GTK_WIDGET (self), "patient-window");
}

/* ---- public ---- */

ProprioPatientWindow *
proprio_patient_window_new (ProprioStation *station,
                            ProprioPlanRun *plan_run,
                            GSettings      *settings)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (plan_run == NULL || PROPRIO_IS_PLAN_RUN (plan_run), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (PROPRIO_TYPE_PATIENT_WINDOW, "station", station, "plan-run", plan_run,
                       "settings", settings, NULL);
}

const char *
proprio_patient_window_get_area (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return self->area;
}

const char *
proprio_patient_window_get_fallback_view (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return self->fallback_view;
}

void
proprio_patient_window_set_fallback_view (ProprioPatientWindow *self,
                                          const char           *view)
{
  g_return_if_fail (PROPRIO_IS_PATIENT_WINDOW (self));

  if (g_strcmp0 (self->fallback_view, view) == 0)
    return;
  g_free (self->fallback_view);
  self->fallback_view = g_strdup (view);
  if (self->stack != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FALLBACK_VIEW]);
}

gboolean
proprio_patient_window_get_large_text (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), FALSE);
  return self->large_text;
}

void
proprio_patient_window_set_large_text (ProprioPatientWindow *self,
                                       gboolean              large)
{
  g_return_if_fail (PROPRIO_IS_PATIENT_WINDOW (self));

  large = !!large;
  if (self->large_text == large)
    return;
  self->large_text = large;
  if (large)
    gtk_widget_add_css_class (GTK_WIDGET (self), "large-text");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "large-text");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LARGE_TEXT]);
}

const char *
proprio_patient_window_get_prompt (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return gtk_label_get_label (self->prompt_label);
}

const char *
proprio_patient_window_get_time_text (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return self->time_text;
}

gboolean
proprio_patient_window_get_covered (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), FALSE);
  return self->covered;
}

GtkWidget *
proprio_patient_window_get_content (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return self->content;
}

ProprioCopView *
proprio_patient_window_get_cop_view (ProprioPatientWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), NULL);
  return self->cop;
}

gboolean
proprio_patient_window_get_last_cop (ProprioPatientWindow *self,
                                     double               *x_mm,
                                     double               *y_mm,
                                     gint64               *t_us)
{
  g_return_val_if_fail (PROPRIO_IS_PATIENT_WINDOW (self), FALSE);

  if (x_mm != NULL)
    *x_mm = self->has_cop ? self->cop_xy[0] : 0;
  if (y_mm != NULL)
    *y_mm = self->has_cop ? self->cop_xy[1] : 0;
  if (t_us != NULL)
    *t_us = self->has_cop ? self->cop_us : 0;
  return self->has_cop;
}
