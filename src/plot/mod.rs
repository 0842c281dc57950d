//! Plots (SVG, plotters' SVG backend, no system fonts): g along a certificate's line
//! ([`certificate_svg`], the paper's Figure 4 from any certificate), the (K, N) gap grid of a
//! sweep report ([`sweep::sweep_svg`], Figure 5), and the paper's figures ([`figures`]).
//!
//! Every value is computed exactly (malachite rationals) and converted to f64 only for drawing:
//! f64 arithmetic appears only in this module's drawing code. The output is a pure function of
//! the input, so the same certificate gives the same SVG bytes.
#![allow(clippy::float_arithmetic)]

pub mod figures;
pub mod piecewise;
pub mod scaling;
pub mod sweep;

use crate::network::{Layer, Line, Network};
use crate::rational::{dot, parse_canonical, Q};
use malachite_base::num::conversion::traits::RoundingFrom;
use malachite_base::rounding_modes::RoundingMode;
use plotters::prelude::*;
use serde_json::Value;

/// The nearest f64 (drawing only).
pub fn to_f64(q: &Q) -> f64 {
    f64::rounding_from(q, RoundingMode::Nearest).0
}

/// What a certificate gives a plot.
#[derive(Clone, Debug)]
pub struct Plotted {
    pub title: String,
    pub line: Line,
    /// (s_i, z_i, in T) per sample, s_i the parameter of x_i's projection on the line.
    pub samples: Vec<(Q, Q, bool)>,
    /// The network (upper certificates) or None (lower certificates).
    pub network: Option<Network>,
    /// Lower certificates: the windows (s_i, s_k) and whether concave.
    pub windows: Vec<(Q, Q, bool)>,
}

fn rat(v: &Value, what: &str) -> Result<Q, String> {
    let s = v.as_str().ok_or_else(|| format!("{what}: expected a rational string"))?;
    parse_canonical(s).map_err(|e| format!("{what}: {e}"))
}

fn rats(v: &Value, what: &str) -> Result<Vec<Q>, String> {
    v.as_array().ok_or_else(|| format!("{what}: expected an array"))?.iter().map(|x| rat(x, what)).collect()
}

/// Reads a certificate (upper or lower, `ftcert/1`) for plotting. The caller checks it first.
pub fn read_certificate(text: &str) -> Result<Plotted, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let inst = &v["instance"];
    let points: Vec<Vec<Q>> = inst["points"]
        .as_array()
        .ok_or("instance.points: expected an array")?
        .iter()
        .map(|p| rats(p, "instance.points"))
        .collect::<Result<_, _>>()?;
    let targets = rats(&inst["targets"], "instance.targets")?;
    let t: Vec<usize> = inst["t"]
        .as_array()
        .ok_or("instance.t: expected an array")?
        .iter()
        .map(|x| x.as_u64().map(|u| u as usize).ok_or("instance.t: expected integers"))
        .collect::<Result<_, _>>()?;
    let line_v = if v["kind"] == "upper" { &v["claims"]["line"] } else { &v["line"] };
    let line = Line {
        origin: rats(&line_v["origin"], "line.origin")?,
        direction: rats(&line_v["direction"], "line.direction")?,
    };
    let norm = dot(&line.direction, &line.direction);
    if norm == 0 {
        return Err("line: zero direction".to_string());
    }
    let s_of = |x: &[Q]| {
        let diff: Vec<Q> = x.iter().zip(&line.origin).map(|(a, b)| a - b).collect();
        dot(&diff, &line.direction) / &norm
    };
    let samples: Vec<(Q, Q, bool)> = points
        .iter()
        .zip(&targets)
        .enumerate()
        .map(|(i, (x, z))| (s_of(x), z.clone(), t.contains(&(i + 1))))
        .collect();
    let (k, n) = (points.len(), t.len());
    if v["kind"] == "upper" {
        let layers = v["network"]["layers"]
            .as_array()
            .ok_or("network.layers: expected an array")?
            .iter()
            .map(|l| {
                let weights = l["weights"]
                    .as_array()
                    .ok_or("weights: expected an array")?
                    .iter()
                    .map(|r| rats(r, "weights"))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Layer { weights, biases: rats(&l["biases"], "biases")? })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let network = Network { layers };
        let widths = network.hidden_widths();
        let name = v["construction"].as_str().unwrap_or("?");
        let pieces = piecewise::along(&network, &line).pieces.len();
        let title = format!(
            "{name}: K = {k}, N = {n}, widths {widths:?}, {} neurons, {pieces} pieces",
            network.neurons()
        );
        Ok(Plotted { title, line, samples, network: Some(network), windows: Vec::new() })
    } else {
        let mut windows = Vec::new();
        for w in v["windows"].as_array().map_or(&[][..], Vec::as_slice) {
            let idx: Vec<usize> = w["samples"]
                .as_array()
                .ok_or("windows.samples: expected an array")?
                .iter()
                .filter_map(|x| x.as_u64().map(|u| u as usize))
                .collect();
            let (Some(&i), Some(&j)) = (idx.first(), idx.last()) else {
                return Err("windows: bad samples".to_string());
            };
            if i == 0 || j == 0 || i > k || j > k {
                return Err("windows: sample out of range".to_string());
            }
            windows.push((samples[i - 1].0.clone(), samples[j - 1].0.clone(), w["sign"] == "concave"));
        }
        let rule = v["rule"].as_str().unwrap_or("?");
        // A case-split certificate has cases, not windows.
        let parts = match v["cases"].as_array() {
            Some(cases) if windows.is_empty() => format!("{} cases", cases.len()),
            _ => format!("{} windows", windows.len()),
        };
        let title =
            format!("lower ({rule}): K = {k}, N = {n}, {parts}, needs {} neurons", v["claims"]["neurons"]);
        Ok(Plotted { title, line, samples, network: None, windows })
    }
}

type DrawResult<T> = Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing failed: {e:?}")
}

/// Colours (fixed, so the bytes are stable).
pub const CURVE: RGBColor = RGBColor(31, 119, 180);
pub const T_POINT: RGBColor = RGBColor(214, 39, 40);
pub const ZERO_POINT: RGBColor = RGBColor(150, 150, 150);
pub const TICK: RGBColor = RGBColor(40, 40, 40);
pub const CONCAVE: RGBColor = RGBColor(148, 103, 189);
pub const CONVEX: RGBColor = RGBColor(255, 127, 14);

/// Breakpoint ticks at the bottom of the plot, 1 px wide; a tick closer than 0.4 % of the width
/// to the previous one is drawn in a second, higher row so that clustered ticks stay apart.
fn draw_ticks<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    breaks: &[Q],
    (x0, x1): (f64, f64),
    (y0, h): (f64, f64),
) -> DrawResult<()> {
    let mut last: Option<f64> = None;
    let mut row = 0usize;
    for (i, b) in breaks.iter().enumerate() {
        let x = to_f64(b);
        row = match last {
            Some(prev) if x - prev < 0.004 * (x1 - x0) => (row + 1) % 2,
            _ => 0,
        };
        last = Some(x);
        let base = y0 + 0.055 * h * row as f64;
        let series = chart
            .draw_series(LineSeries::new(vec![(x, base), (x, base + 0.05 * h)], TICK.stroke_width(1)))
            .map_err(err)?;
        if i == 0 {
            series.label("breakpoint of g (tick)").legend(|(x, y)| {
                PathElement::new(vec![(x + 8, y - 6), (x + 8, y + 6)], TICK.stroke_width(1))
            });
        }
    }
    Ok(())
}

/// The SVG of g along the line over the data range: the curve (exact breakpoints joined by
/// segments), the samples (T red, zeros grey), the breakpoints as ticks on the s axis; for lower
/// certificates the samples' interpolant and the windows.
pub fn plotted_svg(p: &Plotted, size: (u32, u32)) -> DrawResult<String> {
    let s_min = p.samples.iter().map(|x| &x.0).min().cloned().unwrap_or_default();
    let s_max = p.samples.iter().map(|x| &x.0).max().cloned().unwrap_or_default();
    let span = if s_max > s_min { &s_max - &s_min } else { Q::from(2) };
    let pad = &span / Q::from(20);
    let (lo, hi) = (&s_min - &pad, &s_max + &pad);
    // The exact curve: its value at lo, every breakpoint inside, and hi.
    let mut curve: Vec<(Q, Q)> = Vec::new();
    let mut breaks: Vec<Q> = Vec::new();
    if let Some(net) = &p.network {
        let g = piecewise::along(net, &p.line);
        curve.push((lo.clone(), g.eval(&lo)));
        for b in g.breakpoints() {
            if *b > lo && *b < hi {
                curve.push((b.clone(), g.eval(b)));
                breaks.push(b.clone());
            }
        }
        curve.push((hi.clone(), g.eval(&hi)));
    } else {
        let mut sorted: Vec<(Q, Q)> = p.samples.iter().map(|(s, z, _)| (s.clone(), z.clone())).collect();
        sorted.sort();
        curve = sorted;
    }
    let ys: Vec<f64> =
        curve.iter().map(|(_, y)| to_f64(y)).chain(p.samples.iter().map(|(_, z, _)| to_f64(z))).collect();
    let (mut y0, mut y1) = ys.iter().fold((0.0f64, 0.0f64), |(a, b), &y| (a.min(y), b.max(y)));
    let ypad = ((y1 - y0) * 0.08).max(0.25);
    y0 -= ypad;
    y1 += ypad;
    let (x0, x1) = (to_f64(&lo), to_f64(&hi));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&p.title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(44)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .light_line_style(RGBColor(235, 235, 235))
            .x_desc("s (position along the projection line)")
            // No network in a lower certificate: the axis is the targets.
            .y_desc(if p.network.is_some() { "g" } else { "z (target)" })
            .draw()
            .map_err(err)?;
        // The zero line.
        chart
            .draw_series(LineSeries::new(vec![(x0, 0.0), (x1, 0.0)], RGBColor(200, 200, 200)))
            .map_err(err)?;
        // Windows of lower certificates: a bar per window (concave above, convex below the axis).
        let h = y1 - y0;
        let mut labelled = [false, false];
        for (a, b, concave) in &p.windows {
            let y = if *concave { y1 - 0.06 * h } else { y0 + 0.06 * h };
            let colour = if *concave { CONCAVE } else { CONVEX };
            let series = chart
                // Shrunk a little so that touching windows stay distinguishable.
                .draw_series(LineSeries::new(
                    {
                        let (a, b) = (to_f64(a), to_f64(b));
                        let inset = 0.06 * (b - a);
                        vec![(a + inset, y), (b - inset, y)]
                    },
                    colour.stroke_width(3),
                ))
                .map_err(err)?;
            if !std::mem::replace(&mut labelled[usize::from(*concave)], true) {
                let text = if *concave { "concave window (top)" } else { "convex window (bottom)" };
                series.label(text).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(3))
                });
            }
        }
        let (style, text) = if p.network.is_some() {
            (CURVE.stroke_width(2), "g (exact breakpoints joined)")
        } else {
            (ZERO_POINT.stroke_width(1), "samples joined (no network)")
        };
        chart
            .draw_series(LineSeries::new(curve.iter().map(|(x, y)| (to_f64(x), to_f64(y))), style))
            .map_err(err)?
            .label(text)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        draw_ticks(&mut chart, &breaks, (x0, x1), (y0, h))?;
        let zeros = p.samples.iter().filter(|s| !s.2);
        let series = chart
            .draw_series(
                zeros.clone().map(|(s, z, _)| Circle::new((to_f64(s), to_f64(z)), 4, ZERO_POINT.filled())),
            )
            .map_err(err)?;
        if zeros.count() > 0 {
            series
                .label("sample not in T (target 0)")
                .legend(|(x, y)| Circle::new((x + 8, y), 4, ZERO_POINT.filled()));
        }
        let in_t = p.samples.iter().filter(|s| s.2);
        let series = chart
            .draw_series(
                in_t.clone().map(|(s, z, _)| Circle::new((to_f64(s), to_f64(z)), 6, T_POINT.filled())),
            )
            .map_err(err)?;
        if in_t.count() > 0 {
            series
                .label("sample in T (target z_i)")
                .legend(|(x, y)| Circle::new((x + 8, y), 5, T_POINT.filled()));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The SVG of a certificate's text: checked by `ftcert-check` first (a rejected or declined
/// certificate is not plotted).
pub fn certificate_svg(text: &str) -> DrawResult<String> {
    match ftcert_check::check_str(text, &ftcert_check::Limits::default()) {
        ftcert_check::Verdict::Accepted(_) => {}
        ftcert_check::Verdict::Rejected(r) => return Err(format!("the certificate is rejected: {r}")),
        ftcert_check::Verdict::Declined(d) => return Err(format!("the certificate is declined: {d}")),
    }
    plotted_svg(&read_certificate(text)?, (900, 480))
}
