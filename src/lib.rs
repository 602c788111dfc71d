//! qingdan (清单): a static site generator for public resource directories.
//!
//! ```text
//! content folder ─content─▶ model::Directory ─┬─ pages ───┐
//!                                              ├─ search ──┼─▶ write::Sink ─▶ output folder
//!                                              └─ outputs ─┘
//! ```
//! One folder of `src/` per stage; [`build`] runs them and [`cli`] is the only part that
//! prints. docs/architecture.md says what each stage may use; tests/architecture.rs keeps it so.

// Diagnostics travel by value on the error path only; boxing them would add noise, not speed.
#![allow(clippy::result_large_err)]

mod build;
pub mod cli;
mod content;
mod diag;
mod hash;
mod model;
mod outputs;
mod pages;
mod search;
mod write;

pub use build::{build, load, preview, save, Built, Failure, Loaded, Options, Progress, Timings};
pub use diag::{Diagnostic, Diagnostics, Format, Severity};
pub use model::{geo, Directory, Location, Record};
pub use pages::maplinks::nav_links;
pub use search::{Engine, Hit, Outcome, Query};
pub use write::Site;
