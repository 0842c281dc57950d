#!/usr/bin/env bash
# Regenerates the tables of docs/small-cases.md: least m for which z3/cvc5 find a network on the
# hard instances (2 layers: K = 3..7, every N; 3 layers: K = 3..KMAX3), with ftcert's certified
# numbers beside them. Usage: scripts/small-cases.sh 2|3 [TIMEOUT_S] [KMAX3]
# Every found network is a checker-accepted `search-L` certificate; `unsat` is the solvers' word.
set -euo pipefail
cd "$(dirname "$0")/.."
layers=${1:-2}
timeout=${2:-60}
kmax3=${3:-7}
F=${FTCERT:-target/release/ftcert}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# search L K N m [instance]: prints sat|unsat|undecided and the widths of a found network.
search() {
  local out code widths
  set +e
  out=$(nice -n 10 "$F" search --layers "$1" --k "$2" --n "$3" --neurons "$4" --instance "${5:-hard}" \
        --timeout "$timeout" -o "$tmp/c.json" 2>&1)
  code=$?
  set -e
  case $code in
    0) widths=$(grep -o 'widths [0-9:]*' <<<"$out" | head -1 | cut -d' ' -f2)
       "$F" check -q "$tmp/c.json" >/dev/null || { echo "checker refused $tmp/c.json" >&2; exit 1; }
       echo "sat $widths" ;;
    1) echo "unsat -" ;;
    3) echo "undecided -" ;;
    *) echo "$out" >&2; exit 1 ;;
  esac
}

# m*(K, N) of docs/two-layer-exact.md.
mstar() {
  local k=$1 n=$2
  if [ "$n" = 0 ]; then echo 0; elif [ "$k" -ge 5 ]; then echo $(( 3*n < k-2 ? 3*n : k-2 ));
  elif [ "$k" = 4 ]; then [ "$n" = 1 ] && echo 2 || echo 3; else echo 2; fi
}

# least L K N START [instance]: walks from START to the least m with sat (unsat below it).
least() {
  local l=$1 k=$2 n=$3 m=$4 inst=${5:-hard} r below
  r=$(search "$l" "$k" "$n" "$m" "$inst")
  if [ "${r%% *}" = sat ]; then
    while [ "$m" -gt 0 ]; do
      below=$(search "$l" "$k" "$n" $((m-1)) "$inst")
      [ "${below%% *}" = sat ] || { echo "$m ${r#* } ${below%% *}"; return; }
      m=$((m-1)); r=$below
    done
    echo "0 ${r#* } -"
  else
    while [ "${r%% *}" != sat ]; do
      [ "${r%% *}" = undecided ] && { echo "? - undecided@$m"; return; }
      m=$((m+1)); r=$(search "$l" "$k" "$n" "$m" "$inst")
    done
    echo "$m ${r#* } unsat"
  fi
}

if [ "$layers" = 2 ]; then
  echo "| K | N | T (hard) | least m found (solvers) | answer at m − 1 | min{3N, K−2} (certified lower) | m*(K, N) (docs/two-layer-exact.md) | verdict |"
  echo "|---|---|---|---|---|---|---|---|"
  for k in 3 4 5 6 7; do
    for n in $(seq 0 $k); do
      lo=$(( 3*n < k-2 ? 3*n : k-2 )); ms=$(mstar $k $n)
      "$F" lower --k $k --n $n -o "$tmp/l.json"
      t=$(python3 -c 'import json,sys; print(",".join(map(str,json.load(open(sys.argv[1]))["instance"]["t"])) or "∅")' "$tmp/l.json")
      read -r m _ below <<<"$(least 2 $k $n $lo)"
      if [ "$m" = "?" ]; then v="undecided"
      elif [ "$m" -lt "$lo" ] || [ "$m" -gt "$ms" ]; then v="**DISAGREE**"
      elif [ "$m" = "$lo" ]; then v="= certified lower"; else v="between"; fi
      echo "| $k | $n | {$t} | $m | $below | $lo | $ms | $v |"
    done
  done
  # The case-split (zig-zag) instances of K ∈ {3, 4}, where m* = K − 1.
  for kn in "3 1" "3 2" "3 3" "4 2" "4 3" "4 4"; do
    set -- $kn
    "$F" lower --k "$1" --n "$2" --rule case-split -o "$tmp/z.json"
    read -r m _ below <<<"$(least 2 "$1" "$2" $(( $1 - 1 )) "$tmp/z.json")"
    v=$([ "$m" = $(( $1 - 1 )) ] && echo "= case-split certificate" || echo "**DISAGREE**")
    t=$(python3 -c 'import json,sys; print(",".join(map(str,json.load(open(sys.argv[1]))["instance"]["t"])))' "$tmp/z.json")
    echo "| $1 | $2 | zig-zag {$t} | $m | $below | K − 1 (case-split) | $(mstar "$1" "$2") | $v |"
  done
  exit 0
fi

echo "| K | N | certified 3-layer lower | best certified 3-layer construction on this instance | least m found (widths) | answer at m − 1 | note |"
echo "|---|---|---|---|---|---|---|"
constructions="three-layer-u1 three-layer-u1-edge three-layer-u2 three-layer-u3 three-layer-u3-t three-layer-appendix-a three-layer-lift"
for k in $(seq 3 "$kmax3"); do
  for n in $(seq 1 $k); do
    "$F" lower --layers 3 --k $k --n $n -o "$tmp/l3.json"
    lo=$(grep -o '"neurons": [0-9]*' "$tmp/l3.json" | tail -1 | grep -o '[0-9]*$')
    python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["instance"], open(sys.argv[2],"w"))' "$tmp/l3.json" "$tmp/i.json"
    best=""; bestc=""
    for c in $constructions; do
      "$F" build --construction $c --instance "$tmp/i.json" -o "$tmp/b.json" 2>/dev/null || continue
      nb=$(grep -o '"neurons": [0-9]*' "$tmp/b.json" | head -1 | grep -o '[0-9]*$')
      if [ -z "$best" ] || [ "$nb" -lt "$best" ]; then best=$nb; bestc=$c; fi
    done
    # Walk up from the certified lower bound to the best certified count.
    m=$lo; found="?"; widths="-"; below="not asked (m = certified lower)"; note=""
    [ "$m" -lt 1 ] && m=1
    while [ "$m" -le "$best" ]; do
      read -r r w <<<"$(search 3 $k $n $m)"
      if [ "$r" = sat ]; then found=$m; widths=$w; break; fi
      if [ "$r" = undecided ]; then note="${note}undecided at m = $m; "; below="undecided"; else below="unsat"; fi
      m=$((m+1))
    done
    [ "$found" = "?" ] && note="${note}none found up to the construction's count"
    echo "| $k | $n | $lo | $best ($bestc) | $found ($widths) | $below | ${note%; } |"
  done
done
