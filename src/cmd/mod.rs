//! The commands of the `reviewsite` binary, one file each: what a command's arguments
//! become in the library's terms, what it prints, and its exit code. `common` holds the
//! arguments the site commands share; `problems` how problems are shown and when they
//! fail a run (the one `--strict` rule, `reviewsite::diagnostics::failure`).

pub mod build;
pub mod check;
pub mod comment;
pub mod common;
pub mod completions;
pub mod extract;
pub mod init;
mod problems;
pub mod serve;
