//! `qingdan import FILE --county ID [--update] [--dry-run]`: writes the records a spreadsheet
//! holds, or the changes an edited one makes, and says what happened to each row.

use super::new::{read_config, write};
use crate::content::import::{plan, Outcome, Reading};
use std::path::Path;
use std::process::ExitCode;

/// What to do besides reading: overwrite files, write nothing.
pub struct Writing {
    pub force: bool,
    pub dry_run: bool,
}

/// 0 every row written, 1 some rows skipped or kept, 2 usage or I/O errors.
pub fn run(file: &Path, content: &Path, how: &Reading, writing: Writing) -> ExitCode {
    let Some((sources, config)) = read_config(content) else { return ExitCode::from(2) };
    let plan = match plan(file, content, &sources, &config, how) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let source = &plan.source;
    plan.warnings.iter().for_each(|w| eprintln!("warning: {w}"));
    let (mut new, mut changed, mut same, mut skipped, mut kept) = (0, 0, 0, 0, 0);
    for row in &plan.rows {
        let (line, path) = (row.line, row.path.display());
        row.warnings.iter().for_each(|w| eprintln!("warning: {source} 第 {line} 行，{w}"));
        let text = match &row.outcome {
            Outcome::Skipped(problems) => {
                problems.iter().for_each(|p| eprintln!("error: {source} 第 {line} 行，{p}"));
                eprintln!("       第 {line} 行已跳过");
                skipped += 1;
                continue;
            }
            Outcome::Same => {
                same += 1;
                continue;
            }
            Outcome::Changed(text, diff) => {
                println!("第 {line} 行 → {path}（修改）");
                diff.iter().for_each(|d| println!("    {d}"));
                changed += 1;
                text
            }
            Outcome::New(text) => {
                println!("第 {line} 行 → {path}（新增）");
                new += 1;
                text
            }
        };
        if writing.dry_run {
            continue;
        }
        let force = writing.force || matches!(row.outcome, Outcome::Changed(..));
        match write(content, &row.path, text, force) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                eprintln!("note: {source} 第 {line} 行：{path} 已存在，未覆盖（加 --force 覆盖）");
                new -= 1;
                kept += 1;
            }
            Err(e) => {
                eprintln!("error: {path}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    for path in &plan.missing {
        println!("表中没有：{}（未删除；不再开放的场所请把状态改为“已关闭”）", path.display());
    }
    let verb = if writing.dry_run { "试运行，未写入任何文件" } else { "导入完成" };
    let mut summary = format!("{verb}：新增 {new} 个记录");
    if how.update {
        summary += &format!("，修改 {changed} 个，{same} 个没有变化，{} 个表中没有", plan.missing.len());
    }
    summary += &format!("，跳过 {skipped} 行（有错误）");
    if kept > 0 {
        summary += &format!("，{kept} 个文件已存在未覆盖");
    }
    println!("{summary}");
    if skipped + kept == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
