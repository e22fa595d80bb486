//! What was read from checkouts, kept across builds: the [`ExcerptCache`] a caller owns,
//! and the [`SourceText`] of each file read, highlighted window by window.
//!
//! Everything is keyed by repository and full commit SHA (a commit's content never
//! changes), so nothing in it goes stale; only successful look-ups are kept.

use crate::html::highlight::{self, HighlightedFile};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// `(repo, commit)`.
pub(super) type CommitKey = (String, String);
/// `(repo, full commit SHA, path)`.
pub(super) type FileKey = (String, String, String);

/// What was read from checkouts, kept across builds.
///
/// Everything in it is keyed by repository (`owner/name`) and full commit SHA, so it is
/// never stale: the content of a commit does not change. Only successful look-ups are
/// kept (a commit fetched later is found by the next build). `build` makes a fresh one;
/// a long-lived caller such as `serve` creates one with [`ExcerptCache::new`] and passes
/// it to every build (the site engine's `Site` keeps one). It is `Sync`, and a clone is a
/// handle to the same cache.
#[derive(Debug, Default, Clone)]
pub struct ExcerptCache(Arc<CacheData>);

impl std::ops::Deref for ExcerptCache {
    type Target = CacheData;
    fn deref(&self) -> &CacheData {
        &self.0
    }
}

/// What an [`ExcerptCache`] holds.
#[derive(Debug, Default)]
pub struct CacheData {
    /// (repo, SHA as written, lower case) -> full SHA.
    pub(super) commits: Mutex<HashMap<CommitKey, String>>,
    /// (repo, full SHA, path as cited) -> the repository path it names there.
    pub(super) resolved: Mutex<HashMap<FileKey, String>>,
    /// (repo, full SHA) -> every file path at that commit, sorted.
    pub(super) trees: Mutex<HashMap<CommitKey, Arc<Vec<String>>>>,
    /// (repo, full SHA, path) -> the file.
    pub(super) files: Mutex<HashMap<FileKey, Arc<SourceText>>>,
    /// (blob SHA, path) -> the file: a file unchanged between two reviewed commits is
    /// highlighted once.
    pub(super) blobs: Mutex<HashMap<(String, String), Arc<SourceText>>>,
    pub(super) reader_spawns: AtomicUsize,
    pub(super) tree_listings: AtomicUsize,
}

impl ExcerptCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many `git cat-file --batch` readers were started through this cache, over
    /// all builds: at most one per repository and build, none when everything was cached.
    pub fn reader_spawns(&self) -> usize {
        self.reader_spawns.load(Ordering::Relaxed)
    }

    /// How many `git ls-tree` listings were made (at most one per repository and commit
    /// over the cache's life).
    pub fn tree_listings(&self) -> usize {
        self.tree_listings.load(Ordering::Relaxed)
    }

    /// How many files are held.
    pub fn files(&self) -> usize {
        lock(&self.files).len()
    }

    /// Forgets everything (the counters stay).
    pub fn clear(&self) {
        lock(&self.commits).clear();
        lock(&self.resolved).clear();
        lock(&self.trees).clear();
        lock(&self.files).clear();
        lock(&self.blobs).clear();
    }
}

/// A mutex guard even when another thread panicked while holding it (the data are
/// caches: at worst an entry is missing).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One file at one commit (or several commits: files are shared by blob), highlighted
/// window by window as excerpts need.
#[derive(Debug)]
pub(super) struct SourceText {
    text: String,
    pub(super) lines: u32,
    /// The windows of lines highlighted so far, by `(first, last)`. Each window is
    /// highlighted on its own (so the same window always comes out the same, and one far
    /// away does not make a file too large to highlight).
    highlighted: Mutex<HashMap<(u32, u32), Arc<HighlightedFile>>>,
}

impl SourceText {
    pub(super) fn new(text: String) -> Self {
        SourceText {
            lines: u32::try_from(text.lines().count()).unwrap_or(u32::MAX),
            text,
            highlighted: Mutex::new(HashMap::new()),
        }
    }

    /// The file highlighted over the window `first..=last`.
    pub(super) fn highlighted(&self, path: &str, first: u32, last: u32) -> Arc<HighlightedFile> {
        if let Some(done) = lock(&self.highlighted).get(&(first, last)) {
            return done.clone();
        }
        // Highlighted outside the lock: windows of one file are made in parallel.
        let done = Arc::new(highlight::highlight_file_lines(
            &self.text,
            path,
            first as usize,
            last as usize,
        ));
        lock(&self.highlighted)
            .entry((first, last))
            .or_insert(done)
            .clone()
    }
}
