//! Markdown the renderer will show differently from what its author meant: a code fence
//! that is never closed (the rest of the report becomes code) and table rows with more
//! cells than their header (shown in added columns, where GFM would drop them). Each is a
//! warning with its line; the text itself is always kept.

use super::blocks::{slice, Doc, LineIndex};
use crate::diagnostics::Diagnostic;

/// Warnings for `text` (a report body whose code blocks `doc` found).
pub(crate) fn lint(text: &str, doc: &Doc, lines: &LineIndex, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let end = text.trim_end().len();
    for code in &doc.codes {
        // A fence left open inside a list item or quote ends with it; only one that runs
        // to the end of the text swallows the rest of the report.
        if code.range.end < end {
            continue;
        }
        if let Some(fence) = unclosed_fence(slice(text, &code.range)) {
            out.push(Diagnostic::warning(
                file,
                Some(lines.line(code.range.start)),
                format!(
                    "code fence {fence} opened here is never closed, so the rest of the report is shown as code: add a closing {fence}"
                ),
            ));
        }
    }
    for row in &doc.table_overflow {
        let line = text[row.offset..].lines().next().unwrap_or("");
        let fix = if pipe_in_code_span(line) {
            "a `|` inside a code span still splits a table cell: write it as `\\|`"
        } else {
            "add header cells (and `---` cells) for them"
        };
        out.push(Diagnostic::warning(
            file,
            Some(lines.line(row.offset)),
            format!(
                "table row has {} more cell(s) than the table's header; they are shown in added columns: {fix}",
                row.cells.len()
            ),
        ));
    }
    out
}

/// Whether a code span of `line` holds an unescaped `|` (which GFM splits cells at).
fn pipe_in_code_span(line: &str) -> bool {
    line.split('`')
        .skip(1)
        .step_by(2)
        .any(|code| code.replace("\\|", "").contains('|'))
}

/// The opening fence (```` ``` ````, `~~~`) of a fenced code block's source when its last
/// line does not close it.
fn unclosed_fence(src: &str) -> Option<String> {
    let first = src.lines().next()?.trim_start();
    let ch = first.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = first.chars().take_while(|&c| c == ch).count();
    if n < 3 {
        return None;
    }
    let fence: String = std::iter::repeat_n(ch, n).collect();
    let body = src.trim_end_matches(['\n', '\r']);
    let closed = body.lines().count() > 1
        && body.lines().last().is_some_and(|last| {
            // Container prefixes (`> `, indentation) come before a closing fence.
            let l = last.trim_start_matches(|c: char| c == '>' || c.is_whitespace());
            let run = l.chars().take_while(|&c| c == ch).count();
            run >= n && l[run * ch.len_utf8()..].trim().is_empty()
        });
    (!closed).then_some(fence)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(md: &str) -> Vec<String> {
        let doc = super::super::blocks::walk(md);
        lint(md, &doc, &LineIndex::new(md, 1), "r.md")
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn unterminated_fences_are_named_with_their_line() {
        let w = warnings("# T\n\ntext\n\n```go\nfunc f() {\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("r.md:5: warning: code fence ``` opened"),
            "{w:?}"
        );
        assert_eq!(
            warnings("a\n\n~~~~\nx\n~~~\n").len(),
            1,
            "a shorter close does not close"
        );
        assert_eq!(warnings("a\n\n```\n").len(), 1, "a fence at the very end");
        assert!(
            warnings("```go\nx\n```\n\n> ```\n> y\n> ```\n\n- a\n\n  ````\n  z\n  `````\n")
                .is_empty()
        );
        assert!(warnings("    indented code\n").is_empty());
        // Closed by the end of its list item: the rest of the report is not swallowed.
        assert!(warnings("- a\n  ```go\n  x\nnot code\n\nmore\n").is_empty());
    }

    #[test]
    fn ragged_table_rows_are_named_with_their_line() {
        let w = warnings("# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n| 1 | 2 | 3 |\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("r.md:6: warning: table row has 1 more cell"),
            "{w:?}"
        );
        assert!(w[0].ends_with("add header cells (and `---` cells) for them"));
        // A pipe in a code span splits the cell too; the fix is to escape it.
        let w = warnings("| a | b |\n|---|---|\n| `x || y` | 2 |\n| `p \\| q` | 2 |\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].starts_with("r.md:3: warning:") && w[0].ends_with("write it as `\\|`"),
            "{w:?}"
        );
    }
}
