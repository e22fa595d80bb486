//! The `reviewsite` command line: a thin layer over [`reviewsite::build`].

use clap::{Args, CommandFactory, Parser, Subcommand};
use reviewsite::config::Overrides;
use reviewsite::diagnostics::{self, Diagnostic, Level};
use reviewsite::site::{self, BuildOptions};
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

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// Address to listen on. The default keeps the preview to this machine; 0.0.0.0
    /// shares it with every machine that can reach this one.
    #[arg(long, short, default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    /// Port to listen on [default: 3000, or the next free port]; 0 picks any free port.
    #[arg(long, short)]
    port: Option<u16>,
    /// Open the site in the default web browser.
    #[arg(long, short = 'O')]
    open: bool,
    /// Base URL the site is published at (overrides base_url); the preview is served under
    /// its path, e.g. /repo/ for https://user.github.io/repo/.
    #[arg(long, short = 'u')]
    base_url: Option<String>,
}

#[derive(Args)]
struct CommentArgs {
    /// The review: its id (file stem, e.g. 20260519-100641-pr-4985) or the path of its .md.
    stem: String,
    /// The site folder (default: the folder of book.toml above a given .md path, else .).
    #[arg(long, short)]
    root: Option<PathBuf>,
    /// Base URL the site is published at (overrides base_url); links need an absolute one.
    #[arg(long, short = 'u')]
    base_url: Option<String>,
    /// `markdown`: the comment; `json`: an object with the comment (`body`), the PR it
    /// belongs on (`repo`, `pr`) and its hidden `marker`, for bots that post it.
    #[arg(long, value_enum, default_value_t = CommentFormat::Markdown)]
    format: CommentFormat,
}

/// What `comment` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
enum CommentFormat {
    Markdown,
    Json,
}

#[derive(Args)]
struct InitArgs {
    /// The archive: the folder holding the review reports (or book.toml and content/).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Replace book.toml and the workflow when they exist.
    #[arg(long)]
    force: bool,
    /// The branch whose pushes publish the site [default: the current branch].
    #[arg(long)]
    branch: Option<String>,
    /// The site's address [default: https://<owner>.github.io/<repo>/ from the origin remote].
    #[arg(long, short = 'u')]
    base_url: Option<String>,
    /// The action the workflow uses, OWNER/NAME@REF [default: this reviewsite's, at its
    /// major version].
    #[arg(long)]
    action: Option<String>,
}

#[derive(Args)]
struct ExtractArgs {
    /// The report (`<stem>.md`).
    file: PathBuf,
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args)]
struct CommonArgs {
    /// The site folder: book.toml, content/, themes/, static/.
    #[arg(long, short, default_value = ".")]
    root: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// Read code excerpts of OWNER/NAME from the clone at PATH: sets or overrides
    /// [repos."OWNER/NAME"] checkout for this run. A relative PATH is relative to the
    /// current folder (book.toml's are relative to the site folder). Repeatable.
    #[arg(long, value_name = "OWNER/NAME=PATH")]
    checkout: Vec<String>,
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
    #[arg(long, short = 'u')]
    base_url: Option<String>,
    /// Replace an output folder that reviewsite did not write.
    #[arg(long)]
    force: bool,
}

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
const INTERRUPTED: i32 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let quiet = cli.quiet;
    match cli.command {
        Command::Build(args) => build_site(args, quiet),
        Command::Serve(args) => serve(args, quiet),
        Command::Check(args) => check(args, quiet),
        Command::Comment(args) => comment(args, quiet),
        Command::Extract(args) => extract(args, quiet),
        Command::Init(args) => init(args, quiet),
        Command::Completions(args) => completions(args.shell),
    }
}

/// `error: …` on stderr, and the failure exit code.
fn fail(e: anyhow::Error) -> ExitCode {
    eprintln!("error: {e:#}");
    ExitCode::FAILURE
}

/// Prints `diagnostics` on stderr, identical messages grouped.
fn print_diagnostics<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) {
    for line in diagnostics::grouped(diagnostics) {
        eprintln!("{line}");
    }
}

/// `reviewsite build`: the warnings and a summary, or the error; nothing but the error
/// with `--quiet`.
fn build_site(args: BuildArgs, quiet: bool) -> ExitCode {
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
    };
    // Ctrl-C: a build that is writing stops at its next file and removes its
    // staging folder; before that (reading, parsing) nothing needs cleaning up.
    let handler = ctrlc::set_handler(|| {
        if !reviewsite::output::request_stop() {
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
        Err(_) if reviewsite::output::stop_requested() => {
            eprintln!("interrupted: the previous output is unchanged");
            ExitCode::from(INTERRUPTED as u8)
        }
        Err(e) => fail(e),
    }
}

/// `reviewsite serve`, until Ctrl-C.
fn serve(args: ServeArgs, quiet: bool) -> ExitCode {
    let opts = reviewsite::serve::ServeOptions {
        build: BuildOptions {
            root: args.common.root,
            overrides: Overrides {
                output_dir: None,
                base_url: args.base_url,
                checkouts: args.common.checkout,
            },
            strict: args.common.strict,
            force: false,
            include_non_reports: args.common.include_non_reports,
        },
        interface: args.interface,
        port: args.port,
        open: args.open,
        quiet,
    };
    match reviewsite::serve::serve(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// `reviewsite check`: every diagnostic (notes included) and a summary; with `--quiet`
/// only the ones that fail the check.
fn check(args: CommonArgs, quiet: bool) -> ExitCode {
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
    let failing = |d: &&Diagnostic| d.fails(opts.strict);
    if quiet {
        print_diagnostics(report.diagnostics.iter().filter(failing));
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
    if report.diagnostics.iter().any(|d| d.fails(opts.strict)) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `reviewsite comment`: the Markdown on stdout, warnings (unless `--quiet`) on stderr.
fn comment(args: CommentArgs, quiet: bool) -> ExitCode {
    match reviewsite::comment::comment(&args.stem, args.root.as_deref(), args.base_url.as_deref()) {
        Ok(c) => {
            for w in c.warnings.iter().filter(|_| !quiet) {
                eprintln!("warning: {w}");
            }
            match args.format {
                CommentFormat::Markdown => print!("{}", c.markdown),
                CommentFormat::Json => print!("{}", c.to_json()),
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `reviewsite extract`: the sidecar JSON on stdout, problems on stderr (only errors with
/// `--quiet`).
fn extract(args: ExtractArgs, quiet: bool) -> ExitCode {
    match reviewsite::extract::extract_file(&args.file) {
        Ok((sidecar, found)) => {
            let least = if quiet { Level::Error } else { Level::Warning };
            print_diagnostics(found.iter().filter(|d| d.level >= least));
            print!("{}", reviewsite::extract::to_json(&sidecar));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// `reviewsite completions SHELL`: the completion script on stdout.
fn completions(shell: clap_complete::Shell) -> ExitCode {
    let mut cli = Cli::command();
    let name = cli.get_name().to_string();
    clap_complete::generate(shell, &mut cli, name, &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// `reviewsite init`: what it wrote and the one-time settings on GitHub (nothing but
/// errors with `--quiet`).
fn init(args: InitArgs, quiet: bool) -> ExitCode {
    let opts = reviewsite::init::InitOptions {
        dir: args.dir,
        force: args.force,
        branch: args.branch,
        base_url: args.base_url,
        action: args.action,
    };
    match reviewsite::init::init(&opts) {
        Ok(report) => {
            if !quiet {
                print_init(&report);
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

/// What `init` did, and the one-time settings on GitHub.
fn print_init(r: &reviewsite::init::InitReport) {
    let repos: Vec<String> = r.repos.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    println!(
        "Found {} review report(s){}.",
        r.reviews,
        if repos.is_empty() {
            String::new()
        } else {
            format!(" ({})", repos.join(", "))
        }
    );
    for note in &r.notes {
        println!("note: {note}");
    }
    for (path, action) in &r.files {
        println!("  {:<9} {}", action.label(), path.display());
    }
    let settings = |page: &str| match &r.github {
        Some(slug) => format!("https://github.com/{slug}/settings/{page}"),
        None => "the repository's Settings".to_string(),
    };
    println!("\nOnce, on GitHub:");
    println!(
        "  1. {} → Build and deployment → Source: \"GitHub Actions\".",
        settings("pages")
    );
    let rule = format!(
        "{} → github-pages → Deployment branches and tags → add \"{}\"",
        settings("environments"),
        r.branch
    );
    match r.needs_branch_rule() {
        Some(true) => println!(
            "  2. {rule}: GitHub lets only the default branch ({}) deploy to Pages until you do.",
            r.default_branch.as_deref().unwrap_or("main")
        ),
        Some(false) => {}
        None => println!(
            "  2. If \"{}\" is not the repository's default branch: {rule}; otherwise GitHub refuses the deployment.",
            r.branch
        ),
    }
    let files: Vec<String> = r
        .files
        .iter()
        .filter(|(_, a)| {
            *a != reviewsite::init::FileAction::Kept
                && *a != reviewsite::init::FileAction::Unchanged
        })
        .map(|(p, _)| p.display().to_string())
        .collect();
    if !files.is_empty() {
        println!("\nThen publish:\n  git add {}", files.join(" "));
        println!("  git commit -m \"Publish the review archive with reviewsite\"\n  git push");
    }
    if let Some(url) = &r.base_url {
        println!("\nThe site will be at {url} once the workflow has run.");
    }
}
