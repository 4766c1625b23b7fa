# Distance of the end predictor to OLS against n (m = 200, lambda = 1e-6, d = 5; mean and
# standard error over seeds), with the derived two-half-space scale sigma sqrt(2d/n) / ||beta*||.
# Reads results-m200-summary.dat (written by run-m200.sh: blocks 0 sigma = 0.25, n <= 256;
# 1-3 sigma = 0.25, n = 512, 1024, 2048; 4 sigma = 1). Run: gnuplot distance.gp
set terminal png size 800,560 noenhanced
set output 'results-m200-distance.png'
set logscale xy
set xlabel 'n (samples)'
set ylabel '||f - f_OLS|| / ||f_OLS|| on fresh inputs'
set key top right
set xrange [6:2800]
set yrange [0.005:5]
plot 'results-m200-summary.dat' index 0 using 1:2:3 with yerrorbars pt 7 lc rgb '#1f77b4' \
       title 'sigma = 0.25', \
     '' index 1 using 1:2:3 with yerrorbars pt 7 lc rgb '#1f77b4' notitle, \
     '' index 2 using 1:2:3 with yerrorbars pt 7 lc rgb '#1f77b4' notitle, \
     '' index 3 using 1:2:3 with yerrorbars pt 7 lc rgb '#1f77b4' notitle, \
     '' index 4 using 1:2:3 with yerrorbars pt 5 lc rgb '#d62728' title 'sigma = 1', \
     0.25 * sqrt(10 / x) with lines dt 2 lc rgb '#1f77b4' title '0.25 sqrt(2d/n)', \
     sqrt(10 / x) with lines dt 2 lc rgb '#d62728' title 'sqrt(2d/n)'
