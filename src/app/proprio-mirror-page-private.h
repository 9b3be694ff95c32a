/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "station/proprio-station.h"
#include "widgets/proprio-stream-follower.h"
#include "video/proprio-camera-monitor.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-emg-view.h"
#include "widgets/proprio-frame-paintable.h"
#include "widgets/proprio-overlay-editor.h"

#include "proprio-mirror-page.h"

G_BEGIN_DECLS

/* ProprioMirrorPage is split over four files: proprio-mirror-page.c (the object, camera life,
 * device and inset), proprio-mirror-page-actions.c (the overlays and their persistence, the page
 * actions and keys), proprio-mirror-page-controls.c (the toolbar: delay, health, camera choice,
 * templates) and proprio-mirror-page-snapshot.c (the PNG). */

/* One step of the delay keys, in seconds. */
#define PROPRIO_MIRROR_PAGE_DELAY_STEP 1.0
/* The inset's width as a share of the video's. */
#define PROPRIO_MIRROR_PAGE_INSET_SHARE 0.3

struct _ProprioMirrorPage
{
  GtkWidget             parent_instance;

  GSettings            *settings;
  char                 *explicit_spec;     /* --camera, until a camera is chosen in the page */
  ProprioCamera        *camera;            /* the station's (a reference) */
  ProprioCameraMonitor *monitor;           /* the station's (a reference) */
  ProprioOverlay       *overlay;
  char                 *tool;
  char                 *notice;
  guint                 save_overlay_id;   /* pending write of mirror-overlay */
  gboolean              updating_camera_ui;
  GArray               *mode_sizes;        /* int pairs behind size_dropdown, after "Default" */
  GArray               *mode_rates;        /* ints behind fps_dropdown, after "Default" */

  ProprioStation       *station;           /* the camera, the monitor and the device live there */
  gboolean              holds_camera;      /* mapped: the station's camera runs for this page */
  gboolean              is_balance;
  gboolean              is_emg;
  ProprioStreamFollower *follower;         /* the station's balance board or EMG sleeve */
  ProprioDevice        *hint_device;       /* the device whose state the inset's hint follows */
  gint64                inset_first_us;    /* the first sample the inset got since cleared, or 0 */
  guint                 emg_layout_n;      /* the sample width the EMG inset was set up for */

  /* Template children */
  GtkWidget            *content;
  GtkOverlay           *video_overlay;
  GtkPicture           *picture;
  ProprioOverlayEditor *editor;
  ProprioCopView       *inset;             /* the balance board's centre of pressure */
  ProprioEmgView       *emg_inset;         /* or the EMG sleeve's activation bars */
  GtkLabel             *status_label;
  GtkLabel             *replay_badge;
  GtkLabel             *tool_hint_label;
  GtkBox               *tool_box;
  GtkToggleButton      *mirror_button;
  GtkToggleButton      *freeze_button;
  GtkToggleButton      *inset_button;
  GtkAdjustment        *delay_adjustment;
  GtkScale             *delay_scale;
  GtkLabel             *delay_label;
  GtkLabel             *health_label;
  GtkMenuButton        *camera_button;
  GtkListBox           *camera_list;
  GtkDropDown          *size_dropdown;
  GtkDropDown          *fps_dropdown;
  GtkLabel             *camera_label;
};

/* proprio-mirror-page.c */
/* The size of the video shown, 16:9 before the first frame (as the paintable draws it). */
void  proprio_mirror_page_get_video_size     (ProprioMirrorPage *self,
                                              int               *width,
                                              int               *height);
char *proprio_mirror_page_dup_effective_spec (ProprioMirrorPage *self);
void  proprio_mirror_page_apply_spec         (ProprioMirrorPage *self,
                                              const char        *spec);
void  proprio_mirror_page_emit_toast         (ProprioMirrorPage *self,
                                              const char        *text);
/* Takes the floating `toast` and hands it on: the "add-toast" signal, whose default handler adds
 * it to the toast overlay the page is in. */
void  proprio_mirror_page_add_toast          (ProprioMirrorPage *self,
                                              AdwToast          *toast);
/* The inset's hint from the device's state and the replay; the replay badge from the camera. */
void  proprio_mirror_page_update_inset_hint  (ProprioMirrorPage *self);
void  proprio_mirror_page_update_badge       (ProprioMirrorPage *self);

/* proprio-mirror-page-actions.c */
/* Restores the overlays from the settings (with no undo history) and hands them to the editor. */
void  proprio_mirror_page_init_overlay       (ProprioMirrorPage *self);
/* Writes a pending change of the overlays to the settings now. */
void  proprio_mirror_page_flush_overlay      (ProprioMirrorPage *self);
void  proprio_mirror_page_install_actions    (GtkWidgetClass    *widget_class);

/* proprio-mirror-page-controls.c */
void  proprio_mirror_page_init_controls      (ProprioMirrorPage *self);
void  proprio_mirror_page_bind_callbacks     (GtkWidgetClass    *widget_class);
void  proprio_mirror_page_update_delay_label (ProprioMirrorPage *self);
void  proprio_mirror_page_update_health      (ProprioMirrorPage *self);
void  proprio_mirror_page_update_status      (ProprioMirrorPage *self);
void  proprio_mirror_page_update_camera_ui   (ProprioMirrorPage *self);
void  proprio_mirror_page_save_template      (ProprioMirrorPage *self);
void  proprio_mirror_page_load_template      (ProprioMirrorPage *self);
/* A camera chosen in the page: remembered in the "camera" setting and shown at once. */
void  proprio_mirror_page_choose_spec        (ProprioMirrorPage *self,
                                              const char        *spec);

/* proprio-mirror-page-snapshot.c */
/* A snapshot from the page's own button: the outcome goes out as a toast. */
void  proprio_mirror_page_snapshot_with_toast  (ProprioMirrorPage *self);

G_END_DECLS
