/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parser throughput: the Cyton, lines (8 channels) and balance protocols decoding a buffer of
 * valid data fed in 4 KiB reads, as the reader thread feeds them. Timed on this thread's CPU
 * clock, so a busy machine slows the wall clock, not the figure. Compared with 1000 times the
 * byte rate of a 921600-baud port (921600 / 10 bytes/s: 8 data bits, a start and a stop bit):
 * the margin is how many such saturated ports one core could parse, over 1000.
 *   bench-parsers [--seconds N]     (N in all, default 6) */
#define G_LOG_DOMAIN "bench-parsers"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "devices/proprio-protocol.h"
#include "proprio-bench.h"

#define READ_SIZE  4096
#define BUF_BYTES  (4 * 1024 * 1024)
#define PORT_BYTES_PER_S (921600.0 / 10.0)

typedef struct
{
  const char *name;
  const char *protocol;
  const char *channels;   /* the lines protocol's channels option, or NULL */
  void      (*fill) (GByteArray *buf);
} ParserCase;

static void
fill_cyton (GByteArray *buf)
{
  /* A whole number of counter cycles (256 packets), so the repeated buffer loses nothing. */
  for (guint n = 0; n < (BUF_BYTES / 33) / 256 * 256; n++)
    {
      guint8 p[33] = { 0xA0, (guint8) n };

      for (guint c = 0; c < 8; c++)
        {
          gint32 v = (gint32) ((n * 7919u + c * 104729u) % 200000u) - 100000;

          p[2 + 3 * c] = (guint8) (v >> 16);
          p[3 + 3 * c] = (guint8) (v >> 8);
          p[4 + 3 * c] = (guint8) v;
        }
      /* Accelerometer: a reading every packet (big-endian 16-bit counts). */
      p[27] = 0x00, p[28] = 0x10, p[29] = 0x00, p[30] = 0x20, p[31] = 0x03, p[32] = 0xC0;
      g_byte_array_append (buf, p, sizeof p);
    }
}

static void
fill_lines (GByteArray *buf,
            ProprioBenchLineFunc line)
{
  char text[512];

  for (guint64 i = 0;; i++)
    {
      gsize len = line (i, text, sizeof text, NULL);

      if (buf->len + len > BUF_BYTES)
        break;
      g_byte_array_append (buf, (const guint8 *) text, (guint) len);
    }
}

static void
fill_emg8 (GByteArray *buf)
{
  fill_lines (buf, proprio_bench_emg8_line);
}

static void
fill_balance (GByteArray *buf)
{
  fill_lines (buf, proprio_bench_balance_line);
}

static const ParserCase cases[] = {
  { "cyton", "cyton", NULL, fill_cyton },
  { "lines-8ch", "lines", "emg1,emg2,emg3,emg4,emg5,emg6,emg7,emg8", fill_emg8 },
  { "balance", "balance", NULL, fill_balance },
};

static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
count_sample (const ProprioSample *sample,
              gpointer             data)
{
  (*(guint64 *) data)++;
}

static void
run_case (const ParserCase *c,
          double            seconds)
{
  g_autoptr(GByteArray) buf = g_byte_array_sized_new (BUF_BYTES);
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(ProprioProtocol) protocol = NULL;
  g_autoptr(GError) error = NULL;
  const ProprioProtocolStats *st;
  guint64 samples = 0, bytes = 0;
  gint64 start, used;
  double mb_s, samples_s, bytes_per_sample, margin;

  c->fill (buf);
  if (c->channels != NULL)
    g_hash_table_insert (options, (gpointer) "channels", (gpointer) c->channels);
  protocol = proprio_protocol_new (c->protocol, options, &error);
  if (protocol == NULL)
    g_error ("%s", error->message);

  start = thread_cpu_us ();
  do
    {
      for (guint off = 0; off < buf->len; off += READ_SIZE)
        proprio_protocol_feed (protocol, buf->data + off, MIN (READ_SIZE, buf->len - off),
                               (gint64) bytes + off, count_sample, &samples);
      bytes += buf->len;
      used = thread_cpu_us () - start;
    }
  while (used < seconds * G_USEC_PER_SEC);

  st = proprio_protocol_get_stats (protocol);
  mb_s = bytes / (used / (double) G_USEC_PER_SEC) / 1e6;
  samples_s = samples / (used / (double) G_USEC_PER_SEC);
  bytes_per_sample = samples > 0 ? bytes / (double) samples : 0;
  margin = mb_s * 1e6 / (1000 * PORT_BYTES_PER_S);
  g_print ("%s (%s): %.1f MB in %.2f s of CPU, %.1f bytes a sample\n", c->name, c->protocol,
           bytes / 1e6, used / (double) G_USEC_PER_SEC, bytes_per_sample);
  g_print ("  %8.1f MB/s   %10.0f samples/s   skipped %" G_GUINT64_FORMAT ", discarded %"
           G_GUINT64_FORMAT ", lost %" G_GUINT64_FORMAT "\n", mb_s, samples_s, st->skipped_lines,
           st->discarded_bytes, st->lost);
  g_print ("  1000 x a saturated 921600-baud port = %.1f MB/s (%.0f samples/s): margin %.2fx%s\n",
           1000 * PORT_BYTES_PER_S / 1e6, 1000 * PORT_BYTES_PER_S / MAX (bytes_per_sample, 1),
           margin, margin < 1 ? " (below)" : "");
  proprio_bench_json ("parsers", c->name, "mb_per_s", mb_s, "samples_per_s", samples_s,
                      "target_mb_per_s", 1000 * PORT_BYTES_PER_S / 1e6, "margin", margin, NULL);
}

int
main (int   argc,
      char *argv[])
{
  double seconds;

  g_set_prgname ("bench-parsers");
  seconds = proprio_bench_parse_duration (&argc, &argv, 6, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (&cases[i], seconds / G_N_ELEMENTS (cases));
  return 0;
}
