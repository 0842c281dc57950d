#!/usr/bin/env bash
# Validates .github/workflows/ci.yml against the GitHub workflow schema that ships inside the
# PyPI package check-jsonschema (offline; pip-installed when missing). The workflow itself can
# only run in a forge.
set -uo pipefail
cd "$(dirname "$0")/../.."
. .ci/lib.sh
if ! command -v check-jsonschema >/dev/null 2>&1; then
  need pip3 python3-pip || true
  pip3 install --quiet --disable-pip-version-check check-jsonschema 2>/dev/null \
    || pip3 install --quiet --disable-pip-version-check --break-system-packages check-jsonschema 2>/dev/null \
    || true
fi
if ! command -v check-jsonschema >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then
    echo "check-jsonschema is missing (pip install check-jsonschema)" >&2
    echo "test result: FAILED. 0 passed; 1 failed; 0 ignored"
    exit 1
  fi
  echo "skipping the workflow schema check: check-jsonschema is not installed (pip install check-jsonschema)"
  exit 0
fi
passed=0 failed=0
for wf in .github/workflows/*.yml; do
  if check-jsonschema --builtin-schema vendor.github-workflows "$wf"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
done
if [ "$failed" -eq 0 ]; then
  echo "test result: ok. $passed passed; 0 failed; 0 ignored"
else
  echo "test result: FAILED. $passed passed; $failed failed; 0 ignored"
  exit 1
fi
