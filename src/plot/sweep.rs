//! `ftcert plot-sweep REPORT.json`: one panel per construction, a (K, N) grid coloured by the
//! certified gap `max_neurons − lower` of `ftcert sweep --format json` (the paper's Figure 5).
#![allow(clippy::float_arithmetic)]

use super::err;
use plotters::prelude::*;
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
    let cols = names.len().min(3);
    let grid_rows = names.len().div_ceil(cols);
    let (w, h) = (360 * cols as u32, 340 * grid_rows as u32 + 40);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (top, body) = root.split_vertically(40);
        top.draw(&Text::new(
            format!(
                "certified gap = max neurons over T − lower bound, per (K, N); green: tight, grey: no lower certificate; max gap {max_gap}"
            ),
            (10, 12),
            ("sans-serif", 14),
        ))
        .map_err(err)?;
        let panels = body.split_evenly((grid_rows, cols));
        for (panel, name) in panels.iter().zip(&names) {
            let mut chart = ChartBuilder::on(panel)
                .caption(*name, ("sans-serif", 14))
                .margin(8)
                .x_label_area_size(28)
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
                    Text::new(label, (r.k as f64 - 0.2, r.n as f64 + 0.3), ("sans-serif", 10))
                }))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}
