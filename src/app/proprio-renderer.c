/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-renderer"

#include "config.h"

#include "proprio-renderer.h"

const char *
proprio_renderer_default (const char *dri_dir)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (dri_dir != NULL, NULL);

  dir = g_dir_open (dri_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return NULL;
  return "cairo";
}

void
proprio_renderer_setup (void)
{
  const char *chosen = g_getenv ("GSK_RENDERER");

  if (chosen == NULL)
    {
      chosen = proprio_renderer_default ("/dev/dri");
      if (chosen != NULL)
        {
          g_setenv ("GSK_RENDERER", chosen, FALSE);
          g_debug ("No GPU render node: the Cairo renderer, not GL on a software rasteriser");
        }
    }
  if (g_strcmp0 (chosen, "cairo") == 0 && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
}
