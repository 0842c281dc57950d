//! Lower-bound certificates: instances on which every network needs many neurons.

pub mod case_split;
pub mod windows;

pub use windows::{windows_certificate, LowerBound, Window, WindowSign};

/// The certified neuron lower bound for `breakpoints` forced kinks along a line.
///
/// 2 layers: one kink per neuron, so m ≥ breakpoints. 3 layers: at most 2·d1·d2 + d2 ≤ (m² + m)/2
/// kinks (constructions.md §4.1), so m is the smallest integer with (m² + m)/2 ≥ breakpoints.
pub fn neurons_for_breakpoints(layers: usize, breakpoints: usize) -> usize {
    match layers {
        2 => breakpoints,
        3 => (0..).find(|m: &usize| m * m + m >= 2 * breakpoints).expect("some m is large enough"),
        _ => panic!("no kink bound is implemented for {layers} layers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_layer_neurons_match_theorem_5_1() {
        // constructions.md §5: K = 14, N = 4 forces 12 kinks: 2-layer m ≥ 12, 3-layer m ≥ 5.
        assert_eq!(neurons_for_breakpoints(2, 12), 12);
        assert_eq!(neurons_for_breakpoints(3, 12), 5);
        // K = 100, N = 10: 30 kinks, 3-layer m ≥ 8.
        assert_eq!(neurons_for_breakpoints(3, 30), 8);
        assert_eq!(neurons_for_breakpoints(3, 0), 0);
    }
}
