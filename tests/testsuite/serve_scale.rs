//! `serve` at scale (issue 21): text answered gzip-encoded to a client that accepts it and
//! plain to one that does not, the same after decoding; a report's `.md` served from the
//! report itself; and a page asked for while the site is still being rendered first
//! answered with the right page (never a 404), before the rest of the site is rendered.

use crate::support::serve::{self, request_with, Reply};
use flate2::read::GzDecoder;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

const ROUND2: &str = "20260406-143003-pr-212";

fn get(server: &serve::Server, target: &str, gzip: bool) -> Reply {
    method(server, "GET", target, gzip)
}

fn method(server: &serve::Server, method: &str, target: &str, gzip: bool) -> Reply {
    let host = format!("Host: 127.0.0.1:{}\r\n", server.port);
    let accept = match gzip {
        true => "Accept-Encoding: gzip, deflate, br\r\n",
        false => "",
    };
    request_with(server.port, method, target, &format!("{host}{accept}"))
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a valid gzip body");
    out
}

#[test]
fn text_is_gzip_to_clients_that_accept_it_and_plain_to_the_others() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    for path in [
        "/",
        &format!("/{ROUND2}.html"),
        "/repos/acme/tern/",
        "/style.css",
        "/search-index.js",
        "/reviews.json",
        "/feed.xml",
        "/nope.html",
    ] {
        let plain = get(&server, path, false);
        let zipped = get(&server, path, true);
        assert_eq!(plain.status, zipped.status, "{path}");
        assert!(
            [200, 404].contains(&plain.status),
            "{path}: {}",
            plain.status
        );
        assert_eq!(plain.header("Content-Encoding"), None, "{path}");
        assert_eq!(zipped.header("Content-Encoding"), Some("gzip"), "{path}");
        assert_eq!(zipped.header("Vary"), Some("Accept-Encoding"), "{path}");
        assert_eq!(plain.header("Content-Type"), zipped.header("Content-Type"));
        let length = |r: &Reply| r.header("Content-Length").and_then(|l| l.parse().ok());
        assert_eq!(length(&zipped), Some(zipped.body.len()), "{path}");
        assert_eq!(length(&plain), Some(plain.body.len()), "{path}");
        assert!(zipped.body.len() < plain.body.len(), "{path}: compressed");
        assert_eq!(gunzip(&zipped.body), plain.body, "{path}: the same decoded");
        // HEAD: the same headers as GET, for each encoding.
        let head = method(&server, "HEAD", path, true);
        assert_eq!(
            head.header("Content-Length"),
            zipped.header("Content-Length")
        );
        assert_eq!(head.header("Content-Encoding"), Some("gzip"));
        assert!(head.body.is_empty());
    }
    // A page carries the live-reload script, whichever way it is sent.
    let page = String::from_utf8(gunzip(&get(&server, "/", true).body)).unwrap();
    assert!(page.contains("live-reload.js\" data-build=\""));
    assert!(page.trim_end().ends_with("</html>"));
    // A client that refuses gzip gets it plain; images are never encoded.
    let refused = request_with(
        server.port,
        "GET",
        "/",
        &format!(
            "Host: 127.0.0.1:{}\r\nAccept-Encoding: gzip;q=0, br\r\n",
            server.port
        ),
    );
    assert_eq!(refused.header("Content-Encoding"), None);
    assert_eq!(refused.body, get(&server, "/", false).body);
    let icon = get(&server, "/favicon.ico", true);
    assert_eq!(icon.status, 200);
    assert_eq!(icon.header("Content-Encoding"), None);

    // After a save, both encodings serve the new page alike.
    let mut events = server.events();
    events.next_build(Duration::from_secs(5)).expect("a build");
    let report = root.join(format!("content/acme/tern/{ROUND2}.md"));
    let text = std::fs::read_to_string(&report).unwrap();
    let text = text.replacen(
        "## Executive Summary\n",
        "## Executive Summary\n\nSaved again.\n",
        1,
    );
    std::fs::write(&report, text).unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    let path = format!("/{ROUND2}.html");
    let plain = get(&server, &path, false);
    assert!(plain.text().contains("Saved again."));
    assert_eq!(gunzip(&get(&server, &path, true).body), plain.body);
}

#[test]
#[cfg(target_os = "linux")]
fn a_reports_markdown_is_served_from_the_report_itself() {
    let (_tmp, root) = crate::support::example_site();
    let server = serve::start(&root, &[]);
    let report = root.join(format!("content/acme/tern/{ROUND2}.md"));
    let md = format!("/{ROUND2}.md");
    assert_eq!(
        get(&server, &md, true).body,
        std::fs::read(&report).unwrap()
    );
    // A save held back (the file is still open for writing, so no rebuild yet): the page
    // is the one rendered before, the `.md` is the report as it is on disk now.
    let page_before = get(&server, &format!("/{ROUND2}.html"), false).body;
    let mut text = std::fs::read_to_string(&report).unwrap();
    text.push_str("\nA paragraph written while the file is open.\n");
    let mut file = std::fs::File::create(&report).unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let now = get(&server, &md, false);
    assert_eq!(now.status, 200);
    assert_eq!(now.text(), text, "served from the file, not a copy");
    assert_eq!(now.header("Content-Encoding"), None);
    assert_eq!(
        get(&server, &format!("/{ROUND2}.html"), false).body,
        page_before,
        "not rebuilt while the file is open"
    );
    drop(file);
}

/// A site of `n` copies of one report, each its own PR (so its own thread), in one
/// repository: enough pages that the first render takes a while in a debug build.
fn many_reviews(root: &Path, n: usize) -> Vec<String> {
    let src = crate::support::manifest_dir().join(format!("content/acme/tern/{ROUND2}.md"));
    let text = std::fs::read_to_string(src).unwrap();
    let dir = root.join("content/acme/tern");
    std::fs::create_dir_all(&dir).unwrap();
    (0..n)
        .map(|i| {
            let pr = 1000 + i;
            let stem = format!(
                "2026{:02}{:02}-{:06}-pr-{pr}",
                1 + i / 28 % 12,
                1 + i % 28,
                i
            );
            let body = text
                .replace(
                    "[#212](https://github.com/acme/tern/pull/212)",
                    &format!("[#{pr}](https://github.com/acme/tern/pull/{pr})"),
                )
                .replace("| **Round** | 2 |", "| **Round** | 1 |");
            std::fs::write(dir.join(format!("{stem}.md")), body).unwrap();
            stem
        })
        .collect()
}

#[test]
fn a_page_asked_for_before_the_site_is_rendered_is_the_right_page() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let stems = many_reviews(&root, 400);
    let server = serve::start(&root, &[]);
    // Asked for at once: the last review page, a repository page, a review's Markdown.
    let last = format!("/{}.html", stems.last().unwrap());
    let early = get(&server, &last, true);
    let built_before = server.output().contains("Built ");
    assert_eq!(
        early.status, 200,
        "{last}: never a 404 for a page that will exist"
    );
    let early_md = get(&server, &format!("/{}.md", stems[7]), false);
    assert_eq!(early_md.status, 200);
    assert!(
        server.wait_output("Built 400 review(s)", Duration::from_secs(120)),
        "{}",
        server.output()
    );
    assert!(
        !built_before,
        "asked for and answered before the site was rendered (make the site larger?)"
    );
    // The same page as once the whole site is rendered (the same build: no reload).
    let late = get(&server, &last, true);
    assert_eq!(gunzip(&early.body), gunzip(&late.body));
    assert!(String::from_utf8(gunzip(&late.body))
        .unwrap()
        .contains(&format!("#{}", 1000 + stems.len() - 1)));
    // What is missing is still missing, once the site is rendered.
    assert_eq!(get(&server, "/nope.html", false).status, 404);
    assert_eq!(get(&server, "/repos/acme/tern/", false).status, 200);
}

/// Every file a sink received, the last write of each path (as on disk).
fn written(out: reviewsite::output::Collected) -> std::collections::BTreeMap<String, Vec<u8>> {
    out.into_files()
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .collect()
}

#[test]
fn a_site_rendered_a_few_units_at_a_time_is_the_site_rendered_at_once() {
    use reviewsite::output::Collected;
    use reviewsite::site::{BuildOptions, Site};
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (_tmp, root) = crate::support::example_site();
    let opts = BuildOptions {
        root,
        ..Default::default()
    };
    let mut whole = Site::load(&opts).unwrap();
    let at_once = Collected::default();
    whole.render(&at_once).unwrap();

    let mut site = Site::load(&opts).unwrap();
    let out = Collected::default();
    let wanted = [
        "repos/acme/tern/index.html".to_string(),
        format!("{ROUND2}.md"),
    ];
    // Two units a call besides the wanted ones.
    let budget = || {
        let n = AtomicUsize::new(0);
        move || n.fetch_add(1, Ordering::SeqCst) >= 2
    };
    let first = site.render_some(&out, &wanted, &budget()).unwrap();
    assert!(!first.complete);
    for path in &wanted {
        assert!(first.report.written.contains(path), "{path} written first");
    }
    let mut calls = 1;
    while !site.render_some(&out, &[], &budget()).unwrap().complete {
        calls += 1;
        assert!(calls < 200, "the render ends");
    }
    assert!(calls > 3, "rendered in several calls ({calls})");
    assert_eq!(written(out), written(at_once));
    // Nothing is left for a render to do.
    let again = Collected::default();
    assert!(site.render(&again).unwrap().written.is_empty());
}

/// The files made from every review, as `serve` answers them once a save is rebuilt,
/// are those a build of the saved site writes: the records of `threads.json` kept for the
/// threads the save did not touch, the search shards kept for the terms and reviews it did
/// not change, what is compressed again only where the bytes changed.
#[test]
fn after_saves_the_files_made_from_every_review_are_a_fresh_builds() {
    let (tmp, root) = crate::support::example_site();
    let stems = many_reviews(&root, 40);
    let server = serve::start(&root, &[]);
    assert!(
        server.wait_output("Built ", Duration::from_secs(120)),
        "{}",
        server.output()
    );
    let mut events = server.events();
    events.next_build(Duration::from_secs(5)).expect("a build");
    let round2 = root.join(format!("content/acme/tern/{ROUND2}.md"));
    let copy = root.join(format!("content/acme/tern/{}.md", stems[20]));
    for (report, from, to) in [
        // A finding's title in the second round of a thread (its lineage, its record).
        (
            &round2,
            "The middleware chain is rebuilt on every request",
            "The middleware chain is rebuilt on each request",
        ),
        // The text of a review of its own thread (its search terms).
        (
            &copy,
            "## Executive Summary\n",
            "## Executive Summary\n\nWombats were saved here.\n",
        ),
    ] {
        let text = std::fs::read_to_string(report).unwrap();
        assert!(text.contains(from));
        std::fs::write(report, text.replacen(from, to, 1)).unwrap();
        events.next_build(Duration::from_secs(20)).expect("rebuilt");
    }
    let out = tmp.path().join("built");
    reviewsite::site::build(&crate::support::options(&root, &out, None)).expect("build");
    let mut compared = 0;
    for (rel, built) in crate::support::snapshot(&out) {
        let made_from_all = rel == "threads.json"
            || rel == "reviews.json"
            || rel == "search-index.js"
            || rel.starts_with("search/")
            || rel == "feed.xml";
        if !made_from_all {
            continue;
        }
        let served = get(&server, &format!("/{rel}"), true);
        assert_eq!(served.status, 200, "{rel}");
        // (Not printed when they differ: they are long.)
        assert!(gunzip(&served.body) == built, "{rel}: served as built");
        assert!(
            get(&server, &format!("/{rel}"), false).body == built,
            "{rel}"
        );
        compared += 1;
    }
    assert!(compared > 4, "{compared} files compared");
    let threads = String::from_utf8(gunzip(&get(&server, "/threads.json", true).body)).unwrap();
    assert!(threads.contains("rebuilt on each request"));
    let index = get(&server, "/search-index.js", false).text();
    assert!(!index.is_empty());
}

/// Every file as a fresh load renders it, in memory.
fn rendered_fresh(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use reviewsite::site::{BuildOptions, Site};
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    let out = reviewsite::output::Collected::default();
    Site::load(&opts).unwrap().render(&out).unwrap();
    written(out)
}

/// A site kept as `serve` keeps it (its reviews packed away and their text freed after
/// each render, `threads.json`'s records kept) renders after each change what a fresh
/// load renders: edits in a thread, a report that a page names appearing (that page is
/// read again from disk to see it), a report going away, a title changing.
#[test]
fn a_site_packed_between_renders_renders_what_a_fresh_load_renders() {
    use reviewsite::site::{BuildOptions, Site};
    use std::collections::HashSet;
    let (_tmp, root) = crate::support::example_site();
    let opts = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let mut site = Site::load(&opts).unwrap();
    site.keep_between_renders();
    let mut files = std::collections::BTreeMap::new();
    let mut render = |site: &mut Site, touched: &[&Path]| {
        if !touched.is_empty() {
            let touched: HashSet<_> = touched.iter().map(|p| p.to_path_buf()).collect();
            site.refresh_content(&touched, false).unwrap();
        }
        let out = reviewsite::output::Collected::default();
        let report = site.render(&out).unwrap();
        for p in &report.removed {
            files.remove(p);
        }
        files.extend(written(out));
        site.pack_reviews();
        assert!(
            files == rendered_fresh(&root),
            "not as a fresh load renders it"
        );
        report
    };
    render(&mut site, &[]);
    let tern = root.join("content/acme/tern");
    let replace = |path: &Path, from: &str, to: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    let round2 = tern.join(format!("{ROUND2}.md"));
    replace(
        &round2,
        "The middleware chain is rebuilt on every request",
        "The middleware chain is made again on every request",
    );
    render(&mut site, &[&round2]);
    // A page names a review that does not exist yet; then it appears.
    let linking = tern.join("20260409-110847-pr-212.md");
    replace(
        &linking,
        "## Executive Summary\n",
        "## Executive Summary\n\nSee also [that review](20260601-090000-pr-400.md).\n",
    );
    render(&mut site, &[&linking]);
    let target = tern.join("20260601-090000-pr-400.md");
    std::fs::copy(tern.join("20260415-080212-supply-chain.md"), &target).unwrap();
    let r = render(&mut site, &[&target]);
    assert!(r
        .written
        .contains(&"20260409-110847-pr-212.html".to_string()));
    // One goes away; a title changes.
    let gone = tern.join("20260415-080212-supply-chain.md");
    std::fs::remove_file(&gone).unwrap();
    render(&mut site, &[&gone]);
    let text = std::fs::read_to_string(&round2).unwrap();
    let title = text.lines().find(|l| l.starts_with("| **PR** |")).unwrap();
    replace(&round2, title, &format!("{title} (renamed)"));
    render(&mut site, &[&round2]);
}

/// A site loaded for refreshing leaves the threads' lineage and the search documents to
/// its first render: the first call of a first render publishes the index without them
/// (and no page that shows them: no search index), a thread page asked for in that call
/// is rendered with the lineage, and the whole site is the site rendered at once either
/// way (the search index too).
#[test]
fn the_first_pages_do_not_wait_for_the_lineage_and_the_pages_that_show_it_have_it() {
    use reviewsite::output::Collected;
    use reviewsite::site::{BuildOptions, Site};
    let (_tmp, root) = crate::support::example_site();
    let opts = BuildOptions {
        root,
        ..Default::default()
    };
    let at_once = Collected::default();
    Site::load(&opts).unwrap().render(&at_once).unwrap();
    let at_once = written(at_once);
    let thread = at_once
        .keys()
        .find(|p| p.starts_with("repos/acme/tern/pr-212/"))
        .expect("the example has a thread of several rounds")
        .clone();
    for wanted in [vec!["index.html".to_string()], vec![thread.clone()]] {
        let mut site = Site::load(&opts).unwrap();
        let early = Collected::default();
        let first = site.render_some(&early, &wanted, &|| true).unwrap();
        // What the first call published is what the site has (it is not rendered again).
        let early = written(early);
        for (p, bytes) in &early {
            assert!(
                at_once.get(p) == Some(bytes),
                "{p}: not as rendered at once"
            );
        }
        let out = Collected::default();
        let shows_lineage = |p: &String| {
            p.starts_with("repos/acme/tern/pr-")
                || p == "threads.json"
                || p.ends_with("-pr-212.html")
        };
        for p in &wanted {
            assert!(first.report.written.contains(p), "{p} written first");
        }
        if wanted[0] == "index.html" {
            assert!(
                !first.report.written.iter().any(shows_lineage),
                "{:?}",
                first.report.written
            );
            assert!(
                !first
                    .report
                    .written
                    .iter()
                    .any(|p| p.starts_with("search-index")),
                "the search index waits for the documents: {:?}",
                first.report.written
            );
        }
        let mut calls = 0;
        while !site.render_some(&out, &[], &|| false).unwrap().complete {
            calls += 1;
            assert!(calls < 50, "the render ends");
        }
        let mut all = early;
        all.extend(written(out));
        let differ: Vec<&String> = at_once
            .keys()
            .chain(all.keys())
            .filter(|p| all.get(*p) != at_once.get(*p))
            .collect();
        assert!(
            differ.is_empty(),
            "{wanted:?} first: not as rendered at once: {differ:?}"
        );
    }
}
