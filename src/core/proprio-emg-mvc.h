/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Maximum voluntary contraction (MVC) from calibration contractions, and %MVC.
 *
 * The rule (SENIAM / ISEK normalisation practice): the envelope of the calibration recording is
 * computed with the same processing as the session's. Within each scripted contraction
 * [start_us, end_us), every window of window_s seconds that lies wholly inside the contraction
 * (the samples with t in [tᵢ, tᵢ + window_s), for each sample tᵢ with tᵢ + window_s ≤ end_us)
 * has its arithmetic mean taken; the contraction's value is the highest of these means. The MVC
 * is the average of the contractions' values. A contraction with no such window (shorter than
 * window_s, or without samples) is an error, so the therapist repeats it instead of getting a low
 * MVC that inflates every %MVC after it.
 *
 * %MVC = 100 · envelope / MVC. */

#define PROPRIO_EMG_MVC_ERROR (proprio_emg_mvc_error_quark ())

typedef enum
{
  PROPRIO_EMG_MVC_ERROR_NO_CONTRACTION,   /* none given, or one without a whole window */
  PROPRIO_EMG_MVC_ERROR_INVALID_DATA,     /* non-finite, out of order or non-positive result */
  PROPRIO_EMG_MVC_ERROR_INVALID_FORMAT,   /* a stored calibration that cannot be read */
} ProprioEmgMvcError;

typedef struct
{
  gint64 start_us;
  gint64 end_us;
} ProprioEmgInterval;

typedef struct _ProprioEmgCalibration ProprioEmgCalibration;

GQuark   proprio_emg_mvc_error_quark   (void);

/* t_us strictly increasing; best_out (may be NULL) receives n_contractions values. */
gboolean proprio_emg_mvc_compute       (const gint64             *t_us,
                                        const double             *envelope,
                                        gsize                     n,
                                        const ProprioEmgInterval *contractions,
                                        guint                     n_contractions,
                                        double                    window_s,
                                        double                   *mvc_out,
                                        double                   *best_out,
                                        GError                  **error);
/* 100 · envelope / mvc; NaN when the MVC is not a positive finite number. */
double   proprio_emg_mvc_percent       (double                    envelope,
                                        double                    mvc);

/* MVCs per channel name, e.g. {"ch1_uv": 412.5}, storable as a GVariant of type a{sd}. */
ProprioEmgCalibration *proprio_emg_calibration_new         (void);
void                   proprio_emg_calibration_free        (ProprioEmgCalibration *self);
/* mvc must be positive and finite. */
void                   proprio_emg_calibration_set         (ProprioEmgCalibration *self,
                                                            const char            *channel,
                                                            double                 mvc);
gboolean               proprio_emg_calibration_lookup      (ProprioEmgCalibration *self,
                                                            const char            *channel,
                                                            double                *mvc);
guint                  proprio_emg_calibration_get_n_channels (ProprioEmgCalibration *self);
/* The channel names, sorted; free with g_strfreev. */
char                 **proprio_emg_calibration_dup_channels (ProprioEmgCalibration *self);
/* A new floating a{sd}, entries sorted by name. */
GVariant              *proprio_emg_calibration_to_variant  (ProprioEmgCalibration *self);
ProprioEmgCalibration *proprio_emg_calibration_new_from_variant (GVariant         *variant,
                                                                 GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProprioEmgCalibration, proprio_emg_calibration_free)

G_END_DECLS
