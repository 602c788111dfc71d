//! The command line: each verb is a few lines over the library.

use crate::diag::Format;
use crate::{Failure, Options};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "qingdan", version, about = "把 YAML/Markdown 记录生成校外学习场所目录网站（一旗县一清单）")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (replaced only if the build succeeds)
    Build(Checked),
    /// Check the content folder and report every problem; writes nothing
    Check(Checked),
    /// Build, serve on 127.0.0.1 and rebuild when a file changes
    Serve {
        #[command(flatten)]
        common: Common,
        /// Port on 127.0.0.1
        #[arg(long, short, default_value_t = 8000)]
        port: u16,
    },
    /// Search the directory as the site's search does: Chinese, pinyin, initials, filters
    Search(crate::find::SearchArgs),
    /// Write a new, minimal, valid content folder to start from
    Init {
        /// Folder to create (must not exist or be empty)
        dir: PathBuf,
    },
    /// Write bases/COUNTY/ID.md: a new record with every field filled in and explained
    New {
        /// County id from counties.yaml
        county: String,
        /// Record id (file name): lowercase letters, digits and hyphens
        id: String,
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Overwrite the file if it exists
        #[arg(long)]
        force: bool,
    },
    /// Turn a bureau's spreadsheet (.xlsx or UTF-8 .csv, Chinese headers) into bases/COUNTY/*.md
    Import {
        /// The .xlsx or .csv file; its first row holds the column headers (名称, 类别, 预约电话, …)
        file: PathBuf,
        /// County id from counties.yaml
        #[arg(long)]
        county: String,
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// YAML file mapping other header texts to field names, e.g. { "场馆名称": name }
        #[arg(long)]
        map: Option<PathBuf>,
        /// Overwrite files that exist
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of a record file (also published as data/record.schema.json)
    Schema,
}

#[derive(Args, Clone)]
struct Common {
    /// The content folder
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Where the site is written
    #[arg(long, short, default_value = "public")]
    output: PathBuf,
    /// Public address of the site, e.g. https://example.org/qingdan/ (overrides site.yaml)
    #[arg(long)]
    base_url: Option<String>,
    /// Use this theme folder instead of the built-in default theme
    #[arg(long)]
    theme: Option<PathBuf>,
    /// Count "not verified for 12 months" from this day (YYYY-MM-DD) instead of today
    #[arg(long)]
    today: Option<jiff::civil::Date>,
    /// Fail on warnings too (e.g. records not verified for 12 months)
    #[arg(long)]
    deny_warnings: bool,
    /// Print how long each stage of the build took
    #[arg(long)]
    timings: bool,
    /// Render every page again instead of reusing unchanged ones from the previous build
    #[arg(long)]
    no_cache: bool,
}

/// `build` and `check`: the common options and how diagnostics are printed.
#[derive(Args, Clone)]
struct Checked {
    #[command(flatten)]
    common: Common,
    /// How to print problems: human (stderr), json (one object per line on stdout) or github
    /// (GitHub Actions annotations on stdout)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

impl Common {
    fn options(self) -> Options {
        Options {
            content: self.content,
            output: self.output,
            base_url: self.base_url,
            theme: self.theme,
            today: self.today.unwrap_or_else(crate::today),
            deny_warnings: self.deny_warnings,
            timings: self.timings,
            cache: !self.no_cache,
        }
    }
}

/// Exit status: 0 success, 1 data or template errors, 2 usage or I/O errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(c) => build_as(&c.common.options(), c.format),
        Command::Check(c) => check(&c.common.options(), c.format),
        Command::Serve { common, port } => crate::serve::serve(&common.options(), port),
        Command::Search(args) => crate::find::run(args),
        Command::Init { dir } => match crate::init::init(&dir) {
            Ok(()) => {
                println!("已创建 {}；运行 `qingdan build --content {}` 生成网站", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail_io(&e),
        },
        Command::New { county, id, content, force } => crate::new::run(&content, &county, &id, force),
        Command::Import { file, county, content, map, force } => {
            crate::import::run(&file, &content, &county, map.as_deref(), force)
        }
        Command::Schema => {
            print!("{}", crate::export::RECORD_SCHEMA);
            ExitCode::SUCCESS
        }
    }
}

pub fn build(opts: &Options) -> ExitCode {
    build_as(opts, Format::Human)
}

/// Prints a summary line: on stdout for people, on stderr when stdout carries diagnostics.
fn say(format: Format, text: &str) {
    match format {
        Format::Human => println!("{text}"),
        Format::Json | Format::Github => eprintln!("{text}"),
    }
}

pub fn build_as(opts: &Options, format: Format) -> ExitCode {
    let started = std::time::Instant::now();
    let mut loaded = crate::load(opts);
    let loading = started.elapsed();
    let result = crate::build(opts, &mut loaded);
    let (errors, warnings) = crate::report_as(&loaded, format);
    match result {
        Ok(built) => {
            say(format, &format!(
                "已生成 {} 条记录、{} 个文件（{} KB）到 {}，用时 {:.2} 秒{}{}",
                built.records,
                built.files,
                built.bytes / 1024,
                opts.output.display(),
                started.elapsed().as_secs_f64(),
                if built.reused > 0 { format!("；{} 个页面与上次相同，直接沿用", built.reused) } else { String::new() },
                if warnings > 0 { format!("；{warnings} 个警告") } else { String::new() }
            ));
            if opts.timings {
                for (stage, time) in std::iter::once(("load and check", loading)).chain(built.timings) {
                    say(format, &format!("  {stage:<16} {:>8.2} s", time.as_secs_f64()));
                }
            }
            ExitCode::SUCCESS
        }
        Err(Failure::Invalid) => {
            let denied = if opts.deny_warnings && errors == 0 { "（--deny-warnings：警告视为错误）" } else { "" };
            eprintln!("构建失败：{errors} 个错误，{warnings} 个警告{denied}；{} 保持原样", opts.output.display());
            ExitCode::from(1)
        }
        Err(Failure::Io(e)) => fail_io(&e),
    }
}

fn check(opts: &Options, format: Format) -> ExitCode {
    let loaded = crate::load(opts);
    let (errors, warnings) = crate::report_as(&loaded, format);
    let records = loaded.directory.as_ref().map_or(0, |d| d.records.len());
    if errors > 0 || (opts.deny_warnings && warnings > 0) {
        eprintln!("检查未通过：{errors} 个错误，{warnings} 个警告");
        return ExitCode::from(1);
    }
    say(format, &format!("检查通过：{records} 条记录，{warnings} 个警告"));
    ExitCode::SUCCESS
}

fn fail_io(e: &std::io::Error) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}
