//! Code blocks of report Markdown to HTML: `<pre class="code">` with the highlighted code
//! (or diff lines classed by kind, or escaped plain text), remembered process-wide by code
//! and info string, so a page rendered again (by `serve`, after an edit elsewhere in the
//! report) or code quoted twice is highlighted once. The memory is bounded
//! ([`CACHE_BYTES`]: enough for the pages being rendered, little beside the archive
//! itself).

use super::highlighter::{highlight_with, MAX_HIGHLIGHT_BYTES};
use super::lang::{fence_word, normalise_lang, syntax_for};
use crate::html::escape::escape;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use syntect::util::LinesWithEndings;

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
pub(crate) const CACHE_BYTES: usize = 4 * 1024 * 1024;

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
    // The label shows the word as written (`console`, `ps1`), not the grammar's key.
    let word = fence_word(info);
    let shown = word.as_deref().filter(|l| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_is_highlighted_with_classes() {
        let h = highlight_inner("func main() { return \"x\" }\n", Some("go"));
        assert!(h.contains("class=\"hl-"), "{h}");
        assert!(!h.contains("style="), "{h}");
    }

    #[test]
    fn unknown_and_plain_are_escaped() {
        assert_eq!(
            highlight_inner("<script>x</script>", Some("nosuchlang")),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(highlight_inner("a<b", Some("text")), "a&lt;b");
        assert_eq!(highlight_inner("a<b", Some("mermaid")), "a&lt;b");
        assert_eq!(highlight_inner("a<b", None), "a&lt;b");
    }

    #[test]
    fn languages_beyond_syntects_defaults_are_highlighted() {
        for (lang, code) in [
            ("vue", "<template><div>{{ x }}</div></template>\n"),
            ("scss", "$c: #fff;\n.a { color: $c; }\n"),
            ("ps1", "$x = Get-Item -Path 'C:\\' # note\n"),
            ("toml", "[package]\nname = \"x\"\n"),
            ("ini", "[core]\nkey = value\n"),
            ("dockerfile", "FROM alpine:3\nRUN apk add git\n"),
            ("gotmpl", "{{- if .Values.on }}x{{ end }}\n"),
            ("tsx", "const a = <A b={1} />;\n"),
        ] {
            let h = code_block(code, lang);
            assert!(h.contains("class=\"hl-"), "{lang}: {h}");
            assert!(h.contains(&format!("data-lang=\"{lang}\"")), "{lang}: {h}");
        }
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
    fn threads_can_highlight() {
        let hs: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| highlight_inner("let x = 1;\n", Some("rust"))))
            .collect();
        for h in hs {
            assert!(h.join().unwrap().contains("hl-"));
        }
    }
}
