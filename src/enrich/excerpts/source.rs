//! The checkouts configuration: each repository `book.toml` or `--checkout` gives a local
//! clone for ([`RepoSource`]), where that was said (for messages), its context lines, its
//! permalink base, and its reader, started once and marked broken once.

use super::cache::{lock, ExcerptCache};
use super::git::{why_unreadable, GitReader};
use crate::config::Config;
use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Mutex;

/// Context lines shown before and after the cited lines when `book.toml` does not say.
pub(crate) const DEFAULT_CONTEXT_LINES: u32 = 3;

/// The reader of one repository in one build.
enum ReaderState {
    NotStarted,
    Running(GitReader),
    /// The checkout cannot be read (said once per repository).
    Broken(String),
}

/// One configured repository during one build.
pub(super) struct RepoSource {
    pub(super) slug: String,
    pub(super) checkout: PathBuf,
    /// The checkout's path as written (in book.toml or on the command line), for messages.
    pub(super) checkout_shown: String,
    /// Where the checkout was configured, for messages.
    origin: Origin,
    pub(super) context: u32,
    pub(super) blob_base: String,
    reader: Mutex<ReaderState>,
    /// Held while listing a commit's files.
    pub(super) listing: Mutex<()>,
    /// Reviews that fell back because the checkout is unusable: (file, finding ids).
    pub(super) unusable: Mutex<Vec<(String, Vec<String>)>>,
}

/// Where a repository's checkout was configured.
enum Origin {
    BookToml,
    /// `--checkout` on the command line.
    Flag,
}

/// Why a reader could not answer.
pub(super) enum ReadError {
    /// The checkout itself is unusable; reported once per repository.
    Checkout,
}

/// The repositories `config` gives a checkout for, by `owner/name`; nothing is started.
/// What the configured checkouts hold, as far as excerpts can tell: for each, its
/// repository, its folder and its refs (`git show-ref --head`, and `FETCH_HEAD`), or why
/// they cannot be read. Equal states read the same commits and files: a build cache keys
/// excerpts by it (a fetch or a new commit changes it).
pub(crate) fn checkout_state(config: &Config) -> Vec<u8> {
    let mut state = Vec::new();
    for (slug, source) in configured(config) {
        state.extend_from_slice(slug.as_bytes());
        state.push(0);
        state.extend_from_slice(source.checkout.to_string_lossy().as_bytes());
        state.push(0);
        match super::git::refs(&source.checkout) {
            Ok(refs) => state.extend_from_slice(&refs),
            Err(e) => state.extend_from_slice(e.to_string().as_bytes()),
        }
        state.push(0);
    }
    state
}

pub(super) fn configured(config: &Config) -> BTreeMap<String, RepoSource> {
    config
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
        .collect()
}

/// `<web URL of the repository>/blob/`: a commit, `/` and a path complete a file's link.
pub(super) fn blob_base(config: &Config, slug: &str) -> String {
    format!("{}/blob/", config.repo_web_url(slug))
}

impl RepoSource {
    /// The setting that names the checkout, as its user wrote it, and the file to name in
    /// diagnostics about it.
    pub(super) fn setting(&self) -> (&'static str, String) {
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

    /// Runs `f` with this repository's reader, starting it (once) if needed.
    pub(super) fn with_reader<T>(
        &self,
        cache: &ExcerptCache,
        f: impl FnOnce(&mut GitReader) -> io::Result<T>,
    ) -> Result<T, ReadError> {
        let mut state = lock(&self.reader);
        if matches!(*state, ReaderState::NotStarted) {
            *state = self.start(cache);
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

    /// A reader started on the checkout, or why there is none.
    fn start(&self, cache: &ExcerptCache) -> ReaderState {
        if !self.checkout.is_dir() {
            return ReaderState::Broken(if self.checkout.exists() {
                "not a folder".to_string()
            } else {
                "the folder does not exist".to_string()
            });
        }
        match GitReader::spawn(&self.checkout) {
            Ok(r) => {
                cache.reader_spawns.fetch_add(1, Ordering::Relaxed);
                ReaderState::Running(r)
            }
            Err(e) => ReaderState::Broken(format!("cannot run git: {e}")),
        }
    }

    /// Why the checkout cannot be read, once its reader broke.
    pub(super) fn problem(&self) -> Option<String> {
        match &*lock(&self.reader) {
            ReaderState::Broken(p) => Some(p.clone()),
            _ => None,
        }
    }
}
