/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-driver"

/* A small stand-in for libFuzzer so every build (gcc included) runs the harnesses: first each
 * file of the seed corpus, then pseudo-random and mutated inputs from a fixed seed, for a bounded
 * time. No coverage feedback, but reproducible: a failure prints the run number and seed. */

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

#define FUZZ_MAX_INPUT (64 * 1024)
#define FUZZ_MAX_POOL  256

typedef struct
{
  guint64 state;
} Rng;

static guint64
rng_next (Rng *rng)
{
  /* xorshift64*: plenty for picking mutations. */
  rng->state ^= rng->state >> 12;
  rng->state ^= rng->state << 25;
  rng->state ^= rng->state >> 27;
  return rng->state * G_GUINT64_CONSTANT (2685821657736338717);
}

static gsize
rng_below (Rng   *rng,
           gsize  n)
{
  return n == 0 ? 0 : (gsize) (rng_next (rng) % n);
}

/* Bytes that matter to our parsers, so random inputs reach deep states often. */
static const guint8 interesting[] = {
  '\n', '\r', ',', ';', ' ', '\t', ':', '#', '-', '+', '.', 'e', 'E', '0', '1', '5', '9', '$',
  'T', 'L', 'R', 'B', 'n', 'a', 'i', 'f', 0xA0, 0xC0, 0xC1, 0xC3, 0xC4, 0xC6, 0xC7, 0x00, 0xFF,
  'X', 'x', 'Y', 'y', 'Z', 'z',
};

static void
insert_bytes (GByteArray   *buf,
              gsize         pos,
              const guint8 *data,
              gsize         len)
{
  gsize old_len = buf->len;

  g_byte_array_set_size (buf, old_len + len);
  memmove (buf->data + pos + len, buf->data + pos, old_len - pos);
  memcpy (buf->data + pos, data, len);
}

static void
random_input (Rng        *rng,
              GByteArray *out)
{
  gsize len = rng_below (rng, 2048);

  g_byte_array_set_size (out, 0);
  for (gsize i = 0; i < len; i++)
    {
      guint8 b = rng_below (rng, 3) == 0 ? (guint8) rng_next (rng)
                                         : interesting[rng_below (rng, sizeof interesting)];

      g_byte_array_append (out, &b, 1);
    }
}

static void
mutate (Rng        *rng,
        GByteArray *buf,
        GPtrArray  *pool)
{
  guint n = 1 + rng_below (rng, 8);

  for (guint m = 0; m < n; m++)
    {
      gsize pos = rng_below (rng, buf->len + 1);

      switch (rng_below (rng, 8))
        {
        case 0:   /* flip a bit */
          if (buf->len > 0)
            buf->data[rng_below (rng, buf->len)] ^= 1u << rng_below (rng, 8);
          break;
        case 1:   /* set a byte */
          if (buf->len > 0)
            buf->data[rng_below (rng, buf->len)] = (guint8) rng_next (rng);
          break;
        case 2:   /* insert an interesting byte */
          {
            guint8 b = interesting[rng_below (rng, sizeof interesting)];

            insert_bytes (buf, pos, &b, 1);
          }
          break;
        case 3:   /* delete a range */
          if (pos < buf->len)
            {
              gsize want = 1 + rng_below (rng, 40);

              g_byte_array_remove_range (buf, pos, MIN (buf->len - pos, want));
            }
          break;
        case 4:   /* duplicate a range */
          if (pos < buf->len && buf->len < FUZZ_MAX_INPUT / 2)
            {
              gsize want = 1 + rng_below (rng, 100);
              gsize len = MIN (buf->len - pos, want);
              g_autofree guint8 *copy = g_memdup2 (buf->data + pos, len);
              guint times = 1 + rng_below (rng, 8);

              for (guint t = 0; t < times; t++)
                insert_bytes (buf, rng_below (rng, buf->len + 1), copy, len);
            }
          break;
        case 5:   /* splice in part of another input */
          if (pool->len > 0)
            {
              GBytes *other = g_ptr_array_index (pool, rng_below (rng, pool->len));
              gsize other_len = 0;
              const guint8 *other_data = g_bytes_get_data (other, &other_len);
              gsize from = rng_below (rng, other_len);
              gsize want = rng_below (rng, 200);
              gsize len = MIN (other_len - from, want);

              if (len > 0)
                insert_bytes (buf, pos, other_data + from, len);
            }
          break;
        case 6:   /* change the option set / chunking bytes */
          if (buf->len > 1)
            buf->data[rng_below (rng, 2)] = (guint8) rng_next (rng);
          break;
        default:  /* truncate */
          g_byte_array_set_size (buf, rng_below (rng, buf->len + 1));
          break;
        }
    }
  if (buf->len > FUZZ_MAX_INPUT)
    g_byte_array_set_size (buf, FUZZ_MAX_INPUT);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
load_corpus (const char *path,
             GPtrArray  *pool)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!g_file_get_contents (path, &contents, &len, &error))
        {
          fprintf (stderr, "fuzz-driver: %s\n", error->message);
          exit (2);
        }
      g_ptr_array_add (pool, g_bytes_new_take (contents, len));
      return;
    }

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "fuzz-driver: %s\n", error->message);
      exit (2);
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* Directory order varies between file systems; sort for reproducible runs. */
  g_ptr_array_sort (names, compare_paths);
  for (guint i = 0; i < names->len; i++)
    load_corpus (g_ptr_array_index (names, i), pool);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = 10.0;
  gint64 max_runs = 1000000;
  gint64 seed = 0x5eed;
  g_auto(GStrv) paths = NULL;
  GOptionEntry entries[] = {
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Stop after this many seconds", "S" },
    { "runs", 'n', 0, G_OPTION_ARG_INT64, &max_runs, "Stop after this many generated inputs", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the input generator", "SEED" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, "CORPUS…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[CORPUS_DIR_OR_FILE…]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  Rng rng = { (guint64) seed };
  gint64 start = g_get_monotonic_time ();
  gint64 runs = 0;
  guint n_corpus;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "fuzz-driver: %s\n", error->message);
      return 2;
    }
  rng.state = (guint64) seed * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15) + 1;

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    load_corpus (paths[i], pool);
  n_corpus = pool->len;

  for (guint i = 0; i < n_corpus; i++)
    {
      GBytes *input = g_ptr_array_index (pool, i);

      LLVMFuzzerTestOneInput (g_bytes_get_data (input, NULL), g_bytes_get_size (input));
    }

  while (runs < max_runs && (g_get_monotonic_time () - start) < (gint64) (seconds * G_USEC_PER_SEC))
    {
      guint64 picked = rng_below (&rng, 4);

      if (pool->len > 0 && picked != 0)
        {
          GBytes *base = g_ptr_array_index (pool, rng_below (&rng, pool->len));

          g_byte_array_set_size (buf, 0);
          g_byte_array_append (buf, g_bytes_get_data (base, NULL), g_bytes_get_size (base));
          mutate (&rng, buf, pool);
        }
      else
        random_input (&rng, buf);

      /* Print the run before running it, so a crash names the input to reproduce. */
      if (g_getenv ("FUZZ_DRIVER_VERBOSE") != NULL)
        fprintf (stderr, "run %" G_GINT64_FORMAT "\n", runs);
      LLVMFuzzerTestOneInput (buf->data, buf->len);
      runs++;

      /* Keep some mutants so mutations compound, without growing without bound. */
      if (rng_below (&rng, 8) == 0)
        {
          GBytes *keep = g_bytes_new (buf->data, buf->len);

          if (pool->len < FUZZ_MAX_POOL)
            g_ptr_array_add (pool, keep);
          else if (n_corpus >= FUZZ_MAX_POOL)
            g_bytes_unref (keep);
          else
            {
              guint slot = n_corpus + rng_below (&rng, FUZZ_MAX_POOL - n_corpus);

              g_bytes_unref (g_ptr_array_index (pool, slot));
              g_ptr_array_index (pool, slot) = keep;
            }
        }
    }

  printf ("%u corpus inputs, %" G_GINT64_FORMAT " generated inputs in %.1f s (seed %" G_GINT64_FORMAT
          "): no failure\n",
          n_corpus, runs, (g_get_monotonic_time () - start) / 1e6, seed);
  return 0;
}
