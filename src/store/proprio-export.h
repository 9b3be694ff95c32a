/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "proprio-store.h"

G_BEGIN_DECLS

/* A stored session as files other programs read.
 *
 * CSV: `path` is a new folder holding one "<stream>.csv" per stream, "events.csv" and
 * "exercises.json", and the session's video when it has one ("video.csv", its index, and
 * "video.mjpeg", the frames as they were recorded: store/proprio-video-file.h). Each CSV starts with a comment line ("# ") giving the session's UTC start
 * (ISO 8601), the device spec and the software version, then the header with the units in the
 * column names; t_us is the monotonic clock in µs and the numbers are the recorded text, so they
 * read back exactly.
 *
 * EDF+ (EDF+C, 16-bit): `path` is a new file. EMG channels at the stream's rate, CoP (x, y) and
 * angles as further signals at theirs, events and exercises as annotations. Each stream is
 * resampled onto its nominal rate (linear interpolation between the recorded samples; the rate
 * is the device's, else the mean of the recording), which the header and an annotation at 0 s
 * say. Physical ranges are the data's own extremes, so nothing clips. A missing value (no CoP:
 * nobody on the board) is held at the last value before it.
 *
 * The video is never in EDF+ (which has no room for pictures) nor in an anonymised export (the
 * picture shows the patient).
 *
 * Anonymised: the patient's ID only (no name, no birth date, no session ID, which holds the
 * date), the start date replaced by 1985-01-01 00:00 (EDF+'s convention) and, in CSV, t_us counted
 * from the session start.
 *
 * An export never harms a file it did not make: the output is written next to the target under a
 * temporary name and moved there at the end only if nothing is there (PROPRIO_EXPORT_REPLACE:
 * then a plain file or folder of ours is replaced; links and devices never). A cancelled or
 * failed export removes its temporary file. */

#define PROPRIO_EXPORT_ERROR (proprio_export_error_quark ())

typedef enum
{
  PROPRIO_EXPORT_ERROR_FAILED,
  PROPRIO_EXPORT_ERROR_EXISTS,        /* the target exists and REPLACE was not given */
  PROPRIO_EXPORT_ERROR_NOT_WRITABLE,  /* the folder cannot be written, or the target is a link */
  PROPRIO_EXPORT_ERROR_NO_DATA,       /* the session has no stream to export */
} ProprioExportError;

typedef enum
{
  PROPRIO_EXPORT_CSV,
  PROPRIO_EXPORT_EDF,
} ProprioExportFormat;

typedef enum
{
  PROPRIO_EXPORT_FLAGS_NONE = 0,
  PROPRIO_EXPORT_ANONYMISE  = 1 << 0,
  PROPRIO_EXPORT_REPLACE    = 1 << 1,
  /* CSV: a stream whose file is missing from the session folder is left out (the caller says
   * so) instead of failing the export; the snapshot bundle keeps what is there. */
  PROPRIO_EXPORT_SKIP_MISSING = 1 << 2,
} ProprioExportFlags;

/* `fraction` from 0 to 1. */
typedef void (*ProprioExportProgressFunc) (double   fraction,
                                           gpointer user_data);

GQuark   proprio_export_error_quark    (void);

/* Blocks (reads the store with its _sync calls): call it from a worker thread or the command
 * line; `progress` is called on the calling thread. */
gboolean proprio_export_session        (ProprioStore              *store,
                                        const char                *session_id,
                                        ProprioExportFormat        format,
                                        const char                *path,
                                        ProprioExportFlags         flags,
                                        ProprioExportProgressFunc  progress,
                                        gpointer                   progress_data,
                                        GCancellable              *cancellable,
                                        GError                   **error);

/* The same on a thread; `progress` and `callback` are called on the caller's main context. */
void     proprio_export_session_async  (ProprioStore              *store,
                                        const char                *session_id,
                                        ProprioExportFormat        format,
                                        const char                *path,
                                        ProprioExportFlags         flags,
                                        ProprioExportProgressFunc  progress,
                                        gpointer                   progress_data,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data);
gboolean proprio_export_session_finish (ProprioStore              *store,
                                        GAsyncResult              *result,
                                        GError                   **error);

/* For tests: the physical range written for data spanning [min, max]: values of at most 8
 * characters, as EDF headers hold them, that contain [min, max]. */
void     proprio_export_edf_range      (double                     min,
                                        double                     max,
                                        double                    *phys_min,
                                        double                    *phys_max);

G_END_DECLS
