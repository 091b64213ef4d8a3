#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes the committed fixtures of tests/emu-merge.sh (run it from this
folder after changing the values below; see README).  Kernels A and B, 2
workloads x (1 warm-up + 3 samples) of 512 pages each: window i = row i."""

HEADER = open('window-header.txt').read().strip()   # the plugin's window-file header row
COLS = HEADER.split(',')
FCOLS = ['insn_k', 'dsb_k', 'isb_k', 'dmb_k', 'tlbi_k']
PAGES = 512

# per side: rows (workload, phase, sample) and per row {function: counts}
# counts: insn, dsb (dsb ishst, dsb ish), isb, dmb, tlbi
def munmap(side, extra):
    common = {
        'zap_pte_range': (30720, (0, 0), 0, 0, 0),
        'free_pages_and_swap_cache': (10240 + extra, (0, 0), 0, 256, 0),
    }
    if side == 'a':
        common['tlb_flush_mmu'] = (10240, (1024, 512), 1024, 0, 512)
    else:
        common['tlb_flush_mmu'] = (9216, (0, 512), 0, 0, 512)
        common['lazy_mmu_flush'] = (6144, (1536, 0), 1536, 0, 0)
    return common

def madvise():
    return {'madvise_dontneed_single_vma': (25600, (512, 0), 512, 0, 0)}

def rows(side):
    out = []
    warm = munmap(side, 0)
    if side == 'b':
        warm['warmup_only_fn'] = (999936, (0, 0), 0, 0, 0)
    out.append(('munmap', 'warmup', 0, warm))
    for s, extra in enumerate((0, 512, 1024)):
        out.append(('munmap', 'sample', s, munmap(side, extra)))
    for s in range(4):
        out.append(('madvise', 'warmup' if s == 0 else 'sample',
                    0 if s == 0 else s - 1, madvise()))
    return out

META = """# plugin_version: 1
# qemu_mode: system
# target: aarch64
# vcpus: 2
# symbols: /var/tmp/lazymmu-kbuild/{label}/System.map
# markers: open hint #104 (0xd5032d1f), close hint #105 (0xd5032d3f)
# kernel_mode: vaddr bit 63 set
"""

SUITE_HEAD = """# lazymmu-bench results, schema 1
# suite_version: 0.1.0-fixture
# schema: 1
# run_id: guest-{label}-1
# label: {label}
# kernel_release: 7.3.0-{label}
# arch: aarch64
# cpu_model: "QEMU, cortex-a57"
# cmdline: console=ttyAMA0 nokaslr lmb.qemu=icount0,deterministic,plugin
# debug_pagealloc: on
# base_page_size: 4096
# event: ev_page_faults type=software(1) config=0x2 event=page-faults modifiers=none (user+kernel) inherit=1 status=ok
schema,suite_version,run_id,host,label,kernel,arch,cpu_model,debug_pagealloc,workload,page_mode,size_bytes,pages,thp_kb,threads,worker,cpu,phase,sample,ns,ns_per_page,split_name,split_ns,rusage_sys_ns,rusage_user_ns,pmu_group,ev_page_faults,ev_page_faults_run
"""

def write(side, label):
    rs = rows(side)
    with open(f'suite-{side}.csv', 'w') as f:
        f.write(SUITE_HEAD.format(label=label))
        for i, (wl, ph, s, _) in enumerate(rs):
            ns = 1000000 + 1000 * i
            f.write(f'1,0.1.0-fixture,guest-{label}-1,guest,{label},7.3.0-{label},'
                    f'aarch64,"QEMU, cortex-a57",on,{wl},4k,2097152,{PAGES},0,1,0,1,'
                    f'{ph},{s},{ns},{ns / PAGES:.3f},,,0,0,,0,1.0000\n')
        f.write(f'# end: complete, {sum(r[1] == "sample" for r in rs)} samples\n')
    with open(f'windows-{side}.csv', 'w') as w, open(f'funcs-{side}.csv', 'w') as fn:
        w.write('# lmb-emu windows, format 1\n' + META.format(label=label) + HEADER + '\n')
        fn.write('# lmb-emu funcs, format 1\n' + META.format(label=label) +
                 'window,function,' + ','.join(FCOLS) + '\n')
        for i, (_, _, _, funcs) in enumerate(rs):
            v = dict.fromkeys(COLS[4:], 0)
            for name, (insn, (ishst, ish), isb, dmb, tlbi) in sorted(funcs.items()):
                v['insn_k'] += insn
                v['dsb_k'] += ishst + ish
                v['dsb_ishst_k'] += ishst
                v['dsb_ish_k'] += ish
                v['isb_k'] += isb
                v['pte_pair_k'] += min(ishst, isb)
                v['dmb_k'] += dmb
                v['dmb_ish_k'] += dmb
                v['tlbi_k'] += tlbi
                v['tlbi_vale1is_k'] += tlbi
                fn.write(f'{i},{name},{insn},{ishst + ish},{isb},{dmb},{tlbi}\n')
            v['insn_u'] = 40
            w.write(f'{i},ok,0,{i % 2},' + ','.join(str(v[c]) for c in COLS[4:]) + '\n')
        end = f'# end: windows={len(rs)} unmatched_open=0 unmatched_close=0 open_at_exit=0\n'
        w.write(end)
        fn.write(end)

write('a', 'nesting')
write('b', 'flatten')
