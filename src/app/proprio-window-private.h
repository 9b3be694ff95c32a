/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "devices/proprio-device.h"
#include "station/proprio-station.h"

#include "proprio-balance-page.h"
#include "proprio-joint-page.h"
#include "proprio-mirror-page.h"
#include "proprio-muscle-page.h"
#include "proprio-window.h"

G_BEGIN_DECLS

struct _ProprioWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  GHashTable           *notices;          /* id → GtkWidget row in notice_box */

  ProprioStation       *station;          /* the application's: the window is a view of it */
  GtkWidget            *perf_overlay;     /* frame time, sample age, CPU…; hidden by default */
  GtkWidget            *session_bar;      /* the patient and session (proprio-window-session.c) */
  gboolean              show_perf;

  /* The device (see proprio-window-device.c): the station's, followed */
  ProprioDevice        *device;           /* not owned: the station's device, or NULL */
  GSignalGroup         *device_signals;
  GtkStringList        *device_model;     /* labels shown in device_dropdown */
  GPtrArray            *device_entries;   /* parallel to device_model: DeviceEntry */
  GCancellable         *ports_cancellable;
  guint                 health_timer;
  gboolean              updating_device_ui;

  /* Session plans (see proprio-plan-window.c) */
  ProprioPlanRun       *plan_run;         /* the application's */
  GtkWidget            *plan_panel;
  GtkRevealer          *plan_revealer;
  GtkToggleButton      *plan_button;

  /* The snapshot bundle (proprio-window-bundle.c) */
  gboolean              saving_bundle;
  AdwToast             *bundle_toast;     /* "Saving…" while it is written */
  char                 *bundle_path;      /* the last one saved */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwHeaderBar         *header_bar;
  GtkWidget            *status_bar;
  GtkMenuButton        *device_button;
  GtkImage             *device_state_icon;
  GtkLabel             *device_button_label;
  GtkPopover           *device_popover;
  GtkDropDown          *device_dropdown;
  GtkBox               *port_options_box;
  GtkDropDown          *protocol_dropdown;
  GtkDropDown          *baud_dropdown;
  GtkLabel             *simulated_tag;
  GtkLabel             *device_state_label;
  GtkLabel             *device_message_label;
  GtkButton            *connect_button;
  GtkButton            *disconnect_button;
  GtkLabel             *health_rate;
  GtkLabel             *health_jitter;
  GtkLabel             *health_lost;
  GtkLabel             *health_discarded;
  GtkLabel             *health_skipped;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  AdwViewStack         *view_stack;
  GtkRevealer          *notice_revealer;
  GtkBox               *notice_box;
  GtkBox               *balance_page;
  AdwStatusPage        *balance_placeholder;
  GtkBox               *muscle_page;
  AdwStatusPage        *muscle_placeholder;
  GtkBox               *mirror_page;
  AdwStatusPage        *mirror_placeholder;
  ProprioBalancePage   *balance;
  ProprioMusclePage    *muscle;
  ProprioMirrorPage    *mirror;
  GtkBox               *joint_page;
  AdwStatusPage        *joint_placeholder;
  ProprioJointPage     *joint;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  GtkLabel             *rate_label;
};

void proprio_window_class_init_actions (GtkWidgetClass *widget_class);
/* The window's own keys (Space, Escape, the Mirror tools), caught before any widget. */
void proprio_window_init_keys          (ProprioWindow  *self);

/* The session bar and the records' notices (proprio-window-session.c). */
void proprio_window_init_session       (ProprioWindow      *self,
                                        ProprioApplication *app);

void proprio_window_notify_device      (ProprioWindow  *self);
void proprio_window_init_device        (ProprioWindow  *self);
void proprio_window_dispose_device     (ProprioWindow  *self);
gboolean proprio_window_use_device_spec (ProprioWindow  *self,
                                         const char     *spec,
                                         GError        **error);
void proprio_window_device_connect     (ProprioWindow  *self);
void proprio_window_device_disconnect  (ProprioWindow  *self);

/* The plan panel beside the work areas, its header button and F9 (proprio-plan-window.c). */
void proprio_window_init_plan          (ProprioWindow      *self,
                                        ProprioApplication *app);
void proprio_window_toggle_plan_panel  (ProprioWindow      *self);

/* The snapshot button in the header bar: a picture, or the whole bundle from its menu
 * (proprio-window-bundle.c). */
void proprio_window_init_snapshot_button (ProprioWindow  *self);

G_END_DECLS
