/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-marker-picker"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "core/proprio-overlay-geometry.h"
#include "proprio-marker-picker-private.h"

/* Legible from 2 m, as the Mirror overlays are: shares of the picture's height as shown, with
 * floors in pixels. The angle's value is the largest thing on the picture. */
#define LINE_SHARE       0.006
#define MIN_LINE         3.0
#define VALUE_FONT_SHARE 0.08
#define MIN_VALUE_FONT   22.0
#define NAME_FONT_SHARE  0.035
#define MIN_NAME_FONT    13.0

/* GNOME palette: Yellow 2 for the angle, white for the limb, over translucent black. */
static const double angle_rgb[3] = { 0xf8 / 255.0, 0xe4 / 255.0, 0x5c / 255.0 };

const char *
_proprio_marker_color_name (const ProprioHsv *color)
{
  double h = color->h;

  if (color->s < 0.2)
    return color->v > 0.8 ? _("white") : _("grey");
  if (h < 15.0 || h >= 345.0)
    return _("red");
  if (h < 45.0)
    return _("orange");
  if (h < 70.0)
    return _("yellow");
  if (h < 160.0)
    return _("green");
  if (h < 200.0)
    return _("cyan");
  if (h < 260.0)
    return _("blue");
  if (h < 290.0)
    return _("purple");
  return _("magenta");
}

/* Which other marker shares the colour range of @marker (both are COLOR_OVERLAP), or -1. */
static int
overlapping_with (const ProprioMarkerSampleView *view,
                  ProprioMarkerId                marker)
{
  for (int m = 0; m < PROPRIO_N_MARKERS; m++)
    if (m != (int) marker && view->markers[m].state == PROPRIO_MARKER_COLOR_OVERLAP)
      return m;
  return -1;
}

static char *
overlap_text (ProprioMarkerId a,
              int             b)
{
  /* One sentence per pair, so each reads naturally once translated. */
  if ((a == PROPRIO_MARKER_HIP && b == PROPRIO_MARKER_KNEE)
      || (a == PROPRIO_MARKER_KNEE && b == PROPRIO_MARKER_HIP))
    return g_strdup (_("Hip and knee colours too alike: pick one again or narrow the tolerance"));
  if ((a == PROPRIO_MARKER_HIP && b == PROPRIO_MARKER_ANKLE)
      || (a == PROPRIO_MARKER_ANKLE && b == PROPRIO_MARKER_HIP))
    return g_strdup (_("Hip and ankle colours too alike: pick one again or narrow the "
                       "tolerance"));
  if (b >= 0)
    return g_strdup (_("Knee and ankle colours too alike: pick one again or narrow the "
                       "tolerance"));
  return g_strdup (_("Colours too alike: pick the markers again or narrow the tolerance"));
}

char *
_proprio_marker_picker_state_text (ProprioMarkerPicker           *self,
                                   ProprioMarkerId                marker,
                                   const ProprioMarkerSampleView *view)
{
  ProprioMarkerState state;
  gboolean has_color = self->has_color[marker];
  const char *name = has_color ? _proprio_marker_color_name (&self->color[marker]) : "";

  state = view != NULL ? view->markers[marker].state : PROPRIO_MARKER_UNSET;
  /* A colour picked since the sample was tracked: not "not picked" any more. */
  if (state == PROPRIO_MARKER_UNSET && has_color)
    return g_strdup (_("Colour picked"));

  switch (state)
    {
    case PROPRIO_MARKER_UNSET:
      switch (marker)
        {
        case PROPRIO_MARKER_HIP:  return g_strdup (_("Hip marker not picked yet"));
        case PROPRIO_MARKER_KNEE: return g_strdup (_("Knee marker not picked yet"));
        default:                  return g_strdup (_("Ankle marker not picked yet"));
        }
    case PROPRIO_MARKER_FOUND:
      switch (marker)
        {
        case PROPRIO_MARKER_HIP:  return g_strdup (_("Hip marker found"));
        case PROPRIO_MARKER_KNEE: return g_strdup (_("Knee marker found"));
        default:                  return g_strdup (_("Ankle marker found"));
        }
    case PROPRIO_MARKER_LOST:
      switch (marker)
        {
        case PROPRIO_MARKER_HIP:  return g_strdup (_("Hip marker lost"));
        case PROPRIO_MARKER_KNEE: return g_strdup (_("Knee marker lost"));
        default:                  return g_strdup (_("Ankle marker lost"));
        }
    case PROPRIO_MARKER_AMBIGUOUS:
      /* TRANSLATORS: %s is a colour name ("green"): two patches of the marker's colour. */
      switch (marker)
        {
        case PROPRIO_MARKER_HIP:  return g_strdup_printf (_("Two %s blobs: hip ambiguous"), name);
        case PROPRIO_MARKER_KNEE: return g_strdup_printf (_("Two %s blobs: knee ambiguous"), name);
        default:                  return g_strdup_printf (_("Two %s blobs: ankle ambiguous"), name);
        }
    case PROPRIO_MARKER_COLOR_OVERLAP:
    default:
      return overlap_text (marker, view != NULL ? overlapping_with (view, marker) : -1);
    }
}

static void
hsv_to_rgb (const ProprioHsv *hsv,
            double            rgb[3])
{
  double c = hsv->v * hsv->s;
  double hp = fmod (hsv->h, 360.0) / 60.0;
  double x = c * (1.0 - fabs (fmod (hp, 2.0) - 1.0));
  double m = hsv->v - c;
  double r = 0, g = 0, b = 0;

  if (hp < 1)      r = c, g = x;
  else if (hp < 2) r = x, g = c;
  else if (hp < 3) g = c, b = x;
  else if (hp < 4) g = x, b = c;
  else if (hp < 5) r = x, b = c;
  else             r = c, b = x;
  rgb[0] = r + m;
  rgb[1] = g + m;
  rgb[2] = b + m;
}

void
_proprio_marker_picker_draw_swatch (ProprioMarkerPicker *self,
                                    ProprioMarkerId      marker,
                                    cairo_t             *cr,
                                    int                  width,
                                    int                  height)
{
  double r = MIN (width, height) / 2.0 - 1.5;

  if (r <= 0)
    return;
  cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
  if (self->camera != NULL && self->has_color[marker])
    {
      double rgb[3];

      hsv_to_rgb (&self->color[marker], rgb);
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.6);
      cairo_set_line_width (cr, 1.0);
      cairo_stroke (cr);
      return;
    }
  /* Not picked: an empty dashed ring. */
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]) { 3.0, 2.0 }, 2, 0);
  cairo_stroke (cr);
}

/* A bright stroke over a darker, wider band: reads on a dark floor and a white wall alike. */
static void
stroke_outlined (cairo_t      *cr,
                 const double  rgb[3],
                 double        width)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, width + 4.0);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width (cr, width);
  cairo_stroke (cr);
}

static PangoLayout *
label_layout (cairo_t    *cr,
              const char *text,
              double      font_px)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold");

  pango_font_description_set_absolute_size (font, font_px * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* @text centred on (x, y), bold, white on a dark pill. */
static void
draw_label (cairo_t    *cr,
            const char *text,
            double      x,
            double      y,
            double      font_px)
{
  g_autoptr(PangoLayout) layout = label_layout (cr, text, font_px);
  double pad = font_px * 0.3;
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);

  cairo_new_path (cr);
  cairo_arc (cr, x - w / 2.0, y, h / 2.0 + pad / 2, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, x + w / 2.0, y, h / 2.0 + pad / 2, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, x - w / 2.0, y - h / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* The interior angle at the knee: the arc between the two limb directions, and its value on
 * the bisector, outside the arc. */
static void
draw_angle (cairo_t      *cr,
            const double  pts[3][2],
            double        angle_deg,
            double        picture_height,
            double        line)
{
  double a1 = atan2 (pts[0][1] - pts[1][1], pts[0][0] - pts[1][0]);
  double a2 = atan2 (pts[2][1] - pts[1][1], pts[2][0] - pts[1][0]);
  double thigh = hypot (pts[0][0] - pts[1][0], pts[0][1] - pts[1][1]);
  double shank = hypot (pts[2][0] - pts[1][0], pts[2][1] - pts[1][1]);
  double radius = CLAMP (0.3 * MIN (thigh, shank), 10.0, 0.12 * picture_height);
  double sweep = remainder (a2 - a1, 2 * G_PI);   /* −π..π: the short way round */
  double mid = a1 + sweep / 2.0;
  double font = MAX (MIN_VALUE_FONT, picture_height * VALUE_FONT_SHARE);
  g_autoptr(PangoLayout) layout = NULL;
  double dist;
  char text[32];
  int w, h;

  cairo_new_path (cr);
  if (sweep >= 0)
    cairo_arc (cr, pts[1][0], pts[1][1], radius, a1, a1 + sweep);
  else
    cairo_arc_negative (cr, pts[1][0], pts[1][1], radius, a1, a1 + sweep);
  stroke_outlined (cr, angle_rgb, line);

  /* TRANSLATORS: an angle in degrees, drawn on the video. */
  g_snprintf (text, sizeof text, _("%.0f°"), angle_deg);
  /* On the bisector, just clear of the arc: the pill's own half-extent along that direction
   * (plus its rounded ends and a gap), so it never covers the arc or the knee. */
  layout = label_layout (cr, text, font);
  pango_layout_get_pixel_size (layout, &w, &h);
  dist = radius + 2 * line + fabs (cos (mid)) * (w / 2.0 + h / 2.0 + font * 0.15)
         + fabs (sin (mid)) * (h / 2.0 + font * 0.15);
  draw_label (cr, text, pts[1][0] + dist * cos (mid), pts[1][1] + dist * sin (mid), font);
}

void
_proprio_marker_picker_draw (ProprioMarkerPicker *self,
                             cairo_t             *cr,
                             int                  width,
                             int                  height)
{
  static const double white[3] = { 1.0, 1.0, 1.0 };
  ProprioFrame *frame = self->camera ? proprio_camera_get_shown_frame (self->camera) : NULL;
  ProprioOverlayFit fit;
  const ProprioMarkerSampleView *view = &self->view;
  double pts[3][2];
  double line, name_font;
  gboolean all = TRUE;

  /* Before any frame the picture is black at 16:9, as the paintable draws it. */
  proprio_overlay_fit_contain (&fit, frame ? proprio_frame_get_width (frame) : 16,
                               frame ? proprio_frame_get_height (frame) : 9, width, height);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_rectangle (cr, fit.x, fit.y, fit.width, fit.height);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_fill (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  if (frame == NULL || !self->has_view)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, fit.x, fit.y, fit.width, fit.height);
  cairo_clip (cr);
  line = MAX (MIN_LINE, ceil (fit.height * LINE_SHARE));
  name_font = MAX (MIN_NAME_FONT, fit.height * NAME_FONT_SHARE);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      pts[m][0] = fit.x + view->markers[m].x * fit.width;
      pts[m][1] = fit.y + view->markers[m].y * fit.height;
      all = all && view->markers[m].state == PROPRIO_MARKER_FOUND;
    }

  if (self->show_angle && all && !isnan (view->angle_deg))
    {
      cairo_new_path (cr);
      cairo_move_to (cr, pts[0][0], pts[0][1]);
      cairo_line_to (cr, pts[1][0], pts[1][1]);
      cairo_line_to (cr, pts[2][0], pts[2][1]);
      stroke_outlined (cr, white, line);
    }

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    {
      double r;

      if (view->markers[m].state != PROPRIO_MARKER_FOUND)
        continue;
      r = MAX (8.0, 1.4 * (isnan (view->markers[m].radius) ? 0.0
                                                         : view->markers[m].radius * fit.height));
      cairo_new_path (cr);
      cairo_arc (cr, pts[m][0], pts[m][1], r, 0, 2 * G_PI);
      stroke_outlined (cr, white, MAX (2.0, line - 1.0));
      /* The name above and to the side, clear of the limb line through the marker. */
      draw_label (cr, proprio_marker_get_label (m), pts[m][0] + r + name_font * 1.2,
                  pts[m][1] - r - name_font * 0.4, name_font);
    }

  if (self->show_angle && all && !isnan (view->angle_deg))
    draw_angle (cr, (const double (*)[2]) pts, view->angle_deg, fit.height, line);
  cairo_restore (cr);
}
