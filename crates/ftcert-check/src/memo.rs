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
//! - The prefix (issue 16): the bytes of a certificate from its start to the end of its
//!   instance's `points` value. The fast JSON parser (`json::fast`) reads left to right and its
//!   state at any offset (position, nesting, open keys, values left in the budget) is a function
//!   of the bytes before that offset and of its limits. So a document that begins with the same
//!   bytes as an earlier one, parsed with the same depth limit and at least as many values left,
//!   reaches the same `points` value in the same state, and reading it would give the same tree
//!   (the same strings at the same offsets) and use the same number of values. A prefix is
//!   recorded only for the `points` node that `instance::parse` itself read in that earlier
//!   check (the node's address is compared while its tree is alive), and only once the memo
//!   holds exactly those points (parsed from those strings, or a string hit on them). On a later
//!   match the parser skips the value, charges its values and leaves an empty array in its place;
//!   the only reader of that node is `instance::parse` (the node is `/instance/points`: the
//!   identical prefix fixes the path, and a later duplicate key sends the whole document to the
//!   serde path, which has no memo), which then takes the memo's points, exactly what the string
//!   comparison would have returned. Any other difference, and the serde path, read the value.
//!
//! A miss (any difference at all) runs the plain code path, which also produces every error, so
//! the memo changes speed only, never a verdict or a message. Tests compare memoised and fresh
//! verdicts (`crates/ftcert-check/tests/memo.rs`).

use std::cell::RefCell;
use std::rc::Rc;

use num_rational::BigRational;

use crate::json::Json;
use crate::network::Scaled;

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
    scaled: Option<Rc<Scaled>>,
    /// Document prefixes that end with these points (one per construction of a sweep).
    prefixes: Vec<Prefix>,
}

/// The bytes of a document up to the end of its instance's `points` value, which began at
/// `start`; reading the value used `values` JSON values at the parser's depth limit `max_depth`.
struct Prefix {
    bytes: Vec<u8>,
    start: usize,
    values: usize,
    max_depth: usize,
}

/// The most prefixes kept (the 2-layer sweep checks up to 3 constructions on one instance).
const MAX_PREFIXES: usize = 4;

/// Where the fast parser read the first `points` value at depth 3 of the current document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub values: usize,
    pub max_depth: usize,
    /// [`node_id`] of the array read there.
    pub node: usize,
}

/// The identity of a parsed array: the address of its items (stable while its tree lives; an
/// array that the recording parse read has at least one item, so its own allocation).
pub(crate) fn node_id<T>(items: &[T]) -> usize {
    items.as_ptr() as usize
}

/// What the current check did with the memo's prefixes.
#[derive(Default)]
struct Current {
    /// The span of this document's `points` value, if the fast parser read it.
    span: Option<Span>,
    /// The fast parser took the `points` value from a prefix.
    hit: bool,
    /// `instance::parse` resolved the node of `span` to the memo's entry (fresh or a hit).
    resolved: bool,
    /// This check's `max_rational_digits` (a prefix is used only for an entry parsed with it).
    max_digits: usize,
}

thread_local! {
    static CURRENT: RefCell<Current> = RefCell::new(Current::default());
    static PREFIX_HITS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Prefix hits on this thread so far (tests assert that the prefix path is taken).
pub fn prefix_hits() -> u64 {
    PREFIX_HITS.with(std::cell::Cell::get)
}

/// Forgets the previous check's prefix state (the start of every check).
pub(crate) fn begin_check(max_digits: usize) {
    CURRENT.with(|c| *c.borrow_mut() = Current { max_digits, ..Current::default() });
}

/// The fast parser's outcome for this document (only when its tree is the one used).
pub(crate) fn parsed(hit: bool, span: Option<Span>) {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        c.hit = hit;
        c.span = span;
    });
    if hit {
        PREFIX_HITS.with(|h| h.set(h.get().saturating_add(1)));
    }
}

/// The points of a document whose `points` value the typed reader (`json::parse_upper`) took
/// from a prefix ([`prefix_match`]): the memo entry's, if it has this K, d and digit budget —
/// what [`points`] returns for the tree parser's placeholder in the same case. Records the hit
/// as [`parsed`] does (call it only once the document is read).
pub(crate) fn prefix_points(k: usize, d: usize, max_digits: usize) -> Option<Rc<Vec<BigRational>>> {
    if !enabled() {
        return None;
    }
    let found = LAST.with(|l| {
        let l = l.borrow();
        let e = l.as_ref()?;
        (e.k == k && e.d == d && e.max_digits == max_digits).then(|| Rc::clone(&e.points))
    })?;
    parsed(true, None);
    Some(found)
}

/// If `bytes` begins with a recorded prefix whose `points` value starts at `at`, read with the
/// same depth limit and needing at most `budget` values: the end of that value and its values.
pub(crate) fn prefix_match(
    bytes: &[u8],
    at: usize,
    max_depth: usize,
    budget: usize,
) -> Option<(usize, usize)> {
    if !enabled() {
        return None;
    }
    let max_digits = CURRENT.with(|c| c.borrow().max_digits);
    LAST.with(|l| {
        let l = l.borrow();
        let e = l.as_ref().filter(|e| e.max_digits == max_digits)?;
        e.prefixes
            .iter()
            .find(|p| {
                p.start == at && p.max_depth == max_depth && p.values <= budget && bytes.starts_with(&p.bytes)
            })
            .map(|p| (p.bytes.len(), p.values))
    })
}

/// After a check: records this document's prefix if its `points` were resolved to the entry.
pub(crate) fn attach_prefix(bytes: &[u8]) {
    let Some(span) = CURRENT.with(|c| {
        let c = c.borrow();
        (c.resolved && !c.hit).then_some(c.span).flatten()
    }) else {
        return;
    };
    let Some(prefix) = bytes.get(..span.end) else { return };
    if prefix.len() > 2 * MAX_BYTES {
        return;
    }
    LAST.with(|l| {
        let mut l = l.borrow_mut();
        let Some(e) = l.as_mut() else { return };
        if e.prefixes.iter().any(|p| p.bytes == prefix) {
            return;
        }
        if e.prefixes.len() >= MAX_PREFIXES {
            e.prefixes.remove(0);
        }
        e.prefixes.push(Prefix {
            bytes: prefix.to_vec(),
            start: span.start,
            values: span.values,
            max_depth: span.max_depth,
        });
    });
}

/// Marks the current document's `points` node as resolved to the entry, if it is the node whose
/// span the fast parser recorded.
fn resolve(rows: &Json<'_>) {
    let Json::Arr(items) = rows else { return };
    let id = node_id(items);
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        if c.span.is_some_and(|s| s.node == id) {
            c.resolved = true;
        }
    });
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

pub(crate) fn enabled() -> bool {
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
    let hit = CURRENT.with(|c| c.borrow().hit);
    let found = LAST.with(|l| {
        let l = l.borrow();
        let e = l.as_ref()?;
        let same = e.k == k && e.d == d && e.max_digits == max_digits;
        // A prefix hit left an empty array here; the prefix carried exactly these strings.
        let placeholder = hit && matches!(rows, Json::Arr(items) if items.is_empty());
        (same && (placeholder || same_strings(rows, k, d, &e.strings))).then(|| Rc::clone(&e.points))
    });
    if found.is_some() {
        resolve(rows);
    }
    found
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
    let node = rows;
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
            prefixes: Vec::new(),
        });
    });
    resolve(node);
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
pub(crate) fn scaled_points(points: &Rc<Vec<BigRational>>, compute: impl FnOnce() -> Scaled) -> Rc<Scaled> {
    if let Some(Some(cached)) = with_entry(points, |e| e.scaled.clone()) {
        return cached;
    }
    let fresh = Rc::new(compute());
    with_entry(points, |e| e.scaled = Some(Rc::clone(&fresh)));
    fresh
}
