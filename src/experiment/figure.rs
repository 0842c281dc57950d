//! fig9.svg: the L_FT heat map over (N, m) on log–log axes, the least-m curves of both criteria
//! and their √N fits (observed), the certified constructions' neuron counts and the certified
//! 3-layer lower bound.

use super::analysis::LossTable;
use super::Summary;
use plotters::prelude::*;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("plot: {e:?}")
}

/// Viridis-like colour of t ∈ [0, 1] (dark blue → green → yellow).
fn colour(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (68.0, 1.0, 84.0),
        (59.0, 82.0, 139.0),
        (33.0, 145.0, 140.0),
        (94.0, 201.0, 98.0),
        (253.0, 231.0, 37.0),
    ];
    let t = t.clamp(0.0, 1.0) * 4.0;
    let i = (t.floor() as usize).min(3);
    let f = t - i as f64;
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    let mix = |x: f64, y: f64| (x + (y - x) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cell edges on a log axis: geometric midpoints between neighbours, mirrored at the ends.
fn edges(values: &[f64]) -> Vec<(f64, f64)> {
    let n = values.len();
    (0..n)
        .map(|i| {
            let lo = if i > 0 {
                (values[i - 1] * values[i]).sqrt()
            } else if n > 1 {
                values[0] * values[0] / (values[0] * values[1]).sqrt()
            } else {
                values[0] / 1.5
            };
            let hi = if i + 1 < n {
                (values[i] * values[i + 1]).sqrt()
            } else if n > 1 {
                values[n - 1] * values[n - 1] / (values[n - 2] * values[n - 1]).sqrt()
            } else {
                values[0] * 1.5
            };
            (lo, hi)
        })
        .collect()
}

const CONSTRUCTION_COLOURS: [RGBColor; 4] =
    [RGBColor(214, 39, 40), RGBColor(148, 103, 189), RGBColor(140, 86, 75), RGBColor(31, 119, 180)];

/// The SVG of Figure 9 from the loss table and the summary.
pub fn svg(table: &LossTable, summary: &Summary) -> Result<String, String> {
    let ns: Vec<f64> = table.ns.iter().map(|&n| n as f64).collect();
    let ms: Vec<f64> = table.ms.iter().map(|&m| m as f64).collect();
    let (nx, my) = (edges(&ns), edges(&ms));
    let logs: Vec<f64> = (0..ns.len())
        .flat_map(|i| (0..ms.len()).map(move |j| (i, j)))
        .filter_map(|(i, j)| table.mean(i, j))
        .map(|l| l.max(1e-12).log10())
        .collect();
    let lmin = logs.iter().copied().fold(f64::INFINITY, f64::min).min(-3.0);
    let lmax = logs.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(lmin + 1.0);
    let top = summary
        .certified
        .iter()
        .map(|c| c.neurons as f64)
        .chain(summary.lower.iter().map(|l| l.neurons as f64))
        .chain(my.last().map(|e| e.1))
        .fold(1.0, f64::max)
        * 1.5;
    let x_range = nx.first().map_or(1.0, |e| e.0)..nx.last().map_or(10.0, |e| e.1);
    let y_range = my.first().map_or(1.0, |e| e.0).clamp(0.8, 1.0)..top;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (1000, 720)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (main, legend) = root.split_horizontally(880);
        let mut chart = ChartBuilder::on(&main)
            .caption(
                format!(
                    "Fine-tuning loss L_FT (mean of {} seeds, K = {}, d = {}, {} epochs) and least m with L_FT < {}",
                    table.seeds.len(),
                    summary.k,
                    summary.d,
                    summary.epochs,
                    summary.threshold
                ),
                ("sans-serif", 15),
            )
            .margin(10)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("N (changed samples)")
            .y_desc("m (hidden neurons of g)")
            .x_label_formatter(&|x| format!("{x:.0}"))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .draw()
            .map_err(err)?;
        let mut cells = Vec::new();
        for (i, &(x0, x1)) in nx.iter().enumerate() {
            for (j, &(y0, y1)) in my.iter().enumerate() {
                if let Some(l) = table.mean(i, j) {
                    let t = (l.max(1e-12).log10() - lmin) / (lmax - lmin);
                    cells.push(Rectangle::new([(x0, y0), (x1, y1)], colour(t).filled()));
                }
            }
        }
        chart.draw_series(cells).map_err(err)?;
        draw_curves(&mut chart, summary)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK)
            .label_font(("sans-serif", 12))
            .draw()
            .map_err(err)?;
        draw_colour_bar(&legend, lmin, lmax)?;
    }
    Ok(svg)
}

type Chart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    Cartesian2d<plotters::coord::combinators::LogCoord<f64>, plotters::coord::combinators::LogCoord<f64>>,
>;

fn draw_curves(chart: &mut Chart<'_, '_>, summary: &Summary) -> Result<(), String> {
    let criteria = [
        (&summary.least_m.paper, "least m, L_FT < τ (paper's criterion; observed)", RGBColor(255, 127, 14)),
        (
            &summary.least_m.per_sample,
            "least m, (K/N)·L_FT < τ (per changed sample; observed)",
            RGBColor(255, 0, 180),
        ),
    ];
    for (least, label, c) in criteria {
        let pts: Vec<(f64, f64)> = least.iter().filter_map(|l| l.mean.map(|m| (l.n as f64, m))).collect();
        chart
            .draw_series(LineSeries::new(pts.clone(), c.stroke_width(3)))
            .map_err(err)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)));
        chart.draw_series(pts.iter().map(|&p| Circle::new(p, 4, c.filled()))).map_err(err)?;
        // Where g = 0 already meets the criterion, the least m is the grid's smallest: ring it.
        let trivial =
            least.iter().filter(|l| l.baseline_passes).filter_map(|l| l.mean.map(|m| (l.n as f64, m)));
        chart.draw_series(trivial.map(|p| Circle::new(p, 8, c.stroke_width(2)))).map_err(err)?;
    }
    let fits =
        [(&summary.fits.paper, RGBColor(255, 187, 120)), (&summary.fits.per_sample, RGBColor(255, 150, 220))];
    for (which, (fits, c)) in fits.iter().enumerate() {
        if let Some(f) = fits.iter().find(|f| f.exponent == 0.5 && f.exponent_se.is_none()) {
            let a = f.coefficient;
            let pts: Vec<(f64, f64)> =
                summary.least_m.paper.iter().map(|l| (l.n as f64, a * (l.n as f64).sqrt())).collect();
            let name = if which == 0 { "paper's" } else { "per-sample" };
            let c = *c;
            chart
                .draw_series(DashedLineSeries::new(pts, 8, 5, c.stroke_width(2)))
                .map_err(err)?
                .label(format!(
                    "fit m = {a:.2}·√N ({name} criterion, R² = {})",
                    super::analysis::r2_text(f.r2, 2)
                ))
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
        }
    }
    for (name, c) in super::certified::CONSTRUCTIONS.iter().zip(CONSTRUCTION_COLOURS) {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        for l in &summary.least_m.paper {
            let max = summary
                .certified
                .iter()
                .filter(|r| r.n == l.n && r.construction == *name)
                .map(|r| r.neurons)
                .max();
            if let Some(v) = max {
                pts.push((l.n as f64, v.max(1) as f64));
            }
        }
        // two-layer-optimal (min(3N, K − 2)) nearly coincides with three-layer-lift: dashed.
        let anno = if *name == "two-layer-optimal" {
            chart.draw_series(DashedLineSeries::new(pts.clone(), 6, 6, c.stroke_width(2)))
        } else {
            chart.draw_series(LineSeries::new(pts.clone(), c.stroke_width(2)))
        };
        anno.map_err(err)?
            .label(format!("{name} (certified, exact fit)"))
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(2)));
        chart.draw_series(pts.iter().map(|&p| TriangleMarker::new(p, 5, c.filled()))).map_err(err)?;
    }
    let lower: Vec<(f64, f64)> =
        summary.lower.iter().map(|l| (l.n as f64, l.neurons.max(1) as f64)).collect();
    chart
        .draw_series(LineSeries::new(lower.clone(), BLACK.stroke_width(2)))
        .map_err(err)?
        .label("certified 3-layer lower bound m*(K, N) (worst case: the hard instance, not this one)")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], BLACK.stroke_width(2)));
    chart.draw_series(lower.iter().map(|&p| Cross::new(p, 5, BLACK.stroke_width(2)))).map_err(err)?;
    Ok(())
}

fn draw_colour_bar(
    area: &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    lmin: f64,
    lmax: f64,
) -> Result<(), String> {
    let mut bar = ChartBuilder::on(area)
        .caption("log10 L_FT", ("sans-serif", 13))
        .margin_top(60)
        .margin_bottom(60)
        .margin_right(10)
        .y_label_area_size(45)
        .build_cartesian_2d(0.0..1.0, lmin..lmax)
        .map_err(err)?;
    bar.configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()
        .map_err(err)?;
    let steps = 100;
    bar.draw_series((0..steps).map(|i| {
        let (a, b) = (i as f64 / steps as f64, (i + 1) as f64 / steps as f64);
        let (y0, y1) = (lmin + a * (lmax - lmin), lmin + b * (lmax - lmin));
        Rectangle::new([(0.0, y0), (1.0, y1)], colour((a + b) / 2.0).filled())
    }))
    .map_err(err)?;
    Ok(())
}
