/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cop-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "proprio-cop-view-private.h"
#include "proprio-palette.h"

/* The zoom slider of the Balance page has the same range. */
#define ZOOM_MIN  PROPRIO_COP_VIEW_ZOOM_MIN
#define ZOOM_MAX  PROPRIO_COP_VIEW_ZOOM_MAX
#define ZOOM_STEP 1.15

/* Longest delay a view accepts; with the longest window it bounds what the view keeps. */
#define DELAY_MAX_US     (60 * G_USEC_PER_SEC)
#define WINDOW_MAX_S     60.0
/* At 1 kHz this still holds two minutes; at 100 Hz the time bound applies first. */
#define MAX_POINTS       (1u << 17)

struct _ProprioCopViewClass
{
  GtkWidgetClass parent_class;
};

G_DEFINE_FINAL_TYPE (ProprioCopView, proprio_cop_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_BOARD_WIDTH_MM,
  PROP_BOARD_LENGTH_MM,
  PROP_ZOOM,
  PROP_MIRRORED,
  PROP_SHOW_TRAIL,
  PROP_SHOW_ELLIPSE,
  PROP_SHOW_BARS,
  PROP_SHOW_FEEDBACK,
  PROP_TRAIL_SECONDS,
  PROP_ELLIPSE_SECONDS,
  PROP_DELAY_US,
  PROP_DISPLAY_TIME_US,
  PROP_TRANSPARENT,
  PROP_FLATTEN,
  PROP_AUTO_ZOOM,
  PROP_HINT,
  PROP_DOT_RADIUS,
  N_PROPS
};

enum
{
  SIGNAL_BOARD_CLICKED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- properties ---- */

static void
set_double (ProprioCopView *self,
            double         *field,
            double          value,
            guint           prop_id,
            gboolean        background)
{
  GParamSpecDouble *pspec = G_PARAM_SPEC_DOUBLE (properties[prop_id]);

  value = CLAMP (value, pspec->minimum, pspec->maximum);
  if (*field == value)
    return;
  *field = value;
  proprio_cop_view_trim (self);
  proprio_cop_view_invalidate (self, background);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_flag (ProprioCopView *self,
          gboolean        current,
          gboolean        value,
          guint           prop_id)
{
  /* Callers store the bit; here only what follows a change. */
  if (current == value)
    return;
  proprio_cop_view_invalidate (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

#define DEFINE_FLAG_ACCESSORS(name, PROP)                                        \
  gboolean                                                                       \
  proprio_cop_view_get_##name (ProprioCopView *self)                             \
  {                                                                              \
    g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), FALSE);                    \
    return self->name;                                                           \
  }                                                                              \
  void                                                                           \
  proprio_cop_view_set_##name (ProprioCopView *self,                             \
                               gboolean        value)                            \
  {                                                                              \
    gboolean current;                                                            \
    g_return_if_fail (PROPRIO_IS_COP_VIEW (self));                               \
    current = self->name;                                                        \
    self->name = !!value;                                                        \
    set_flag (self, current, !!value, PROP);                                     \
  }

DEFINE_FLAG_ACCESSORS (mirrored, PROP_MIRRORED)
DEFINE_FLAG_ACCESSORS (show_trail, PROP_SHOW_TRAIL)
DEFINE_FLAG_ACCESSORS (show_ellipse, PROP_SHOW_ELLIPSE)
DEFINE_FLAG_ACCESSORS (show_bars, PROP_SHOW_BARS)
DEFINE_FLAG_ACCESSORS (show_feedback, PROP_SHOW_FEEDBACK)
DEFINE_FLAG_ACCESSORS (transparent, PROP_TRANSPARENT)
DEFINE_FLAG_ACCESSORS (flatten, PROP_FLATTEN)

const char *
proprio_cop_view_get_hint (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), NULL);
  return self->hint;
}

void
proprio_cop_view_set_hint (ProprioCopView *self,
                           const char     *hint)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));

  /* An empty hint would draw an empty pill: it means the default as NULL does. */
  if (hint != NULL && *hint == '\0')
    hint = NULL;
  if (g_strcmp0 (self->hint, hint) == 0)
    return;
  g_free (self->hint);
  self->hint = g_strdup (hint);
  proprio_cop_view_invalidate (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HINT]);
}

const char *
proprio_cop_view_get_shown_hint (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), NULL);
  return self->hint != NULL ? self->hint : _("Step onto the board");
}

#define DEFINE_DOUBLE_ACCESSORS(name, field, PROP, background)                   \
  double                                                                         \
  proprio_cop_view_get_##name (ProprioCopView *self)                             \
  {                                                                              \
    g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), 0);                        \
    return self->field;                                                          \
  }                                                                              \
  void                                                                           \
  proprio_cop_view_set_##name (ProprioCopView *self,                             \
                               double          value)                            \
  {                                                                              \
    g_return_if_fail (PROPRIO_IS_COP_VIEW (self));                               \
    g_return_if_fail (!isnan (value));                                           \
    set_double (self, &self->field, value, PROP, background);                    \
  }

DEFINE_DOUBLE_ACCESSORS (board_width_mm, board_width_mm, PROP_BOARD_WIDTH_MM, TRUE)
DEFINE_DOUBLE_ACCESSORS (board_length_mm, board_length_mm, PROP_BOARD_LENGTH_MM, TRUE)
double
proprio_cop_view_get_zoom (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), 1.0);
  return self->zoom;
}

/* What the user or the page asks for: the automatic fit gives way to it. */
void
proprio_cop_view_set_zoom (ProprioCopView *self,
                           double          zoom)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));
  g_return_if_fail (!isnan (zoom));

  proprio_cop_view_set_auto_zoom (self, FALSE);
  set_double (self, &self->zoom, zoom, PROP_ZOOM, TRUE);
}

void
proprio_cop_view_apply_auto_zoom (ProprioCopView *self,
                                  double          zoom)
{
  set_double (self, &self->zoom, zoom, PROP_ZOOM, TRUE);
}

gboolean
proprio_cop_view_get_auto_zoom (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), FALSE);
  return self->auto_zoom;
}

void
proprio_cop_view_set_auto_zoom (ProprioCopView *self,
                                gboolean        auto_zoom)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));

  auto_zoom = !!auto_zoom;
  if (self->auto_zoom == auto_zoom)
    return;
  self->auto_zoom = auto_zoom;
  if (auto_zoom)
    proprio_cop_view_fit_zoom (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_ZOOM]);
}
DEFINE_DOUBLE_ACCESSORS (trail_seconds, trail_seconds, PROP_TRAIL_SECONDS, FALSE)
DEFINE_DOUBLE_ACCESSORS (ellipse_seconds, ellipse_seconds, PROP_ELLIPSE_SECONDS, FALSE)
DEFINE_DOUBLE_ACCESSORS (dot_radius, dot_radius_px, PROP_DOT_RADIUS, FALSE)

gint64
proprio_cop_view_get_delay_us (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), 0);
  return self->delay_us;
}

void
proprio_cop_view_set_delay_us (ProprioCopView *self,
                               gint64          delay_us)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));

  delay_us = CLAMP (delay_us, 0, DELAY_MAX_US);
  if (self->delay_us == delay_us)
    return;
  self->delay_us = delay_us;
  proprio_cop_view_invalidate (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY_US]);
}

gint64
proprio_cop_view_get_display_time_us (ProprioCopView *self)
{
  g_return_val_if_fail (PROPRIO_IS_COP_VIEW (self), 0);
  return self->display_time_us;
}

void
proprio_cop_view_set_display_time_us (ProprioCopView *self,
                                      gint64          t_us)
{
  g_return_if_fail (PROPRIO_IS_COP_VIEW (self));

  if (self->display_time_us == t_us)
    return;
  self->display_time_us = t_us;
  /* A pinned time that moves with a video frame changes the picture only when the visible
   * samples do, so no unconditional redraw here. */
  proprio_cop_view_update_visible (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_TIME_US]);
}

/* ---- input ---- */

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           ProprioCopView           *self)
{
  if (dy == 0)
    return FALSE;
  proprio_cop_view_set_zoom (self, self->zoom * pow (ZOOM_STEP, -dy));
  return TRUE;
}

static void
zoom_begin_cb (GtkGesture       *gesture,
               GdkEventSequence *sequence,
               ProprioCopView   *self)
{
  self->zoom_at_pinch = self->zoom;
}

static void
zoom_scale_changed_cb (GtkGestureZoom *gesture,
                       double          scale,
                       ProprioCopView *self)
{
  proprio_cop_view_set_zoom (self, self->zoom_at_pinch * scale);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            ProprioCopView  *self)
{
  double x_mm, y_mm;

  if (n_press != 1 || !proprio_cop_view_widget_to_board (self, x, y, &x_mm, &y_mm))
    return;
  /* Only clicks on the board mean a place the patient can reach. */
  if (fabs (x_mm) > self->board_width_mm / 2 || fabs (y_mm) > self->board_length_mm / 2)
    return;
  g_signal_emit (self, signals[SIGNAL_BOARD_CLICKED], 0, x_mm, y_mm);
}

/* ---- GObject / GtkWidget ---- */

GtkWidget *
proprio_cop_view_new (void)
{
  return g_object_new (PROPRIO_TYPE_COP_VIEW, NULL);
}

static void
proprio_cop_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  /* Small enough for a picture-in-picture inset; natural size shows the board comfortably. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 96;
      *natural = 480;
    }
  else
    {
      *minimum = 64;
      *natural = 320;
    }
}

static void
proprio_cop_view_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (proprio_cop_view_parent_class)->css_changed (widget, change);
  proprio_cop_view_invalidate (PROPRIO_COP_VIEW (widget), TRUE);
}

/* Another palette: the dot, trail and targets take its colours at the next frame. */
static void
palette_changed_cb (ProprioCopView *self)
{
  proprio_cop_view_invalidate (self, TRUE);
}

static void
proprio_cop_view_system_setting_changed (GtkWidget        *widget,
                                         GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (proprio_cop_view_parent_class)->system_setting_changed (widget, setting);
  /* Fonts and scaling affect the labels drawn into the cached background. */
  proprio_cop_view_invalidate (PROPRIO_COP_VIEW (widget), TRUE);
}

static void
proprio_cop_view_dispose (GObject *object)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (object);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_pointer (&self->background, gsk_render_node_unref);
  proprio_cop_view_drop_nodes (self);
  proprio_cop_view_clear_text_cache (self);

  G_OBJECT_CLASS (proprio_cop_view_parent_class)->dispose (object);
}

static void
proprio_cop_view_finalize (GObject *object)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (object);

  g_clear_pointer (&self->trail, proprio_cop_trail_free);
  g_clear_pointer (&self->targets, g_array_unref);
  g_clear_pointer (&self->polygon, g_array_unref);
  g_clear_pointer (&self->trail_vertices, g_array_unref);
  g_clear_pointer (&self->chunks, g_array_unref);
  g_clear_pointer (&self->chunks_spare, g_array_unref);
  g_clear_pointer (&self->hint, g_free);

  G_OBJECT_CLASS (proprio_cop_view_parent_class)->finalize (object);
}

static void
proprio_cop_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (object);

  switch (prop_id)
    {
    case PROP_BOARD_WIDTH_MM:
      g_value_set_double (value, self->board_width_mm);
      break;
    case PROP_BOARD_LENGTH_MM:
      g_value_set_double (value, self->board_length_mm);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_MIRRORED:
      g_value_set_boolean (value, self->mirrored);
      break;
    case PROP_SHOW_TRAIL:
      g_value_set_boolean (value, self->show_trail);
      break;
    case PROP_SHOW_ELLIPSE:
      g_value_set_boolean (value, self->show_ellipse);
      break;
    case PROP_SHOW_BARS:
      g_value_set_boolean (value, self->show_bars);
      break;
    case PROP_SHOW_FEEDBACK:
      g_value_set_boolean (value, self->show_feedback);
      break;
    case PROP_TRAIL_SECONDS:
      g_value_set_double (value, self->trail_seconds);
      break;
    case PROP_DOT_RADIUS:
      g_value_set_double (value, self->dot_radius_px);
      break;
    case PROP_ELLIPSE_SECONDS:
      g_value_set_double (value, self->ellipse_seconds);
      break;
    case PROP_DELAY_US:
      g_value_set_int64 (value, self->delay_us);
      break;
    case PROP_DISPLAY_TIME_US:
      g_value_set_int64 (value, self->display_time_us);
      break;
    case PROP_TRANSPARENT:
      g_value_set_boolean (value, self->transparent);
      break;
    case PROP_FLATTEN:
      g_value_set_boolean (value, self->flatten);
      break;
    case PROP_HINT:
      g_value_set_string (value, self->hint);
      break;
    case PROP_AUTO_ZOOM:
      g_value_set_boolean (value, self->auto_zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_cop_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ProprioCopView *self = PROPRIO_COP_VIEW (object);

  switch (prop_id)
    {
    case PROP_BOARD_WIDTH_MM:
      proprio_cop_view_set_board_width_mm (self, g_value_get_double (value));
      break;
    case PROP_BOARD_LENGTH_MM:
      proprio_cop_view_set_board_length_mm (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      proprio_cop_view_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_MIRRORED:
      proprio_cop_view_set_mirrored (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_TRAIL:
      proprio_cop_view_set_show_trail (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_ELLIPSE:
      proprio_cop_view_set_show_ellipse (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_BARS:
      proprio_cop_view_set_show_bars (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_FEEDBACK:
      proprio_cop_view_set_show_feedback (self, g_value_get_boolean (value));
      break;
    case PROP_TRAIL_SECONDS:
      proprio_cop_view_set_trail_seconds (self, g_value_get_double (value));
      break;
    case PROP_DOT_RADIUS:
      proprio_cop_view_set_dot_radius (self, g_value_get_double (value));
      break;
    case PROP_ELLIPSE_SECONDS:
      proprio_cop_view_set_ellipse_seconds (self, g_value_get_double (value));
      break;
    case PROP_DELAY_US:
      proprio_cop_view_set_delay_us (self, g_value_get_int64 (value));
      break;
    case PROP_DISPLAY_TIME_US:
      proprio_cop_view_set_display_time_us (self, g_value_get_int64 (value));
      break;
    case PROP_TRANSPARENT:
      proprio_cop_view_set_transparent (self, g_value_get_boolean (value));
      break;
    case PROP_FLATTEN:
      proprio_cop_view_set_flatten (self, g_value_get_boolean (value));
      break;
    case PROP_AUTO_ZOOM:
      proprio_cop_view_set_auto_zoom (self, g_value_get_boolean (value));
      break;
    case PROP_HINT:
      proprio_cop_view_set_hint (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_cop_view_class_init (ProprioCopViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = proprio_cop_view_dispose;
  object_class->finalize = proprio_cop_view_finalize;
  object_class->get_property = proprio_cop_view_get_property;
  object_class->set_property = proprio_cop_view_set_property;

  widget_class->measure = proprio_cop_view_measure;
  widget_class->snapshot = proprio_cop_view_snapshot;
  widget_class->css_changed = proprio_cop_view_css_changed;
  widget_class->system_setting_changed = proprio_cop_view_system_setting_changed;

  /* Sensor spacing of the board; the Wii Balance Board's is the default (Leach et al. 2014). */
  properties[PROP_BOARD_WIDTH_MM] =
    g_param_spec_double ("board-width-mm", NULL, NULL, 50, 2000, 433, flags);
  properties[PROP_BOARD_LENGTH_MM] =
    g_param_spec_double ("board-length-mm", NULL, NULL, 50, 2000, 238, flags);
  /* 1 = the whole board fits. */
  /* Fit the zoom to the sway of the last seconds (and the targets), with some hysteresis; a zoom
   * set by hand (the slider, scrolling, pinching) turns it off. */
  properties[PROP_AUTO_ZOOM] =
    g_param_spec_boolean ("auto-zoom", NULL, NULL, FALSE, flags);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0, flags);
  /* Left and right swapped, as a patient facing the screen expects from a mirror. */
  properties[PROP_MIRRORED] =
    g_param_spec_boolean ("mirrored", NULL, NULL, FALSE, flags);
  properties[PROP_SHOW_TRAIL] =
    g_param_spec_boolean ("show-trail", NULL, NULL, TRUE, flags);
  properties[PROP_SHOW_ELLIPSE] =
    g_param_spec_boolean ("show-ellipse", NULL, NULL, TRUE, flags);
  properties[PROP_SHOW_BARS] =
    g_param_spec_boolean ("show-bars", NULL, NULL, TRUE, flags);
  /* FALSE hides the dot, trail and ellipse (e.g. a test without visual feedback). */
  properties[PROP_SHOW_FEEDBACK] =
    g_param_spec_boolean ("show-feedback", NULL, NULL, TRUE, flags);
  /* The live dot's radius in pixels: larger on a screen the patient reads from across the room. */
  properties[PROP_DOT_RADIUS] =
    g_param_spec_double ("dot-radius", NULL, NULL, 4, 40, 7, flags);
  properties[PROP_TRAIL_SECONDS] =
    g_param_spec_double ("trail-seconds", NULL, NULL, 0, WINDOW_MAX_S, 3.0, flags);
  /* Window of the live 95 % prediction ellipse. */
  properties[PROP_ELLIPSE_SECONDS] =
    g_param_spec_double ("ellipse-seconds", NULL, NULL, 1, WINDOW_MAX_S, 10.0, flags);
  /* Show the state at now − delay (a delayed mirror); 0 is live. */
  properties[PROP_DELAY_US] =
    g_param_spec_int64 ("delay-us", NULL, NULL, 0, DELAY_MAX_US, 0, flags);
  /* When not 0, "now" is this time instead of the frame clock (e.g. the time of the video frame
   * on screen); delay-us still applies. */
  properties[PROP_DISPLAY_TIME_US] =
    g_param_spec_int64 ("display-time-us", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* No background: for an inset over video. */
  properties[PROP_TRANSPARENT] =
    g_param_spec_boolean ("transparent", NULL, NULL, FALSE, flags);
  /* The board, the ellipse and the trail but its newest piece as one picture while they do not
   * change: for a view redrawn whole every frame anyway, as an inset over video is. */
  properties[PROP_FLATTEN] =
    g_param_spec_boolean ("flatten", NULL, NULL, FALSE, flags);
  /* What the view says while it has no CoP to show; NULL: "Step onto the board". */
  properties[PROP_HINT] =
    g_param_spec_string ("hint", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A click on the board, in board mm: where the therapist wants a target. */
  signals[SIGNAL_BOARD_CLICKED] =
    g_signal_new ("board-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_set_css_name (widget_class, "copview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
proprio_cop_view_init (ProprioCopView *self)
{
  GtkEventController *scroll;
  GtkGesture *zoom, *click;

  self->trail = proprio_cop_trail_new (MAX_POINTS);
  self->trail_vertices = g_array_new (FALSE, FALSE, sizeof (CopViewVertex));
  self->chunks = g_array_new (FALSE, FALSE, sizeof (CopViewChunk));
  self->chunks_spare = g_array_new (FALSE, FALSE, sizeof (CopViewChunk));
  self->targets = g_array_new (FALSE, FALSE, sizeof (ProprioTarget));
  self->polygon = g_array_new (FALSE, FALSE, sizeof (double));
  g_signal_connect_object (proprio_palette_get_default (), "notify::kind",
                           G_CALLBACK (palette_changed_cb), self, G_CONNECT_SWAPPED);

  self->board_width_mm = 433;
  self->board_length_mm = 238;
  self->zoom = 1.0;
  self->trail_seconds = 3.0;
  self->dot_radius_px = 7.0;
  self->ellipse_seconds = 10.0;
  self->show_trail = TRUE;
  self->show_ellipse = TRUE;
  self->show_bars = TRUE;
  self->show_feedback = TRUE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Centre of pressure"),
                                  -1);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
