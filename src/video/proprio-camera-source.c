/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-camera-source"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "proprio-camera-source.h"

G_DEFINE_QUARK (proprio-camera-error-quark, proprio_camera_error)

/* Limits that catch typos ("fps=300") without refusing odd but real cameras. */
#define MAX_SIDE 7680
#define MAX_FPS  240

static gboolean
parse_int (const char *text,
           int         min,
           int         max,
           int        *out)
{
  char *end = NULL;
  gint64 v;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || v < min || v > max)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", -1);

  return g_strv_length (parts) == 2
         && parse_int (parts[0], 16, MAX_SIDE, width)
         && parse_int (parts[1], 16, MAX_SIDE, height);
}

static gboolean
parse_options (ProprioCameraSpec *spec,
               const char        *text,
               const char        *whole,
               GError           **error)
{
  g_auto(GStrv) pairs = g_strsplit (text, "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      const char *value = eq ? eq + 1 : NULL;

      if (g_strcmp0 (key, "size") == 0)
        {
          if (value == NULL || !parse_size (value, &spec->width, &spec->height))
            {
              g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC,
                           _("Camera “%s”: the size must look like 1280x720"), whole);
              return FALSE;
            }
        }
      else if (g_strcmp0 (key, "fps") == 0)
        {
          if (!parse_int (value, 1, MAX_FPS, &spec->fps))
            {
              g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC,
                           _("Camera “%s”: fps must be a whole number from 1 to %d"),
                           whole, MAX_FPS);
              return FALSE;
            }
        }
      else
        {
          g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC,
                       _("Camera “%s”: unknown option “%s” (known: size, fps)"), whole, key);
          return FALSE;
        }
    }
  return TRUE;
}

ProprioCameraSpec *
proprio_camera_spec_parse (const char  *text,
                           GError     **error)
{
  g_autoptr(ProprioCameraSpec) spec = NULL;
  g_autofree char *head = NULL;
  const char *q;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  spec = g_new0 (ProprioCameraSpec, 1);
  spec->width = PROPRIO_CAMERA_DEFAULT_WIDTH;
  spec->height = PROPRIO_CAMERA_DEFAULT_HEIGHT;
  spec->fps = PROPRIO_CAMERA_DEFAULT_FPS;

  q = strchr (text, '?');
  head = q ? g_strndup (text, q - text) : g_strdup (text);

  if (g_str_equal (head, "auto"))
    spec->kind = PROPRIO_CAMERA_SOURCE_AUTO;
  else if (g_str_equal (head, "test"))
    spec->kind = PROPRIO_CAMERA_SOURCE_TEST;
  else if (g_str_equal (head, "ball"))
    {
      spec->kind = PROPRIO_CAMERA_SOURCE_TEST;
      spec->ball = TRUE;
    }
  else if (g_str_equal (head, "sim"))
    spec->kind = PROPRIO_CAMERA_SOURCE_SIM;
  else if (g_str_equal (head, "none"))
    spec->kind = PROPRIO_CAMERA_SOURCE_NONE;
  else if (g_str_has_prefix (head, "/dev/") && head[5] != '\0')
    {
      spec->kind = PROPRIO_CAMERA_SOURCE_PATH;
      spec->path = g_strdup (head);
    }
  else if (g_str_has_prefix (head, "name:") && head[5] != '\0')
    {
      spec->kind = PROPRIO_CAMERA_SOURCE_NAME;
      spec->name = g_strdup (head + 5);
    }
  else
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC,
                   _("Unknown camera “%s”: use auto, test, ball, sim, none, a device such "
                     "as /dev/video0, or name:CAMERA NAME"), text);
      return NULL;
    }

  if (spec->kind == PROPRIO_CAMERA_SOURCE_NONE && q != NULL)
    {
      g_set_error (error, PROPRIO_CAMERA_ERROR, PROPRIO_CAMERA_ERROR_INVALID_SPEC,
                   _("Camera “%s”: “none” takes no options"), text);
      return NULL;
    }
  if (q != NULL && !parse_options (spec, q + 1, text, error))
    return NULL;

  return g_steal_pointer (&spec);
}

ProprioCameraSpec *
proprio_camera_spec_copy (const ProprioCameraSpec *spec)
{
  ProprioCameraSpec *copy;

  g_return_val_if_fail (spec != NULL, NULL);

  copy = g_memdup2 (spec, sizeof *spec);
  copy->path = g_strdup (spec->path);
  copy->name = g_strdup (spec->name);
  return copy;
}

void
proprio_camera_spec_free (ProprioCameraSpec *spec)
{
  if (spec == NULL)
    return;
  g_free (spec->path);
  g_free (spec->name);
  g_free (spec);
}

char *
proprio_camera_spec_to_string (const ProprioCameraSpec *spec)
{
  static const char * const kinds[] = { "auto", "test", "sim", "none" };
  GString *s;
  char sep = '?';

  g_return_val_if_fail (spec != NULL, NULL);

  if (spec->kind == PROPRIO_CAMERA_SOURCE_PATH)
    s = g_string_new (spec->path);
  else if (spec->kind == PROPRIO_CAMERA_SOURCE_NAME)
    s = g_string_new ("name:"), g_string_append (s, spec->name);
  else if (spec->kind == PROPRIO_CAMERA_SOURCE_TEST && spec->ball)
    s = g_string_new ("ball");
  else
    s = g_string_new (kinds[spec->kind]);

  if (spec->kind == PROPRIO_CAMERA_SOURCE_NONE)
    return g_string_free (s, FALSE);
  if (spec->width != PROPRIO_CAMERA_DEFAULT_WIDTH || spec->height != PROPRIO_CAMERA_DEFAULT_HEIGHT)
    {
      g_string_append_printf (s, "%csize=%dx%d", sep, spec->width, spec->height);
      sep = '&';
    }
  if (spec->fps != PROPRIO_CAMERA_DEFAULT_FPS)
    g_string_append_printf (s, "%cfps=%d", sep, spec->fps);
  return g_string_free (s, FALSE);
}

gboolean
proprio_camera_spec_wants_device (const ProprioCameraSpec *spec)
{
  g_return_val_if_fail (spec != NULL, FALSE);

  return spec->kind == PROPRIO_CAMERA_SOURCE_AUTO || spec->kind == PROPRIO_CAMERA_SOURCE_PATH
         || spec->kind == PROPRIO_CAMERA_SOURCE_NAME;
}

/* --- camera modes --- */

static gboolean
int_value_near (const GValue *v,
                int           want,
                int          *out)
{
  if (G_VALUE_HOLDS_INT (v))
    *out = g_value_get_int (v);
  else if (GST_VALUE_HOLDS_INT_RANGE (v))
    *out = CLAMP (want, gst_value_get_int_range_min (v), gst_value_get_int_range_max (v));
  else
    return FALSE;
  return TRUE;
}

static void
add_mode (GArray            *modes,
          ProprioCameraMode  mode)
{
  if (mode.fps_n > 0 && mode.fps_d > 0 && mode.width > 0 && mode.height > 0)
    g_array_append_val (modes, mode);
}

static void
add_rates (GArray            *modes,
           ProprioCameraMode  mode,
           const GValue      *rate)
{
  if (GST_VALUE_HOLDS_FRACTION (rate))
    {
      mode.fps_n = gst_value_get_fraction_numerator (rate);
      mode.fps_d = gst_value_get_fraction_denominator (rate);
      add_mode (modes, mode);
    }
  else if (GST_VALUE_HOLDS_LIST (rate))
    {
      for (guint i = 0; i < gst_value_list_get_size (rate); i++)
        add_rates (modes, mode, gst_value_list_get_value (rate, i));
    }
  else if (GST_VALUE_HOLDS_FRACTION_RANGE (rate))
    {
      const GValue *lo = gst_value_get_fraction_range_min (rate);
      const GValue *hi = gst_value_get_fraction_range_max (rate);
      double lo_d, hi_d;

      gst_util_fraction_to_double (gst_value_get_fraction_numerator (lo),
                                   gst_value_get_fraction_denominator (lo), &lo_d);
      gst_util_fraction_to_double (gst_value_get_fraction_numerator (hi),
                                   gst_value_get_fraction_denominator (hi), &hi_d);
      /* A range stands for "anything": offer the default rate when it is inside. */
      if (lo_d <= PROPRIO_CAMERA_DEFAULT_FPS && PROPRIO_CAMERA_DEFAULT_FPS <= hi_d)
        {
          mode.fps_n = PROPRIO_CAMERA_DEFAULT_FPS;
          mode.fps_d = 1;
        }
      else
        {
          mode.fps_n = gst_value_get_fraction_numerator (hi);
          mode.fps_d = gst_value_get_fraction_denominator (hi);
        }
      add_mode (modes, mode);
    }
}

GArray *
proprio_camera_modes_from_caps (GstCaps *caps)
{
  GArray *modes = g_array_new (FALSE, FALSE, sizeof (ProprioCameraMode));

  g_return_val_if_fail (GST_IS_CAPS (caps), modes);

  for (guint i = 0; i < gst_caps_get_size (caps); i++)
    {
      const GstStructure *s = gst_caps_get_structure (caps, i);
      ProprioCameraMode mode = { 0 };
      const GValue *rate;

      if (gst_structure_has_name (s, "image/jpeg"))
        mode.jpeg = TRUE;
      else if (!gst_structure_has_name (s, "video/x-raw"))
        continue;
      if (!gst_structure_has_field (s, "width") || !gst_structure_has_field (s, "height")
          || !int_value_near (gst_structure_get_value (s, "width"),
                              PROPRIO_CAMERA_DEFAULT_WIDTH, &mode.width)
          || !int_value_near (gst_structure_get_value (s, "height"),
                              PROPRIO_CAMERA_DEFAULT_HEIGHT, &mode.height))
        continue;
      rate = gst_structure_get_value (s, "framerate");
      if (rate != NULL)
        add_rates (modes, mode, rate);
    }
  return modes;
}

static double
mode_fps (const ProprioCameraMode *m)
{
  return (double) m->fps_n / m->fps_d;
}

/* Lower is better. Rates up to the request rank by closeness; rates above it rank after all of
 * those (they cost bandwidth for nothing we show), the nearest first. */
static double
rate_penalty (const ProprioCameraMode *m,
              int                      fps)
{
  double r = mode_fps (m);

  if (r <= fps + 0.5)
    return fps - r;
  return 1000.0 + (r - fps);
}

gboolean
proprio_camera_mode_choose (GArray            *modes,
                            int                width,
                            int                height,
                            int                fps,
                            ProprioCameraMode *out)
{
  const ProprioCameraMode *best = NULL;

  g_return_val_if_fail (modes != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; i < modes->len; i++)
    {
      const ProprioCameraMode *m = &g_array_index (modes, ProprioCameraMode, i);
      double rp, brp;
      int size, bsize;

      if (best == NULL)
        {
          best = m;
          continue;
        }
      /* Rates within half a frame per second count as the same (29.97 vs 30). */
      rp = rate_penalty (m, fps);
      brp = rate_penalty (best, fps);
      if (rp < brp - 0.5)
        {
          best = m;
          continue;
        }
      if (rp > brp + 0.5)
        continue;
      size = abs (m->width - width) + abs (m->height - height);
      bsize = abs (best->width - width) + abs (best->height - height);
      if (size < bsize || (size == bsize && best->jpeg && !m->jpeg))
        best = m;
    }
  if (best == NULL)
    return FALSE;
  *out = *best;
  return TRUE;
}

GstCaps *
proprio_camera_mode_to_caps (const ProprioCameraMode *mode)
{
  g_return_val_if_fail (mode != NULL, NULL);

  return gst_caps_new_simple (mode->jpeg ? "image/jpeg" : "video/x-raw",
                              "width", G_TYPE_INT, mode->width,
                              "height", G_TYPE_INT, mode->height,
                              "framerate", GST_TYPE_FRACTION, mode->fps_n, mode->fps_d,
                              NULL);
}
