/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "station/proprio-station.h"

#include "proprio-emg-view.h"

G_BEGIN_DECLS

/* The station's EMG channels on an EMG view, in one place for every page that shows them (the
 * Muscle page, the Mirror page's inset): each EMG channel of the station's device that has an
 * envelope, in the EMG stage's order (at most PROPRIO_EMG_VIEW_MAX_CHANNELS), with its raw
 * signal, its unit, and the MVC of the station's calibration for it (looked up by the channel's
 * name), else none (µV, or the device's own units).
 *
 * Channels new to the view (another device, or one that has just said its channels) are set,
 * which forgets the view's history, and named by the device's labels ("Ch 3"); the same channels
 * again only get their units and MVCs refreshed, keeping their history and the names a page gave
 * them. Returns the number of channels: 0 (and none on the view) without an EMG device, without
 * envelopes, or before the device knows its channels; call again on its first samples and on
 * "emg-calibration-changed". */
guint proprio_emg_view_show_station_channels (ProprioEmgView *view,
                                              ProprioStation *station);

G_END_DECLS
