#!/bin/sh
# Iterative linearisation on a task that needs feature learning (2-neuron ReLU teacher), in the
# feature regime (alpha = 0.1, m = 80, centred, ntk normalisation): test loss and kernel change
# against the relinearisation interval T_r, from the gradient flow (T_r -> 0) to the kernel
# predictor (T_r = infinity).
# Usage: examples/iterative-linearisation/run.sh [path to reluflow]   (default .build/release/reluflow)
set -eu
R=${1:-.build/release/reluflow}
COMMON="--teacher relu --teacher-neurons 2 --noise 0 --n 40 --d 5 --m 80 --lambda 1 --centred --normalisation ntk --alpha 0.1 --time 50 --test-samples 400 --seed 1"
printf '%10s %9s %11s %11s %11s %11s %16s %16s\n' T_r intervals 'train loss' 'test loss' 'train(lin)' 'test(lin)' 'dTheta(T)/Theta0' 'max rms(F-F_lin)'
set -- $($R run $COMMON --samples 0 --observe kernel | awk -f "$(dirname "$0")/../flow-summary.awk")
train=$1 change=$2 test=$3
printf "%10s %9s %11.4g %11.4g %11s %11s %16.4g %16s\n" flow - "$train" "$test" - - "$change" -
for tr in 0.01 0.05 0.25 1 5 25 linearised; do
  if [ "$tr" = linearised ]; then opt="--linearised"; else opt="--relinearise-every $tr"; fi
  $R run $COMMON $opt | awk -v tr="$tr" '
    /^intervals=/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    /^ *k +t_k/ { rows = 1; next }
    rows && $1 ~ /^[0-9]/ { trainLinear = $4 }
    /^test loss [0-9]/ { test = $3 }
    /^test loss of the final linear model/ { testLinear = $8 }
    END { printf "%10s %9s %11.4g %11.4g %11.4g %11.4g %16.4g %16.4g\n", (tr == "linearised" ? "inf" : tr), v["intervals"], v["train_loss"], test, trainLinear, testLinear, v["final_kernel_change"], v["max_gap"] }'
done
