/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "proprio-plan-files.h"
#include "proprio-plan-library.h"

G_BEGIN_DECLS

/* Between proprio-plan-library.c (the model, saving, ids) and proprio-plan-library-load.c
 * (reading the folder and the examples). */

/* What the library knows of a file in its folder. Guarded by the library's lock: worker threads
 * write files and record them here. `seq` is the newest save written, so a save that was
 * overtaken by a later one does not write its older text over it. */
typedef struct
{
  ProprioFileId file;
  gboolean      exists;
  guint64       seq;
} FileRecord;

/* Main thread only: a plan's pending save. */
typedef struct
{
  ProprioPlan *plan;
  gulong       changed_id;
  guint        timer;
  guint64      seq;        /* the last save asked for */
  guint        in_flight;
} PlanEntry;

struct _ProprioPlanLibrary
{
  GObject     parent_instance;

  char       *folder;
  char       *examples_path;
  GListStore *plans;
  GHashTable *entries;     /* ProprioPlan * → PlanEntry (user plans only) */
  GPtrArray  *problems;    /* NULL-terminated */

  GMutex      lock;
  GHashTable *files;       /* id → FileRecord, under lock */
};

/* The therapist's plans stay sorted by title, before the examples. */
void _proprio_plan_library_insert_sorted (ProprioPlanLibrary *self,
                                          ProprioPlan        *plan);
/* Follows the plan's changes to save it. */
void _proprio_plan_library_track         (ProprioPlanLibrary *self,
                                          ProprioPlan        *plan);
void _proprio_plan_library_add_problem   (ProprioPlanLibrary *self,
                                          const char         *name,
                                          const char         *why);

G_END_DECLS
