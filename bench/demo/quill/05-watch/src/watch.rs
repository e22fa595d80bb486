//! `quill watch`: render a folder of notes, then re-render each note that
//! changes.

use crate::cli::WatchArgs;
use crate::render;
use anyhow::{Context, Result};
use notify::{RecursiveMode, Watcher};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// Renders every note under `args.src` into `args.out`, then watches.
pub fn run(args: &WatchArgs) -> Result<()> {
    let (src, out) = (&args.src, &args.out);
    for note in notes(src)? {
        render_note(&note, src, out)?;
    }
    args.open_in_browser(&out.join("index.html"))?;
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(src, RecursiveMode::Recursive)?;
    for event in rx {
        for path in event?.paths {
            if path.extension().is_some_and(|e| e == "md") {
                render_note(&path, src, out)?;
            }
        }
    }
    Ok(())
}

/// Every Markdown file under `dir`.
fn notes(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(notes(&path)?);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    Ok(found)
}

/// Renders one note to the page at the same relative path under `out`.
fn render_note(note: &Path, src: &Path, out: &Path) -> Result<()> {
    let rel = note.strip_prefix(src).unwrap_or(note);
    let page = out.join(rel).with_extension("html");
    if let Some(parent) = page.parent() {
        fs::create_dir_all(parent)?;
    }
    let text = fs::read_to_string(note)?;
    fs::write(&page, render::page(&text, &render::Options::default()))?;
    Ok(())
}
