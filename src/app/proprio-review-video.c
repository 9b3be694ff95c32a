/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-review-video"

#include "config.h"

#include "proprio-review-video.h"

#include <glib/gi18n.h>

struct _ProprioReviewVideo
{
  GtkWidget      parent_instance;

  ProprioReview *review;
  GCancellable  *cancellable;
  GdkTexture    *texture;
  char          *problem;
  guint          shown_index;
  guint          wanted_index;
  guint          decoding_index;
  guint          has_shown : 1;
  guint          has_wanted : 1;
  guint          busy : 1;
  guint          mirrored : 1;
};

G_DEFINE_FINAL_TYPE (ProprioReviewVideo, proprio_review_video, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MIRRORED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  ProprioReview *review;
  guint          index;
} Decode;

static void
decode_free (gpointer data)
{
  Decode *decode = data;

  proprio_review_unref (decode->review);
  g_free (decode);
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Decode *decode = task_data;
  GError *error = NULL;
  g_autoptr(GBytes) bytes = proprio_video_file_read (decode->review->video, decode->index, &error);
  GdkTexture *texture = NULL;

  if (bytes != NULL)
    texture = gdk_texture_new_from_bytes (bytes, &error);
  if (texture != NULL)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, error);
}

static void start_decode (ProprioReviewVideo *self);

static void
decoded_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (object);
  g_autoptr(GError) error = NULL;
  GdkTexture *texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  g_clear_pointer (&self->problem, g_free);
  if (texture == NULL)
    {
      /* Translators: %s says why a video frame could not be shown */
      self->problem = g_strdup_printf (_("This frame cannot be shown: %s"), error->message);
      g_clear_object (&self->texture);
    }
  else
    {
      g_set_object (&self->texture, texture);
      g_object_unref (texture);
    }
  self->shown_index = self->decoding_index;
  self->has_shown = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->has_wanted && self->wanted_index != self->shown_index)
    start_decode (self);
}

static void
start_decode (ProprioReviewVideo *self)
{
  g_autoptr(GTask) task = NULL;
  Decode *decode = g_new0 (Decode, 1);

  decode->review = proprio_review_ref (self->review);
  decode->index = self->wanted_index;
  self->decoding_index = self->wanted_index;
  self->busy = TRUE;
  /* The task holds the widget until it is done, so the callback always has it. */
  task = g_task_new (self, self->cancellable, decoded_cb, NULL);
  g_task_set_source_tag (task, start_decode);
  g_task_set_task_data (task, decode, decode_free);
  g_task_run_in_thread (task, decode_thread);
}

void
proprio_review_video_show_time (ProprioReviewVideo *self,
                                gint64              t_us)
{
  guint index;

  g_return_if_fail (PROPRIO_IS_REVIEW_VIDEO (self));
  if (!proprio_video_file_find (self->review->video, t_us, &index))
    {
      /* Before the camera's first frame. */
      self->has_wanted = FALSE;
      if (self->has_shown || self->texture != NULL)
        {
          self->has_shown = FALSE;
          g_clear_object (&self->texture);
          gtk_widget_queue_draw (GTK_WIDGET (self));
        }
      return;
    }
  self->wanted_index = index;
  self->has_wanted = TRUE;
  if (self->busy || (self->has_shown && self->shown_index == index))
    return;
  start_decode (self);
}

static void
proprio_review_video_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (widget);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double tw, th, scale, w, h;

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0, 0, 0, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->texture == NULL)
    return;
  tw = gdk_texture_get_width (self->texture);
  th = gdk_texture_get_height (self->texture);
  if (tw <= 0 || th <= 0)
    return;
  scale = MIN (width / tw, height / th);
  w = tw * scale;
  h = th * scale;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((width - w) / 2, (height - h) / 2));
  if (self->mirrored)
    {
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (w, 0));
      gtk_snapshot_scale (snapshot, -1, 1);
    }
  gtk_snapshot_append_texture (snapshot, self->texture, &GRAPHENE_RECT_INIT (0, 0, w, h));
  gtk_snapshot_restore (snapshot);
}

static void
proprio_review_video_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640 : 480;
}

static void
proprio_review_video_dispose (GObject *object)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (proprio_review_video_parent_class)->dispose (object);
}

static void
proprio_review_video_finalize (GObject *object)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->review, proprio_review_unref);
  g_free (self->problem);
  G_OBJECT_CLASS (proprio_review_video_parent_class)->finalize (object);
}

static void
proprio_review_video_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (object);

  switch (prop_id)
    {
    case PROP_MIRRORED:
      g_value_set_boolean (value, self->mirrored);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_review_video_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ProprioReviewVideo *self = PROPRIO_REVIEW_VIDEO (object);

  switch (prop_id)
    {
    case PROP_MIRRORED:
      proprio_review_video_set_mirrored (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_review_video_class_init (ProprioReviewVideoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = proprio_review_video_get_property;
  object_class->set_property = proprio_review_video_set_property;
  properties[PROP_MIRRORED] =
    g_param_spec_boolean ("mirrored", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  object_class->dispose = proprio_review_video_dispose;
  object_class->finalize = proprio_review_video_finalize;
  widget_class->snapshot = proprio_review_video_snapshot;
  widget_class->measure = proprio_review_video_measure;
  gtk_widget_class_set_css_name (widget_class, "reviewvideo");
}

static void
proprio_review_video_init (ProprioReviewVideo *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
proprio_review_video_new (ProprioReview *review)
{
  ProprioReviewVideo *self;

  g_return_val_if_fail (review != NULL && review->video != NULL, NULL);
  self = g_object_new (PROPRIO_TYPE_REVIEW_VIDEO, NULL);
  self->review = proprio_review_ref (review);
  return GTK_WIDGET (self);
}

gboolean
proprio_review_video_get_shown_index (ProprioReviewVideo *self,
                                      guint              *index)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_VIDEO (self), FALSE);
  if (!self->has_shown || self->texture == NULL)
    return FALSE;
  if (index != NULL)
    *index = self->shown_index;
  return TRUE;
}

GdkTexture *
proprio_review_video_get_texture (ProprioReviewVideo *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_VIDEO (self), NULL);
  return self->texture;
}

void
proprio_review_video_set_mirrored (ProprioReviewVideo *self,
                                   gboolean            mirrored)
{
  g_return_if_fail (PROPRIO_IS_REVIEW_VIDEO (self));
  mirrored = !!mirrored;
  if (self->mirrored == mirrored)
    return;
  self->mirrored = mirrored;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIRRORED]);
}

gboolean
proprio_review_video_get_mirrored (ProprioReviewVideo *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_VIDEO (self), FALSE);
  return self->mirrored;
}

const char *
proprio_review_video_get_problem (ProprioReviewVideo *self)
{
  g_return_val_if_fail (PROPRIO_IS_REVIEW_VIDEO (self), NULL);
  return self->problem;
}
