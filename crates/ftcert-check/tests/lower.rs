//! Lower certificates (rule "windows"): the spec's Fig. 2 example and one mutation per rule.

use crate::common::*;
use ftcert_check::{Kind, Verdict};

#[test]
fn fig2_two_and_three_layers() {
    // 3 layers: b3(5) = 11 < 12 ≤ b3(6) = 15, so m ≥ 6 (the paper's count gives 5).
    for (layers, neurons) in [(2, 12), (3, 6)] {
        match check(&fig2(layers).json()) {
            Verdict::Accepted(s) => {
                assert_eq!(s.kind, Kind::Lower);
                assert_eq!(s.rule.as_deref(), Some("windows"));
                assert_eq!((s.k, s.d, s.n, s.layers), (14, 1, 4, layers as usize));
                assert_eq!(s.breakpoints, Some(12));
                assert_eq!(s.neurons, neurons);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn windows_on_a_slanted_line_in_the_plane() {
    // Points (2i, 1 - i) lie on origin (0, 1), direction (2, -1), but the line of a certificate
    // must be the projection line (origin 0, direction a(s) for the least separating s).
    let mut c = fig2(2);
    c.instance.d = 2;
    c.instance.points = (1..=14i64).map(|i| vec![(2 * i).to_string(), (1 - i).to_string()]).collect();
    c.origin = s(&["0", "1"]);
    c.direction = s(&["2", "-1"]);
    rejected(&c.json(), "not-projection-line", Some("/line"));
    // Samples named out of order along the line.
    let mut c = fig2(2);
    c.windows[0].samples = vec![3, 2, 1];
    rejected(&c.json(), "window-order", Some("/windows/0/samples"));
    // A reversed direction is not a(s) either.
    let mut c = fig2(2);
    c.direction = s(&["-1"]);
    let msg = rejected(&c.json(), "not-projection-line", Some("/line"));
    assert!(msg.contains("direction coordinate 0 is -1"), "{msg}");
    // A point off the line.
    let mut c = fig2(2);
    c.instance.d = 2;
    c.instance.points = (1..=14i64).map(|i| vec![i.to_string(), "0".into()]).collect();
    c.instance.points[4][1] = "1/7".into();
    c.origin = s(&["0", "0"]);
    c.direction = s(&["1", "0"]);
    let msg = rejected(&c.json(), "not-on-line", Some("/windows/2/samples/2"));
    assert_eq!(msg, "/windows/2/samples/2: sample 5 of window 2 is not on the line");
}

#[test]
fn fewer_windows_and_non_consecutive_samples() {
    // (1,3,6): S = -1/2, 1 convex on (1,6); (3,6,9): 1, -1 concave on (3,9);
    // (6,9,12): -1, 1 convex on (6,12), touching (1,6); (9,12,14): 1, -1 concave on (9,14).
    let mut c = fig2(2);
    c.windows = vec![
        Window { samples: vec![1, 3, 6], sign: "convex".into() },
        Window { samples: vec![3, 6, 9], sign: "concave".into() },
        Window { samples: vec![6, 9, 12], sign: "convex".into() },
        Window { samples: vec![9, 12, 14], sign: "concave".into() },
    ];
    c.breakpoints = 4;
    c.neurons = 4;
    assert!(check(&c.json()).is_accepted(), "{:?}", check(&c.json()));
    c.layers = 3;
    c.neurons = 3;
    assert!(check(&c.json()).is_accepted());
}

#[test]
fn rejects_each_window_rule() {
    let good = fig2(2);
    rejected(&good.json().replacen("\"windows\",", "\"bogus\",", 1), "unknown-rule", Some("/rule"));
    let no_rule = good.json().replacen("\"rule\": \"windows\",", "", 1);
    rejected(&no_rule, "missing-field", Some(""));

    let mut c = good.clone();
    c.windows[3].sign = "flat".into();
    rejected(&c.json(), "unknown-sign", Some("/windows/3/sign"));
    let mut c = good.clone();
    c.windows[11].samples = vec![12, 13, 15];
    rejected(&c.json(), "sample-out-of-range", Some("/windows/11/samples/2"));
    c.windows[11].samples = vec![0, 13, 14];
    rejected(&c.json(), "sample-out-of-range", Some("/windows/11/samples/0"));
    let mut c = good.clone();
    c.windows[1].samples = vec![2, 3, 2];
    rejected(&c.json(), "repeated-sample", Some("/windows/1/samples/2"));
    let mut c = good.clone();
    c.windows[0].samples = vec![3, 2, 1];
    let msg = rejected(&c.json(), "window-order", Some("/windows/0/samples"));
    assert_eq!(
        msg,
        "/windows/0/samples: window 0: samples 3, 2, 1 are at s = 3, 2, 1, not strictly increasing"
    );
    let mut c = good.clone();
    c.windows[2].sign = "convex".into();
    let msg = rejected(&c.json(), "window-not-strict", Some("/windows/2"));
    assert_eq!(msg, "/windows/2: window 2 is convex but S_ij = 1 and S_jk = 0 (need S_ij < S_jk)");
    // A flat window (all zero targets) is not strict for either sign.
    let mut c = good.clone();
    c.windows.push(Window { samples: vec![13, 14, 1], sign: "concave".into() });
    c.windows.last_mut().unwrap().samples = vec![1, 2, 14];
    c.breakpoints = 13;
    c.neurons = 13;
    rejected(&c.json(), "window-not-strict", Some("/windows/12"));

    // Overlap: window (4, 6, 7) concave overlaps window (3, 4, 5) concave.
    let mut c = good.clone();
    c.windows[0].samples = vec![4, 6, 7];
    let msg = rejected(&c.json(), "windows-overlap", Some("/windows"));
    assert_eq!(msg, "/windows: concave windows 0 and 2 overlap");
    // Same window twice.
    let mut c = good.clone();
    c.windows.push(c.windows[5].clone());
    c.breakpoints = 13;
    c.neurons = 13;
    rejected(&c.json(), "windows-overlap", Some("/windows"));

    let mut c = good.clone();
    c.layers = 1;
    rejected(&c.json(), "unsupported-layers", Some("/claims/layers"));
    // Depth ≥ 4 needs `claims.width`.
    let mut c = good.clone();
    c.layers = 4;
    rejected(&c.json(), "missing-field", Some("/claims"));
    let mut c = good.clone();
    c.breakpoints = 13;
    rejected(&c.json(), "wrong-breakpoints", Some("/claims/breakpoints"));
    let mut c = good.clone();
    c.neurons = 13;
    rejected(&c.json(), "wrong-neurons", Some("/claims/neurons"));
    let mut c = fig2(3);
    c.neurons = 7;
    rejected(&c.json(), "wrong-neurons", Some("/claims/neurons"));
    let mut c = good.clone();
    c.direction = s(&["0"]);
    rejected(&c.json(), "zero-direction", Some("/line/direction"));
    let mut c = good.clone();
    c.instance.targets[0] = "5".into();
    rejected(&c.json(), "nonzero-target-outside-t", Some("/instance/targets/0"));
    let order = good.json().replacen("\"line\"", "\"lines\"", 1);
    rejected(&order, "unknown-field", Some("/lines"));
}

/// Certificates written before the sharper count claim the paper's 3-layer value (5 for Fig. 2):
/// true, only weaker, so accepted and reported as claimed; one above the sharper value is not.
#[test]
fn weaker_claims_are_accepted_higher_ones_rejected() {
    for (claim, accepted) in [(0, true), (5, true), (6, true), (7, false)] {
        let mut c = fig2(3);
        c.neurons = claim;
        match check(&c.json()) {
            Verdict::Accepted(s) if accepted => assert_eq!(s.neurons, claim as usize),
            Verdict::Rejected(r) if !accepted => assert_eq!(r.kind(), "wrong-neurons"),
            other => panic!("claim {claim}: {other:?}"),
        }
    }
    // Depth 4: 12 breakpoints need 5 neurons and max width 2.
    let text = fig2(4).json().replace(r#""neurons": 6}"#, r#""neurons": 5, "width": 2}"#);
    match check(&text) {
        Verdict::Accepted(s) => assert_eq!((s.layers, s.neurons, s.widths.clone()), (4, 5, vec![2])),
        other => panic!("{other:?}"),
    }
    let too_wide = text.replace(r#""width": 2"#, r#""width": 3"#);
    let msg = rejected(&too_wide, "wrong-width", Some("/claims/width"));
    assert_eq!(msg, "/claims/width: claimed max hidden width 3, the breakpoints certify at most 2");
    rejected(&text.replace(r#""neurons": 5"#, r#""neurons": 6"#), "wrong-neurons", Some("/claims/neurons"));
    let three = text.replace(r#""layers": 4"#, r#""layers": 3"#);
    rejected(&three, "unknown-field", Some("/claims/width"));
}

/// cargo-mutants (line.rs:61, the guard on s = direction[1]): a negative or non-integer s is
/// refused as such, before a(s) or minimality is tried.
#[test]
fn projection_line_s_must_be_a_non_negative_integer() {
    for bad in ["-1", "1/2"] {
        let mut c = fig2(2);
        c.instance.d = 2;
        c.instance.points = (1..=14i64).map(|i| vec![i.to_string(), "0".into()]).collect();
        c.origin = s(&["0", "0"]);
        c.direction = s(&["1", bad]);
        let msg = rejected(&c.json(), "not-projection-line", Some("/line"));
        assert!(msg.contains(&format!("direction coordinate 1 is {bad}, must be an integer s ≥ 0")), "{msg}");
    }
}

/// A windows certificate with no windows on K points in dimension d along direction `dir`.
fn empty_windows(points: &[&[&str]], dir: &[&str]) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|p| format!("[{}]", p.iter().map(|x| format!("\"{x}\"")).collect::<Vec<_>>().join(",")))
        .collect();
    let d = dir.len();
    let zeros = vec!["\"0\""; points.len()].join(",");
    let origin = vec!["\"0\""; d].join(",");
    let dir: Vec<String> = dir.iter().map(|x| format!("\"{x}\"")).collect();
    format!(
        "{{\"format\":\"ftcert/1\",\"kind\":\"lower\",\"rule\":\"windows\",\"instance\":{{\"k\":{},\"d\":{d},\
         \"points\":[{}],\"targets\":[{zeros}],\"t\":[]}},\"line\":{{\"origin\":[{origin}],\"direction\":[{}]}},\
         \"windows\":[],\"claims\":{{\"layers\":2,\"breakpoints\":0,\"neurons\":0}}}}",
        points.len(),
        pts.join(","),
        dir.join(",")
    )
}

#[test]
fn projection_line_with_s_two_and_the_early_limit() {
    // (0,0), (0,1) collide under a(0) = (1,0); (5,0), (4,1) under a(1) = (1,1); a(2) separates:
    // 0, 2, 5, 6. K = 4, d = 2: the limit (d−1)·K(K−1)/2 is 6.
    let p2: &[&[&str]] = &[&["0", "0"], &["0", "1"], &["5", "0"], &["4", "1"]];
    assert!(check(&empty_windows(p2, &["1", "2"])).is_accepted());
    let msg = rejected(&empty_windows(p2, &["1", "1"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("a(1) gives two samples the same projection"), "{msg}");
    let msg = rejected(&empty_windows(p2, &["1", "0"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("a(0) gives two samples the same projection"), "{msg}");
    for s in ["3", "6"] {
        let msg = rejected(&empty_windows(p2, &["1", s]), "not-projection-line", Some("/line"));
        assert!(msg.contains("s = 2 already separates the points"), "s = {s}: {msg}");
    }
    let msg = rejected(&empty_windows(p2, &["1", "7"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("s = 7 exceeds (d−1)·K(K−1)/2 = 6"), "{msg}");
    // d = 3 (third coordinates 0): the limit is 2·6 = 12, and a(s) = (1, s, s²).
    let p3: &[&[&str]] = &[&["0", "0", "0"], &["0", "1", "0"], &["5", "0", "0"], &["4", "1", "0"]];
    assert!(check(&empty_windows(p3, &["1", "2", "4"])).is_accepted());
    let msg = rejected(&empty_windows(p3, &["1", "2", "3"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("direction coordinate 2 is 3, a(s) has 4 (s = 2)"), "{msg}");
    let msg = rejected(&empty_windows(p3, &["1", "12", "144"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("s = 2 already separates the points"), "{msg}");
    let msg = rejected(&empty_windows(p3, &["1", "13", "169"]), "not-projection-line", Some("/line"));
    assert!(msg.contains("s = 13 exceeds (d−1)·K(K−1)/2 = 12"), "{msg}");
}

#[test]
fn projection_line_work_budget_is_s_k_d() {
    // s = 2, K = 4, d = 2: the minimality check costs s·K·d = 16 coordinate products.
    let p2: &[&[&str]] = &[&["0", "0"], &["0", "1"], &["5", "0"], &["4", "1"]];
    let cert = empty_windows(p2, &["1", "2"]);
    let with = |max_line_work| ftcert_check::Limits { max_line_work, ..ftcert_check::Limits::default() };
    assert!(ftcert_check::check_str(&cert, &with(16)).is_accepted());
    match ftcert_check::check_str(&cert, &with(15)) {
        Verdict::Declined(d) => {
            assert_eq!((d.kind(), d.path()), ("limit-line-work", Some("/line")));
            assert!(d.to_string().contains("16"), "{d}");
        }
        other => panic!("{other:?}"),
    }
}

/// A case-split certificate on K points (i, 0), the last one moved off the line to (K, 1), so the
/// first rule after the candidate budget refuses it: the budget is seen without enumerating.
fn case_split_off_line(k: usize, excluded: u64) -> String {
    let mut points: Vec<String> = (1..k).map(|i| format!("[\"{i}\",\"0\"]")).collect();
    points.push(format!("[\"{k}\",\"1\"]"));
    let zeros = vec!["\"0\""; k].join(",");
    format!(
        "{{\"format\":\"ftcert/1\",\"kind\":\"lower\",\"rule\":\"case-split\",\"instance\":{{\"k\":{k},\"d\":2,\
         \"points\":[{}],\"targets\":[{zeros}],\"t\":[]}},\"line\":{{\"origin\":[\"0\",\"0\"],\"direction\":[\"1\",\"0\"]}},\
         \"excluded\":{excluded},\"cases\":[],\"claims\":{{\"layers\":2,\"neurons\":{}}}}}",
        points.join(","),
        excluded + 1
    )
}

#[test]
fn case_split_candidate_budget_is_the_sum_of_binomials() {
    // K = 100: 4·(2K − 3) = 788 keys. Σ_{m ≤ e} C(787 + m, m) is 311,655 for e = 2 (within the
    // 2,000,000 budget: the next rule refuses the moved point) and 82,217,035 for e = 3 (declined).
    let msg = rejected(&case_split_off_line(100, 2), "case-mismatch", Some("/instance/points/99"));
    assert!(msg.contains("sample 100 is not on the line"), "{msg}");
    for e in [3, 64] {
        match check(&case_split_off_line(100, e)) {
            Verdict::Declined(d) => {
                assert_eq!((d.kind(), d.path()), ("limit-cases", Some("/excluded")), "{d}")
            }
            other => panic!("excluded {e}: {other:?}"),
        }
    }
    // K = 3: 12 keys, Σ_{m ≤ e} C(11 + m, m) = C(12 + e, e): 1,352,078 for e = 11, 2,704,156 for
    // e = 12.
    let msg = rejected(&case_split_off_line(3, 11), "case-mismatch", Some("/instance/points/2"));
    assert!(msg.contains("sample 3 is not on the line"), "{msg}");
    assert_eq!(check(&case_split_off_line(3, 12)).kind(), "limit-cases");
    // K = 2 (cargo-mutants, case_split.rs:282:19): 4 keys, C(4 + e, e) is only 814,385 at
    // e = 64, within the budget, so e = 64 is judged (the moved point) and e = 65 is declined by
    // the rule excluded ≤ 64 alone.
    let msg = rejected(&case_split_off_line(2, 64), "case-mismatch", Some("/instance/points/1"));
    assert!(msg.contains("sample 2 is not on the line"), "{msg}");
    assert_eq!(check(&case_split_off_line(2, 65)).kind(), "limit-cases");
}

/// The issue-11 memory case (`scripts/adversarial.py case-split`): K = 2, `excluded` = 64 on the
/// line, 814,385 canonical cases of up to 64 neurons. The checker streams the list: a wrong first
/// case is refused at once, and an empty list names the exact total (counted, not kept).
fn case_split_k2(cases: &str) -> String {
    format!(
        "{{\"format\":\"ftcert/1\",\"kind\":\"lower\",\"rule\":\"case-split\",\"instance\":{{\"k\":2,\"d\":1,\
         \"points\":[[\"1\"],[\"2\"]],\"targets\":[\"0\",\"0\"],\"t\":[]}},\"line\":{{\"origin\":[\"0\"],\
         \"direction\":[\"1\"]}},\"excluded\":64,\"cases\":[{cases}],\"claims\":{{\"layers\":2,\"neurons\":65}}}}"
    )
}

#[test]
fn case_split_k2_excluded_64_is_streamed() {
    let wrong = r#"{"neurons":[],"equalities":["0","0"],"strict":[]}"#;
    let msg = rejected(&case_split_k2(wrong), "case-mismatch", Some("/cases/0/neurons"));
    let first = vec!["[1, 2] - -"; 64].join("; ");
    assert!(msg.contains(&format!("case 0 is [], the canonical case list has [{first}] here")), "{msg}");
    let msg = rejected(&case_split_k2(""), "case-missing", Some("/cases"));
    assert!(msg.contains(&format!("0 cases given, 814385 expected; case 0 [{first}] is missing")), "{msg}");
}

#[test]
fn collinear_windows_are_refused_for_either_sign() {
    // Three samples on one line of slope 0: neither convex nor concave, strictly.
    for sign in ["convex", "concave"] {
        let cert = format!(
            "{{\"format\":\"ftcert/1\",\"kind\":\"lower\",\"rule\":\"windows\",\"instance\":{{\"k\":3,\"d\":1,\
             \"points\":[[\"1\"],[\"2\"],[\"3\"]],\"targets\":[\"0\",\"0\",\"0\"],\"t\":[]}},\
             \"line\":{{\"origin\":[\"0\"],\"direction\":[\"1\"]}},\"windows\":[{{\"samples\":[1,2,3],\"sign\":\"{sign}\"}}],\
             \"claims\":{{\"layers\":2,\"breakpoints\":1,\"neurons\":1}}}}"
        );
        rejected(&cert, "window-not-strict", Some("/windows/0"));
    }
}

/// A zig-zag windows certificate on the line: K = b + 2 samples with targets −1, 1, −1, …, the
/// b consecutive windows (i, i + 1, i + 2) alternating concave/convex, and these claims.
fn zigzag_windows(b: u64, layers: u64, neurons: u64, width: u64) -> String {
    let k = b + 2;
    let t: Vec<(u64, &str)> = (1..=k).map(|i| (i, if i % 2 == 0 { "1" } else { "-1" })).collect();
    let c = Lower {
        rule: "windows".into(),
        instance: Inst::line(k, &t),
        origin: s(&["0"]),
        direction: s(&["1"]),
        windows: (1..=b)
            .map(|i| Window {
                samples: vec![i, i + 1, i + 2],
                sign: if i % 2 == 1 { "concave" } else { "convex" }.into(),
            })
            .collect(),
        layers,
        breakpoints: b,
        neurons,
    };
    c.json().replace(
        &format!(r#""neurons": {neurons}}}"#),
        &format!(r#""neurons": {neurons}, "width": {width}}}"#),
    )
}

/// Every way to write `s` as `h` widths ≥ 1.
fn compositions(s: usize, h: usize) -> Vec<Vec<usize>> {
    if h == 1 {
        return if s >= 1 { vec![vec![s]] } else { Vec::new() };
    }
    let mut out = Vec::new();
    for first in 1..s {
        for mut rest in compositions(s - first, h - 1) {
            rest.insert(0, first);
            out.push(rest);
        }
    }
    out
}

/// cargo-mutants (lower/mod.rs, `deep_least_neurons` and `least_width`): for depth L = 4..=7 and
/// b = 1..=60 breakpoints, the neurons and the max width the checker certifies (the `actual` of
/// the refused too-high claims) equal a brute force written here: the least Σ w over all hidden
/// widths w_1..w_{L−1} ≥ 1 whose piece bound (`registry::deep_piece_bound`, itself tested against
/// the spec in tests/registry.rs) exceeds b, and the least w with P(w, …, w) > b.
#[test]
fn deep_least_neurons_and_width_match_a_brute_force() {
    use ftcert_check::registry::deep_piece_bound;
    use ftcert_check::Rejection;
    for layers in 4..=7u64 {
        let h = layers as usize - 1;
        for b in 1..=60u64 {
            let exceeds = |w: &[usize]| deep_piece_bound(w) > b as usize;
            let neurons = (h..).find(|&s| compositions(s, h).iter().any(|w| exceeds(w))).expect("exists");
            let width = (1..).find(|&w| exceeds(&vec![w; h])).expect("exists");
            match check(&zigzag_windows(b, layers, 1_000_000, 0)) {
                Verdict::Rejected(Rejection::WrongNeurons { actual, .. }) => {
                    assert_eq!(actual, neurons, "L = {layers}, b = {b}: neurons")
                }
                other => panic!("L = {layers}, b = {b}: {other:?}"),
            }
            match check(&zigzag_windows(b, layers, 0, 1_000_000)) {
                Verdict::Rejected(Rejection::WrongWidth { actual, .. }) => {
                    assert_eq!(actual, width, "L = {layers}, b = {b}: width")
                }
                other => panic!("L = {layers}, b = {b}: {other:?}"),
            }
        }
    }
}
