//! `qingdan build` and `qingdan check`, and the build-and-report sequence `serve` repeats.

use super::report::{self, Ticker};
use crate::diag::{Diagnostic, Format};
use crate::{Built, Failure, Loaded, Options};
use std::process::ExitCode;
use std::time::Instant;

/// Loads and builds like `qingdan build`, printing the diagnostics, progress and a summary;
/// `kept` says what stays published after a failure. Returns the outcome and what was loaded.
pub fn build_and_report(opts: &Options, format: Format, kept: &str) -> (Result<Built, Failure>, Loaded) {
    let started = Instant::now();
    let mut loaded = crate::load(opts);
    let loading = started.elapsed();
    let ticker = Ticker::stderr();
    let result = crate::build(opts, &mut loaded, &|p| ticker.tick(p));
    let (errors, warnings) = report::diagnostics(&loaded.diagnostics, &loaded.sources, format);
    match &result {
        Ok(built) => {
            let reused = if built.reused > 0 {
                format!("；{} 个页面与上次相同，直接沿用", built.reused)
            } else {
                String::new()
            };
            let warned = if warnings > 0 { format!("；{warnings} 个警告") } else { String::new() };
            let line = format!(
                "已生成 {} 条记录、{} 个文件（{} KB）到 {}，用时 {:.2} 秒{reused}{warned}",
                built.records,
                built.files,
                built.bytes / 1024,
                opts.output.display(),
                started.elapsed().as_secs_f64(),
            );
            report::say(format, &line);
            if opts.timings {
                for (stage, time) in std::iter::once(("load and check", loading)).chain(built.timings.iter().copied()) {
                    report::say(format, &format!("  {stage:<16} {:>8.2} s", time.as_secs_f64()));
                }
            }
        }
        Err(Failure::Invalid) => {
            let denied =
                if opts.deny_warnings && errors == 0 { "（--deny-warnings：警告视为错误）" } else { "" };
            eprintln!("构建失败：{errors} 个错误，{warnings} 个警告{denied}；{kept}");
        }
        Err(Failure::Io(e)) => {
            let d = Diagnostic::error("Q0502", &opts.output, format!("网站没有生成：{e}"));
            report::diagnostic(&d, format);
        }
    }
    (result, loaded)
}

/// `qingdan build`: 0 built, 1 data or template errors, 2 I/O errors.
pub fn build(opts: &Options, format: Format) -> ExitCode {
    let kept = format!("{} 保持原样", opts.output.display());
    match build_and_report(opts, format, &kept).0 {
        Ok(_) => ExitCode::SUCCESS,
        Err(Failure::Invalid) => ExitCode::from(1),
        Err(Failure::Io(_)) => ExitCode::from(2),
    }
}

/// `qingdan check`: reads and checks, writes nothing.
pub fn check(opts: &Options, format: Format) -> ExitCode {
    let loaded = crate::load(opts);
    let (errors, warnings) = report::diagnostics(&loaded.diagnostics, &loaded.sources, format);
    let records = loaded.directory.as_ref().map_or(0, |d| d.records.len());
    if errors > 0 || (opts.deny_warnings && warnings > 0) {
        eprintln!("检查未通过：{errors} 个错误，{warnings} 个警告");
        return ExitCode::from(1);
    }
    report::say(format, &format!("检查通过：{records} 条记录，{warnings} 个警告"));
    ExitCode::SUCCESS
}
