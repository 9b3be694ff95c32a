/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A device spec names what to connect, as a string a station script or the --device option can
 * carry:
 *   sim:balance | sim:emg | sim:cyton | sim:angle       the built-in simulator (options allowed:
 *                                                       "sim:emg?rate=500")
 *   /dev/ttyACM0?protocol=balance&baud=115200&order=tl,tr,br,bl
 *                                                       a port path; protocol defaults to balance,
 *                                                       baud to 115200
 * Options other than protocol and baud are handed to the protocol (or the simulator), which
 * rejects the ones it does not know.
 *
 * A path may hold any character: '%', '?', '&' and '=' are percent-encoded in a spec
 * ("/dev/serial/by-id/a%3Fb" names ".../a?b"), as are those characters in option names and
 * values; proprio_device_spec_build() and _to_string() encode, _parse() decodes. */

#define PROPRIO_DEVICE_SPEC_ERROR (proprio_device_spec_error_quark ())

typedef enum
{
  PROPRIO_DEVICE_SPEC_ERROR_INVALID,
} ProprioDeviceSpecError;

typedef struct
{
  char       *path;      /* port path, or NULL for a simulator */
  char       *sim;       /* "balance", "emg", "cyton", "angle", or NULL for a port */
  char       *protocol;  /* "balance", "lines", "cyton" (for simulators: what the simulator speaks) */
  guint       baud;
  GHashTable *options;   /* the remaining options, name → value (both strings) */
} ProprioDeviceSpec;

GQuark             proprio_device_spec_error_quark (void);
ProprioDeviceSpec *proprio_device_spec_parse       (const char              *text,
                                                    GError                 **error);
void               proprio_device_spec_free        (ProprioDeviceSpec       *spec);
char              *proprio_device_spec_to_string   (const ProprioDeviceSpec *spec);
/* The spec of a port: "PATH?protocol=…&baud=…&…" with the path and the options (name → value,
 * may be NULL) encoded, so that parsing it gives back exactly `path`. */
char              *proprio_device_spec_build       (const char              *path,
                                                    const char              *protocol,
                                                    guint                    baud,
                                                    GHashTable              *options);
/* Everything proprio_device_new() checks, without making a device: the syntax, the simulator's
 * options (rate, seed) and the protocol's options. For command lines, to fail before any window
 * or port is opened. (Implemented in proprio-device.c, next to the checks it shares.) */
gboolean           proprio_device_spec_validate    (const char              *text,
                                                    GError                 **error);
gboolean           proprio_device_spec_is_valid_baud (guint                  baud);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioDeviceSpec, proprio_device_spec_free)

G_END_DECLS
