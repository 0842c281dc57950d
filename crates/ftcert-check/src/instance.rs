//! The `instance` object: K samples in Q^d, targets, the index set T; shape parsing and the
//! semantic checks (pairwise-distinct points, zero targets outside T).

use std::collections::HashMap;
use std::rc::Rc;

use num_rational::BigRational;

use crate::error::{Decline, Fail, Rejection};
use crate::json::{Json, Loc};
use crate::rational::Rat;
use crate::read;
use crate::Limits;

/// A parsed instance; sample indices are 0-based here, 1-based in the format.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub k: usize,
    pub d: usize,
    /// Row-major K × d coordinates (shared with the per-thread memo, `memo.rs`).
    pub points: Rc<Vec<BigRational>>,
    pub targets: Vec<Rat>,
    /// T as given (1-based, strictly increasing).
    pub t: Vec<usize>,
}

impl Instance {
    /// The point of sample `i` (0-based); empty if out of range.
    pub fn point(&self, i: usize) -> &[BigRational] {
        let start = i.saturating_mul(self.d);
        self.points.get(start..start.saturating_add(self.d)).unwrap_or_default()
    }
}

/// The least K and d of an instance (smaller ones are rejected).
pub(crate) const MIN_K: u64 = 2;
pub(crate) const MIN_D: u64 = 1;

/// Read an integer field with a decline limit and a minimum.
fn bounded(v: &Json<'_>, loc: &Loc<'_>, limit: usize, min: u64, which: char) -> Result<usize, Fail> {
    let n = read::uint(v, loc)?;
    let too_big = usize::try_from(n).map_or(true, |n| n > limit);
    if too_big {
        return Err(match which {
            'k' => Decline::TooManySamples { path: loc.render(), k: n, limit },
            _ => Decline::TooManyDimensions { path: loc.render(), d: n, limit },
        }
        .into());
    }
    if n < min {
        return Err(match which {
            'k' => Rejection::InvalidK { path: loc.render(), k: n },
            _ => Rejection::InvalidD { path: loc.render(), d: n },
        }
        .into());
    }
    usize::try_from(n).map_err(|_| Decline::TooManySamples { path: loc.render(), k: n, limit }.into())
}

/// Parse the instance object (types, canonical rationals, shapes, T's range and order).
pub(crate) fn parse(v: &Json<'_>, loc: &Loc<'_>, limits: &Limits) -> Result<Instance, Fail> {
    let [kv, dv, pv, zv, tv] = read::object(v, loc, &["k", "d", "points", "targets", "t"])?;
    let k = bounded(kv, &loc.key("k"), limits.max_k, MIN_K, 'k')?;
    let d = bounded(dv, &loc.key("d"), limits.max_d, MIN_D, 'd')?;
    let digits = limits.max_rational_digits;

    let lp = loc.key("points");
    let points = match crate::memo::points(pv, k, d, digits) {
        Some(points) => points,
        None => {
            let rows = read::array_len(pv, &lp, k, "points")?;
            // Grow with the data actually present (a claimed K·d is not trusted for allocation).
            let mut points = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let li = lp.index(i);
                let coords = read::array_len(row, &li, d, "point")?;
                points.reserve(coords.len());
                for (c, x) in coords.iter().enumerate() {
                    points.push(read::rational(x, &li.index(c), digits)?);
                }
            }
            let points = Rc::new(points);
            crate::memo::store_points(pv, k, d, digits, &points);
            points
        }
    };

    let lz = loc.key("targets");
    let items = read::array_len(zv, &lz, k, "targets")?;
    let mut targets = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        targets.push(read::rational_rat(item, &lz.index(i), digits)?);
    }

    let lt = loc.key("t");
    let items = read::array(tv, &lt)?;
    let mut t = Vec::with_capacity(items.len().min(k));
    let mut previous: Option<u64> = None;
    for (i, item) in items.iter().enumerate() {
        let li = lt.index(i);
        let value = read::uint(item, &li)?;
        let index = usize::try_from(value).ok().filter(|v| (1..=k).contains(v));
        let Some(index) = index else {
            return Err(Rejection::TOutOfRange { path: li.render(), value, k }.into());
        };
        if let Some(previous) = previous.filter(|p| value <= *p) {
            return Err(Rejection::TNotIncreasing { path: li.render(), previous, value }.into());
        }
        previous = Some(value);
        t.push(index);
    }
    Ok(Instance { k, d, points, targets, t })
}

/// Pairwise-distinct points (reports the first repeated sample and its earlier twin).
pub(crate) fn check_distinct(inst: &Instance, loc: &Loc<'_>) -> Result<(), Fail> {
    if crate::memo::known_distinct(&inst.points) {
        return Ok(());
    }
    check_distinct_fresh(inst, loc)?;
    crate::memo::set_distinct(&inst.points);
    Ok(())
}

fn check_distinct_fresh(inst: &Instance, loc: &Loc<'_>) -> Result<(), Fail> {
    let mut seen: HashMap<&[BigRational], usize> = HashMap::with_capacity(inst.k);
    for i in 0..inst.k {
        if let Some(first) = seen.insert(inst.point(i), i) {
            return Err(Rejection::DuplicatePoint {
                path: loc.key("points").index(i).render(),
                first: first + 1,
                second: i + 1,
            }
            .into());
        }
    }
    Ok(())
}

/// Targets outside T are exactly zero.
pub(crate) fn check_targets(inst: &Instance, loc: &Loc<'_>) -> Result<(), Fail> {
    let mut in_t = vec![false; inst.k];
    for &i in &inst.t {
        if let Some(slot) = in_t.get_mut(i.wrapping_sub(1)) {
            *slot = true;
        }
    }
    for (i, (z, member)) in inst.targets.iter().zip(&in_t).enumerate() {
        if !member && !z.is_zero() {
            return Err(Rejection::NonzeroTargetOutsideT {
                path: loc.key("targets").index(i).render(),
                sample: i + 1,
                value: z.to_big().to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// Both semantic instance checks, in the documented order.
pub(crate) fn validate(inst: &Instance, loc: &Loc<'_>) -> Result<(), Fail> {
    check_distinct(inst, loc)?;
    check_targets(inst, loc)
}
