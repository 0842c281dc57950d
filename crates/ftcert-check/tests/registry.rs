//! The registry's bound formulas against the spec's formulas written out again here
//! (spec/two-layer.md, spec/two-layer-exact.md, spec/constructions.md §3), on a grid of (K, N),
//! plus hand-computed values; and the paper-bound comparisons at their exact boundaries.

use ftcert_check::registry::{self, lookup, paper_bound, DepthRule, PaperBound};

/// ⌈√n⌉ by search.
fn ceil_sqrt(n: usize) -> usize {
    (0..).find(|p: &usize| p * p >= n).expect("exists")
}

/// (q, p'): p = ⌈√n⌉ groups of q = ⌈n/p⌉ anchors, p' = ⌈n/q⌉ nonempty.
fn round(n: usize) -> (usize, usize) {
    if n == 0 {
        return (0, 0);
    }
    let p = ceil_sqrt(n);
    let q = n.div_ceil(p);
    (q, n.div_ceil(q))
}

fn e(x: usize) -> usize {
    x.min(2)
}

/// The spec's bound of each construction at (K, N).
fn spec_bound(id: &str, k: usize, n: usize) -> usize {
    let (q, p1) = round(k);
    let u3 = |a: usize| {
        let (q, p1) = round(a);
        2 * p1 + 4 * q
    };
    match id {
        "two-layer-paper" => (3 * n + 1).min(k - 1),
        "two-layer-tight" if k > 3 * n => (3 * n).min(k - 2),
        "two-layer-tight" => k - 1,
        "two-layer-optimal" => optimal(k, n),
        "three-layer-u1" => 2 * p1 + 2 * q,
        "three-layer-u1-edge" => 2 * p1 + 2 * q - e(p1) - e(q),
        "three-layer-u2" => 2 * p1 + 3 * n,
        "three-layer-u3" => (1..=(3 * n + 2).min(k)).map(u3).max().unwrap_or(0),
        "three-layer-u3-t" => u3(n),
        "three-layer-appendix-a" => 2 * (n + (n + 1).min(k - n)) + 2,
        "three-layer-lift" => optimal(k, n) + 1,
        other => panic!("{other}"),
    }
}

/// m*(K, N) (docs/two-layer-exact.md).
fn optimal(k: usize, n: usize) -> usize {
    match (k, n) {
        (_, 0) => 0,
        (5.., _) => (3 * n).min(k - 2),
        (4, 1) => 2,
        (4, _) => 3,
        (3, _) => 2,
        _ => k - 1,
    }
}

/// deep-L's max hidden width (spec constructions.md §3.6).
fn spec_deep_width(l: usize, k: usize, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let blocks = (l - 1) / 2;
    let (q, p1) = round(k);
    let u1_edge = (2 * p1 - e(p1)).max(2 * q - e(q));
    let parts = [n.div_ceil(blocks), n / blocks];
    parts
        .iter()
        .filter(|&&s| s >= 1)
        .map(|&s| {
            let (q, p1) = round(s);
            (2 * p1).max(4 * q).min(u1_edge) + 2
        })
        .max()
        .expect("N ≥ 1 gives a part")
}

const IDS: [&str; 11] = [
    "two-layer-paper",
    "two-layer-tight",
    "two-layer-optimal",
    "three-layer-u1",
    "three-layer-u1-edge",
    "three-layer-u2",
    "three-layer-u3",
    "three-layer-u3-t",
    "three-layer-appendix-a",
    "three-layer-lift",
    "three-layer-u1",
];

#[test]
fn every_bound_formula_matches_the_spec_on_a_grid() {
    let mut compared = 0;
    for id in IDS {
        let c = lookup(id).unwrap_or_else(|| panic!("{id} registered"));
        assert_eq!(c.id, id);
        let layers = if id.starts_with("two-layer") { 2 } else { 3 };
        assert_eq!(c.depth.layers(), layers, "{id}");
        for k in 3..=70 {
            for n in 0..=k {
                assert_eq!((c.bound)(k, n), spec_bound(id, k, n), "{id} at K = {k}, N = {n}");
                compared += 1;
            }
        }
    }
    assert!(compared > 20_000);
    // Hand values: K = 14, N = 4 (the spec's Fig. 2 instance): p = 4, q = 4, p' = 4.
    let at = |id: &str| (lookup(id).expect("id").bound)(14, 4);
    assert_eq!(at("two-layer-paper"), 13);
    assert_eq!(at("two-layer-tight"), 12);
    assert_eq!(at("two-layer-optimal"), 12);
    assert_eq!(at("three-layer-u1"), 16);
    assert_eq!(at("three-layer-u1-edge"), 12);
    assert_eq!(at("three-layer-u2"), 20);
    assert_eq!(at("three-layer-u3-t"), 12);
    assert_eq!(at("three-layer-appendix-a"), 20);
    assert!(
        lookup("two-layer-papers").is_none() && lookup("deep-3").is_none() && lookup("deep-65").is_none()
    );
}

#[test]
fn deep_width_bound_matches_the_spec() {
    for l in 4..=13 {
        let c = lookup(&format!("deep-{l}")).expect("deep-L registered");
        assert_eq!(c.depth, DepthRule::Deep(l));
        assert_eq!(c.depth.layers(), l);
        assert!(c.depth.bounds_max_width());
        for k in 3..=60 {
            for n in 0..=k {
                let want = spec_deep_width(l, k, n);
                assert_eq!(registry::deep_width_bound(l, k, n), want, "L = {l}, K = {k}, N = {n}");
                assert_eq!((c.bound)(k, n), want, "deep-{l} at K = {k}, N = {n}");
            }
        }
    }
    // L = 5: two blocks; N = 9 splits into 5 + 4 anchors: max(2p', 4q) = 8 for both, below
    // U1-edge(100) = 18, plus C and A: 10.
    assert_eq!(registry::deep_width_bound(5, 100, 9), 10);
    assert_eq!(registry::deep_width_bound(3, 100, 9), 0);
    assert!(!DepthRule::for_layers(3).bounds_max_width() && !DepthRule::for_layers(2).bounds_max_width());
}

#[test]
fn paper_bounds_at_their_boundaries() {
    use PaperBound::*;
    for id in ["three-layer-u1", "three-layer-u1-edge"] {
        assert_eq!(paper_bound(id), Some(FourSqrtK));
    }
    assert_eq!(paper_bound("three-layer-u2"), Some(TwoSqrtKPlusThreeN));
    assert_eq!(paper_bound("three-layer-u3"), Some(SixSqrtThreeNPlusTwo));
    assert_eq!(paper_bound("three-layer-u3-t"), Some(SixSqrtThreeNPlusTwo));
    assert_eq!(paper_bound("three-layer-appendix-a"), Some(FourNPlusFour));
    assert_eq!(paper_bound("two-layer-paper"), None);
    // 4√K at K = 16 is 16; at K = 15 it is 15.49….
    assert!(FourSqrtK.meets(16, 16, 0) && !FourSqrtK.meets(17, 16, 0) && !FourSqrtK.meets(16, 15, 0));
    // 2√K + 3N at K = 9, N = 2: 12. And m ≤ 3N always meets it.
    let b = TwoSqrtKPlusThreeN;
    assert!(b.meets(12, 9, 2) && !b.meets(13, 9, 2) && b.meets(6, 0, 2) && !b.meets(7, 0, 2));
    // 6√(3N + 2) at N = 2: 6√8 = 16.97…; at N = 10: 6√32 = 33.94….
    let b = SixSqrtThreeNPlusTwo;
    assert!(b.meets(16, 0, 2) && !b.meets(17, 0, 2) && b.meets(33, 0, 10) && !b.meets(34, 0, 10));
    // 4N + 4.
    assert!(FourNPlusFour.meets(12, 0, 2) && !FourNPlusFour.meets(13, 0, 2));
    for (b, id) in [
        (FourSqrtK, "4*sqrt(K)"),
        (TwoSqrtKPlusThreeN, "2*sqrt(K)+3*N"),
        (SixSqrtThreeNPlusTwo, "6*sqrt(3*N+2)"),
        (FourNPlusFour, "4*N+4"),
    ] {
        assert_eq!(b.id(), id);
    }
    assert!(registry::bound_is_neurons("search-2") && registry::bound_is_neurons("search-3"));
    assert!(!registry::bound_is_neurons("two-layer-paper"));
}
