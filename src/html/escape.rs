//! Escaping: text into HTML element content and attribute values, JSON into a `<script>`.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The bytes escaped are ASCII, so `i` is a character boundary.
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out
}

/// JSON with `<`, `>`, `&` and the line and paragraph separators (U+2028, U+2029)
/// written as `\u003c`-style escapes: the same data, but it can never close a `<script>`
/// element or end a JavaScript string early, wherever it is embedded. (These characters
/// only occur inside strings.)
pub(crate) fn html_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 64);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            escape("é<b a=\"1\" c='2'>&amp; ü🙂</b>"),
            "é&lt;b a=&quot;1&quot; c=&#39;2&#39;&gt;&amp;amp; ü🙂&lt;/b&gt;"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("<"), "&lt;");
    }
}
