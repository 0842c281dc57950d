#!/usr/bin/env bash
# The cluster paths of docs/cluster.md, run for real with the release binary: a one-node Slurm
# (tests/cluster/slurm.sh: array job + dependent merge, then scancel + requeue + --resume) and GNU
# parallel (tests/cluster/parallel.sh: the documented script, then interrupted and rerun); both
# compare the merged table and archive byte for byte with the unsharded sweep. Also checks that
# docs/cluster.md shows the scripts it documents verbatim.
set -uo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh
start=$SECONDS
FTCERT=target/release/ftcert
[ -x "$FTCERT" ] || cargo build --release -q
passed=0
failed=0
summary() {
  local verdict=ok
  [ "$failed" -eq 0 ] || verdict=FAILED
  echo "test result: $verdict. $passed passed; $failed failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - start))s"
  [ "$failed" -eq 0 ]
}
if ! { need munged munge && need slurmctld slurm-wlm && need slurmd slurm-wlm && need parallel parallel; }; then
  if [ "${CI:-}" = true ]; then
    echo "cluster: munge, slurm-wlm or parallel missing" >&2
    failed=1
    summary
    exit 1
  fi
  echo "cluster: skipped (install Debian munge slurm-wlm parallel to run it)"
  exit 0
fi
# The doc shows each script verbatim (they are the files the tests run).
for f in docs/cluster/sweep.sbatch docs/cluster/merge.sbatch docs/cluster/sweep-parallel.sh; do
  if python3 -c 'import sys; sys.exit(open(sys.argv[1]).read() not in open("docs/cluster.md").read())' "$f"; then
    passed=$((passed + 1))
  else
    echo "not ok - docs/cluster.md does not show $f verbatim"
    failed=$((failed + 1))
  fi
done
for t in tests/cluster/slurm.sh tests/cluster/parallel.sh; do
  echo "== $t"
  t0=$SECONDS
  out=$(bash "$t" "$FTCERT" 2>&1)
  rc=$?
  echo "$out"
  ok=$(grep -c '^ok - ' <<<"$out")
  bad=$(grep -c '^not ok - ' <<<"$out")
  # A script that stopped early without saying why still counts as one failure.
  [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ] && bad=1
  passed=$((passed + ok))
  failed=$((failed + bad))
  echo "== $t: $((SECONDS - t0)) s, exit $rc"
done
summary
