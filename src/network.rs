//! The builder's ReLU networks: layers of rational weights, exact evaluation, and the piece count
//! along a line (used to fill `claims.pieces`; the checker recomputes it independently).

use crate::rational::{dot, Q};
use std::collections::BTreeMap;

/// One affine layer: `weights[j]` is the row of neuron j, `biases[j]` its bias.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layer {
    pub weights: Vec<Vec<Q>>,
    pub biases: Vec<Q>,
}

/// A ReLU network: ReLU after every layer but the last, which has one row.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub layers: Vec<Layer>,
}

/// A line s ↦ origin + s·direction in input space.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub origin: Vec<Q>,
    pub direction: Vec<Q>,
}

impl Layer {
    /// Number of neurons (rows).
    pub fn width(&self) -> usize {
        self.biases.len()
    }

    fn apply(&self, input: &[Q]) -> Vec<Q> {
        self.weights.iter().zip(&self.biases).map(|(w, b)| dot(w, input) + b).collect()
    }
}

fn relu(q: Q) -> Q {
    if q < 0 {
        Q::from(0)
    } else {
        q
    }
}

impl Network {
    /// Total number of hidden neurons (every hidden row counts).
    pub fn neurons(&self) -> usize {
        self.hidden_widths().iter().sum()
    }

    /// Widths of the hidden layers.
    pub fn hidden_widths(&self) -> Vec<usize> {
        self.layers[..self.layers.len() - 1].iter().map(Layer::width).collect()
    }

    /// g(x), exactly.
    pub fn eval(&self, x: &[Q]) -> Q {
        let mut h = x.to_vec();
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            h = layer.apply(&h);
            if l != last {
                h = h.into_iter().map(relu).collect();
            }
        }
        h.pop().expect("output layer has one row")
    }

    /// Number of maximal affine pieces of s ↦ g(origin + s·direction) over all of R.
    ///
    /// Propagates, layer by layer, the restriction of every neuron to the line as a piecewise
    /// affine function on a common partition of R; ReLU splits pieces at exact zero crossings.
    pub fn pieces_along(&self, line: &Line) -> usize {
        if self.layers.len() == 2 {
            return self.pieces_along_two_layer(line);
        }
        // Each neuron's pre-activation along the line is (slope, intercept) on each interval of
        // the partition given by `cuts` (interval r is (cuts[r-1], cuts[r])).
        let mut cuts: Vec<Q> = Vec::new();
        // values[r][j] = (slope, intercept) of input coordinate j on interval r.
        let mut values: Vec<Vec<(Q, Q)>> =
            vec![line.direction.iter().zip(&line.origin).map(|(dir, o)| (dir.clone(), o.clone())).collect()];
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            // Affine map of each interval's functions.
            let pre: Vec<Vec<(Q, Q)>> = values
                .iter()
                .map(|fs| {
                    layer
                        .weights
                        .iter()
                        .zip(&layer.biases)
                        .map(|(w, b)| {
                            let mut slope = Q::from(0);
                            let mut icpt = b.clone();
                            for (wj, (sj, ij)) in w.iter().zip(fs) {
                                slope += wj * sj;
                                icpt += wj * ij;
                            }
                            (slope, icpt)
                        })
                        .collect()
                })
                .collect();
            if l == last {
                values = pre;
                break;
            }
            // New cut points: zero crossings strictly inside an interval.
            let mut new_cuts: BTreeMap<Q, ()> = cuts.iter().map(|c| (c.clone(), ())).collect();
            for (r, fs) in pre.iter().enumerate() {
                let lo = if r == 0 { None } else { Some(&cuts[r - 1]) };
                let hi = cuts.get(r);
                for (slope, icpt) in fs {
                    if *slope != 0 {
                        let root = -(icpt / slope);
                        if lo.is_none_or(|lo| root > *lo) && hi.is_none_or(|hi| root < *hi) {
                            new_cuts.insert(root, ());
                        }
                    }
                }
            }
            let refined: Vec<Q> = new_cuts.into_keys().collect();
            // Re-express on the refined partition and apply ReLU by testing a point inside.
            let mut next = Vec::with_capacity(refined.len() + 1);
            let mut src = 0;
            for r in 0..=refined.len() {
                while src < cuts.len() && r > 0 && cuts[src] <= refined[r - 1] {
                    src += 1;
                }
                let probe = interior_point(if r == 0 { None } else { Some(&refined[r - 1]) }, refined.get(r));
                let fs = pre[src]
                    .iter()
                    .map(|(slope, icpt)| {
                        if slope * &probe + icpt > 0 {
                            (slope.clone(), icpt.clone())
                        } else {
                            (Q::from(0), Q::from(0))
                        }
                    })
                    .collect();
                next.push(fs);
            }
            cuts = refined;
            values = next;
        }
        let out: Vec<&(Q, Q)> = values.iter().map(|fs| &fs[0]).collect();
        1 + out.windows(2).filter(|w| w[0] != w[1]).count()
    }
}

impl Network {
    /// `pieces_along` for one hidden layer: neuron j is relu(α_j s + β_j) along the line and adds
    /// a slope jump W2_j·|α_j| at s = −β_j/α_j; the pieces are 1 + the number of places where the
    /// jumps do not cancel.
    fn pieces_along_two_layer(&self, line: &Line) -> usize {
        let (hidden, output) = (&self.layers[0], &self.layers[1]);
        let mut jumps: Vec<(Q, Q)> = Vec::with_capacity(hidden.width());
        for ((w, b), out) in hidden.weights.iter().zip(&hidden.biases).zip(&output.weights[0]) {
            let alpha = dot(w, &line.direction);
            if alpha == 0 || *out == 0 {
                continue;
            }
            let beta = dot(w, &line.origin) + b;
            let at = -(beta / &alpha);
            let jump = if alpha > 0 { out * alpha } else { -(out * alpha) };
            jumps.push((at, jump));
        }
        jumps.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kinks = 0;
        let mut i = 0;
        while i < jumps.len() {
            let mut total = Q::from(0);
            let at = &jumps[i].0;
            let mut j = i;
            while j < jumps.len() && jumps[j].0 == *at {
                total += &jumps[j].1;
                j += 1;
            }
            if total != 0 {
                kinks += 1;
            }
            i = j;
        }
        kinks + 1
    }
}

/// A rational strictly inside (lo, hi), either end possibly unbounded.
fn interior_point(lo: Option<&Q>, hi: Option<&Q>) -> Q {
    match (lo, hi) {
        (None, None) => Q::from(0),
        (Some(lo), None) => lo + Q::from(1),
        (None, Some(hi)) => hi - Q::from(1),
        (Some(lo), Some(hi)) => (lo + hi) / Q::from(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::int;

    #[test]
    fn pieces_of_a_tent() {
        // g(x) = relu(x + 1) − 2 relu(x) + relu(x − 1): 4 pieces.
        let net = Network {
            layers: vec![
                Layer {
                    weights: vec![vec![int(1)], vec![int(1)], vec![int(1)]],
                    biases: vec![int(1), int(0), int(-1)],
                },
                Layer { weights: vec![vec![int(1), int(-2), int(1)]], biases: vec![int(0)] },
            ],
        };
        let line = Line { origin: vec![int(0)], direction: vec![int(1)] };
        assert_eq!(net.pieces_along(&line), 4);
        assert_eq!(net.pieces_along_two_layer(&line), 4);
        assert_eq!(net.eval(&[int(0)]), 1);
        // relu(tent − 1/2): kinks at −1/2, 0, 1/2 only (the kinks at ±1 vanish): 4 pieces.
        let mut deep = net.clone();
        deep.layers[1].biases[0] = crate::rational::frac(-1, 2);
        deep.layers.push(Layer { weights: vec![vec![int(1)]], biases: vec![int(0)] });
        assert_eq!(deep.pieces_along(&line), 4);
        assert_eq!(deep.eval(&[crate::rational::frac(1, 4)]), crate::rational::frac(1, 4));
        // relu(tent − 2) is identically 0: one piece.
        deep.layers[1].biases[0] = int(-2);
        assert_eq!(deep.pieces_along(&line), 1);
    }
}
