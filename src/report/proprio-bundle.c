/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-bundle"

#include "config.h"

#include "proprio-bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-report-file.h"
#include "proprio-report-json.h"
#include "proprio-trends.h"
#include "store/proprio-export.h"
#include "store/proprio-video-recorder.h"

#define BUNDLE_VERSION 1
#define VIEW_FILE "view.png"

char *
proprio_bundle_name (const char *patient_id,
                     GDateTime  *time,
                     guint       session_number)
{
  g_autoptr(GString) name = g_string_new (NULL);
  g_autofree char *suffix = NULL;

  g_return_val_if_fail (patient_id != NULL, NULL);

  /* Letters and digits of any script stay; what a file system or a shell would trip on goes. */
  for (const char *p = patient_id; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (g_unichar_isalnum (c) || c == '-' || c == '_' || (c == '.' && name->len > 0))
        g_string_append_unichar (name, c);
      else
        g_string_append_c (name, '_');
    }
  if (name->len == 0)
    g_string_append (name, "patient");
  if (time != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (time);

      suffix = g_date_time_format (local, "%Y-%m-%d_%H%M");
    }
  else
    suffix = g_strdup_printf ("session-%u", session_number);
  g_string_append_printf (name, "_%s", suffix);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* --- removing what a failed bundle made --- */

static int
remove_entry (const char        *path,
              const struct stat *st,
              int                flag,
              struct FTW        *ftw)
{
  return remove (path);
}

static void
remove_tree (const char *path)
{
  /* Not following links: only what is physically inside our own temporary folder goes. */
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* --- session.json --- */

typedef struct
{
  ProprioSession *session;
  ProprioPatient *patient;
  GPtrArray      *streams;
  GPtrArray      *exercises;
  GPtrArray      *metrics;
  ProprioTrends  *trends;
  guint           number;
  GPtrArray      *missing;
  gboolean        anonymise;
  const ProprioReportOptions *options;
} Bundle;

static void
bundle_clear (Bundle *b)
{
  g_clear_pointer (&b->session, proprio_session_free);
  g_clear_pointer (&b->patient, proprio_patient_free);
  g_clear_pointer (&b->streams, g_ptr_array_unref);
  g_clear_pointer (&b->exercises, g_ptr_array_unref);
  g_clear_pointer (&b->metrics, g_ptr_array_unref);
  g_clear_pointer (&b->trends, proprio_trends_free);
  g_clear_pointer (&b->missing, g_ptr_array_unref);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time,
          gboolean     anonymise)
{
  g_autofree char *text = time != NULL && !anonymise ? g_date_time_format_iso8601 (time) : NULL;

  add_string (builder, member, text);
}

/* JSON text as a node; null when it does not parse. */
static JsonNode *
parse_node (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL) ||
      json_parser_get_root (parser) == NULL)
    return json_node_new (JSON_NODE_NULL);
  return json_node_copy (json_parser_get_root (parser));
}

static void
add_exercise (JsonBuilder                 *builder,
              const ProprioStoredExercise *exercise,
              gboolean                     anonymise)
{
  JsonNode *node = parse_node (exercise->result_json);

  /* Anonymised: the wall-clock start would date the session (as in the CSV export). */
  if (anonymise && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *copy = json_object_new ();
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data,
                                g_str_equal (l->data, "started_at")
                                ? json_node_new (JSON_NODE_NULL)
                                : json_node_copy (json_object_get_member (object, l->data)));
      json_node_unref (node);
      node = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (node, copy);
    }
  json_builder_add_value (builder, node);
}

/* Anonymised trends: no session IDs or dates (they date the sessions), the days since the first
 * session instead. */
static void
anonymise_trends (JsonNode *trends)
{
  JsonArray *series = JSON_NODE_HOLDS_OBJECT (trends)
                      ? proprio_json_member_array (json_node_get_object (trends), "series")
                      : NULL;

  for (guint i = 0; series != NULL && i < json_array_get_length (series); i++)
    {
      JsonArray *points = proprio_json_member_array (proprio_json_array_object (series, i),
                                                     "points");
      g_autoptr(GDateTime) first = NULL;

      for (guint p = 0; points != NULL && p < json_array_get_length (points); p++)
        {
          JsonObject *point = proprio_json_array_object (points, p);
          const char *text = proprio_json_member_string (point, "date");
          g_autoptr(GDateTime) date = text != NULL ? g_date_time_new_from_iso8601 (text, NULL)
                                                   : NULL;

          if (point == NULL)
            continue;
          if (first == NULL && date != NULL)
            first = g_date_time_ref (date);
          json_object_set_null_member (point, "session");
          json_object_set_null_member (point, "date");
          if (date != NULL && first != NULL)
            json_object_set_int_member (point, "day",
                                        g_date_time_difference (date, first) / G_TIME_SPAN_DAY);
        }
    }
}

static char *
session_json (Bundle    *b,
              GPtrArray *files)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *software = g_strdup_printf ("Proprio %s", PACKAGE_VERSION);
  g_autofree char *trends = proprio_trends_to_json (b->trends);

  json_builder_begin_object (builder);
  add_string (builder, "format", "proprio-bundle");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, BUNDLE_VERSION);
  add_string (builder, "software", software);
  json_builder_set_member_name (builder, "anonymised");
  json_builder_add_boolean_value (builder, b->anonymise);

  json_builder_set_member_name (builder, "patient");
  json_builder_begin_object (builder);
  add_string (builder, "id", b->patient->id);
  add_string (builder, "name", b->anonymise ? NULL : b->patient->name);
  add_string (builder, "birth_date", b->anonymise ? NULL : b->patient->birth_date);
  add_string (builder, "side", b->patient->side);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "session");
  json_builder_begin_object (builder);
  add_string (builder, "id", b->anonymise ? NULL : b->session->id);
  add_time (builder, "start", b->session->started_at, b->anonymise);
  add_time (builder, "end", b->session->ended_at, b->anonymise);
  json_builder_set_member_name (builder, "start_us");
  json_builder_add_int_value (builder, b->session->start_us);
  json_builder_set_member_name (builder, "end_us");
  json_builder_add_int_value (builder, b->session->end_us);
  json_builder_set_member_name (builder, "duration_s");
  json_builder_add_double_value (builder, proprio_session_get_duration (b->session));
  add_string (builder, "state", proprio_session_state_to_string (b->session->state));
  add_string (builder, "device", b->session->device_spec);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, b->number);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "clock");
  json_builder_begin_object (builder);
  add_string (builder, "t_us_origin", b->anonymise ? "session-start" : "monotonic");
  json_builder_set_member_name (builder, "session_start_us");
  json_builder_add_int_value (builder, b->session->start_us);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "streams");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->streams->len; i++)
    {
      const ProprioStreamInfo *info = b->streams->pdata[i];
      gboolean missing = info->path == NULL || !g_file_test (info->path, G_FILE_TEST_EXISTS);
      g_autofree char *file = g_strconcat (info->name, ".csv", NULL);
      /* The video: its index and its frames, both copied, unless anonymised (it shows the
       * patient). */
      gboolean video = g_str_equal (info->name, PROPRIO_VIDEO_STREAM_NAME);
      gboolean left_out = video && b->anonymise;

      json_builder_begin_object (builder);
      add_string (builder, "name", info->name);
      add_string (builder, "kind", proprio_stream_kind_to_string (info->kind));
      add_string (builder, "file", missing || left_out ? NULL : file);
      if (video)
        add_string (builder, "frames",
                    missing || left_out ? NULL : PROPRIO_VIDEO_STREAM_NAME ".mjpeg");
      json_builder_set_member_name (builder, "rate_hz");
      json_builder_add_double_value (builder, info->rate_hz);
      json_builder_set_member_name (builder, "channels");
      json_builder_add_value (builder, parse_node (info->channels_json));
      json_builder_set_member_name (builder, "missing");
      json_builder_add_boolean_value (builder, missing);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "exercises");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->exercises->len; i++)
    add_exercise (builder, b->exercises->pdata[i], b->anonymise);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->metrics->len; i++)
    {
      const ProprioMetric *m = b->metrics->pdata[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "exercise");
      if (m->exercise_index >= 0)
        json_builder_add_int_value (builder, m->exercise_index);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "name", m->name);
      json_builder_set_member_name (builder, "value");
      if (isfinite (m->value))
        json_builder_add_double_value (builder, m->value);
      else
        json_builder_add_null_value (builder);
      add_string (builder, "unit", m->unit);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "trends");
  {
    JsonNode *node = parse_node (trends);

    if (b->anonymise)
      anonymise_trends (node);
    json_builder_add_value (builder, node);
  }

  /* The picture of the view, when the bundle was asked for from a window. */
  if (b->options->view_image != NULL)
    {
      gint64 t_us = b->options->view_time_us;

      json_builder_set_member_name (builder, "view");
      json_builder_begin_object (builder);
      add_string (builder, "file", VIEW_FILE);
      add_string (builder, "shows", b->options->view_name);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, cairo_image_surface_get_width (b->options->view_image));
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, cairo_image_surface_get_height (b->options->view_image));
      json_builder_set_member_name (builder, "t_us");
      json_builder_add_int_value (builder, b->anonymise ? t_us - b->session->start_us : t_us);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "missing");
  json_builder_begin_array (builder);
  for (guint i = 0; i < b->missing->len; i++)
    json_builder_add_string_value (builder, b->missing->pdata[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "files");
  json_builder_begin_array (builder);
  for (guint i = 0; i < files->len; i++)
    json_builder_add_string_value (builder, files->pdata[i]);
  json_builder_add_string_value (builder, "session.json");
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* --- the bundle --- */

static gboolean
load (Bundle       *b,
      ProprioStore *store,
      const char   *session_id,
      GError      **error)
{
  g_autoptr(GPtrArray) sessions = NULL;

  b->missing = g_ptr_array_new_with_free_func (g_free);
  if ((b->session = proprio_store_get_session_sync (store, session_id, error)) == NULL ||
      (b->patient = proprio_store_get_patient_sync (store, b->session->patient_id,
                                                    error)) == NULL ||
      (b->streams = proprio_store_list_streams_sync (store, session_id, error)) == NULL ||
      (b->exercises = proprio_store_list_exercises_sync (store, session_id, error)) == NULL ||
      (b->metrics = proprio_store_list_metrics_sync (store, session_id, error)) == NULL ||
      (sessions = proprio_store_list_sessions_sync (store, b->patient->id, error)) == NULL ||
      (b->trends = proprio_trends_compute (store, b->patient->id, session_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    if (g_str_equal (((ProprioSession *) sessions->pdata[i])->id, session_id))
      b->number = i + 1;
  for (guint i = 0; i < b->streams->len; i++)
    {
      const ProprioStreamInfo *info = b->streams->pdata[i];

      if (g_str_equal (info->name, PROPRIO_VIDEO_STREAM_NAME) && b->anonymise)
        g_ptr_array_add (b->missing,
                         g_strdup (_("The video is not in an anonymised bundle: it shows the "
                                     "patient.")));
      else if (info->path == NULL || !g_file_test (info->path, G_FILE_TEST_EXISTS))
        g_ptr_array_add (b->missing,
                         g_strdup_printf (_("The recording “%s.csv” is missing from the "
                                            "session’s folder: it is not in the bundle."),
                                          info->name));
    }
  if (b->exercises->len == 0)
    g_ptr_array_add (b->missing, g_strdup (_("No exercise was stored for this session.")));
  return TRUE;
}

static gint
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The files in `dir` (relative, sorted), one level of folders deep. */
static void
list_files (const char *dir,
            const char *prefix,
            GPtrArray  *files)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *relative = prefix != NULL ? g_build_filename (prefix, names->pdata[i],
                                                                     NULL)
                                                 : g_strdup (names->pdata[i]);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (prefix == NULL)
            list_files (path, names->pdata[i], files);
        }
      else
        g_ptr_array_add (files, g_steal_pointer (&relative));
    }
}

/* view.png: a new file of ours (0600), inside the bundle's own temporary folder. */
static gboolean
write_view (const char       *folder,
            cairo_surface_t  *image,
            GError          **error)
{
  g_autofree char *path = g_build_filename (folder, VIEW_FILE, NULL);
  ProprioReportFile file;
  cairo_status_t status;

  if (!_proprio_report_file_open (&file, path, FALSE, error))
    return FALSE;
  status = cairo_surface_write_to_png_stream (image, _proprio_report_file_write, &file);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      if (file.errsv != 0)
        _proprio_report_set_write_error (error, path, file.errsv);
      else
        g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_FAILED,
                     _("Could not write the picture of the view: %s"),
                     cairo_status_to_string (status));
      _proprio_report_file_close (&file, FALSE, NULL);
      return FALSE;
    }
  return _proprio_report_file_close (&file, TRUE, error);
}

static gboolean
check_folder (const char  *folder,
              GError     **error)
{
  struct stat st;

  if (stat (folder, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                   _("There is no folder “%s” to make the bundle in. Choose an existing folder."),
                   folder);
      return FALSE;
    }
  return TRUE;
}

char *
proprio_bundle_export (ProprioStore               *store,
                       const char                 *session_id,
                       const char                 *folder,
                       const ProprioReportOptions *options,
                       GError                    **error)
{
  Bundle b = { 0 };
  ProprioReportOptions report_options;
  g_autofree char *name = NULL, *temp = NULL, *figures = NULL, *report = NULL;
  g_autofree char *json = NULL, *json_path = NULL, *final = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  ProprioExportFlags flags = PROPRIO_EXPORT_REPLACE | PROPRIO_EXPORT_SKIP_MISSING;

  g_return_val_if_fail (PROPRIO_IS_STORE (store), NULL);
  g_return_val_if_fail (session_id != NULL && folder != NULL && options != NULL, NULL);

  b.anonymise = options->anonymise;
  if (!check_folder (folder, error) || !load (&b, store, session_id, error))
    {
      bundle_clear (&b);
      return NULL;
    }
  b.options = options;
  name = proprio_bundle_name (b.patient->id,
                              b.anonymise ? NULL
                              : options->bundle_time != NULL ? options->bundle_time
                              : b.session->started_at,
                              b.number);
  temp = g_strdup_printf ("%s/.%s.partial-XXXXXX", folder, name);
  if (g_mkdtemp_full (temp, 0700) == NULL)
    {
      int errsv = errno;

      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_NOT_WRITABLE,
                   _("Cannot write in the folder “%s”: %s. Choose a folder you can write to."),
                   folder, g_strerror (errsv));
      bundle_clear (&b);
      return NULL;
    }

  /* The streams, events and exercises as the CSV export writes them, into our own folder. */
  if (b.anonymise)
    flags |= PROPRIO_EXPORT_ANONYMISE;
  if (!proprio_export_session (store, session_id, PROPRIO_EXPORT_CSV, temp, flags, NULL, NULL,
                               NULL, error))
    goto fail;

  figures = g_build_filename (temp, "figures", NULL);
  if (g_mkdir (figures, 0700) != 0)
    {
      _proprio_report_set_write_error (error, figures, errno);
      goto fail;
    }
  report_options = *options;
  report_options.replace = FALSE;
  report_options.figures_dir = figures;
  report = g_build_filename (temp, "report.pdf", NULL);
  if (!proprio_report_write_pdf (store, session_id, report, &report_options, NULL, error))
    goto fail;

  if (options->view_image != NULL && !write_view (temp, options->view_image, error))
    goto fail;

  list_files (temp, NULL, files);
  json = session_json (&b, files);
  json_path = g_build_filename (temp, "session.json", NULL);
  if (!g_file_set_contents_full (json_path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 error))
    goto fail;

  /* In place at once, under the first free name. */
  for (guint attempt = 1; attempt < 100; attempt++)
    {
      g_autofree char *base = attempt == 1 ? g_strdup (name)
                                           : g_strdup_printf ("%s-%u", name, attempt);

      g_free (final);
      final = g_build_filename (folder, base, NULL);
      if (renameat2 (AT_FDCWD, temp, AT_FDCWD, final, RENAME_NOREPLACE) == 0)
        {
          bundle_clear (&b);
          return g_steal_pointer (&final);
        }
      if (errno != EEXIST && errno != ENOTEMPTY)
        {
          _proprio_report_set_write_error (error, final, errno);
          goto fail;
        }
    }
  g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_EXISTS,
               _("“%s” and 98 more bundles of this session exist already in “%s”; remove some "
                 "first"), name, folder);

fail:
  remove_tree (temp);
  bundle_clear (&b);
  return NULL;
}
