#!/usr/bin/env python3
"""Tests of the bench's peers against independent results: a finite-difference gradient, the
closed-form flow of one neuron on one sample, the least-squares fit gradient descent must reach.
Run with `python3 test_peers.py` (or pytest); the Swift test suite runs this file too.
"""
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gd_numpy import descend  # noqa: E402
from gf_scipy import flow  # noqa: E402
from network import gradient, loss, write_network  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def one_neuron_flow(u0, label, t):
    """a = w = u (n = d = m = 1, x = 1, y = label): s = u^2 solves s' = 2 s (label - s), a logistic."""
    s0 = u0 * u0
    return math.sqrt(label / (1 + (label / s0 - 1) * math.exp(-2 * label * t)))


ONE = dict(X=np.array([[1.0]]), y=np.array([2.0]), m=1, d=1)
THETA0 = np.array([0.1, 0.1])  # (w, a)
T = 3.0


def test_gradient_is_the_derivative_of_the_loss():
    rng = np.random.default_rng(4)
    n, d, m = 7, 3, 5
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    theta = rng.normal(size=m * d + m)
    g = gradient(theta, X, y, m, d)
    h = 1e-6
    for c in range(theta.size):
        e = np.zeros_like(theta)
        e[c] = h
        fd = (loss(theta + e, X, y, m, d) - loss(theta - e, X, y, m, d)) / (2 * h)
        assert abs(fd - g[c]) < 1e-7 * max(1.0, abs(g[c])), (c, fd, g[c])


def test_scipy_flow_matches_the_closed_form():
    sol = flow(THETA0, **ONE, T=T, rtol=1e-12, atol=1e-14)
    exact = one_neuron_flow(0.1, 2.0, T)
    assert sol.status == 0
    assert np.max(np.abs(sol.y[:, -1] - exact)) < 1e-9 * exact, (sol.y[:, -1], exact)


def test_gradient_descent_converges_to_the_flow_at_first_order():
    exact = one_neuron_flow(0.1, 2.0, T)
    errors = []
    for eta in (1e-2, 5e-3, 2.5e-3):
        theta, steps = descend(THETA0, **ONE, T=T, eta=eta)
        assert steps * eta == T or abs(steps * (T / steps) - T) < 1e-12
        errors.append(np.max(np.abs(theta - exact)))
    for coarse, fine in zip(errors, errors[1:]):
        assert 1.8 < coarse / fine < 2.2, errors
    assert errors[-1] < 1e-2 * exact, errors


def test_buffered_steps_equal_steps_of_the_plain_gradient():
    # descend's in-place step against theta -= h * gradient(theta), bit for bit, on a random
    # network where some inputs are active and some not.
    rng = np.random.default_rng(3)
    n, m, d, h = 20, 7, 3, 1e-2
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    theta0 = rng.normal(size=m * d + m)
    plain = theta0.copy()
    for _ in range(5):
        plain -= h * gradient(plain, X, y, m, d)
    buffered, steps = descend(theta0, X, y, m, d, T=5 * h, eta=h)
    assert steps == 5
    assert np.array_equal(buffered, plain), np.max(np.abs(buffered - plain))


def test_gradient_descent_reaches_the_least_squares_fit():
    # One neuron whose inputs all stay active: f = <a w, x>, and the descent ends at the
    # least-squares fit over v = a w.
    rng = np.random.default_rng(2)
    X = rng.uniform(0.5, 1.5, size=(6, 2))
    y = X @ np.array([1.0, 2.0]) + 0.1 * rng.normal(size=6)
    v, *_ = np.linalg.lstsq(X, y, rcond=None)
    best = 0.5 * np.mean((X @ v - y) ** 2)
    theta, _ = descend(np.array([0.5, 0.5, 1.0]), X, y, 1, 2, T=100.0, eta=2e-2)
    assert abs(loss(theta, X, y, 1, 2) - best) < 1e-10, (loss(theta, X, y, 1, 2), best)
    assert np.max(np.abs(theta[2] * theta[:2] - v)) < 1e-6, (theta, v)


def report(line):
    return dict(token.split("=", 1) for token in line.split())


def test_command_lines_read_the_bench_files_and_print_one_report_line():
    with tempfile.TemporaryDirectory() as tmp:
        data, init = os.path.join(tmp, "data.csv"), os.path.join(tmp, "init.csv")
        with open(data, "w") as f:
            f.write("x1,y\n1,2\n")
        write_network(init, THETA0, 1, 1)
        exact = one_neuron_flow(0.1, 2.0, T)
        runs = [("gf_scipy.py", ["--rtol", "1e-12", "--atol", "1e-14"], 1e-9),
                ("gd_numpy.py", ["--step", "1e-2"], 1e-4)]  # first order: 4.9e-5 at 1e-2
        for script, options, tolerance in runs:
            out = os.path.join(tmp, script + ".csv")
            result = subprocess.run([sys.executable, os.path.join(HERE, script), data, init, str(T), *options,
                                     "--out", out], capture_output=True, text=True, check=True)
            fields = report(result.stdout.strip().splitlines()[-1])
            assert fields["status"] == "0", result.stdout
            final = np.loadtxt(out, delimiter=",", skiprows=1, ndmin=2)  # a, w
            assert np.max(np.abs(final - exact)) < tolerance * exact, (script, final, exact)
            assert abs(float(fields["loss"]) - 0.5 * (final[0, 0] * final[0, 1] - 2.0) ** 2) < 1e-15
        assert report(result.stdout)["steps"] == "300"


if __name__ == "__main__":
    tests = [f for name, f in sorted(globals().items()) if name.startswith("test_") and callable(f)]
    for test in tests:
        test()
    print(f"{len(tests)} peer tests passed")
