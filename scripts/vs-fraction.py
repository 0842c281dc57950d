#!/usr/bin/env python3
"""The 2-layer sweep against the Fraction script, side by side (issue 16, section 2).

Runs, in turn, `ftcert sweep --layers 2 --k-min K --k-max K --construction two-layer-paper
--quiet` (default `--jobs`) and `python3 benches/reference_fraction.py K`, after one warm-up
pair that is not counted, and prints for every pair the CPU seconds (user + sys of the whole
process, from the kernel's accounting of the finished child: start-up included) of both and
their ratio python / sweep; then the median, min and max of the pair ratios. Pairing keeps each
ratio meaningful when the machine's speed drifts.

    cargo build --release
    python3 scripts/vs-fraction.py 14 11            # K = 14, 11 pairs
    python3 scripts/vs-fraction.py 16 5 --jobs 1    # extra arguments go to the sweep
"""
import os
import resource
import statistics
import subprocess
import sys


def cpu_seconds(cmd):
    """User + system CPU seconds of one run of `cmd` (and of everything it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    k, pairs, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    binary = os.environ.get("FTCERT_BIN", os.path.join(root, "target", "release", "ftcert"))
    sweep = [binary, "sweep", "--layers", "2", "--k-min", k, "--k-max", k,
             "--construction", "two-layer-paper", "--quiet", *extra]
    python = [sys.executable, os.path.join(root, "benches", "reference_fraction.py"), k]
    cpu_seconds(sweep)
    cpu_seconds(python)
    ratios = []
    print(f"K = {k}: pair, sweep CPU s, python CPU s, python / sweep")
    for i in range(1, pairs + 1):
        a = cpu_seconds(sweep)
        b = cpu_seconds(python)
        ratios.append(b / a)
        print(f"{i:>3}  {a:8.3f}  {b:8.2f}  {b / a:7.1f}", flush=True)
    print(f"median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x, max {max(ratios):.1f}x "
          f"over {pairs} pairs")


if __name__ == "__main__":
    main()
