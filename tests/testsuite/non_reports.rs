//! Refusing to publish nothing, and skipping Markdown that is not a review report: the
//! `reviewsite` binary run as a new user runs it, on an empty folder, on a project's own
//! documents, on reports beside such documents, and under `serve`; and every report of
//! the corpus, the bundled example and the test fixtures still gets its page.

use crate::support::serve;

use reviewsite::config::Overrides;
use reviewsite::site::{build, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// What a run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `reviewsite <args>` (from a neutral folder, so that no `book.toml` is picked up).
fn reviewsite(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run reviewsite");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temporary path")
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A pull request review as the pipeline writes it.
const PR_REVIEW: &str = "# Deep Review: 20260301-101500-pr-41

| | |
|---|---|
| **Date** | 2026-03-01 10:15 |
| **Repo** | [acme/anvil](https://github.com/acme/anvil) |
| **PR** | [#41](https://github.com/acme/anvil/pull/41) — Retry uploads |
| **Reviewers** | Claude Opus 4.7, Codex GPT 5.5 |
| **Verdict** | **Merge with fixes** — one retry loop never ends. |

## Executive Summary

One important finding.

## Critical Issues

None.

## Important Issues

I1. **Retries never stop** — `upload.go:88` [Claude Opus 4.7, Codex GPT 5.5]

The loop ignores the context.

## Suggestions

None.
";

/// A supply-chain scan.
const SCAN: &str = "# Supply Chain Scan: 20260305-090000-supply-chain

| | |
|---|---|
| **Date** | 2026-03-05 09:00 |
| **Repo** | [acme/anvil](https://github.com/acme/anvil) |
| **Kind** | Supply chain scan |
| **Verdict** | **1 open issue** — an unpinned action. |

## Summary

Every dependency is pinned but one.
";

/// A project's documents, none of them a report: (path, text).
const DOCS: [(&str, &str); 5] = [
    ("README.md", "# Anvil\n\nUploads things.\n"),
    (
        "CONTRIBUTING.md",
        "# Contributing\n\nThanks!\n\n## Testing\n\nRun `go test ./...`.\n\n## Commits\n\n- one topic each\n",
    ),
    (
        "CHANGELOG.md",
        "# Changelog\n\n## 1.2.0\n\n- Retries uploads.\n\n## 1.1.0\n\n- First release.\n",
    ),
    ("LICENSE.md", "MIT License\n\nCopyright (c) 2026 Acme\n"),
    (
        "docs/guide.md",
        "# Guide\n\n## Install\n\n1. Download it.\n2. Run it.\n\n\
         | Flag | Meaning |\n|---|---|\n| `-v` | verbose |\n\n```sh\nanvil upload file\n```\n",
    ),
];

fn write_docs(root: &Path) {
    for (path, text) in DOCS {
        write(&root.join(path), text);
    }
}

/// Two reports, a CONTRIBUTING.md, a document under docs/ and an old hand-made page.
fn mixed_folder(root: &Path) {
    write(&root.join("20260301-101500-pr-41.md"), PR_REVIEW);
    write(&root.join("20260305-090000-supply-chain.md"), SCAN);
    write(&root.join("CONTRIBUTING.md"), DOCS[1].1);
    write(
        &root.join("docs/x.md"),
        "# Design notes\n\nWhy uploads retry.\n\n## Background\n\nSee the issue.\n",
    );
    write(
        &root.join("20260301-101500-pr-41.html"),
        "<html><body>hand-made page</body></html>\n",
    );
}

/// The note `build`, `check` and `serve` print for the mixed folder.
const MIXED_NOTE: &str = "note: skipped 2 Markdown files that are not review reports \
                          (CONTRIBUTING.md, docs/x.md); --include-non-reports publishes them";

/// No staging folder beside `out` (made, or left behind).
fn no_staging_beside(out: &Path) {
    let parent = out.parent().expect("parent");
    let name = out
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    for e in crate::support::entries(parent) {
        assert!(
            !e.contains("reviewsite-tmp"),
            "a staging folder {e} was made beside {name}"
        );
    }
}

#[test]
fn an_empty_folder_fails_and_leaves_the_previous_site_as_it_was() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("reports");
    let out = tmp.path().join("public");
    // A site built before, with its marker.
    write(&root.join("20260301-101500-pr-41.md"), PR_REVIEW);
    let first = reviewsite(&["build", "--root", s(&root), "--output", s(&out)]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    assert!(out.join(reviewsite::output::MARKER).is_file());
    let before = crate::support::snapshot(&out);

    std::fs::remove_file(root.join("20260301-101500-pr-41.md")).expect("remove");
    let run = reviewsite(&["build", "--root", s(&root), "--output", s(&out)]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let want = format!(
        "error: no review reports in {}: it holds no Markdown files",
        root.display()
    );
    assert!(run.stderr.starts_with(&want), "{}", run.stderr);
    assert!(run
        .stderr
        .contains("point --root at the folder that holds the reports"));
    assert!(run.stderr.contains("the previous output is unchanged"));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        crate::support::snapshot(&out) == before,
        "the previous site changed"
    );
    no_staging_beside(&out);

    let check = reviewsite(&["check", "--root", s(&root)]);
    assert_eq!(check.code, Some(1), "{}", check.stderr);
    assert!(check.stderr.contains(&want), "{}", check.stderr);
}

#[test]
fn a_folder_of_project_documents_fails_naming_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("anvil");
    write_docs(&root);
    let out = tmp.path().join("public");
    let want = format!(
        "error: no review reports in {}: 4 Markdown files are not review reports \
         (CHANGELOG.md, CONTRIBUTING.md, LICENSE.md and 1 more)",
        root.display()
    );
    for args in [
        &["build", "--root", s(&root), "--output", s(&out)][..],
        &["check", "--root", s(&root)],
        &["check", "--root", s(&root), "--strict"],
    ] {
        let run = reviewsite(args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(&want), "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("--include-non-reports publishes them"),
            "{}",
            run.stderr
        );
        // The error names the documents: no note says it again, no warning about them.
        assert!(!run.stderr.contains("note:"), "{}", run.stderr);
        assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    }
    assert!(!out.exists(), "nothing was written");
    no_staging_beside(&out);

    // The error comes before the output folder is looked at: one that reviewsite did not
    // write is neither refused nor touched.
    let mine = tmp.path().join("mine");
    write(&mine.join("notes.txt"), "my notes\n");
    let run = reviewsite(&["build", "--root", s(&root), "--output", s(&mine)]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains(&want), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was built"), "{}", run.stderr);
    assert_eq!(crate::support::entries(&mine), ["notes.txt"]);

    // The same folder as the `content/` of a site: named as the user would type it.
    let site = tmp.path().join("site");
    write_docs(&site.join("content"));
    let run = reviewsite(&["check", "--root", s(&site)]);
    assert_eq!(run.code, Some(1));
    let folder = site.join("content");
    assert!(
        run.stderr.contains(&format!(
            "no review reports in {}: 4 Markdown files are not review reports \
             (content/CHANGELOG.md, content/CONTRIBUTING.md, content/LICENSE.md and 1 more)",
            folder.display()
        )),
        "{}",
        run.stderr
    );

    // Published anyway on request, as before.
    let run = reviewsite(&[
        "build",
        "--root",
        s(&root),
        "--output",
        s(&out),
        "--include-non-reports",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(out.join("CONTRIBUTING.html").is_file());
    assert!(out.join("guide.html").is_file());
}

#[test]
fn reports_beside_documents_build_without_the_documents() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("archive");
    mixed_folder(&root);
    let out = tmp.path().join("public");
    let run = reviewsite(&["build", "--root", s(&root), "--output", s(&out)]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Built 2 review(s)"),
        "{}",
        run.stdout
    );
    let skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("skipped"))
        .collect();
    assert_eq!(skipped, [MIXED_NOTE], "{}", run.stderr);
    assert_eq!(run.stderr.trim(), MIXED_NOTE, "nothing else is said");
    for stem in ["20260301-101500-pr-41", "20260305-090000-supply-chain"] {
        assert!(out.join(format!("{stem}.html")).is_file(), "{stem}");
    }
    let page = std::fs::read_to_string(out.join("20260301-101500-pr-41.html")).unwrap();
    assert!(
        page.contains("Retries never stop"),
        "our page, not the hand-made one"
    );
    for stem in ["CONTRIBUTING", "x"] {
        assert!(!out.join(format!("{stem}.html")).exists(), "{stem}");
        assert!(!out.join(format!("{stem}.md")).exists(), "{stem}");
    }
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!index.contains("CONTRIBUTING"));
    assert!(!index.contains("Design notes"));

    // A note never fails --strict; `check` says it too.
    let strict = reviewsite(&["build", "--root", s(&root), "--output", s(&out), "--strict"]);
    assert_eq!(strict.code, Some(0), "{}", strict.stderr);
    assert_eq!(strict.stderr.trim(), MIXED_NOTE);
    let check = reviewsite(&["check", "--root", s(&root), "--strict"]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(check.stderr.contains(MIXED_NOTE), "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("Checked 2 review(s): 0 error(s), 0 warning(s)"),
        "{}",
        check.stdout
    );

    // --include-non-reports publishes them.
    let all = reviewsite(&[
        "build",
        "--root",
        s(&root),
        "--output",
        s(&out),
        "--include-non-reports",
    ]);
    assert_eq!(all.code, Some(0), "{}", all.stderr);
    assert!(
        all.stdout.starts_with("Built 4 review(s)"),
        "{}",
        all.stdout
    );
    assert!(out.join("CONTRIBUTING.html").is_file());
    assert!(out.join("x.html").is_file());
    // The user asked for them: what they lack is no warning (build says nothing), and
    // `check` says it as one grouped info line.
    assert!(!all.stderr.contains("warning"), "{}", all.stderr);
    assert!(!all.stderr.contains("note:"), "{}", all.stderr);
    let check = reviewsite(&[
        "check",
        "--root",
        s(&root),
        "--strict",
        "--include-non-reports",
    ]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(
        check.stderr.contains("2 × info: no metadata table")
            && check.stderr.contains("— first at CONTRIBUTING.md:2"),
        "{}",
        check.stderr
    );
}

#[test]
fn serve_shows_the_error_until_a_first_report_and_follows_files_that_change_shape() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let content = root.join("content");
    write(&content.join("CONTRIBUTING.md"), DOCS[1].1);
    let server = serve::start(&root, &[]);
    let mut events = server.events();
    events
        .next_build(Duration::from_secs(5))
        .expect("the stream names the current build");
    let r = server.get("/index.html");
    assert_eq!(r.status, 500, "an error page");
    assert!(r.text().contains("no review reports in"), "{}", r.text());
    assert!(r.text().contains("CONTRIBUTING.md"), "{}", r.text());
    assert!(server.output().contains("no review reports in"));

    // The first report: the site is back.
    write(&content.join("20260301-101500-pr-41.md"), PR_REVIEW);
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_eq!(server.get("/index.html").status, 200);
    assert_eq!(server.get("/20260301-101500-pr-41.html").status, 200);
    assert_eq!(server.get("/CONTRIBUTING.html").status, 404);
    assert!(
        server.wait_output(
            "note: skipped 1 Markdown file that is not a review report (content/CONTRIBUTING.md)",
            Duration::from_secs(5)
        ),
        "{}",
        server.output()
    );

    // A document being turned into a report gets its page, and loses it again.
    let draft = content.join("weekly.md");
    write(&draft, "# Weekly\n\nNotes so far.\n");
    // Nothing on the site changes (no reload), but the note does.
    assert!(
        server.wait_output(
            "note: skipped 2 Markdown files that are not review reports \
             (content/CONTRIBUTING.md, content/weekly.md)",
            Duration::from_secs(10)
        ),
        "{}",
        server.output()
    );
    assert_eq!(server.get("/weekly.html").status, 404);
    write(
        &draft,
        &SCAN.replace("20260305-090000-supply-chain", "weekly"),
    );
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_eq!(server.get("/weekly.html").status, 200);
    write(&draft, "# Weekly\n\nNotes so far.\n");
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    assert_eq!(server.get("/weekly.html").status, 404);
}

/// Builds `root` into a temporary folder and checks that every report gets its page:
/// each `*.md` under `content` but `README.md`, `index.md`, `_*.md` (never reports) and
/// `not_reports` (paths relative to `content`).
fn every_report_is_published(root: &Path, content: &Path, not_reports: &[&str]) {
    let expected: Vec<PathBuf> = crate::support::markdown_files(content)
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_lowercase();
            let rel = p
                .strip_prefix(content)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            name != "readme.md"
                && name != "index.md"
                && !name.starts_with('_')
                && !not_reports.contains(&rel.as_str())
        })
        .collect();
    assert!(!expected.is_empty(), "{}", content.display());
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    let report = build(&BuildOptions {
        root: root.to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.clone()),
            ..Default::default()
        },
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{}: {e:#}", root.display()));
    assert_eq!(
        report.reviews,
        expected.len(),
        "{}: {:?}",
        root.display(),
        report.diagnostics
    );
    for p in &expected {
        let stem = p.file_stem().unwrap().to_string_lossy();
        assert!(
            out.join(format!("{stem}.html")).is_file(),
            "{}",
            p.display()
        );
    }
    let notes = report
        .diagnostics
        .iter()
        .filter(|d| {
            d.message.contains("not review reports") || d.message.contains("not a review report")
        })
        .count();
    assert_eq!(
        notes,
        usize::from(!not_reports.is_empty()),
        "{}",
        root.display()
    );
}

#[test]
fn every_report_of_the_example_and_the_fixtures_is_published() {
    let (_tmp, example) = crate::support::example_site();
    every_report_is_published(&example, &example.join("content"), &[]);
    let fixtures = crate::support::manifest_dir().join("tests/fixtures");
    for site in ["agents", "holdout", "hostile", "sidecar", "unseen"] {
        let root = fixtures.join(site);
        every_report_is_published(&root, &root.join("content"), &[]);
    }
    let parse = fixtures.join("parse");
    every_report_is_published(&parse, &parse, &[]);
    let archive = fixtures.join("holdout2/archive");
    every_report_is_published(&archive, &archive, &["CHANGELOG.md", "notes.md"]);
}

#[test]
fn every_report_of_the_corpus_is_published() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus at ../shared/corpus");
        return;
    };
    let lima = corpus.join("lima");
    every_report_is_published(&lima, &lima, &[]);
}
