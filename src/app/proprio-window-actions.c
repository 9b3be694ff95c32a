/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-window-private.h"

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
show_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ProprioWindow *self = PROPRIO_WINDOW (widget);

  gtk_menu_button_popup (self->device_button);
}

static void
device_connect_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  proprio_window_device_connect (PROPRIO_WINDOW (widget));
}

static void
device_disconnect_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  proprio_window_device_disconnect (PROPRIO_WINDOW (widget));
}

void
proprio_window_class_init_actions (GtkWidgetClass *widget_class)
{
  /* A property action: its state is the visible work area, so "win.view::mirror" both switches
   * to the Mirror page and shows as checked in menus. */
  gtk_widget_class_install_property_action (widget_class, "win.view", "view");
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.show-device", NULL, show_device_action);
  gtk_widget_class_install_action (widget_class, "win.device-connect", NULL, device_connect_action);
  gtk_widget_class_install_action (widget_class, "win.device-disconnect", NULL,
                                   device_disconnect_action);
}
