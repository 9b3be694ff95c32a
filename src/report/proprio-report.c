/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include <langinfo.h>

#include "proprio-report-private.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-report-file.h"

G_DEFINE_QUARK (proprio-report-error-quark, proprio_report_error)

gboolean
proprio_paper_from_string (const char   *text,
                           ProprioPaper *paper)
{
  g_return_val_if_fail (paper != NULL, FALSE);

  if (text != NULL && g_ascii_strcasecmp (text, "a4") == 0)
    *paper = PROPRIO_PAPER_A4;
  else if (text != NULL && g_ascii_strcasecmp (text, "letter") == 0)
    *paper = PROPRIO_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

ProprioPaper
proprio_paper_for_locale (void)
{
#ifdef _NL_PAPER_WIDTH
  union { char *string; unsigned int word; } width;

  /* LC_PAPER: Letter where the paper is 216 mm wide. */
  width.string = nl_langinfo (_NL_PAPER_WIDTH);
  if (width.word == 216)
    return PROPRIO_PAPER_LETTER;
#endif
  return PROPRIO_PAPER_A4;
}

void
proprio_paper_get_size (ProprioPaper  paper,
                        double       *width,
                        double       *height)
{
  /* ISO 216 A4 is 210 × 297 mm; US Letter 8.5 × 11 in. */
  *width = paper == PROPRIO_PAPER_LETTER ? 612.0 : 595.2756;
  *height = paper == PROPRIO_PAPER_LETTER ? 792.0 : 841.8898;
}

/* --- what every section shares --- */

char *
_report_number (double value,
                int    decimals)
{
  if (!isfinite (value))
    return g_strdup ("—");
  /* No "-0.0". */
  if (fabs (value) < 0.5 * pow (10.0, -decimals))
    value = 0.0;
  return g_strdup_printf ("%.*f", decimals, value);
}

char *
_report_quantity (double      value,
                  int         decimals,
                  const char *unit)
{
  g_autofree char *number = _report_number (value, decimals);

  if (!isfinite (value) || unit == NULL || *unit == '\0')
    return g_steal_pointer (&number);
  return g_strdup_printf ("%s %s", number, unit);
}

char *
_report_duration (double seconds)
{
  long total;

  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("—");
  if (seconds < 60)
    return g_strdup_printf (_("%.1f s"), seconds);
  total = lround (seconds);
  if (total < 3600)
    return g_strdup_printf (_("%ld min %02ld s"), total / 60, total % 60);
  return g_strdup_printf (_("%ld h %02ld min"), total / 3600, total / 60 % 60);
}

char *
_report_time (const ReportData *data,
              GDateTime        *time,
              gint64            t_us)
{
  if (data->options->anonymise || time == NULL)
    {
      double from_start = (t_us - data->session->start_us) / 1e6;
      g_autofree char *offset = _report_duration (MAX (from_start, 0.0));

      if (t_us == 0 || !isfinite (from_start))
        return g_strdup ("—");
      /* TRANSLATORS: a time counted from the start of the session, e.g. "1 min 05 s in" */
      return g_strdup_printf (_("%s into the session"), offset);
    }
  else
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (time);

      return g_date_time_format (local, "%Y-%m-%d %H:%M");
    }
}

const char *
_report_exercise_name (const ProprioStoredExercise *exercise)
{
  static const struct
  {
    const char *id;
    const char *name;
  } names[] = {
    { "static-test", N_("Static balance test (mCTSIB)") },
    { "weight-shift", N_("Weight shift") },
    { "los-test", N_("Limits of stability") },
    { "activation-drill", N_("Activation drill") },
    { "mvc-calibration", N_("MVC calibration") },
    { "jps-protocol", N_("Joint position matching") },
    { "cop-matching", N_("Position matching on the board") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (exercise->exercise_id, names[i].id) == 0)
      return _(names[i].name);
  return exercise->title != NULL ? exercise->title : exercise->exercise_id;
}

void
_report_add_missing (ReportData *data,
                     const char *text)
{
  for (guint i = 0; i < data->missing->len; i++)
    if (g_str_equal (data->missing->pdata[i], text))
      return;
  g_ptr_array_add (data->missing, g_strdup (text));
}

const ProprioStreamInfo *
_report_stream (const ReportData  *data,
                ProprioStreamKind  kind)
{
  for (guint i = 0; i < data->streams->len; i++)
    {
      const ProprioStreamInfo *info = data->streams->pdata[i];

      if (info->kind == kind && info->path != NULL && g_file_test (info->path, G_FILE_TEST_EXISTS))
        return info;
    }
  return NULL;
}

/* --- loading --- */

static void
report_data_clear (ReportData *data)
{
  g_clear_pointer (&data->session, proprio_session_free);
  g_clear_pointer (&data->patient, proprio_patient_free);
  g_clear_pointer (&data->streams, g_ptr_array_unref);
  g_clear_pointer (&data->exercises, g_ptr_array_unref);
  g_clear_pointer (&data->metrics, g_ptr_array_unref);
  g_clear_pointer (&data->trends, proprio_trends_free);
  g_clear_pointer (&data->missing, g_ptr_array_unref);
  g_clear_pointer (&data->cache, g_hash_table_unref);
}

static gboolean
report_data_load (ReportData                 *data,
                  ProprioStore               *store,
                  const char                 *session_id,
                  const ProprioReportOptions *options,
                  GError                    **error)
{
  g_autoptr(GPtrArray) sessions = NULL;

  data->options = options;
  data->missing = g_ptr_array_new_with_free_func (g_free);
  if ((data->session = proprio_store_get_session_sync (store, session_id, error)) == NULL ||
      (data->patient = proprio_store_get_patient_sync (store, data->session->patient_id,
                                                       error)) == NULL ||
      (data->streams = proprio_store_list_streams_sync (store, session_id, error)) == NULL ||
      (data->exercises = proprio_store_list_exercises_sync (store, session_id, error)) == NULL ||
      (data->metrics = proprio_store_list_metrics_sync (store, session_id, error)) == NULL ||
      (sessions = proprio_store_list_sessions_sync (store, data->patient->id, error)) == NULL ||
      (data->trends = proprio_trends_compute (store, data->patient->id, session_id,
                                              error)) == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    if (g_str_equal (((ProprioSession *) sessions->pdata[i])->id, session_id))
      data->session_number = i + 1;
  data->n_sessions = sessions->len;

  for (guint i = 0; i < data->streams->len; i++)
    {
      const ProprioStreamInfo *info = data->streams->pdata[i];

      if (info->path == NULL || !g_file_test (info->path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *base = info->path != NULL ? g_path_get_basename (info->path)
                                                     : g_strconcat (info->name, ".csv", NULL);
          g_autofree char *text =
            g_strdup_printf (_("The recording “%s” is missing from the session’s folder: what "
                               "needs the raw samples (EMG envelope plots) is left out; the "
                               "figures stored with each exercise are complete."), base);

          _report_add_missing (data, text);
        }
    }
  if (data->exercises->len == 0)
    _report_add_missing (data, _("No exercise was stored for this session: the report holds "
                                 "the session’s details only."));
  return TRUE;
}

/* --- the first page --- */

static const char *
state_text (ProprioSessionState state)
{
  switch (state)
    {
    case PROPRIO_SESSION_OPEN:
      return _("Still being recorded");
    case PROPRIO_SESSION_RECOVERED:
      return _("Recovered: the recording stopped unexpectedly and the session was closed at its "
               "last sample");
    case PROPRIO_SESSION_COMPLETE:
    default:
      return _("Complete");
    }
}

static const char *
outcome_text (const char *outcome)
{
  if (g_strcmp0 (outcome, "done") == 0)
    return _("Completed");
  if (g_strcmp0 (outcome, "cancelled") == 0)
    return _("Stopped early");
  return _("Still running when saved");
}

static void
summary_page (ReportWriter *w,
              ReportData   *data)
{
  const ProprioReportOptions *options = data->options;
  ProprioPatient *patient = data->patient;
  ProprioSession *session = data->session;
  g_autofree char *date = _report_time (data, session->started_at, session->start_us);
  g_autofree char *duration = _report_duration (proprio_session_get_duration (session));
  /* TRANSLATORS: the session's number among the patient's sessions, e.g. "2 of 3" */
  g_autofree char *number = g_strdup_printf (_("%u of %u"), data->session_number,
                                             data->n_sessions);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const char *patient_pairs[] = {
    _("Patient ID"), patient->id,
    _("Name"), options->anonymise ? NULL : patient->name,
    _("Date of birth"), options->anonymise ? NULL : patient->birth_date,
    _("Side"), patient->side,
    _("Patient notes"), options->anonymise ? NULL : patient->notes,
  };
  const char *session_pairs[] = {
    _("Date"), options->anonymise ? _("Left out (anonymised)") : date,
    _("Duration"), duration,
    _("Session number"), number,
    _("Session ID"), options->anonymise ? NULL : session->id,
    _("State"), state_text (session->state),
    _("Device"), session->device_spec,
    _("Therapist"), options->therapist,
  };
  const char *notes[] = { _("Notes"), options->notes };
  const ReportColumn columns[] = {
    { "#", 0.05, CELL_END },
    { _("Exercise"), 0.40, CELL_START },
    { _("Start"), 0.22, CELL_START },
    { _("Duration"), 0.13, CELL_END },
    { _("Outcome"), 0.20, CELL_START },
  };

  _report_new_page (w);
  _report_heading (w, 0, _("Clinical report"));
  _report_paragraph (w, _("Balance, muscle activation and joint position: measured with visual "
                          "feedback in Proprio."), 0.9, FALSE);
  _report_space (w, 6);
  _report_heading (w, 2, _("Patient"));
  _report_key_values (w, patient_pairs, G_N_ELEMENTS (patient_pairs) / 2);
  _report_heading (w, 2, _("Session"));
  _report_key_values (w, session_pairs, G_N_ELEMENTS (session_pairs) / 2);
  if (options->notes != NULL && *options->notes)
    _report_key_values (w, notes, 1);

  _report_heading (w, 2, _("Exercises"));
  for (guint i = 0; i < data->exercises->len; i++)
    {
      ProprioStoredExercise *e = data->exercises->pdata[i];
      g_autoptr(GDateTime) started = e->started_at != NULL
                                     ? g_date_time_new_from_iso8601 (e->started_at, NULL) : NULL;
      char **row = g_new0 (char *, G_N_ELEMENTS (columns) + 1);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = g_strdup (_report_exercise_name (e));
      row[2] = _report_time (data, started, e->start_us);
      row[3] = _report_duration (e->end_us > e->start_us ? (e->end_us - e->start_us) / 1e6 : NAN);
      row[4] = g_strdup (outcome_text (e->outcome));
      g_ptr_array_add (rows, row);
    }
  if (rows->len > 0)
    _report_table (w, columns, G_N_ELEMENTS (columns), rows);
  else
    _report_paragraph (w, _("No exercise was stored for this session."), 1.0, FALSE);

  if (data->missing->len > 0)
    {
      _report_heading (w, 2, _("Missing from this report"));
      for (guint i = 0; i < data->missing->len; i++)
        _report_notice (w, data->missing->pdata[i]);
    }
}

/* --- the passes --- */

static char *
page_header (ReportData *data)
{
  if (data->options->anonymise)
    return g_strdup_printf (_("Clinical report · %s · session %u"), data->patient->id,
                            data->session_number);
  else
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (data->session->started_at);
      g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");

      /* The name is in the header only as far as it fits: the ID always shows first. */
      if (data->patient->name != NULL && *data->patient->name)
        return g_strdup_printf (_("Clinical report · %s · %s · %s"), data->patient->id, day,
                                data->patient->name);
      return g_strdup_printf (_("Clinical report · %s · %s"), data->patient->id, day);
    }
}

/* Draws the whole report on `surface`; returns the pages. */
static guint
render (ReportData      *data,
        cairo_surface_t *surface,
        guint            n_pages,
        const char      *figures_dir,
        GError         **figure_error)
{
  double width, height;
  g_autofree char *header = page_header (data);
  ReportWriter *w;
  guint pages;

  proprio_paper_get_size (data->options->paper, &width, &height);
  w = _report_writer_new (surface, width, height, header, n_pages, figures_dir);
  summary_page (w, data);
  for (guint i = 0; i < data->exercises->len; i++)
    _report_exercise (w, data, i);
  _report_trends_section (w, data);
  _report_methods_section (w, data);
  pages = _report_writer_finish (w);
  if (_report_writer_get_error (w) != NULL && figure_error != NULL)
    *figure_error = g_error_copy (_report_writer_get_error (w));
  _report_writer_free (w);
  return pages;
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *bytes,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

static void
set_metadata (cairo_surface_t *surface,
              ReportData      *data)
{
  g_autofree char *title = g_strdup_printf (_("Clinical report of %s"), data->patient->id);
  g_autofree char *creator = g_strdup_printf ("Proprio %s", PACKAGE_VERSION);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  if (data->options->therapist != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, data->options->therapist);
}

gboolean
proprio_report_write_pdf (ProprioStore               *store,
                          const char                 *session_id,
                          const char                 *path,
                          const ProprioReportOptions *options,
                          guint                      *n_pages,
                          GError                    **error)
{
  ReportData data = { 0 };
  ProprioReportFile file = { 0 };
  g_autoptr(GError) figure_error = NULL;
  cairo_surface_t *surface;
  double width, height;
  guint pages = 0, counted;
  cairo_status_t status;
  gboolean ok;

  g_return_val_if_fail (PROPRIO_IS_STORE (store), FALSE);
  g_return_val_if_fail (session_id != NULL && path != NULL && options != NULL, FALSE);

  if (!report_data_load (&data, store, session_id, options, error))
    {
      report_data_clear (&data);
      return FALSE;
    }
  if (data.session->started_at == NULL)
    data.session->started_at = g_date_time_new_from_unix_utc (0);
  if (!_proprio_report_file_open (&file, path, options->replace, error))
    {
      report_data_clear (&data);
      return FALSE;
    }
  proprio_paper_get_size (options->paper, &width, &height);

  /* Counting passes: the first finds what is missing (the sections say it) and the pages, the
   * next counts again with the complete list on page 1, until the count holds ("page 2 of 7"). */
  for (guint pass = 0; pass < 4; pass++)
    {
      surface = cairo_pdf_surface_create_for_stream (discard, NULL, width, height);
      counted = render (&data, surface, pages, NULL, NULL);
      cairo_surface_destroy (surface);
      if (counted == pages)
        break;
      pages = counted;
    }

  surface = cairo_pdf_surface_create_for_stream (_proprio_report_file_write, &file, width,
                                                 height);
  set_metadata (surface, &data);
  counted = render (&data, surface, pages, options->figures_dir, &figure_error);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS && file.errsv == 0)
    {
      g_set_error (error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_FAILED,
                   _("Cannot make the report: %s"), cairo_status_to_string (status));
      ok = FALSE;
    }
  else if (figure_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&figure_error));
      ok = FALSE;
    }
  else
    ok = TRUE;
  ok = _proprio_report_file_close (&file, ok, ok ? error : NULL) && ok;
  if (ok && n_pages != NULL)
    *n_pages = counted;
  report_data_clear (&data);
  return ok;
}
