//! The command line, and the only part of qingdan that prints: each verb is a few lines over
//! the library, in a file of its own.

mod build;
mod export;
mod http;
mod import;
mod new;
mod reload;
mod report;
mod search;
mod serve;
mod watch;

use crate::diag::Format;
use crate::Options;
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
    Search(search::SearchArgs),
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
        /// Rows change the records they name (by 记录id, else by name) in the columns the sheet
        /// has; new rows become new records; records missing from the sheet are listed, not deleted
        #[arg(long)]
        update: bool,
        /// Say what would change and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a county's records as a spreadsheet to edit and import again with --update
    Export {
        /// The .xlsx or .csv file to write
        file: PathBuf,
        /// County id from counties.yaml
        #[arg(long)]
        county: String,
        /// The content folder
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// Print the JSON Schema of a record file (also published as data/record.schema.json)
    Schema,
}

#[derive(Args, Clone)]
struct Common {
    /// The content folder
    #[arg(long, default_value = "content")]
    content: PathBuf,
    /// Where the site is written [default: public]; `serve` writes a copy only when given one
    #[arg(long, short)]
    output: Option<PathBuf>,
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
    /// folders: links end in / (a web server); files: links name index.html, for a copy opened
    /// from a folder, zip or USB stick (overrides site.yaml's links)
    #[arg(long, value_enum)]
    links: Option<Links>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Links {
    Folders,
    Files,
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
            output: self.output.unwrap_or_else(|| PathBuf::from("public")),
            base_url: self.base_url,
            theme: self.theme,
            today: self.today.unwrap_or_else(crate::model::time::today),
            deny_warnings: self.deny_warnings,
            timings: self.timings,
            cache: !self.no_cache,
            file_links: self.links.map(|l| matches!(l, Links::Files)),
        }
    }
}

/// Exit status: 0 success, 1 data or template errors, 2 usage or I/O errors.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    // Read wherever a command needs today: a value that cannot be used is said once, here.
    if let Err(e) = crate::model::time::source_date_epoch() {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    match cli.command {
        Command::Build(c) => build::build(&c.common.options(), c.format),
        Command::Check(c) => build::check(&c.common.options(), c.format),
        Command::Serve { common, port } => {
            let save = common.output.is_some();
            serve::serve(&common.options(), port, save)
        }
        Command::Search(args) => search::run(args),
        Command::Init { dir } => match crate::content::scaffold::init(&dir) {
            Ok(()) => {
                println!("已创建 {}；运行 `qingdan build --content {}` 生成网站", dir.display(), dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => fail_io(&e),
        },
        Command::New { county, id, content, force } => new::run(&content, &county, &id, force),
        Command::Import { file, county, content, map, force, update, dry_run } => {
            let today = crate::model::time::today();
            let how = crate::content::import::Reading { county: &county, map: map.as_deref(), update, today };
            import::run(&file, &content, &how, import::Writing { force, dry_run })
        }
        Command::Export { file, county, content } => export::run(&file, &content, &county),
        Command::Schema => {
            print!("{}", crate::outputs::data::RECORD_SCHEMA);
            ExitCode::SUCCESS
        }
    }
}

fn fail_io(e: &std::io::Error) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}
