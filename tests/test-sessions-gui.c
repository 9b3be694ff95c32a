/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Patients and sessions in the app, as a therapist goes through them: a session a crash left open
 * is reported when the app starts; a patient is created through the dialog (bad input refused
 * with words to act on, any character in a name) and found by the search; a session records a
 * short static test on the simulated board, whatever is shown, and ends after a confirmation; the
 * records then hold the session, the result, its metrics, the samples exactly as the ring had
 * them, and the events. A removed session folder is a notice at once. The patient's sessions are
 * listed and exported (never over a file without asking, cancellable). A second Proprio is told
 * the records are in use, and the first goes on. */
#include "config.h"

#include <ftw.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "app/proprio-patient-dialog.h"
#include "app/proprio-progress-window.h"
#include "app/proprio-review-window.h"
#include "app/proprio-session-bar.h"
#include "app/proprio-sessions-dialog.h"
#include "app/proprio-snapshot.h"
#include "app/proprio-window-private.h"
#include "exercises/proprio-static-test.h"
#include "store/proprio-recorder.h"
#include "store/proprio-sqlite-store.h"
#include "store/proprio-stream-file.h"
#include "widgets/proprio-cop-view.h"
#include "widgets/proprio-frame-paintable.h"

#include "proprio-test-gui.h"
#include "proprio-test-records.h"

#define NAME "Anna \"Nan\" O'Brien / \xf0\x9f\xa6\xb6"   /* quotes, a slash, an emoji */
#define ID   "P/07 <&> \xf0\x9f\x98\x80"   /* markup characters too */

static ProprioApplication *app;
static ProprioWindow *window;
static char *data_dir;
static char *tmp;
static char *crashed_id;

static ProprioSessionController *
controller (void)
{
  return proprio_application_get_sessions (app);
}

static gpointer
child (gpointer widget,
       GType    type,
       const char *name)
{
  gpointer found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return found;
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      /* Each dialog once: one answered may still be on its way out. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (item, type) && gtk_widget_get_visible (GTK_WIDGET (item)) &&
          g_object_get_data (item, "proprio-test-seen") == NULL)
        {
          g_object_set_data (item, "proprio-test-seen", GINT_TO_POINTER (TRUE));
          return item;
        }
    }
  return NULL;
}

typedef struct
{
  GType     type;
  gpointer  found;
} Find;

static gboolean
toplevel_shown (gpointer data)
{
  Find *find = data;

  if (find->found == NULL)
    find->found = find_toplevel (find->type);
  return find->found != NULL;
}

static gpointer
wait_for_toplevel (GType type)
{
  Find find = { type, NULL };

  g_assert_true (proprio_test_wait_until (toplevel_shown, &find, 10000));
  return find.found;
}

/* `action` as the menus name it, "app.session-start". */
static gboolean
enabled (const char *action)
{
  g_assert_true (g_str_has_prefix (action, "app."));
  return g_action_group_get_action_enabled (G_ACTION_GROUP (app), action + 4);
}

static void
activate (const char *action)
{
  g_assert_true (enabled (action));
  g_action_group_activate_action (G_ACTION_GROUP (app), action + 4, NULL);
}

static void
click (gpointer button)
{
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_signal_emit_by_name (button, "clicked");
}

static ProprioSessionBar *
bar (void)
{
  return PROPRIO_SESSION_BAR (window->session_bar);
}

/* PROPRIO_SCREENSHOT_SESSIONS=folder: pictures of what the therapist sees, to look at. */
static void
save_screenshot (gpointer    widget,
                 const char *name)
{
  const char *folder = g_getenv ("PROPRIO_SCREENSHOT_SESSIONS");
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  proprio_test_wait_ms (300);
  path = g_build_filename (folder, name, NULL);
  texture = proprio_test_render_widget (GTK_WIDGET (widget));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gboolean
recording (gpointer data)
{
  return proprio_session_controller_is_recording (controller ());
}

static gboolean
no_session (gpointer data)
{
  return proprio_session_controller_get_session (controller ()) == NULL &&
         proprio_session_controller_get_n_pending (controller ()) == 0;
}

/* --- a session a crash left open, made before the app starts --- */

static void
leave_a_crashed_session (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ProprioStore) store = proprio_sqlite_store_open_sync (data_dir, &error);
  g_autoptr(ProprioPatient) patient = proprio_patient_new ("C-3");
  g_autoptr(ProprioSession) session = NULL;
  g_autoptr(ProprioRecorder) recorder = NULL;
  g_autoptr(ProprioRing) ring = proprio_ring_new (1024);
  static const ProprioChannelInfo channels[] = {
    { "tl_kg", "TL", "kg" }, { "tr_kg", "TR", "kg" }, { "bl_kg", "BL", "kg" },
    { "br_kg", "BR", "kg" }, { "total_kg", "Total", "kg" }, { "cop_x_mm", "CoP x", "mm" },
    { "cop_y_mm", "CoP y", "mm" },
  };

  g_assert_no_error (error);
  g_assert_true (proprio_store_save_patient_sync (store, patient, FALSE, &error));
  session = proprio_store_begin_session_sync (store, "C-3", "sim:balance", &error);
  g_assert_no_error (error);
  crashed_id = g_strdup (session->id);
  recorder = proprio_recorder_new (session->folder);
  g_assert_true (proprio_recorder_add_stream (recorder, "balance", ring, channels, 7, &error));
  g_assert_true (proprio_recorder_start (recorder, &error));
  /* Two seconds of standing, then the program "dies": the session stays open. */
  for (guint i = 0; i < 200; i++)
    {
      ProprioSample s = { .t_us = session->start_us + i * 10000, .n_channels = 7,
                          .flags = PROPRIO_SAMPLE_HAS_COP,
                          .values = { 17, 18, 17, 18, 70, 1.5, -2.5 } };

      proprio_ring_push (ring, &s);
    }
  g_assert_true (proprio_recorder_stop (recorder, &error));
}

static gboolean
has_recovered_notice (gpointer data)
{
  g_autofree char *id = g_strconcat ("recovered-", crashed_id, NULL);

  return proprio_window_has_notice (window, id);
}

static const char *
notice_text (const char *id)
{
  GtkWidget *row = g_hash_table_lookup (window->notices, id);

  g_assert_nonnull (row);
  for (GtkWidget *w = gtk_widget_get_first_child (row); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w))
      return gtk_label_get_text (GTK_LABEL (w));
  g_assert_not_reached ();
}

static void
test_recovered_is_reported (void)
{
  g_autofree char *id = g_strconcat ("recovered-", crashed_id, NULL);
  const char *text;

  g_assert_cmpint (proprio_records_wait_open (controller ()), ==, PROPRIO_RECORDS_READY);
  g_assert_true (proprio_test_wait_until (has_recovered_notice, NULL, 10000));
  text = notice_text (id);
  g_assert_nonnull (strstr (text, "C-3"));
  g_assert_nonnull (strstr (text, "recovered"));
  /* 1.99 s were recorded: "2 s" kept. */
  g_assert_nonnull (strstr (text, "the 2 s recorded"));
}

static void
test_no_patient_stores_nothing (void)
{
  g_assert_cmpstr (proprio_session_bar_get_title (bar ()), ==, "No patient: nothing is stored");
  g_assert_false (enabled ("app.session-end"));
  g_assert_true (enabled ("app.patient-choose"));
  /* The keys are the application's, listed in the shortcuts window. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "app.session-start");

    g_assert_cmpstr (accels[0], ==, "<Control>r");
  }
}

/* --- the patient dialog --- */

typedef struct
{
  ProprioPatientDialog *dialog;
  guint                 n;
} Count;

static gboolean
has_patients (gpointer data)
{
  Count *count = data;

  return proprio_patient_dialog_get_n_patients (count->dialog) == count->n;
}

static gboolean
form_says (gpointer data)
{
  gpointer *args = data;
  GtkLabel *message = child (args[0], PROPRIO_TYPE_PATIENT_DIALOG, "form_message");

  return gtk_widget_get_visible (GTK_WIDGET (message)) &&
         strstr (gtk_label_get_text (message), args[1]) != NULL;
}

static void
save_expecting (ProprioPatientDialog *dialog,
                const char           *expected)
{
  gpointer args[] = { dialog, (gpointer) expected };

  click (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "save_button"));
  if (!proprio_test_wait_until (form_says, args, 10000))
    g_error ("the form says “%s”, not “%s”",
             gtk_label_get_text (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "form_message")),
             expected);
}

static void
search (ProprioPatientDialog *dialog,
        const char           *text)
{
  GtkEditable *entry = child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "search_entry");

  gtk_editable_set_text (entry, text);
  /* The search entry waits a moment before it says it changed. */
  g_signal_emit_by_name (entry, "search-changed");
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_create_patient (void)
{
  ProprioPatientDialog *dialog;
  GtkEditable *id_row, *name_row, *birth_row;
  Count count;
  const ProprioPatient *patient;

  activate ("app.patient-choose");
  dialog = wait_for_toplevel (PROPRIO_TYPE_PATIENT_DIALOG);
  count = (Count) { dialog, 1 };
  g_assert_true (proprio_test_wait_until (has_patients, &count, 10000));   /* C-3 */

  click (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "new_button"));
  id_row = child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "id_row");
  name_row = child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "name_row");
  birth_row = child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "birth_row");

  /* Each mistake is named, with what to write instead. */
  gtk_editable_set_text (id_row, "   ");
  save_expecting (dialog, "Give the patient an ID");
  gtk_editable_set_text (id_row, "C-3");
  save_expecting (dialog, "There is already a patient C-3");
  gtk_editable_set_text (id_row, ID);
  gtk_editable_set_text (birth_row, "1956-02-30");
  save_expecting (dialog, "is not a date: write it as YYYY-MM-DD");
  gtk_editable_set_text (birth_row, "2999-01-01");
  save_expecting (dialog, "cannot be in the future");

  gtk_editable_set_text (birth_row, "1956-03-14");
  gtk_editable_set_text (name_row, NAME);
  adw_combo_row_set_selected (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "side_row"), 2);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG,
                                                             "notes_view")),
                            "Left ankle sprain, 3 weeks", -1);
  save_screenshot (dialog, "patient-form.png");
  click (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "save_button"));
  count.n = 2;
  g_assert_true (proprio_test_wait_until (has_patients, &count, 10000));

  /* Found by a piece of the name, whatever the case, or of the ID. */
  search (dialog, "o'BRIEN");
  g_assert_cmpuint (proprio_patient_dialog_get_n_shown (dialog), ==, 1);
  search (dialog, "zzz");
  g_assert_cmpuint (proprio_patient_dialog_get_n_shown (dialog), ==, 0);
  search (dialog, "");
  g_assert_cmpuint (proprio_patient_dialog_get_n_shown (dialog), ==, 2);
  search (dialog, "P/07");
  g_assert_cmpuint (proprio_patient_dialog_get_n_shown (dialog), ==, 1);
  save_screenshot (dialog, "patients.png");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  click (child (dialog, PROPRIO_TYPE_PATIENT_DIALOG, "choose_button"));
  g_assert_true (proprio_test_wait_until (is_gone, &dialog, 5000));

  patient = proprio_session_controller_get_patient (controller ());
  g_assert_nonnull (patient);
  g_assert_cmpstr (patient->id, ==, ID);
  g_assert_cmpstr (patient->name, ==, NAME);
  g_assert_cmpstr (patient->birth_date, ==, "1956-03-14");
  g_assert_cmpstr (patient->side, ==, "right");
  g_assert_cmpstr (patient->notes, ==, "Left ankle sprain, 3 weeks");
  g_assert_nonnull (strstr (proprio_session_bar_get_title (bar ()), NAME));
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()), "No session"));
}

/* --- a session --- */

static gboolean
exercise_stored (gpointer data)
{
  return proprio_session_controller_get_n_exercises (controller ()) >= 1;
}

/* --- the snapshot bundle (Ctrl+Shift+S) --- */

static gboolean
bundle_done (gpointer data)
{
  return !proprio_window_is_saving_bundle (window);
}

static gboolean
camera_has_frame (gpointer data)
{
  ProprioCamera *camera = proprio_station_get_camera (proprio_application_get_station (app));

  return proprio_frame_paintable_get_frame (proprio_frame_paintable_for_camera (camera)) != NULL;
}

/* Saves a bundle of the open session from `view` and checks it holds the picture of that view,
 * `width` × `height` pixels, with the streams, the report and a session.json that says so. */
static void
check_bundle (const char *view,
              int         width,
              int         height)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GdkTexture) picture = NULL;
  g_autofree char *folder = proprio_snapshot_dup_folder (proprio_application_get_settings (app));
  g_autofree char *png = NULL, *json = NULL, *pdf = NULL, *csv = NULL, *base = NULL;
  g_autofree char *previous = g_strdup (proprio_window_get_last_bundle (window));
  JsonObject *root, *shown;
  const char *path;

  activate ("app.snapshot-bundle");
  g_assert_true (proprio_window_is_saving_bundle (window));
  /* A second press while one is written saves nothing more. */
  activate ("app.snapshot-bundle");
  g_assert_true (proprio_test_wait_until (bundle_done, NULL, 120000));
  path = proprio_window_get_last_bundle (window);
  g_assert_nonnull (path);
  g_assert_cmpstr (path, !=, previous);
  base = g_path_get_dirname (path);
  g_assert_cmpstr (base, ==, folder);

  png = g_build_filename (path, "view.png", NULL);
  picture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (picture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (picture), ==, height);
  if (g_getenv ("PROPRIO_SCREENSHOT_SESSIONS") != NULL)
    {
      g_autofree char *name = g_strdup_printf ("bundle-%s.png", view);
      g_autofree char *copy = g_build_filename (g_getenv ("PROPRIO_SCREENSHOT_SESSIONS"), name,
                                                NULL);

      g_assert_true (gdk_texture_save_to_png (picture, copy));
    }

  json = g_build_filename (path, "session.json", NULL);
  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  shown = json_object_get_object_member (root, "view");
  g_assert_nonnull (shown);
  g_assert_cmpstr (json_object_get_string_member (shown, "file"), ==, "view.png");
  g_assert_cmpstr (json_object_get_string_member (shown, "shows"), ==, view);
  g_assert_cmpint (json_object_get_int_member (shown, "width"), ==, width);
  g_assert_cmpint (json_object_get_int_member (shown, "height"), ==, height);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "patient"),
                                                  "id"), ==, ID);

  pdf = g_build_filename (path, "report.pdf", NULL);
  csv = g_build_filename (path, "balance.csv", NULL);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (csv, G_FILE_TEST_IS_REGULAR));
}

static void
test_session_with_exercise (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioStaticTest *test = PROPRIO_STATIC_TEST (proprio_station_get_engine (station,
                                                                              "static-test"));
  const ProprioStaticCondition eyes_open = PROPRIO_STATIC_EYES_OPEN;
  g_autoptr(ProprioRingCopy) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) exercises = NULL;
  g_autoptr(GPtrArray) metrics = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *balance = NULL;
  ProprioStore *store = proprio_session_controller_get_store (controller ());
  AdwMessageDialog *confirm;
  ProprioSession *session;

  copy = proprio_ring_copy_new (proprio_device_get_ring (proprio_station_get_device (station)));
  activate ("app.session-start");
  g_assert_true (proprio_test_wait_until (recording, NULL, 10000));
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()), "Recording"));
  /* Nothing shows the camera on the Balance page: the bar says there is no video now. */
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()),
                            "no video while the camera is off"));
  g_assert_false (enabled ("app.patient-choose"));
  balance = g_build_filename (proprio_session_controller_get_session (controller ())->folder,
                              "balance.csv", NULL);

  /* The Mirror page is shown: recording does not depend on what is on screen. */
  proprio_window_set_view (window, "mirror");
  proprio_static_test_set_conditions (test, &eyes_open, 1);
  proprio_static_test_set_duration (test, 1.0);
  proprio_static_test_set_countdown (test, 1.0);
  g_assert_true (proprio_station_select_exercise (station, "static-test", &error));
  g_assert_true (proprio_station_start (station, &error));
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (exercise_stored, NULL, 60000));
  proprio_window_set_view (window, "balance");
  proprio_test_wait_ms (1100);   /* the bar's line is redone once a second */
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()), "1 exercise"));
  save_screenshot (window, "session.png");

  /* Bundles while the session goes on: the Balance page as on screen, the Mirror page's picture
   * at the camera's own resolution. */
  {
    GtkWidget *page = adw_view_stack_get_visible_child (window->view_stack);
    int scale = gtk_widget_get_scale_factor (page);
    ProprioCamera *camera = proprio_station_get_camera (station);
    ProprioFrame *frame;

    check_bundle ("balance", gtk_widget_get_width (page) * scale,
                  gtk_widget_get_height (page) * scale);
    proprio_window_set_view (window, "mirror");
    g_assert_true (proprio_test_wait_until (camera_has_frame, NULL, 30000));
    frame = proprio_frame_paintable_get_frame (proprio_frame_paintable_for_camera (camera));
    check_bundle ("mirror", proprio_frame_get_width (frame), proprio_frame_get_height (frame));
    proprio_window_set_view (window, "balance");
  }

  /* Ending asks first; keeping on recording changes nothing. */
  activate ("app.session-end");
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (confirm, "cancel");
  proprio_test_wait_ms (100);
  g_assert_true (proprio_session_controller_is_recording (controller ()));
  activate ("app.session-end");
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), ID));
  adw_message_dialog_response (confirm, "end");
  g_assert_true (proprio_test_wait_until (no_session, NULL, 30000));
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()), "No session"));

  /* What the records hold now. */
  sessions = proprio_store_list_sessions_sync (store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  session = sessions->pdata[0];
  g_assert_cmpint (session->state, ==, PROPRIO_SESSION_COMPLETE);
  g_assert_cmpuint (session->n_exercises, ==, 1);
  g_assert_cmpstr (session->device_spec, ==, "sim:balance");
  exercises = proprio_store_list_exercises_sync (store, session->id, &error);
  g_assert_cmpuint (exercises->len, ==, 1);
  g_assert_cmpstr (((ProprioStoredExercise *) exercises->pdata[0])->exercise_id, ==,
                   "static-test");
  g_assert_nonnull (strstr (((ProprioStoredExercise *) exercises->pdata[0])->result_json,
                            "path-length-mm"));
  metrics = proprio_store_list_metrics_sync (store, session->id, &error);
  g_assert_cmpuint (metrics->len, >, 0);
  events = proprio_store_list_events_sync (store, session->id, &error);
  g_assert_true (proprio_records_has_event (events, "exercise-start"));
  g_assert_true (proprio_records_has_event (events, "prompt"));
  g_assert_true (proprio_records_has_event (events, "start"));
  g_assert_true (proprio_records_has_event (events, "exercise-end"));
  /* Samples exactly as the device's ring had them. */
  g_assert_cmpuint (proprio_records_assert_file_matches (balance, proprio_ring_copy_get (copy),
                                                         PROPRIO_BALANCE_N_CHANNELS), >=, 100);
}

/* --- a write error --- */

static gboolean
has_recording_notice (gpointer data)
{
  return proprio_window_has_notice (window, "recording");
}

static void
ended_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  ProprioSession **session = user_data;
  g_autoptr(GError) error = NULL;

  *session = proprio_session_controller_end_session_finish (PROPRIO_SESSION_CONTROLLER (source),
                                                            result, &error);
  g_assert_no_error (error);
}

static gboolean
progress_loaded (gpointer data)
{
  return g_strcmp0 (proprio_progress_window_get_state (data), "loading") != 0;
}

/* The menu's Progress opens the chosen patient's trends: the static test stored above is one
 * point of its sway charts. */
static void
test_progress_from_the_menu (void)
{
  ProprioProgressWindow *progress;

  activate ("app.patient-progress");
  progress = PROPRIO_PROGRESS_WINDOW (wait_for_toplevel (PROPRIO_TYPE_PROGRESS_WINDOW));
  g_assert_true (proprio_test_wait_until (progress_loaded, progress, 30000));
  g_assert_cmpstr (proprio_progress_window_get_state (progress), ==, "charts");
  g_assert_cmpuint (proprio_progress_window_get_n_charts (progress), >=, 1);
  gtk_window_destroy (GTK_WINDOW (progress));
}

static void
test_removed_folder_is_a_notice (void)
{
  g_autofree char *folder = NULL;
  g_autofree char *balance = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(ProprioSession) ended = NULL;
  const char *name;
  gint64 deadline;

  activate ("app.session-start");
  g_assert_true (proprio_test_wait_until (recording, NULL, 10000));
  folder = g_strdup (proprio_session_controller_get_session (controller ())->folder);
  balance = g_build_filename (folder, "balance.csv", NULL);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (proprio_records_rows (balance) < 50 && g_get_monotonic_time () < deadline)
    proprio_test_wait_ms (50);

  /* Someone removes the session's folder (a clean-up script, a USB disk pulled out). */
  dir = g_dir_open (folder, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (folder), ==, 0);

  g_assert_true (proprio_test_wait_until (has_recording_notice, NULL, 10000));
  g_assert_nonnull (strstr (notice_text ("recording"), "Recording stopped"));
  g_assert_false (proprio_session_controller_is_recording (controller ()));
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (bar ()), "Recording stopped"));

  /* Ended as usual: saved, with what was written before the folder went. */
  proprio_session_controller_end_session_async (controller (), NULL, ended_cb, &ended);
  g_assert_true (proprio_test_wait_until (no_session, NULL, 30000));
  g_assert_nonnull (ended);
  g_assert_cmpint (ended->state, ==, PROPRIO_SESSION_COMPLETE);
  proprio_window_remove_notice (window, "recording");
}

/* --- the list and exports --- */

typedef struct
{
  ProprioSessionsDialog *dialog;
  guint                  n;
} Listed;

static gboolean
has_sessions (gpointer data)
{
  Listed *listed = data;

  return proprio_sessions_dialog_get_n_sessions (listed->dialog) == listed->n;
}

static gboolean
export_done (gpointer data)
{
  return !proprio_sessions_dialog_is_exporting (data) &&
         proprio_sessions_dialog_get_status (data) != NULL;
}

static gboolean
status_starts (ProprioSessionsDialog *dialog,
               const char            *text)
{
  return g_str_has_prefix (proprio_sessions_dialog_get_status (dialog), text);
}

static const char *
first_row_subtitle (ProprioSessionsDialog *dialog)
{
  GtkWidget *list = child (dialog, PROPRIO_TYPE_SESSIONS_DIALOG, "list_box");
  GtkWidget *row = gtk_widget_get_first_child (list);

  g_assert_true (ADW_IS_ACTION_ROW (row));
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
review_loaded (gpointer data)
{
  return g_strcmp0 (proprio_review_window_get_state (data), "loading") != 0;
}

/* The session recorded above, reviewed from the list (Review Session… in the menu): its Review
 * button opens the replay, whose CoP view shows the recorded samples at their instant and whose
 * static test, recomputed from the recording, agrees with what was stored; the station and its
 * window go on as they were. */
static void
test_review_from_the_list (void)
{
  ProprioStation *station = proprio_application_get_station (app);
  ProprioDevice *device = proprio_station_get_device (station);
  const char *view = proprio_window_get_view (window);
  ProprioSessionsDialog *dialog;
  ProprioReviewWindow *review;
  ProprioReviewExercise *exercise;
  GtkWidget *button;
  Listed listed;
  gint64 t, shown_t = 0;

  g_assert_true (enabled ("app.session-review"));
  activate ("app.session-review");
  dialog = wait_for_toplevel (PROPRIO_TYPE_SESSIONS_DIALOG);
  listed = (Listed) { dialog, 1 };
  g_assert_true (proprio_test_wait_until (has_sessions, &listed, 10000));
  button = find_button (GTK_WIDGET (dialog), "_Review");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  review = wait_for_toplevel (PROPRIO_TYPE_REVIEW_WINDOW);
  g_assert_true (proprio_test_wait_until (review_loaded, review, 30000));
  g_assert_cmpstr (proprio_review_window_get_state (review), ==, "review");
  g_assert_null (proprio_review_window_get_message (review));

  g_assert_cmpuint (proprio_review_window_get_review (review)->exercises->len, ==, 1);
  exercise = proprio_review_window_get_review (review)->exercises->pdata[0];
  g_assert_cmpstr (exercise->stored->exercise_id, ==, "static-test");
  g_assert_cmpint (exercise->check, ==, PROPRIO_REVIEW_AGREES);
  g_assert_cmpuint (exercise->figures->len, ==, 4);

  t = exercise->stored->start_us + G_USEC_PER_SEC / 2;
  proprio_review_window_seek (review, t);
  g_assert_true (proprio_cop_view_get_shown_cop (
                   PROPRIO_COP_VIEW (proprio_review_window_get_cop_view (review)), &shown_t,
                   NULL, NULL));
  g_assert_cmpint (shown_t, <=, t);
  g_assert_cmpint (t - shown_t, <, G_USEC_PER_SEC / 10);

  /* Nothing of the live station moved. */
  g_assert_true (proprio_station_get_device (station) == device);
  g_assert_cmpstr (proprio_window_get_view (window), ==, view);
  gtk_window_destroy (GTK_WINDOW (review));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_sessions_listed_and_exported (void)
{
  ProprioSessionsDialog *dialog;
  AdwMessageDialog *replace;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *csv = g_build_filename (tmp, "csv-out", NULL);
  g_autofree char *csv_balance = g_build_filename (csv, "balance.csv", NULL);
  g_autofree char *edf = g_build_filename (tmp, "anonymous.edf", NULL);
  g_autofree char *cancelled = g_build_filename (tmp, "cancelled.edf", NULL);
  g_autofree char *name = NULL;
  const char *session_id;
  Listed listed;
  GStatBuf st;

  activate ("app.session-list");
  dialog = wait_for_toplevel (PROPRIO_TYPE_SESSIONS_DIALOG);
  listed = (Listed) { dialog, 2 };
  g_assert_true (proprio_test_wait_until (has_sessions, &listed, 10000));
  /* Newest first: the one whose folder went, then the one with the exercise. */
  g_assert_nonnull (strstr (first_row_subtitle (dialog), "0 exercises"));
  save_screenshot (dialog, "sessions.png");

  sessions = proprio_store_list_sessions_sync (proprio_session_controller_get_store (controller ()),
                                               ID, NULL);
  session_id = ((ProprioSession *) sessions->pdata[0])->id;
  name = proprio_sessions_export_name (sessions->pdata[0], 1, FALSE);
  g_assert_null (strchr (name, '/'));
  g_assert_true (g_str_has_prefix (name, "P_07 <&> \xf0\x9f\x98\x80-"));

  proprio_sessions_dialog_export (dialog, session_id, PROPRIO_EXPORT_CSV, csv,
                                  PROPRIO_EXPORT_FLAGS_NONE);
  g_assert_true (proprio_test_wait_until (export_done, dialog, 30000));
  g_assert_true (status_starts (dialog, "Exported to"));
  g_assert_true (g_file_test (csv_balance, G_FILE_TEST_IS_REGULAR));

  /* Again to the same folder: asked, and kept when the answer is no. */
  g_assert_cmpint (g_stat (csv_balance, &st), ==, 0);
  proprio_sessions_dialog_export (dialog, session_id, PROPRIO_EXPORT_CSV, csv,
                                  PROPRIO_EXPORT_FLAGS_NONE);
  replace = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (replace, "cancel");
  g_assert_true (proprio_test_wait_until (export_done, dialog, 30000));
  g_assert_true (status_starts (dialog, "Not exported: the existing file was kept"));
  g_assert_true (g_file_test (csv_balance, G_FILE_TEST_IS_REGULAR));
  proprio_sessions_dialog_export (dialog, session_id, PROPRIO_EXPORT_CSV, csv,
                                  PROPRIO_EXPORT_FLAGS_NONE);
  replace = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (replace, "replace");
  g_assert_true (proprio_test_wait_until (export_done, dialog, 30000));
  g_assert_true (status_starts (dialog, "Exported to"));

  /* EDF+, anonymised: the file carries no name. */
  gtk_switch_set_active (child (dialog, PROPRIO_TYPE_SESSIONS_DIALOG, "anonymise_switch"), TRUE);
  proprio_sessions_dialog_export (dialog, session_id, PROPRIO_EXPORT_EDF, edf,
                                  PROPRIO_EXPORT_FLAGS_NONE);
  g_assert_true (proprio_test_wait_until (export_done, dialog, 30000));
  g_assert_true (status_starts (dialog, "Exported to"));
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (edf, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 512);
    g_assert_null (g_strstr_len (contents, 256, "Brien"));
  }

  /* Cancelled: nothing is left behind. */
  proprio_sessions_dialog_export (dialog, session_id, PROPRIO_EXPORT_EDF, cancelled,
                                  PROPRIO_EXPORT_FLAGS_NONE);
  proprio_sessions_dialog_cancel_export (dialog);
  g_assert_true (proprio_test_wait_until (export_done, dialog, 30000));
  if (status_starts (dialog, "Export cancelled"))
    g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
  else
    g_assert_true (status_starts (dialog, "Exported to"));   /* it was done before the cancel */
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The crashed session is listed with its data, marked recovered. */
  {
    g_autoptr(ProprioPatient) crashed = proprio_patient_new ("C-3");
    ProprioSessionsDialog *other = proprio_sessions_dialog_new (controller (), crashed,
                                                                GTK_WINDOW (window));

    gtk_window_present (GTK_WINDOW (other));
    listed = (Listed) { other, 1 };
    g_assert_true (proprio_test_wait_until (has_sessions, &listed, 10000));
    g_assert_nonnull (strstr (first_row_subtitle (other), "recovered"));
    g_assert_nonnull (strstr (first_row_subtitle (other), "2 s"));
    gtk_window_destroy (GTK_WINDOW (other));
  }
}

/* --- a second Proprio --- */

static gboolean
log_says_in_use (gpointer data)
{
  g_autofree char *log = NULL;

  return g_file_get_contents (data, &log, NULL, NULL) &&
         strstr (log, "already in use by another Proprio") != NULL;
}

static void
test_second_instance_is_told (void)
{
  g_autoptr(ProprioStation) station = proprio_station_new ();
  g_autoptr(ProprioSessionController) second = proprio_session_controller_new (station, data_dir);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = g_build_filename (tmp, "second.log", NULL);
  g_autofree char *proprio = g_build_filename (g_getenv ("PROPRIO_BUILD_ROOT"), "src", "proprio",
                                               NULL);
  GtkWidget *other_window, *other_bar;

  /* In this process, as a second app instance would: its bar says why nothing is stored. */
  other_bar = proprio_session_bar_new (second);
  other_window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (other_window), other_bar);
  gtk_window_present (GTK_WINDOW (other_window));
  proprio_session_controller_open (second);
  g_assert_cmpint (proprio_records_wait_open (second), ==, PROPRIO_RECORDS_UNAVAILABLE);
  g_assert_cmpstr (proprio_session_bar_get_title (PROPRIO_SESSION_BAR (other_bar)), ==,
                   "Records unavailable: nothing is stored");
  g_assert_nonnull (strstr (proprio_session_bar_get_detail (PROPRIO_SESSION_BAR (other_bar)),
                            "already in use by another Proprio"));
  gtk_window_destroy (GTK_WINDOW (other_window));

  /* The real program, started without a session bus (so not handed to this one). */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  g_subprocess_launcher_setenv (launcher, "PROPRIO_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent",
                                TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  proc = g_subprocess_launcher_spawn (launcher, &error, proprio, "--camera=none", NULL);
  g_assert_no_error (error);
  g_assert_true (proprio_test_wait_until (log_says_in_use, log, 60000));
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);

  /* The first goes on as before. */
  activate ("app.session-start");
  g_assert_true (proprio_test_wait_until (recording, NULL, 10000));
  proprio_session_controller_end_session_async (controller (), NULL, NULL, NULL);
  g_assert_true (proprio_test_wait_until (no_session, NULL, 30000));
}

int
main (int    argc,
      char **argv)
{
  int status;

  if (!proprio_test_gui_init (&argc, &argv))
    return 0;

  tmp = proprio_test_make_tmp_dir ();
  data_dir = g_build_filename (tmp, "records", NULL);
  leave_a_crashed_session ();
  app = proprio_test_app_new_in (data_dir);
  /* Pictures and bundles never go to the user's own folders. */
  {
    g_autofree char *pictures = g_build_filename (tmp, "pictures", NULL);

    g_settings_set_string (proprio_application_get_settings (app), "snapshot-folder", pictures);
  }
  window = proprio_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/sessions-gui/recovered-reported", test_recovered_is_reported);
  g_test_add_func ("/sessions-gui/no-patient", test_no_patient_stores_nothing);
  g_test_add_func ("/sessions-gui/create-patient", test_create_patient);
  g_test_add_func ("/sessions-gui/session-with-exercise", test_session_with_exercise);
  g_test_add_func ("/sessions-gui/progress-from-the-menu", test_progress_from_the_menu);
  g_test_add_func ("/sessions-gui/review-from-the-list", test_review_from_the_list);
  g_test_add_func ("/sessions-gui/removed-folder", test_removed_folder_is_a_notice);
  g_test_add_func ("/sessions-gui/list-and-export", test_sessions_listed_and_exported);
  g_test_add_func ("/sessions-gui/second-instance", test_second_instance_is_told);
  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_application_quit (G_APPLICATION (app));
  return status;
}
