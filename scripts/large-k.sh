#!/usr/bin/env bash
# Regenerates every report, table and figure of docs/large-k.md from certificates.
#
#   scripts/large-k.sh OUT_DIR [FTCERT]
#
# OUT_DIR receives the `sample --format json` reports, each command's stderr (which must say
# "0 failures") and the two SVGs; the tables are printed on stdout. FTCERT defaults to
# target/release/ftcert (build it first: `cargo build --release`). Every command is deterministic:
# the same binary writes the same reports byte for byte, whatever `--jobs`.
# Time on the 2-core machine: about 2 min for the K = 1000 sample, about 5 min for the K view.
set -euo pipefail
out=${1:?usage: scripts/large-k.sh OUT_DIR [FTCERT]}
ftcert=${2:-target/release/ftcert}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"

run() { # run NAME ARGS...: one sample report, failing loudly on a rejected certificate
  local name=$1; shift
  "$ftcert" sample "$@" --format json > "$out/$name.json" 2> "$out/$name.err" || {
    echo "large-k: $name failed (see $out/$name.err)" >&2; exit 1; }
}

# Neurons against N at K = 1000 (the table "K = 1000, d = 10, gaussian" and scaling-n.svg).
ns=1,2,5,10,20,50,100,200,500,1000
for L in 2 3; do
  run "k1000-L$L" --layers "$L" --k 1000 --n "$ns" --family random,spaced --sets 10
done
echo "## K = 1000: max / lower / paper_lower"
python3 "$here/large-k-table.py" "$out/k1000-L2.json" "$out/k1000-L3.json" --n 1,10,100,1000
"$ftcert" plot-scaling "$out/k1000-L2.json" "$out/k1000-L3.json" -o "$out/scaling-n.svg"

# Neurons against K at N = 10 (the table "Neurons against K" and scaling-k.svg).
views=()
for K in 100 300 1000 3000 10000; do
  for L in 2 3; do
    run "n10-k$K-L$L" --layers "$L" --k "$K" --n 10 --family random,spaced --sets 3
    views+=("$out/n10-k$K-L$L.json")
  done
done
echo "## N = 10: max / lower"
python3 "$here/large-k-table.py" --k-view 10 "${views[@]}"
"$ftcert" plot-scaling "${views[@]}" --view k --n 10 -o "$out/scaling-k.svg"
