/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "app/proprio-welcome-window.h"
#include "app/proprio-window.h"
#include "proprio-test-gui.h"

static ProprioApplication *app;

static ProprioWelcomeWindow *
find_welcome (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_WELCOME_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
welcome_gone (gpointer data)
{
  return find_welcome () == NULL;
}

static gboolean
mapped (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static gboolean
on_page (gpointer data)
{
  gpointer *args = data;

  return proprio_welcome_window_get_page (args[0]) == GPOINTER_TO_UINT (args[1]);
}

/* Every window closed, as when Proprio quits; the settings stay (the next start reads them). */
static void
close_all (void)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  proprio_test_wait_ms (50);
}

static gboolean
main_window_shown (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

static const char *
description_of_data_page (ProprioWelcomeWindow *welcome)
{
  GtkWidget *page = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (welcome),
                                                               PROPRIO_TYPE_WELCOME_WINDOW,
                                                               "data_page"));

  return adw_status_page_get_description (ADW_STATUS_PAGE (page));
}

/* The first start shows the tour over the main window; the second does not. */
static void
test_first_start_only (void)
{
  GSettings *settings = proprio_application_get_settings (app);
  ProprioWelcomeWindow *welcome;
  g_autofree char *expected = NULL;
  guint n;

  g_settings_reset (settings, "onboarding-done");
  proprio_application_set_welcome_on_start (app, TRUE);

  g_application_activate (G_APPLICATION (app));
  welcome = find_welcome ();
  g_assert_nonnull (welcome);
  g_assert_true (main_window_shown ());
  g_assert_true (PROPRIO_IS_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (welcome))));
  g_assert_true (g_settings_get_boolean (settings, "onboarding-done"));
  g_assert_true (proprio_test_wait_until (mapped, welcome, 10000));

  /* The screens: the demo device, connecting, the data folder (the real one), the keys. */
  n = proprio_welcome_window_get_n_pages (welcome);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpuint (proprio_welcome_window_get_page (welcome), ==, 0);
  expected = g_markup_escape_text (proprio_application_get_data_dir (app), -1);
  g_assert_nonnull (strstr (description_of_data_page (welcome), expected));

  /* Next goes through every screen; on the last one it closes the tour. */
  for (guint i = 1; i < n; i++)
    {
      gpointer args[2] = { welcome, GUINT_TO_POINTER (i) };

      proprio_welcome_window_next (welcome);
      g_assert_true (proprio_test_wait_until (on_page, args, 10000));
    }
  {
    gpointer args[2] = { welcome, GUINT_TO_POINTER (n - 2) };

    proprio_welcome_window_previous (welcome);
    g_assert_true (proprio_test_wait_until (on_page, args, 10000));
    proprio_welcome_window_next (welcome);
    args[1] = GUINT_TO_POINTER (n - 1);
    g_assert_true (proprio_test_wait_until (on_page, args, 10000));
  }
  proprio_welcome_window_next (welcome);
  g_assert_true (proprio_test_wait_until (welcome_gone, NULL, 10000));
  g_assert_true (main_window_shown ());

  /* The second start: the main window alone. */
  close_all ();
  g_assert_false (main_window_shown ());
  g_application_activate (G_APPLICATION (app));
  g_assert_true (main_window_shown ());
  g_assert_null (find_welcome ());
  close_all ();
}

/* The tests (PROPRIO_NO_WELCOME) never meet it, even on a first start. */
static void
test_not_in_tests (void)
{
  GSettings *settings = proprio_application_get_settings (app);

  g_settings_reset (settings, "onboarding-done");
  proprio_application_set_welcome_on_start (app, FALSE);
  g_application_activate (G_APPLICATION (app));
  g_assert_true (main_window_shown ());
  g_assert_null (find_welcome ());
  g_assert_false (g_settings_get_boolean (settings, "onboarding-done"));
  close_all ();
}

static gboolean
model_has_action (GMenuModel *model,
                  const char *name)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_str_equal (action, name))
        return TRUE;
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (model_has_action (link, name))
            return TRUE;
        }
    }
  return FALSE;
}

/* Whether a menu button under `widget` offers the action `name`. */
static gboolean
menu_has_action (GtkWidget  *widget,
                 const char *name)
{
  if (GTK_IS_MENU_BUTTON (widget))
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));

      if (model != NULL && model_has_action (model, name))
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    if (menu_has_action (c, name))
      return TRUE;
  return FALSE;
}

/* The menu's "Welcome Tour" (app.welcome, F1) opens it again, once however often asked. */
static void
test_reopen (void)
{
  ProprioWelcomeWindow *welcome;
  g_auto(GStrv) accels = NULL;
  gboolean in_menu = FALSE;

  proprio_application_set_welcome_on_start (app, FALSE);
  g_application_activate (G_APPLICATION (app));
  g_action_group_activate_action (G_ACTION_GROUP (app), "welcome", NULL);
  welcome = find_welcome ();
  g_assert_nonnull (welcome);
  g_action_group_activate_action (G_ACTION_GROUP (app), "welcome", NULL);
  g_assert_true (find_welcome () == welcome);
  {
    guint count = 0;

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
      count += PROPRIO_IS_WELCOME_WINDOW (l->data);
    g_assert_cmpuint (count, ==, 1);
  }

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.welcome");
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F1");

  /* In the main menu. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (PROPRIO_IS_WINDOW (l->data))
      in_menu = menu_has_action (l->data, "app.welcome");
  g_assert_true (in_menu);

  /* Its close action (Escape, the last screen's button) leaves it. */
  g_assert_true (proprio_test_wait_until (mapped, welcome, 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (welcome), "window.close", NULL));
  g_assert_true (proprio_test_wait_until (welcome_gone, NULL, 10000));
  close_all ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  app = proprio_test_app_new ();

  g_test_add_func ("/welcome/first-start-only", test_first_start_only);
  g_test_add_func ("/welcome/not-in-tests", test_not_in_tests);
  g_test_add_func ("/welcome/reopen", test_reopen);

  status = g_test_run ();
  close_all ();
  g_clear_object (&app);
  return status;
}
