//! End-to-end tests of `reviewsite::site::{build, check}` on whole sites: the bundled
//! example, a sub-path deployment (checked with the link checker in `support/`), bad
//! reports beside good ones, failed builds, and `check`.

use crate::support::{options, read, show};

use crate::support::linkcheck::{self, Site};
use reviewsite::diagnostics::Level;
use reviewsite::site::{build, check, BuildOptions, BuildReport};
use std::path::PathBuf;

/// The diagnostics of a build other than the one `info` per repository saying that
/// `book.toml` names no checkout for code excerpts (the example configures none).
fn problems(report: &BuildReport) -> Vec<&reviewsite::diagnostics::Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| {
            !(d.level == Level::Info
                && d.file == "book.toml"
                && d.message.contains("names no checkout"))
        })
        .collect()
}

/// Findings each example review must show as anchored cards, by stem.
const EXAMPLE_FINDINGS: &[(&str, &[&str])] = &[
    (
        "20260402-091512-pr-212",
        &["C1", "C2", "I1", "I2", "I3", "S1", "S2", "S3", "S4"],
    ),
    ("20260406-143003-pr-212", &["I1", "I2", "S1", "S2", "S3"]),
    ("20260409-110847-pr-212", &["S1", "S2"]),
    (
        "20260320-000000-path-params",
        &["C1", "I1", "I2", "S1", "S2"],
    ),
    (
        "20260318-204455-pr-87",
        &["C1", "I1", "I2", "S1", "S2", "S3"],
    ),
    (
        "20260422-083117-streaming-renderer",
        &["C1", "I1", "I2", "S1", "S2"],
    ),
    (
        "20260428-190233-pr-104",
        &["I1", "I2", "I3", "S1", "S2", "S3"],
    ),
];

/// Ids that occur more than once on a page (invalid HTML, and ambiguous anchors).
fn duplicate_ids(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r#"\sid\s*=\s*"([^"]*)""#).expect("regex");
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for c in re.captures_iter(html) {
        *seen.entry(c[1].to_string()).or_default() += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(k, n)| format!("{k} ×{n}"))
        .collect()
}

/// Byte position of the first link to `<stem>.html` on a page.
fn first_link_to(html: &str, stem: &str) -> Option<usize> {
    let needle = format!("{stem}.html");
    html.find(&needle)
}

#[test]
fn example_site_builds_every_page() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("example site builds");
    let reports = crate::support::example_reports();
    assert!(reports.len() >= 7, "the example has at least 7 reports");
    assert_eq!(report.reviews, reports.len(), "{}", show(&report));
    assert!(
        problems(&report).is_empty(),
        "the bundled example should build without a single warning:\n{}",
        show(&report)
    );

    // The sitemap lists site paths here (base URL "/"); the sub-path test checks the
    // absolute form.
    for f in ["index.html", "404.html", ".nojekyll", "sitemap.xml"] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    // static/ is copied verbatim.
    assert_eq!(
        std::fs::read(out.join("favicon.svg")).expect("favicon copied"),
        std::fs::read(root.join("static/favicon.svg")).expect("favicon source")
    );
    for (stem, rel) in &reports {
        assert!(out.join(format!("{stem}.html")).is_file(), "{stem}.html");
        assert_eq!(
            std::fs::read(out.join(format!("{stem}.md"))).expect("source copied"),
            std::fs::read(root.join("content").join(rel)).expect("source"),
            "{stem}.md is the source Markdown, verbatim"
        );
    }
    for page in [
        "repos/acme/tern/index.html",
        "repos/acme/quill/index.html",
        "repos/acme/tern/pr-212/index.html",
        "repos/acme/quill/pr-104/index.html",
        // PR #87 has no Repo row: the <owner>/<repo>/ folder names the repository.
        "repos/acme/quill/pr-87/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }

    let site = Site::load(&out);
    let broken = site.broken_links("/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));

    // The index links every review, newest first (rounds of PR 212 may be grouped).
    let index_targets = site.targets_of("index.html", "/");
    for (stem, _) in &reports {
        assert!(
            index_targets.contains(&format!("{stem}.html")),
            "index.html does not link {stem}.html"
        );
    }
    let index = read(&out.join("index.html"));
    let pos = |stem: &str| first_link_to(&index, stem).unwrap_or(usize::MAX);
    let pr212_first = [
        "20260402-091512-pr-212",
        "20260406-143003-pr-212",
        "20260409-110847-pr-212",
    ]
    .iter()
    .map(|s| pos(s))
    .min()
    .unwrap_or(usize::MAX);
    let order = [
        pos("20260428-190233-pr-104"),
        pos("20260422-083117-streaming-renderer"),
        pos("20260415-080212-supply-chain"),
        pr212_first,
        pos("20260320-000000-path-params"),
        pos("20260318-204455-pr-87"),
    ];
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "index is not newest first: positions {order:?}"
    );
    // Reviewer pills name the agents; titles keep their inline Markdown rendered.
    assert!(
        index.contains("Qwen 3.6 35B"),
        "reviewer pills on the index"
    );
    assert!(
        index.contains("<code>quill watch</code>"),
        "backticks in PR titles are rendered as code on the index"
    );

    // The PR thread lists its three rounds in order and links each.
    let thread = read(&out.join("repos/acme/tern/pr-212/index.html"));
    let rounds: Vec<usize> = [
        "20260402-091512-pr-212",
        "20260406-143003-pr-212",
        "20260409-110847-pr-212",
    ]
    .iter()
    .map(|s| first_link_to(&thread, s).unwrap_or_else(|| panic!("thread lacks {s}")))
    .collect();
    assert!(
        rounds.windows(2).all(|w| w[0] < w[1]),
        "rounds in order: {rounds:?}"
    );
    let repo_page_targets = site.targets_of("repos/acme/tern/index.html", "/");
    assert!(repo_page_targets.contains("repos/acme/tern/pr-212/index.html"));
    assert!(repo_page_targets.contains("20260415-080212-supply-chain.html"));

    // Review pages: finding cards with stable anchors and self-links, no duplicate ids.
    for (stem, ids) in EXAMPLE_FINDINGS {
        let page = format!("{stem}.html");
        let html = &site.pages[&page];
        let page_ids = site.ids(&page).expect("page ids");
        for id in *ids {
            assert!(page_ids.contains(*id), "{page} has no id=\"{id}\"");
            assert!(
                html.contains(&format!("href=\"#{id}\"")),
                "{page}: finding {id} has no self-link"
            );
        }
        let dups = duplicate_ids(html);
        assert!(dups.is_empty(), "{page}: duplicate ids {dups:?}");
        // Code is highlighted at build time into classes, and the appendix is collapsed.
        assert!(
            html.contains("<pre") && html.contains("<span class=\""),
            "{page}: no highlighted code"
        );
        assert!(html.contains("<details"), "{page}: appendix not collapsed");
    }
    for page in site.pages.keys() {
        let dups = duplicate_ids(&site.pages[page]);
        assert!(dups.is_empty(), "{page}: duplicate ids {dups:?}");
    }

    // Breadcrumbs lead back to the thread, the repository and the index.
    let targets = site.targets_of("20260406-143003-pr-212.html", "/");
    for t in [
        "index.html",
        "repos/acme/tern/index.html",
        "repos/acme/tern/pr-212/index.html",
    ] {
        assert!(targets.contains(t), "review page does not link {t}");
    }
    // The Resolution section shows on the finding cards it names.
    let round2 = &site.pages["20260406-143003-pr-212.html"];
    for action in ["Fixed", "Skipped", "Test written", "Commented"] {
        assert!(
            round2.contains(action),
            "resolution action {action} missing"
        );
    }
    assert!(round2.contains("SkipClean(true)"), "skip reason shown");
    // Report text is escaped, never emitted as markup.
    let pr87 = &site.pages["20260318-204455-pr-87.html"];
    assert!(
        !pr87.contains("<img src=x onerror"),
        "raw HTML from a report reached the page"
    );

    // Offline: no page pulls a script, stylesheet, font or image from the network.
    let tag = regex::Regex::new(r"(?i)<(?:script|img|link|iframe|source|video|audio)\b[^>]*>")
        .expect("regex");
    let remote = regex::Regex::new(r#"(?i)\s(?:src|href)\s*=\s*"(?:https?:)?//"#).expect("regex");
    let harmless =
        regex::Regex::new(r#"(?i)\srel\s*=\s*"(?:canonical|alternate)""#).expect("regex");
    for (page, html) in &site.pages {
        for m in tag.find_iter(html) {
            let t = m.as_str();
            assert!(
                !remote.is_match(t) || harmless.is_match(t),
                "{page} loads a remote resource: {t}"
            );
        }
    }
}

#[test]
fn sub_path_base_url_has_no_broken_internal_link() {
    let base = "https://example.github.io/reviews/";
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, Some(base))).expect("builds");
    let problems = linkcheck::check_site(&out, base);
    assert!(
        problems.is_empty(),
        "broken links under {base}:\n{}",
        problems.join("\n")
    );
    let sitemap = read(&out.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert!(locs.len() >= report.reviews, "sitemap lists the reviews");
    assert!(
        locs.iter().all(|l| l.trim().starts_with(base)),
        "sitemap URLs are absolute under the base URL: {locs:?}"
    );
    for (stem, _) in crate::support::example_reports() {
        let url = format!("{base}{stem}.html");
        assert!(locs.iter().any(|l| l.trim() == url), "sitemap lacks {url}");
    }
}

#[test]
fn corpus_builds_under_a_sub_path_without_broken_links() {
    let Some(corpus) = crate::support::corpus_dir() else {
        println!("skipped: no corpus");
        return;
    };
    let files = crate::support::markdown_files(&corpus);
    if files.is_empty() {
        println!("skipped: no corpus");
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    crate::support::copy_tree(&corpus, &root.join("content"));
    let out = tmp.path().join("out");
    let base = "https://example.github.io/archive/";
    let report = build(&options(&root, &out, Some(base))).expect("corpus builds");
    assert_eq!(report.reviews, files.len(), "{}", show(&report));
    for f in &files {
        let stem = f.file_stem().expect("stem").to_string_lossy();
        assert!(out.join(format!("{stem}.html")).is_file(), "{stem}.html");
    }
    let nf = read(&out.join("404.html"));
    assert!(
        nf.contains("href=\"/archive/index.html\""),
        "404 links from the base path"
    );
    assert!(out.join("sitemap.xml").is_file());
    for p in crate::support::walk(&out) {
        if p.extension().is_some_and(|e| e == "html") {
            let html = read(&p);
            assert!(html.contains("<html lang=\"en\">"), "{}", p.display());
            let html = crate::support::without_theme_script(&html).to_ascii_lowercase();
            assert!(
                !html.contains("<script"),
                "{}: a script from content",
                p.display()
            );
        }
    }
    let problems = linkcheck::check_site(&out, base);
    assert!(
        problems.is_empty(),
        "{} broken links, first ones:\n{}",
        problems.len(),
        problems
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// A content folder with two good reports and one of each kind of bad one.
fn site_with_bad_reports() -> (
    tempfile::TempDir,
    PathBuf,
    Vec<&'static str>,
    Vec<&'static str>,
) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    let example = crate::support::manifest_dir().join("content");
    let good = ["20260402-091512-pr-212", "20260428-190233-pr-104"];
    std::fs::copy(
        example.join("acme/tern/20260402-091512-pr-212.md"),
        content.join("20260402-091512-pr-212.md"),
    )
    .expect("copy");
    std::fs::copy(
        example.join("acme/quill/20260428-190233-pr-104.md"),
        content.join("20260428-190233-pr-104.md"),
    )
    .expect("copy");

    std::fs::write(content.join("20260501-000000-empty.md"), b"").expect("write");
    std::fs::write(
        content.join("20260502-101010-no-table.md"),
        "# Deep Review: 20260502-101010-no-table\n\n## Executive Summary\n\n\
         The agents ran out of time before the metadata table was written.\n",
    )
    .expect("write");
    std::fs::write(
        content.join("20260503-111111-pr-9.md"),
        "# Deep Review: 20260503-111111-pr-9\n\n| | |\n|---|---|\n\
         | **Date** | 2026-05-03 11:11 |\n| **Repo** | [acme/tern](https://github.com/acm",
    )
    .expect("write");
    let mut bytes =
        std::fs::read(example.join("acme/tern/20260409-110847-pr-212.md")).expect("read example");
    let at = bytes
        .windows(17)
        .position(|w| w == b"Executive Summary")
        .expect("has a summary");
    bytes.splice(at..at, [0xff, 0xfe, b' ']);
    bytes.push(0xc3);
    std::fs::write(content.join("20260504-121212-pr-10.md"), bytes).expect("write");

    let bad = [
        "20260501-000000-empty.md",
        "20260502-101010-no-table.md",
        "20260503-111111-pr-9.md",
        "20260504-121212-pr-10.md",
    ];
    (tmp, root, good.to_vec(), bad.to_vec())
}

#[test]
fn bad_reports_are_named_and_the_rest_builds() {
    let (tmp, root, good, bad) = site_with_bad_reports();
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("a bad report does not fail the build");
    for name in &bad {
        assert!(
            report.diagnostics.iter().any(|d| d.file.ends_with(name)),
            "no diagnostic names {name}:\n{}",
            show(&report)
        );
    }
    for d in &report.diagnostics {
        assert!(
            !good.iter().any(|g| d.file.ends_with(&format!("{g}.md"))),
            "a good report got a diagnostic: {d}"
        );
        assert!(
            d.to_string().starts_with(&d.file),
            "diagnostics read file:line: message"
        );
    }
    let invalid = report
        .diagnostics
        .iter()
        .find(|d| d.file.ends_with("20260504-121212-pr-10.md"))
        .expect("invalid UTF-8 diagnosed");
    assert!(
        invalid.line.is_some(),
        "the invalid byte's line is given: {invalid}"
    );

    let site = Site::load(&out);
    let index_targets = site.targets_of("index.html", "/");
    for g in &good {
        assert!(out.join(format!("{g}.html")).is_file(), "{g}.html");
        assert!(
            index_targets.contains(&format!("{g}.html")),
            "index links {g}"
        );
    }
    // Invalid bytes are replaced, not fatal: the report still gets its page.
    assert!(out.join("20260504-121212-pr-10.html").is_file());
    assert!(!out.join("20260501-000000-empty.html").exists());
    let broken = site.broken_links("/");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn strict_build_fails_on_warnings_and_keeps_the_previous_site() {
    let (tmp, root, _, _) = site_with_bad_reports();
    let out = tmp.path().join("out");
    build(&options(&root, &out, None)).expect("first build");
    let before = crate::support::snapshot(&out);
    std::fs::write(
        root.join("content/20260601-000000-late.md"),
        "# Deep Review: late\n",
    )
    .expect("write");
    let mut opts = options(&root, &out, None);
    opts.strict = true;
    assert!(
        build(&opts).is_err(),
        "--strict turns warnings into a failed build"
    );
    assert_previous_site_kept(tmp.path(), &out, &before);
}

#[test]
fn broken_theme_override_fails_and_keeps_the_previous_site() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    build(&options(&root, &out, None)).expect("first build");
    let before = crate::support::snapshot(&out);
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    std::fs::write(templates.join("index.html"), "{% if %}unclosed").expect("write");
    let err = build(&options(&root, &out, None)).expect_err("a template that does not parse");
    assert!(
        format!("{err:#}").contains("index.html"),
        "the error names the template: {err:#}"
    );
    assert_previous_site_kept(tmp.path(), &out, &before);
}

#[test]
fn theme_override_replaces_one_file_only() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    let static_dir = root.join("themes/default/static");
    std::fs::create_dir_all(&static_dir).expect("mkdir");
    std::fs::write(static_dir.join("style.css"), "/* site override */\n").expect("write");
    build(&options(&root, &out, None)).expect("builds");
    let css = Site::load(&out)
        .files
        .into_iter()
        .filter(|f| {
            let name = f.rsplit('/').next().unwrap_or(f);
            name.starts_with("style") && name.ends_with(".css")
        })
        .collect::<Vec<_>>();
    assert!(!css.is_empty(), "style.css is written");
    for f in &css {
        assert_eq!(
            read(&out.join(f)),
            "/* site override */\n",
            "{f} overridden"
        );
    }
    // Templates were not overridden: pages still render in full.
    assert!(read(&out.join("20260402-091512-pr-212.html")).contains("id=\"C1\""));
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    std::fs::write(out.join("precious.txt"), "keep me").expect("write");
    assert!(
        build(&options(&root, &out, None)).is_err(),
        "foreign folder refused"
    );
    assert_eq!(
        crate::support::entries(&out),
        vec!["precious.txt".to_string()]
    );
    assert_eq!(read(&out.join("precious.txt")), "keep me");
    assert_eq!(
        crate::support::entries(tmp.path()),
        vec!["out".to_string(), "site".to_string()]
    );
    let mut forced = options(&root, &out, None);
    forced.force = true;
    build(&forced).expect("--force replaces it");
    assert!(out.join("index.html").is_file());
    // A folder reviewsite wrote is replaced without --force, and stale files go away.
    std::fs::write(out.join("stale.html"), "old").expect("write");
    build(&options(&root, &out, None)).expect("rebuild over own output");
    assert!(
        !out.join("stale.html").exists(),
        "output is replaced, not merged"
    );
}

#[test]
fn a_folder_with_only_content_builds_with_defaults() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    crate::support::copy_tree(
        &crate::support::manifest_dir().join("content/acme/quill"),
        &root.join("content"),
    );
    let report = build(&BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    })
    .expect("builds without book.toml");
    assert_eq!(report.reviews, 3, "{}", show(&report));
    assert!(
        root.join("public/index.html").is_file(),
        "default output is public/"
    );
    assert!(root.join("public/20260428-190233-pr-104.html").is_file());
}

#[test]
fn check_reports_problems_and_writes_nothing() {
    let (tmp, root, good, bad) = site_with_bad_reports();
    let out = tmp.path().join("out");
    let before = crate::support::snapshot(tmp.path());
    let report = check(&options(&root, &out, None)).expect("check runs");
    for name in &bad {
        assert!(
            report.diagnostics.iter().any(|d| d.file.ends_with(name)),
            "check does not name {name}:\n{}",
            show(&report)
        );
    }
    assert!(report.reviews >= good.len());
    assert!(!out.exists(), "check wrote an output folder");
    assert!(
        !root.join("public").exists(),
        "check wrote the default output"
    );
    assert_eq!(
        crate::support::snapshot(tmp.path()),
        before,
        "check changed files"
    );
}

#[test]
fn check_passes_the_bundled_example() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    let report = check(&options(&root, &out, None)).expect("check runs");
    assert_eq!(report.reviews, crate::support::example_reports().len());
    assert!(
        !report.diagnostics.iter().any(|d| d.level == Level::Error),
        "{}",
        show(&report)
    );
    assert!(problems(&report).is_empty(), "{}", show(&report));
    // The one note per repository: its reports cite code, but no checkout is set.
    assert_eq!(report.diagnostics.len(), 2, "{}", show(&report));
    assert!(!out.exists());
}

#[test]
fn one_review_that_cannot_render_is_a_warning_not_a_lost_site() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    // A theme whose review template fails for one review only (an undefined variable).
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).expect("mkdir");
    let embedded =
        read(&crate::support::manifest_dir().join("themes/default/templates/review.html"));
    let broken = embedded.replacen(
        "{% block main %}",
        "{% block main %}{% if r.id == \"20260409-110847-pr-212\" %}{{ no_such_variable }}{% endif %}",
        1,
    );
    assert_ne!(broken, embedded, "template hook found");
    std::fs::write(templates.join("review.html"), broken).expect("write");
    let report = build(&options(&root, &out, None)).expect("the rest of the site builds");
    let named: Vec<String> = report
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .filter(|d| d.contains("20260409-110847-pr-212"))
        .collect();
    assert_eq!(
        named.len(),
        1,
        "one warning names the review: {:?}",
        report.diagnostics
    );
    assert!(named[0].contains("warning"), "{named:?}");
    // The URL keeps answering, with the error and the source.
    let fallback = read(&out.join("20260409-110847-pr-212.html"));
    assert!(
        fallback.contains("could not be rendered")
            && fallback.contains("20260409-110847-pr-212.md")
    );
    assert!(out.join("20260406-143003-pr-212.html").is_file());
    assert!(out.join("index.html").is_file());
}

/// A failed build changed nothing: `out` holds exactly `before`, and no staging folder is
/// left beside it (`parent` holds only the site and its output).
fn assert_previous_site_kept(
    parent: &std::path::Path,
    out: &std::path::Path,
    before: &[(String, Vec<u8>)],
) {
    assert_eq!(
        crate::support::snapshot(out),
        before,
        "previous site untouched"
    );
    assert_eq!(
        crate::support::entries(parent),
        vec!["out".to_string(), "site".to_string()],
        "no staging folder left behind"
    );
}
