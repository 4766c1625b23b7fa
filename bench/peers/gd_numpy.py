#!/usr/bin/env python3
"""Peer of ReLUFlow's bench: plain full-batch gradient descent in numpy (float64), the baseline of
the papers' authors (PyTorch SGD on the full batch).

Loss L = 1/(2n) sum_i (f(x_i) - y_i)^2, relu'(0) = 0; theta <- theta - eta grad L. The step is
adjusted to h = T / round(T / eta) so that the steps end exactly at flow time T = h * steps.
(With torch's MSELoss, which has no 1/2, lr steps reach flow time 2 lr steps.)
  python3 gd_numpy.py DATA INIT T --step ETA [--out FINAL.csv]
Prints one line: step, steps, wall seconds of the descent alone, gradient evaluations, final loss.
"""
import argparse
import time

import numpy as np

from network import loss, read_problem, split, write_network


def descend(theta0, X, y, m, d, T, eta):
    """theta after round(T / eta) steps of size T / round(T / eta) (at least one).

    Each step is theta -= h * gradient(theta) with the operations of `network.gradient`, in the
    same order (so the same doubles), written into buffers allocated once: allocating the n x m
    temporaries afresh every step cost twice the arithmetic in page faults (system time)."""
    steps = max(1, round(T / eta))
    h = T / steps
    theta = theta0.copy()
    n = X.shape[0]
    W, a = split(theta, m, d)  # views into theta
    H, R, M = np.empty((n, m)), np.empty((n, m)), np.empty((n, m))
    r, dW, da = np.empty(n), np.empty((m, d)), np.empty(m)
    for _ in range(steps):
        np.matmul(X, W.T, out=H)
        np.maximum(H, 0.0, out=R)
        np.matmul(R, a, out=r)
        r -= y
        np.greater(H, 0.0, out=M)
        M *= r[:, None]
        np.matmul(M.T, X, out=dW)
        dW *= (a / n)[:, None]
        np.matmul(R.T, r, out=da)
        da /= n
        W -= h * dW
        a -= h * da
    return theta, steps


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data")
    p.add_argument("init")
    p.add_argument("T", type=float)
    p.add_argument("--step", type=float, required=True)
    p.add_argument("--out")
    args = p.parse_args()
    if not (args.step > 0 and args.T > 0):
        raise SystemExit(f"--step {args.step} and T {args.T}: both must be > 0")
    X, y, theta0, m, d = read_problem(args.data, args.init)
    t0 = time.perf_counter()
    theta, steps = descend(theta0, X, y, m, d, args.T, args.step)
    wall = time.perf_counter() - t0
    if args.out:
        write_network(args.out, theta, m, d)
    print(f"peer=numpy-GD step={args.step:g} steps={steps} status=0 wall_s={wall:.4f} nfev={steps} "
          f"loss={loss(theta, X, y, m, d):.15e}")


if __name__ == "__main__":
    main()
