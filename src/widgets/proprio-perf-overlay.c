/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-perf-overlay"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/proprio-clock.h"
#include "proprio-perf-overlay.h"

#define REFRESH_MS 500
/* Without a refresh interval from the frame clock, assume a 60 Hz screen. */
#define DEFAULT_REFRESH_US 16667

typedef enum
{
  ROW_FRAME,
  ROW_DROPPED,
  ROW_AGE,
  ROW_SERIAL,
  ROW_CPU,
  ROW_MEMORY,
  N_ROWS
} Row;

struct _ProprioPerfOverlay
{
  GtkWidget           parent_instance;

  ProprioStation     *station;
  GtkWidget          *grid;
  GtkWidget          *values[N_ROWS];

  GdkFrameClock      *clock;          /* connected while realized */
  guint               refresh_id;     /* while mapped */

  /* Collected between refreshes, on the main thread. */
  GArray             *intervals_us;
  GArray             *work_us;
  gint64              before_paint_us;
  gint64              last_paint_us;
  guint64             dropped;
  double              sample_age_ms;

  /* The process's CPU time at the previous refresh. */
  guint64             cpu_ticks;
  gint64              cpu_wall_us;

  ProprioPerfFigures  figures;
};

G_DEFINE_FINAL_TYPE (ProprioPerfOverlay, proprio_perf_overlay, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_STATION, N_PROPS };
static GParamSpec *props[N_PROPS];

/* ---- the process, from /proc ---- */

/* utime + stime in clock ticks. The command name (field 2) may hold spaces and parentheses, so
 * the fields are counted from the last ')'. */
static gboolean
read_cpu_ticks (guint64 *out)
{
  g_autofree char *text = NULL;
  unsigned long long utime, stime;
  const char *p;

  if (!g_file_get_contents ("/proc/self/stat", &text, NULL, NULL))
    return FALSE;
  p = strrchr (text, ')');
  /* After ')': state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt,
   * cmajflt, utime, stime. */
  if (p == NULL || sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
                           &utime, &stime) != 2)
    return FALSE;
  *out = utime + stime;
  return TRUE;
}

static double
read_rss_mib (void)
{
  g_autofree char *text = NULL;
  unsigned long long size, resident;

  if (!g_file_get_contents ("/proc/self/statm", &text, NULL, NULL)
      || sscanf (text, "%llu %llu", &size, &resident) != 2)
    return -1;
  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

/* ---- the frame clock ---- */

static double
median_ms (GArray *values)
{
  gint64 *v = (gint64 *) (gpointer) values->data;

  if (values->len == 0)
    return -1;
  /* A handful of values per refresh: an insertion sort is plenty. */
  for (guint i = 1; i < values->len; i++)
    for (guint j = i; j > 0 && v[j - 1] > v[j]; j--)
      {
        gint64 t = v[j];
        v[j] = v[j - 1];
        v[j - 1] = t;
      }
  return v[values->len / 2] / 1000.0;
}

static void
before_paint_cb (GdkFrameClock      *clock,
                 ProprioPerfOverlay *self)
{
  self->before_paint_us = proprio_clock_now_us ();
}

static void
after_paint_cb (GdkFrameClock      *clock,
                ProprioPerfOverlay *self)
{
  gint64 now = proprio_clock_now_us ();
  gint64 refresh_us = 0;
  ProprioDevice *device;

  gdk_frame_clock_get_refresh_info (clock, gdk_frame_clock_get_frame_time (clock),
                                    &refresh_us, NULL);
  if (refresh_us <= 0)
    refresh_us = DEFAULT_REFRESH_US;

  if (self->before_paint_us != 0)
    {
      gint64 work = now - self->before_paint_us;
      g_array_append_val (self->work_us, work);
    }
  if (self->last_paint_us != 0)
    {
      gint64 interval = now - self->last_paint_us;

      g_array_append_val (self->intervals_us, interval);
      if (interval >= refresh_us * 3 / 2 && interval <= refresh_us * 4)
        self->dropped += (guint64) ((interval + refresh_us / 2) / refresh_us) - 1;
    }
  self->last_paint_us = now;

  /* What the page drew this frame is the newest sample of its tick, at most as new as this. */
  device = self->station != NULL ? proprio_station_get_device (self->station) : NULL;
  if (device != NULL)
    {
      ProprioDeviceHealth health;

      proprio_device_get_health (device, &health);
      self->sample_age_ms = health.last_sample_us != 0
                            ? (now - health.last_sample_us) / 1000.0 : -1;
    }
  else
    self->sample_age_ms = -1;
}

/* ---- refresh ---- */

static void
set_value (ProprioPerfOverlay *self,
           Row                 row,
           const char         *text)
{
  gtk_label_set_text (GTK_LABEL (self->values[row]), text);
}

static void
refresh (ProprioPerfOverlay *self)
{
  ProprioPerfFigures *f = &self->figures;
  ProprioDevice *device = self->station != NULL ? proprio_station_get_device (self->station)
                                                : NULL;
  gint64 now = proprio_clock_now_us ();
  guint64 ticks = 0;
  g_autofree char *text = NULL;

  f->refreshes++;
  f->frame_interval_ms = median_ms (self->intervals_us);
  f->frame_work_ms = median_ms (self->work_us);
  g_array_set_size (self->intervals_us, 0);
  g_array_set_size (self->work_us, 0);
  f->dropped_frames = self->dropped;
  f->sample_age_ms = self->sample_age_ms;

  if (device != NULL)
    {
      ProprioDeviceHealth health;

      proprio_device_get_health (device, &health);
      f->rate_hz = health.rate_hz;
      f->lost = health.lost + health.ring_overflows;
      f->skipped = health.skipped_lines + health.discarded_bytes;
      if (health.last_sample_us == 0)
        f->sample_age_ms = -1;
    }
  else
    {
      f->rate_hz = -1;
      f->lost = f->skipped = 0;
      f->sample_age_ms = -1;
    }

  if (read_cpu_ticks (&ticks))
    {
      if (self->cpu_wall_us != 0 && now > self->cpu_wall_us)
        f->cpu_percent = 100.0 * (ticks - self->cpu_ticks) / (double) sysconf (_SC_CLK_TCK)
                         / ((now - self->cpu_wall_us) / (double) G_USEC_PER_SEC);
      self->cpu_ticks = ticks;
      self->cpu_wall_us = now;
    }
  f->rss_mib = read_rss_mib ();

  if (f->frame_interval_ms >= 0)
    /* TRANSLATORS: the time between two frames on screen, then the time one takes to draw. */
    text = g_strdup_printf (_("%.1f ms apart, %.2f ms to draw"), f->frame_interval_ms,
                            MAX (f->frame_work_ms, 0));
  else
    text = g_strdup (_("no frame drawn"));
  set_value (self, ROW_FRAME, text);
  g_clear_pointer (&text, g_free);

  text = g_strdup_printf ("%" G_GUINT64_FORMAT, f->dropped_frames);
  set_value (self, ROW_DROPPED, text);
  g_clear_pointer (&text, g_free);

  if (f->sample_age_ms >= 0)
    text = g_strdup_printf (_("%.1f ms"), f->sample_age_ms);
  else
    text = g_strdup (_("no samples"));
  set_value (self, ROW_AGE, text);
  g_clear_pointer (&text, g_free);

  if (device != NULL)
    /* TRANSLATORS: samples per second, samples lost, lines or bytes skipped. */
    text = g_strdup_printf (_("%.0f Hz, %llu lost, %llu skipped"), f->rate_hz,
                            (unsigned long long) f->lost, (unsigned long long) f->skipped);
  else
    text = g_strdup (_("no device"));
  set_value (self, ROW_SERIAL, text);
  g_clear_pointer (&text, g_free);

  /* TRANSLATORS: CPU use of the process in percent of one core. */
  text = f->cpu_percent >= 0 ? g_strdup_printf (_("%.0f %% of a core"), f->cpu_percent)
                             : g_strdup ("…");
  set_value (self, ROW_CPU, text);
  g_clear_pointer (&text, g_free);

  text = f->rss_mib >= 0 ? g_strdup_printf (_("%.0f MiB"), f->rss_mib) : g_strdup ("…");
  set_value (self, ROW_MEMORY, text);
}

static gboolean
refresh_cb (gpointer data)
{
  refresh (PROPRIO_PERF_OVERLAY (data));
  return G_SOURCE_CONTINUE;
}

/* ---- GtkWidget ---- */

static void
proprio_perf_overlay_realize (GtkWidget *widget)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (widget);

  GTK_WIDGET_CLASS (proprio_perf_overlay_parent_class)->realize (widget);
  /* Listening costs nothing: it never asks for a frame, it only sees the ones that happen. */
  self->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  g_signal_connect (self->clock, "before-paint", G_CALLBACK (before_paint_cb), self);
  g_signal_connect (self->clock, "after-paint", G_CALLBACK (after_paint_cb), self);
}

static void
proprio_perf_overlay_unrealize (GtkWidget *widget)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (widget);

  if (self->clock != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->clock, self);
      g_clear_object (&self->clock);
    }
  self->before_paint_us = self->last_paint_us = 0;
  GTK_WIDGET_CLASS (proprio_perf_overlay_parent_class)->unrealize (widget);
}

static void
proprio_perf_overlay_map (GtkWidget *widget)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (widget);

  GTK_WIDGET_CLASS (proprio_perf_overlay_parent_class)->map (widget);
  self->dropped = 0;
  self->last_paint_us = 0;
  self->cpu_wall_us = 0;
  self->figures.cpu_percent = -1;
  refresh (self);
  self->refresh_id = g_timeout_add (REFRESH_MS, refresh_cb, self);
}

static void
proprio_perf_overlay_unmap (GtkWidget *widget)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (proprio_perf_overlay_parent_class)->unmap (widget);
}

/* ---- GObject ---- */

static void
proprio_perf_overlay_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_STATION:
      self->station = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_perf_overlay_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (object);

  switch (prop_id)
    {
    case PROP_STATION:
      g_value_set_object (value, self->station);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_perf_overlay_dispose (GObject *object)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->grid, gtk_widget_unparent);
  g_clear_object (&self->station);
  G_OBJECT_CLASS (proprio_perf_overlay_parent_class)->dispose (object);
}

static void
proprio_perf_overlay_finalize (GObject *object)
{
  ProprioPerfOverlay *self = PROPRIO_PERF_OVERLAY (object);

  g_array_unref (self->intervals_us);
  g_array_unref (self->work_us);
  G_OBJECT_CLASS (proprio_perf_overlay_parent_class)->finalize (object);
}

static void
proprio_perf_overlay_class_init (ProprioPerfOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = proprio_perf_overlay_set_property;
  object_class->get_property = proprio_perf_overlay_get_property;
  object_class->dispose = proprio_perf_overlay_dispose;
  object_class->finalize = proprio_perf_overlay_finalize;
  widget_class->realize = proprio_perf_overlay_realize;
  widget_class->unrealize = proprio_perf_overlay_unrealize;
  widget_class->map = proprio_perf_overlay_map;
  widget_class->unmap = proprio_perf_overlay_unmap;

  props[PROP_STATION] =
    g_param_spec_object ("station", NULL, NULL, PROPRIO_TYPE_STATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "perfoverlay");
}

static void
proprio_perf_overlay_init (ProprioPerfOverlay *self)
{
  const char *names[N_ROWS] = {
    [ROW_FRAME] = N_("Frames"),
    [ROW_DROPPED] = N_("Dropped frames"),
    [ROW_AGE] = N_("Newest sample’s age"),
    [ROW_SERIAL] = N_("Serial"),
    [ROW_CPU] = N_("CPU"),
    [ROW_MEMORY] = N_("Memory"),
  };

  self->intervals_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->work_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->sample_age_ms = -1;
  self->figures.cpu_percent = -1;
  self->figures.rss_mib = -1;

  /* "osd" is libadwaita's dark, translucent look for things laid over content: readable on
   * video and on the light board alike. The overlay never takes a click meant for what it
   * covers. */
  gtk_widget_add_css_class (GTK_WIDGET (self), "osd");
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_START);

  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 4);
  gtk_widget_set_margin_start (self->grid, 16);
  gtk_widget_set_margin_end (self->grid, 16);
  gtk_widget_set_margin_top (self->grid, 12);
  gtk_widget_set_margin_bottom (self->grid, 12);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));

  for (guint i = 0; i < N_ROWS; i++)
    {
      GtkWidget *name = gtk_label_new (_(names[i]));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "title-4");
      gtk_widget_add_css_class (name, "dim-label");
      gtk_grid_attach (GTK_GRID (self->grid), name, 0, (int) i, 1, 1);

      self->values[i] = gtk_label_new ("…");
      gtk_label_set_xalign (GTK_LABEL (self->values[i]), 0);
      gtk_widget_add_css_class (self->values[i], "title-3");
      gtk_widget_add_css_class (self->values[i], "numeric");
      gtk_grid_attach (GTK_GRID (self->grid), self->values[i], 1, (int) i, 1, 1);
    }
}

/* ---- public ---- */

GtkWidget *
proprio_perf_overlay_new (ProprioStation *station)
{
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);

  return g_object_new (PROPRIO_TYPE_PERF_OVERLAY, "station", station, NULL);
}

void
proprio_perf_overlay_get_figures (ProprioPerfOverlay *self,
                                  ProprioPerfFigures *out)
{
  g_return_if_fail (PROPRIO_IS_PERF_OVERLAY (self));
  g_return_if_fail (out != NULL);

  *out = self->figures;
}
