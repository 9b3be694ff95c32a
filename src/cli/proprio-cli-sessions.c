/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exercises/proprio-variant-json.h"
#include "proprio-cli.h"
#include "store/proprio-export.h"
#include "store/proprio-recorder.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-video-file.h"
#include "store/proprio-video-recorder.h"

/* --- recording into a session (proprio-cli record --patient) --- */

struct _ProprioCliSession
{
  ProprioStore    *store;
  ProprioSession  *session;
  ProprioRecorder *recorder;
  char            *stream_name;
  ProprioStreamKind kind;
  char            *device_spec;
  gboolean         has_stream;
  gboolean         failed;
};

static void
on_problem (ProprioRecorder *recorder,
            const char      *message,
            gpointer         user_data)
{
  g_printerr ("proprio-cli record: %s\n", message);
}

ProprioStore *
proprio_cli_open_store (const char *command)
{
  g_autoptr(GError) error = NULL;
  ProprioStore *store = proprio_sqlite_store_open_sync (NULL, &error);

  if (store == NULL)
    {
      g_printerr ("proprio-cli %s: %s\n", command, error->message);
      return NULL;
    }
  for (const char * const *id = proprio_store_get_recovered (store); *id != NULL; id++)
    g_printerr (_("proprio-cli %s: session %s had not been closed (the program recording it "
                  "stopped); it is closed now and marked “recovered”.\n"), command, *id);
  return store;
}

ProprioCliSession *
proprio_cli_session_begin (const char  *patient_id,
                           const char  *device_spec,
                           GError     **error)
{
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(ProprioPatient) patient = NULL;
  g_autoptr(GError) local_error = NULL;
  ProprioCliSession *self;
  ProprioSession *session;

  if (!proprio_patient_id_is_valid (patient_id, error))
    return NULL;
  store = proprio_sqlite_store_open_sync (NULL, error);
  if (store == NULL)
    return NULL;
  for (const char * const *id = proprio_store_get_recovered (store); *id != NULL; id++)
    g_printerr (_("proprio-cli record: session %s had not been closed (the program recording it "
                  "stopped); it is closed now and marked “recovered”.\n"), *id);

  /* A patient seen for the first time is created with its ID only. */
  patient = proprio_store_get_patient_sync (store, patient_id, &local_error);
  if (patient == NULL)
    {
      if (!g_error_matches (local_error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      patient = proprio_patient_new (patient_id);
      if (!proprio_store_save_patient_sync (store, patient, FALSE, error))
        return NULL;
      g_printerr (_("New patient %s.\n"), patient_id);
    }
  session = proprio_store_begin_session_sync (store, patient_id, device_spec, error);
  if (session == NULL)
    return NULL;

  self = g_new0 (ProprioCliSession, 1);
  self->store = g_steal_pointer (&store);
  self->session = session;
  self->device_spec = g_strdup (device_spec);
  self->recorder = proprio_recorder_new (session->folder);
  g_signal_connect (self->recorder, "problem", G_CALLBACK (on_problem), NULL);
  if (!proprio_recorder_start (self->recorder, error))
    {
      proprio_store_end_session_sync (self->store, session->id, 0, NULL);
      proprio_cli_session_free (self);
      return NULL;
    }
  g_printerr (_("Recording session %s of patient %s into %s\n"), session->id, patient_id,
              session->folder);
  return self;
}

const char *
proprio_cli_session_get_id (ProprioCliSession *self)
{
  return self->session->id;
}

gboolean
proprio_cli_session_add_stream (ProprioCliSession        *self,
                                ProprioStreamKind         kind,
                                ProprioRing              *ring,
                                const ProprioChannelInfo *channels,
                                guint                     n_channels,
                                double                    rate_hz,
                                GError                  **error)
{
  ProprioStreamInfo info = { 0 };
  g_autofree char *channels_json = NULL;

  if (self->has_stream)
    return TRUE;
  /* "generic" streams are named after what they are not: keep the kind's name. */
  self->stream_name = g_strdup (proprio_stream_kind_to_string (kind));
  self->kind = kind;
  if (!proprio_recorder_add_stream (self->recorder, self->stream_name, ring, channels,
                                    n_channels, error))
    return FALSE;
  channels_json = proprio_store_channels_to_json (channels, n_channels);
  info.name = self->stream_name;
  info.kind = kind;
  info.rate_hz = rate_hz;
  info.channels_json = channels_json;
  info.device_spec = self->device_spec;
  if (!proprio_store_add_stream_sync (self->store, self->session->id, &info, error))
    return FALSE;
  self->has_stream = TRUE;
  return TRUE;
}

gboolean
proprio_cli_session_has_stream (ProprioCliSession *self)
{
  return self->has_stream;
}

gboolean
proprio_cli_session_check (ProprioCliSession *self)
{
  return !proprio_recorder_get_failed (self->recorder);
}

gboolean
proprio_cli_session_end (ProprioCliSession  *self,
                         double              rate_hz,
                         GError            **error)
{
  g_autoptr(GError) stop_error = NULL;
  gboolean recorded = proprio_recorder_stop (self->recorder, &stop_error);
  gint64 last = proprio_recorder_get_last_us (self->recorder);
  guint64 rows = self->has_stream
                 ? proprio_recorder_get_rows_written (self->recorder, self->stream_name) : 0;

  /* The rate measured while recording, for exports that need a nominal one. */
  if (self->has_stream && rate_hz > 0)
    {
      g_autoptr(GPtrArray) streams =
        proprio_store_list_streams_sync (self->store, self->session->id, NULL);

      for (guint i = 0; streams != NULL && i < streams->len; i++)
        {
          ProprioStreamInfo *info = streams->pdata[i];

          if (g_strcmp0 (info->name, self->stream_name) == 0 && info->rate_hz <= 0)
            {
              info->rate_hz = rate_hz;
              proprio_store_add_stream_sync (self->store, self->session->id, info, NULL);
            }
        }
    }
  if (!proprio_store_end_session_sync (self->store, self->session->id,
                                       last > 0 ? last : 0, error))
    return FALSE;
  g_printerr (_("Session %s: %llu samples recorded.\n"), self->session->id,
              (unsigned long long) rows);
  if (!recorded)
    {
      g_propagate_error (error, g_steal_pointer (&stop_error));
      return FALSE;
    }
  if (proprio_recorder_get_dropped (self->recorder) > 0)
    {
      g_set_error (error, PROPRIO_STORE_ERROR, PROPRIO_STORE_ERROR_FAILED,
                   _("%llu samples are missing from session %s because writing fell behind"),
                   (unsigned long long) proprio_recorder_get_dropped (self->recorder),
                   self->session->id);
      return FALSE;
    }
  return TRUE;
}

void
proprio_cli_session_free (ProprioCliSession *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->recorder);
  g_clear_pointer (&self->session, proprio_session_free);
  g_clear_object (&self->store);
  g_free (self->stream_name);
  g_free (self->device_spec);
  g_free (self);
}

/* --- listing --- */

static void
json_string (GString    *out,
             const char *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    proprio_json_append_string (out, text);
}

static GOptionContext *
new_context (const char *name,
             const char *parameters,
             const char *summary)
{
  GOptionContext *context;

  if (g_get_prgname () == NULL)
    g_set_prgname (name);
  context = g_option_context_new (parameters);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  return context;
}

int
proprio_cli_patients (int    argc,
                      char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("proprio-cli patients", NULL,
                 _("List the patients in the records (the data folder is $PROPRIO_DATA_DIR, or "
                   "the user’s data folder)."));
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(GPtrArray) patients = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("patients", "%s", error->message);
  if (argc > 1)
    return proprio_cli_usage_error ("patients", _("Unexpected argument “%s”"), argv[1]);

  store = proprio_cli_open_store ("patients");
  if (store == NULL)
    return 1;
  patients = proprio_store_list_patients_sync (store, &error);
  sessions = patients != NULL ? proprio_store_list_sessions_sync (store, NULL, &error) : NULL;
  if (sessions == NULL)
    {
      g_printerr ("proprio-cli patients: %s\n", error->message);
      return 1;
    }
  if (json)
    g_string_append_c (out, '[');
  else
    g_string_append_printf (out, "%-20s %8s  %s\n", _("ID"), _("Sessions"), _("Name"));
  for (guint i = 0; i < patients->len; i++)
    {
      ProprioPatient *p = patients->pdata[i];
      guint n = 0;

      for (guint s = 0; s < sessions->len; s++)
        n += g_strcmp0 (((ProprioSession *) sessions->pdata[s])->patient_id, p->id) == 0;
      if (json)
        {
          g_string_append (out, i > 0 ? ",\n {\"id\":" : "\n {\"id\":");
          json_string (out, p->id);
          g_string_append (out, ",\"name\":");
          json_string (out, p->name);
          g_string_append (out, ",\"birth_date\":");
          json_string (out, p->birth_date);
          g_string_append (out, ",\"side\":");
          json_string (out, p->side);
          g_string_append (out, ",\"notes\":");
          json_string (out, p->notes);
          g_string_append_printf (out, ",\"sessions\":%u}", n);
        }
      else
        g_string_append_printf (out, "%-20s %8u  %s\n", p->id, n, p->name ? p->name : "");
    }
  if (json)
    g_string_append (out, patients->len > 0 ? "\n]\n" : "]\n");
  fputs (out->str, stdout);
  return 0;
}

/* The session's video is listed (from its first frame on) and its files are there. */
static gboolean
session_has_video (ProprioStore         *store,
                   const ProprioSession *session)
{
  g_autoptr(GPtrArray) streams = proprio_store_list_streams_sync (store, session->id, NULL);

  for (guint i = 0; streams != NULL && i < streams->len; i++)
    {
      const ProprioStreamInfo *info = streams->pdata[i];
      g_autofree char *frames = NULL;

      if (!g_str_equal (info->name, PROPRIO_VIDEO_STREAM_NAME) || info->path == NULL)
        continue;
      frames = proprio_video_file_mjpeg_path (info->path);
      return frames != NULL && g_file_test (info->path, G_FILE_TEST_IS_REGULAR) &&
             g_file_test (frames, G_FILE_TEST_IS_REGULAR);
    }
  return FALSE;
}

int
proprio_cli_sessions (int    argc,
                      char **argv)
{
  gboolean json = FALSE;
  g_autofree char *patient = NULL;
  const GOptionEntry entries[] = {
    { "patient", 'p', 0, G_OPTION_ARG_STRING, &patient, N_("Only this patient’s sessions"),
      N_("ID") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("proprio-cli sessions", NULL,
                 _("List the recorded sessions, oldest first: ID, patient, start (UTC), "
                   "duration, exercises and state (complete, or recovered after a crash)."));
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("sessions", "%s", error->message);
  if (argc > 1)
    return proprio_cli_usage_error ("sessions", _("Unexpected argument “%s”"), argv[1]);

  store = proprio_cli_open_store ("sessions");
  if (store == NULL)
    return 1;
  sessions = proprio_store_list_sessions_sync (store, patient, &error);
  if (sessions == NULL)
    {
      g_printerr ("proprio-cli sessions: %s\n", error->message);
      return 1;
    }
  if (json)
    g_string_append_c (out, '[');
  else
    g_string_append_printf (out, "%-21s %-16s %-20s %10s %9s %6s  %s\n", _("ID"), _("Patient"),
                            _("Start (UTC)"), _("Duration"), _("Exercises"), _("Video"),
                            _("State"));
  for (guint i = 0; i < sessions->len; i++)
    {
      ProprioSession *s = sessions->pdata[i];
      g_autofree char *start = s->started_at ? g_date_time_format_iso8601 (s->started_at)
                                             : g_strdup ("");
      g_autofree char *short_start = s->started_at
                                     ? g_date_time_format (s->started_at, "%Y-%m-%d %H:%M:%S")
                                     : g_strdup ("");
      const char *state = proprio_session_state_to_string (s->state);
      gboolean video = session_has_video (store, s);

      if (json)
        {
          g_string_append (out, i > 0 ? ",\n {\"id\":" : "\n {\"id\":");
          json_string (out, s->id);
          g_string_append (out, ",\"patient\":");
          json_string (out, s->patient_id);
          g_string_append (out, ",\"start\":");
          json_string (out, start);
          g_string_append (out, ",\"duration_s\":");
          proprio_json_append_double (out, proprio_session_get_duration (s));
          g_string_append_printf (out, ",\"exercises\":%u,\"state\":", s->n_exercises);
          json_string (out, state);
          g_string_append (out, ",\"device\":");
          json_string (out, s->device_spec);
          g_string_append_printf (out, ",\"video\":%s}", video ? "true" : "false");
        }
      else
        g_string_append_printf (out, "%-21s %-16s %-20s %9.1fs %9u %6s  %s\n", s->id,
                                s->patient_id, short_start, proprio_session_get_duration (s),
                                s->n_exercises, video ? _("yes") : _("no"), state);
    }
  if (json)
    g_string_append (out, sessions->len > 0 ? "\n]\n" : "]\n");
  fputs (out->str, stdout);
  return 0;
}

/* --- export --- */

static void
on_progress (double   fraction,
             gpointer user_data)
{
  int *last = user_data;
  int percent = (int) floor (fraction * 100.0);

  /* Only on a terminal: scripts read stderr for errors. */
  if (percent / 10 != *last / 10 && isatty (fileno (stderr)))
    g_printerr ("\r%3d %%", percent);
  *last = percent;
}

int
proprio_cli_export (int    argc,
                    char **argv)
{
  g_autofree char *out = NULL;
  gboolean anonymise = FALSE, force = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out,
      N_("Where to write: a new folder (csv) or a new file (edf)"), N_("PATH") },
    { "anonymise", 'a', 0, G_OPTION_ARG_NONE, &anonymise,
      N_("Patient ID only: no name, birth date or calendar dates (times from the start)"),
      NULL },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Replace what is at --out, once the export has succeeded"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    new_context ("proprio-cli export", N_("csv|edf|pdf|bundle SESSION"),
                 _("Export a stored session. csv: a folder with one CSV per stream (units in the "
                   "column names, a “# ” line with the start, device and software), events.csv "
                   "and exercises.json. edf: one EDF+ file with EMG, CoP and angles resampled to "
                   "their nominal rates and events as annotations. pdf: the clinical report; "
                   "bundle: a folder with the CSV files, a JSON of the results, the report and "
                   "its figures (see “export pdf --help” and “export bundle --help”)."));
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = NULL;
  ProprioExportFormat format;
  ProprioExportFlags flags = PROPRIO_EXPORT_FLAGS_NONE;
  int last = -10;

  /* The report and the bundle have options of their own (proprio-cli-report.c). */
  if (argc > 1 && (g_str_equal (argv[1], "pdf") || g_str_equal (argv[1], "bundle")))
    return proprio_cli_export_report (argc, argv);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("export", "%s", error->message);
  if (argc < 3)
    return proprio_cli_usage_error ("export", _("Say the format (csv or edf) and the session, "
                                                "e.g. “export edf 20260101T090000Z-1A2B --out "
                                                "a.edf”"));
  if (argc > 3)
    return proprio_cli_usage_error ("export", _("Unexpected argument “%s”"), argv[3]);
  if (g_str_equal (argv[1], "csv"))
    format = PROPRIO_EXPORT_CSV;
  else if (g_str_equal (argv[1], "edf"))
    format = PROPRIO_EXPORT_EDF;
  else
    return proprio_cli_usage_error ("export", _("Unknown format “%s” (use csv, edf, pdf or "
                                                "bundle)"), argv[1]);
  if (out == NULL)
    return proprio_cli_usage_error ("export", _("Say where to write with --out PATH"));
  if (anonymise)
    flags |= PROPRIO_EXPORT_ANONYMISE;
  if (force)
    flags |= PROPRIO_EXPORT_REPLACE;

  store = proprio_cli_open_store ("export");
  if (store == NULL)
    return 1;
  if (!proprio_export_session (store, argv[2], format, out, flags, on_progress, &last, NULL,
                               &error))
    {
      if (last >= 0 && isatty (fileno (stderr)))
        g_printerr ("\n");
      g_printerr ("proprio-cli export: %s\n", error->message);
      return 1;
    }
  if (last >= 0 && isatty (fileno (stderr)))
    g_printerr ("\n");
  g_printerr (_("Exported session %s to %s\n"), argv[2], out);
  return 0;
}
