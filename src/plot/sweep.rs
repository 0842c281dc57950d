//! `ftcert plot-sweep REPORT.json`: one panel per construction, a (K, N) grid coloured by the
//! certified gap `max_neurons − lower` of `ftcert sweep --format json` (the paper's Figure 5).
#![allow(clippy::float_arithmetic)]

use super::err;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Deserialize;

/// The fields of a sweep row that the plot reads.
#[derive(Clone, Debug, Deserialize)]
pub struct GapRow {
    pub construction: String,
    pub k: usize,
    pub n: usize,
    pub max_neurons: usize,
    pub lower: Option<usize>,
}

/// The colour of a gap (0 green; then yellow to red up to `max`); grey when there is no lower.
pub fn gap_colour(gap: Option<usize>, max: usize) -> RGBColor {
    match gap {
        None => RGBColor(220, 220, 220),
        Some(0) => RGBColor(44, 160, 44),
        Some(g) => {
            let t = g as f64 / max.max(1) as f64;
            RGBColor(250, (220.0 - 190.0 * t) as u8, (90.0 - 70.0 * t) as u8)
        }
    }
}

/// The header above the panels: what the colours mean, with a colour key.
fn draw_header<DB: DrawingBackend>(
    top: &DrawingArea<DB, plotters::coord::Shift>,
    max_gap: usize,
    no_lower: bool,
) -> Result<(), String> {
    let font = ("sans-serif", 13);
    let text = if no_lower {
        "no lower certificates exist at this depth (≥ 4 layers): there is no certified gap to draw"
            .to_string()
    } else {
        format!("gap = max neurons over T (observed on the swept instance) − certified lower bound, per (K, N); max gap {max_gap}")
    };
    top.draw(&Text::new(text, (10, 8), font)).map_err(err)?;
    if no_lower {
        return Ok(());
    }
    let mut key: Vec<(RGBColor, String)> = vec![(gap_colour(Some(0), max_gap), "0: max = lower".to_string())];
    if max_gap >= 1 {
        key.push((gap_colour(Some(1), max_gap), "1".to_string()));
    }
    if max_gap >= 2 {
        key.push((gap_colour(Some(max_gap), max_gap), format!("{max_gap} (yellow to red)")));
    }
    key.push((gap_colour(None, max_gap), "- : no lower certificate".to_string()));
    let mut x = 10;
    for (colour, label) in key {
        top.draw(&Rectangle::new([(x, 30), (x + 14, 44)], colour.filled())).map_err(err)?;
        top.draw(&Text::new(label.clone(), (x + 18, 31), font)).map_err(err)?;
        x += 44 + 7 * label.chars().count() as i32;
    }
    Ok(())
}

/// The SVG of a sweep report (rows as `sweep --format json` writes them).
pub fn sweep_svg(json: &str) -> Result<String, String> {
    let rows: Vec<GapRow> =
        serde_json::from_str(json).map_err(|e| format!("not a sweep report (sweep --format json): {e}"))?;
    if rows.is_empty() {
        return Err("the report has no rows".to_string());
    }
    let mut names: Vec<&str> = Vec::new();
    for r in &rows {
        if !names.contains(&r.construction.as_str()) {
            names.push(&r.construction);
        }
    }
    let k_min = rows.iter().map(|r| r.k).min().unwrap_or(3);
    let k_max = rows.iter().map(|r| r.k).max().unwrap_or(3);
    let gap = |r: &GapRow| r.lower.map(|l| r.max_neurons.saturating_sub(l));
    let max_gap = rows.iter().filter_map(gap).max().unwrap_or(0);
    let no_lower = rows.iter().all(|r| r.lower.is_none());
    let cols = names.len().min(3);
    let grid_rows = names.len().div_ceil(cols);
    // At least 760 px wide, so that the header is never clipped on a single panel.
    let (w, h) = ((360 * cols as u32).max(760), 340 * grid_rows as u32 + 56);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (top, body) = root.split_vertically(56);
        draw_header(&top, max_gap, no_lower)?;
        let body = if cols == 1 { body.margin(0, 0, (w - 360) / 2, (w - 360) / 2) } else { body };
        let panels = body.split_evenly((grid_rows, cols));
        for (panel, name) in panels.iter().zip(&names) {
            let mut chart = ChartBuilder::on(panel)
                .caption(*name, ("sans-serif", 14))
                .margin(8)
                .x_label_area_size(38)
                .y_label_area_size(28)
                .build_cartesian_2d(k_min as f64 - 0.5..k_max as f64 + 0.5, -0.5..k_max as f64 + 0.5)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(k_max - k_min + 1)
                .y_labels(k_max + 1)
                .x_label_formatter(&|x| format!("{x:.0}"))
                .y_label_formatter(&|y| format!("{y:.0}"))
                .x_desc("K")
                .y_desc("N")
                .draw()
                .map_err(err)?;
            let centred = ("sans-serif", 10)
                .into_font()
                .into_text_style(panel)
                .pos(Pos::new(HPos::Center, VPos::Center));
            if no_lower {
                let middle = ((k_min + k_max) as f64 / 2.0, k_max as f64 / 2.0);
                chart
                    .draw_series(std::iter::once(Text::new("no lower bound at this depth", middle, centred)))
                    .map_err(err)?;
                continue;
            }
            let cells: Vec<&GapRow> = rows.iter().filter(|r| r.construction == *name).collect();
            chart
                .draw_series(cells.iter().map(|r| {
                    let (x, y) = (r.k as f64, r.n as f64);
                    Rectangle::new(
                        [(x - 0.48, y - 0.48), (x + 0.48, y + 0.48)],
                        gap_colour(gap(r), max_gap).filled(),
                    )
                }))
                .map_err(err)?;
            chart
                .draw_series(cells.iter().map(|r| {
                    let label = gap(r).map_or("-".to_string(), |g| g.to_string());
                    Text::new(label, (r.k as f64, r.n as f64), centred.clone())
                }))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}
