#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The layer rule of the house, checked on the build and on the sources (TAP).

core/ (and exercises/) know nothing of GTK or GStreamer, devices/ nothing of GTK or GStreamer,
video/ (the media layer) nothing of GTK, station/ nothing of GTK, store/ and report/ nothing of
GTK or GStreamer; proprio-cli links no GTK or
GStreamer. The build enforces most of it (a layer is compiled without the flags of the layers
above, so an upward include does not compile); this test also catches what the compiler would
let through: an include path that leaked into a layer's flags, or an upward include of a header
that happens to compile.

usage: test-layers.py SOURCE_ROOT BUILD_ROOT
"""

import json
import os
import re
import shlex
import sys

SOURCE_ROOT, BUILD_ROOT = sys.argv[1], sys.argv[2]

# Include paths that carry each toolkit. GDK's headers live in gtk-4.0; gdk-pixbuf is not GDK.
GTK = [r"/gtk-4\.0\b", r"/libadwaita-1\b"]
GST = [r"/gstreamer-1\.0\b"]

# Static library (or executable) → the toolkits its objects must not be compiled with.
FORBIDDEN_FLAGS = {
    "proprio-core": GTK + GST,
    "proprio-exercises": GTK + GST,
    "proprio-devices": GTK + GST,
    "proprio-media": GTK,
    "proprio-station": GTK,
    "proprio-store": GTK + GST,
    "proprio-report": GTK + GST,
    "proprio-cli": GTK + GST,
}
# Layers that must have objects: an empty match would make the check vacuous. (The station
# library exists only once it has sources.)
REQUIRED = ["proprio-core", "proprio-exercises", "proprio-devices", "proprio-media", "proprio-store",
            "proprio-report", "proprio-cli"]

# Source folder → the folders below src/ its files may include from.
ALLOWED_INCLUDES = {
    "core": {"core"},
    "exercises": {"core", "exercises"},
    "devices": {"core", "devices"},
    "video": {"core", "video"},
    "station": {"core", "devices", "video", "exercises", "station"},
    "store": {"core", "exercises", "store"},
    # Trends, plots (plain Cairo), the PDF report and the bundle: over the store, under the UI,
    # so the views draw with the report's plot code and proprio-cli writes the app's report.
    "report": {"core", "exercises", "store", "report"},
    "widgets": {"core", "devices", "video", "exercises", "station", "store", "report", "widgets"},
    "app": {"core", "devices", "video", "exercises", "station", "store", "report", "widgets",
            "app"},
    "cli": {"core", "devices", "exercises", "store", "report", "cli"},
}
LAYER_FOLDERS = set(ALLOWED_INCLUDES)
GTK_INCLUDE = re.compile(r'#\s*include\s*<(gtk/|gdk/|adwaita\.h|gsk/)')
GST_INCLUDE = re.compile(r'#\s*include\s*<gst/')
QUOTED_INCLUDE = re.compile(r'#\s*include\s*"([^"]+)"')
# System headers no layer below the UI may use, by folder.
FORBIDDEN_SYSTEM = {
    "core": [GTK_INCLUDE, GST_INCLUDE],
    "exercises": [GTK_INCLUDE, GST_INCLUDE],
    "devices": [GTK_INCLUDE, GST_INCLUDE],
    "video": [GTK_INCLUDE],
    "station": [GTK_INCLUDE],
    "store": [GTK_INCLUDE, GST_INCLUDE],
    "report": [GTK_INCLUDE, GST_INCLUDE],
    "cli": [GTK_INCLUDE, GST_INCLUDE],
}

results = []


def check(ok, name, problems=()):
    results.append((ok, name, list(problems)))


def target_of(entry):
    """The library or executable an object belongs to, from its meson object folder."""
    output = entry.get("output")
    if output is None:
        args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
        output = args[args.index("-o") + 1] if "-o" in args else ""
    match = re.search(r"(?:^|/)(?:lib)?([^/]+?)(?:\.a)?\.p/", output)
    return match.group(1) if match else None


def include_paths(entry):
    args = shlex.split(entry["command"]) if "command" in entry else entry["arguments"]
    paths = []
    it = iter(args)
    for arg in it:
        for flag in ("-I", "-isystem", "-idirafter"):
            if arg == flag:
                paths.append(next(it, ""))
            elif arg.startswith(flag) and len(arg) > len(flag):
                paths.append(arg[len(flag):])
    return paths


def check_compile_commands():
    path = os.path.join(BUILD_ROOT, "compile_commands.json")
    with open(path, encoding="utf-8") as f:
        entries = json.load(f)
    seen = {name: 0 for name in FORBIDDEN_FLAGS}
    problems = {name: [] for name in FORBIDDEN_FLAGS}
    for entry in entries:
        target = target_of(entry)
        if target not in FORBIDDEN_FLAGS:
            continue
        seen[target] += 1
        for inc in include_paths(entry):
            for pattern in FORBIDDEN_FLAGS[target]:
                if re.search(pattern, inc):
                    problems[target].append(f"{entry['file']} is compiled with -I{inc}")
    for name in FORBIDDEN_FLAGS:
        if name in REQUIRED and seen[name] == 0:
            check(False, f"{name}: objects found in compile_commands.json",
                  [f"no object of {name}: was the library renamed?"])
            continue
        if seen[name] == 0:
            continue
        what = "GTK or GStreamer" if FORBIDDEN_FLAGS[name] == GTK + GST else "GTK"
        check(not problems[name], f"{name}: {seen[name]} objects compiled without {what} flags",
              sorted(set(problems[name]))[:20])


def check_cli_link():
    """proprio-cli's link line names no GTK or GStreamer library."""
    with open(os.path.join(BUILD_ROOT, "build.ninja"), encoding="utf-8") as f:
        text = f.read()
    match = re.search(r"^build src/proprio-cli: [^\n]*\n((?: [^\n]*\n)*)", text, re.M)
    if match is None:
        check(False, "proprio-cli: link rule found in build.ninja", ["no 'build src/proprio-cli:'"])
        return
    link = match.group(0)
    # Meson names system libraries by path (…/libgtk-4.so) or as -lgtk-4: match either.
    bad = [lib for lib in ("gtk-4", "adwaita-1", "gstreamer-1.0", "gstvideo-1.0", "gstapp-1.0",
                           "libproprio-ui.a", "libproprio-media.a")
           if re.search(r"(?:lib|-l)" + re.escape(lib.removeprefix("lib")), link)]
    check(not bad, "proprio-cli: links no GTK, GStreamer, media or UI library",
          [f"proprio-cli links {lib}" for lib in bad])


def check_sources():
    problems = []
    n_files = 0
    src = os.path.join(SOURCE_ROOT, "src")
    for folder in sorted(os.listdir(src)):
        root = os.path.join(src, folder)
        if not os.path.isdir(root) or folder not in LAYER_FOLDERS:
            continue
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith((".c", ".h")):
                    continue
                n_files += 1
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, SOURCE_ROOT)
                with open(path, encoding="utf-8", errors="replace") as f:
                    lines = f.read().splitlines()
                for lineno, line in enumerate(lines, 1):
                    for pattern in FORBIDDEN_SYSTEM.get(folder, []):
                        if pattern.search(line):
                            problems.append(f"{rel}:{lineno}: {line.strip()} (not in {folder}/)")
                    quoted = QUOTED_INCLUDE.search(line)
                    if quoted is None:
                        continue
                    header = quoted.group(1)
                    if ".." in header.split("/"):
                        problems.append(f"{rel}:{lineno}: {line.strip()} (include by layer "
                                        "folder, not ../)")
                        continue
                    top = header.split("/")[0] if "/" in header else None
                    if top in LAYER_FOLDERS and top not in ALLOWED_INCLUDES[folder]:
                        problems.append(f"{rel}:{lineno}: {line.strip()} ({folder}/ may include "
                                        + ", ".join(sorted(ALLOWED_INCLUDES[folder])) + ")")
    check(n_files > 0 and not problems,
          f"sources: no upward includes in {n_files} files of src/", problems)


def main():
    for step in (check_compile_commands, check_cli_link, check_sources):
        try:
            step()
        except (OSError, ValueError, KeyError) as error:
            check(False, step.__name__, [str(error)])
    print(f"1..{len(results)}")
    for i, (ok, name, problems) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
        for problem in problems:
            print(f"# {problem}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
