/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-library"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "proprio-plan-examples.h"
#include "proprio-plan-files.h"
#include "proprio-plan-library-private.h"
#include "proprio-plan-private.h"

/* A change is saved this long after the last one, so typing a note writes once, not per key. */
#define SAVE_DELAY_MS 400
#define MAX_SLUG 40

G_DEFINE_FINAL_TYPE (ProprioPlanLibrary, proprio_plan_library, G_TYPE_OBJECT)

enum {
  SIGNAL_SAVE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
proprio_plan_library_default_folder (void)
{
  const char *dir = g_getenv ("PROPRIO_DATA_DIR");

  /* The same data folder as the session records (store/proprio-sqlite-store.h). */
  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "plans", NULL);
  return g_build_filename (g_get_user_data_dir (), "proprio", "plans", NULL);
}

ProprioPlanLibrary *
proprio_plan_library_new (const char *folder,
                          const char *examples_path)
{
  ProprioPlanLibrary *self;

  g_return_val_if_fail (folder != NULL, NULL);

  self = g_object_new (PROPRIO_TYPE_PLAN_LIBRARY, NULL);
  self->folder = g_strdup (folder);
  self->examples_path = g_strdup (examples_path);
  return self;
}

const char *
proprio_plan_library_get_folder (ProprioPlanLibrary *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);
  return self->folder;
}

static char *
path_for (ProprioPlanLibrary *self,
          const char         *id)
{
  g_autofree char *name = g_strconcat (id, ".json", NULL);

  return g_build_filename (self->folder, name, NULL);
}

/* ---- the model: the therapist's plans by title, then the examples ---- */

static guint
n_user_plans (ProprioPlanLibrary *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->plans));
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(ProprioPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->plans), i);

      if (proprio_plan_is_example (plan))
        break;
    }
  return i;
}

void
_proprio_plan_library_insert_sorted (ProprioPlanLibrary *self,
               ProprioPlan        *plan)
{
  g_autofree char *key = g_utf8_collate_key (proprio_plan_get_title (plan), -1);
  guint n = n_user_plans (self);
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(ProprioPlan) other = g_list_model_get_item (G_LIST_MODEL (self->plans), i);
      g_autofree char *other_key = g_utf8_collate_key (proprio_plan_get_title (other), -1);

      if (strcmp (key, other_key) < 0)
        break;
    }
  g_list_store_insert (self->plans, i, plan);
}

GListModel *
proprio_plan_library_get_plans (ProprioPlanLibrary *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);
  return G_LIST_MODEL (self->plans);
}

ProprioPlan *
proprio_plan_library_lookup (ProprioPlanLibrary *self,
                             const char         *id)
{
  guint n;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->plans));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ProprioPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->plans), i);

      if (g_strcmp0 (proprio_plan_get_id (plan), id) == 0)
        return plan;
    }
  return NULL;
}

const char * const *
proprio_plan_library_get_problems (ProprioPlanLibrary *self)
{
  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);
  return (const char * const *) self->problems->pdata;
}

void
_proprio_plan_library_add_problem (ProprioPlanLibrary *self,
             const char         *name,
             const char         *why)
{
  g_ptr_array_remove_index (self->problems, self->problems->len - 1);
  /* Translators: a plan file that could not be read, and why */
  g_ptr_array_add (self->problems, g_strdup_printf (_("The plan file “%s” was not opened and was "
                                                      "left as it is: %s"), name, why));
  g_ptr_array_add (self->problems, NULL);
}

/* ---- saving ---- */

typedef struct
{
  ProprioPlanLibrary *library;
  char               *id;
  char               *path;
  char               *contents;
  guint64             seq;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->library);
  g_free (job->id);
  g_free (job->path);
  g_free (job->contents);
  g_free (job);
}

/* Any thread. */
static gboolean
run_save (SaveJob  *job,
          GError  **error)
{
  ProprioPlanLibrary *self = job->library;
  FileRecord *record;
  ProprioFileId written;
  gboolean ok = TRUE;

  g_mutex_lock (&self->lock);
  record = g_hash_table_lookup (self->files, job->id);
  if (record == NULL || record->seq < job->seq)
    {
      ok = _proprio_plan_write_file (job->path, job->contents, strlen (job->contents),
                                     PROPRIO_PLAN_WRITE_NEW,
                                     record != NULL && record->exists ? &record->file : NULL,
                                     &written, error);
      if (ok)
        {
          if (record == NULL)
            {
              record = g_new0 (FileRecord, 1);
              g_hash_table_insert (self->files, g_strdup (job->id), record);
            }
          record->file = written;
          record->exists = TRUE;
          record->seq = job->seq;
        }
    }
  g_mutex_unlock (&self->lock);
  return ok;
}

static PlanEntry *
entry_for (ProprioPlanLibrary *self,
           ProprioPlan        *plan)
{
  return g_hash_table_lookup (self->entries, plan);
}

static SaveJob *
save_job_new (ProprioPlanLibrary *self,
              ProprioPlan        *plan,
              PlanEntry          *entry)
{
  SaveJob *job = g_new0 (SaveJob, 1);

  job->library = g_object_ref (self);
  job->id = g_strdup (proprio_plan_get_id (plan));
  job->path = path_for (self, job->id);
  job->contents = proprio_plan_to_json (plan);
  job->seq = ++entry->seq;
  return job;
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (run_save (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ProprioPlanLibrary *self = PROPRIO_PLAN_LIBRARY (object);
  g_autoptr(ProprioPlan) plan = user_data;
  g_autoptr(GError) error = NULL;
  PlanEntry *entry = entry_for (self, plan);

  if (entry != NULL)
    entry->in_flight--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_signal_emit (self, signals[SIGNAL_SAVE_FAILED], 0, plan, error);
}

static gboolean
save_timer_cb (gpointer user_data)
{
  ProprioPlan *plan = user_data;
  ProprioPlanLibrary *self = g_object_get_data (G_OBJECT (plan), "proprio-plan-library");
  PlanEntry *entry = self != NULL ? entry_for (self, plan) : NULL;
  g_autoptr(GTask) task = NULL;

  if (entry == NULL)
    return G_SOURCE_REMOVE;
  entry->timer = 0;
  entry->in_flight++;
  task = g_task_new (self, NULL, save_done_cb, g_object_ref (plan));
  g_task_set_source_tag (task, save_timer_cb);
  g_task_set_task_data (task, save_job_new (self, plan, entry), (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, save_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (ProprioPlanLibrary *self,
               ProprioPlan        *plan)
{
  PlanEntry *entry = entry_for (self, plan);

  if (entry == NULL)
    return;
  g_clear_handle_id (&entry->timer, g_source_remove);
  entry->timer = g_timeout_add (SAVE_DELAY_MS, save_timer_cb, plan);
}

static void
plan_changed_cb (ProprioPlan        *plan,
                 ProprioPlanLibrary *self)
{
  schedule_save (self, plan);
}

static void
entry_free (PlanEntry *entry)
{
  g_clear_handle_id (&entry->timer, g_source_remove);
  g_clear_signal_handler (&entry->changed_id, entry->plan);
  g_object_set_data (G_OBJECT (entry->plan), "proprio-plan-library", NULL);
  g_object_unref (entry->plan);
  g_free (entry);
}

void
_proprio_plan_library_track (ProprioPlanLibrary *self,
       ProprioPlan        *plan)
{
  PlanEntry *entry = g_new0 (PlanEntry, 1);

  entry->plan = g_object_ref (plan);
  entry->changed_id = g_signal_connect (plan, "changed", G_CALLBACK (plan_changed_cb), self);
  /* The timer's way back to the library (the timer holds the plan only). */
  g_object_set_data (G_OBJECT (plan), "proprio-plan-library", self);
  g_hash_table_insert (self->entries, plan, entry);
}

gboolean
proprio_plan_library_save (ProprioPlanLibrary  *self,
                           ProprioPlan         *plan,
                           GError             **error)
{
  PlanEntry *entry;
  SaveJob *job;
  gboolean ok;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);
  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), FALSE);

  if (proprio_plan_is_example (plan))
    {
      g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_READ_ONLY,
                           _("The examples cannot be changed: duplicate one to make it your own"));
      return FALSE;
    }
  entry = entry_for (self, plan);
  g_return_val_if_fail (entry != NULL, FALSE);

  g_clear_handle_id (&entry->timer, g_source_remove);
  job = save_job_new (self, plan, entry);
  ok = run_save (job, error);
  save_job_free (job);
  return ok;
}

gboolean
proprio_plan_library_is_pending (ProprioPlanLibrary *self,
                                 ProprioPlan        *plan)
{
  PlanEntry *entry;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);

  entry = entry_for (self, plan);
  return entry != NULL && (entry->timer != 0 || entry->in_flight > 0);
}

void
proprio_plan_library_flush (ProprioPlanLibrary *self)
{
  GHashTableIter iter;
  PlanEntry *entry;

  g_return_if_fail (PROPRIO_IS_PLAN_LIBRARY (self));

  /* A save in flight holds the lock while it writes: these wait for it, and a save it overtook
   * is then skipped by its sequence number. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    if (entry->timer != 0)
      {
        g_autoptr(GError) error = NULL;

        if (!proprio_plan_library_save (self, entry->plan, &error))
          g_signal_emit (self, signals[SIGNAL_SAVE_FAILED], 0, entry->plan, error);
      }
}

/* ---- ids ---- */

static gboolean
id_taken (ProprioPlanLibrary *self,
          const char         *id)
{
  g_autofree char *path = path_for (self, id);
  gboolean known;

  g_mutex_lock (&self->lock);
  known = g_hash_table_contains (self->files, id);
  g_mutex_unlock (&self->lock);
  return known || proprio_plan_library_lookup (self, id) != NULL ||
         g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
}

/* "Knee after ACL reconstruction" → "knee-after-acl-reconstruction": a file name a person can
 * read, plain ASCII whatever the title's language. */
static char *
slug_for (const char *title)
{
  g_autofree char *ascii = g_str_to_ascii (title != NULL ? title : "", NULL);
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < MAX_SLUG; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_assign (slug, "plan");
  return g_string_free (slug, FALSE);
}

static char *
new_id (ProprioPlanLibrary *self,
        const char         *title)
{
  g_autofree char *slug = slug_for (title);
  char *id = g_strdup (slug);

  for (guint n = 2; id_taken (self, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", slug, n);
    }
  return id;
}

/* ---- adding and removing ---- */

ProprioPlan *
proprio_plan_library_add (ProprioPlanLibrary *self,
                          ProprioPlan        *plan)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);
  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), NULL);
  g_return_val_if_fail (!proprio_plan_is_example (plan), NULL);
  g_return_val_if_fail (proprio_plan_get_id (plan) == NULL, NULL);

  id = new_id (self, proprio_plan_get_title (plan));
  proprio_plan_set_id (plan, id);
  _proprio_plan_library_track (self, plan);
  _proprio_plan_library_insert_sorted (self, plan);
  schedule_save (self, plan);
  return plan;
}

ProprioPlan *
proprio_plan_library_create (ProprioPlanLibrary *self,
                             const char         *title)
{
  g_autoptr(ProprioPlan) plan = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);

  plan = proprio_plan_new (title != NULL && *title != '\0' ? title : _("New plan"));
  return proprio_plan_library_add (self, plan);
}

ProprioPlan *
proprio_plan_library_duplicate (ProprioPlanLibrary *self,
                                ProprioPlan        *plan)
{
  g_autoptr(ProprioPlan) copy = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);
  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), NULL);

  copy = proprio_plan_duplicate (plan);
  /* Translators: the title of a copy of a plan */
  title = g_strdup_printf (_("%s (copy)"), proprio_plan_get_title (plan));
  proprio_plan_set_title (copy, title);
  return proprio_plan_library_add (self, copy);
}

gboolean
proprio_plan_library_remove (ProprioPlanLibrary  *self,
                             ProprioPlan         *plan,
                             GError             **error)
{
  g_autofree char *path = NULL;
  PlanEntry *entry;
  FileRecord *record;
  guint position;
  gboolean ok = TRUE;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);
  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), FALSE);

  if (proprio_plan_is_example (plan))
    {
      g_set_error_literal (error, PROPRIO_PLAN_ERROR, PROPRIO_PLAN_ERROR_READ_ONLY,
                           _("The examples come with Proprio and cannot be deleted"));
      return FALSE;
    }
  entry = entry_for (self, plan);
  if (entry == NULL || !g_list_store_find (self->plans, plan, &position))
    return TRUE;

  path = path_for (self, proprio_plan_get_id (plan));
  g_mutex_lock (&self->lock);
  record = g_hash_table_lookup (self->files, proprio_plan_get_id (plan));
  if (record != NULL && record->exists)
    ok = _proprio_plan_delete_file (path, &record->file, error);
  if (ok)
    {
      /* A save still in flight must not bring the file back. */
      if (record == NULL)
        {
          record = g_new0 (FileRecord, 1);
          g_hash_table_insert (self->files, g_strdup (proprio_plan_get_id (plan)), record);
        }
      record->exists = FALSE;
      record->seq = G_MAXUINT64;
    }
  g_mutex_unlock (&self->lock);
  if (!ok)
    return FALSE;

  g_hash_table_remove (self->entries, plan);
  g_list_store_remove (self->plans, position);
  return TRUE;
}

void
proprio_plan_library_restore (ProprioPlanLibrary *self,
                              ProprioPlan        *plan)
{
  g_return_if_fail (PROPRIO_IS_PLAN_LIBRARY (self));
  g_return_if_fail (PROPRIO_IS_PLAN (plan));
  g_return_if_fail (!proprio_plan_is_example (plan));

  if (entry_for (self, plan) != NULL)
    return;
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->files, proprio_plan_get_id (plan));
  g_mutex_unlock (&self->lock);
  _proprio_plan_library_track (self, plan);
  _proprio_plan_library_insert_sorted (self, plan);
  schedule_save (self, plan);
}

ProprioPlan *
proprio_plan_library_import (ProprioPlanLibrary  *self,
                             const char          *text,
                             gsize                length,
                             GError             **error)
{
  g_autoptr(ProprioPlan) plan = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), NULL);

  plan = proprio_plan_new_from_json (text, (gssize) length, FALSE, error);
  if (plan == NULL)
    return NULL;
  return proprio_plan_library_add (self, plan);
}

gboolean
proprio_plan_library_save_as_new (ProprioPlanLibrary  *self,
                                  ProprioPlan         *plan,
                                  GError             **error)
{
  g_autofree char *id = NULL;
  guint position;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);
  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (entry_for (self, plan) != NULL, FALSE);

  id = new_id (self, proprio_plan_get_title (plan));
  proprio_plan_set_id (plan, id);
  /* The model row shows the plan object: nothing to move, but its id changed. */
  if (g_list_store_find (self->plans, plan, &position))
    g_list_model_items_changed (G_LIST_MODEL (self->plans), position, 1, 1);
  return proprio_plan_library_save (self, plan, error);
}

gboolean
proprio_plan_export_to_file (ProprioPlan  *plan,
                             const char   *path,
                             GError      **error)
{
  g_autofree char *json = NULL;
  g_autoptr(ProprioPlan) copy = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN (plan), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* An exported example is a plan like any other where it is imported. */
  copy = proprio_plan_duplicate (plan);
  json = proprio_plan_to_json (copy);
  return _proprio_plan_write_file (path, json, strlen (json), PROPRIO_PLAN_WRITE_REPLACE, NULL,
                                   NULL, error);
}

/* ---- GObject ---- */

static void
proprio_plan_library_dispose (GObject *object)
{
  ProprioPlanLibrary *self = PROPRIO_PLAN_LIBRARY (object);

  if (self->entries != NULL)
    proprio_plan_library_flush (self);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_clear_object (&self->plans);

  G_OBJECT_CLASS (proprio_plan_library_parent_class)->dispose (object);
}

static void
proprio_plan_library_finalize (GObject *object)
{
  ProprioPlanLibrary *self = PROPRIO_PLAN_LIBRARY (object);

  g_free (self->folder);
  g_free (self->examples_path);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (proprio_plan_library_parent_class)->finalize (object);
}

static void
proprio_plan_library_class_init (ProprioPlanLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = proprio_plan_library_dispose;
  object_class->finalize = proprio_plan_library_finalize;

  /* (ProprioPlan *plan, GError *error): a save did not reach the disk; the plan keeps its
   * changes in memory. */
  signals[SIGNAL_SAVE_FAILED] =
    g_signal_new ("save-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, PROPRIO_TYPE_PLAN, G_TYPE_ERROR);
}

static void
proprio_plan_library_init (ProprioPlanLibrary *self)
{
  self->plans = g_list_store_new (PROPRIO_TYPE_PLAN);
  self->entries = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                         (GDestroyNotify) entry_free);
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->problems, NULL);
  g_mutex_init (&self->lock);
}
