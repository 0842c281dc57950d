//! A line `{"origin": [...], "direction": [...]}` in Q^d with nonzero direction, and exact
//! solving of x = origin + s·direction for s.

use num_rational::BigRational;
use num_traits::Zero;

use crate::error::{Fail, Rejection};
use crate::json::{Json, Loc};
use crate::rational::ops;
use crate::read;

#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub origin: Vec<BigRational>,
    pub direction: Vec<BigRational>,
    /// The first coordinate where the direction is nonzero.
    pivot: usize,
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
