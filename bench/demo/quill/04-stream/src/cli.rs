//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Render Markdown notes to HTML pages.
#[derive(Debug, Parser)]
#[command(name = "quill", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Render one Markdown file to an HTML page.
    Render(RenderArgs),
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The Markdown file.
    pub input: PathBuf,

    /// Where to write the page (default: standard output).
    #[arg(short, long)]
    pub out: Option<PathBuf>,

    /// The page title (default: the first heading).
    #[arg(long)]
    pub title: Option<String>,

    /// Drop raw HTML and unsafe links from the output.
    #[arg(long)]
    pub safe: bool,

    /// Put a table of contents before the document.
    #[arg(long)]
    pub toc: bool,

    /// The deepest heading level listed in the table of contents.
    #[arg(long, default_value_t = 3)]
    pub toc_depth: u8,

    /// Render in constant memory, a chunk at a time, for very large
    /// documents. Reference links resolve only within a chunk.
    #[arg(long)]
    pub stream: bool,
}
