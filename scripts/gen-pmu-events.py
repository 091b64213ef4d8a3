#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""usage: gen-pmu-events.py KTREE OUT.h
       gen-pmu-events.py --list KTREE

Write OUT.h, the per-core Arm PMU event table lazymmu-bench is built with,
from the kernel tree KTREE (the tree the build already uses: KDIR, else
Debian's linux-source): tools/perf/pmu-events/arch/arm64/mapfile.csv maps
each MIDR_EL1 to a folder of JSON event files; an entry
{"ArchStdEvent": "DSB_SPEC"} takes its number from the architecture lists
(common-and-microarch.json, recommended.json and, in newer trees,
sbsa.json).  The table holds, per MIDR, the folder and every event number
the folder lists for the core PMU.  An empty KTREE, or a tree without
pmu-events for arm64, gives an empty table that says why: every core then
falls back to the sysfs listing rule (benchmarks/counters.h).

--list KTREE prints one line per core the tree knows (MIDR, folder,
number of events) instead, for `make pmu-events-list` and the docs.

Exit status: 0, 1 when a file of the tree cannot be read or parsed,
2 for bad usage.
"""
import glob
import json
import os
import re
import sys

# The hosts the suite is written for; the build says which of them the
# tree knows (a MIDR list to report on, not event knowledge).
TARGET_CORES = (
    (0x410fd0c0, "Neoverse N1 (Graviton2, Altra)"),
    (0x410fd400, "Neoverse V1 (Graviton3)"),
    (0x410fd4f0, "Neoverse V2 (Graviton4)"),
    (0xc00fac30, "AmpereOne"),
    (0xc00fac40, "AmpereOneX"),
)

ARCH_LISTS = ("common-and-microarch.json", "recommended.json", "sbsa.json")


def fail(msg, code=1):
    sys.stderr.write("gen-pmu-events: error: %s\n" % msg)
    sys.exit(code)


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot read %s: %s; is the kernel tree complete?" % (path, e))
    if not isinstance(data, list):
        fail("%s is not a JSON list of events; a pmu-events format this "
             "generator does not know" % path)
    return data


def event_code(entry, path):
    code = entry.get("EventCode")
    if code is None:
        return None
    try:
        return int(code, 0) if isinstance(code, str) else int(code)
    except ValueError:
        fail("%s: event %s has EventCode %r, not a number"
             % (path, entry.get("EventName", "?"), code))
    return None


def arch_events(base):
    """EventName -> code from the architecture-wide lists."""
    names = {}
    for name in ARCH_LISTS:
        path = os.path.join(base, name)
        if not os.path.exists(path):
            continue
        for e in load_json(path):
            code = event_code(e, path)
            if code is not None and "EventName" in e:
                names[e["EventName"].upper()] = code
    return names


def core_events(base, folder, arch):
    """{code: NAME} of the core-PMU events of one mapfile folder."""
    events = {}
    files = sorted(glob.glob(os.path.join(base, folder, "*.json")))
    if not files:
        fail("mapfile.csv names %s, but %s has no JSON files"
             % (folder, os.path.join(base, folder)))
    for path in files:
        if os.path.basename(path) == "metrics.json":
            continue
        for e in load_json(path):
            if e.get("Unit") or "MetricExpr" in e or "ConfigCode" in e:
                continue    # uncore, metric or SPE: not the core PMU
            std = e.get("ArchStdEvent")
            if std:
                code = arch.get(std.upper())
                name = std.upper()
                if code is None:
                    # a name the tree's own lists lack: perf ignores it too
                    continue
            else:
                code = event_code(e, path)
                name = str(e.get("EventName", "")).upper()
                if code is None or not name:
                    continue
            events.setdefault(code, name)
    return events


def read_mapfile(base):
    path = os.path.join(base, "mapfile.csv")
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        fail("cannot read %s: %s" % (path, e))
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#") or line.lower().startswith("family"):
            continue
        cols = line.split(",")
        if len(cols) < 4:
            fail("%s:%d: expected MIDR,version,folder,type; got %r"
                 % (path, n, line))
        if cols[3].strip() != "core":
            continue
        try:
            midr = int(cols[0], 16)
        except ValueError:
            fail("%s:%d: MIDR %r is not hex" % (path, n, cols[0]))
        rows.append((midr, cols[2].strip()))
    return rows


def tree_version(ktree):
    try:
        with open(os.path.join(ktree, "Makefile"), encoding="utf-8") as f:
            head = f.read(2000)
    except OSError:
        return "unknown version"
    v = {}
    for key in ("VERSION", "PATCHLEVEL", "SUBLEVEL"):
        m = re.search(r"^%s\s*=\s*(\d*)" % key, head, re.M)
        v[key] = m.group(1) if m and m.group(1) else "0"
    return "%s.%s.%s" % (v["VERSION"], v["PATCHLEVEL"], v["SUBLEVEL"])


def c_string(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def collect(ktree):
    """(source description, why-empty or None, [(midr, folder, {code: name})])."""
    if not ktree:
        return ("none", "the build has no kernel tree (KDIR unset and no "
                "Debian linux-source)", [])
    base = os.path.join(ktree, "tools/perf/pmu-events/arch/arm64")
    source = "%s (Linux %s) tools/perf/pmu-events/arch/arm64" % (
        os.path.basename(os.path.normpath(ktree)), tree_version(ktree))
    if not os.path.isfile(os.path.join(base, "mapfile.csv")):
        return (source, "%s has no mapfile.csv" % base, [])
    arch = arch_events(base)
    cores = []
    cache = {}
    for midr, folder in read_mapfile(base):
        if folder not in cache:
            cache[folder] = core_events(base, folder, arch)
        cores.append((midr, folder, cache[folder]))
    return (source, None, cores)


def write_header(out, source, why, cores):
    lines = [
        "/* Generated by scripts/gen-pmu-events.py: do not edit, do not commit. */",
        "#define PMU_EVENTS_SOURCE %s" % c_string(source),
        "#define PMU_EVENTS_EMPTY_WHY %s" % (c_string(why) if why else "NULL"),
        "",
    ]
    folders = []
    for _, folder, events in cores:
        if folder in folders:
            continue
        folders.append(folder)
        ident = "ev_" + re.sub(r"[^A-Za-z0-9]", "_", folder)
        lines.append("static const struct pmu_known_event %s[] = {" % ident)
        for code in sorted(events):
            lines.append("\t{ 0x%x, %s }," % (code, c_string(events[code])))
        if not events:
            lines.append("\t{ 0, NULL }    /* none: C has no empty arrays */")
        lines.append("};")
    lines.append("")
    lines.append("static const struct pmu_known_core pmu_known_cores[] = {")
    for midr, folder, events in cores:
        ident = "ev_" + re.sub(r"[^A-Za-z0-9]", "_", folder)
        lines.append("\t{ 0x%08xULL, %s, %s, %d }," %
                     (midr, c_string(folder), ident, len(events)))
    lines.append("\t{ 0, NULL, NULL, 0 }")
    lines.append("};")
    tmp = out + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.replace(tmp, out)
    except OSError as e:
        fail("cannot write %s: %s" % (out, e))


def say_targets(source, why, cores):
    """One line on stderr: which of the suite's target cores the tree knows."""
    known = {midr for midr, _, _ in cores}
    yes = ["%s 0x%08x" % (n, m) for m, n in TARGET_CORES if m in known]
    no = ["%s 0x%08x" % (n, m) for m, n in TARGET_CORES if m not in known]
    msg = "pmu-events: %d cores from %s" % (len(cores), source)
    if why:
        msg += " (empty: %s)" % why
    msg += "; knows %s" % (", ".join(yes) if yes else "none of the target cores")
    if no:
        msg += "; does NOT know %s: their events fall back to the sysfs " \
               "listing rule (build with KDIR=<a Linux 6.10+ tree> to know " \
               "them)" % ", ".join(no)
    sys.stderr.write(msg + "\n")


def main(argv):
    if len(argv) >= 2 and argv[1] in ("-h", "--help"):
        sys.stdout.write(__doc__)
        return 0
    if len(argv) == 3 and argv[1] == "--list":
        source, why, cores = collect(argv[2])
        print("source: %s" % source)
        if why:
            print("no cores: %s" % why)
        for midr, folder, events in cores:
            print("0x%08x %-28s %d events" % (midr, folder, len(events)))
        return 0
    if len(argv) != 3 or argv[1].startswith("-"):
        sys.stderr.write(__doc__)
        return 2
    source, why, cores = collect(argv[1])
    write_header(argv[2], source, why, cores)
    say_targets(source, why, cores)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
