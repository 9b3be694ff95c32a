/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-pacer"

#include "config.h"

#include <glib/gi18n.h>

#include "widgets/proprio-pacer-view.h"

#include "proprio-pacer-overlay.h"

#define MARGIN 12
/* A finished run says "Done" for this long before the card goes. */
#define DONE_LINGER_S 3

struct _ProprioPacerOverlay
{
  GtkWidget     parent_instance;

  GSettings    *settings;
  ProprioPacer *pacer;
  GtkWidget    *area;      /* weak: what the card is placed over */
  GtkWidget    *view;
  GtkWidget    *buttons;
  guint         linger_id;  /* while "Done" shows */
};

G_DEFINE_FINAL_TYPE (ProprioPacerOverlay, proprio_pacer_overlay, GTK_TYPE_WIDGET)

static void sync_visible (ProprioPacerOverlay *self);

static gboolean
linger_done_cb (gpointer user_data)
{
  ProprioPacerOverlay *self = user_data;

  self->linger_id = 0;
  sync_visible (self);
  return G_SOURCE_REMOVE;
}

static void
sync_visible (ProprioPacerOverlay *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          (proprio_pacer_is_running (self->pacer) || self->linger_id != 0)
                          && g_settings_get_boolean (self->settings, "pacer-overlay"));
}

static void
status_cb (ProprioPacerOverlay *self)
{
  g_clear_handle_id (&self->linger_id, g_source_remove);
  if (proprio_pacer_get_status (self->pacer) == PROPRIO_PACER_DONE)
    self->linger_id = g_timeout_add_seconds (DONE_LINGER_S, linger_done_cb, self);
  sync_visible (self);
}

static void
large_changed_cb (ProprioPacerOverlay *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (parent != NULL)
    gtk_widget_queue_allocate (parent);
}

/* In the top left corner of the work area: clear of the side panels' controls, which sit on the
 * right of the pages. */
static gboolean
position_cb (GtkOverlay          *overlay,
             GtkWidget           *child,
             GdkRectangle        *allocation,
             ProprioPacerOverlay *self)
{
  graphene_rect_t b = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (overlay)),
                                          gtk_widget_get_height (GTK_WIDGET (overlay)));
  gboolean large = g_settings_get_boolean (self->settings, "pacer-overlay-large");
  double h, w;

  if (child != GTK_WIDGET (self))
    return FALSE;
  if (self->area != NULL && !gtk_widget_compute_bounds (self->area, GTK_WIDGET (overlay), &b))
    b = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (GTK_WIDGET (overlay)),
                            gtk_widget_get_height (GTK_WIDGET (overlay)));
  h = large ? b.size.height - 2 * MARGIN : CLAMP (b.size.height * 0.5, 200.0, 520.0);
  h = MAX (MIN (h, b.size.height - 2 * MARGIN), 120.0);
  w = MAX (MIN (h * 0.9, b.size.width - 2 * MARGIN), 120.0);
  allocation->x = (int) (b.origin.x + MARGIN);
  allocation->y = (int) (b.origin.y + MARGIN);
  allocation->width = (int) w;
  allocation->height = (int) h;
  return TRUE;
}

static GtkWidget *
small_button (const char *icon,
              const char *action,
              const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_add_css_class (button, "osd");
  return button;
}

GtkWidget *
proprio_pacer_overlay_attach (GtkOverlay     *overlay,
                              GtkWidget      *area,
                              ProprioStation *station,
                              GSettings      *settings)
{
  ProprioPacerOverlay *self;

  g_return_val_if_fail (GTK_IS_OVERLAY (overlay), NULL);
  g_return_val_if_fail (area == NULL || GTK_IS_WIDGET (area), NULL);
  g_return_val_if_fail (PROPRIO_IS_STATION (station), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (PROPRIO_TYPE_PACER_OVERLAY, NULL);
  self->settings = g_object_ref (settings);
  self->pacer = g_object_ref (proprio_station_get_pacer (station));
  self->area = area;
  if (area != NULL)
    g_object_add_weak_pointer (G_OBJECT (area), (gpointer *) &self->area);
  proprio_pacer_view_set_pacer (PROPRIO_PACER_VIEW (self->view), self->pacer);

  g_signal_connect_object (self->pacer, "notify::status", G_CALLBACK (status_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::pacer-overlay", G_CALLBACK (sync_visible), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::pacer-overlay-large",
                           G_CALLBACK (large_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (overlay, "get-child-position", G_CALLBACK (position_cb), self, 0);
  sync_visible (self);
  gtk_overlay_add_overlay (overlay, GTK_WIDGET (self));
  return GTK_WIDGET (self);
}

GtkWidget *
proprio_pacer_overlay_get_view (ProprioPacerOverlay *self)
{
  g_return_val_if_fail (PROPRIO_IS_PACER_OVERLAY (self), NULL);
  return self->view;
}

static void
proprio_pacer_overlay_dispose (GObject *object)
{
  ProprioPacerOverlay *self = PROPRIO_PACER_OVERLAY (object);

  g_clear_handle_id (&self->linger_id, g_source_remove);
  if (self->area != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->area), (gpointer *) &self->area);
  self->area = NULL;
  g_clear_pointer (&self->view, gtk_widget_unparent);
  g_clear_pointer (&self->buttons, gtk_widget_unparent);
  g_clear_object (&self->pacer);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (proprio_pacer_overlay_parent_class)->dispose (object);
}

static void
proprio_pacer_overlay_class_init (ProprioPacerOverlayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_pacer_overlay_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paceroverlay");
}

static void
proprio_pacer_overlay_init (ProprioPacerOverlay *self)
{
  self->view = proprio_pacer_view_new (NULL);
  gtk_widget_set_parent (self->view, GTK_WIDGET (self));

  /* In the bottom corners, clear of the phase word on top and the breath count in the middle
   * of the bottom line. */
  self->buttons = gtk_center_box_new ();
  gtk_widget_set_valign (self->buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->buttons, 6);
  gtk_widget_set_margin_start (self->buttons, 6);
  gtk_widget_set_margin_end (self->buttons, 6);
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (self->buttons),
                                   small_button ("media-playback-stop-symbolic", "app.pacer-stop",
                                                 _("Stop the pacer")));
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (self->buttons),
                                 small_button ("emblem-system-symbolic", "app.pacer-show",
                                               _("Pacer settings")));
  gtk_widget_set_parent (self->buttons, GTK_WIDGET (self));
}
