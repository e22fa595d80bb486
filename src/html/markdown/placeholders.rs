//! Placeholders that carry generated HTML (highlighted code, heading tags, agent pills)
//! past the sanitiser: the text holds a nonce-marked placeholder, and the HTML is spliced
//! in after sanitising.

/// The private-use character placeholders start and end with.
pub(super) const PH: char = '\u{F8FF}';

/// Generated HTML waiting to be spliced into sanitised output. A placeholder is
/// `PH <nonce> <n> PH`, with a nonce drawn per render: a report cannot spell one, not even
/// through character references (`&#xF8FF;`) that the Markdown parser or the sanitiser
/// decode into the private-use character.
///
/// Output that is not sanitised needs no shield: then [`Placeholders::push`] gives the
/// HTML itself, and there is nothing to splice.
pub(super) struct Placeholders {
    /// `PH` followed by the nonce: what every placeholder starts with (empty: no shield).
    open: String,
    html: Vec<String>,
}

impl Placeholders {
    /// Placeholders that shield HTML from the sanitiser when `shield`, else none.
    pub(super) fn new(shield: bool) -> Self {
        use std::hash::BuildHasher;
        let open = if shield {
            let nonce = std::collections::hash_map::RandomState::new().hash_one(0x5eed_u64);
            format!("{PH}{nonce:016x}")
        } else {
            String::new()
        };
        Placeholders {
            open,
            html: Vec::new(),
        }
    }

    /// What to put in the output for `html`: a placeholder, or `html` when unshielded.
    pub(super) fn push(&mut self, html: String) -> String {
        if self.open.is_empty() {
            return html;
        }
        let n = self.html.len();
        self.html.push(html);
        format!("{}{n}{PH}", self.open)
    }

    /// `clean` with every placeholder replaced by its HTML; any other text is untouched.
    pub(super) fn splice(&self, clean: String) -> String {
        if self.html.is_empty() {
            return clean;
        }
        let mut out =
            String::with_capacity(clean.len() + self.html.iter().map(|r| r.len()).sum::<usize>());
        let mut rest = clean.as_str();
        while let Some(i) = rest.find(&self.open) {
            out.push_str(&rest[..i]);
            let after = &rest[i + self.open.len()..];
            let digits = after.bytes().take_while(u8::is_ascii_digit).count();
            let html = after[..digits]
                .parse::<usize>()
                .ok()
                .and_then(|n| self.html.get(n))
                .filter(|_| after[digits..].starts_with(PH));
            match html {
                Some(h) => {
                    out.push_str(h);
                    rest = &after[digits + PH.len_utf8()..];
                }
                None => {
                    // Cannot happen (the nonce is ours); keep the text rather than lose it.
                    out.push_str(&self.open);
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}
