/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A session records the station's camera (GStreamer's videotestsrc as the camera): frames whose
 * times increase inside the session, that decode to the recording size, listed as the session's
 * "video" stream; nothing while the camera is off or the setting is off; a write error stops the
 * video and nothing else. */
#include "config.h"

#include <ftw.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "report/proprio-bundle.h"
#include "store/proprio-export.h"
#include "store/proprio-video-file.h"
#include "store/proprio-video-recorder.h"
#include "video/proprio-camera-private.h"

#include "proprio-test-records.h"

typedef struct
{
  char *tmp;
  char *data_dir;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->tmp = g_dir_make_tmp ("proprio-session-video-XXXXXX", NULL);
  fx->data_dir = g_build_filename (fx->tmp, "records", NULL);
}

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  nftw (fx->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  g_free (fx->tmp);
  g_free (fx->data_dir);
}

/* --- helpers --- */

/* A station with a device (or none) and the test camera at 1280x720, 30 fps. */
static ProprioStation *
station_with (const char *device_spec)
{
  ProprioStation *station = proprio_station_new ();
  g_autoptr(GError) error = NULL;

  proprio_station_set_sound_enabled (station, FALSE);
  if (device_spec != NULL)
    {
      g_assert_true (proprio_station_set_device_spec (station, device_spec, &error));
      g_assert_no_error (error);
    }
  g_assert_true (proprio_camera_set_spec (proprio_station_get_camera (station),
                                          "test?size=1280x720&fps=30", &error));
  g_assert_no_error (error);
  return station;
}

/* Shows the camera, as a Mirror page on screen does, and waits until it plays. */
static void
hold_camera (ProprioStation *station)
{
  ProprioCamera *camera = proprio_station_get_camera (station);

  proprio_station_hold_camera (station);
  _proprio_camera_settle (camera);
  g_assert_cmpint (proprio_camera_get_state (camera), ==, PROPRIO_CAMERA_STATE_PLAYING);
}

static ProprioSessionController *
open_controller (ProprioStation *station,
                 Fixture        *fx)
{
  ProprioSessionController *controller = proprio_session_controller_new (station, fx->data_dir);
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("V-1");
  g_autoptr(GError) error = NULL;

  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  g_assert_true (proprio_store_save_patient_sync (proprio_session_controller_get_store (controller),
                                                  patient, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_session_controller_set_patient (controller, patient, &error));
  g_assert_no_error (error);
  return controller;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static void
begin (ProprioSessionController *controller)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;

  proprio_session_controller_begin_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  g_assert_true (proprio_session_controller_begin_session_finish (controller, result, &error));
  g_assert_no_error (error);
  g_object_unref (result);
}

static ProprioSession *
end (ProprioSessionController *controller)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  ProprioSession *session;

  proprio_session_controller_end_session_async (controller, NULL, done_cb, &result);
  g_assert_true (proprio_records_wait (has_result, &result, 30000));
  session = proprio_session_controller_end_session_finish (controller, result, &error);
  g_assert_no_error (error);
  g_object_unref (result);
  return session;
}

typedef struct
{
  ProprioSessionController *controller;
  guint                     frames;
} FramesWait;

static gboolean
has_frames (gpointer data)
{
  FramesWait *wait = data;

  return proprio_session_controller_get_video_frames (wait->controller) >= wait->frames;
}

static gboolean
idle_controller (gpointer data)
{
  return proprio_session_controller_get_n_pending (data) == 0;
}

/* The session's "video" stream as the store lists it, or NULL. */
static ProprioStreamInfo *
video_stream (ProprioSessionController *controller,
              const char               *session_id)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GError) error = NULL;

  streams = proprio_store_list_streams_sync (proprio_session_controller_get_store (controller),
                                             session_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < streams->len; i++)
    {
      ProprioStreamInfo *info = streams->pdata[i];

      if (g_str_equal (info->name, PROPRIO_VIDEO_STREAM_NAME))
        return proprio_stream_info_copy (info);
    }
  return NULL;
}

static void
assert_decodes (ProprioVideoFile *video,
                guint             index,
                int               width,
                int               height)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) jpeg = proprio_video_file_read (video, index, &error);
  GdkPixbuf *pixbuf;

  g_assert_no_error (error);
  g_assert_nonnull (loader);
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, jpeg, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  g_assert_nonnull (pixbuf);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
}

static gint
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* --- tests --- */

static void
test_records_the_camera (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance");
  g_autoptr(ProprioSessionController) controller = open_controller (station, fx);
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioStreamInfo) info = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(GError) error = NULL;
  FramesWait wait = { controller, 45 };
  gint64 previous = G_MININT64;
  guint n;

  g_assert_true (proprio_session_controller_get_record_video (controller));
  hold_camera (station);
  begin (controller);
  g_assert_true (proprio_records_wait (has_frames, &wait, 60000));
  g_assert_cmpuint (proprio_session_controller_get_video (controller), ==,
                    PROPRIO_SESSION_VIDEO_RECORDING);
  g_assert_nonnull (proprio_session_controller_get_video_path (controller));
  session = end (controller);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));
  g_assert_cmpuint (proprio_session_controller_get_video (controller), ==,
                    PROPRIO_SESSION_VIDEO_NONE);

  /* Listed as the session's "video" stream, with the rate it had. */
  info = video_stream (controller, session->id);
  g_assert_nonnull (info);
  g_assert_true (g_str_has_suffix (info->path, "/video.csv"));
  g_assert_cmpfloat (info->rate_hz, >, 5);
  g_assert_cmpfloat (info->rate_hz, <=, 31);

  video = proprio_video_file_open (info->path, &error);
  g_assert_no_error (error);
  n = proprio_video_file_get_n_frames (video);
  g_assert_cmpuint (n, >=, 45);
  for (guint i = 0; i < n; i++)
    {
      gint64 t_us = proprio_video_file_get_time (video, i);
      guint width, height;

      /* On the session's clock, inside it, strictly increasing. */
      g_assert_cmpint (t_us, >=, session->start_us);
      g_assert_cmpint (t_us, <=, session->end_us);
      g_assert_cmpint (t_us, >, previous);
      previous = t_us;
      proprio_video_file_get_size (video, i, &width, &height);
      g_assert_cmpuint (width, ==, 640);
      g_assert_cmpuint (height, ==, 360);
    }
  /* Frames come at the camera's rate, not in bursts: the median step is about 33 ms. */
  {
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (gint64));
    gint64 median;

    for (guint i = 1; i < n; i++)
      {
        gint64 step = proprio_video_file_get_time (video, i) -
                      proprio_video_file_get_time (video, i - 1);

        g_array_append_val (steps, step);
      }
    g_array_sort (steps, compare_int64);
    median = g_array_index (steps, gint64, steps->len / 2);
    g_assert_cmpint (median, >=, 25000);
    g_assert_cmpint (median, <=, 45000);
  }
  assert_decodes (video, 0, 640, 360);
  assert_decodes (video, n / 2, 640, 360);
  assert_decodes (video, n - 1, 640, 360);

  /* The CSV export copies the video along, readable as it was; an anonymised one leaves it out
   * (it shows the patient); EDF+ has no room for it and exports the rest. */
  {
    ProprioStore *store = proprio_session_controller_get_store (controller);
    g_autofree char *csv = g_build_filename (fx->tmp, "export", NULL);
    g_autofree char *anon = g_build_filename (fx->tmp, "export-anon", NULL);
    g_autofree char *edf = g_build_filename (fx->tmp, "export.edf", NULL);
    g_autofree char *copy = g_build_filename (csv, "video.csv", NULL);
    g_autofree char *copy_frames = g_build_filename (csv, "video.mjpeg", NULL);
    g_autofree char *anon_copy = g_build_filename (anon, "video.csv", NULL);
    g_autofree char *anon_frames = g_build_filename (anon, "video.mjpeg", NULL);
    g_autoptr(ProprioVideoFile) exported = NULL;

    g_assert_true (proprio_export_session (store, session->id, PROPRIO_EXPORT_CSV, csv,
                                           PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    exported = proprio_video_file_open (copy, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (proprio_video_file_get_n_frames (exported), ==, n);
    g_assert_cmpint (proprio_video_file_get_time (exported, n - 1), ==,
                     proprio_video_file_get_time (video, n - 1));
    g_assert_true (g_file_test (copy_frames, G_FILE_TEST_IS_REGULAR));
    assert_decodes (exported, n / 2, 640, 360);

    g_assert_true (proprio_export_session (store, session->id, PROPRIO_EXPORT_CSV, anon,
                                           PROPRIO_EXPORT_ANONYMISE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (anon_copy, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (anon_frames, G_FILE_TEST_EXISTS));

    g_assert_true (proprio_export_session (store, session->id, PROPRIO_EXPORT_EDF, edf,
                                           PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
  }

  /* The snapshot bundle holds it too, and says so; anonymised, it says why it does not. */
  {
    ProprioStore *store = proprio_session_controller_get_store (controller);
    ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4 };
    g_autofree char *bundles = g_build_filename (fx->tmp, "bundles", NULL);
    g_autofree char *bundle = NULL;
    g_autofree char *anon = NULL;
    g_autofree char *json = NULL;
    g_autofree char *anon_json = NULL;
    g_autofree char *json_path = NULL;
    g_autofree char *frames = NULL;

    g_assert_cmpint (g_mkdir (bundles, 0700), ==, 0);
    bundle = proprio_bundle_export (store, session->id, bundles, &options, &error);
    g_assert_no_error (error);
    frames = g_build_filename (bundle, "video.mjpeg", NULL);
    g_assert_true (g_file_test (frames, G_FILE_TEST_IS_REGULAR));
    json_path = g_build_filename (bundle, "session.json", NULL);
    g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
    g_assert_nonnull (strstr (json, "\"frames\" : \"video.mjpeg\""));

    options.anonymise = TRUE;
    anon = proprio_bundle_export (store, session->id, bundles, &options, &error);
    g_assert_no_error (error);
    g_clear_pointer (&frames, g_free);
    frames = g_build_filename (anon, "video.mjpeg", NULL);
    g_assert_false (g_file_test (frames, G_FILE_TEST_EXISTS));
    g_clear_pointer (&json_path, g_free);
    json_path = g_build_filename (anon, "session.json", NULL);
    g_assert_true (g_file_get_contents (json_path, &anon_json, NULL, NULL));
    g_assert_nonnull (strstr (anon_json, "The video is not in an anonymised bundle"));
  }

  proprio_station_release_camera (station);
  proprio_session_controller_close (controller);

  /* proprio-cli sessions tells which sessions have video. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) env = g_environ_setenv (g_get_environ (), "PROPRIO_DATA_DIR", fx->data_dir,
                                          TRUE);
    const char *argv[] = { g_getenv ("PROPRIO_CLI"), "sessions", "--json", NULL };
    int status = -1;

    g_assert_nonnull (argv[0]);
    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status, ==, 0);
    g_assert_nonnull (strstr (out, "\"video\":true"));
  }
}

static void
test_camera_off_records_nothing (Fixture       *fx,
                                 gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance");
  g_autoptr(ProprioSessionController) controller = open_controller (station, fx);
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioStreamInfo) info = NULL;
  g_autofree char *index = NULL;
  g_autofree char *mjpeg = NULL;

  /* Nothing shows the camera: it does not run, and the session says so. */
  begin (controller);
  g_assert_cmpuint (proprio_session_controller_get_video (controller), ==,
                    PROPRIO_SESSION_VIDEO_CAMERA_OFF);
  proprio_records_wait_ms (500);
  g_assert_cmpuint (proprio_session_controller_get_video_frames (controller), ==, 0);
  session = end (controller);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));

  /* No empty files, no stream that is not there. */
  index = g_build_filename (session->folder, "video.csv", NULL);
  mjpeg = g_build_filename (session->folder, "video.mjpeg", NULL);
  g_assert_false (g_file_test (index, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (mjpeg, G_FILE_TEST_EXISTS));
  info = video_stream (controller, session->id);
  g_assert_null (info);
  proprio_session_controller_close (controller);
}

static void
on_camera_frame (ProprioCamera *camera,
                 ProprioFrame  *frame,
                 guint         *frames)
{
  (*frames)++;
}

static gboolean
has_camera_frames (gpointer data)
{
  return *(guint *) data >= 30;
}

static void
test_setting_off_records_nothing (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with (NULL);
  g_autoptr(ProprioSessionController) controller = open_controller (station, fx);
  g_autoptr(ProprioSession) session = NULL;
  g_autofree char *index = NULL;
  guint frames = 0;

  proprio_session_controller_set_record_video (controller, FALSE);
  hold_camera (station);
  g_signal_connect (proprio_station_get_camera (station), "frame", G_CALLBACK (on_camera_frame),
                    &frames);
  begin (controller);
  /* The camera runs and shows frames all along; none is recorded. */
  g_assert_true (proprio_records_wait (has_camera_frames, &frames, 30000));
  g_assert_cmpuint (proprio_session_controller_get_video (controller), ==,
                    PROPRIO_SESSION_VIDEO_NONE);
  g_assert_false (proprio_camera_get_recording (proprio_station_get_camera (station)));
  session = end (controller);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));
  index = g_build_filename (session->folder, "video.csv", NULL);
  g_assert_false (g_file_test (index, G_FILE_TEST_EXISTS));
  g_signal_handlers_disconnect_by_func (proprio_station_get_camera (station), on_camera_frame,
                                        &frames);
  proprio_station_release_camera (station);
  proprio_session_controller_close (controller);
}

typedef struct
{
  char     *message;
  gboolean  failed;
  guint     count;
} Problem;

static void
problem_cb (ProprioSessionController *controller,
            const char               *message,
            gboolean                  failed,
            Problem                  *problem)
{
  g_free (problem->message);
  problem->message = g_strdup (message);
  problem->failed = problem->failed || failed;
  problem->count++;
}

static gboolean
video_stopped (gpointer data)
{
  return proprio_session_controller_get_video (data) == PROPRIO_SESSION_VIDEO_STOPPED;
}

static void
test_write_error_stops_video_only (Fixture       *fx,
                                   gconstpointer  data)
{
  g_autoptr(ProprioStation) station = station_with ("sim:balance?rate=400");
  g_autoptr(ProprioSessionController) controller = open_controller (station, fx);
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mjpeg = NULL;
  g_autofree char *balance = NULL;
  FramesWait wait = { controller, 20 };
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  guint64 samples;
  GStatBuf st;
  Problem problem = { 0 };

  g_signal_connect (controller, "problem", G_CALLBACK (problem_cb), &problem);
  hold_camera (station);
  begin (controller);
  g_assert_true (proprio_records_wait (has_frames, &wait, 60000));
  mjpeg = g_build_filename (proprio_session_controller_get_session (controller)->folder,
                            "video.mjpeg", NULL);
  balance = g_build_filename (proprio_session_controller_get_session (controller)->folder,
                              "balance.csv", NULL);

  /* The disk fills up, as far as this process goes: a file size limit a little above what the
   * video holds now (the balance file is far smaller and stays under it). */
  g_assert_cmpint (g_stat (mjpeg, &st), ==, 0);
  getrlimit (RLIMIT_FSIZE, &saved);
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  limit = saved;
  limit.rlim_cur = st.st_size + 64 * 1024;
  setrlimit (RLIMIT_FSIZE, &limit);
  g_assert_true (proprio_records_wait (video_stopped, controller, 30000));
  setrlimit (RLIMIT_FSIZE, &saved);
  signal (SIGXFSZ, saved_handler);

  /* Said in words; the video stopped, the session did not. */
  g_assert_nonnull (problem.message);
  g_assert_nonnull (strstr (problem.message, "Video recording stopped"));
  g_assert_false (problem.failed);
  g_assert_true (proprio_session_controller_is_recording (controller));
  g_assert_false (proprio_session_controller_get_failed (controller));
  g_assert_false (proprio_camera_get_recording (proprio_station_get_camera (station)));
  samples = proprio_session_controller_get_samples (controller);
  proprio_records_wait_ms (1200);
  g_assert_cmpuint (proprio_session_controller_get_samples (controller), >, samples);

  session = end (controller);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  /* What was written before is whole and readable. */
  {
    g_autoptr(ProprioStreamInfo) info = video_stream (controller, session->id);

    g_assert_nonnull (info);
    video = proprio_video_file_open (info->path, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (proprio_video_file_get_n_frames (video), >=, 20);
    assert_decodes (video, proprio_video_file_get_n_frames (video) - 1, 640, 360);
  }
  g_assert_cmpuint (proprio_records_rows (balance), >=, 400);
  g_free (problem.message);
  proprio_station_release_camera (station);
  proprio_session_controller_close (controller);
}

/* --- kill -9 --- */

static char *self_path;

static gboolean
quit_loop (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

/* The child: records a session with the camera until it is killed. */
static int
record_child (const char *data_dir)
{
  g_autoptr(ProprioStation) station = NULL;
  g_autoptr(ProprioSessionController) controller = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Fixture fx = { .data_dir = (char *) data_dir };

  gst_init (NULL, NULL);
  station = station_with ("sim:balance");
  controller = open_controller (station, &fx);
  hold_camera (station);
  begin (controller);
  g_timeout_add_seconds (120, quit_loop, loop);
  g_main_loop_run (loop);
  return 0;
}

static char *
wait_for_file (const char *data_dir,
               const char *name,
               guint       lines)
{
  g_autofree char *sessions = g_build_filename (data_dir, "sessions", NULL);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GDir) dir = g_dir_open (sessions, 0, NULL);
      const char *session = dir != NULL ? g_dir_read_name (dir) : NULL;
      g_autofree char *path = session != NULL ? g_build_filename (sessions, session, name, NULL)
                                              : NULL;

      if (path != NULL && proprio_records_rows (path) >= lines)
        return g_steal_pointer (&path);
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static void
test_kill_9_keeps_the_video (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStation) station = NULL;
  g_autoptr(ProprioSessionController) controller = NULL;
  g_autoptr(ProprioStreamInfo) info = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autofree char *index = NULL;
  ProprioSession *session;
  gint64 killed_at;
  guint n;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--record-child",
                            fx->data_dir, NULL);
  g_assert_no_error (error);
  index = wait_for_file (fx->data_dir, "video.csv", 30);
  g_usleep (1500000);
  killed_at = g_get_monotonic_time ();
  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));

  /* The next program finds the session recovered, its video listed, whole and readable up to
   * about the last second. */
  station = station_with (NULL);
  controller = proprio_session_controller_new (station, fx->data_dir);
  proprio_session_controller_open (controller);
  g_assert_cmpint (proprio_records_wait_open (controller), ==, PROPRIO_RECORDS_READY);
  g_assert_true (proprio_records_wait (idle_controller, controller, 30000));
  g_assert_cmpuint (proprio_session_controller_get_recovered (controller)->len, ==, 1);
  session = proprio_session_controller_get_recovered (controller)->pdata[0];
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_RECOVERED);
  info = video_stream (controller, session->id);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->path, ==, index);
  video = proprio_video_file_open (info->path, &error);
  g_assert_no_error (error);
  n = proprio_video_file_get_n_frames (video);
  g_assert_cmpuint (n, >=, 30);
  /* Synced once a second: at most some 2 s lost, with a loaded machine's slack. */
  g_assert_cmpint (proprio_video_file_get_time (video, n - 1), >=,
                   killed_at - 2500 * G_TIME_SPAN_MILLISECOND);
  assert_decodes (video, n - 1, 640, 360);
  proprio_session_controller_close (controller);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--record-child"))
    return record_child (argv[2]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add ("/session-video/records-the-camera", Fixture, NULL, fixture_set_up,
              test_records_the_camera, fixture_tear_down);
  g_test_add ("/session-video/camera-off-records-nothing", Fixture, NULL, fixture_set_up,
              test_camera_off_records_nothing, fixture_tear_down);
  g_test_add ("/session-video/setting-off-records-nothing", Fixture, NULL, fixture_set_up,
              test_setting_off_records_nothing, fixture_tear_down);
  g_test_add ("/session-video/write-error-stops-video-only", Fixture, NULL, fixture_set_up,
              test_write_error_stops_video_only, fixture_tear_down);
  g_test_add ("/session-video/kill-9-keeps-the-video", Fixture, NULL, fixture_set_up,
              test_kill_9_keeps_the_video, fixture_tear_down);
  return g_test_run ();
}
