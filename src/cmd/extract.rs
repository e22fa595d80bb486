//! `reviewsite extract`: the sidecar JSON a report implies on stdout, problems on stderr
//! (only errors with `--quiet`).

use super::problems::{fail, print_diagnostics};
use clap::Args;
use reviewsite::diagnostics::Level;
use reviewsite::extract;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExtractArgs {
    /// The report (`<stem>.md`).
    file: PathBuf,
}

/// Prints the sidecar of one report.
pub fn run(args: ExtractArgs, quiet: bool) -> ExitCode {
    match extract::extract_file(&args.file) {
        Ok((sidecar, found)) => {
            let least = if quiet { Level::Error } else { Level::Warning };
            print_diagnostics(found.iter().filter(|d| d.level >= least));
            print!("{}", extract::to_json(&sidecar));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
