//! [`super::anchor`]'s arithmetic in [`SmallQ`] (i128, lowest terms, bounded by 2^62): the same
//! formulas in the same order, so the same exact values; `None` as soon as a value leaves the
//! range (or a divisor is zero), and the caller redoes the solve in malachite's `Q`.

use super::{Anchor, Groups, Push};
use crate::rational::Q;
use crate::small_q::SmallQ;
use std::cell::RefCell;
use std::collections::HashMap;

fn sub(a: SmallQ, b: SmallQ) -> Option<SmallQ> {
    a.checked_add(b.negated())
}

fn div(a: SmallQ, b: SmallQ) -> Option<SmallQ> {
    if b.is_zero() {
        return None;
    }
    a.checked_div(b)
}

fn abs(q: SmallQ) -> SmallQ {
    if q.is_negative() {
        q.negated()
    } else {
        q
    }
}

thread_local! {
    /// The last [`MEMO_SIZE`] groups built on this thread, most recent last.
    static MEMO: RefCell<Vec<(Vec<Q>, Groups)>> = const { RefCell::new(Vec::new()) };
}

const MEMO_SIZE: usize = 4;

/// `compute(c, members)` through the per-thread memo (keyed by the points and the members).
pub(super) fn memo(
    c: &[Q],
    members: Vec<Vec<usize>>,
    compute: fn(&[Q], Vec<Vec<usize>>) -> Groups,
) -> Groups {
    let hit = MEMO.with_borrow_mut(|m| {
        let i = m.iter().position(|(key, g)| g.members == members && key.as_slice() == c)?;
        let entry = m.remove(i);
        let groups = entry.1.clone();
        m.push(entry);
        Some(groups)
    });
    if let Some(groups) = hit {
        return groups;
    }
    let groups = compute(c, members);
    MEMO.with_borrow_mut(|m| {
        if m.len() == MEMO_SIZE {
            m.remove(0);
        }
        m.push((c.to_vec(), groups.clone()));
    });
    groups
}

/// The anchor neurons solved on this thread for one (points, groups, push rule), most recent
/// last: ((representatives, targets), (w, w0)).
struct AnchorMemo {
    c: Vec<Q>,
    members: Vec<Vec<usize>>,
    push: Push,
    entries: Vec<AnchorEntry>,
}

type AnchorEntry = ((Vec<usize>, Vec<Q>), (Vec<Q>, Q));

thread_local! {
    static ANCHORS: RefCell<Vec<AnchorMemo>> = const { RefCell::new(Vec::new()) };
}

/// How many (points, groups, push rule) keys [`ANCHORS`] keeps.
const ANCHOR_KEYS: usize = 4;

/// `solve(groups, reps, targets, push)`'s (w, w0) through the per-thread memo, keyed by the
/// points `c` the groups were built on, the groups, the rule, the representatives and the
/// targets (the anchor is a pure function of them); at most `capacity` answers per key.
pub(super) fn memo_anchor(
    c: &[Q],
    groups: &Groups,
    (reps, targets): (&[usize], &[Q]),
    push: Push,
    capacity: usize,
    solve: fn(&Groups, &[usize], &[Q], Push) -> Anchor,
) -> (Vec<Q>, Q) {
    let hit = ANCHORS.with_borrow_mut(|memos| {
        let i = memos.iter().position(|m| m.push == push && m.members == groups.members && m.c == c)?;
        let memo = memos.remove(i);
        let found = memo
            .entries
            .iter()
            .rev()
            .find(|((r, t), _)| r.as_slice() == reps && t.as_slice() == targets)
            .map(|(_, answer)| answer.clone());
        memos.push(memo);
        found
    });
    if let Some(answer) = hit {
        return answer;
    }
    let anchor = solve(groups, reps, targets, push);
    let answer = (anchor.w, anchor.w0);
    ANCHORS.with_borrow_mut(|memos| {
        let i = memos.iter().position(|m| m.push == push && m.members == groups.members && m.c == c);
        let mut memo = match i {
            Some(i) => memos.remove(i),
            None => {
                if memos.len() == ANCHOR_KEYS {
                    memos.remove(0);
                }
                AnchorMemo { c: c.to_vec(), members: groups.members.clone(), push, entries: Vec::new() }
            }
        };
        if memo.entries.len() >= capacity.max(1) {
            memo.entries.remove(0);
        }
        memo.entries.push(((reps.to_vec(), targets.to_vec()), answer.clone()));
        memos.push(memo);
    });
    answer
}

/// β rows built on this thread for the points `.0`, keyed by the group's (l, r, o): a row is a
/// function of the points and those three only, and U3, U3-T and Appendix A meet the same ranges
/// for many T.
type RowMemo = (Vec<Q>, HashMap<(Q, Q, i64), Vec<Q>>);

thread_local! {
    static ROWS: RefCell<RowMemo> = RefCell::new((Vec::new(), HashMap::new()));
}

/// At most this many rows are kept (then the memo starts over).
const ROWS_MAX: usize = 1 << 12;

/// At most this many row entries (rows × K) are kept: at K = 1000 the row count alone let one
/// thread hold about 400 MB of rationals (`sample --layers 3 --k 1000`, Appendix A).
const ROW_ENTRIES_MAX: usize = 1 << 18;

/// Whether a memo of `rows` rows of `k` entries is full.
fn rows_full(rows: usize, k: usize) -> bool {
    rows > ROWS_MAX.min(ROW_ENTRIES_MAX / k.max(1))
}

/// `row(j)` for each group j of `groups` (built on `c`) through the per-thread row memo.
pub(super) fn memo_rows(c: &[Q], groups: &Groups, row: impl Fn(usize) -> Vec<Q>) -> Vec<Vec<Q>> {
    ROWS.with_borrow_mut(|(points, rows)| {
        if points.as_slice() != c || rows_full(rows.len(), c.len()) {
            points.clear();
            points.extend_from_slice(c);
            rows.clear();
        }
        (0..groups.len())
            .map(|j| {
                let key = (groups.l[j].clone(), groups.r[j].clone(), groups.o[j]);
                rows.entry(key).or_insert_with(|| row(j)).clone()
            })
            .collect()
    })
}

/// The group of each point, `effective[pos]` of [`Groups::new`], by one left-to-right sweep when
/// the points increase strictly (then the ranges (l_j, r_j) are disjoint and ordered, so the
/// group found is the only one); `None` otherwise (the caller searches every range).
pub(super) fn effective(c: &[Q], l: &[Q], r: &[Q]) -> Option<Vec<usize>> {
    if !c.windows(2).all(|w| w[0] < w[1]) || !l.iter().zip(r).all(|(a, b)| a < b) {
        return None;
    }
    let mut j = 0;
    let mut out = Vec::with_capacity(c.len());
    for x in c {
        while j < l.len() && !(l[j] < *x && *x < r[j]) {
            j += 1;
        }
        if j == l.len() {
            return None;
        }
        out.push(j);
    }
    Some(out)
}

/// clip(scale·x + bias, −1, 1) for every x of `c` ([`Groups::new`]'s β row), in [`SmallQ`];
/// `None` if a value leaves its range.
pub(super) fn hard_tanh_row(scale: &Q, bias: &Q, c: &[Q]) -> Option<Vec<Q>> {
    let (scale, bias) = (SmallQ::from_q(scale)?, SmallQ::from_q(bias)?);
    let (lo, hi) = (SmallQ::from_int(-1), SmallQ::from_int(1));
    c.iter()
        .map(|x| Some(scale.checked_mul(SmallQ::from_q(x)?)?.checked_add(bias)?.clamp(lo, hi).to_q()))
        .collect()
}

/// The anchor neuron of [`super::anchor`], or `None` to fall back.
pub(super) fn anchor(groups: &Groups, reps: &[usize], targets: &[Q], push: Push) -> Option<Anchor> {
    let sq = SmallQ::from_q;
    let p = groups.len();
    let one = SmallQ::from_int(1);
    let e: Vec<SmallQ> = (0..p).map(|j| sq(&groups.beta[j][reps[j]])).collect::<Option<_>>()?;
    let o: Vec<SmallQ> = groups.o.iter().map(|&x| SmallQ::from_int(x)).collect();
    let t: Vec<SmallQ> = targets.iter().map(sq).collect::<Option<_>>()?;
    let mut nu = vec![one];
    let mut mu = vec![SmallQ::ZERO];
    for k in 0..p - 1 {
        let left = sub(o[k], e[k])?;
        nu.push(div(nu[k].checked_mul(left)?, sub(o[k], e[k + 1])?)?);
        let rhs = sub(sub(t[k + 1], t[k])?, left.checked_mul(mu[k])?)?;
        mu.push(div(rhs, sub(e[k + 1], o[k])?)?);
    }
    let mut nu0 = e[0].checked_mul(nu[0])?.negated();
    let mut mu0 = sub(t[0], e[0].checked_mul(mu[0])?)?;
    for l in 1..p {
        nu0 = nu0.checked_add(o[l].checked_mul(nu[l])?)?;
        mu0 = mu0.checked_add(o[l].checked_mul(mu[l])?)?;
    }
    // Every rule's bound at a point of group j is A/(ν_j·|Δ|) + B/ν_j with A, B constant on the
    // group (for (HT) on each sign of Δ): (HT) (1 − sgn(Δ)·t)/(ν|Δ|) − μ/ν, since
    // sgn(Δ)·μΔ = μ|Δ|; (|1|), (|2|) (c + |t|)/(ν|Δ|) + |μ|/ν; (NEG) (1 + t)/(νΔ) + μ/ν (Δ > 0).
    // So the largest bound of a class is at its smallest |Δ| if A/ν > 0, at its largest if
    // A/ν < 0 (any point if 0): only |Δ| is computed per point, the same maximum exactly.
    // extremes[j][class] = (min |Δ|, max |Δ|); class 1 is Δ < 0 under (HT), else 0.
    let mut extremes: Vec<[Option<(SmallQ, SmallQ)>; 2]> = vec![[None, None]; p];
    for (pos, &j) in groups.effective.iter().enumerate() {
        if pos == reps[j] {
            continue;
        }
        let delta = sub(sq(&groups.beta[j][pos])?, e[j])?;
        if delta.is_zero() {
            return None; // the exact solve divides by zero
        }
        if push == Push::Neg && !delta.is_positive() {
            return None; // the exact solve refuses it
        }
        let class = usize::from(push == Push::HardTanh && delta.is_negative());
        let size = abs(delta);
        let slot = &mut extremes[j][class];
        *slot = Some(match *slot {
            None => (size, size),
            Some((lo, hi)) => (lo.min(size), hi.max(size)),
        });
    }
    let mut scale = SmallQ::ZERO;
    for (j, classes) in extremes.iter().enumerate() {
        let (t, m, n) = (t[j], mu[j], nu[j]);
        for (class, slot) in classes.iter().enumerate() {
            let Some((lo, hi)) = *slot else { continue };
            let (a, b) = match push {
                Push::HardTanh if class == 0 => (sub(one, t)?, m.negated()),
                Push::HardTanh => (one.checked_add(t)?, m.negated()),
                Push::Abs1 => (one.checked_add(abs(t))?, abs(m)),
                Push::Abs2 => (SmallQ::from_int(2).checked_add(abs(t))?, abs(m)),
                Push::Neg => (one.checked_add(t)?, m),
            };
            let (a, b) = (div(a, n)?, div(b, n)?);
            let size = if a.is_negative() { hi } else { lo };
            let bound = div(a, size)?.checked_add(b)?;
            if bound > scale {
                scale = bound;
            }
        }
    }
    let sign = if push == Push::Neg { one.negated() } else { one };
    let step = sign.checked_mul(scale)?;
    let w = mu
        .iter()
        .zip(&nu)
        .map(|(&m, &n)| Some(m.checked_add(step.checked_mul(n)?)?.to_q()))
        .collect::<Option<Vec<Q>>>()?;
    let w0 = mu0.checked_add(step.checked_mul(nu0)?)?.to_q();
    let to_q = |v: &[SmallQ]| v.iter().map(|x| x.to_q()).collect();
    Some(Anchor {
        w,
        w0,
        nu: to_q(&nu),
        nu0: nu0.to_q(),
        mu: to_q(&mu),
        mu0: mu0.to_q(),
        scale: scale.to_q(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::{anchor_exact, Groups, Push};
    use crate::rational::{frac, int, Q};

    /// The row memo is bounded by rows at small K and by entries at large K (2^18 / K rows).
    #[test]
    fn row_memo_bound() {
        assert!(!super::rows_full(4096, 20) && super::rows_full(4097, 20));
        assert!(!super::rows_full(262, 1000) && super::rows_full(263, 1000));
        assert!(!super::rows_full(26, 10_000) && super::rows_full(27, 10_000));
    }

    /// The i128 solve gives exactly the malachite solve's anchor (every field) on random sorted
    /// data, groups, representatives and targets, for all four push rules; the targets of some
    /// rounds are near 2^62, so that the i128 solve refuses and the fallback is reached.
    #[test]
    fn small_anchor_matches_exact() {
        let mut state = 0x5eed_1234_u64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let (mut same, mut refused) = (0, 0);
        for round in 0..600 {
            let k = 2 + next(14) as usize;
            // Sorted distinct projections c_0 < c_1 < …: steps of 1/(1..4) to 3.
            let mut c: Vec<Q> = vec![frac(next(9) as i64 - 4, 1 + next(3) as i64)];
            for _ in 1..k {
                let step = frac(1 + next(3) as i64, 1 + next(4) as i64);
                c.push(c.last().unwrap() + step);
            }
            let size = 1 + next(k as u64) as usize;
            let members: Vec<Vec<usize>> =
                (0..k).collect::<Vec<_>>().chunks(size).map(|g| g.to_vec()).collect();
            let groups = Groups::new(&c, members.clone());
            // The memo's answer is the computed one, on a hit as on a miss.
            let again = Groups::new(&c, members.clone());
            let fresh = Groups::compute(&c, members);
            assert_eq!((&again.members, &again.l, &again.r), (&fresh.members, &fresh.l, &fresh.r));
            assert_eq!((&again.effective, &again.beta, &again.o), (&fresh.effective, &fresh.beta, &fresh.o));
            // The sweep and the i128 β rows against the plain search and malachite.
            let p = groups.len();
            for (x, &j) in c.iter().zip(&groups.effective) {
                assert_eq!(Some(j), (0..p).find(|&i| groups.l[i] < *x && *x < groups.r[i]));
            }
            for j in 0..p {
                let (scale, bias) = groups.affine(j);
                let exact: Vec<Q> = c.iter().map(|x| (&scale * x + &bias).clamp(int(-1), int(1))).collect();
                assert_eq!(groups.beta[j], exact);
                assert_eq!(super::hard_tanh_row(&scale, &bias, &c).unwrap(), exact);
            }
            let mut shuffled = c.clone();
            shuffled.swap(0, k - 1);
            assert_eq!(super::effective(&shuffled, &groups.l, &groups.r), None);
            for push in [Push::HardTanh, Push::Abs1, Push::Abs2, Push::Neg] {
                let reps: Vec<usize> = (0..groups.len())
                    .map(|j| {
                        let order = groups.beta_order(j);
                        if push == Push::Neg {
                            order[0]
                        } else {
                            order[next(order.len() as u64) as usize]
                        }
                    })
                    .collect();
                let targets: Vec<Q> = (0..groups.len())
                    .map(|_| {
                        if round % 5 == 4 && next(2) == 0 {
                            frac((1 << 61) + next(1 << 40) as i64, 1 + next(7) as i64)
                        } else {
                            frac(next(7) as i64 - 3, 1 + next(4) as i64)
                        }
                    })
                    .collect();
                let exact = anchor_exact(&groups, &reps, &targets, push);
                match super::anchor(&groups, &reps, &targets, push) {
                    Some(small) => {
                        assert_eq!(
                            (&small.w, &small.w0, &small.nu, &small.nu0),
                            (&exact.w, &exact.w0, &exact.nu, &exact.nu0),
                            "round {round} {push:?}"
                        );
                        assert_eq!(
                            (&small.mu, &small.mu0, &small.scale),
                            (&exact.mu, &exact.mu0, &exact.scale)
                        );
                        same += 1;
                    }
                    None => refused += 1,
                }
            }
        }
        assert!(same > 1500 && refused > 50, "same {same}, refused {refused}");
    }

    /// The anchor memo answers exactly what a fresh solve gives, on hits and misses, with
    /// interleaved points, groups, rules, representatives and targets and a small capacity (so
    /// entries and keys are evicted).
    #[test]
    fn anchor_memo_matches_fresh_solve() {
        let mut state = 0x00c0_ffee_u64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let sets: Vec<Vec<Q>> =
            (0..3).map(|s| (0..8).map(|i| frac(3 * i + s + next(2) as i64, 1 + s)).collect()).collect();
        thread_local! {
            static SOLVES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        fn counted(groups: &Groups, reps: &[usize], targets: &[Q], push: Push) -> super::Anchor {
            SOLVES.set(SOLVES.get() + 1);
            anchor_exact(groups, reps, targets, push)
        }
        let (mut hits, mut calls) = (0, 0);
        // Bursts of 5 calls on one key (points, groups, rule) with 4 possible (reps, targets).
        for _ in 0..600 {
            let c = &sets[next(3) as usize];
            let size = 2 + next(3) as usize;
            let members: Vec<Vec<usize>> =
                (0..c.len()).collect::<Vec<_>>().chunks(size).map(|g| g.to_vec()).collect();
            let groups = Groups::new(c, members);
            let push = [Push::HardTanh, Push::Abs1, Push::Abs2][next(3) as usize];
            for _ in 0..5 {
                let v = next(4) as usize;
                let reps: Vec<usize> = groups.members.iter().map(|m| m[v % m.len()]).collect();
                let targets: Vec<Q> = (0..groups.len()).map(|j| frac(v as i64 - 1, 1 + j as i64)).collect();
                let before = SOLVES.get();
                let got = super::memo_anchor(c, &groups, (&reps, &targets), push, 3, counted);
                hits += usize::from(SOLVES.get() == before);
                calls += 1;
                let fresh = anchor_exact(&groups, &reps, &targets, push);
                assert_eq!(got, (fresh.w, fresh.w0));
            }
        }
        assert!(hits > 300 && hits < calls - 300, "hits {hits} of {calls}");
    }
}
