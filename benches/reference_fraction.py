#!/usr/bin/env python3
"""Reference for issue 6: a straightforward Python script with fractions.Fraction that builds and
checks the `two-layer-paper` certificate (Theorem 4.4 + Lemma 4.5) for every T of [K].

It does the same mathematical work per set as ftcert (project, find J, fit the interpolant, then
evaluate the network exactly at all K samples and compare with the targets), without files.

    python3 benches/reference_fraction.py 16      # prints certificates per second
"""
import random
import sys
import time
from fractions import Fraction as F


def instance(k, d, seed=0):
    rng = random.Random(seed * 1000003 + k * 101 + d)
    points = []
    while len(points) < k:
        p = tuple(F(rng.randint(-20, 20), rng.randint(1, 4)) for _ in range(d))
        if p not in points:
            points.append(p)
    values = [F(rng.randint(1, 9), rng.randint(1, 5)) * rng.choice((-1, 1)) for _ in range(k)]
    return points, values


def projection(points):
    d = len(points[0])
    s = 0
    while True:
        a = [F(s) ** j for j in range(d)]
        c = [sum(ai * xi for ai, xi in zip(a, p)) for p in points]
        if len(set(c)) == len(c):
            return a, c
        s += 1


def build_paper(c_sorted, z_sorted, in_t):
    k = len(c_sorted)
    j = [r for r in range(k) if in_t[r] or r == 0 or r == k - 1 or in_t[r - 1] or in_t[r + 1]]
    w = [c_sorted[r] for r in j]
    v = [z_sorted[r] for r in j]
    s = [(v[i + 1] - v[i]) / (w[i + 1] - w[i]) for i in range(len(j) - 1)]
    biases = [-wk for wk in w[:-1]]
    out = [s[0]] + [s[i] - s[i - 1] for i in range(1, len(s))]
    return biases, out, v[0]


def check(a, points, targets, biases, out, out_bias):
    for p, z in zip(points, targets):
        t = sum(ai * xi for ai, xi in zip(a, p))
        g = out_bias
        for b, o in zip(biases, out):
            h = t + b
            if h > 0:
                g += o * h
        if g != z:
            return False
    return True


def main():
    k = int(sys.argv[1]) if len(sys.argv) > 1 else 16
    d = 2
    points, values = instance(k, d)
    a, c = projection(points)
    order = sorted(range(k), key=lambda i: c[i])
    c_sorted = [c[i] for i in order]
    start = time.perf_counter()
    count = 0
    for mask in range(1 << k):
        targets = [values[i] if mask >> i & 1 else F(0) for i in range(k)]
        in_t = [bool(mask >> i & 1) for i in order]
        z_sorted = [targets[i] for i in order]
        biases, out, out_bias = build_paper(c_sorted, z_sorted, in_t)
        if not check(a, points, targets, biases, out, out_bias):
            raise SystemExit(f"certificate for mask {mask} is wrong")
        count += 1
    elapsed = time.perf_counter() - start
    print(f"K={k}: {count} certificates in {elapsed:.2f} s = {count / elapsed:.0f} certificates/s")


if __name__ == "__main__":
    main()
