//! The builder's ReLU networks: layers of rational weights, exact evaluation, and the piece count
//! along a line (used to fill `claims.pieces`; the checker recomputes it independently).

use crate::rational::{dot, Q};

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
    /// affine function on a common partition of R; ReLU splits pieces at exact zero crossings
    /// ([`refine_relu`]: the next layer's functions are updated incrementally along the line, and
    /// only they are stored, so memory is O(intervals · next width), not O(intervals · width)).
    pub fn pieces_along(&self, line: &Line) -> usize {
        if self.layers.len() == 2 {
            return self.pieces_along_two_layer(line);
        }
        let inputs: Vec<(Q, Q)> =
            line.direction.iter().zip(&line.origin).map(|(dir, o)| (dir.clone(), o.clone())).collect();
        let mut cuts: Vec<Q> = Vec::new();
        // pre[r][i]: (slope, intercept) of neuron i's pre-activation on interval r of `cuts`.
        let mut pre: Vec<Vec<(Q, Q)>> = vec![affine(&self.layers[0], |j| Some(&inputs[j]))];
        for next in &self.layers[1..] {
            (cuts, pre) = refine_relu(&cuts, &pre, next);
        }
        1 + pre.windows(2).filter(|w| w[0][0] != w[1][0]).count()
    }
}

/// b_k + Σ_j w_kj·f_j for every row k of `layer`, with f_j = `input(j)` (None: the zero function).
fn affine<'a>(layer: &Layer, input: impl Fn(usize) -> Option<&'a (Q, Q)>) -> Vec<(Q, Q)> {
    layer
        .weights
        .iter()
        .zip(&layer.biases)
        .map(|(w, b)| {
            let mut slope = Q::from(0);
            let mut icpt = b.clone();
            for (j, wj) in w.iter().enumerate() {
                if let Some((sj, ij)) = input(j) {
                    slope += wj * sj;
                    icpt += wj * ij;
                }
            }
            (slope, icpt)
        })
        .collect()
}

/// Adds w_ki·(new − old) to every row k of `cur` (`next`'s functions) when neuron i's output
/// changes from `old` to `new` (None: the zero function).
fn shift(cur: &mut [(Q, Q)], next: &Layer, i: usize, old: Option<&(Q, Q)>, new: Option<&(Q, Q)>) {
    let zero = (Q::from(0), Q::from(0));
    let (old, new) = (old.unwrap_or(&zero), new.unwrap_or(&zero));
    if old == new {
        return;
    }
    let ds = &new.0 - &old.0;
    let di = &new.1 - &old.1;
    for (w, (slope, icpt)) in next.weights.iter().zip(cur.iter_mut()) {
        if w[i] != 0 {
            *slope += &w[i] * &ds;
            *icpt += &w[i] * &di;
        }
    }
}

/// One ReLU layer along the line: given its pre-activations `pre` on the intervals of `cuts`,
/// splits every interval at the zero crossings inside it and returns the refined cuts with
/// `next`'s pre-activations on every refined interval.
///
/// Neuron i on a refined interval passes its function of the source interval or is zero; its
/// state only changes at its own crossing or at a source cut. Walking left to right, `next`'s
/// functions are updated by w_ki·(new − old) for the neurons whose output changed — exact, and
/// far fewer operations than recomputing every row on every interval.
fn refine_relu(cuts: &[Q], pre: &[Vec<(Q, Q)>], next: &Layer) -> (Vec<Q>, Vec<Vec<(Q, Q)>>) {
    let width = pre.first().map_or(0, Vec::len);
    let mut out_cuts = Vec::new();
    let mut out = Vec::new();
    // on[i]: the interval whose function neuron i passes on the current refined interval.
    let mut on: Vec<Option<usize>> = vec![None; width];
    let mut cur: Vec<(Q, Q)> = affine(next, |_| None);
    let value = |on: Option<usize>, i: usize| on.map(|r| &pre[r][i]);
    for (r, fs) in pre.iter().enumerate() {
        let lo = if r == 0 { None } else { Some(&cuts[r - 1]) };
        let hi = cuts.get(r);
        let probe = interior_point(lo, hi);
        let mut crossings: Vec<(Q, usize)> = Vec::new();
        let mut start: Vec<Option<usize>> = Vec::with_capacity(width);
        for (i, (slope, icpt)) in fs.iter().enumerate() {
            if *slope != 0 {
                let root = -(icpt / slope);
                if lo.is_none_or(|lo| root > *lo) && hi.is_none_or(|hi| root < *hi) {
                    // Active left of its crossing iff it decreases.
                    start.push((*slope < 0).then_some(r));
                    crossings.push((root, i));
                    continue;
                }
            }
            start.push((slope * &probe + icpt > 0).then_some(r));
        }
        if let Some(lo) = lo {
            out_cuts.push(lo.clone());
        }
        for (i, s) in start.into_iter().enumerate() {
            shift(&mut cur, next, i, value(on[i], i), value(s, i));
            on[i] = s;
        }
        out.push(cur.clone());
        crossings.sort();
        let mut e = 0;
        while e < crossings.len() {
            let root = crossings[e].0.clone();
            while e < crossings.len() && crossings[e].0 == root {
                let i = crossings[e].1;
                let s = if on[i].is_some() { None } else { Some(r) };
                shift(&mut cur, next, i, value(on[i], i), value(s, i));
                on[i] = s;
                e += 1;
            }
            out_cuts.push(root);
            out.push(cur.clone());
        }
    }
    (out_cuts, out)
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
