//! `reviewsite serve` as a user meets it: pages with the right content types, HEAD, the
//! site's 404 page, directories, the base path, no way out of the site, rebuilds announced
//! on the event stream, an error page that recovers, many clients at once, a port in use,
//! and Ctrl-C. Each test runs the real binary on a copy of the bundled example.

use crate::support::serve::{self, request};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROUND2: &str = "20260406-143003-pr-212";

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} holds {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn pages_have_their_types_head_404_and_directories() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let types = [
        ("/", "text/html; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/search.js", "text/javascript; charset=utf-8"),
        ("/search-index.js", "text/javascript; charset=utf-8"),
        ("/reviews.json", "application/json; charset=utf-8"),
        ("/feed.xml", "text/xml; charset=utf-8"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml; charset=utf-8"),
        ("/20260406-143003-pr-212.md", "text/markdown; charset=utf-8"),
        ("/repos/acme/tern/", "text/html; charset=utf-8"),
        ("/agents/", "text/html; charset=utf-8"),
    ];
    for (path, want) in types {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("Content-Type"), Some(want), "{path}");
        assert_eq!(
            r.header("Content-Length").and_then(|l| l.parse().ok()),
            Some(r.body.len()),
            "{path}"
        );
        // HEAD: the same headers, no body.
        let h = server.head(path);
        assert_eq!(h.status, 200, "HEAD {path}");
        assert_eq!(h.header("Content-Type"), Some(want), "HEAD {path}");
        assert_eq!(h.header("Content-Length"), r.header("Content-Length"));
        assert!(h.body.is_empty(), "HEAD {path} has no body");
    }
    // The Markdown source is served as written.
    let md = server.get("/20260406-143003-pr-212.md");
    let on_disk = std::fs::read(root.join("content/acme/tern/20260406-143003-pr-212.md")).unwrap();
    assert_eq!(md.body, on_disk);
    // Big files are sent whole, with their length.
    let css = server.get("/style.css");
    assert!(css.body.len() > 32 * 1024, "a file larger than one write");
    let theme = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/static/style.css"
    );
    assert_eq!(css.body, std::fs::read(theme).unwrap());

    // Pages carry the live-reload script; other files do not change.
    let page = server.get("/index.html").text();
    assert!(page.contains("<script src=\"/__reviewsite/live-reload.js\" data-build=\""));
    assert!(page.trim_end().ends_with("</html>"));
    let script = server.get("/__reviewsite/live-reload.js");
    assert_eq!(script.status, 200);
    assert!(script.text().contains("EventSource"));

    // Directories: index.html, and /dir redirects to /dir/.
    let r = server.get("/repos/acme/tern");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("Location"), Some("/repos/acme/tern/"));
    let r = server.get("/agents?sort=x");
    assert_eq!(r.header("Location"), Some("/agents/"));

    // Missing files get the site's own 404 page, with status 404.
    for missing in ["/nope.html", "/repos/acme/nope/", "/style.css/x"] {
        let r = server.get(missing);
        assert_eq!(r.status, 404, "{missing}");
        assert!(
            r.text().contains("Page not found"),
            "{missing}: {}",
            r.text()
        );
        assert!(r.text().contains("live-reload.js"));
    }
    // Only GET and HEAD; only this machine's host names.
    assert_eq!(
        request(server.port, "POST", "/index.html", None).status,
        405
    );
    assert_eq!(
        request(
            server.port,
            "GET",
            "/index.html",
            Some("attacker.example:80")
        )
        .status,
        403
    );
    assert_eq!(
        request(server.port, "GET", "/index.html", Some("localhost:1")).status,
        200
    );
    // Serving wrote nothing into the site folder, and a build never carries the script.
    assert!(!root.join("public").exists(), "serve never writes public/");
    let out = root.join("public");
    reviewsite::site::build(&crate::support::options(&root, &out, None)).expect("build");
    for f in crate::support::walk(&out) {
        let bytes = std::fs::read(&f).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__reviewsite"),
            "{} carries serve's script",
            f.display()
        );
    }
    let status = server.stop();
    assert!(status.success(), "Ctrl-C ends serve cleanly: {status}");
}

#[test]
fn no_request_reaches_a_file_outside_the_site() {
    let (tmp, root) = crate::support::example_site();
    // A secret beside the site, and links out of the static folder.
    let secret = "TOP-SECRET-4711";
    std::fs::write(tmp.path().join("secret.txt"), secret).unwrap();
    std::fs::write(root.join("secret.txt"), secret).unwrap();
    std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("static/link.txt"))
        .unwrap();
    std::os::unix::fs::symlink(tmp.path(), root.join("static/up")).unwrap();
    let server = serve::start(&root, &[]);
    let probes = [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/..%2f..%2fetc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2Fsecret.txt",
        "/.%2e/secret.txt",
        "//etc/passwd",
        "//secret.txt",
        "/%2fetc/passwd",
        "/..\\secret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/static/../secret.txt",
        "/repos/../../secret.txt",
        "/secret.txt",
        "/book.toml",
        "/content/acme/tern/20260406-143003-pr-212.md",
        "/link.txt",
        "/up/secret.txt",
        "/up/site/book.toml",
        "/etc/passwd",
        "/secret.txt%00.html",
        "/__reviewsite/../secret.txt",
    ];
    for probe in probes {
        let r = request(server.port, "GET", probe, None);
        assert!(
            r.status == 404 || r.status == 400,
            "{probe}: status {}",
            r.status
        );
        let body = r.text();
        assert!(!body.contains(secret), "{probe} leaked the secret");
        assert!(!body.contains("root:x:0:0"), "{probe} leaked /etc/passwd");
        assert!(!body.contains("[package]"), "{probe} leaked Cargo.toml");
    }
    // An absolute-form request target is not a way out either.
    let r = request(server.port, "GET", "http://127.0.0.1/../secret.txt", None);
    assert!(!r.text().contains(secret));
    // The server is still fine.
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn the_base_path_is_honoured() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &["--base-url", "https://acme.github.io/reviews/"]);
    assert!(server.url.ends_with("/reviews/"), "{}", server.url);
    let r = server.get("/");
    assert_eq!(r.status, 302);
    assert_eq!(r.header("Location"), Some("/reviews/"));
    let r = server.get("/reviews");
    assert_eq!(r.header("Location"), Some("/reviews/"));
    let index = server.get("/reviews/");
    assert_eq!(index.status, 200);
    assert!(index
        .text()
        .contains("<script src=\"/reviews/__reviewsite/live-reload.js\""));
    assert_eq!(server.get("/reviews/style.css").status, 200);
    assert_eq!(
        server.get("/reviews/__reviewsite/live-reload.js").status,
        200
    );
    assert_eq!(server.get("/style.css").status, 404);
    assert_eq!(server.get("/index.html").status, 404);
    // The 404 page's links start from the base path.
    let nf = server.get("/reviews/nope.html");
    assert_eq!(nf.status, 404);
    assert!(
        nf.text().contains("href=\"/reviews/style.css\""),
        "{}",
        nf.text()
    );
    let mut events = server.events();
    assert!(events.next_build(Duration::from_secs(5)).is_some());
}

#[test]
fn edits_are_rebuilt_announced_and_served() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let mut events = server.events();
    let first = events
        .next_build(Duration::from_secs(5))
        .expect("the stream names the current build");
    let page = format!("/{ROUND2}.html");
    assert!(server
        .get(&page)
        .text()
        .contains(&format!("data-build=\"{first}\"")));

    // Edit a report: a new build is announced and serves the edit.
    let report = root.join(format!("content/acme/tern/{ROUND2}.md"));
    let start = Instant::now();
    edit(
        &report,
        "measurable GC pressure.",
        "measurable GC pressure (wombat).",
    );
    let second = events
        .next_build(Duration::from_secs(10))
        .expect("a rebuild is announced");
    assert_ne!(second, first);
    eprintln!("save to event: {:?}", start.elapsed());
    let html = server.get(&page).text();
    assert!(html.contains("wombat"));
    assert!(html.contains(&format!("data-build=\"{second}\"")));
    assert!(server.get("/search/t0.js").text().contains("\"wombat\""));

    // A save that changes nothing reloads nothing.
    std::fs::write(&report, std::fs::read(&report).unwrap()).unwrap();
    assert!(
        events.next_build(Duration::from_millis(800)).is_none(),
        "no reload for an unchanged file"
    );
    assert!(server.wait_output("nothing to update", Duration::from_secs(5)));

    // A burst of saves (eleven here, as fast as they come) is gathered into one rebuild
    // (two at most, should this test be held up for longer than the quiet window).
    for i in 0..5 {
        edit(&report, "wombat", &format!("wombat{i}"));
        let text = std::fs::read_to_string(&report).unwrap();
        std::fs::write(&report, text.replace(&format!("wombat{i}"), "wombat")).unwrap();
    }
    edit(&report, "wombat", "numbat");
    let mut third = events.next_build(Duration::from_secs(10)).expect("rebuilt");
    let mut rebuilds = 1;
    while let Some(id) = events.next_build(Duration::from_millis(800)) {
        third = id;
        rebuilds += 1;
    }
    assert!(
        rebuilds <= 2,
        "{rebuilds} rebuilds for one burst of 11 saves"
    );
    assert_ne!(third, second);
    assert!(server.get(&page).text().contains("numbat"));

    // Removing a report removes its page; putting it back brings it back.
    let text = std::fs::read(&report).unwrap();
    std::fs::remove_file(&report).unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_eq!(server.get(&page).status, 404);
    assert!(!server.get("/index.html").text().contains(ROUND2));
    let renamed = report.with_file_name("20260406-143003-pr-212-bis.md");
    std::fs::write(&renamed, &text).unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_eq!(server.get("/20260406-143003-pr-212-bis.html").status, 200);

    // A broken book.toml: every page is an error page naming the file and line, escaped;
    // the server keeps running and recovers on the next good save.
    let book = root.join("book.toml");
    let good = std::fs::read_to_string(&book).unwrap();
    std::fs::write(
        &book,
        format!("{good}\ntitle = <script>alert(1)</script>\n"),
    )
    .unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    let r = server.get("/index.html");
    assert_eq!(r.status, 500);
    let body = r.text();
    assert!(body.contains("book.toml"), "{body}");
    assert!(body.contains("line"), "names the line: {body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
    assert!(!body.contains("<script>alert"), "the error is escaped");
    assert!(
        body.contains("live-reload.js"),
        "the error page reloads by itself"
    );
    assert_eq!(server.get("/style.css").status, 200, "assets still served");
    std::fs::write(&book, &good).unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    let r = server.get("/index.html");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("Acme review archive"));

    // A theme file: pages change without any report being parsed again.
    let css = root.join("themes/default/static/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::write(&css, "body { color: rebeccapurple }").unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    // Creating the folder and writing the file may be two rebuilds on a busy machine.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !server.get("/style.css").text().contains("rebeccapurple") {
        assert!(
            std::time::Instant::now() < deadline,
            "the new style.css was never served"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        server.wait_output("the theme changed", Duration::from_secs(5)),
        "{}",
        server.output()
    );
}

/// A save that pauses mid-write (a slow disk, a tool writing in pieces) is rebuilt once the
/// file is closed, never from its first half. Linux: the watcher reports closes there.
#[test]
#[cfg(target_os = "linux")]
fn a_save_that_pauses_mid_write_is_not_served_half_written() {
    use std::io::Write;
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let mut events = server.events();
    let first = events
        .next_build(Duration::from_secs(5))
        .expect("first build");
    let report = root.join(format!("content/acme/tern/{ROUND2}.md"));
    let text = std::fs::read_to_string(&report).unwrap();
    let edited = text.replacen(
        "measurable GC pressure.",
        "measurable GC pressure (quokka).",
        1,
    );
    assert_ne!(edited, text);
    let (head, tail) = edited.split_at(edited.len() / 2);
    let mut f = std::fs::File::create(&report).unwrap();
    f.write_all(head.as_bytes()).unwrap();
    f.flush().unwrap();
    // Far longer than the quiet window: the folder is quiet, the file is still open.
    std::thread::sleep(Duration::from_millis(600));
    f.write_all(tail.as_bytes()).unwrap();
    drop(f);
    // One rebuild, of the whole file (a rebuild of the first half would be announced
    // too, before or after it).
    let second = events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_ne!(second, first);
    assert_eq!(
        events.next_build(Duration::from_secs(3)),
        None,
        "a second rebuild: the first was of a half-written file"
    );
    let page = server.get(&format!("/{ROUND2}.html")).text();
    assert!(page.contains("quokka"), "the whole file is served");
    assert!(page.contains(&format!("data-build=\"{second}\"")));
    assert!(
        !server.output().contains("findings were parsed"),
        "{}",
        server.output()
    );
}

#[test]
fn fifty_clients_for_ten_seconds_never_stall_the_server() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let port = server.port;
    // Open pages hold event streams: they must not take the request threads.
    let streams: Vec<_> = (0..30).map(|_| server.events()).collect();
    let paths = [
        "/",
        "/index.html",
        "/style.css",
        "/search-index.js",
        "/agents/",
        "/20260406-143003-pr-212.html",
        "/nope.html",
        "/..%2f..%2fetc/passwd",
    ];
    let statuses = Arc::new(Mutex::new(BTreeMap::<u16, usize>::new()));
    let done = Arc::new(AtomicBool::new(false));
    let slowest = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..50)
        .map(|i| {
            let statuses = statuses.clone();
            let done = done.clone();
            let slowest = slowest.clone();
            std::thread::spawn(move || {
                let mut n = i;
                while !done.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let r = request(port, "GET", paths[n % paths.len()], None);
                    let ms = t.elapsed().as_millis() as usize;
                    slowest.fetch_max(ms, Ordering::Relaxed);
                    *statuses.lock().unwrap().entry(r.status).or_default() += 1;
                    n += 1;
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(10));
    done.store(true, Ordering::Relaxed);
    for c in clients {
        c.join().expect("client thread");
    }
    let statuses = statuses.lock().unwrap().clone();
    let total: usize = statuses.values().sum();
    eprintln!(
        "{total} requests in 10 s: {statuses:?}, slowest {} ms",
        slowest.load(Ordering::Relaxed)
    );
    assert!(
        statuses.keys().all(|s| *s == 200 || *s == 404),
        "only 200 and 404: {statuses:?}"
    );
    assert!(total > 500, "the server kept answering: {total} requests");
    // Still serving, and the streams still get events.
    assert_eq!(server.get("/index.html").status, 200);
    drop(streams);
    let mut events = server.events();
    assert!(events.next_build(Duration::from_secs(5)).is_some());
}

#[test]
fn a_port_in_use_is_explained() {
    let (_tmp, root) = crate::support::example_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = serve::try_start(&root, &["--port", &port])
        .err()
        .expect("serve cannot start on a port in use");
    assert!(out.contains("already in use"), "{out}");
    assert!(out.contains("--port"), "says what to do: {out}");

    // Without --port, a busy 3000 moves the server to the next free port, said on screen.
    let held = std::net::TcpListener::bind("127.0.0.1:3000").ok();
    let server = serve::start_on_default_port(&root);
    assert_ne!(server.port, 3000);
    assert!(
        server
            .output()
            .contains("Port 3000 is in use; serving on port"),
        "{}",
        server.output()
    );
    drop(held);
}
