//! The two-hidden-layer walk in big integers (issues 11 and 12): the piece count along the line
//! where the i128 walk ([`super::two_hidden`]) refuses, and g at the K samples when layer 1 has
//! rank 1, without the output row's lcm.
//!
//! Along a parameter s, layer-1 neuron j is relu(α_j s + β_j) with integers α_j, β_j (rows of the
//! integer network). Between two consecutive layer-1 cuts, layer-2 neuron i is P_i s + Q_i in
//! integers (its integer row, i.e. S_i times its true pre-activation, S_i > 0), moved across a cut
//! only by the layer-1 neurons that switch there. The output is g = Σ_i (n_i / D_i)·relu(P_i s +
//! Q_i) + c with D_i > 0 (D_i = S_i · denominator of v_i, or the integer network's output scale).
//! The walk keeps g's current affine piece A·s + B as two reduced rationals, changed only by the
//! neurons whose term changes; neurons with the same D_i form one class whose changes are summed
//! in integers first (the hard-tanh pairs of the groups constructions cancel there, so A and B
//! stay small although every single term has the size of its row scale). Memory: O(d1 + d2)
//! big numbers plus the sorted cuts; work: O(d1·d2 + K) big operations, each charged to the
//! digit-work meter (`budget.rs`) before it is done, and at most the piece-work limit in steps.
//!
//! Pieces: g is continuous, so a piece ends exactly where A changes: after a group of layer-2
//! roots strictly inside an interval, or across a cut (A just left against A just right): the
//! counting rule of the i128 walk. Values: if every row of layer 1 is an integer multiple α_j of
//! one primitive integer vector u (checked exactly; zero rows allowed), then g(x) = h(u·x) with
//! h the 1-D network above (β_j the layer-1 biases); the t_i = u·x_i are sorted and each h(t_i)
//! is read off the piece that is current when the walk reaches t_i.

use super::{row, IntNet, RatLayer};
use crate::budget::{self, digits, gcd_cost, mul_cost};
use crate::error::{Fail, Rejection};
use crate::instance::Instance;
use crate::line::Line;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};
use std::cmp::Ordering;

const AT: &str = "/network";

/// A point n/d on the parameter axis, d > 0.
#[derive(Clone, Debug)]
struct Pt {
    n: BigInt,
    d: BigInt,
}

impl Pt {
    /// The root of a·s + b (a ≠ 0).
    fn root(a: &BigInt, b: &BigInt) -> Pt {
        if a.is_positive() {
            Pt { n: -b, d: a.clone() }
        } else {
            Pt { n: b.clone(), d: -a }
        }
    }

    fn cmp_cost(&self, o: &Pt) -> u128 {
        mul_cost(&self.n, &o.d).saturating_add(mul_cost(&o.n, &self.d))
    }

    /// The order of two points (charged).
    fn cmp(&self, o: &Pt) -> Result<Ordering, Fail> {
        budget::spend(self.cmp_cost(o), AT)?;
        Ok((&self.n * &o.d).cmp(&(&o.n * &self.d)))
    }

    /// sign(a·n/d + b) = sign(a·n + b·d) since d > 0 (charged).
    fn sign_of(&self, a: &BigInt, b: &BigInt) -> Result<Ordering, Fail> {
        budget::spend(mul_cost(a, &self.n).saturating_add(mul_cost(b, &self.d)), AT)?;
        Ok((a * &self.n + b * &self.d).cmp(&BigInt::zero()))
    }
}

/// Sort by point, charging an upper estimate of the comparisons first (n·(⌈log2 n⌉ + 1), each at
/// most the cost of the two largest cross products).
fn sort_points<T>(v: &mut [T], key: impl Fn(&T) -> &Pt) -> Result<(), Fail> {
    let len = v.len() as u128;
    if len < 2 {
        return Ok(());
    }
    let (mut dn, mut dd) = (0u128, 0u128);
    for x in v.iter() {
        dn = dn.max(digits(&key(x).n));
        dd = dd.max(digits(&key(x).d));
    }
    let log = u128::from(u128::BITS - len.leading_zeros());
    let compares = len.saturating_mul(log.saturating_add(1));
    budget::spend(compares.saturating_mul(dn.saturating_mul(dd).saturating_mul(2)), AT)?;
    v.sort_by(|x, y| (&key(x).n * &key(y).d).cmp(&(&key(y).n * &key(x).d)));
    Ok(())
}

/// acc += n / d (d > 0), reduced; charged before it is done.
fn add_frac(acc: &mut BigRational, n: &BigInt, d: &BigInt) -> Result<(), Fail> {
    if n.is_zero() {
        return Ok(());
    }
    let (an, ad) = (acc.numer(), acc.denom());
    let num_digits = (digits(an) + digits(d)).max(digits(n) + digits(ad)) + 1;
    let den_digits = digits(ad) + digits(d);
    let m = num_digits.max(den_digits);
    let cost = mul_cost(an, d) + mul_cost(n, ad) + mul_cost(ad, d) + m * m + 2 * num_digits * den_digits;
    budget::spend(cost, AT)?;
    *acc = BigRational::new(an * d + n * ad, ad * d);
    Ok(())
}

/// x += c·y (charged).
fn add_mul(x: &mut BigInt, c: &BigInt, y: &BigInt) -> Result<(), Fail> {
    if !c.is_zero() && !y.is_zero() {
        budget::spend(mul_cost(c, y).saturating_add(digits(x)), AT)?;
        *x += c * y;
    }
    Ok(())
}

/// The walk's network: layers 1 and 2 of an integer network and the output as Σ (n_i/D_i)·relu.
pub(crate) struct Walk<'a> {
    net: &'a IntNet,
    /// The layer-2 neurons with a nonzero output weight (the others never change g).
    keep: Vec<usize>,
    /// Per kept neuron: output numerator n_i and class (index into `den`).
    num: Vec<BigInt>,
    class: Vec<usize>,
    /// Per class: its positive denominator D.
    den: Vec<BigInt>,
    /// The output bias.
    c: BigRational,
}

/// Layer 1 of rank 1: the primitive vector u and the multiples α_j (rows α_j·u).
type RankOne = (Vec<BigInt>, Vec<BigInt>);

/// g's current piece A·s + B and the pending per-class changes (integers over D_class).
struct Acc<'w> {
    den: &'w [BigInt],
    a: BigRational,
    b: BigRational,
    delta: Vec<(BigInt, BigInt)>,
    touched: Vec<usize>,
    is_touched: Vec<bool>,
}

impl Acc<'_> {
    /// The class of the neuron gains sign·n·(p, q).
    fn add(
        &mut self,
        class: usize,
        n: &BigInt,
        (p, q): (&BigInt, &BigInt),
        negate: bool,
    ) -> Result<(), Fail> {
        let (Some(slot), Some(seen)) = (self.delta.get_mut(class), self.is_touched.get_mut(class)) else {
            return Ok(());
        };
        if !*seen {
            *seen = true;
            self.touched.push(class);
        }
        let n = if negate { -n } else { n.clone() };
        add_mul(&mut slot.0, &n, p)?;
        add_mul(&mut slot.1, &n, q)
    }

    /// Fold the pending class changes into A and B.
    fn flush(&mut self) -> Result<(), Fail> {
        for c in self.touched.drain(..) {
            let (Some(slot), Some(d), Some(seen)) =
                (self.delta.get_mut(c), self.den.get(c), self.is_touched.get_mut(c))
            else {
                continue;
            };
            *seen = false;
            let (da, db) = std::mem::take(slot);
            add_frac(&mut self.a, &da, d)?;
            add_frac(&mut self.b, &db, d)?;
        }
        Ok(())
    }
}

/// Layer-2 status just right of `at` (None = −∞) for P s + Q.
fn on_right_of(at: Option<&Pt>, p: &BigInt, q: &BigInt) -> Result<bool, Fail> {
    if p.is_zero() {
        return Ok(q.is_positive());
    }
    let Some(at) = at else {
        return Ok(p.is_negative());
    };
    Ok(match at.sign_of(p, q)? {
        Ordering::Greater => true,
        Ordering::Equal => p.is_positive(),
        Ordering::Less => false,
    })
}

impl<'a> Walk<'a> {
    /// The walk of a network with two hidden layers: `net` holds at least its first two layers
    /// in integers; the output is `out` (rational, over the row scales `scales` of layer 2) or,
    /// when `out` is `None`, the integer network's own third layer over its `out_scale`.
    /// `None` if the shapes are not those of two hidden layers.
    pub(crate) fn new(net: &'a IntNet, out: Option<&RatLayer>) -> Result<Option<Walk<'a>>, Fail> {
        let (Some(l1), Some(l2)) = (net.layers.first(), net.layers.get(1)) else {
            return Ok(None);
        };
        if l2.cols != l1.rows || l1.w().len() != l1.rows * l1.cols || l2.w().len() != l2.rows * l2.cols {
            return Ok(None);
        }
        // (n_i, D_i) for every layer-2 neuron, and c.
        let mut terms: Vec<(usize, BigInt, BigInt)> = Vec::new();
        let c = match out {
            Some(o) => {
                if net.layers.len() != 2 || o.rows != 1 || o.cols != l2.rows || net.scales.len() != l2.rows {
                    return Ok(None);
                }
                for (i, (v, s)) in o.w.iter().zip(&net.scales).enumerate() {
                    if v.is_zero() {
                        continue;
                    }
                    let v = v.to_big();
                    budget::spend(mul_cost(v.denom(), s), AT)?;
                    terms.push((i, v.numer().clone(), v.denom() * s));
                }
                o.b.first().map(|b| b.to_big()).unwrap_or_default()
            }
            None => {
                let Some(l3) = net.layers.get(2) else {
                    return Ok(None);
                };
                if net.layers.len() != 3 || l3.rows != 1 || l3.cols != l2.rows || net.out_scale.is_zero() {
                    return Ok(None);
                }
                for (i, v) in l3.w().iter().enumerate() {
                    if !v.is_zero() {
                        terms.push((i, v.clone(), net.out_scale.clone()));
                    }
                }
                let b = l3.b().first().cloned().unwrap_or_default();
                BigRational::new(b, net.out_scale.clone())
            }
        };
        // Classes: equal denominators (sorted, so the grouping is the same on every run).
        let len = terms.len() as u128;
        let dmax = terms.iter().map(|t| digits(&t.2)).max().unwrap_or(0);
        let log = u128::from(u128::BITS - len.leading_zeros());
        budget::spend(len.saturating_mul(log + 1).saturating_mul(dmax), AT)?;
        let mut order: Vec<usize> = (0..terms.len()).collect();
        order.sort_by(|&x, &y| terms[x].2.cmp(&terms[y].2).then(x.cmp(&y)));
        let mut class = vec![0usize; terms.len()];
        let mut den: Vec<BigInt> = Vec::new();
        for &t in &order {
            if den.last() != Some(&terms[t].2) {
                den.push(terms[t].2.clone());
            }
            class[t] = den.len() - 1;
        }
        let keep = terms.iter().map(|t| t.0).collect();
        let num = terms.into_iter().map(|t| t.1).collect();
        Ok(Some(Walk { net, keep, num, class, den, c }))
    }

    fn d1(&self) -> usize {
        self.net.layers.first().map_or(0, |l| l.rows)
    }

    /// Steps of one walk: 3·d1·max(d2, 1) + d2 (as the i128 walk's bound), within the limit.
    fn within_work(&self) -> bool {
        self.d1()
            .checked_mul(self.keep.len().max(1))
            .and_then(|x| x.checked_mul(3))
            .and_then(|x| x.checked_add(self.keep.len()))
            .is_some_and(|w| w <= crate::budget::piece_limit())
    }

    /// The pieces of s ↦ g(origin + s·direction) for an integer line; `None` if the line is not
    /// integer or the walk would pass the piece-work limit.
    pub(crate) fn pieces(&self, line: &Line) -> Result<Option<usize>, Fail> {
        let Some(l1) = self.net.layers.first() else {
            return Ok(None);
        };
        if !self.within_work()
            || line.origin.len() != l1.cols
            || line.direction.len() != l1.cols
            || !line.origin.iter().chain(&line.direction).all(BigRational::is_integer)
        {
            return Ok(None);
        }
        let mut ab = Vec::with_capacity(l1.rows);
        for (r, b) in l1.b().iter().enumerate() {
            let (mut alpha, mut beta) = (BigInt::zero(), b.clone());
            for ((w, u), o) in row(l1.w(), r, l1.cols).iter().zip(&line.direction).zip(&line.origin) {
                add_mul(&mut alpha, w, u.numer())?;
                add_mul(&mut beta, w, o.numer())?;
            }
            ab.push((alpha, beta));
        }
        self.run(&ab, &[], |_, _, _, _| Ok(())).map(Some)
    }

    /// Layer 1 as α_j·u with u a primitive integer vector (the first nonzero row divided by the
    /// gcd of its entries), checked exactly; `None` if some row is not a multiple of u.
    fn rank_one(&self) -> Result<Option<RankOne>, Fail> {
        let Some(l1) = self.net.layers.first() else {
            return Ok(None);
        };
        let (w, cols) = (l1.w(), l1.cols);
        let first = (0..l1.rows).map(|r| row(w, r, cols)).find(|r| r.iter().any(|x| !x.is_zero()));
        let Some(first) = first else {
            // Every row zero: g does not depend on x.
            return Ok(Some((vec![BigInt::zero(); cols], vec![BigInt::zero(); l1.rows])));
        };
        let mut g = BigInt::zero();
        for x in first {
            budget::spend(gcd_cost(&g, x), AT)?;
            g = g.gcd(x);
        }
        let mut u = Vec::with_capacity(cols);
        for x in first {
            budget::spend(mul_cost(x, &g), AT)?;
            u.push(x / &g);
        }
        let Some(pivot) = u.iter().position(|x| !x.is_zero()) else {
            return Ok(None);
        };
        let mut alpha = Vec::with_capacity(l1.rows);
        for r in 0..l1.rows {
            let wr = row(w, r, cols);
            let Some(wp) = wr.get(pivot) else {
                return Ok(None);
            };
            budget::spend(mul_cost(wp, &u[pivot]), AT)?;
            let (a, rem) = wp.div_rem(&u[pivot]);
            if !rem.is_zero() {
                return Ok(None);
            }
            for (x, uk) in wr.iter().zip(&u) {
                budget::spend(mul_cost(&a, uk), AT)?;
                if *x != &a * uk {
                    return Ok(None);
                }
            }
            alpha.push(a);
        }
        Ok(Some((u, alpha)))
    }

    /// g(x_i) = z_i for every sample, through h(u·x_i) when layer 1 has rank 1: `Ok(None)` when
    /// it has not (or the walk would pass the piece-work limit), so that the caller evaluates
    /// sample by sample. A wrong output is the same located rejection as the sample-by-sample
    /// check's: the first wrong sample in sample order, with its exact output.
    pub(crate) fn check_outputs(&self, inst: &Instance) -> Result<Option<()>, Fail> {
        if !self.within_work() {
            return Ok(None);
        }
        let Some((u, alpha)) = self.rank_one()? else {
            return Ok(None);
        };
        let Some(l1) = self.net.layers.first() else {
            return Ok(None);
        };
        let ab: Vec<(BigInt, BigInt)> = alpha.into_iter().zip(l1.b().iter().cloned()).collect();
        let scaled = super::scaled_of(inst);
        let mut queries: Vec<(Pt, usize)> = Vec::with_capacity(inst.k);
        for i in 0..inst.k {
            let x = inst.point(i);
            let (dd, a): (BigInt, Vec<BigInt>) = match scaled.points.get(i) {
                Some(Some((dd, a))) => (BigInt::from(*dd), a.iter().map(|&v| BigInt::from(v)).collect()),
                _ => {
                    let mut dd = BigInt::one();
                    for q in x {
                        if !q.denom().is_one() {
                            budget::spend(gcd_cost(&dd, q.denom()) + mul_cost(&dd, q.denom()), AT)?;
                            dd = dd.lcm(q.denom());
                        }
                    }
                    let mut a = Vec::with_capacity(x.len());
                    for q in x {
                        budget::spend(mul_cost(&dd, q.denom()).saturating_add(mul_cost(&dd, q.numer())), AT)?;
                        a.push(q.numer() * (&dd / q.denom()));
                    }
                    (dd, a)
                }
            };
            let mut n = BigInt::zero();
            for (uk, ak) in u.iter().zip(&a) {
                add_mul(&mut n, uk, ak)?;
            }
            queries.push((Pt { n, d: dd }, i));
        }
        sort_points(&mut queries, |q| &q.0)?;
        // The first wrong sample in sample order, with its output.
        let mut wrong: Option<(usize, BigRational)> = None;
        self.run(&ab, &queries, |i, t, a, b| {
            let Some(z) = inst.targets.get(i) else {
                return Ok(());
            };
            let z = z.to_big();
            // g = (a.n·t.n·b.d + b.n·a.d·t.d) / (a.d·t.d·b.d), compared with z.n / z.d.
            let (an, ad, bn, bd) = (a.numer(), a.denom(), b.numer(), b.denom());
            let cost = mul_cost(an, &t.n) * 2
                + mul_cost(bn, ad) * 2
                + mul_cost(ad, &t.d) * 3
                + mul_cost(z.denom(), ad) * 4
                + mul_cost(z.numer(), ad) * 4;
            budget::spend(cost, AT)?;
            let num = an * &t.n * bd + bn * ad * &t.d;
            let den = ad * &t.d * bd;
            if &num * z.denom() != z.numer() * &den && wrong.as_ref().is_none_or(|w| i < w.0) {
                budget::spend(gcd_cost(&num, &den) * 2, AT)?;
                wrong = Some((i, BigRational::new(num, den)));
            }
            Ok(())
        })?;
        match wrong {
            None => Ok(Some(())),
            Some((i, output)) => Err(Rejection::WrongOutput {
                sample: i + 1,
                output: output.to_string(),
                target: inst.targets.get(i).map(|z| z.to_big().to_string()).unwrap_or_default(),
            }
            .into()),
        }
    }

    /// The walk along s for layer 1 = relu(α_j s + β_j) (`ab`), calling `visit(index, t, A, B)`
    /// for every query point (sorted ascending) with g = A·s + B on a piece that contains t.
    /// Returns the number of pieces of g over all of R.
    fn run(
        &self,
        ab: &[(BigInt, BigInt)],
        queries: &[(Pt, usize)],
        mut visit: impl FnMut(usize, &Pt, &BigRational, &BigRational) -> Result<(), Fail>,
    ) -> Result<usize, Fail> {
        let d1 = ab.len();
        let Some(l2) = self.net.layers.get(1) else {
            return Ok(1);
        };
        let (w2, b2) = (l2.w(), l2.b());
        let d2 = self.keep.len();
        // Layer 2 left of every cut: layer-1 neuron j is on iff α_j < 0, or α_j = 0 and β_j > 0.
        let mut pq: Vec<(BigInt, BigInt)> =
            self.keep.iter().map(|&i| (BigInt::zero(), b2.get(i).cloned().unwrap_or_default())).collect();
        let mut kinks: Vec<(Pt, usize)> = Vec::with_capacity(d1);
        for (j, (a, b)) in ab.iter().enumerate() {
            if a.is_negative() || (a.is_zero() && b.is_positive()) {
                self.toggle(&mut pq, w2, d1, j, (a, b), false, |_| Ok(()))?;
            }
            if !a.is_zero() {
                kinks.push((Pt::root(a, b), j));
            }
        }
        sort_points(&mut kinks, |k| &k.0)?;
        let mut acc = Acc {
            den: &self.den,
            a: BigRational::zero(),
            b: self.c.clone(),
            delta: vec![(BigInt::zero(), BigInt::zero()); self.den.len()],
            touched: Vec::new(),
            is_touched: vec![false; self.den.len()],
        };
        let mut on = Vec::with_capacity(d2);
        for (i, (p, q)) in pq.iter().enumerate() {
            let o = on_right_of(None, p, q)?;
            if o {
                acc.add(self.class[i], &self.num[i], (p, q), false)?;
            }
            on.push(o);
        }
        acc.flush()?;
        let mut changes = 0usize;
        let mut events: Vec<(Pt, usize)> = Vec::new();
        let mut dirty = vec![false; d2];
        let (mut k, mut qi) = (0usize, 0usize);
        loop {
            // The interval (cut, next); None is −∞ and +∞.
            let cut = k.checked_sub(1).and_then(|i| kinks.get(i)).map(|c| &c.0);
            let next = kinks.get(k).map(|c| &c.0);
            events.clear();
            for (i, (p, q)) in pq.iter().enumerate() {
                if p.is_zero() {
                    continue;
                }
                let r = Pt::root(p, q);
                let after_cut = match cut {
                    None => true,
                    Some(c) => r.cmp(c)? == Ordering::Greater,
                };
                if after_cut && next.map_or(Ok(true), |n| r.cmp(n).map(|o| o == Ordering::Less))? {
                    events.push((r, i));
                }
            }
            sort_points(&mut events, |e| &e.0)?;
            let mut e = 0;
            // The queries in (cut, next]. g is continuous, so a query exactly at a root or at
            // `next` may be read off either adjacent piece.
            while let Some((t, index)) = queries.get(qi) {
                if let Some(n) = next {
                    if t.cmp(n)? == Ordering::Greater {
                        break;
                    }
                }
                while let Some((r, _)) = events.get(e) {
                    if r.cmp(t)? != Ordering::Less {
                        break;
                    }
                    e = self.group(&events, e, &mut on, &pq, &mut acc, &mut changes)?;
                }
                visit(*index, t, &acc.a, &acc.b)?;
                qi += 1;
            }
            while e < events.len() {
                e = self.group(&events, e, &mut on, &pq, &mut acc, &mut changes)?;
            }
            let Some(at) = next.cloned() else { break };
            // Cross the cut: every layer-1 neuron with its kink here switches (on if α > 0).
            let slope_left = acc.a.clone();
            dirty.fill(false);
            while let Some((p, j)) = kinks.get(k) {
                if p.cmp(&at)? != Ordering::Equal {
                    break;
                }
                let Some((a, b)) = ab.get(*j) else { break };
                // A neuron moved while on leaves g with its old term first.
                let (class, num, on_ref, dirty_ref) = (&self.class, &self.num, &on, &mut dirty);
                let acc_ref = &mut acc;
                self.toggle(&mut pq, w2, d1, *j, (a, b), a.is_negative(), |(i, p, q)| {
                    if let Some(flag) = dirty_ref.get_mut(i) {
                        if !*flag {
                            *flag = true;
                            if on_ref.get(i) == Some(&true) {
                                acc_ref.add(class[i], &num[i], (p, q), true)?;
                            }
                        }
                    }
                    Ok(())
                })?;
                k += 1;
            }
            for (i, (p, q)) in pq.iter().enumerate() {
                let now = on_right_of(Some(&at), p, q)?;
                if dirty[i] {
                    if now {
                        acc.add(self.class[i], &self.num[i], (p, q), false)?;
                    }
                } else if now != on[i] {
                    acc.add(self.class[i], &self.num[i], (p, q), !now)?;
                }
                on[i] = now;
            }
            acc.flush()?;
            if acc.a != slope_left {
                changes += 1;
            }
        }
        Ok(changes + 1)
    }

    /// pq_i += ±W2[i][j]·(a, b) for the kept neurons (minus if `negate`); `before(i, p, q)` sees
    /// each changed neuron's old value first.
    #[allow(clippy::too_many_arguments)]
    fn toggle(
        &self,
        pq: &mut [(BigInt, BigInt)],
        w2: &[BigInt],
        cols: usize,
        j: usize,
        (a, b): (&BigInt, &BigInt),
        negate: bool,
        mut before: impl FnMut((usize, &BigInt, &BigInt)) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        for (i, (&r, (p, q))) in self.keep.iter().zip(pq.iter_mut()).enumerate() {
            let Some(w) = row(w2, r, cols).get(j) else { continue };
            if w.is_zero() {
                continue;
            }
            before((i, p, q))?;
            let w = if negate { -w } else { w.clone() };
            add_mul(p, &w, a)?;
            add_mul(q, &w, b)?;
        }
        Ok(())
    }

    /// Apply the group of layer-2 roots at `events[e]` (all at one point): each neuron switches
    /// on if P > 0, off if P < 0; counts a change of A. Returns the index after the group.
    fn group(
        &self,
        events: &[(Pt, usize)],
        e: usize,
        on: &mut [bool],
        pq: &[(BigInt, BigInt)],
        acc: &mut Acc<'_>,
        changes: &mut usize,
    ) -> Result<usize, Fail> {
        let Some((at, _)) = events.get(e) else {
            return Ok(e + 1);
        };
        let slope = acc.a.clone();
        let mut end = e;
        while let Some((r, i)) = events.get(end) {
            if end > e && r.cmp(at)? != Ordering::Equal {
                break;
            }
            if let (Some((p, q)), Some(o)) = (pq.get(*i), on.get_mut(*i)) {
                *o = p.is_positive();
                acc.add(self.class[*i], &self.num[*i], (p, q), !p.is_positive())?;
            }
            end += 1;
        }
        acc.flush()?;
        if acc.a != slope {
            *changes += 1;
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{check_outputs, count_pieces_general, eval_big, IntNet, Network, RatLayer};
    use super::*;
    use crate::rational::Rat;
    use std::rc::Rc;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }

        /// A rational p/q with |p| ≤ pm, 1 ≤ q ≤ qm.
        fn rat(&mut self, pm: u64, qm: u64) -> BigRational {
            let p = self.next(2 * pm + 1) as i128 - pm as i128;
            let q = 1 + self.next(qm) as i128;
            BigRational::new(BigInt::from(p), BigInt::from(q))
        }

        /// Small entries (coinciding kinks and roots, cancelling terms), or in `huge` rounds
        /// some entries up to 2^61 over 2^30 (past the i128 walk).
        fn entry(&mut self, huge: bool) -> BigRational {
            if huge && self.next(3) == 0 {
                self.rat(1 << 61, 1 << 30)
            } else {
                self.rat(3, 3)
            }
        }
    }

    fn layer(rows: usize, cols: usize, mut f: impl FnMut() -> BigRational) -> RatLayer {
        let w = (0..rows * cols).map(|_| f().into()).collect();
        let b = (0..rows).map(|_| f().into()).collect();
        RatLayer { rows, cols, w, b }
    }

    /// The big walk (from the whole integer network, and from its first two layers with the
    /// rational output row) agrees with the general propagation on random 3-layer networks along
    /// several integer lines, including entries the i128 walk refuses.
    #[test]
    fn walk_matches_general() {
        let mut rng = Rng(0x005e_ed0f_3a1c);
        let (mut compared, mut multi, mut past_i128) = (0, 0, 0);
        for round in 0..1500u64 {
            let d = 1 + (round % 3) as usize;
            let (d1, d2) = (rng.next(8) as usize, rng.next(7) as usize);
            let huge = round % 4 == 3;
            let net = [
                layer(d1, d, || rng.entry(huge)),
                layer(d2, d1, || rng.entry(huge)),
                layer(1, d2, || rng.entry(huge)),
            ];
            let full = IntNet::from_layers(&net).expect("within budget");
            let prefix = IntNet::from_layers(&net[..2]).expect("within budget");
            let from_full = Walk::new(&full, None).unwrap().expect("two hidden layers");
            let from_prefix = Walk::new(&prefix, Some(&net[2])).unwrap().expect("two hidden layers");
            for s in 0..3i64 {
                let shift = if s == 2 { rng.next(5) as i64 - 2 } else { 0 };
                let l = crate::network::moment_line(d, s, shift);
                let general = count_pieces_general(&full, &l, "").unwrap();
                assert_eq!(from_full.pieces(&l).unwrap(), Some(general), "round {round} line {s}");
                assert_eq!(from_prefix.pieces(&l).unwrap(), Some(general), "round {round} line {s}");
                compared += 1;
                multi += usize::from(general > 3);
                past_i128 += usize::from(super::super::two_hidden::pieces(&full, &l).is_none());
            }
        }
        assert!(compared == 4500 && multi > 1000 && past_i128 > 500, "{compared} {multi} {past_i128}");
    }

    /// A rational line is left to the general path.
    #[test]
    fn rational_line_is_refused() {
        let mut rng = Rng(7);
        let net =
            [layer(2, 1, || rng.rat(3, 1)), layer(2, 2, || rng.rat(3, 1)), layer(1, 2, || rng.rat(3, 1))];
        let full = IntNet::from_layers(&net).unwrap();
        let w = Walk::new(&full, None).unwrap().unwrap();
        let half = BigRational::new(BigInt::from(1), BigInt::from(2));
        let l = Line { origin: vec![half], direction: vec![BigRational::one()], pivot: 0 };
        assert_eq!(w.pieces(&l).unwrap(), None);
    }

    fn instance(points: Vec<BigRational>, d: usize, targets: Vec<BigRational>) -> Instance {
        let k = targets.len();
        Instance {
            k,
            d,
            points: Rc::new(points),
            targets: targets.into_iter().map(Rat::from).collect(),
            t: vec![],
        }
    }

    /// On random networks whose first layer has rank 1 (rows c_j·u, zero rows included), the
    /// walk's values are exactly `eval_big`'s; a wrong target is the same located rejection
    /// (first wrong sample, same output) as the sample-by-sample check; without rank 1 the walk
    /// declines to answer and `Network` falls back to the same verdicts.
    #[test]
    fn values_match_eval_big() {
        let mut rng = Rng(0xfeed_beef);
        let (mut rank_one, mut fallback, mut huge_rounds) = (0, 0, 0);
        for round in 0..800u64 {
            let d = 1 + (round % 3) as usize;
            let (d1, d2) = (rng.next(7) as usize, rng.next(6) as usize);
            let huge = round % 4 == 3;
            let flat = round % 5 != 4;
            let u: Vec<BigRational> = (0..d).map(|_| rng.rat(3, 2)).collect();
            let mut l1 = layer(d1, d, || rng.entry(huge));
            if flat {
                for r in 0..d1 {
                    let c = if rng.next(4) == 0 { BigRational::zero() } else { rng.entry(huge) };
                    for (k, uk) in u.iter().enumerate() {
                        l1.w[r * d + k] = (&c * uk).into();
                    }
                }
            }
            let net = [l1, layer(d2, d1, || rng.entry(huge)), layer(1, d2, || rng.entry(huge))];
            let full = IntNet::from_layers(&net).expect("within budget");
            let k = 1 + rng.next(12) as usize;
            // Small integer and half-integer points, so that samples fall on cuts and roots.
            let points: Vec<BigRational> = (0..k * d).map(|_| rng.rat(4, 2)).collect();
            let mut targets = Vec::new();
            for i in 0..k {
                let (n, dd) = eval_big(&full, &points[i * d..(i + 1) * d]).unwrap();
                targets.push(BigRational::new(n, dd));
            }
            let good = instance(points.clone(), d, targets.clone());
            let prefix = IntNet::from_layers(&net[..2]).expect("within budget");
            let w = Walk::new(&prefix, Some(&net[2])).unwrap().unwrap();
            let walked = w.check_outputs(&good).unwrap();
            if walked.is_some() {
                rank_one += 1;
                huge_rounds += usize::from(huge);
            } else {
                assert!(!flat || d1 == 0, "a rank-1 first layer was not recognised (round {round})");
                fallback += 1;
            }
            check_outputs(&full, &good, "/network").unwrap();
            Network::new(net.to_vec()).unwrap().check_outputs(&good, "/network").unwrap();
            // Wrong targets at two samples: the first in sample order is reported.
            let (a, b) = (rng.next(k as u64) as usize, rng.next(k as u64) as usize);
            let mut bad = targets;
            bad[a] = &bad[a] + BigRational::new(BigInt::one(), BigInt::from(3));
            bad[b] = &bad[b] - BigRational::new(BigInt::one(), BigInt::from(7));
            let bad = instance(points, d, bad);
            let want = format!("{:?}", check_outputs(&full, &bad, "/network").unwrap_err());
            assert!(want.contains(&format!("sample: {}", a.min(b) + 1)), "{want}");
            if walked.is_some() {
                assert_eq!(format!("{:?}", w.check_outputs(&bad).unwrap_err()), want, "round {round}");
            } else {
                assert_eq!(w.check_outputs(&bad).unwrap(), None);
            }
            let got = Network::new(net.to_vec()).unwrap().check_outputs(&bad, "/network").unwrap_err();
            assert_eq!(format!("{got:?}"), want, "round {round}");
        }
        assert!(rank_one > 500 && fallback > 50 && huge_rounds > 100, "{rank_one} {fallback} {huge_rounds}");
    }

    /// The class sums keep the output small: two neurons with one row and output weights ±1
    /// (a hard-tanh pair) contribute only their bias difference when both are on, so the walk
    /// never holds a 200-bit coefficient.
    /// A comparison of two points is charged its two cross products before it is done
    /// (cargo-mutants round 5: walk.rs 55:9 `cmp_cost` → 0 or 1 went unnoticed): 10^40/10^20
    /// against 3/7 costs digits(10^40)·digits(7) + digits(3)·digits(10^20) = 41·1 + 1·21 = 62.
    #[test]
    fn comparisons_are_charged_their_cross_products() {
        let ten = |e: u32| BigInt::from(10u32).pow(e);
        let p = Pt { n: ten(40), d: ten(20) };
        let q = Pt { n: BigInt::from(3), d: BigInt::from(7) };
        budget::start(usize::MAX);
        assert_eq!(p.cmp(&q).ok(), Some(Ordering::Greater));
        assert_eq!(budget::spent(), 62);
        budget::start(61);
        assert!(matches!(p.cmp(&q), Err(Fail::Decline(_))));
        budget::start(62);
        assert_eq!(q.cmp(&p).ok(), Some(Ordering::Less));
        budget::start(usize::MAX);
    }

    /// An addition to g's piece is charged before it is done (walk.rs 96:34, 96:61, 96:75, 97:33,
    /// 99:68 in `add_frac`'s cost went unnoticed): exact totals for one addition where the first
    /// cross product dominates and one where the second does.
    #[test]
    fn additions_are_charged_exactly() {
        let big = |s: &str| s.parse::<BigInt>().unwrap();
        let rat = |n: &str, d: &str| BigRational::new(big(n), big(d));
        for (acc, n, d, cost, sum) in [
            (rat("100000", "7"), "11", "1000000007", 735, rat("100000000700077", "7000000049")),
            (rat("1", "1000000007"), "100000", "7", 734, rat("100000000700007", "7000000049")),
        ] {
            let mut acc = acc;
            budget::start(usize::MAX);
            assert!(add_frac(&mut acc, &big(n), &big(d)).is_ok());
            assert_eq!((budget::spent(), &acc), (cost, &sum));
        }
        budget::start(usize::MAX);
    }

    /// x += c·y is charged only when the product is nonzero (walk.rs 107:21 `&&` → `||` in
    /// `add_mul` charged products with a zero factor): 0 for a zero factor, digits(c)·digits(y) +
    /// digits(x) = 2·3 + 3 = 9 for 10·100 added to 500.
    #[test]
    fn products_with_a_zero_factor_are_free() {
        let mut x = BigInt::from(500);
        budget::start(usize::MAX);
        for (c, y) in [(0, 100), (10, 0), (0, 0)] {
            assert!(add_mul(&mut x, &BigInt::from(c), &BigInt::from(y)).is_ok());
        }
        assert_eq!((budget::spent(), &x), (0, &BigInt::from(500)));
        assert!(add_mul(&mut x, &BigInt::from(10), &BigInt::from(100)).is_ok());
        assert_eq!((budget::spent(), &x), (9, &BigInt::from(1500)));
        budget::start(usize::MAX);
    }

    /// A sort of n points is charged n·(⌈log2 n⌉ + 1) comparisons of the largest cross products
    /// up front (walk.rs 83:37 `-` → `+` or `/` in `sort_points` went unnoticed): 4 one-digit
    /// points cost 4·(3 + 1)·(1·1)·2 = 32, and come out sorted.
    #[test]
    fn sorts_are_charged_up_front() {
        let pt = |n: i64, d: i64| Pt { n: BigInt::from(n), d: BigInt::from(d) };
        let mut v = vec![pt(3, 2), pt(-1, 3), pt(5, 4), pt(0, 1)];
        budget::start(usize::MAX);
        assert!(sort_points(&mut v, |p| p).is_ok());
        assert_eq!(budget::spent(), 32);
        let order: Vec<(i64, i64)> =
            v.iter().map(|p| (i64::try_from(&p.n).unwrap(), i64::try_from(&p.d).unwrap())).collect();
        assert_eq!(order, vec![(-1, 3), (0, 1), (5, 4), (3, 2)]);
        budget::start(31);
        assert!(matches!(sort_points(&mut v, |p| p), Err(Fail::Decline(_))));
        budget::start(usize::MAX);
    }

    #[test]
    fn pairs_cancel_in_integers() {
        let big = BigRational::new(BigInt::from(2).pow(200) + 1u32, BigInt::from(7));
        let net = [
            RatLayer {
                rows: 1,
                cols: 1,
                w: vec![BigRational::one().into()],
                b: vec![BigRational::zero().into()],
            },
            RatLayer {
                rows: 2,
                cols: 1,
                w: vec![big.clone().into(), big.clone().into()],
                b: vec![BigRational::zero().into(), (-BigRational::one()).into()],
            },
            RatLayer {
                rows: 1,
                cols: 2,
                w: vec![BigRational::one().into(), (-BigRational::one()).into()],
                b: vec![BigRational::zero().into()],
            },
        ];
        let prefix = IntNet::from_layers(&net[..2]).unwrap();
        let w = Walk::new(&prefix, Some(&net[2])).unwrap().unwrap();
        assert_eq!(w.den.len(), 1, "one class");
        // g = relu(big·h) − relu(big·h − 1), h = relu(s): 0, then big·s, then 1 from s = 1/big.
        let line = Line { origin: vec![BigRational::zero()], direction: vec![BigRational::one()], pivot: 0 };
        assert_eq!(w.pieces(&line).unwrap(), Some(3));
        let one = BigRational::one();
        let inst = instance(
            vec![BigRational::from_integer(BigInt::from(5)), -one.clone()],
            1,
            vec![one, BigRational::zero()],
        );
        budget::start(usize::MAX);
        assert_eq!(w.check_outputs(&inst).unwrap(), Some(()));
        assert!(budget::spent() < 200_000, "{}", budget::spent());
    }
}
