//! The site `serve` keeps in memory, rebuilt after each change: what a change calls for
//! (load everything again, re-render for a new theme, refresh the content), the files to
//! publish since the last rebuild, the build id open pages reload on, and the problems
//! printed once each. The first render after `serve` starts is done a step at a time
//! ([`Builder::render_step`]), each step published, the pages requests wait for first.

use super::published::{Stage, Update};
use super::store::{Kept, Store, Stored};
use super::watch::Changes;
use crate::config::Config;
use crate::content;
use crate::diagnostics::{self, Diagnostic, Level};
use crate::site::{BuildOptions, ContentChanges, RenderReport, Site};
use crate::timing;
use anyhow::Result;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// What a successful rebuild did, for the terminal.
pub(super) struct Done {
    pub(super) what: String,
    pub(super) files: usize,
    pub(super) removed: usize,
    pub(super) reviews: usize,
}

/// The site in memory and the files published from it.
pub(super) struct Builder {
    pub(super) opts: BuildOptions,
    site: Option<Site>,
    /// The site was never rendered completely: its next render replaces every file.
    fresh: bool,
    /// `book.toml` could not be read: every rebuild loads everything again.
    config_failed: bool,
    /// What changed since the last update was taken.
    update: Update,
    base_path: String,
    error: Option<String>,
    /// The last error came from the process running short of file descriptors or memory
    /// (a flood of connections, say): the same build will likely work a moment later.
    short_of_resources: bool,
    /// Problems already printed (each is printed once).
    shown: HashSet<String>,
    /// `--quiet`: print no warnings (a failed rebuild prints its problems as its error).
    quiet: bool,
    instance: String,
    generation: u64,
    /// How far the site is published: `Rendering` during the first render.
    stage: Stage,
    /// The text files published (shared with the published site): a file written again
    /// is compressed again only where it changed.
    kept: Kept,
}

impl Builder {
    pub(super) fn new(opts: BuildOptions, quiet: bool) -> Builder {
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or(Duration::ZERO)
            .as_nanos();
        Builder {
            base_path: "/".into(),
            opts,
            site: None,
            fresh: true,
            config_failed: false,
            update: Update::default(),
            error: None,
            short_of_resources: false,
            shown: HashSet::new(),
            quiet,
            instance: format!("{:x}", nanos ^ u128::from(std::process::id())),
            generation: 0,
            stage: Stage::Loading,
            kept: Kept::new(),
        }
    }

    pub(super) fn config(&self) -> Option<&Config> {
        self.site.as_ref().map(|s| s.config())
    }

    /// What to publish since the last call: the files written and removed, and the build.
    pub(super) fn take_update(&mut self) -> Update {
        let mut update = std::mem::take(&mut self.update);
        update.base_path = self.base_path.clone();
        update.build = format!("{}-{}", self.instance, self.generation);
        update.error = self.error.clone();
        update.stage = self.stage;
        update
    }

    /// Loads the site the first time (`serve` has published nothing yet); the first
    /// render follows, step by step. On error, the error is published and the rebuild
    /// loop takes over; problems of the loaded site that fail the build (no report at
    /// all, a `--strict` warning) are an error too, and the site is rendered under it.
    pub(super) fn load_first(&mut self) -> Result<()> {
        self.generation = 1;
        let result = self.load();
        self.stage = match &result {
            Ok(()) => Stage::Rendering,
            Err(_) => Stage::Complete,
        };
        let result = result.and_then(|()| {
            let site = self.site.as_ref().expect("loaded");
            match diagnostics::failure(&site.diagnostics(), self.opts.strict) {
                Some(failure) => Err(failed(&failure)),
                None => Ok(()),
            }
        });
        self.note_error(&result);
        result
    }

    /// Records the outcome's error, published until a build succeeds.
    fn note_error<T>(&mut self, result: &Result<T>) {
        self.short_of_resources = result.as_ref().is_err_and(short_of_resources);
        if let Err(e) = result {
            self.error = Some(format!("{e:#}"));
        }
    }

    /// The last build failed only because the process ran short of file descriptors or
    /// memory: it is worth trying again in a moment, with nothing changed.
    pub(super) fn worth_retrying(&self) -> bool {
        self.short_of_resources
    }

    /// Why the site cannot be built, as published.
    pub(super) fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// Whether the first render is under way (the site loaded, not all of it rendered).
    pub(super) fn rendering(&self) -> bool {
        self.stage == Stage::Rendering
    }

    /// One step of the first render: renders the files at `wanted` (site paths requests
    /// wait for), then others until `stop` says so. `Ok(Some)` once the whole site is
    /// rendered; on error, the error is published and the rebuild loop takes over (the
    /// next rebuild renders what is left).
    pub(super) fn render_step(
        &mut self,
        wanted: &[String],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<Done>> {
        let error_before = self.error.clone();
        let result = self.try_render_step(wanted, stop);
        if result.as_ref().map_or(true, Option::is_some) {
            self.stage = Stage::Complete;
        }
        self.note_error(&result);
        if self.error != error_before {
            // Open pages reload: into the error page, or out of it.
            self.generation += 1;
        }
        result
    }

    fn try_render_step(
        &mut self,
        wanted: &[String],
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<Done>> {
        let site = self.site.as_mut().expect("loaded by load_first");
        let out = Store::after(&self.kept);
        let step = site.render_some(&out, wanted, stop)?;
        let files = out.into_files();
        self.publish(step.report, files);
        if !step.complete {
            return Ok(None);
        }
        let files = self.update.written.len();
        self.check("the site was read".into(), files, 0).map(Some)
    }

    /// Rebuilds what `changes` affect. On error the previous files stay published, under
    /// the error page.
    /// A rebuild that changed no file and no error keeps the build id: open pages do not
    /// reload for nothing (a file saved unchanged).
    pub(super) fn rebuild(&mut self, changes: &Changes) -> Result<Done> {
        let error_before = self.error.clone();
        let result = self.try_rebuild(changes);
        self.note_error(&result);
        let unchanged = matches!(&result, Ok(d) if d.files == 0 && d.removed == 0)
            && self.error == error_before;
        if !unchanged || self.generation == 0 {
            self.generation += 1;
        }
        result.map_err(|e| anyhow::anyhow!("{e:#}"))
    }

    fn try_rebuild(&mut self, changes: &Changes) -> Result<Done> {
        let mut what = describe(changes);
        if self.site.is_none() || changes.config || self.config_failed {
            self.load()?;
            if !changes.config {
                what = "the site was read again".into();
            }
        } else if let Some(site) = self.site.as_mut() {
            if changes.theme {
                site.theme_changed();
            }
            if changes.statics {
                site.static_changed();
            }
            if !changes.content.is_empty() || changes.content_other {
                let found = site.refresh_content(&changes.content, changes.content_other)?;
                if !found.is_empty() {
                    what = describe_content(&found, &self.opts.root);
                }
            }
        }
        let site = self.site.as_mut().expect("loaded above");
        let out = Store::after(&self.kept);
        let report = timing::time("render", || site.render(&out))?;
        let files = report.written.len();
        let removed = report.removed.len();
        let stored = out.into_files();
        self.publish(report, stored);
        self.stage = Stage::Complete;
        self.check(what, files, removed)
    }

    /// Packs away the reviews the last render held open ([`Site::pack_reviews`]): after
    /// publishing, so that a save is not answered later for it.
    pub(super) fn pack_reviews(&mut self) {
        if let Some(site) = self.site.as_mut() {
            timing::time("pack reviews", || site.pack_reviews());
        }
    }

    /// Loads everything (again), keeping the code read from checkouts (it is keyed by
    /// commit, so it stays valid).
    fn load(&mut self) -> Result<()> {
        let excerpts = self.site.as_ref().map(|s| s.excerpt_cache().clone());
        let mut site = Site::load_with(&self.opts, excerpts.unwrap_or_default())
            .inspect_err(|_| self.config_failed = true)?;
        site.keep_between_renders();
        self.config_failed = false;
        self.base_path = site.config().base_path.clone();
        self.site = Some(site);
        self.fresh = true;
        Ok(())
    }

    /// Adds what a render wrote into `out` to the update to publish.
    fn publish(&mut self, report: RenderReport, files: Vec<(String, Stored)>) {
        if std::mem::take(&mut self.fresh) {
            self.update = Update {
                replace_all: true,
                ..Default::default()
            };
            self.kept.clear();
        }
        for p in &report.removed {
            self.kept.remove(p.as_str());
        }
        for (p, stored) in &files {
            match stored.packed() {
                Some(packed) => self.kept.insert(p.as_str().into(), packed.clone()),
                None => self.kept.remove(p.as_str()),
            };
        }
        self.update.removed.extend(report.removed);
        self.update.written.extend(files);
    }

    /// After a render: the problems printed, and the build failed when they say so.
    fn check(&mut self, what: String, files: usize, removed: usize) -> Result<Done> {
        let site = self.site.as_ref().expect("rendered");
        self.base_path = site.config().base_path.clone();
        let diagnostics = site.diagnostics();
        let reviews = site.reviews();
        if !self.quiet {
            self.print_new(&diagnostics);
        }
        if let Some(failure) = diagnostics::failure(&diagnostics, self.opts.strict) {
            return Err(failed(&failure));
        }
        self.error = None;
        Ok(Done {
            what,
            files,
            removed,
            reviews,
        })
    }

    /// Prints the notes and warnings not printed before, in order, identical messages
    /// grouped. The problems that fail the build are not: the failed rebuild's error lists
    /// them (printed once, as with `--quiet`).
    fn print_new(&mut self, diagnostics: &[Diagnostic]) {
        let problems: Vec<(&Diagnostic, String)> = diagnostics
            .iter()
            .filter(|d| d.level >= Level::Note && !d.fails(self.opts.strict))
            .map(|d| (d, d.to_string()))
            .collect();
        let new = problems
            .iter()
            .filter(|(_, shown)| !self.shown.contains(shown))
            .map(|(d, _)| *d);
        for line in diagnostics::grouped(new) {
            eprintln!("{line}");
        }
        self.shown = problems.into_iter().map(|(_, shown)| shown).collect();
    }
}

/// The error of a build that `failure` fails.
fn failed(failure: &diagnostics::Failure) -> anyhow::Error {
    anyhow::anyhow!("the site was not built: {}\n{failure}", failure.summary())
}

/// `content/x.md changed`, `the theme changed`, ...
fn describe(changes: &Changes) -> String {
    let mut parts = Vec::new();
    if changes.config {
        parts.push("book.toml changed".to_string());
    }
    if changes.theme {
        parts.push("the theme changed".into());
    }
    if changes.statics {
        parts.push("static files changed".into());
    }
    if !changes.content.is_empty() || changes.content_other {
        parts.push("content changed".into());
    }
    parts.join(", ")
}

fn describe_content(found: &ContentChanges, root: &Path) -> String {
    let shown = |p: &PathBuf| content::shown_path(p, root);
    let mut parts = Vec::new();
    let mut list = |verb: &str, paths: &[PathBuf]| match paths {
        [] => {}
        [one] => parts.push(format!("{} {verb}", shown(one))),
        many => parts.push(format!("{} reports {verb}", many.len())),
    };
    list("changed", &found.changed);
    list("added", &found.added);
    list("removed", &found.removed);
    parts.join(", ")
}

/// Whether an error comes from the process running short of file descriptors (`EMFILE`,
/// `ENFILE`) or memory, anywhere in its chain of causes.
fn short_of_resources(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        let io = cause.downcast_ref::<std::io::Error>();
        io.is_some_and(|io| {
            io.kind() == std::io::ErrorKind::OutOfMemory
                || (cfg!(unix) && matches!(io.raw_os_error(), Some(libc::EMFILE | libc::ENFILE)))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::short_of_resources;
    use anyhow::Context;

    fn failed(e: std::io::Error) -> anyhow::Error {
        Err::<(), _>(e)
            .context("static: cannot read")
            .context("static: cannot copy")
            .unwrap_err()
    }

    #[cfg(unix)]
    #[test]
    fn running_out_of_descriptors_anywhere_in_the_chain_is_worth_a_retry() {
        let emfile = std::io::Error::from_raw_os_error(libc::EMFILE);
        assert!(short_of_resources(&failed(emfile)));
        let enfile = std::io::Error::from_raw_os_error(libc::ENFILE);
        assert!(short_of_resources(&failed(enfile)));
    }

    #[test]
    fn other_errors_wait_for_a_save() {
        let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(!short_of_resources(&failed(gone)));
        assert!(!short_of_resources(&anyhow::anyhow!("bad template")));
    }
}
