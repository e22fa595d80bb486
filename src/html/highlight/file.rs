//! Source files highlighted line by line (for code excerpts): each line balanced HTML of
//! its own, highlighted from a line near the ones asked for where highlighting can start
//! afresh, so the cost of an excerpt follows its size rather than its depth in the file.

use super::highlighter::{highlight_with, MAX_HIGHLIGHT_BYTES};
use super::lang::syntax_for_file;
use crate::html::escape::escape;

/// Lines of a source file, highlighted one by one.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct HighlightedFile {
    /// The 1-based number of the first line held.
    pub first: usize,
    /// One entry per line from `first` (line endings removed): escaped text inside
    /// balanced `<span class="hl-...">` elements, so any line can be shown on its own.
    pub lines: Vec<String>,
    /// The same lines as written, without line endings.
    pub text: Vec<String>,
    /// The syntax used (`Go`, `Rust`), or `None` for plain text.
    pub language: Option<String>,
}

impl HighlightedFile {
    /// The highlighted HTML and the text of line `number` (1-based), if held.
    pub fn line(&self, number: usize) -> Option<(&str, &str)> {
        let i = number.checked_sub(self.first)?;
        Some((self.lines.get(i)?.as_str(), self.text.get(i)?.as_str()))
    }
}

/// How far above the lines asked for [`highlight_file_lines`] looks for a line to start
/// highlighting at.
pub(crate) const LOOKBACK_LINES: usize = 120;

/// Highlights a whole source file, from its first line. The syntax is chosen by the
/// file's name (`path`'s last component: the extension, or a whole name such as
/// `Makefile`), else by its first line (`#!` lines). Unknown syntaxes and files over the
/// size limit are escaped plain text.
#[cfg(test)]
pub(crate) fn highlight_file(text: &str, path: &str) -> HighlightedFile {
    highlight_file_lines(text, path, 1, usize::MAX)
}

/// Highlights lines `first..=last` (1-based) of a source file, and the lines above them
/// from the line highlighting starts at: the nearest line at most [`LOOKBACK_LINES`] above
/// `first` that starts a top-level construct (see [`restart_line`]), so the cost of an
/// excerpt follows its size rather than its depth in the file.
pub(crate) fn highlight_file_lines(
    text: &str,
    path: &str,
    first: usize,
    last: usize,
) -> HighlightedFile {
    let all: Vec<&str> = text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let last = last.min(all.len());
    let start = restart_line(&all, first.max(1));
    if start > last {
        return HighlightedFile {
            first: start,
            ..Default::default()
        };
    }
    let plain: Vec<String> = all[start - 1..last].iter().map(|l| l.to_string()).collect();
    let mut code = plain.join("\n");
    code.push('\n');
    let syntax = if code.len() > MAX_HIGHLIGHT_BYTES {
        None
    } else {
        syntax_for_file(path, all.first().copied().unwrap_or(""))
    };
    let highlighted = syntax.and_then(|s| highlight_with(&code, s));
    let lines = match &highlighted {
        Some(html) => {
            let mut lines = split_balanced_lines(html);
            lines.resize(plain.len(), String::new());
            lines
        }
        None => plain.iter().map(|l| escape(l)).collect(),
    };
    HighlightedFile {
        first: start,
        lines,
        text: plain,
        language: highlighted
            .is_some()
            .then(|| syntax.map(|s| s.syntax.name.clone()))
            .flatten(),
    }
}

/// The line (1-based) to start highlighting at so that line `first` comes out right: the
/// nearest line at or above `first`, at most [`LOOKBACK_LINES`] up, that follows a blank
/// line and starts at column 0 with a letter, `#`, `@`, `/`, `<`, `[` or `-` (a
/// declaration, a top-level comment, a heading, a YAML key), where highlighting starts
/// afresh in most languages; else line 1, or the line [`LOOKBACK_LINES`] up. A
/// multi-line comment or string that began above that line and is still open may be
/// coloured as code; the text is never changed.
pub(crate) fn restart_line(lines: &[&str], first: usize) -> usize {
    let floor = first.saturating_sub(LOOKBACK_LINES).max(1);
    (floor..=first.min(lines.len()))
        .rev()
        .find(|&n| {
            let line = lines[n - 1];
            let starts_top = line.chars().next().is_some_and(|c| {
                c.is_ascii_alphabetic() || matches!(c, '#' | '@' | '/' | '<' | '[' | '-')
            });
            starts_top && n >= 2 && lines[n - 2].trim().is_empty()
        })
        .unwrap_or(floor)
}

/// Splits classed HTML (text, `<span ...>` and `</span>` only) at its newlines into
/// lines that each open the spans still open from the line before and close every span
/// they leave open.
fn split_balanced_lines(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '\n']) {
        line.push_str(&rest[..i]);
        if rest[i..].starts_with('\n') {
            for _ in &open {
                line.push_str("</span>");
            }
            lines.push(std::mem::take(&mut line));
            for tag in &open {
                line.push_str(tag);
            }
            rest = &rest[i + 1..];
            continue;
        }
        let end = rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        let tag = &rest[i..end];
        if tag.starts_with("</") {
            open.pop();
        } else {
            open.push(tag);
        }
        line.push_str(tag);
        rest = &rest[end..];
    }
    line.push_str(rest);
    if !line.is_empty() && line != open.concat() {
        for _ in &open {
            line.push_str("</span>");
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_highlighted_by_name_into_balanced_lines() {
        let src = "package main\n\n/* a comment\nspanning <lines> */\nfunc main() {}\n";
        let f = highlight_file(src, "cmd/tool/main.go");
        assert_eq!(f.language.as_deref(), Some("Go"));
        assert_eq!(f.lines.len(), 5);
        assert_eq!(f.first, 1);
        assert_eq!(f.text[3], "spanning <lines> */");
        // The comment's second line is a comment on its own, and every line is balanced.
        assert!(f.lines[3].contains("hl-comment"), "{}", f.lines[3]);
        assert!(f.lines[3].contains("&lt;lines&gt;"), "{}", f.lines[3]);
        for l in &f.lines {
            assert_eq!(
                l.matches("<span").count(),
                l.matches("</span>").count(),
                "{l}"
            );
        }
        assert_eq!(
            highlight_file("all: x\n", "Makefile").language.as_deref(),
            Some("Makefile")
        );
        assert_eq!(
            highlight_file("#!/bin/bash\necho hi\n", "hack/run")
                .language
                .as_deref(),
            Some("Bourne Again Shell (bash)")
        );
    }

    #[test]
    fn line_ranges_start_at_a_top_level_line() {
        // No top-level line in between: from line 1, so the comment is still one.
        let src = "fn a() {}\n/* one\ntwo */\nfn b() {}\n";
        let whole = highlight_file(src, "x.rs");
        let part = highlight_file_lines(src, "x.rs", 3, 3);
        assert_eq!(part.first, 1);
        assert_eq!(part.line(3), whole.line(3));
        assert!(part.line(3).unwrap().0.contains("hl-comment"));
        assert_eq!(part.line(4), None);
        assert_eq!(highlight_file_lines(src, "x.rs", 1, 99), whole);
        // Deep in a long file: from the declaration above, not from line 1.
        let mut long = String::new();
        for n in 0..300 {
            long.push_str(&format!("\nfn f{n}() {{\n    let x = {n};\n}}\n"));
        }
        let lines: Vec<&str> = long.lines().collect();
        let part = highlight_file_lines(&long, "x.rs", 1000, 1001);
        assert!(part.first > 1 && part.first <= 1000, "{}", part.first);
        assert!(lines[part.first - 1].starts_with("fn "));
        assert_eq!(part.line(1001).map(|l| l.1), Some(lines[1000]));
        assert_eq!(restart_line(&lines, 1000), part.first);
    }

    #[test]
    fn unknown_files_are_escaped_lines() {
        let f = highlight_file("<b>\r\nx & y\n\nlast", "notes.unknownext");
        assert_eq!(f.language, None);
        assert_eq!(f.lines, vec!["&lt;b&gt;", "x &amp; y", "", "last"]);
    }
}
