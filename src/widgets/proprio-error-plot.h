/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* ProprioErrorPlot: the errors of a matching protocol over its trials. One point per trial at
 * x = its number: the signed error (joint angles: reproduced − target, around a zero line) or a
 * distance (CoP: the radial error, from 0 up). Points are coloured by target; a filled point had
 * knowledge of results after it, a hollow one did not; an invalid trial is a cross on the axis.
 * The y axis is symmetric for signed errors and fits the largest error (at least 5 units), with
 * the tolerance as a shaded band. Drawn with Cairo as one path per kind, only when set. */

typedef struct
{
  double   error;      /* signed error or distance; ignored when !valid */
  guint    target;     /* the target's index, for its colour */
  gboolean valid;
  gboolean feedback;   /* knowledge of results was given after it */
} ProprioErrorPoint;

#define PROPRIO_TYPE_ERROR_PLOT (proprio_error_plot_get_type ())
G_DECLARE_FINAL_TYPE (ProprioErrorPlot, proprio_error_plot, PROPRIO, ERROR_PLOT, GtkWidget)

GtkWidget *proprio_error_plot_new        (void);
/* `n_planned` trials make the x axis (at least n_points). Copied. */
void       proprio_error_plot_set_points (ProprioErrorPlot        *self,
                                          const ProprioErrorPoint *points,
                                          guint                    n_points,
                                          guint                    n_planned);
guint      proprio_error_plot_get_n_points (ProprioErrorPlot      *self);
/* signed: errors around 0 (TRUE, default) or distances from 0; unit: "°", "mm". */
void       proprio_error_plot_set_scale  (ProprioErrorPlot        *self,
                                          gboolean                 is_signed,
                                          const char              *unit,
                                          double                   tolerance);
/* The colour of target `index`, the same in the plot and in the page's tables. */
void       proprio_error_plot_target_color (guint                  index,
                                            GdkRGBA               *color);
/* The same as "#rrggbb", for Pango markup; a new string. */
char      *proprio_error_plot_target_hex   (guint                  index);

G_END_DECLS
