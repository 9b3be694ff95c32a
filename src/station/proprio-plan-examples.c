/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "proprio-plan-library"

#include "config.h"

#include <glib/gi18n.h>

#include "proprio-plan-examples.h"

/* The texts of the JSON files in resources/plans, word for word (test-plan-library checks that
 * every text of every example is here, so a changed example cannot lose its translation
 * unnoticed). */
static const char * const example_strings[] = {
  N_("Balance after an ankle sprain"),
  N_("An example of a balance session some weeks after a lateral ankle sprain, once "
     "the patient stands on the injured leg without pain. It shows how a plan is "
     "built; it is not clinical advice: choose the exercises, durations and targets "
     "for your patient."),
  N_("Standing still, eyes open then closed"),
  N_("Feet together, arms by the sides. Compare the eyes-closed sway with the last "
     "session."),
  N_("Rest"),
  N_("Weight shift left and right"),
  N_("Move from the ankles, heels on the board."),
  N_("Weight shift forwards and backwards"),
  N_("Forward until the heels feel light, back until the toes do."),
  N_("Limits of stability"),
  N_("Lean as far as possible without lifting the heels or the toes, then come back to "
     "the centre."),
  N_("On foam, eyes open"),
  N_("Only once standing with eyes closed is steady. Stay close enough to steady the "
     "patient."),
  N_("Knee after ACL reconstruction"),
  N_("An example of an early session after an anterior cruciate ligament "
     "reconstruction: quadriceps activation with EMG feedback, then standing balance "
     "and weight shifts onto the operated leg as the surgeon's protocol allows. It "
     "shows how a plan is built; it is not clinical advice: follow the protocol for "
     "your patient."),
  N_("Maximal contractions of the quadriceps"),
  N_("Channel 1 on the vastus medialis of the operated leg. Knee straight, as strong "
     "as comfortable."),
  N_("Quadriceps sets"),
  N_("Tighten the thigh to push the back of the knee down, hold, let go completely."),
  N_("Rest, then onto the board"),
  N_("Standing still, eyes open"),
  N_("Weight on both legs; watch for the weight drifting off the operated side."),
  N_("Weight onto the operated leg"),
  N_("Shift sideways and hold; the knee stays soft, not locked."),
  N_("Shoulder hiking"),
  N_("An example of a session for a shoulder that hikes when the arm is raised (an "
     "overactive upper trapezius): first the MVCs, then raising the arm with the upper "
     "trapezius kept quiet, then with the lower trapezius working. It shows how a plan "
     "is built; it is not clinical advice: choose the exercises and levels for your "
     "patient."),
  N_("Maximal contractions"),
  N_("Channel 1 on the lower trapezius, channel 2 on the upper trapezius. Manual "
     "resistance, three strong efforts."),
  N_("Raise the arm, upper trapezius quiet"),
  N_("Raise to shoulder height in the plane of the shoulder blade; the bar must stay "
     "under the line."),
  N_("Slow breathing, shoulders down"),
  N_("About six breaths a minute; let the shoulders sink on each breath out."),
  N_("Lower trapezius on, upper trapezius quiet"),
  N_("Draw the shoulder blade down and back, then raise the arm."),
  NULL
};

const char * const *
proprio_plan_examples_get_strings (void)
{
  return example_strings;
}

static const char *
translate (const char *text)
{
  return *text != '\0' ? g_dgettext (GETTEXT_PACKAGE, text) : text;
}

void
proprio_plan_examples_translate (ProprioPlan *plan)
{
  guint n;

  g_return_if_fail (PROPRIO_IS_PLAN (plan));
  g_return_if_fail (!proprio_plan_is_example (plan));

  proprio_plan_set_title (plan, translate (proprio_plan_get_title (plan)));
  proprio_plan_set_notes (plan, translate (proprio_plan_get_notes (plan)));
  n = proprio_plan_get_n_steps (plan);
  for (guint i = 0; i < n; i++)
    {
      ProprioPlanStep *step = proprio_plan_get_step (plan, i);

      proprio_plan_step_set_title (step, translate (proprio_plan_step_get_title (step)));
      proprio_plan_step_set_note (step, translate (proprio_plan_step_get_note (step)));
    }
}
