/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The PDF clinical report of a session filled by real engines, read back with poppler: pdfinfo
 * (the page count and the paper), pdftoppm (no page is blank), pdftotext (the metrics and the
 * patient ID, no name when anonymised, every word inside the margins), pdffonts (every font
 * embedded); partial reports that say what is missing; the command's files and errors. */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proprio-test-report.h"
#include "report/proprio-report.h"

/* Every section starts a page: the summary, one per exercise (each fits on one), the trends and
 * the methods. */
#define SESSION_PAGES (1 + 5 + 1 + 1)
#define EMPTY_SESSION_PAGES (1 + 0 + 1 + 1)

static gboolean
have_poppler (void)
{
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");

  if (pdfinfo == NULL)
    {
      g_test_skip ("poppler-utils (pdfinfo, pdftotext, pdftoppm) is not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
write_report (ProprioReportFixture       *fx,
              guint                       session,
              const char                 *name,
              const ProprioReportOptions *options,
              guint                      *pages)
{
  char *path = g_build_filename (fx->out, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (proprio_report_write_pdf (fx->store, fx->sessions[session], path, options,
                                           pages, &error));
  g_assert_no_error (error);
  return path;
}

static char *
pdf_info (const char *path)
{
  char *out = NULL;

  g_assert_true (proprio_test_run_tool (&out, "pdfinfo", path, NULL));
  return out;
}

static guint
info_pages (const char *info)
{
  const char *line = strstr (info, "Pages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("Pages:"), NULL, 10);
}

static char *
pdf_text (const char *path,
          int         page)
{
  g_autofree char *first = g_strdup_printf ("%d", page);
  char *out = NULL;

  if (page > 0)
    g_assert_true (proprio_test_run_tool (&out, "pdftotext", "-f", first, "-l", first, path,
                                          "-", NULL));
  else
    g_assert_true (proprio_test_run_tool (&out, "pdftotext", path, "-", NULL));
  return out;
}

/* Each page rendered in grey at 20 dpi: some of it is ink. */
static void
assert_no_blank_page (ProprioReportFixture *fx,
                      const char           *pdf,
                      guint                 pages)
{
  g_autofree char *prefix = g_build_filename (fx->out, "page", NULL);
  g_autofree char *out = NULL;

  g_assert_true (proprio_test_run_tool (&out, "pdftoppm", "-r", "20", "-gray", pdf, prefix,
                                        NULL));
  for (guint p = 1; p <= pages; p++)
    {
      g_autofree char *file = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0, dark = 0, start;
      guint width = 0, height = 0, max = 0;

      /* pdftoppm numbers pages with as many digits as the last one needs. */
      for (int digits = 1; digits <= 3 && (file == NULL || !g_file_test (file, G_FILE_TEST_EXISTS));
           digits++)
        {
          g_free (file);
          file = g_strdup_printf ("%s-%0*u.pgm", prefix, digits, p);
        }
      g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
      g_assert_cmpint (sscanf (contents, "P5 %u %u %u", &width, &height, &max), ==, 3);
      /* The pixels follow the header's last whitespace. */
      start = length - (gsize) width * height;
      g_assert_cmpuint (width * height, >, 1000);
      for (gsize i = start; i < length; i++)
        dark += (guchar) contents[i] < 160;
      g_assert_cmpuint (dark, >, (gsize) width * height / 200);
      g_unlink (file);
    }
}

/* Every word of the text inside the page, at least `margin` from each edge. */
static void
assert_inside_margins (const char *pdf,
                       double      width,
                       double      height,
                       double      margin)
{
  g_autofree char *out = NULL;
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                        "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_true (proprio_test_run_tool (&out, "pdftotext", "-bbox", pdf, "-", NULL));
  g_regex_match (word, out, 0, &match);
  while (g_match_info_matches (match))
    {
      double v[4];

      for (int i = 0; i < 4; i++)
        {
          g_autofree char *text = g_match_info_fetch (match, i + 1);

          v[i] = g_ascii_strtod (text, NULL);
        }
      if (v[0] < margin || v[2] > width - margin || v[1] < margin / 2 ||
          v[3] > height - margin / 2)
        g_error ("a word runs past the margin: %g %g %g %g on %g × %g", v[0], v[1], v[2], v[3],
                 width, height);
      n++;
      g_match_info_next (match, NULL);
    }
  g_assert_cmpuint (n, >, 200);
}

static void
assert_fonts_embedded (const char *pdf)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint fonts = 0;

  g_assert_true (proprio_test_run_tool (&out, "pdffonts", pdf, NULL));
  lines = g_strsplit (out, "\n", -1);
  /* After the two header lines: name, type…, emb, sub, uni, object, generation. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_regex_split_simple ("\\s+", g_strstrip (lines[i]), 0, 0);
      guint n = g_strv_length (fields);

      if (n < 6)
        continue;
      g_assert_cmpstr (fields[n - 5], ==, "yes");
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
}

static void
test_a4 (ProprioReportFixture *fx,
         gconstpointer         data)
{
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4, .therapist = "A. Therapist",
                                   .notes = "Balance improving; keep the home programme." };
  g_autofree char *pdf = NULL, *info = NULL, *text = NULL;
  const char *titles[] = { "1. Static balance test (mCTSIB)", "2. Weight shift",
                           "3. Limits of stability", "4. Activation drill",
                           "5. Joint position matching", "Progress across sessions",
                           "Methods" };
  guint pages = 0;

  if (!have_poppler ())
    return;
  pdf = write_report (fx, 1, "a4.pdf", &options, &pages);
  info = pdf_info (pdf);
  g_assert_cmpuint (pages, ==, SESSION_PAGES);
  g_assert_cmpuint (info_pages (info), ==, SESSION_PAGES);
  g_assert_nonnull (strstr (info, "595.276 x 841.89 pts (A4)"));
  g_assert_nonnull (strstr (info, "Clinical report of P-07"));
  g_assert_nonnull (strstr (info, "A. Therapist"));

  /* Page 1: the patient, the session, the exercises at a glance. */
  text = pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Clinical report"));
  g_assert_nonnull (strstr (text, "P-07"));
  g_assert_nonnull (strstr (text, "Zoë O'Brien"));
  g_assert_nonnull (strstr (text, PROPRIO_TEST_BIRTH_DATE));
  g_assert_nonnull (strstr (text, "A. Therapist"));
  g_assert_nonnull (strstr (text, "Balance improving"));
  g_assert_nonnull (strstr (text, "2 of 3"));
  g_assert_null (strstr (text, "Missing from this report"));
  /* Each section on its page, and the page count in the footer. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *page = pdf_text (pdf, (int) i + 2);
      g_autofree char *footer = g_strdup_printf ("Page %u of %u", i + 2, SESSION_PAGES);

      g_assert_nonnull (strstr (page, titles[i]));
      g_assert_nonnull (strstr (page, footer));
    }
  g_clear_pointer (&text, g_free);

  /* The figures the engines computed, as the report formats them. */
  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, fx->eo_path_mm));
  g_assert_nonnull (strstr (text, fx->ec_area_mm2));
  g_assert_nonnull (strstr (text, "Romberg quotient"));
  g_assert_nonnull (strstr (text, fx->ws_score));
  g_assert_nonnull (strstr (text, "Excluded: time ran out"));
  g_assert_nonnull (strstr (text, "Sway area, eyes open"));
  g_assert_nonnull (strstr (text, "since the first session"));
  g_assert_nonnull (strstr (text, "Low-pass filter before the metrics"));

  assert_no_blank_page (fx, pdf, pages);
  assert_inside_margins (pdf, 595.276, 841.89, 50.0);
  assert_fonts_embedded (pdf);
}

static void
test_letter (ProprioReportFixture *fx,
             gconstpointer         data)
{
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_LETTER };
  g_autofree char *pdf = NULL, *info = NULL, *text = NULL;
  guint pages = 0;

  if (!have_poppler ())
    return;
  pdf = write_report (fx, 1, "letter.pdf", &options, &pages);
  info = pdf_info (pdf);
  g_assert_nonnull (strstr (info, "612 x 792 pts (letter)"));
  g_assert_cmpuint (info_pages (info), ==, pages);
  g_assert_cmpuint (pages, ==, SESSION_PAGES);
  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, fx->eo_path_mm));
  assert_no_blank_page (fx, pdf, pages);
  assert_inside_margins (pdf, 612, 792, 50.0);
}

static void
test_anonymised (ProprioReportFixture *fx,
                 gconstpointer         data)
{
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4, .anonymise = TRUE };
  g_autofree char *pdf = NULL, *info = NULL, *text = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  guint pages = 0;

  if (!have_poppler ())
    return;
  pdf = write_report (fx, 1, "anonymous.pdf", &options, &pages);
  info = pdf_info (pdf);
  text = pdf_text (pdf, 0);
  g_assert_nonnull (strstr (text, "P-07"));
  g_assert_nonnull (strstr (text, fx->eo_path_mm));
  g_assert_nonnull (strstr (text, "into the session"));
  /* No name, no birth date, no session ID, no calendar date, no patient notes. */
  g_assert_null (strstr (text, "Zoë"));
  g_assert_null (strstr (text, "Featherstonehaugh"));
  g_assert_null (strstr (text, PROPRIO_TEST_BIRTH_DATE));
  g_assert_null (strstr (text, fx->sessions[1]));
  g_assert_null (strstr (text, today));
  g_assert_null (strstr (text, "Ankle sprain"));
  g_assert_null (strstr (info, "Zoë"));
  g_assert_cmpuint (info_pages (info), ==, SESSION_PAGES);
}

static void
test_partial (ProprioReportFixture *fx,
              gconstpointer         data)
{
  ProprioReportOptions options = { .paper = PROPRIO_PAPER_A4 };
  g_autofree char *pdf = NULL, *text = NULL;
  guint pages = 0;

  if (!have_poppler ())
    return;
  /* No exercise, and its EMG recording deleted: a report that says so. */
  pdf = write_report (fx, 2, "partial.pdf", &options, &pages);
  g_assert_cmpuint (pages, ==, EMPTY_SESSION_PAGES);
  text = pdf_text (pdf, 1);
  g_assert_nonnull (strstr (text, "Missing from this report"));
  g_assert_nonnull (strstr (text, "emg.csv"));
  g_assert_nonnull (strstr (text, "No exercise was stored for this session"));
  assert_no_blank_page (fx, pdf, pages);
}

static void
test_command (ProprioReportFixture *fx,
              gconstpointer         data)
{
  g_autofree char *pdf = g_build_filename (fx->out, "cli.pdf", NULL);
  g_autofree char *link = g_build_filename (fx->out, "link.pdf", NULL);
  g_autofree char *out = NULL, *err = NULL, *info = NULL;
  struct stat st;

  if (g_getenv ("PROPRIO_CLI") == NULL || !have_poppler ())
    {
      if (g_getenv ("PROPRIO_CLI") == NULL)
        g_test_skip ("PROPRIO_CLI is not set");
      return;
    }
  /* One program at a time has the records open. */
  g_clear_object (&fx->store);

  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], "--out", pdf, "--paper",
                                                   "letter", "--therapist", "Dr Ana Ruiz",
                                                   NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Wrote the report of session"));
  info = pdf_info (pdf);
  g_assert_nonnull (strstr (info, "(letter)"));
  g_assert_nonnull (strstr (info, "Dr Ana Ruiz"));
  g_assert_cmpint (stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Never over an existing file unless asked, and then only once it is written. */
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], "--out", pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists already"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[2], "--out", pdf, "--force",
                                                   NULL), ==, 0);
  g_clear_pointer (&info, g_free);
  info = pdf_info (pdf);
  g_assert_cmpuint (info_pages (info), ==, EMPTY_SESSION_PAGES);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A link is never written through, even with --force. */
  g_assert_cmpint (symlink (pdf, link), ==, 0);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], "--out", link, "--force",
                                                   NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not a plain file"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A folder that is not there (or not writable): said, nothing left behind. */
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], "--out",
                                                   "/nonexistent-folder/r.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Cannot write in the folder “/nonexistent-folder”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (fx->out, "locked", NULL);
      g_autofree char *target = g_build_filename (locked, "r.pdf", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                       fx->sessions[1], "--out", target, NULL),
                       ==, 1);
      g_assert_nonnull (strstr (err, "Choose a folder you can write to"));
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_chmod (locked, 0700);
    }

  /* Usage: exit status 2 and what is wrong. */
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], "--out", "x.pdf", "--paper",
                                                   "a5", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Unknown paper “a5”"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   fx->sessions[1], NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--out FILE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (proprio_report_fixture_run_cli (fx, &out, &err, "export", "pdf",
                                                   "no-such-session", "--out", "y.pdf", NULL),
                   ==, 1);
  g_assert_false (g_file_test ("y.pdf", G_FILE_TEST_EXISTS));

  /* Nothing but what was asked for in the output folder: no temporary file left. */
  {
    g_autoptr(GDir) dir = g_dir_open (fx->out, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (name[0] == '.');
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, ProprioReportFixture, NULL, \
                                    proprio_report_fixture_set_up, func, \
                                    proprio_report_fixture_tear_down)
  ADD ("/report/a4", test_a4);
  ADD ("/report/letter", test_letter);
  ADD ("/report/anonymised", test_anonymised);
  ADD ("/report/partial", test_partial);
  ADD ("/report/command", test_command);
#undef ADD
  return g_test_run ();
}
