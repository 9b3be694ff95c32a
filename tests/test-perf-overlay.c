/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The performance overlay over a real Balance page on the simulated board: its figures are
 * refreshed, plausible and on screen, and the CPU figure follows real work. */
#include "config.h"

#include <time.h>

#include "app/proprio-balance-page.h"
#include "widgets/proprio-perf-overlay.h"
#include "proprio-test-gui.h"

typedef struct
{
  ProprioStation *station;
  GSettings      *settings;
  GtkWidget      *window;
  GtkWidget      *overlay;
} Fixture;

static void
fixture_open (Fixture    *f,
              const char *spec_or_null)
{
  GtkWidget *layers, *page;
  g_autoptr(GError) error = NULL;

  f->station = proprio_station_new ();
  proprio_station_set_sound_enabled (f->station, FALSE);
  if (spec_or_null != NULL)
    g_assert_true (proprio_station_set_device_spec (f->station, spec_or_null, &error));
  g_assert_no_error (error);
  f->settings = g_settings_new ("io.github.proprio.Proprio");

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  layers = gtk_overlay_new ();
  page = proprio_balance_page_new (f->station, f->settings);
  gtk_overlay_set_child (GTK_OVERLAY (layers), page);
  f->overlay = proprio_perf_overlay_new (f->station);
  gtk_overlay_add_overlay (GTK_OVERLAY (layers), f->overlay);
  gtk_window_set_child (GTK_WINDOW (f->window), layers);
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  proprio_station_disconnect_device (f->station);
  g_clear_object (&f->station);
  g_clear_object (&f->settings);
  proprio_test_wait_ms (50);
  g_assert_true (proprio_device_wait_for_readers (5000));
}

static ProprioPerfFigures
figures_of (Fixture *f)
{
  ProprioPerfFigures out;

  proprio_perf_overlay_get_figures (PROPRIO_PERF_OVERLAY (f->overlay), &out);
  return out;
}

typedef struct
{
  Fixture *f;
  guint    refreshes;
} Until;

static gboolean
refreshed_enough (gpointer data)
{
  Until *u = data;

  return figures_of (u->f).refreshes >= u->refreshes;
}

static void
wait_refreshes (Fixture *f,
                guint    more)
{
  Until u = { f, figures_of (f).refreshes + more };

  g_assert_true (proprio_test_wait_until (refreshed_enough, &u, 20000));
}

/* All the labels in the overlay, in order, joined by newlines. */
static char *
overlay_text (GtkWidget *widget)
{
  GString *s = g_string_new (NULL);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      g_autofree char *inner = NULL;

      if (GTK_IS_LABEL (c))
        g_string_append_printf (s, "%s\n", gtk_label_get_text (GTK_LABEL (c)));
      inner = overlay_text (c);
      g_string_append (s, inner);
    }
  return g_string_free (s, FALSE);
}

static void
test_figures_live (void)
{
  Fixture f = { 0 };
  ProprioPerfFigures a, b;
  g_autofree char *text = NULL;
  g_autofree char *cpu_text = NULL;
  g_autofree char *rss_text = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *png = g_getenv ("PROPRIO_PERF_OVERLAY_PNG");

  fixture_open (&f, "sim:balance?rate=100");
  /* Two refreshes so the CPU figure has a period to be measured over. */
  wait_refreshes (&f, 3);
  a = figures_of (&f);
  wait_refreshes (&f, 2);
  b = figures_of (&f);

  g_assert_cmpuint (b.refreshes, >, a.refreshes);
  g_assert_cmpfloat (b.cpu_percent, >=, 0);
  g_assert_cmpfloat (b.cpu_percent, <=, 200);
  g_assert_cmpfloat (b.rss_mib, >, 10);
  g_assert_cmpfloat (b.rss_mib, <, 4096);
  /* The simulator streams at 100 Hz; the rate is measured over ~2 s, so allow its ramp. */
  g_assert_cmpfloat (b.rate_hz, >, 50);
  g_assert_cmpfloat (b.rate_hz, <, 150);
  g_assert_cmpuint (b.lost, ==, 0);
  /* A sample arrives every 10 ms and the page redraws for each: what was on screen at the last
   * paint is at most a few frames old, even on a loaded machine. */
  g_assert_cmpfloat (b.sample_age_ms, >=, 0);
  g_assert_cmpfloat (b.sample_age_ms, <, 500);
  g_assert_cmpfloat (b.frame_interval_ms, >, 1);
  g_assert_cmpfloat (b.frame_interval_ms, <, 1000);
  g_assert_cmpfloat (b.frame_work_ms, >=, 0);
  g_assert_cmpfloat (b.frame_work_ms, <, b.frame_interval_ms * 4);

  /* What is shown is what was measured. */
  text = overlay_text (f.overlay);
  cpu_text = g_strdup_printf ("%.0f %% of a core", b.cpu_percent);
  rss_text = g_strdup_printf ("%.0f MiB", b.rss_mib);
  g_assert_nonnull (strstr (text, cpu_text));
  g_assert_nonnull (strstr (text, rss_text));
  g_assert_nonnull (strstr (text, " Hz, 0 lost, "));
  g_assert_null (strstr (text, "no samples"));
  g_assert_null (strstr (text, "…"));

  /* Large enough to read across a room: the figures are title-sized, not body text. */
  g_assert_cmpint (gtk_widget_get_height (f.overlay), >=, 6 * 22);
  /* A refresh changed the labels: let a frame draw them before reading the pixels. */
  proprio_test_wait_ms (100);
  texture = proprio_test_render_widget (f.overlay);
  g_assert_cmpuint (proprio_test_count_colors (texture, 64), >, 4);
  if (png != NULL)
    g_assert_true (gdk_texture_save_to_png (texture, png));

  fixture_close (&f);
}

static void
test_no_device (void)
{
  Fixture f = { 0 };
  ProprioPerfFigures b;
  g_autofree char *text = NULL;

  fixture_open (&f, NULL);
  wait_refreshes (&f, 2);
  b = figures_of (&f);
  g_assert_cmpfloat (b.sample_age_ms, ==, -1);
  g_assert_cmpfloat (b.rate_hz, ==, -1);
  text = overlay_text (f.overlay);
  g_assert_nonnull (strstr (text, "no device"));
  g_assert_nonnull (strstr (text, "no samples"));
  fixture_close (&f);
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Spins until it has used 2 s of CPU time: however busy the machine, that is real work. */
static gpointer
burn (gpointer data)
{
  volatile guint64 x = 0;

  while (thread_cpu_us () < 2 * G_USEC_PER_SEC)
    for (guint i = 0; i < 100000; i++)
      x += i;
  g_atomic_int_set ((gint *) data, 1);
  return NULL;
}

static void
test_cpu_follows_work (void)
{
  Fixture f = { 0 };
  GThread *thread;
  gint done = 0;
  double idle_max = 0, busy_max = 0;

  fixture_open (&f, NULL);
  wait_refreshes (&f, 2);
  for (guint i = 0; i < 3; i++)
    {
      wait_refreshes (&f, 1);
      idle_max = MAX (idle_max, figures_of (&f).cpu_percent);
    }

  thread = g_thread_new ("burn", burn, &done);
  while (!g_atomic_int_get (&done))
    {
      wait_refreshes (&f, 1);
      busy_max = MAX (busy_max, figures_of (&f).cpu_percent);
    }
  g_thread_join (thread);

  /* A spinning thread shows, even sharing two cores with other work; an idle window does not
   * come near it. */
  g_test_message ("CPU idle up to %.0f %%, busy up to %.0f %%", idle_max, busy_max);
  g_assert_cmpfloat (busy_max, >=, 10);
  g_assert_cmpfloat (busy_max, <=, 200);
  g_assert_cmpfloat (busy_max, >, idle_max);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  g_test_add_func ("/perf-overlay/figures-live", test_figures_live);
  g_test_add_func ("/perf-overlay/no-device", test_no_device);
  g_test_add_func ("/perf-overlay/cpu-follows-work", test_cpu_follows_work);
  return g_test_run ();
}
