//! Location references in finding heads and bodies: `pkg/a.go:12-30`, `a.go:1,5`, a bare
//! `505-518` continuing the previous path, well-known extensionless files (`Makefile`).

use crate::model::{LineRange, Location};
use crate::parse::static_regex::re;
use regex::Regex;
use std::sync::OnceLock;

/// Whether the text before a title's dash is a location (`path:238-258`): one word, or a
/// path with a line.
pub(super) fn looks_like_location(s: &str) -> bool {
    let s = s.trim().trim_matches('`');
    static R: OnceLock<Regex> = OnceLock::new();
    !s.is_empty() && (!s.contains(' ') || re(&R, r"^[\w./-]+:\d").is_match(s))
}

/// A location written without a code span: `pkg/a.go`, `a.go:12`.
pub(super) fn re_plain_loc() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"[\w.-]+/[\w./-]+|[\w-]+\.[A-Za-z]{1,5}(:\d+)?")
}

fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("file://")
}

/// Extensionless file names that are paths on their own.
const WELL_KNOWN_FILES: &[&str] = &[
    "makefile",
    "gnumakefile",
    "dockerfile",
    "containerfile",
    "license",
    "licence",
    "copying",
    "notice",
    "readme",
    "changelog",
    "authors",
    "contributors",
    "codeowners",
    "gemfile",
    "rakefile",
    "procfile",
    "vagrantfile",
    "jenkinsfile",
    "justfile",
    "brewfile",
    "pipfile",
    "podfile",
    "tiltfile",
    "earthfile",
    "taskfile",
    "build",
    "workspace",
];

/// Whether a location token names a file or directory: it has a `/`, `\` or `.`, or is a
/// well-known extensionless file name (`Makefile`, `Dockerfile`, `LICENSE`). A bare word
/// (`arm64` in ``also `arm64:211` ``, a flag, a commit SHA) is not a path: the location keeps
/// its raw text without a path.
fn is_pathlike(p: &str) -> bool {
    let p = p.trim();
    if p.is_empty() {
        return false;
    }
    if p.contains(['/', '\\']) {
        return true;
    }
    if p.starts_with('-') || p.chars().all(|c| c.is_ascii_hexdigit()) {
        return false;
    }
    if let Some((stem, ext)) = p.rsplit_once('.') {
        return !ext.is_empty()
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && !ext.chars().all(|c| c.is_ascii_digit())
            && (!stem.is_empty() || p.len() > 1);
    }
    WELL_KNOWN_FILES.contains(&p.to_ascii_lowercase().as_str())
}

/// Parses location references from code spans (or plain text pieces). A bare `505-518`
/// continues the previous path.
pub(super) fn parse_locations(pieces: &[String]) -> Vec<Location> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    static PATHR: OnceLock<Regex> = OnceLock::new();
    let split = re(&SPLIT, r";|,|\band\b|\balso\b|\bvs\.?|\bcalled at\b");
    let range_re = re(&RANGE, r"^L?(\d+)(?:\s*[-–]\s*L?(\d+))?$");
    let path_re = re(&PATHR, r"^(.+?):(L?\d+(?:\s*[-–]\s*L?\d+)?)$");
    let mut out: Vec<Location> = Vec::new();
    for piece in pieces {
        for tok in split.split(piece) {
            let tok = tok.trim().trim_matches('`').trim();
            if tok.is_empty() {
                continue;
            }
            let parse_range = |s: &str| -> Option<LineRange> {
                let c = range_re.captures(s.trim())?;
                let start: u32 = c[1].parse().ok()?;
                let end: u32 = match c.get(2) {
                    Some(e) => e.as_str().parse().ok()?,
                    None => start,
                };
                Some(LineRange { start, end })
            };
            if let Some(r) = parse_range(tok) {
                if let Some(prev) = out.last_mut() {
                    prev.ranges.push(r);
                    prev.raw.push_str(", ");
                    prev.raw.push_str(tok);
                    continue;
                }
                out.push(Location {
                    path: None,
                    ranges: vec![r],
                    raw: tok.to_string(),
                });
                continue;
            }
            if let Some(c) = path_re.captures(tok) {
                let path = c[1].trim();
                if !path.contains(' ') && !is_url(tok) {
                    out.push(Location {
                        path: is_pathlike(path).then(|| path.to_string()),
                        ranges: parse_range(&c[2]).into_iter().collect(),
                        raw: tok.to_string(),
                    });
                    continue;
                }
            }
            if !tok.contains(' ') && tok.len() <= 200 {
                out.push(Location {
                    path: (is_pathlike(tok) && !is_url(tok)).then(|| tok.to_string()),
                    ranges: Vec::new(),
                    raw: tok.to_string(),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn locations() {
        let l = parse_locations(&[
            "a.go:1,5".into(),
            "505-518".into(),
            "b.go:3–9 and c.go".into(),
            "d.go:7-8, 10-12".into(),
        ]);
        assert_eq!(l.len(), 4);
        assert_eq!(l[0].ranges, vec![r(1, 1), r(5, 5), r(505, 518)]);
        assert_eq!(l[1].ranges, vec![r(3, 9)]);
        assert_eq!(l[2].path.as_deref(), Some("c.go"));
        assert!(l[2].ranges.is_empty());
        assert_eq!(l[3].ranges, vec![r(7, 8), r(10, 12)]);
    }

    #[test]
    fn paths() {
        for p in [
            "pkg/a.go",
            "Makefile",
            "Dockerfile",
            "LICENSE",
            ".env",
            "a.tar.gz",
        ] {
            assert!(is_pathlike(p), "{p}");
        }
        for p in ["arm64", "--sync", "d6ca3936", "v1.2", "", "windows"] {
            assert!(!is_pathlike(p), "{p}");
        }
        let l = parse_locations(&["build/t.mk:40".into(), "arm64:211".into()]);
        assert_eq!(l[1].path, None);
        assert_eq!(l[1].raw, "arm64:211");
        assert_eq!(
            l[1].ranges,
            [LineRange {
                start: 211,
                end: 211
            }]
        );
        let l = parse_locations(&["https://example.org/x/y".into()]);
        assert_eq!(l[0].path, None);
    }
}
