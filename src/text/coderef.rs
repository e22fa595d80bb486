//! `path:line` references in report prose (`group.go:41`, `pkg/x.go:12-30`,
//! `a.rs:3, 9-11`), found by one recogniser so that the stage resolving them against the
//! reviewed commit (the excerpts stage) and the Markdown renderer linking them agree on
//! what a reference is.
//!
//! A reference is a path — it has a directory part (an absolute path such as
//! `/home/me/lima/pkg/a.go` is one too), a file extension with a letter in it (`v1.2:3` is
//! not one) or a well-known name such as `Makefile` — then `:` and a line or range,
//! optionally followed by more `, N` / `, N-M` ranges in ascending order. It must start
//! the text or follow a space, an opening bracket, a quote or a backtick, so URLs
//! (`https://host:8080`, `https://host/a.go:3`) are not references.

use crate::model::{LineRange, SourceLinks};
use regex::Regex;
use std::sync::OnceLock;

/// One reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeRef<'a> {
    /// Byte range of the whole reference in the text.
    pub start: usize,
    pub end: usize,
    /// The path as written.
    pub path: &'a str,
    /// The ranges, in the order written (at least one).
    pub ranges: Vec<LineRange>,
}

fn head_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?:^|[\s(\[{<'\x22*_,;`])(/?(?:[A-Za-z0-9_.@+~-]+/)*[A-Za-z0-9_@+~-][A-Za-z0-9_.@+~-]*):L?(\d{1,7})(?:\s?[-–]\s?L?(\d{1,7}))?",
        )
        .expect("valid regex")
    })
}

fn more_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^,\s?L?(\d{1,7})(?:\s?[-–]\s?L?(\d{1,7}))?").expect("valid regex")
    })
}

/// Whether `path` looks like a file path: a directory part, an extension that is not
/// all digits, or a well-known extensionless name (`Makefile`). (Of a name without a
/// directory part: whether it looks like a file name.)
pub(crate) fn is_path(path: &str) -> bool {
    if path.starts_with('.') && !path.contains('/') && path.matches('.').count() == 1 {
        // `.gitignore` is a file; `.5` is not.
        return path[1..].chars().any(|c| c.is_ascii_alphabetic());
    }
    if path.contains('/') {
        return !path.ends_with('/');
    }
    match path.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && !ext.is_empty()
                && ext.chars().any(|c| c.is_ascii_alphabetic())
                && ext.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => matches!(
            path.to_ascii_lowercase().as_str(),
            "makefile"
                | "gnumakefile"
                | "dockerfile"
                | "containerfile"
                | "vagrantfile"
                | "jenkinsfile"
                | "justfile"
                | "rakefile"
                | "gemfile"
        ),
    }
}

fn range(start: &str, end: Option<&str>) -> Option<LineRange> {
    let start: u32 = start.parse().ok()?;
    let end: u32 = match end {
        Some(e) => e.parse().ok()?,
        None => start,
    };
    Some(LineRange { start, end })
}

/// Every reference in `text`, in order.
pub fn find(text: &str) -> Vec<CodeRef<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = head_regex().captures_at(text, at) {
        let (Some(whole), Some(path)) = (c.get(0), c.get(1)) else {
            break;
        };
        at = whole.end().max(at + 1);
        let first = range(&c[2], c.get(3).map(|m| m.as_str()));
        let Some(first) = first.filter(|_| is_path(path.as_str())) else {
            continue;
        };
        let mut ranges = vec![first];
        let mut end = whole.end();
        while let Some(m) = more_regex().captures(&text[end..]) {
            let Some(r) = range(&m[1], m.get(2).map(|x| x.as_str())) else {
                break;
            };
            let last = ranges.last().map_or(0, |l: &LineRange| l.start.max(l.end));
            if r.start <= last {
                break;
            }
            ranges.push(r);
            end += m.get(0).map_or(0, |x| x.end());
        }
        // `a.go:12abc` or `a.go:1.5` is not a reference.
        if text[end..]
            .chars()
            .next()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '_')
        {
            continue;
        }
        at = end;
        out.push(CodeRef {
            start: path.start(),
            end,
            path: path.as_str(),
            ranges,
        });
    }
    out
}

/// The reference that is the whole of `text` (surrounding spaces aside), as in a code
/// span `` `group.go:41-58` ``.
pub fn whole(text: &str) -> Option<CodeRef<'_>> {
    let trimmed = text.trim();
    let offset = text.len() - text.trim_start().len();
    let mut found = find(trimmed);
    match found.as_slice() {
        [one] if one.start == 0 && one.end == trimmed.len() => {
            let mut r = found.remove(0);
            r.start += offset;
            r.end += offset;
            Some(r)
        }
        _ => None,
    }
}

/// `<blob_base><path>#L<first>-L<last>` (`#L<first>` for one line), the path encoded.
/// `blob_base` ends with `/blob/<commit>/`.
pub fn permalink(blob_base: &str, path: &str, first: u32, last: u32) -> String {
    let fragment = if first == last {
        format!("L{first}")
    } else {
        format!("L{first}-L{last}")
    };
    format!("{}#{fragment}", file_url(blob_base, path))
}

/// `<blob_base><path>`, the path encoded: the link to a whole file.
fn file_url(blob_base: &str, path: &str) -> String {
    format!(
        "{blob_base}{}",
        crate::text::url_path::encode_url_path(path)
    )
}

/// The permalink of `path` (as cited) at `ranges` when the review's source links know
/// the file and every range lies inside it (when its length is known); with no ranges,
/// the link to the whole file.
pub fn link(links: &SourceLinks, path: &str, ranges: &[LineRange]) -> Option<String> {
    let file = links.files.iter().find(|f| f.cited == path)?;
    if ranges.is_empty() {
        return Some(file_url(&links.blob_base, &file.path));
    }
    let first = ranges.iter().map(|r| r.start.min(r.end)).min()?;
    let last = ranges.iter().map(|r| r.start.max(r.end)).max()?;
    if first == 0 || file.lines.is_some_and(|n| last > n) {
        return None;
    }
    Some(permalink(&links.blob_base, &file.path, first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn references_in_prose() {
        let t = "See group.go:41-58 and (pkg/x/mount.go:31), also a.rs:3, 9-11.";
        let f = find(t);
        assert_eq!(f.len(), 3, "{f:?}");
        assert_eq!(f[0].path, "group.go");
        assert_eq!(f[0].ranges, vec![r(41, 58)]);
        assert_eq!(&t[f[0].start..f[0].end], "group.go:41-58");
        assert_eq!(f[1].path, "pkg/x/mount.go");
        assert_eq!(f[2].ranges, vec![r(3, 3), r(9, 11)]);
        assert_eq!(&t[f[2].start..f[2].end], "a.rs:3, 9-11");
        // Raw Markdown: references in code spans.
        let f = find("cleans the path (`router.go:108`) first");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "router.go");
    }

    #[test]
    fn not_references() {
        for t in [
            "https://example.com:8080/x",
            "version v1.2:3",
            "at 10:30 today",
            "a.go:12abc",
            "key:value",
            "dir/:12",
            "http://a.go:12",
        ] {
            assert!(find(t).is_empty(), "{t}: {:?}", find(t));
        }
    }

    #[test]
    fn descending_continuations_stop() {
        let f = find("x.go:40, 3 times");
        assert_eq!(f[0].ranges, vec![r(40, 40)]);
        assert_eq!(f[0].end, "x.go:40".len());
    }

    #[test]
    fn permalinks() {
        let links = SourceLinks {
            blob_base: "https://github.com/o/r/blob/abc/".into(),
            files: vec![
                crate::model::SourceFile {
                    cited: "a b.go".into(),
                    path: "dir/a b.go".into(),
                    lines: Some(50),
                },
                crate::model::SourceFile {
                    cited: "c.go".into(),
                    path: "pkg/c.go".into(),
                    lines: None,
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            link(&links, "a b.go", &[r(40, 50), r(3, 3)]).as_deref(),
            Some("https://github.com/o/r/blob/abc/dir/a%20b.go#L3-L50")
        );
        assert_eq!(
            link(&links, "a b.go", &[r(7, 7)]).as_deref(),
            Some("https://github.com/o/r/blob/abc/dir/a%20b.go#L7")
        );
        assert_eq!(link(&links, "a b.go", &[r(50, 51)]), None);
        assert_eq!(link(&links, "other.go", &[r(1, 1)]), None);
        // The whole file, when a location cites no lines.
        assert_eq!(
            link(&links, "a b.go", &[]).as_deref(),
            Some("https://github.com/o/r/blob/abc/dir/a%20b.go")
        );
        // A file whose length is not known: any line but 0 links.
        assert_eq!(
            link(&links, "c.go", &[r(9000, 9001)]).as_deref(),
            Some("https://github.com/o/r/blob/abc/pkg/c.go#L9000-L9001")
        );
        assert_eq!(link(&links, "c.go", &[r(0, 3)]), None);
    }

    #[test]
    fn whole_span() {
        assert_eq!(whole(" tree.go:118-140 ").unwrap().path, "tree.go");
        assert_eq!(whole("L:12"), None);
        assert!(whole("tree.go:1 and more").is_none());
        assert!(whole("Makefile").is_none());
        assert!(whole("Makefile:12").is_some());
        let w = whole("src/a.rs:L5-L7").unwrap();
        assert_eq!(w.ranges, vec![r(5, 7)]);
        assert!(whole(".github/workflows/test.yml:536-553").is_some());
        assert!(whole("hack/bats/tests/mcp.bats:187").is_some());
        // Absolute local paths are references (which of them link is the linker's call).
        assert_eq!(
            whole("/home/me/lima/pkg/a.go:12").unwrap().path,
            "/home/me/lima/pkg/a.go"
        );
        assert_eq!(whole("~/lima/a.go:3").unwrap().path, "~/lima/a.go");
        assert_eq!(find("see /Users/me/x.go:4.")[0].path, "/Users/me/x.go");
        assert!(whole("//host/a.go:3").is_none());
    }
}
