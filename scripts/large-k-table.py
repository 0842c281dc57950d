#!/usr/bin/env python3
"""The docs/large-k.md table from `ftcert sample --format json` reports (no arithmetic beyond max).

Usage: scripts/large-k-table.py REPORT.json [REPORT.json ...] [--n 1,10,100,1000]
       scripts/large-k-table.py --k-view N REPORT.json [REPORT.json ...]

One row per construction (in report order), one column per N: "max / lower / paper_lower", where
max is the largest `max_neurons` over the report's families at that N (observed, every certificate
accepted), `lower` the certified lower bound and `paper_lower` the paper's. A cell whose rows
accepted no certificate shows "-" for max; a row with fewer accepted sets than sampled is not
detectable from the JSON alone, so check the command's stderr ("0 failures").

With `--k-view N`: one column per K (reports of several K) at the fixed N, cells "max / lower".
"""
import json
import sys


def main(argv):
    ns = None
    k_view = None
    paths = []
    i = 0
    while i < len(argv):
        if argv[i] == "--k-view":
            k_view = int(argv[i + 1])
            i += 2
        elif argv[i] == "--n":
            ns = [int(v) for v in argv[i + 1].split(",")]
            i += 2
        else:
            paths.append(argv[i])
            i += 1
    if not paths:
        sys.exit(__doc__)
    if k_view is not None:
        return table_k(paths, k_view)
    order, cells = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in json.load(f):
                c, n = row["construction"], row["n"]
                if c not in order:
                    order.append(c)
                cell = cells.setdefault((c, n), [None, row["lower"], row["paper_lower"]])
                if row["max_neurons"] is not None:
                    cell[0] = row["max_neurons"] if cell[0] is None else max(cell[0], row["max_neurons"])
    all_ns = sorted({n for (_, n) in cells})
    ns = ns or all_ns
    show = lambda v: "-" if v is None else str(v)
    print("| construction | " + " | ".join(f"N = {n}" for n in ns) + " |")
    print("|---|" + "---:|" * len(ns))
    for c in order:
        parts = []
        for n in ns:
            cell = cells.get((c, n))
            parts.append(" / ".join(show(v) for v in cell) if cell else "")
        print(f"| {c} | " + " | ".join(parts) + " |")


def table_k(paths, n):
    """Columns per K at the fixed N: "max / lower" (max over the families, as above)."""
    order, cells = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in json.load(f):
                if row["n"] != n:
                    continue
                c, k = row["construction"], row["k"]
                if c not in order:
                    order.append(c)
                cell = cells.setdefault((c, k), [None, row["lower"]])
                if row["max_neurons"] is not None:
                    cell[0] = row["max_neurons"] if cell[0] is None else max(cell[0], row["max_neurons"])
    ks = sorted({k for (_, k) in cells})
    show = lambda v: "-" if v is None else str(v)
    print("| construction | " + " | ".join(f"K = {k}" for k in ks) + " |")
    print("|---|" + "---:|" * len(ks))
    for c in order:
        parts = [" / ".join(show(v) for v in cells[(c, k)]) if (c, k) in cells else "" for k in ks]
        print(f"| {c} | " + " | ".join(parts) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
