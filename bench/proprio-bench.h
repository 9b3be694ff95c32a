/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* What every bench shares: its duration option, figures (min / median / p99 / max), the one JSON
 * line per case, the process's CPU time and memory from /proc, pseudo-terminals and a writer
 * thread that puts paced lines on one, stamped on CLOCK_MONOTONIC. */

/* meson's exit status for "skipped". */
#define PROPRIO_BENCH_SKIP 77

/* Parses `--seconds N` / `--minutes N` (and `--help`), leaving other arguments in argv.
 * `default_seconds` is what `meson test --benchmark` runs. Exits with status 2 on a bad value. */
double   proprio_bench_parse_duration (int          *argc,
                                       char       ***argv,
                                       double        default_seconds,
                                       const char   *usage);
/* GTK benches: initialises GTK and libadwaita, or prints a TAP skip and exits 77 without a
 * display. */
void     proprio_bench_gui_init       (const char   *name);

typedef struct
{
  guint  n;
  double min, median, p99, max;   /* in the unit of the values */
} ProprioBenchStats;

/* Sorts `values` (gint64) in place; all zero when empty. */
void     proprio_bench_stats          (GArray            *values,
                                       ProprioBenchStats *out);
/* "  what   n=…  min … median … p99 … max …" with the values divided by `scale`. */
void     proprio_bench_print_stats    (const char              *what,
                                       const ProprioBenchStats *stats,
                                       double                   scale,
                                       const char              *unit);
/* One JSON line: {"bench": bench, "case": case, key: value, …}; the keys and double values come
 * in pairs, ended by NULL. A NaN value is written as null. */
void     proprio_bench_json           (const char   *bench,
                                       const char   *case_name,
                                       ...) G_GNUC_NULL_TERMINATED;

/* utime + stime of process `pid` (0: this one), or of its thread `tid` when tid > 0, in µs;
 * -1 when unreadable. */
gint64   proprio_bench_cpu_us         (pid_t         pid,
                                       pid_t         tid);
/* A "VmRSS" / "VmHWM" / … line of /proc/PID/status in KiB, -1 when unreadable. */
gint64   proprio_bench_status_kib     (pid_t         pid,
                                       const char   *field);
pid_t    proprio_bench_gettid         (void);

/* Opens a pseudo-terminal in raw mode; returns the master (non-blocking) and the slave's path. */
int      proprio_bench_open_pty       (char        **path);

typedef struct _ProprioBenchWriter ProprioBenchWriter;
/* Writes line `i` into buf (at most `size` bytes), returns its length; may set *stamp_out to
 * remember when it was written (the writer stamps it just before write()). */
typedef gsize (*ProprioBenchLineFunc) (guint64   i,
                                       char     *buf,
                                       gsize     size,
                                       gpointer  data);
/* Line i is due at start + i / rate_hz. A writer that falls behind writes what is due in one
 * go, as a USB serial adapter delivers it. `on_write` (may be NULL) is called on the writer
 * thread with the line's index and the CLOCK_MONOTONIC µs just before the write. */
ProprioBenchWriter *proprio_bench_writer_start (int                   fd,
                                                double                rate_hz,
                                                ProprioBenchLineFunc  line,
                                                void                (*on_write) (guint64  i,
                                                                                 gint64   t_us,
                                                                                 gpointer data),
                                                gpointer              data);
/* Stops and joins the thread; returns how many lines were written. */
guint64  proprio_bench_writer_stop    (ProprioBenchWriter *writer);
guint64  proprio_bench_writer_get_lines (ProprioBenchWriter *writer);
/* The writer thread's CPU time so far, µs (so an in-process bench can leave it out). */
gint64   proprio_bench_writer_cpu_us  (ProprioBenchWriter *writer);

/* Ready-made lines: a standing person's four corners in kg (sway that moves the dot a little),
 * and N channels of EMG-like µV values ("lines" protocol, 8 channels). */
gsize    proprio_bench_balance_line   (guint64 i, char *buf, gsize size, gpointer data);
gsize    proprio_bench_emg8_line      (guint64 i, char *buf, gsize size, gpointer data);

/* Iterates the default main context for `ms` milliseconds. */
void     proprio_bench_run_ms         (guint         ms);

G_END_DECLS
