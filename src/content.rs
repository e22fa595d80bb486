//! Reading the content tree: every report (`*.md`) with its optional YAML front matter and
//! sidecar `<stem>.json`.
//!
//! Reports may lie flat in the content folder (as most archives do) or under
//! `<owner>/<repo>/`, which then names the repository. Nothing here interprets the
//! Markdown, but every line end becomes a LF (CRLF, and a lone CR mixed with LF: the parser
//! reads lines at LF); problems with a file (unreadable, binary, invalid UTF-8, bad sidecar)
//! become diagnostics naming it, and the other files still load.

use crate::diagnostics::Diagnostic;
use crate::model::RepoRef;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One report as read from disk, before parsing.
#[derive(Debug, Clone)]
pub struct SourceReport {
    /// File stem; the page is `<id>.html`.
    pub id: String,
    /// Path relative to the content folder, `/`-separated.
    pub rel_path: String,
    /// Path on disk.
    pub path: PathBuf,
    /// Repository named by an `<owner>/<repo>/` folder layout.
    pub repo_hint: Option<RepoRef>,
    /// The Markdown after any front matter.
    pub markdown: String,
    /// 1-based line of the file where `markdown` starts (after front matter).
    pub first_line: usize,
    /// YAML front matter as JSON-compatible data.
    pub front_matter: Option<serde_json::Value>,
    /// The sidecar `<stem>.json`, when present and valid JSON.
    pub sidecar: Option<serde_json::Value>,
}

/// Everything read from the content folder.
#[derive(Debug, Default)]
pub struct Content {
    pub reports: Vec<SourceReport>,
    pub diagnostics: Vec<Diagnostic>,
}

/// File names that are never reports.
fn is_ignored_md(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "readme.md" || lower == "index.md" || lower.starts_with('_')
}

/// The report and sidecar files of a content folder, before reading them.
#[derive(Debug, Default)]
pub struct Listing {
    /// Report files (`*.md` that are reports), in walk order (sorted by path).
    pub reports: Vec<PathBuf>,
    /// Sidecar candidates (`*.json`).
    pub sidecars: Vec<PathBuf>,
    /// Folders that could not be read, a missing content folder.
    pub diagnostics: Vec<Diagnostic>,
    /// `*.json` files with no report of the same stem beside them: a sidecar left behind,
    /// or a file that is no sidecar at all (`package.json` at a repository root). Which
    /// is which takes reading the JSON, which the site engine does.
    pub orphan_json: Vec<PathBuf>,
}

/// Walks `dir` and reads every report. `display_base` is what paths in diagnostics are
/// made relative to (usually the site root).
/// Folders under `dir` listed in `exclude` (the output, themes, static files when the
/// content folder is the site root) are not walked.
pub fn load(dir: &Path, display_base: &Path, exclude: &[PathBuf]) -> Content {
    let listing = list(dir, display_base, exclude);
    let mut content = Content {
        reports: Vec::new(),
        diagnostics: listing.diagnostics,
    };
    let results: Vec<(Option<SourceReport>, Vec<Diagnostic>)> = listing
        .reports
        .par_iter()
        .map(|path| read_report(dir, path, display_base))
        .collect();
    for (report, diags) in results {
        content.diagnostics.extend(diags);
        if let Some(r) = report {
            content.reports.push(r);
        }
    }
    let ids: Vec<(&Path, &str)> = content
        .reports
        .iter()
        .map(|r| (r.path.as_path(), r.id.as_str()))
        .collect();
    let (keep, diags) = first_of_each_stem(&ids, display_base);
    content.diagnostics.extend(diags);
    let mut keep = keep.into_iter();
    content.reports.retain(|_| keep.next().unwrap_or(false));
    content
}

/// Walks `dir` for report and sidecar files (see [`load`]); reads none of them.
pub fn list(dir: &Path, display_base: &Path, exclude: &[PathBuf]) -> Listing {
    let mut listing = Listing::default();
    if !dir.is_dir() {
        listing.diagnostics.push(Diagnostic::error(
            dir.display().to_string(),
            None,
            "content folder not found: put review reports (*.md) there, or set content_dir in book.toml",
        ));
        return listing;
    }
    let exclude: Vec<PathBuf> = exclude
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let walker = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    let walker = walker.filter_entry(|e| {
        let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
        // Our own output (marked) is never content, wherever it was written.
        let excluded = e.depth() > 0
            && e.file_type().is_dir()
            && (e.path().join(crate::output::MARKER).exists()
                || std::fs::canonicalize(e.path()).is_ok_and(|c| exclude.contains(&c)));
        !hidden && !excluded
    });
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| shown_path(p, display_base))
                    .unwrap_or_default();
                listing
                    .diagnostics
                    .push(Diagnostic::warning(p, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if entry.path_is_symlink() && is_report_name(&name) {
            listing
                .diagnostics
                .push(linked_file_warning(entry.path(), display_base, "report"));
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if is_report_name(&name) {
            listing.reports.push(entry.into_path());
        } else if name.ends_with(".json") {
            listing.sidecars.push(entry.into_path());
        }
    }

    let md_set: BTreeSet<PathBuf> = listing
        .reports
        .iter()
        .map(|p| p.with_extension(""))
        .collect();
    listing.orphan_json = listing
        .sidecars
        .iter()
        .filter(|json| !md_set.contains(&json.with_extension("")))
        .cloned()
        .collect();
    listing
}

/// The warning for a file that is a symbolic link: reviewsite reads nothing through one,
/// since a link can reach any file on the machine (`~/.ssh/id_rsa`) and publish it.
/// `what` says what the file would have been (`report`, `sidecar`, `static file`).
pub(crate) fn linked_file_warning(path: &Path, display_base: &Path, what: &str) -> Diagnostic {
    Diagnostic::warning(
        shown_path(path, display_base),
        None,
        format!(
            "this {what} is a symbolic link; skipped: reviewsite reads no file through a link, which could reach any file on the machine (copy the file in instead)"
        ),
    )
}

/// A warning for every symbolic link under `dir` (files and folders, dot-files aside),
/// each of which [`crate::output::copy_tree`] and the theme skip: `what` names the kind of
/// file (`static file`, `theme file`). A missing `dir` has none.
pub(crate) fn linked_files(dir: &Path, display_base: &Path, what: &str) -> Vec<Diagnostic> {
    if !dir.is_dir() {
        return Vec::new();
    }
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .flatten()
        .filter(|e| e.path_is_symlink())
        .map(|e| linked_file_warning(e.path(), display_base, what))
        .collect()
}

/// Whether a file of this name is a report (`*.md`, but not `README.md`, `index.md`, `_*`).
pub(crate) fn is_report_name(name: &str) -> bool {
    name.ends_with(".md") && !is_ignored_md(name)
}

/// Duplicate stems would share one URL: of the reports `(path, id)` in walk order, keeps
/// the first of each id. Returns whether each is kept, and a warning for each skipped one.
pub(crate) fn first_of_each_stem(
    reports: &[(&Path, &str)],
    display_base: &Path,
) -> (Vec<bool>, Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Path> = HashMap::with_capacity(reports.len());
    let mut diagnostics = Vec::new();
    let keep = reports
        .iter()
        .map(|&(path, id)| match seen.get(id) {
            Some(first) => {
                diagnostics.push(Diagnostic::warning(
                    shown_path(path, display_base),
                    None,
                    format!(
                        "another report with the stem {id:?} ({}) already owns {id}.html; this one is skipped: rename one of them",
                        shown_path(first, display_base)
                    ),
                ));
                false
            }
            None => {
                seen.insert(id, path);
                true
            }
        })
        .collect();
    (keep, diagnostics)
}

/// A path as users see it: relative to `base` (the site root) when it is inside,
/// `/`-separated.
pub(crate) fn shown_path(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads one report file (and its sidecar) outside a site walk, e.g. for
/// `reviewsite extract`. `None` when the file cannot be read as a report.
pub fn read_one(path: &Path, display_base: &Path) -> (Option<SourceReport>, Vec<Diagnostic>) {
    let dir = path.parent().unwrap_or(Path::new(""));
    read_report(dir, path, display_base)
}

/// Reads the report at `path` in the content folder `dir`, with its front matter and
/// sidecar. `None` when the file cannot be a report (unreadable, binary, empty); the
/// diagnostics say why.
pub(crate) fn read_report(
    dir: &Path,
    path: &Path,
    display_base: &Path,
) -> (Option<SourceReport>, Vec<Diagnostic>) {
    let shown = shown_path(path, display_base);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let d = Diagnostic::warning(shown, None, format!("cannot read: {e}; skipped"));
            return (None, vec![d]);
        }
    };
    let (report, mut diags) = report_from_bytes(dir, path, bytes, &shown);
    let report = report.map(|mut r| {
        let sidecar_path = path.with_extension("json");
        // The link itself, not what it points to: a sidecar that is a link is not read.
        match std::fs::symlink_metadata(&sidecar_path) {
            Ok(m) if m.file_type().is_symlink() => {
                diags.push(linked_file_warning(&sidecar_path, display_base, "sidecar"));
            }
            Ok(m) if m.is_file() => {
                r.sidecar = read_sidecar(&sidecar_path, display_base, &mut diags);
            }
            _ => {}
        }
        r
    });
    (report, diags)
}

/// One report from the bytes of the file at `path` (under the content folder `dir`;
/// `shown` names it in diagnostics), without its sidecar. `None` when the bytes are not
/// a report (binary, empty). Invalid UTF-8 is replaced and reported with its line.
pub(crate) fn report_from_bytes(
    dir: &Path,
    path: &Path,
    bytes: Vec<u8>,
    shown: &str,
) -> (Option<SourceReport>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    if bytes.iter().take(8192).any(|&b| b == 0) {
        diags.push(Diagnostic::warning(
            shown,
            None,
            "looks like a binary file (NUL bytes), not a Markdown report; skipped",
        ));
        return (None, diags);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let line = line_ends(&bytes[..valid]) + 1;
            diags.push(Diagnostic::warning(
                shown,
                Some(line),
                format!("invalid UTF-8 at byte {valid}; invalid bytes are shown as \u{FFFD}: save the file as UTF-8"),
            ));
            String::from_utf8_lossy(&bytes).into_owned()
        }
    };
    let text = text
        .strip_prefix('\u{FEFF}')
        .map(str::to_string)
        .unwrap_or(text);
    let text = lf_line_ends(text);
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning(shown, None, "empty report; skipped"));
        return (None, diags);
    }
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let rel_path = rel.to_string_lossy().replace('\\', "/");
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = page_id(&stem);
    if id != stem {
        diags.push(Diagnostic::warning(
            shown,
            None,
            format!(
                "the file name is too long to be a page name ({} bytes before `.md`, more than {MAX_STEM}; a file name may have 255 with `.html`): the page is {id}.html instead; shorten the file name to keep its own",
                stem.len()
            ),
        ));
    }
    let repo_hint = {
        let parts: Vec<&str> = rel_path.split('/').collect();
        if parts.len() >= 3 {
            Some(RepoRef {
                owner: parts[parts.len() - 3].to_string(),
                name: parts[parts.len() - 2].to_string(),
            })
        } else {
            None
        }
    };

    let (front_matter, markdown, first_line) = split_front_matter(&text, shown, &mut diags);

    (
        Some(SourceReport {
            id,
            rel_path,
            path: path.to_path_buf(),
            repo_hint,
            markdown,
            first_line,
            front_matter,
            sidecar: None,
        }),
        diags,
    )
}

/// The longest stem that is its own page id: `<stem>.html` and `<stem>.md` must fit the
/// 255 bytes a file name may have on every common file system, with room to spare.
pub(crate) const MAX_STEM: usize = 200;

/// The page id of a report whose file stem is `stem`: the stem itself, or for a stem longer
/// than [`MAX_STEM`] bytes, its first bytes (cut at a character boundary) and a hash of the
/// whole stem (`<first bytes>-<16 hex digits>`), so the name is short, the same on every
/// build and machine, and two long stems that share their start still differ.
pub fn page_id(stem: &str) -> String {
    if stem.len() <= MAX_STEM {
        return stem.to_string();
    }
    let mut cut = MAX_STEM - 17;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    // FNV-1a, 64 bits: fixed by its definition, so a page's name never changes with a
    // library's version.
    let hash = stem.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{}-{hash:016x}", &stem[..cut])
}

/// Whether the text between two `---` lines was meant as YAML: its first line that is
/// neither blank nor a `#` comment is a `key:` line or a `- ` item. A Markdown heading
/// (`# Title`, a YAML comment too) or a table line between two rules is no front matter.
fn looks_like_yaml(block: &str) -> bool {
    let Some(first) = block
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return false;
    };
    let key = first.split_once(':').is_some_and(|(k, v)| {
        !k.is_empty()
            && (v.is_empty() || v.starts_with(' '))
            && k.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ' ' | '"' | '\''))
    });
    key || first == "-" || first.starts_with("- ")
}

/// The text with every line end a LF: CRLF and a lone CR (old Mac files, or lines pasted
/// from one into another) become `\n`. Markdown ends a line at any of the three, but the
/// parser's line reading does not: a lone CR would join lines, and findings would lose their
/// heads or change severity. Line numbers stay those an editor shows (it breaks at all three).
fn lf_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The number of line ends in `bytes`: LF, CRLF (one) and lone CR, as [`lf_line_ends`]
/// counts them.
fn line_ends(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count()
}

/// Splits a leading `---`/`---` YAML block off. A report that starts with a rule but holds
/// no YAML mapping keeps its text.
fn split_front_matter(
    text: &str,
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Option<serde_json::Value>, String, usize) {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (None, text.to_string(), 1);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let first_line = 2 + yaml.lines().count() + 1;
            return match serde_yaml_ng::from_str::<serde_json::Value>(yaml) {
                Ok(v @ serde_json::Value::Object(_)) => (Some(v), body.to_string(), first_line),
                Ok(serde_json::Value::Null) if yaml.trim().is_empty() => {
                    (None, body.to_string(), first_line)
                }
                // A rule, Markdown, then a rule: no front matter, and no text lost.
                _ if !looks_like_yaml(yaml) => (None, text.to_string(), 1),
                Ok(_) => {
                    diags.push(Diagnostic::warning(
                        shown,
                        Some(2),
                        "front matter is not a YAML mapping; ignored",
                    ));
                    (None, body.to_string(), first_line)
                }
                Err(e) => {
                    let line = e.location().map(|l| l.line() + 1);
                    diags.push(Diagnostic::warning(
                        shown,
                        line.or(Some(2)),
                        format!("front matter is not valid YAML: {e}; ignored"),
                    ));
                    (None, body.to_string(), first_line)
                }
            };
        }
        offset += line.len();
    }
    // No closing marker: not front matter.
    (None, text.to_string(), 1)
}

fn read_sidecar(
    path: &Path,
    display_base: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<serde_json::Value> {
    let shown = shown_path(path, display_base);
    match std::fs::read(path) {
        Ok(bytes) => sidecar_from_bytes(&bytes, &shown, diags),
        Err(e) => {
            diags.push(Diagnostic::warning(
                shown,
                None,
                format!("cannot read sidecar: {e}; ignored"),
            ));
            None
        }
    }
}

/// A sidecar's JSON object from the file's bytes (`shown` names it in diagnostics):
/// `None`, with a warning giving the line and column, when it is not UTF-8 JSON holding
/// an object.
pub(crate) fn sidecar_from_bytes(
    bytes: &[u8],
    shown: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<serde_json::Value> {
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v @ serde_json::Value::Object(_)) => Some(v),
        Ok(_) => {
            diags.push(Diagnostic::warning(
                shown,
                Some(1),
                "sidecar must be a JSON object; ignored",
            ));
            None
        }
        Err(e) => {
            diags.push(Diagnostic::warning(
                shown,
                Some(e.line()),
                format!(
                    "sidecar is not valid JSON (column {}): {e}; ignored",
                    e.column()
                ),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_and_lines_counted() {
        let mut d = Vec::new();
        let (fm, body, first) = split_front_matter(
            "---\ntitle: x\ntags: [a]\n---\n# Deep Review: y\n",
            "f.md",
            &mut d,
        );
        assert_eq!(fm.unwrap()["title"], "x");
        assert_eq!(body, "# Deep Review: y\n");
        assert_eq!(first, 5);
        assert!(d.is_empty());
    }

    #[test]
    fn bad_front_matter_warns_with_file() {
        let mut d = Vec::new();
        let (fm, _, _) = split_front_matter("---\ntitle: [x\n---\nbody\n", "f.md", &mut d);
        assert!(fm.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].file, "f.md");
    }

    #[test]
    fn previous_output_is_not_content() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("a.md"), "# A\n").unwrap();
        let old = tmp.path().join("site-out");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join(crate::output::MARKER), "").unwrap();
        std::fs::write(old.join("a.md"), "# A\n").unwrap();
        let c = load(tmp.path(), tmp.path(), &[]);
        assert_eq!(c.reports.len(), 1);
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
    }

    #[test]
    fn markdown_between_two_rules_is_text_not_front_matter() {
        for text in [
            "---\n\n# Deep Review: x\n\n| | |\n|---|---|\n\n---\n\n## Summary\n",
            "---\n# Title\n---\nbody\n",
            "---\n**Verdict**: fine\n---\n",
        ] {
            let mut d = Vec::new();
            let (fm, body, first) = split_front_matter(text, "f.md", &mut d);
            assert!(fm.is_none() && d.is_empty(), "{text:?}: {d:?}");
            assert_eq!((body.as_str(), first), (text, 1), "nothing lost");
        }
        // Meant as YAML (a key first, comments aside): named, as before.
        for text in [
            "---\n# generated\ntitle: [x\n---\nbody\n",
            "---\n- a\n---\nb\n",
        ] {
            let mut d = Vec::new();
            split_front_matter(text, "f.md", &mut d);
            assert_eq!(d.len(), 1, "{text:?}");
        }
    }

    #[test]
    fn every_line_end_becomes_lf_and_counts_once() {
        for (text, want) in [
            ("a\nb\n", "a\nb\n"),
            ("a\r\nb\r\n", "a\nb\n"),
            ("a\rb\r", "a\nb\n"),
            ("a\rb\nc\r\nd", "a\nb\nc\nd"),
            // A lone CR, then a CRLF: two line ends.
            ("a\r\r\nb", "a\n\nb"),
            ("a\n\rb", "a\n\nb"),
        ] {
            assert_eq!(lf_line_ends(text.to_string()), want, "{text:?}");
            assert_eq!(
                line_ends(text.as_bytes()),
                want.matches('\n').count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn leading_rule_without_close_is_text() {
        let mut d = Vec::new();
        let (fm, body, _) = split_front_matter("---\nno close\n", "f.md", &mut d);
        assert!(fm.is_none());
        assert_eq!(body, "---\nno close\n");
    }
}
