/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "store/proprio-store.h"

G_BEGIN_DECLS

/* The clinical report of one session, as PDF (Cairo's PDF surface, text by Pango, fonts
 * embedded, every plot a vector drawing of proprio-plot.h):
 *
 *   page 1      the patient (ID; name, birth date and side unless anonymised), the session (date,
 *               duration, device, state), the therapist, notes, the exercises at a glance and
 *               what the report lacks (a missing stream file, no exercises)
 *   then        each exercise on its own page(s): when, how it ended, its settings, its figures
 *               and its plots (statokinesigrams with the 95 % ellipse and stabilograms, the LOS
 *               polygon, weight-shift targets, EMG envelopes with the band and threshold, JPS
 *               errors per trial)
 *   then        the patient's trends up to this session
 *   last        the methods: software version, filters and the definitions of every figure
 *
 * Every text is translated (gettext, the user's language) and every number is in the user's
 * locale. Text that does not fit its place is wrapped (paragraphs) or ellipsised (table cells,
 * headers), never drawn over the margin. Anonymised: the patient's ID only (no name, birth date,
 * session ID or notes of the patient), no calendar dates (times from the session start; trends by
 * days since the first session). */

#define PROPRIO_REPORT_ERROR (proprio_report_error_quark ())

typedef enum
{
  PROPRIO_REPORT_ERROR_FAILED,
  PROPRIO_REPORT_ERROR_EXISTS,        /* the target exists and replace was not asked for */
  PROPRIO_REPORT_ERROR_NOT_WRITABLE,  /* the folder cannot be written, or the target is a link */
} ProprioReportError;

GQuark proprio_report_error_quark (void);

typedef enum
{
  PROPRIO_PAPER_A4,
  PROPRIO_PAPER_LETTER,
} ProprioPaper;

/* "a4", "letter" (case-insensitive); FALSE for anything else. */
gboolean proprio_paper_from_string (const char   *text,
                                    ProprioPaper *paper);
/* The paper of the user's locale (LC_PAPER): Letter where it is 216 mm wide, else A4. */
ProprioPaper proprio_paper_for_locale (void);
/* In points (1/72 in). */
void     proprio_paper_get_size    (ProprioPaper  paper,
                                    double       *width,
                                    double       *height);

typedef struct
{
  ProprioPaper  paper;
  gboolean      anonymise;
  gboolean      replace;      /* an existing plain file at the target may be replaced */
  const char   *therapist;    /* NULL: not given */
  const char   *notes;        /* the report's own notes (kept when anonymised); NULL: none */
  const char   *figures_dir;  /* an existing folder that gets every figure as PNG; NULL: none */
  /* The snapshot bundle's own (proprio-bundle.h), unused by the report: */
  cairo_surface_t *view_image;   /* the view when the bundle was asked for (view.png); NULL: none */
  const char   *view_name;       /* what it shows: "balance", "muscle", "mirror", "joint" */
  gint64        view_time_us;    /* when, on the monotonic clock */
  GDateTime    *bundle_time;     /* names the folder with the patient's ID; NULL: the session's
                                  * start */
} ProprioReportOptions;

/* Writes the report of `session_id` to `path`, a new file (written next to it under a temporary
 * name and moved there once complete, so a failed report leaves nothing behind and never harms
 * what was there). Blocks on the store's _sync calls: call it from a worker thread or the command
 * line. n_pages (may be NULL) gets the pages written. A session without exercises or with a
 * missing stream file gives a partial report that says what is missing, not an error. */
gboolean proprio_report_write_pdf  (ProprioStore               *store,
                                    const char                 *session_id,
                                    const char                 *path,
                                    const ProprioReportOptions *options,
                                    guint                      *n_pages,
                                    GError                    **error);

G_END_DECLS
