//! `reviewsite build`: the warnings and a summary, or the error; nothing but the error
//! with `--quiet`. Ctrl-C stops a build that is writing and leaves the previous output.

use super::common::CommonArgs;
use super::problems::{fail, print_diagnostics};
use clap::Args;
use reviewsite::config::Overrides;
use reviewsite::diagnostics::Level;
use reviewsite::output;
use reviewsite::site::{self, BuildOptions, CacheDir};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder (overrides output_dir in book.toml).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Base URL the site is served from, e.g. https://user.github.io/repo/ (overrides base_url).
    #[arg(long, short = 'u')]
    base_url: Option<String>,
    /// Replace an output folder that reviewsite did not write.
    #[arg(long)]
    force: bool,
    /// Build cache folder: what this build makes that the next can reuse (default
    /// `.reviewsite-cache` beside the output folder; it ignores itself in git).
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache_dir: Option<PathBuf>,
    /// Make everything from the reports; neither read nor write a build cache.
    #[arg(long)]
    no_cache: bool,
}

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

/// Builds the site.
pub fn run(args: BuildArgs, quiet: bool) -> ExitCode {
    let opts = BuildOptions {
        root: args.common.root,
        overrides: Overrides {
            output_dir: args.output,
            base_url: args.base_url,
            checkouts: args.common.checkout,
        },
        strict: args.common.strict,
        force: args.force,
        include_non_reports: args.common.include_non_reports,
        cache: match (args.no_cache, args.cache_dir) {
            (true, _) => CacheDir::Off,
            (false, Some(dir)) => CacheDir::At(dir),
            (false, None) => CacheDir::BesideOutput,
        },
    };
    // Ctrl-C: a build that is writing stops at its next file and removes its
    // staging folder; before that (reading, parsing) nothing needs cleaning up.
    let handler = ctrlc::set_handler(|| {
        if !output::request_stop() {
            std::process::exit(INTERRUPTED);
        }
    });
    if let (Err(e), false) = (handler, quiet) {
        eprintln!("warning: cannot handle Ctrl-C ({e}); interrupting may leave a hidden staging folder, removed by the next build");
    }
    match site::build(&opts) {
        Ok(_) if quiet => ExitCode::SUCCESS,
        Ok(report) => {
            print_diagnostics(report.diagnostics.iter().filter(|d| d.level != Level::Info));
            println!(
                "Built {} review(s) into {}: {} pages, {} files, {} warning(s), {:.2} s",
                report.reviews,
                report.output_dir.display(),
                report.pages,
                report.files,
                report.warnings(),
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(_) if output::stop_requested() => {
            eprintln!("interrupted: the previous output is unchanged");
            ExitCode::from(INTERRUPTED as u8)
        }
        Err(e) => fail(e),
    }
}
