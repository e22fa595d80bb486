//! `reviewsite serve`: a local preview. It builds the site into memory, serves it over
//! HTTP (on the loopback interface unless told otherwise), watches the site folder, and
//! after each change rebuilds what the change affects and reloads the open pages.
//!
//! It is `build` plus a watcher: the same [`Site`] pipeline renders the pages, into memory
//! ([`Collected`]) instead of a staging folder, so `serve` never writes to disk and never
//! touches the output folder. Only the pages it serves carry the live-reload script.
//!
//! - `http.rs`: request routing, content types, the published site;
//! - `live.rs`: the live-reload script, event streams and the error page;
//! - `watch.rs`: what is watched and what a change means.

pub mod http;
pub mod live;
pub mod watch;

use crate::diagnostics::{self, Diagnostic, Level};
use crate::output::Collected;
use crate::site::BuildOptions;
use crate::site::Site;
use anyhow::{bail, Result};
use http::{Published, Shared, Update};
use live::Hub;
use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use watch::{Changes, SitePaths};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub interface: IpAddr,
    /// `None`: 3000, or the next free port.
    pub port: Option<u16>,
    /// Open the site in the default browser.
    pub open: bool,
    /// `--quiet`: print the URL, the reminder that the preview is open to the network, and
    /// errors; not the progress and the warnings.
    pub quiet: bool,
}

/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 3000;
/// Threads answering requests (event streams are held elsewhere, see [`live::Hub`]).
const WORKERS: usize = 8;

/// What `serve` prints beyond errors, which are always printed. The URL line (and the
/// new one when the site moves), and the reminder that the preview is open to the
/// network, are printed even with `--quiet`; progress and warnings are not.
#[derive(Clone, Copy)]
struct Say {
    quiet: bool,
}

impl Say {
    /// A line of progress on stdout, left out with `--quiet`.
    fn progress(self, line: impl std::fmt::Display) {
        if !self.quiet {
            println!("{line}");
        }
    }

    /// `warning: …` on stderr, left out with `--quiet`.
    fn warning(self, line: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("warning: {line}");
        }
    }
}

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
    // Ctrl-C stops the server between rebuilds. serve writes nothing to disk, so while
    // the first build runs, or at a second Ctrl-C, it simply exits.
    let stopping = Arc::new(AtomicBool::new(false));
    let serving = Arc::new(AtomicBool::new(false));
    {
        let tx = tx.clone();
        let stopping = stopping.clone();
        let serving = serving.clone();
        ctrlc::set_handler(move || {
            if stopping.swap(true, Ordering::SeqCst) || !serving.load(Ordering::SeqCst) {
                std::process::exit(130);
            }
            let _ = tx.send(Msg::Stop);
        })?;
    }

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
    let hub = Hub::start();
    let mut build = published.build.clone();
    hub.announce(&build);
    let mut base_path = published.base_path.clone();
    let shared = Arc::new(Shared::new(published, hub, opts.interface.is_loopback()));

    let server = Arc::new(
        tiny_http::Server::from_listener(listener, None)
            .map_err(|e| anyhow::anyhow!("cannot start the server: {e}"))?,
    );
    let workers: Vec<_> = (0..WORKERS)
        .map(|i| {
            let server = server.clone();
            let shared = shared.clone();
            std::thread::Builder::new()
                .name(format!("http-{i}"))
                .spawn(move || {
                    while let Ok(rq) = server.recv() {
                        http::handle(rq, &shared);
                    }
                })
                .expect("start a request thread")
        })
        .collect();

    serving.store(true, Ordering::SeqCst);
    let mut paths = match builder.config() {
        Some(config) => SitePaths::new(config),
        None => SitePaths::defaults(&builder.opts.root),
    };
    let watch_tx = tx.clone();
    let mut watcher = watch::Watcher::start(&paths, move |ev| {
        let _ = watch_tx.send(Msg::Fs(ev));
    })?;
    // Printed once the site is served and watched: a script (or a test) that waits for
    // this line can open the URL and save files.
    let url = site_url(addr, &base_path);
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
        if let Err(e) = opener::open(&url) {
            say.warning(format_args!(
                "cannot open a browser ({e}); open {url} yourself"
            ));
        }
    }

    // The rebuild loop: gather events until the folder is quiet, then rebuild once.
    // `carried`: changes found without an event (folders that began to be watched).
    let mut carried: Option<Changes> = None;
    'serve: loop {
        let mut changes = match carried.take() {
            Some(c) => c,
            None => {
                let mut changes = Changes::default();
                match rx.recv() {
                    Ok(Msg::Fs(ev)) => note(&paths, ev, &mut changes, say),
                    Ok(Msg::Stop) | Err(_) => break,
                }
                changes
            }
        };
        let deadline = Instant::now() + watch::MAX_WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(watch::QUIET.min(left)) {
                Ok(Msg::Fs(ev)) => note(&paths, ev, &mut changes, say),
                Ok(Msg::Stop) => break 'serve,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break 'serve,
            }
            if left.is_zero() {
                break;
            }
        }
        if changes.is_empty() {
            continue;
        }
        let start = Instant::now();
        let outcome = builder.rebuild(&changes);
        let update = builder.take_update();
        let new_build = update.build != build;
        build = update.build.clone();
        let moved = (update.base_path != base_path).then(|| update.base_path.clone());
        crate::timing::time("publish", || shared.apply(update));
        if new_build {
            shared.hub.announce(&build);
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
                    println!("The site moved: serving {}", site_url(addr, &now));
                    base_path = now;
                }
            }
            Err(e) => eprintln!("error: {e}\n(the browser shows this error until a save fixes it)"),
        }
        if let Some(config) = builder.config() {
            paths = SitePaths::new(config);
        }
        match watcher.update(&paths) {
            // Files may have been written into a new folder before its watch began.
            Ok(added) if !added.is_empty() => {
                let mut changes = Changes::default();
                for dir in &added {
                    paths.classify(dir, &mut changes);
                }
                carried = Some(changes);
            }
            Ok(_) => {}
            Err(e) => say.warning(format_args!("{e:#}")),
        }
    }

    say.progress("Stopping.");
    drop(watcher);
    shared.hub.close();
    for _ in &workers {
        server.unblock();
    }
    for w in workers {
        let _ = w.join();
    }
    Ok(())
}

/// Adds a file event to `changes`.
fn note(paths: &SitePaths, ev: notify::Result<notify::Event>, changes: &mut Changes, say: Say) {
    match ev {
        Ok(ev) if watch::is_change(&ev.kind) => {
            for p in &ev.paths {
                paths.classify(p, changes);
            }
        }
        Ok(_) => {}
        // Lost events (a queue overflow): list everything again.
        Err(e) => {
            say.warning(format_args!("file watching: {e}; reading the site again"));
            changes.config = true;
        }
    }
}

/// `http://127.0.0.1:3000/base/`.
fn site_url(addr: SocketAddr, base_path: &str) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => "127.0.0.1".to_string(),
        ip if ip.is_unspecified() => "[::1]".to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!("http://{host}:{}{base_path}", addr.port())
}

/// Listens on `interface:port`; with no port, on 3000 or the next free port (and says so).
fn bind(interface: IpAddr, port: Option<u16>) -> Result<(TcpListener, Option<String>)> {
    let explain = |port: u16, e: std::io::Error| -> anyhow::Error {
        match e.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "port {port} on {interface} is already in use (another `reviewsite serve`?): \
                 stop that server, choose another port with --port, or leave --port out to \
                 take the next free port from {DEFAULT_PORT}"
            ),
            std::io::ErrorKind::AddrNotAvailable => anyhow::anyhow!(
                "cannot listen on {interface}: this machine has no such address \
                 (--interface takes one of its own addresses, e.g. 127.0.0.1)"
            ),
            std::io::ErrorKind::PermissionDenied => anyhow::anyhow!(
                "cannot listen on port {port}: permission denied (ports below 1024 need \
                 privileges; choose another with --port)"
            ),
            _ => anyhow::anyhow!("cannot listen on {interface}:{port}: {e}"),
        }
    };
    if let Some(port) = port {
        return Ok((
            TcpListener::bind((interface, port)).map_err(|e| explain(port, e))?,
            None,
        ));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + 100 {
        match TcpListener::bind((interface, port)) {
            Ok(l) => {
                let moved = (port != DEFAULT_PORT).then(|| {
                    format!("Port {DEFAULT_PORT} is in use; serving on port {port} instead.")
                });
                return Ok((l, moved));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => return Err(explain(port, e)),
        }
    }
    bail!(
        "ports {DEFAULT_PORT} to {} on {interface} are all in use: choose one with --port",
        DEFAULT_PORT + 99
    )
}

/// What a successful rebuild did, for the terminal.
struct Done {
    what: String,
    files: usize,
    removed: usize,
    reviews: usize,
}

/// The site in memory and the files published from it.
struct Builder {
    opts: BuildOptions,
    site: Option<Site>,
    /// The site was never rendered completely: its next render replaces every file.
    fresh: bool,
    /// `book.toml` could not be read: every rebuild loads everything again.
    config_failed: bool,
    /// What changed since the last update was taken.
    update: Update,
    base_path: String,
    error: Option<String>,
    /// Problems already printed (each is printed once).
    shown: HashSet<String>,
    /// `--quiet`: print no warnings (a failed rebuild prints its problems as its error).
    quiet: bool,
    instance: String,
    generation: u64,
}

impl Builder {
    fn new(opts: BuildOptions, quiet: bool) -> Builder {
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
            shown: HashSet::new(),
            quiet,
            instance: format!("{:x}", nanos ^ u128::from(std::process::id())),
            generation: 0,
        }
    }

    fn config(&self) -> Option<&crate::config::Config> {
        self.site.as_ref().map(|s| s.config())
    }

    /// What to publish since the last call: the files written and removed, and the build.
    fn take_update(&mut self) -> Update {
        let mut update = std::mem::take(&mut self.update);
        update.base_path = self.base_path.clone();
        update.build = format!("{}-{}", self.instance, self.generation);
        update.error = self.error.clone();
        update
    }

    /// Rebuilds what `changes` affect. On error the previous files stay published, under
    /// the error page.
    /// A rebuild that changed no file and no error keeps the build id: open pages do not
    /// reload for nothing (a file saved unchanged).
    fn rebuild(&mut self, changes: &Changes) -> Result<Done> {
        let error_before = self.error.clone();
        let result = self.try_rebuild(changes);
        if let Err(e) = &result {
            self.error = Some(format!("{e:#}"));
        }
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
            // Code read from checkouts stays valid (it is keyed by commit): keep it.
            let excerpts = self.site.as_ref().map(|s| s.excerpt_cache().clone());
            let site = Site::load_with(&self.opts, excerpts.unwrap_or_default())
                .inspect_err(|_| self.config_failed = true)?;
            self.config_failed = false;
            self.site = Some(site);
            self.fresh = true;
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
        let out = Collected::default();
        let report = crate::timing::time("render", || site.render(&out))?;
        let written = out.into_files();
        let files = written.len();
        let removed = report.removed.len();
        if std::mem::take(&mut self.fresh) {
            self.update = Update {
                replace_all: true,
                ..Default::default()
            };
        }
        self.update.removed.extend(report.removed);
        self.update.written.extend(written);
        self.base_path = site.config().base_path.clone();
        let diagnostics = site.diagnostics();
        let reviews = site.reviews();
        if !self.quiet {
            self.print_new(&diagnostics);
        }
        if let Some(failure) = diagnostics::failure(&diagnostics, self.opts.strict) {
            bail!("the site was not built: {}\n{failure}", failure.summary());
        }
        self.error = None;
        Ok(Done {
            what,
            files,
            removed,
            reviews,
        })
    }

    /// Prints the notes, warnings and errors not printed before, in order, identical
    /// messages grouped.
    fn print_new(&mut self, diagnostics: &[Diagnostic]) {
        let problems: Vec<(&Diagnostic, String)> = diagnostics
            .iter()
            .filter(|d| d.level >= Level::Note)
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

fn describe_content(found: &crate::site::ContentChanges, root: &Path) -> String {
    let shown = |p: &PathBuf| crate::content::shown_path(p, root);
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
