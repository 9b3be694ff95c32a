/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-results"

#include <cairo-pdf.h>
#include <glib.h>
#include <stdint.h>

#include "report/proprio-report-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* LeakSanitizer: fontconfig's caches, which Pango's font map keeps for the whole process (they
 * are freed only by FcFini (), which is not safe while Pango's font loading thread holds them).
 * Nothing of Proprio's is suppressed. */
const char *__lsan_default_suppressions (void);

const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n";
}

static cairo_status_t
discard (void                *closure,
         const unsigned char *bytes,
         unsigned int         length)
{
  return CAIRO_STATUS_SUCCESS;
}

/* Any bytes as a stored result (and its settings), read by every exercise's report section and
 * by the trends: whatever the JSON holds (wrong types, NaN-like nulls, huge or empty arrays,
 * traces out of order), the report is drawn and the trends computed, without a crash, a hang or
 * a warning. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const char *const ids[] = {
    "static-test", "weight-shift", "los-test", "activation-drill", "mvc-calibration",
    "jps-protocol", "something-new",
  };
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GDateTime) start = g_date_time_new_utc (2026, 5, 6, 7, 8, 9);
  ProprioSession session = { .id = (char *) "S", .patient_id = (char *) "P",
                             .started_at = start, .start_us = 1000 };
  ProprioPatient patient = { .id = (char *) "P" };
  ProprioStoredExercise exercises[G_N_ELEMENTS (ids)];
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4 };
  g_autoptr(GPtrArray) sessions = g_ptr_array_new ();
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();
  GPtrArray *list = g_ptr_array_new ();
  ReportData report = { 0 };
  cairo_surface_t *surface;
  ReportWriter *w;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_ptr_array_unref (list);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      exercises[i] = (ProprioStoredExercise) {
        .exercise_id = (char *) ids[i], .title = (char *) ids[i], .outcome = (char *) "done",
        .start_us = 2000, .end_us = 9000000, .settings_json = text, .result_json = text,
      };
      g_ptr_array_add (list, &exercises[i]);
    }
  g_ptr_array_add (sessions, &session);
  g_ptr_array_add (lists, list);

  report.session = &session;
  report.patient = &patient;
  report.streams = g_ptr_array_new ();
  report.exercises = list;
  report.metrics = g_ptr_array_new ();
  report.trends = proprio_trends_new_from_sessions ("P", sessions, lists);
  report.session_number = report.n_sessions = 1;
  report.missing = g_ptr_array_new_with_free_func (g_free);
  report.options = &options;

  surface = cairo_pdf_surface_create_for_stream (discard, NULL, 595, 842);
  w = _report_writer_new (surface, 595, 842, "Fuzz", 0, NULL);
  for (guint i = 0; i < list->len; i++)
    _report_exercise (w, &report, i);
  _report_trends_section (w, &report);
  _report_methods_section (w, &report);
  g_assert (_report_writer_finish (w) >= 1);
  _report_writer_free (w);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  {
    g_autofree char *json = proprio_trends_to_json (report.trends);

    g_assert (json != NULL && g_utf8_validate (json, -1, NULL));
  }
  proprio_trends_free (report.trends);
  g_ptr_array_unref (report.streams);
  g_ptr_array_unref (report.metrics);
  g_ptr_array_unref (report.missing);
  g_clear_pointer (&report.cache, g_hash_table_unref);
  g_ptr_array_unref (list);
  return 0;
}
