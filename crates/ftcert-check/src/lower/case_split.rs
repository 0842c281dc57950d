//! Lower rule `"case-split"` (docs/certificate-format.md, docs/two-layer-exact.md): no 2-layer
//! network with at most `excluded` hidden neurons fine-tunes the instance.
//!
//! Along the instance's line every such network is c + α·s + Σ_j a_j relu(σ_j (s − b_j)) on the
//! data, with a_j ≠ 0 and every b_j inside the data hull (neurons that are zero, constant or
//! affine on all data are folded into c and α; α is free only when fewer than `excluded` inner
//! neurons remain). The checker enumerates every combination of (kink cell, orientation, sign of
//! a_j) itself, keeps those in which every signed window holds a kink of its sign, requires the
//! certificate's cases to be exactly that list in that order, and verifies each case's Motzkin
//! multipliers exactly: μ (equalities, any sign) and y ≥ 0 (strict rows) with Eᵀμ + Sᵀy = 0,
//! z·μ ≥ 0, and z·μ > 0 or y ≠ 0.

use std::cmp::Ordering;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::error::{Decline, Fail, Rejection};
use crate::instance::{self, Instance};
use crate::json::{Json, Loc};
use crate::line::Line;
use crate::read;
use crate::{Kind, Limits, Summary};

/// The rule's name in `rule`.
pub(crate) const RULE: &str = "case-split";

const KEYS: [&str; 8] = ["format", "kind", "rule", "instance", "line", "excluded", "cases", "claims"];

/// Most candidate neuron sequences the checker enumerates before declining.
pub const CANDIDATE_LIMIT: u128 = 2_000_000;

/// A neuron of a case: cell code (1 = (s_1, s_2), 2 = s_2, 3 = (s_2, s_3), …, 2K − 3 =
/// (s_{K−1}, s_K)), orientation σ and sign w of the output weight, each −1 or +1. Ordered as
/// written: cell, then orientation, then weight, with −1 before +1.
type Key = (usize, i8, i8);

fn fail(path: &Loc<'_>, kind: &'static str, message: String) -> Fail {
    Rejection::CaseSplit { path: path.render(), kind, message }.into()
}

/// The rank p of an `At` cell (even code) or the left rank p of a `Between` cell (odd code).
fn cell_rank(code: usize) -> usize {
    if code.is_multiple_of(2) {
        code / 2 + 1
    } else {
        code.div_ceil(2)
    }
}

fn cell_text(code: usize) -> String {
    let p = cell_rank(code);
    if code.is_multiple_of(2) {
        format!("[{p}, {p}]")
    } else {
        format!("[{p}, {}]", p + 1)
    }
}

fn case_text(case: &[Key]) -> String {
    let parts: Vec<String> = case
        .iter()
        .map(|&(c, s, w)| {
            let pm = |x: i8| if x > 0 { '+' } else { '-' };
            format!("{} {} {}", cell_text(c), pm(s), pm(w))
        })
        .collect();
    format!("[{}]", parts.join("; "))
}

/// Binomial coefficient, saturating.
fn binomial(n: u128, r: u128) -> u128 {
    let mut acc: u128 = 1;
    for i in 0..r {
        acc = acc.saturating_mul(n - i) / (i + 1);
    }
    acc
}

/// The canonical case list, one case at a time (issue 11: it is never materialised, so a short
/// certificate with a large `excluded` costs O(`excluded`) memory, not cases × case size): sizes
/// excluded, excluded − 1, …, 0; within a size, non-decreasing key sequences in lexicographic
/// order; kept iff every window (centre c, sign) has a neuron of that weight sign in one of the
/// cells (s_{c−1}, s_c), s_c, (s_c, s_{c+1}) (codes 2c − 3 ..= 2c − 1).
struct Cases<'a> {
    keys: Vec<Key>,
    windows: &'a [(usize, i8)],
    /// Indices into `keys` of the current sequence (non-decreasing); `None` before the first.
    at: Option<Vec<usize>>,
    excluded: usize,
}

impl<'a> Cases<'a> {
    fn new(k: usize, excluded: usize, windows: &'a [(usize, i8)]) -> Self {
        let mut keys: Vec<Key> = Vec::new();
        for code in 1..=(2 * k - 3) {
            for s in [-1i8, 1] {
                for w in [-1i8, 1] {
                    keys.push((code, s, w));
                }
            }
        }
        Cases { keys, windows, at: None, excluded }
    }

    /// The next sequence of the size order, kept or not; false after the last (the empty one).
    fn step(&mut self) -> bool {
        let top = self.keys.len() - 1;
        let Some(at) = &mut self.at else {
            self.at = Some(vec![0; self.excluded]);
            return true;
        };
        match at.iter().rposition(|&i| i < top) {
            Some(p) => {
                let next = at[p] + 1;
                at[p..].fill(next);
                true
            }
            None if at.is_empty() => false,
            None => {
                let size = at.len() - 1;
                at.clear();
                at.resize(size, 0);
                true
            }
        }
    }

    fn kept(&self) -> bool {
        let at = self.at.as_deref().unwrap_or_default();
        self.windows.iter().all(|&(c, sign)| {
            at.iter().any(|&i| {
                let (code, _, w) = self.keys[i];
                w == sign && code + 3 >= 2 * c && code < 2 * c
            })
        })
    }

    /// Advances to the next kept case; false when the list is exhausted.
    fn advance(&mut self) -> bool {
        while self.step() {
            if self.kept() {
                return true;
            }
        }
        false
    }

    /// The current case's keys.
    fn case(&self) -> Vec<Key> {
        self.at.as_deref().unwrap_or_default().iter().map(|&i| self.keys[i]).collect()
    }
}

/// The canonical case list materialised by the original recursion: the plain path that [`Cases`]
/// is compared with in the tests.
#[cfg(test)]
fn enumerate(k: usize, excluded: usize, windows: &[(usize, i8)]) -> Vec<Vec<Key>> {
    let mut keys: Vec<Key> = Vec::new();
    for code in 1..=(2 * k - 3) {
        for s in [-1i8, 1] {
            for w in [-1i8, 1] {
                keys.push((code, s, w));
            }
        }
    }
    fn grow(
        keys: &[Key],
        from: usize,
        left: usize,
        cur: &mut Vec<Key>,
        out: &mut Vec<Vec<Key>>,
        windows: &[(usize, i8)],
    ) {
        if left == 0 {
            let ok = windows.iter().all(|&(c, sign)| {
                cur.iter().any(|&(code, _, w)| w == sign && code + 3 >= 2 * c && code < 2 * c)
            });
            if ok {
                out.push(cur.clone());
            }
            return;
        }
        for i in from..keys.len() {
            cur.push(keys[i]);
            grow(keys, i, left - 1, cur, out, windows);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    for size in (0..=excluded).rev() {
        grow(&keys, 0, size, &mut Vec::new(), &mut out, windows);
    }
    out
}

/// Parse a case's `neurons`.
fn parse_neurons(v: &Json<'_>, loc: &Loc<'_>, k: usize) -> Result<Vec<Key>, Fail> {
    let items = read::array(v, loc)?;
    let mut out = Vec::with_capacity(items.len());
    for (j, item) in items.iter().enumerate() {
        let lj = loc.index(j);
        let [cv, ov, wv] = read::object(item, &lj, &["cell", "orientation", "weight"])?;
        let lc = lj.key("cell");
        let pair = read::array_len(cv, &lc, 2, "cell")?;
        let p = read::uint(&pair[0], &lc.index(0))?;
        let q = read::uint(&pair[1], &lc.index(1))?;
        // p comes from the file: compare without arithmetic on it until it is known < K.
        let rank = usize::try_from(p).ok().filter(|p| (1..k).contains(p));
        let code = match rank {
            Some(r) if p == q && r >= 2 => 2 * (r - 1),
            Some(r) if q.checked_sub(1) == Some(p) => 2 * r - 1,
            _ => {
                let msg = format!(
                    "cell [{p}, {q}] is neither [p, p] with 2 ≤ p ≤ K − 1 nor [p, p + 1] with 1 ≤ p ≤ K − 1 (K = {k})"
                );
                return Err(fail(&lc, "case-mismatch", msg));
            }
        };
        let pm = |v: &Json<'_>, l: Loc<'_>| -> Result<i8, Fail> {
            match read::string(v, &l)? {
                "+" => Ok(1),
                "-" => Ok(-1),
                other => Err(fail(&l, "case-mismatch", format!("{other:?} is neither \"+\" nor \"-\""))),
            }
        };
        out.push((code, pm(ov, lj.key("orientation"))?, pm(wv, lj.key("weight"))?));
    }
    Ok(out)
}

/// Verify one case's multipliers against its system (built here from the data and the keys).
fn verify_case(
    s: &[BigRational],
    z: &[BigRational],
    case: &[Key],
    excluded: usize,
    mu: &[BigRational],
    y: &[BigRational],
    loc: &Loc<'_>,
) -> Result<(), Fail> {
    let k = s.len();
    let affine = case.len() < excluded;
    let base = 1 + usize::from(affine);
    let mut acc = vec![BigRational::zero(); base + 2 * case.len()];
    let mut rhs = BigRational::zero();
    // Interpolation equations: c + α s_i + Σ_{j active at i} σ_j (a_j s_i − u_j) = z_i.
    for i in 1..=k {
        let m = &mu[i - 1];
        if m.is_zero() {
            continue;
        }
        let si = &s[i - 1];
        acc[0] += m;
        if affine {
            acc[1] += m * si;
        }
        for (j, &(code, sigma, _)) in case.iter().enumerate() {
            let p = cell_rank(code);
            let active = if sigma > 0 {
                i > p
            } else if code.is_multiple_of(2) {
                i < p
            } else {
                i <= p
            };
            if active {
                let ms = if sigma > 0 { m.clone() } else { -m };
                acc[base + 2 * j] += &ms * si;
                acc[base + 2 * j + 1] -= ms;
            }
        }
        rhs += m * &z[i - 1];
    }
    // Kink exactly at s_p: a_j s_p − u_j = 0.
    let mut e = k;
    for (j, &(code, _, _)) in case.iter().enumerate() {
        if code.is_multiple_of(2) {
            let m = &mu[e];
            acc[base + 2 * j] += m * &s[cell_rank(code) - 1];
            acc[base + 2 * j + 1] -= m;
            e += 1;
        }
    }
    // Strict rows: w a_j > 0; kink strictly inside (s_p, s_{p+1}): w(u_j − a_j s_p) > 0 and
    // w(a_j s_{p+1} − u_j) > 0.
    let ly = loc.key("strict");
    let mut r = 0;
    for (j, &(code, _, w)) in case.iter().enumerate() {
        let rows = if code.is_multiple_of(2) { 1 } else { 3 };
        for t in 0..rows {
            let yv = &y[r + t];
            if yv.is_negative() {
                return Err(fail(
                    &ly.index(r + t),
                    "bad-multipliers",
                    format!("strict multiplier {yv} is negative"),
                ));
            }
        }
        let wy = |t: usize| if w > 0 { y[r + t].clone() } else { -&y[r + t] };
        acc[base + 2 * j] += wy(0);
        if !code.is_multiple_of(2) {
            let p = cell_rank(code);
            acc[base + 2 * j + 1] += wy(1);
            acc[base + 2 * j] -= wy(1) * &s[p - 1];
            acc[base + 2 * j] += wy(2) * &s[p];
            acc[base + 2 * j + 1] -= wy(2);
        }
        r += rows;
    }
    if let Some(col) = acc.iter().position(|x| !x.is_zero()) {
        return Err(fail(
            loc,
            "bad-multipliers",
            format!("Eᵀμ + Sᵀy is {} in variable {col}, not 0", acc[col]),
        ));
    }
    let any_y = y.iter().any(|v| v.is_positive());
    match rhs.cmp(&BigRational::zero()) {
        Ordering::Less => Err(fail(loc, "bad-multipliers", format!("z·μ = {rhs} is negative"))),
        Ordering::Equal if !any_y => {
            Err(fail(loc, "bad-multipliers", "z·μ = 0 and every strict multiplier is 0".to_string()))
        }
        _ => Ok(()),
    }
}

/// Check a lower certificate with rule `"case-split"`.
pub(crate) fn check(v: &Json<'_>, limits: &Limits) -> Result<Summary, Fail> {
    let root = Loc::Root;
    let [_, _, _, iv, line_v, ev, cv, clv] = read::object(v, &root, &KEYS)?;
    let li = root.key("instance");
    let inst: Instance = instance::parse(iv, &li, limits)?;
    let line = Line::parse(line_v, &root.key("line"), inst.d, limits.max_rational_digits)?;
    line.require_projection(inst.k, |i| inst.point(i), &root.key("line").render(), limits.max_line_work)?;
    let le = root.key("excluded");
    let excluded64 = read::uint(ev, &le)?;
    let lcl = root.key("claims");
    let [layers_v, neurons_v] = read::object(clv, &lcl, &["layers", "neurons"])?;
    let lla = lcl.key("layers");
    let layers = read::uint(layers_v, &lla)?;
    if layers != 2 {
        return Err(Rejection::UnsupportedLayers { path: lla.render(), layers }.into());
    }
    let ln = lcl.key("neurons");
    let claimed = read::uint(neurons_v, &ln)?;
    instance::validate(&inst, &li)?;

    // Budget before enumerating: Σ_{m' ≤ excluded} C(keys + m' − 1, m') candidates.
    let k = inst.k;
    let keys = 4 * (2 * k as u128 - 3);
    let mut candidates: u128 = 0;
    for size in 0..=u128::from(excluded64.min(64)) {
        candidates = candidates.saturating_add(binomial(keys + size - 1, size.min(keys + size - 1)));
    }
    if excluded64 > 64 || candidates > CANDIDATE_LIMIT {
        return Err(Decline::TooManyCases { path: le.render(), limit: CANDIDATE_LIMIT as usize }.into());
    }
    let excluded = excluded64 as usize;

    // The data along the line, sorted.
    let lp = li.key("points");
    let mut data: Vec<(BigRational, BigRational)> = Vec::with_capacity(k);
    for i in 0..k {
        let Some(param) = line.param(inst.point(i)) else {
            return Err(fail(&lp.index(i), "case-mismatch", format!("sample {} is not on the line", i + 1)));
        };
        data.push((param, inst.targets[i].to_big()));
    }
    data.sort();
    let (s, z): (Vec<BigRational>, Vec<BigRational>) = data.into_iter().unzip();
    let slope = |i: usize| (&z[i] - &z[i - 1]) / (&s[i] - &s[i - 1]);
    let windows: Vec<(usize, i8)> = (2..k)
        .filter_map(|c| match (slope(c) - slope(c - 1)).cmp(&BigRational::zero()) {
            Ordering::Greater => Some((c, 1)),
            Ordering::Less => Some((c, -1)),
            Ordering::Equal => None,
        })
        .collect();
    let mut expected = Cases::new(k, excluded, &windows);

    let lc = root.key("cases");
    let items = read::array(cv, &lc)?;
    let mut index = 0;
    while expected.advance() {
        let want = expected.case();
        let Some(item) = items.get(index) else {
            // Only the message needs the list's length: count the rest without keeping it.
            let mut total = index + 1;
            while expected.advance() {
                total += 1;
            }
            return Err(fail(
                &lc,
                "case-missing",
                format!(
                    "{} cases given, {total} expected; case {index} {} is missing",
                    items.len(),
                    case_text(&want)
                ),
            ));
        };
        let lx = lc.index(index);
        let [nv, mv, yv] = read::object(item, &lx, &["neurons", "equalities", "strict"])?;
        let got = parse_neurons(nv, &lx.key("neurons"), k)?;
        if got != want {
            return Err(fail(
                &lx.key("neurons"),
                "case-mismatch",
                format!(
                    "case {index} is {}, the canonical case list has {} here",
                    case_text(&got),
                    case_text(&want)
                ),
            ));
        }
        let n_eq = k + want.iter().filter(|key| key.0.is_multiple_of(2)).count();
        let n_strict: usize = want.iter().map(|key| if key.0.is_multiple_of(2) { 1 } else { 3 }).sum();
        let digits = limits.max_rational_digits;
        let mu = read::rationals(mv, &lx.key("equalities"), n_eq, "equalities", digits)?;
        let y = read::rationals(yv, &lx.key("strict"), n_strict, "strict", digits)?;
        verify_case(&s, &z, &want, excluded, &mu, &y, &lx)?;
        index += 1;
    }
    if items.len() > index {
        return Err(fail(
            &lc.index(index),
            "case-extra",
            format!("{} cases given, the canonical case list has {index}", items.len()),
        ));
    }
    let neurons = excluded + 1;
    if claimed != neurons as u64 {
        return Err(Rejection::WrongNeurons { path: ln.render(), claimed, actual: neurons }.into());
    }
    Ok(Summary {
        kind: Kind::Lower,
        construction: None,
        rule: Some(RULE.to_string()),
        k,
        d: inst.d,
        n: inst.t.len(),
        layers: 2,
        neurons,
        bound: None,
        pieces: None,
        breakpoints: None,
        widths: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_counts_of_the_spec() {
        // (0,1,0): one concave window at c = 2; (0,1,0,1): concave at 2, convex at 3.
        assert_eq!(enumerate(3, 1, &[(2, -1)]).len(), 6);
        assert_eq!(enumerate(4, 2, &[(2, -1), (3, 1)]).len(), 36);
        // No window: every multiset of at most one neuron (12 keys for K = 3) plus the empty one.
        assert_eq!(enumerate(3, 1, &[]).len(), 13);
        assert_eq!(streamed(4, 2, &[(2, -1), (3, 1)]).len(), 36);
    }

    /// Every kept case of the streaming [`Cases`], in order.
    fn streamed(k: usize, excluded: usize, windows: &[(usize, i8)]) -> Vec<Vec<Key>> {
        let mut cases = Cases::new(k, excluded, windows);
        let mut out = Vec::new();
        while cases.advance() {
            out.push(cases.case());
        }
        out
    }

    /// The streaming enumeration equals the materialised recursion, case for case, on random
    /// window sets (a fixed linear congruential generator, so the draws are reproducible).
    #[test]
    fn streaming_cases_equal_the_recursion() {
        let mut next = crate::test_rng(0x2545_f491_4f6c_dd1d);
        let mut nonempty = 0;
        for _ in 0..300 {
            let k = 2 + next(4) as usize;
            let excluded = next(if k <= 3 { 5 } else { 4 }) as usize;
            let windows: Vec<(usize, i8)> = (2..k)
                .filter_map(|c| match next(3) {
                    0 => None,
                    1 => Some((c, 1)),
                    _ => Some((c, -1)),
                })
                .collect();
            let want = enumerate(k, excluded, &windows);
            nonempty += usize::from(!want.is_empty());
            assert_eq!(
                streamed(k, excluded, &windows),
                want,
                "k {k} excluded {excluded} windows {windows:?}"
            );
        }
        assert!(nonempty > 100, "{nonempty}");
        // The issue's K = 2, excluded = 64: C(68, 4) cases, counted without being kept.
        let mut cases = Cases::new(2, 64, &[]);
        let mut count = 0u64;
        while cases.advance() {
            count += 1;
        }
        assert_eq!(count, 814_385);
        assert_eq!(u128::from(count), binomial(68, 4));
    }

    /// Cells with p or q at the ends of u64 are refused, located, without overflow (issue 11).
    #[test]
    fn cells_at_the_u64_edges() {
        let max = u64::MAX;
        for (p, q, ok) in [
            (max, 0, None),
            (max, max, None),
            (0, max, None),
            (max - 1, max, None),
            (1, 2, Some(1)),
            (2, 2, Some(2)),
            (1, 1, None),
            (3, 4, Some(5)),
            (4, 5, None),
            (3, 3, Some(4)),
            (2, 3, Some(3)),
        ] {
            let text = format!(r#"[{{"cell": [{p}, {q}], "orientation": "+", "weight": "-"}}]"#);
            let v = crate::json::parse(text.as_bytes(), 8).expect("json");
            match (parse_neurons(&v, &Loc::Root, 4), ok) {
                (Ok(keys), Some(code)) => assert_eq!(keys, vec![(code, 1, -1)], "{p} {q}"),
                (Err(Fail::Reject(r)), None) => assert_eq!(r.path(), Some("/0/cell"), "{p} {q}"),
                (other, _) => panic!("{p} {q}: {other:?}"),
            }
        }
    }
}
