# Heat map of test_error over s and n: restyle and re-run with gnuplot.
set terminal svg size 800,600 noenhanced
set output 'results-n-large-phase-test_error.svg'
set title 'test_error'
set xlabel 's'
set ylabel 'n'
set xtics ("0.001" 0, "0.01" 1, "0.1" 2, "0.3" 3, "1.0" 4, "3.0" 5, "10.0" 6)
set ytics ("25" 0, "50" 1, "100" 2)
set xrange [-0.5:6.5]
set yrange [-0.5:2.5]
unset logscale cb
set palette rgbformulae 33,13,10
plot 'results-n-large-phase-test_error.dat' using 1:2:3 with image notitle
# Heat map of test_error over s and n: restyle and re-run with gnuplot.
set terminal png size 800,600 noenhanced
set output 'results-n-large-phase-test_error.png'
set title 'test_error'
set xlabel 's'
set ylabel 'n'
set xtics ("0.001" 0, "0.01" 1, "0.1" 2, "0.3" 3, "1.0" 4, "3.0" 5, "10.0" 6)
set ytics ("25" 0, "50" 1, "100" 2)
set xrange [-0.5:6.5]
set yrange [-0.5:2.5]
unset logscale cb
set palette rgbformulae 33,13,10
plot 'results-n-large-phase-test_error.dat' using 1:2:3 with image notitle
