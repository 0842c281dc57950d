//! The construction registry (construction id → depth and neuron-bound formula at (K, N)) and the
//! per-depth piece bounds. To add a construction, add a `Construction` to `CONSTRUCTIONS`.

/// How many layers a construction's networks have, and which piece bound along a line applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DepthRule {
    /// One hidden layer of width m: at most m kinks, pieces ≤ m + 1.
    TwoLayer,
    /// Two hidden layers of widths d1, d2: pieces ≤ 1 + β(d1, d2) ([`three_layer_breakpoints`]).
    ThreeLayer,
    /// Any other depth (the number of layers, counting the output layer): [`deep_piece_bound`].
    Deep(usize),
}

impl DepthRule {
    /// The rule for a network with `layers` layers (counting the output layer).
    pub fn for_layers(layers: usize) -> DepthRule {
        match layers {
            2 => DepthRule::TwoLayer,
            3 => DepthRule::ThreeLayer,
            n => DepthRule::Deep(n),
        }
    }

    /// The number of layers, counting the output layer.
    pub fn layers(self) -> usize {
        match self {
            DepthRule::TwoLayer => 2,
            DepthRule::ThreeLayer => 3,
            DepthRule::Deep(n) => n,
        }
    }

    /// Whether `claims.bound` bounds the largest hidden width (deep constructions) rather than
    /// the total number of hidden neurons (2 and 3 layers).
    pub fn bounds_max_width(self) -> bool {
        matches!(self, DepthRule::Deep(_))
    }

    /// The maximal number of affine pieces along a line for these hidden widths (saturating
    /// arithmetic; docs/lower-bounds.md): m + 1 for 2 layers, 1 + β(d1, d2) for 3 layers, and for
    /// deeper networks the layer-by-layer bound of [`deep_piece_bound`]. `None` when the widths do
    /// not fit the depth.
    pub fn piece_bound(self, hidden_widths: &[usize]) -> Option<usize> {
        (hidden_widths.len() + 1 == self.layers() && !hidden_widths.is_empty())
            .then(|| deep_piece_bound(hidden_widths))
    }
}

/// β(d1, d2): the most breakpoints along a line of a 3-layer ReLU network with hidden widths d1,
/// d2 (docs/lower-bounds.md). Layer 1 has at most d1 kinks; a layer-2 neuron's input
/// u = A·s + B + Σ C_j (s − p_j)_+ has A = −Σ_{facing left} C_j, so it crosses zero at most
/// c(d1) times, c(d1) = d1 + 1 for d1 ≥ 3 and d1 for d1 ≤ 2; a single layer-2 neuron (d2 = 1)
/// also keeps a layer-1 kink only where u ≥ 0, which caps it at ⌊3(d1 + 1)/2⌋. 0 if a width is 0.
pub fn three_layer_breakpoints(d1: usize, d2: usize) -> usize {
    if d1 == 0 || d2 == 0 {
        return 0;
    }
    let crossings = if d1 >= 3 { d1.saturating_add(1) } else { d1 };
    let general = d2.saturating_mul(crossings).saturating_add(d1);
    if d2 == 1 {
        let p = d1.saturating_add(1);
        general.min(p.saturating_add(p / 2))
    } else {
        general
    }
}

/// The piece bound along a line of a ReLU network with these hidden widths: 1 if a width is 0
/// (the network is constant); P_1 = d1 + 1; P_2 = 1 + β(d1, d2); then per layer of width d:
/// P·(d + 1) if d ≥ 2, ⌊3P/2⌋ + 1 if d = 1 (one ReLU of a function with P pieces has at most
/// ⌊3P/2⌋ breakpoints). Saturating.
pub fn deep_piece_bound(hidden_widths: &[usize]) -> usize {
    if hidden_widths.contains(&0) {
        return 1;
    }
    match hidden_widths {
        [] => 1,
        [m] => m.saturating_add(1),
        [d1, d2, rest @ ..] => {
            let mut p = three_layer_breakpoints(*d1, *d2).saturating_add(1);
            for &d in rest {
                p = if d == 1 {
                    p.saturating_add(p / 2).saturating_add(1)
                } else {
                    p.saturating_mul(d.saturating_add(1))
                };
            }
            p
        }
    }
}

/// One registered upper-bound construction.
#[derive(Debug, Clone, Copy)]
pub struct Construction {
    /// The value of the certificate's `construction` field.
    pub id: &'static str,
    /// The network depth the construction produces.
    pub depth: DepthRule,
    /// `claims.bound` at (K, N).
    pub bound: fn(usize, usize) -> usize,
    /// Where the bound comes from.
    pub source: &'static str,
}

/// min{3N + 1, K − 1} (Theorem 4.1 upper bound; spec two-layer.md §2).
pub fn two_layer_paper_bound(k: usize, n: usize) -> usize {
    n.saturating_mul(3).saturating_add(1).min(k.saturating_sub(1))
}

/// min{3N, K − 2} if K ≥ 3N + 1, else K − 1 (spec two-layer.md §3).
pub fn two_layer_tight_bound(k: usize, n: usize) -> usize {
    let three_n = n.saturating_mul(3);
    if k >= three_n.saturating_add(1) {
        three_n.min(k.saturating_sub(2))
    } else {
        k.saturating_sub(1)
    }
}

/// m*(K, N) of docs/two-layer-exact.md: 0 if N = 0; K ≥ 5: min{3N, K − 2}; K = 4: 2 if N = 1,
/// else 3; K = 3: 2; K = 2: 1.
pub fn two_layer_optimal_bound(k: usize, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    if k >= 5 {
        return n.saturating_mul(3).min(k - 2);
    }
    match k {
        4 if n == 1 => 2,
        4 => 3,
        3 => 2,
        _ => k.saturating_sub(1),
    }
}

/// ⌊√x⌋ (integers only).
fn isqrt(x: u128) -> u128 {
    x.isqrt()
}

/// (q, p') of the paper's rounding for n anchors: p = ⌈√n⌉ groups of q = ⌈n/p⌉ anchors, p' =
/// ⌈n/q⌉ of them nonempty; (0, 0) for n = 0.
fn rounding(n: usize) -> (usize, usize) {
    if n == 0 {
        return (0, 0);
    }
    let r = isqrt(n as u128) as usize;
    let p = if r.saturating_mul(r) == n { r } else { r + 1 };
    let q = n.div_ceil(p);
    (q, n.div_ceil(q))
}

/// U1: 2p' + 2q at n = K.
pub fn u1_bound(k: usize, _n: usize) -> usize {
    let (q, p1) = rounding(k);
    p1.saturating_mul(2).saturating_add(q.saturating_mul(2))
}

/// U1 with edge saving: 2p' + 2q − e(p') − e(q), e(x) = min(x, 2).
pub fn u1_edge_bound(k: usize, n: usize) -> usize {
    let (q, p1) = rounding(k);
    u1_bound(k, n).saturating_sub(p1.min(2)).saturating_sub(q.min(2))
}

/// U2: 2p' + 3N (p' of K).
pub fn u2_bound(k: usize, n: usize) -> usize {
    rounding(k).1.saturating_mul(2).saturating_add(n.saturating_mul(3))
}

fn u3_count(anchors: usize) -> usize {
    let (q, p1) = rounding(anchors);
    p1.saturating_mul(2).saturating_add(q.saturating_mul(4))
}

/// U3 on J: max of 2p' + 4q over |J| in 1..=min(3N + 2, K) (Lemma 4.7 bounds |J|).
pub fn u3_bound(k: usize, n: usize) -> usize {
    let top = n.saturating_mul(3).saturating_add(2).min(k);
    (1..=top).map(u3_count).max().unwrap_or(0)
}

/// U3 with anchors T: 2p' + 4q at N (0 at N = 0).
pub fn u3_t_bound(_k: usize, n: usize) -> usize {
    u3_count(n)
}

/// Appendix A: 2·#groups + 2 with the largest number of nonempty groups, N + min(N + 1, K − N).
pub fn appendix_a_bound(k: usize, n: usize) -> usize {
    let groups = n.saturating_add(n.saturating_add(1).min(k.saturating_sub(n)));
    groups.saturating_mul(2).saturating_add(2)
}

/// The lift of `two-layer-optimal`: its bound + 1.
pub fn lift_bound(k: usize, n: usize) -> usize {
    two_layer_optimal_bound(k, n).saturating_add(1)
}

/// The paper's real-valued bound that a 3-layer construction's count is compared with
/// (`claims.paper_bound`, `claims.meets_paper_bound`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperBound {
    /// `4*sqrt(K)`.
    FourSqrtK,
    /// `2*sqrt(K)+3*N`.
    TwoSqrtKPlusThreeN,
    /// `6*sqrt(3*N+2)`.
    SixSqrtThreeNPlusTwo,
    /// `4*N+4`.
    FourNPlusFour,
}

impl PaperBound {
    /// The formula id of `claims.paper_bound`.
    pub fn id(self) -> &'static str {
        match self {
            PaperBound::FourSqrtK => "4*sqrt(K)",
            PaperBound::TwoSqrtKPlusThreeN => "2*sqrt(K)+3*N",
            PaperBound::SixSqrtThreeNPlusTwo => "6*sqrt(3*N+2)",
            PaperBound::FourNPlusFour => "4*N+4",
        }
    }

    /// Whether m ≤ bound(K, N), decided with integers: m ≤ c·√x ⟺ m² ≤ c²·x, and
    /// m ≤ 2√K + 3N ⟺ m ≤ 3N or (m − 3N)² ≤ 4K. Saturating: never panics.
    pub fn meets(self, m: usize, k: usize, n: usize) -> bool {
        let (m, k, n) = (m as u128, k as u128, n as u128);
        let sq = |x: u128| x.saturating_mul(x);
        match self {
            PaperBound::FourSqrtK => sq(m) <= k.saturating_mul(16),
            PaperBound::TwoSqrtKPlusThreeN => {
                let three_n = n.saturating_mul(3);
                m <= three_n || sq(m - three_n) <= k.saturating_mul(4)
            }
            PaperBound::SixSqrtThreeNPlusTwo => {
                sq(m) <= n.saturating_mul(3).saturating_add(2).saturating_mul(36)
            }
            PaperBound::FourNPlusFour => m <= n.saturating_mul(4).saturating_add(4),
        }
    }
}

/// The paper bound of a construction, if it has one (the 3-layer √-constructions and Appendix A).
pub fn paper_bound(id: &str) -> Option<PaperBound> {
    match id {
        "three-layer-u1" | "three-layer-u1-edge" => Some(PaperBound::FourSqrtK),
        "three-layer-u2" => Some(PaperBound::TwoSqrtKPlusThreeN),
        "three-layer-u3" | "three-layer-u3-t" => Some(PaperBound::SixSqrtThreeNPlusTwo),
        "three-layer-appendix-a" => Some(PaperBound::FourNPlusFour),
        _ => None,
    }
}

/// All known constructions.
pub static CONSTRUCTIONS: &[Construction] = &[
    Construction {
        id: "two-layer-paper",
        depth: DepthRule::TwoLayer,
        bound: two_layer_paper_bound,
        source: "Thm 4.1 upper bound (Thm 4.4 + Lemma 4.5); spec two-layer.md §2",
    },
    Construction {
        id: "two-layer-tight",
        depth: DepthRule::TwoLayer,
        bound: two_layer_tight_bound,
        source: "spec two-layer.md §3",
    },
    Construction {
        id: "two-layer-optimal",
        depth: DepthRule::TwoLayer,
        bound: two_layer_optimal_bound,
        source: "m*(K, N), spec two-layer-exact.md; docs/two-layer-exact.md",
    },
    Construction {
        id: "three-layer-u1",
        depth: DepthRule::ThreeLayer,
        bound: u1_bound,
        source:
            "Thm 5.1 U1 (Yun et al. Thm 3.1, Fig. 6), paper-faithful 2p' + 2q; spec constructions.md §3.2",
    },
    Construction {
        id: "three-layer-u1-edge",
        depth: DepthRule::ThreeLayer,
        bound: u1_edge_bound,
        source: "Thm 5.1 U1 with edge saving, 2p' + 2q − e(p') − e(q); spec constructions.md §3.2",
    },
    Construction {
        id: "three-layer-u2",
        depth: DepthRule::ThreeLayer,
        bound: u2_bound,
        source: "Thm 5.1 U2 (Fig. 7), 2p' + 3N; spec constructions.md §3.3",
    },
    Construction {
        id: "three-layer-u3",
        depth: DepthRule::ThreeLayer,
        bound: u3_bound,
        source:
            "Thm 5.1 U3 on J (Fig. 8), max of 2p' + 4q over |J| ≤ min(3N + 2, K); spec constructions.md §3.4",
    },
    Construction {
        id: "three-layer-u3-t",
        depth: DepthRule::ThreeLayer,
        bound: u3_t_bound,
        source: "Thm 5.1 U3 with anchors T, 2p' + 4q at N; spec constructions.md §3.4",
    },
    Construction {
        id: "three-layer-appendix-a",
        depth: DepthRule::ThreeLayer,
        bound: appendix_a_bound,
        source: "Appendix A (Fig. 10), 2(N + min(N + 1, K − N)) + 2 ≤ 4N + 4; spec constructions.md §3.5",
    },
    Construction {
        id: "three-layer-lift",
        depth: DepthRule::ThreeLayer,
        bound: lift_bound,
        source: "two-layer-optimal followed by one ReLU neuron: its bound + 1",
    },
];

/// `deep-L` (Prop. 6.1, spec constructions.md §3.6): the largest hidden width the construction
/// may use at (K, N). 0 for N = 0; else with B = ⌊(L − 1)/2⌋ blocks, the max over the part sizes
/// s ∈ {⌈N/B⌉, ⌊N/B⌋ if ≥ 1} of min(w_U3T(s), w_U1edge(K)) + 2, where w_U3T(s) = max(2p', 4q) of
/// s anchors and w_U1edge(K) = max(2p' − e(p'), 2q − e(q)) of K anchors (the widest hidden layer
/// of each 3-layer block), plus the carried input neuron C and the accumulator A.
pub fn deep_width_bound(layers: usize, k: usize, n: usize) -> usize {
    if n == 0 || layers < 4 {
        return 0;
    }
    let b = (layers - 1) / 2;
    let u3_t = |s: usize| {
        let (q, p1) = rounding(s);
        p1.saturating_mul(2).max(q.saturating_mul(4))
    };
    let (q, p1) = rounding(k);
    let u1_edge =
        p1.saturating_mul(2).saturating_sub(p1.min(2)).max(q.saturating_mul(2).saturating_sub(q.min(2)));
    [n.div_ceil(b), n / b]
        .into_iter()
        .filter(|&s| s >= 1)
        .map(|s| u3_t(s).min(u1_edge).saturating_add(2))
        .max()
        .unwrap_or(0)
}

fn deep_bound<const L: usize>(k: usize, n: usize) -> usize {
    deep_width_bound(L, k, n)
}

macro_rules! deep_constructions {
    ($($l:literal)*) => {
        [$(Construction {
            id: concat!("deep-", $l),
            depth: DepthRule::Deep($l),
            bound: deep_bound::<$l>,
            source: "Prop. 6.1 (Appendix B), stacked 3-layer blocks; bound on the max hidden width; spec constructions.md §3.6",
        }),*]
    };
}

/// `deep-4` … `deep-64`: the depth is part of the id, so a network whose depth differs from
/// the id's is refused (`wrong-layer-count`); 64 is the default layer budget.
pub static DEEP: [Construction; 61] = deep_constructions!(
    4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35
    36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64
);

/// The construction with this id.
pub fn lookup(id: &str) -> Option<&'static Construction> {
    CONSTRUCTIONS.iter().chain(DEEP.iter()).find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(two_layer_paper_bound(14, 4), 13);
        assert_eq!(two_layer_paper_bound(14, 0), 1);
        assert_eq!(two_layer_paper_bound(5, 3), 4);
        assert_eq!(two_layer_tight_bound(14, 4), 12);
        assert_eq!(two_layer_tight_bound(13, 4), 11);
        assert_eq!(two_layer_tight_bound(12, 4), 11);
        assert_eq!(two_layer_tight_bound(14, 0), 0);
        assert_eq!(two_layer_tight_bound(usize::MAX, usize::MAX), usize::MAX - 2);
        assert_eq!(two_layer_paper_bound(usize::MAX, usize::MAX), usize::MAX - 1);
    }

    #[test]
    fn registry_and_depth() {
        let mut ids: Vec<&str> = CONSTRUCTIONS.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CONSTRUCTIONS.len(), "duplicate construction id");
        assert_eq!(lookup("two-layer-paper").map(|c| c.depth.layers()), Some(2));
        assert!(lookup("two-layer").is_none());
        assert_eq!(DepthRule::TwoLayer.piece_bound(&[10]), Some(11));
        // 2 + 3·2 breakpoints (c(2) = 2), not the paper's 2·2·3 + 3 = 15.
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[2, 3]), Some(9));
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[3, 2]), Some(12));
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[3, 1]), Some(7));
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[0, 5]), Some(1));
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[3]), None);
        // 1 + β(1, 1) = 3, then ⌊9/2⌋ + 1 = 5, then ⌊15/2⌋ + 1 = 8.
        assert_eq!(DepthRule::for_layers(5).piece_bound(&[1, 1, 1, 1]), Some(8));
        assert_eq!(DepthRule::for_layers(4).piece_bound(&[4, 4, 4]), Some(125));
        assert_eq!(DepthRule::for_layers(4).piece_bound(&[4, 4]), None);
        assert_eq!(DepthRule::for_layers(3), DepthRule::ThreeLayer);
    }

    #[test]
    fn deep_registry() {
        assert_eq!(lookup("deep-4").map(|c| c.depth), Some(DepthRule::Deep(4)));
        assert_eq!(lookup("deep-64").map(|c| c.depth.layers()), Some(64));
        for bad in ["deep-3", "deep-65", "deep-05", "deep"] {
            assert!(lookup(bad).is_none(), "{bad}");
        }
        assert!(DepthRule::Deep(5).bounds_max_width());
        assert!(!DepthRule::ThreeLayer.bounds_max_width());
        // K = 10, N = 10, L = 4 (B = 1): min(4·q(10) = 12, U1-edge at 10 = max(6, 6 − 2)) + 2 = 8.
        assert_eq!(deep_width_bound(4, 10, 10), 8);
        assert_eq!(deep_width_bound(6, 10, 0), 0);
        // L = 6 (B = 2), N = 5: parts 3 and 2: max(min(8, 6), min(4, 6)) + 2 = 8.
        assert_eq!(deep_width_bound(6, 10, 5), 8);
        let c = lookup("deep-7").expect("registered");
        assert_eq!((c.bound)(10, 9), deep_width_bound(7, 10, 9));
    }
}
