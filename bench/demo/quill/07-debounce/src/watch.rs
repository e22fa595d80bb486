//! `quill watch`: render a folder of notes, then re-render the notes that
//! change. Events are collected for a short window and handled in batches,
//! so an editor's burst of writes renders a note once.

use crate::cli::WatchArgs;
use crate::config::Config;
use crate::render;
use anyhow::{Context, Result};
use globset::GlobSet;
use notify::{Event, EventKind, RecursiveMode, Watcher};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// What happened to a note within one batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Change {
    Written,
    Removed,
}

/// Notes changed within one debounce window.
pub type Batch = Vec<(PathBuf, Change)>;

/// Renders every note under `args.src` into `args.out`, then watches.
pub fn run(args: &WatchArgs) -> Result<()> {
    let (src, out) = (&args.src, &args.out);
    let config = Config::load(src)?;
    let ignore = config.ignore_set()?;
    for note in notes(src)? {
        render_note(&note, src, out)?;
    }
    args.open_in_browser(&out.join("index.html"))?;
    watch(src, out, &ignore)
}

/// Watches `src` and renders changed notes into `out` until interrupted.
fn watch(src: &Path, out: &Path, ignore: &GlobSet) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(src, RecursiveMode::Recursive)?;
    for batch in debounced(rx, Duration::from_millis(150), ignore) {
        render_changed(&batch, src, out)?;
    }
    Ok(())
}

/// Groups events into batches: a batch ends when no event arrived for
/// `window`. Paths matching `ignore` are dropped.
fn debounced(
    rx: Receiver<notify::Result<Event>>,
    window: Duration,
    ignore: &GlobSet,
) -> impl Iterator<Item = Batch> + '_ {
    std::iter::from_fn(move || {
        let mut batch = Batch::new();
        let first = rx.recv().ok()?;
        push(&mut batch, first, ignore);
        while let Ok(event) = rx.recv_timeout(window) {
            push(&mut batch, event, ignore);
        }
        Some(batch)
    })
}

/// Adds the notes an event touched to the batch, unless ignored.
fn push(batch: &mut Batch, event: notify::Result<Event>, ignore: &GlobSet) {
    let Ok(event) = event else { return };
    let change = match event.kind {
        EventKind::Remove(_) => Change::Removed,
        EventKind::Create(_) | EventKind::Modify(_) => Change::Written,
        _ => return,
    };
    for path in event.paths {
        if path.extension().is_some_and(|e| e == "md") && !ignore.is_match(&path) {
            batch.push((path, change));
        }
    }
}

/// Renders the written notes of a batch and deletes the pages of removed
/// ones, in the order the events came.
fn render_changed(batch: &Batch, src: &Path, out: &Path) -> Result<()> {
    let mut seen: BTreeMap<&Path, Change> = BTreeMap::new();
    for (path, change) in batch {
        match change {
            Change::Removed => {
                let _ = fs::remove_file(page_for(path, src, out));
            }
            Change::Written => render_note(path, src, out)?,
        }
        seen.insert(path, *change);
    }
    eprintln!("quill: rendered {} note(s)", seen.len());
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

/// The page a note renders to: the same relative path under `out`.
fn page_for(note: &Path, src: &Path, out: &Path) -> PathBuf {
    let rel = note.strip_prefix(src).unwrap_or(note);
    out.join(rel).with_extension("html")
}

/// Renders one note to its page.
fn render_note(note: &Path, src: &Path, out: &Path) -> Result<()> {
    let page = page_for(note, src, out);
    if let Some(parent) = page.parent() {
        fs::create_dir_all(parent)?;
    }
    let text = fs::read_to_string(note)?;
    fs::write(&page, render::page(&text, &render::Options::default()))?;
    Ok(())
}
