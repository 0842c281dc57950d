//! `ftcert figures DIR`: the paper's Figures 2, 3 (corrected, F8), 4, 5, 6, 8 and 10 as SVG files,
//! each drawn from a certificate that `ftcert-check` accepts (Figure 5 from a 3-layer sweep).

use super::{certificate_svg, sweep::sweep_svg};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::Instance;
use crate::io::write_atomic;
use crate::rational::{int, Q};
use crate::sweep::{report, run, Format, SweepConfig};
use std::path::Path;

/// An instance on the integers 1..=K (d = 1) with the given targets.
fn on_integers(targets: &[Q]) -> Instance {
    let k = targets.len() as i64;
    Instance {
        points: (1..=k).map(|i| vec![int(i)]).collect(),
        targets: targets.to_vec(),
        t: targets.iter().enumerate().filter(|(_, z)| **z != 0).map(|(i, _)| i + 1).collect(),
    }
}

fn from_file(text: &str) -> Instance {
    certificate::parse_instance(text).expect("the figure instances in tests/data are valid")
}

/// (file name, construction, instance, what it shows).
pub fn specs() -> Vec<(&'static str, ConstructionId, Instance, &'static str)> {
    let fig2: Vec<Q> = [0, 0, -1, 0, 0, 2, 0, 0, -1, 0, 0, 2, 0, 0].iter().map(|&z| int(z)).collect();
    let fig3: Vec<Q> = [0, 1, 0, 1, 0, 1, 0, 1, 0].iter().map(|&z| int(z)).collect();
    vec![
        (
            "fig2-hard-instance.svg",
            ConstructionId::TwoLayerOptimal,
            on_integers(&fig2),
            "Fig. 2: K = 14, N = 4 hard instance, 12 kinks forced",
        ),
        (
            "fig3-corrected.svg",
            ConstructionId::TwoLayerOptimal,
            on_integers(&fig3),
            "Fig. 3 corrected (F8): K = 9, T = {2,4,6,8}, z = 1",
        ),
        (
            "fig4.svg",
            ConstructionId::TwoLayerPaper,
            from_file(include_str!("../../tests/data/fig4-instance.json")),
            "Fig. 4: the 2-layer construction on J",
        ),
        (
            "fig6-u1.svg",
            ConstructionId::ThreeLayerU1,
            from_file(include_str!("../../tests/data/fig67-instance.json")),
            "Fig. 6: U1 (Yun et al.), K = 16, T = {7}",
        ),
        (
            "fig8-u3.svg",
            ConstructionId::ThreeLayerU3,
            from_file(include_str!("../../tests/data/fig8-instance.json")),
            "Fig. 8: U3 on J, K = 16, T = {2,4,9}",
        ),
        (
            "fig10-appendix-a.svg",
            ConstructionId::ThreeLayerAppendixA,
            from_file(include_str!("../../tests/data/fig10-instance.json")),
            "Fig. 10: Appendix A, K = 16, T = {4,7}",
        ),
    ]
}

/// The 3-layer sweep report (K = 3..=8) that Figure 5 is drawn from, as JSON.
pub fn fig5_report() -> String {
    let r = run(&SweepConfig::new(3, 3, 8)).expect("the 3-layer sweep runs");
    report::render(&r.rows, Format::Json)
}

/// Writes every figure into `dir`; returns the files written.
pub fn write_all(dir: &Path) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for (file, id, instance, _) in specs() {
        let built = id.build(&instance).map_err(|e| format!("{file}: {e}"))?;
        let svg = certificate_svg(&certificate::upper(id, &instance, &built, false))?;
        let path = dir.join(file);
        write_atomic(&path, svg.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        written.push(file.to_string());
    }
    let svg = sweep_svg(&fig5_report())?;
    let path = dir.join("fig5-gap.svg");
    write_atomic(&path, svg.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    written.push("fig5-gap.svg".to_string());
    Ok(written)
}
