/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "proprio-plan.h"

G_BEGIN_DECLS

/* ProprioPlanLibrary: the therapist's plans, one JSON file each in a folder (the app's is
 * `<data>/plans`, see proprio_plan_library_default_folder ()), and the examples shipped with
 * Proprio (read-only; from a GResource folder). A saved plan is a template: duplicate it, run it
 * with any patient.
 *
 * Files: created 0600 in a 0700 folder, written whole to a temporary file in the same folder,
 * synced, then renamed over the old one, so a crash leaves the old file or the new one, never
 * half of either. A file is overwritten or deleted only when it is still the very file this
 * library read or wrote (same inode, size and modification time): a plan copied in by hand, a
 * file another program rewrote, anything that is not a plan Proprio can read is left alone
 * (PROPRIO_PLAN_ERROR_FOREIGN_FILE; save the plan under a new name with
 * proprio_plan_library_save_as_new ()). Files that cannot be read are listed by
 * get_problems () and left as they are.
 *
 * Saving: every change to a plan in the library (its "changed" signal) saves it after a short
 * delay on a worker thread (the main thread never waits for the disk); "save-failed" (plan,
 * GError) says when that did not work. flush () saves what is pending and waits for it.
 *
 * The model (get_plans ()): the therapist's plans by title, then the examples. Main thread only. */

#define PROPRIO_TYPE_PLAN_LIBRARY (proprio_plan_library_get_type ())
G_DECLARE_FINAL_TYPE (ProprioPlanLibrary, proprio_plan_library, PROPRIO, PLAN_LIBRARY, GObject)

/* $PROPRIO_DATA_DIR/plans when set, else the user data folder's proprio/plans. */
char               *proprio_plan_library_default_folder (void);

/* `folder` holds the therapist's plans (made when first needed); `examples_path` is a GResource
 * folder of example plans, or NULL for none. Nothing is read until load (). */
ProprioPlanLibrary *proprio_plan_library_new         (const char          *folder,
                                                      const char          *examples_path);
const char         *proprio_plan_library_get_folder  (ProprioPlanLibrary  *self);

/* Reads the examples and every *.json of the folder (a missing folder is an empty library).
 * FALSE only when the folder exists and cannot be listed; unreadable files are problems. */
gboolean            proprio_plan_library_load        (ProprioPlanLibrary  *self,
                                                      GError             **error);
/* The same, with the folder read on a worker thread. */
void                proprio_plan_library_load_async  (ProprioPlanLibrary  *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            proprio_plan_library_load_finish (ProprioPlanLibrary  *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* One message per file of the folder that could not be read (its name and why), from the last
 * load (). */
const char * const *proprio_plan_library_get_problems (ProprioPlanLibrary *self);

/* Of ProprioPlan. */
GListModel         *proprio_plan_library_get_plans   (ProprioPlanLibrary  *self);
ProprioPlan        *proprio_plan_library_lookup      (ProprioPlanLibrary  *self,
                                                      const char          *id);

/* Takes `plan` into the library (it must have no id): gives it an id from its title and saves
 * it. Returns the plan (borrowed). */
ProprioPlan        *proprio_plan_library_add         (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan);
/* A new empty plan, or an editable copy of `plan` ("…" (copy)), added and saved. */
ProprioPlan        *proprio_plan_library_create      (ProprioPlanLibrary  *self,
                                                      const char          *title);
ProprioPlan        *proprio_plan_library_duplicate   (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan);
/* Out of the library and its file deleted (an example cannot be removed; a file that is not the
 * one the library wrote is kept, and so is the plan). The plan object stays valid: add it back
 * with restore () (undo). */
gboolean            proprio_plan_library_remove      (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan,
                                                      GError             **error);
void                proprio_plan_library_restore     (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan);
/* A plan file from elsewhere (export of another station, a colleague's): read, checked, and
 * added as an editable plan of this library under a new id. */
ProprioPlan        *proprio_plan_library_import      (ProprioPlanLibrary  *self,
                                                      const char          *text,
                                                      gsize                length,
                                                      GError             **error);

/* Saves now, on the calling thread. FALSE with FOREIGN_FILE when the file on disk is not the one
 * the library wrote (nothing is written), READ_ONLY for an example. */
gboolean            proprio_plan_library_save        (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan,
                                                      GError             **error);
/* Gives `plan` a new id (and file) and saves it there: after FOREIGN_FILE, nothing is lost. */
gboolean            proprio_plan_library_save_as_new (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan,
                                                      GError             **error);
/* Saves every plan with changes pending, waiting for saves in flight. */
void                proprio_plan_library_flush       (ProprioPlanLibrary  *self);
/* TRUE while a change of `plan` is not on disk yet. */
gboolean            proprio_plan_library_is_pending  (ProprioPlanLibrary  *self,
                                                      ProprioPlan         *plan);

/* Writes `plan`'s file form to `path` atomically (0600): for exporting a plan. An existing
 * regular file there is replaced (the file chooser asked); a link, a folder or a device is
 * refused. */
gboolean            proprio_plan_export_to_file      (ProprioPlan         *plan,
                                                      const char          *path,
                                                      GError             **error);

G_END_DECLS
