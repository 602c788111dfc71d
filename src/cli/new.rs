//! `qingdan new COUNTY ID`: writes `bases/COUNTY/ID.md`, a record with every field of the
//! format filled with placeholders that validate, each explained in a comment.

use super::report;
use crate::content::config::{self, Config};
use crate::content::{checks, read, record_id, scaffold, Sources};
use crate::diag::{Diagnostics, Format};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The files and lists of `content`, or `None` after saying why they cannot be read.
pub fn read_config(content: &Path) -> Option<(Sources, Config)> {
    let mut diags = Diagnostics::default();
    let sources = read::folder(content, &mut diags);
    let Some(config) = config::config(&sources, None, &mut diags) else {
        report::diagnostics(&diags, &sources, Format::Human);
        eprintln!(
            "error: 无法读取 {} 的配置文件（site.yaml、counties.yaml、categories.yaml、themes.yaml）",
            content.display()
        );
        return None;
    };
    Some((sources, config))
}

/// 0 written, 2 usage or I/O errors.
pub fn run(content: &Path, county: &str, id: &str, force: bool) -> ExitCode {
    if !checks::is_id(id) {
        eprintln!(
            "error: 记录 id `{id}` 不能用于网址：只能用小写英文字母、数字和连字符，且以字母或数字开头，例如 my-place"
        );
        return ExitCode::from(2);
    }
    let Some((sources, config)) = read_config(content) else { return ExitCode::from(2) };
    if let Err(e) = config.county(county) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    let Some(text) = scaffold::record(&config, county, crate::model::time::today()) else {
        eprintln!("error: categories.yaml 中没有任何类别，无法生成记录");
        return ExitCode::from(2);
    };
    let path: PathBuf = content.join("bases").join(county).join(format!("{id}.md"));
    // The same id anywhere in the directory (other county, or a .yaml record) would be a duplicate.
    if let Some(other) = sources.records.iter().find(|s| record_id(&s.rel) == id && s.path != path) {
        eprintln!("error: 记录 id `{id}` 已被 {} 使用；记录 id 在整个目录中必须唯一", other.rel);
        return ExitCode::from(2);
    }
    match write(content, &path, &text, force) {
        Ok(()) => {
            println!("已创建 {}；修改示例值后运行 `qingdan check --content {}`", path.display(), content.display());
            ExitCode::SUCCESS
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("error: {} 已存在；加 --force 覆盖", path.display());
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

/// Writes `path` inside the content folder `content`, its folder made; an existing file only
/// with `force`. Never through a link: a link in the content folder could point anywhere.
pub fn write(content: &Path, path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    let mut at = content.to_path_buf();
    for part in path.strip_prefix(content).unwrap_or(path).components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            let why = format!("{} 是一个符号链接；不会写入它指向的地方", at.display());
            return Err(std::io::Error::other(why));
        }
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = if force {
        std::fs::File::create(path)?
    } else {
        std::fs::OpenOptions::new().write(true).create_new(true).open(path)?
    };
    file.write_all(text.as_bytes())
}
