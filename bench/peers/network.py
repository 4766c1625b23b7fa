"""The two-layer ReLU network f(x) = sum_j a_j relu(<w_j, x>) and its loss
L = 1/(2n) sum_i (f(x_i) - y_i)^2 with relu'(0) = 0, shared by the bench's peers.

  data  CSV, header x1..xd,y      one row per sample
  init  CSV, header a,w1..wd      one row per neuron
The parameter vector is (W row by row, a), as ReLUFlow's.
"""
import numpy as np


def read_problem(data_path, init_path):
    """(X, y, theta0, m, d) from the bench's data and init CSV files."""
    D = np.loadtxt(data_path, delimiter=",", skiprows=1, ndmin=2)
    P = np.loadtxt(init_path, delimiter=",", skiprows=1, ndmin=2)
    X, y, a0, W0 = D[:, :-1], D[:, -1], P[:, 0], P[:, 1:]
    m, d = W0.shape
    if X.shape[1] != d:
        raise SystemExit(f"init {init_path}: {d} weights per neuron, data {data_path}: {X.shape[1]} inputs")
    return X, y, np.concatenate((W0.ravel(), a0)), m, d


def split(theta, m, d):
    """(W, a) of a parameter vector."""
    return theta[: m * d].reshape(m, d), theta[m * d:]


def loss(theta, X, y, m, d):
    """1/(2n) sum_i (f(x_i) - y_i)^2."""
    W, a = split(theta, m, d)
    return 0.5 * np.mean((np.maximum(X @ W.T, 0.0) @ a - y) ** 2)


def gradient(theta, X, y, m, d):
    """The gradient of `loss` with relu'(0) = 0 (the flow's velocity is its negative)."""
    n = X.shape[0]
    W, a = split(theta, m, d)
    H = X @ W.T
    R = np.maximum(H, 0.0)
    r = R @ a - y
    dW = (a / n)[:, None] * (((H > 0.0) * r[:, None]).T @ X)
    return np.concatenate((dW.ravel(), (R.T @ r) / n))


def write_network(path, theta, m, d):
    """The final network as CSV, header a,w1..wd (as the init file)."""
    W, a = split(theta, m, d)
    header = ",".join(["a"] + [f"w{k + 1}" for k in range(d)])
    np.savetxt(path, np.column_stack((a, W)), delimiter=",", header=header, comments="", fmt="%.17g")
