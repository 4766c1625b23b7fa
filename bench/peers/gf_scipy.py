#!/usr/bin/env python3
"""Peer of ReLUFlow's bench: the gradient flow of f(x) = sum_j a_j relu(<w_j, x>) integrated with
scipy.integrate.solve_ivp, the tool a researcher would reach for first.

Loss 1/(2n) sum_i (f(x_i) - y_i)^2, relu'(0) = 0, no event handling (what solve_ivp users do).
  python3 gf_scipy.py DATA INIT T [--method DOP853|RK45|LSODA|...] [--rtol R] [--atol A] [--out FINAL.csv]
Prints one line: method, tolerances, status, wall seconds of the integration alone, field
evaluations, final loss.
"""
import argparse
import time

import numpy as np
from scipy.integrate import solve_ivp

from network import gradient, loss, read_problem, write_network


def flow(theta0, X, y, m, d, T, method="DOP853", rtol=1e-8, atol=1e-10):
    """solve_ivp's result for d theta / dt = -grad L(theta) from theta0 over [0, T]."""
    return solve_ivp(lambda t, th: -gradient(th, X, y, m, d), (0.0, T), theta0, method=method, rtol=rtol, atol=atol)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("data")
    p.add_argument("init")
    p.add_argument("T", type=float)
    p.add_argument("--method", default="DOP853")
    p.add_argument("--rtol", type=float, default=1e-8)
    p.add_argument("--atol", type=float, default=1e-10)
    p.add_argument("--out")
    args = p.parse_args()
    X, y, theta0, m, d = read_problem(args.data, args.init)
    t0 = time.perf_counter()
    sol = flow(theta0, X, y, m, d, args.T, args.method, args.rtol, args.atol)
    wall = time.perf_counter() - t0
    theta = sol.y[:, -1]
    if args.out:
        write_network(args.out, theta, m, d)
    print(f"peer=scipy-{args.method} rtol={args.rtol:g} atol={args.atol:g} status={sol.status} "
          f"wall_s={wall:.4f} nfev={sol.nfev} loss={loss(theta, X, y, m, d):.15e}")


if __name__ == "__main__":
    main()
