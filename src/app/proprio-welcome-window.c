/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-welcome"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-welcome-window.h"

struct _ProprioWelcomeWindow
{
  AdwWindow      parent_instance;

  AdwCarousel   *carousel;
  AdwStatusPage *data_page;
  GtkWidget     *back_button;
  GtkWidget     *next_button;
};

G_DEFINE_FINAL_TYPE (ProprioWelcomeWindow, proprio_welcome_window, ADW_TYPE_WINDOW)

guint
proprio_welcome_window_get_n_pages (ProprioWelcomeWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_WELCOME_WINDOW (self), 0);
  return adw_carousel_get_n_pages (self->carousel);
}

guint
proprio_welcome_window_get_page (ProprioWelcomeWindow *self)
{
  double position;

  g_return_val_if_fail (PROPRIO_IS_WELCOME_WINDOW (self), 0);
  position = adw_carousel_get_position (self->carousel);
  return (guint) CLAMP (position + 0.5, 0, proprio_welcome_window_get_n_pages (self) - 1);
}

static void
go_to (ProprioWelcomeWindow *self,
       guint                 page)
{
  GtkWidget *child = adw_carousel_get_nth_page (self->carousel, page);

  adw_carousel_scroll_to (self->carousel, child, gtk_widget_get_mapped (GTK_WIDGET (self)));
}

void
proprio_welcome_window_next (ProprioWelcomeWindow *self)
{
  guint page;

  g_return_if_fail (PROPRIO_IS_WELCOME_WINDOW (self));
  page = proprio_welcome_window_get_page (self);
  if (page + 1 >= proprio_welcome_window_get_n_pages (self))
    gtk_window_close (GTK_WINDOW (self));
  else
    go_to (self, page + 1);
}

void
proprio_welcome_window_previous (ProprioWelcomeWindow *self)
{
  guint page;

  g_return_if_fail (PROPRIO_IS_WELCOME_WINDOW (self));
  page = proprio_welcome_window_get_page (self);
  if (page > 0)
    go_to (self, page - 1);
}

/* Back is there from the second screen; on the last one the big button closes the tour, so
 * Next says so instead of leading nowhere. */
static void
position_cb (ProprioWelcomeWindow *self)
{
  guint page = proprio_welcome_window_get_page (self);
  gboolean last = page + 1 >= proprio_welcome_window_get_n_pages (self);

  gtk_widget_set_sensitive (self->back_button, page > 0);
  gtk_button_set_label (GTK_BUTTON (self->next_button), last ? _("_Done") : _("_Next"));
  gtk_widget_set_tooltip_text (self->next_button,
                               last ? _("Close the tour") : _("The next screen"));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  proprio_welcome_window_next (PROPRIO_WELCOME_WINDOW (widget));
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  proprio_welcome_window_previous (PROPRIO_WELCOME_WINDOW (widget));
}

static void
proprio_welcome_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PROPRIO_TYPE_WELCOME_WINDOW);
  G_OBJECT_CLASS (proprio_welcome_window_parent_class)->dispose (object);
}

static void
proprio_welcome_window_class_init (ProprioWelcomeWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_welcome_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/proprio-welcome-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ProprioWelcomeWindow, carousel);
  gtk_widget_class_bind_template_child (widget_class, ProprioWelcomeWindow, data_page);
  gtk_widget_class_bind_template_child (widget_class, ProprioWelcomeWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, ProprioWelcomeWindow, next_button);

  gtk_widget_class_install_action (widget_class, "welcome.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "welcome.previous", NULL, previous_action);
  /* The arrows page as in any carousel; Escape leaves the tour (AdwWindow has no such key). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "welcome.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "welcome.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "welcome.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "welcome.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
proprio_welcome_window_init (ProprioWelcomeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->carousel, "notify::position", G_CALLBACK (position_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->carousel, "notify::n-pages", G_CALLBACK (position_cb), self,
                           G_CONNECT_SWAPPED);
  position_cb (self);
}

ProprioWelcomeWindow *
proprio_welcome_window_new (const char *data_dir)
{
  ProprioWelcomeWindow *self;
  g_autofree char *escaped = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (PROPRIO_TYPE_WELCOME_WINDOW, NULL);
  /* The description is markup: a folder name with '&' or '<' is shown as it is. */
  escaped = g_markup_escape_text (data_dir, -1);
  text = g_strdup_printf (_("Patients, sessions, recordings and plans are kept on this computer "
                            "only, in this folder:\n\n<b>%s</b>\n\nBack it up as you would any "
                            "clinical record. Exports and snapshots go where you save them. "
                            "Another data folder can be set in Preferences; it is used from the "
                            "next start, and nothing is moved."),
                          escaped);
  adw_status_page_set_description (self->data_page, text);
  return self;
}
