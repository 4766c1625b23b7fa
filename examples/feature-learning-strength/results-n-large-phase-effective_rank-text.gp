set terminal dumb size 100,30 noenhanced
set title 'effective_rank against s'
set xtics ("0.001" 0, "0.01" 1, "0.1" 2, "0.3" 3, "1.0" 4, "3.0" 5, "10.0" 6)
set xrange [-0.5:6.5]
unset logscale y
plot 'results-n-large-phase-effective_rank.dat' index 0 using 1:3 with linespoints title 'n=25', \
     'results-n-large-phase-effective_rank.dat' index 1 using 1:3 with linespoints title 'n=50', \
     'results-n-large-phase-effective_rank.dat' index 2 using 1:3 with linespoints title 'n=100'
