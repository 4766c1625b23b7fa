#!/usr/bin/env bash
# Test error against feature-learning strength (FLS = 1/s^2, s the balanced init scale), logistic
# loss, gradient flow stopped when the training risk first reaches eps = 0.1; noisy ReLU-teacher
# task (k = 2, x ~ N(0, I_d), training labels flipped with probability p). Small setting (d = 5,
# m = 20, 6 seeds; a few minutes of CPU on 2 cores):
#  1. phase diagram over (s, p) at n = 40: p = 0, 0.1, 0.2;
#  2. phase diagram over (s, n) at p = 0.1: n = 20, 40, 80, 160, and its pictures;
#  3. control without early stopping (run to T = 2000), n = 40, p = 0.1.
# Every finished run is kept in the .csv files: re-running resumes. Extra arguments go to every
# `reluflow fls` (e.g. --workers 1).
set -euo pipefail
cd "$(dirname "$0")"
R=${RELUFLOW:-../../.build/release/reluflow}
COMMON=(--n-test 2000 --d 5 --m 20 --seeds 6 --scales 1e-3,1e-2,1e-1,0.3,1,3,10 "$@")
"$R" fls "${COMMON[@]}" --n 40 --over flip=0,0.1,0.2 --out results-flip.csv > results-flip.txt
"$R" fls "${COMMON[@]}" --flip 0.1 --over n=20,40,80,160 --out results-n.csv > results-n.txt
"$R" phase results-n.csv --columns s --rows n --value test_error --value effective_rank --value kernel_distance \
  > results-n-phase.txt
"$R" fls "${COMMON[@]}" --n 40 --flip 0.1 --no-stop --time 2000 > results-no-stop.txt
# The larger diagram of the README (about 40 min of CPU, not re-run here): its pictures.
if [ -f results-n-large.csv ]; then
  "$R" phase results-n-large.csv --columns s --rows n --value test_error --value effective_rank \
    --value kernel_distance > results-n-large-phase.txt
fi
# The paper's data model: the symmetric Gaussian mixture x = kappa y e1 + sigma z (sigma = 1),
# d = 10, m = 50, 10^4 test samples, s = 0.001 ... 10 (about 25 min of CPU in all):
#  4. the main grid, kappa = 1.5, n = 50, 40 seeds (the pilot was its first 10);
#  5. phase diagram over (FLS, n) at kappa = 1.5, 12 seeds (n = 200 left out: ~1 min per run);
#  6. phase diagram over (FLS, kappa/sigma) at n = 50, 12 seeds.
M=(--teacher mixture --sigma 1 --d 10 --m 50 --n-test 10000 "$@")
"$R" fls "${M[@]}" --scales 1e-3,1e-2,0.03,0.1,0.3,1,3,10 --kappa 1.5 --n 50 --seeds 40 \
  --out mixture.csv > mixture.txt
"$R" fls "${M[@]}" --scales 1e-3,1e-2,0.03,0.1,0.3,1,10 --kappa 1.5 --seeds 12 --over n=25,50,100 \
  --out mixture-n.csv > mixture-n.txt
"$R" fls "${M[@]}" --scales 1e-3,1e-2,0.03,0.1,0.3,1,10 --n 50 --seeds 12 --over kappa=1,1.5,2,3 \
  --out mixture-kappa.csv > mixture-kappa.txt
