/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The progress window on a real store: one chart per series with values, drawn by the report's
 * plot code into the widget (pixels on screen); a patient without values, and one the store does
 * not know, each get their page. */
#include "config.h"

#include <ftw.h>
#include <glib/gstdio.h>

#include "app/proprio-plot-widget.h"
#include "app/proprio-progress-window.h"
#include "proprio-test-gui.h"
#include "store/proprio-sqlite-store.h"

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

typedef struct
{
  char         *tmp;
  ProprioStore *store;
} Fixture;

static GVariant *
static_results (double area_mm2,
                double velocity_mm_s)
{
  g_auto(GVariantDict) ellipse = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) metrics = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) condition = G_VARIANT_DICT_INIT (NULL);
  g_auto(GVariantDict) results = G_VARIANT_DICT_INIT (NULL);
  GVariant *conditions[1];

  g_variant_dict_insert (&ellipse, "area-mm2", "d", area_mm2);
  g_variant_dict_insert_value (&metrics, "ellipse95", g_variant_dict_end (&ellipse));
  g_variant_dict_insert (&metrics, "mean-velocity-mm-s", "d", velocity_mm_s);
  g_variant_dict_insert (&condition, "condition", "s", "eyes-open");
  g_variant_dict_insert (&condition, "status", "s", "complete");
  g_variant_dict_insert_value (&condition, "metrics", g_variant_dict_end (&metrics));
  conditions[0] = g_variant_dict_end (&condition);
  g_variant_dict_insert_value (&results, "conditions",
                               g_variant_new_array (G_VARIANT_TYPE_VARDICT, conditions, 1));
  return g_variant_dict_end (&results);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "P-07", "P-08" };

  fx->tmp = g_dir_make_tmp ("proprio-progress-XXXXXX", NULL);
  data_dir = g_build_filename (fx->tmp, "data", NULL);
  fx->store = proprio_sqlite_store_open_sync (data_dir, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(ProprioPatient) patient = proprio_patient_new (ids[i]);

      g_assert_true (proprio_store_save_patient_sync (fx->store, patient, FALSE, &error));
    }
  /* P-07: two sessions with a static test (eyes open); P-08: none. */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr(ProprioSession) session =
        proprio_store_begin_session_sync (fx->store, "P-07", "sim:balance", &error);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_auto(GVariantDict) settings = G_VARIANT_DICT_INIT (NULL);
      g_autoptr(ProprioExerciseResult) result =
        proprio_exercise_result_new ("static-test", "Static balance test", 1, 2, now,
                                     PROPRIO_EXERCISE_OUTCOME_DONE, g_variant_dict_end (&settings),
                                     static_results (200.0 - 80.0 * s, 9.0 - 2.0 * s));

      g_assert_no_error (error);
      g_assert_true (proprio_store_add_exercise_sync (fx->store, session->id, result, &error));
      g_assert_true (proprio_store_end_session_sync (fx->store, session->id, 0, &error));
      g_usleep (2000);
    }
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  nftw (fx->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  g_free (fx->tmp);
}

static gboolean
loaded (gpointer data)
{
  return g_strcmp0 (proprio_progress_window_get_state (data), "loading") != 0;
}

static gboolean
drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 100;
}

static GtkWidget *
first_plot (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (PROPRIO_IS_PLOT_WIDGET (child))
        return child;
      if ((found = first_plot (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_charts (Fixture       *fx,
             gconstpointer  data)
{
  ProprioProgressWindow *window = proprio_progress_window_new (NULL, fx->store, "P-07");
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *plot;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (proprio_test_wait_until (loaded, window, 30000));
  g_assert_cmpstr (proprio_progress_window_get_state (window), ==, "charts");
  /* Eyes-open sway area and velocity: the only series with values. */
  g_assert_cmpuint (proprio_progress_window_get_n_charts (window), ==, 2);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Progress of P-07");

  plot = first_plot (GTK_WIDGET (window));
  g_assert_nonnull (plot);
  g_assert_true (proprio_test_wait_until (drawn, plot, 30000));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (plot), ==, "Sway area, eyes open");
  texture = proprio_test_render_widget (plot);
  /* Axes, grid, the line, its points, the title and the change: many colours, not a blank card. */
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >=, 16);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty_and_unknown (Fixture       *fx,
                        gconstpointer  data)
{
  ProprioProgressWindow *empty = proprio_progress_window_new (NULL, fx->store, "P-08");
  ProprioProgressWindow *unknown = proprio_progress_window_new (NULL, fx->store, "P-99");

  gtk_window_present (GTK_WINDOW (empty));
  g_assert_true (proprio_test_wait_until (loaded, empty, 30000));
  g_assert_cmpstr (proprio_progress_window_get_state (empty), ==, "empty");
  g_assert_cmpuint (proprio_progress_window_get_n_charts (empty), ==, 0);
  g_assert_true (proprio_test_wait_until (loaded, unknown, 30000));
  g_assert_cmpstr (proprio_progress_window_get_state (unknown), ==, "error");
  gtk_window_destroy (GTK_WINDOW (empty));
  gtk_window_destroy (GTK_WINDOW (unknown));
}

int
main (int argc, char **argv)
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;
  g_test_add ("/progress-window/charts", Fixture, NULL, fixture_set_up, test_charts,
              fixture_tear_down);
  g_test_add ("/progress-window/empty-and-unknown", Fixture, NULL, fixture_set_up,
              test_empty_and_unknown, fixture_tear_down);
  return g_test_run ();
}
