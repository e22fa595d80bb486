//! How the commands show problems: `error: …` for an error that stops a command, and
//! diagnostics grouped (identical messages on one line). Which diagnostics fail a run is
//! not decided here: `reviewsite::diagnostics::failure` is the one `--strict` rule, which
//! `build` and `serve` apply in the library and `check` applies to its report.

use reviewsite::diagnostics::{self, Diagnostic};
use std::process::ExitCode;

/// `error: …` on stderr, and the failure exit code.
pub fn fail(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::FAILURE
}

/// Prints `diagnostics` on stderr, identical messages grouped.
pub fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    for line in diagnostics::grouped(diagnostics) {
        eprintln!("{line}");
    }
}
