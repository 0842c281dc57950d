//! `ftcert plot`, `ftcert plot-sweep` and `ftcert figures` (src/plot/).

use crate::io::write_atomic;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PlotArgs {
    /// A certificate (upper: g along its line; lower: the samples and windows). It is checked
    /// first; a rejected certificate is not plotted.
    pub certificate: PathBuf,
    /// Output SVG file.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct PlotSweepArgs {
    /// A sweep report written by `ftcert sweep --format json`.
    pub report: PathBuf,
    /// Output SVG file.
    #[arg(short, long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct FiguresArgs {
    /// Folder to write the SVG files into (in the repository: docs/figures); it must exist.
    pub dir: PathBuf,
}

fn read(path: &std::path::Path) -> Result<String, u8> {
    std::fs::read_to_string(path).map_err(|e| {
        eprintln!("error: {}: {e}", path.display());
        2
    })
}

fn write(path: &std::path::Path, result: Result<String, String>) -> u8 {
    if let Err(e) = super::common::output_folder_exists(path) {
        return super::common::usage(e);
    }
    match result {
        Ok(svg) => match write_atomic(path, svg.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                2
            }
        },
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// `ftcert plot CERT -o g.svg`.
pub fn plot(args: &PlotArgs) -> u8 {
    match read(&args.certificate) {
        Ok(text) => write(&args.output, crate::plot::certificate_svg(&text)),
        Err(code) => code,
    }
}

/// `ftcert plot-sweep REPORT.json -o gap.svg`.
pub fn plot_sweep(args: &PlotSweepArgs) -> u8 {
    match read(&args.report) {
        Ok(text) => write(&args.output, crate::plot::sweep::sweep_svg(&text)),
        Err(code) => code,
    }
}

/// `ftcert figures DIR`.
pub fn figures(args: &FiguresArgs) -> u8 {
    if !args.dir.is_dir() {
        return super::common::usage(format!("{}: no such folder (create it first)", args.dir.display()));
    }
    match crate::plot::figures::write_all(&args.dir) {
        Ok(files) => {
            let list: Vec<String> = files.iter().map(|f| args.dir.join(f).display().to_string()).collect();
            super::common::outln(&list.join("\n")).err().unwrap_or(0)
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}
