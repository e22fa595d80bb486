//! How alike two findings of consecutive rounds are, from what they say rather than their
//! ids: the code they cite (same file, overlapping or nearby lines), the words of their
//! titles, and the identifiers (code spans, `snake_case`, `CamelCase`, `a.b`) of their
//! titles and bodies. The same file alone is never enough.

use crate::model::Finding;
use std::collections::HashSet;

/// Lines apart that still count as the same code (code moves between rounds).
const NEAR_LINES: u32 = 25;

/// What [`score`] compares of one finding, worked out once per finding rather than once
/// per pair: the words of its title, its identifiers and the code it cites.
pub(super) struct Traits {
    title: HashSet<String>,
    identifiers: HashSet<String>,
    files: Vec<(String, Vec<(u32, u32)>)>,
}

impl Traits {
    pub(super) fn of(f: &Finding) -> Traits {
        Traits {
            title: words(&f.title),
            identifiers: identifiers(f),
            files: files(f),
        }
    }
}

/// How alike `a` and `b` are, from 0 (nothing shared) up; [`LINKED`] and more is one
/// issue.
pub(super) fn score(a: &Traits, b: &Traits) -> f64 {
    let title = overlap(&a.title, &b.title);
    if title == 0.0 {
        // Titles with no word in common: two issues of the same code, however close.
        return 0.0;
    }
    let code = code_overlap(&a.files, &b.files);
    let ids = shared(&a.identifiers, &b.identifiers);
    // Titles that say the same thing (most of their words shared) are one issue on their
    // own unless they cite different code; fewer shared words need the code and the
    // identifiers to agree too.
    match code {
        Code::Same => title * 3.0 + ids as f64 * 0.4 + 1.0,
        Code::Near => title * 3.0 + ids as f64 * 0.4 + 0.4,
        Code::SameFile => title * 3.0 + ids as f64 * 0.3,
        Code::None => title * 3.0 + ids as f64 * 0.2,
        Code::Apart => title * 1.5 + ids as f64 * 0.2,
    }
}

/// The score from which two findings are one issue.
pub(super) const LINKED: f64 = 2.9;

/// The score from which a later finding that says it was raised before (`Previously
/// flagged`, `still unaddressed`) continues an earlier one: a title word in common and
/// the same code, or most of the title.
pub(super) const CLAIMED: f64 = 1.2;

enum Code {
    /// A file in common and the same lines (a range that starts and ends within 2 lines
    /// of the other's).
    Same,
    /// A file in common, with lines that overlap or are near.
    Near,
    /// A file in common, lines not stated or far apart.
    SameFile,
    /// Both cite code, none in common.
    Apart,
    /// One of them cites no code.
    None,
}

/// The files `f` cites (by base name) with their line ranges.
fn files(f: &Finding) -> Vec<(String, Vec<(u32, u32)>)> {
    f.locations
        .iter()
        .filter_map(|l| {
            let p = l.path.as_deref()?;
            let base = p.rsplit('/').next().unwrap_or(p).to_string();
            Some((base, l.ranges.iter().map(|r| (r.start, r.end)).collect()))
        })
        .collect()
}

fn code_overlap(fa: &[(String, Vec<(u32, u32)>)], fb: &[(String, Vec<(u32, u32)>)]) -> Code {
    if fa.is_empty() || fb.is_empty() {
        return Code::None;
    }
    let mut same_file = false;
    for (pa, ra) in fa {
        for (pb, rb) in fb {
            if pa != pb {
                continue;
            }
            same_file = true;
            let same = ra.iter().any(|&(s1, e1)| {
                rb.iter()
                    .any(|&(s2, e2)| s1.abs_diff(s2) <= 2 && e1.abs_diff(e2) <= 2)
            });
            if same {
                return Code::Same;
            }
            let near = ra.iter().any(|&(s1, e1)| {
                rb.iter().any(|&(s2, e2)| {
                    s1 <= e2.saturating_add(NEAR_LINES) && s2 <= e1.saturating_add(NEAR_LINES)
                })
            });
            if near {
                return Code::Near;
            }
        }
    }
    if same_file {
        Code::SameFile
    } else {
        Code::Apart
    }
}

/// Words that say nothing of what a finding is about.
const STOP: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "in", "on", "for", "to", "is", "are", "be", "not", "no",
    "with", "when", "without", "from", "by", "as", "at", "its", "it", "that", "this", "can", "may",
    "could", "should", "does", "do", "but", "missing", "unused", "only", "if", "than", "into",
    "via", "all", "any", "test", "tests", "error", "errors", "still", "now", "again",
];

/// The meaningful words of a title, lower-cased, with a crude stem (`-s`, `-ed`, `-ing`).
pub(super) fn words(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    each_word(text, |w| {
        if !out.contains(w) {
            out.insert(w.to_string());
        }
    });
    out
}

/// Each of [`words`] of `text` in turn, repeats included, without allocating one string
/// per word.
pub(super) fn each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut lower = String::new();
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        lower.clear();
        crate::text::push_lowercase(&mut lower, w);
        if lower.len() > 2 && !STOP.contains(&lower.as_str()) {
            f(stem(&lower));
        }
    }
}

fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 4 {
                return s;
            }
        }
    }
    w
}

/// Shared words over the smaller set (0 to 1).
fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / small as f64
}

fn shared(a: &HashSet<String>, b: &HashSet<String>) -> usize {
    a.intersection(b).count()
}

/// The identifiers a finding names in its title and body: code spans and words that look
/// like code (`snake_case`, `CamelCase` inside a word, `a.b`, `f()`), not file names.
fn identifiers(f: &Finding) -> HashSet<String> {
    let text = format!("{} {}", f.title, f.body);
    let mut out = HashSet::new();
    for (i, span) in text.split('`').enumerate() {
        if i % 2 == 1 && span.len() >= 3 && span.len() <= 60 && !span.contains('/') {
            out.insert(span.trim_end_matches("()").to_lowercase());
        }
    }
    for w in text.split(|c: char| !(c.is_alphanumeric() || "_.".contains(c))) {
        let w = w.trim_matches('.');
        let inner_cap =
            w.chars().skip(1).any(|c| c.is_uppercase()) && w.chars().any(|c| c.is_lowercase());
        if w.len() >= 4 && (w.contains('_') || inner_cap) {
            out.insert(w.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LineRange, Location};

    fn finding(title: &str, body: &str, path: &str, line: u32) -> Finding {
        Finding {
            title: title.into(),
            body: body.into(),
            locations: vec![Location {
                path: Some(path.into()),
                ranges: vec![LineRange {
                    start: line,
                    end: line + 4,
                }],
                raw: String::new(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn the_same_issue_in_other_words_is_alike_and_the_same_file_alone_is_not() {
        let a = finding(
            "`EnsureDisk` rename path skips the disk resize",
            "After the rename `resizeDisk` is never called.",
            "pkg/disk.go",
            40,
        );
        let b = finding(
            "EnsureDisk rename path has an implicit resize dependency",
            "The rename relies on `resizeDisk` running later.",
            "pkg/disk.go",
            44,
        );
        assert!(
            score(&Traits::of(&a), &Traits::of(&b)) >= LINKED,
            "{}",
            score(&Traits::of(&a), &Traits::of(&b))
        );
        // Same file and lines, nothing in common in the titles.
        let c = finding(
            "Windows drive letters compared in another format",
            "",
            "pkg/a.go",
            41,
        );
        assert_eq!(score(&Traits::of(&a), &Traits::of(&c)), 0.0);
        // One word in common and nothing else: not enough.
        let d = finding("Disk cache grows without bound", "", "pkg/other.go", 900);
        assert!(
            score(&Traits::of(&a), &Traits::of(&d)) < LINKED,
            "{}",
            score(&Traits::of(&a), &Traits::of(&d))
        );
    }
}
