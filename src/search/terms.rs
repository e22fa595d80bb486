//! The search terms of a text, by the rules the module docs give (words, compounds and
//! path suffixes, no stop words), and a document's terms packed in one string.

use std::collections::{BTreeSet, HashSet};
use std::sync::OnceLock;

/// Longest word and compound indexed (longer runs are hashes, base64, minified code).
const MAX_TERM_CHARS: usize = 64;

/// Words too common to be worth a posting list; queries ignore them too.
pub(crate) const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "so",
    "than", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we", "were",
    "when", "which", "while", "will", "with", "would",
];

/// The length of the longest of [`STOP_WORDS`].
const LONGEST_STOP_WORD: usize = 5;

/// A document's terms, in no particular order, packed in one string (a site's documents are kept for
/// incremental updates: a set of strings per document took more memory than the
/// archive's Markdown).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Terms(Box<str>);

impl Terms {
    /// Packs `terms` (no duplicates) as they come: every reader collects them into a
    /// map, so their order never shows.
    pub(super) fn pack(terms: Vec<&str>) -> Terms {
        let mut s = String::with_capacity(terms.iter().map(|t| t.len() + 1).sum());
        for t in terms {
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(t);
        }
        Terms(s.into_boxed_str())
    }

    /// The terms in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        // Terms never hold a line break (they are runs of letters, digits and `_./-`).
        self.0.split('\n').filter(|t| !t.is_empty())
    }
}

/// A document's distinct terms while it is made (borrowed from its lower-cased text).
pub(super) type TermSet<'a> = HashSet<&'a str, foldhash::fast::RandomState>;

/// Appends `text` lower-cased, and a space.
pub(super) fn push_lowercase(buf: &mut String, text: &str) {
    crate::text::push_lowercase(buf, text);
    buf.push(' ');
}

/// Adds the search terms of `text` to `out` (see the module docs for the rules).
pub fn add_terms(text: &str, out: &mut BTreeSet<String>) {
    for_each_term(&text.to_lowercase(), |t| {
        if !out.contains(t) {
            out.insert(t.to_string());
        }
    });
}

/// Calls `found` with each term of the lower-cased `lower` (a term may come more than
/// once).
///
/// The text is cut at ASCII separators first (bytes, fast); a piece with no other
/// character is one run of compound characters, and a piece with non-ASCII characters is
/// split further by characters. Both give the runs a split of the whole text would.
pub(super) fn for_each_term<'a>(lower: &'a str, mut found: impl FnMut(&'a str)) {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ascii_separator(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && !is_ascii_separator(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        // Both ends are ASCII bytes or the ends of the text: character boundaries.
        let piece = &lower[start..i];
        if ascii {
            run_terms(piece, true, &mut found);
        } else {
            for run in piece.split(|c: char| !is_compound_char(c)) {
                run_terms(run, run.is_ascii(), &mut found);
            }
        }
    }
}

/// Whether `w` is one of [`STOP_WORDS`]: a word of at most [`LONGEST_STOP_WORD`] bytes
/// read as a number, looked up in the sorted numbers of the stop words (a scan of the list
/// compared strings for every short word of every document).
fn is_stop_word(w: &str) -> bool {
    fn key(w: &str) -> u64 {
        let mut bytes = [0u8; 8];
        bytes[..w.len()].copy_from_slice(w.as_bytes());
        u64::from_le_bytes(bytes)
    }
    static KEYS: OnceLock<Vec<u64>> = OnceLock::new();
    if w.len() > LONGEST_STOP_WORD {
        return false;
    }
    let keys = KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = STOP_WORDS.iter().map(|w| key(w)).collect();
        keys.sort_unstable();
        keys
    });
    keys.binary_search(&key(w)).is_ok()
}

/// An ASCII byte that is not a compound character (see [`is_compound_char`]).
fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii() && !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-'))
}

/// The terms of one run of compound characters (`ascii`: the run is all ASCII, so
/// characters are bytes).
fn run_terms<'a>(run: &'a str, ascii: bool, found: &mut impl FnMut(&'a str)) {
    let chars = |w: &str| if ascii { w.len() } else { w.chars().count() };
    let is_word = |w: &str| {
        let n = chars(w);
        (2..=MAX_TERM_CHARS).contains(&n) && !is_stop_word(w)
    };
    let run = if ascii {
        run.trim_matches(|c: char| !c.is_ascii_alphanumeric())
    } else {
        run.trim_matches(|c: char| !c.is_alphanumeric())
    };
    if run.is_empty() {
        return;
    }
    let is_compound = if ascii {
        run.bytes().any(|b| !b.is_ascii_alphanumeric())
    } else {
        run.contains(|c: char| !c.is_alphanumeric())
    };
    if !is_compound {
        if is_word(run) {
            found(run);
        }
        return;
    }
    for word in run.split(|c: char| !c.is_alphanumeric()) {
        if is_word(word) {
            found(word);
        }
    }
    if chars(run) <= MAX_TERM_CHARS {
        found(run);
        // Every suffix of a path after a `/` that is still a compound.
        let mut rest = run;
        while let Some(i) = rest.find('/') {
            rest = rest[i + 1..].trim_start_matches(|c: char| !c.is_alphanumeric());
            if rest.contains(|c: char| !c.is_alphanumeric()) {
                found(rest);
            }
        }
    }
}

fn is_compound_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        add_terms(s, &mut out);
        out.into_iter().collect()
    }

    /// The module docs' rules, split by characters only: what `for_each_term`'s
    /// byte-level cutting must agree with.
    fn reference_terms(lower: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let is_word = |w: &str| {
            let n = w.chars().count();
            (2..=MAX_TERM_CHARS).contains(&n) && !STOP_WORDS.contains(&w)
        };
        for run in lower.split(|c: char| !is_compound_char(c)) {
            let run = run.trim_matches(|c: char| !c.is_alphanumeric());
            if run.is_empty() {
                continue;
            }
            let words: Vec<&str> = run.split(|c: char| !c.is_alphanumeric()).collect();
            out.extend(words.iter().filter(|w| is_word(w)).map(|w| w.to_string()));
            if words.len() > 1 && run.chars().count() <= MAX_TERM_CHARS {
                out.insert(run.to_string());
                let mut rest = run;
                while let Some(i) = rest.find('/') {
                    rest = rest[i + 1..].trim_start_matches(|c: char| !c.is_alphanumeric());
                    if rest.contains(|c: char| !c.is_alphanumeric()) {
                        out.insert(rest.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn byte_level_cutting_finds_the_terms_a_character_split_does() {
        let long = "x".repeat(MAX_TERM_CHARS);
        let texts = [
            "plain words and the stop words in it",
            "pkg/hostagent/events.go:42 wait_for_ssh v1.2.3 --flag -x ./a/ /b/c..d",
            "em\u{2014}dash caf\u{e9}/r\u{e9}sum\u{e9}.go \u{201c}quoted\u{201d} na\u{ef}ve_\u{3b1}\u{3b2}",
            "\u{3c3}\u{3b5}\u{3bb}\u{3af}\u{3b4}\u{3b1} \u{4e2d}\u{6587}\u{5b57} \u{1f642}emoji\u{1f642}x a\u{2013}b",
            "__init__ ...dots... //double//slash// a-b-c- -lead trail.",
            &format!("{long} {long}x a/{long} \u{e9}{long}"),
            "",
            "\u{a0}non\u{a0}breaking\u{3000}spaces x1 2x",
        ];
        for text in texts {
            let lower = text.to_lowercase();
            let mut got = BTreeSet::new();
            for_each_term(&lower, |t| {
                got.insert(t.to_string());
            });
            assert_eq!(got, reference_terms(&lower), "terms of {text:?}");
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.chars().count()).max(),
            Some(LONGEST_STOP_WORD)
        );
        assert_eq!(terms("their there these which would"), Vec::<String>::new());
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        for near in ["a", "ann", "th", "thes", "whic", "wouldn", "\u{e9}s", "ä"] {
            assert!(!is_stop_word(near), "{near}");
        }
    }

    #[test]
    fn paths_give_their_suffixes_and_words() {
        let t = terms("see `pkg/hostagent/events.go:12-30` now");
        for want in [
            "pkg/hostagent/events.go",
            "hostagent/events.go",
            "events.go",
            "pkg",
            "hostagent",
            "events",
            "go",
            "12",
            "30",
            "see",
            "now",
        ] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
    }

    #[test]
    fn identifiers_and_stop_words() {
        let t = terms("The wait_for_ssh call, and a Race.");
        assert!(t.contains(&"wait_for_ssh".to_string()));
        assert!(t.contains(&"ssh".to_string()));
        assert!(t.contains(&"race".to_string()));
        assert!(!t.contains(&"the".to_string()));
        assert!(!t.contains(&"a".to_string()));
        assert!(!t.contains(&"race.".to_string()));
    }
}
