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
        order, cells = collect(paths, "k", lambda row: row["n"] == k_view, ["lower"])
        print_table(order, cells, "K", sorted({k for (_, k) in cells}))
    else:
        order, cells = collect(paths, "n", lambda row: True, ["lower", "paper_lower"])
        print_table(order, cells, "N", ns or sorted({n for (_, n) in cells}))


def collect(paths, column, keep, fields):
    """Cells (construction, row[column]) -> [max over the kept rows' max_neurons, *fields]."""
    order, cells = [], {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for row in json.load(f):
                if not keep(row):
                    continue
                c, x = row["construction"], row[column]
                if c not in order:
                    order.append(c)
                cell = cells.setdefault((c, x), [None] + [row[field] for field in fields])
                if row["max_neurons"] is not None:
                    cell[0] = row["max_neurons"] if cell[0] is None else max(cell[0], row["max_neurons"])
    return order, cells


def print_table(order, cells, label, columns):
    """One row per construction, one column per value x of `columns` ("label = x")."""
    show = lambda v: "-" if v is None else str(v)
    print("| construction | " + " | ".join(f"{label} = {x}" for x in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for c in order:
        parts = [" / ".join(show(v) for v in cells[(c, x)]) if (c, x) in cells else "" for x in columns]
        print(f"| {c} | " + " | ".join(parts) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
