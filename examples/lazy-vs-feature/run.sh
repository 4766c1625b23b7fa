#!/bin/sh
# Lazy vs feature training over (alpha, width): relative tangent-kernel change and test loss of the
# trained network, model alpha/sqrt(m) sum_j a_j relu(<w_j, x>) on L / alpha^2, centred init.
# Usage: examples/lazy-vs-feature/run.sh [path to reluflow]   (default .build/release/reluflow)
set -eu
R=${1:-.build/release/reluflow}
COMMON="--teacher relu --teacher-neurons 2 --noise 0 --n 40 --d 5 --lambda 1 --centred --normalisation ntk --time 50 --samples 0 --observe kernel --test-samples 400 --seed 1"
printf '%6s %8s %10s %16s %12s %12s\n' m alpha A=alpha*sqrtm 'dTheta/Theta0' 'train loss' 'test loss'
for m in 20 80 320; do
  side=feature
  for alpha in 0.01 0.03 0.1 0.3 1 3 10 30; do
    if [ "$side" = feature ] && awk -v a="$alpha" -v m="$m" 'BEGIN { exit !(a * sqrt(m) >= 1) }'; then
      echo "  ------------------------------ A = alpha sqrt(m) = 1: lazy below, feature above"
      side=lazy
    fi
    set -- $($R run $COMMON --m "$m" --alpha "$alpha" | awk -f "$(dirname "$0")/../flow-summary.awk")
    train=$1 change=$2 test=$3
    printf "%6d %8s %10.3g %16.4g %12.4g %12.4g\n" "$m" "$alpha" "$(awk -v a="$alpha" -v m="$m" 'BEGIN { print a * sqrt(m) }')" \
      "$change" "$train" "$test"
  done
done
