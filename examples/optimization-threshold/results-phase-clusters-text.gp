set terminal dumb size 100,30 noenhanced
set title 'clusters against n'
set xtics ("8" 0, "16" 1, "32" 2, "64" 3, "128" 4)
set xrange [-0.5:4.5]
unset logscale y
plot 'results-phase-clusters.dat' index 0 using 1:3 with linespoints title 'lambda=1e-1', \
     'results-phase-clusters.dat' index 1 using 1:3 with linespoints title 'lambda=1e-3', \
     'results-phase-clusters.dat' index 2 using 1:3 with linespoints title 'lambda=1e-6', \
     'results-phase-clusters.dat' index 3 using 1:3 with linespoints title 'lambda=1e-12'
