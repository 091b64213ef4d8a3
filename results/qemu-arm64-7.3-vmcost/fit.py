#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Fit the time of one dsb;isb pair, in instruction-times, to the published
test_vmalloc table of the arm64 barrier-batching series, and apply it to the
lazy MMU designs.

Model: time of a test = I + k * P, I = kernel instructions, P = barrier
pairs (model "pte": the plugin's dsb ishst;isb pairs; model "dsb": every
dsb, TLB maintenance included). Predicted % change of a row, batching
(stock) against no batching (eager):
    100 * ((I_s - I_e) + k (P_s - P_e)) / (I_e + k P_e)
with I and P the emulated counts of one test run at the published loop
count (fixed part + loops x per-loop part). k per machine by least squares
over the fitted rows; interval by bootstrap over rows and by profile
(F test); leave-one-out prediction errors; coverage of both intervals
checked by simulation. Standard library only.

usage: fit.py [--dir DIR] [--boot N] [--sims N] [--seed N]
       fit.py --designs-from EMU_STUDY_DIR [--dir DIR]   (writes design-counts.csv)
"""
import argparse
import csv
import glob
import math
import os
import random
import statistics
import sys

PUB_LOOPS = 500000
LOOPLESS = {"pcpu_alloc_test"}          # its work does not depend on loops
CONTPTE_ROWS = {("fix_size_alloc_test", p, 1) for p in (16, 64, 256)}
MACHINES = (("m2", "Apple M2"), ("altra", "Ampere Altra"))
# pte: pairs = PTE-write pairs, instructions as counted in each kernel;
# dsb: every dsb (TLB maintenance too); pte-eq: PTE pairs as counted, the
# no-batching kernel's instructions taken equal to the batching kernel's
# (the per-call instruction difference of two kernels is not stable where
# deferred work, RCU and purges, lands in the windows: README).
MODELS = ("pte", "dsb", "pte-eq")
KMAX = 1e5


def die(msg):
    print("fit.py: error: " + msg, file=sys.stderr)
    sys.exit(2)


def read_csv(path):
    if not os.path.exists(path):
        die("%s does not exist" % path)
    with open(path) as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# ---- inputs ---------------------------------------------------------------

def load_published(d):
    rows = []
    for r in read_csv(os.path.join(d, "published-table.csv")):
        try:
            rows.append({"test": r["test"], "p": int(r["nr_pages"]), "h": int(r["use_huge"]),
                         "m2": float(r["m2_pct"]), "altra": float(r["altra_pct"]),
                         "m2_flag": r["m2_flag"], "altra_flag": r["altra_flag"]})
        except (KeyError, ValueError) as e:
            die("published-table.csv: bad row %s (%s)" % (r, e))
    if len(rows) != 19:  # the whole table, always
        die("published-table.csv has %d rows, the table has 19" % len(rows))
    return rows


COUNTERS = ("insn_k", "pte_pair_k", "dsb_k", "isb_k", "tlbi_k")


def load_counts(d, label):
    """(test, p, h) -> {counter: (fixed, per_loop)} for one kernel."""
    by = {}
    for r in read_csv(os.path.join(d, "vmalloc-counts.csv")):
        if r["label"] != label:
            continue
        key = (r["test"], int(r["nr_pages"]), int(r["use_huge"]))
        by.setdefault(key, {})[int(r["loops"])] = {c: float(r[c]) for c in COUNTERS}
    if not by:
        die("vmalloc-counts.csv has no windows of kernel %s" % label)
    out = {}
    for key, wins in by.items():
        loops = sorted(wins)
        parts = {}
        for c in COUNTERS:
            if key[0] in LOOPLESS:
                parts[c] = (statistics.mean(wins[n][c] for n in loops), 0.0)
            elif len(loops) >= 2:
                l1, l2 = loops[0], loops[-1]
                per = (wins[l2][c] - wins[l1][c]) / (l2 - l1)
                parts[c] = (wins[l1][c] - l1 * per, per)
            else:
                parts[c] = (0.0, wins[loops[0]][c] / loops[0])
        out[key] = {"parts": parts, "loops": loops}
    return out


# --derived: the barrier pairs of one test from the code, not the plugin.
# Per loop and fixed: (valid kernel PTE writes in vmalloc's lazy sections,
# those sections). Without batching each write emits a pair; with it each
# section emits one. Sections cross a PMD (2M = 512 pages) boundary with
# probability (pages - 1) / 512: one more section then. A contpte block
# (h:1, 16 pages) is one write (one pair per __set_ptes_anysz() call,
# patch 6); a PMD block (p:512 h:1) is written outside any section: one
# pair in both kernels. pcpu_alloc_test maps chunk pages through the same
# functions in a number the code does not fix: not derived.
def derived_writes(test, p, h):
    def one(n):
        return (n, 1 + (n - 1) / 512.0)
    if test == "fix_size_alloc_test":
        if h and p >= 512:
            return (1.0, 1.0), (0.0, 0.0)
        if h:
            return (p / 16.0, 1 + (p - 16) / 512.0), (0.0, 0.0)
        return one(p), (0.0, 0.0)
    if test == "fix_align_alloc_test":
        return one(5), (0.0, 0.0)
    if test == "random_size_alloc_test":
        return one(50.5), (0.0, 0.0)
    if test == "random_size_align_alloc_test":
        return one(1396 / 256.0), (0.0, 0.0)
    if test == "long_busy_list_alloc_test":
        w, s = one(100)
        return (w + 1, s + 1), (15000 + 30.0, 15000 + 1.0)
    if test == "full_fit_alloc_test":
        return (1.0, 1.0), (2 * 16 + 2 * 8192.0, 2 + 2 * 8192.0)
    if test in ("kvfree_rcu_1_arg_vmalloc_test", "kvfree_rcu_2_arg_vmalloc_test",
                "vm_map_ram_test"):
        return (1.0, 1.0), (0.0, 0.0)
    return None


def load_derived(d, label):
    """stock and eager parts from the icount instructions of one kernel
    (vmalloc-icount.csv: virtual us x 1000 = instructions at shift 0) and
    derived_writes(); the instructions of the two kernels are taken equal."""
    by = {}
    for r in read_csv(os.path.join(d, "vmalloc-icount.csv")):
        if r["label"] != label:
            continue
        key = (r["test"], int(r["nr_pages"]), int(r["use_huge"]))
        by.setdefault(key, {})[int(r["loops"])] = float(r["virtual_us"]) * 1000.0
    if not by:
        die("vmalloc-icount.csv has no rows of kernel %s" % label)
    st, ea = {}, {}
    for key, wins in by.items():
        dw = derived_writes(*key)
        if dw is None:
            continue
        loops = sorted(wins)
        if len(loops) >= 2:
            per = (wins[loops[-1]] - wins[loops[0]]) / (loops[-1] - loops[0])
            fixed = wins[loops[0]] - loops[0] * per
        else:
            per, fixed = wins[loops[0]] / loops[0], 0.0
        (wl, sl), (wf, sf) = dw
        for side, pl, pf in ((st, sl, sf), (ea, wl, wf)):
            side[key] = {"loops": loops, "parts": {
                "insn_k": (fixed, per), "pte_pair_k": (pf, pl), "dsb_k": (pf, pl),
                "isb_k": (pf, pl), "tlbi_k": (0.0, 0.0)}}
    return st, ea


def at_loops(parts, c, loops=PUB_LOOPS):
    f, per = parts[c]
    return f + loops * per


def pairs_of(parts, model, loops=PUB_LOOPS):
    return at_loops(parts, "pte_pair_k" if model.startswith("pte") else "dsb_k", loops)


# ---- the model ------------------------------------------------------------

def row_terms(stock, eager, model):
    """(a, b, c, d): predicted % = 100 (a + k b) / (c + k d)."""
    i_s, i_e = at_loops(stock, "insn_k"), at_loops(eager, "insn_k")
    if model == "pte-eq":
        i_e = i_s
    p_s, p_e = pairs_of(stock, model), pairs_of(eager, model)
    return (i_s - i_e, p_s - p_e, i_e, p_e)


def pred(t, k):
    a, b, c, d = t
    return 100.0 * (a + k * b) / (c + k * d)


def sse(terms, ys, k):
    return sum((pred(t, k) - y) ** 2 for t, y in zip(terms, ys))


def fit_k(terms, ys):
    """Least-squares k in [0, KMAX]: a grid on log(1+k), then golden section."""
    grid = [math.expm1(i * math.log1p(KMAX) / 120) for i in range(121)]
    vals = [sse(terms, ys, k) for k in grid]
    i = min(range(len(grid)), key=vals.__getitem__)
    lo, hi = math.log1p(grid[max(i - 1, 0)]), math.log1p(grid[min(i + 1, len(grid) - 1)])
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    f1, f2 = sse(terms, ys, math.expm1(x1)), sse(terms, ys, math.expm1(x2))
    for _ in range(60):
        if f1 < f2:
            hi, x2, f2 = x2, x1, f1
            x1 = hi - g * (hi - lo)
            f1 = sse(terms, ys, math.expm1(x1))
        else:
            lo, x1, f1 = x1, x2, f2
            x2 = lo + g * (hi - lo)
            f2 = sse(terms, ys, math.expm1(x2))
    return math.expm1((lo + hi) / 2)


# Student t quantile (profile interval): regularized incomplete beta.
def _betacf(a, b, x):
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > 1e-300 else 1e-300)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + aa / c if abs(1 + aa / c) > 1e-300 else 1e-300
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        d = 1 / (d if abs(d) > 1e-300 else 1e-300)
        c = 1 + aa / c if abs(1 + aa / c) > 1e-300 else 1e-300
        de = d * c
        h *= de
        if abs(de - 1) < 1e-12:
            break
    return h


def betai(a, b, x):
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lb = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lb + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return front * _betacf(a, b, x) / a
    return 1 - front * _betacf(b, a, 1 - x) / b


def t_quantile(p, df):
    """x with P(T <= x) = p, p > 0.5."""
    lo, hi = 0.0, 1000.0
    for _ in range(200):
        mid = (lo + hi) / 2
        tail = 0.5 * betai(df / 2, 0.5, df / (df + mid * mid))
        if 1 - tail < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def profile_interval(terms, ys, k_hat):
    """k with SSE(k) <= SSE(k_hat) (1 + t^2/(n-1)): the F(1, n-1) test."""
    n = len(ys)
    s0 = sse(terms, ys, k_hat)
    lim = s0 * (1 + t_quantile(0.975, n - 1) ** 2 / (n - 1))

    def edge(a, b):   # a inside, b outside or at the border
        if sse(terms, ys, b) <= lim:
            return b
        for _ in range(100):
            m = (a + b) / 2
            if sse(terms, ys, m) <= lim:
                a = m
            else:
                b = m
        return (a + b) / 2
    return edge(k_hat, 0.0), edge(k_hat, KMAX)


def bootstrap(terms, ys, nboot, rng):
    n = len(ys)
    ks = []
    for _ in range(nboot):
        idx = [rng.randrange(n) for _ in range(n)]
        ks.append(fit_k([terms[i] for i in idx], [ys[i] for i in idx]))
    ks.sort()
    return ks


def pct_interval(sorted_vals, lo=0.025, hi=0.975):
    n = len(sorted_vals)
    return sorted_vals[int(lo * (n - 1))], sorted_vals[int(math.ceil(hi * (n - 1)))]


def coverage(terms, k_true, sigma, sims, nboot, rng):
    """Share of simulated tables (model with k_true + N(0, sigma) per row)
    whose bootstrap and profile intervals hold k_true."""
    hit_b = hit_p = 0
    for _ in range(sims):
        ys = [pred(t, k_true) + rng.gauss(0, sigma) for t in terms]
        k = fit_k(terms, ys)
        b = pct_interval(bootstrap(terms, ys, nboot, rng))
        p = profile_interval(terms, ys, k)
        hit_b += b[0] <= k_true <= b[1]
        hit_p += p[0] <= k_true <= p[1]
    return hit_b / sims, hit_p / sims


# ---- designs --------------------------------------------------------------

def designs_from(emu_dir, out_path):
    """Median per page, over sample windows, of the committed emulated study."""
    rows = []
    for d in ("stock-ctl", "flatten-clean-ctl", "never-nest-clean-ctl"):
        for kind in ("", "control-"):
            files = glob.glob(os.path.join(emu_dir, kind + d, "*-emu.csv"))
            if len(files) != 1:
                die("%s: expected one merged CSV, found %d" % (os.path.join(emu_dir, kind + d), len(files)))
            per = {}
            for r in read_csv(files[0]):
                if r["phase"] != "sample":
                    continue
                pages = float(r["pages"])
                w = per.setdefault(r["workload"], {c: [] for c in COUNTERS})
                for c in COUNTERS:
                    w[c].append(float(r["ev_emu_" + c]) / pages)
            for wl, v in sorted(per.items()):
                rows.append([d, wl, len(v["insn_k"])] +
                            ["%.6f" % statistics.median(v[c]) for c in COUNTERS])
    with open(out_path, "w") as f:
        f.write("# per page, median over the sample windows of %s (debug_pagealloc=on)\n" % os.path.relpath(emu_dir, os.path.dirname(out_path)))
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["design", "workload", "windows"] + list(COUNTERS))
        w.writerows(rows)
    print("wrote %s (%d rows)" % (out_path, len(rows)))


def load_designs(d):
    out = {}
    for r in read_csv(os.path.join(d, "design-counts.csv")):
        out[(r["design"], r["workload"])] = {c: float(r[c]) for c in COUNTERS}
    return out


def design_pct(base, new, model, k):
    pc = "pte_pair_k" if model.startswith("pte") else "dsb_k"
    return 100.0 * ((new["insn_k"] - base["insn_k"]) + k * (new[pc] - base[pc])) / \
        (base["insn_k"] + k * base[pc])


def k_for(base, new, model, target):
    """Smallest k >= 0 at which the design's predicted change reaches
    target % (same sign), or None."""
    pc = "pte_pair_k" if model.startswith("pte") else "dsb_k"
    di, dp = new["insn_k"] - base["insn_k"], new[pc] - base[pc]
    t = target / 100.0
    # di + k dp = t (I + k P)  ->  k = (t I - di) / (dp - t P)
    den = dp - t * base[pc]
    if abs(pred((di, dp, base["insn_k"], base[pc]), 0.0)) >= abs(target):
        return 0.0
    if den == 0:
        return None
    k = (t * base["insn_k"] - di) / den
    return k if k > 0 else None


# ---- a further term: the thread-flag atomics of the deferral ---------------
# With batching, a section that defers sets TIF_LAZY_MMU_PENDING
# (set_thread_flag, an atomic RMW) and its exit clears it
# (test_and_clear_thread_flag, a fully ordered atomic RMW): 2 atomics per
# deferred pair, which the no-batching kernel does not execute. The plugin
# does not count atomics; 2 x the batching kernel's pairs is their upper
# bound (a few of those pairs are emitted at once, not at a flush).

def atomic_terms(stock, eager):
    a, b, c, d = row_terms(stock, eager, "pte")
    return (a, b, c, d, 2.0 * pairs_of(stock, "pte"))


def pred2(t, k, q):
    a, b, c, d, e = t
    return 100.0 * (a + k * b + q * e) / (c + k * d)


def fit_kq(terms, ys):
    """(k, q) by least squares: q on a grid (0..400 instruction-times per
    atomic), k by fit_k at each q (the atomics enter the numerator only)."""
    best = None
    for q in [i * 5.0 for i in range(81)]:
        tq = [(a + q * e, b, c, d) for a, b, c, d, e in terms]
        k = fit_k(tq, ys)
        v = sse(tq, ys, k)
        if best is None or v < best[0]:
            best = (v, k, q)
    return best[1], best[2]


# ---- report ---------------------------------------------------------------

def fmt(x, nd=2):
    return ("%+." + str(nd) + "f") % x


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dir", default=os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--stock", default="stock-ctl-vmw")
    ap.add_argument("--eager", default="eager-vmalloc-ctl-vmw")
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--sims", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--designs-from")
    ap.add_argument("--derived", metavar="LABEL",
                    help="pairs from the code and instructions from vmalloc-icount.csv of LABEL "
                         "(no plugin counts); writes fit-report-derived.md")
    a = ap.parse_args()
    global MODELS
    if a.designs_from:
        designs_from(a.designs_from, os.path.join(a.dir, "design-counts.csv"))
        return
    rng = random.Random(a.seed)
    pub = load_published(a.dir)
    if a.derived:
        st, ea = load_derived(a.dir, a.derived)
        a.stock = a.derived + " (instructions: icount)"
        a.eager = "derived from the code (pairs = writes; instructions as batching)"
        pub = [r for r in pub if (r["test"], r["p"], r["h"]) in st]
        MODELS = ("pte",)
    else:
        st, ea = load_counts(a.dir, a.stock), load_counts(a.dir, a.eager)
    for r in pub:
        key = (r["test"], r["p"], r["h"])
        if key not in st or key not in ea:
            die("no emulated windows for %s p:%d h:%d in %s and %s" % (key + (a.stock, a.eager)))
    out = []
    say = out.append
    say("# Fit of k (time of one dsb;isb pair in instruction-times), published loop count %d" % PUB_LOOPS)
    say("")
    say("kernels: batching = %s, no batching = %s; counts: %s/vmalloc-counts.csv" %
        (a.stock, a.eager, os.path.basename(a.dir)))
    say("fitted rows: all but fix_size_alloc_test h:1 p:16/64/256 (contpte vmap, patch 9 of the")
    say("series, changed their mapping itself; the eager kernel keeps it). bootstrap %d, seed %d." %
        (a.boot, a.seed))
    say("")
    # per-row counts table
    say("## Emulated counts per call (batching - no batching) and per test at %d loops" % PUB_LOOPS)
    say("")
    say("| row | loops measured | insn/call eager | d insn/call | pairs/call eager | d pairs/call | d dsb/call | d tlbi/call |")
    say("|---|---|---:|---:|---:|---:|---:|---:|")
    rowdata = []
    for r in pub:
        key = (r["test"], r["p"], r["h"])
        s, e = st[key]["parts"], ea[key]["parts"]
        loopless = r["test"] in LOOPLESS
        idx = 0 if loopless else 1
        name = "%s p:%d h:%d" % key
        say("| %s | %s | %.0f | %s | %.2f | %s | %s | %s |" % (
            name, "/".join(map(str, ea[key]["loops"])) + (" (whole test)" if loopless else ""),
            e["insn_k"][idx], fmt(s["insn_k"][idx] - e["insn_k"][idx], 1),
            e["pte_pair_k"][idx], fmt(s["pte_pair_k"][idx] - e["pte_pair_k"][idx]),
            fmt(s["dsb_k"][idx] - e["dsb_k"][idx]), fmt(s["tlbi_k"][idx] - e["tlbi_k"][idx])))
        rowdata.append((r, key, s, e))
    say("")
    results = {}
    for model in MODELS:
        for mk, mname in MACHINES:
            fit_rows = [(r, key, s, e) for r, key, s, e in rowdata if key not in CONTPTE_ROWS]
            terms = [row_terms(s, e, model) for _, _, s, e in fit_rows]
            ys = [r[mk] for r, _, _, _ in fit_rows]
            k = fit_k(terms, ys)
            ks = bootstrap(terms, ys, a.boot, rng)
            bci = pct_interval(ks)
            pci = profile_interval(terms, ys, k)
            res = [y - pred(t, k) for t, y in zip(terms, ys)]
            rms = math.sqrt(sum(x * x for x in res) / len(res))
            loo = []
            for i in range(len(ys)):
                kt = fit_k(terms[:i] + terms[i + 1:], ys[:i] + ys[i + 1:])
                loo.append(pred(terms[i], kt) - ys[i])
            rms0 = math.sqrt(sum(y * y for y in ys) / len(ys))
            results[(model, mk)] = {"k": k, "ks": ks, "bci": bci, "pci": pci, "rms": rms,
                                    "loo": loo, "rms0": rms0, "fit_rows": fit_rows,
                                    "terms": terms, "ys": ys}
    say("## k per machine")
    say("")
    say("| model | machine | k | 95% bootstrap | 95% profile | RMS residual (pp) | RMS LOO error (pp) | RMS of the published % (pp) |")
    say("|---|---|---:|---|---|---:|---:|---:|")
    for model in MODELS:
        for mk, mname in MACHINES:
            R = results[(model, mk)]
            say("| %s | %s | %.1f | %.1f - %.1f | %.1f - %.1f | %.2f | %.2f | %.2f |" % (
                model, mname, R["k"], R["bci"][0], R["bci"][1], R["pci"][0], R["pci"][1], R["rms"],
                math.sqrt(sum(x * x for x in R["loo"]) / len(R["loo"])), R["rms0"]))
    say("")
    for model in MODELS:
        say("## Rows, model %s (predicted %% at the fitted k; residual = published - predicted;" % model)
        say("LOO = prediction with k fitted without the row, minus published)")
        say("")
        say("| row | M2 pub | M2 pred | M2 resid | M2 LOO err | Altra pub | Altra pred | Altra resid | Altra LOO err |")
        say("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r, key, s, e in rowdata:
            cells = []
            for mk, _ in MACHINES:
                R = results[(model, mk)]
                t = row_terms(s, e, model)
                p = pred(t, R["k"])
                if key in CONTPTE_ROWS:
                    lo = "not fitted"
                else:
                    i = [k2 for _, k2, _, _ in R["fit_rows"]].index(key)
                    lo = fmt(R["loo"][i])
                cells += ["%s%s" % (fmt(r[mk]), " (%s)" % r[mk + "_flag"] if r[mk + "_flag"] else ""),
                          fmt(p), fmt(r[mk] - p), lo]
            say("| %s p:%d h:%d | %s |" % (key + (" | ".join(cells),)))
        say("")
    # the two-term model (pairs + atomics of the deferral)
    say("## A further term: the deferral's thread-flag atomics (model pte+atomic)")
    say("")
    say("time = I + k P + q A, A = 2 x the batching kernel's pairs per call (upper bound,")
    say("not counted by the plugin; absent without batching). Point fit and leave-one-out only.")
    say("")
    say("| machine | k | q | RMS residual (pp) | RMS LOO error (pp) |")
    say("|---|---:|---:|---:|---:|")
    for mk, mname in MACHINES:
        fr = [(r, key, s, e) for r, key, s, e in rowdata if key not in CONTPTE_ROWS]
        terms = [atomic_terms(s, e) for _, _, s, e in fr]
        ys = [r[mk] for r, _, _, _ in fr]
        k2, q2 = fit_kq(terms, ys)
        res = [y - pred2(t, k2, q2) for t, y in zip(terms, ys)]
        loo = []
        for i in range(len(ys)):
            kt, qt = fit_kq(terms[:i] + terms[i + 1:], ys[:i] + ys[i + 1:])
            loo.append(pred2(terms[i], kt, qt) - ys[i])
        say("| %s | %.1f | %.1f | %.2f | %.2f |" % (
            mname, k2, q2, math.sqrt(sum(x * x for x in res) / len(res)),
            math.sqrt(sum(x * x for x in loo) / len(loo))))
    say("")
    # contpte rows against the base-page mapping of the same size
    say("## The h:1 rows against the series' own before (base pages, as eager h:0)")
    say("")
    say("Before patch 9, vmalloc_huge() below PMD size mapped base pages from order-0 pages:")
    say("batching h:1 (contpte, order-4 pages) against no batching h:0 of the same size.")
    say("")
    say("| row | d insn/call | d pairs/call | M2 pub | M2 pred (pte) | Altra pub | Altra pred (pte) |")
    say("|---|---:|---:|---:|---:|---:|---:|")
    for r, key, s, e in rowdata:
        if key not in CONTPTE_ROWS:
            continue
        e0 = ea[(key[0], key[1], 0)]["parts"]
        t = row_terms(s, e0, "pte")
        say("| %s p:%d h:%d | %s | %s | %s | %s | %s | %s |" % (key + (
            fmt(s["insn_k"][1] - e0["insn_k"][1], 1), fmt(s["pte_pair_k"][1] - e0["pte_pair_k"][1]),
            fmt(r["m2"]), fmt(pred(t, results[("pte", "m2")]["k"])),
            fmt(r["altra"]), fmt(pred(t, results[("pte", "altra")]["k"])))))
    say("")
    # coverage check
    if a.sims > 0:
        say("## Coverage of the k intervals (simulation)")
        say("")
        say("Tables simulated from the model at the fitted k with N(0, RMS residual) per row,")
        say("%d tables, bootstrap %d each: share of 95%% intervals that hold the true k." %
            (a.sims, max(a.boot // 10, 100)))
        say("")
        say("| model | machine | bootstrap | profile |")
        say("|---|---|---:|---:|")
        for model in ("pte", "pte-eq"):
            for mk, mname in MACHINES:
                R = results[(model, mk)]
                cb, cp = coverage(R["terms"], R["k"], R["rms"], a.sims, max(a.boot // 10, 100), rng)
                say("| %s | %s | %.2f | %.2f |" % (model, mname, cb, cp))
        say("")
    # designs
    dpath = os.path.join(a.dir, "design-counts.csv")
    if os.path.exists(dpath):
        des = load_designs(a.dir)
        wls = [w for (d, w) in des if d == "stock-ctl"]
        say("## The designs against stock (nesting-aware), predicted % time change")
        say("")
        say("Per page of the committed emulated study (debug_pagealloc=on, design-counts.csv);")
        say("interval = 2.5-97.5 percentiles over the bootstrap k of that machine.")
        say("")
        for model in MODELS:
            say("model %s:" % model)
            say("")
            say("| workload | design | d insn/page | d pairs/page | M2 % [95%] | Altra % [95%] | k for +1% | extra pairs/page for +1% (M2, Altra) |")
            say("|---|---|---:|---:|---|---|---|---|")
            pc = "pte_pair_k" if model.startswith("pte") else "dsb_k"
            for w in wls:
                base = des[("stock-ctl", w)]
                for d in ("flatten-clean-ctl", "never-nest-clean-ctl"):
                    new = des[(d, w)]
                    cells = []
                    for mk, _ in MACHINES:
                        R = results[(model, mk)]
                        vals = sorted(design_pct(base, new, model, k) for k in R["ks"])
                        lo, hi = pct_interval(vals)
                        cells.append("%s [%s, %s]" % (fmt(design_pct(base, new, model, R["k"]), 3),
                                                      fmt(lo, 3), fmt(hi, 3)))
                    kk = k_for(base, new, model, 1.0)
                    # pairs per page that would add 1% at each machine's k,
                    # on top of the design's own instruction change
                    need = []
                    for mk, _ in MACHINES:
                        k = results[(model, mk)]["k"]
                        di = new["insn_k"] - base["insn_k"]
                        need.append((0.01 * (base["insn_k"] + k * base[pc]) - di) / k
                                    if k > 0 else float("inf"))
                    say("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                        w, d.replace("-clean-ctl", ""), fmt(new["insn_k"] - base["insn_k"], 2),
                        fmt(new[pc] - base[pc], 4), cells[0], cells[1],
                        "none" if kk is None else "%.0f" % kk,
                        ", ".join("%.3f" % x for x in need)))
            say("")
    text = "\n".join(out) + "\n"
    with open(os.path.join(a.dir, "fit-report-derived.md" if a.derived else "fit-report.md"),
              "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
