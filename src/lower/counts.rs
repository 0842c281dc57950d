//! How many breakpoints a ReLU network of a given depth and size can have along a line, and the
//! least size that reaches a given count (docs/lower-bounds.md, which proves every rule here).
//!
//! The piece bound of hidden widths d1, …, d_h (h = L − 1 hidden layers) is computed layer by
//! layer, P_0 = 1:
//! - a layer of width 0 makes the network constant: 1 piece;
//! - layer 1: P_1 = d1 + 1;
//! - layer 2: P_2 = 1 + β(d1, d2) (the 3-layer count, [`beta`]);
//! - layer l ≥ 3 of width 1: P_l = ⌊3·P_{l−1}/2⌋ + 1; of width d ≥ 2: P_l = P_{l−1}·(d + 1).
//!
//! Every rule is monotone in the widths and in P_{l−1}, so the largest count for a total neuron
//! budget is found by a dynamic program over the layers, and the largest count for a max width w
//! is that of the all-w network.

/// κ = min{3N, K − 2}: the number of breakpoints the hard instance of (K, N) forces along its line
/// (the windows certificate's count, spec constructions.md §4.2).
pub fn kappa(k: usize, n: usize) -> usize {
    n.saturating_mul(3).min(k.saturating_sub(2))
}

/// c(d1): how many new breakpoints one layer-2 neuron can add to d1 layer-1 kinks: d1 + 1 for
/// d1 ≥ 3, but only d1 for d1 ≤ 2 (its input's slopes obey A = −Σ_{facing left} C_j).
pub fn layer2_crossings(d1: usize) -> usize {
    if d1 >= 3 {
        d1 + 1
    } else {
        d1
    }
}

/// β(d1, d2): the most breakpoints along a line of a 3-layer network with hidden widths d1, d2.
/// 0 if a width is 0; d1 + d2·c(d1) for d2 ≥ 2; for d2 = 1 also at most ⌊3(d1 + 1)/2⌋ (a single
/// ReLU keeps a layer-1 kink only where its input is ≥ 0). Attained for every (d1, d2) in 1-D.
pub fn beta(d1: usize, d2: usize) -> usize {
    if d1 == 0 || d2 == 0 {
        return 0;
    }
    let general = d1.saturating_add(d2.saturating_mul(layer2_crossings(d1)));
    if d2 == 1 {
        general.min(three_halves(d1.saturating_add(1)))
    } else {
        general
    }
}

/// ⌊3p/2⌋, saturating.
fn three_halves(p: usize) -> usize {
    p.saturating_add(p / 2)
}

/// The next piece bound after a layer l ≥ 3 of width `d` on `p` pieces.
fn next_pieces(p: usize, d: usize) -> usize {
    match d {
        0 => 1,
        1 => three_halves(p).saturating_add(1),
        _ => p.saturating_mul(d.saturating_add(1)),
    }
}

/// The most affine pieces along a line of a ReLU network with these hidden widths (saturating).
/// An empty list (no hidden layer: an affine map) has 1 piece.
pub fn piece_bound(widths: &[usize]) -> usize {
    if widths.contains(&0) {
        return 1;
    }
    match widths {
        [] => 1,
        [d1] => d1.saturating_add(1),
        [d1, d2, rest @ ..] => rest.iter().fold(beta(*d1, *d2).saturating_add(1), |p, &d| next_pieces(p, d)),
    }
}

/// b3(m): the most breakpoints of a 3-layer network with d1 + d2 = m hidden neurons, max over
/// the splits: 0 (m ≤ 1), 2, 4, 6 (m = 2, 3, 4), ⌊m(m + 4)/4⌋ (m ≥ 5).
pub fn b3(m: usize) -> usize {
    match m {
        0 | 1 => 0,
        2 => 2,
        3 => 4,
        4 => 6,
        _ => {
            let m = m as u128;
            usize::try_from(m * (m + 4) / 4).unwrap_or(usize::MAX)
        }
    }
}

/// The largest piece bound over hidden widths ≥ 1 summing to exactly `h + e` (h layers, `e`
/// neurons beyond one per layer), for every e in 0..=extra: a dynamic program over the layers.
fn best_pieces(h: usize, extra: usize) -> Vec<usize> {
    if h == 0 {
        return vec![1; extra + 1];
    }
    // Layer 1: P_1 = d1 + 1 = e + 2.
    let mut best: Vec<usize> = (0..=extra).map(|e| e.saturating_add(2)).collect();
    if h == 1 {
        return best;
    }
    // Layer 2: 1 + β(d1, d2) over d1 + d2 = e + 2.
    best = (0..=extra)
        .map(|e| (0..=e).map(|e1| beta(e1 + 1, e - e1 + 1).saturating_add(1)).max().unwrap_or(1))
        .collect();
    for _ in 2..h {
        best = (0..=extra)
            .map(|e| (0..=e).map(|e1| next_pieces(best[e1], e - e1 + 1)).max().unwrap_or(1))
            .collect();
    }
    best
}

/// The least total hidden-neuron count of an L-layer network (`layers` counting the output
/// layer, ≥ 2) that can have `breakpoints` breakpoints along a line: 0 if none are needed;
/// else at least one neuron per hidden layer.
pub fn least_neurons(layers: usize, breakpoints: usize) -> usize {
    let h = layers.saturating_sub(1).max(1);
    if breakpoints == 0 {
        return 0;
    }
    match h {
        1 => breakpoints,
        2 => (0..).find(|&m| b3(m) >= breakpoints).unwrap_or(usize::MAX),
        _ => {
            // Grow the extra budget until the target is reached: all extra in layer 1 gives
            // breakpoints ≥ e + 1, so e = breakpoints always suffices.
            let mut extra = 8usize;
            loop {
                let best = best_pieces(h, extra);
                if let Some(e) = best.iter().position(|&p| p > breakpoints) {
                    return h.saturating_add(e);
                }
                extra = extra.saturating_mul(2).min(breakpoints);
            }
        }
    }
}

/// The least max hidden width of an L-layer network that can have `breakpoints` breakpoints
/// along a line: the least w whose all-w network's piece bound exceeds `breakpoints`.
pub fn least_width(layers: usize, breakpoints: usize) -> usize {
    if breakpoints == 0 {
        return 0;
    }
    let h = layers.saturating_sub(1).max(1);
    // w = breakpoints always suffices (layer 1 alone has that many kinks).
    (1..=breakpoints).find(|&w| piece_bound(&vec![w; h]) > breakpoints).unwrap_or(breakpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_and_small_values() {
        assert_eq!(kappa(14, 4), 12);
        assert_eq!(kappa(3, 5), 1);
        assert_eq!(kappa(2, 0), 0);
        assert_eq!((0..=8).map(b3).collect::<Vec<_>>(), vec![0, 0, 2, 4, 6, 11, 15, 19, 24]);
        assert_eq!(piece_bound(&[3, 2]), 12);
        assert_eq!(piece_bound(&[3, 1]), 7);
        assert_eq!(piece_bound(&[2, 3]), 9);
        assert_eq!(piece_bound(&[2, 2, 1]), 11);
        assert_eq!(piece_bound(&[4, 4, 4]), 125);
        assert_eq!(piece_bound(&[4, 0, 4]), 1);
    }

    #[test]
    fn b3_is_the_max_over_splits() {
        for m in 0..=200usize {
            let brute = (0..=m).map(|d1| beta(d1, m - d1)).max().unwrap_or(0);
            assert_eq!(b3(m), brute, "m = {m}");
            if m >= 2 {
                assert_eq!(best_pieces(2, m)[m - 2] - 1, brute, "m = {m}");
            }
        }
    }

    #[test]
    fn worked_examples() {
        // K = 14, N = 4: κ = 12, b3(5) = 11 < 12 ≤ b3(6) = 15.
        assert_eq!(least_neurons(3, 12), 6);
        assert_eq!(least_neurons(3, 3), 3);
        assert_eq!(least_neurons(3, 7), 5);
        assert_eq!(least_neurons(2, 12), 12);
        assert_eq!(least_width(4, 12), 2);
        assert_eq!(least_neurons(4, 0), 0);
    }
}
