/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-patient-display"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-patient-display.h"
#include "proprio-window-private.h"

#define DATA_KEY "proprio-patient-display"
#define PREVIEW_WIDTH 72
#define PREVIEW_HEIGHT 40

typedef struct
{
  ProprioApplication   *app;          /* not owned: the display lives as long as it */
  GSimpleAction        *action;       /* app.patient-display */
  ProprioPatientWindow *window;       /* the open display, or NULL */
  GListModel           *monitors;     /* followed while the display is open */
  guint                 place_id;     /* places it once a change of monitors is complete */
  gboolean              fullscreen_by_us; /* placed fullscreen on a second monitor */
  GBinding             *zoom_binding; /* weak: the therapist's board zoom, onto the display's */
  gpointer              zoom_source;  /* not owned: the therapist's view it comes from */
} Display;

static void
display_free (gpointer data)
{
  Display *d = data;

  g_clear_handle_id (&d->place_id, g_source_remove);
  if (d->monitors != NULL)
    g_signal_handlers_disconnect_by_data (d->monitors, d);
  g_clear_object (&d->monitors);
  g_clear_object (&d->action);
  g_clear_weak_pointer (&d->zoom_binding);
  g_free (d);
}

static Display *
display_get (ProprioApplication *app)
{
  return g_object_get_data (G_OBJECT (app), DATA_KEY);
}

/* ---- monitors ---- */

char *
proprio_patient_display_describe_monitor (GdkMonitor *monitor)
{
  const char *model;
  const char *connector;

  g_return_val_if_fail (GDK_IS_MONITOR (monitor), NULL);

  model = gdk_monitor_get_model (monitor);
  connector = gdk_monitor_get_connector (monitor);
  /* Without EDID, X11 names the model after the output: "HDMI-1 (HDMI-1)" says nothing more. */
  if (g_strcmp0 (model, connector) == 0)
    model = NULL;
  if (model != NULL && *model != '\0' && connector != NULL && *connector != '\0')
    /* Translators: a monitor in a list: its model, then its connector ("HDMI-1") */
    return g_strdup_printf (_("%s (%s)"), model, connector);
  if (connector != NULL && *connector != '\0')
    return g_strdup (connector);
  if (model != NULL && *model != '\0')
    return g_strdup (model);
  return g_strdup (_("Unnamed monitor"));
}

GdkMonitor *
proprio_patient_display_choose_monitor (GdkDisplay *display,
                                        const char *connector,
                                        GdkMonitor *therapist)
{
  GListModel *monitors;
  guint n;
  GdkMonitor *other = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  monitors = gdk_display_get_monitors (display);
  n = g_list_model_get_n_items (monitors);
  /* One screen: the therapist's window must stay usable, so the display is a window on it. */
  if (n < 2)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);

      if (connector != NULL && *connector != '\0' &&
          g_strcmp0 (gdk_monitor_get_connector (monitor), connector) == 0)
        return monitor;
      if (other == NULL && monitor != therapist)
        other = monitor;
    }
  return other;
}

static ProprioWindow *
therapist_window (ProprioApplication *app)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (PROPRIO_IS_WINDOW (active))
    return PROPRIO_WINDOW (active);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static GdkMonitor *
therapist_monitor (ProprioApplication *app)
{
  ProprioWindow *window = therapist_window (app);
  GdkSurface *surface = window != NULL ? gtk_native_get_surface (GTK_NATIVE (window)) : NULL;

  return surface != NULL ? gdk_display_get_monitor_at_surface (gdk_surface_get_display (surface),
                                                               surface)
                         : NULL;
}

static void
place (Display *d)
{
  GSettings *settings = proprio_application_get_settings (d->app);
  g_autofree char *connector = g_settings_get_string (settings, "patient-display-monitor");
  GdkMonitor *monitor;

  monitor = proprio_patient_display_choose_monitor (gtk_widget_get_display (GTK_WIDGET (d->window)),
                                                    connector, therapist_monitor (d->app));
  if (monitor != NULL)
    {
      gtk_window_fullscreen_on_monitor (GTK_WINDOW (d->window), monitor);
      d->fullscreen_by_us = TRUE;
    }
  else if (d->fullscreen_by_us)
    {
      GtkWidget *widget = GTK_WIDGET (d->window);

      /* Its monitor went: back to a window the therapist can see and move. */
      gtk_window_unfullscreen (GTK_WINDOW (d->window));
      d->fullscreen_by_us = FALSE;
      /* On X11 the window keeps its place, now off every screen, unless a window manager moves
       * it (and one that does not grant fullscreen keeps it fullscreen there). Made anew, as
       * GTK does when a window changes display, it maps as a new window on the screen left. */
      if (gtk_widget_get_realized (widget))
        {
          gtk_widget_set_visible (widget, FALSE);
          gtk_widget_unrealize (widget);
          /* Unmapped, the window kept its surface's last state, fullscreen if not yet left. */
          gtk_window_unfullscreen (GTK_WINDOW (d->window));
          gtk_window_present (GTK_WINDOW (d->window));
          if (therapist_window (d->app) != NULL)
            gtk_window_present (GTK_WINDOW (therapist_window (d->app)));
        }
    }
}

static gboolean
place_idle_cb (gpointer data)
{
  Display *d = data;

  d->place_id = 0;
  if (d->window != NULL)
    place (d);
  return G_SOURCE_REMOVE;
}

static void
monitors_changed_cb (GListModel *monitors,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Display    *d)
{
  /* GDK lists a monitor it has just found before it gives it a connector and a geometry (on
   * X11, both come later in the same update): placed now, the display would go fullscreen on a
   * 0x0 monitor at the origin. Once the update is done, the list is whole. */
  if (d->place_id == 0)
    d->place_id = g_idle_add (place_idle_cb, d);
}

/* A monitor chosen in Preferences while the display is open takes it there (Automatic: back
 * to the one the therapist is not on). Connected to the window: it goes with it. */
static void
monitor_setting_changed_cb (ProprioPatientWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  Display *d = app != NULL ? display_get (PROPRIO_APPLICATION (app)) : NULL;

  if (d != NULL && d->window == window && d->place_id == 0)
    d->place_id = g_idle_add (place_idle_cb, d);
}

/* ---- open and close ---- */

static void
set_state (Display *d,
           gboolean open)
{
  g_simple_action_set_state (d->action, g_variant_new_boolean (open));
}

static void
follow_therapist (Display *d)
{
  ProprioWindow *window = therapist_window (d->app);

  if (d->window == NULL || window == NULL)
    return;
  proprio_patient_window_set_fallback_view (d->window, proprio_window_get_view (window));
  /* The board at the therapist's zoom (often fitted to the sway): the same picture, so the dot
   * sits where the therapist sees it relative to the targets and the board. */
  if (window->balance != NULL)
    {
      GObject *view = gtk_widget_get_template_child (GTK_WIDGET (window->balance),
                                                     PROPRIO_TYPE_BALANCE_PAGE, "view");

      if (d->zoom_binding == NULL || d->zoom_source != view)
        {
          if (d->zoom_binding != NULL)
            g_binding_unbind (d->zoom_binding);
          g_set_weak_pointer (&d->zoom_binding,
                              g_object_bind_property (view, "zoom",
                                                      proprio_patient_window_get_cop_view (d->window),
                                                      "zoom", G_BINDING_SYNC_CREATE));
          d->zoom_source = view;
        }
    }
  if (window->mirror != NULL)
    proprio_patient_window_set_overlay (d->window, proprio_mirror_page_get_overlay (window->mirror));
}

static void
window_destroyed_cb (GtkWidget *widget,
                     Display   *d)
{
  if (d->window != PROPRIO_PATIENT_WINDOW (widget))
    return;
  d->window = NULL;
  d->fullscreen_by_us = FALSE;
  g_clear_handle_id (&d->place_id, g_source_remove);
  if (d->monitors != NULL)
    g_signal_handlers_disconnect_by_data (d->monitors, d);
  g_clear_object (&d->monitors);
  set_state (d, FALSE);
}

static void
open_display (Display *d)
{
  ProprioStation *station = proprio_application_get_station (d->app);
  GSettings *settings = proprio_application_get_settings (d->app);
  GtkWindow *window;

  if (d->window != NULL)
    {
      gtk_window_present (GTK_WINDOW (d->window));
      return;
    }
  if (station == NULL)
    return;
  d->window = proprio_patient_window_new (station, proprio_application_get_plan_run (d->app),
                                          settings);
  window = GTK_WINDOW (d->window);
  gtk_window_set_application (window, GTK_APPLICATION (d->app));
  g_settings_bind (settings, "patient-display-large-text", d->window, "large-text",
                   G_SETTINGS_BIND_GET);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroyed_cb), d);
  g_signal_connect_object (settings, "changed::patient-display-monitor",
                           G_CALLBACK (monitor_setting_changed_cb), window, G_CONNECT_SWAPPED);
  follow_therapist (d);

  d->monitors = g_object_ref (gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (window))));
  g_signal_connect (d->monitors, "items-changed", G_CALLBACK (monitors_changed_cb), d);
  place (d);
  gtk_window_present (window);
  /* Fullscreen on the other screen, the display needs no focus: the keyboard stays the
   * therapist's. On one screen it stays in front, where the therapist put it. */
  if (d->fullscreen_by_us && therapist_window (d->app) != NULL)
    gtk_window_present (GTK_WINDOW (therapist_window (d->app)));
  set_state (d, TRUE);
}

static void
close_display (Display *d)
{
  if (d->window != NULL)
    gtk_window_destroy (GTK_WINDOW (d->window));
}

static void
patient_display_change_state (GSimpleAction *action,
                              GVariant      *state,
                              gpointer       user_data)
{
  Display *d = user_data;

  if (g_variant_get_boolean (state))
    open_display (d);
  else
    close_display (d);
}

static void
patient_display_activate (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  Display *d = user_data;

  if (d->window != NULL)
    close_display (d);
  else
    open_display (d);
}

static void
patient_display_fullscreen_activate (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  Display *d = user_data;
  GtkWindow *window;

  if (d->window == NULL)
    open_display (d);
  if (d->window == NULL)
    return;
  window = GTK_WINDOW (d->window);
  if (gtk_window_is_fullscreen (window))
    {
      gtk_window_unfullscreen (window);
      d->fullscreen_by_us = FALSE;
      return;
    }
  place (d);
  if (!d->fullscreen_by_us)
    gtk_window_fullscreen (window);
}

/* The display is for the therapist's session: it goes with the last therapist window, or the
 * application would go on running behind a screen nobody can work from. */
static void
window_removed_cb (GtkApplication *app,
                   GtkWindow      *removed,
                   Display        *d)
{
  if (d->window == NULL || removed == GTK_WINDOW (d->window))
    return;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return;
  close_display (d);
}

void
proprio_patient_display_add_actions (ProprioApplication *app)
{
  Display *d = g_new0 (Display, 1);
  GSimpleAction *fullscreen;

  g_return_if_fail (PROPRIO_IS_APPLICATION (app));

  d->app = app;
  d->action = g_simple_action_new_stateful ("patient-display", NULL,
                                            g_variant_new_boolean (FALSE));
  g_signal_connect (d->action, "activate", G_CALLBACK (patient_display_activate), d);
  g_signal_connect (d->action, "change-state", G_CALLBACK (patient_display_change_state), d);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (d->action));

  fullscreen = g_simple_action_new ("patient-display-fullscreen", NULL);
  g_signal_connect (fullscreen, "activate", G_CALLBACK (patient_display_fullscreen_activate), d);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (fullscreen));
  g_object_unref (fullscreen);

  g_signal_connect (app, "window-removed", G_CALLBACK (window_removed_cb), d);
  g_object_set_data_full (G_OBJECT (app), DATA_KEY, d, display_free);
}

ProprioPatientWindow *
proprio_patient_display_get_window (ProprioApplication *app)
{
  Display *d;

  g_return_val_if_fail (PROPRIO_IS_APPLICATION (app), NULL);
  d = display_get (app);
  return d != NULL ? d->window : NULL;
}

/* ---- the therapist window's side ---- */

typedef struct
{
  ProprioWindow *window;
  GtkWidget     *button;
  GtkPicture    *picture;
} Preview;

static void
preview_sync (GObject    *action,
              GParamSpec *pspec,
              GtkWidget  *button)
{
  Preview *preview = g_object_get_data (G_OBJECT (button), "preview");
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (preview->window));
  ProprioPatientWindow *display =
    app != NULL ? proprio_patient_display_get_window (PROPRIO_APPLICATION (app)) : NULL;

  /* A paintable of the display's own content: the pixels the patient sees, drawn again here. */
  if (display != NULL)
    {
      g_autoptr(GdkPaintable) paintable =
        gtk_widget_paintable_new (proprio_patient_window_get_content (display));

      gtk_picture_set_paintable (preview->picture, paintable);
    }
  else
    gtk_picture_set_paintable (preview->picture, NULL);
  gtk_widget_set_visible (preview->button, display != NULL);
}

static void
preview_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  ProprioApplication *app = user_data;
  ProprioPatientWindow *display = proprio_patient_display_get_window (app);

  if (display != NULL)
    gtk_window_present (GTK_WINDOW (display));
}

static void
view_changed_cb (ProprioWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  Display *d = app != NULL ? display_get (PROPRIO_APPLICATION (app)) : NULL;

  if (d != NULL && d->window != NULL && therapist_window (d->app) == window)
    follow_therapist (d);
}

void
proprio_patient_display_attach (ProprioWindow      *window,
                                ProprioApplication *app)
{
  Display *d;
  Preview *preview;
  GtkWidget *frame;

  g_return_if_fail (PROPRIO_IS_WINDOW (window));
  g_return_if_fail (PROPRIO_IS_APPLICATION (app));

  d = display_get (app);
  g_return_if_fail (d != NULL);

  preview = g_new0 (Preview, 1);
  preview->window = window;
  preview->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (preview->picture, TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (preview->picture), PREVIEW_WIDTH, PREVIEW_HEIGHT);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (preview->picture));
  preview->button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (preview->button), frame);
  gtk_widget_add_css_class (preview->button, "flat");
  gtk_widget_add_css_class (preview->button, "patient-preview");
  gtk_widget_set_valign (preview->button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (preview->button,
                               _("What the patient sees. Click to bring the patient display to "
                                 "the front; F11 closes it."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (preview->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Patient display preview"), -1);
  g_signal_connect (preview->button, "clicked", G_CALLBACK (preview_clicked_cb), app);
  adw_header_bar_pack_end (window->header_bar, preview->button);
  g_object_set_data_full (G_OBJECT (preview->button), "preview", preview, g_free);

  g_signal_connect_object (d->action, "notify::state", G_CALLBACK (preview_sync),
                           preview->button, 0);
  g_signal_connect_swapped (window->view_stack, "notify::visible-child",
                            G_CALLBACK (view_changed_cb), window);
  preview_sync (G_OBJECT (d->action), NULL, preview->button);
}
