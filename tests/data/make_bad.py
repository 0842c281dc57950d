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
DEEP = good("upper-deep-4-k4.json")             # deep-4: claims.bound bounds every hidden width
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

def at(pointer, value):
    """A JSON edit: set the value at a JSON pointer (the certificate is parsed and written again)."""
    *parents, last = pointer.split("/")[1:]
    def key(v, k):
        return int(k) if isinstance(v, list) else k
    def fn(v):
        for k in parents:
            v = v[key(v, k)]
        v[key(v, last)] = value
    return fn

def declined(**limits):
    """The options of an entry the checker declines (a budget), with the limits it runs under."""
    return {"verdict": "declined", "limits": limits}

def apply(base, edit):
    """The file of one row: base unchanged (None), parsed and edited (a function of the JSON
    value), or with one text replacement (old, new) or several in order (a list of pairs)."""
    if edit is None:
        return base
    if callable(edit):
        return edit_json(base, edit)
    for old, new in [edit] if isinstance(edit, tuple) else edit:
        base = sub(base, old, new)
    return base

def deep_wide(layer):
    """deep-4: three dead neurons appended to hidden layer `layer` (and zero columns after it)."""
    def fn(v):
        cur, nxt = v["network"]["layers"][layer], v["network"]["layers"][layer + 1]
        cols = len(cur["weights"][0])
        cur["weights"] += [["0"] * cols for _ in range(3)]
        cur["biases"] += ["0", "0", "0"]
        for row in nxt["weights"]:
            row += ["0", "0", "0"]
        v["claims"]["neurons"] += 3
    return fn

# Issue 11: the projection line's minimality work (s·K·d) and the digit-work meter.
LINE2 = ('{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{"k":4,"d":2,'
         '"points":[["0","0"],["0","-1"],["6","0"],["7","-1"]],"targets":["0","0","0","0"],"t":[]},'
         '"line":{"origin":["0","0"],"direction":["1","2"]},"windows":[],'
         '"claims":{"layers":2,"breakpoints":0,"neurons":0}}')
# Issue 11, finding 1: p + 1 overflowed on p = 2^64 − 1 (exit 101).
CELL_OVERFLOW = (
    '{"format":"ftcert/1","kind":"lower","rule":"case-split","instance":{"k":3,"d":1,"points":[["1"],["2"],["3"]],'
    '"targets":["-1","1","-1"],"t":[1,2,3]},"line":{"origin":["0"],"direction":["1"]},"excluded":1,'
    '"cases":[{"neurons":[{"cell":[18446744073709551615,0],"orientation":"-","weight":"-"}],"equalities":[],"strict":[]}],'
    '"claims":{"layers":2,"neurons":2}}\n')

# Issue 11, the case-split α column: collinear data z = s (one neuron fits it, with its kink left of
# the data), excluded = 1. The 12 one-neuron cases are refuted (by the builder's multipliers); the
# last case, no inner neuron and the free affine term c + α·s, is feasible, and gets μ = (1, −4, 3):
# Σμ = 0 (column c) and z·μ = 2 > 0, so only the α column Σμ·s = 2 ≠ 0 refuses it (and Σμ/s = 0).
COLLINEAR = (
    '{"format":"ftcert/1","kind":"lower","rule":"case-split","instance":{"k":3,"d":1,"points":[["1"],'
    '["2"],["3"]],"targets":["1","2","3"],"t":[1,2,3]},"line":{"origin":["0"],"direction":["1"]},'
    '"excluded":1,"cases":[{"neurons":[{"cell":[1,2],"orientation":"-","weight":"-"}],"equalities":["0",'
    '"-1","1"],"strict":["0","0","0"]},{"neurons":[{"cell":[1,2],"orientation":"-","weight":"+"}],'
    '"equalities":["0","-1","1"],"strict":["0","0","0"]},{"neurons":[{"cell":[1,2],"orientation":"+",'
    '"weight":"-"}],"equalities":["0","-1","1"],"strict":["1","0","0"]},{"neurons":[{"cell":[1,2],'
    '"orientation":"+","weight":"+"}],"equalities":["-1","2","-1"],"strict":["0","1","0"]},'
    '{"neurons":[{"cell":[2,2],"orientation":"-","weight":"-"}],"equalities":["0","-1","1","0"],'
    '"strict":["0"]},{"neurons":[{"cell":[2,2],"orientation":"-","weight":"+"}],"equalities":["0","-1",'
    '"1","0"],"strict":["0"]},{"neurons":[{"cell":[2,2],"orientation":"+","weight":"-"}],'
    '"equalities":["-1","1","0","0"],"strict":["0"]},{"neurons":[{"cell":[2,2],"orientation":"+",'
    '"weight":"+"}],"equalities":["-1","1","0","0"],"strict":["0"]},{"neurons":[{"cell":[2,3],'
    '"orientation":"-","weight":"-"}],"equalities":["1","-2","1"],"strict":["0","0","1"]},'
    '{"neurons":[{"cell":[2,3],"orientation":"-","weight":"+"}],"equalities":["-1","1","0"],'
    '"strict":["1","0","0"]},{"neurons":[{"cell":[2,3],"orientation":"+","weight":"-"}],'
    '"equalities":["-1","1","0"],"strict":["0","0","0"]},{"neurons":[{"cell":[2,3],"orientation":"+",'
    '"weight":"+"}],"equalities":["-1","1","0"],"strict":["0","0","0"]},{"neurons":[],"equalities":["1",'
    '"-4","3"],"strict":[]}],"claims":{"layers":2,"neurons":2}}\n')

# One row a file of the corpus: (file, good certificate, edit (see apply), kind and JSON pointer
# the checker must report, why[, options of add]).
EDITS = [
    # --- Not one JSON document.
    ("empty.json", "", None, "empty-input", None, "empty file"),
    ("whitespace-only.json", " \n\t\n", None, "empty-input", None, "only whitespace"),
    ("truncated.json", P3[: len(P3) // 2], None, "json-syntax", None, "file cut in the middle"),
    ("truncated-last-brace.json", P3.rstrip()[:-1], None, "json-syntax", None, "closing brace missing"),
    ("not-utf8.json", sub(P3, '"1/2"', '"1/2\xff"').encode("latin-1"), None, "json-syntax", None,
     "invalid UTF-8 inside a string"),
    ("two-certificates.json", P3 + P3, None, "trailing-data", None, "two certificates concatenated"),
    ("trailing-garbage.json", P3 + "x\n", None, "trailing-data", None, "garbage after the certificate"),
    ("single-quotes.json", P3, ('"format"', "'format'"), "json-syntax", None, "not JSON"),
    ("trailing-comma.json", P3, ('"t": [2]', '"t": [2,]'), "json-syntax", None, "trailing comma"),
    # --- Keys.
    ("duplicate-key.json", P3, ('"kind": "upper",', '"kind": "upper",\n  "kind": "upper",'),
     "duplicate-field", "/kind", "a key given twice"),
    ("unknown-field-top.json", P3, ('"kind": "upper",', '"kind": "upper",\n  "comment": "hi",'),
     "unknown-field", "/comment", "undocumented top-level key"),
    ("unknown-field-claims.json", P3, ('"pieces": 2', '"pieces": 2,\n    "verified": true'),
     "unknown-field", "/claims/verified", "undocumented claim"),
    ("paper-bound-on-two-layer.json", P3,
     ('"pieces": 2', '"pieces": 2,\n    "paper_bound": "4*sqrt(K)",\n    "meets_paper_bound": true'),
     "unknown-field", "/claims/paper_bound", "paper_bound keys on a construction without one"),
    ("missing-field.json", P3, ('  "construction": "two-layer-paper",\n', ""),
     "missing-field", "", "construction missing"),
    ("missing-format.json", P3, ('  "format": "ftcert/1",\n', ""), "missing-field", "", "format missing"),
    ("field-order.json", P3, ('"neurons": 2,\n    "bound": 2,', '"bound": 2,\n    "neurons": 2,'),
     "field-order", "/claims/bound", "claims keys swapped"),
    # --- Types.
    ("wrong-type-k-string.json", P3, ('"k": 3', '"k": "3"'), "wrong-type", "/instance/k", "k as a string"),
    ("wrong-type-k-float.json", P3, ('"k": 3', '"k": 3.0'), "wrong-type", "/instance/k", "k as a float"),
    ("wrong-type-neurons-negative.json", P3, ('"neurons": 2', '"neurons": -2'), "wrong-type",
     "/claims/neurons", "negative integer"),
    ("wrong-type-top-array.json", "[" + P3 + "]", None, "wrong-type", "", "top level is an array"),
    ("wrong-type-rational-null.json", P3, ('"biases": ["0"]', '"biases": [null]'), "wrong-type",
     "/network/layers/1/biases/0", "null instead of a rational"),
    ("wrong-type-meets-string.json", U1, ('"meets_paper_bound": true', '"meets_paper_bound": "true"'),
     "wrong-type", "/claims/meets_paper_bound", "boolean claim as a string"),
    # --- Non-canonical rationals (more below: target of sample 1, outside T, must be "0").
    ("non-canonical-json-number.json", P3, ('"targets": ["0",', '"targets": [0,'),
     "non-canonical-rational", "/instance/targets/0", "a JSON number instead of a string"),
    ("non-canonical-weight.json", P3, ('["0", "3/4"]', '["0", "6/8"]'),
     "non-canonical-rational", "/network/layers/1/weights/0/1", "unreduced weight"),
    # --- Versions, names.
    ("format-version-2.json", P3, ('"ftcert/1"', '"ftcert/2"'), "unsupported-format", "/format",
     "wrong format version"),
    ("format-version-padded.json", P3, ('"ftcert/1"', '"ftcert/1 "'), "unsupported-format", "/format",
     "format with a trailing space"),
    ("unknown-kind.json", P3, ('"kind": "upper"', '"kind": "Upper"'), "unknown-kind", "/kind", "kind in capitals"),
    ("unknown-construction.json", P3, ('"two-layer-paper"', '"two-layer-papers"'),
     "unknown-construction", "/construction", "construction not in the registry"),
    ("unknown-rule.json", W5, ('"rule": "windows"', '"rule": "window"'), "unknown-rule", "/rule", "rule typo"),
    ("unknown-sign.json", W5, ('"concave"', '"concav"'), "unknown-sign", "/windows/0/sign", "sign typo"),
    # --- Instance shapes and sets.
    ("invalid-k.json", P3, ('"k": 3', '"k": 1'), "invalid-k", "/instance/k", "K = 1"),
    ("invalid-d.json", P3, ('"d": 1', '"d": 0'), "invalid-d", "/instance/d", "d = 0"),
    ("k3-relabelled-k4.json", P3, ('"k": 3', '"k": 4'), "wrong-length", "/instance/points",
     "a K=3 certificate relabelled as K=4"),
    ("wrong-length-targets.json", P3, ('"targets": ["0", "1/2", "0"]', '"targets": ["0", "1/2"]'),
     "wrong-length", "/instance/targets", "one target short"),
    ("wrong-length-point.json", P3, ('["-5"]', '["-5", "1"]'), "wrong-length", "/instance/points/0",
     "a point with d+1 coordinates"),
    ("wrong-length-weight-row.json", P3, ('["0", "3/4"]', '["0", "3/4", "1"]'), "wrong-length",
     "/network/layers/1/weights/0", "output row longer than the hidden width"),
    ("wrong-length-biases.json", P3, ('"biases": ["19/3", "5"]', '"biases": ["19/3"]'), "wrong-length",
     "/network/layers/0/biases", "one bias short"),
    ("wrong-length-direction.json", P3, ('"direction": ["1"]', '"direction": ["1", "0"]'), "wrong-length",
     "/claims/line/direction", "line in the wrong dimension"),
    ("duplicate-point.json", P3, ('["-13/3"]', '["-5"]'), "duplicate-point", "/instance/points/1",
     "samples 1 and 2 at the same point"),
    ("t-out-of-range-high.json", P3, ('"t": [2]', '"t": [4]'), "t-out-of-range", "/instance/t/0", "T ∋ 4 > K"),
    ("t-out-of-range-zero.json", P3, ('"t": [2]', '"t": [0]'), "t-out-of-range", "/instance/t/0",
     "T ∋ 0 (indices are 1-based)"),
    ("t-duplicate.json", P4, ('"t": [1, 2, 3, 4]', '"t": [1, 2, 2, 3, 4]'), "t-not-increasing",
     "/instance/t/2", "T lists 2 twice"),
    ("t-unsorted.json", P4, ('"t": [1, 2, 3, 4]', '"t": [1, 3, 2, 4]'), "t-not-increasing",
     "/instance/t/2", "T out of order"),
    ("nonzero-target-outside-t.json", P3, ('"targets": ["0",', '"targets": ["1",'),
     "nonzero-target-outside-t", "/instance/targets/0", "sample 1 not in T but target 1"),
    # --- Upper: network and claims.
    ("wrong-layer-count.json", U1, ('"three-layer-u1"', '"two-layer-paper"'), "wrong-layer-count",
     "/network/layers", "a 3-layer network under a 2-layer construction"),
    ("wrong-output-width.json", P3, ('["0", "3/4"]', '["0", "3/4"],\n          ["0", "3/4"]'),
     "wrong-output-width", "/network/layers/1/weights", "two output rows"),
    ("wrong-output-one-sample.json", P3, ('"1/2"', '"1/3"'), "wrong-output", None,
     "target of sample 2 changed: g(x_2) = 1/2 != 1/3"),
    ("wrong-output-network.json", P3, ('"biases": ["19/3", "5"]', '"biases": ["19/3", "6"]'),
     "wrong-output", None, "a hidden bias changed"),
    ("wrong-neurons.json", P3, ('"neurons": 2', '"neurons": 3'), "wrong-neurons", "/claims/neurons",
     "claims one neuron too many"),
    ("wrong-bound.json", P3, ('"bound": 2', '"bound": 3'), "wrong-bound", "/claims/bound",
     "a bound the formula min{3N+1, K-1} does not give"),
    ("wrong-bound-construction.json", U1, ('"three-layer-u1"', '"three-layer-u1-edge"'), "wrong-bound",
     "/claims/bound", "relabelled to a construction with another bound formula"),
    ("bound-exceeded.json", P3,
     [('["1"],\n          ["1"]', '["1"],\n          ["1"],\n          ["1"]'),
      ('"biases": ["19/3", "5"]', '"biases": ["19/3", "5", "0"]'),
      ('["0", "3/4"]', '["0", "3/4", "0"]'),
      ('"neurons": 2', '"neurons": 3')],
     "bound-exceeded", "/claims/neurons", "a dead third neuron: 3 neurons > bound 2"),
    ("width-bound-exceeded.json", DEEP, deep_wide(0), "width-bound-exceeded",
     "/network/layers/0/weights", "deep-4: three dead neurons make hidden layer 0 wider than the bound 4"),
    ("width-bound-exceeded-layer-1.json", DEEP, deep_wide(1), "width-bound-exceeded",
     "/network/layers/1/weights", "deep-4: three dead neurons make hidden layer 1 wider than the bound 4 (issue 11)"),
    ("wrong-paper-bound.json", U1, ('"4*sqrt(K)"', '"4*sqrt(N)"'), "wrong-paper-bound",
     "/claims/paper_bound", "wrong paper-bound id"),
    ("wrong-meets-paper-bound.json", U1, ('"meets_paper_bound": true', '"meets_paper_bound": false'),
     "wrong-meets-paper-bound", "/claims/meets_paper_bound", "8 <= 4*sqrt(4) claimed false"),
    ("zero-direction.json", P3, ('"direction": ["1"]', '"direction": ["0"]'), "zero-direction",
     "/claims/line/direction", "zero direction"),
    ("not-projection-line-origin.json", P3, ('"origin": ["0"]', '"origin": ["1"]'), "not-projection-line",
     "/claims/line", "shifted origin"),
    ("not-projection-line-direction.json", P3, ('"direction": ["1"]', '"direction": ["2"]'),
     "not-projection-line", "/claims/line", "scaled direction"),
    ("wrong-pieces-plus-one.json", P3, ('"pieces": 2', '"pieces": 3'), "wrong-pieces", "/claims/pieces",
     "piece count + 1"),
    ("wrong-pieces-minus-one.json", P3, ('"pieces": 2', '"pieces": 1'), "wrong-pieces", "/claims/pieces",
     "piece count - 1"),
    # --- Lower, rule windows.
    ("unsupported-layers.json", W5, ('"layers": 2', '"layers": 1'), "unsupported-layers", "/claims/layers",
     "a bound about 1 layer"),
    ("lower-deep-no-width.json", W5, ('"layers": 2', '"layers": 4'), "missing-field", "/claims",
     "a bound about 4 layers without claims.width"),
    ("lower-width-on-two-layers.json", W5L4, ('"layers": 4', '"layers": 2'), "unknown-field", "/claims/width",
     "claims.width on a 2-layer bound"),
    ("wrong-width.json", W5L4, ('"width": 1', '"width": 2'), "wrong-width", "/claims/width",
     "max-width lower bound one too high"),
    ("wrong-neurons-lower-deep.json", W5L4, ('"neurons": 3', '"neurons": 4'), "wrong-neurons", "/claims/neurons",
     "4-layer neuron lower bound one too high"),
    ("sample-out-of-range.json", W5, ('[1, 2, 3]', '[1, 2, 6]'), "sample-out-of-range",
     "/windows/0/samples/2", "sample 6 with K = 5"),
    ("sample-zero.json", W5, ('[1, 2, 3]', '[0, 2, 3]'), "sample-out-of-range", "/windows/0/samples/0",
     "sample 0 (1-based)"),
    ("repeated-sample.json", W5, ('[1, 2, 3]', '[1, 2, 2]'), "repeated-sample", "/windows/0/samples/2",
     "a window naming sample 2 twice"),
    ("not-on-line.json", W5D2, ('["1", "0"]', '["1", "1"]'), "not-on-line", "/windows/0/samples/0",
     "sample 1 moved off the line"),
    ("window-order.json", W5, ('[1, 2, 3]', '[2, 1, 3]'), "window-order", "/windows/0/samples",
     "samples not increasing along the line"),
    ("window-not-strict.json", W5, ('"concave"', '"convex"'), "window-not-strict", "/windows/0",
     "a window whose slopes do not support its sign"),
    ("windows-overlap.json", W5, ('[3, 4, 5]', '[1, 2, 5]'), "windows-overlap", "/windows",
     "two concave windows over (1,3) and (1,5)"),
    ("wrong-breakpoints.json", W5, ('"breakpoints": 3', '"breakpoints": 4'), "wrong-breakpoints",
     "/claims/breakpoints", "claims 4 breakpoints for 3 windows"),
    ("wrong-neurons-lower.json", W5, ('"neurons": 3', '"neurons": 4'), "wrong-neurons", "/claims/neurons",
     "lower bound one too high"),
    ("lower-windows-dropped.json", W5,
     [(',\n    {\n      "samples": [3, 4, 5],\n      "sign": "concave"\n    }', ''),
      ('"breakpoints": 3', '"breakpoints": 2')],
     "wrong-neurons", "/claims/neurons", "a window dropped, breakpoints fixed, neurons not"),
    # --- Lower, rule case-split.
    ("case-mismatch.json", CS3, at("/cases/0/neurons/0/weight", "+"), "case-mismatch", "/cases/0/neurons",
     "first case changed to a non-canonical one"),
    ("case-missing.json", CS3, lambda v: v["cases"].pop(), "case-missing", "/cases", "last case dropped"),
    ("case-extra.json", CS3, lambda v: v["cases"].append(v["cases"][-1]), "case-extra",
     f"/cases/{len(json.loads(CS3)['cases'])}", "last case repeated"),
    ("bad-multipliers.json", CS3, at("/cases/0/equalities/1", "2"), "bad-multipliers", "/cases/0",
     "one multiplier changed"),
    ("case-split-layers.json", CS3, at("/claims/layers", 3), "unsupported-layers", "/claims/layers",
     "case-split is about 2 layers only"),
    ("case-split-wrong-neurons.json", CS3, at("/claims/neurons", 3), "wrong-neurons", "/claims/neurons",
     "claims excluded + 2"),
    # Issue 11, finding 5: checks the suite missed when removed. Case 0 of CS3 is the cell (s_1, s_2)
    # with multipliers mu = (0, 1, -1), y = 0, z.mu = 1. y + t(-(s_2 - s_1), 1, 1) keeps E^T mu + S^T y
    # = 0 (a kernel vector of the cell's three strict rows), so only y >= 0 refuses it.
    ("case-split-negative-strict.json", CS3, at("/cases/0/strict", ["-1", "1", "1"]), "bad-multipliers",
     "/cases/0/strict/0", "y = (-1, 1, 1): the equations hold, one strict multiplier is negative"),
    ("case-split-negative-z-mu.json", CS3, at("/cases/0/equalities", ["0", "-1", "1"]), "bad-multipliers",
     "/cases/0", "mu negated: the equations hold, z.mu = -1 < 0"),
    ("case-split-zero-multipliers.json", CS3, at("/cases/0/equalities", ["0", "0", "0"]), "bad-multipliers",
     "/cases/0", "mu = 0 and y = 0: every column and z.mu are 0, nothing is refuted"),
    ("case-split-uneven-spacing.json", CS3,
     lambda v: [f(v) for f in (at("/instance/points", [["1"], ["2"], ["4"]]), at("/instance/targets", ["0", "1", "2"]),
                               at("/instance/t", [2, 3]))],
     "bad-multipliers", "/cases/0",
     "samples at 1, 2, 4 with targets 0, 1, 2: slopes 1 and 1/2, a concave window (the case list stays); "
     "case 0 keeps its multipliers, now z.mu = -1 < 0 (with products for quotients the window is convex)"),
    ("case-split-nonzero-target-outside-t.json", CS3, at("/instance/targets/0", "1"),
     "nonzero-target-outside-t", "/instance/targets/0", "case-split: sample 1 is not in T but has target 1"),
    ("case-split-alpha-column.json", COLLINEAR, None, "bad-multipliers", "/cases/12",
     "collinear data, excluded = 1: the affine case c + a.s (feasible) with mu = (1, -4, 3) refuted only "
     "if the alpha column sum mu_i s_i = 2 is ignored"),
    ("case-split-cell-overflow.json", CELL_OVERFLOW, None,
     "case-mismatch", "/cases/0/neurons/0/cell", "cell p = 2^64 - 1: p + 1 overflowed (issue 11, finding 1)"),
    # --- Exact versus float: each passes an f64 evaluation but is false exactly.
    ("float-trap-target-1e-17.json", HALF, ('"1/2"]', '"50000000000000001/100000000000000000"]'),
     "wrong-output", None, "target 1/2 + 1e-17: equal to g(x_2) = 1/2 in f64, not exactly"),
    ("float-trap-thirds-truncated.json", THIRDS,
     ('["1/3", "1/3", "1/3"]', '["3333333333333333/10000000000000000", "3333333333333333/10000000000000000", "3333333333333333/10000000000000000"]'),
     "wrong-output", None, "weights 0.3333333333333333: f64 sums them to 1, exactly 0.9999999999999999"),
    # --- Declines (budgets; small files with small limits, or structure beyond the default limits).
    ("limit-depth.json", "[" * 40 + "]" * 40, None, "limit-depth",
     "/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0",
     "40 nested arrays (default depth limit 32)", declined()),
    ("limit-digits.json", P3, ('"biases": ["0"]', '"biases": ["1' + "0" * 10_001 + '"]'),
     "limit-digits", "/network/layers/1/biases/0", "a 10002-digit rational (default limit 10000)", declined()),
    ("limit-k.json", P3, ('"k": 3', '"k": 1000000000'), "limit-k", "/instance/k",
     "claims K = 10^9 with 3 points", declined()),
    ("limit-d.json", P3, ('"d": 1', '"d": 1000000000'), "limit-d", "/instance/d",
     "claims d = 10^9", declined()),
    ("limit-neurons.json", P3, None, "limit-neurons", "/network/layers", "2 neurons with --max-neurons 1",
     declined(max_neurons=1)),
    ("limit-layers.json", U1, None, "limit-layers", "/network/layers", "3 layers with --max-layers 2",
     declined(max_layers=2)),
    ("limit-bytes.json", P3, None, "limit-bytes", None, "a certificate over --max-bytes 100",
     declined(max_bytes=100)),
    ("limit-cases.json", CS3, at("/excluded", 1000000), "limit-cases", "/excluded",
     "case-split excluding 10^6 neurons", declined()),
    ("limit-line-work.json", LINE2, None, "limit-line-work", "/line",
     "s = 2 for K = 4, d = 2 needs 16 products, --max-line-work 15", declined(max_line_work=15)),
    ("limit-digit-work.json", P3, ('"biases": ["0"]', '"biases": ["100000000000000000001/100000000000000000000"]'),
     "limit-digit-work", "/network/layers/1/biases/0",
     "a 21/21-digit rational's lowest-terms check costs 441 digit-products, --max-digit-work 100",
     declined(max_digit_work=100)),
    ("limit-values.json", P3, None, "limit-values", "/instance/points/2",
     "a certificate of more JSON values than --max-values 12", declined(max_values=12)),
]

shutil.rmtree(BAD, ignore_errors=True)
os.makedirs(BAD)

for name, base, edit, kind, path, why, *options in EDITS:
    add(name, apply(base, edit), kind, path, why, **(options[0] if options else {}))

# Non-canonical rationals: the target of sample 1 (outside T, so it must be "0").
for tag, value in [
    ("2-over-4", "2/4"), ("minus-zero", "-0"), ("plus-one", "+1"), ("leading-zero", "01"),
    ("zero-denominator", "1/0"), ("negative-denominator", "1/-2"), ("denominator-one", "3/1"),
    ("decimal", "1.5"), ("space", " 1"), ("empty-string", ""), ("minus-only", "-"), ("exponent", "1e3"),
    ("zero-over-two", "0/2"), ("hex", "0x1"), ("fullwidth-digit", "\uff11"),
]:
    add(f"non-canonical-{tag}.json", sub(P3, '"targets": ["0",', f'"targets": ["{value}",'),
        "non-canonical-rational", "/instance/targets/0", f"rational {value!r}")

with open(os.path.join(BAD, "expected.json"), "w", encoding="utf-8") as f:
    json.dump(entries, f, indent=1, ensure_ascii=False, sort_keys=True)
    f.write("\n")
print(f"{len(entries)} entries")
