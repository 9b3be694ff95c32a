/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A circular target on the balance board, in board millimetres (x medio-lateral, + right; y
 * antero-posterior, + forward). The exercise engines own targets; views only draw them. */
typedef enum
{
  PROPRIO_TARGET_IDLE,      /* shown, not the current goal */
  PROPRIO_TARGET_ACTIVE,    /* the current goal */
  PROPRIO_TARGET_DWELLING,  /* the CoP is inside; dwell time running (progress 0..1) */
  PROPRIO_TARGET_HIT,       /* reached and held for the dwell time */
  PROPRIO_TARGET_MISSED,    /* timed out */
} ProprioTargetState;

typedef struct
{
  double             x_mm;
  double             y_mm;
  double             radius_mm;
  ProprioTargetState state;
  double             progress;  /* dwell progress 0..1 while DWELLING */
} ProprioTarget;

G_END_DECLS
