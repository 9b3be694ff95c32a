/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-marker-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-marker-picker-private.h"

/* The picker's controls under the video: a button per marker (its colour and its state in
 * words; it picks that marker), the colour tolerance, Pick Again. */

static void
marker_toggled_cb (GtkToggleButton     *button,
                   ProprioMarkerPicker *self)
{
  int marker = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "marker"));

  if (self->updating)
    return;
  _proprio_marker_picker_set_hint (self, NULL, FALSE);
  self->in_sequence = FALSE;
  if (gtk_toggle_button_get_active (button))
    proprio_marker_picker_set_picking (self, marker);
  else if (self->picking == marker)
    proprio_marker_picker_set_picking (self, -1);
}

static void
tolerance_changed_cb (GtkAdjustment       *adjustment,
                      ProprioMarkerPicker *self)
{
  double hue = gtk_adjustment_get_value (adjustment);
  /* Saturation and value widen with the hue, in the proportions of the tracker's defaults:
   * one slider for "how different may a marker look", e.g. in poor light. */
  ProprioMarkerTolerance tol = {
    hue, CLAMP (0.30 * hue / 15.0, 0.10, 0.60), CLAMP (0.35 * hue / 15.0, 0.15, 0.70),
  };

  if (self->updating || self->camera == NULL)
    return;
  proprio_camera_set_marker_tolerance (self->camera, &tol);
}

static char *
format_tolerance_cb (GtkScale *scale,
                     double    value,
                     gpointer  user_data)
{
  /* TRANSLATORS: the colour tolerance, plus or minus so many degrees of hue. */
  return g_strdup_printf (_("±%.0f°"), value);
}

static void
swatch_draw_cb (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  ProprioMarkerPicker *self = user_data;

  _proprio_marker_picker_draw_swatch (self,
                                      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (area),
                                                                          "marker")),
                                      cr, width, height);
}

static void
again_clicked_cb (ProprioMarkerPicker *self)
{
  _proprio_marker_picker_set_hint (self, NULL, FALSE);
  self->in_sequence = TRUE;
  proprio_marker_picker_set_picking (self, PROPRIO_MARKER_HIP);
}

static GtkWidget *
make_marker_button (ProprioMarkerPicker *self,
                    ProprioMarkerId      marker)
{
  static const char * const tooltips[] = {
    N_("Pick the hip marker's colour: then click the marker in the video"),
    N_("Pick the knee marker's colour: then click the marker in the video"),
    N_("Pick the ankle marker's colour: then click the marker in the video"),
  };
  GtkWidget *button = gtk_toggle_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (proprio_marker_get_label (marker));
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *state = gtk_label_new (NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 18);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 18);
  g_object_set_data (G_OBJECT (swatch), "marker", GINT_TO_POINTER (marker));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw_cb, self, NULL);
  gtk_widget_add_css_class (name, "heading");
  gtk_box_append (GTK_BOX (row), swatch);
  gtk_box_append (GTK_BOX (row), name);
  gtk_label_set_wrap (GTK_LABEL (state), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (state), 24);
  gtk_label_set_width_chars (GTK_LABEL (state), 16);
  gtk_label_set_xalign (GTK_LABEL (state), 0.0);
  gtk_widget_add_css_class (state, "caption");
  gtk_box_append (GTK_BOX (box), row);
  gtk_box_append (GTK_BOX (box), state);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, _(tooltips[marker]));
  g_object_set_data (G_OBJECT (button), "marker", GINT_TO_POINTER (marker));
  g_signal_connect (button, "toggled", G_CALLBACK (marker_toggled_cb), self);

  self->marker_button[marker] = button;
  self->marker_swatch[marker] = swatch;
  self->marker_label[marker] = state;
  return button;
}

void
_proprio_marker_picker_build_controls (ProprioMarkerPicker *self)
{
  GtkWidget *tolerance_box, *tolerance_label, *scale, *again;

  self->controls = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (self->controls, GTK_ALIGN_CENTER);
  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    gtk_box_append (GTK_BOX (self->controls), make_marker_button (self, m));

  tolerance_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  tolerance_label = gtk_label_new (_("Colour tolerance"));
  gtk_widget_add_css_class (tolerance_label, "heading");
  self->tolerance = gtk_adjustment_new (15.0, PROPRIO_MARKER_PICKER_MIN_TOLERANCE_DEG,
                                        PROPRIO_MARKER_PICKER_MAX_TOLERANCE_DEG, 1.0, 5.0, 0.0);
  scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, self->tolerance);
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_format_value_func (GTK_SCALE (scale), format_tolerance_cb, NULL, NULL);
  gtk_widget_set_size_request (scale, 160, -1);
  gtk_widget_set_tooltip_text (scale, _("How far a marker's colour may stray from the colour "
                                        "picked: wider in poor or uneven light, narrower when "
                                        "something else of that colour is in the picture"));
  g_signal_connect (self->tolerance, "value-changed", G_CALLBACK (tolerance_changed_cb), self);
  gtk_box_append (GTK_BOX (tolerance_box), tolerance_label);
  gtk_box_append (GTK_BOX (tolerance_box), scale);
  gtk_box_append (GTK_BOX (self->controls), tolerance_box);

  again = gtk_button_new_with_label (_("Pick Again"));
  gtk_widget_set_valign (again, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (again, _("Pick the three markers again, hip first (the colours "
                                        "stay until each is clicked)"));
  g_signal_connect_swapped (again, "clicked", G_CALLBACK (again_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->controls), again);
}
