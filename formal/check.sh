#!/usr/bin/env bash
# The checks of the Coq development (run by .ci/steps/50-coq.sh; needs coqc, perl):
#   build      formal/ builds from clean (make clean && make)
#   forbidden  no Admitted / admit / Axiom / Parameter / Conjecture outside comments
#   axioms     Print Assumptions of every main theorem equals assumptions.txt, and only the
#              standard library's real-number axioms appear
#   networks   the Q constructions computed by Coq (Fig4.v) equal coq-networks.txt, which the
#              Rust tests formal::* compare with ftcert's certificates
# Prints a cargo-style `test result:` line. FTCERT_FORMAL_BLESS=1 rewrites assumptions.txt and coq-networks.txt.
set -uo pipefail
cd "$(dirname "$0")"
start=$SECONDS
pass=0
fail=0
report() {
  if [ "$2" = 0 ]; then echo "test formal::$1 ... ok"; pass=$((pass + 1))
  else echo "test formal::$1 ... FAILED"; fail=$((fail + 1)); fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

make clean >/dev/null 2>&1
make >"$tmp/build.log" 2>&1
rc=$?
[ $rc = 0 ] || cat "$tmp/build.log"
report build $rc

# Strip (nested) comments, then look for the forbidden words.
rc=0
for f in $(cat _CoqProject | grep '\.v$') Print.v Fig4.v; do
  perl -0777 -pe '1 while s/\(\*(?:(?!\(\*|\*\)).)*\*\)//gs' "$f" \
    | grep -nwE 'Admitted|admit|Axiom|Axioms|Parameter|Parameters|Conjecture' && { echo "forbidden keyword in $f"; rc=1; }
done
report forbidden $rc

rc=0
if coqc -R . FTC Print.v >"$tmp/assumptions.txt" 2>&1; then
  allowed='^(ClassicalDedekindReals\.sig_forall_dec|ClassicalDedekindReals\.sig_not_dec|FunctionalExtensionality\.functional_extensionality_dep)$'
  if grep -vE '^( |==|Axioms:|Closed under the global context)' "$tmp/assumptions.txt" | grep -vE "$allowed"; then
    echo "axioms beyond the standard real-number axioms (above)"; rc=1
  fi
  [ "$(grep -c '^==' "$tmp/assumptions.txt")" = "$(grep -c '^Print Assumptions' Print.v)" ] || rc=1
  if [ "${FTCERT_FORMAL_BLESS:-}" = 1 ]; then cp "$tmp/assumptions.txt" assumptions.txt; fi
  diff -u assumptions.txt "$tmp/assumptions.txt" || rc=1
else
  cat "$tmp/assumptions.txt"; rc=1
fi
report axioms $rc

rc=0
if coqc -R . FTC Fig4.v >"$tmp/fig4.out" 2>&1; then
  # "== name" headers, then one row per neuron: "(1, -13, 1 # 2)" -> "1 -13 1/2" (input weight,
  # bias, output weight); the last row of each network, "0 0 b", is its output bias.
  grep -o '^==.*\|([^()]*)' "$tmp/fig4.out" | tr -d '(),' | sed -E 's| *# *|/|g; s/ +/ /g; s/^ //' \
    | grep -E '^== |^[^ ]+ [^ ]+ [^ ]+$' >"$tmp/coq-networks.txt"
  if [ "${FTCERT_FORMAL_BLESS:-}" = 1 ]; then cp "$tmp/coq-networks.txt" coq-networks.txt; fi
  [ -s "$tmp/coq-networks.txt" ] || rc=1
  diff -u coq-networks.txt "$tmp/coq-networks.txt" || rc=1
else
  cat "$tmp/fig4.out"; rc=1
fi
report networks $rc

result=ok
[ $fail = 0 ] || result=FAILED
echo "test result: $result. $pass passed; $fail failed; 0 ignored; 0 measured; 0 filtered out; finished in $((SECONDS - start))s"
[ $fail = 0 ]
