/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "store/proprio-store.h"
#include "store/proprio-video-file.h"

G_BEGIN_DECLS

/* A past session read back for review: its stream files as samples (on the monotonic clock they
 * were recorded on), its events and exercises, and each exercise's stored figures next to the same
 * figures recomputed from the raw streams by the code that computed them live:
 *
 *   static test      per completed condition, proprio_sway_compute () on the CoP samples of the
 *                    balance stream in [start-us, start-us + duration-s), with the run's low-pass
 *   activation drill the engine itself, configured with the run's settings and fed the EMG
 *                    stream's samples from the exercise's start to its end
 *   weight shift,    the engine with the run's settings on the balance stream from the start to
 *   limits of        the end; a pause is resumed at the session's "resume" event (recorded when
 *   stability        the therapist goes on); without one the run is not recomputed
 *   jps-protocol,    the engine on the angle or balance stream, the therapist's key replayed at
 *   cop-matching     the instants the run recorded: each key-registered trial's registered-us,
 *                    a target-hit event that ends memorising early, a target-missed event of a
 *                    trial stored as "no-position"; positions measured on frozen frames
 *                    ("stills") are not in the streams, and are not recomputed
 *
 * Other exercises keep their stored figures and say that they are not recomputed. Nothing here
 * fails for a missing or unreadable stream file: the stream carries a message instead, and the
 * exercises that needed it say so. No GTK: loading runs on a worker thread and in tests. */

typedef struct
{
  char              *name;       /* "balance", "emg", "angle", "balance-2", … */
  ProprioStreamKind  kind;
  char              *path;
  GStrv              columns;    /* without t_us; NULL when missing */
  GStrv              labels;     /* a short label per column ("Ch 1"), from the recording's
                                  * channel list; the column name where it has none */
  /* The samples, kept compact (a ProprioSample has room for 32 channels; a recording of an hour
   * has millions of them): n_samples times, strictly increasing, each with its flags and
   * n_channels values (NaN for an empty field) at values[index × n_channels]. */
  guint              n_samples;
  guint              n_channels;
  gint64            *t_us;
  guint32           *flags;
  double            *values;
  char              *problem;    /* why it cannot be replayed (translated), or NULL */
} ProprioReviewStream;

typedef struct
{
  char     *label;       /* "Eyes open: path length" (translated) */
  char     *unit;        /* "mm", "mm²", "s", "" */
  double    stored;      /* NaN when the stored result lacks it */
  double    recomputed;  /* NaN when it could not be recomputed */
  gboolean  agrees;
} ProprioReviewFigure;

typedef enum
{
  PROPRIO_REVIEW_AGREES,        /* every figure recomputed equals the stored one */
  PROPRIO_REVIEW_DISAGREES,     /* at least one does not */
  PROPRIO_REVIEW_MISSING_DATA,  /* the stream it needs is missing or has no samples there */
  PROPRIO_REVIEW_NOT_CHECKED,   /* this exercise's figures are not recomputed */
} ProprioReviewCheck;

typedef struct
{
  ProprioStoredExercise *stored;
  GPtrArray             *figures;   /* ProprioReviewFigure */
  ProprioReviewCheck     check;
  char                  *note;      /* what the check found, in words (translated) */
} ProprioReviewExercise;

typedef struct
{
  ProprioSession *session;
  GPtrArray      *streams;     /* ProprioReviewStream */
  GPtrArray      *events;      /* ProprioEvent, by time */
  GPtrArray      *exercises;   /* ProprioReviewExercise, in order */
  char           *video_path;  /* the "video" stream's index, or NULL */
  ProprioVideoFile *video;     /* opened, with at least one frame; else NULL */
  char           *video_problem; /* why a recorded video cannot be shown (translated), or NULL */
  gint64          start_us;    /* the span to replay: the session, widened to its data */
  gint64          end_us;
} ProprioReview;

/* Two figures agree when they differ by at most this share of the larger (or both are NaN). The
 * stored doubles read back exactly, so the same code on the same samples gives the same bits;
 * the margin only absorbs a different order of summation, never a different sample. */
#define PROPRIO_REVIEW_TOLERANCE 1e-9

/* Reads everything (blocking: a worker thread, the CLI or a test). NULL only when the session
 * itself cannot be read. */
ProprioReview       *proprio_review_load          (ProprioStore        *store,
                                                   const char          *session_id,
                                                   GError             **error);
/* Reference-counted (atomically), so a worker decoding a video frame keeps what it reads. */
ProprioReview       *proprio_review_ref           (ProprioReview       *self);
void                 proprio_review_unref         (ProprioReview       *self);
/* The first stream of `kind` that has samples, or NULL. */
ProprioReviewStream *proprio_review_find_stream   (ProprioReview       *self,
                                                   ProprioStreamKind    kind);
/* Sample `index` (< n_samples) as the views and the engines take it. HAS_COP is set, as for a
 * stream file read back, when every value of the row is present. */
void                 proprio_review_stream_get_sample (const ProprioReviewStream *stream,
                                                       guint                index,
                                                       ProprioSample       *sample);
/* The index of the first sample with t_us > t (n_samples when there is none). */
guint                proprio_review_upper_bound   (const ProprioReviewStream *stream,
                                                   gint64               t_us);
gboolean             proprio_review_figures_agree (double               stored,
                                                   double               recomputed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioReview, proprio_review_unref)

G_END_DECLS
