/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "store/proprio-stream-file.h"

#include "proprio-test-records.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
proprio_records_wait (gboolean (*condition) (gpointer data),
                      gpointer   data,
                      guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  /* Files fill up on other threads: look again now and then, not only when the context runs. */
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!timed_out && !(condition != NULL && condition (data)))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  if (!timed_out)
    g_source_remove (id);
  return condition != NULL ? condition (data) : TRUE;
}

void
proprio_records_wait_ms (guint ms)
{
  proprio_records_wait (NULL, NULL, ms);
}

static gboolean
opened (gpointer data)
{
  return proprio_session_controller_get_state (data) != PROPRIO_RECORDS_OPENING;
}

ProprioRecordsState
proprio_records_wait_open (ProprioSessionController *controller)
{
  g_assert_true (proprio_records_wait (opened, controller, 30000));
  return proprio_session_controller_get_state (controller);
}

struct _ProprioRingCopy
{
  ProprioStreamReader *reader;
  GArray              *samples;
  guint                timer;
};

static void
copy_samples (const ProprioSample *samples,
              gsize                n,
              gpointer             user_data)
{
  g_array_append_vals (user_data, samples, n);
}

void
proprio_ring_copy_drain (ProprioRingCopy *copy)
{
  proprio_stream_reader_drain (copy->reader, copy_samples, copy->samples);
  /* A copy with holes would prove nothing. */
  g_assert_cmpuint (proprio_stream_reader_take_dropped (copy->reader), ==, 0);
}

static gboolean
drain_cb (gpointer data)
{
  proprio_ring_copy_drain (data);
  return G_SOURCE_CONTINUE;
}

ProprioRingCopy *
proprio_ring_copy_new (ProprioRing *ring)
{
  ProprioRingCopy *copy = g_new0 (ProprioRingCopy, 1);

  copy->reader = proprio_stream_reader_new (512);
  /* From the oldest sample the ring keeps: the session's start is in there. */
  proprio_stream_reader_set_ring (copy->reader, ring, FALSE);
  copy->samples = g_array_new (FALSE, FALSE, sizeof (ProprioSample));
  copy->timer = g_timeout_add (20, drain_cb, copy);
  return copy;
}

GArray *
proprio_ring_copy_get (ProprioRingCopy *copy)
{
  proprio_ring_copy_drain (copy);
  return copy->samples;
}

void
proprio_ring_copy_free (ProprioRingCopy *copy)
{
  g_source_remove (copy->timer);
  proprio_stream_reader_free (copy->reader);
  g_array_unref (copy->samples);
  g_free (copy);
}

static gboolean
same_double (double a,
             double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return memcmp (&a, &b, sizeof a) == 0;
}

guint
proprio_records_assert_file_matches (const char *path,
                                     GArray     *copied,
                                     guint       n_channels)
{
  g_auto(GStrv) columns = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const ProprioSample *first;
  guint offset = 0;

  g_assert_true (proprio_stream_file_read_samples (path, &columns, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (columns), ==, n_channels);
  g_assert_cmpuint (rows->len, >, 0);
  first = &g_array_index (rows, ProprioSample, 0);
  while (offset < copied->len && g_array_index (copied, ProprioSample, offset).t_us < first->t_us)
    offset++;
  g_assert_cmpuint (offset + rows->len, <=, copied->len);
  for (guint i = 0; i < rows->len; i++)
    {
      const ProprioSample *row = &g_array_index (rows, ProprioSample, i);
      const ProprioSample *ring = &g_array_index (copied, ProprioSample, offset + i);

      g_assert_cmpint (row->t_us, ==, ring->t_us);
      for (guint c = 0; c < n_channels; c++)
        if (!same_double (row->values[c], ring->values[c]))
          g_error ("%s row %u column %s: %.17g in the ring, %.17g in the file", path, i,
                   columns[c], ring->values[c], row->values[c]);
    }
  return rows->len;
}

guint
proprio_records_rows (const char *path)
{
  g_autoptr(GArray) rows = NULL;

  if (!proprio_stream_file_read_samples (path, NULL, &rows, NULL))
    return 0;
  return rows->len;
}

gboolean
proprio_records_has_event (GPtrArray  *events,
                           const char *kind)
{
  for (guint i = 0; i < events->len; i++)
    if (g_strcmp0 (((ProprioEvent *) events->pdata[i])->kind, kind) == 0)
      return TRUE;
  return FALSE;
}
