/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "app/proprio-session-controller.h"
#include "core/proprio-stream-reader.h"

G_BEGIN_DECLS

/* What the session tests share: waiting on the main context, a copy of everything a device's
 * ring held, and checks of what a session left in the records. */

/* Iterates the default main context until `condition` holds or `timeout_ms` passed. */
gboolean proprio_records_wait     (gboolean (*condition) (gpointer data),
                                   gpointer   data,
                                   guint      timeout_ms);
void     proprio_records_wait_ms  (guint      ms);
/* Waits for the controller's records to open (READY or UNAVAILABLE); returns the state. */
ProprioRecordsState proprio_records_wait_open (ProprioSessionController *controller);

/* Everything a ring holds from now on (drained every 20 ms on the main context). */
typedef struct _ProprioRingCopy ProprioRingCopy;
ProprioRingCopy *proprio_ring_copy_new    (ProprioRing     *ring);
void             proprio_ring_copy_drain  (ProprioRingCopy *copy);
GArray          *proprio_ring_copy_get    (ProprioRingCopy *copy);   /* ProprioSample */
void             proprio_ring_copy_free   (ProprioRingCopy *copy);

/* The stream file's rows are exactly the copied samples of the same times (t_us and every value,
 * bit for bit; NaN for a missing one). Returns the number of rows. */
guint    proprio_records_assert_file_matches (const char   *path,
                                              GArray       *copied,
                                              guint         n_channels);
/* Rows in a stream file (0 when it cannot be read). */
guint    proprio_records_rows     (const char   *path);
/* TRUE when events (ProprioEvent) has one of `kind`. */
gboolean proprio_records_has_event (GPtrArray   *events,
                                    const char  *kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioRingCopy, proprio_ring_copy_free)

G_END_DECLS
