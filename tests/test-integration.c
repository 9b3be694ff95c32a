/* SPDX-License-Identifier: GPL-3.0-or-later */
/* GNOME integration: the desktop file, metainfo, schema, Flatpak manifest, icons, screenshot and
 * translations are each checked with the tool a distribution or Flathub would use. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <string.h>
#include <sys/wait.h>
#include <locale.h>

#include "app/proprio-application.h"

/* glibc's counter of loaded catalogues: bumping it makes gettext notice a changed LANGUAGE. */
extern int _nl_msg_cat_cntr;

static const char *source_root;
static const char *build_root;

/* Runs argv, returns its exit status; stdout/stderr are handed back when asked for. */
static int
run (const char * const *argv,
     char              **out,
     char              **err)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status = -1;

  /* The tools are other people's GLib programs: our fatal-warnings settings are not theirs. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_ENABLE_DIAGNOSTIC");
  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err, &status,
                &error);
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : (WIFEXITED (status) ? WEXITSTATUS (status) : 255);
}

static void
require_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  if (path == NULL)
    g_error ("%s is needed for this test (the test command installs it)", name);
}

static void
test_desktop_file_validates (void)
{
  g_autofree char *path = g_build_filename (build_root, "resources", APP_ID ".desktop", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "desktop-file-validate", path, NULL };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *icon = NULL, *exec = NULL, *name_de = NULL;

  require_program ("desktop-file-validate");
  g_assert_cmpint (run (argv, &out, &err), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "");

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error);
  g_assert_no_error (error);
  icon = g_key_file_get_string (key_file, "Desktop Entry", "Icon", &error);
  g_assert_cmpstr (icon, ==, APP_ID);
  exec = g_key_file_get_string (key_file, "Desktop Entry", "Exec", &error);
  g_assert_cmpstr (exec, ==, "proprio %U");
  /* The merged file carries the translations from po/. */
  name_de = g_key_file_get_locale_string (key_file, "Desktop Entry", "Comment", "de", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (name_de, "Gleichgewicht"));
}

static void
test_metainfo_validates (void)
{
  g_autofree char *path = g_build_filename (build_root, "resources", APP_ID ".metainfo.xml", NULL);
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "appstreamcli", "validate", "--no-net", "--pedantic", path, NULL };
  g_autofree char *contents = NULL;

  require_program ("appstreamcli");
  if (run (argv, &out, &err) != 0)
    g_error ("appstreamcli rejected the metainfo:\n%s%s", out, err);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<id>" APP_ID "</id>"));
  g_assert_nonnull (strstr (contents, "resources/screenshots/main.png"));
}

static void
test_schema_compiles_strict (void)
{
  g_autofree char *dir = g_build_filename (source_root, "resources", NULL);
  const char *argv[] = { "glib-compile-schemas", "--strict", "--dry-run", dir, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert_cmpint (run (argv, &out, &err), ==, 0);
  g_assert_cmpstr (g_strstrip (err), ==, "");

  /* The compiled copy in the build folder is the one tests and the run command use. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  g_assert_nonnull (schema);
  g_assert_true (g_settings_schema_has_key (schema, "device"));
  g_assert_true (g_settings_schema_has_key (schema, "last-view"));
}

static void
test_flatpak_manifest (void)
{
  g_autofree char *path = g_build_filename (source_root, "flatpak", APP_ID ".json", NULL);
  const char *argv[] = { "flatpak-builder", "--show-manifest", path, NULL };
  g_autofree char *out = NULL, *err = NULL;

  require_program ("flatpak-builder");
  if (run (argv, &out, &err) != 0)
    g_error ("flatpak-builder rejected the manifest:\n%s", err);
  /* flatpak-builder only warns about unknown keys: a warning is a defect here. */
  g_assert_null (strstr (err, "WARNING"));
  g_assert_nonnull (strstr (out, "\"id\" : \"" APP_ID "\""));
  g_assert_nonnull (strstr (out, "\"command\" : \"proprio\""));
  g_assert_nonnull (strstr (out, "\"name\" : \"libserialport\""));
  g_assert_nonnull (strstr (out, "\"buildsystem\" : \"meson\""));
  g_assert_nonnull (strstr (out, "--device=all"));
  /* Cameras come through the camera portal: the sandbox gets no direct PipeWire socket. */
  g_assert_null (strstr (out, "pipewire-0"));
}

static void
test_icons_are_bundled (void)
{
  static const char * const icons[] = {
    "/icons/scalable/apps/" APP_ID ".svg",
    "/icons/scalable/actions/proprio-balance-symbolic.svg",
    "/icons/scalable/actions/proprio-muscle-symbolic.svg",
    "/icons/scalable/actions/proprio-mirror-symbolic.svg",
    "/icons/scalable/actions/proprio-joint-symbolic.svg",
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_PREFIX, icons[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

      g_assert_nonnull (bytes);
      g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "<svg"));
    }
}

static void
test_screenshot_is_real (void)
{
  g_autofree char *path = g_build_filename (source_root, "resources", "screenshots", "main.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guint32 *pixels = NULL;
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  int w, h;

  g_assert_no_error (error);
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  g_assert_cmpint (w, >=, 800);
  g_assert_cmpint (h, >=, 500);
  pixels = g_new (guint32, (gsize) w * h);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) w * 4);
  for (gsize i = 0; i < (gsize) w * h; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixels[i]));
  g_assert_cmpuint (g_hash_table_size (colors), >=, 64);
}

/* The shell's own strings are translated in German and Spanish. */
static void
test_translations (void)
{
  static const struct { const char *lang, *msgid, *expected; } cases[] = {
    { "de", "Balance", "Gleichgewicht" },
    { "de", "Muscle", "Muskel" },
    { "de", "Mirror", "Spiegel" },
    { "de", "Joint Position", "Gelenkposition" },
    { "de", "Disconnected", "Getrennt" },
    { "es", "Balance", "Equilibrio" },
    { "es", "Muscle", "Músculo" },
    { "es", "Mirror", "Espejo" },
    { "es", "Joint Position", "Posición articular" },
    { "es", "Disconnected", "Desconectado" },
  };
  g_autofree char *localedir = g_build_filename (build_root, "po", NULL);

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_setenv ("LANGUAGE", cases[i].lang, TRUE);
      /* glibc caches translations per language; this tells it the environment changed. */
      ++_nl_msg_cat_cntr;
      g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, cases[i].msgid), ==, cases[i].expected);
    }
  g_unsetenv ("LANGUAGE");
  ++_nl_msg_cat_cntr;
}

static void
test_po_files_check (void)
{
  static const char * const langs[] = { "de", "es" };

  for (guint i = 0; i < G_N_ELEMENTS (langs); i++)
    {
      g_autofree char *po = g_strdup_printf ("%s/po/%s.po", source_root, langs[i]);
      const char *argv[] = { "msgfmt", "--check", "--statistics", "-o", "/dev/null", po, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run (argv, &out, &err), ==, 0);
      /* msgfmt prints e.g. "120 translated messages, 3 untranslated messages." */
      g_assert_nonnull (strstr (err, "translated message"));
      g_assert_null (strstr (err, "fuzzy"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "");

  source_root = g_getenv ("PROPRIO_SOURCE_ROOT");
  build_root = g_getenv ("PROPRIO_BUILD_ROOT");
  g_assert_nonnull (source_root);
  g_assert_nonnull (build_root);

  g_test_add_func ("/integration/desktop-file-validates", test_desktop_file_validates);
  g_test_add_func ("/integration/metainfo-validates", test_metainfo_validates);
  g_test_add_func ("/integration/schema-compiles-strict", test_schema_compiles_strict);
  g_test_add_func ("/integration/flatpak-manifest", test_flatpak_manifest);
  g_test_add_func ("/integration/icons-are-bundled", test_icons_are_bundled);
  g_test_add_func ("/integration/screenshot-is-real", test_screenshot_is_real);
  g_test_add_func ("/integration/translations", test_translations);
  g_test_add_func ("/integration/po-files-check", test_po_files_check);

  return g_test_run ();
}
