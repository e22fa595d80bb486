//! Percent-encoding of URL paths: the one rule for what a page, a source file or a blob
//! link may hold raw.

/// Percent-encodes what a URL path must not contain raw (`#`, `?`, `%`, spaces, quotes...).
pub fn encode_url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | '+' | '@') {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_encoding() {
        assert_eq!(encode_url_path("a b#c.html"), "a%20b%23c.html");
        assert_eq!(
            encode_url_path("repos/o/r/index.html"),
            "repos/o/r/index.html"
        );
        assert_eq!(encode_url_path("x\"><script>"), "x%22%3E%3Cscript%3E");
    }
}
