//! Code excerpts: the lines a finding cites, read from a local checkout of the reviewed
//! repository at the reviewed commit and attached to the finding (an enrich step, after
//! [`crate::enrich::merge`]).
//!
//! - **Which repositories.** Those with `[repos."owner/name"] checkout = "path"` in
//!   `book.toml` or `--checkout owner/name=path`; `context_lines` (default
//!   [`DEFAULT_CONTEXT_LINES`]) lines are shown around the cited ones. A bare clone
//!   serves as well as one with a work tree.
//! - **Which commit.** The review's SHA (the sidecar's `review_sha`, which `enrich` has
//!   already applied, else the report's "Review SHA" row), else the newest commit of the
//!   Commits row, else the SHA of a `main @ sha` Branch row. Short SHAs are resolved to
//!   full ones in the checkout.
//! - **Which file.** The cited path as written; else the one file at that commit whose
//!   path ends with `/<cited>` (a basename or a partial path); else the cited path without
//!   its leading directories (`lima/pkg/a.go`, `/home/me/lima/pkg/a.go`) while it still
//!   has a directory part. Two candidates are never guessed between.
//! - **Reading.** One long-lived `git cat-file --batch` process per repository and build
//!   resolves commits and reads files (never a process per excerpt); `git ls-tree` lists a
//!   commit's files once, only when a path is not found as written. What was read lives
//!   in an [`ExcerptCache`] the caller owns, so `serve` keeps it between builds. Git never
//!   fetches: a partial clone's missing file contents are missing files (no network, no
//!   wait), said per finding location.
//! - **Failing.** Every excerpt that cannot be made is a diagnostic and the page shows
//!   the report's own code block instead. A repository with cited lines but no checkout is
//!   one `info` per repository (archives without checkouts stay clean under `--strict`),
//!   and so are all reviews that name no repository;
//!   a configured checkout that cannot be used is one warning per repository; a commit
//!   missing from the checkout is one warning per review; a missing or ambiguous path or a
//!   range past the end of the file is one warning per finding location.
//!
//! The same resolution gives each review its [`SourceLinks`], with which the renderer
//! turns finding locations and `path:line` references in finding prose into permalinks.
//! Every review that names its repository and commit gets them, checkout or not: when no
//! checkout can serve the review (none configured, the commit missing from it, the
//! checkout unreadable), the paths are judged from the report alone, by the rule of
//! `as_cited` (a folder part, or a bare name that the review's other citations or the
//! usual root files explain; no `..`, no URL), at the SHA as written. That is string work
//! per cited path, no git.

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::html::highlight::{self, HighlightedFile};
use crate::model::{
    Excerpt, ExcerptHunk, ExcerptLine, Finding, LineRange, Review, SourceFile, SourceLinks,
};
use crate::text::coderef;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

mod as_cited;

/// Context lines shown before and after the cited lines when `book.toml` does not say.
pub const DEFAULT_CONTEXT_LINES: u32 = 3;
/// At most this many lines are shown per excerpt; cited lines beyond it are counted in
/// [`Excerpt::omitted`] and reachable through the permalink.
pub const MAX_EXCERPT_LINES: usize = 120;
/// Hunks separated by at most this many lines are joined (showing three lines is better
/// than a marker saying three lines are hidden).
const JOIN_GAP: u32 = 3;

/// `(repo, commit)`.
type CommitKey = (String, String);
/// `(repo, full commit SHA, path)`.
type FileKey = (String, String, String);

/// What was read from checkouts, kept across builds.
///
/// Everything in it is keyed by repository (`owner/name`) and full commit SHA, so it is
/// never stale: the content of a commit does not change. Only successful look-ups are
/// kept (a commit fetched later is found by the next build). `build` makes a fresh one;
/// a long-lived caller such as `serve` creates one with [`ExcerptCache::new`] and passes
/// it to every [`crate::site::build_with`] (a [`crate::site::Site`] keeps one). It is
/// `Sync`, and a clone is a handle to the same cache.
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
    commits: Mutex<HashMap<CommitKey, String>>,
    /// (repo, full SHA, path as cited) -> the repository path it names there.
    resolved: Mutex<HashMap<FileKey, String>>,
    /// (repo, full SHA) -> every file path at that commit, sorted.
    trees: Mutex<HashMap<CommitKey, Arc<Vec<String>>>>,
    /// (repo, full SHA, path) -> the file.
    files: Mutex<HashMap<FileKey, Arc<SourceText>>>,
    /// (blob SHA, path) -> the file: a file unchanged between two reviewed commits is
    /// highlighted once.
    blobs: Mutex<HashMap<(String, String), Arc<SourceText>>>,
    reader_spawns: AtomicUsize,
    tree_listings: AtomicUsize,
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
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One file at one commit (or several commits: files are shared by blob), highlighted
/// window by window as excerpts need.
#[derive(Debug)]
struct SourceText {
    text: String,
    lines: u32,
    /// The windows of lines highlighted so far, by `(first, last)`. Each window is
    /// highlighted on its own (so the same window always comes out the same, and one far
    /// away does not make a file too large to highlight).
    highlighted: Mutex<HashMap<(u32, u32), Arc<HighlightedFile>>>,
}

impl SourceText {
    fn new(text: String) -> Self {
        SourceText {
            lines: u32::try_from(text.lines().count()).unwrap_or(u32::MAX),
            text,
            highlighted: Mutex::new(HashMap::new()),
        }
    }

    /// The file highlighted over the window `first..=last`.
    fn highlighted(&self, path: &str, first: u32, last: u32) -> Arc<HighlightedFile> {
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

/// The answer of `git cat-file --batch` to one object name.
#[derive(Debug)]
enum Object {
    Found {
        sha: String,
        kind: String,
        data: Vec<u8>,
    },
    Missing,
    Ambiguous,
}

/// One `git cat-file --batch` child: object names in, objects out.
struct GitReader {
    child: Child,
    stdin: Option<BufWriter<ChildStdin>>,
    stdout: BufReader<ChildStdout>,
}

impl GitReader {
    fn spawn(checkout: &Path) -> io::Result<GitReader> {
        let mut child = git(checkout)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("git cat-file has no pipes"));
        };
        Ok(GitReader {
            child,
            stdin: Some(BufWriter::new(stdin)),
            stdout: BufReader::new(stdout),
        })
    }

    /// Looks `name` up (`<sha>^{commit}`, `<sha>:<path>`). `name` has no newline.
    fn get(&mut self, name: &str) -> io::Result<Object> {
        let mut answers = self.get_many(&[name.to_string()])?;
        answers
            .pop()
            .ok_or_else(|| io::Error::other("git cat-file gave no answer"))
    }

    /// Reads the answer to the next name written.
    fn read_answer(&mut self) -> io::Result<Object> {
        let mut header = String::new();
        if self.stdout.read_line(&mut header)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "git cat-file stopped answering",
            ));
        }
        let header = header.trim_end_matches('\n');
        if header.ends_with(" missing") {
            return Ok(Object::Missing);
        }
        if header.ends_with(" ambiguous") {
            return Ok(Object::Ambiguous);
        }
        let parts: Vec<&str> = header.split(' ').collect();
        let [sha, kind, size] = parts.as_slice() else {
            // `dangling`, `notdir`, ...: not an object we can use.
            return Ok(Object::Missing);
        };
        let size: usize = size
            .parse()
            .map_err(|_| io::Error::other(format!("unexpected answer {header:?}")))?;
        let mut data = vec![0; size + 1];
        self.stdout.read_exact(&mut data)?;
        data.pop();
        Ok(Object::Found {
            sha: sha.to_string(),
            kind: kind.to_string(),
            data,
        })
    }
}

impl GitReader {
    /// Looks every name up in one round trip: all names are written, then all answers
    /// read (in batches small enough that the names never fill the pipe while `git` waits
    /// for its answers to be read).
    fn get_many(&mut self, names: &[String]) -> io::Result<Vec<Object>> {
        let mut out = Vec::with_capacity(names.len());
        for batch in names.chunks(128) {
            let stdin = self
                .stdin
                .as_mut()
                .ok_or_else(|| io::Error::other("reader closed"))?;
            for name in batch {
                stdin.write_all(name.as_bytes())?;
                stdin.write_all(b"\n")?;
            }
            stdin.flush()?;
            for _ in batch {
                out.push(self.read_answer()?);
            }
        }
        Ok(out)
    }
}

impl Drop for GitReader {
    fn drop(&mut self) {
        // Closing its input ends `cat-file`; then reap it.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// `git -C <checkout>` with an environment that never prompts and never fetches (a
/// partial clone's lazy fetches are off, and were a git too old to know
/// `GIT_NO_LAZY_FETCH` to try one, every transport is refused at once).
fn git(checkout: &Path) -> Command {
    let mut c = Command::new("git");
    c.args(["-c", "protocol.allow=never", "-C"])
        .arg(checkout)
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_OPTIONAL_LOCKS", "0");
    c
}

/// The first line of a failed git command's error output.
fn first_error_line(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    text.lines()
        .map(|l| l.trim().trim_start_matches("fatal: ").to_string())
        .find(|l| !l.is_empty())
        .unwrap_or_else(|| "git failed".to_string())
}

/// The reader of one repository in one build.
enum ReaderState {
    NotStarted,
    Running(GitReader),
    /// The checkout cannot be read (said once per repository).
    Broken(String),
}

/// One configured repository during one build.
struct RepoSource {
    slug: String,
    checkout: PathBuf,
    /// The checkout's path as written (in book.toml or on the command line), for messages.
    checkout_shown: String,
    /// Where the checkout was configured, for messages.
    origin: Origin,
    context: u32,
    blob_base: String,
    reader: Mutex<ReaderState>,
    /// Held while listing a commit's files.
    listing: Mutex<()>,
    /// Reviews that fell back because the checkout is unusable: (file, finding ids).
    unusable: Mutex<Vec<(String, Vec<String>)>>,
}

/// Where a repository's checkout was configured.
enum Origin {
    BookToml,
    /// `--checkout` on the command line.
    Flag,
}

impl RepoSource {
    /// The setting that names the checkout, as its user wrote it, and the file to name in
    /// diagnostics about it.
    fn setting(&self) -> (&'static str, String) {
        match self.origin {
            Origin::BookToml => (
                "book.toml",
                format!(
                    "[repos.\"{}\"] checkout = \"{}\"",
                    self.slug, self.checkout_shown
                ),
            ),
            Origin::Flag => (
                "command line",
                format!("--checkout {}={}", self.slug, self.checkout_shown),
            ),
        }
    }
}

/// Why a reader could not answer.
enum ReadError {
    /// The checkout itself is unusable; reported once per repository.
    Checkout,
}

impl RepoSource {
    /// Runs `f` with this repository's reader, starting it (once) if needed.
    fn with_reader<T>(
        &self,
        cache: &ExcerptCache,
        f: impl FnOnce(&mut GitReader) -> io::Result<T>,
    ) -> Result<T, ReadError> {
        let mut state = lock(&self.reader);
        if matches!(*state, ReaderState::NotStarted) {
            *state = if !self.checkout.is_dir() {
                ReaderState::Broken(if self.checkout.exists() {
                    "not a folder".to_string()
                } else {
                    "the folder does not exist".to_string()
                })
            } else {
                match GitReader::spawn(&self.checkout) {
                    Ok(r) => {
                        cache.reader_spawns.fetch_add(1, Ordering::Relaxed);
                        ReaderState::Running(r)
                    }
                    Err(e) => ReaderState::Broken(format!("cannot run git: {e}")),
                }
            };
        }
        let ReaderState::Running(reader) = &mut *state else {
            return Err(ReadError::Checkout);
        };
        match f(reader) {
            Ok(v) => Ok(v),
            Err(e) => {
                // The reader died: most likely the folder is not a repository, which
                // git says best.
                *state = ReaderState::Broken(
                    why_unreadable(&self.checkout)
                        .unwrap_or_else(|| format!("git cat-file failed: {e}")),
                );
                Err(ReadError::Checkout)
            }
        }
    }

    fn problem(&self) -> Option<String> {
        match &*lock(&self.reader) {
            ReaderState::Broken(p) => Some(p.clone()),
            _ => None,
        }
    }
}

/// What git says is wrong with `checkout`, if anything (asked only after the reader
/// failed, so a good checkout costs no extra process).
fn why_unreadable(checkout: &Path) -> Option<String> {
    match git(checkout).args(["rev-parse", "--git-dir"]).output() {
        Err(e) => Some(format!("cannot run git: {e}")),
        Ok(out) if !out.status.success() => Some(first_error_line(&out.stderr)),
        Ok(_) => None,
    }
}

/// Why a cited file could not be read.
#[derive(Debug)]
enum FileProblem {
    Missing,
    Ambiguous(Vec<String>),
    Directory(String),
    Binary(String),
    Invalid,
    /// The commit lists this path, but its content is not in the checkout (a partial
    /// clone, or a submodule).
    NotFetched(String),
}

/// Repositories with cited lines but no checkout configured.
#[derive(Debug, Default)]
struct Unconfigured {
    reviews: usize,
    locations: usize,
    first: String,
}

/// What [`Excerpter::excerpts_for`] made for one review, to [`Attachment::apply`] to it.
#[derive(Debug, Default)]
pub struct Attachment {
    /// (index of the finding, excerpt), in the order of the finding's locations.
    excerpts: Vec<(usize, Excerpt)>,
    source_links: Option<SourceLinks>,
}

impl Attachment {
    /// Puts the excerpts on their findings, marks the findings' code blocks the excerpts
    /// repeat, and sets the review's source links.
    pub fn apply(self, review: &mut Review) {
        for (fi, excerpt) in self.excerpts {
            if let Some(f) = review.findings.get_mut(fi) {
                f.excerpts.push(excerpt);
            }
        }
        for f in &mut review.findings {
            mark_duplicates(f);
        }
        if self.source_links.is_some() {
            review.source_links = self.source_links;
        }
    }
}

/// One build's excerpt maker: the configured repositories and their readers, the shared
/// cache, and the once-per-repository tallies. Make one per build with
/// [`Excerpter::new`], call [`Excerpter::attach`] for each review (from any thread), then
/// [`Excerpter::finish`] for the per-repository diagnostics. Readers end when it drops.
pub struct Excerpter<'c> {
    config: &'c Config,
    cache: &'c ExcerptCache,
    repos: BTreeMap<String, RepoSource>,
    unconfigured: Mutex<BTreeMap<String, Unconfigured>>,
}

impl<'c> Excerpter<'c> {
    /// The repositories `config` gives a checkout for; nothing is started yet.
    pub fn new(config: &'c Config, cache: &'c ExcerptCache) -> Self {
        let repos = config
            .repos
            .iter()
            .filter_map(|(slug, rc)| {
                let checkout = rc.checkout.as_ref()?;
                let (checkout_shown, origin) = match &rc.checkout_flag {
                    Some(given) => (given.clone(), Origin::Flag),
                    None => (checkout.display().to_string(), Origin::BookToml),
                };
                let source = RepoSource {
                    slug: slug.clone(),
                    checkout: if checkout.is_absolute() {
                        checkout.clone()
                    } else {
                        config.root.join(checkout)
                    },
                    checkout_shown,
                    origin,
                    context: rc.context_lines.unwrap_or(DEFAULT_CONTEXT_LINES).min(50),
                    blob_base: blob_base(config, slug),
                    reader: Mutex::new(ReaderState::NotStarted),
                    listing: Mutex::new(()),
                    unusable: Mutex::new(Vec::new()),
                };
                Some((slug.clone(), source))
            })
            .collect::<BTreeMap<String, RepoSource>>();
        Excerpter {
            config,
            cache,
            repos,
            unconfigured: Mutex::new(BTreeMap::new()),
        }
    }

    /// Starts now the readers of configured repositories the cache knows nothing of (so
    /// that git starts up while other work goes on), for an excerpter about to read a whole
    /// archive. Otherwise a reader starts when a review first needs it.
    pub fn start_readers(&self) {
        let cold: Vec<&RepoSource> = {
            let commits = lock(&self.cache.commits);
            self.repos
                .values()
                .filter(|r| !commits.keys().any(|(s, _)| *s == r.slug))
                .collect()
        };
        for source in cold {
            let _ = source.with_reader(self.cache, |_| Ok(()));
        }
    }

    /// Attaches excerpts to the findings of `review` and sets its source links. `file`
    /// names the report in diagnostics. ([`Excerpter::excerpts_for`] then
    /// [`Attachment::apply`].)
    pub fn attach(&self, review: &mut Review, file: &str) -> Vec<Diagnostic> {
        let (attachment, diags) = self.excerpts_for(review, file);
        attachment.apply(review);
        diags
    }

    /// The excerpts and source links of `review`, made without changing it (so a build
    /// can make them while it renders pages that do not show them). `file` names the
    /// report in diagnostics.
    pub fn excerpts_for(&self, review: &Review, file: &str) -> (Attachment, Vec<Diagnostic>) {
        let mut attachment = Attachment::default();
        let diags = self.make(review, file, &mut attachment);
        (attachment, diags)
    }

    fn make(&self, review: &Review, file: &str, out: &mut Attachment) -> Vec<Diagnostic> {
        let wanted: Vec<(usize, usize)> = review
            .findings
            .iter()
            .enumerate()
            .flat_map(|(fi, f)| {
                f.locations
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.path.is_some() && !l.ranges.is_empty())
                    .map(move |(li, _)| (fi, li))
            })
            .collect();
        // Reviews that name no repository are tallied under "".
        let slug = review
            .meta
            .repo
            .as_ref()
            .map(|r| r.slug())
            .unwrap_or_default();
        // Every cited path of the findings' locations and prose.
        let cited = cited_paths(review);
        let Some(source) = self.repos.get(&slug) else {
            out.source_links = review_commit(review)
                .and_then(|(commit, _)| self.links_as_cited(&slug, &commit, &cited));
            if !wanted.is_empty() {
                let mut u = lock(&self.unconfigured);
                let e = u.entry(slug).or_default();
                e.reviews += 1;
                e.locations += wanted.len();
                if e.first.is_empty() {
                    e.first = file.to_string();
                }
            }
            return Vec::new();
        };
        let ids_wanting = || -> Vec<String> {
            let mut ids: Vec<String> = wanted
                .iter()
                .map(|(fi, _)| review.findings[*fi].id.clone())
                .collect();
            ids.dedup();
            ids
        };
        let fallback_note = |ids: &[String]| -> String {
            match ids {
                [] => String::new(),
                [one] => format!("; finding {one} shows the report's own code block"),
                many => format!(
                    "; findings {} show the report's own code blocks",
                    many.join(", ")
                ),
            }
        };

        let Some((written, from)) = review_commit(review) else {
            if wanted.is_empty() {
                return Vec::new();
            }
            return vec![Diagnostic::warning(
                file,
                None,
                format!(
                    "no reviewed commit to read {} from: the report has no \"Review SHA\" or \
                     Commits row and no sidecar review_sha{}",
                    slug,
                    fallback_note(&ids_wanting())
                ),
            )];
        };
        // When the checkout cannot serve the review, its links are made as without one.
        let as_cited = || self.links_as_cited(&slug, &written, &cited);
        let commit = match self.resolve_commit(source, &written) {
            Ok(Some(full)) => full,
            Err(CommitProblem::Ambiguous) if wanted.is_empty() => return Vec::new(),
            Err(CommitProblem::Checkout) => {
                out.source_links = as_cited();
                if !wanted.is_empty() {
                    lock(&source.unusable).push((file.to_string(), ids_wanting()));
                }
                return Vec::new();
            }
            Ok(None) if wanted.is_empty() => {
                out.source_links = as_cited();
                return Vec::new();
            }
            Ok(None) => {
                out.source_links = as_cited();
                return vec![Diagnostic::warning(
                    file,
                    None,
                    format!(
                        "commit {written} ({from}) is not in the checkout {} of {slug}: fetch \
                         it there (git fetch) to get excerpts{}",
                        source.checkout_shown,
                        fallback_note(&ids_wanting())
                    ),
                )];
            }
            Err(CommitProblem::Ambiguous) => {
                return vec![Diagnostic::warning(
                    file,
                    None,
                    format!(
                        "commit {written} ({from}) is ambiguous in the checkout {} of {slug}: \
                         several commits start with it; write more of the SHA{}",
                        source.checkout_shown,
                        fallback_note(&ids_wanting())
                    ),
                )];
            }
        };

        let mut diags = Vec::new();
        let short = &commit[..commit.len().min(10)];
        // Each cited path resolved once.
        let Ok(files) = self.resolve_files(source, &commit, &cited) else {
            // The checkout broke while reading: reported once per repository.
            out.source_links = as_cited();
            lock(&source.unusable).push((file.to_string(), ids_wanting()));
            return diags;
        };

        // The windows the excerpts will show, each highlighted once: highlighting is most
        // of an excerpt's cost, so they are made in parallel first.
        let mut needed: BTreeSet<(&str, u32, u32)> = BTreeSet::new();
        for &(fi, li) in &wanted {
            let loc = &review.findings[fi].locations[li];
            let Some(Some(Ok((_, text)))) = loc.path.as_deref().map(|p| files.get(p)) else {
                continue;
            };
            let ranges = sorted_ranges(&loc.ranges);
            if ranges.iter().all(|r| r.start > 0 && r.end <= text.lines) {
                let path = loc.path.as_deref().unwrap_or_default();
                let shown = shown_windows(&windows(&ranges, source.context, text.lines));
                needed.extend(shown.into_iter().map(|(a, b)| (path, a, b)));
            }
        }
        needed.into_par_iter().for_each(|(path, first, last)| {
            if let Some(Ok((repo_path, text))) = files.get(path) {
                text.highlighted(repo_path, first, last);
            }
        });
        for (fi, li) in wanted {
            let finding = &review.findings[fi];
            let loc = &finding.locations[li];
            let Some(path) = loc.path.as_deref() else {
                continue;
            };
            let cited_as = loc.raw.trim().trim_matches('`').trim();
            let warn = |msg: String| {
                Diagnostic::warning(
                    file,
                    Some(finding.line),
                    format!(
                        "{}: `{cited_as}`: {msg}; the page shows the report's own code block",
                        finding.id
                    ),
                )
            };
            let (repo_path, text) = match files.get(path) {
                Some(Ok(found)) => found,
                Some(Err(problem)) => {
                    diags.push(warn(describe(problem, path, short, source)));
                    continue;
                }
                None => continue,
            };
            match make_excerpt(source, &commit, repo_path, text, cited_as, &loc.ranges) {
                Ok(excerpt) => out.excerpts.push((fi, excerpt)),
                Err(msg) => diags.push(warn(msg)),
            }
        }
        out.source_links = Some(SourceLinks {
            repo: slug.clone(),
            commit: commit.clone(),
            blob_base: format!("{}{commit}/", source.blob_base),
            files: files
                .into_iter()
                .filter_map(|(cited, r)| {
                    let (path, lines) = match r {
                        Ok((path, text)) => (path, Some(text.lines)),
                        // At the commit, but its text is not in the checkout.
                        Err(FileProblem::NotFetched(path)) => (path, None),
                        Err(_) => return None,
                    };
                    Some(SourceFile { cited, path, lines })
                })
                .collect(),
        });
        diags
    }

    /// The links of a review of `slug` at `commit` (as written) that no checkout serves:
    /// the paths of `cited` that [`as_cited::resolve`] links. `None` for a review that
    /// names no repository.
    fn links_as_cited(
        &self,
        slug: &str,
        commit: &str,
        cited: &BTreeSet<String>,
    ) -> Option<SourceLinks> {
        let (_, name) = slug.split_once('/')?;
        let files = as_cited::resolve(cited, name)
            .into_iter()
            .map(|(cited, path)| SourceFile {
                cited,
                path,
                lines: None,
            })
            .collect();
        Some(SourceLinks {
            repo: slug.to_string(),
            commit: commit.to_string(),
            blob_base: format!("{}{commit}/", blob_base(self.config, slug)),
            files,
        })
    }

    /// The per-repository diagnostics: repositories with cited lines and no checkout
    /// (`info`), and configured checkouts that could not be read (warning).
    pub fn finish(self) -> Vec<Diagnostic> {
        self.finish_by_repo().into_iter().map(|(_, d)| d).collect()
    }

    /// [`Excerpter::finish`], each diagnostic with the repository it is about (empty for
    /// reviews that name none): a caller merging the tallies of several excerpters keeps
    /// one diagnostic per repository and level.
    pub fn finish_by_repo(self) -> Vec<(String, Diagnostic)> {
        let mut out = Vec::new();
        for (slug, u) in std::mem::take(&mut *lock(&self.unconfigured)) {
            if slug.is_empty() {
                out.push((
                    String::new(),
                    Diagnostic::info(
                        "book.toml",
                        None,
                        format!(
                            "no excerpts for reviews that name no repository ({}, {} cited \
                         location{}, first in {}): a Repo row or a content/<owner>/<repo>/ \
                         folder names it",
                            plural(u.reviews, "review"),
                            u.locations,
                            if u.locations == 1 { "" } else { "s" },
                            u.first
                        ),
                    ),
                ));
                continue;
            }
            out.push((
                slug.clone(),
                Diagnostic::info(
                    "book.toml",
                    None,
                    format!(
                        "{slug}: {} {} lines of code ({} location{}, first in {}) but book.toml \
                     names no checkout of {slug}, so findings show the reports' own code \
                     blocks; add [repos.\"{slug}\"] checkout = \"path/to/clone\" (or pass \
                     --checkout {slug}=path/to/clone) for excerpts",
                        plural(u.reviews, "review"),
                        if u.reviews == 1 { "cites" } else { "cite" },
                        u.locations,
                        if u.locations == 1 { "" } else { "s" },
                        u.first
                    ),
                ),
            ));
        }
        for source in self.repos.values() {
            let affected = std::mem::take(&mut *lock(&source.unusable));
            let Some(problem) = source.problem() else {
                continue;
            };
            if affected.is_empty() {
                continue;
            }
            let examples: Vec<String> = affected
                .iter()
                .take(3)
                .map(|(file, ids)| format!("{file} ({})", ids.join(", ")))
                .collect();
            let more = affected.len().saturating_sub(3);
            let (where_, setting) = source.setting();
            out.push((
                source.slug.clone(),
                Diagnostic::warning(
                    where_,
                    None,
                    format!(
                        "{setting}: {problem}; {} show the reports' own code blocks instead of \
                     excerpts: {}{}",
                        plural(affected.len(), "review"),
                        examples.join(", "),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    ),
                ),
            ));
        }
        out
    }

    /// The full SHA of `written` (a full or short hex SHA): from the cache, else the
    /// reader. `Ok(None)`: not in the checkout.
    fn resolve_commit(
        &self,
        source: &RepoSource,
        written: &str,
    ) -> Result<Option<String>, CommitProblem> {
        let key = (source.slug.clone(), written.to_ascii_lowercase());
        let cached = || lock(&self.cache.commits).get(&key).cloned();
        if let Some(full) = cached() {
            return Ok(Some(full));
        }
        let answer = source
            .with_reader(self.cache, |r| match cached() {
                // Another thread resolved it while this one waited for the reader.
                Some(full) => Ok(Object::Found {
                    sha: full,
                    kind: "commit".into(),
                    data: Vec::new(),
                }),
                None => r.get(&format!("{}^{{commit}}", key.1)),
            })
            .map_err(|ReadError::Checkout| CommitProblem::Checkout)?;
        match answer {
            Object::Found { sha, kind, .. } if kind == "commit" => {
                lock(&self.cache.commits).insert(key, sha.clone());
                Ok(Some(sha))
            }
            Object::Ambiguous => Err(CommitProblem::Ambiguous),
            _ => Ok(None),
        }
    }

    /// The file each of `cited` names at `commit`: its repository path and text, or why
    /// there is none. `Err(())`: the checkout broke while reading. Files not in the cache
    /// are read in at most two batches (as written; then the paths found in the commit's
    /// file list), each one round trip to the reader.
    #[allow(clippy::type_complexity)]
    fn resolve_files(
        &self,
        source: &RepoSource,
        commit: &str,
        cited: &BTreeSet<String>,
    ) -> Result<BTreeMap<String, Result<(String, Arc<SourceText>), FileProblem>>, ()> {
        let mut out = BTreeMap::new();
        // First: each cited path where it was found before, or as written.
        let mut first: Vec<(String, String)> = Vec::new();
        for c in cited {
            let key = (source.slug.clone(), commit.to_string(), c.clone());
            match lock(&self.cache.resolved)
                .get(&key)
                .cloned()
                .or_else(|| clean_path(c))
            {
                Some(path) => first.push((c.clone(), path)),
                None => {
                    out.insert(c.clone(), Err(FileProblem::Invalid));
                }
            }
        }
        let paths: Vec<&str> = first.iter().map(|(_, p)| p.as_str()).collect();
        let found = self.read_files(source, commit, &paths)?;
        // Then: the paths not found as written, among the commit's files.
        let mut second: Vec<(String, String)> = Vec::new();
        for ((c, path), lookup) in first.into_iter().zip(found) {
            match lookup {
                Lookup::Missing => {
                    let tree = self.tree(source, commit);
                    match tree.as_deref().map(|t| find_in_tree(t, &path)) {
                        Some(TreeMatch::One(p)) => second.push((c, p)),
                        Some(TreeMatch::Several(list)) => {
                            out.insert(c, Err(FileProblem::Ambiguous(list)));
                        }
                        _ => {
                            out.insert(c, Err(FileProblem::Missing));
                        }
                    }
                }
                other => {
                    out.insert(c, settle(path, other));
                }
            }
        }
        let paths: Vec<&str> = second.iter().map(|(_, p)| p.as_str()).collect();
        let found = self.read_files(source, commit, &paths)?;
        for ((c, path), lookup) in second.into_iter().zip(found) {
            let key = (source.slug.clone(), commit.to_string(), c.clone());
            let settled = match lookup {
                // Listed at the commit, so only its content is missing.
                Lookup::Missing => Err(FileProblem::NotFetched(path)),
                other => settle(path, other),
            };
            if let Ok((path, _)) = &settled {
                lock(&self.cache.resolved).insert(key, path.clone());
            }
            out.insert(c, settled);
        }
        Ok(out)
    }

    /// `paths` at `commit`, from the cache, else read in one batch. `Err(())`: the checkout
    /// broke.
    fn read_files(
        &self,
        source: &RepoSource,
        commit: &str,
        paths: &[&str],
    ) -> Result<Vec<Lookup>, ()> {
        let key = |path: &str| (source.slug.clone(), commit.to_string(), path.to_string());
        let cached = |path: &str| lock(&self.cache.files).get(&key(path)).cloned();
        let mut out: Vec<Option<Lookup>> =
            paths.iter().map(|p| cached(p).map(Lookup::File)).collect();
        if out.iter().all(Option::is_some) {
            return Ok(out.into_iter().flatten().collect());
        }
        source
            .with_reader(self.cache, |reader| {
                // Look again: another thread may have read some while this one waited.
                let mut names = Vec::new();
                let mut slots = Vec::new();
                for (i, p) in paths.iter().enumerate() {
                    if out[i].is_none() {
                        match cached(p) {
                            Some(text) => out[i] = Some(Lookup::File(text)),
                            None => {
                                names.push(format!("{commit}:{p}"));
                                slots.push(i);
                            }
                        }
                    }
                }
                for (i, answer) in slots.into_iter().zip(reader.get_many(&names)?) {
                    out[i] = Some(self.lookup(answer, paths[i], key(paths[i])));
                }
                Ok(())
            })
            .map_err(|ReadError::Checkout| ())?;
        Ok(out
            .into_iter()
            .map(|l| l.unwrap_or(Lookup::Missing))
            .collect())
    }

    /// A reader's answer about `path` as a [`Lookup`], cached when it is a text file.
    fn lookup(&self, answer: Object, path: &str, key: FileKey) -> Lookup {
        match answer {
            Object::Found { sha, kind, data } if kind == "blob" => {
                if data.contains(&0) {
                    return Lookup::Binary;
                }
                let text = lock(&self.cache.blobs)
                    .entry((sha, path.to_string()))
                    .or_insert_with(|| {
                        Arc::new(SourceText::new(String::from_utf8_lossy(&data).into_owned()))
                    })
                    .clone();
                lock(&self.cache.files).insert(key, text.clone());
                Lookup::File(text)
            }
            Object::Found { kind, .. } if kind == "tree" => Lookup::Directory,
            _ => Lookup::Missing,
        }
    }

    /// Every file path at `commit` (`git ls-tree`, once per commit over the cache's life).
    fn tree(&self, source: &RepoSource, commit: &str) -> Option<Arc<Vec<String>>> {
        let key = (source.slug.clone(), commit.to_string());
        // One listing at a time per repository, so two reviews of one commit list it once.
        let _listing = lock(&source.listing);
        if let Some(t) = lock(&self.cache.trees).get(&key) {
            return Some(t.clone());
        }
        let out = git(&source.checkout)
            .args(["ls-tree", "-r", "-z", "--name-only", "--full-tree", commit])
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        self.cache.tree_listings.fetch_add(1, Ordering::Relaxed);
        if !out.status.success() {
            return None;
        }
        let mut paths: Vec<String> = out
            .stdout
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        paths.sort();
        let paths = Arc::new(paths);
        lock(&self.cache.trees).insert(key, paths.clone());
        Some(paths)
    }
}

/// What a look-up of `path` means for an excerpt.
fn settle(path: String, lookup: Lookup) -> Result<(String, Arc<SourceText>), FileProblem> {
    match lookup {
        Lookup::File(text) => Ok((path, text)),
        Lookup::Directory => Err(FileProblem::Directory(path)),
        Lookup::Binary => Err(FileProblem::Binary(path)),
        Lookup::Missing => Err(FileProblem::Missing),
    }
}

/// Why a review's commit could not be used.
enum CommitProblem {
    Checkout,
    Ambiguous,
}

/// A path looked up at a commit.
enum Lookup {
    File(Arc<SourceText>),
    Directory,
    Binary,
    Missing,
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The message for a file that could not be read.
fn describe(problem: &FileProblem, cited: &str, short: &str, source: &RepoSource) -> String {
    let at = format!("at commit {short} in {}", source.checkout_shown);
    match problem {
        FileProblem::Missing => format!("no file {cited} {at}"),
        FileProblem::Ambiguous(c) => {
            let shown: Vec<&str> = c.iter().take(3).map(String::as_str).collect();
            format!(
                "{cited} names {} files {at} ({}{}); write more of the path",
                c.len(),
                shown.join(", "),
                if c.len() > 3 { ", ..." } else { "" }
            )
        }
        FileProblem::Directory(p) => format!("{p} is a folder {at}, not a file"),
        FileProblem::Binary(p) => format!("{p} is a binary file {at}"),
        FileProblem::Invalid => "not a repository path".to_string(),
        FileProblem::NotFetched(p) => format!(
            "the content of {p} {at} is missing (a partial clone, or a submodule? reviewsite \
             never fetches: clone without --filter, or check the commit out there once)"
        ),
    }
}

/// Every path cited in the findings of `review`: their locations' paths and the
/// `path:line` references of their text, as written.
fn cited_paths(review: &Review) -> BTreeSet<String> {
    let mut cited = BTreeSet::new();
    for f in &review.findings {
        cited.extend(f.locations.iter().filter_map(|l| l.path.clone()));
        cited.extend(coderef::find(&f.body).iter().map(|r| r.path.to_string()));
    }
    cited
}

/// `<web URL of the repository>/blob/`: a commit, `/` and a path complete a file's link.
fn blob_base(config: &Config, slug: &str) -> String {
    format!("{}/blob/", config.repo_web_url(slug))
}

/// The commit a review was made at, as written, and where it came from.
fn review_commit(review: &Review) -> Option<(String, &'static str)> {
    let m = &review.meta;
    let hex = |s: &str| {
        let s = s.trim();
        (s.len() >= 7 && s.len() <= 64 && s.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| s.to_ascii_lowercase())
    };
    let from_sidecar = review
        .sidecar
        .as_ref()
        .and_then(|s| s.get("review"))
        .is_some_and(|r| r.get("review_sha").is_some() || r.get("head_sha").is_some());
    if let Some(s) = m.review_sha.as_deref().and_then(hex) {
        return Some((
            s,
            if from_sidecar {
                "the sidecar's review_sha"
            } else {
                "the Review SHA row"
            },
        ));
    }
    if let Some(s) = m.commits.first().and_then(|c| hex(&c.sha)) {
        return Some((s, "the newest commit of the Commits row"));
    }
    m.branch_sha
        .as_deref()
        .and_then(hex)
        .map(|s| (s, "the Branch row"))
}

/// A cited path as a repository path: `\` as `/`, no leading `./`, no `..` or empty
/// parts, no control characters. `None` when nothing usable is left.
fn clean_path(cited: &str) -> Option<String> {
    let p = cited.trim().trim_matches('`').replace('\\', "/");
    if p.chars().any(|c| c.is_control()) {
        return None;
    }
    let absolute = p.starts_with('/') || p.starts_with("~/");
    let parts: Vec<&str> = p
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "~")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    let joined = parts.join("/");
    // An absolute path is only ever matched by its tail (see `find_in_tree`).
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// How a cited path matched the files of a commit.
#[derive(Debug, PartialEq)]
enum TreeMatch {
    One(String),
    Several(Vec<String>),
    None,
}

/// The file `cited` names among `tree` (sorted paths): the one path ending with
/// `/<cited>`; else `cited` without its leading directories, longest first, while a
/// directory part remains (so `foo/a.go` never becomes a root `a.go`).
fn find_in_tree(tree: &[String], cited: &str) -> TreeMatch {
    let rel = cited.trim_start_matches('/');
    if !cited.starts_with('/') {
        let suffix = format!("/{rel}");
        let hits: Vec<String> = tree
            .iter()
            .filter(|p| p.ends_with(&suffix) || p.as_str() == rel)
            .cloned()
            .collect();
        match hits.len() {
            0 => {}
            1 => return TreeMatch::One(hits[0].clone()),
            _ => return TreeMatch::Several(hits),
        }
    }
    let parts: Vec<&str> = rel.split('/').collect();
    for skip in 1..parts.len().saturating_sub(1) {
        let tail = parts[skip..].join("/");
        if tree.binary_search(&tail).is_ok() {
            return TreeMatch::One(tail);
        }
    }
    TreeMatch::None
}

/// The excerpt of `ranges` of `text`, or why it cannot be made.
fn make_excerpt(
    source: &RepoSource,
    commit: &str,
    path: &str,
    text: &SourceText,
    cited: &str,
    ranges: &[LineRange],
) -> Result<Excerpt, String> {
    let ranges = sorted_ranges(ranges);
    let n = text.lines;
    if let Some(bad) = ranges.iter().find(|r| r.start == 0 || r.end > n) {
        let short = &commit[..commit.len().min(10)];
        return Err(if bad.start == 0 {
            "line 0 does not exist (lines count from 1)".to_string()
        } else {
            format!(
                "{} past the end of {path}, which has {n} line{} at commit {short}",
                if bad.start == bad.end {
                    format!("line {} is", bad.start)
                } else {
                    format!("lines {}-{} are", bad.start, bad.end)
                },
                if n == 1 { "" } else { "s" }
            )
        });
    }
    let all = windows(&ranges, source.context, n);
    let shown = shown_windows(&all);
    let is_cited = |line: u32| ranges.iter().any(|r| r.start <= line && line <= r.end);
    let mut language = None;
    let hunks: Vec<ExcerptHunk> = shown
        .iter()
        .map(|&(a, b)| {
            let file = text.highlighted(path, a, b);
            language = language.take().or_else(|| file.language.clone());
            let lines = (a..=b)
                .map(|number| {
                    let (html, plain) = file.line(number as usize).unwrap_or_default();
                    ExcerptLine {
                        number,
                        cited: is_cited(number),
                        text: plain.to_string(),
                        html: html.to_string(),
                    }
                })
                .collect();
            ExcerptHunk { lines }
        })
        .collect();
    // Cited lines past the line limit: counted, reachable through the permalink.
    let shown_line = |line: u32| shown.iter().any(|&(a, b)| a <= line && line <= b);
    let omitted = all
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter(|&l| is_cited(l) && !shown_line(l))
        .count() as u32;
    let first = ranges.first().map_or(1, |r| r.start);
    let last = ranges.iter().map(|r| r.end).max().unwrap_or(first);
    Ok(Excerpt {
        cited: cited.to_string(),
        path: path.to_string(),
        repo: source.slug.clone(),
        commit: commit.to_string(),
        permalink: coderef::permalink(&format!("{}{commit}/", source.blob_base), path, first, last),
        ranges,
        language,
        file_lines: n,
        hunks,
        omitted,
    })
}

/// `ranges` with each start before its end, sorted, without repeats.
fn sorted_ranges(ranges: &[LineRange]) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = ranges
        .iter()
        .map(|r| LineRange {
            start: r.start.min(r.end),
            end: r.start.max(r.end),
        })
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// The windows of lines an excerpt of `ranges` (sorted, within the file's `n` lines)
/// shows with `context` lines around them, joined when they overlap or nearly touch.
fn windows(ranges: &[LineRange], context: u32, n: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in ranges {
        let a = r.start.saturating_sub(context).max(1);
        let b = r.end.saturating_add(context).min(n);
        match out.last_mut() {
            Some(last) if a <= last.1.saturating_add(JOIN_GAP + 1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The part of `windows` shown: the first [`MAX_EXCERPT_LINES`] lines.
fn shown_windows(windows: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut left = MAX_EXCERPT_LINES as u32;
    let mut out = Vec::new();
    for &(a, b) in windows {
        if left == 0 {
            break;
        }
        let b = b.min(a.saturating_add(left - 1));
        left -= b - a + 1;
        out.push((a, b));
    }
    out
}

/// Marks the finding's code blocks that one of its excerpts shows: the block's lines, in
/// order and together, are lines of one hunk (compared without surrounding spaces or blank
/// lines). A block that reorders, drops or repeats shown lines (a suggested fix) is not a
/// duplicate; `diff` and `patch` blocks are never marked.
fn mark_duplicates(f: &mut Finding) {
    if f.excerpts.is_empty() {
        return;
    }
    let non_blank = |t: &&str| !t.is_empty();
    let hunks: Vec<Vec<&str>> = f
        .excerpts
        .iter()
        .flat_map(|e| e.hunks.iter())
        .map(|h| {
            h.lines
                .iter()
                .map(|l| l.text.trim())
                .filter(non_blank)
                .collect()
        })
        .collect();
    for b in &mut f.code_blocks {
        let lang = b.lang.as_deref().unwrap_or("");
        if matches!(lang, "diff" | "patch" | "udiff") {
            continue;
        }
        let block: Vec<&str> = b.code.lines().map(str::trim).filter(non_blank).collect();
        b.duplicates_excerpt = !block.is_empty()
            && hunks
                .iter()
                .any(|h| h.windows(block.len()).any(|w| w == block.as_slice()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> Vec<String> {
        let mut t: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        t.sort();
        t
    }

    #[test]
    fn suffix_and_tail_matches() {
        let t = tree(&[
            "cmd/limactl/shell.go",
            "pkg/a/util.go",
            "pkg/b/util.go",
            "README.md",
        ]);
        assert_eq!(
            find_in_tree(&t, "shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert_eq!(
            find_in_tree(&t, "limactl/shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert!(matches!(find_in_tree(&t, "util.go"), TreeMatch::Several(c) if c.len() == 2));
        assert_eq!(
            find_in_tree(&t, "lima/cmd/limactl/shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert_eq!(
            find_in_tree(&t, "/home/me/lima/pkg/a/util.go"),
            TreeMatch::One("pkg/a/util.go".into())
        );
        // A tail never loses its last directory: `x/README.md` is not the root README.
        assert_eq!(find_in_tree(&t, "x/README.md"), TreeMatch::None);
        assert_eq!(find_in_tree(&t, "hell.go"), TreeMatch::None);
    }

    #[test]
    fn cited_paths_are_cleaned() {
        assert_eq!(clean_path("./pkg//a.go").as_deref(), Some("pkg/a.go"));
        assert_eq!(clean_path("pkg\\a.go").as_deref(), Some("pkg/a.go"));
        assert_eq!(clean_path("/abs/a.go").as_deref(), Some("/abs/a.go"));
        assert_eq!(clean_path("../etc/passwd"), None);
        assert_eq!(clean_path("a\nb.go"), None);
        assert_eq!(clean_path("/"), None);
    }

    fn code_block(lang: Option<&str>, code: &str) -> crate::model::CodeBlock {
        crate::model::CodeBlock {
            lang: lang.map(str::to_string),
            code: code.into(),
            ..Default::default()
        }
    }

    #[test]
    fn duplicates_are_blocks_that_a_hunk_shows_in_order() {
        let line = |n: u32, t: &str| ExcerptLine {
            number: n,
            cited: true,
            text: t.into(),
            html: String::new(),
        };
        let mut f = Finding {
            excerpts: vec![Excerpt {
                hunks: vec![ExcerptHunk {
                    lines: vec![line(1, "\tif x {"), line(2, "\t\treturn"), line(3, "\t}")],
                }],
                ..Default::default()
            }],
            code_blocks: vec![
                code_block(Some("go"), "if x {\n    return\n}\n"),
                code_block(Some("go"), "if x {\n    return nil\n}\n"),
                code_block(Some("diff"), "\treturn\n"),
                code_block(None, "\n"),
                // A suggested fix made only of shown lines, reordered: kept.
                code_block(Some("go"), "return\nif x {\n}\n"),
                // The same lines with one dropped: kept.
                code_block(Some("go"), "if x {\n}\n"),
                // Part of the shown lines, in order, blank lines aside: a duplicate.
                code_block(None, "\n    return\n\n}"),
            ],
            ..Default::default()
        };
        mark_duplicates(&mut f);
        let marks: Vec<bool> = f.code_blocks.iter().map(|b| b.duplicates_excerpt).collect();
        assert_eq!(marks, vec![true, false, false, false, false, false, true]);
    }
}
