#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a synthetic lazymmu-bench result file (schema 1) holding a size
sweep, for tests/compare-sweep.sh.  Deterministic for a given --seed.

One munmap 4k group per size; the time of a sample is
    per_call + per_page * pages + bend * pages^2   (ns)
times (1 + noise * N(0,1)); ns_per_page is that over pages.  The counter
ev_page_faults is exact (no noise): faults_call + pages / 512 per sample.
Sizes are written interleaved (not ascending), like run --sweep-size."""
import argparse
import random
import sys

ap = argparse.ArgumentParser()
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--n", type=int, default=12, help="samples per size")
ap.add_argument("--sizes", default="2M,8M,64M,256M,1G")
ap.add_argument("--per-call", type=float, default=20000.0, help="ns per call")
ap.add_argument("--per-page", type=float, default=30.0, help="ns per page")
ap.add_argument("--bend", type=float, default=0.0, help="ns per page^2")
ap.add_argument("--noise", type=float, default=0.01, help="relative sd")
ap.add_argument("--faults-call", type=float, default=2.0)
ap.add_argument("--label", default="base")
ap.add_argument("--kernel", default="6.18.0-lazymmu")
ap.add_argument("--workload", default="munmap")
ap.add_argument("--mode", default="4k")
ap.add_argument("--boot-id", help="add a boot_id column with this value")
ap.add_argument("--run-factor", type=float, default=1.0,
                help="the whole run's costs times this (a run-to-run offset)")
a = ap.parse_args()

UNIT = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
sizes = [int(s[:-1]) * UNIT[s[-1]] for s in a.sizes.split(",")]
order = sizes[0::2] + sizes[1::2]
rnd = random.Random(a.seed)
w = sys.stdout.write
w("# lazymmu-bench results, schema 1\n")
for k, v in (("suite_version", "0.1.0 (abcdef123456)"), ("schema", "1"),
             ("run_id", "host-%s-%d" % (a.label, a.seed)), ("label", a.label),
             ("host", "testhost"), ("utc_time", "2026-12-01T00:00:00Z"),
             ("kernel_release", a.kernel), ("arch", "aarch64"),
             ("cmdline", "console=ttyAMA0"), ("debug_pagealloc", "off"),
             ("cpu_model", "ARM Neoverse-N1"), ("base_page_size", "4096"),
             ("thp_enabled", "madvise"), ("profile", "quick"),
             ("sweep_sizes", ",".join(str(s) for s in sizes)),
             ("sweep_order", ",".join(str(s) for s in order))):
    w("# %s: %s\n" % (k, v))
w("# event: ev_page_faults type=software config=2 status=ok\n")
w("schema,suite_version,run_id,host,label,kernel,arch,cpu_model,"
  "debug_pagealloc,workload,page_mode,size_bytes,pages,thp_kb,threads,"
  "worker,cpu,phase,sample,ns,ns_per_page,split_name,split_ns,"
  "rusage_sys_ns,rusage_user_ns,ev_page_faults,ev_page_faults_run%s\n" %
  (",boot_id" if a.boot_id else ""))
prefix = '1,"0.1.0 (abcdef123456)",host-%s-%d,testhost,%s,%s,aarch64,"ARM Neoverse-N1",off' % (
    a.label, a.seed, a.label, a.kernel)
for size in order:
    pages = size // 4096
    mean = (a.per_call + a.per_page * pages + a.bend * pages * pages) * a.run_factor
    for phase, count in (("warmup", 1), ("sample", a.n)):
        for s in range(count):
            ns = int(mean * (1 + a.noise * rnd.gauss(0, 1)) * (3 if phase == "warmup" else 1))
            pf = int(a.faults_call + pages // 512)
            w("%s,%s,%s,%d,%d,0,1,0,0,%s,%d,%d,%.4f,,,%d,0,%d,1.0000%s\n" % (
                prefix, a.workload, a.mode, size, pages, phase, s, ns, ns / pages,
                ns // 2, pf, "," + a.boot_id if a.boot_id else ""))
w("# end: complete\n")
