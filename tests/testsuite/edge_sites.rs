//! Sites built from small hand-written reports that probe edge cases: stems with spaces
//! and non-ASCII letters, links between reports by such stems, a base URL without a
//! trailing slash, duplicate stems in two repositories, and theme overrides that extend
//! or import another template.

use crate::support::{options, read, show};

use crate::support::linkcheck;
use reviewsite::site::build;
use std::path::{Path, PathBuf};

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).expect("write");
}

/// A small review of `acme/tern` with one important finding.
fn review(date: &str, title: &str) -> String {
    format!(
        "# Deep Review: {title}\n\n| | |\n|---|---|\n| **Date** | {date} |\n\
         | **Repo** | acme/tern |\n| **Branch** | `feature/x` |\n\
         | **Verdict** | **Merge with fixes** — one leak. |\n\n\
         ## Important Issues\n\nI1. **The cache leaks** — `cache.go:10` [Claude Opus 4.7]\n\n\
         Entries are never evicted.\n"
    )
}

/// A site whose reports have spaces and non-ASCII letters in their stems, and a report
/// linking to one of them by its `.md` name, written as-is and percent-encoded.
fn unicode_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let content = root.join("content");
    write(
        &content.join("2026 review ü.md"),
        &review("2026-05-02 10:00", "spaces"),
    );
    write(
        &content.join("20260503-090000-notes.md"),
        &format!(
            "{}\nSee [the other review](<2026 review ü.md#I1>) and \
             [again](2026%20review%20%C3%BC.md).\n",
            review("2026-05-03 09:00", "notes")
        ),
    );
    (tmp, root)
}

#[test]
fn stems_with_spaces_and_unicode_resolve_everywhere() {
    let base = "https://example.github.io/reviews/";
    let (tmp, root) = unicode_site();
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, Some(base))).expect("builds");
    assert_eq!(report.reviews, 2, "{}", show(&report));
    assert!(out.join("2026 review ü.html").is_file());
    assert!(out.join("2026 review ü.md").is_file());
    let problems = linkcheck::check_site(&out, base);
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("href=\"2026%20review%20%C3%BC.html\""),
        "index links the page"
    );
    assert!(
        index.contains("href=\"2026%20review%20%C3%BC.md\""),
        "index links the source"
    );
    // Both links of the notes (as written and percent-encoded) reach the review page.
    let notes = read(&out.join("20260503-090000-notes.html"));
    assert!(
        notes.contains("href=\"2026%20review%20%C3%BC.html#I1\""),
        "link by the stem as written"
    );
    assert!(
        notes.contains("href=\"2026%20review%20%C3%BC.html\""),
        "link by the percent-encoded stem"
    );
}

#[test]
fn duplicate_stems_keep_the_first_and_name_both_files() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let stem = "20260504-100000-pr-7";
    write(
        &root.join(format!("content/acme/quill/{stem}.md")),
        &review("2026-05-04 10:00", "quill"),
    );
    write(
        &root.join(format!("content/acme/tern/{stem}.md")),
        &review("2026-05-04 10:00", "tern"),
    );
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("builds");
    assert_eq!(report.reviews, 1, "{}", show(&report));
    let dup: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("stem"))
        .collect();
    assert_eq!(dup.len(), 1, "{}", show(&report));
    // Paths are shown relative to the site folder, as in every other diagnostic.
    assert_eq!(dup[0].file, format!("content/acme/tern/{stem}.md"));
    assert!(
        dup[0]
            .message
            .contains(&format!("(content/acme/quill/{stem}.md)")),
        "{}",
        dup[0].message
    );
    // The first in path order owns the page.
    assert!(read(&out.join(format!("{stem}.html"))).contains("Deep Review: quill"));
}
