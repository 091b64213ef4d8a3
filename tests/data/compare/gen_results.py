#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a synthetic lazymmu-bench result file (schema 1) with known
distributions, for the compare tests.  Deterministic for a given --seed.

Every group's ns_per_page is  base * shift * (1 + noise * N(0,1))  (or a
log-normal with --dist lognormal); counters per page are fixed rates with
1% noise times --event-shift.  Warm-up rows are 10x slower, so a compare
that used them would be visibly wrong."""
import argparse
import random
import sys

GROUPS = {  # workload, page_mode -> base ns per page
    ("munmap", "4k"): 20.0,
    ("munmap", "thp"): 2.0,
    ("mprotect", "4k"): 15.0,
    ("mprotect", "thp"): 1.5,
}

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--n", type=int, default=30, help="samples per group")
ap.add_argument("--warmup", type=int, default=2)
ap.add_argument("--shift", type=float, default=1.0, help="factor on ns_per_page")
ap.add_argument("--event-shift", type=float, default=1.0, help="factor on ev_page_faults")
ap.add_argument("--noise", type=float, default=0.01, help="relative sd")
ap.add_argument("--drift", type=float, default=0.0,
                help="ns_per_page grows by this fraction from first to last sample")
ap.add_argument("--dist", choices=["normal", "lognormal"], default="normal")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--label", default="base")
ap.add_argument("--kernel", default="6.18.0-lazymmu")
ap.add_argument("--cpu-model", default="ARM Neoverse-N1")
ap.add_argument("--workloads", default="munmap,mprotect")
ap.add_argument("--no-context-switches", action="store_true",
                help="leave ev_context_switches empty (unavailable)")
ap.add_argument("--zero-context-switches", action="store_true",
                help="ev_context_switches 0 in every row")
ap.add_argument("--zero-ns", action="store_true",
                help="ns and ns_per_page 0 in every sample row")
ap.add_argument("--thp-fraction", type=float, default=1.0,
                help="thp rows: thp_kb is this fraction of the region "
                     "(0 = the kernel fell back to base pages)")
ap.add_argument("--thp-unknown", action="store_true",
                help="leave thp_kb empty in every row (unknown)")
ap.add_argument("--split", metavar="NAME",
                help="munmap rows get split_name NAME at 40%% of the window")
ap.add_argument("--no-end", action="store_true", help="no '# end:' line")
ap.add_argument("--truncate", action="store_true",
                help="cut the last row in the middle (killed run)")
ap.add_argument("--schema", type=int, default=1)
ap.add_argument("--boot-id", help="write the level columns (boot_id, boot_time, "
                "run_start, layout_seed, offcpu) with this boot_id")
ap.add_argument("--boot-time", default="2026-12-07T00:00:00Z")
ap.add_argument("--run-start", default="2026-12-07T00:01:00.000000Z")
ap.add_argument("--layout-seed", default="")
ap.add_argument("--run-id", help="run_id (default host-LABEL-SEED)")
ap.add_argument("--offcpu-every", type=int, default=0,
                help="every Nth sample row has offcpu=1")
a = ap.parse_args()

rnd = random.Random(a.seed)
size = 64 << 20
pages = size // 4096
out = []
w = out.append
w("# lazymmu-bench results, schema %d\n" % a.schema)
meta = [("suite_version", "0.1.0 (abcdef123456)"), ("schema", str(a.schema)),
        ("run_id", "host-%s-%d" % (a.label, a.seed)), ("label", a.label),
        ("host", "testhost"), ("utc_time", "2026-11-26T00:00:00Z"),
        ("kernel_release", a.kernel), ("arch", "aarch64"),
        ("cmdline", "console=ttyAMA0 root=/dev/vda"), ("debug_pagealloc", "off"),
        ("cpu_model", a.cpu_model), ("base_page_size", "4096"),
        ("thp_enabled", "madvise"), ("profile", "quick")]
for k, v in meta:
    w("# %s: %s\n" % (k, v))
w("# event: ev_page_faults type=software config=2 status=ok\n")
w("# event: ev_context_switches type=software config=3 status=%s\n" %
  ("unavailable reason=test says so" if a.no_context_switches else "ok"))
w("# event: ev_cycles_k type=hardware config=0 :k status=unavailable reason=no hardware PMU in this VM\n")
cols = ("schema,suite_version,run_id,host,label,kernel,arch,cpu_model,"
        "debug_pagealloc,workload,page_mode,size_bytes,pages,thp_kb,threads,"
        "worker,cpu,phase,sample,ns,ns_per_page,split_name,split_ns,"
        "rusage_sys_ns,rusage_user_ns,ev_page_faults,ev_page_faults_run,"
        "ev_context_switches,ev_context_switches_run,ev_cycles_k,ev_cycles_k_run")
if a.boot_id:
    cols += ",boot_id,boot_time,run_start,layout_seed,offcpu,build_id"
w(cols + "\n")
run_id = a.run_id or "host-%s-%d" % (a.label, a.seed)
prefix = '%d,"0.1.0 (abcdef123456)",%s,testhost,%s,%s,aarch64,"%s",off' % (
    a.schema, run_id, a.label, a.kernel, a.cpu_model)
rows = 0


def draw(base):
    if a.dist == "lognormal":
        return base * a.shift * rnd.lognormvariate(0, a.noise)
    return max(base * a.shift * (1 + a.noise * rnd.gauss(0, 1)), base * 0.01)


wls = a.workloads.split(",")
for (wl, mode), base in GROUPS.items():
    if wl not in wls:
        continue
    for phase, count in (("warmup", a.warmup), ("sample", a.n)):
        for s in range(count):
            for worker in range(a.threads):
                nspp = draw(base) * (10 if phase == "warmup" else 1)
                if phase == "sample" and count > 1:
                    nspp *= 1 + a.drift * s / (count - 1)
                if phase == "sample" and a.zero_ns:
                    nspp = 0.0
                ns = int(nspp * pages)
                pf = round(pages * 0.002 * a.event_shift * (1 + 0.01 * rnd.gauss(0, 1)))
                cs = "" if a.no_context_switches else str(1 if rnd.random() < 0.1 else 0)
                if a.zero_context_switches:
                    cs = "0"
                split = (a.split, str(int(ns * 0.4))) if a.split and wl == "munmap" else ("", "")
                thp = str(int(size // 1024 * a.thp_fraction) if mode == "thp" else 0)
                if a.thp_unknown:
                    thp = ""
                line = "%s,%s,%s,%d,%d,%s,%d,%d,%d,%s,%d,%d,%.3f,%s,%s,%d,%d,%d,1.0000,%s,%s,," % (
                    prefix, wl, mode, size, pages, thp, a.threads, worker, worker,
                    phase, s, ns, ns / pages, split[0], split[1], ns // 2, 0, pf, cs,
                    "1.0000" if cs else "")
                if a.boot_id:
                    rows += 1
                    off = int(a.offcpu_every > 0 and rows % a.offcpu_every == 0)
                    line += ",%s,%s,%s,%s,%d,abc123" % (a.boot_id, a.boot_time,
                                                       a.run_start, a.layout_seed, off)
                w(line + "\n")
if a.truncate:
    last = out.pop()
    out.append(last[: len(last) // 2])
elif not a.no_end:
    w("# end: complete\n")
sys.stdout.write("".join(out))
