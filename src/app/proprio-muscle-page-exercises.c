/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-muscle-page"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"

#include "proprio-muscle-page-private.h"

static const char *
idle_prompt (ProprioMuscleExercise exercise)
{
  switch (exercise)
    {
    case PROPRIO_MUSCLE_EXERCISE_MVC:   return _("MVC calibration");
    case PROPRIO_MUSCLE_EXERCISE_DRILL: return _("Activation drill");
    case PROPRIO_MUSCLE_EXERCISE_LIVE:
    default:
      return _("Live view");
    }
}

/* A choice that the sleeve in use does not have falls back to its first channel. */
static guint
effective (ProprioMusclePage *self,
           guint              choice)
{
  return choice < self->n_channels ? choice : 0;
}

static ProprioActivationMode
chosen_mode (ProprioMusclePage *self)
{
  guint mode = adw_combo_row_get_selected (self->mode_row);

  return mode <= PROPRIO_ACTIVATION_DUAL ? (ProprioActivationMode) mode
                                         : PROPRIO_ACTIVATION_ACTIVATE;
}

static const char *
unit_of (ProprioMusclePage *self,
         guint              channel)
{
  /* xgettext:no-c-format */
  return channel < self->n_channels && self->channels[channel].mvc > 0 ? _("%MVC") : _("µV");
}

/* ---- zones ---- */

/* The drill's zones on the bars: the band on the muscle to activate, the ceiling on the one to
 * keep quiet, as the mode uses them; none during an MVC calibration. */
void
proprio_muscle_page_show_zones (ProprioMusclePage *self)
{
  ProprioActivationMode mode = chosen_mode (self);
  guint target = effective (self, self->target_choice);
  guint quiet = effective (self, self->quiet_choice);
  double lower = gtk_spin_button_get_value (self->band_lower_spin);
  double upper = gtk_spin_button_get_value (self->band_upper_spin);

  /* While a drill runs, its bars show the zones it runs with. */
  if (self->engine == PROPRIO_EXERCISE (self->drill) && proprio_muscle_page_is_running (self))
    {
      mode = proprio_activation_drill_get_run_mode (self->drill);
      proprio_activation_drill_get_run_band (self->drill, &lower, &upper);
    }
  for (guint i = 0; i < self->n_channels; i++)
    proprio_emg_view_set_zone (self->view, i, PROPRIO_EMG_ZONE_NONE, 0, 0);
  if (self->exercise == PROPRIO_MUSCLE_EXERCISE_MVC || self->n_channels == 0)
    return;
  if (mode != PROPRIO_ACTIVATION_ACTIVATE &&
      (mode == PROPRIO_ACTIVATION_INHIBIT || quiet != target))
    proprio_emg_view_set_zone (self->view, quiet, PROPRIO_EMG_ZONE_CEILING, 0,
                               gtk_spin_button_get_value (self->threshold_spin));
  if (mode != PROPRIO_ACTIVATION_INHIBIT)
    proprio_emg_view_set_zone (self->view, target, PROPRIO_EMG_ZONE_BAND, lower, upper);
}

/* A zone's edge dragged on a bar: the side panel follows, and the drill with it. */
static void
zone_changed_cb (ProprioEmgView    *view,
                 guint              channel,
                 double             lower,
                 double             upper,
                 ProprioMusclePage *self)
{
  ProprioActivationMode mode = chosen_mode (self);

  if (proprio_muscle_page_is_running (self) || self->updating_ui)
    {
      proprio_muscle_page_show_zones (self);
      return;
    }
  self->updating_ui = TRUE;
  if (channel == effective (self, self->target_choice) && mode != PROPRIO_ACTIVATION_INHIBIT)
    {
      gtk_spin_button_set_value (self->band_upper_spin, upper);
      gtk_spin_button_set_value (self->band_lower_spin, lower);
    }
  else if (channel == effective (self, self->quiet_choice) && mode != PROPRIO_ACTIVATION_ACTIVATE)
    gtk_spin_button_set_value (self->threshold_spin, upper);
  self->updating_ui = FALSE;
  proprio_muscle_page_apply_settings (self);
}

/* ---- settings ---- */

static void
apply_view (ProprioMusclePage *self)
{
  guint a = effective (self, self->pair_a_choice);
  guint b = effective (self, self->pair_b_choice);
  gboolean pair = self->pair_view && self->n_channels >= 2;

  if (a == b)
    b = a + 1 < self->n_channels ? a + 1 : 0;
  proprio_emg_view_set_pair (self->view, a, b);
  proprio_emg_view_set_mode (self->view, pair ? PROPRIO_EMG_VIEW_PAIR : PROPRIO_EMG_VIEW_BARS);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pair_a_row), self->pair_view);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pair_b_row), self->pair_view);
}

static void
update_zone_rows (ProprioMusclePage *self)
{
  ProprioActivationMode mode = chosen_mode (self);
  const char *target_unit = unit_of (self, effective (self, self->target_choice));
  const char *quiet_unit = unit_of (self, effective (self, self->quiet_choice));
  g_autofree char *from = g_strdup_printf (_("Band From (%s)"), target_unit);
  g_autofree char *to = g_strdup_printf (_("Band To (%s)"), target_unit);
  g_autofree char *below = g_strdup_printf (_("Keep Below (%s)"), quiet_unit);
  static const char *mode_subtitles[] = {
    N_("Reach the band and hold it"),
    N_("Keep a muscle below its ceiling"),
    N_("Activate one muscle while the other stays quiet"),
  };

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->band_lower_spin_row), from);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->band_upper_spin_row), to);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->threshold_spin_row), below);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->mode_row), _(mode_subtitles[mode]));
  gtk_widget_set_visible (GTK_WIDGET (self->target_row), mode != PROPRIO_ACTIVATION_INHIBIT);
  gtk_widget_set_visible (GTK_WIDGET (self->band_lower_spin_row),
                          mode != PROPRIO_ACTIVATION_INHIBIT);
  gtk_widget_set_visible (GTK_WIDGET (self->band_upper_spin_row),
                          mode != PROPRIO_ACTIVATION_INHIBIT);
  gtk_widget_set_visible (GTK_WIDGET (self->quiet_row), mode != PROPRIO_ACTIVATION_ACTIVATE);
  gtk_widget_set_visible (GTK_WIDGET (self->threshold_spin_row),
                          mode != PROPRIO_ACTIVATION_ACTIVATE);
  gtk_widget_set_visible (GTK_WIDGET (self->zone_group),
                          self->exercise != PROPRIO_MUSCLE_EXERCISE_MVC);
}

static void
set_drill_muscle (ProprioMusclePage       *self,
                  ProprioActivationMuscle  muscle,
                  guint                    index)
{
  ProprioMuscleChannel *ch = &self->channels[index];

  if (ch->envelope < PROPRIO_MAX_CHANNELS)
    proprio_activation_drill_set_muscle (self->drill, muscle, ch->envelope, ch->mvc, index);
}

static void
apply_drill (ProprioMusclePage *self)
{
  double lower = gtk_spin_button_get_value (self->band_lower_spin);
  double upper = gtk_spin_button_get_value (self->band_upper_spin);

  proprio_activation_drill_set_mode (self->drill, chosen_mode (self));
  proprio_activation_drill_set_timing (self->drill, gtk_spin_button_get_value (self->work_spin),
                                       gtk_spin_button_get_value (self->rest_spin),
                                       (guint) gtk_spin_button_get_value_as_int (self->reps_spin));
  proprio_activation_drill_set_countdown (self->drill,
                                          gtk_spin_button_get_value (self->countdown_spin));
  proprio_activation_drill_set_success_percent (self->drill,
                                                gtk_spin_button_get_value (self->success_spin));
  if (lower < upper)
    proprio_activation_drill_set_band (self->drill, lower, upper);
  proprio_activation_drill_set_threshold (self->drill,
                                          gtk_spin_button_get_value (self->threshold_spin));
  /* The muscles: the envelopes the stage appends and the MVCs of the calibration, so the drill
   * judges exactly what the bars show. */
  if (self->n_channels > 0)
    {
      set_drill_muscle (self, PROPRIO_ACTIVATION_TARGET, effective (self, self->target_choice));
      set_drill_muscle (self, PROPRIO_ACTIVATION_QUIET, effective (self, self->quiet_choice));
    }
}

/* The channels to calibrate, as the station will give them at the start: the names the choice
 * of one channel is checked against. */
static void
set_mvc_channels (ProprioMusclePage *self)
{
  guint envelopes[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  const char *names[PROPRIO_EMG_VIEW_MAX_CHANNELS];
  guint n = 0;

  for (guint i = 0; i < self->n_channels; i++)
    if (self->channels[i].envelope != G_MAXUINT)
      {
        envelopes[n] = self->channels[i].envelope;
        names[n++] = self->channels[i].device_name;
      }
  if (n > 0)
    proprio_mvc_calibration_set_channels (self->mvc, envelopes, names, n);
}

static void
apply_mvc (ProprioMusclePage *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GVariantDict) dict = G_VARIANT_DICT_INIT (NULL);
  guint choice = self->mvc_choice;
  const char *channel = "";

  if (choice > 0 && choice <= self->n_channels)
    channel = self->channels[choice - 1].device_name;
  set_mvc_channels (self);
  g_variant_dict_insert (&dict, "contractions", "u",
                         (guint) gtk_spin_button_get_value_as_int (self->contractions_spin));
  g_variant_dict_insert (&dict, "contraction-s", "d",
                         gtk_spin_button_get_value (self->contraction_spin));
  g_variant_dict_insert (&dict, "rest-s", "d", gtk_spin_button_get_value (self->mvc_rest_spin));
  g_variant_dict_insert (&dict, "countdown-s", "d",
                         gtk_spin_button_get_value (self->mvc_countdown_spin));
  g_variant_dict_insert (&dict, "channel", "s", channel);
  /* The spin buttons hold the engine's ranges: a refusal is a programming error. */
  if (!proprio_exercise_apply_settings (PROPRIO_EXERCISE (self->mvc), g_variant_dict_end (&dict),
                                        &error))
    g_warning ("MVC calibration settings not applied: %s", error->message);
}

/* Every change goes to the engines at once (not only at a start from this page), so Space starts
 * them configured from any page or window. */
void
proprio_muscle_page_apply_settings (ProprioMusclePage *self)
{
  update_zone_rows (self);
  apply_view (self);
  if (self->updating_ui || proprio_muscle_page_is_running (self))
    return;
  apply_drill (self);
  apply_mvc (self);
  proprio_muscle_page_show_zones (self);
}

void
proprio_muscle_page_channels_changed (ProprioMusclePage *self)
{
  proprio_muscle_page_apply_settings (self);
  proprio_muscle_page_show_zones (self);
}

static void
setting_changed_cb (ProprioMusclePage *self)
{
  proprio_muscle_page_apply_settings (self);
}

/* The band stays a band: an edge moved past the other pushes it along. */
static void
band_changed_cb (GtkSpinButton     *spin,
                 GParamSpec        *pspec,
                 ProprioMusclePage *self)
{
  double lower = gtk_spin_button_get_value (self->band_lower_spin);
  double upper = gtk_spin_button_get_value (self->band_upper_spin);
  gboolean was_updating = self->updating_ui;

  if (lower >= upper)
    {
      self->updating_ui = TRUE;
      if (spin == self->band_lower_spin)
        gtk_spin_button_set_value (self->band_upper_spin, lower + 1);
      else if (upper >= 1)
        gtk_spin_button_set_value (self->band_lower_spin, upper - 1);
      else
        gtk_spin_button_set_value (self->band_upper_spin, lower + 1);
      self->updating_ui = was_updating;
    }
  proprio_muscle_page_apply_settings (self);
}

static void
choice_changed_cb (AdwComboRow       *row,
                   GParamSpec        *pspec,
                   ProprioMusclePage *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating_ui || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (row == self->target_row)
    self->target_choice = selected;
  else if (row == self->quiet_row)
    self->quiet_choice = selected;
  else if (row == self->pair_a_row)
    self->pair_a_choice = selected;
  else if (row == self->pair_b_row)
    self->pair_b_choice = selected;
  else if (row == self->mvc_channel_row)
    self->mvc_choice = selected;
  proprio_muscle_page_channels_changed (self);
}

/* ---- controls and what the patient reads ---- */

void
proprio_muscle_page_update_controls (ProprioMusclePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean active = proprio_muscle_page_is_running (self);

  gtk_widget_action_set_enabled (widget, "muscle.start", self->engine != NULL && !active);
  gtk_widget_action_set_enabled (widget, "muscle.stop", active);
  gtk_widget_action_set_enabled (widget, "muscle.forget-calibration",
                                 !active && proprio_station_get_emg_calibration (self->station));
  gtk_widget_action_set_enabled (widget, "muscle.use-simulator", !active);

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->start_button)),
                          self->engine != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !active);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->exercise_row), !active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->settings_stack), !active);
  gtk_widget_set_sensitive (GTK_WIDGET (self->zone_group), !active);
  proprio_emg_view_set_zones_editable (self->view, !active);
}

static void
update_prompt (ProprioMusclePage *self)
{
  const char *prompt = NULL;
  const char *message = NULL;

  if (self->engine != NULL &&
      proprio_exercise_get_phase (self->engine) != PROPRIO_EXERCISE_PHASE_IDLE)
    {
      prompt = proprio_exercise_get_prompt (self->engine);
      message = proprio_exercise_get_message (self->engine);
    }
  if (prompt == NULL || *prompt == '\0')
    prompt = idle_prompt (self->exercise);

  gtk_label_set_label (self->prompt_label, prompt);
  if (message != NULL && *message != '\0')
    gtk_label_set_label (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && *message != '\0');
}

static guint
count_successes (ProprioMusclePage *self)
{
  guint n = 0;

  for (guint i = 0; i < proprio_activation_drill_get_n_reps (self->drill); i++)
    n += proprio_activation_drill_get_rep (self->drill, i)->success ? 1 : 0;
  return n;
}

static void
set_seconds (ProprioMusclePage *self,
             int                seconds)
{
  if (seconds == self->shown_seconds)
    return;
  self->shown_seconds = seconds;
  gtk_widget_set_visible (GTK_WIDGET (self->time_label), seconds >= 0);
  if (seconds >= 0)
    {
      /* Translators: seconds left of a work phase, a rest or a calibration's rest */
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d second",
                                                            "%d seconds", seconds), seconds);

      gtk_label_set_label (self->time_label, text);
    }
}

static void
set_hold (ProprioMusclePage *self,
          double             held_s,
          double             needed_s)
{
  double fraction = needed_s > 0 ? CLAMP (held_s / needed_s, 0.0, 1.0) : -1;
  g_autofree char *text = NULL;

  if (fabs (fraction - self->shown_hold) < 0.005)
    return;
  self->shown_hold = fraction;
  gtk_widget_set_visible (GTK_WIDGET (self->hold_bar), fraction >= 0);
  if (fraction < 0)
    return;
  gtk_progress_bar_set_fraction (self->hold_bar, fraction);
  text = fraction >= 1.0 ? g_strdup (_("Held long enough"))
                         : g_strdup_printf (_("Held %.1f of %.1f s"), held_s, needed_s);
  gtk_progress_bar_set_text (self->hold_bar, text);
  if (fraction >= 1.0)
    gtk_widget_add_css_class (GTK_WIDGET (self->hold_bar), "success");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hold_bar), "success");
}

/* The live numbers the patient reads from 2 m: the time left in whole seconds (rounded up:
 * "1" until the very end), the rep, the successes, how long the goal has held. Every frame. */
void
proprio_muscle_page_update_running (ProprioMusclePage *self,
                                    gint64             now_us)
{
  ProprioExercise *running = proprio_station_get_running (self->station);
  gboolean shown = running != NULL && running == self->engine;
  double left = -1, held = 0, needed = 0;
  guint rep = 0, successes = G_MAXUINT;
  gboolean drill = FALSE;

  if (shown)
    left = proprio_exercise_get_time_left (running,
                                           proprio_station_get_exercise_time (self->station,
                                                                              now_us));
  if (shown && running == PROPRIO_EXERCISE (self->drill))
    {
      ProprioActivationStage stage = proprio_activation_drill_get_stage (self->drill);

      drill = TRUE;
      /* The countdown says its own numbers in the prompt. */
      if (stage != PROPRIO_ACTIVATION_STAGE_WORK && stage != PROPRIO_ACTIVATION_STAGE_REST)
        left = -1;
      rep = proprio_activation_drill_get_current_rep (self->drill);
      successes = count_successes (self);
      if (stage == PROPRIO_ACTIVATION_STAGE_WORK)
        proprio_activation_drill_get_hold (self->drill, &held, &needed);
    }
  else if (shown && running == PROPRIO_EXERCISE (self->mvc))
    {
      rep = proprio_mvc_calibration_get_contraction (self->mvc);
      /* The lead-in and the contractions count in the prompt; the rests here. */
      if (rep > 0)
        self->mvc_rested = TRUE;
      if (rep > 0 || !self->mvc_rested)
        left = -1;
    }

  set_seconds (self, left >= 0 ? (int) ceil (left - 1e-6) : -1);
  set_hold (self, held, needed);
  /* The texts change a few times a run: made only then, not every frame. */
  if (rep != self->shown_rep || drill != self->shown_rep_is_drill)
    {
      self->shown_rep = rep;
      self->shown_rep_is_drill = drill;
      gtk_widget_set_visible (GTK_WIDGET (self->rep_label), rep > 0);
      if (rep > 0)
        {
          g_autofree char *text = drill
            ? g_strdup_printf (_("Rep %u of %u"), rep, self->run_total)
            : g_strdup_printf (_("Contraction %u of %u"), rep, self->run_total);

          gtk_label_set_label (self->rep_label, text);
        }
    }
  if (successes != self->shown_successes)
    {
      self->shown_successes = successes;
      gtk_widget_set_visible (GTK_WIDGET (self->successes_label), successes != G_MAXUINT);
      if (successes != G_MAXUINT)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u success",
                                                                "%u successes", successes),
                                                   successes);

          gtk_label_set_label (self->successes_label, text);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), shown);
}

static guint
run_total_of (ProprioExercise *engine,
              const char      *key)
{
  g_autoptr(GVariant) settings = proprio_exercise_get_settings (engine);
  guint total = 0;

  g_variant_lookup (settings, key, "u", &total);
  return total;
}

/* The selected engine changed (a sample, a tick, a start or stop — from any window). */
void
proprio_muscle_page_engine_changed (ProprioMusclePage *self)
{
  ProprioExercise *engine = self->engine;
  ProprioExercisePhase phase;
  guint reps;

  update_prompt (self);
  if (engine == NULL)
    {
      proprio_muscle_page_update_running (self, proprio_clock_now_us ());
      proprio_muscle_page_update_controls (self);
      return;
    }

  phase = proprio_exercise_get_phase (engine);
  reps = engine == PROPRIO_EXERCISE (self->drill)
         ? proprio_activation_drill_get_n_reps (self->drill) : 0;
  if (phase != self->shown_phase || reps != self->shown_reps)
    {
      /* A run begins: its size is fixed now (settings cannot change while it runs). */
      if (proprio_exercise_is_active (engine) &&
          (self->shown_phase == PROPRIO_EXERCISE_PHASE_IDLE ||
           self->shown_phase >= PROPRIO_EXERCISE_PHASE_DONE))
        {
          self->run_total = run_total_of (engine, engine == PROPRIO_EXERCISE (self->drill)
                                                  ? "repetitions" : "contractions");
          self->mvc_rested = FALSE;
          self->shown_rep = G_MAXUINT;
        }
      self->shown_phase = phase;
      self->shown_reps = reps;
      proprio_muscle_page_update_results (self);
      proprio_muscle_page_show_zones (self);
    }
  proprio_muscle_page_update_running (self, proprio_clock_now_us ());
  proprio_muscle_page_update_controls (self);
}

void
proprio_muscle_page_start (ProprioMusclePage *self)
{
  g_autoptr(GError) error = NULL;
  const char *problem = NULL;

  if (self->engine == NULL || proprio_muscle_page_is_running (self))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), FALSE);
  if (!self->is_emg)
    {
      /* The station says what is missing ("This exercise needs an EMG device…"), on the hint
       * the page shows instead of the bars. */
      if (!proprio_station_start (self->station, &error))
        {
          gtk_label_set_label (self->refusal_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), TRUE);
        }
      return;
    }

  if (self->n_channels == 0)
    problem = _("The EMG device has not sent its channels yet: wait until it streams, then start "
                "again");
  else if (self->engine == PROPRIO_EXERCISE (self->drill) &&
           chosen_mode (self) == PROPRIO_ACTIVATION_DUAL &&
           effective (self, self->target_choice) == effective (self, self->quiet_choice))
    problem = self->n_channels < 2
              ? _("The dual drill needs two EMG channels: one muscle to activate and one to keep "
                  "quiet")
              : _("Choose another muscle to keep quiet than the one to activate");
  if (problem != NULL)
    {
      gtk_label_set_label (self->message_label, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }

  proprio_muscle_page_apply_settings (self);
  self->shown_phase = PROPRIO_EXERCISE_PHASE_IDLE;
  self->shown_reps = 0;
  if (!proprio_station_start (self->station, &error))
    {
      gtk_label_set_label (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
      return;
    }
  proprio_muscle_page_engine_changed (self);
}

void
proprio_muscle_page_stop (ProprioMusclePage *self)
{
  proprio_station_stop (self->station);
}

/* The spin buttons and choosers start from the engines' own configuration, so a page made again
 * (a second window) shows what the station will run. */
static void
load_engine_settings (ProprioMusclePage *self)
{
  g_autoptr(GVariant) drill = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->drill));
  g_autoptr(GVariant) mvc = proprio_exercise_get_settings (PROPRIO_EXERCISE (self->mvc));
  const char *mode = "activate";
  double d;
  guint u;

  self->updating_ui = TRUE;
  if (g_variant_lookup (drill, "mode", "&s", &mode))
    adw_combo_row_set_selected (self->mode_row, g_str_equal (mode, "inhibit") ? 1
                                                : g_str_equal (mode, "dual") ? 2 : 0);
  if (g_variant_lookup (drill, "work-s", "d", &d))
    gtk_spin_button_set_value (self->work_spin, d);
  if (g_variant_lookup (drill, "rest-s", "d", &d))
    gtk_spin_button_set_value (self->rest_spin, d);
  if (g_variant_lookup (drill, "repetitions", "u", &u))
    gtk_spin_button_set_value (self->reps_spin, u);
  if (g_variant_lookup (drill, "countdown-s", "d", &d))
    gtk_spin_button_set_value (self->countdown_spin, d);
  if (g_variant_lookup (drill, "success-percent", "d", &d))
    gtk_spin_button_set_value (self->success_spin, d);
  if (g_variant_lookup (drill, "band-upper", "d", &d))
    gtk_spin_button_set_value (self->band_upper_spin, d);
  if (g_variant_lookup (drill, "band-lower", "d", &d))
    gtk_spin_button_set_value (self->band_lower_spin, d);
  if (g_variant_lookup (drill, "threshold", "d", &d))
    gtk_spin_button_set_value (self->threshold_spin, d);
  if (g_variant_lookup (drill, "target-electrode", "u", &u))
    self->target_choice = u;
  if (g_variant_lookup (drill, "quiet-electrode", "u", &u))
    self->quiet_choice = u;
  if (g_variant_lookup (mvc, "contractions", "u", &u))
    gtk_spin_button_set_value (self->contractions_spin, u);
  if (g_variant_lookup (mvc, "contraction-s", "d", &d))
    gtk_spin_button_set_value (self->contraction_spin, d);
  if (g_variant_lookup (mvc, "rest-s", "d", &d))
    gtk_spin_button_set_value (self->mvc_rest_spin, d);
  if (g_variant_lookup (mvc, "countdown-s", "d", &d))
    gtk_spin_button_set_value (self->mvc_countdown_spin, d);
  self->pair_a_choice = 0;
  self->pair_b_choice = 1;
  self->updating_ui = FALSE;
}

void
proprio_muscle_page_init_exercises (ProprioMusclePage *self)
{
  GtkSpinButton *spins[] = {
    self->threshold_spin, self->work_spin, self->rest_spin, self->reps_spin,
    self->countdown_spin, self->success_spin, self->contractions_spin, self->contraction_spin,
    self->mvc_rest_spin, self->mvc_countdown_spin,
  };
  AdwComboRow *choosers[] = {
    self->target_row, self->quiet_row, self->pair_a_row, self->pair_b_row, self->mvc_channel_row,
  };

  self->shown_hold = -1;
  self->shown_rep = G_MAXUINT;
  self->shown_successes = 0;
  load_engine_settings (self);
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_swapped (spins[i], "notify::value", G_CALLBACK (setting_changed_cb), self);
  g_signal_connect (self->band_lower_spin, "notify::value", G_CALLBACK (band_changed_cb), self);
  g_signal_connect (self->band_upper_spin, "notify::value", G_CALLBACK (band_changed_cb), self);
  g_signal_connect_swapped (self->mode_row, "notify::selected", G_CALLBACK (setting_changed_cb),
                            self);
  for (guint i = 0; i < G_N_ELEMENTS (choosers); i++)
    g_signal_connect (choosers[i], "notify::selected", G_CALLBACK (choice_changed_cb), self);
  g_signal_connect (self->view, "zone-changed", G_CALLBACK (zone_changed_cb), self);
}

void
proprio_muscle_page_bind_callbacks (GtkWidgetClass *widget_class)
{
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, ProprioMusclePage, name)
  BIND (zone_group);
  BIND (mode_row);
  BIND (target_row);
  BIND (band_lower_spin_row);
  BIND (band_lower_spin);
  BIND (band_upper_spin_row);
  BIND (band_upper_spin);
  BIND (quiet_row);
  BIND (threshold_spin_row);
  BIND (threshold_spin);
  BIND (settings_stack);
  BIND (work_spin);
  BIND (rest_spin);
  BIND (reps_spin);
  BIND (countdown_spin);
  BIND (success_spin);
  BIND (mvc_channel_row);
  BIND (contractions_spin);
  BIND (contraction_spin);
  BIND (mvc_rest_spin);
  BIND (mvc_countdown_spin);
#undef BIND
}
