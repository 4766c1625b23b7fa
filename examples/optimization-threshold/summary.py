#!/usr/bin/env python3
"""Per-n means over seeds, with standard errors, of a `reluflow sweep` results file over n (one
linear-teacher noise level, beta* = e1), next to the derived OLS numbers:
train loss sigma^2 (n - d)/(2n), distance to OLS sigma sqrt(2d/n)/||beta*||, OLS test excess
sigma^2 d/(n - d - 1). Usage: summary.py [--dat out.dat] results.csv [more.csv ...]; --dat also
writes, per file, a gnuplot block (index i) of n, distance to OLS mean and s.e., the derived
distance, fraction interpolating, train/OLS loss mean and s.e. (read by distance.gp)."""
import csv
import json
import math
import statistics
import sys


def definition(path):
    """The sweep's definition (JSON in the preamble) and its data rows."""
    with open(path) as f:
        lines = f.read().splitlines()
    spec = next(json.loads(l.split(":", 1)[1]) for l in lines if l.startswith("# definition:"))
    rows = list(csv.DictReader(l for l in lines if not l.startswith("#")))
    return spec, rows


def option(spec, name):
    args = spec["arguments"]
    return float(args[args.index(name) + 1])


def mean_se(values):
    m = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else float("nan")
    return m, se


def pm(values):
    m, se = mean_se(values)
    return f"{m:.3g}" if math.isnan(se) else f"{m:.3g}+-{se:.2g}"


def report(path, dat):
    spec, rows = definition(path)
    sigma, d = option(spec, "--noise"), int(option(spec, "--d"))
    print(f"{path}: sigma = {sigma:g}, d = {d}, beta* = e1, sigma^2 d/||beta*||^2 = "
          f"{sigma ** 2 * d:.4g}")
    print("mean+-s.e. over the k seeds finished; s = sigma; wall: mean seconds per cell")
    by_n = {}
    for r in rows:
        by_n.setdefault(int(r["n"]), []).append(r)
    col = lambda rs, c: [float(r[c]) for r in rs]
    print(f"{'n':>5} {'k':>2} {'train loss':>18} {'OLS train loss':>16} {'s2(n-d)/2n':>10}"
          f" {'train/OLS':>14} {'interp.':>7}")
    for n, rs in sorted(by_n.items()):
        ratio = [float(r["train_loss"]) / float(r["ols_train_loss"]) for r in rs]
        print(f"{n:>5} {len(rs):>2} {pm(col(rs, 'train_loss')):>18}"
              f" {pm(col(rs, 'ols_train_loss')):>16} {sigma ** 2 * (n - d) / (2 * n):>10.3g}"
              f" {pm(ratio):>14} {sum(col(rs, 'interpolated')):>3.0f}/{len(rs)}")
    if dat:
        dat.write(f"# {path}: sigma = {sigma:g}, d = {d}\n# n dist dist_se derived interp"
                  " ratio ratio_se\n")
        for n, rs in sorted(by_n.items()):
            ratio = [float(r["train_loss"]) / float(r["ols_train_loss"]) for r in rs]
            dist = mean_se(col(rs, "ols_distance"))
            dat.write(f"{n} {dist[0]:.6g} {dist[1]:.6g} {sigma * math.sqrt(2 * d / n):.6g}"
                      f" {statistics.fmean(col(rs, 'interpolated')):.6g}"
                      f" {' '.join(f'{v:.6g}' for v in mean_se(ratio))}\n")
        dat.write("\n\n")
    print(f"{'n':>5} {'clusters':>11} {'med.':>4} {'dist. to OLS':>14} {'s(2d/n)^.5':>10}"
          f" {'test excess':>14} {'OLS test exc.':>14} {'s2d/(n-d-1)':>11} {'wall':>4}")
    for n, rs in sorted(by_n.items()):
        ols_risk = sigma ** 2 * d / (n - d - 1) if n > d + 1 else float("nan")
        print(f"{n:>5} {pm(col(rs, 'clusters')):>11} {statistics.median(col(rs, 'clusters')):>4g}"
              f" {pm(col(rs, 'ols_distance')):>14} {sigma * math.sqrt(2 * d / n):>10.3g}"
              f" {pm(col(rs, 'test_excess')):>14} {pm(col(rs, 'ols_test_excess')):>14}"
              f" {ols_risk:>11.3g} {statistics.fmean(col(rs, 'wall_seconds')):>4.0f}")


args = sys.argv[1:]
dat = None
if args[:1] == ["--dat"]:
    dat = open(args[1], "w")
    args = args[2:]
for i, p in enumerate(args):
    if i:
        print()
    report(p, dat)
if dat:
    dat.close()
