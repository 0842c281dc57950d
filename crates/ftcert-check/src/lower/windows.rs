//! Lower rule `"windows"`: signed windows of three collinear samples whose slope inequality
//! forces a kink of that sign; same-sign windows with disjoint open intervals force distinct
//! kinks, so any fine-tuning network has at least `windows.len()` kinks along the line.

use num_rational::BigRational;

use crate::error::{Decline, Fail, Rejection, Sign};
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

/// `claims`: `layers`, `breakpoints`, `neurons`, and for depth ≥ 4 also `width`.
struct Claims {
    layers: usize,
    breakpoints: u64,
    neurons: u64,
    width: Option<u64>,
}

fn parse_claims(clv: &Json<'_>, lcl: &Loc<'_>, limits: &Limits) -> Result<Claims, Fail> {
    const SHALLOW: [&str; 3] = ["layers", "breakpoints", "neurons"];
    const DEEP: [&str; 4] = ["layers", "breakpoints", "neurons", "width"];
    let (layers_v, breakpoints_v, neurons_v, width_v) = if clv.get("width").is_some() {
        let [a, b, c, w] = read::object(clv, lcl, &DEEP)?;
        (a, b, c, Some(w))
    } else {
        let [a, b, c] = read::object(clv, lcl, &SHALLOW)?;
        (a, b, c, None)
    };
    let lla = lcl.key("layers");
    let layers = read::uint(layers_v, &lla)?;
    if layers < 2 {
        return Err(Rejection::UnsupportedLayers { path: lla.render(), layers }.into());
    }
    let layers = match usize::try_from(layers).ok().filter(|&l| l <= limits.max_layers) {
        Some(l) => l,
        None => {
            let layers = usize::try_from(layers).unwrap_or(usize::MAX);
            return Err(
                Decline::TooManyLayers { path: lla.render(), layers, limit: limits.max_layers }.into()
            );
        }
    };
    // `width` exactly when the depth is at least 4.
    match (layers >= 4, width_v.is_some()) {
        (true, false) => return Err(Rejection::MissingField { path: lcl.render(), key: "width" }.into()),
        (false, true) => {
            return Err(
                Rejection::UnknownField { path: lcl.key("width").render(), key: "width".to_string() }.into()
            )
        }
        _ => {}
    }
    let breakpoints = read::uint(breakpoints_v, &lcl.key("breakpoints"))?;
    let neurons = read::uint(neurons_v, &lcl.key("neurons"))?;
    let width = width_v.map(|w| read::uint(w, &lcl.key("width"))).transpose()?;
    Ok(Claims { layers, breakpoints, neurons, width })
}

/// The recount of breakpoints must equal the claim; the neuron (and width) claims must not exceed
/// what the breakpoints certify at this depth (a smaller claim is true, only weaker: accepted,
/// docs/certificate-format.md). Returns the claimed neuron bound.
fn check_claims(claims: &Claims, breakpoints: usize, lcl: &Loc<'_>) -> Result<usize, Fail> {
    if claims.breakpoints != breakpoints as u64 {
        return Err(Rejection::WrongBreakpoints {
            path: lcl.key("breakpoints").render(),
            claimed: claims.breakpoints,
            actual: breakpoints,
        }
        .into());
    }
    let neurons = super::least_neurons(claims.layers, breakpoints);
    if claims.neurons > neurons as u64 {
        let path = lcl.key("neurons").render();
        return Err(Rejection::WrongNeurons { path, claimed: claims.neurons, actual: neurons }.into());
    }
    if let Some(claimed) = claims.width {
        let width = super::least_width(claims.layers, breakpoints);
        if claimed > width as u64 {
            let path = lcl.key("width").render();
            return Err(Rejection::WrongWidth { path, claimed, actual: width }.into());
        }
    }
    // At most `neurons`, which is a usize.
    Ok(usize::try_from(claims.neurons).unwrap_or(neurons))
}

/// Check every window against the instance and the line, then same-sign disjointness.
fn check_windows(windows: &[Window], inst: &Instance, line: &Line, loc: &Loc<'_>) -> Result<(), Fail> {
    // Line parameter of each sample, solved once on demand.
    let mut params: Vec<Option<Option<BigRational>>> = vec![None; inst.k];
    // (sign, first sample, last sample, window): indices into `params`, not copies of the
    // parameters (issue 11: W copies of one window of 10^4-digit parameters cost W × 8 KB).
    let mut intervals: Vec<(Sign, usize, usize, usize)> = Vec::with_capacity(windows.len());
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
        intervals.push((window.sign, a, c, w));
    }
    // Every sample of a pushed interval has its parameter solved (`None` never occurs below).
    let param = |i: usize| params.get(i).and_then(|p| p.as_ref()).and_then(|p| p.as_ref());
    // Same-sign windows: sorted by left end, each must start at or after the previous one's
    // right end (all intervals are nonempty, so this is pairwise disjointness).
    for sign in [Sign::Concave, Sign::Convex] {
        let mut same: Vec<&(Sign, usize, usize, usize)> =
            intervals.iter().filter(|iv| iv.0 == sign).collect();
        same.sort_by(|x, y| param(x.1).cmp(&param(y.1)).then(x.3.cmp(&y.3)));
        let mut furthest: Option<&(Sign, usize, usize, usize)> = None;
        for iv in same {
            if let Some(prev) = furthest {
                if param(iv.1) < param(prev.2) {
                    return Err(Rejection::WindowsOverlap {
                        path: loc.render(),
                        sign,
                        first: prev.3.min(iv.3),
                        second: prev.3.max(iv.3),
                    }
                    .into());
                }
            }
            if furthest.is_none_or(|f| param(iv.2) > param(f.2)) {
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
    let claims = parse_claims(clv, &lcl, limits)?;

    // The instance, the windows, the counts.
    instance::validate(&inst, &li)?;
    check_windows(&windows, &inst, &line, &lw)?;
    let breakpoints = windows.len();
    let neurons = check_claims(&claims, breakpoints, &lcl)?;
    Ok(Summary {
        kind: Kind::Lower,
        construction: None,
        rule: Some(RULE.to_string()),
        k: inst.k,
        d: inst.d,
        n: inst.t.len(),
        layers: claims.layers,
        neurons,
        bound: None,
        pieces: None,
        breakpoints: Some(breakpoints),
        widths: claims.width.map(|w| usize::try_from(w).unwrap_or(usize::MAX)).into_iter().collect(),
    })
}
