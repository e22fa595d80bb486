//! Reads built pages the way a browser's HTML tokenizer does (html5ever, the parser the
//! sanitiser itself uses): every start tag with its attributes, character references
//! decoded, so tests can check what a browser would see rather than grep for text.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;

/// One start tag: its name and attributes (names lower case, values decoded).
#[derive(Debug, Clone)]
pub struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// 1-based line in the page.
    pub line: u64,
}

impl StartTag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Collect {
    tags: RefCell<Vec<StartTag>>,
    text: RefCell<String>,
    /// Open `<pre>` elements: their text is kept exactly.
    pre: RefCell<usize>,
}

/// Inline formatting: no break in the text at its tags (`un<b>told</b>` is one word).
/// (`code` is not: the theme sets locations side by side as `<code>` elements.)
const INLINE: &[&str] = &[
    "a", "abbr", "b", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small", "strong", "sub",
    "sup", "u", "var",
];

impl Collect {
    /// Text on both sides of any other tag reads as two words, as on screen (table cells,
    /// pills, list items), except inside `<pre>`.
    fn boundary(&self, name: &str) {
        if *self.pre.borrow() == 0 && !INLINE.contains(&name) {
            self.text.borrow_mut().push(' ');
        }
    }
}

impl TokenSink for Collect {
    type Handle = ();

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<()> {
        match token {
            Token::TagToken(tag) if tag.kind == TagKind::EndTag => {
                if &*tag.name == "pre" {
                    let mut pre = self.pre.borrow_mut();
                    *pre = pre.saturating_sub(1);
                }
                self.boundary(&tag.name);
            }
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => {
                let name = tag.name.to_string();
                self.boundary(&name);
                if name == "pre" {
                    *self.pre.borrow_mut() += 1;
                }
                self.tags.borrow_mut().push(StartTag {
                    name: name.clone(),
                    attrs: tag
                        .attrs
                        .iter()
                        .map(|a| {
                            let n = match &*a.name.prefix.clone().unwrap_or_default() {
                                "" => a.name.local.to_string(),
                                p => format!("{p}:{}", a.name.local),
                            };
                            (n, a.value.to_string())
                        })
                        .collect(),
                    line,
                });
                // The element kinds whose content is not markup.
                match name.as_str() {
                    "script" => return TokenSinkResult::RawData(RawKind::ScriptData),
                    "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                        return TokenSinkResult::RawData(RawKind::Rawtext)
                    }
                    "title" | "textarea" => return TokenSinkResult::RawData(RawKind::Rcdata),
                    _ => {}
                }
            }
            Token::CharacterTokens(t) => self.text.borrow_mut().push_str(&t),
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

/// Every start tag of `html`, in order, and its text (character references decoded).
pub fn parse(html: &str) -> (Vec<StartTag>, String) {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let tok = Tokenizer::new(Collect::default(), TokenizerOpts::default());
    let _ = tok.feed(&input);
    tok.end();
    let tags = tok.sink.tags.take();
    let text = tok.sink.text.take();
    (tags, text)
}

/// Every start tag of `html`.
pub fn start_tags(html: &str) -> Vec<StartTag> {
    parse(html).0
}

/// The text of `html` as a reader sees it (tags removed, references decoded).
pub fn text(html: &str) -> String {
    parse(html).1
}

/// The scheme of a URL as a browser reads it (ASCII tab/newline removed anywhere, leading
/// and trailing C0 controls and spaces trimmed), lower case; `None` for relative URLs.
pub fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let scheme = &cleaned[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// Attributes whose value a browser loads or navigates to.
pub const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "srcset",
    "cite",
    "ping",
    "manifest",
    "codebase",
    "archive",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "icon",
];
