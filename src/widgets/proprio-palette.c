/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-palette"

#include "config.h"

#include "proprio-palette.h"

struct _ProprioPalette
{
  GObject            parent_instance;
  ProprioPaletteKind kind;
};

G_DEFINE_FINAL_TYPE (ProprioPalette, proprio_palette, G_TYPE_OBJECT)

enum { PROP_0, PROP_KIND, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple. */
#define OI_ORANGE         0xe69f00
#define OI_SKY_BLUE       0x56b4e9
#define OI_BLUISH_GREEN   0x009e73
#define OI_YELLOW         0xf0e442
#define OI_BLUE           0x0072b2
#define OI_VERMILLION     0xd55e00
#define OI_REDDISH_PURPLE 0xcc79a7

/* The series: the hues left once green, orange and vermillion mean something, then the same
 * hues darker (a sleeve has up to 8 channels). */
static const guint32 colorblind_series[] = {
  OI_BLUE, OI_REDDISH_PURPLE, OI_SKY_BLUE, OI_YELLOW, 0x00476e, 0x8f4b72, 0x2b7fae, 0x9a8f00,
};

static void
proprio_palette_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, PROPRIO_PALETTE (object)->kind);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_palette_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_KIND:
      proprio_palette_set_kind (g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
proprio_palette_class_init (ProprioPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = proprio_palette_get_property;
  object_class->set_property = proprio_palette_set_property;
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL, PROPRIO_PALETTE_STANDARD, PROPRIO_PALETTE_COLORBLIND,
                      PROPRIO_PALETTE_STANDARD,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
proprio_palette_init (ProprioPalette *self)
{
}

ProprioPalette *
proprio_palette_get_default (void)
{
  static ProprioPalette *palette;

  /* Main thread only, as every widget that draws with it. */
  if (palette == NULL)
    palette = g_object_new (PROPRIO_TYPE_PALETTE, NULL);
  return palette;
}

ProprioPaletteKind
proprio_palette_get_kind (void)
{
  return proprio_palette_get_default ()->kind;
}

void
proprio_palette_set_kind (ProprioPaletteKind kind)
{
  ProprioPalette *self = proprio_palette_get_default ();

  g_return_if_fail (kind == PROPRIO_PALETTE_STANDARD || kind == PROPRIO_PALETTE_COLORBLIND);
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

guint32
proprio_palette_pick (ProprioPaletteRole role,
                      guint32            standard,
                      gboolean           dark)
{
  if (proprio_palette_get_kind () == PROPRIO_PALETTE_STANDARD)
    return standard;
  switch (role)
    {
    case PROPRIO_PALETTE_TRAIL:
      /* The blue is too dark on a dark view; the sky blue too light on a white one. */
      return dark ? OI_SKY_BLUE : OI_BLUE;
    case PROPRIO_PALETTE_DOT:
    case PROPRIO_PALETTE_ALERT:
      return OI_VERMILLION;
    case PROPRIO_PALETTE_GOOD:
      return OI_BLUISH_GREEN;
    case PROPRIO_PALETTE_CAUTION:
      return OI_ORANGE;
    case PROPRIO_PALETTE_WARNING:
      return dark ? OI_YELLOW : OI_ORANGE;
    default:
      return standard;
    }
}

guint32
proprio_palette_series (guint   index,
                        guint32 standard)
{
  if (proprio_palette_get_kind () == PROPRIO_PALETTE_STANDARD)
    return standard;
  return colorblind_series[index % G_N_ELEMENTS (colorblind_series)];
}
