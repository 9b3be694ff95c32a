/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-calibration"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/proprio-clock.h"
#include "devices/proprio-balance-protocol.h"
#include "devices/proprio-device-spec.h"

#include "proprio-application.h"
#include "proprio-calibration-dialog.h"

#define CHUNK 256
/* Fewer samples than this in two seconds: the board is not really streaming. */
#define MIN_SAMPLES 10
/* A corner whose reading falls by more than this share of the measured load is not noise. */
#define DECREASE_SHARE 0.1

typedef enum
{
  MEASURE_NONE,
  MEASURE_TARE,
  MEASURE_WEIGHT,
} Measure;

struct _ProprioCalibrationDialog
{
  AdwWindow          parent_instance;

  ProprioStation    *station;
  ProprioDevice     *device;    /* the station's when the dialog opened */
  GSettings         *settings;
  ProprioRingCursor  cursor;
  ProprioSample     *chunk;

  Measure            measuring;
  gint64             measure_start_us;
  double             sums[PROPRIO_CALIBRATION_CORNERS];
  guint              n_measured;

  double             old_tare[PROPRIO_CALIBRATION_CORNERS];
  double             old_gain[PROPRIO_CALIBRATION_CORNERS];
  double             mean_empty[PROPRIO_CALIBRATION_CORNERS];
  double             new_tare[PROPRIO_CALIBRATION_CORNERS];
  double             new_gain[PROPRIO_CALIBRATION_CORNERS];
  gboolean           in_kg;       /* the readings are kg (not raw counts without a gain) */
  gboolean           have_tare;
  gboolean           have_gain;
  gboolean           weigh_started;  /* a known-weight step was begun: Apply waits for it */
  double             last_values[PROPRIO_BALANCE_N_CHANNELS];
  gboolean           have_last;
  gint64             shown_us;

  /* Template children */
  AdwActionRow      *load_row;
  GtkLabel          *load_label;
  AdwActionRow      *tare_row;
  AdwActionRow      *weight_row;
  GtkSpinButton     *weight_spin;
  GtkSpinButton     *width_spin;
  GtkSpinButton     *length_spin;
  GtkLabel          *error_label;
  GtkWidget         *apply_button;
  GtkWidget         *weight_button;
};

G_DEFINE_FINAL_TYPE (ProprioCalibrationDialog, proprio_calibration_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- arithmetic ---- */

gboolean
proprio_calibration_spec_reads_kg (const char *spec)
{
  g_autoptr(ProprioDeviceSpec) parsed = NULL;
  const char *units;

  g_return_val_if_fail (spec != NULL, TRUE);

  if ((parsed = proprio_device_spec_parse (spec, NULL)) == NULL)
    return TRUE;
  /* As the balance protocol reads it: a gain is kg per count, so with one, counts become kg. */
  units = g_hash_table_lookup (parsed->options, "units");
  return units == NULL || g_ascii_strcasecmp (units, "counts") != 0
         || g_hash_table_contains (parsed->options, "gain");
}

static gboolean
parse_four (const char *value,
            double      out[PROPRIO_CALIBRATION_CORNERS])
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);

  if (g_strv_length (parts) != PROPRIO_CALIBRATION_CORNERS)
    return FALSE;
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    {
      const char *part = g_strstrip (parts[i]);
      char *end = NULL;

      out[i] = g_ascii_strtod (part, &end);
      if (end == part || *end != '\0' || !isfinite (out[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
proprio_calibration_read_spec (const char  *spec,
                               double       tare[PROPRIO_CALIBRATION_CORNERS],
                               double       gain[PROPRIO_CALIBRATION_CORNERS],
                               GError     **error)
{
  g_autoptr(ProprioDeviceSpec) parsed = NULL;
  const char *value;

  g_return_val_if_fail (spec != NULL, FALSE);

  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    {
      tare[i] = 0.0;
      gain[i] = 1.0;
    }
  parsed = proprio_device_spec_parse (spec, error);
  if (parsed == NULL)
    return FALSE;

  if ((value = g_hash_table_lookup (parsed->options, "tare")) != NULL && !parse_four (value, tare))
    {
      g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                   _("The device’s tare “%s” is not four numbers: tare the board again"), value);
      return FALSE;
    }
  if ((value = g_hash_table_lookup (parsed->options, "gain")) != NULL && !parse_four (value, gain))
    {
      g_set_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID,
                   _("The device’s gain “%s” is not four numbers: check it with a known weight "
                     "again"), value);
      return FALSE;
    }
  return TRUE;
}

void
proprio_calibration_compute_tare (const double old_tare[PROPRIO_CALIBRATION_CORNERS],
                                  const double old_gain[PROPRIO_CALIBRATION_CORNERS],
                                  const double mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                  double       new_tare[PROPRIO_CALIBRATION_CORNERS])
{
  /* reading = (raw − tare) · gain, so the raw value of the empty board is
   * tare + reading / gain: that becomes the new zero. */
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    new_tare[i] = old_tare[i] + (old_gain[i] != 0.0 ? mean_empty[i] / old_gain[i] : 0.0);
}

double
proprio_calibration_compute_gain (const double old_gain[PROPRIO_CALIBRATION_CORNERS],
                                  const double mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                  const double mean_loaded[PROPRIO_CALIBRATION_CORNERS],
                                  double       known_kg,
                                  double       new_gain[PROPRIO_CALIBRATION_CORNERS])
{
  double measured = 0.0;

  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    measured += mean_loaded[i] - mean_empty[i];
  if (!(measured > 0.0) || !(known_kg > 0.0) || !isfinite (measured))
    return NAN;

  /* One known weight gives one factor: the corners keep their relative gains. */
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    new_gain[i] = old_gain[i] * known_kg / measured;
  return measured;
}

static char *
format_four (const double values[PROPRIO_CALIBRATION_CORNERS])
{
  char buf[PROPRIO_CALIBRATION_CORNERS][G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    g_ascii_formatd (buf[i], sizeof buf[i], "%.6g", values[i]);
  return g_strjoin (",", buf[0], buf[1], buf[2], buf[3], NULL);
}

char *
proprio_calibration_build_spec (const char    *spec,
                                const double   tare[PROPRIO_CALIBRATION_CORNERS],
                                const double   gain[PROPRIO_CALIBRATION_CORNERS],
                                double         width_mm,
                                double         length_mm,
                                GError       **error)
{
  g_autoptr(ProprioDeviceSpec) parsed = NULL;
  char w[G_ASCII_DTOSTR_BUF_SIZE], l[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (spec != NULL, NULL);

  parsed = proprio_device_spec_parse (spec, error);
  if (parsed == NULL)
    return NULL;

  /* Unchanged values stay out: a gain, for one, turns a board read in counts into kg. */
  if (tare != NULL)
    g_hash_table_insert (parsed->options, g_strdup ("tare"), format_four (tare));
  if (gain != NULL)
    g_hash_table_insert (parsed->options, g_strdup ("gain"), format_four (gain));
  g_ascii_formatd (w, sizeof w, "%.6g", width_mm);
  g_ascii_formatd (l, sizeof l, "%.6g", length_mm);
  g_hash_table_insert (parsed->options, g_strdup ("geometry"), g_strdup_printf ("%sx%s", w, l));
  return proprio_device_spec_to_string (parsed);
}

/* ---- measuring ---- */

static void
show_error (ProprioCalibrationDialog *self,
            const char               *text)
{
  gtk_label_set_label (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static void
update_actions (ProprioCalibrationDialog *self)
{
  gboolean idle = self->measuring == MEASURE_NONE;

  /* In order: a tare, then optionally a known weight; Apply once what was begun succeeded. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.tare", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.weigh", idle && self->have_tare);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calibration.apply",
                                 idle && self->have_tare
                                 && (!self->weigh_started || self->have_gain));
}

static const char *
corner_name (guint corner)
{
  switch (corner)
    {
    case 0: return _("front left");
    case 1: return _("front right");
    case 2: return _("back left");
    default: return _("back right");
    }
}

char *
proprio_calibration_check_empty (const double mean_empty[PROPRIO_CALIBRATION_CORNERS])
{
  double total = 0.0;
  guint worst = 0;

  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    {
      total += mean_empty[i];
      if (fabs (mean_empty[i]) > fabs (mean_empty[worst]))
        worst = i;
    }
  if (fabs (mean_empty[worst]) <= PROPRIO_CALIBRATION_EMPTY_MAX_KG)
    return NULL;
  if (total > PROPRIO_CALIBRATION_EMPTY_MAX_KG)
    return g_strdup_printf (_("The board is not empty: %.0f kg on it. Step off and tare again."),
                            total);
  return g_strdup_printf (_("The %s corner reads %.1f kg with the board empty: check that nothing "
                            "touches it and that its load cell is connected, then tare again."),
                          corner_name (worst), mean_empty[worst]);
}

char *
proprio_calibration_check_weight (const double mean_empty[PROPRIO_CALIBRATION_CORNERS],
                                  const double mean_loaded[PROPRIO_CALIBRATION_CORNERS],
                                  double       known_kg,
                                  gboolean     in_kg)
{
  double measured = 0.0, ratio;
  guint fallen = 0;

  if (!(known_kg >= PROPRIO_CALIBRATION_KNOWN_MIN_KG
        && known_kg <= PROPRIO_CALIBRATION_KNOWN_MAX_KG))
    return g_strdup_printf (_("The known weight must be between %.0f and %.0f kg: type the weight "
                              "on the board."),
                            PROPRIO_CALIBRATION_KNOWN_MIN_KG, PROPRIO_CALIBRATION_KNOWN_MAX_KG);
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    {
      double delta = mean_loaded[i] - mean_empty[i];

      measured += delta;
      if (delta < mean_loaded[fallen] - mean_empty[fallen])
        fallen = i;
    }
  if (!(measured > 0.0) || !isfinite (measured))
    return g_strdup (_("No load on the board: put the weight in the middle of the board and "
                       "measure again."));

  /* A weight in the middle loads every corner: one that goes down is wired the wrong way round,
   * or its column is another corner's. This holds in counts too. */
  if (mean_loaded[fallen] - mean_empty[fallen] < -DECREASE_SHARE * measured)
    {
      double drop = mean_empty[fallen] - mean_loaded[fallen];

      return in_kg
        ? g_strdup_printf (_("The %s corner went down by %.1f kg when the weight was put on: its "
                             "load cell is probably wired the wrong way round, or the corners are "
                             "swapped (the device’s order= option). Check them, tare and measure "
                             "again."), corner_name (fallen), drop)
        : g_strdup_printf (_("The %s corner went down by %.0f counts when the weight was put on: "
                             "its load cell is probably wired the wrong way round, or the corners "
                             "are swapped (the device’s order= option). Check them, tare and "
                             "measure again."), corner_name (fallen), drop);
    }

  /* Raw counts have no scale to compare with: the first weighing is what gives them one. */
  if (!in_kg)
    return NULL;
  ratio = measured / known_kg;
  if (ratio < PROPRIO_CALIBRATION_GAIN_MIN_RATIO)
    return g_strdup_printf (_("The board measured %.1f kg for the %.1f kg typed: is all of the "
                              "weight on the board, with nothing else holding it? Check the weight "
                              "typed, then measure again."), measured, known_kg);
  if (ratio > PROPRIO_CALIBRATION_GAIN_MAX_RATIO)
    return g_strdup_printf (_("The board measured %.1f kg for the %.1f kg typed: check the weight "
                              "typed, and that nothing else is on the board, then measure again."),
                            measured, known_kg);
  return NULL;
}

static void
finish_measuring (ProprioCalibrationDialog *self)
{
  Measure what = self->measuring;
  double mean[PROPRIO_CALIBRATION_CORNERS];
  g_autofree char *text = NULL;
  g_autofree char *problem = NULL;

  self->measuring = MEASURE_NONE;

  if (self->n_measured < MIN_SAMPLES)
    {
      adw_action_row_set_subtitle (what == MEASURE_TARE ? self->tare_row : self->weight_row,
                                   _("Not measured"));
      show_error (self, _("The board sent too few samples: check that it is connected and "
                          "streaming, then measure again."));
      if (what == MEASURE_TARE)
        self->have_tare = FALSE;
      self->have_gain = FALSE;
      update_actions (self);
      return;
    }
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    mean[i] = self->sums[i] / self->n_measured;

  if (what == MEASURE_TARE)
    {
      double total = mean[0] + mean[1] + mean[2] + mean[3];

      /* The latest tare is the one that counts: a refused one leaves the board untared. */
      if (self->in_kg && (problem = proprio_calibration_check_empty (mean)) != NULL)
        {
          self->have_tare = FALSE;
          self->have_gain = FALSE;
          adw_action_row_set_subtitle (self->tare_row, _("Not tared"));
          show_error (self, problem);
          update_actions (self);
          return;
        }
      memcpy (self->mean_empty, mean, sizeof mean);
      proprio_calibration_compute_tare (self->old_tare, self->old_gain, mean, self->new_tare);
      self->have_tare = TRUE;
      text = self->in_kg
             ? g_strdup_printf (_("The empty board read %.2f kg: that is now zero"), total)
             : g_strdup_printf (_("The empty board read %.0f counts: that is now zero"), total);
      adw_action_row_set_subtitle (self->tare_row, text);
      /* A weight measured against the old zero no longer fits. */
      if (self->weigh_started)
        {
          self->have_gain = FALSE;
          adw_action_row_set_subtitle (self->weight_row, _("Measure again after the tare"));
        }
      else
        adw_action_row_set_subtitle (self->weight_row, _("Not measured"));
    }
  else
    {
      double known = gtk_spin_button_get_value (self->weight_spin);
      double measured;

      self->have_gain = FALSE;
      if ((problem = proprio_calibration_check_weight (self->mean_empty, mean, known,
                                                       self->in_kg)) != NULL)
        {
          adw_action_row_set_subtitle (self->weight_row, _("Not accepted"));
          show_error (self, problem);
          update_actions (self);
          return;
        }
      measured = proprio_calibration_compute_gain (self->old_gain, self->mean_empty, mean, known,
                                                   self->new_gain);
      self->have_gain = TRUE;
      text = self->in_kg
             ? g_strdup_printf (_("%.2f kg for %.2f kg: error %+.1f %% (corrected on Apply)"),
                                measured, known, 100.0 * (measured - known) / known)
             : g_strdup_printf (_("%.0f counts for %.2f kg: %.6g kg per count (used on Apply)"),
                                measured, known, known / measured);
      adw_action_row_set_subtitle (self->weight_row, text);
    }
  show_error (self, NULL);
  update_actions (self);
}

static void
start_measuring (ProprioCalibrationDialog *self,
                 Measure                   what)
{
  if (self->cursor.ring == NULL)
    {
      show_error (self, _("No balance board is connected."));
      return;
    }
  self->measuring = what;
  if (what == MEASURE_WEIGHT)
    self->weigh_started = TRUE;
  self->measure_start_us = proprio_clock_now_us ();
  self->n_measured = 0;
  memset (self->sums, 0, sizeof self->sums);
  adw_action_row_set_subtitle (what == MEASURE_TARE ? self->tare_row : self->weight_row,
                               _("Measuring… keep the board still"));
  show_error (self, NULL);
  update_actions (self);
}

static void
take_sample (ProprioCalibrationDialog *self,
             const ProprioSample      *sample)
{
  if (sample->n_channels < PROPRIO_BALANCE_N_CHANNELS)
    return;

  memcpy (self->last_values, sample->values, sizeof self->last_values);
  self->have_last = TRUE;

  if (self->measuring == MEASURE_NONE || sample->t_us < self->measure_start_us)
    return;
  if (sample->t_us >= self->measure_start_us + PROPRIO_CALIBRATION_MEASURE_US)
    {
      finish_measuring (self);
      return;
    }
  for (guint i = 0; i < PROPRIO_CALIBRATION_CORNERS; i++)
    self->sums[i] += sample->values[i];
  self->n_measured++;
}

static void
show_load (ProprioCalibrationDialog *self,
           gint64                    now_us)
{
  char text[64];
  g_autofree char *corners = NULL;

  /* Ten updates a second are enough to read. */
  if (!self->have_last || now_us - self->shown_us < G_USEC_PER_SEC / 10)
    return;
  self->shown_us = now_us;

  g_snprintf (text, sizeof text, _("%.1f kg"), self->last_values[PROPRIO_BALANCE_CHANNEL_TOTAL]);
  gtk_label_set_label (self->load_label, text);
  corners = g_strdup_printf (_("Front left %.1f · front right %.1f · back left %.1f · "
                               "back right %.1f kg"),
                             self->last_values[0], self->last_values[1],
                             self->last_values[2], self->last_values[3]);
  adw_action_row_set_subtitle (self->load_row, corners);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  ProprioCalibrationDialog *self = PROPRIO_CALIBRATION_DIALOG (widget);
  gint64 now = proprio_clock_now_us ();
  gsize n;

  if (self->cursor.ring == NULL)
    return G_SOURCE_CONTINUE;

  while ((n = proprio_ring_read (&self->cursor, self->chunk, CHUNK)) > 0)
    for (gsize i = 0; i < n; i++)
      take_sample (self, &self->chunk[i]);

  /* A board that stopped sending still ends the measurement (with too few samples). */
  if (self->measuring != MEASURE_NONE &&
      now >= self->measure_start_us + PROPRIO_CALIBRATION_MEASURE_US + G_USEC_PER_SEC)
    finish_measuring (self);
  show_load (self, now);
  return G_SOURCE_CONTINUE;
}

void
proprio_calibration_dialog_push_samples (ProprioCalibrationDialog *self,
                                         const ProprioSample      *samples,
                                         gsize                     n)
{
  g_return_if_fail (PROPRIO_IS_CALIBRATION_DIALOG (self));
  g_return_if_fail (samples != NULL || n == 0);

  for (gsize i = 0; i < n; i++)
    take_sample (self, &samples[i]);
}

/* ---- actions ---- */

char *
proprio_calibration_dialog_get_spec (ProprioCalibrationDialog  *self,
                                     GError                   **error)
{
  g_return_val_if_fail (PROPRIO_IS_CALIBRATION_DIALOG (self), NULL);

  return proprio_calibration_build_spec (proprio_device_get_spec (self->device),
                                         self->have_tare ? self->new_tare : NULL,
                                         self->have_gain ? self->new_gain : NULL,
                                         gtk_spin_button_get_value (self->width_spin),
                                         gtk_spin_button_get_value (self->length_spin),
                                         error);
}

static void
tare_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  start_measuring (PROPRIO_CALIBRATION_DIALOG (widget), MEASURE_TARE);
}

static void
weigh_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_measuring (PROPRIO_CALIBRATION_DIALOG (widget), MEASURE_WEIGHT);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ProprioCalibrationDialog *self = PROPRIO_CALIBRATION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *spec = proprio_calibration_dialog_get_spec (self, &error);

  if (spec == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (self->settings != NULL)
    {
      g_settings_set_double (self->settings, "board-width-mm",
                             gtk_spin_button_get_value (self->width_spin));
      g_settings_set_double (self->settings, "board-length-mm",
                             gtk_spin_button_get_value (self->length_spin));
    }
  /* The station replaces the board: every window follows it, the calibration is the device's. */
  if (!proprio_station_apply_calibration (self->station, spec, &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_APPLIED], 0, spec);
  gtk_window_close (GTK_WINDOW (self));
}

/* ---- GObject ---- */

static void
proprio_calibration_dialog_dispose (GObject *object)
{
  ProprioCalibrationDialog *self = PROPRIO_CALIBRATION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), PROPRIO_TYPE_CALIBRATION_DIALOG);
  proprio_ring_cursor_clear (&self->cursor);
  g_clear_object (&self->device);
  g_clear_object (&self->station);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->chunk, g_free);

  G_OBJECT_CLASS (proprio_calibration_dialog_parent_class)->dispose (object);
}

static void
proprio_calibration_dialog_class_init (ProprioCalibrationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_calibration_dialog_dispose;

  /* The calibrated spec: whoever owns the device reconnects with it. */
  signals[SIGNAL_APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-calibration-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, load_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, load_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, tare_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, weight_row);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, weight_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, length_spin);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioCalibrationDialog, weight_button);

  gtk_widget_class_install_action (widget_class, "calibration.tare", NULL, tare_action);
  gtk_widget_class_install_action (widget_class, "calibration.weigh", NULL, weigh_action);
  gtk_widget_class_install_action (widget_class, "calibration.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
proprio_calibration_dialog_init (ProprioCalibrationDialog *self)
{
  self->chunk = g_new (ProprioSample, CHUNK);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

GtkWidget *
proprio_calibration_dialog_new (ProprioStation *station,
                                GSettings      *settings)
{
  ProprioCalibrationDialog *self;
  g_autoptr(GError) error = NULL;
  ProprioDevice *device;

  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (PROPRIO_IS_DEVICE (proprio_station_get_device (station)), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  device = proprio_station_get_device (station);
  self = g_object_new (PROPRIO_TYPE_CALIBRATION_DIALOG, NULL);
  self->station = g_object_ref (station);
  self->device = g_object_ref (device);
  self->settings = settings != NULL ? g_object_ref (settings) : NULL;
  proprio_ring_cursor_init (&self->cursor, proprio_device_get_ring (device), TRUE);

  if (settings != NULL)
    {
      gtk_spin_button_set_value (self->width_spin,
                                 g_settings_get_double (settings, "board-width-mm"));
      gtk_spin_button_set_value (self->length_spin,
                                 g_settings_get_double (settings, "board-length-mm"));
    }
  if (!proprio_calibration_read_spec (proprio_device_get_spec (device), self->old_tare,
                                      self->old_gain, &error))
    show_error (self, error->message);
  self->in_kg = proprio_calibration_spec_reads_kg (proprio_device_get_spec (device));
  update_actions (self);
  return GTK_WIDGET (self);
}
