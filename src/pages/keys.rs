//! Keys of the pages whose inputs are known without building their views: a record page is
//! made of its file and the configuration, a county, category or theme list of its records'
//! files and the configuration, a producer's page of what its producer says (see
//! [`crate::write::Output::Page`]). An unchanged key keeps the previous build's page.

use super::editions::Edition;
use super::Job;
use crate::model::{urls, Directory};

/// The output file of `job` in `edition` and its key, when known before rendering.
pub(super) fn early(dir: &Directory, job: &Job, edition: &Edition) -> Option<(String, u64)> {
    match job {
        Job::Record(i) => Some(record_key(edition, &dir.records[*i])),
        Job::County(i) => Some(list_key(edition, &urls::county(&dir.counties[*i].id), dir.county_records(*i))),
        Job::Category(i) => {
            let records = dir.records.iter().filter(|r| r.category == *i);
            Some(list_key(edition, &urls::category(&dir.categories[*i].id), records))
        }
        Job::Theme(i) => {
            let records = dir.records.iter().filter(|r| r.themes.contains(i));
            Some(list_key(edition, &urls::theme(&dir.themes[*i].id), records))
        }
        Job::Extra(crate::write::Output::Page { path, key, .. }) => {
            let key = crate::hash::Key::new().add(&edition.config_key.to_le_bytes()).add(&key.to_le_bytes());
            Some((urls::file(&format!("{}{path}", edition.prefix)), key.finish()))
        }
        _ => None,
    }
}

/// The output file of a record page and the key of what it is made of.
fn record_key(edition: &Edition, r: &crate::model::Record) -> (String, u64) {
    (urls::file(&format!("{}{}", edition.prefix, urls::record(&r.id))), record_inputs(edition, r).finish())
}

/// What anything showing one record in `edition` is made of: the configuration and its file
/// (its page, and its rows in lists).
pub(super) fn record_inputs(edition: &Edition, r: &crate::model::Record) -> crate::hash::Key {
    crate::hash::Key::new().add(&edition.config_key.to_le_bytes()).add(r.source.as_bytes()).add(&r.digest.to_le_bytes())
}

/// The output file of a county, category or theme page and the key of what it is made of: the
/// configuration and the files of the records it lists.
fn list_key<'r>(
    edition: &Edition,
    path: &str,
    records: impl Iterator<Item = &'r crate::model::Record>,
) -> (String, u64) {
    let key = crate::hash::Key::new()
        .add(&edition.config_key.to_le_bytes())
        .add(path.as_bytes())
        .add(&Directory::records_key(records).to_le_bytes());
    (urls::file(&format!("{}{path}", edition.prefix)), key.finish())
}
