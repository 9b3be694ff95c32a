/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "store/proprio-store.h"

G_BEGIN_DECLS

/* A store for the report and bundle tests, filled the way a clinic fills it: patient P-07 (a
 * name far too long for a line, with quotes, a slash and an emoji) with
 *
 *   sessions[0]  a static test (eyes open only), for the trends
 *   sessions[1]  the session under test: balance and EMG stream files, a static test run by the
 *                real engine on a swaying CoP (eyes open, eyes closed), a weight shift, a limits
 *                of stability test, an activation drill run by the real engine on the EMG
 *                envelope, a joint-position protocol (results in the engines' shapes)
 *   sessions[2]  no exercise, and its EMG file deleted from the session folder
 *
 * The figures the report must show are kept as text, formatted as the report formats them. */
#define PROPRIO_TEST_PATIENT_NAME "Zoë O'Brien-Featherstonehaugh-Montgomery-Łukasiewicz / \"Jo\" " \
                                  "de la Torre y Santamaría-Villanueva 🦶"
#define PROPRIO_TEST_BIRTH_DATE   "1961-02-28"

typedef struct
{
  char         *tmp;
  char         *data_dir;
  char         *out;          /* an empty folder for outputs */
  ProprioStore *store;
  char         *sessions[3];
  guint         n_balance_rows;  /* in sessions[1]'s balance.csv */
  char         *eo_path_mm;      /* eyes-open path length, "%.1f" */
  char         *ec_area_mm2;     /* eyes-closed ellipse area, "%.1f" */
  char         *ws_score;        /* the weight-shift score, "%.1f" */
} ProprioReportFixture;

void     proprio_report_fixture_set_up    (ProprioReportFixture *fx,
                                           gconstpointer         data);
void     proprio_report_fixture_tear_down (ProprioReportFixture *fx,
                                           gconstpointer         data);

/* Runs $PROPRIO_CLI with the fixture's data folder (the store must be closed); returns the exit
 * status. */
int      proprio_report_fixture_run_cli   (ProprioReportFixture *fx,
                                           char                **out,
                                           char                **err,
                                           const char           *first,
                                           ...) G_GNUC_NULL_TERMINATED;

/* Runs a program (poppler's pdfinfo, pdftotext, pdftoppm, pdffonts); FALSE when it is not
 * installed (the test then skips). */
gboolean proprio_test_run_tool            (char                **out,
                                           const char           *first,
                                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
