//! Lower rule `"windows"`: signed windows of three collinear samples whose slope inequality
//! forces a kink of that sign; same-sign windows with disjoint open intervals force distinct
//! kinks, so any fine-tuning network has at least `windows.len()` kinks along the line.

use num_rational::BigRational;

use crate::error::{Fail, Rejection, Sign};
use crate::instance::{self, Instance};
use crate::json::{Json, Loc};
use crate::line::Line;
use crate::rational::ops;
use crate::read;
use crate::{Kind, Limits, Summary};

/// The rule's name in `rule`.
pub(crate) const RULE: &str = "windows";

const KEYS: [&str; 7] = ["format", "kind", "rule", "instance", "line", "windows", "claims"];

/// A window as written: 0-based sample indices and its sign.
struct Window {
    samples: [usize; 3],
    sign: Sign,
}

fn parse_windows(v: &Json<'_>, loc: &Loc<'_>, k: usize) -> Result<Vec<Window>, Fail> {
    let items = read::array(v, loc)?;
    let mut out = Vec::with_capacity(items.len());
    for (w, item) in items.iter().enumerate() {
        let lw = loc.index(w);
        let [sv, gv] = read::object(item, &lw, &["samples", "sign"])?;
        let ls = lw.key("samples");
        let entries = read::array_len(sv, &ls, 3, "samples")?;
        let mut samples = [0usize; 3];
        for (slot, (p, e)) in samples.iter_mut().zip(entries.iter().enumerate()) {
            let lp = ls.index(p);
            let index = read::uint(e, &lp)?;
            match usize::try_from(index).ok().filter(|i| (1..=k).contains(i)) {
                Some(i) => *slot = i - 1,
                None => {
                    return Err(Rejection::SampleOutOfRange { path: lp.render(), window: w, index, k }.into())
                }
            }
        }
        let lg = lw.key("sign");
        let sign = match read::string(gv, &lg)? {
            "concave" => Sign::Concave,
            "convex" => Sign::Convex,
            other => {
                return Err(Rejection::UnknownSign { path: lg.render(), found: other.to_string() }.into())
            }
        };
        out.push(Window { samples, sign });
    }
    Ok(out)
}

/// The certified neuron lower bound for `layers` at `breakpoints` forced kinks.
fn certified_neurons(layers: u64, breakpoints: usize) -> usize {
    if layers == 2 {
        breakpoints
    } else {
        super::three_layer_neurons(breakpoints)
    }
}

/// Check every window against the instance and the line, then same-sign disjointness.
fn check_windows(windows: &[Window], inst: &Instance, line: &Line, loc: &Loc<'_>) -> Result<(), Fail> {
    // Line parameter of each sample, solved once on demand.
    let mut params: Vec<Option<Option<BigRational>>> = vec![None; inst.k];
    let mut intervals: Vec<(Sign, BigRational, BigRational, usize)> = Vec::with_capacity(windows.len());
    for (w, window) in windows.iter().enumerate() {
        let lw = loc.index(w);
        let ls = lw.key("samples");
        let [a, b, c] = window.samples;
        for (p, &x) in window.samples.iter().enumerate() {
            if window.samples.iter().take(p).any(|&y| y == x) {
                return Err(Rejection::RepeatedSample {
                    path: ls.index(p).render(),
                    window: w,
                    sample: x + 1,
                }
                .into());
            }
        }
        let mut s: [BigRational; 3] = Default::default();
        for (p, (&x, slot)) in window.samples.iter().zip(s.iter_mut()).enumerate() {
            let cached =
                params.get_mut(x).map(|c| c.get_or_insert_with(|| line.param(inst.point(x))).clone());
            match cached.flatten() {
                Some(v) => *slot = v,
                None => {
                    return Err(
                        Rejection::NotOnLine { path: ls.index(p).render(), window: w, sample: x + 1 }.into()
                    )
                }
            }
        }
        let [si, sj, sk] = &s;
        if !(si < sj && sj < sk) {
            return Err(Rejection::WindowOrder {
                path: ls.render(),
                window: w,
                samples: [a + 1, b + 1, c + 1],
                params: [si.to_string(), sj.to_string(), sk.to_string()],
            }
            .into());
        }
        let target = |i: usize| inst.targets.get(i).map(crate::rational::Rat::to_big).unwrap_or_default();
        let (zi, zj, zk) = (target(a), target(b), target(c));
        // Denominators are positive (strict order above); `div` never divides by zero.
        let left = ops::div(&ops::sub(&zj, &zi), &ops::sub(sj, si)).unwrap_or_default();
        let right = ops::div(&ops::sub(&zk, &zj), &ops::sub(sk, sj)).unwrap_or_default();
        let strict = match window.sign {
            Sign::Concave => left > right,
            Sign::Convex => left < right,
        };
        if !strict {
            return Err(Rejection::WindowNotStrict {
                path: lw.render(),
                window: w,
                sign: window.sign,
                left_slope: left.to_string(),
                right_slope: right.to_string(),
            }
            .into());
        }
        let [si, _, sk] = s;
        intervals.push((window.sign, si, sk, w));
    }
    // Same-sign windows: sorted by left end, each must start at or after the previous one's
    // right end (all intervals are nonempty, so this is pairwise disjointness).
    for sign in [Sign::Concave, Sign::Convex] {
        let mut same: Vec<&(Sign, BigRational, BigRational, usize)> =
            intervals.iter().filter(|iv| iv.0 == sign).collect();
        same.sort_by(|x, y| x.1.cmp(&y.1).then(x.3.cmp(&y.3)));
        let mut furthest: Option<&(Sign, BigRational, BigRational, usize)> = None;
        for iv in same {
            if let Some(prev) = furthest {
                if iv.1 < prev.2 {
                    return Err(Rejection::WindowsOverlap {
                        path: loc.render(),
                        sign,
                        first: prev.3.min(iv.3),
                        second: prev.3.max(iv.3),
                    }
                    .into());
                }
            }
            if furthest.is_none_or(|f| iv.2 > f.2) {
                furthest = Some(iv);
            }
        }
    }
    Ok(())
}

/// Check a lower certificate with rule `"windows"`.
pub(crate) fn check(v: &Json<'_>, limits: &Limits) -> Result<Summary, Fail> {
    let root = Loc::Root;
    let [_, _, _, iv, line_v, wv, clv] = read::object(v, &root, &KEYS)?;

    // Canonical form and shapes.
    let li = root.key("instance");
    let inst = instance::parse(iv, &li, limits)?;
    let ll = root.key("line");
    let line = Line::parse(line_v, &ll, inst.d, limits.max_rational_digits)?;
    line.require_projection(inst.k, |i| inst.point(i), &ll.render(), limits.max_line_work)?;
    let lw = root.key("windows");
    let windows = parse_windows(wv, &lw, inst.k)?;
    let lcl = root.key("claims");
    let [layers_v, breakpoints_v, neurons_v] =
        read::object(clv, &lcl, &["layers", "breakpoints", "neurons"])?;
    let lla = lcl.key("layers");
    let layers = read::uint(layers_v, &lla)?;
    if layers != 2 && layers != 3 {
        return Err(Rejection::UnsupportedLayers { path: lla.render(), layers }.into());
    }
    let lb = lcl.key("breakpoints");
    let claimed_breakpoints = read::uint(breakpoints_v, &lb)?;
    let ln = lcl.key("neurons");
    let claimed_neurons = read::uint(neurons_v, &ln)?;

    // The instance, the windows, the counts.
    instance::validate(&inst, &li)?;
    check_windows(&windows, &inst, &line, &lw)?;
    let breakpoints = windows.len();
    if claimed_breakpoints != breakpoints as u64 {
        return Err(Rejection::WrongBreakpoints {
            path: lb.render(),
            claimed: claimed_breakpoints,
            actual: breakpoints,
        }
        .into());
    }
    let neurons = certified_neurons(layers, breakpoints);
    if claimed_neurons != neurons as u64 {
        return Err(
            Rejection::WrongNeurons { path: ln.render(), claimed: claimed_neurons, actual: neurons }.into()
        );
    }
    Ok(Summary {
        kind: Kind::Lower,
        construction: None,
        rule: Some(RULE.to_string()),
        k: inst.k,
        d: inst.d,
        n: inst.t.len(),
        layers: if layers == 2 { 2 } else { 3 },
        neurons,
        bound: None,
        pieces: None,
        breakpoints: Some(breakpoints),
        widths: Vec::new(),
    })
}
