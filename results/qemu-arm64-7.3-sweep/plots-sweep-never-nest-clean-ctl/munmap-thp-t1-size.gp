# lazymmu-bench compare --plot: size sweep munmap-thp-t1-size
if (strstrt(GPVAL_TERMINALS, "pngcairo") > 0) {
  set terminal pngcairo noenhanced size 1000,600 font "sans,10"
} else {
  set terminal png noenhanced size 1000,600
}
set output "munmap-thp-t1-size.png"
set datafile missing "NaN"
set grid
set key below
set lmargin 12
set rmargin 4
set xlabel "region size (log scale)"
set logscale x 2
set xtics ("2M" 2097152, "8M" 8388608, "64M" 67108864, "256M" 268435456, "1G" 1073741824)
set xrange [1.49797e+06:1.50324e+09]
set title "munmap thp 2M..1G 1: median ns_per_page per size (bars: IQR); dashed: fitted per call / pages + per page"
set ylabel "ns_per_page (ns per base page, whole timed step)"
set yrange [0:*]
plot \
  "munmap-thp-t1-size.dat" index 0 using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1 lc rgb "#1f77b4" title "A: stock-ctl (lmb-qemu-stock-ctl-20260101T000000Z-emu.csv)", \
  "munmap-thp-t1-size.dat" index 1 using 1:2 with lines dt 2 lw 1.5 lc rgb "#1f77b4" title "A fit: 3.965 us per call + 99.14 ns per page", \
  "munmap-thp-t1-size.dat" index 2 using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 1 lc rgb "#d62728" title "B: never-nest-clean-ctl (lmb-qemu-never-nest-clean-ctl-20260101T000000Z-emu.csv)", \
  "munmap-thp-t1-size.dat" index 3 using 1:2 with lines dt 2 lw 1.5 lc rgb "#d62728" title "B fit: 4.108 us per call + 99.74 ns per page"
