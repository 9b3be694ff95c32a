/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-report.h"

G_BEGIN_DECLS

/* The snapshot bundle of a session: one new folder, named by the patient's ID and the session's
 * start ("P-07_2026-05-06_0908"; anonymised "P-07_session-3"; "-2", "-3"… when the name is
 * taken; characters a file name cannot hold become "_"), holding
 *
 *   <stream>.csv, events.csv, exercises.json   the CSV export (proprio-export.h); a stream whose
 *                                              file is missing is left out and said
 *   session.json    one JSON object: "format" ("proprio-bundle"), "version" (1), "software",
 *                   "anonymised", "patient" {"id", "name", "birth_date", "side"}, "session"
 *                   {"id", "start", "end" (ISO 8601 UTC), "start_us", "end_us", "duration_s",
 *                   "state", "device"}, "clock" {"t_us_origin" ("monotonic" or "session-start":
 *                   what the CSV files' t_us count from), "session_start_us"}, "streams"
 *                   [{"name", "kind", "file", "rate_hz", "channels", "missing"}; the "video"
 *                   stream also "frames" ("video.mjpeg"), and "file" null when anonymised: the
 *                   video is left out then, as it shows the patient], "exercises" [the
 *                   stored results: "id", "title", "start_us", "end_us", "started_at", "outcome",
 *                   "settings", "results"], "metrics" [{"exercise", "name", "value", "unit"}],
 *                   "trends" (proprio_trends_to_json () up to this session; anonymised, each
 *                   point's "session" and "date" are null and "day" counts the days since the
 *                   first session), "view" (with options->view_image only: {"file", "shows",
 *                   "width", "height", "t_us"}), "missing" [what the
 *                   bundle lacks, in words], "files" [the bundle's files]; anonymised without the
 *                   name, birth date, session ID or any calendar date (null)
 *   view.png        options->view_image, when given: the view as it was when the bundle was
 *                   asked for (from a window: Ctrl+Shift+S)
 *   report.pdf      the clinical report (proprio-report.h)
 *   figures/        every figure of the report as PNG ("01-condition-eyes-open.png", …)
 *
 * With options->bundle_time (and not anonymised) the folder is named by that time instead of the
 * session's start: a bundle saved during a session is named when it was saved.
 *
 * The folder is made under a temporary name inside `folder` and renamed when complete: a failed
 * bundle leaves nothing behind. Folders 0700, files 0600. Returns the bundle's path, or NULL with
 * an error (PROPRIO_REPORT_ERROR or PROPRIO_EXPORT_ERROR). options->replace and figures_dir are
 * not used. Blocks on the store's _sync calls. */
char *proprio_bundle_export (ProprioStore               *store,
                             const char                 *session_id,
                             const char                 *folder,
                             const ProprioReportOptions *options,
                             GError                    **error);

/* The bundle's folder name for a patient ID and a time (NULL: anonymised, with the session's
 * number among the patient's): what proprio_bundle_export () names it before any "-2". */
char *proprio_bundle_name   (const char                 *patient_id,
                             GDateTime                  *time,
                             guint                       session_number);

G_END_DECLS
