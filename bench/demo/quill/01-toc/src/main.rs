//! quill: render Markdown notes to HTML pages.

mod cli;
mod render;
mod toc;

use anyhow::{Context, Result};
use clap::Parser;
use std::fs;
use std::io::Write;

fn main() {
    if let Err(e) = run(cli::Cli::parse()) {
        eprintln!("quill: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Render(args) => render_file(&args),
    }
}

/// Renders one Markdown file to an HTML page.
fn render_file(args: &cli::RenderArgs) -> Result<()> {
    let text = fs::read_to_string(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let options = render::Options {
        title: args.title.clone(),
        safe: args.safe,
        toc_depth: args.toc.then_some(args.toc_depth),
    };
    let page = render::page(&text, &options);
    match &args.out {
        Some(path) => fs::write(path, page)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().write_all(page.as_bytes())?,
    }
    Ok(())
}
