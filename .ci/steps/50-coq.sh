#!/usr/bin/env bash
# The Coq proofs (formal/, docs/formal.md): build from clean, nothing admitted, only the standard
# library's real-number axioms, and the networks Coq computes unchanged (formal/check.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh
if ! need coqc coq; then
  if [ "${CI:-}" = true ]; then echo "coqc missing" >&2; exit 1; fi
  echo "skipping formal/: coqc missing (apt-get install coq)"
  exit 0
fi
need perl perl-base || { echo "perl missing" >&2; exit 1; }
coqc --version | head -1
nice -n 10 bash formal/check.sh
