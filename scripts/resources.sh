#!/usr/bin/env bash
# Measures the resource contract (docs/resources.md): time and peak RSS of `ftcert check` on the
# adversarial constructions of issue 11 at about 1 MB and 64 MB, with /usr/bin/time -v.
# Usage: scripts/resources.sh [SIZES...]   (default: 1000000 64000000; needs python3)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/ftcert
[ -x "$bin" ] || cargo build --release
sizes=("${@:-1000000 64000000}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-7s %10s %6s %8s %9s  %s\n' what bytes exit seconds peak_MB verdict
for size in ${sizes[@]}; do
  for what in line lcm digits array points pieces walk; do
    f="$tmp/$what.json"
    python3 scripts/adversarial.py "$what" "$size" > "$f"
    bytes=$(stat -c %s "$f")
    set +e
    /usr/bin/time -v "$bin" check --quiet "$f" > "$tmp/out" 2> "$tmp/time"
    code=$?
    set -e
    secs=$(grep 'Elapsed (wall clock)' "$tmp/time" | awk '{print $NF}')
    kb=$(grep 'Maximum resident set size' "$tmp/time" | awk '{print $NF}')
    verdict=$(grep -m1 -oE '(accepted|rejected|declined)(: [^:]*)?' "$tmp/out" | head -1 | head -c 60 || true)
    [ -n "$verdict" ] || verdict=$(tail -1 "$tmp/out")
    printf '%-7s %10s %6s %8s %9s  %s\n' "$what" "$bytes" "$code" "$secs" "$((kb / 1024))" "$verdict"
    rm -f "$f"
  done
done
