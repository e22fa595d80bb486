//! The site `serve` answers from, published by the builder and read by the request
//! threads: its files ([`Stored`]), base path, build id and error, and how far the first
//! render has gone ([`Stage`]).
//!
//! `serve` listens before it has loaded the site, and publishes the first render a few
//! pages at a time. A request that comes before the site is loaded, or asks for a file the
//! first render has not written yet, waits ([`Shared::wait`]): its path is noted as wanted
//! ([`Shared::take_wanted`], which the builder renders next) and it is answered once the
//! file is published, or as missing once the whole site is. So no page that will exist is
//! ever answered 404.

use super::live::Hub;
use super::store::Stored;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock, RwLockReadGuard};
use std::time::Duration;

/// How far the site has been published.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Not loaded yet: not even the base path is known.
    #[default]
    Loading,
    /// Loaded; the first render is being published, a few files at a time.
    Rendering,
    /// Every file is published (or the site failed to build: its error is).
    Complete,
}

/// The files `serve` answers with, replaced as a whole after each rebuild.
#[derive(Debug, Default)]
pub struct Published {
    /// Site-relative path -> the file as kept (shared: publishing copies no file).
    pub(crate) files: HashMap<Arc<str>, Stored>,
    /// The base path the site is served under (`/`, `/reviews/`).
    pub base_path: String,
    /// Identifies this build; pages loaded from another build reload.
    pub build: String,
    /// Why the last rebuild failed (plain text, escaped when shown), if it did.
    pub error: Option<String>,
    pub stage: Stage,
}

/// Changes to publish after a rebuild (or a step of the first render).
#[derive(Debug, Default)]
pub struct Update {
    /// Forget every file first (a site loaded from scratch).
    pub replace_all: bool,
    pub(crate) written: Vec<(String, Stored)>,
    pub removed: Vec<String>,
    pub base_path: String,
    pub build: String,
    pub error: Option<String>,
    pub stage: Stage,
}

impl Update {
    pub fn apply(self, site: &mut Published) {
        if self.replace_all {
            site.files.clear();
        }
        for p in &self.removed {
            site.files.remove(p.as_str());
        }
        for (p, stored) in self.written {
            site.files.insert(p.into(), stored);
        }
        site.base_path = self.base_path;
        site.build = self.build;
        site.error = self.error;
        site.stage = self.stage;
    }
}

/// What the request threads share with the builder.
pub struct Shared {
    published: RwLock<Published>,
    /// Bumped (and waiters woken) at each publication.
    generation: Mutex<u64>,
    published_again: Condvar,
    /// Paths requests are waiting for, for the first render to render next.
    wanted: Mutex<Vec<String>>,
    pub hub: Hub,
    /// Only `Host: localhost`/`127.0.0.1`/`[::1]` are answered (the server listens on a
    /// loopback address): a web page elsewhere cannot read the preview by pointing one of
    /// its own host names at 127.0.0.1 (DNS rebinding).
    pub loopback_only: bool,
}

/// The longest a request waits between two looks at the published site (a publication
/// wakes it sooner).
const WAIT_STEP: Duration = Duration::from_millis(500);

impl Shared {
    pub fn new(published: Published, hub: Hub, loopback_only: bool) -> Shared {
        Shared {
            published: RwLock::new(published),
            generation: Mutex::new(0),
            published_again: Condvar::new(),
            wanted: Mutex::new(Vec::new()),
            hub,
            loopback_only,
        }
    }

    /// The site as last published (held briefly: the builder waits to publish).
    pub(crate) fn current(&self) -> RwLockReadGuard<'_, Published> {
        self.published.read().unwrap_or_else(|e| e.into_inner())
    }

    fn generation(&self) -> std::sync::MutexGuard<'_, u64> {
        self.generation.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Publishes a rebuild (only the files that changed are touched), and wakes the
    /// requests waiting for it.
    pub fn apply(&self, update: Update) {
        update.apply(&mut self.published.write().unwrap_or_else(|e| e.into_inner()));
        *self.generation() += 1;
        self.published_again.notify_all();
    }

    /// Calls `answer` on the published site until it answers: `None` means "not yet" (the
    /// site is loading, or the file is not rendered yet), with the site paths it would
    /// take, which are noted as wanted. Each new publication is looked at again.
    pub(crate) fn wait<T>(&self, answer: impl Fn(&Published) -> Result<T, Vec<String>>) -> T {
        let mut noted = false;
        loop {
            let seen = *self.generation();
            match answer(&self.current()) {
                Ok(t) => return t,
                // Noted once (the site loading, there is nothing to note yet).
                Err(paths) if !noted && !paths.is_empty() => {
                    noted = true;
                    self.wanted
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .extend(paths);
                }
                Err(_) => {}
            }
            let generation = self.generation();
            if *generation == seen {
                let _ = self.published_again.wait_timeout(generation, WAIT_STEP);
            }
        }
    }

    /// The paths requests have waited for since the last call.
    pub(crate) fn take_wanted(&self) -> Vec<String> {
        std::mem::take(&mut *self.wanted.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Whether a request waits for a path.
    pub(crate) fn is_wanted(&self) -> bool {
        !self
            .wanted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }
}
