//! The highlighter: code and a syntect syntax to classed spans (`hl-` classes), with a
//! per-thread memo of parsed lines.
//!
//! Each thread remembers the lines it parsed (bounded by [`MEMO_BYTES`]): a report
//! quotes the same code cut differently (a finding's excerpt, the agent's review in the
//! appendix, the fix), and the rounds of a PR quote the same files again. A line met
//! again in the same parser state is not parsed again. The output is byte for byte what
//! syntect's own generator makes.

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
/// This is what syntect's `ClassedHTMLGenerator` does, line by line, except that a line
/// this thread parsed before from the same parser state is not parsed again (see
/// [`LineMemo`]).
pub(super) fn highlight_with(code: &str, grammar: Grammar) -> Option<String> {
    let ss = grammar.set;
    let mut state = ParseState::new(grammar.syntax);
    let mut stack = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 2);
    let mut open_spans: isize = 0;
    LINE_MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        for line in LinesWithEndings::from(code) {
            let ops = memo.parse(&mut state, line, ss)?;
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

/// A line is remembered from at most this many parser states: a short line (`}`, a blank
/// line) is met in many, and looking it up must stay cheaper than parsing it. (Every
/// line is looked up: syntect tries each pattern of the state's contexts on even a
/// one-character line, which costs more than the lookup.)
const MEMO_STATES_PER_LINE: usize = 16;
/// A thread's memo forgets everything once what it holds (lines, states and scope
/// operations, as [`ParsedLine::cost`] counts them) passes this many bytes.
const MEMO_BYTES: usize = 4 * 1024 * 1024;

/// The lines this thread parsed, each with the parser states it was parsed from and the
/// result. A report quotes the same code more than once, cut differently: a finding's
/// excerpt, the agent's own review in the appendix, the fix; the next round of the PR
/// quotes the same files. syntect's parse of a line depends only on the line and the
/// state before it, so a line met again in an equal state has the same scope operations
/// and leaves the same state: the output is the same as parsing it again, byte for byte.
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
        let seen = self.lines.get(line);
        if let Some(seen) = seen.and_then(|seen| {
            seen.iter()
                .find(|p| std::ptr::eq(p.set, ss) && p.before == *state)
        }) {
            state.clone_from(&seen.after);
            return Some(seen.ops.clone());
        }
        if seen.is_some_and(|seen| seen.len() >= MEMO_STATES_PER_LINE) {
            return state.parse_line(line, ss).ok();
        }
        let before = state.clone();
        let ops = state.parse_line(line, ss).ok()?;
        let parsed = ParsedLine {
            set: ss,
            before,
            ops: ops.clone(),
            after: state.clone(),
        };
        let cost = line.len() + parsed.cost();
        if self.bytes + cost > MEMO_BYTES {
            self.lines.clear();
            self.bytes = 0;
        }
        self.bytes += cost;
        self.lines.entry(line.into()).or_default().push(parsed);
        Some(ops)
    }
}

impl ParsedLine {
    /// About what this entry holds on the heap beside its line: the scope operations and
    /// the two parser states (syntect does not show a state's depth, so each is allowed
    /// a few levels of its context stack).
    fn cost(&self) -> usize {
        const ENTRY: usize = 128;
        const PER_OP: usize = 48;
        const PER_STATE: usize = 256;
        ENTRY + 2 * PER_STATE + PER_OP * self.ops.len()
    }
}

thread_local! {
    /// The lines this thread parsed (every rayon worker and `serve` thread has its own,
    /// so no lock is taken).
    static LINE_MEMO: RefCell<LineMemo> = RefCell::new(LineMemo::default());
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

    /// The lines this thread's memo holds for `line`.
    fn memo_entries(line: &str) -> usize {
        LINE_MEMO.with(|m| m.borrow().lines.get(line).map_or(0, Vec::len))
    }

    #[test]
    fn the_memo_reuses_a_line_only_from_the_same_parser_state() {
        let go = syntax_for("go").unwrap();
        // The same line as code, inside a block comment, inside a raw string, and as
        // code again; then the whole block once more, cut differently.
        let line = "x := compute(42) // the memo's own test line\n";
        let code =
            format!("{line}/*\n{line}*/\nvar s = `\n{line}`\n{line}\nfunc f() {{\n{line}}}\n");
        let again = code
            .lines()
            .skip(2)
            .map(|l| format!("{l}\n"))
            .collect::<String>();
        for c in [&code, &again, &code] {
            assert_eq!(highlight_with(c, go).unwrap(), classed_by_syntect(c, go));
        }
        // Five different states before the line (a block's first line, inside a comment,
        // inside a string, code at top level, inside a function): five entries, however
        // often the line was met.
        assert_eq!(memo_entries(line), 5);
    }

    #[test]
    fn a_short_line_is_remembered_from_a_bounded_number_of_states() {
        let go = syntax_for("go").unwrap();
        // `}` closing blocks nested 24 deep: the same line from 24 parser states.
        let depth = MEMO_STATES_PER_LINE + 8;
        let code = format!(
            "func f() {{\n{}{}}}\n",
            "if x {\n".repeat(depth),
            "}\n".repeat(depth)
        );
        for _ in 0..2 {
            assert_eq!(
                highlight_with(&code, go).unwrap(),
                classed_by_syntect(&code, go)
            );
        }
        assert_eq!(memo_entries("}\n"), MEMO_STATES_PER_LINE);
    }

    #[test]
    fn the_memo_outlives_a_page_and_forgets_past_its_bound() {
        let go = syntax_for("go").unwrap();
        let line = "y := other(7) // the bound's test line\n";
        highlight_with(line, go).unwrap();
        assert_eq!(memo_entries(line), 1, "kept after the call");
        // Distinct lines until the memo has been filled at least once: it starts again.
        let filler: String = (0..MEMO_BYTES / 500)
            .map(|i| format!("z{i} := fill({i}) // {}\n", "x".repeat(40)))
            .collect();
        assert_eq!(
            highlight_with(&filler, go).unwrap(),
            classed_by_syntect(&filler, go)
        );
        assert_eq!(memo_entries(line), 0, "forgotten once the memo was full");
        let held = LINE_MEMO.with(|m| m.borrow().bytes);
        assert!(held <= MEMO_BYTES, "{held} bytes held");
    }
}
