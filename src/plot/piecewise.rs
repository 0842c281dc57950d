//! Exact restriction of a ReLU network to a line: s ↦ g(origin + s·direction) as a continuous
//! piecewise affine function with its breakpoints (rational, exact; the plots convert to f64 only
//! for drawing).

use crate::network::{Line, Network};
use crate::rational::{dot, int, Q};

/// A continuous piecewise affine function on R: `cuts` strictly increasing, and on interval r
/// ((cuts[r−1], cuts[r]), unbounded at both ends) the function is slope·s + intercept.
#[derive(Clone, Debug, PartialEq)]
pub struct PiecewiseAffine {
    pub cuts: Vec<Q>,
    pub pieces: Vec<(Q, Q)>,
}

impl PiecewiseAffine {
    /// The value at s, exactly.
    pub fn eval(&self, s: &Q) -> Q {
        let r = self.cuts.iter().take_while(|c| *c < s).count();
        let (a, b) = &self.pieces[r];
        a * s + b
    }

    /// The breakpoints: the cuts (after merging, each one changes the slope).
    pub fn breakpoints(&self) -> &[Q] {
        &self.cuts
    }
}

/// A point strictly inside interval r of `cuts`.
fn inside(cuts: &[Q], r: usize) -> Q {
    match (r.checked_sub(1).map(|i| &cuts[i]), cuts.get(r)) {
        (None, None) => int(0),
        (None, Some(right)) => right - int(1),
        (Some(left), None) => left + int(1),
        (Some(left), Some(right)) => (left + right) / int(2),
    }
}

/// g restricted to the line, with adjacent equal pieces merged (so `cuts` are the breakpoints and
/// `pieces.len()` is the piece count of the certificate's `claims.pieces`).
pub fn along(network: &Network, line: &Line) -> PiecewiseAffine {
    let mut cuts: Vec<Q> = Vec::new();
    // Pre-activations of the current layer: per neuron, per interval, (slope, intercept).
    let first = &network.layers[0];
    let mut pre: Vec<Vec<(Q, Q)>> = first
        .weights
        .iter()
        .zip(&first.biases)
        .map(|(w, b)| vec![(dot(w, &line.direction), dot(w, &line.origin) + b)])
        .collect();
    for layer in &network.layers[1..] {
        // ReLU: split every interval at the zero crossings inside it.
        let mut new_cuts = cuts.clone();
        for neuron in &pre {
            for (r, (a, b)) in neuron.iter().enumerate() {
                if *a != 0 {
                    let root = -b / a;
                    let left_ok = r == 0 || root > cuts[r - 1];
                    let right_ok = r == cuts.len() || root < cuts[r];
                    if left_ok && right_ok {
                        new_cuts.push(root);
                    }
                }
            }
        }
        new_cuts.sort();
        new_cuts.dedup();
        let intervals = new_cuts.len() + 1;
        // The old interval of each new interval.
        let old_of: Vec<usize> = (0..intervals)
            .map(|r| {
                let p = inside(&new_cuts, r);
                cuts.iter().take_while(|c| **c < p).count()
            })
            .collect();
        let post: Vec<Vec<(Q, Q)>> = pre
            .iter()
            .map(|neuron| {
                (0..intervals)
                    .map(|r| {
                        let (a, b) = &neuron[old_of[r]];
                        let p = inside(&new_cuts, r);
                        if a * &p + b > 0 {
                            (a.clone(), b.clone())
                        } else {
                            (int(0), int(0))
                        }
                    })
                    .collect()
            })
            .collect();
        pre = layer
            .weights
            .iter()
            .zip(&layer.biases)
            .map(|(w, bias)| {
                (0..intervals)
                    .map(|r| {
                        let mut a = int(0);
                        let mut b = bias.clone();
                        for (wj, h) in w.iter().zip(&post) {
                            if *wj != 0 {
                                a += wj * &h[r].0;
                                b += wj * &h[r].1;
                            }
                        }
                        (a, b)
                    })
                    .collect()
            })
            .collect();
        cuts = new_cuts;
    }
    let g = pre.into_iter().next().expect("one output row");
    // Merge adjacent equal pieces.
    let mut merged_cuts = Vec::new();
    let mut merged: Vec<(Q, Q)> = vec![g[0].clone()];
    for (r, piece) in g.into_iter().enumerate().skip(1) {
        if merged.last() != Some(&piece) {
            merged_cuts.push(cuts[r - 1].clone());
            merged.push(piece);
        }
    }
    PiecewiseAffine { cuts: merged_cuts, pieces: merged }
}
