# Reads the output of `reluflow run --observe kernel --test-samples N` and prints one line:
# final train loss, relative kernel change at the end, test loss.
/^ *t +loss/ { samples = 1; next }
samples && /^method=/ { samples = 0 }
samples && $1 ~ /^[0-9]/ { train = $2 }
/dTheta/ { kernel = 1; next }
kernel && $1 ~ /^[0-9]/ { change = $2 }
/^test loss/ { test = $3 }
END { print train, change, test }
