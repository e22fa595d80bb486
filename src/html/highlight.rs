//! Build-time syntax highlighting with syntect into CSS classes, plus the light and dark
//! stylesheets those classes need. No script and no CDN: pages read fully offline.
//!
//! The syntax and theme sets are loaded once ([`OnceLock`]) and shared by every rayon
//! thread; each call creates its own parse state, so highlighting is thread-safe. Nothing
//! here panics: a syntect error falls back to escaped plain text.
//!
//! Highlighted blocks are remembered by their code and info string, so a page rendered
//! again (by `serve`, after an edit elsewhere in the report) does not highlight its code
//! again, and code a report quotes twice (a finding and the appendix) is highlighted once;
//! the memory is bounded ([`CACHE_BYTES`]: enough for the pages being rendered, little
//! beside the archive itself).
//!
//! Within one page ([`PageScope`]), lines are remembered too: a report quotes the same
//! code cut differently (a finding's excerpt, the agent's review in the appendix), and a
//! line met again in the same parser state is not parsed again. The output is byte for
//! byte what syntect's own generator makes.

use super::escape::escape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// Class prefix of every highlighted token (`hl-keyword`, `hl-string`, ...).
pub const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };
/// Light theme (from syntect's packed default themes).
pub const LIGHT_THEME: &str = "InspiredGitHub";
/// Dark theme, applied under `prefers-color-scheme: dark`.
pub const DARK_THEME: &str = "base16-ocean.dark";

/// Code longer than this is shown as plain text (highlighting is linear but not cheap).
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn theme_set() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Normalises a fence info string's first word to a language key: `golang` -> `go`,
/// `yml` -> `yaml`, `console` -> `sh`. Returns `None` for an empty info string.
fn normalise_lang(info: &str) -> Option<String> {
    let first = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .find(|w| !w.is_empty())?;
    let first = first.trim_start_matches('.').to_ascii_lowercase();
    let key = match first.as_str() {
        "golang" => "go",
        "rs" => "rust",
        "bash" | "shell" | "zsh" | "console" | "shell-session" | "sh" | "ksh" => "sh",
        "ps1" | "pwsh" | "powershell" | "bat" | "cmd" => "powershell",
        "yml" => "yaml",
        "javascript" | "jsx" | "mjs" | "cjs" => "js",
        "typescript" | "tsx" => "ts",
        "python" | "python3" => "py",
        "patch" | "udiff" => "diff",
        "docker" | "containerfile" => "dockerfile",
        "make" | "mk" => "makefile",
        "plain" | "plaintext" | "txt" => "text",
        "htm" | "xhtml" => "html",
        "c++" | "cc" | "hpp" => "cpp",
        "md" => "markdown",
        other => other,
    };
    if key.is_empty() {
        None
    } else {
        Some(key.to_string())
    }
}

/// The syntect syntax for a normalised language key, if the packed set has one.
fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = syntax_set();
    let token = match lang {
        "text" | "powershell" | "toml" | "dockerfile" | "" => return None,
        "sh" => "bash",
        "ts" => "js",
        "yaml" => "yaml",
        other => other,
    };
    ss.find_syntax_by_token(token)
        .or_else(|| ss.find_syntax_by_extension(token))
}

/// Highlights `code` in `lang` (a normalised key or any fence word) into the inner HTML of
/// a `<code>` element: spans with `hl-` classes, or escaped plain text when the language is
/// unknown or highlighting fails. `diff` gets line classes instead.
fn highlight_inner(code: &str, lang: Option<&str>) -> String {
    let lang = lang.and_then(normalise_lang);
    match lang.as_deref() {
        Some("diff") => return diff_inner(code),
        None => return escape(code),
        _ => {}
    }
    if code.len() > MAX_HIGHLIGHT_BYTES {
        return escape(code);
    }
    let Some(syntax) = lang.as_deref().and_then(syntax_for) else {
        return escape(code);
    };
    highlight_with(code, syntax).unwrap_or_else(|| escape(code))
}

/// `code` highlighted with `syntax` into classed spans; `None` when syntect fails.
///
/// This is what syntect's `ClassedHTMLGenerator` does, line by line, except that inside a
/// [`PageScope`] a line parsed before on the same page from the same parser state is not
/// parsed again (see [`LineMemo`]).
fn highlight_with(code: &str, syntax: &SyntaxReference) -> Option<String> {
    let ss = syntax_set();
    let mut state = ParseState::new(syntax);
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
        if let Some(seen) = self
            .lines
            .get(line)
            .and_then(|seen| seen.iter().find(|p| p.before == *state))
        {
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
pub struct PageScope {
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

/// Lines of a source file, highlighted one by one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HighlightedFile {
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
pub const LOOKBACK_LINES: usize = 120;

/// Highlights a whole source file, from its first line. The syntax is chosen by the
/// file's name (`path`'s last component: the extension, or a whole name such as
/// `Makefile`), else by its first line (`#!` lines). Unknown syntaxes and files over the
/// size limit are escaped plain text.
pub fn highlight_file(text: &str, path: &str) -> HighlightedFile {
    highlight_file_lines(text, path, 1, usize::MAX)
}

/// Highlights lines `first..=last` (1-based) of a source file, and the lines above them
/// from the line highlighting starts at: the nearest line at most [`LOOKBACK_LINES`] above
/// `first` that starts a top-level construct (see [`restart_line`]), so the cost of an
/// excerpt follows its size rather than its depth in the file.
pub fn highlight_file_lines(text: &str, path: &str, first: usize, last: usize) -> HighlightedFile {
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
            .then(|| syntax.map(|s| s.name.clone()))
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
pub fn restart_line(lines: &[&str], first: usize) -> usize {
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

/// The syntax for a file name: the whole name (`Makefile`), its extension (with a few
/// aliases the packed set lacks, such as `.bats`), else its first line (`#!/bin/sh`).
fn syntax_for_file(path: &str, first_line: &str) -> Option<&'static SyntaxReference> {
    let ss = syntax_set();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let alias = match ext.as_deref() {
        Some("bats") => Some("sh"),
        Some("mjs") | Some("cjs") => Some("js"),
        _ => None,
    };
    let found = ss
        .find_syntax_by_extension(name)
        .or_else(|| ext.as_deref().and_then(|e| ss.find_syntax_by_extension(e)))
        .or_else(|| alias.and_then(|a| ss.find_syntax_by_extension(a)))
        .or_else(|| ss.find_syntax_by_first_line(first_line))?;
    (found.name != "Plain Text").then_some(found)
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

/// A whole code block: `<pre class="code" data-lang="..."><code>...</code></pre>`.
/// `info` is the fence info string as written (untrusted; escaped).
pub fn code_block(code: &str, info: &str) -> String {
    let key = crate::text::fingerprint::combine(&(code, info));
    let hit = cache().lock().ok().and_then(|c| {
        c.blocks
            .get(&key)
            .filter(|b| *b.code == *code && *b.info == *info)
            .map(|b| b.html.to_string())
    });
    if let Some(html) = hit {
        return html;
    }
    let html = highlight_block(code, info);
    if let Ok(mut c) = cache().lock() {
        let size = code.len() + info.len() + html.len();
        if c.bytes + size > CACHE_BYTES {
            c.blocks.clear();
            c.bytes = 0;
        }
        c.bytes += size;
        let block = CachedBlock {
            code: code.into(),
            info: info.into(),
            html: html.as_str().into(),
        };
        c.blocks.insert(key, block);
    }
    html
}

/// At most this many bytes of code and highlighted HTML are remembered (then all is
/// forgotten).
pub const CACHE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Default)]
struct Cache {
    blocks: HashMap<u64, CachedBlock>,
    bytes: usize,
}

/// A highlighted block with what it was made from: a hit must be the same code, not only
/// the same fingerprint.
struct CachedBlock {
    code: Box<str>,
    info: Box<str>,
    html: Box<str>,
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

fn highlight_block(code: &str, info: &str) -> String {
    let lang = normalise_lang(info);
    let inner = highlight_inner(code, Some(info));
    let mut out = String::with_capacity(inner.len() + 64);
    out.push_str("<pre class=\"code");
    if lang.as_deref() == Some("diff") {
        out.push_str(" diff");
    }
    out.push('"');
    let shown = lang.as_deref().filter(|l| {
        l.len() <= 24
            && l.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_' | '.'))
    });
    if let Some(l) = shown {
        out.push_str(" data-lang=\"");
        out.push_str(&escape(l));
        out.push('"');
    }
    out.push_str("><code>");
    out.push_str(&inner);
    out.push_str("</code></pre>");
    out
}

/// A unified diff, one `<span class="d-...">` per line: `d-add`, `d-del`, `d-hunk`,
/// `d-head` (file headers, `diff --git`, `index`), `d-ctx` for the rest.
fn diff_inner(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 4);
    for line in LinesWithEndings::from(code) {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b.strip_suffix('\r').unwrap_or(b), "\n"),
            None => (line, ""),
        };
        let class = if body.starts_with("+++")
            || body.starts_with("---")
            || body.starts_with("diff ")
            || body.starts_with("index ")
            || body.starts_with("new file mode")
            || body.starts_with("deleted file mode")
            || body.starts_with("similarity index")
            || body.starts_with("rename ")
        {
            "d-head"
        } else if body.starts_with("@@") {
            "d-hunk"
        } else if body.starts_with('+') {
            "d-add"
        } else if body.starts_with('-') {
            "d-del"
        } else {
            "d-ctx"
        };
        out.push_str("<span class=\"");
        out.push_str(class);
        out.push_str("\">");
        out.push_str(&escape(body));
        out.push_str("</span>");
        out.push_str(nl);
    }
    out
}

/// The stylesheet for highlighted code: the light theme, the dark theme inside
/// `@media (prefers-color-scheme: dark)`, and the diff line colours for both.
///
/// The diff colours are not scoped: the dark ones override the light ones.
pub fn stylesheet() -> String {
    let ts = theme_set();
    let mut css = String::from("/* Generated by reviewsite from syntect themes. */\n");
    // Each theme only in its own scheme: a light rule the dark theme has no counterpart for
    // would otherwise leak (dark grey on the dark background).
    css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
    if let Some(light) = ts.themes.get(LIGHT_THEME) {
        if let Ok(c) = css_for_theme_with_class_style(light, CLASS_STYLE) {
            for line in c.lines() {
                css.push_str("  ");
                css.push_str(line);
                css.push('\n');
            }
        }
    }
    css.push_str("}\n");
    css.push_str(DIFF_LIGHT);
    if let Some(dark) = ts.themes.get(DARK_THEME) {
        if let Ok(c) = css_for_theme_with_class_style(dark, CLASS_STYLE) {
            css.push_str("\n@media (prefers-color-scheme: dark) {\n");
            for line in c.lines() {
                css.push_str("  ");
                css.push_str(line);
                css.push('\n');
            }
            css.push_str(DIFF_DARK);
            css.push_str("}\n");
        }
    }
    css
}

const DIFF_LIGHT: &str = "
pre.code .d-add { background: #e6ffec; color: #116329; }
pre.code .d-del { background: #ffebe9; color: #82071e; }
pre.code .d-hunk { color: #6639ba; background: #f3eefc; }
pre.code .d-head { color: #57606a; font-weight: 600; }
pre.code .d-add, pre.code .d-del, pre.code .d-hunk, pre.code .d-head, pre.code .d-ctx { display: inline-block; min-width: 100%; }
";

const DIFF_DARK: &str = "  pre.code .d-add { background: rgba(46, 160, 67, 0.18); color: #7ee787; }
  pre.code .d-del { background: rgba(248, 81, 73, 0.18); color: #ffa198; }
  pre.code .d-hunk { color: #d2a8ff; background: rgba(163, 113, 247, 0.12); }
  pre.code .d-head { color: #8b949e; }
";

#[cfg(test)]
mod tests {
    use super::*;

    /// syntect's own generator, the reference the memo must match.
    fn classed_by_syntect(code: &str, syntax: &SyntaxReference) -> String {
        let mut gen = syntect::html::ClassedHTMLGenerator::new_with_class_style(
            syntax,
            syntax_set(),
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

    #[test]
    fn aliases() {
        assert_eq!(normalise_lang("golang").as_deref(), Some("go"));
        assert_eq!(normalise_lang("Go title=x").as_deref(), Some("go"));
        assert_eq!(normalise_lang("yml").as_deref(), Some("yaml"));
        assert_eq!(normalise_lang("console").as_deref(), Some("sh"));
        assert_eq!(normalise_lang("").as_deref(), None);
        assert_eq!(normalise_lang("   ").as_deref(), None);
    }

    #[test]
    fn go_is_highlighted_with_classes() {
        let h = highlight_inner("func main() { return \"x\" }\n", Some("go"));
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(!h.contains("style="), "{h}");
    }

    #[test]
    fn common_languages_resolve() {
        for l in [
            "go", "rust", "sh", "bash", "xml", "yaml", "json", "js", "py", "makefile",
        ] {
            let key = normalise_lang(l).unwrap();
            assert!(syntax_for(&key).is_some(), "{l}");
        }
    }

    #[test]
    fn unknown_and_plain_are_escaped() {
        assert_eq!(
            highlight_inner("<script>x</script>", Some("nosuchlang")),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(highlight_inner("a<b", Some("powershell")), "a&lt;b");
        assert_eq!(highlight_inner("a<b", None), "a&lt;b");
    }

    #[test]
    fn malicious_info_string_is_escaped() {
        let h = code_block("x", "\"><script>alert(1)</script>");
        assert!(!h.contains("<script>"), "{h}");
    }

    #[test]
    fn diff_lines_classed() {
        let h = diff_inner("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old <\n+new\n ctx\n");
        assert!(h.contains("<span class=\"d-head\">--- a/x</span>"));
        assert!(h.contains("<span class=\"d-hunk\">@@ -1 +1 @@</span>"));
        assert!(h.contains("<span class=\"d-del\">-old &lt;</span>"));
        assert!(h.contains("<span class=\"d-add\">+new</span>"));
        assert!(h.contains("<span class=\"d-ctx\"> ctx</span>"));
    }

    #[test]
    fn stylesheet_has_both_modes() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
        assert!(css.contains(".d-add"));
        // The light theme's rules never apply in dark mode.
        let light_at = css
            .find("not all and (prefers-color-scheme: dark)")
            .unwrap();
        let first_rule = css.find(".hl-").unwrap();
        assert!(light_at < first_rule);
    }

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

    #[test]
    fn threads_can_highlight() {
        let hs: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| highlight_inner("let x = 1;\n", Some("rust"))))
            .collect();
        for h in hs {
            assert!(h.join().unwrap().contains("hl-"));
        }
    }
}
