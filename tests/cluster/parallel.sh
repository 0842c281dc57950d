#!/usr/bin/env bash
# The GNU parallel path of docs/cluster.md, run for real: docs/cluster/sweep-parallel.sh itself
# with 4 shards of `sweep --k-min 3 --k-max 14` (2 at a time), then
#  1. the merged table and archive must be byte-identical to the unsharded sweep;
#  2. the same script interrupted mid-run (SIGINT to its process group, as Ctrl-C does) and run
#     again: the shards resume (--resume) and the result is still byte-identical.
#
#   tests/cluster/parallel.sh [FTCERT]     # default: target/release/ftcert
# Prints `ok - CHECK` / `not ok - CHECK` per check; exits non-zero if any failed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FTCERT=$(realpath "${1:-$ROOT/target/release/ftcert}")
TIMEOUT=${FTCERT_PARALLEL_TIMEOUT:-300} # seconds, for each run below
SCRIPT=$ROOT/docs/cluster/sweep-parallel.sh
for cmd in parallel timeout "$FTCERT"; do
  command -v "$cmd" >/dev/null || { echo "not ok - $cmd not found" >&2; exit 1; }
done
export FTCERT FTCERT_SWEEP="--k-min 3 --k-max 14" FTCERT_SHARDS=4 FTCERT_PARALLEL_JOBS=2 FTCERT_FORMAT=table

WORK=$(mktemp -d /tmp/ftcert-parallel.XXXXXX)
RUNNING=
. "$(dirname "$0")/common.sh"
cleanup() {
  set +e
  if [ -n "$RUNNING" ]; then
    kill -INT -- "-$RUNNING" 2>/dev/null
    sleep 1
    kill -KILL -- "-$RUNNING" 2>/dev/null
  fi
  if [ "$failed" -gt 0 ] || [ -n "${FTCERT_PARALLEL_KEEP:-}" ]; then
    echo "kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$WORK/ref"
read -r -a sweep_words <<<"$FTCERT_SWEEP"
"$FTCERT" sweep "${sweep_words[@]}" --quiet --archive "$WORK/ref/archive" >"$WORK/ref/table.txt" 2>"$WORK/ref.log"

# 1. The documented script, start to end.
t0=$SECONDS
if FTCERT_OUT=$WORK/run1 timeout "$TIMEOUT" bash "$SCRIPT" >"$WORK/run1.log" 2>&1; then
  ok "sweep-parallel.sh: 4 shards and the merge in $((SECONDS - t0)) s"
else
  not_ok "sweep-parallel.sh failed: $(tail -3 "$WORK/run1.log")"
fi
compare "$WORK/run1" "parallel"

# 2. Interrupted once the first shard saved a K (and before any shard finished), then rerun.
t0=$SECONDS
set -m # the script in a process group of its own, the group id being its pid
FTCERT_OUT=$WORK/run2 bash "$SCRIPT" >"$WORK/run2a.log" 2>&1 &
RUNNING=$!
set +m
end=$((SECONDS + TIMEOUT))
until compgen -G "$WORK/run2/archive/.ftcert-progress-*.json" >/dev/null || [ $SECONDS -ge $end ]; do
  sleep 0.02
done
kill -INT -- "-$RUNNING"
wait "$RUNNING" || true
RUNNING=
reports=$(find "$WORK/run2/reports" -name 'shard-*.json' 2>/dev/null | wc -l)
if [ "$reports" -lt 4 ] && [ ! -e "$WORK/run2/table.table" ]; then
  ok "interrupt: sweep-parallel.sh stopped mid-run ($reports of 4 shard reports written)"
else
  not_ok "interrupt: the run was not stopped mid-run ($reports shard reports)"
fi
if FTCERT_OUT=$WORK/run2 timeout "$TIMEOUT" bash "$SCRIPT" >"$WORK/run2b.log" 2>&1; then
  ok "interrupt: sweep-parallel.sh rerun to the end, $((SECONDS - t0)) s in all"
else
  not_ok "interrupt: the rerun failed: $(tail -3 "$WORK/run2b.log")"
fi
if grep -q "^resume: K = " "$WORK/run2b.log"; then
  ok "interrupt: the rerun resumed ($(grep -c '^resume: K = ' "$WORK/run2b.log") shard(s) took over saved K)"
else
  not_ok "interrupt: no shard resumed ($WORK/run2b.log)"
fi
compare "$WORK/run2" "interrupt"

echo "parallel: $failed failed, total $SECONDS s"
[ "$failed" -eq 0 ]
