//! A line `{"origin": [...], "direction": [...]}` in Q^d with nonzero direction, and exact
//! solving of x = origin + s·direction for s.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use std::collections::HashSet;

use crate::error::{Decline, Fail, Rejection};
use crate::json::{Json, Loc};
use crate::rational::ops;
use crate::read;

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub origin: Vec<BigRational>,
    pub direction: Vec<BigRational>,
    /// The first coordinate where the direction is nonzero.
    pub(crate) pivot: usize,
}

impl Line {
    /// Parse a line in dimension `d`; the direction must be nonzero.
    pub fn parse(v: &Json<'_>, loc: &Loc<'_>, d: usize, max_digits: usize) -> Result<Line, Fail> {
        let [ov, dv] = read::object(v, loc, &["origin", "direction"])?;
        let origin = read::rationals(ov, &loc.key("origin"), d, "origin", max_digits)?;
        let ld = loc.key("direction");
        let direction = read::rationals(dv, &ld, d, "direction", max_digits)?;
        let Some(pivot) = direction.iter().position(|u| !u.is_zero()) else {
            return Err(Rejection::ZeroDirection { path: ld.render() }.into());
        };
        Ok(Line { origin, direction, pivot })
    }

    /// Requires the projection line of the instance (docs/certificate-format.md, "The line"):
    /// origin 0 and direction a(s) = (1, s, s², …, s^(d−1)) for the least integer s ≥ 0 that
    /// gives the K points pairwise-distinct projections. The line then carries no free choice,
    /// so a changed line is always refused. `points(i)` is sample i (0-based).
    ///
    /// Cost (docs/resources.md): each tried s projects the K points (K·d coordinate products,
    /// Horner) and looks for a repeated projection in a hash set (expected O(K)), stopping at the
    /// first repeat. Minimality tries every s' < s, so the work is at most s·K·d products; it is
    /// declined (`limit-line-work`) up front when that exceeds `max_work`.
    pub fn require_projection<'p>(
        &self,
        k: usize,
        points: impl Fn(usize) -> &'p [BigRational],
        path: &str,
        max_work: usize,
    ) -> Result<(), Fail> {
        let fail = |reason: String| -> Fail {
            Rejection::NotProjectionLine { path: path.to_string(), reason }.into()
        };
        if let Some(c) = self.origin.iter().position(|o| !o.is_zero()) {
            return Err(fail(format!("origin coordinate {c} is {}, must be 0", self.origin[c])));
        }
        let one = BigRational::one();
        let s = match self.direction.get(1) {
            None => BigInt::zero(),
            Some(s) if s.is_integer() && !s.is_negative() => s.to_integer(),
            Some(s) => return Err(fail(format!("direction coordinate 1 is {s}, must be an integer s ≥ 0"))),
        };
        // a(s) has coordinates s^j; check them while building.
        let mut power = one.clone();
        for (j, dj) in self.direction.iter().enumerate() {
            if *dj != power {
                return Err(fail(format!("direction coordinate {j} is {dj}, a(s) has {power} (s = {s})")));
            }
            power = ops::mul(&power, &BigRational::from_integer(s.clone()));
        }
        if !separates(k, &points, &s) {
            return Err(fail(format!("a({s}) gives two samples the same projection")));
        }
        // Minimality: every smaller s must fail. A separating s exists at most
        // (d−1)·K(K−1)/2 + 1 steps in, so a larger claimed s is refused outright.
        let d = self.direction.len();
        let k_big = BigInt::from(k);
        let limit = BigInt::from(d.saturating_sub(1)) * &k_big * (&k_big - 1u32) / 2u32;
        if s > limit {
            return Err(fail(format!("s = {s} exceeds (d−1)·K(K−1)/2 = {limit}, a smaller s separates")));
        }
        // s ≤ (d−1)·K(K−1)/2 < 2^77 here, so the work fits in u128.
        let tries = u128::try_from(&s).unwrap_or(u128::MAX);
        let work = tries.saturating_mul(k as u128).saturating_mul(d as u128);
        if work > max_work as u128 {
            return Err(Decline::TooMuchLineWork { path: path.to_string(), work, limit: max_work }.into());
        }
        let mut smaller = BigInt::zero();
        while smaller < s {
            if separates(k, &points, &smaller) {
                return Err(fail(format!(
                    "s = {smaller} already separates the points, the line must use it"
                )));
            }
            smaller += 1u32;
        }
        Ok(())
    }

    /// [`Line::require_projection`] for the points of `inst`, through the per-thread memo
    /// (`memo.rs`): a line already verified for these very points is not re-derived.
    pub fn require_projection_of(
        &self,
        inst: &crate::instance::Instance,
        path: &str,
        max_work: usize,
    ) -> Result<(), Fail> {
        if crate::memo::known_projection(&inst.points, &self.origin, &self.direction) {
            return Ok(());
        }
        self.require_projection(inst.k, |i| inst.point(i), path, max_work)?;
        crate::memo::set_projection(&inst.points, &self.origin, &self.direction);
        Ok(())
    }

    /// The s with x = origin + s·direction, if x is on the line.
    pub fn param(&self, x: &[BigRational]) -> Option<BigRational> {
        if x.len() != self.direction.len() {
            return None;
        }
        let u = self.direction.get(self.pivot)?;
        let s = ops::div(&ops::sub(x.get(self.pivot)?, self.origin.get(self.pivot)?), u)?;
        // The pivot coordinate holds by construction; check the others exactly.
        let on_line = x
            .iter()
            .zip(&self.origin)
            .zip(&self.direction)
            .enumerate()
            .all(|(c, ((xc, oc), uc))| c == self.pivot || *xc == ops::add(oc, &ops::mul(&s, uc)));
        on_line.then_some(s)
    }
}

/// The projection of x onto a(s): Σ_j x_j s^j, by Horner's rule.
fn project(x: &[BigRational], s: &BigRational) -> BigRational {
    x.iter().rev().fold(BigRational::zero(), |acc, xj| ops::add(&ops::mul(&acc, s), xj))
}

/// Whether a(s) gives the K points pairwise-distinct projections (stops at the first repeat).
fn separates<'p>(k: usize, points: &impl Fn(usize) -> &'p [BigRational], s: &BigInt) -> bool {
    let s = BigRational::from_integer(s.clone());
    let mut seen = HashSet::with_capacity(k);
    (0..k).all(|i| seen.insert(project(points(i), &s)))
}
