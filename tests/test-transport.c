/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "devices/proprio-balance-protocol.h"
#include "devices/proprio-port-list.h"
#include "devices/proprio-protocol.h"
#include "devices/proprio-transport.h"
#include "proprio-test-pty.h"

/* Reads from the transport until `want` bytes are in or `timeout_ms` pass. */
static GBytes *
read_some (ProprioTransport *transport,
           gsize             want,
           int               timeout_ms)
{
  g_autoptr(GByteArray) got = g_byte_array_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (got->len < want && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[256];
      gssize n = proprio_transport_read (transport, buf, sizeof buf, 50, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >=, 0);
      g_byte_array_append (got, buf, (guint) n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&got));
}

static void
collect_sample (const ProprioSample *sample,
                gpointer             user_data)
{
  g_array_append_val ((GArray *) user_data, *sample);
}

static void
test_pty_uses_termios (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  g_autofree char *dir = g_dir_make_tmp ("proprio-transport-XXXXXX", NULL);
  g_autofree char *link = g_build_filename (dir, "board", NULL);
  g_autofree char *file = g_build_filename (dir, "plain", NULL);

  proprio_test_pty_open (&pty);
  g_assert_cmpint (symlink (pty.path, link), ==, 0);
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));

  g_assert_true (proprio_transport_path_is_pty (pty.path));
  g_assert_true (proprio_transport_path_is_pty (link));
  g_assert_false (proprio_transport_path_is_pty ("/dev/null"));
  g_assert_false (proprio_transport_path_is_pty (file));

  /* Through the symlink, as the simulator's --link is used. */
  transport = proprio_transport_open (link, 115200, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (proprio_transport_get_backend (transport), ==, "termios");
  g_assert_cmpstr (proprio_transport_get_path (transport), ==, link);

  g_clear_pointer (&transport, proprio_transport_close);
  proprio_test_pty_close (&pty);
  g_unlink (link);
  g_unlink (file);
  g_rmdir (dir);
}

static void
test_pty_balance_bytes_to_samples (void)
{
  const char *lines = "12.31,11.02,14.80,13.95\r\n20,20,20,20\n";
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(ProprioProtocol) protocol = NULL;
  g_autoptr(GArray) samples = g_array_new (FALSE, TRUE, sizeof (ProprioSample));
  g_autoptr(GBytes) bytes = NULL;
  const ProprioSample *s;
  double total = 12.31 + 11.02 + 14.80 + 13.95;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 115200, &error);
  g_assert_no_error (error);
  protocol = proprio_protocol_new ("balance", NULL, &error);
  g_assert_no_error (error);

  proprio_test_pty_write (&pty, lines, strlen (lines));
  bytes = read_some (transport, strlen (lines), 2000);
  /* Raw mode: the \r reaches us untranslated. */
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), lines, strlen (lines));

  proprio_protocol_feed (protocol, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         4242, collect_sample, samples);
  g_assert_cmpuint (samples->len, ==, 2);

  s = &g_array_index (samples, ProprioSample, 0);
  g_assert_cmpint (s->t_us, ==, 4242);
  g_assert_cmpuint (s->n_channels, ==, PROPRIO_BALANCE_N_CHANNELS);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_TL], ==, 12.31);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_TR], ==, 11.02);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_BL], ==, 14.80);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_BR], ==, 13.95);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_BALANCE_CHANNEL_TOTAL], total, 1e-9);
  /* x = W/2·((TR+BR) − (TL+BL))/total, y = L/2·((TL+TR) − (BL+BR))/total */
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_BALANCE_CHANNEL_COP_X],
                                  433.0 / 2 * ((11.02 + 13.95) - (12.31 + 14.80)) / total, 1e-9);
  g_assert_cmpfloat_with_epsilon (s->values[PROPRIO_BALANCE_CHANNEL_COP_Y],
                                  238.0 / 2 * ((12.31 + 11.02) - (14.80 + 13.95)) / total, 1e-9);

  s = &g_array_index (samples, ProprioSample, 1);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_TOTAL], ==, 80.0);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_COP_X], ==, 0.0);
  g_assert_cmpfloat (s->values[PROPRIO_BALANCE_CHANNEL_COP_Y], ==, 0.0);

  g_clear_pointer (&transport, proprio_transport_close);
  proprio_test_pty_close (&pty);
}

static void
test_raw_bytes_both_ways (void)
{
  /* Bytes a cooked tty would eat or rewrite: ^C, ^S/^Q (XON/XOFF), CR, NUL, DEL, 0xFF, EOF. */
  const guint8 nasty[] = { 0x03, 0x13, 0x11, '\r', '\n', 0x00, 0x7f, 0xff, 0x04, 0x1a, 0xa0, 0xc0 };
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) out = NULL;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 115200, &error);
  g_assert_no_error (error);

  proprio_test_pty_write (&pty, nasty, sizeof nasty);
  in = read_some (transport, sizeof nasty, 2000);
  g_assert_cmpmem (g_bytes_get_data (in, NULL), g_bytes_get_size (in), nasty, sizeof nasty);

  g_assert_true (proprio_transport_write_all (transport, nasty, sizeof nasty, 1000, &error));
  g_assert_no_error (error);
  out = proprio_test_pty_read (&pty, sizeof nasty, 2000);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), nasty, sizeof nasty);

  g_clear_pointer (&transport, proprio_transport_close);
  proprio_test_pty_close (&pty);
}

static void
test_discard_drops_stale_input (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GBytes) got = NULL;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 115200, &error);
  g_assert_no_error (error);

  proprio_test_pty_write (&pty, "stale\n", 6);
  g_usleep (50000);
  proprio_transport_discard_input (transport);
  proprio_test_pty_write (&pty, "fresh\n", 6);
  got = read_some (transport, 6, 2000);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "fresh\n", 6);

  g_clear_pointer (&transport, proprio_transport_close);
  proprio_test_pty_close (&pty);
}

static void
test_hangup_is_gone (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  gint64 start;
  guint8 buf[64];
  gssize n;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 115200, &error);
  g_assert_no_error (error);

  proprio_test_pty_write (&pty, "last\n", 5);
  n = proprio_transport_read (transport, buf, sizeof buf, 1000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 5);
  g_assert_cmpmem (buf, 5, "last\n", 5);

  /* The device side goes away, as when a USB adapter is pulled out. */
  proprio_test_pty_close (&pty);

  start = g_get_monotonic_time ();
  n = proprio_transport_read (transport, buf, sizeof buf, 5000, NULL, &error);
  g_assert_cmpint (n, ==, -1);
  g_assert_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_GONE);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 1000000);
}

static void
test_read_timeout_and_cancel (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioTransport) transport = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 start, elapsed;
  guint8 buf[8];
  gssize n;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 9600, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  n = proprio_transport_read (transport, buf, sizeof buf, 150, cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (elapsed, >=, 140000);
  g_assert_cmpint (elapsed, <, 1000000);

  /* Cancelled: returns at once even with a long timeout. */
  g_cancellable_cancel (cancellable);
  start = g_get_monotonic_time ();
  n = proprio_transport_read (transport, buf, sizeof buf, 10000, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100000);

  g_clear_pointer (&transport, proprio_transport_close);
  proprio_test_pty_close (&pty);
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (100000);
  g_cancellable_cancel (data);
  return NULL;
}

/* The reader waits on its cancellable a thousand times a second: the cancellable's descriptor is
 * made once and kept (not made and closed per read), and a cancel still wakes a read that
 * waits. */
static void
test_cancellable_fd_kept (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  ProprioTransport *transport;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  guint8 buf[8];
  guint before, during = 0;
  GThread *thread;
  gint64 start;
  gssize n;

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 9600, &error);
  g_assert_no_error (error);

  before = count_open_fds ();
  for (guint i = 0; i < 500; i++)
    {
      n = proprio_transport_read (transport, buf, sizeof buf, 0, cancellable, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, ==, 0);
      if (i == 0)
        during = count_open_fds ();
    }
  /* One more descriptor, the cancellable's, kept for all 500 reads. */
  g_assert_cmpuint (during, ==, before + 1);
  g_assert_cmpuint (count_open_fds (), ==, during);

  thread = g_thread_new ("cancel", cancel_later, cancellable);
  start = g_get_monotonic_time ();
  n = proprio_transport_read (transport, buf, sizeof buf, 10000, cancellable, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_thread_join (thread);

  proprio_transport_close (transport);
  g_assert_cmpuint (count_open_fds (), ==, before - 1);   /* the port's descriptor went too */
  proprio_test_pty_close (&pty);
}

static void
test_open_errors (void)
{
  ProprioTestPty pty;
  g_autoptr(GError) error = NULL;
  ProprioTransport *transport;

  transport = proprio_transport_open ("/nonexistent/ttyACM9", 115200, &error);
  g_assert_null (transport);
  g_assert_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ttyACM9"));
  g_clear_error (&error);

  proprio_test_pty_open (&pty);
  transport = proprio_transport_open (pty.path, 12345, &error);
  g_assert_null (transport);
  g_assert_error (error, PROPRIO_TRANSPORT_ERROR, PROPRIO_TRANSPORT_ERROR_CONFIG);
  proprio_test_pty_close (&pty);
}

static void
test_latency_timer_notice (void)
{
  g_autofree char *root = g_dir_make_tmp ("proprio-sysfs-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "bus", "usb-serial", "devices", "ttyUSB3", NULL);
  g_autofree char *file = g_build_filename (dir, "latency_timer", NULL);
  g_autofree char *notice = NULL;
  g_autofree char *fast = NULL;
  g_autofree char *expected_fix = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "16\n", -1, NULL));

  notice = proprio_transport_check_latency_timer ("/dev/ttyUSB3", root);
  g_assert_nonnull (notice);
  g_assert_nonnull (strstr (notice, "16 ms"));
  /* 16 ms at 4 ms per sample: bursts of 4. */
  g_assert_nonnull (strstr (notice, "about 4 at 250 Hz"));
  expected_fix = g_strdup_printf ("echo 1 | sudo tee %s", file);
  g_assert_true (g_str_has_suffix (notice, expected_fix));

  g_assert_true (g_file_set_contents (file, "1\n", -1, NULL));
  fast = proprio_transport_check_latency_timer ("/dev/ttyUSB3", root);
  g_assert_null (fast);

  /* Not an FTDI-style name, or no sysfs entry: nothing to say. */
  g_assert_null (proprio_transport_check_latency_timer ("/dev/ttyACM0", root));
  g_assert_null (proprio_transport_check_latency_timer ("/dev/ttyUSB7", root));

  g_unlink (file);
  for (guint up = 0; up < 4; up++)
    {
      g_autofree char *parent = g_path_get_dirname (dir);

      g_rmdir (dir);
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }
  g_rmdir (root);
}

static void
on_listed (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = proprio_port_list_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_port_list_async_matches_sync (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sync_ports = proprio_port_list_sync (&error);
  GPtrArray *async_ports = NULL;

  g_assert_no_error (error);
  proprio_port_list_async (NULL, on_listed, &async_ports);
  while (async_ports == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (async_ports->len, ==, sync_ports->len);
  for (guint i = 0; i < sync_ports->len; i++)
    {
      ProprioPortInfo *a = g_ptr_array_index (sync_ports, i);
      ProprioPortInfo *b = g_ptr_array_index (async_ports, i);

      g_assert_cmpstr (a->path, ==, b->path);
      g_assert_true (g_str_has_prefix (a->path, "/dev/"));
      g_assert_true (g_strv_contains ((const char *[]) { "usb", "bluetooth", "native", NULL },
                                      a->transport));
    }
  g_ptr_array_unref (async_ports);
}

static void
test_port_info_describe (void)
{
  ProprioPortInfo usb = { "/dev/ttyUSB0", "FT232R USB UART", "usb", 0x0403, 0x6001, "FTDI",
                          "FT232R USB UART", "A50285BI" };
  ProprioPortInfo native = { "/dev/ttyS0", "", "native", -1, -1, NULL, NULL, NULL };
  g_autofree char *a = proprio_port_info_describe (&usb);
  g_autofree char *b = proprio_port_info_describe (&native);

  g_assert_cmpstr (a, ==, "/dev/ttyUSB0 — FT232R USB UART (USB 0403:6001, serial A50285BI)");
  g_assert_cmpstr (b, ==, "/dev/ttyS0 (native)");
}

static GPtrArray *
ports_of (const ProprioPortInfo *first,
          ...)
{
  GPtrArray *ports = g_ptr_array_new_with_free_func ((GDestroyNotify) proprio_port_info_free);
  const ProprioPortInfo *info;
  va_list args;

  va_start (args, first);
  for (info = first; info != NULL; info = va_arg (args, const ProprioPortInfo *))
    g_ptr_array_add (ports, proprio_port_info_copy (info));
  va_end (args);
  return ports;
}

/* A USB adapter that returns under another name is found by its serial number, or by VID:PID on
 * the same bus when it has none and nothing else looks like it; never a look-alike. */
static void
test_port_same_device (void)
{
  const ProprioPortInfo ftdi = { "/dev/ttyUSB0", "FT232R USB UART", "usb", 0x0403, 0x6001,
                                 "FTDI", "FT232R USB UART", "A50285BI", 1, 5 };
  const ProprioPortInfo ftdi_back = { "/dev/ttyUSB1", "FT232R USB UART", "usb", 0x0403, 0x6001,
                                      "FTDI", "FT232R USB UART", "A50285BI", 1, 9 };
  const ProprioPortInfo ftdi_other = { "/dev/ttyUSB0", "FT232R USB UART", "usb", 0x0403, 0x6001,
                                       "FTDI", "FT232R USB UART", "B77001XY", 1, 6 };
  const ProprioPortInfo ftdi_no_serial = { "/dev/ttyUSB2", "FT232R USB UART", "usb", 0x0403,
                                           0x6001, "FTDI", "FT232R USB UART", NULL, 1, 7 };
  const ProprioPortInfo ch340 = { "/dev/ttyUSB0", "USB Serial", "usb", 0x1a86, 0x7523, NULL,
                                  NULL, NULL, 3, 4 };
  const ProprioPortInfo ch340_back = { "/dev/ttyUSB1", "USB Serial", "usb", 0x1a86, 0x7523, NULL,
                                       NULL, "", 3, 8 };
  const ProprioPortInfo ch340_twin = { "/dev/ttyUSB2", "USB Serial", "usb", 0x1a86, 0x7523, NULL,
                                       NULL, NULL, 3, 9 };
  const ProprioPortInfo ch340_old_path = { "/dev/ttyUSB0", "USB Serial", "usb", 0x1a86, 0x7523,
                                           NULL, NULL, NULL, 3, 10 };
  const ProprioPortInfo ch340_other_bus = { "/dev/ttyUSB1", "USB Serial", "usb", 0x1a86, 0x7523,
                                            NULL, NULL, NULL, 2, 3 };
  const ProprioPortInfo ch340_with_serial = { "/dev/ttyUSB1", "USB Serial", "usb", 0x1a86,
                                              0x7523, NULL, NULL, "0001", 3, 8 };
  const ProprioPortInfo native = { "/dev/ttyS0", "", "native", -1, -1, NULL, NULL, NULL, 0, 0 };
  g_autoptr(ProprioPortInfo) copy = proprio_port_info_copy (&ftdi);
  GPtrArray *ports;

  g_assert_cmpstr (copy->path, ==, ftdi.path);
  g_assert_cmpstr (copy->serial, ==, ftdi.serial);
  g_assert_cmpint (copy->usb_pid, ==, ftdi.usb_pid);
  g_assert_cmpint (copy->usb_bus, ==, 1);
  g_assert_cmpint (copy->usb_address, ==, 5);
  g_assert_true (copy->serial != ftdi.serial);

  /* By serial number, whatever the path, bus or address. */
  ports = ports_of (&native, &ftdi_no_serial, &ftdi_back, NULL);
  g_assert_cmpstr (proprio_port_list_find_same_device (ports, &ftdi)->path, ==, "/dev/ttyUSB1");
  g_ptr_array_unref (ports);
  /* Another adapter of the same model at the old path is not it. */
  ports = ports_of (&ftdi_other, &ftdi_no_serial, NULL);
  g_assert_null (proprio_port_list_find_same_device (ports, &ftdi));
  g_ptr_array_unref (ports);

  /* No serial number: the only look-alike on the same bus. */
  ports = ports_of (&native, &ch340_back, NULL);
  g_assert_cmpstr (proprio_port_list_find_same_device (ports, &ch340)->path, ==, "/dev/ttyUSB1");
  g_ptr_array_unref (ports);
  /* Two look-alikes cannot be told apart... */
  ports = ports_of (&ch340_back, &ch340_twin, NULL);
  g_assert_null (proprio_port_list_find_same_device (ports, &ch340));
  g_ptr_array_unref (ports);
  /* ...unless one is back at the old path. */
  ports = ports_of (&ch340_back, &ch340_old_path, &ch340_twin, NULL);
  g_assert_cmpstr (proprio_port_list_find_same_device (ports, &ch340)->path, ==, "/dev/ttyUSB0");
  g_ptr_array_unref (ports);
  /* Another bus, or a serial number ours did not have: another device. */
  ports = ports_of (&ch340_other_bus, &ch340_with_serial, NULL);
  g_assert_null (proprio_port_list_find_same_device (ports, &ch340));
  g_ptr_array_unref (ports);

  /* A native port has no identity beyond its path. */
  ports = ports_of (&native, &ftdi_back, NULL);
  g_assert_null (proprio_port_list_find_same_device (ports, &native));
  g_ptr_array_unref (ports);
  ports = ports_of (NULL, NULL);
  g_assert_null (proprio_port_list_find_same_device (ports, &ftdi));
  g_ptr_array_unref (ports);
}

/* A pseudo-terminal is no port libserialport knows: it has no identity. */
static void
test_port_info_for_pty (void)
{
  ProprioTestPty pty;

  proprio_test_pty_open (&pty);
  g_assert_null (proprio_port_info_for_path (pty.path));
  g_assert_null (proprio_port_info_for_path ("/nonexistent/ttyUSB9"));
  proprio_test_pty_close (&pty);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transport/pty-and-symlink-use-termios", test_pty_uses_termios);
  g_test_add_func ("/transport/pty-balance-bytes-to-exact-samples", test_pty_balance_bytes_to_samples);
  g_test_add_func ("/transport/raw-bytes-both-ways", test_raw_bytes_both_ways);
  g_test_add_func ("/transport/discard-drops-stale-input", test_discard_drops_stale_input);
  g_test_add_func ("/transport/hangup-is-gone", test_hangup_is_gone);
  g_test_add_func ("/transport/read-timeout-and-cancel", test_read_timeout_and_cancel);
  g_test_add_func ("/transport/cancellable-fd-kept", test_cancellable_fd_kept);
  g_test_add_func ("/transport/open-errors-are-specific", test_open_errors);
  g_test_add_func ("/transport/ftdi-latency-timer-notice", test_latency_timer_notice);
  g_test_add_func ("/port-list/async-matches-sync", test_port_list_async_matches_sync);
  g_test_add_func ("/port-list/describe", test_port_info_describe);
  g_test_add_func ("/port-list/same-device-after-replug", test_port_same_device);
  g_test_add_func ("/port-list/pty-has-no-identity", test_port_info_for_pty);

  return g_test_run ();
}
