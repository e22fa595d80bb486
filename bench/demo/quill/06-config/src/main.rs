//! quill: render Markdown notes to HTML pages.

mod cli;
mod config;
mod io;
mod render;
mod sanitize;
mod stream;
mod toc;
mod watch;

use anyhow::{Context, Result};
use clap::Parser;
use std::fs;
use std::io::{BufWriter, Write};

fn main() {
    if let Err(e) = run(cli::Cli::parse()) {
        eprintln!("quill: {e:#}");
        std::process::exit(1);
    }
}

fn run(cli: cli::Cli) -> Result<()> {
    match cli.command {
        cli::Command::Render(args) => render_file(&args),
        cli::Command::Watch(args) => watch::run(&args),
    }
}

/// Renders one Markdown file to an HTML page.
pub fn render_file(args: &cli::RenderArgs) -> Result<()> {
    if args.stream {
        return render_streaming(args);
    }
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

/// `--stream`: renders through a buffered writer, a chunk at a time.
fn render_streaming(args: &cli::RenderArgs) -> Result<()> {
    let input = fs::File::open(&args.input)
        .with_context(|| format!("cannot read {}", args.input.display()))?;
    let sink: Box<dyn Write> = match &args.out {
        Some(path) => Box::new(
            fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut out = BufWriter::new(sink);
    stream::render_stream(input, &mut out, args.safe)?;
    out.flush()?;
    Ok(())
}
