//! The integration tests, one binary (each test file is a module): they run the real `qingdan`
//! binary on fixture folders, the search engines side by side, and the site in Chromium.
//! One binary links once: a test binary per file took a link each in the release profile.

mod common;

mod architecture;
mod browser;
mod cli;
mod data;
mod feeds;
mod filelinks;
mod formats;
mod import;
mod incremental;
mod invalid;
mod map_quality;
mod needs;
mod new;
mod opendata;
mod parity;
mod record_extras;
mod search;
mod serve;
mod sheet;
mod site;
