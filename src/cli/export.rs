//! `qingdan export FILE --county ID`: a county's records as an .xlsx (or .csv) to edit and give
//! back to `qingdan import FILE --county ID --update`.

use super::new::read_config;
use crate::content::{export, update};
use std::path::Path;
use std::process::ExitCode;

/// 0 written, 2 usage, data or I/O errors.
pub fn run(file: &Path, content: &Path, county: &str) -> ExitCode {
    let Some((sources, config)) = read_config(content) else { return ExitCode::from(2) };
    let c = match config.county(county) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let records = match update::existing(&sources, &content.join("bases").join(county)) {
        Ok(records) => records,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let rows = export::rows(&records, &config);
    let bytes = match file.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref() {
        Some("xlsx") => export::xlsx(&rows, &config, &c.name, crate::model::time::today()),
        Some("csv") => export::csv(&rows),
        _ => {
            eprintln!("error: {}：只能导出为 .xlsx 或 .csv", file.display());
            return ExitCode::from(2);
        }
    };
    if let Err(e) = std::fs::write(file, bytes) {
        eprintln!("error: {}: {e}", file.display());
        return ExitCode::from(2);
    }
    println!(
        "已导出 {} 条记录到 {}；修改后运行 `qingdan import {} --county {county} --update` 更新记录",
        rows.len(),
        file.display(),
        file.display()
    );
    ExitCode::SUCCESS
}
