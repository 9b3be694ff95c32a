/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-report"

#include "config.h"

#include "proprio-report-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <math.h>
#include <unistd.h>

#include "proprio-report-file.h"

#include "proprio-plot-private.h"

/* The page, in points: 2 cm margins, the running header and footer inside them. */
#define MARGIN        56.0
#define HEADER_Y      30.0
#define BODY_SIZE     9.5
/* The PNG copies of figures: 2 pixels a point (144 dpi), sharp on a screen and small. */
#define PNG_SCALE     2.0

struct _ReportWriter
{
  cairo_t          *cr;
  double            width, height;
  double            left, right, top, bottom;
  double            y;
  guint             page;
  guint             n_pages;
  char             *header;
  ProprioPlotStyle  style;
  char             *figures_dir;
  guint             n_figures;
  GError           *error;
};

ReportWriter *
_report_writer_new (cairo_surface_t *surface,
                    double           width,
                    double           height,
                    const char      *header,
                    guint            n_pages,
                    const char      *figures_dir)
{
  ReportWriter *w = g_new0 (ReportWriter, 1);

  w->cr = cairo_create (surface);
  w->width = width;
  w->height = height;
  w->left = MARGIN;
  w->right = width - MARGIN;
  w->top = MARGIN;
  w->bottom = height - MARGIN;
  w->header = g_strdup (header);
  w->n_pages = n_pages;
  w->figures_dir = g_strdup (figures_dir);
  proprio_plot_style_init_print (&w->style);
  return w;
}

void
_report_writer_free (ReportWriter *w)
{
  if (w == NULL)
    return;
  cairo_destroy (w->cr);
  g_free (w->header);
  g_free (w->figures_dir);
  g_clear_error (&w->error);
  g_free (w);
}

const GError *
_report_writer_get_error (ReportWriter *w)
{
  return w->error;
}

double
_report_writer_width (ReportWriter *w)
{
  return w->right - w->left;
}

static PangoLayout *
body_layout (ReportWriter *w,
             const char   *text,
             double        scale,
             gboolean      bold,
             double        width,
             gboolean      wrap)
{
  ProprioPlotStyle body = w->style;
  PangoLayout *layout;

  body.font_size = BODY_SIZE;
  layout = _proprio_plot_layout (w->cr, &body, text, scale, bold, wrap ? 0 : width);
  if (wrap)
    {
      /* Long names and words without spaces wrap anywhere rather than run off the page. */
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

static void
show_layout (ReportWriter *w,
             PangoLayout  *layout,
             double        x,
             double        y,
             const ProprioPlotColor *color)
{
  cairo_save (w->cr);
  _proprio_plot_set_color (w->cr, color != NULL ? color : &w->style.foreground);
  cairo_move_to (w->cr, x, y);
  pango_cairo_show_layout (w->cr, layout);
  cairo_restore (w->cr);
}

static void
page_furniture (ReportWriter *w)
{
  g_autofree char *page = w->n_pages > 0 ? g_strdup_printf (_("Page %u of %u"), w->page,
                                                            w->n_pages)
                                         : g_strdup_printf (_("Page %u"), w->page);
  g_autofree char *software = g_strdup_printf ("Proprio %s", PACKAGE_VERSION);
  g_autoptr(PangoLayout) page_layout = body_layout (w, page, 0.8, FALSE, 0, FALSE);
  g_autoptr(PangoLayout) software_layout = body_layout (w, software, 0.8, FALSE, 0, FALSE);
  int page_width, unused;
  double width = w->right - w->left;
  g_autoptr(PangoLayout) header = NULL;

  pango_layout_get_size (page_layout, &page_width, &unused);
  /* The header keeps clear of nothing but the margins: it is ellipsised to the text width. */
  header = body_layout (w, w->header, 0.8, FALSE, width, FALSE);
  show_layout (w, header, w->left, HEADER_Y, &w->style.grid);
  cairo_save (w->cr);
  _proprio_plot_set_color (w->cr, &w->style.grid);
  cairo_set_line_width (w->cr, 0.4);
  cairo_move_to (w->cr, w->left, HEADER_Y + 12);
  cairo_line_to (w->cr, w->right, HEADER_Y + 12);
  cairo_stroke (w->cr);
  cairo_restore (w->cr);
  show_layout (w, software_layout, w->left, w->height - HEADER_Y - 8, &w->style.grid);
  show_layout (w, page_layout, w->right - (double) page_width / PANGO_SCALE,
               w->height - HEADER_Y - 8, &w->style.grid);
}

void
_report_new_page (ReportWriter *w)
{
  if (w->page > 0)
    cairo_show_page (w->cr);
  w->page++;
  page_furniture (w);
  w->y = w->top;
}

guint
_report_writer_finish (ReportWriter *w)
{
  if (w->page == 0)
    _report_new_page (w);
  cairo_show_page (w->cr);
  return w->page;
}

void
_report_need (ReportWriter *w,
              double        height)
{
  if (w->page == 0 || (w->y + height > w->bottom && w->y > w->top))
    _report_new_page (w);
}

void
_report_space (ReportWriter *w,
               double        points)
{
  w->y += points;
}

void
_report_heading (ReportWriter *w,
                 int           level,
                 const char   *text)
{
  static const double scales[] = { 2.0, 1.45, 1.15 };
  double scale = scales[CLAMP (level, 0, 2)];
  g_autoptr(PangoLayout) layout = body_layout (w, text, scale, TRUE, w->right - w->left, TRUE);
  double height = layout_height (layout);

  /* A heading never ends a page: it keeps some of what follows with it. */
  _report_need (w, height + 60.0);
  if (w->y > w->top)
    w->y += level == 0 ? 4.0 : level == 1 ? 10.0 : 6.0;
  show_layout (w, layout, w->left, w->y, NULL);
  w->y += height + (level == 0 ? 8.0 : 4.0);
  if (level <= 1)
    {
      cairo_save (w->cr);
      _proprio_plot_set_color (w->cr, &w->style.foreground);
      cairo_set_line_width (w->cr, level == 0 ? 1.0 : 0.5);
      cairo_move_to (w->cr, w->left, w->y - 2.0);
      cairo_line_to (w->cr, w->right, w->y - 2.0);
      cairo_stroke (w->cr);
      cairo_restore (w->cr);
      w->y += 4.0;
    }
}

/* Shows a wrapped layout at x, line by line, breaking pages between lines. */
static void
flow_layout (ReportWriter           *w,
             PangoLayout            *layout,
             double                  x,
             const ProprioPlotColor *color)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);

  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double baseline, top, height;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = (double) logical.y / PANGO_SCALE;
      height = (double) logical.height / PANGO_SCALE;
      baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE - top;
      _report_need (w, height);
      cairo_save (w->cr);
      _proprio_plot_set_color (w->cr, color != NULL ? color : &w->style.foreground);
      cairo_move_to (w->cr, x, w->y + baseline);
      pango_cairo_show_layout_line (w->cr, line);
      cairo_restore (w->cr);
      w->y += height;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
_report_paragraph (ReportWriter *w,
                   const char   *text,
                   double        scale,
                   gboolean      bold)
{
  g_autoptr(PangoLayout) layout = body_layout (w, text, scale, bold, w->right - w->left, TRUE);

  if (w->page == 0)
    _report_new_page (w);
  flow_layout (w, layout, w->left, NULL);
  w->y += 3.0;
}

void
_report_notice (ReportWriter *w,
                const char   *text)
{
  g_autoptr(PangoLayout) layout = body_layout (w, text, 1.0, FALSE, w->right - w->left - 10.0,
                                               TRUE);
  double start;

  _report_need (w, MIN (layout_height (layout), 40.0));
  start = w->y;
  flow_layout (w, layout, w->left + 10.0, &w->style.accent);
  /* A bar beside it, on the part that is on this page. */
  cairo_save (w->cr);
  _proprio_plot_set_color (w->cr, &w->style.accent);
  cairo_rectangle (w->cr, w->left, w->y > start ? start : w->top, 3.0,
                   w->y > start ? w->y - start : w->y - w->top);
  cairo_fill (w->cr);
  cairo_restore (w->cr);
  w->y += 4.0;
}

void
_report_key_values (ReportWriter       *w,
                    const char * const *pairs,
                    guint               n_pairs)
{
  double width = w->right - w->left, label_width = MIN (0.3 * width, 150.0);

  for (guint i = 0; i < n_pairs; i++)
    {
      const char *label = pairs[2 * i], *value = pairs[2 * i + 1];
      g_autoptr(PangoLayout) label_layout = NULL;
      g_autoptr(PangoLayout) value_layout = NULL;
      double height;

      if (value == NULL || *value == '\0')
        continue;
      label_layout = body_layout (w, label, 1.0, TRUE, label_width - 8.0, TRUE);
      value_layout = body_layout (w, value, 1.0, FALSE, width - label_width, TRUE);
      height = MAX (layout_height (value_layout), layout_height (label_layout));
      if (height > (w->bottom - w->top) / 3)
        {
          /* A long text (notes): its label on a line, then the text flowing over pages. */
          _report_need (w, 3 * layout_height (label_layout));
          show_layout (w, label_layout, w->left, w->y, NULL);
          w->y += layout_height (label_layout);
          flow_layout (w, value_layout, w->left + label_width, NULL);
        }
      else
        {
          _report_need (w, height);
          show_layout (w, label_layout, w->left, w->y, NULL);
          show_layout (w, value_layout, w->left + label_width, w->y, NULL);
          w->y += height;
        }
      w->y += 2.0;
    }
  w->y += 4.0;
}

static void
table_row (ReportWriter       *w,
           const ReportColumn *columns,
           guint               n_columns,
           const char * const *cells,
           double              total,
           double              row_height,
           gboolean            header,
           gboolean            shaded)
{
  double x = w->left, width = w->right - w->left;

  if (shaded)
    {
      ProprioPlotColor shade = w->style.grid;

      shade.alpha = 0.14;
      cairo_save (w->cr);
      _proprio_plot_set_color (w->cr, &shade);
      cairo_rectangle (w->cr, w->left, w->y, width, row_height);
      cairo_fill (w->cr);
      cairo_restore (w->cr);
    }
  for (guint c = 0; c < n_columns; c++)
    {
      double cell = width * columns[c].width / total;
      g_autoptr(PangoLayout) layout = body_layout (w, cells[c] != NULL ? cells[c] : "", 0.92,
                                                   header, cell - 6.0, FALSE);
      int text_width, text_height;

      pango_layout_get_size (layout, &text_width, &text_height);
      if (columns[c].align == CELL_END)
        {
          pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
          show_layout (w, layout, x + 3.0, w->y + (row_height - text_height / PANGO_SCALE) / 2,
                       NULL);
        }
      else
        show_layout (w, layout, x + 3.0, w->y + (row_height - text_height / PANGO_SCALE) / 2,
                     NULL);
      x += cell;
    }
  w->y += row_height;
  if (header)
    {
      cairo_save (w->cr);
      _proprio_plot_set_color (w->cr, &w->style.foreground);
      cairo_set_line_width (w->cr, 0.6);
      cairo_move_to (w->cr, w->left, w->y);
      cairo_line_to (w->cr, w->right, w->y);
      cairo_stroke (w->cr);
      cairo_restore (w->cr);
    }
}

void
_report_table (ReportWriter       *w,
               const ReportColumn *columns,
               guint               n_columns,
               GPtrArray          *rows)
{
  g_autofree const char **titles = g_new0 (const char *, n_columns + 1);
  g_autoptr(PangoLayout) probe = body_layout (w, "Ag", 0.92, TRUE, 0, FALSE);
  double row_height = layout_height (probe) + 5.0, total = 0.0;

  for (guint c = 0; c < n_columns; c++)
    {
      titles[c] = columns[c].title;
      total += columns[c].width;
    }
  /* The header and at least two rows together. */
  _report_need (w, row_height * MIN (3, rows->len + 1));
  table_row (w, columns, n_columns, titles, total, row_height, TRUE, FALSE);
  for (guint r = 0; r < rows->len; r++)
    {
      if (w->y + row_height > w->bottom)
        {
          _report_new_page (w);
          table_row (w, columns, n_columns, titles, total, row_height, TRUE, FALSE);
        }
      table_row (w, columns, n_columns, rows->pdata[r], total, row_height, FALSE, r % 2 == 1);
    }
  w->y += 8.0;
}

static cairo_status_t
write_fd (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  int *fd = closure;

  while (length > 0)
    {
      ssize_t n = write (*fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return CAIRO_STATUS_WRITE_ERROR;
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
figure_png (ReportWriter     *w,
            double            width,
            double            height,
            ReportFigureFunc  func,
            gpointer          data,
            const char       *name)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int fd;

  w->n_figures++;
  if (w->figures_dir == NULL || w->error != NULL)
    return;
  file = g_strdup_printf ("%02u-%s.png", w->n_figures, name != NULL ? name : "figure");
  path = g_build_filename (w->figures_dir, file, NULL);
  /* Patient data: readable by the user only, like every file Proprio writes. */
  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      _proprio_report_set_write_error (&w->error, path, errno);
      return;
    }
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width * PNG_SCALE),
                                        (int) ceil (height * PNG_SCALE));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, PNG_SCALE, PNG_SCALE);
  func (cr, &w->style, &(ProprioPlotRect) { 0, 0, width, height }, data);
  cairo_destroy (cr);
  status = cairo_surface_write_to_png_stream (surface, write_fd, &fd);
  cairo_surface_destroy (surface);
  if (close (fd) != 0 && status == CAIRO_STATUS_SUCCESS)
    status = CAIRO_STATUS_WRITE_ERROR;
  if (status != CAIRO_STATUS_SUCCESS)
    g_set_error (&w->error, PROPRIO_REPORT_ERROR, PROPRIO_REPORT_ERROR_FAILED,
                 _("Cannot write the figure “%s”: %s"), path, cairo_status_to_string (status));
}

void
_report_figures (ReportWriter        *w,
                 guint                columns,
                 double               height,
                 guint                n,
                 ReportFigureFunc     func,
                 gpointer            *data,
                 const char * const  *names)
{
  double gap = 14.0, width = w->right - w->left;
  double cell = (width - gap * (columns - 1)) / columns;

  for (guint i = 0; i < n; i += columns)
    {
      _report_need (w, height);
      for (guint c = 0; c < columns && i + c < n; c++)
        {
          ProprioPlotRect area = { w->left + c * (cell + gap), w->y, cell, height };

          cairo_save (w->cr);
          func (w->cr, &w->style, &area, data[i + c]);
          cairo_restore (w->cr);
          figure_png (w, cell, height, func, data[i + c], names != NULL ? names[i + c] : NULL);
        }
      w->y += height + gap;
    }
}

void
_report_figure (ReportWriter     *w,
                double            height,
                ReportFigureFunc  func,
                gpointer          data,
                const char       *name)
{
  _report_figures (w, 1, height, 1, func, &data, &name);
}
