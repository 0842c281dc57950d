#!/usr/bin/env bash
# Dependency rules of `ftcert experiment` (issue 13): the trusted checker never depends on the
# experiment crate or candle; the experiment crate never depends on the builder, the checker or
# malachite; the certifier alone (`--no-default-features`) has no candle and still compiles.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh
pass=0
fail=0
run() {
  if "$@"; then pass=$((pass + 1)); else echo "FAILED: $*" >&2; fail=$((fail + 1)); fi
}
# true when `cargo tree ARGS` lists no crate matching the pattern
lacks() {
  local pattern=$1
  shift
  ! cargo tree "$@" -e normal --prefix none | grep -E "$pattern"
}
run lacks '^(ftcert-experiment|candle)' -p ftcert-check
run lacks '^(ftcert |ftcert-check |malachite)' -p ftcert-experiment
run lacks '^(ftcert-experiment|candle)' -p ftcert --no-default-features
run cargo check -q --no-default-features
echo "test result: $([ "$fail" -eq 0 ] && echo ok || echo FAILED). $pass passed; $fail failed; 0 ignored"
[ "$fail" -eq 0 ]
