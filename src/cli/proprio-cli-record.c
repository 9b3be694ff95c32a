/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "core/proprio-csv-writer.h"
#include "devices/proprio-device-spec.h"
#include "devices/proprio-device.h"
#include "devices/proprio-protocol.h"
#include "proprio-cli.h"

/* Draining every 20 ms keeps the ring far from full (16384 samples) at any device rate. */
#define DRAIN_INTERVAL_MS 20
#define DRAIN_BATCH 256

typedef struct
{
  GMainLoop         *loop;
  ProprioDevice     *device;
  ProprioCsvWriter  *writer;          /* NULL without --out */
  ProprioCliSession *session;         /* --patient: the store's session, NULL without */
  ProprioRingCursor  cursor;
  gint64             duration_us;     /* 0: until interrupted */
  gint64             first_us;        /* arrival of the first recorded sample, 0 before */
  guint64            overflows;
  gboolean           header_written;
  gboolean           done;
  int                exit_status;
  char              *last_message;    /* the device's message already printed */
} Recorder;

static void
finish (Recorder *rec,
        int       status)
{
  if (status != 0 && rec->exit_status == 0)
    rec->exit_status = status;
  rec->done = TRUE;
  g_main_loop_quit (rec->loop);
}

static gboolean
write_header (Recorder  *rec,
              GError   **error)
{
  guint n = proprio_device_get_n_channels (rec->device);
  ProprioChannelInfo channels[PROPRIO_MAX_CHANNELS];

  if (n == 0)
    return TRUE;  /* a "lines" device names its channels with its first lines */
  for (guint i = 0; i < n; i++)
    channels[i] = *proprio_device_get_channel (rec->device, i);
  rec->header_written = TRUE;
  /* The session's recorder reads the ring itself, with its own cursor. */
  if (rec->session != NULL &&
      !proprio_cli_session_add_stream (rec->session, proprio_device_get_stream_kind (rec->device),
                                       proprio_device_get_ring (rec->device), channels, n,
                                       g_str_equal (proprio_device_get_protocol_name (rec->device),
                                                    "cyton") ? 250.0 : 0.0, error))
    return FALSE;
  if (rec->writer == NULL)
    return TRUE;
  return proprio_csv_writer_write_header (rec->writer, channels, n, error);
}

/* Moves everything the ring holds into the CSV. */
static void
drain (Recorder *rec)
{
  ProprioSample samples[DRAIN_BATCH];
  g_autoptr(GError) error = NULL;
  guint64 dropped_before = rec->cursor.dropped;
  gsize n;

  /* A "lines" device names its channels with its first lines: until then, samples wait. */
  if (!rec->header_written && write_header (rec, &error) && !rec->header_written)
    return;

  while (error == NULL && !rec->done &&
         (n = proprio_ring_read (&rec->cursor, samples, DRAIN_BATCH)) > 0)
    {
      for (gsize i = 0; i < n; i++)
        {
          if (rec->first_us == 0)
            rec->first_us = samples[i].t_us;
          /* Exactly `duration` of data, counted from the first sample. */
          if (rec->duration_us > 0 && samples[i].t_us - rec->first_us >= rec->duration_us)
            {
              finish (rec, 0);
              break;
            }
          if (rec->writer != NULL &&
              !proprio_csv_writer_write_sample (rec->writer, &samples[i], &error))
            break;
        }
      if (error != NULL)
        break;
    }

  if (error == NULL && rec->writer != NULL)
    proprio_csv_writer_maybe_flush (rec->writer, &error);
  if (error != NULL)
    {
      g_printerr ("proprio-cli record: %s\n", error->message);
      finish (rec, 1);
    }

  /* A recording must be complete: losing samples is an error the user has to hear about. */
  if (rec->cursor.dropped > dropped_before)
    {
      proprio_device_add_ring_overflows (rec->device, rec->cursor.dropped - dropped_before);
      rec->overflows += rec->cursor.dropped - dropped_before;
    }
}

static gboolean
on_tick (gpointer user_data)
{
  Recorder *rec = user_data;

  drain (rec);
  if (rec->session != NULL && !rec->done && !proprio_cli_session_check (rec->session))
    finish (rec, 1);
  if (!rec->done && rec->duration_us > 0 && rec->first_us != 0 &&
      g_get_monotonic_time () - rec->first_us >= rec->duration_us)
    finish (rec, 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal (gpointer user_data)
{
  finish (user_data, 0);
  return G_SOURCE_CONTINUE;
}

static void
on_state_changed (ProprioDevice *device,
                  GParamSpec    *pspec,
                  Recorder      *rec)
{
  const char *message = proprio_device_get_message (device);

  switch (proprio_device_get_state (device))
    {
    case PROPRIO_DEVICE_STATE_ERROR:
      g_printerr ("proprio-cli record: %s\n", message != NULL ? message : _("the device failed"));
      finish (rec, 1);
      break;
    case PROPRIO_DEVICE_STATE_DISCONNECTED:
      if (message != NULL)
        g_printerr ("proprio-cli record: %s\n", message);
      break;
    case PROPRIO_DEVICE_STATE_STREAMING:
      if (message != NULL)
        g_printerr ("proprio-cli record: %s\n", message);
      g_printerr (_("Recording %s…\n"), proprio_device_get_label (device));
      break;
    case PROPRIO_DEVICE_STATE_CONNECTING:
    default:
      /* A port that sends nothing usable yet is listened to (a board switched on later is
       * picked up); say why nothing is recorded. */
      if (message != NULL && g_strcmp0 (message, rec->last_message) != 0)
        g_printerr ("proprio-cli record: %s\n", message);
      break;
    }
  g_free (rec->last_message);
  rec->last_message = g_strdup (message);
}

/* --option k=v, --order and --geometry into the spec's options; FALSE after a usage message. */
static gboolean
collect_options (GHashTable  *options,
                 char       **pairs,
                 const char  *order,
                 const char  *geometry)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');

      if (eq == NULL || eq == pairs[i] || eq[1] == '\0')
        {
          proprio_cli_usage_error ("record", _("--option needs the form name=value, not “%s”"),
                                   pairs[i]);
          return FALSE;
        }
      g_hash_table_insert (options, g_strndup (pairs[i], eq - pairs[i]), g_strdup (eq + 1));
    }
  if (g_hash_table_contains (options, "protocol") || g_hash_table_contains (options, "baud"))
    {
      proprio_cli_usage_error ("record", _("Use --protocol and --baud, not --option"));
      return FALSE;
    }
  if (order != NULL)
    g_hash_table_insert (options, g_strdup ("order"), g_strdup (order));
  if (geometry != NULL)
    g_hash_table_insert (options, g_strdup ("geometry"), g_strdup (geometry));
  return TRUE;
}

/* Counts what is in the file, not what was handed to the writer: after a failed write the two
 * differ, and the summary must describe the file the user will open. */
static void
print_summary (Recorder *rec)
{
  ProprioDeviceHealth health;
  guint64 rows = proprio_csv_writer_get_rows_written (rec->writer);
  gint64 first_us = 0, last_us = 0;
  double seconds = 0.0;

  if (proprio_csv_writer_get_written_span (rec->writer, &first_us, &last_us) && rows > 1)
    seconds = (last_us - first_us) / (double) G_USEC_PER_SEC;
  proprio_device_get_health (rec->device, &health);
  g_printerr (_("Recorded %llu samples over %.2f s (%.1f per second) to %s\n"),
              (unsigned long long) rows, seconds, seconds > 0.0 ? (rows - 1) / seconds : 0.0,
              proprio_csv_writer_get_file_path (rec->writer));
  g_printerr (_("Lost samples: %llu, discarded bytes: %llu, skipped lines: %llu, reconnects: %u\n"),
              (unsigned long long) health.lost, (unsigned long long) health.discarded_bytes,
              (unsigned long long) health.skipped_lines, health.reconnects);
  if (rec->overflows > 0)
    g_printerr (_("Error: %llu samples are missing from the file because writing fell behind "
                  "(is the disk very slow?).\n"), (unsigned long long) rec->overflows);
}

int
proprio_cli_record (int argc, char **argv)
{
  g_autofree char *port = NULL;
  g_autofree char *protocol = NULL;
  g_autofree char *order = NULL;
  g_autofree char *geometry = NULL;
  g_autofree char *out = NULL;
  g_autofree char *patient = NULL;
  g_auto(GStrv) option_pairs = NULL;
  gboolean force = FALSE;
  int baud = 115200;
  double duration = 0.0;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_FILENAME, &port,
      N_("Serial port or pseudo-terminal to read (e.g. /dev/ttyACM0)"), N_("PATH") },
    { "protocol", 'P', 0, G_OPTION_ARG_STRING, &protocol,
      N_("What the device speaks: balance, lines or cyton (default: balance)"), N_("NAME") },
    { "baud", 'b', 0, G_OPTION_ARG_INT, &baud, N_("Baud rate (default: 115200)"), N_("N") },
    { "order", 0, 0, G_OPTION_ARG_STRING, &order,
      N_("Balance: the corner of each column, e.g. tl,tr,bl,br"), N_("LIST") },
    { "geometry", 0, 0, G_OPTION_ARG_STRING, &geometry,
      N_("Balance: sensor spacing in mm, side to side × front to back, e.g. 433x238"), N_("WxL") },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &option_pairs,
      N_("A protocol option (repeatable), e.g. channels=emg"), N_("NAME=VALUE") },
    { "duration", 't', 0, G_OPTION_ARG_DOUBLE, &duration,
      N_("Record S seconds from the first sample (default: until interrupted)"), N_("S") },
    { "out", 'O', 0, G_OPTION_ARG_FILENAME, &out,
      N_("CSV file to write; it must not exist yet"), N_("FILE") },
    { "force", 'f', 0, G_OPTION_ARG_NONE, &force,
      N_("Replace an existing --out file, only once the recording has succeeded"), NULL },
    { "patient", 0, 0, G_OPTION_ARG_STRING, &patient,
      N_("Also record into a new session of this patient in the records (created if new)"),
      N_("ID") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) options = NULL;
  g_autoptr(ProprioDevice) device = NULL;
  g_autofree char *spec_text = NULL;
  g_autofree char *port_path = NULL;
  Recorder rec = { 0 };
  guint tick_id, sigint_id, sigterm_id;
  gulong handler, message_handler;

  /* For the usage line: GOption would otherwise name the program after argv[0], "record". */
  if (g_get_prgname () == NULL)
    g_set_prgname ("proprio-cli record");
  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Record every decoded sample of a device to CSV: t_us (the "
                                  "monotonic clock in µs) and one column per channel."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return proprio_cli_usage_error ("record", "%s", error->message);
  if (argc > 1)
    return proprio_cli_usage_error ("record", _("Unexpected argument “%s”"), argv[1]);
  if (port == NULL)
    return proprio_cli_usage_error ("record", _("Say which port to read with --port PATH"));
  if (out == NULL && patient == NULL)
    return proprio_cli_usage_error ("record", _("Say where to write with --out FILE.csv or "
                                                "--patient ID"));
  if (baud <= 0 || !proprio_device_spec_is_valid_baud ((guint) baud))
    return proprio_cli_usage_error ("record", _("%d is not a supported baud rate (try 9600, "
                                                "57600 or 115200)"), baud);
  if (!(duration >= 0.0 && duration <= 7 * 24 * 3600.0))
    return proprio_cli_usage_error ("record", _("The duration must be a positive number of "
                                                "seconds"));
  if (protocol != NULL && !g_strv_contains (proprio_protocol_list_names (), protocol))
    return proprio_cli_usage_error ("record", _("Unknown protocol “%s” (use balance, lines or "
                                                "cyton)"), protocol);

  options = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!collect_options (options, option_pairs, order, geometry))
    return 2;

  /* Absolute, so the spec parser accepts it; not resolved, so a symlink is followed again when
   * the device comes back. The builder encodes characters such as '?' in the path. */
  port_path = g_canonicalize_filename (port, NULL);
  spec_text = proprio_device_spec_build (port_path, protocol != NULL ? protocol : "balance",
                                         (guint) baud, options);

  device = proprio_device_new (spec_text, &error);
  if (device == NULL)
    return proprio_cli_usage_error ("record", "%s", error->message);

  if (out != NULL)
    rec.writer = proprio_csv_writer_new (out, force ? PROPRIO_CSV_WRITER_REPLACE
                                                    : PROPRIO_CSV_WRITER_FLAGS_NONE, &error);
  if (out != NULL && rec.writer == NULL)
    {
      if (g_error_matches (error, PROPRIO_CSV_WRITER_ERROR, PROPRIO_CSV_WRITER_ERROR_EXISTS))
        g_printerr (_("proprio-cli record: %s; choose another name, or add --force to replace it "
                      "once the new recording has succeeded\n"), error->message);
      else
        g_printerr ("proprio-cli record: %s\n", error->message);
      return 1;
    }

  if (patient != NULL &&
      (rec.session = proprio_cli_session_begin (patient, spec_text, &error)) == NULL)
    {
      g_printerr ("proprio-cli record: %s\n", error->message);
      if (rec.writer != NULL)
        proprio_csv_writer_discard (rec.writer);
      proprio_csv_writer_free (rec.writer);
      return 1;
    }

  rec.loop = g_main_loop_new (NULL, FALSE);
  rec.device = device;
  rec.duration_us = (gint64) (duration * G_USEC_PER_SEC);
  proprio_ring_cursor_init (&rec.cursor, proprio_device_get_ring (device), FALSE);

  if (!write_header (&rec, &error))
    {
      g_printerr ("proprio-cli record: %s\n", error->message);
      g_clear_error (&error);
      rec.exit_status = 1;
    }
  else
    {
      handler = g_signal_connect (device, "notify::state", G_CALLBACK (on_state_changed), &rec);
      message_handler = g_signal_connect (device, "notify::message",
                                          G_CALLBACK (on_state_changed), &rec);
      tick_id = g_timeout_add (DRAIN_INTERVAL_MS, on_tick, &rec);
      sigint_id = g_unix_signal_add (SIGINT, on_signal, &rec);
      sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &rec);

      proprio_device_connect (device);
      g_main_loop_run (rec.loop);

      g_source_remove (tick_id);
      g_source_remove (sigint_id);
      g_source_remove (sigterm_id);
      g_signal_handler_disconnect (device, handler);
      g_signal_handler_disconnect (device, message_handler);
      proprio_device_disconnect (device);
      /* The samples that arrived before we stopped still belong in the file. */
      rec.done = FALSE;
      if (rec.exit_status == 0)
        drain (&rec);
    }

  /* Stopped before the first sample (a silent port, interrupted): that is no recording. */
  if (rec.exit_status == 0 && rec.first_us == 0)
    {
      g_printerr (_("proprio-cli record: nothing was recorded\n"));
      rec.exit_status = 1;
    }
  /* A device that never sent anything leaves no file that looks like a recording. Only the file
   * this run created goes: a file that was there before is never touched. */
  if (rec.session != NULL)
    {
      ProprioDeviceHealth health;

      proprio_device_get_health (device, &health);
      if (!proprio_cli_session_end (rec.session, health.rate_hz, &error))
        {
          g_printerr ("proprio-cli record: %s\n", error->message);
          g_clear_error (&error);
          rec.exit_status = 1;
        }
      g_clear_pointer (&rec.session, proprio_cli_session_free);
    }
  if (rec.writer == NULL)
    ;
  else if (rec.exit_status != 0 && proprio_csv_writer_get_rows_written (rec.writer) == 0)
    proprio_csv_writer_discard (rec.writer);
  else
    {
      /* After a failed write the reason is already printed. */
      if (!proprio_csv_writer_close (rec.writer, &error) && rec.exit_status == 0)
        {
          g_printerr ("proprio-cli record: %s\n", error->message);
          rec.exit_status = 1;
        }
      if (proprio_csv_writer_get_rows_written (rec.writer) > 0 || rec.exit_status == 0)
        print_summary (&rec);
      if (rec.exit_status != 0 && force &&
          g_strcmp0 (proprio_csv_writer_get_file_path (rec.writer), out) != 0 &&
          g_file_test (out, G_FILE_TEST_EXISTS))
        g_printerr (_("“%s” is unchanged; the incomplete recording is in “%s”.\n"), out,
                    proprio_csv_writer_get_file_path (rec.writer));
    }
  if (rec.overflows > 0 && rec.exit_status == 0)
    rec.exit_status = 1;

  proprio_ring_cursor_clear (&rec.cursor);
  proprio_csv_writer_free (rec.writer);
  g_main_loop_unref (rec.loop);
  g_free (rec.last_message);
  /* The reader winds down on its own thread: let it send the stop command before we exit. */
  proprio_device_wait_for_readers (1000);
  return rec.exit_status;
}
