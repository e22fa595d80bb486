//! `reviewsite init`: sets up an archive for GitHub Pages, then prints what it wrote and
//! the one-time settings on GitHub (nothing but errors with `--quiet`).

use super::problems::fail;
use clap::Args;
use reviewsite::init::{self, FileAction, InitOptions, InitReport};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct InitArgs {
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

/// Sets up the archive.
pub fn run(args: InitArgs, quiet: bool) -> ExitCode {
    let opts = InitOptions {
        dir: args.dir,
        force: args.force,
        branch: args.branch,
        base_url: args.base_url,
        action: args.action,
    };
    match init::init(&opts) {
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
fn print_init(r: &InitReport) {
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
        .filter(|(_, a)| *a != FileAction::Kept && *a != FileAction::Unchanged)
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
