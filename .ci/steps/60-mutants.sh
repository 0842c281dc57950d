#!/usr/bin/env bash
# A fixed subset of the trusted checker's mutants (issue 11): each tests/mutants/*.diff is one
# cargo-mutants mutant (taken from `cargo mutants --list --diff`, its name on the first line),
# known to be caught. Each is applied to a scratch copy of the repository (the real tree is never
# modified), the checker crate's own suite runs (`cargo test -p ftcert-check --tests --profile mutants`:
# the test profile without debug info, about 1.5× faster to rebuild per mutant than the plain
# test profile, and much faster than --release), and the step fails if any patched checker still
# passes, does not build, or a patch no longer applies.
# cargo-mutants itself is not needed; the full run is documented in docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
# Own target dir (the deps are built once and kept); a fixed scratch path under it, refreshed from
# the working tree (tracked and untracked, not ignored files) on every run.
export CARGO_TARGET_DIR=$root/target/mutants-subset
scratch=$CARGO_TARGET_DIR/tree
# A run stopped half-way (Ctrl-C during a build) can leave a broken incremental cache of the
# checker (link errors on the next run): always start the checker's own build afresh.
rm -rf "$scratch" "$CARGO_TARGET_DIR"/mutants/incremental "$CARGO_TARGET_DIR"/mutants/.fingerprint/ftcert-check-*
mkdir -p "$scratch"
# `tar -m`: fresh modification times, so cargo rebuilds the checker from these sources and never
# reuses a build of the previous run's last (patched) state, whose restored sources keep old times.
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xmf - -C "$scratch"
start=$SECONDS
passed=0
failed=0
fail() {
  echo "60-mutants: FAILED: $*"
  failed=$((failed + 1))
}

# Every checker source file has a mutant in the list.
for src in $(cd "$scratch" && find crates/ftcert-check/src -name '*.rs' | sort); do
  if grep -qxF -- "--- a/$src" tests/mutants/*.diff; then passed=$((passed + 1)); else fail "no mutant of $src in tests/mutants/"; fi
done

# Baseline: the unpatched checker passes its suite (otherwise every mutant is caught vacuously).
if (cd "$scratch" && cargo test -p ftcert-check --tests --profile mutants --quiet >"$scratch/baseline.log" 2>&1); then
  passed=$((passed + 1))
  echo "60-mutants: baseline ok ($((SECONDS - start)) s)"
else
  tail -30 "$scratch/baseline.log"
  fail "the unpatched checker fails its own tests"
fi

for diff in tests/mutants/*.diff; do
  name=$(head -1 "$diff" | sed 's/^mutant: //')
  file=$(sed -n 's|^--- a/||p' "$diff" | head -1)
  t0=$SECONDS
  if ! (cd "$scratch" && git apply "$root/$diff"); then
    fail "$diff does not apply (regenerate it with cargo mutants --list --diff)"
    continue
  fi
  if ! (cd "$scratch" && cargo test -p ftcert-check --tests --profile mutants --no-run --quiet >/dev/null 2>&1); then
    fail "unviable (does not build): $name"
  elif (cd "$scratch" && timeout 300 cargo test -p ftcert-check --tests --profile mutants --quiet >/dev/null 2>&1); then
    fail "MISSED (the checker's tests pass with it): $name"
  else
    passed=$((passed + 1))
    echo "60-mutants: caught in $((SECONDS - t0)) s: $name"
  fi
  cp "$root/$file" "$scratch/$file"
done
echo "60-mutants: $(ls tests/mutants/*.diff | wc -l) mutants, $((SECONDS - start)) s"
echo "test result: $([ "$failed" = 0 ] && echo ok || echo FAILED). $passed passed; $failed failed; 0 ignored; 0 measured; 0 filtered out"
[ "$failed" = 0 ]
