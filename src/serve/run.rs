//! `serve` from start to Ctrl-C, in its phases: listen, build the site once, answer
//! requests, watch the site folder, then rebuild and publish after each quiet burst of
//! changes until Ctrl-C, and stop.

use super::builder::Builder;
use super::http::{Published, Shared};
use super::listen::{bind, site_url};
use super::live::Hub;
use super::options::ServeOptions;
use super::say::Say;
use super::server::{Limits, Server};
use super::watch::{self, Changes, SitePaths, Watcher, Writing};
use crate::timing;
use anyhow::Result;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Instant;

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// Builds, serves and watches until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let say = Say { quiet: opts.quiet };
    let (listener, moved) = bind(opts.interface, opts.port)?;
    let addr = listener.local_addr()?;
    if let Some(note) = moved {
        say.progress(note);
    }
    let (tx, rx) = mpsc::channel::<Msg>();
    let serving = stop_on_ctrl_c(tx.clone())?;
    let (builder, published) = first_build(&opts, say)?;
    let limits = Limits::for_this_process();
    let hub = Hub::start(limits.streams);
    let build = published.build.clone();
    hub.announce(&build);
    let base_path = published.base_path.clone();
    let shared = Arc::new(Shared::new(published, hub, opts.interface.is_loopback()));
    let server = Server::start(listener, shared.clone(), limits)
        .map_err(|e| anyhow::anyhow!("cannot start the server: {e}"))?;

    serving.store(true, Ordering::SeqCst);
    let paths = match builder.config() {
        Some(config) => SitePaths::new(config),
        None => SitePaths::defaults(&builder.opts.root),
    };
    let watcher = Watcher::start(&paths, move |ev| {
        let _ = tx.send(Msg::Fs(ev));
    })?;
    let url = site_url(addr, &base_path);
    print_serving(&opts, &url, &paths, say);
    let mut session = Session {
        say,
        addr,
        builder,
        shared,
        paths,
        watcher,
        build,
        base_path,
    };
    session.rebuild_until_stopped(&rx);

    say.progress("Stopping.");
    drop(session.watcher);
    session.shared.hub.close();
    server.stop();
    Ok(())
}

/// Makes Ctrl-C stop the server between rebuilds. serve writes nothing to disk, so while
/// the first build runs (until the returned flag says it is serving), or at a second
/// Ctrl-C, it simply exits.
fn stop_on_ctrl_c(tx: Sender<Msg>) -> Result<Arc<AtomicBool>> {
    let stopping = Arc::new(AtomicBool::new(false));
    let serving = Arc::new(AtomicBool::new(false));
    let serving_now = serving.clone();
    ctrlc::set_handler(move || {
        if stopping.swap(true, Ordering::SeqCst) || !serving_now.load(Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = tx.send(Msg::Stop);
    })?;
    Ok(serving)
}

/// Builds the site the first time, and says how it went: the site to publish, or the
/// error page to serve until a save fixes it.
fn first_build(opts: &ServeOptions, say: Say) -> Result<(Builder, Published)> {
    // Absolute paths, so that the watcher's paths and the site's are the same.
    let mut build_opts = opts.build.clone();
    build_opts.root = std::fs::canonicalize(&build_opts.root).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot read the site folder: {e}",
            build_opts.root.display()
        )
    })?;
    let mut builder = Builder::new(build_opts, opts.quiet);
    let started = Instant::now();
    let first = builder.rebuild(&Changes {
        config: true,
        ..Default::default()
    });
    let mut published = Published::default();
    builder.take_update().apply(&mut published);
    match &first {
        Ok(done) => say.progress(format_args!(
            "Built {} review(s): {} files in {:.2} s",
            done.reviews,
            published.files.len(),
            started.elapsed().as_secs_f64()
        )),
        Err(e) => eprintln!("error: {e}\n(serving an error page until it is fixed)"),
    }
    Ok((builder, published))
}

/// The URL, once the site is served and watched: a script (or a test) that waits for
/// this line can open the URL and save files. Then who can reach it, and the browser.
fn print_serving(opts: &ServeOptions, url: &str, paths: &SitePaths, say: Say) {
    println!("Serving {url}");
    if opts.interface.is_unspecified() {
        println!(
            "note: listening on every network interface ({}): anyone who can reach this \
             machine can read the site. Leave out --interface to keep it to this machine.",
            opts.interface
        );
    } else if !opts.interface.is_loopback() {
        println!(
            "note: listening on {}: other machines on that network can read the site.",
            opts.interface
        );
    }
    say.progress(format_args!(
        "Watching {} for changes (book.toml, content, themes, static); live reload is on. \
         Press Ctrl-C to stop.",
        paths.root.display()
    ));
    if opts.open {
        if let Err(e) = opener::open(url) {
            say.warning(format_args!(
                "cannot open a browser ({e}); open {url} yourself"
            ));
        }
    }
}

/// The server while it runs: the site kept in memory, what is published from it, and
/// what is watched.
struct Session {
    say: Say,
    addr: SocketAddr,
    builder: Builder,
    shared: Arc<Shared>,
    paths: SitePaths,
    watcher: Watcher,
    /// The build id last announced to open pages.
    build: String,
    /// The base path the site is served under.
    base_path: String,
}

impl Session {
    /// The rebuild loop: gathers events until the folder is quiet, then rebuilds once;
    /// until Ctrl-C.
    fn rebuild_until_stopped(&mut self, rx: &Receiver<Msg>) {
        // Changes found without an event (folders that began to be watched).
        let mut carried: Option<Changes> = None;
        while let Some(changes) = self.gather(rx, carried.take()) {
            if changes.is_empty() {
                continue;
            }
            self.rebuild(&changes);
            carried = self.watch_again();
        }
    }

    /// The changes of one burst of events: from the first event (or `carried`) until the
    /// folder has been quiet for [`watch::QUIET`] with no file of the site left open for
    /// writing, or [`watch::MAX_WAIT`] has passed ([`watch::MAX_WRITE_WAIT`] while a file
    /// is open). `None`: stop.
    fn gather(&self, rx: &Receiver<Msg>, carried: Option<Changes>) -> Option<Changes> {
        let mut writing = Writing::default();
        let mut changes = match carried {
            Some(c) => c,
            None => {
                let mut changes = Changes::default();
                match rx.recv() {
                    Ok(Msg::Fs(ev)) => self.note(ev, &mut changes, &mut writing),
                    Ok(Msg::Stop) | Err(_) => return None,
                }
                changes
            }
        };
        let started = Instant::now();
        loop {
            let limit = match writing.is_empty() {
                true => watch::MAX_WAIT,
                false => watch::MAX_WRITE_WAIT,
            };
            let left = (started + limit).saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            match rx.recv_timeout(watch::QUIET.min(left)) {
                Ok(Msg::Fs(ev)) => self.note(ev, &mut changes, &mut writing),
                Ok(Msg::Stop) => return None,
                Err(RecvTimeoutError::Timeout) if writing.is_empty() => break,
                // Quiet, but a file is still open for writing: wait for it to be closed.
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(changes)
    }

    /// Adds a file event to `changes`, and to the files being written.
    fn note(
        &self,
        ev: notify::Result<notify::Event>,
        changes: &mut Changes,
        writing: &mut Writing,
    ) {
        match ev {
            Ok(ev) if watch::is_change(&ev.kind) => {
                for p in &ev.paths {
                    self.paths.classify(p, changes);
                    if self.paths.is_input(p) {
                        writing.note(&ev.kind, p);
                    }
                }
            }
            Ok(_) => {}
            // Lost events (a queue overflow): list everything again.
            Err(e) => {
                self.say
                    .warning(format_args!("file watching: {e}; reading the site again"));
                changes.config = true;
            }
        }
    }

    /// Rebuilds what `changes` affect, publishes it, tells open pages, and says so.
    fn rebuild(&mut self, changes: &Changes) {
        let say = self.say;
        let start = Instant::now();
        let outcome = self.builder.rebuild(changes);
        let update = self.builder.take_update();
        let new_build = update.build != self.build;
        self.build = update.build.clone();
        let moved = (update.base_path != self.base_path).then(|| update.base_path.clone());
        timing::time("publish", || self.shared.apply(update));
        if new_build {
            self.shared.hub.announce(&self.build);
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        match outcome {
            Ok(done) if done.files + done.removed == 0 => say.progress(format_args!(
                "{} · nothing to update ({ms:.0} ms)",
                done.what
            )),
            Ok(done) => {
                say.progress(format_args!(
                    "{} · {} file(s) updated in {ms:.0} ms",
                    done.what,
                    done.files + done.removed
                ));
                if let Some(now) = moved {
                    println!("The site moved: serving {}", site_url(self.addr, &now));
                    self.base_path = now;
                }
            }
            Err(e) => eprintln!("error: {e}\n(the browser shows this error until a save fixes it)"),
        }
    }

    /// Watches the site's folders as the configuration now names them. Returns the
    /// changes in folders that began to be watched: files may have been written into a
    /// new folder before its watch began.
    fn watch_again(&mut self) -> Option<Changes> {
        if let Some(config) = self.builder.config() {
            self.paths = SitePaths::new(config);
        }
        match self.watcher.update(&self.paths) {
            Ok(added) if !added.is_empty() => {
                let mut changes = Changes::default();
                for dir in &added {
                    self.paths.classify(dir, &mut changes);
                }
                Some(changes)
            }
            Ok(_) => None,
            Err(e) => {
                self.say.warning(format_args!("{e:#}"));
                None
            }
        }
    }
}
