//! Helpers shared by the integration tests: temporary site folders, the corpus location,
//! and the link checker.

#![allow(dead_code)]

pub mod browser;
pub mod html;
pub mod linkcheck;
pub mod serve;

use std::path::{Path, PathBuf};

/// The crate root (where the bundled example lives).
pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the tree `src` into `dst` (created), files and folders only.
pub fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk source tree");
        let rel = entry.path().strip_prefix(src).expect("under src");
        let to = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("create folder");
        } else if entry.file_type().is_file() {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).expect("create folder");
            }
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
}

/// A copy of the bundled example site (book.toml, content/, static/) in a fresh temporary
/// folder, so tests never write into the repository. Returns the guard and the site root.
pub fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let src = manifest_dir();
    copy_tree(&src.join("content"), &root.join("content"));
    if src.join("static").is_dir() {
        copy_tree(&src.join("static"), &root.join("static"));
    }
    std::fs::copy(src.join("book.toml"), root.join("book.toml")).expect("copy book.toml");
    (tmp, root)
}

/// Every report of the bundled example: (stem, path relative to content/).
pub fn example_reports() -> Vec<(String, String)> {
    let content = manifest_dir().join("content");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("walk content");
        let p = entry.path();
        if entry.file_type().is_file() && p.extension().is_some_and(|e| e == "md") {
            let stem = p.file_stem().expect("stem").to_string_lossy().into_owned();
            let rel = p
                .strip_prefix(&content)
                .expect("under content")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((stem, rel));
        }
    }
    out
}

/// The corpus folder: `$REVIEWSITE_CORPUS`, else `<manifest>/../shared/corpus`, else
/// `/work/shared/corpus`. `None` when none exists (tests then print "skipped: no corpus").
pub fn corpus_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("REVIEWSITE_CORPUS") {
        let p = PathBuf::from(p);
        return p.is_dir().then_some(p);
    }
    [
        manifest_dir().join("../shared/corpus"),
        PathBuf::from("/work/shared/corpus"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// Every `*.md` file under `dir`, sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    v.sort();
    v
}

/// Names of the entries of `dir` (empty when it does not exist).
pub fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// A snapshot of every file under `dir` with its bytes, for "nothing changed" assertions.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            v.push((rel, std::fs::read(entry.path()).expect("read")));
        }
    }
    v
}

/// Every file under `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    v.sort();
    v
}

/// `html` without the theme's own optional script tags (`<script src="[../]*filter.js"
/// defer></script>`, `search-index.js` / `search.js` on the search page, `a11y.js` on
/// every page; root-relative on 404.html), so tests can assert that no other script
/// reaches a page.
pub fn without_theme_script(html: &str) -> String {
    let re = regex::Regex::new(
        r#"<script src="(?:(?:\.\./)*|/(?:[\w.-]+/)*)(?:filter|search-index|search|share|a11y)\.js" defer></script>"#,
    )
    .expect("valid regex");
    re.replace_all(html, "").into_owned()
}

/// Alphanumeric tokens of a text.
pub fn tokens(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Every alphanumeric token of the source appears, in order, in the model's text fields.
pub fn assert_no_text_lost(id: &str, md: &str, r: &reviewsite::model::Review) {
    let mut parts: Vec<String> = vec![r.title.clone()];
    for row in &r.meta.rows {
        parts.push(row.label.clone());
        parts.push(row.value.clone());
    }
    parts.push(r.preamble.clone());
    for (i, s) in r.sections.iter().enumerate() {
        parts.push(s.title.clone());
        parts.push(s.body.clone());
        for f in r.findings.iter().filter(|f| f.section == i) {
            parts.push(f.head.clone());
            parts.push(f.body.clone());
        }
        if s.kind == reviewsite::model::SectionKind::Appendix {
            for a in &r.appendix {
                parts.push(a.label.clone());
                parts.push(a.markdown.clone());
            }
        }
    }
    let model: Vec<String> = parts.iter().flat_map(|p| tokens(p)).collect();
    // A generic `| Field | Value |` header over the metadata table is structure, not text.
    let md: String = md
        .lines()
        .filter(|l| {
            let t: String = l.chars().filter(|c| !c.is_whitespace()).collect();
            t != "|Field|Value|"
        })
        .collect::<Vec<_>>()
        .join("\n");
    let src = tokens(&md);
    let mut j = 0;
    for (n, t) in src.iter().enumerate() {
        while j < model.len() && &model[j] != t {
            j += 1;
        }
        assert!(
            j < model.len(),
            "{id}: text lost at source token {n} {t:?} (context: {:?})",
            &src[n.saturating_sub(8)..(n + 8).min(src.len())]
        );
        j += 1;
    }
}

/// Build options for `root`, writing to `output`, with an optional base URL.
pub fn options(
    root: &Path,
    output: &Path,
    base_url: Option<&str>,
) -> reviewsite::site::BuildOptions {
    reviewsite::site::BuildOptions {
        root: root.to_path_buf(),
        overrides: reviewsite::config::Overrides {
            output_dir: Some(output.to_path_buf()),
            base_url: base_url.map(str::to_string),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A build's diagnostics, one per line, for assertion messages.
pub fn show(report: &reviewsite::site::BuildReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| format!("  {d}\n"))
        .collect()
}

/// A file's text; panics naming the file.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Severity counts, briefly.
pub fn counts(c: u32, i: u32, s: u32) -> reviewsite::model::SeverityCounts {
    reviewsite::model::SeverityCounts {
        critical: c,
        important: i,
        suggestion: s,
    }
}

/// The finding ids of a review, in order.
pub fn ids(r: &reviewsite::model::Review) -> Vec<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}
