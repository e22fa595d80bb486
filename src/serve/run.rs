//! `serve` from start to Ctrl-C, in its phases: listen and answer at once (requests wait
//! for what is not published yet), load the site, watch the site folder, render the site
//! a step at a time (the pages requests wait for first), then rebuild and publish after
//! each quiet burst of changes until Ctrl-C, and stop.

use super::builder::Builder;
use super::listen::{bind, site_url};
use super::live::Hub;
use super::options::ServeOptions;
use super::published::{Published, Shared};
use super::say::Say;
use super::server::{Limits, Server};
use super::watch::{self, Changes, SitePaths, Watcher, Writing};
use crate::timing;
use anyhow::Result;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// How long a step of the first render may run while no request waits (each step is
/// published when it ends).
const STEP: Duration = Duration::from_millis(300);
/// The wait before a build that failed for want of resources is tried again, at first and
/// at most.
const FIRST_RETRY_WAIT: Duration = Duration::from_secs(1);
const MAX_RETRY_WAIT: Duration = Duration::from_secs(16);

/// Builds, serves and watches until Ctrl-C.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let say = Say { quiet: opts.quiet };
    let started = Instant::now();
    let (listener, moved) = bind(opts.interface, opts.port)?;
    let addr = listener.local_addr()?;
    if let Some(note) = moved {
        say.progress(note);
    }
    let (tx, rx) = mpsc::channel::<Msg>();
    let serving = stop_on_ctrl_c(tx.clone())?;
    let limits = Limits::for_this_process();
    let hub = Hub::start(limits.streams);
    let shared = Arc::new(Shared::new(
        Published::default(),
        hub,
        opts.interface.is_loopback(),
    ));
    // Listening from now on: requests wait until what they ask for is published.
    let server = Server::start(listener, shared.clone(), limits)
        .map_err(|e| anyhow::anyhow!("cannot start the server: {e}"))?;
    let mut builder = load(&opts)?;
    let build = publish(&mut builder, &shared, "");
    let base_path = shared.current().base_path.clone();
    let paths = match builder.config() {
        Some(config) => SitePaths::new(config),
        None => SitePaths::defaults(&builder.opts.root),
    };
    // Watching before the first render: a save during it is rebuilt after it.
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
        retry_wait: FIRST_RETRY_WAIT,
    };
    session.first_render(started);
    serving.store(true, Ordering::SeqCst);
    session.rebuild_until_stopped(&rx);

    say.progress("Stopping.");
    drop(session.watcher);
    session.shared.hub.close();
    server.stop();
    Ok(())
}

/// Publishes what the builder did since the last time, and announces its build to open
/// pages when it is not `announced`: the first build before its pages are published (a
/// page served from it must not reload), a later one after (a page reloading gets the new
/// files). Returns the build.
fn publish(builder: &mut Builder, shared: &Shared, announced: &str) -> String {
    let update = builder.take_update();
    let build = update.build.clone();
    if announced.is_empty() {
        shared.hub.announce(&build);
    }
    timing::time("publish", || shared.apply(update));
    if !announced.is_empty() && build != announced {
        shared.hub.announce(&build);
    }
    build
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

/// Loads the site the first time. An error is the error page, served until a save fixes
/// it.
fn load(opts: &ServeOptions) -> Result<Builder> {
    // Absolute paths, so that the watcher's paths and the site's are the same.
    let mut build_opts = opts.build.clone();
    build_opts.root = std::fs::canonicalize(&build_opts.root).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot read the site folder: {e}",
            build_opts.root.display()
        )
    })?;
    let mut builder = Builder::new(build_opts, opts.quiet);
    if let Err(e) = timing::time("load", || builder.load_first()) {
        eprintln!("error: {e:#}\n{}", until_fixed(&builder));
    }
    Ok(builder)
}

/// What happens after a failed build: the browser shows the error until a save fixes it,
/// or, when the process ran short of file descriptors or memory, until a retry works.
fn until_fixed(builder: &Builder) -> &'static str {
    match builder.worth_retrying() {
        true => {
            "(the process is short of resources: the browser shows this error and the \
                 build is tried again in a moment)"
        }
        false => "(the browser shows this error until a save fixes it)",
    }
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
    /// How long to wait before building again after a build that failed for want of file
    /// descriptors or memory (doubling, up to [`MAX_RETRY_WAIT`]).
    retry_wait: Duration,
}

impl Session {
    /// Renders the site loaded the first time, a step at a time, each step published: the
    /// pages requests wait for first, then the others until a request waits or the step
    /// has run for [`STEP`]. Says how long the whole took, from `started`.
    fn first_render(&mut self, started: Instant) {
        let mut rendered = !self.builder.rendering();
        // The error printed when the site was loaded, if any: not printed twice.
        let mut shown = self.builder.error().map(str::to_string);
        while !rendered {
            let wanted = self.shared.take_wanted();
            let step_start = Instant::now();
            let shared = &self.shared;
            let stop = || shared.is_wanted() || step_start.elapsed() > STEP;
            let step = self.builder.render_step(&wanted, &stop);
            self.build = publish(&mut self.builder, &self.shared, &self.build);
            match step {
                Ok(None) => {}
                Ok(Some(done)) => {
                    rendered = true;
                    // The reviews packed away; what rendering used and freed (page
                    // buffers, per thread) goes back.
                    self.builder.pack_reviews();
                    if std::env::var_os("REVIEWSITE_TIMINGS").is_some() {
                        let site = self.shared.current();
                        let held: usize = site.files.values().map(|f| f.held()).sum();
                        let what = format!("pages kept: {} MB", held >> 20);
                        timing::time(&what, || ());
                    }
                    self.say.progress(format_args!(
                        "Built {} review(s): {} files in {:.2} s",
                        done.reviews,
                        self.shared.current().files.len(),
                        started.elapsed().as_secs_f64()
                    ));
                }
                Err(e) => {
                    let error = format!("{e:#}");
                    if shown.as_ref() != Some(&error) {
                        eprintln!("error: {error}\n{}", until_fixed(&self.builder));
                        shown = Some(error);
                    }
                    rendered = true;
                }
            }
        }
    }

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
                match self.first_event(rx) {
                    Ok(Msg::Fs(ev)) => self.note(ev, &mut changes, &mut writing),
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
                    // Time to try the failed build again: everything is read again.
                    Err(RecvTimeoutError::Timeout) => changes.config = true,
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

    /// The first event of a burst; a timeout when the last build failed for want of file
    /// descriptors or memory and it is time to try again.
    fn first_event(&self, rx: &Receiver<Msg>) -> Result<Msg, RecvTimeoutError> {
        match self.builder.worth_retrying() {
            true => rx.recv_timeout(self.retry_wait),
            false => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        }
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
            // After the files: a page reloading now gets the new ones.
            self.shared.hub.announce(&self.build);
        }
        self.builder.pack_reviews();
        self.retry_wait = match self.builder.worth_retrying() {
            true => (self.retry_wait * 2).min(MAX_RETRY_WAIT),
            false => FIRST_RETRY_WAIT,
        };
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
            Err(e) => eprintln!("error: {e}\n{}", until_fixed(&self.builder)),
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
