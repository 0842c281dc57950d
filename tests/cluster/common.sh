# Shared by tests/cluster/slurm.sh and tests/cluster/parallel.sh (sourced after WORK is set):
# TAP-like check lines, a failure count, and the byte-for-byte comparison with the unsharded sweep.
failed=0
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; failed=$((failed + 1)); }

# compare OUT WHAT: the merged table and archive against the unsharded sweep in $WORK/ref.
compare() {
  local out=$1 what=$2
  if cmp -s "$WORK/ref/table.txt" "$out/table.table"; then
    ok "$what: merged table byte-identical to the unsharded sweep"
  else
    not_ok "$what: merged table differs from the unsharded sweep ($out/table.table)"
  fi
  if diff -r "$WORK/ref/archive" "$out/archive" >"$WORK/diff.txt" 2>&1; then
    ok "$what: merged archive byte-identical to the unsharded sweep ($(find "$out/archive" -type f | wc -l) files)"
  else
    not_ok "$what: merged archive differs: $(head -3 "$WORK/diff.txt")"
  fi
}
