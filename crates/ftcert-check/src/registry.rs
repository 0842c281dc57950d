//! The construction registry (construction id → depth and neuron-bound formula at (K, N)) and the
//! per-depth piece bounds. To add a construction, add a `Construction` to `CONSTRUCTIONS`.

/// How many layers a construction's networks have, and which piece bound along a line applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DepthRule {
    /// One hidden layer of width m: at most m kinks, pieces ≤ m + 1.
    TwoLayer,
    /// Two hidden layers of widths d1, d2: pieces ≤ 2·d1·d2 + d2 + 1.
    ThreeLayer,
    /// Any other depth (the number of layers, counting the output layer): no piece bound yet.
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

    /// The maximal number of affine pieces along a line for these hidden widths, if known
    /// (saturating arithmetic). `None` when there is no bound or the widths do not fit the depth.
    pub fn piece_bound(self, hidden_widths: &[usize]) -> Option<usize> {
        match (self, hidden_widths) {
            (DepthRule::TwoLayer, [m]) => Some(m.saturating_add(1)),
            (DepthRule::ThreeLayer, [d1, d2]) => Some(
                d1.saturating_mul(*d2)
                    .saturating_mul(2)
                    .saturating_add(*d2)
                    .saturating_add(1),
            ),
            _ => None,
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
    n.saturating_mul(3)
        .saturating_add(1)
        .min(k.saturating_sub(1))
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
];

/// The construction with this id.
pub fn lookup(id: &str) -> Option<&'static Construction> {
    CONSTRUCTIONS.iter().find(|c| c.id == id)
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
        assert_eq!(two_layer_tight_bound(usize::MAX, usize::MAX), usize::MAX - 1);
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
        assert_eq!(DepthRule::ThreeLayer.piece_bound(&[2, 3]), Some(16));
        assert_eq!(DepthRule::for_layers(5).piece_bound(&[1, 1, 1, 1]), None);
        assert_eq!(DepthRule::for_layers(3), DepthRule::ThreeLayer);
    }
}
