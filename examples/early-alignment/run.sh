#!/usr/bin/env bash
# The three-point experiment of `alignment` (Boursier & Flammarion 2024): x = (-0.75, -0.5, 0.125)
# with a bias input, y = (1.1, 0.1, 0.8), m = 2000 balanced neurons. First the extremal directions of
# G, then the flow from lambda = e^-30 (every growing neuron aligns with the one maximiser of G and
# the flow ends at a non-interpolating point; drawn by `reluflow plot`) and from lambda = 1 (it
# interpolates). ./run.sh > output.txt
set -euo pipefail
cd "$(dirname "$0")"
R=${RELUFLOW:-../../.build/release/reluflow}
printf 'x1,y\n-0.75,1.1\n-0.5,0.1\n0.125,0.8\n' > three-points.csv
"$R" align --data three-points.csv --bias --starts 1000
"$R" run --data three-points.csv --bias --m 2000 --log-lambda -30 --time 4000 --samples 12 \
  --observe alignment --trace trace-small-init.csv --trace-directions
# Its pictures: small-init-loss.png, small-init-norms.png, small-init-directions.png (and .svg).
"$R" plot trace-small-init.csv --data three-points.csv --bias --starts 1000 --out small-init
"$R" run --data three-points.csv --bias --m 200 --lambda 1 --time 10 --samples 4
# The same flow sampled 60 times for the pictures large-init-*.png (its table is not printed).
"$R" run --data three-points.csv --bias --m 200 --lambda 1 --time 10 --samples 60 \
  --trace trace-large-init.csv --trace-directions > /dev/null
"$R" plot trace-large-init.csv --data three-points.csv --bias --starts 1000 --out large-init
