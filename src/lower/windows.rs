//! Signed windows on the collinear hard instance (spec two-layer.md §4, constructions.md §4).

use super::neurons_for_breakpoints;
use crate::instance::{hard_instance, Instance};
use crate::network::Line;
use crate::rational::{int, Q};
use std::cmp::Ordering;

/// The kind of kink a window forces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowSign {
    /// Slope drops: S_ij > S_jk.
    Concave,
    /// Slope rises: S_ij < S_jk.
    Convex,
}

impl WindowSign {
    /// The string written in certificates.
    pub fn name(self) -> &'static str {
        match self {
            WindowSign::Concave => "concave",
            WindowSign::Convex => "convex",
        }
    }
}

/// Three samples (1-based) in increasing order along the line, and the sign of the kink between.
#[derive(Clone, Debug, PartialEq)]
pub struct Window {
    pub samples: [usize; 3],
    pub sign: WindowSign,
}

/// A `"rule": "windows"` lower certificate.
#[derive(Clone, Debug)]
pub struct LowerBound {
    pub instance: Instance,
    pub line: Line,
    pub windows: Vec<Window>,
    pub layers: usize,
    /// The least total hidden-neuron count that can have `windows.len()` breakpoints.
    pub neurons: usize,
    /// Depth ≥ 4: the least max hidden width that can (`claims.width`); `None` for 2 and 3 layers.
    pub width: Option<usize>,
}

/// Maximum sets of pairwise-disjoint same-sign windows over consecutive triples of an instance
/// whose samples are x_i = i·e_1 (sorted by index): greedy by earliest right end, per sign.
fn greedy_windows(instance: &Instance) -> Vec<Window> {
    let z = &instance.targets;
    let mut windows = Vec::new();
    let mut free_from = [0usize, 0usize]; // per sign: the smallest start still disjoint
    for i in 0..z.len().saturating_sub(2) {
        // t_i = i + 1 is equally spaced, so the sign of S_{i+1} − S_i is that of the second
        // difference z_i − 2 z_{i+1} + z_{i+2}.
        let second: Q = &z[i] - int(2) * &z[i + 1] + &z[i + 2];
        let sign = match second.cmp(&int(0)) {
            Ordering::Less => WindowSign::Concave,
            Ordering::Greater => WindowSign::Convex,
            Ordering::Equal => continue,
        };
        let slot = sign as usize;
        if i >= free_from[slot] {
            windows.push(Window { samples: [i + 1, i + 2, i + 3], sign });
            free_from[slot] = i + 2;
        }
    }
    windows
}

/// The lower certificate for (K, N) in dimension d and depth `layers` (≥ 2): the hard instance of
/// constructions.md §4.2 and its greedy windows; certifies min{3N, K − 2} kinks, and from them
/// the least neuron count (and, for depth ≥ 4, the least max width) of docs/lower-bounds.md.
pub fn windows_certificate(k: usize, n: usize, d: usize, layers: usize) -> LowerBound {
    let instance = hard_instance(k, n, d);
    let mut direction = vec![int(0); d];
    direction[0] = int(1);
    let line = Line { origin: vec![int(0); d], direction };
    let windows = greedy_windows(&instance);
    let neurons = neurons_for_breakpoints(layers, windows.len());
    let width = (layers >= 4).then(|| super::counts::least_width(layers, windows.len()));
    LowerBound { instance, line, windows, layers, neurons, width }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_reach_min_3n_k_minus_2_everywhere() {
        for k in 3..40 {
            for n in 0..=k {
                let cert = windows_certificate(k, n, 1, 2);
                assert_eq!(cert.windows.len(), (3 * n).min(k - 2), "K={k} N={n}");
            }
        }
    }

    #[test]
    fn figure_2_instance() {
        let cert = windows_certificate(14, 4, 2, 2);
        assert_eq!(cert.instance.t, vec![3, 6, 9, 12]);
        assert_eq!(cert.windows.len(), 12);
        assert_eq!(cert.windows[0], Window { samples: [1, 2, 3], sign: WindowSign::Concave });
        assert_eq!(windows_certificate(14, 4, 2, 3).neurons, 6);
        let deep = windows_certificate(14, 4, 2, 4);
        assert_eq!((deep.neurons, deep.width), (5, Some(2)));
    }
}
