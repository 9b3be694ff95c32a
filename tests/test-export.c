/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export of a stored session: CSV read back as text, EDF+ read back with edflib (rates, values
 * within one digital step, annotations, header), anonymisation, existing and unwritable targets,
 * cancellation and progress. */
#include <edflib.h>
#include <ftw.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/proprio-export.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"

#define PATIENT_NAME "Zoë O'Brien / \"Jo\" 🦶"
#define EMG_N 2500     /* 10 s at 250 Hz */
#define BALANCE_N 1000 /* 10 s at 100 Hz */
#define ANGLE_N 500    /* 10 s at 50 Hz */

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct
{
  char           *tmp;
  char           *out;     /* a folder for outputs */
  ProprioStore   *store;
  ProprioSession *session;
  gint64          t0;
} Fixture;

static double
emg_value (guint i, guint c)
{
  return 180.0 * sin (i * 0.05 * (c + 1)) + c * 7.25 - 3.0;
}

static double
cop_value (guint i, guint c)
{
  return c == 0 ? 12.5 * cos (i * 0.02) : -40.0 + i * 0.01;
}

static gboolean
cop_missing (guint i)
{
  return i >= 300 && i < 310;
}

static void
write_stream (Fixture                  *fx,
              const char               *name,
              ProprioStreamKind         kind,
              const ProprioChannelInfo *channels,
              guint                     n_channels,
              guint                     n,
              gint64                    period_us,
              double                    rate_hz)
{
  g_autofree char *file = g_strconcat (name, ".csv", NULL);
  g_autofree char *path = g_build_filename (fx->session->folder, file, NULL);
  g_autofree char *header = proprio_stream_file_sample_header (channels, n_channels);
  g_autofree char *json = proprio_store_channels_to_json (channels, n_channels);
  g_autoptr(ProprioStreamFile) sf = NULL;
  g_autoptr(GString) line = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  ProprioStreamInfo info = { (char *) name, kind, NULL, rate_hz, json, (char *) "sim:test" };

  sf = proprio_stream_file_create (path, header, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      ProprioSample s = { .t_us = fx->t0 + (gint64) i * period_us, .n_channels = n_channels };

      for (guint c = 0; c < n_channels; c++)
        {
          if (kind == PROPRIO_STREAM_EMG)
            s.values[c] = c == 0 ? i % 256 : emg_value (i, c);
          else if (kind == PROPRIO_STREAM_BALANCE)
            s.values[c] = c < 5 ? 20.0 + c : cop_missing (i) ? NAN : cop_value (i, c - 5);
          else
            s.values[c] = 30.0 + 20.0 * sin (i * 0.03);
        }
      g_string_truncate (line, 0);
      proprio_stream_file_format_sample (line, &s, n_channels);
      proprio_stream_file_append_line (sf, line->str, line->len);
    }
  g_assert_true (proprio_stream_file_close (sf, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_store_add_stream_sync (fx->store, fx->session->id, &info, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  static const ProprioChannelInfo emg[] = {
    { "counter", "Counter", "" }, { "ch1_uv", "Ch 1", "uV" }, { "ch2_uv", "Ch 2", "uV" },
    { "ch3_uv", "Ch 3", "uV" }, { "ch4_uv", "Ch 4", "uV" }, { "ax_g", "ax", "g" },
  };
  static const ProprioChannelInfo balance[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };
  static const ProprioChannelInfo angle[] = { { "knee_deg", "Knee", "deg" } };
  g_autofree char *data_dir = NULL;
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("P-07");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_event_free);
  g_autoptr(GDateTime) started = g_date_time_new_utc (2026, 5, 6, 7, 8, 9.0);
  g_auto(GVariantBuilder) settings = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_auto(GVariantBuilder) results = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(ProprioExerciseResult) result = NULL;

  fx->tmp = g_dir_make_tmp ("proprio-export-XXXXXX", NULL);
  data_dir = g_build_filename (fx->tmp, "data", NULL);
  fx->out = g_build_filename (fx->tmp, "out", NULL);
  g_assert_cmpint (g_mkdir (fx->out, 0700), ==, 0);
  fx->store = proprio_sqlite_store_open_sync (data_dir, &error);
  g_assert_no_error (error);
  patient->name = g_strdup (PATIENT_NAME);
  patient->birth_date = g_strdup ("1961-02-28");
  g_assert_true (proprio_store_save_patient_sync (fx->store, patient, FALSE, &error));
  fx->session = proprio_store_begin_session_sync (fx->store, "P-07", "sim:test", &error);
  g_assert_no_error (error);
  fx->t0 = fx->session->start_us + 1000;

  write_stream (fx, "emg", PROPRIO_STREAM_EMG, emg, G_N_ELEMENTS (emg), EMG_N, 4000, 250.0);
  write_stream (fx, "balance", PROPRIO_STREAM_BALANCE, balance, G_N_ELEMENTS (balance),
                BALANCE_N, 10000, 100.0);
  /* No nominal rate known: measured from the data. */
  write_stream (fx, "angle", PROPRIO_STREAM_ANGLE, angle, 1, ANGLE_N, 20000, 0.0);

  g_ptr_array_add (events, proprio_event_new (fx->t0 + 2500000, "cue", "Close your eyes"));
  g_ptr_array_add (events, proprio_event_new (fx->t0 + 7123400, "target", "Target 3, \"left\""));
  g_assert_true (proprio_store_add_events_sync (fx->store, fx->session->id, events, &error));
  g_variant_builder_add (&settings, "{sv}", "duration_s", g_variant_new_double (5.0));
  g_variant_builder_add (&results, "{sv}", "path_length_mm", g_variant_new_double (10.5));
  result = proprio_exercise_result_new ("static-test", "Static balance test",
                                        fx->t0 + 1000000, fx->t0 + 6000000, started,
                                        PROPRIO_EXERCISE_OUTCOME_DONE,
                                        g_variant_builder_end (&settings),
                                        g_variant_builder_end (&results));
  g_assert_true (proprio_store_add_exercise_sync (fx->store, fx->session->id, result, &error));
  g_assert_true (proprio_store_end_session_sync (fx->store, fx->session->id,
                                                 fx->t0 + 10 * G_USEC_PER_SEC, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  proprio_session_free (fx->session);
  remove_tree (fx->tmp);
  g_free (fx->tmp);
  g_free (fx->out);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* --- CSV --- */

static void
test_csv (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fx->out, "csv", NULL);
  g_autofree char *balance = g_build_filename (folder, "balance.csv", NULL);
  g_autofree char *source = g_build_filename (fx->session->folder, "balance.csv", NULL);
  g_autofree char *events = g_build_filename (folder, "events.csv", NULL);
  g_autofree char *exercises = g_build_filename (folder, "exercises.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *original = NULL;
  g_autofree char *start = g_date_time_format_iso8601 (fx->session->started_at);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) source_lines = NULL;
  struct stat st;

  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_CSV, folder,
                                         PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (balance, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (folder), ==, 5);  /* 3 streams, events, exercises */

  text = read_text (balance);
  original = read_text (source);
  lines = g_strsplit (text, "\n", -1);
  source_lines = g_strsplit (original, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "# start: "));
  g_assert_nonnull (strstr (lines[0], start));
  g_assert_nonnull (strstr (lines[0], "device: sim:test"));
  g_assert_nonnull (strstr (lines[0], "software: Proprio "));
  g_assert_nonnull (strstr (lines[0], "patient: P-07"));
  g_assert_nonnull (strstr (lines[0], PATIENT_NAME));
  g_assert_cmpstr (lines[1], ==, "t_us,tl_kg,tr_kg,bl_kg,br_kg,total_kg,cop_x_mm,cop_y_mm");
  /* The rows are the recorded text: numbers read back exactly. */
  g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length (source_lines) + 1);
  for (guint i = 1; source_lines[i] != NULL; i++)
    g_assert_cmpstr (lines[i + 1], ==, source_lines[i]);

  g_clear_pointer (&text, g_free);
  text = read_text (events);
  g_assert_nonnull (strstr (text, "\nt_us,kind,text\n"));
  g_assert_nonnull (strstr (text, "\"Target 3, \"\"left\"\"\""));
  g_clear_pointer (&text, g_free);
  text = read_text (exercises);
  g_assert_nonnull (strstr (text, "\"static-test\""));
  g_assert_nonnull (strstr (text, "2026-05-06T07:08:09"));

  /* Again to the same folder: refused, nothing changed. */
  g_clear_pointer (&text, g_free);
  text = read_text (balance);
  g_assert_false (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_CSV, folder,
                                          PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_pointer (&original, g_free);
  original = read_text (balance);
  g_assert_cmpstr (original, ==, text);
  g_assert_cmpuint (count_entries (folder), ==, 5);

  /* Replacing is asked for: the files are replaced, nothing is left behind. */
  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_CSV, folder,
                                         PROPRIO_EXPORT_REPLACE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (folder), ==, 5);
}

static void
test_csv_anonymised (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (fx->out, "anon", NULL);
  g_autofree char *balance = g_build_filename (folder, "balance.csv", NULL);
  g_autofree char *events = g_build_filename (folder, "events.csv", NULL);
  g_autofree char *exercises = g_build_filename (folder, "exercises.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *year = g_strdup_printf ("%d-", g_date_time_get_year (fx->session->started_at));
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_CSV, folder,
                                         PROPRIO_EXPORT_ANONYMISE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = read_text (balance);
  lines = g_strsplit (text, "\n", -1);
  g_assert_nonnull (strstr (lines[0], "patient: P-07"));
  g_assert_null (strstr (text, "Zo"));
  g_assert_null (strstr (text, "1961-02-28"));
  g_assert_null (strstr (text, "born"));
  g_assert_null (strstr (text, fx->session->id));
  g_assert_null (strstr (lines[0], year));
  /* Times from the session start. */
  g_assert_true (g_str_has_prefix (lines[2], "1000,"));
  g_clear_pointer (&text, g_free);
  text = read_text (events);
  g_assert_nonnull (strstr (text, "\n2501000,\"cue\""));
  g_assert_null (strstr (text, fx->session->id));
  g_clear_pointer (&text, g_free);
  text = read_text (exercises);
  g_assert_null (strstr (text, "2026-05-06"));
  g_assert_nonnull (strstr (text, "\"started_at\":null"));
}

/* --- EDF+ --- */

typedef struct
{
  double last_fraction;
  guint  calls;
  gboolean decreased;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  if (fraction < p->last_fraction)
    p->decreased = TRUE;
  p->last_fraction = fraction;
  p->calls++;
}

static int
find_signal (struct edf_hdr_struct *hdr,
             const char            *label)
{
  for (int s = 0; s < hdr->edfsignals; s++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (hdr->signalparam[s].label));

      if (g_str_equal (trimmed, label))
        return s;
    }
  return -1;
}

static void
check_signal (struct edf_hdr_struct *hdr,
              const char            *label,
              const char            *unit,
              int                    rate,
              double               (*expected) (guint k))
{
  int s = find_signal (hdr, label);
  g_autofree double *values = NULL;
  g_autofree char *dim = NULL;
  double step;
  int n;

  g_assert_cmpint (s, >=, 0);
  g_assert_cmpint (hdr->signalparam[s].smp_in_datarecord, ==, rate);
  dim = g_strstrip (g_strdup (hdr->signalparam[s].physdimension));
  g_assert_cmpstr (dim, ==, unit);
  g_assert_cmpint (hdr->signalparam[s].dig_min, ==, -32768);
  g_assert_cmpint (hdr->signalparam[s].dig_max, ==, 32767);
  g_assert_cmpint (hdr->signalparam[s].smp_in_file, ==, 10 * rate);
  step = (hdr->signalparam[s].phys_max - hdr->signalparam[s].phys_min) / 65535.0;
  values = g_new0 (double, 10 * rate);
  n = edfread_physical_samples (hdr->handle, s, 10 * rate, values);
  g_assert_cmpint (n, ==, 10 * rate);
  for (int k = 0; k < n; k++)
    {
      double want = expected ((guint) k);

      /* Nothing clips: the range holds the data. */
      g_assert_cmpfloat (want, >=, hdr->signalparam[s].phys_min);
      g_assert_cmpfloat (want, <=, hdr->signalparam[s].phys_max);
      if (fabs (values[k] - want) > step)
        g_error ("%s sample %d: %.9g, expected %.9g (step %.3g)", label, k, values[k], want,
                 step);
    }
}

static double
expect_ch2 (guint k)
{
  return emg_value (k, 2);
}

static double
expect_cop_x (guint k)
{
  /* A missing CoP is held at the last value before it. */
  return cop_value (cop_missing (k) ? 299 : k, 0);
}

static double
expect_angle (guint k)
{
  return 30.0 + 20.0 * sin (k * 0.03);
}

static gboolean
has_annotation (struct edf_hdr_struct *hdr,
                const char            *text,
                gint64                 onset_us)
{
  for (long long i = 0; i < hdr->annotations_in_file; i++)
    {
      struct edf_annotation_struct annot;

      g_assert_cmpint (edf_get_annotation (hdr->handle, (int) i, &annot), ==, 0);
      if (strstr (annot.annotation, text) != NULL &&
          (onset_us < 0 || llabs (annot.onset / 10 - onset_us) <= 100))
        return TRUE;
    }
  return FALSE;
}

static void
test_edf (Fixture       *fx,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->out, "s.edf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) start = NULL;
  struct edf_hdr_struct hdr;
  Progress progress = { 0 };
  struct stat st;

  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                         PROPRIO_EXPORT_FLAGS_NONE, on_progress, &progress, NULL,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.calls, >, 1);
  g_assert_false (progress.decreased);
  g_assert_cmpfloat (progress.last_fraction, ==, 1.0);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_entries (fx->out), ==, 1);

  g_assert_cmpint (edfopen_file_readonly (path, &hdr, EDFLIB_READ_ALL_ANNOTATIONS), ==, 0);
  g_assert_cmpint (hdr.filetype, ==, EDFLIB_FILETYPE_EDFPLUS);
  /* 4 EMG channels (not the counter or the accelerometer), CoP x and y, the angle. */
  g_assert_cmpint (hdr.edfsignals, ==, 7);
  g_assert_cmpint (hdr.datarecords_in_file, ==, 10);
  g_assert_cmpint (hdr.datarecord_duration, ==, 10000000);
  check_signal (&hdr, "ch2", "uV", 250, expect_ch2);
  check_signal (&hdr, "cop_x", "mm", 100, expect_cop_x);
  check_signal (&hdr, "knee", "deg", 50, expect_angle);
  g_assert_cmpint (find_signal (&hdr, "counter"), ==, -1);
  g_assert_cmpint (find_signal (&hdr, "ax"), ==, -1);

  g_assert_true (has_annotation (&hdr, "Resampled: emg 250 Hz", 0));
  g_assert_true (has_annotation (&hdr, "Resampled: balance 100 Hz", 0));
  g_assert_true (has_annotation (&hdr, "Resampled: angle 50 Hz (mean)", 0));
  g_assert_true (has_annotation (&hdr, "Exercise: Static balance test (done)", 1000000));
  g_assert_true (has_annotation (&hdr, "cue: Close your eyes", 2500000));
  g_assert_true (has_annotation (&hdr, "target: Target 3, \"left\"", 7123400));

  start = g_date_time_add (fx->session->started_at, fx->t0 - fx->session->start_us);
  g_assert_cmpint (hdr.startdate_year, ==, g_date_time_get_year (start));
  g_assert_cmpint (hdr.startdate_month, ==, g_date_time_get_month (start));
  g_assert_cmpint (hdr.starttime_second, ==, g_date_time_get_second (start));
  g_assert_cmpstr (hdr.patientcode, ==, "P-07");
  g_assert_cmpint (hdr.birthdate_year, ==, 1961);
  g_assert_true (g_str_has_prefix (hdr.patient_name, "Zo"));
  g_assert_true (g_str_has_prefix (hdr.equipment, "Proprio"));
  edfclose_file (hdr.handle);
}

static void
test_edf_anonymised (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->out, "anon.edf", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  struct edf_hdr_struct hdr;
  gsize length;

  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                         PROPRIO_EXPORT_ANONYMISE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (edfopen_file_readonly (path, &hdr, EDFLIB_READ_ALL_ANNOTATIONS), ==, 0);
  g_assert_cmpstr (hdr.patientcode, ==, "P-07");
  g_assert_cmpint (hdr.birthdate_year, ==, 0);
  g_assert_cmpint (hdr.startdate_year, ==, 1985);
  g_assert_cmpint (hdr.startdate_month, ==, 1);
  g_assert_cmpint (hdr.startdate_day, ==, 1);
  g_assert_true (has_annotation (&hdr, "cue: Close your eyes", 2500000));
  edfclose_file (hdr.handle);
  g_assert_true (g_file_get_contents (path, &bytes, &length, NULL));
  /* The header (256 bytes, then 256 per signal): no name, no birth date. */
  g_assert_cmpuint (length, >, 256 * 9);
  g_assert_null (g_strstr_len (bytes, 256 * 9, "Zo"));
  g_assert_null (g_strstr_len (bytes, 256 * 9, "1961"));
  g_assert_null (g_strstr_len (bytes, (gssize) length, fx->session->id));
}

static void
test_edf_existing_and_unwritable (Fixture       *fx,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->out, "there.edf", NULL);
  g_autofree char *link = g_build_filename (fx->out, "link.edf", NULL);
  g_autofree char *under_file = g_build_filename (path, "x.edf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  struct edf_hdr_struct hdr;

  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_assert_false (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                          PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "precious");
  g_assert_cmpuint (count_entries (fx->out), ==, 1);

  /* A link is never written through, even when replacing. */
  g_assert_cmpint (symlink (path, link), ==, 0);
  g_assert_false (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, link,
                                          PROPRIO_EXPORT_REPLACE, NULL, NULL, NULL, &error));
  g_assert_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE);
  g_clear_error (&error);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_clear_pointer (&text, g_free);
  text = read_text (path);
  g_assert_cmpstr (text, ==, "precious");

  /* A folder that cannot be written in. */
  g_assert_false (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF,
                                          under_file, PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL,
                                          &error));
  g_assert_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NOT_WRITABLE);
  g_assert_nonnull (strstr (error->message, "Choose a folder you can write to"));
  g_clear_error (&error);

  /* Asked to replace: replaced, and a real EDF+ file. */
  g_assert_true (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                         PROPRIO_EXPORT_REPLACE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (edfopen_file_readonly (path, &hdr, EDFLIB_DO_NOT_READ_ANNOTATIONS), ==, 0);
  edfclose_file (hdr.handle);
  g_assert_cmpuint (count_entries (fx->out), ==, 2);
}

static void
test_edf_cancelled (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->out, "c.edf", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (proprio_export_session (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                          PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, cancellable,
                                          &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_entries (fx->out), ==, 0);
}

typedef struct
{
  gboolean  done;
  GThread  *thread;
  GThread  *main_thread;
  GError   *error;
  Progress  progress;
} AsyncExport;

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncExport *ae = user_data;

  ae->thread = g_thread_self ();
  proprio_export_session_finish (PROPRIO_STORE (source), result, &ae->error);
  ae->done = TRUE;
}

static void
on_async_progress (double   fraction,
                   gpointer user_data)
{
  AsyncExport *ae = user_data;

  g_assert_true (g_thread_self () == ae->main_thread);
  on_progress (fraction, &ae->progress);
}

static void
test_edf_async (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->out, "a.edf", NULL);
  AsyncExport ae = { 0 };

  ae.main_thread = g_thread_self ();
  /* The store's own calls run on its thread while the export runs on another. */
  proprio_export_session_async (fx->store, fx->session->id, PROPRIO_EXPORT_EDF, path,
                                PROPRIO_EXPORT_FLAGS_NONE, on_async_progress, &ae, NULL,
                                on_exported, &ae);
  while (!ae.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (ae.error);
  g_assert_true (ae.thread == g_thread_self ());
  /* Progress calls are queued before the result, so all have run. */
  g_assert_cmpfloat (ae.progress.last_fraction, ==, 1.0);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_edf_range (void)
{
  static const double cases[][2] = {
    { -187500.0, 187499.99 }, { 0.123456789, 0.123456791 }, { -0.0000001, 0.0000002 },
    { 5.0, 5.0 }, { -12345678.9, 12345678.9 }, { 0.0, 0.0 }, { 72.9, 73.30000000000001 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double lo, hi;
      char text[32];

      proprio_export_edf_range (cases[i][0], cases[i][1], &lo, &hi);
      g_assert_cmpfloat (lo, <=, cases[i][0]);
      g_assert_cmpfloat (hi, >=, cases[i][1]);
      g_assert_cmpfloat (lo, <, hi);
      /* What an EDF header holds, 8 characters, reads back as the same value. */
      g_snprintf (text, sizeof text, "%.8g", lo);
      g_assert_cmpfloat (fabs (g_ascii_strtod (text, NULL) - lo), <=, fabs (lo) * 1e-7);
      g_snprintf (text, sizeof text, "%g", hi);
      g_assert_cmpuint (strlen (text), <=, 12);
    }
}

static void
test_no_streams (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("proprio-export-XXXXXX", NULL);
  g_autofree char *data_dir = g_build_filename (tmp, "data", NULL);
  g_autofree char *path = g_build_filename (tmp, "e.edf", NULL);
  g_autoptr(ProprioStore) store = proprio_sqlite_store_open_sync (data_dir, NULL);
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("P");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_store_save_patient_sync (store, patient, FALSE, NULL));
  session = proprio_store_begin_session_sync (store, "P", NULL, NULL);
  g_assert_false (proprio_export_session (store, session->id, PROPRIO_EXPORT_EDF, path,
                                          PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_error (error, PROPRIO_EXPORT_ERROR, PROPRIO_EXPORT_ERROR_NO_DATA);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (proprio_export_session (store, "no-such", PROPRIO_EXPORT_EDF, path,
                                          PROPRIO_EXPORT_FLAGS_NONE, NULL, NULL, NULL, &error));
  g_assert_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND);
  g_clear_object (&store);
  remove_tree (tmp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/export/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);
  g_test_add ("/export/csv-anonymised", Fixture, NULL, fixture_set_up, test_csv_anonymised,
              fixture_tear_down);
  g_test_add ("/export/edf", Fixture, NULL, fixture_set_up, test_edf, fixture_tear_down);
  g_test_add ("/export/edf-anonymised", Fixture, NULL, fixture_set_up, test_edf_anonymised,
              fixture_tear_down);
  g_test_add ("/export/edf-existing-unwritable", Fixture, NULL, fixture_set_up,
              test_edf_existing_and_unwritable, fixture_tear_down);
  g_test_add ("/export/edf-cancelled", Fixture, NULL, fixture_set_up, test_edf_cancelled,
              fixture_tear_down);
  g_test_add ("/export/edf-async", Fixture, NULL, fixture_set_up, test_edf_async,
              fixture_tear_down);
  g_test_add_func ("/export/edf-range", test_edf_range);
  g_test_add_func ("/export/no-streams", test_no_streams);
  return g_test_run ();
}
