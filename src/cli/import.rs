//! `qingdan import FILE --county ID`: writes the records a spreadsheet holds and says what
//! happened to each row.

use super::new::{read_config, write};
use crate::content::import::plan;
use std::path::Path;
use std::process::ExitCode;

/// 0 every row written, 1 some rows skipped or kept, 2 usage or I/O errors.
pub fn run(file: &Path, content: &Path, county: &str, map: Option<&Path>, force: bool) -> ExitCode {
    let Some((sources, config)) = read_config(content) else { return ExitCode::from(2) };
    let plan = match plan(file, content, &sources, &config, county, map, crate::model::time::today()) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let source = &plan.source;
    plan.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let (mut written, mut skipped, mut kept) = (0, 0, 0);
    for row in &plan.rows {
        let line = row.line;
        row.warnings.iter().for_each(|w| eprintln!("warning: {source} 第 {line} 行，{w}"));
        let text = match &row.text {
            Ok(text) => text,
            Err(problems) => {
                problems.iter().for_each(|p| eprintln!("error: {source} 第 {line} 行，{p}"));
                eprintln!("       第 {line} 行已跳过");
                skipped += 1;
                continue;
            }
        };
        match write(content, &row.path, text, force) {
            Ok(()) => {
                println!("第 {line} 行 → {}", row.path.display());
                written += 1;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!("note: {source} 第 {line} 行：{} 已存在，未覆盖（加 --force 覆盖）", row.path.display());
                kept += 1;
            }
            Err(e) => {
                eprintln!("error: {}: {e}", row.path.display());
                return ExitCode::from(2);
            }
        }
    }
    println!("导入完成：写入 {written} 个文件，跳过 {skipped} 行（有错误），{kept} 个文件已存在未覆盖");
    if skipped + kept == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
