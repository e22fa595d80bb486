//! Build-time syntax highlighting with syntect into CSS classes, plus the light and dark
//! stylesheets those classes need. No script and no CDN: pages read fully offline.
//!
//! The syntax and theme sets are loaded once ([`OnceLock`]) and shared by every rayon
//! thread; each call creates its own parse state, so highlighting is thread-safe. Nothing
//! here panics: a syntect error falls back to escaped plain text.
//!
//! Highlighted blocks are remembered by their code and info string, so a page rendered
//! again (by `serve`, after an edit elsewhere in the report) does not highlight its code
//! again; the memory is bounded ([`CACHE_BYTES`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
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

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
    let ss = syntax_set();
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, ss, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape(code);
        }
    }
    gen.finalize()
}

/// A whole code block: `<pre class="code" data-lang="..."><code>...</code></pre>`.
/// `info` is the fence info string as written (untrusted; escaped).
pub fn code_block(code: &str, info: &str) -> String {
    let key = crate::fingerprint::combine(&(code, info));
    if let Some(html) = cache()
        .lock()
        .ok()
        .and_then(|c| c.blocks.get(&key).cloned())
    {
        return html.to_string();
    }
    let html = highlight_block(code, info);
    if let Ok(mut c) = cache().lock() {
        if c.bytes + html.len() > CACHE_BYTES {
            c.blocks.clear();
            c.bytes = 0;
        }
        c.bytes += html.len();
        c.blocks.insert(key, html.as_str().into());
    }
    html
}

/// At most this many bytes of highlighted HTML are remembered (then all is forgotten).
pub const CACHE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
struct Cache {
    blocks: HashMap<u64, Arc<str>>,
    bytes: usize,
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
    fn threads_can_highlight() {
        let hs: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| highlight_inner("let x = 1;\n", Some("rust"))))
            .collect();
        for h in hs {
            assert!(h.join().unwrap().contains("hl-"));
        }
    }
}
