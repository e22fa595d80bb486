//! The `reviewsite` command line, in mdBook's shape: this file parses the arguments (clap)
//! and dispatches; `cmd/` has one file per command, which turns its arguments into the
//! library's options and does the printing and the exit code.

mod cmd;

use clap::{CommandFactory, Parser, Subcommand};
use cmd::build::BuildArgs;
use cmd::comment::CommentArgs;
use cmd::common::CommonArgs;
use cmd::completions::CompletionsArgs;
use cmd::extract::ExtractArgs;
use cmd::init::InitArgs;
use cmd::serve::ServeArgs;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: a build allocates and frees millions of
/// small strings (Markdown events, HTML fragments, highlighted spans) from several
/// threads, where glibc's malloc spent about a sixth of the build's time.
/// (Without the `mimalloc` feature, as in the fuzz builds, the system allocator.)
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (`mi_option_purge_delay` in its `mimalloc.h`, v2 and
/// v3 alike; `libmimalloc-sys` names no constant for it).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory goes back to the system 100 ms after it is freed rather than mimalloc
/// 3's default of a second: a build frees a page's worth of memory every few
/// milliseconds, and a second of it added up at the peak (4,000 reviews: 108-115 MB,
/// 102-109 MB with 100 ms; the time is the same). `MIMALLOC_PURGE_DELAY` set in the
/// environment is left as it is.
#[cfg(feature = "mimalloc")]
fn hand_freed_memory_back_sooner() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: `mi_option_set` is mimalloc's public API for its options; it is called
        // once, before any thread but this one runs.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100) };
    }
}

#[derive(Parser)]
#[command(
    name = "reviewsite",
    version,
    about = "Static-site generator for archives of multi-agent code reviews"
)]
struct Cli {
    /// Print only errors (and the problems that fail --strict): no summary, no warnings,
    /// no progress. `serve` still prints its URL.
    #[arg(long, short, global = true)]
    quiet: bool,
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
    /// Set up an archive for publishing on GitHub Pages: writes book.toml (title, base URL,
    /// the repositories the reports review), a workflow that builds and deploys the site
    /// with the reviewsite GitHub Action on every push to this branch, and public/ in
    /// .gitignore; then prints the one-time GitHub settings. Never replaces a file
    /// without --force.
    Init(InitArgs),
    /// Print the sidecar JSON (schema version 1, see docs/sidecar.md) that a Markdown report
    /// implies, so an archive without sidecars can be given them:
    /// `reviewsite extract content/x.md > content/x.json`.
    Extract(ExtractArgs),
    /// Print the shell completion script for SHELL, e.g.
    /// `reviewsite completions fish > ~/.config/fish/completions/reviewsite.fish`.
    Completions(CompletionsArgs),
}

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    hand_freed_memory_back_sooner();
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => cmd::build::run(args, quiet),
        Command::Serve(args) => cmd::serve::run(args, quiet),
        Command::Check(args) => cmd::check::run(args, quiet),
        Command::Comment(args) => cmd::comment::run(args, quiet),
        Command::Extract(args) => cmd::extract::run(args, quiet),
        Command::Init(args) => cmd::init::run(args, quiet),
        Command::Completions(args) => cmd::completions::run(args, Cli::command()),
    }
}
