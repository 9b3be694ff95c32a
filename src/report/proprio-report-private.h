/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pangocairo.h>

#include "proprio-plot.h"
#include "proprio-report.h"
#include "proprio-report-json.h"
#include "proprio-trends.h"

G_BEGIN_DECLS

/* --- the page writer: text, tables and figures that flow over pages --- */

typedef struct _ReportWriter ReportWriter;

/* Draws one figure into `area` (points on paper, or pixels of a PNG copy). */
typedef void (*ReportFigureFunc) (cairo_t                *cr,
                                  const ProprioPlotStyle *style,
                                  const ProprioPlotRect  *area,
                                  gpointer                data);

typedef enum
{
  CELL_START,   /* text */
  CELL_END,     /* numbers */
} CellAlign;

typedef struct
{
  const char *title;
  double      width;    /* share of the table's width; the shares need not add to 1 */
  CellAlign   align;
} ReportColumn;

/* `surface` is a PDF surface of the paper's size; n_pages the count from an earlier pass (0 while
 * counting). `header` is the text at the top of every page; `figures_dir` (NULL: none) gets a PNG
 * of every figure. */
ReportWriter *_report_writer_new         (cairo_surface_t        *surface,
                                          double                  width,
                                          double                  height,
                                          const char             *header,
                                          guint                   n_pages,
                                          const char             *figures_dir);
/* Ends the last page; returns the pages written. */
guint         _report_writer_finish      (ReportWriter           *w);
void          _report_writer_free        (ReportWriter           *w);
/* The first error from writing a figure's PNG, if any (the report itself goes on). */
const GError *_report_writer_get_error   (ReportWriter           *w);
double        _report_writer_width       (ReportWriter           *w);

void          _report_new_page           (ReportWriter           *w);
/* Starts a new page unless `height` still fits on this one. */
void          _report_need               (ReportWriter           *w,
                                          double                  height);
void          _report_space              (ReportWriter           *w,
                                          double                  points);
/* level 0: the report's title; 1: a section; 2: a subsection. Kept with what follows. */
void          _report_heading            (ReportWriter           *w,
                                          int                     level,
                                          const char             *text);
/* Wrapped text; flows over pages line by line. */
void          _report_paragraph          (ReportWriter           *w,
                                          const char             *text,
                                          double                  scale,
                                          gboolean                bold);
/* A paragraph marked as a notice (what is missing from the report). */
void          _report_notice             (ReportWriter           *w,
                                          const char             *text);
/* Label–value pairs (values wrap). */
void          _report_key_values         (ReportWriter           *w,
                                          const char * const     *pairs,
                                          guint                   n_pairs);
/* A table: every cell one line, ellipsised when it does not fit; the header is repeated on each
 * page the table continues on. rows: GStrv of n_columns cells each. */
void          _report_table              (ReportWriter           *w,
                                          const ReportColumn     *columns,
                                          guint                   n_columns,
                                          GPtrArray              *rows);
/* Figures side by side, `columns` a row, each `height` high; `names` give the PNG copies'
 * files ("statokinesigram-eyes-open"). */
void          _report_figures            (ReportWriter           *w,
                                          guint                   columns,
                                          double                  height,
                                          guint                   n,
                                          ReportFigureFunc        func,
                                          gpointer               *data,
                                          const char * const     *names);
void          _report_figure             (ReportWriter           *w,
                                          double                  height,
                                          ReportFigureFunc        func,
                                          gpointer                data,
                                          const char             *name);

/* --- what a report is made of --- */

typedef struct
{
  ProprioSession *session;
  ProprioPatient *patient;
  GPtrArray      *streams;     /* ProprioStreamInfo */
  GPtrArray      *exercises;   /* ProprioStoredExercise */
  GPtrArray      *metrics;     /* ProprioMetric */
  ProprioTrends  *trends;      /* up to this session */
  guint           session_number;  /* 1-based among the patient's sessions */
  guint           n_sessions;      /* the patient's sessions */
  GPtrArray      *missing;     /* what the report lacks, in words (char *) */
  GHashTable     *cache;       /* what sections read from stream files, kept across the passes
                                * (made when first needed; NULL until then) */
  const ProprioReportOptions *options;
} ReportData;

/* Numbers in the user's locale: `decimals` after the point, "—" when not finite. */
char       *_report_number             (double                  value,
                                        int                     decimals);
/* "12.3 mm" or "—". */
char       *_report_quantity           (double                  value,
                                        int                     decimals,
                                        const char             *unit);
/* A time of the session: local date and time, or (anonymised) the time from its start. */
char       *_report_time               (const ReportData       *data,
                                        GDateTime              *time,
                                        gint64                  t_us);
char       *_report_duration           (double                  seconds);
/* The exercise's name in the report's language (stored titles are the recording's language). */
const char *_report_exercise_name      (const ProprioStoredExercise *exercise);
/* Says what is missing, once, on the first page and where it matters. */
void        _report_add_missing        (ReportData             *data,
                                        const char             *text);
/* The stream file of this kind that exists, or NULL. */
const ProprioStreamInfo *_report_stream (const ReportData      *data,
                                         ProprioStreamKind      kind);

/* Each kind of exercise's figures and plots (proprio-report-balance.c, -emg.c). */
typedef void (*ReportSectionFunc) (ReportWriter                *w,
                                   ReportData                  *data,
                                   const ProprioStoredExercise *exercise,
                                   JsonObject                  *settings,
                                   JsonObject                  *results);
void        _report_static_test        (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);
void        _report_weight_shift       (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);
void        _report_los_test           (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);
void        _report_activation_drill   (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);
void        _report_mvc_calibration    (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);
void        _report_jps                (ReportWriter *w, ReportData *data,
                                        const ProprioStoredExercise *exercise,
                                        JsonObject *settings, JsonObject *results);

/* A table row of cells: takes the strings given (g_strdup'ed or made), NULL-terminated; free the
 * row with g_strfreev (). */
char      **_report_row                (char                   *first,
                                        ...) G_GNUC_NULL_TERMINATED;

/* One exercise's section: settings, figures, plots. */
void        _report_exercise           (ReportWriter           *w,
                                        ReportData             *data,
                                        guint                   index);
/* The settings of an exercise as a table of label, value. */
void        _report_settings           (ReportWriter           *w,
                                        JsonObject             *settings);
void        _report_trends_section     (ReportWriter           *w,
                                        ReportData             *data);
void        _report_methods_section    (ReportWriter           *w,
                                        ReportData             *data);

G_END_DECLS
