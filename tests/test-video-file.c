/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-video-file"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "store/proprio-video-file.h"

/* JPEG-shaped frames: the start-of-image marker, a payload that tells frames apart, and the
 * end-of-image marker. The video file never decodes; the recording test checks real JPEGs. */
static GBytes *
fake_jpeg (guint  seed,
           gsize  length)
{
  guint8 *data = g_malloc (length);

  g_assert_cmpuint (length, >=, 4);
  for (gsize i = 0; i < length; i++)
    data[i] = (guint8) ((seed * 31 + i * 7) & 0xFF);
  data[0] = 0xFF;
  data[1] = 0xD8;
  data[length - 2] = 0xFF;
  data[length - 1] = 0xD9;
  return g_bytes_new_take (data, length);
}

typedef struct
{
  char *dir;
  char *index;
  char *mjpeg;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("proprio-video-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->index = g_build_filename (f->dir, "video.csv", NULL);
  f->mjpeg = g_build_filename (f->dir, "video.mjpeg", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_unlink (f->index);
  g_unlink (f->mjpeg);
  g_rmdir (f->dir);
  g_free (f->index);
  g_free (f->mjpeg);
  g_free (f->dir);
}

/* Writes `n` frames 33 333 µs apart from t0, of 100 + 13·i bytes; closes the files. */
static void
write_frames (Fixture *f,
              guint    n,
              gint64   t0)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoWriter) writer = proprio_video_writer_create (f->index, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) frame = fake_jpeg (i, 100 + 13 * i);
      gsize length;
      const guint8 *data = g_bytes_get_data (frame, &length);

      g_assert_true (proprio_video_writer_append (writer, t0 + i * 33333, data, length, 640, 360,
                                                  &error));
      g_assert_no_error (error);
    }
  g_assert_true (proprio_video_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_writer_get_n_frames (writer), ==, n);
  g_assert_cmpuint (proprio_video_writer_get_n_frames_synced (writer), ==, n);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autofree char *mjpeg = NULL;
  gsize mjpeg_length, expected_length = 0;
  GStatBuf st;

  write_frames (f, 40, 5000000);
  g_assert_cmpint (g_stat (f->mjpeg, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (f->index, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GBytes) expected = fake_jpeg (i, 100 + 13 * i);
      g_autoptr(GBytes) frame = proprio_video_file_read (video, i, &error);
      guint width, height;

      g_assert_no_error (error);
      g_assert_cmpint (proprio_video_file_get_time (video, i), ==, 5000000 + i * 33333);
      g_assert_true (g_bytes_equal (frame, expected));
      proprio_video_file_get_size (video, i, &width, &height);
      g_assert_cmpuint (width, ==, 640);
      g_assert_cmpuint (height, ==, 360);
      expected_length += 100 + 13 * i;
    }
  g_assert_cmpfloat_with_epsilon (proprio_video_file_get_duration (video), 39 * 0.033333, 1e-9);
  g_assert_cmpuint (proprio_video_file_get_bytes (video), ==, expected_length);

  /* The frames file is plain motion JPEG: the frames back to back, nothing else. */
  g_assert_true (g_file_get_contents (f->mjpeg, &mjpeg, &mjpeg_length, NULL));
  g_assert_cmpuint (mjpeg_length, ==, expected_length);
  g_assert_cmpuint ((guint8) mjpeg[0], ==, 0xFF);
  g_assert_cmpuint ((guint8) mjpeg[1], ==, 0xD8);

  /* Past the end is an error, not a crash. */
  g_assert_null (proprio_video_file_read (video, 40, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  guint index = 999;

  write_frames (f, 10, 1000000);
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);

  /* Exactly on a frame: that frame. */
  g_assert_true (proprio_video_file_find (video, 1000000 + 3 * 33333, &index));
  g_assert_cmpuint (index, ==, 3);
  g_assert_true (proprio_video_file_find (video, 1000000, &index));
  g_assert_cmpuint (index, ==, 0);
  /* Between two frames: the earlier, the one on screen then. */
  g_assert_true (proprio_video_file_find (video, 1000000 + 3 * 33333 + 33332, &index));
  g_assert_cmpuint (index, ==, 3);
  /* Before the first: none, and index is left alone. */
  index = 999;
  g_assert_false (proprio_video_file_find (video, 999999, &index));
  g_assert_cmpuint (index, ==, 999);
  g_assert_false (proprio_video_file_find (video, G_MININT64, &index));
  /* After the last: the last. */
  g_assert_true (proprio_video_file_find (video, G_MAXINT64, &index));
  g_assert_cmpuint (index, ==, 9);
  g_assert_true (proprio_video_file_find (video, 1000000 + 9 * 33333 + 1, &index));
  g_assert_cmpuint (index, ==, 9);
}

static void
test_find_empty_and_equal_times (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(ProprioVideoWriter) writer = NULL;
  g_autoptr(GBytes) frame = fake_jpeg (1, 64);
  gsize length;
  const guint8 *bytes = g_bytes_get_data (frame, &length);
  guint index = 0;

  writer = proprio_video_writer_create (f->index, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_video_writer_flush (writer, &error));
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 0);
  g_assert_false (proprio_video_file_find (video, 0, &index));
  g_assert_cmpfloat (proprio_video_file_get_duration (video), ==, 0);
  g_clear_pointer (&video, proprio_video_file_free);

  /* Two frames in the same µs: the later one is what was on screen. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (proprio_video_writer_append (writer, i < 2 ? 100 : 200, bytes, length, 0, 0,
                                                &error));
  g_assert_true (proprio_video_writer_close (writer, &error));
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_video_file_find (video, 150, &index));
  g_assert_cmpuint (index, ==, 1);
}

static void
append_text (const char *path,
             const char *text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = g_file_append_to (file, G_FILE_CREATE_NONE, NULL, NULL);

  g_assert_nonnull (out);
  g_assert_true (g_output_stream_write_all (G_OUTPUT_STREAM (out), text, strlen (text), NULL,
                                            NULL, NULL));
}

static void
test_cut_tail (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autofree char *index = NULL;
  gsize mjpeg_length = 0;

  write_frames (f, 5, 0);
  for (guint i = 0; i < 5; i++)
    mjpeg_length += 100 + 13 * i;
  /* A crash: a frame's bytes reached the frames file half-way, its index line never came; an
   * index line for a frame that never reached the disk; and a line cut short. */
  append_text (f->mjpeg, "\xFF\xD8 half a frame");
  index = g_strdup_printf ("200000,%" G_GSIZE_FORMAT ",5000,640,360\n200001,9", mjpeg_length);
  append_text (f->index, index);

  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 5);
  g_assert_cmpint (proprio_video_file_get_time (video, 4), ==, 4 * 33333);
}

static void
test_cut_tail_only_line (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;

  /* The header itself cut short: a recording that died at once is not an index. */
  g_assert_true (g_file_set_contents (f->mjpeg, "", 0, NULL));
  g_assert_true (g_file_set_contents (f->index, "t_us,offset,by", -1, NULL));
  video = proprio_video_file_open (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (video);
}

/* An exported copy starts with a comment line saying where it came from: still an index. */
static void
test_comment_lines (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autofree char *index = NULL;
  g_autofree char *text = NULL;

  write_frames (f, 3, 100);
  g_assert_true (g_file_get_contents (f->index, &index, NULL, NULL));
  text = g_strconcat ("# session 2026-05-06T09:08:00Z, sim:balance, Proprio 1.0\n", index, NULL);
  g_assert_true (g_file_set_contents (f->index, text, -1, NULL));
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 3);
  g_assert_cmpint (proprio_video_file_get_time (video, 2), ==, 100 + 2 * 33333);
}

static void
test_corrupt_line (Fixture       *f,
                   gconstpointer  data)
{
  static const char *damage[] = {
    "0,0,100,640,360\nbanana\n100,100,113,640,360\n",       /* not numbers */
    "0,0,100,640,360\n100,100\n200,100,113,640,360\n",     /* too few fields */
    "0,0,100,640,360\n50,101,99,640,360\n100,213,126,640,360\n", /* not at a JPEG start */
    "0,0,100,640,360\n100,100,9999999,640,360\n200,100,113,640,360\n", /* past the end */
    "0,0,100,640,360\n-5,100,113,640,360\n200,213,126,640,360\n", /* time goes back */
    "0,0,100,640,360\n\n100,100,113,640,360\n",            /* an empty line */
    "0,0,100,640,360\n100,100,113,640,360,7\n200,213,126,640,360\n", /* too many fields */
    "0,0,100,640,360\n100,100,113,99999,360\n200,213,126,640,360\n", /* width out of range */
  };

  write_frames (f, 3, 0);
  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioVideoFile) video = NULL;
      g_autofree char *text = g_strconcat ("t_us,offset,bytes,width,height\n", damage[i], NULL);

      g_test_message ("damage %u", i);
      g_assert_true (g_file_set_contents (f->index, text, -1, NULL));
      video = proprio_video_file_open (f->index, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_null (video);
      /* The message names the file and the line, for whoever looks at it. */
      g_assert_nonnull (strstr (error->message, "video.csv"));
      g_assert_nonnull (strstr (error->message, "line 3"));
    }
}

static void
test_not_an_index (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;

  write_frames (f, 2, 0);
  g_assert_true (g_file_set_contents (f->index, "t_us,cop_x_mm,cop_y_mm\n0,1,2\n", -1, NULL));
  video = proprio_video_file_open (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  video = proprio_video_file_open (f->mjpeg, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
  g_assert_null (video);
}

static void
test_missing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;

  video = proprio_video_file_open (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (video);
  g_clear_error (&error);

  /* The index without its frames (moved away by hand): as clear. */
  write_frames (f, 2, 0);
  g_assert_cmpint (g_unlink (f->mjpeg), ==, 0);
  video = proprio_video_file_open (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "video.mjpeg"));
}

static void
test_shortened_after_open (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(GBytes) frame = NULL;

  write_frames (f, 3, 0);
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpint (truncate (f->mjpeg, 150), ==, 0);
  frame = proprio_video_file_read (video, 2, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_null (frame);
  g_clear_error (&error);
  frame = proprio_video_file_read (video, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (frame), ==, 100);
}

static void
test_never_overwrites (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoWriter) writer = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;

  write_frames (f, 4, 0);
  writer = proprio_video_writer_create (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_null (writer);
  g_clear_error (&error);
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 4);
  g_clear_pointer (&video, proprio_video_file_free);

  /* Only the index is there: it stays, and no frames file is left behind. */
  g_assert_cmpint (g_unlink (f->mjpeg), ==, 0);
  writer = proprio_video_writer_create (f->index, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_false (g_file_test (f->mjpeg, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (f->index, G_FILE_TEST_EXISTS));
}

/* Nothing on the disk names a frame before its flush; after it every frame is there. */
static void
test_index_after_frames (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoWriter) writer = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(GBytes) frame = fake_jpeg (3, 500);
  gsize length;
  const guint8 *bytes = g_bytes_get_data (frame, &length);

  writer = proprio_video_writer_create (f->index, &error);
  g_assert_no_error (error);
  proprio_video_writer_set_sync_interval (writer, 10 * G_USEC_PER_SEC);
  for (guint i = 0; i < 20; i++)
    g_assert_true (proprio_video_writer_append (writer, i * 100000, bytes, length, 0, 0, &error));
  g_assert_cmpuint (proprio_video_writer_get_n_frames_synced (writer), ==, 0);
  g_assert_cmpuint (proprio_video_writer_get_bytes (writer), ==, 20 * 500);
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 0);
  g_clear_pointer (&video, proprio_video_file_free);

  g_assert_true (proprio_video_writer_flush (writer, &error));
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 20);
  g_clear_pointer (&video, proprio_video_file_free);

  /* The interval passed in frame time: append flushes by itself. */
  proprio_video_writer_set_sync_interval (writer, G_USEC_PER_SEC);
  g_assert_true (proprio_video_writer_append (writer, 2800000, bytes, length, 0, 0, &error));
  g_assert_cmpuint (proprio_video_writer_get_n_frames_synced (writer), ==, 20);
  g_assert_true (proprio_video_writer_append (writer, 2800000 + G_USEC_PER_SEC, bytes, length,
                                              0, 0, &error));
  g_assert_cmpuint (proprio_video_writer_get_n_frames_synced (writer), ==, 22);
}

static void
test_bad_frames_left_out (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioVideoWriter) writer = NULL;
  g_autoptr(ProprioVideoFile) video = NULL;
  g_autoptr(GBytes) frame = fake_jpeg (3, 50);
  gsize length;
  const guint8 *bytes = g_bytes_get_data (frame, &length);
  static const guint8 png[] = { 0x89, 'P', 'N', 'G' };

  writer = proprio_video_writer_create (f->index, &error);
  g_assert_no_error (error);
  g_assert_true (proprio_video_writer_append (writer, 1000, bytes, length, 0, 0, &error));
  g_assert_false (proprio_video_writer_append (writer, 2000, png, sizeof png, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (proprio_video_writer_append (writer, 999, bytes, length, 0, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  /* Neither stopped the recording. */
  g_assert_true (proprio_video_writer_append (writer, 3000, bytes, length, 0, 0, &error));
  g_assert_true (proprio_video_writer_close (writer, &error));
  video = proprio_video_file_open (f->index, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 2);
  g_assert_cmpint (proprio_video_file_get_time (video, 1), ==, 3000);
}

/* A full disk (here: the largest file size this process may write) stops the video with a
 * message that says so; every frame flushed before it stays readable. Runs in a child, since the
 * limit is for the whole process. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioVideoWriter) writer = NULL;
      g_autoptr(ProprioVideoFile) video = NULL;
      g_autoptr(GBytes) frame = fake_jpeg (3, 1000);
      struct rlimit limit = { 20500, 20500 };
      gsize length;
      const guint8 *bytes = g_bytes_get_data (frame, &length);
      guint appended = 0;
      GStatBuf st;

      writer = proprio_video_writer_create (f->index, &error);
      g_assert_no_error (error);
      proprio_video_writer_set_sync_interval (writer, 0);
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      while (proprio_video_writer_append (writer, appended * 1000, bytes, length, 0, 0, &error))
        appended++;
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
      g_assert_nonnull (strstr (error->message, "disk is full"));
      g_clear_error (&error);
      g_assert_cmpuint (appended, ==, 20);
      /* Stopped for good, and the frames file ends with the last whole frame. */
      g_assert_false (proprio_video_writer_append (writer, 10000000, bytes, length, 0, 0,
                                                   &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_clear_error (&error);
      g_assert_cmpint (g_stat (f->mjpeg, &st), ==, 0);
      g_assert_cmpint (st.st_size, ==, 20 * 1000);
      g_assert_false (proprio_video_writer_close (writer, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_clear_error (&error);

      video = proprio_video_file_open (f->index, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (proprio_video_file_get_n_frames (video), ==, 20);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/video-file/round-trip", test_round_trip);
  ADD ("/video-file/find", test_find);
  ADD ("/video-file/find-empty-and-equal-times", test_find_empty_and_equal_times);
  ADD ("/video-file/cut-tail-ignored", test_cut_tail);
  ADD ("/video-file/cut-header-is-an-error", test_cut_tail_only_line);
  ADD ("/video-file/comment-lines", test_comment_lines);
  ADD ("/video-file/corrupt-line-is-an-error", test_corrupt_line);
  ADD ("/video-file/not-an-index", test_not_an_index);
  ADD ("/video-file/missing", test_missing);
  ADD ("/video-file/shortened-after-open", test_shortened_after_open);
  ADD ("/video-file/writer-never-overwrites", test_never_overwrites);
  ADD ("/video-file/writer-index-after-frames", test_index_after_frames);
  ADD ("/video-file/writer-bad-frames-left-out", test_bad_frames_left_out);
  ADD ("/video-file/writer-disk-full", test_disk_full);
#undef ADD

  return g_test_run ();
}
