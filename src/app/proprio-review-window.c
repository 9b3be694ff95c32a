/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review-window"

#include "config.h"

#include "proprio-review-window-private.h"
#include "proprio-session-actions.h"

#include <glib/gi18n.h>
#include <math.h>

const double proprio_review_speeds[PROPRIO_REVIEW_N_SPEEDS] = { 0.25, 0.5, 1.0, 2.0, 4.0 };
#define SPEED_1X 2

G_DEFINE_FINAL_TYPE (ProprioReviewWindow, proprio_review_window, ADW_TYPE_WINDOW)

/* --- loading --- */

typedef struct
{
  ProprioStore *store;
  char         *session_id;
} LoadArgs;

static void
load_args_free (gpointer data)
{
  LoadArgs *args = data;

  g_object_unref (args->store);
  g_free (args->session_id);
  g_free (args);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadArgs *args = task_data;
  GError *error = NULL;
  ProprioReview *review = proprio_review_load (args->store, args->session_id, &error);

  if (review != NULL)
    g_task_return_pointer (task, review, (GDestroyNotify) proprio_review_unref);
  else
    g_task_return_error (task, error);
}

static void
set_message (ProprioReviewWindow *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->review->streams->len; i++)
    {
      const ProprioReviewStream *stream = self->review->streams->pdata[i];

      if (stream->problem == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, stream->problem);
    }
  if (self->review->video_problem != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, self->review->video_problem);
    }
  if (self->review->streams->len == 0 && self->review->video == NULL)
    g_string_append (text, _("This session has no recording to replay: only its events and "
                             "exercises are shown"));
  gtk_label_set_label (self->message, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->message), text->len > 0);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(ProprioReviewWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  ProprioReview *review = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *subtitle = NULL;
  g_autofree char *started = NULL;

  if (review == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  self->review = review;
  started = proprio_format_session_start (review->session->started_at);
  subtitle = g_strdup_printf ("%s · %s", review->session->patient_id, started);
  adw_window_title_set_subtitle (self->title, subtitle);
  {
    /* Translators: the review window's title: the patient's ID and when the session began */
    g_autofree char *title = g_strdup_printf (_("Review of %s"), subtitle);

    gtk_window_set_title (GTK_WINDOW (self), title);
  }
  set_message (self);
  _proprio_review_window_build_views (self);
  _proprio_review_window_fill_exercises (self);
  gtk_stack_set_visible_child_name (self->stack, "review");
  proprio_review_window_seek (self, review->start_us);
}

/* --- building --- */

static void
play_clicked_cb (GtkButton           *button,
                 ProprioReviewWindow *self)
{
  proprio_review_window_set_playing (self, !self->playing);
}

static void
speed_selected_cb (GtkDropDown         *dropdown,
                   GParamSpec          *pspec,
                   ProprioReviewWindow *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);

  if (index < PROPRIO_REVIEW_N_SPEEDS)
    proprio_review_window_set_speed (self, proprio_review_speeds[index]);
}

static void
timeline_seek_cb (ProprioReviewTimeline *timeline,
                  gint64                 t_us,
                  ProprioReviewWindow   *self)
{
  proprio_review_window_seek (self, t_us);
}

static GtkWidget *
build_controls (ProprioReviewWindow *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  const char *speeds[PROPRIO_REVIEW_N_SPEEDS + 1] = { NULL };
  char *labels[PROPRIO_REVIEW_N_SPEEDS] = { NULL };

  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);

  self->play_button = GTK_BUTTON (gtk_button_new_from_icon_name ("media-playback-start-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (self->play_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (self->play_button), "circular");
  gtk_widget_add_css_class (GTK_WIDGET (self->play_button), "suggested-action");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button), _("Play or pause (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Play or pause"), -1);
  g_signal_connect (self->play_button, "clicked", G_CALLBACK (play_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->play_button));

  self->time_label = GTK_LABEL (gtk_label_new ("0:00.0"));
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "numeric");
  gtk_widget_add_css_class (GTK_WIDGET (self->time_label), "title-4");
  gtk_label_set_width_chars (self->time_label, 8);
  gtk_label_set_xalign (self->time_label, 1.0);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->time_label));

  self->timeline = PROPRIO_REVIEW_TIMELINE (proprio_review_timeline_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->timeline), TRUE);
  g_signal_connect (self->timeline, "seek", G_CALLBACK (timeline_seek_cb), self);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->timeline));
  self->event_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->event_label, 0);
  gtk_label_set_ellipsize (self->event_label, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->event_label), "dim-label");
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (self->event_label));
  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (bar), column);

  for (guint i = 0; i < PROPRIO_REVIEW_N_SPEEDS; i++)
    {
      /* Translators: a replay speed ("0.25×", "2×") */
      labels[i] = g_strdup_printf (_("%g×"), proprio_review_speeds[i]);
      speeds[i] = labels[i];
    }
  self->speed_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (speeds));
  gtk_drop_down_set_selected (self->speed_dropdown, SPEED_1X);
  gtk_widget_set_valign (GTK_WIDGET (self->speed_dropdown), GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->speed_dropdown),
                               _("Replay speed ([ slower, ] faster)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->speed_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Replay speed"), -1);
  g_signal_connect (self->speed_dropdown, "notify::selected", G_CALLBACK (speed_selected_cb),
                    self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (self->speed_dropdown));
  for (guint i = 0; i < PROPRIO_REVIEW_N_SPEEDS; i++)
    g_clear_pointer (&labels[i], g_free);
  return bar;
}

static GtkWidget *
build_review_page (ProprioReviewWindow *self)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  GtkWidget *side = gtk_scrolled_window_new ();

  self->message = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message, TRUE);
  gtk_label_set_xalign (self->message, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->message), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message), 6);
  gtk_widget_add_css_class (GTK_WIDGET (self->message), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->message), FALSE);
  gtk_box_append (GTK_BOX (page), GTK_WIDGET (self->message));

  self->views = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6));
  gtk_box_set_homogeneous (self->views, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->views), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->views), TRUE);
  gtk_widget_set_size_request (GTK_WIDGET (self->views), 480, 320);
  gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (self->views));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);

  self->exercises = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->exercises, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->exercises), "boxed-list");
  gtk_widget_set_margin_start (GTK_WIDGET (self->exercises), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->exercises), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->exercises), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->exercises), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->exercises), GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (side), GTK_WIDGET (self->exercises));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (side), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (side, 340, -1);
  gtk_paned_set_end_child (GTK_PANED (paned), side);
  gtk_paned_set_resize_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (page), paned);

  gtk_box_append (GTK_BOX (page), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (page), build_controls (self));
  return page;
}

static void
proprio_review_window_init (ProprioReviewWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();

  self->cancellable = g_cancellable_new ();
  self->scratch = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  self->speed_index = SPEED_1X;
  gtk_window_set_title (GTK_WINDOW (self), _("Review"));
  gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);
  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Review"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_valign (loading, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (loading), spinner);
  gtk_box_append (GTK_BOX (loading), gtk_label_new (_("Reading the session…")));
  gtk_stack_add_named (self->stack, loading, "loading");
  gtk_stack_add_named (self->stack, build_review_page (self), "review");
  self->error_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->error_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->error_page, _("The Session Cannot Be Read"));
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->error_page), "error");
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stack));
  adw_window_set_content (ADW_WINDOW (self), box);
  _proprio_review_window_add_key_controller (self);
}

static void
proprio_review_window_dispose (GObject *object)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  _proprio_review_window_stop_ticking (self);
  G_OBJECT_CLASS (proprio_review_window_parent_class)->dispose (object);
}

static void
proprio_review_window_finalize (GObject *object)
{
  ProprioReviewWindow *self = PROPRIO_REVIEW_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->review, proprio_review_unref);
  g_clear_pointer (&self->scratch, g_array_unref);
  G_OBJECT_CLASS (proprio_review_window_parent_class)->finalize (object);
}

static void
proprio_review_window_class_init (ProprioReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = proprio_review_window_dispose;
  object_class->finalize = proprio_review_window_finalize;
  _proprio_review_window_install_keys (widget_class);
}

ProprioReviewWindow *
proprio_review_window_new (GtkWindow    *parent,
                           ProprioStore *store,
                           const char   *session_id)
{
  ProprioReviewWindow *self;
  g_autoptr(GTask) task = NULL;
  LoadArgs *args;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (PROPRIO_IS_STORE (store), NULL);
  g_return_val_if_fail (session_id != NULL, NULL);

  self = g_object_new (PROPRIO_TYPE_REVIEW_WINDOW, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  self->session_id = g_strdup (session_id);

  /* The store's _sync calls wait for its own thread, and the files can be large: never on the
   * main loop. */
  args = g_new0 (LoadArgs, 1);
  args->store = g_object_ref (store);
  args->session_id = g_strdup (session_id);
  task = g_task_new (self, self->cancellable, loaded_cb, g_object_ref (self));
  g_task_set_source_tag (task, proprio_review_window_new);
  g_task_set_task_data (task, args, load_args_free);
  g_task_run_in_thread (task, load_thread);
  return self;
}

const char *
proprio_review_window_get_state (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

ProprioReview *
proprio_review_window_get_review (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return self->review;
}

gint64
proprio_review_window_get_position (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), 0);
  return self->position_us;
}

gboolean
proprio_review_window_get_playing (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), FALSE);
  return self->playing;
}

double
proprio_review_window_get_speed (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), 1.0);
  return proprio_review_speeds[self->speed_index];
}

void
proprio_review_window_set_speed (ProprioReviewWindow *self,
                                 double               speed)
{
  guint best = 0;

  g_return_if_fail (PROPRIO_IS_REVIEW_WINDOW (self));
  for (guint i = 1; i < PROPRIO_REVIEW_N_SPEEDS; i++)
    if (fabs (proprio_review_speeds[i] - speed) < fabs (proprio_review_speeds[best] - speed))
      best = i;
  if (best == self->speed_index)
    return;
  self->speed_index = best;
  if (gtk_drop_down_get_selected (self->speed_dropdown) != best)
    gtk_drop_down_set_selected (self->speed_dropdown, best);
}

GtkWidget *
proprio_review_window_get_video (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return self->video != NULL ? GTK_WIDGET (self->video) : NULL;
}

GtkWidget *
proprio_review_window_get_cop_view (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return self->cop_view != NULL ? GTK_WIDGET (self->cop_view) : NULL;
}

GtkWidget *
proprio_review_window_get_emg_view (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return self->emg_view != NULL ? GTK_WIDGET (self->emg_view) : NULL;
}

GtkWidget *
proprio_review_window_get_angle_dial (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return self->angle_dial != NULL ? GTK_WIDGET (self->angle_dial) : NULL;
}

GtkWidget *
proprio_review_window_get_timeline (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  return GTK_WIDGET (self->timeline);
}

const char *
proprio_review_window_get_message (ProprioReviewWindow *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_WINDOW (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->message)))
    return NULL;
  return gtk_label_get_label (self->message);
}
