/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Device specs: building and parsing round-trip any port path, and validation judges a spec as
 * proprio_device_new() does, without making a device. */
#include <glib.h>
#include <string.h>

#include "devices/proprio-device.h"
#include "devices/proprio-device-spec.h"
#include "devices/proprio-protocol.h"

static void
test_build_round_trips_paths (void)
{
  static const char * const paths[] = {
    "/dev/ttyACM0",
    "/dev/serial/by-id/usb-Board?v=2",
    "/tmp/a&b=c?d%e",
    "/tmp/100%",
    "/tmp/%3F literally",
    "./board.port",
    "/tmp/ünïcode ?&=%",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(ProprioDeviceSpec) spec = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *again = NULL;

      g_hash_table_insert (options, "order", "t,tr,tl,br,bl");
      g_hash_table_insert (options, "start", "a&b=c?");
      text = proprio_device_spec_build (paths[i], "balance", 9600, options);
      g_test_message ("%s → %s", paths[i], text);
      /* Only the first '?' is syntax. */
      g_assert_cmpuint (strchr (text, '?') - text, ==, strcspn (text, "?"));
      spec = proprio_device_spec_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (spec->path, ==, paths[i]);
      g_assert_null (spec->sim);
      g_assert_cmpstr (spec->protocol, ==, "balance");
      g_assert_cmpuint (spec->baud, ==, 9600);
      g_assert_cmpuint (g_hash_table_size (spec->options), ==, 2);
      g_assert_cmpstr (g_hash_table_lookup (spec->options, "order"), ==, "t,tr,tl,br,bl");
      g_assert_cmpstr (g_hash_table_lookup (spec->options, "start"), ==, "a&b=c?");
      /* And printing the parsed spec gives the same string. */
      again = proprio_device_spec_to_string (spec);
      g_assert_cmpstr (again, ==, text);
    }
}

static void
test_build_keeps_plain_paths_readable (void)
{
  g_autofree char *plain = proprio_device_spec_build ("/dev/ttyUSB0", "cyton", 115200, NULL);
  g_autofree char *odd = proprio_device_spec_build ("/dev/a?b", "lines", 57600, NULL);

  g_assert_cmpstr (plain, ==, "/dev/ttyUSB0?protocol=cyton&baud=115200");
  g_assert_cmpstr (odd, ==, "/dev/a%3Fb?protocol=lines&baud=57600");
}

static void
test_parse_rejects_bad_escapes (void)
{
  static const char * const bad[] = { "/dev/x%", "/dev/x%4", "/dev/x%zz", "/dev/x%00y",
                                      "/dev/x%ff" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ProprioDeviceSpec) spec = proprio_device_spec_parse (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (spec);
      g_assert_error (error, PROPRIO_DEVICE_SPEC_ERROR, PROPRIO_DEVICE_SPEC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

typedef struct
{
  const char *spec;
  GQuark      domain;
  const char *fragment;
} BadSpec;

static void
test_validate_matches_device_new (void)
{
  const BadSpec bad[] = {
    { "sim:balance?rate=-5", PROPRIO_DEVICE_ERROR, "rate" },
    { "sim:balance?rate=nan", PROPRIO_DEVICE_ERROR, "“nan”" },
    { "sim:balance?rate=inf", PROPRIO_DEVICE_ERROR, "“inf”" },
    { "sim:balance?rate=2001", PROPRIO_DEVICE_ERROR, "2000" },
    { "sim:emg?rate=50O", PROPRIO_DEVICE_ERROR, "“50O”" },
    { "sim:balance?seed=-1", PROPRIO_DEVICE_ERROR, "seed" },
    { "sim:balance?seed=4294967296", PROPRIO_DEVICE_ERROR, "“4294967296”" },
    { "sim:balance?seed=1.5", PROPRIO_DEVICE_ERROR, "“1.5”" },
    { "sim:balance?bogus=1", PROPRIO_PROTOCOL_ERROR, "sim:balance?bogus=1" },
    { "/dev/x?bogus=1", PROPRIO_PROTOCOL_ERROR, "“bogus”" },
    { "/dev/x?order=zz", PROPRIO_PROTOCOL_ERROR, "“zz”" },
    { "/dev/x?protocol=lines&units=", PROPRIO_DEVICE_SPEC_ERROR, "name=value" },
    { "sim:treadmill", PROPRIO_DEVICE_SPEC_ERROR, "treadmill" },
  };
  static const char * const good[] = {
    "sim:balance", "sim:balance?rate=1&seed=0", "sim:emg?rate=2000&seed=4294967295",
    "sim:angle?rate=12.5", "/dev/x?order=t,tr,tl,br,bl", "/dev/a%3Fb?protocol=cyton",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) device_error = NULL;
      g_autoptr(ProprioDevice) device = NULL;

      g_test_message ("%s", bad[i].spec);
      g_assert_false (proprio_device_spec_validate (bad[i].spec, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (error->domain, ==, bad[i].domain);
      g_assert_nonnull (strstr (error->message, bad[i].fragment));
      /* Word for word what making the device says. */
      device = proprio_device_new (bad[i].spec, &device_error);
      g_assert_null (device);
      g_assert_cmpstr (device_error->message, ==, error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", good[i]);
      g_assert_true (proprio_device_spec_validate (good[i], &error));
      g_assert_no_error (error);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/device-spec/build-round-trips-paths", test_build_round_trips_paths);
  g_test_add_func ("/device-spec/build-keeps-plain-paths-readable",
                   test_build_keeps_plain_paths_readable);
  g_test_add_func ("/device-spec/parse-rejects-bad-escapes", test_parse_rejects_bad_escapes);
  g_test_add_func ("/device-spec/validate-matches-device-new", test_validate_matches_device_new);

  return g_test_run ();
}
