/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plan library on a real folder: files written whole and 0600, never over a file Proprio did
 * not write, autosave, delete and undo, import and export, and the shipped examples (read-only,
 * translatable, and every step accepted by the station's engines). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "station/proprio-plan-examples.h"
#include "station/proprio-plan-library.h"
#include "station/proprio-plan-run.h"
#include "station/proprio-station.h"

#define EXAMPLES RESOURCE_PREFIX "/plans"

typedef struct
{
  char *tmp;
  char *folder;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (sub, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (sub);
      else
        g_unlink (sub);
    }
  g_rmdir (path);
}

static void
fixture_init (Fixture *f)
{
  f->tmp = g_dir_make_tmp ("proprio-plans-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->folder = g_build_filename (f->tmp, "data", "plans", NULL);
}

static void
fixture_clear (Fixture *f)
{
  remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->folder);
}

static char *
plan_path (Fixture    *f,
           const char *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (f->folder, name, NULL);
}

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static guint
count_files (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
add_steps (ProprioPlan *plan)
{
  g_autoptr(ProprioPlanStep) a =
    proprio_plan_step_new_exercise ("static-test",
                                    g_variant_new_parsed ("{'duration-s': <20.0>}"), "Still");
  g_autoptr(ProprioPlanStep) b = proprio_plan_step_new_pause (30, "Rest");

  proprio_plan_append_step (plan, a);
  proprio_plan_append_step (plan, b);
}

static void
test_round_trip (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioPlanLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *on_disk = NULL;
  ProprioPlan *plan, *loaded;
  GStatBuf st;

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, NULL);
  /* No folder yet: an empty library, not an error. */
  g_assert_true (proprio_plan_library_load (library, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (proprio_plan_library_get_plans (library)), ==, 0);

  plan = proprio_plan_library_create (library, "Knee — Woche 3");
  g_assert_cmpstr (proprio_plan_get_id (plan), ==, "knee-woche-3");
  add_steps (plan);
  g_assert_true (proprio_plan_library_is_pending (library, plan));
  g_assert_true (proprio_plan_library_save (library, plan, &error));
  g_assert_no_error (error);
  g_assert_false (proprio_plan_library_is_pending (library, plan));

  path = plan_path (&f, "knee-woche-3");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (f.folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  json = proprio_plan_to_json (plan);
  on_disk = read_text (path);
  g_assert_cmpstr (on_disk, ==, json);

  /* A second plan of the same title gets a name of its own. */
  g_assert_cmpstr (proprio_plan_get_id (proprio_plan_library_create (library, "Knee: Woche 3")),
                   ==, "knee-woche-3-2");
  proprio_plan_library_flush (library);

  again = proprio_plan_library_new (f.folder, NULL);
  g_assert_true (proprio_plan_library_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (proprio_plan_library_get_plans (again)), ==, 2);
  loaded = proprio_plan_library_lookup (again, "knee-woche-3");
  g_assert_nonnull (loaded);
  {
    g_autofree char *loaded_json = proprio_plan_to_json (loaded);

    g_assert_cmpstr (loaded_json, ==, json);
  }
  g_assert_null (proprio_plan_library_get_problems (again)[0]);
  fixture_clear (&f);
}

static void
test_atomic_write (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioPlanLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *leftover = NULL;
  g_autofree char *text = NULL;
  ProprioPlan *plan;
  GStatBuf before, after;

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, NULL);
  plan = proprio_plan_library_create (library, "Ankle");
  add_steps (plan);
  g_assert_true (proprio_plan_library_save (library, plan, &error));
  path = plan_path (&f, "ankle");
  g_assert_cmpint (g_stat (path, &before), ==, 0);

  /* A save writes a new file and renames it over the old one: the old inode is never written
   * to, so a crash leaves one whole file or the other, and no temporary file stays. */
  proprio_plan_set_notes (plan, "Longer notes than before, so the size changes too.");
  g_assert_true (proprio_plan_library_save (library, plan, &error));
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, !=, before.st_ino);
  g_assert_cmpint (after.st_mode & 0777, ==, 0600);
  g_assert_cmpuint (count_files (f.folder), ==, 1);
  text = read_text (path);
  g_assert_true (g_str_has_suffix (text, "}\n"));
  g_assert_nonnull (strstr (text, "Longer notes"));

  /* What a crash in the middle of a save leaves behind (a half temporary file) is not a plan. */
  leftover = g_build_filename (f.folder, ".ankle.json.A1B2C3", NULL);
  write_text (leftover, "{\"format\": \"proprio-pl");
  again = proprio_plan_library_new (f.folder, NULL);
  g_assert_true (proprio_plan_library_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (proprio_plan_library_get_plans (again)), ==, 1);
  g_assert_null (proprio_plan_library_get_problems (again)[0]);
  g_assert_cmpstr (proprio_plan_get_notes (proprio_plan_library_lookup (again, "ankle")), ==,
                   "Longer notes than before, so the size changes too.");
  fixture_clear (&f);
}

static void
test_foreign_files (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioPlanLibrary) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *other = NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = NULL;
  g_autofree char *second = NULL;
  g_autofree char *hip = NULL;
  g_autofree char *newer = NULL;
  const char *hand_edit = "{\"format\": \"proprio-plan\", \"version\": 1, \"title\": \"By hand\"}";
  ProprioPlan *plan;
  const char * const *problems;

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, NULL);
  plan = proprio_plan_library_create (library, "Shoulder");
  g_assert_true (proprio_plan_library_save (library, plan, &error));
  path = plan_path (&f, "shoulder");

  /* Another program rewrote the file: Proprio's next save must not replace it. */
  g_usleep (10 * 1000);
  write_text (path, hand_edit);
  proprio_plan_set_notes (plan, "Mine");
  g_assert_false (proprio_plan_library_save (library, plan, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE);
  g_assert_nonnull (strstr (error->message, "shoulder.json"));
  g_clear_error (&error);
  text = read_text (path);
  g_assert_cmpstr (text, ==, hand_edit);
  /* …nor delete it. */
  g_assert_false (proprio_plan_library_remove (library, plan, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE);
  g_clear_error (&error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (proprio_plan_library_lookup (library, "shoulder") == plan);

  /* Nothing is lost: the plan goes to a file of its own. */
  g_assert_true (proprio_plan_library_save_as_new (library, plan, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (proprio_plan_get_id (plan), ==, "shoulder-2");
  second = plan_path (&f, "shoulder-2");
  other = read_text (second);
  g_assert_nonnull (strstr (other, "\"Mine\""));
  g_clear_pointer (&text, g_free);
  text = read_text (path);
  g_assert_cmpstr (text, ==, hand_edit);

  /* A file in the way of a new plan's first save (put there meanwhile) is left alone too. */
  plan = proprio_plan_library_create (library, "Hip");
  hip = plan_path (&f, "hip");
  write_text (hip, "not mine");
  g_assert_false (proprio_plan_library_save (library, plan, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE);
  g_clear_error (&error);
  g_clear_pointer (&text, g_free);
  text = read_text (hip);
  g_assert_cmpstr (text, ==, "not mine");

  /* Loading: a link, a broken file and a newer plan are problems, left as they are; the file
   * rewritten by hand is a plan like any other. */
  target = g_build_filename (f.tmp, "elsewhere.json", NULL);
  write_text (target, hand_edit);
  link = plan_path (&f, "linked");
  g_assert_cmpint (symlink (target, link), ==, 0);
  newer = plan_path (&f, "newer");
  write_text (newer, "{\"format\": \"proprio-plan\", \"version\": 99}");
  again = proprio_plan_library_new (f.folder, NULL);
  g_assert_true (proprio_plan_library_load (again, &error));
  problems = proprio_plan_library_get_problems (again);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 3);
  for (guint i = 0; problems[i] != NULL; i++)
    g_assert_nonnull (strstr (problems[i], "left as it is"));
  g_assert_nonnull (proprio_plan_library_lookup (again, "shoulder"));
  g_assert_nonnull (proprio_plan_library_lookup (again, "shoulder-2"));
  g_assert_null (proprio_plan_library_lookup (again, "linked"));
  g_assert_null (proprio_plan_library_lookup (again, "hip"));
  /* New plans never take the name of a file that is there. */
  g_assert_cmpstr (proprio_plan_get_id (proprio_plan_library_create (again, "Linked")), ==,
                   "linked-2");
  proprio_plan_library_flush (again);
  g_clear_pointer (&text, g_free);
  text = read_text (target);
  g_assert_cmpstr (text, ==, hand_edit);
  fixture_clear (&f);
}

static void
count_cb (gpointer  instance,
          gpointer  a,
          gpointer  b,
          guint    *count)
{
  (*count)++;
}

static gboolean
file_has_title (gpointer data)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents (data, &text, NULL, NULL))
    return FALSE;
  return strstr (text, "\"Renamed\"") != NULL;
}

static gboolean
wait_until (gboolean (*condition) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!condition (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return condition (data);
}

typedef struct
{
  ProprioPlanLibrary *library;
  ProprioPlan        *plan;
} Pending;

static gboolean
not_pending (gpointer data)
{
  Pending *p = data;

  return !proprio_plan_library_is_pending (p->library, p->plan);
}

static void
test_autosave_remove_restore (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioPlan) kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  ProprioPlan *plan;
  guint failed = 0;
  Pending pending;

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, NULL);
  g_signal_connect (library, "save-failed", G_CALLBACK (count_cb), &failed);
  plan = proprio_plan_library_create (library, "Balance");
  path = plan_path (&f, "balance");

  /* Changes are saved by themselves, on a worker thread, after a short pause. */
  proprio_plan_set_title (plan, "Renamed");
  g_assert_true (wait_until (file_has_title, path));
  pending = (Pending) { library, plan };
  g_assert_true (wait_until (not_pending, &pending));
  g_assert_cmpuint (failed, ==, 0);
  /* The id stays: renaming a plan does not rename its file. */
  g_assert_cmpstr (proprio_plan_get_id (plan), ==, "balance");

  /* Delete, then undo. */
  kept = g_object_ref (plan);
  g_assert_true (proprio_plan_library_remove (library, plan, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (proprio_plan_library_lookup (library, "balance"));
  /* A change to a deleted plan saves nothing. */
  proprio_plan_set_notes (kept, "after delete");
  proprio_plan_library_flush (library);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  proprio_plan_library_restore (library, kept);
  g_assert_true (proprio_plan_library_lookup (library, "balance") == kept);
  proprio_plan_library_flush (library);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  {
    g_autofree char *text = read_text (path);

    g_assert_nonnull (strstr (text, "after delete"));
  }

  /* A delete right after a change: the pending save does not bring the file back. */
  proprio_plan_set_notes (kept, "again");
  g_assert_true (proprio_plan_library_remove (library, kept, &error));
  pending = (Pending) { library, kept };
  g_assert_true (wait_until (not_pending, &pending));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (failed, ==, 0);
  fixture_clear (&f);
}

static void
test_import_export (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioPlan) plan = proprio_plan_new ("Shared");
  g_autoptr(GError) error = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *text = NULL;
  g_autofree char *link = NULL;
  ProprioPlan *imported;
  GStatBuf st;

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, EXAMPLES);
  g_assert_true (proprio_plan_library_load (library, &error));
  add_steps (plan);

  exported = g_build_filename (f.tmp, "shared plan.json", NULL);
  g_assert_true (proprio_plan_export_to_file (plan, exported, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (exported, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* Export again over it (the file chooser asked). */
  proprio_plan_set_notes (plan, "v2");
  g_assert_true (proprio_plan_export_to_file (plan, exported, &error));
  text = read_text (exported);
  g_assert_nonnull (strstr (text, "\"v2\""));

  imported = proprio_plan_library_import (library, text, strlen (text), &error);
  g_assert_no_error (error);
  g_assert_nonnull (imported);
  g_assert_false (proprio_plan_is_example (imported));
  g_assert_cmpstr (proprio_plan_get_id (imported), ==, "shared");
  g_assert_cmpuint (proprio_plan_get_n_steps (imported), ==, 2);
  /* Imported twice: two plans. */
  imported = proprio_plan_library_import (library, text, strlen (text), &error);
  g_assert_cmpstr (proprio_plan_get_id (imported), ==, "shared-2");

  /* A file that is not a plan is refused, and nothing is added. */
  {
    guint n = g_list_model_get_n_items (proprio_plan_library_get_plans (library));

    g_assert_null (proprio_plan_library_import (library, "<html>", 6, &error));
    g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_PARSE);
    g_clear_error (&error);
    g_assert_cmpuint (g_list_model_get_n_items (proprio_plan_library_get_plans (library)), ==, n);
  }

  /* An exported example is an ordinary plan where it lands. */
  {
    ProprioPlan *example = proprio_plan_library_lookup (library, "knee-acl");
    g_autofree char *out = g_build_filename (f.tmp, "knee.json", NULL);
    g_autofree char *json = NULL;
    g_autoptr(ProprioPlan) back = NULL;

    g_assert_nonnull (example);
    g_assert_true (proprio_plan_export_to_file (example, out, &error));
    json = read_text (out);
    back = proprio_plan_new_from_json (json, -1, FALSE, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (json, "\"example\": false"));
  }

  /* Never through a link. */
  link = g_build_filename (f.tmp, "link.json", NULL);
  g_assert_cmpint (symlink (exported, link), ==, 0);
  g_assert_false (proprio_plan_export_to_file (plan, link, &error));
  g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_FOREIGN_FILE);
  g_clear_error (&error);
  proprio_plan_library_flush (library);
  fixture_clear (&f);
}

static void
check_text_listed (const char *text)
{
  const char * const *strings = proprio_plan_examples_get_strings ();

  if (*text != '\0' && !g_strv_contains (strings, text))
    g_error ("The example text “%s” is not in proprio-plan-examples.c: it would not be "
             "translated", text);
}

static void
test_examples (void)
{
  Fixture f;
  g_autoptr(ProprioPlanLibrary) library = NULL;
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioPlanRun) run = proprio_plan_run_new (station);
  g_autoptr(GError) error = NULL;
  GListModel *plans;
  ProprioPlan *copy;
  guint n_examples = 0, n_steps = 0;
  const char *expected[] = { "ankle-sprain-balance", "knee-acl", "shoulder-hiking", NULL };

  fixture_init (&f);
  library = proprio_plan_library_new (f.folder, EXAMPLES);
  g_assert_true (proprio_plan_library_load (library, &error));
  plans = proprio_plan_library_get_plans (library);

  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(ProprioPlan) plan = g_list_model_get_item (plans, i);
      guint n = proprio_plan_get_n_steps (plan);

      g_assert_true (proprio_plan_is_example (plan));
      g_assert_cmpstr (proprio_plan_get_id (plan), ==, expected[n_examples]);
      n_examples++;
      /* Marked as examples, not advice, in the plan itself. */
      g_assert_nonnull (strstr (proprio_plan_get_notes (plan), "not clinical advice"));
      g_assert_cmpuint (n, >=, 4);
      check_text_listed (proprio_plan_get_title (plan));
      check_text_listed (proprio_plan_get_notes (plan));
      for (guint s = 0; s < n; s++)
        {
          ProprioPlanStep *step = proprio_plan_get_step (plan, s);

          check_text_listed (proprio_plan_step_get_title (step));
          check_text_listed (proprio_plan_step_get_note (step));
          g_assert_cmpstr (proprio_plan_step_get_title (step), !=, "");
          /* Every step is one the station's engines take as it is. */
          if (!proprio_plan_run_check_step (run, step, &error))
            g_error ("%s, step %u: %s", proprio_plan_get_id (plan), s + 1, error->message);
          n_steps++;
        }
    }
  g_assert_cmpuint (n_examples, ==, 3);
  g_assert_cmpuint (n_steps, >=, 14);

  /* Read-only: not saved, not deleted; a duplicate is the therapist's to change. */
  {
    ProprioPlan *example = proprio_plan_library_lookup (library, "shoulder-hiking");

    g_assert_false (proprio_plan_library_save (library, example, &error));
    g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (proprio_plan_library_remove (library, example, &error));
    g_assert_error (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_READ_ONLY);
    g_clear_error (&error);
    g_assert_false (proprio_plan_remove_step (example, 0));

    copy = proprio_plan_library_duplicate (library, example);
    g_assert_false (proprio_plan_is_example (copy));
    g_assert_cmpstr (proprio_plan_get_title (copy), ==, "Shoulder hiking (copy)");
    g_assert_cmpuint (proprio_plan_get_n_steps (copy), ==, proprio_plan_get_n_steps (example));
    g_assert_true (proprio_plan_remove_step (copy, 0));
    g_assert_cmpuint (proprio_plan_get_n_steps (copy), ==,
                      proprio_plan_get_n_steps (example) - 1);
    /* The therapist's plans come first, then the examples. */
    g_assert_true (g_list_model_get_item (plans, 0) == (gpointer) copy);
    g_object_unref (copy);
    g_assert_true (proprio_plan_library_save (library, copy, &error));
    g_assert_no_error (error);
  }
  /* Only the copy is on disk. */
  g_assert_cmpuint (count_files (f.folder), ==, 1);
  g_object_run_dispose (G_OBJECT (station));
  fixture_clear (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plan-library/round-trip", test_round_trip);
  g_test_add_func ("/plan-library/atomic-write", test_atomic_write);
  g_test_add_func ("/plan-library/never-over-a-foreign-file", test_foreign_files);
  g_test_add_func ("/plan-library/autosave-remove-restore", test_autosave_remove_restore);
  g_test_add_func ("/plan-library/import-export", test_import_export);
  g_test_add_func ("/plan-library/examples", test_examples);

  return g_test_run ();
}
