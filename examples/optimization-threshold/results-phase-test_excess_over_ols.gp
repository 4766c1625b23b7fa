# Heat map of test_excess_over_ols over n and lambda: restyle and re-run with gnuplot.
set terminal svg size 800,600 noenhanced
set output 'results-phase-test_excess_over_ols.svg'
set title 'test_excess_over_ols'
set xlabel 'n'
set ylabel 'lambda'
set xtics ("8" 0, "16" 1, "32" 2, "64" 3, "128" 4)
set ytics ("1e-1" 0, "1e-3" 1, "1e-6" 2, "1e-12" 3)
set xrange [-0.5:4.5]
set yrange [-0.5:3.5]
set logscale cb
set format cb '%.0e'
set palette rgbformulae 33,13,10
plot 'results-phase-test_excess_over_ols.dat' using 1:2:3 with image notitle
# Heat map of test_excess_over_ols over n and lambda: restyle and re-run with gnuplot.
set terminal png size 800,600 noenhanced
set output 'results-phase-test_excess_over_ols.png'
set title 'test_excess_over_ols'
set xlabel 'n'
set ylabel 'lambda'
set xtics ("8" 0, "16" 1, "32" 2, "64" 3, "128" 4)
set ytics ("1e-1" 0, "1e-3" 1, "1e-6" 2, "1e-12" 3)
set xrange [-0.5:4.5]
set yrange [-0.5:3.5]
set logscale cb
set format cb '%.0e'
set palette rgbformulae 33,13,10
plot 'results-phase-test_excess_over_ols.dat' using 1:2:3 with image notitle
