/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-progress-window"

#include "config.h"

#include "proprio-progress-window.h"

#include <glib/gi18n.h>

#include "proprio-plot-widget.h"
#include "report/proprio-trends.h"

struct _ProprioProgressWindow
{
  AdwWindow       parent_instance;

  ProprioStore   *store;
  char           *patient_id;
  ProprioTrends  *trends;
  GCancellable   *cancellable;

  AdwWindowTitle *title;
  GtkStack       *stack;
  AdwStatusPage  *empty;
  AdwStatusPage  *error;
  GtkFlowBox     *charts;
  guint           n_charts;
};

G_DEFINE_FINAL_TYPE (ProprioProgressWindow, proprio_progress_window, ADW_TYPE_WINDOW)

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProprioProgressWindow *self = source_object;
  GError *error = NULL;
  ProprioTrends *trends = proprio_trends_compute (self->store, self->patient_id, NULL, &error);

  if (trends != NULL)
    g_task_return_pointer (task, trends, (GDestroyNotify) proprio_trends_free);
  else
    g_task_return_error (task, error);
}

static void
show_trends (ProprioProgressWindow *self)
{
  g_autofree char *subtitle =
    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u session", "%s · %u sessions",
                                  self->trends->n_sessions),
                     self->patient_id, self->trends->n_sessions);

  adw_window_title_set_subtitle (self->title, subtitle);
  for (guint i = 0; i < self->trends->series->len; i++)
    {
      const ProprioTrendSeries *series = self->trends->series->pdata[i];
      GtkWidget *plot;

      if (series->points->len == 0)
        continue;
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      plot = proprio_plot_widget_new ();
      proprio_plot_widget_set_trend (PROPRIO_PLOT_WIDGET (plot), series,
                                     PROPRIO_PLOT_DATES_CALENDAR);
      gtk_widget_set_margin_top (plot, 12);
      gtk_widget_set_margin_bottom (plot, 12);
      gtk_widget_set_margin_start (plot, 12);
      gtk_widget_set_margin_end (plot, 12);
      gtk_widget_add_css_class (card, "card");
      gtk_box_append (GTK_BOX (card), plot);
      gtk_flow_box_append (self->charts, card);
      self->n_charts++;
    }
  gtk_stack_set_visible_child_name (self->stack, self->n_charts > 0 ? "charts" : "empty");
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ProprioProgressWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  ProprioTrends *trends = g_task_propagate_pointer (G_TASK (result), &error);

  if (trends == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->trends = trends;
  show_trends (self);
}

static void
proprio_progress_window_dispose (GObject *object)
{
  ProprioProgressWindow *self = PROPRIO_PROGRESS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (proprio_progress_window_parent_class)->dispose (object);
}

static void
proprio_progress_window_finalize (GObject *object)
{
  ProprioProgressWindow *self = PROPRIO_PROGRESS_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->patient_id, g_free);
  g_clear_pointer (&self->trends, proprio_trends_free);
  G_OBJECT_CLASS (proprio_progress_window_parent_class)->finalize (object);
}

static void
proprio_progress_window_class_init (ProprioProgressWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_progress_window_dispose;
  object_class->finalize = proprio_progress_window_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
status_page (const char *icon,
             const char *title,
             const char *description)
{
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), icon);
  adw_status_page_set_title (ADW_STATUS_PAGE (page), title);
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  return page;
}

static void
proprio_progress_window_init (ProprioProgressWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->cancellable = g_cancellable_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Progress"));
  gtk_window_set_default_size (GTK_WINDOW (self), 960, 720);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Progress"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), gtk_label_new (_("Reading the sessions…")));
  gtk_stack_add_named (self->stack, loading, "loading");

  self->charts = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->charts, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->charts, TRUE);
  gtk_flow_box_set_min_children_per_line (self->charts, 1);
  gtk_flow_box_set_max_children_per_line (self->charts, 3);
  gtk_flow_box_set_row_spacing (self->charts, 12);
  gtk_flow_box_set_column_spacing (self->charts, 12);
  /* Charts at their natural height, from the top, however tall the window. */
  gtk_widget_set_valign (GTK_WIDGET (self->charts), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (self->charts), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->charts), 18);
  gtk_widget_set_margin_start (GTK_WIDGET (self->charts), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->charts), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1400);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->charts));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_stack_add_named (self->stack, scrolled, "charts");

  self->empty = ADW_STATUS_PAGE (status_page ("document-open-recent-symbolic",
                                              _("No Values Yet"),
                                              _("None of this patient’s sessions has a result "
                                                "that a trend is made of: run a static test, a "
                                                "limits-of-stability test, a weight shift, an "
                                                "activation drill or joint-position matching.")));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty), "empty");
  self->error = ADW_STATUS_PAGE (status_page ("dialog-warning-symbolic",
                                              _("The Sessions Cannot Be Read"), NULL));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error), "error");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
}

ProprioProgressWindow *
proprio_progress_window_new (GtkWindow    *parent,
                             ProprioStore *store,
                             const char   *patient_id)
{
  ProprioProgressWindow *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PROPRIO_IS_STORE (store), NULL);
  g_return_val_if_fail (patient_id != NULL, NULL);

  self = g_object_new (PROPRIO_TYPE_PROGRESS_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->patient_id = g_strdup (patient_id);
  adw_window_title_set_subtitle (self->title, patient_id);
  /* TRANSLATORS: the window's title, with the patient's ID */
  title = g_strdup_printf (_("Progress of %s"), patient_id);
  gtk_window_set_title (GTK_WINDOW (self), title);

  /* The store's _sync calls wait for its own thread: never on the main loop. */
  task = g_task_new (self, self->cancellable, computed_cb, g_object_ref (self));
  g_task_set_source_tag (task, proprio_progress_window_new);
  g_task_run_in_thread (task, compute_thread);
  return self;
}

const char *
proprio_progress_window_get_state (ProprioProgressWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PROGRESS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

guint
proprio_progress_window_get_n_charts (ProprioProgressWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_PROGRESS_WINDOW (self), 0);
  return self->n_charts;
}
