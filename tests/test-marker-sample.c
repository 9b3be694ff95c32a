/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The camera angle stream's layout: a tracker result as a sample and back, and damaged samples
 * that must never read as a marker or an angle that was not there. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "core/proprio-marker-sample.h"
#include "core/proprio-stream.h"

static void
found (ProprioMarkerResult *r,
       double               x,
       double               y,
       double               area,
       double               quality)
{
  *r = (ProprioMarkerResult) { PROPRIO_MARKER_FOUND, x, y, area, quality };
}

static void
test_channels (void)
{
  const ProprioChannelInfo *channels;
  guint n = 0;

  channels = proprio_marker_sample_channels (&n);
  g_assert_cmpuint (n, ==, PROPRIO_MARKER_SAMPLE_N_CHANNELS);
  g_assert_cmpuint (n, ==, 17);
  g_assert_cmpstr (channels[PROPRIO_MARKER_SAMPLE_ANGLE].name, ==, "angle_deg");
  g_assert_cmpstr (channels[PROPRIO_MARKER_SAMPLE_ANGLE].unit, ==, "deg");
  g_assert_cmpstr (channels[PROPRIO_MARKER_SAMPLE_CHANNEL (PROPRIO_MARKER_KNEE,
                                                          PROPRIO_MARKER_FIELD_STATE)].name,
                   ==, "knee_state");
  g_assert_cmpstr (channels[PROPRIO_MARKER_SAMPLE_CHANNEL (PROPRIO_MARKER_ANKLE,
                                                          PROPRIO_MARKER_FIELD_QUALITY)].name,
                   ==, "ankle_quality");
  /* An angle stream by the house's own rule: the first channel is in degrees. */
  g_assert_cmpint (proprio_stream_kind_for_channels (channels, n), ==, PROPRIO_STREAM_ANGLE);
}

static void
test_round_trip (void)
{
  ProprioMarkerTrackerResult r = { 0 };
  ProprioMarkerSampleView view;
  ProprioSample s;

  found (&r.markers[0], 320.0, 90.0, 100.0 * G_PI, 0.9);
  found (&r.markers[1], 200.0, 180.0, 64.0 * G_PI, 0.7);
  found (&r.markers[2], 200.0, 300.0, 81.0 * G_PI, 0.8);
  r.has_angle = TRUE;
  r.angle_deg = 92.5;

  proprio_marker_sample_pack (&r, 640, 360, 123456, &s);
  g_assert_cmpint (s.t_us, ==, 123456);
  g_assert_cmpuint (s.n_channels, ==, PROPRIO_MARKER_SAMPLE_N_CHANNELS);
  g_assert_cmpfloat (s.values[PROPRIO_MARKER_SAMPLE_ANGLE], ==, 92.5);
  /* The lowest of the three. */
  g_assert_cmpfloat (s.values[PROPRIO_MARKER_SAMPLE_QUALITY], ==, 0.7);

  g_assert_true (proprio_marker_sample_unpack (&s, &view));
  g_assert_cmpint (view.t_us, ==, 123456);
  g_assert_cmpfloat (view.angle_deg, ==, 92.5);
  g_assert_cmpfloat (view.quality, ==, 0.7);
  g_assert_cmpint (view.markers[0].state, ==, PROPRIO_MARKER_FOUND);
  g_assert_cmpfloat_with_epsilon (view.markers[0].x, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (view.markers[0].y, 0.25, 1e-12);
  /* A disc of area 100π has radius 10: 10 / 360 of the height. */
  g_assert_cmpfloat_with_epsilon (view.markers[0].radius, 10.0 / 360.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (view.markers[2].y, 300.0 / 360.0, 1e-12);
  g_assert_cmpfloat (view.markers[1].quality, ==, 0.7);
}

static void
test_lost_marker_no_angle (void)
{
  ProprioMarkerTrackerResult r = { 0 };
  ProprioMarkerSampleView view;
  ProprioSample s;

  found (&r.markers[0], 320.0, 90.0, 300.0, 0.9);
  r.markers[1] = (ProprioMarkerResult) { PROPRIO_MARKER_LOST, 0, 0, 3.0, 0 };
  r.markers[2] = (ProprioMarkerResult) { PROPRIO_MARKER_AMBIGUOUS, 0, 0, 600.0, 0 };
  r.has_angle = FALSE;
  r.angle_deg = NAN;

  proprio_marker_sample_pack (&r, 640, 360, 5, &s);
  g_assert_true (isnan (s.values[PROPRIO_MARKER_SAMPLE_ANGLE]));
  g_assert_cmpfloat (s.values[PROPRIO_MARKER_SAMPLE_QUALITY], ==, 0.0);
  g_assert_true (proprio_marker_sample_unpack (&s, &view));
  g_assert_true (isnan (view.angle_deg));
  g_assert_cmpint (view.markers[1].state, ==, PROPRIO_MARKER_LOST);
  g_assert_cmpint (view.markers[2].state, ==, PROPRIO_MARKER_AMBIGUOUS);
  g_assert_true (isnan (view.markers[1].x));
  g_assert_true (isnan (view.markers[2].radius));
  g_assert_cmpfloat (view.markers[2].quality, ==, 0.0);
}

/* Damaged or foreign samples: too short, states out of range or NaN, a found marker without a
 * position, an angle out of range or with a marker not found. */
static void
test_damaged_samples (void)
{
  ProprioMarkerTrackerResult r = { 0 };
  ProprioMarkerSampleView view;
  ProprioSample s, bad;
  const guint knee_state = PROPRIO_MARKER_SAMPLE_CHANNEL (PROPRIO_MARKER_KNEE,
                                                         PROPRIO_MARKER_FIELD_STATE);
  const guint knee_x = PROPRIO_MARKER_SAMPLE_CHANNEL (PROPRIO_MARKER_KNEE, PROPRIO_MARKER_FIELD_X);

  for (guint m = 0; m < PROPRIO_N_MARKERS; m++)
    found (&r.markers[m], 100.0 + 50 * m, 100.0, 200.0, 0.8);
  r.has_angle = TRUE;
  r.angle_deg = 120.0;
  proprio_marker_sample_pack (&r, 640, 360, 1, &s);

  bad = s;
  bad.n_channels = 3;
  g_assert_false (proprio_marker_sample_unpack (&bad, &view));
  g_assert_true (isnan (view.angle_deg));
  g_assert_cmpint (view.markers[0].state, ==, PROPRIO_MARKER_UNSET);

  bad = s;
  bad.n_channels = 200;
  g_assert_false (proprio_marker_sample_unpack (&bad, &view));

  {
    const double states[] = { NAN, INFINITY, -1.0, 5.0, 1.5, 1e300 };

    for (guint i = 0; i < G_N_ELEMENTS (states); i++)
      {
        bad = s;
        bad.values[knee_state] = states[i];
        g_assert_true (proprio_marker_sample_unpack (&bad, &view));
        g_assert_cmpint (view.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_LOST);
        g_assert_true (isnan (view.angle_deg));
      }
  }

  bad = s;
  bad.values[knee_x] = NAN;
  g_assert_true (proprio_marker_sample_unpack (&bad, &view));
  g_assert_cmpint (view.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_LOST);
  g_assert_true (isnan (view.angle_deg));

  {
    const double angles[] = { -0.5, 180.5, INFINITY, NAN };

    for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
      {
        bad = s;
        bad.values[PROPRIO_MARKER_SAMPLE_ANGLE] = angles[i];
        g_assert_true (proprio_marker_sample_unpack (&bad, &view));
        g_assert_true (isnan (view.angle_deg));
        g_assert_cmpint (view.markers[PROPRIO_MARKER_KNEE].state, ==, PROPRIO_MARKER_FOUND);
      }
  }

  /* An angle with the knee not found is no angle. */
  bad = s;
  bad.values[knee_state] = PROPRIO_MARKER_LOST;
  g_assert_true (proprio_marker_sample_unpack (&bad, &view));
  g_assert_true (isnan (view.angle_deg));
  g_assert_true (isnan (view.markers[PROPRIO_MARKER_KNEE].x));

  /* A quality out of range is clamped. */
  bad = s;
  bad.values[PROPRIO_MARKER_SAMPLE_QUALITY] = 7.0;
  g_assert_true (proprio_marker_sample_unpack (&bad, &view));
  g_assert_cmpfloat (view.quality, ==, 1.0);
}

static void
test_labels (void)
{
  g_assert_cmpstr (proprio_marker_get_label (PROPRIO_MARKER_HIP), ==, "Hip");
  g_assert_cmpstr (proprio_marker_get_label (PROPRIO_MARKER_KNEE), ==, "Knee");
  g_assert_cmpstr (proprio_marker_get_label (PROPRIO_MARKER_ANKLE), ==, "Ankle");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/marker-sample/channels", test_channels);
  g_test_add_func ("/marker-sample/round-trip", test_round_trip);
  g_test_add_func ("/marker-sample/lost-marker-no-angle", test_lost_marker_no_angle);
  g_test_add_func ("/marker-sample/damaged-never-shows-a-marker", test_damaged_samples);
  g_test_add_func ("/marker-sample/labels", test_labels);
  return g_test_run ();
}
