/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "proprio-simulator-signals.h"

G_BEGIN_DECLS

/* A simulated device behind a real pseudo-terminal: a thread writes the wire bytes of the real
 * protocol at the real rate (paced by absolute deadlines, so it never drifts) and answers the
 * commands it reads. Whatever opens the slave side sees exactly what a USB serial device sends,
 * so the GUI, the CLI and the tests exercise the same transport and parser as with hardware. */

#define PROPRIO_SIMULATOR_ERROR (proprio_simulator_error_quark ())

typedef enum
{
  PROPRIO_SIMULATOR_ERROR_PTY,    /* no pseudo-terminal could be made */
  PROPRIO_SIMULATOR_ERROR_LINK,   /* the symlink could not be made */
} ProprioSimulatorError;

typedef struct _ProprioSimulator ProprioSimulator;

GQuark            proprio_simulator_error_quark (void);

ProprioSimulator *proprio_simulator_new         (ProprioSimKind     kind,
                                                 double             rate_hz,
                                                 guint32            seed);
/* Stops it first when running. */
void              proprio_simulator_free        (ProprioSimulator  *self);

/* Opens the pseudo-terminal and starts streaming (a Cyton waits for "b"). */
gboolean          proprio_simulator_start       (ProprioSimulator  *self,
                                                 GError           **error);
/* Closes the pseudo-terminal, which to a reader looks like an unplugged device, and removes the
 * symlink if it still points at us. Waits for the thread (at most ~50 ms). */
void              proprio_simulator_stop        (ProprioSimulator  *self);
gboolean          proprio_simulator_is_running  (ProprioSimulator  *self);

/* The slave side, e.g. "/dev/pts/7"; NULL before start. */
const char       *proprio_simulator_get_path    (ProprioSimulator  *self);

/* Points `link_path` at the slave, replacing whatever is there atomically (call after start). */
gboolean          proprio_simulator_link        (ProprioSimulator  *self,
                                                 const char        *link_path,
                                                 GError           **error);

/* Samples written to the pty, and samples thrown away because nobody read them (the pty's
 * buffer was full). Safe from any thread. */
guint64           proprio_simulator_get_sent    (ProprioSimulator  *self);
guint64           proprio_simulator_get_dropped (ProprioSimulator  *self);

/* For tests: on its next wake-up the thread sleeps `ms` once, as if the machine had held it up. */
void              proprio_simulator_stall_once  (ProprioSimulator  *self,
                                                 guint              ms);

/* What the exercise asks of the simulated patient (see ProprioSimIntent). Safe from any thread;
 * the simulator's thread takes it before its next sample. */
void              proprio_simulator_set_intent  (ProprioSimulator       *self,
                                                 const ProprioSimIntent *intent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioSimulator, proprio_simulator_free)

G_END_DECLS
