//! Lower-bound certificates: instances on which every network needs many neurons.

pub mod case_split;
pub mod counts;
pub mod windows;

pub use windows::{windows_certificate, LowerBound, Window, WindowSign};

/// The certified neuron lower bound for `breakpoints` forced kinks along a line at this depth
/// (`layers` counting the output layer, ≥ 2): the least total hidden-neuron count whose networks
/// can have that many breakpoints ([`counts::least_neurons`], docs/lower-bounds.md). 2 layers:
/// m ≥ breakpoints; 3 layers: the least m with b3(m) ≥ breakpoints.
pub fn neurons_for_breakpoints(layers: usize, breakpoints: usize) -> usize {
    counts::least_neurons(layers, breakpoints)
}

/// The paper's own lower bound on m*(K, N), with κ = min{3N, K − 2}: 2 layers (Thm 4.1) κ;
/// 3 layers (Thm 5.1) the least m with (m² + m)/2 ≥ κ. `None` for other depths (the paper states
/// none) and for K < 3.
pub fn paper_lower(layers: usize, k: usize, n: usize) -> Option<usize> {
    if k < 3 {
        return None;
    }
    let kappa = counts::kappa(k, n);
    match layers {
        2 => Some(kappa),
        3 => (0..=kappa).find(|&m| m.saturating_mul(m).saturating_add(m) >= kappa.saturating_mul(2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_counts_match_theorems() {
        // constructions.md §5: K = 14, N = 4 forces 12 kinks: 2-layer m ≥ 12; the paper's 3-layer
        // m ≥ 5, the sharper count m ≥ 6 (b3(5) = 11 < 12).
        assert_eq!(neurons_for_breakpoints(2, 12), 12);
        assert_eq!(paper_lower(3, 14, 4), Some(5));
        assert_eq!(neurons_for_breakpoints(3, 12), 6);
        // K = 100, N = 10: 30 kinks, paper 3-layer m ≥ 8; b3(9) = 29 < 30 ≤ b3(10) = 35.
        assert_eq!(paper_lower(3, 100, 10), Some(8));
        assert_eq!(neurons_for_breakpoints(3, 30), 10);
        assert_eq!(neurons_for_breakpoints(3, 0), 0);
        assert_eq!(paper_lower(2, 14, 4), Some(12));
        assert_eq!(paper_lower(4, 14, 4), None);
        // N = 100, large K: κ = 300, paper 25, sharper 33.
        assert_eq!(paper_lower(3, 1000, 100), Some(24));
        assert_eq!(neurons_for_breakpoints(3, 300), 33);
    }
}
