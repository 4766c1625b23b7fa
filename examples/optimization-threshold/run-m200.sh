#!/usr/bin/env bash
# The optimization threshold at a larger width: m = 200 neurons, lambda = 1e-6, d = 5, T = 2000,
# 5 seeds (README.md, "At m = 200"). Sweep 1: sigma = 0.25, n = 8 ... 256. Sweep 2: sigma = 1,
# n = 8 ... 128 (does n* or the OLS-like end point move with sigma^2 d / ||beta*||^2?); its runs
# end once interpolated (train loss 1e-10) and give up after 3e5 steps or 600 s. Sweep 3:
# sigma = 0.25, n = 512; sweeps 4 and 5: the same at n = 1024 and 2048. Cost per cell on one core
# (build of commit ea8cbe7; more for cells ending with many direction clusters): 0.3-1.6 min at
# n = 512, 0.8-3.3 min at 1024, 3-5.3 min at 2048. Then the phase tables, the per-n
# means with standard errors over seeds (summary.py) and the distance picture (distance.gp).
# Extra arguments go to every sweep (e.g. --workers 1). Re-running resumes.
set -euo pipefail
cd "$(dirname "$0")"
R=${RELUFLOW:-../../.build/release/reluflow}
COMMON=(--d 5 --m 200 --lambda 1e-6 --time 2000 --samples 0 --test-samples 10000 --seeds 5)
STOPS=(--stop-at-risk 1e-10 --max-steps 300000 --max-seconds 600)
"$R" sweep --sweep n=8,16,32,64,128,256 --noise 0.25 "${COMMON[@]}" --out results-m200.csv "$@"
"$R" sweep --sweep n=8,16,32,64,128 --noise 1 "${COMMON[@]}" "${STOPS[@]}" \
  --out results-m200-sigma1.csv "$@"
"$R" sweep --sweep n=512 --noise 0.25 "${COMMON[@]}" --out results-m200-n512.csv "$@"
"$R" sweep --sweep n=1024 --noise 0.25 "${COMMON[@]}" --out results-m200-n1024.csv "$@"
"$R" sweep --sweep n=2048 --noise 0.25 "${COMMON[@]}" --out results-m200-n2048.csv "$@"
VALUES=(--value train_loss --value test_excess_over_ols --value interpolated --value clusters
  --value ols_distance)
for f in results-m200.csv results-m200-sigma1.csv; do
  "$R" phase "$f" --columns n --numbers "${VALUES[@]}"
done
python3 summary.py --dat results-m200-summary.dat results-m200.csv results-m200-n512.csv \
  results-m200-n1024.csv results-m200-n2048.csv results-m200-sigma1.csv
command -v gnuplot > /dev/null && gnuplot distance.gp
