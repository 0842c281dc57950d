#!/usr/bin/env bash
# ftcert sweep with GNU parallel, on one machine (or several with -S/--sshlogin and a shared
# folder): N shards, JOBS at a time, then the merge. Same settings as docs/cluster/sweep.sbatch.
# tests/cluster/parallel.sh runs this very file.
set -euo pipefail
FTCERT=${FTCERT:-ftcert}
OUT=${FTCERT_OUT:-ftcert-k3-24}
N=${FTCERT_SHARDS:-8}
JOBS=${FTCERT_PARALLEL_JOBS:-4}
FORMAT=${FTCERT_FORMAT:-markdown}
read -r -a SWEEP <<<"${FTCERT_SWEEP:---layers 2 --k-min 3 --k-max 24 --construction two-layer-paper,two-layer-tight}"
mkdir -p "$OUT/reports"
# --resume: rerunning this script after an interruption continues every shard where it stopped.
parallel --will-cite --quote --halt now,fail=1 -j "$JOBS" \
  "$FTCERT" sweep "${SWEEP[@]}" --jobs 1 --quiet --shard "{}/$N" \
  --report "$OUT/reports/shard-{}.json" --archive "$OUT/archive" --resume \
  ::: $(seq 0 $((N - 1)))
"$FTCERT" merge "$OUT"/reports/shard-*.json --archive "$OUT/archive" --format "$FORMAT" \
  >"$OUT/table.$FORMAT.tmp"
mv "$OUT/table.$FORMAT.tmp" "$OUT/table.$FORMAT"
