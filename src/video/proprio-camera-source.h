/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define PROPRIO_CAMERA_ERROR (proprio_camera_error_quark ())

typedef enum
{
  PROPRIO_CAMERA_ERROR_INVALID_SPEC,  /* a camera spec string that does not parse */
  PROPRIO_CAMERA_ERROR_NOT_FOUND,     /* the named camera is not connected */
  PROPRIO_CAMERA_ERROR_PIPELINE,      /* GStreamer could not build or run the pipeline */
  PROPRIO_CAMERA_ERROR_MARKER_COLOR,  /* a clicked point has no colour a marker can have */
} ProprioCameraError;

GQuark proprio_camera_error_quark (void);

/* What to show, as the --camera option or a setting carries it:
 *   auto              the first camera found, else a test pattern with a notice saying so
 *   test              a still test pattern (asked for, so no notice)
 *   ball              a moving test pattern (a bouncing ball): kind TEST with `ball` set
 *   sim               the simulated camera: a seated patient's leg with hip, knee and ankle
 *                     markers, moving like a patient doing the exercise (proprio-sim-camera.h)
 *   none              no video at all
 *   /dev/videoN       that V4L2 device
 *   name:TEXT         the camera whose display name is TEXT (e.g. a PipeWire camera)
 * Each may end in options: "?size=1280x720&fps=30". Without them the camera mode closest to
 * 1280x720 at 30 frames per second is used. */
typedef enum
{
  PROPRIO_CAMERA_SOURCE_AUTO,
  PROPRIO_CAMERA_SOURCE_TEST,
  PROPRIO_CAMERA_SOURCE_SIM,
  PROPRIO_CAMERA_SOURCE_NONE,
  PROPRIO_CAMERA_SOURCE_PATH,
  PROPRIO_CAMERA_SOURCE_NAME,
} ProprioCameraSourceKind;

#define PROPRIO_CAMERA_DEFAULT_WIDTH  1280
#define PROPRIO_CAMERA_DEFAULT_HEIGHT 720
#define PROPRIO_CAMERA_DEFAULT_FPS    30

typedef struct
{
  ProprioCameraSourceKind kind;
  char *path;     /* PROPRIO_CAMERA_SOURCE_PATH */
  char *name;     /* PROPRIO_CAMERA_SOURCE_NAME */
  gboolean ball;  /* PROPRIO_CAMERA_SOURCE_TEST: the moving ball rather than still bars */
  int   width;    /* always set: the option, else the default */
  int   height;
  int   fps;
} ProprioCameraSpec;

ProprioCameraSpec *proprio_camera_spec_parse     (const char              *text,
                                                  GError                 **error);
ProprioCameraSpec *proprio_camera_spec_copy      (const ProprioCameraSpec *spec);
void               proprio_camera_spec_free      (ProprioCameraSpec       *spec);
/* The canonical string (options only where they differ from the defaults). */
char              *proprio_camera_spec_to_string (const ProprioCameraSpec *spec);
/* True for the kinds that name or look for a real camera. */
gboolean           proprio_camera_spec_wants_device (const ProprioCameraSpec *spec);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioCameraSpec, proprio_camera_spec_free)

/* One way a camera can deliver frames. */
typedef struct
{
  int      width;
  int      height;
  int      fps_n;
  int      fps_d;
  gboolean jpeg;   /* image/jpeg (MJPEG), else video/x-raw */
} ProprioCameraMode;

/* Every fixed mode in @caps, in caps order (size ranges are fixated towards the default size,
 * rate ranges to the default rate when they hold it). */
GArray            *proprio_camera_modes_from_caps (GstCaps                 *caps);
/* Picks the mode to ask for: first the frame rate (the highest up to @fps, so motion stays
 * smooth), then the size closest to @width×@height, and raw over JPEG on a tie (no decoding).
 * Returns FALSE when @modes is empty. */
gboolean           proprio_camera_mode_choose     (GArray                  *modes,
                                                   int                      width,
                                                   int                      height,
                                                   int                      fps,
                                                   ProprioCameraMode       *out);
/* The caps that ask a source for @mode. */
GstCaps           *proprio_camera_mode_to_caps    (const ProprioCameraMode *mode);

G_END_DECLS
