# lazymmu-bench compare --plot: workload fork
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1200,1000 font "sans,10"
} else {
  set terminal png noenhanced size 1200,1000
}
set output "fork.png"
set datafile missing "NaN"
set xtics ("4k 2M t1\nA 954.6" 1.5, "4k 8M t1\nA 623.5" 4.5, "4k 64M t1\nA 523.9" 7.5, "4k 256M t1\nA 512" 10.5, "4k 1G t1\nA 508.9" 13.5, "thp 2M t1\nA 455.3" 16.5, "thp 8M t1\nA 119.4" 19.5, "thp 64M t1\nA 20.72" 22.5, "thp 256M t1\nA 10.17" 25.5, "thp 1G t1\nA 7.519" 28.5)
set yrange [0.945229:1.57241]
set multiplot layout 2,1
set title "fork: ns_per_page of every sample, relative to the median of A (lower is better)"
set ylabel "ns_per_page / median of A"
set lmargin 12
set rmargin 4
set grid ytics
set key top left
set style fill solid 0.3 border -1
set style boxplot nooutliers
set boxwidth 0.6
set xrange [0:30]
plot keyentry with boxes fs solid 0.3 lc rgb "#1f77b4" title "A: stock-ctl (lmb-qemu-stock-ctl-20260101T000000Z-emu.csv)", keyentry with boxes fs solid 0.3 lc rgb "#d62728" title "B: never-nest-clean-ctl (lmb-qemu-never-nest-clean-ctl-20260101T000000Z-emu.csv)", \
  "fork.dat" index 0 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 0 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 1 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 1 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 2 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 2 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 3 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 3 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 4 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 4 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 5 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 5 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 6 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 6 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 7 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 7 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 8 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 8 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 9 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 9 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 10 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 10 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 11 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 11 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 12 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 12 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 13 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 13 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 14 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 14 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 15 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 15 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 16 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 16 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 17 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 17 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle, \
  "fork.dat" index 18 using 1:2 with boxplot lc rgb "#1f77b4" notitle, \
  "fork.dat" index 18 using 3:2 with points pt 7 ps 0.4 lc rgb "#1f77b4" notitle, \
  "fork.dat" index 19 using 1:2 with boxplot lc rgb "#d62728" notitle, \
  "fork.dat" index 19 using 3:2 with points pt 7 ps 0.4 lc rgb "#d62728" notitle
set title "counters: median per base page relative to A (missing bar: not measured, or A is 0)"
set ylabel "median / median of A"
set yrange [0:*]
set bmargin 7
unset xtics
set style data histograms
set style histogram clustered gap 1
set boxwidth 0.9 relative
set xtics nomirror font ",8"
set xrange [-0.5:159.5]
plot "fork-counters.dat" using 2:xtic(1) lc rgb "#1f77b4" notitle, "fork-counters.dat" using 3:xtic(1) lc rgb "#d62728" notitle
unset multiplot
