/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <ftw.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "proprio-test-gui.h"

gboolean
proprio_test_gui_init (int    *argc,
                       char ***argv)
{
  g_test_init (argc, argv, NULL);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PROPRIO_LOCALEDIR") ? g_getenv ("PROPRIO_LOCALEDIR")
                                                                   : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display to open windows on (the test command runs under Xvfb)\n");
      return FALSE;
    }
  adw_init ();
  return TRUE;
}

static GPtrArray *tmp_dirs;

static int
remove_entry (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  return remove (path);
}

static void
remove_tmp_dirs (void)
{
  for (guint i = 0; tmp_dirs != NULL && i < tmp_dirs->len; i++)
    nftw (tmp_dirs->pdata[i], remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  g_clear_pointer (&tmp_dirs, g_ptr_array_unref);
}

char *
proprio_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("proprio-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmp_dirs == NULL)
    {
      tmp_dirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmp_dirs);
    }
  g_ptr_array_add (tmp_dirs, g_strdup (dir));
  return dir;
}

ProprioApplication *
proprio_test_app_new (void)
{
  g_autofree char *dir = proprio_test_make_tmp_dir ();

  /* Never the user's own records, and never another test's: each program has its own. */
  return proprio_test_app_new_in (dir);
}

ProprioApplication *
proprio_test_app_new_in (const char *data_dir)
{
  ProprioApplication *app;
  g_autoptr(GError) error = NULL;

  g_setenv ("PROPRIO_DATA_DIR", data_dir, TRUE);
  app = proprio_application_new ();

  /* No session bus in tests: a non-unique application never asks for one. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
proprio_test_wait_until (gboolean (*condition) (gpointer data),
                         gpointer   data,
                         guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!timed_out && !(condition && condition (data)))
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return condition ? condition (data) : TRUE;
}

void
proprio_test_wait_ms (guint ms)
{
  proprio_test_wait_until (NULL, NULL, ms);
}

GdkTexture *
proprio_test_render_widget (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  /* A widget paintable is empty between an invalidation and the next paint (a busy machine, a
   * view that just got data): wait for that paint rather than render nothing. */
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          gtk_widget_queue_draw (widget);
          proprio_test_wait_ms (20);
        }
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static guchar *
download (GdkTexture *texture,
          gsize      *stride)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  guchar *data;

  *stride = (gsize) width * 4;
  data = g_malloc ((gsize) height * *stride);
  gdk_texture_download (texture, data, *stride);
  return data;
}

guint32
proprio_test_pixel (GdkTexture *texture,
                    int         x,
                    int         y)
{
  g_autofree guchar *data = NULL;
  gsize stride;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, gdk_texture_get_width (texture));
  g_assert_cmpint (y, <, gdk_texture_get_height (texture));
  data = download (texture, &stride);
  /* gdk_texture_download gives CAIRO_FORMAT_ARGB32: native-endian 32-bit words. */
  return *(guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
}

guint
proprio_test_count_colors (GdkTexture *texture,
                           guint       cap)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree guchar *data = NULL;
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride;

  data = download (texture, &stride);
  for (int y = 0; y < height && g_hash_table_size (seen) < cap; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 px = *(guint32 *) (data + (gsize) y * stride + (gsize) x * 4);
        g_hash_table_add (seen, GUINT_TO_POINTER (px));
      }
  return g_hash_table_size (seen);
}
