//! `reviewsite check`: every diagnostic (notes included) and a summary; with `--quiet`
//! only the ones that fail the check. Fails on errors, and on warnings with `--strict`.

use super::common::CommonArgs;
use super::problems::{fail, print_diagnostics};
use reviewsite::config::Overrides;
use reviewsite::diagnostics;
use reviewsite::site::{self, BuildOptions};
use std::process::ExitCode;

/// Checks the site (`check` takes the arguments every site command shares, nothing more).
pub fn run(args: CommonArgs, quiet: bool) -> ExitCode {
    let opts = BuildOptions {
        root: args.root,
        overrides: Overrides {
            checkouts: args.checkout,
            ..Default::default()
        },
        strict: args.strict,
        include_non_reports: args.include_non_reports,
        ..Default::default()
    };
    let report = match site::check(&opts) {
        Ok(report) => report,
        Err(e) => return fail(e),
    };
    let failure = diagnostics::failure(&report.diagnostics, opts.strict);
    if quiet {
        if let Some(failure) = &failure {
            eprintln!("{failure}");
        }
    } else {
        print_diagnostics(&report.diagnostics);
        println!(
            "Checked {} review(s): {} error(s), {} warning(s), {} note(s)",
            report.reviews,
            report.errors(),
            report.warnings(),
            report.infos()
        );
    }
    match failure {
        Some(_) => ExitCode::FAILURE,
        None => ExitCode::SUCCESS,
    }
}
