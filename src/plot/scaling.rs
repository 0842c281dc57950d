//! `ftcert plot-scaling REPORT.json... -o FILE.svg`: `sample` reports drawn on log-log axes.
//!
//! View `n`: neurons against N at a fixed K, one line per construction (the max over the sampled
//! T of every family: observed), the certified lower bound per depth (solid black/grey), the
//! paper's lower bound (dotted) and the paper's upper formulas (dashed). View `k`: the same
//! against K at a fixed N (one report per K). f64 only for drawing.
#![allow(clippy::float_arithmetic)]

use super::err;
use crate::construct::three_layer::PaperBound;
use crate::construct::ConstructionId;
use crate::sweep::sample::SampleRow;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use std::collections::BTreeMap;

/// Which axis varies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Neurons against N at a fixed K.
    N,
    /// Neurons against K at a fixed N.
    K,
}

const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(0, 0, 128),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// A paper upper formula as a real number (drawing only).
fn paper_upper(id: ConstructionId, k: f64, n: f64) -> Option<(&'static str, f64)> {
    if id == ConstructionId::TwoLayerPaper {
        return Some(("3N+1 (Thm 4.1)", (3.0 * n + 1.0).min(k - 1.0)));
    }
    Some(match id.paper_bound()? {
        PaperBound::FourSqrtK => ("4√K (U1)", 4.0 * k.sqrt()),
        PaperBound::TwoSqrtKPlusThreeN => ("2√K+3N (U2)", 2.0 * k.sqrt() + 3.0 * n),
        PaperBound::SixSqrtThreeNPlusTwo => ("6√(3N+2) (U3)", 6.0 * (3.0 * n + 2.0).sqrt()),
        PaperBound::FourNPlusFour => ("4N+4 (App. A)", 4.0 * n + 4.0),
    })
}

/// x ↦ neurons.
type Series = BTreeMap<usize, usize>;

/// One drawn line: label, colour, style, points.
struct Curve {
    label: String,
    colour: RGBColor,
    style: Style,
    points: Vec<(f64, f64)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Solid,
    Dashed,
    Dotted,
}

/// The curves of a view from the rows (x = N at K = `fixed`, or x = K at N = `fixed`).
fn curves(rows: &[SampleRow], view: View, fixed: usize) -> Vec<Curve> {
    let on = |r: &&SampleRow| match view {
        View::N => r.k == fixed && r.n > 0,
        View::K => r.n == fixed,
    };
    let x_of = |r: &SampleRow| match view {
        View::N => r.n,
        View::K => r.k,
    };
    let mut names: Vec<&str> = Vec::new();
    for r in rows.iter().filter(on) {
        if !names.contains(&r.construction.as_str()) {
            names.push(&r.construction);
        }
    }
    let mut out = Vec::new();
    let mut formulas: Vec<&str> = Vec::new();
    // Certified and paper lower bounds per depth: x ↦ value.
    let mut lower: BTreeMap<usize, (Series, Series)> = BTreeMap::new();
    for (c, name) in names.iter().enumerate() {
        let colour = PALETTE[c % PALETTE.len()];
        let mut max: BTreeMap<usize, usize> = BTreeMap::new();
        let id = ConstructionId::from_name(name).ok();
        for r in rows.iter().filter(on).filter(|r| r.construction == *name) {
            if let Some(m) = r.max_neurons {
                let e = max.entry(x_of(r)).or_insert(0);
                *e = (*e).max(m);
            }
            let depth = id.map_or(0, ConstructionId::layers);
            let entry = lower.entry(depth).or_default();
            if let Some(l) = r.lower {
                entry.0.insert(x_of(r), l);
            }
            if let Some(l) = r.paper_lower {
                entry.1.insert(x_of(r), l);
            }
        }
        let points = max.iter().filter(|(_, &m)| m > 0).map(|(&x, &m)| (x as f64, m as f64)).collect();
        out.push(Curve { label: name.to_string(), colour, style: Style::Solid, points });
        if let Some(id) = id {
            let xs: Vec<usize> = max.keys().copied().collect();
            if let Some((label, _)) = paper_upper(id, 1.0, 1.0) {
                if !formulas.contains(&label) {
                    formulas.push(label);
                    let points = xs
                        .iter()
                        .map(|&x| {
                            let (k, n) = match view {
                                View::N => (fixed as f64, x as f64),
                                View::K => (x as f64, fixed as f64),
                            };
                            (x as f64, paper_upper(id, k, n).map_or(0.0, |p| p.1))
                        })
                        .collect();
                    out.push(Curve { label: format!("paper {label}"), colour, style: Style::Dashed, points });
                }
            }
        }
    }
    for (depth, (certified, paper)) in lower {
        let shade = if depth == 2 { RGBColor(150, 150, 150) } else { BLACK };
        let pts = |m: &BTreeMap<usize, usize>| -> Vec<(f64, f64)> {
            m.iter().filter(|(_, &v)| v > 0).map(|(&x, &v)| (x as f64, v as f64)).collect()
        };
        out.push(Curve {
            label: format!("certified lower, {depth} layers"),
            colour: shade,
            style: Style::Solid,
            points: pts(&certified),
        });
        out.push(Curve {
            label: format!("paper lower, {depth} layers"),
            colour: shade,
            style: Style::Dotted,
            points: pts(&paper),
        });
    }
    out
}

/// The SVG of one view of one or more `sample --format json` reports.
pub fn scaling_svg(
    texts: &[String],
    view: View,
    k: Option<usize>,
    n: Option<usize>,
) -> Result<String, String> {
    let mut rows: Vec<SampleRow> = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let part: Vec<SampleRow> = serde_json::from_str(text)
            .map_err(|e| format!("report {}: not a sample report (sample --format json): {e}", i + 1))?;
        rows.extend(part);
    }
    if rows.is_empty() {
        return Err("the reports have no rows".to_string());
    }
    let fixed = match view {
        View::N => k.unwrap_or_else(|| rows.iter().map(|r| r.k).max().unwrap_or(0)),
        View::K => match n {
            Some(n) => n,
            None => {
                let ks: std::collections::BTreeSet<usize> = rows.iter().map(|r| r.k).collect();
                let every = |n: usize| ks.iter().all(|&k| rows.iter().any(|r| r.k == k && r.n == n));
                rows.iter().map(|r| r.n).filter(|&n| every(n)).max().unwrap_or(0)
            }
        },
    };
    let curves = curves(&rows, view, fixed);
    let all: Vec<(f64, f64)> = curves.iter().flat_map(|c| c.points.iter().copied()).collect();
    if all.is_empty() {
        return Err(format!("no rows at the fixed {} = {fixed}", if view == View::N { "K" } else { "N" }));
    }
    let x_max = all.iter().map(|p| p.0).fold(1.0, f64::max) * 1.3;
    let x_min = all.iter().map(|p| p.0).fold(f64::MAX, f64::min).max(0.5) / 1.3;
    let y_max = all.iter().map(|p| p.1).fold(1.0, f64::max) * 1.5;
    let y_min = all.iter().map(|p| p.1).fold(f64::MAX, f64::min).max(0.5) / 1.5;
    let (title, x_desc) = match view {
        View::N => {
            (format!("hidden neurons against N at K = {fixed} (max over the sampled T, checked)"), "N")
        }
        View::K => {
            (format!("hidden neurons against K at N = {fixed} (max over the sampled T, checked)"), "K")
        }
    };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1100, 640)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (left, legend) = root.split_horizontally(800);
        let mut chart = ChartBuilder::on(&left)
            .caption(title, ("sans-serif", 16))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d((x_min..x_max).log_scale(), (y_min..y_max).log_scale())
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(x_desc)
            .y_desc("hidden neurons")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        for c in &curves {
            let style = ShapeStyle { color: c.colour.to_rgba(), filled: false, stroke_width: 2 };
            match c.style {
                Style::Solid => {
                    chart.draw_series(LineSeries::new(c.points.clone(), style)).map_err(err)?;
                    if !c.label.starts_with("certified") {
                        chart
                            .draw_series(c.points.iter().map(|&p| Circle::new(p, 3, c.colour.filled())))
                            .map_err(err)?;
                    }
                }
                Style::Dashed => {
                    let thin = ShapeStyle { stroke_width: 1, ..style };
                    chart.draw_series(DashedLineSeries::new(c.points.clone(), 8, 5, thin)).map_err(err)?;
                }
                Style::Dotted => {
                    chart.draw_series(DashedLineSeries::new(c.points.clone(), 2, 4, style)).map_err(err)?;
                }
            }
        }
        legend_panel(&legend, &curves)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn legend_panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    curves: &[Curve],
) -> Result<(), String> {
    let mut y = 40;
    area.draw(&Text::new("solid: observed (checked certificates)", (10, 14), ("sans-serif", 12)))
        .map_err(err)?;
    for c in curves {
        let style = ShapeStyle { color: c.colour.to_rgba(), filled: false, stroke_width: 2 };
        let seg = vec![(10, y), (50, y)];
        match c.style {
            Style::Solid => area.draw(&PathElement::new(seg, style)).map_err(err)?,
            Style::Dashed => area
                .draw(&DashedPathElement::new(seg, 8, 5, ShapeStyle { stroke_width: 1, ..style }))
                .map_err(err)?,
            Style::Dotted => area.draw(&DashedPathElement::new(seg, 2, 4, style)).map_err(err)?,
        }
        area.draw(&Text::new(c.label.clone(), (58, y - 7), ("sans-serif", 12))).map_err(err)?;
        y += 22;
    }
    Ok(())
}
