#!/usr/bin/env python3
"""Regenerates tests/data/bad/ (the negative corpus) and its manifest expected.json from the
valid certificates in tests/data/good/. Each entry is one small edit of a good certificate (text
edits, so that key order, duplicates and syntax errors can be expressed) with the rejection kind
and JSON pointer the checker must report. Run from the repository root:

    python3 tests/data/make_bad.py && cargo test --release --test tests corpus
"""
import json
import os
import shutil

ROOT = os.path.dirname(os.path.abspath(__file__))
GOOD = os.path.join(ROOT, "good")
BAD = os.path.join(ROOT, "bad")

def good(name):
    with open(os.path.join(GOOD, name), encoding="utf-8") as f:
        return f.read()

P3 = good("upper-two-layer-paper-k3.json")      # K=3, d=1, T={2}, 2 neurons
P4 = good("upper-two-layer-paper-k4-all.json")  # K=4, T={1,2,3,4}
U1 = good("upper-three-layer-u1-k4.json")       # 3 layers, paper_bound keys
W5 = good("lower-windows-k5.json")              # windows, K=5, d=1
W5D2 = good("lower-windows-k5-d2.json")         # windows, K=5, d=2
W5L4 = good("lower-windows-4-layers-k5.json")   # windows, K=5, 4 layers: neurons 3, width 1
CS3 = good("lower-case-split-k3.json")          # case-split, K=3, m=1
HALF = good("float-trap-half.json")
THIRDS = good("float-trap-thirds.json")

entries = {}

def sub(text, old, new, count=1):
    assert text.count(old) >= 1, f"{old!r} not found"
    return text.replace(old, new, count)

def add(name, content, kind, path, why, verdict="rejected", limits=None):
    assert name not in entries, name
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    with open(os.path.join(BAD, name), "wb") as f:
        f.write(data)
    e = {"verdict": verdict, "kind": kind, "path": path, "why": why}
    if limits:
        e["limits"] = limits
    entries[name] = e

def edit_json(text, fn):
    v = json.loads(text)
    fn(v)
    return json.dumps(v, indent=1, ensure_ascii=False) + "\n"

shutil.rmtree(BAD, ignore_errors=True)
os.makedirs(BAD)

# --- Not one JSON document.
add("empty.json", "", "empty-input", None, "empty file")
add("whitespace-only.json", " \n\t\n", "empty-input", None, "only whitespace")
add("truncated.json", P3[: len(P3) // 2], "json-syntax", None, "file cut in the middle")
add("truncated-last-brace.json", P3.rstrip()[:-1], "json-syntax", None, "closing brace missing")
add("not-utf8.json", sub(P3, '"1/2"', '"1/2\xff"').encode("latin-1"), "json-syntax", None,
    "invalid UTF-8 inside a string")
add("two-certificates.json", P3 + P3, "trailing-data", None, "two certificates concatenated")
add("trailing-garbage.json", P3 + "x\n", "trailing-data", None, "garbage after the certificate")
add("single-quotes.json", sub(P3, '"format"', "'format'"), "json-syntax", None, "not JSON")
add("trailing-comma.json", sub(P3, '"t": [2]', '"t": [2,]'), "json-syntax", None, "trailing comma")

# --- Keys.
add("duplicate-key.json", sub(P3, '"kind": "upper",', '"kind": "upper",\n  "kind": "upper",'),
    "duplicate-field", "/kind", "a key given twice")
add("unknown-field-top.json", sub(P3, '"kind": "upper",', '"kind": "upper",\n  "comment": "hi",'),
    "unknown-field", "/comment", "undocumented top-level key")
add("unknown-field-claims.json", sub(P3, '"pieces": 2', '"pieces": 2,\n    "verified": true'),
    "unknown-field", "/claims/verified", "undocumented claim")
add("paper-bound-on-two-layer.json",
    sub(P3, '"pieces": 2', '"pieces": 2,\n    "paper_bound": "4*sqrt(K)",\n    "meets_paper_bound": true'),
    "unknown-field", "/claims/paper_bound", "paper_bound keys on a construction without one")
add("missing-field.json", sub(P3, '  "construction": "two-layer-paper",\n', ""),
    "missing-field", "", "construction missing")
add("missing-format.json", sub(P3, '  "format": "ftcert/1",\n', ""), "missing-field", "", "format missing")
add("field-order.json", sub(P3, '"neurons": 2,\n    "bound": 2,', '"bound": 2,\n    "neurons": 2,'),
    "field-order", "/claims/bound", "claims keys swapped")

# --- Types.
add("wrong-type-k-string.json", sub(P3, '"k": 3', '"k": "3"'), "wrong-type", "/instance/k", "k as a string")
add("wrong-type-k-float.json", sub(P3, '"k": 3', '"k": 3.0'), "wrong-type", "/instance/k", "k as a float")
add("wrong-type-neurons-negative.json", sub(P3, '"neurons": 2', '"neurons": -2'), "wrong-type",
    "/claims/neurons", "negative integer")
add("wrong-type-top-array.json", "[" + P3 + "]", "wrong-type", "", "top level is an array")
add("wrong-type-rational-null.json", sub(P3, '"biases": ["0"]', '"biases": [null]'), "wrong-type",
    "/network/layers/1/biases/0", "null instead of a rational")
add("wrong-type-meets-string.json", sub(U1, '"meets_paper_bound": true', '"meets_paper_bound": "true"'),
    "wrong-type", "/claims/meets_paper_bound", "boolean claim as a string")

# --- Non-canonical rationals (target of sample 1, outside T, must be "0").
for tag, value in [
    ("2-over-4", "2/4"), ("minus-zero", "-0"), ("plus-one", "+1"), ("leading-zero", "01"),
    ("zero-denominator", "1/0"), ("negative-denominator", "1/-2"), ("denominator-one", "3/1"),
    ("decimal", "1.5"), ("space", " 1"), ("empty-string", ""), ("minus-only", "-"), ("exponent", "1e3"),
    ("zero-over-two", "0/2"), ("hex", "0x1"), ("fullwidth-digit", "\uff11"),
]:
    add(f"non-canonical-{tag}.json", sub(P3, '"targets": ["0",', f'"targets": ["{value}",'),
        "non-canonical-rational", "/instance/targets/0", f"rational {value!r}")
add("non-canonical-json-number.json", sub(P3, '"targets": ["0",', '"targets": [0,'),
    "non-canonical-rational", "/instance/targets/0", "a JSON number instead of a string")
add("non-canonical-weight.json", sub(P3, '["0", "3/4"]', '["0", "6/8"]'),
    "non-canonical-rational", "/network/layers/1/weights/0/1", "unreduced weight")

# --- Versions, names.
add("format-version-2.json", sub(P3, '"ftcert/1"', '"ftcert/2"'), "unsupported-format", "/format",
    "wrong format version")
add("format-version-padded.json", sub(P3, '"ftcert/1"', '"ftcert/1 "'), "unsupported-format", "/format",
    "format with a trailing space")
add("unknown-kind.json", sub(P3, '"kind": "upper"', '"kind": "Upper"'), "unknown-kind", "/kind", "kind in capitals")
add("unknown-construction.json", sub(P3, '"two-layer-paper"', '"two-layer-papers"'),
    "unknown-construction", "/construction", "construction not in the registry")
add("unknown-rule.json", sub(W5, '"rule": "windows"', '"rule": "window"'), "unknown-rule", "/rule", "rule typo")
add("unknown-sign.json", sub(W5, '"concave"', '"concav"'), "unknown-sign", "/windows/0/sign", "sign typo")

# --- Instance shapes and sets.
add("invalid-k.json", sub(P3, '"k": 3', '"k": 1'), "invalid-k", "/instance/k", "K = 1")
add("invalid-d.json", sub(P3, '"d": 1', '"d": 0'), "invalid-d", "/instance/d", "d = 0")
add("k3-relabelled-k4.json", sub(P3, '"k": 3', '"k": 4'), "wrong-length", "/instance/points",
    "a K=3 certificate relabelled as K=4")
add("wrong-length-targets.json", sub(P3, '"targets": ["0", "1/2", "0"]', '"targets": ["0", "1/2"]'),
    "wrong-length", "/instance/targets", "one target short")
add("wrong-length-point.json", sub(P3, '["-5"]', '["-5", "1"]'), "wrong-length", "/instance/points/0",
    "a point with d+1 coordinates")
add("wrong-length-weight-row.json", sub(P3, '["0", "3/4"]', '["0", "3/4", "1"]'), "wrong-length",
    "/network/layers/1/weights/0", "output row longer than the hidden width")
add("wrong-length-biases.json", sub(P3, '"biases": ["19/3", "5"]', '"biases": ["19/3"]'), "wrong-length",
    "/network/layers/0/biases", "one bias short")
add("wrong-length-direction.json", sub(P3, '"direction": ["1"]', '"direction": ["1", "0"]'), "wrong-length",
    "/claims/line/direction", "line in the wrong dimension")
add("duplicate-point.json", sub(P3, '["-13/3"]', '["-5"]'), "duplicate-point", "/instance/points/1",
    "samples 1 and 2 at the same point")
add("t-out-of-range-high.json", sub(P3, '"t": [2]', '"t": [4]'), "t-out-of-range", "/instance/t/0", "T ∋ 4 > K")
add("t-out-of-range-zero.json", sub(P3, '"t": [2]', '"t": [0]'), "t-out-of-range", "/instance/t/0",
    "T ∋ 0 (indices are 1-based)")
add("t-duplicate.json", sub(P4, '"t": [1, 2, 3, 4]', '"t": [1, 2, 2, 3, 4]'), "t-not-increasing",
    "/instance/t/2", "T lists 2 twice")
add("t-unsorted.json", sub(P4, '"t": [1, 2, 3, 4]', '"t": [1, 3, 2, 4]'), "t-not-increasing",
    "/instance/t/2", "T out of order")
add("nonzero-target-outside-t.json", sub(P3, '"targets": ["0",', '"targets": ["1",'),
    "nonzero-target-outside-t", "/instance/targets/0", "sample 1 not in T but target 1")

# --- Upper: network and claims.
add("wrong-layer-count.json", sub(U1, '"three-layer-u1"', '"two-layer-paper"'), "wrong-layer-count",
    "/network/layers", "a 3-layer network under a 2-layer construction")
add("wrong-output-width.json", sub(P3, '["0", "3/4"]', '["0", "3/4"],\n          ["0", "3/4"]'),
    "wrong-output-width", "/network/layers/1/weights", "two output rows")
add("wrong-output-one-sample.json", sub(P3, '"1/2"', '"1/3"'), "wrong-output", None,
    "target of sample 2 changed: g(x_2) = 1/2 != 1/3")
add("wrong-output-network.json", sub(P3, '"biases": ["19/3", "5"]', '"biases": ["19/3", "6"]'),
    "wrong-output", None, "a hidden bias changed")
add("wrong-neurons.json", sub(P3, '"neurons": 2', '"neurons": 3'), "wrong-neurons", "/claims/neurons",
    "claims one neuron too many")
add("wrong-bound.json", sub(P3, '"bound": 2', '"bound": 3'), "wrong-bound", "/claims/bound",
    "a bound the formula min{3N+1, K-1} does not give")
add("wrong-bound-construction.json", sub(U1, '"three-layer-u1"', '"three-layer-u1-edge"'), "wrong-bound",
    "/claims/bound", "relabelled to a construction with another bound formula")
add("bound-exceeded.json",
    sub(sub(sub(sub(P3, '["1"],\n          ["1"]', '["1"],\n          ["1"],\n          ["1"]'),
                '"biases": ["19/3", "5"]', '"biases": ["19/3", "5", "0"]'),
            '["0", "3/4"]', '["0", "3/4", "0"]'),
        '"neurons": 2', '"neurons": 3'),
    "bound-exceeded", "/claims/neurons", "a dead third neuron: 3 neurons > bound 2")
DEEP = good("upper-deep-4-k4.json")            # deep-4: claims.bound bounds every hidden width
def deep_wide(v):
    l0, l1 = v["network"]["layers"][0], v["network"]["layers"][1]
    l0["weights"] += [["0"], ["0"], ["0"]]
    l0["biases"] += ["0", "0", "0"]
    for row in l1["weights"]:
        row += ["0", "0", "0"]
    v["claims"]["neurons"] += 3
add("width-bound-exceeded.json", edit_json(DEEP, deep_wide), "width-bound-exceeded",
    "/network/layers/0/weights", "deep-4: three dead neurons make hidden layer 0 wider than the bound 4")
add("wrong-paper-bound.json", sub(U1, '"4*sqrt(K)"', '"4*sqrt(N)"'), "wrong-paper-bound",
    "/claims/paper_bound", "wrong paper-bound id")
add("wrong-meets-paper-bound.json", sub(U1, '"meets_paper_bound": true', '"meets_paper_bound": false'),
    "wrong-meets-paper-bound", "/claims/meets_paper_bound", "8 <= 4*sqrt(4) claimed false")
add("zero-direction.json", sub(P3, '"direction": ["1"]', '"direction": ["0"]'), "zero-direction",
    "/claims/line/direction", "zero direction")
add("not-projection-line-origin.json", sub(P3, '"origin": ["0"]', '"origin": ["1"]'), "not-projection-line",
    "/claims/line", "shifted origin")
add("not-projection-line-direction.json", sub(P3, '"direction": ["1"]', '"direction": ["2"]'),
    "not-projection-line", "/claims/line", "scaled direction")
add("wrong-pieces-plus-one.json", sub(P3, '"pieces": 2', '"pieces": 3'), "wrong-pieces", "/claims/pieces",
    "piece count + 1")
add("wrong-pieces-minus-one.json", sub(P3, '"pieces": 2', '"pieces": 1'), "wrong-pieces", "/claims/pieces",
    "piece count - 1")

# --- Lower, rule windows.
add("unsupported-layers.json", sub(W5, '"layers": 2', '"layers": 1'), "unsupported-layers", "/claims/layers",
    "a bound about 1 layer")
add("lower-deep-no-width.json", sub(W5, '"layers": 2', '"layers": 4'), "missing-field", "/claims",
    "a bound about 4 layers without claims.width")
add("lower-width-on-two-layers.json", sub(W5L4, '"layers": 4', '"layers": 2'), "unknown-field", "/claims/width",
    "claims.width on a 2-layer bound")
add("wrong-width.json", sub(W5L4, '"width": 1', '"width": 2'), "wrong-width", "/claims/width",
    "max-width lower bound one too high")
add("wrong-neurons-lower-deep.json", sub(W5L4, '"neurons": 3', '"neurons": 4'), "wrong-neurons", "/claims/neurons",
    "4-layer neuron lower bound one too high")
add("sample-out-of-range.json", sub(W5, '[1, 2, 3]', '[1, 2, 6]'), "sample-out-of-range",
    "/windows/0/samples/2", "sample 6 with K = 5")
add("sample-zero.json", sub(W5, '[1, 2, 3]', '[0, 2, 3]'), "sample-out-of-range", "/windows/0/samples/0",
    "sample 0 (1-based)")
add("repeated-sample.json", sub(W5, '[1, 2, 3]', '[1, 2, 2]'), "repeated-sample", "/windows/0/samples/2",
    "a window naming sample 2 twice")
add("not-on-line.json", sub(W5D2, '["1", "0"]', '["1", "1"]'), "not-on-line", "/windows/0/samples/0",
    "sample 1 moved off the line")
add("window-order.json", sub(W5, '[1, 2, 3]', '[2, 1, 3]'), "window-order", "/windows/0/samples",
    "samples not increasing along the line")
add("window-not-strict.json", sub(W5, '"concave"', '"convex"'), "window-not-strict", "/windows/0",
    "a window whose slopes do not support its sign")
add("windows-overlap.json", sub(W5, '[3, 4, 5]', '[1, 2, 5]'), "windows-overlap", "/windows",
    "two concave windows over (1,3) and (1,5)")
add("wrong-breakpoints.json", sub(W5, '"breakpoints": 3', '"breakpoints": 4'), "wrong-breakpoints",
    "/claims/breakpoints", "claims 4 breakpoints for 3 windows")
add("wrong-neurons-lower.json", sub(W5, '"neurons": 3', '"neurons": 4'), "wrong-neurons", "/claims/neurons",
    "lower bound one too high")
add("lower-windows-dropped.json",
    sub(sub(W5, ',\n    {\n      "samples": [3, 4, 5],\n      "sign": "concave"\n    }', ''),
        '"breakpoints": 3', '"breakpoints": 2'),
    "wrong-neurons", "/claims/neurons", "a window dropped, breakpoints fixed, neurons not")

# --- Lower, rule case-split.
def cs_mismatch(v):
    v["cases"][0]["neurons"][0]["weight"] = "+"
add("case-mismatch.json", edit_json(CS3, cs_mismatch), "case-mismatch", "/cases/0/neurons",
    "first case changed to a non-canonical one")
def cs_missing(v):
    v["cases"].pop()
add("case-missing.json", edit_json(CS3, cs_missing), "case-missing", "/cases", "last case dropped")
def cs_extra(v):
    v["cases"].append(v["cases"][-1])
add("case-extra.json", edit_json(CS3, cs_extra), "case-extra", f"/cases/{len(json.loads(CS3)['cases'])}",
    "last case repeated")
def cs_bad(v):
    v["cases"][0]["equalities"][1] = "2"
add("bad-multipliers.json", edit_json(CS3, cs_bad), "bad-multipliers", "/cases/0",
    "one multiplier changed")
def cs_layers(v):
    v["claims"]["layers"] = 3
add("case-split-layers.json", edit_json(CS3, cs_layers), "unsupported-layers", "/claims/layers",
    "case-split is about 2 layers only")
def cs_neurons(v):
    v["claims"]["neurons"] = 3
add("case-split-wrong-neurons.json", edit_json(CS3, cs_neurons), "wrong-neurons", "/claims/neurons",
    "claims excluded + 2")

# --- Exact versus float: each passes an f64 evaluation but is false exactly.
add("float-trap-target-1e-17.json",
    sub(HALF, '"1/2"]', '"50000000000000001/100000000000000000"]'), "wrong-output", None,
    "target 1/2 + 1e-17: equal to g(x_2) = 1/2 in f64, not exactly")
add("float-trap-thirds-truncated.json",
    sub(THIRDS, '["1/3", "1/3", "1/3"]', '["3333333333333333/10000000000000000", "3333333333333333/10000000000000000", "3333333333333333/10000000000000000"]'),
    "wrong-output", None, "weights 0.3333333333333333: f64 sums them to 1, exactly 0.9999999999999999")

# --- Declines (budgets; small files with small limits, or structure beyond the default limits).
add("limit-depth.json", "[" * 40 + "]" * 40, "limit-depth", "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0",
    "40 nested arrays (default depth limit 32)", verdict="declined")
add("limit-digits.json", P3.replace('"biases": ["0"]', '"biases": ["1' + "0" * 10_001 + '"]', 1),
    "limit-digits", "/network/layers/1/biases/0", "a 10002-digit rational (default limit 10000)", verdict="declined")
add("limit-k.json", sub(P3, '"k": 3', '"k": 1000000000'), "limit-k", "/instance/k",
    "claims K = 10^9 with 3 points", verdict="declined")
add("limit-d.json", sub(P3, '"d": 1', '"d": 1000000000'), "limit-d", "/instance/d",
    "claims d = 10^9", verdict="declined")
add("limit-neurons.json", P3, "limit-neurons", "/network/layers", "2 neurons with --max-neurons 1",
    verdict="declined", limits={"max_neurons": 1})
add("limit-layers.json", U1, "limit-layers", "/network/layers", "3 layers with --max-layers 2",
    verdict="declined", limits={"max_layers": 2})
add("limit-bytes.json", P3, "limit-bytes", None, "a certificate over --max-bytes 100",
    verdict="declined", limits={"max_bytes": 100})
def cs_huge(v):
    v["excluded"] = 1000000
add("limit-cases.json", edit_json(CS3, cs_huge), "limit-cases", "/excluded",
    "case-split excluding 10^6 neurons", verdict="declined")

with open(os.path.join(BAD, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(entries, f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print(f"{len(entries)} entries")
