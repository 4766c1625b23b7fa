#!/usr/bin/env bash
# Test error against feature-learning strength (FLS = 1/s^2, s the balanced init scale), logistic
# loss, gradient flow stopped when the training risk first reaches eps = 0.1; noisy ReLU-teacher
# task (k = 2, x ~ N(0, I_d), training labels flipped with probability p). Small setting (about
# 2-3 minutes of CPU on 2 cores): n = 40, d = 5, m = 20, 6 seeds.
#  1. main table, p = 0.1;  2. phase diagram over (s, p): p = 0, 0.2 (with 1.);
#  3. control without early stopping (run to T = 2000).
set -euo pipefail
cd "$(dirname "$0")"
R=${RELUFLOW:-../../.build/release/reluflow}
COMMON=(--n 40 --n-test 2000 --d 5 --m 20 --seeds 6 --scales 1e-3,1e-2,1e-1,0.3,1,3,10 "$@")
for p in 0.1 0 0.2; do
  "$R" fls "${COMMON[@]}" --flip "$p" > "results-flip-$p.txt"
done
"$R" fls "${COMMON[@]}" --flip 0.1 --no-stop --time 2000 > results-no-stop.txt
