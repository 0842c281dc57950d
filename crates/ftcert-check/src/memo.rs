//! A per-thread memo of the last instance's points (issue 6: a sweep checks 2^K certificates that
//! share one point set and differ only in targets, T and network).
//!
//! Soundness: every cached value is a pure function of what it is keyed by, and only successful
//! results are cached.
//!
//! - The parsed points are a pure function of (K, d, the exact point strings, the digit budget):
//!   a hit requires the `points` array to have the same shape and byte-identical strings, and the
//!   same `max_rational_digits`, so `read::rational` would return the very same values (and no
//!   error, since the cached parse succeeded).
//! - Pairwise distinctness is a pure function of the parsed points; it is cached only once it
//!   passed.
//! - The points scaled to integers (`network::scale_point`) are a pure function of the points.
//! - "the line is the projection line" is a pure function of (points, origin, direction); it is
//!   cached together with the exact origin and direction values for which it passed, and a hit
//!   requires equal values.
//!
//! A miss (any difference at all) runs the plain code path, which also produces every error, so
//! the memo changes speed only, never a verdict or a message. Tests compare memoised and fresh
//! verdicts (`crates/ftcert-check/tests/memo.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use num_rational::BigRational;

use crate::json::Json;
use crate::network::ScaledPoint;

struct Entry {
    k: usize,
    d: usize,
    max_digits: usize,
    /// The K·d point strings, row-major.
    strings: Vec<String>,
    points: Rc<Vec<BigRational>>,
    distinct: bool,
    /// (origin, direction) for which `require_projection` passed.
    projection: Option<(Vec<BigRational>, Vec<BigRational>)>,
    /// The points scaled to integers for the i128 evaluation (`network::scale_point`).
    scaled: Option<Rc<Vec<ScaledPoint>>>,
}

/// The most point-string bytes the memo copies.
const MAX_BYTES: usize = 1 << 20;

thread_local! {
    static LAST: RefCell<Option<Entry>> = const { RefCell::new(None) };
}

// Whether the memo is used (tests switch it off to compare with fresh checks).
thread_local! {
    static ENABLED: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Turns the memo on or off for this thread (and clears it). For tests and benchmarks.
pub fn set_enabled(on: bool) {
    ENABLED.with(|e| e.set(on));
    LAST.with(|l| *l.borrow_mut() = None);
}

fn enabled() -> bool {
    ENABLED.with(std::cell::Cell::get)
}

/// Whether `rows` is a K × d array of strings equal to `strings`.
fn same_strings(rows: &Json<'_>, k: usize, d: usize, strings: &[String]) -> bool {
    let Json::Arr(rows) = rows else { return false };
    if rows.len() != k {
        return false;
    }
    let mut cached = strings.iter();
    for row in rows {
        let Json::Arr(coords) = row else { return false };
        if coords.len() != d {
            return false;
        }
        for x in coords {
            match (x, cached.next()) {
                (Json::Str(s), Some(c)) if s.as_ref() == c.as_str() => {}
                _ => return false,
            }
        }
    }
    true
}

/// The cached points if `rows` (the `points` value) is byte-identical to the last instance.
pub(crate) fn points(rows: &Json<'_>, k: usize, d: usize, max_digits: usize) -> Option<Rc<Vec<BigRational>>> {
    if !enabled() {
        return None;
    }
    LAST.with(|l| {
        let l = l.borrow();
        let e = l.as_ref()?;
        (e.k == k && e.d == d && e.max_digits == max_digits && same_strings(rows, k, d, &e.strings))
            .then(|| Rc::clone(&e.points))
    })
}

/// Remembers successfully parsed points (replacing the previous entry).
pub(crate) fn store_points(
    rows: &Json<'_>,
    k: usize,
    d: usize,
    max_digits: usize,
    points: &Rc<Vec<BigRational>>,
) {
    if !enabled() {
        return;
    }
    let Json::Arr(rows) = rows else { return };
    // Large point sets are not copied (a sweep's instances are small; a big one would double
    // its memory for nothing).
    let text = |x: &Json<'_>| if let Json::Str(s) = x { s.len() } else { 0 };
    let total: usize = rows
        .iter()
        .map(|row| if let Json::Arr(coords) = row { coords.iter().map(text).sum() } else { 0 })
        .sum();
    if total > MAX_BYTES {
        return;
    }
    let mut strings = Vec::with_capacity(k.saturating_mul(d));
    for row in rows {
        let Json::Arr(coords) = row else { return };
        for x in coords {
            let Json::Str(s) = x else { return };
            strings.push(s.to_string());
        }
    }
    LAST.with(|l| {
        *l.borrow_mut() = Some(Entry {
            k,
            d,
            max_digits,
            strings,
            points: Rc::clone(points),
            distinct: false,
            projection: None,
            scaled: None,
        });
    });
}

fn with_entry<R>(points: &Rc<Vec<BigRational>>, f: impl FnOnce(&mut Entry) -> R) -> Option<R> {
    if !enabled() {
        return None;
    }
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        let e = l.as_mut()?;
        // The same allocation: these are exactly the memoised points.
        Rc::ptr_eq(&e.points, points).then(|| f(e))
    })
}

/// Whether these (memoised) points are already known to be pairwise distinct.
pub(crate) fn known_distinct(points: &Rc<Vec<BigRational>>) -> bool {
    with_entry(points, |e| e.distinct).unwrap_or(false)
}

/// Records that these points passed the distinctness check.
pub(crate) fn set_distinct(points: &Rc<Vec<BigRational>>) {
    with_entry(points, |e| e.distinct = true);
}

/// Whether the line (origin, direction) is already known to be the projection line of these points.
pub(crate) fn known_projection(
    points: &Rc<Vec<BigRational>>,
    origin: &[BigRational],
    direction: &[BigRational],
) -> bool {
    with_entry(points, |e| {
        e.projection.as_ref().is_some_and(|(o, u)| o.as_slice() == origin && u.as_slice() == direction)
    })
    .unwrap_or(false)
}

/// Records that the line passed `require_projection` for these points.
pub(crate) fn set_projection(
    points: &Rc<Vec<BigRational>>,
    origin: &[BigRational],
    direction: &[BigRational],
) {
    with_entry(points, |e| e.projection = Some((origin.to_vec(), direction.to_vec())));
}

/// The scaled points of these points: memoised if they are the memo's points, else computed.
/// `compute` must be a pure function of the points (it is `network::scale_point` per sample).
pub(crate) fn scaled_points(
    points: &Rc<Vec<BigRational>>,
    compute: impl FnOnce() -> Vec<ScaledPoint>,
) -> Rc<Vec<ScaledPoint>> {
    if let Some(Some(cached)) = with_entry(points, |e| e.scaled.clone()) {
        return cached;
    }
    let fresh = Rc::new(compute());
    with_entry(points, |e| e.scaled = Some(Rc::clone(&fresh)));
    fresh
}
