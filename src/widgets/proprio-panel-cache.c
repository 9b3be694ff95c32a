/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-panel-cache"

/* ProprioPanelCache: a page's side panel drawn as one picture while it does not change.
 *
 * Why: GTK 4.8's Cairo renderer draws every node of the window each frame that anything changed,
 * clipped to the damage: a node outside it costs no pixels but still its Cairo calls (paths of
 * rounded corners, saves and restores, glyph runs). The panel's dozens of rows, spin buttons,
 * switches and labels cost the Muscle page 0.45 ms a frame that way while the bars move (measured with
 * bench/bench-muscle-page), a third of the frame; the Balance page's panel is alike. Drawn once into an image when it changes, the
 * panel is one clipped paint, skipped whole when the damage lies elsewhere.
 *
 * What stays as it was: the widgets, their input, focus and accessibility (only the drawing is
 * cached). GTK asks for a new snapshot when any widget in the panel changes (hover, focus, the
 * text cursor's blink, a scroll), and the picture is drawn again then. With another renderer
 * (GL on a clinic PC's GPU) nothing is cached: the child is drawn as usual. */

#include "config.h"

#include <math.h>

#include <adwaita.h>

#include "proprio-panel-cache.h"

struct _ProprioPanelCache
{
  GtkWidget      parent_instance;

  GtkWidget     *child;
  GskRenderNode *child_node;   /* what the picture shows */
  GskRenderNode *picture;      /* a clip node over a Cairo node of its pixels */
  int            picture_scale;
  guint          n_drawn;
};

G_DEFINE_FINAL_TYPE (ProprioPanelCache, proprio_panel_cache, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
proprio_panel_cache_renders_with_cairo (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native != NULL ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

GskRenderNode *
proprio_panel_cache_draw_picture (GskRenderNode *node,
                                  int            scale)
{
  graphene_rect_t bounds;
  cairo_surface_t *surface;
  GtkSnapshot *snapshot;
  GskRenderNode *image, *clipped;
  double x, y, w, h;
  cairo_t *cr;

  gsk_render_node_get_bounds (node, &bounds);
  /* Whole pixels around whatever overflows the allocation (focus rings, shadows). */
  x = floor (bounds.origin.x);
  y = floor (bounds.origin.y);
  w = ceil (bounds.origin.x + bounds.size.width) - x;
  h = ceil (bounds.origin.y + bounds.size.height) - y;
  if (w <= 0 || h <= 0 || w * h * scale * scale > 64.0 * 1024 * 1024)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) w * scale, (int) h * scale);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_translate (cr, -x, -y);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_set_device_scale (surface, scale, scale);

  bounds = GRAPHENE_RECT_INIT (x, y, w, h);
  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_set_source_surface (cr, surface, x, y);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  image = gtk_snapshot_free_to_node (snapshot);
  /* A clip of its own bounds (made by hand: a snapshot drops such a clip) leaves the renderer's
   * clip empty when the damage is elsewhere, so the paint is skipped without work. */
  clipped = gsk_clip_node_new (image, &bounds);
  gsk_render_node_unref (image);
  return clipped;
}

static void
proprio_panel_cache_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  ProprioPanelCache *self = PROPRIO_PANEL_CACHE (widget);
  GtkSnapshot *child_snapshot;
  GskRenderNode *node;
  int scale;

  if (self->child == NULL)
    return;
  if (!proprio_panel_cache_renders_with_cairo (widget))
    {
      g_clear_pointer (&self->picture, gsk_render_node_unref);
      g_clear_pointer (&self->child_node, gsk_render_node_unref);
      gtk_widget_snapshot_child (widget, self->child, snapshot);
      return;
    }

  child_snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (widget, self->child, child_snapshot);
  node = gtk_snapshot_free_to_node (child_snapshot);
  if (node == NULL)
    return;
  scale = gtk_widget_get_scale_factor (widget);
  /* GTK keeps a widget's node while it is unchanged: the same node is the same picture. */
  if (node != self->child_node || scale != self->picture_scale || self->picture == NULL)
    {
      g_clear_pointer (&self->picture, gsk_render_node_unref);
      g_clear_pointer (&self->child_node, gsk_render_node_unref);
      self->picture = proprio_panel_cache_draw_picture (node, scale);
      self->child_node = gsk_render_node_ref (node);
      self->picture_scale = scale;
      self->n_drawn++;
    }
  gtk_snapshot_append_node (snapshot, self->picture != NULL ? self->picture : node);
  gsk_render_node_unref (node);
}

GtkWidget *
proprio_panel_cache_new (void)
{
  return g_object_new (PROPRIO_TYPE_PANEL_CACHE, NULL);
}

void
proprio_panel_cache_set_child (ProprioPanelCache *self,
                               GtkWidget         *child)
{
  g_return_if_fail (PROPRIO_IS_PANEL_CACHE (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;
  g_clear_pointer (&self->child, gtk_widget_unparent);
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  g_clear_pointer (&self->child_node, gsk_render_node_unref);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
proprio_panel_cache_get_child (ProprioPanelCache *self)
{
  g_return_val_if_fail (PROPRIO_IS_PANEL_CACHE (self), NULL);
  return self->child;
}

guint
proprio_panel_cache_get_n_drawn (ProprioPanelCache *self)
{
  g_return_val_if_fail (PROPRIO_IS_PANEL_CACHE (self), 0);
  return self->n_drawn;
}

static void
proprio_panel_cache_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ProprioPanelCache *self = PROPRIO_PANEL_CACHE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_panel_cache_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ProprioPanelCache *self = PROPRIO_PANEL_CACHE (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      proprio_panel_cache_set_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_panel_cache_dispose (GObject *object)
{
  ProprioPanelCache *self = PROPRIO_PANEL_CACHE (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  g_clear_pointer (&self->picture, gsk_render_node_unref);
  g_clear_pointer (&self->child_node, gsk_render_node_unref);
  G_OBJECT_CLASS (proprio_panel_cache_parent_class)->dispose (object);
}

static void
proprio_panel_cache_class_init (ProprioPanelCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = proprio_panel_cache_get_property;
  object_class->set_property = proprio_panel_cache_set_property;
  object_class->dispose = proprio_panel_cache_dispose;
  widget_class->snapshot = proprio_panel_cache_snapshot;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  /* Only a drawing aid: nothing of its own for assistive technologies. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GENERIC);
}

static void
proprio_panel_cache_init (ProprioPanelCache *self)
{
}

void
proprio_panel_cache_wrap_flap (gpointer flap)
{
  GtkWidget *panel;
  GtkWidget *cache;

  g_return_if_fail (ADW_IS_FLAP (flap));

  panel = adw_flap_get_flap (flap);
  g_return_if_fail (panel != NULL && !PROPRIO_IS_PANEL_CACHE (panel));
  g_object_ref (panel);
  cache = proprio_panel_cache_new ();
  adw_flap_set_flap (flap, cache);
  proprio_panel_cache_set_child (PROPRIO_PANEL_CACHE (cache), panel);
  g_object_unref (panel);
}

void
proprio_panel_cache_wrap_box_child (GtkWidget *child)
{
  GtkWidget *box = gtk_widget_get_parent (child), *before, *cache;

  g_return_if_fail (GTK_IS_BOX (box));

  before = gtk_widget_get_prev_sibling (child);
  g_object_ref (child);
  gtk_box_remove (GTK_BOX (box), child);
  cache = proprio_panel_cache_new ();
  gtk_box_insert_child_after (GTK_BOX (box), cache, before);
  proprio_panel_cache_set_child (PROPRIO_PANEL_CACHE (cache), child);
  g_object_unref (child);
}
