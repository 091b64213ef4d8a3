#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Counter cost per storm from merged emulation CSVs (lmb-emu-merge output).

usage: table.py LABEL=NONE_RUN,DEFAULT_RUN [...]
  e.g. table.py before=B-none,B-default after=A-none,A-default
Reads <run>-emu.csv next to this script.  Per workload and page size: the
plugin's kernel instructions per base page (ev_emu_insn_k / pages) of the
sample windows, -e none and -e default, their difference per page and in
percent of -e none; the minimum over the windows (work that lands in some
windows only - a timer tick, a page-allocator refill - only ever adds
instructions) and, for comparison, the difference of the medians.
"""
import collections
import csv
import os
import statistics
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def load(run):
    vals, pages = collections.defaultdict(list), {}
    with open(os.path.join(HERE, run + '-emu.csv')) as f:
        for r in csv.DictReader(l for l in f if not l.startswith('#')):
            if r['phase'] != 'sample':
                continue
            k = (r['workload'], r['page_mode'])
            vals[k].append(int(r['ev_emu_insn_k']))
            pages[k] = int(r['pages'])
    return vals, pages


def main():
    pairs = [a.split('=', 1) for a in sys.argv[1:]]
    if not pairs or any(len(p) != 2 or ',' not in p[1] for p in pairs):
        sys.exit(__doc__)
    data = [(lab, load(runs.split(',')[0]), load(runs.split(',')[1]))
            for lab, runs in pairs]
    head = f"{'storm':13} {'page':4}"
    for lab, _, _ in data:
        head += (f" | {lab + ': none':>16} {'default':>9} {'diff/page':>9}"
                 f" {'diff':>7} {'(median)':>9}")
    print(head)
    for k in data[0][1][0]:
        line = f"{k[0]:13} {k[1]:4}"
        for _, (n, pg), (d, _) in data:
            p = pg[k]
            a, b = min(n[k]) / p, min(d[k]) / p
            am, bm = statistics.median(n[k]) / p, statistics.median(d[k]) / p
            line += (f" | {a:16.2f} {b:9.2f} {b - a:+9.2f} "
                     f"{100 * (b - a) / a:+6.2f}% {100 * (bm - am) / am:+8.2f}%")
        print(line)


main()
