//! Plain text of inline Markdown (for `<title>`, `title=` attributes and search): markup
//! removed, not escaped. A line Markdown would read as itself skips the parser.

use crate::text::dialect::options;
use crate::text::raw_html::is_markup;
use pulldown_cmark::{Event, Parser, TagEnd};

/// Plain text of inline Markdown (for `<title>`, `title=` attributes): markup removed,
/// NOT escaped (templates escape it).
pub fn plain_text(md: &str) -> String {
    if is_plain_line(md) {
        // Nothing in it that Markdown reads: the text is its own plain text.
        return md.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    parsed_plain_text(md)
}

/// [`plain_text`] by the parser, whatever the text.
fn parsed_plain_text(md: &str) -> String {
    let mut s = String::new();
    for ev in Parser::new_ext(md, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => s.push_str(&t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            Event::InlineHtml(h) if h.trim().eq_ignore_ascii_case("<br>") => s.push(' '),
            // `<instance>`, `Promise<string>`: prose, kept (`text::raw_html`).
            Event::InlineHtml(h) if !is_markup(&h) => s.push_str(&h),
            Event::End(TagEnd::Paragraph) => s.push(' '),
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `md` is one line that Markdown reads as plain text, character for character:
/// letters, digits, spaces and punctuation that starts nothing (no emphasis, code, link,
/// HTML, entity, escape, heading, list, quote, table or break), and not starting with a
/// digit (`1. ` would start a list). Most titles, labels and names are.
fn is_plain_line(md: &str) -> bool {
    !md.starts_with(|c: char| c.is_ascii_digit())
        && md.bytes().all(|b| {
            !b.is_ascii()
                || b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b' ' | b'.'
                        | b','
                        | b':'
                        | b';'
                        | b'\''
                        | b'"'
                        | b'('
                        | b')'
                        | b'/'
                        | b'?'
                        | b'%'
                        | b'@'
                        | b'$'
                )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_skip_the_parser_and_give_what_it_gives() {
        let plain = [
            "Fix the race in hostagent (events.go)",
            "  leading and   inner   spaces  ",
            "caf\u{e9} \u{2014} na\u{ef}ve: \"quoted\", it's 50% done?",
            "user@example.com paid $5 / month",
            "",
            "    four spaces in front",
        ];
        for md in plain {
            assert!(is_plain_line(md), "{md:?}");
            assert_eq!(plain_text(md), parsed_plain_text(md), "{md:?}");
        }
        // Anything Markdown reads goes through the parser.
        for md in [
            "1. first",
            "2) second",
            "**bold** and `code`",
            "# heading",
            "- item",
            "+ item",
            "> quote",
            "a & b &amp; c",
            "[link](https://x)",
            "line\nbreak",
            "tab\there",
            "a_b_c",
            "~~struck~~",
            "a | b",
            "<b>html</b>",
            "escaped \\* star",
            "!bang",
            "===",
        ] {
            assert!(!is_plain_line(md), "{md:?}");
        }
    }

    #[test]
    fn plain_text_strips_markup() {
        assert_eq!(plain_text("Fix `a` in **b**<br>c"), "Fix a in b c");
    }
}
