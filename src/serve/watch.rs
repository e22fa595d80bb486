//! What `serve` watches (`book.toml`, the content folder, the theme and the static folder)
//! and what a changed path means for the next rebuild.
//!
//! Events come from `notify` and are gathered by the caller until the folder has been quiet
//! for a moment (`QUIET`), so an editor's atomic save or a `git checkout` of many files
//! is one rebuild. A file still open for writing holds the rebuild back until it is
//! closed (for up to `MAX_WRITE_WAIT`), so a save that pauses mid-write is not served
//! half-written; this needs the watcher to report closes, which inotify does (Linux,
//! Android). Elsewhere such a save is served as far as it was written, then again when
//! the writer's next bytes arrive. (The `notify-debouncer-*` crates debounce each path on a timer tick,
//! which adds a tick of latency and can split one burst across two batches; what a rebuild
//! needs is one quiet window over all paths, which is a `recv_timeout` loop.)

use crate::config::Config;
use crate::output::absolute;
use notify::event::{AccessKind, AccessMode, CreateKind, EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the folder must be quiet before a rebuild starts.
pub(crate) const QUIET: Duration = Duration::from_millis(50);
/// The longest a steady stream of events can hold a rebuild back.
pub(crate) const MAX_WAIT: Duration = Duration::from_millis(1000);
/// The longest a file left open for writing can hold a rebuild back.
pub(crate) const MAX_WRITE_WAIT: Duration = Duration::from_secs(3);

/// What the changed paths call for.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// `book.toml`: everything is loaded again.
    pub config: bool,
    /// The theme's templates or assets: every page is rendered again, nothing is parsed.
    pub theme: bool,
    /// The static folder: its files are copied again.
    pub statics: bool,
    /// Reports and sidecars that changed (the content folder is listed again anyway).
    pub content: HashSet<PathBuf>,
    /// The content folder changed in a way that names no report (a folder moved).
    pub content_other: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        !self.config
            && !self.theme
            && !self.statics
            && self.content.is_empty()
            && !self.content_other
    }
}

/// The site's folders, absolute, as file events name them.
#[derive(Debug, Clone)]
pub struct SitePaths {
    pub root: PathBuf,
    book: PathBuf,
    themes: PathBuf,
    theme: PathBuf,
    statics: PathBuf,
    pub content: PathBuf,
    output: PathBuf,
    target: PathBuf,
}

impl SitePaths {
    pub fn new(config: &Config) -> SitePaths {
        let root = absolute(&config.root);
        SitePaths {
            book: root.join("book.toml"),
            themes: root.join("themes"),
            theme: absolute(&config.theme_dir),
            statics: absolute(&config.static_dir),
            content: absolute(&config.content_dir),
            output: absolute(&config.output_dir),
            target: root.join("target"),
            root,
        }
    }

    /// The default folders of a site at `root` (when its book.toml cannot be read).
    pub fn defaults(root: &Path) -> SitePaths {
        let root = absolute(root);
        SitePaths {
            book: root.join("book.toml"),
            themes: root.join("themes"),
            theme: root.join("themes/default"),
            statics: root.join("static"),
            content: root.join("content"),
            output: root.join("public"),
            target: root.join("target"),
            root,
        }
    }

    /// Adds what a change of `path` calls for to `changes`.
    pub fn classify(&self, path: &Path, changes: &mut Changes) {
        // A folder on the way to one of ours appearing or going (`themes/` created).
        let on_the_way = |dir: &Path| path != self.root && dir.starts_with(path);
        if path == self.book {
            changes.config = true;
        } else if path.starts_with(&self.output) || path.starts_with(&self.target) {
            // Our own output (if something else writes it) and build folders: never input.
        } else if path.starts_with(&self.theme) || on_the_way(&self.theme) {
            changes.theme = true;
        } else if path.starts_with(&self.themes) {
            // Another theme: not in use.
        } else if path.starts_with(&self.statics) || on_the_way(&self.statics) {
            changes.statics = true;
        } else if let Ok(rel) = path.strip_prefix(&self.content) {
            let hidden = rel
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
            match ext.as_deref() {
                _ if hidden => {}
                Some("md") | Some("json") => {
                    changes.content.insert(path.to_path_buf());
                }
                // A folder (or an extension-less file: cheap to rule out by listing).
                None => changes.content_other = true,
                Some(_) => {}
            }
        } else if on_the_way(&self.content) {
            changes.content_other = true;
        }
    }

    /// Whether a change of `path` matters to the site.
    pub fn is_input(&self, path: &Path) -> bool {
        let mut changes = Changes::default();
        self.classify(path, &mut changes);
        !changes.is_empty()
    }

    /// The folders to watch: the site folder itself (for `book.toml` and folders being
    /// created), and recursively the content folder, the themes and the static folder when
    /// they exist.
    fn folders(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut out = vec![(self.root.clone(), RecursiveMode::NonRecursive)];
        for dir in [&self.content, &self.themes, &self.statics] {
            if dir.is_dir() {
                out.push((dir.clone(), RecursiveMode::Recursive));
            }
        }
        out
    }
}

/// Whether an event can mean a change (reading a file, which the rebuild itself does,
/// cannot).
pub(crate) fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The site's files that are being written: changed (or created) and not closed yet.
#[derive(Debug, Default)]
pub(crate) struct Writing(HashSet<PathBuf>);

impl Writing {
    /// Notes what event `kind` on the site's file `path` says about its writer. Only where
    /// the watcher reports closes: elsewhere a file would never stop being written.
    pub(crate) fn note(&mut self, kind: &EventKind, path: &Path) {
        if !cfg!(any(target_os = "linux", target_os = "android")) {
            return;
        }
        match kind {
            EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
                self.0.insert(path.to_path_buf());
            }
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Name(RenameMode::From)) => {
                self.0.remove(path);
            }
            _ => {}
        }
    }

    /// No file of the site is open for writing.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A running watcher.
pub struct Watcher {
    inner: RecommendedWatcher,
    watched: HashSet<(PathBuf, bool)>,
}

impl Watcher {
    /// Watches the site's folders; events go to `send`.
    pub fn start<F>(paths: &SitePaths, send: F) -> anyhow::Result<Watcher>
    where
        F: Fn(notify::Result<notify::Event>) + Send + 'static,
    {
        let inner = notify::recommended_watcher(send)?;
        let mut w = Watcher {
            inner,
            watched: HashSet::new(),
        };
        w.update(paths)?;
        Ok(w)
    }

    /// Starts watching folders that appeared since (a `themes/` folder created). Returns
    /// them: files written into them before the watch began were not seen.
    pub fn update(&mut self, paths: &SitePaths) -> anyhow::Result<Vec<PathBuf>> {
        let mut added = Vec::new();
        for (dir, mode) in paths.folders() {
            let key = (dir.clone(), mode == RecursiveMode::Recursive);
            if self.watched.contains(&key) {
                continue;
            }
            self.inner.watch(&dir, mode).map_err(|e| {
                anyhow::anyhow!(
                    "{}: cannot watch for changes: {e}{}",
                    dir.display(),
                    if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) {
                        " (raise fs.inotify.max_user_watches)"
                    } else {
                        ""
                    }
                )
            })?;
            self.watched.insert(key);
            added.push(dir);
        }
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> SitePaths {
        SitePaths {
            root: "/s".into(),
            book: "/s/book.toml".into(),
            themes: "/s/themes".into(),
            theme: "/s/themes/default".into(),
            statics: "/s/static".into(),
            content: "/s/content".into(),
            output: "/s/public".into(),
            target: "/s/target".into(),
        }
    }

    fn classify(p: &str) -> Changes {
        let mut c = Changes::default();
        paths().classify(Path::new(p), &mut c);
        c
    }

    #[test]
    fn paths_are_sorted_by_what_they_change() {
        assert!(classify("/s/book.toml").config);
        assert!(classify("/s/themes/default/templates/review.html").theme);
        assert!(classify("/s/themes").theme, "themes/ created");
        assert!(classify("/s/themes/other/static/style.css").is_empty());
        assert!(classify("/s/static/favicon.svg").statics);
        let c = classify("/s/content/acme/tern/x.md");
        assert!(c.content.contains(Path::new("/s/content/acme/tern/x.md")));
        assert!(!classify("/s/content/x.json").content.is_empty());
        assert!(classify("/s/content/acme").content_other);
        assert!(classify("/s/content/.x.md.swp").is_empty());
        assert!(classify("/s/content/x.md~").is_empty());
        assert!(classify("/s/public/index.html").is_empty());
        assert!(classify("/s/README.md").is_empty());
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_file_is_written_until_it_is_closed() {
        let mut w = Writing::default();
        let x = Path::new("/s/content/x.md");
        let y = Path::new("/s/content/y.md");
        w.note(&EventKind::Create(CreateKind::File), x);
        w.note(
            &EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)),
            x,
        );
        w.note(
            &EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any)),
            y,
        );
        w.note(&EventKind::Access(AccessKind::Open(AccessMode::Any)), y);
        w.note(&EventKind::Access(AccessKind::Close(AccessMode::Write)), x);
        assert!(!w.is_empty(), "y is still open");
        w.note(&EventKind::Access(AccessKind::Close(AccessMode::Read)), y);
        assert!(!w.is_empty(), "closing a read is not the writer closing");
        w.note(&EventKind::Remove(notify::event::RemoveKind::File), y);
        assert!(w.is_empty());
    }
}
