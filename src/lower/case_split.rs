//! Lower rule `case-split` (docs/two-layer-exact.md, docs/certificate-format.md): "no 2-layer
//! network with at most m hidden neurons fine-tunes this instance", proved by splitting into the
//! finitely many combinatorial cases of a 1-D network along the instance's line and giving, for
//! each case, exact Motzkin multipliers that refute its linear system.
//!
//! Also the exact decider used by the `two-layer-optimal` construction for K ∈ {3, 4}: the same
//! cases, solved by Gaussian elimination plus Fourier–Motzkin elimination over the rationals,
//! either give a witness network or the multipliers.

use crate::instance::Instance;
use crate::network::Line;
use crate::rational::{int, Q};
use malachite_base::num::arithmetic::traits::Sign as _;
use std::cmp::Ordering;

// ---------------------------------------------------------------------------------------------
// Exact linear feasibility with Motzkin certificates.
// ---------------------------------------------------------------------------------------------

/// A linear system over n variables: equalities `E_i · v = rhs_i` and strict `S_j · v > 0`.
#[derive(Clone, Debug, Default)]
pub struct System {
    pub vars: usize,
    pub equalities: Vec<(Vec<Q>, Q)>,
    pub stricts: Vec<Vec<Q>>,
}

/// The outcome of [`System::solve`].
#[derive(Clone, Debug, PartialEq)]
pub enum Solution {
    /// A point satisfying every constraint.
    Feasible(Vec<Q>),
    /// Multipliers μ (equalities, any sign) and y ≥ 0 (strict) with Eᵀμ + Sᵀy = 0, rhs·μ ≥ 0
    /// and (rhs·μ > 0 or y ≠ 0), scaled to coprime integers.
    Infeasible { mu: Vec<Q>, y: Vec<Q> },
}

/// A derived constraint `coef · v (= or >) rhs` with its combination of the original rows.
#[derive(Clone, Debug)]
struct Row {
    coef: Vec<Q>,
    rhs: Q,
    mu: Vec<Q>,
    y: Vec<Q>,
}

impl Row {
    /// self += f · other.
    fn add_scaled(&mut self, other: &Row, f: &Q) {
        for (a, b) in self.coef.iter_mut().zip(&other.coef) {
            *a += f * b;
        }
        self.rhs += f * &other.rhs;
        for (a, b) in self.mu.iter_mut().zip(&other.mu) {
            *a += f * b;
        }
        for (a, b) in self.y.iter_mut().zip(&other.y) {
            *a += f * b;
        }
    }

    fn scaled(&self, f: &Q) -> Row {
        Row {
            coef: self.coef.iter().map(|a| a * f).collect(),
            rhs: &self.rhs * f,
            mu: self.mu.iter().map(|a| a * f).collect(),
            y: self.y.iter().map(|a| a * f).collect(),
        }
    }

    /// Value of `coef · v` minus the `x` term, for back-substitution.
    fn rest(&self, v: &[Option<Q>], x: usize) -> Q {
        let mut s = int(0);
        for (i, c) in self.coef.iter().enumerate() {
            if i != x && *c != 0 {
                s += c * v[i].as_ref().expect("assigned before");
            }
        }
        s
    }
}

/// Scales a multiplier vector pair to coprime integers (a positive factor keeps every property).
fn normalise(mu: Vec<Q>, y: Vec<Q>) -> (Vec<Q>, Vec<Q>) {
    use malachite_base::num::arithmetic::traits::{Gcd, Lcm};
    let all = mu.iter().chain(&y);
    let mut l = malachite_nz::natural::Natural::from(1u32);
    for q in all.clone() {
        l = l.lcm(q.denominator_ref());
    }
    let lq = Q::from(l);
    let scaled: Vec<Q> = all.map(|q| q * &lq).collect();
    let mut g = malachite_nz::natural::Natural::from(0u32);
    for q in &scaled {
        g = g.gcd(q.numerator_ref());
    }
    let gq = if g == 0u32 { int(1) } else { Q::from(g) };
    let mut out: Vec<Q> = scaled.into_iter().map(|q| q / &gq).collect();
    let y = out.split_off(mu.len());
    (out, y)
}

impl System {
    /// Decides the system exactly: Gaussian elimination on the equalities, then Fourier–Motzkin
    /// elimination on the strict inequalities, tracking every derived row's multipliers.
    pub fn solve(&self) -> Solution {
        let (ne, ns, n) = (self.equalities.len(), self.stricts.len(), self.vars);
        let unit = |len: usize, i: usize| -> Vec<Q> {
            (0..len).map(|j| if i == j { int(1) } else { int(0) }).collect()
        };
        let mut eqs: Vec<Row> = self
            .equalities
            .iter()
            .enumerate()
            .map(|(i, (c, r))| Row { coef: c.clone(), rhs: r.clone(), mu: unit(ne, i), y: vec![int(0); ns] })
            .collect();
        let mut rows: Vec<Row> = self
            .stricts
            .iter()
            .enumerate()
            .map(|(j, c)| Row { coef: c.clone(), rhs: int(0), mu: vec![int(0); ne], y: unit(ns, j) })
            .collect();
        // Gaussian elimination.
        let mut pivots: Vec<(usize, Row)> = Vec::new();
        for x in 0..n {
            let Some(p) = eqs.iter().position(|r| r.coef[x] != 0) else { continue };
            let piv = eqs.swap_remove(p);
            for r in eqs.iter_mut().chain(rows.iter_mut()) {
                if r.coef[x] != 0 {
                    let f = -(&r.coef[x] / &piv.coef[x]);
                    r.add_scaled(&piv, &f);
                }
            }
            pivots.push((x, piv));
        }
        if let Some(r) = eqs.iter().find(|r| r.rhs != 0) {
            let f = if r.rhs > 0 { int(1) } else { int(-1) };
            let (mu, y) = normalise(r.scaled(&f).mu, vec![int(0); ns]);
            return Solution::Infeasible { mu, y };
        }
        // Fourier–Motzkin on the strict rows (every derived row stays strict).
        let pivoted: Vec<bool> = (0..n).map(|x| pivots.iter().any(|(p, _)| *p == x)).collect();
        let mut stages: Vec<(usize, Vec<Row>, Vec<Row>)> = Vec::new();
        for x in (0..n).filter(|&x| !pivoted[x]) {
            let (mut pos, mut neg, mut zero) = (Vec::new(), Vec::new(), Vec::new());
            for r in rows {
                match r.coef[x].sign() {
                    Ordering::Greater => pos.push(r),
                    Ordering::Less => neg.push(r),
                    Ordering::Equal => zero.push(r),
                }
            }
            for p in &pos {
                for q in &neg {
                    let mut r = p.scaled(&-&q.coef[x]);
                    r.add_scaled(q, &p.coef[x]);
                    zero.push(r);
                }
            }
            rows = zero;
            stages.push((x, pos, neg));
        }
        if let Some(r) = rows.iter().find(|r| r.rhs >= 0) {
            let (mu, y) = normalise(r.mu.clone(), r.y.clone());
            return Solution::Infeasible { mu, y };
        }
        // Back-substitution: a point strictly inside every bound.
        let mut v: Vec<Option<Q>> = vec![None; n];
        for x in 0..n {
            if !pivoted[x] && !stages.iter().any(|(s, _, _)| *s == x) {
                v[x] = Some(int(0));
            }
        }
        for (x, pos, neg) in stages.iter().rev() {
            let bound = |r: &Row| (&r.rhs - r.rest(&v, *x)) / &r.coef[*x];
            let lo = pos.iter().map(bound).max();
            let hi = neg.iter().map(bound).min();
            v[*x] = Some(match (lo, hi) {
                (Some(l), Some(h)) => (l + h) / int(2),
                (Some(l), None) => l + int(1),
                (None, Some(h)) => h - int(1),
                (None, None) => int(0),
            });
        }
        for (x, piv) in pivots.iter().rev() {
            v[*x] = Some((&piv.rhs - piv.rest(&v, *x)) / &piv.coef[*x]);
        }
        let v: Vec<Q> = v.into_iter().map(|q| q.expect("every variable assigned")).collect();
        debug_assert!(self.satisfied_by(&v));
        Solution::Feasible(v)
    }

    /// Whether `v` satisfies every constraint.
    pub fn satisfied_by(&self, v: &[Q]) -> bool {
        let dot = |c: &[Q]| crate::rational::dot(c, v);
        self.equalities.iter().all(|(c, r)| dot(c) == *r) && self.stricts.iter().all(|c| dot(c) > 0)
    }
}

// ---------------------------------------------------------------------------------------------
// The 1-D model of a 2-layer network along a line, and its cases.
// ---------------------------------------------------------------------------------------------

/// Where a neuron's kink b lies relative to the sorted data s_1 < … < s_K (1-based ranks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    /// b = s_p, 2 ≤ p ≤ K − 1.
    At(usize),
    /// s_p < b < s_{p+1}, 1 ≤ p ≤ K − 1.
    Between(usize),
}

impl Cell {
    /// Left-to-right order: (1,2) < 2 < (2,3) < … < K−1 < (K−1,K).
    fn code(self) -> usize {
        match self {
            Cell::At(p) => 2 * (p - 1),
            Cell::Between(p) => 2 * p - 1,
        }
    }

    /// `[p, q]` as written in certificates: q = p for `At`, q = p + 1 for `Between`.
    pub fn pair(self) -> [usize; 2] {
        match self {
            Cell::At(p) => [p, p],
            Cell::Between(p) => [p, p + 1],
        }
    }
}

/// One inner neuron a·relu(σ(s − b)) of a case: its kink cell, orientation σ and sign of a.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CaseNeuron {
    pub cell: Cell,
    pub sigma: i8,
    pub weight: i8,
}

impl CaseNeuron {
    fn key(&self) -> (usize, i8, i8) {
        (self.cell.code(), self.sigma, self.weight)
    }

    /// Whether relu(σ(s_i − b)) is s-dependent (σ(s_i − b)) at rank i (otherwise 0).
    fn active(&self, i: usize) -> bool {
        match (self.cell, self.sigma > 0) {
            (Cell::At(p) | Cell::Between(p), true) => i > p,
            (Cell::At(p), false) => i < p,
            (Cell::Between(p), false) => i <= p,
        }
    }
}

/// Sorted 1-D data of an instance on a line: params s (increasing) and targets z.
#[derive(Clone, Debug)]
pub struct LineData {
    pub s: Vec<Q>,
    pub z: Vec<Q>,
}

impl LineData {
    /// Solves x_i = origin + s_i·direction for every sample; None if one is off the line.
    pub fn of(instance: &Instance, line: &Line) -> Option<LineData> {
        let pivot = line.direction.iter().position(|u| *u != 0)?;
        let mut pairs = Vec::with_capacity(instance.k());
        for (x, z) in instance.points.iter().zip(&instance.targets) {
            let s = (&x[pivot] - &line.origin[pivot]) / &line.direction[pivot];
            let on = x.iter().zip(&line.origin).zip(&line.direction).all(|((xc, o), u)| *xc == o + &s * u);
            if !on {
                return None;
            }
            pairs.push((s, z.clone()));
        }
        pairs.sort();
        let (s, z) = pairs.into_iter().unzip();
        Some(LineData { s, z })
    }

    /// Windows: (centre rank c, sign) for every 2 ≤ c ≤ K − 1 whose slope change is nonzero
    /// (+1 convex, −1 concave).
    pub fn windows(&self) -> Vec<(usize, i8)> {
        let k = self.s.len();
        let slope = |i: usize| (&self.z[i] - &self.z[i - 1]) / (&self.s[i] - &self.s[i - 1]);
        (2..k)
            .filter_map(|c| match (slope(c) - slope(c - 1)).sign() {
                Ordering::Greater => Some((c, 1)),
                Ordering::Less => Some((c, -1)),
                Ordering::Equal => None,
            })
            .collect()
    }

    /// Every case for "at most m neurons", in canonical order: m' = m, m − 1, …, 0 inner neurons
    /// (a free affine term when m' < m), each a non-decreasing sequence of neuron keys, kept only
    /// if every window contains a kink of its sign.
    pub fn cases(&self, m: usize) -> Vec<Vec<CaseNeuron>> {
        let k = self.s.len();
        let mut keys = Vec::new();
        for code in 1..=(2 * k - 3) {
            let cell = if !code.is_multiple_of(2) {
                Cell::Between(code.div_ceil(2))
            } else {
                Cell::At(code / 2 + 1)
            };
            for sigma in [-1, 1] {
                for weight in [-1, 1] {
                    keys.push(CaseNeuron { cell, sigma, weight });
                }
            }
        }
        let windows = self.windows();
        let mut out = Vec::new();
        for size in (0..=m).rev() {
            let mut idx = vec![0usize; size];
            loop {
                let case: Vec<CaseNeuron> = idx.iter().map(|&i| keys[i]).collect();
                let covered = windows.iter().all(|&(c, sign)| {
                    case.iter().any(|nr| {
                        nr.weight == sign
                            && [Cell::Between(c - 1), Cell::At(c), Cell::Between(c)].contains(&nr.cell)
                    })
                });
                if covered {
                    out.push(case);
                }
                // Next non-decreasing index sequence.
                let Some(pos) = (0..size).rev().find(|&p| idx[p] + 1 < keys.len()) else { break };
                let next = idx[pos] + 1;
                for slot in &mut idx[pos..] {
                    *slot = next;
                }
            }
        }
        debug_assert!(out.iter().all(|c| c.windows(2).all(|w| w[0].key() <= w[1].key())));
        out
    }

    /// The linear system of a case. Variables: c, then α if the case has fewer than m neurons,
    /// then (a_j, u_j) per neuron (u_j = a_j·b_j). Equalities: the K interpolation equations in
    /// rank order, then a_j s_p − u_j = 0 for every `At(p)` neuron in order. Strict: per neuron
    /// w·a_j > 0, then for `Between(p)`: w(u_j − a_j s_p) > 0 and w(a_j s_{p+1} − u_j) > 0.
    pub fn system(&self, case: &[CaseNeuron], m: usize) -> System {
        let k = self.s.len();
        let affine = case.len() < m;
        let base = 1 + usize::from(affine);
        let vars = base + 2 * case.len();
        let mut sys = System { vars, ..System::default() };
        for i in 1..=k {
            let s = &self.s[i - 1];
            let mut row = vec![int(0); vars];
            row[0] = int(1);
            if affine {
                row[1] = s.clone();
            }
            for (j, nr) in case.iter().enumerate() {
                if nr.active(i) {
                    let sg = int(i64::from(nr.sigma));
                    row[base + 2 * j] = &sg * s;
                    row[base + 2 * j + 1] = -sg;
                }
            }
            sys.equalities.push((row, self.z[i - 1].clone()));
        }
        for (j, nr) in case.iter().enumerate() {
            if let Cell::At(p) = nr.cell {
                let mut row = vec![int(0); vars];
                row[base + 2 * j] = self.s[p - 1].clone();
                row[base + 2 * j + 1] = int(-1);
                sys.equalities.push((row, int(0)));
            }
        }
        for (j, nr) in case.iter().enumerate() {
            let w = int(i64::from(nr.weight));
            let (ia, iu) = (base + 2 * j, base + 2 * j + 1);
            let mut row = vec![int(0); vars];
            row[ia] = w.clone();
            sys.stricts.push(row);
            if let Cell::Between(p) = nr.cell {
                let mut lo = vec![int(0); vars];
                lo[iu] = w.clone();
                lo[ia] = -(&w * &self.s[p - 1]);
                sys.stricts.push(lo);
                let mut hi = vec![int(0); vars];
                hi[ia] = &w * &self.s[p];
                hi[iu] = -w;
                sys.stricts.push(hi);
            }
        }
        sys
    }
}

/// A 1-D network c + α s + Σ a_j relu(σ_j (s − b_j)) on the data (α = 0 if no affine term).
#[derive(Clone, Debug)]
pub struct Network1d {
    pub c: Q,
    pub alpha: Q,
    /// (σ, b, a) per neuron.
    pub neurons: Vec<(i8, Q, Q)>,
}

/// Searches the cases of "at most m neurons" for a network that fits the data exactly, fewest
/// inner neurons first.
pub fn fit_1d(data: &LineData, m: usize) -> Option<Network1d> {
    let mut cases = data.cases(m);
    cases.sort_by_key(Vec::len);
    for case in cases {
        if let Solution::Feasible(v) = data.system(&case, m).solve() {
            let affine = case.len() < m;
            let base = 1 + usize::from(affine);
            let alpha = if affine { v[1].clone() } else { int(0) };
            let neurons = case
                .iter()
                .enumerate()
                .map(|(j, nr)| {
                    let (a, u) = (&v[base + 2 * j], &v[base + 2 * j + 1]);
                    (nr.sigma, u / a, a.clone())
                })
                .collect();
            return Some(Network1d { c: v[0].clone(), alpha, neurons });
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The certificate.
// ---------------------------------------------------------------------------------------------

/// One refuted case: its neurons and the multipliers of its system.
#[derive(Clone, Debug)]
pub struct RefutedCase {
    pub neurons: Vec<CaseNeuron>,
    pub equalities: Vec<Q>,
    pub strict: Vec<Q>,
}

/// A `"rule": "case-split"` lower certificate: no 2-layer network with at most `excluded`
/// hidden neurons fine-tunes the instance, so it needs `excluded + 1`.
#[derive(Clone, Debug)]
pub struct CaseSplitBound {
    pub instance: Instance,
    pub line: Line,
    pub excluded: usize,
    pub cases: Vec<RefutedCase>,
}

impl CaseSplitBound {
    /// The certified lower bound on hidden neurons.
    pub fn neurons(&self) -> usize {
        self.excluded + 1
    }
}

/// Why no case-split certificate exists.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CaseSplitError {
    #[error("a sample is not on the line")]
    OffLine,
    #[error("case {index} is feasible: a network with at most {m} neurons fits (neurons {neurons:?})")]
    Feasible { index: usize, m: usize, neurons: Vec<CaseNeuron> },
}

/// Refutes every case of "at most m neurons" for an instance on a line.
pub fn case_split(instance: &Instance, line: &Line, m: usize) -> Result<CaseSplitBound, CaseSplitError> {
    let data = LineData::of(instance, line).ok_or(CaseSplitError::OffLine)?;
    let mut cases = Vec::new();
    for (index, neurons) in data.cases(m).into_iter().enumerate() {
        match data.system(&neurons, m).solve() {
            Solution::Infeasible { mu, y } => cases.push(RefutedCase { neurons, equalities: mu, strict: y }),
            Solution::Feasible(_) => return Err(CaseSplitError::Feasible { index, m, neurons }),
        }
    }
    Ok(CaseSplitBound { instance: instance.clone(), line: line.clone(), excluded: m, cases })
}

/// T of the strict zig-zag instance for (K, N), if one exists: the even positions, then odd
/// positions from the right (no two consecutive samples outside T).
pub fn zigzag_t(k: usize, n: usize) -> Option<Vec<usize>> {
    let evens = k / 2;
    if n < evens.max(1) || n > k {
        return None;
    }
    let mut t: Vec<usize> = (1..=k).filter(|p| p.is_multiple_of(2)).collect();
    let odds = (1..=k).rev().filter(|p| !p.is_multiple_of(2));
    t.extend(odds.take(n - evens));
    t.sort_unstable();
    Some(t)
}

/// The case-split certificate for (K, N) with K ∈ {3, 4}: the strict zig-zag instance
/// x_i = i·e_1 ∈ Q^d, z_p = (−1)^p on T, refuted at m = K − 2 (so m* ≥ K − 1). None when no
/// zig-zag instance with |T| = N exists (N = 0, or K = 4 and N = 1) or K ∉ {3, 4}.
pub fn zigzag_certificate(k: usize, n: usize, d: usize) -> Option<CaseSplitBound> {
    if !(3..=4).contains(&k) {
        return None;
    }
    let t = zigzag_t(k, n)?;
    let points = (1..=k)
        .map(|i| {
            let mut p = vec![int(0); d];
            p[0] = int(i as i64);
            p
        })
        .collect();
    let mut targets = vec![int(0); k];
    for &p in &t {
        targets[p - 1] = int(if p.is_multiple_of(2) { 1 } else { -1 });
    }
    let instance = Instance { points, targets, t };
    let mut direction = vec![int(0); d];
    direction[0] = int(1);
    let line = Line { origin: vec![int(0); d], direction };
    case_split(&instance, &line, k - 2).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line1() -> Line {
        Line { origin: vec![int(0)], direction: vec![int(1)] }
    }

    fn inst(z: &[i64]) -> Instance {
        let t = z.iter().enumerate().filter(|(_, v)| **v != 0).map(|(i, _)| i + 1).collect();
        Instance {
            points: (1..=z.len()).map(|i| vec![int(i as i64)]).collect(),
            targets: z.iter().map(|&v| int(v)).collect(),
            t,
        }
    }

    #[test]
    fn spec_case_counts() {
        let c3 = case_split(&inst(&[0, 1, 0]), &line1(), 1).unwrap();
        assert_eq!(c3.cases.len(), 6);
        let c4 = case_split(&inst(&[0, 1, 0, 1]), &line1(), 2).unwrap();
        assert_eq!(c4.cases.len(), 36);
        for c in c3.cases.iter().chain(&c4.cases) {
            assert!(c.strict.iter().all(|y| *y >= 0));
        }
    }

    #[test]
    fn non_zigzag_small_data_fits_with_k_minus_2() {
        for z in [[0, 1, 1, 0], [0, 1, 3, 2], [10, 5, 4, 0], [0, 0, 1, 0], [1, 0, 0, 1]] {
            let data = LineData::of(&inst(&z), &line1()).unwrap();
            assert!(fit_1d(&data, 2).is_some(), "{z:?}");
        }
        let data = LineData::of(&inst(&[0, 1, 1]), &line1()).unwrap();
        assert!(fit_1d(&data, 1).is_some());
        assert!(case_split(&inst(&[0, 1, 1]), &line1(), 1).is_err());
    }

    #[test]
    fn zigzag_t_patterns() {
        assert_eq!(zigzag_t(4, 2), Some(vec![2, 4]));
        assert_eq!(zigzag_t(4, 3), Some(vec![2, 3, 4]));
        assert_eq!(zigzag_t(3, 2), Some(vec![2, 3]));
        assert_eq!(zigzag_t(4, 1), None);
        assert_eq!(zigzag_t(3, 0), None);
        for (k, n) in [(3, 1), (3, 2), (3, 3), (4, 2), (4, 3), (4, 4)] {
            let cert = zigzag_certificate(k, n, 2).unwrap();
            assert_eq!(cert.neurons(), k - 1, "K={k} N={n}");
        }
    }
}
