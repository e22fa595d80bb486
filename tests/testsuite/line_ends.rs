//! Line ends (issue 17, item 10): a report whose lines end in a lone CR, mixed with LF or
//! CRLF, parses exactly as the same report with LF line ends: the same findings with the
//! same severities, and diagnostics on the same lines (a lone CR ends a line, as it does in
//! Markdown and in editors).

use reviewsite::content;
use reviewsite::diagnostics::Diagnostic;
use reviewsite::model::{Review, Severity};
use reviewsite::parse::parse_report;

/// An invented report. Its summary states two Important findings where one is parsed: the
/// one warning, on the summary's heading line (10).
const REPORT: &str = "# Deep Review: 20260910-100000-pr-5

| | |
|---|---|
| **Date** | 2026-09-10 10:00 |
| **Repo** | [acme/x](https://github.com/acme/x) |
| **Reviewers** | Claude Opus 4.8 (effort: high) |
| **Verdict** | **Merge with fixes** — one bug. |

## Executive Summary

Two Important findings and two Suggestions.

## Important Issues

I1. **Alpha drops the error** — `a.go:10-12` [Claude Opus 4.8]

```go
if err != nil {
    return nil
}
```

Return the error.

## Suggestions

S1. **Beta logs twice** — `b.go:2` [Claude Opus 4.8]

```go
log.Print(x)
```

S2. **Gamma name is vague** — `c.go:3` [Claude Opus 4.8]

Rename it.
";

/// `text` written as a report file and read and parsed as a site does.
fn parse(text: &str) -> (Review, Vec<Diagnostic>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("20260910-100000-pr-5.md");
    std::fs::write(&path, text).unwrap();
    let (src, mut diags) = content::read_one(&path, dir.path());
    let p = parse_report(&src.expect("a report"));
    diags.extend(p.diagnostics);
    (p.review, diags)
}

type Seen = (String, Option<Severity>, String, usize);

fn findings(r: &Review) -> Vec<Seen> {
    r.findings
        .iter()
        .map(|f| (f.id.clone(), f.severity, f.title.clone(), f.line))
        .collect()
}

/// The report with the line ends of the lines `pick` chooses replaced by `end`. A lone CR
/// before an empty line ending in LF would make a CRLF (one line end, not two): such
/// lines keep their LF.
fn with_ends(end: &str, pick: impl Fn(usize, &str) -> bool) -> String {
    let lines: Vec<&str> = REPORT.split('\n').collect();
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        out.push_str(l);
        if i + 1 < lines.len() {
            let crlf_made = end == "\r" && lines[i + 1].is_empty();
            out.push_str(if pick(i, l) && !crlf_made { end } else { "\n" });
        }
    }
    out
}

#[test]
fn a_lone_cr_changes_no_finding_and_no_line() {
    let (lf, lf_diags) = parse(REPORT);
    let want = findings(&lf);
    assert_eq!(
        want.iter().map(|f| (f.0.as_str(), f.1)).collect::<Vec<_>>(),
        [
            ("I1", Some(Severity::Important)),
            ("S1", Some(Severity::Suggestion)),
            ("S2", Some(Severity::Suggestion)),
        ]
    );
    assert_eq!(lf_diags.len(), 1, "{lf_diags:?}");
    assert_eq!(lf_diags[0].line, Some(10), "{lf_diags:?}");
    let variants = [
        // The line before I1's closing fence: read by lines split at LF only, the fence
        // stayed open, swallowed `## Suggestions`, and S2 became Important.
        (
            "lone CR before a closing fence",
            with_ends("\r", |_, l| l == "}"),
        ),
        ("every line a lone CR", REPORT.replace('\n', "\r")),
        (
            "every other line a lone CR",
            with_ends("\r", |i, _| i % 2 == 1),
        ),
        (
            "every third line a lone CR",
            with_ends("\r", |i, _| i % 3 == 0),
        ),
        ("CRLF", with_ends("\r\n", |_, _| true)),
        (
            "CRLF and lone CR",
            with_ends("\r", |i, _| i % 2 == 0).replace('\n', "\r\n"),
        ),
        ("lone CR blank lines", REPORT.replace("\n\n", "\n\r")),
    ];
    for (what, text) in variants {
        let (r, diags) = parse(&text);
        assert_eq!(findings(&r), want, "{what}");
        assert_eq!(diags, lf_diags, "{what}");
        assert_eq!(r.counts, lf.counts, "{what}");
        assert!(!r.findings.iter().any(|f| f.body.contains('\r')), "{what}");
    }
}

#[test]
fn invalid_utf8_is_reported_on_the_line_an_editor_shows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    // Lines 1 and 2 end in a lone CR, line 3 in CRLF; the bad byte is on line 4.
    std::fs::write(&path, b"# T\rsecond\rthird\r\n\xff bad\n").unwrap();
    let (src, diags) = content::read_one(&path, dir.path());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].line, Some(4), "{diags:?}");
    assert_eq!(src.unwrap().markdown, "# T\nsecond\nthird\n\u{FFFD} bad\n");
}
