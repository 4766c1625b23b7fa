#!/usr/bin/env bash
# The optimization-threshold experiment of `threshold` (Boursier & Flammarion 2025) as a sweep:
# linear teacher y = <e1, x> + 0.25 eps, Gaussian x in R^5, m = 50 neurons, balanced init at scale
# lambda, gradient flow to T = 2000; n x lambda grid, 3 seeds. Then the phase diagrams.
# Extra arguments go to the sweep (e.g. --workers 1). Re-running resumes.
set -euo pipefail
cd "$(dirname "$0")"
R=${RELUFLOW:-../../.build/release/reluflow}
"$R" sweep --sweep n=8..128:log:5 --sweep lambda=1e-1,1e-3,1e-6,1e-12 --seeds 3 \
  --d 5 --m 50 --noise 0.25 --time 2000 --samples 0 --test-samples 10000 --out results.csv "$@"
"$R" phase results.csv --columns n --rows lambda \
  --value train_loss --value test_excess_over_ols --value interpolated --value clusters --value ols_distance
