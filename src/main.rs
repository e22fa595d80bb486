//! The `reviewsite` command line: a thin layer over [`reviewsite::build`].

use clap::{Args, Parser, Subcommand};
use reviewsite::build::{self, BuildOptions, BuildReport};
use reviewsite::config::Overrides;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build allocates and frees millions of
/// small strings (Markdown events, HTML fragments, highlighted spans) from several
/// threads, where glibc's malloc spent about a sixth of the build's time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "reviewsite",
    version,
    about = "Static-site generator for archives of multi-agent code reviews"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build(BuildArgs),
    /// Preview the site: build it in memory, serve it on http://127.0.0.1:3000/, and on every
    /// change to book.toml, the content, the theme or the static folder rebuild what the
    /// change affects and reload the open pages. Writes nothing to disk. Ctrl-C stops.
    Serve(ServeArgs),
    /// Parse and validate every report without writing anything; lists every problem as
    /// `file:line: message` and exits non-zero on errors (or on warnings with --strict).
    Check(CommonArgs),
    /// Print a Markdown block to paste into a PR comment: the review's verdict, counts and a
    /// link to every Critical and Important finding at its permanent URL.
    Comment(CommentArgs),
    /// Print the sidecar JSON (schema version 1, see docs/sidecar.md) that a Markdown report
    /// implies, so an archive without sidecars can be given them:
    /// `reviewsite extract content/x.md > content/x.json`.
    Extract(ExtractArgs),
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on. The default keeps the preview to this machine; 0.0.0.0
    /// shares it with every machine that can reach this one.
    #[arg(long, default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    /// Port to listen on [default: 3000, or the next free port]; 0 picks any free port.
    #[arg(long, short)]
    port: Option<u16>,
    /// Open the site in the default web browser.
    #[arg(long)]
    open: bool,
    /// Base URL the site is published at (overrides base_url); the preview is served under
    /// its path, e.g. /repo/ for https://user.github.io/repo/.
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args)]
struct CommentArgs {
    /// The review: its id (file stem, e.g. 20260519-100641-pr-4985) or the path of its .md.
    stem: String,
    /// The site folder (default: the folder of book.toml above a given .md path, else .).
    #[arg(long)]
    root: Option<PathBuf>,
    /// Base URL the site is published at (overrides base_url); links need an absolute one.
    #[arg(long)]
    base_url: Option<String>,
}

#[derive(Args)]
struct ExtractArgs {
    /// The report (`<stem>.md`).
    file: PathBuf,
}

#[derive(Args)]
struct CommonArgs {
    /// The site folder: book.toml, content/, themes/, static/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Publish Markdown files that are not review reports (README-like documents) too.
    #[arg(long)]
    include_non_reports: bool,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Output folder (overrides output_dir in book.toml).
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Base URL the site is served from, e.g. https://user.github.io/repo/ (overrides base_url).
    #[arg(long)]
    base_url: Option<String>,
    /// Replace an output folder that reviewsite did not write.
    #[arg(long)]
    force: bool,
}

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Extract(args) => match reviewsite::extract::extract_file(&args.file) {
            Ok((sidecar, diagnostics)) => {
                for d in diagnostics
                    .iter()
                    .filter(|d| d.level != reviewsite::diagnostics::Level::Info)
                {
                    eprintln!("{d}");
                }
                print!("{}", reviewsite::extract::to_json(&sidecar));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::FAILURE
            }
        },
        Command::Build(args) => {
            let opts = BuildOptions {
                root: args.common.root,
                overrides: Overrides {
                    output_dir: args.output,
                    base_url: args.base_url,
                },
                strict: args.common.strict,
                force: args.force,
                include_non_reports: args.common.include_non_reports,
            };
            // Ctrl-C: a build that is writing stops at its next file and removes its
            // staging folder; before that (reading, parsing) nothing needs cleaning up.
            let handler = ctrlc::set_handler(|| {
                if !reviewsite::output::request_stop() {
                    std::process::exit(INTERRUPTED);
                }
            });
            if let Err(e) = handler {
                eprintln!("warning: cannot handle Ctrl-C ({e}); interrupting may leave a hidden staging folder, removed by the next build");
            }
            match build::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report, false);
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
                Err(_) if reviewsite::output::stop_requested() => {
                    eprintln!("interrupted: the previous output is unchanged");
                    ExitCode::from(INTERRUPTED as u8)
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve(args) => {
            let opts = reviewsite::serve::ServeOptions {
                build: BuildOptions {
                    root: args.common.root,
                    overrides: Overrides {
                        output_dir: None,
                        base_url: args.base_url,
                    },
                    strict: args.common.strict,
                    force: false,
                    include_non_reports: args.common.include_non_reports,
                },
                interface: args.interface,
                port: args.port,
                open: args.open,
            };
            match reviewsite::serve::serve(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Comment(args) => {
            match reviewsite::comment::comment(
                &args.stem,
                args.root.as_deref(),
                args.base_url.as_deref(),
            ) {
                Ok(c) => {
                    for w in &c.warnings {
                        eprintln!("warning: {w}");
                    }
                    print!("{}", c.markdown);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check(args) => {
            let opts = BuildOptions {
                root: args.root,
                strict: args.strict,
                include_non_reports: args.include_non_reports,
                ..Default::default()
            };
            match build::check(&opts) {
                Ok(report) => {
                    print_diagnostics(&report, true);
                    println!(
                        "Checked {} review(s): {} error(s), {} warning(s), {} note(s)",
                        report.reviews,
                        report.errors(),
                        report.warnings(),
                        report.infos()
                    );
                    if report.errors() > 0 || (opts.strict && report.warnings() > 0) {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => {
                    eprintln!("error: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Prints warnings and errors; notes (`info`) only when `with_notes` (`check`).
fn print_diagnostics(report: &BuildReport, with_notes: bool) {
    for d in &report.diagnostics {
        if with_notes || d.level != reviewsite::diagnostics::Level::Info {
            eprintln!("{d}");
        }
    }
}
