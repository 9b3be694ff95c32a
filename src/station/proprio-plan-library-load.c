/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-library"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "proprio-plan-examples.h"
#include "proprio-plan-library-private.h"
#include "proprio-plan-private.h"

/* A plan file is a few kilobytes: anything this large is something else. */
#define MAX_FILE_BYTES (1024 * 1024)

typedef struct
{
  char          *name;
  char          *contents;   /* NULL when it could not be read: see `problem` */
  gsize          length;
  ProprioFileId  file;
  char          *problem;
} FileRead;

static void
file_read_free (FileRead *read)
{
  g_free (read->name);
  g_free (read->contents);
  g_free (read->problem);
  g_free (read);
}

/* Any thread: the folder's *.json, each read once with the id it had when read. */
static GPtrArray *
read_folder (const char  *folder,
             GError     **error)
{
  g_autoptr(GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) file_read_free);
  g_autoptr(GError) dir_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &dir_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (dir_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&reads);
      g_propagate_error (error, g_steal_pointer (&dir_error));
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) read_error = NULL;
      FileRead *read;
      ProprioFileId before;
      gboolean regular = FALSE;

      /* Temporary files of a save (".name.json.XXXXXX") and other files are not plans. */
      if (name[0] == '.' || !g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (folder, name, NULL);
      read = g_new0 (FileRead, 1);
      read->name = g_strdup (name);
      g_ptr_array_add (reads, read);
      if (!_proprio_file_id_read (path, &before, &regular))
        {
          read->problem = g_strdup (g_strerror (errno));
          continue;
        }
      if (!regular)
        {
          read->problem = g_strdup (_("it is not a plain file (a link, a folder or a device)"));
          continue;
        }
      if (before.size > MAX_FILE_BYTES)
        {
          read->problem = g_strdup (_("it is too large to be a plan"));
          continue;
        }
      if (!g_file_get_contents (path, &read->contents, &read->length, &read_error))
        {
          read->problem = g_strdup (read_error->message);
          continue;
        }
      /* The id from before the read: a change while reading makes them differ, and the file is
       * then not overwritten as if it were what was read. */
      read->file = before;
    }
  return g_steal_pointer (&reads);
}

static void
clear_user_plans (ProprioPlanLibrary *self)
{
  g_hash_table_remove_all (self->entries);
  g_list_store_remove_all (self->plans);
  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->files);
  g_mutex_unlock (&self->lock);
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_add (self->problems, NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
load_examples (ProprioPlanLibrary *self)
{
  g_auto(GStrv) names = NULL;

  if (self->examples_path == NULL)
    return;
  names = g_resources_enumerate_children (self->examples_path, 0, NULL);
  if (names == NULL)
    return;
  g_qsort_with_data (names, (gint) g_strv_length (names), sizeof (char *), compare_names, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", self->examples_path, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioPlan) plan = NULL;
      g_autofree char *id = NULL;
      gsize size;
      const char *data;

      if (!g_str_has_suffix (names[i], ".json"))
        continue;
      bytes = g_resources_lookup_data (path, 0, &error);
      if (bytes == NULL)
        {
          g_warning ("Example plan %s: %s", path, error->message);
          continue;
        }
      data = g_bytes_get_data (bytes, &size);
      plan = proprio_plan_new_from_json (data, (gssize) size, FALSE, &error);
      if (plan == NULL)
        {
          /* Shipped with the program: a test keeps this from happening. */
          g_warning ("Example plan %s: %s", path, error->message);
          continue;
        }
      id = g_strndup (names[i], strlen (names[i]) - strlen (".json"));
      proprio_plan_set_id (plan, id);
      proprio_plan_examples_translate (plan);
      _proprio_plan_set_example (plan, TRUE);
      g_list_store_append (self->plans, plan);
    }
}

static void
load_reads (ProprioPlanLibrary *self,
            GPtrArray          *reads)
{
  clear_user_plans (self);
  for (guint i = 0; i < reads->len; i++)
    {
      FileRead *read = g_ptr_array_index (reads, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioPlan) plan = NULL;
      g_autofree char *id = NULL;
      FileRecord *record;

      if (read->contents == NULL)
        {
          _proprio_plan_library_add_problem (self, read->name, read->problem);
          continue;
        }
      plan = proprio_plan_new_from_json (read->contents, (gssize) read->length, FALSE, &error);
      if (plan == NULL)
        {
          _proprio_plan_library_add_problem (self, read->name, error->message);
          continue;
        }
      id = g_strndup (read->name, strlen (read->name) - strlen (".json"));
      proprio_plan_set_id (plan, id);
      record = g_new0 (FileRecord, 1);
      record->file = read->file;
      record->exists = TRUE;
      g_mutex_lock (&self->lock);
      g_hash_table_insert (self->files, g_strdup (id), record);
      g_mutex_unlock (&self->lock);
      _proprio_plan_library_track (self, plan);
      _proprio_plan_library_insert_sorted (self, plan);
    }
  load_examples (self);
}

gboolean
proprio_plan_library_load (ProprioPlanLibrary  *self,
                           GError             **error)
{
  g_autoptr(GPtrArray) reads = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);

  reads = read_folder (self->folder, error);
  if (reads == NULL)
    {
      clear_user_plans (self);
      load_examples (self);
      return FALSE;
    }
  load_reads (self, reads);
  return TRUE;
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *reads = read_folder (task_data, &error);

  if (reads == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, reads, (GDestroyNotify) g_ptr_array_unref);
}

void
proprio_plan_library_load_async (ProprioPlanLibrary  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PROPRIO_IS_PLAN_LIBRARY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, proprio_plan_library_load_async);
  g_task_set_task_data (task, g_strdup (self->folder), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
proprio_plan_library_load_finish (ProprioPlanLibrary  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_autoptr(GPtrArray) reads = NULL;

  g_return_val_if_fail (PROPRIO_IS_PLAN_LIBRARY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  reads = g_task_propagate_pointer (G_TASK (result), error);
  if (reads == NULL)
    {
      clear_user_plans (self);
      load_examples (self);
      return FALSE;
    }
  load_reads (self, reads);
  return TRUE;
}
