/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's view of the records: the session bar under the notices, and notices for what the
 * recorder reports (at once: lost samples, a write that failed) and for sessions recovered after
 * a crash. */
#define G_LOG_DOMAIN "proprio-window"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-session-actions.h"
#include "proprio-session-bar.h"
#include "widgets/proprio-panel-cache.h"
#include "proprio-window-private.h"

static void
problem_cb (ProprioWindow *self,
            const char    *message,
            gboolean       failed)
{
  proprio_window_add_notice (self, "recording", failed ? PROPRIO_NOTICE_ERROR
                                                       : PROPRIO_NOTICE_WARNING, message);
}

static void
show_recovered (ProprioWindow            *self,
                ProprioSessionController *controller)
{
  GPtrArray *recovered = proprio_session_controller_get_recovered (controller);

  for (guint i = 0; i < recovered->len; i++)
    {
      ProprioSession *session = recovered->pdata[i];
      g_autofree char *id = g_strconcat ("recovered-", session->id, NULL);
      g_autofree char *start = proprio_format_session_start (session->started_at);
      g_autofree char *kept = proprio_format_duration (proprio_session_get_duration (session));
      g_autofree char *text =
        g_strdup_printf (_("Proprio stopped during the session of %s that began %s. It is closed "
                           "now and marked “recovered”: the %s recorded until then are kept."),
                         session->patient_id, start, kept);

      proprio_window_add_notice (self, id, PROPRIO_NOTICE_INFO, text);
    }
}

static void
recovered_cb (ProprioWindow            *self,
              ProprioSessionController *controller)
{
  show_recovered (self, controller);
}

void
proprio_window_init_session (ProprioWindow      *self,
                             ProprioApplication *app)
{
  ProprioSessionController *controller = proprio_application_get_sessions (app);
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->notice_revealer));

  if (controller == NULL)
    return;
  self->session_bar = proprio_session_bar_new (controller);
  gtk_box_insert_child_after (GTK_BOX (box), self->session_bar,
                              GTK_WIDGET (self->notice_revealer));
  proprio_panel_cache_wrap_box_child (self->session_bar);
  g_signal_connect_object (controller, "problem", G_CALLBACK (problem_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "recovered", G_CALLBACK (recovered_cb), self,
                           G_CONNECT_SWAPPED);
  /* A window opened after the records did still hears of them; a problem of the open session
   * too. */
  show_recovered (self, controller);
  if (proprio_session_controller_get_session (controller) != NULL)
    {
      g_autofree char *problem = proprio_session_controller_dup_problem (controller);

      if (problem != NULL)
        problem_cb (self, problem, proprio_session_controller_get_failed (controller));
    }
}
