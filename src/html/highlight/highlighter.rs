//! The highlighter: code and a syntect syntax to classed spans (`hl-` classes), with a
//! per-page memo of parsed lines.
//!
//! Within one page ([`PageScope`]), lines are remembered: a report quotes the same code
//! cut differently (a finding's excerpt, the agent's review in the appendix), and a line
//! met again in the same parser state is not parsed again. The output is byte for byte
//! what syntect's own generator makes.

use super::lang::Grammar;
use std::cell::RefCell;
use std::collections::HashMap;
use syntect::html::{line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Class prefix of every highlighted token (`hl-keyword`, `hl-string`, ...).
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Code longer than this is shown as plain text (highlighting is linear but not cheap).
pub(super) const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// `code` highlighted with `syntax` into classed spans; `None` when syntect fails.
///
/// This is what syntect's `ClassedHTMLGenerator` does, line by line, except that inside a
/// [`PageScope`] a line parsed before on the same page from the same parser state is not
/// parsed again (see [`LineMemo`]).
pub(super) fn highlight_with(code: &str, grammar: Grammar) -> Option<String> {
    let ss = grammar.set;
    let mut state = ParseState::new(grammar.syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2);
    let mut open_spans: isize = 0;
    LINE_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        for line in LinesWithEndings::from(code) {
            let ops = match memo.as_mut() {
                Some(memo) => memo.parse(&mut state, line, ss)?,
                None => state.parse_line(line, ss).ok()?,
            };
            let (spans, delta) =
                line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut stack).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

/// Lines shorter than this are parsed again rather than looked up (a short line parses
/// about as fast as it is found).
const MEMO_MIN_LINE: usize = 8;
/// A page's memo forgets everything past this many bytes of lines.
const MEMO_BYTES: usize = 2 * 1024 * 1024;

/// The lines parsed so far on one page, each with the parser states it was parsed from
/// and the result. A report quotes the same code more than once, cut differently: a
/// finding's excerpt, the agent's own review in the appendix, the fix. syntect's parse of
/// a line depends only on the line and the state before it, so a line met again in an
/// equal state has the same scope operations and leaves the same state: the output is
/// the same as parsing it again, byte for byte.
#[derive(Default)]
struct LineMemo {
    lines: HashMap<Box<str>, Vec<ParsedLine>, foldhash::fast::RandomState>,
    bytes: usize,
}

struct ParsedLine {
    /// The syntax set it was parsed with (a state is equal only within one set).
    set: *const SyntaxSet,
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

impl LineMemo {
    /// The scope operations of `line` parsed from `state`, which is left as parsing
    /// leaves it; `None` when syntect fails.
    fn parse(
        &mut self,
        state: &mut ParseState,
        line: &str,
        ss: &SyntaxSet,
    ) -> Option<Vec<(usize, ScopeStackOp)>> {
        if line.len() < MEMO_MIN_LINE {
            return state.parse_line(line, ss).ok();
        }
        if let Some(seen) = self.lines.get(line).and_then(|seen| {
            seen.iter()
                .find(|p| std::ptr::eq(p.set, ss) && p.before == *state)
        }) {
            state.clone_from(&seen.after);
            return Some(seen.ops.clone());
        }
        let before = state.clone();
        let ops = state.parse_line(line, ss).ok()?;
        if self.bytes + line.len() > MEMO_BYTES {
            self.lines.clear();
            self.bytes = 0;
        }
        self.bytes += line.len();
        let parsed = ParsedLine {
            set: ss,
            before,
            ops: ops.clone(),
            after: state.clone(),
        };
        self.lines.entry(line.into()).or_default().push(parsed);
        Some(ops)
    }
}

thread_local! {
    /// The memo of the page this thread is rendering, if it opened a [`PageScope`].
    static LINE_MEMO: RefCell<Option<LineMemo>> = const { RefCell::new(None) };
}

/// While a `PageScope` lives, code highlighted on this thread shares one [`LineMemo`]
/// (one page's code: the memo is dropped with the scope, so pages never share it and its
/// memory lasts one page). Scopes nest: a page rendered inside another's scope (a rayon
/// thread taking other work) gets its own memo, and the outer one is restored after.
pub(crate) struct PageScope {
    outer: Option<LineMemo>,
}

impl PageScope {
    /// Starts a page: code highlighted on this thread until the scope drops shares a memo.
    pub fn begin() -> PageScope {
        let outer = LINE_MEMO.with(|m| m.replace(Some(LineMemo::default())));
        PageScope { outer }
    }
}

impl Drop for PageScope {
    fn drop(&mut self) {
        let outer = self.outer.take();
        LINE_MEMO.with(|m| *m.borrow_mut() = outer);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::highlight::lang::syntax_for;

    /// syntect's own generator, the reference the memo must match.
    fn classed_by_syntect(code: &str, grammar: Grammar) -> String {
        let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            grammar.syntax,
            grammar.set,
            CLASS_STYLE,
        );
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line)
                .unwrap();
        }
        gen.finalize()
    }

    #[test]
    fn a_page_memo_reuses_a_line_only_from_the_same_parser_state() {
        let go = syntax_for("go").unwrap();
        // The same line as code, inside a block comment, inside a raw string, and as
        // code again; then the whole block once more, cut differently.
        let line = "x := compute(42) // total\n";
        let code =
            format!("{line}/*\n{line}*/\nvar s = `\n{line}`\n{line}\nfunc f() {{\n{line}}}\n");
        let again = code
            .lines()
            .skip(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        let _scope = PageScope::begin();
        for c in [&code, &again, &code] {
            assert_eq!(highlight_with(c, go).unwrap(), classed_by_syntect(c, go));
        }
        let memo = LINE_MEMO.with(|m| {
            m.borrow()
                .as_ref()
                .map(|m| m.lines.get(line).map_or(0, Vec::len))
        });
        // Five different states before the line (a block's first line, inside a comment,
        // inside a string, code at top level, inside a function): five entries, however
        // often the line was met.
        assert_eq!(memo, Some(5));
    }

    #[test]
    fn page_scopes_nest_and_end() {
        let outer = PageScope::begin();
        let go = syntax_for("go").unwrap();
        highlight_with("package main // the outer page\n", go).unwrap();
        {
            let _inner = PageScope::begin();
            let inner_lines = LINE_MEMO.with(|m| m.borrow().as_ref().map(|m| m.lines.len()));
            assert_eq!(inner_lines, Some(0));
        }
        let outer_lines = LINE_MEMO.with(|m| m.borrow().as_ref().map(|m| m.lines.len()));
        assert_eq!(outer_lines, Some(1));
        drop(outer);
        assert!(LINE_MEMO.with(|m| m.borrow().is_none()));
    }
}
