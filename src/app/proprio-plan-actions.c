/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-plan-actions.h"
#include "proprio-window.h"

/* A window to say something in: the active one, else any of ours (a script may act while a
 * dialog is in front). */
static ProprioWindow *
any_window (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app));
       !PROPRIO_IS_WINDOW (window) && l != NULL; l = l->next)
    window = l->data;
  return PROPRIO_IS_WINDOW (window) ? PROPRIO_WINDOW (window) : NULL;
}

static void
say (GApplication *app,
     const char   *text)
{
  ProprioWindow *window = any_window (app);

  if (window != NULL)
    proprio_window_add_toast (window, text);
  else
    g_message ("%s", text);
}

static ProprioPlanRun *
run_of (gpointer app)
{
  return proprio_application_get_plan_run (PROPRIO_APPLICATION (app));
}

static void
plan_start_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       app)
{
  g_autoptr(GError) error = NULL;

  if (run_of (app) == NULL)
    return;
  if (!proprio_plan_run_start (run_of (app), 0, &error))
    say (app, error->message);
}

static void
plan_next_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       app)
{
  if (run_of (app) != NULL)
    proprio_plan_run_next (run_of (app));
}

static void
plan_previous_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       app)
{
  if (run_of (app) != NULL)
    proprio_plan_run_previous (run_of (app));
}

static void
plan_skip_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       app)
{
  if (run_of (app) != NULL)
    proprio_plan_run_skip (run_of (app));
}

static void
plan_repeat_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       app)
{
  if (run_of (app) != NULL)
    proprio_plan_run_repeat (run_of (app));
}

static void
plan_stop_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       app)
{
  if (run_of (app) != NULL)
    proprio_plan_run_stop (run_of (app));
}

static void
plan_select_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       app)
{
  ProprioPlanLibrary *library = proprio_application_get_plans (PROPRIO_APPLICATION (app));
  const char *id = g_variant_get_string (parameter, NULL);
  ProprioPlan *plan = library != NULL ? proprio_plan_library_lookup (library, id) : NULL;

  if (plan == NULL)
    {
      /* Translators: a script asked for a plan by its file name */
      g_autofree char *text = g_strdup_printf (_("There is no plan “%s”"), id);

      say (app, text);
      return;
    }
  proprio_plan_run_set_plan (run_of (app), plan);
}

static const GActionEntry plan_actions[] = {
  { "plan-start", plan_start_action },
  { "plan-next", plan_next_action },
  { "plan-previous", plan_previous_action },
  { "plan-skip", plan_skip_action },
  { "plan-repeat", plan_repeat_action },
  { "plan-stop", plan_stop_action },
  { "plan-select", plan_select_action, "s" },
};

void
proprio_plan_actions_add (ProprioApplication *app)
{
  g_return_if_fail (PROPRIO_IS_APPLICATION (app));

  g_action_map_add_action_entries (G_ACTION_MAP (app), plan_actions, G_N_ELEMENTS (plan_actions),
                                   app);
}

static void
set_enabled (ProprioApplication *app,
             const char         *name,
             gboolean            enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (app), name);

  if (G_IS_SIMPLE_ACTION (action))
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_enabled (ProprioApplication *app)
{
  ProprioPlanRun *run = run_of (app);
  ProprioPlan *plan = proprio_plan_run_get_plan (run);
  gboolean active = proprio_plan_run_is_active (run);

  set_enabled (app, "plan-start", !active && plan != NULL && proprio_plan_get_n_steps (plan) > 0);
  set_enabled (app, "plan-next", active);
  set_enabled (app, "plan-previous", active && proprio_plan_run_get_current (run) > 0);
  set_enabled (app, "plan-skip", active);
  set_enabled (app, "plan-repeat", active);
  set_enabled (app, "plan-stop", active);
  set_enabled (app, "plan-select", !active);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!proprio_plan_library_load_finish (PROPRIO_PLAN_LIBRARY (object), result, &error))
    g_message ("The plans folder could not be read: %s", error->message);
}

void
proprio_plan_actions_start (ProprioApplication *app)
{
  ProprioPlanRun *run;

  g_return_if_fail (PROPRIO_IS_APPLICATION (app));

  run = run_of (app);
  g_signal_connect_object (run, "changed", G_CALLBACK (update_enabled), app, G_CONNECT_SWAPPED);
  g_signal_connect_object (run, "notify::plan", G_CALLBACK (update_enabled), app,
                           G_CONNECT_SWAPPED);
  update_enabled (app);
  proprio_plan_library_load_async (proprio_application_get_plans (app), NULL, loaded_cb, NULL);
}
