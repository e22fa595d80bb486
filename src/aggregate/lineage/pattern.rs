//! How the linker's regexes are compiled: once each, with ASCII word boundaries.

use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// The linker's regex `src`, compiled once into `cell`. Its word boundaries are ASCII
/// ones (`\b` is read as `(?-u:\b)`): every word the linker looks for is ASCII, and a
/// Unicode boundary makes the regex engine fall back to its slowest matcher on any text
/// with a non-ASCII character (a dash, an arrow), which most reports have.
pub(super) fn re(cell: &'static OnceLock<Regex>, src: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(&src.replace(r"\b", r"(?-u:\b)")).expect("valid regex"))
}

/// The linker's regexes `srcs` as one set (one pass tells which of them match), compiled
/// once into `cell`, word boundaries as [`re`] reads them.
pub(super) fn set(cell: &'static OnceLock<RegexSet>, srcs: &[&str]) -> &'static RegexSet {
    cell.get_or_init(|| {
        RegexSet::new(srcs.iter().map(|s| s.replace(r"\b", r"(?-u:\b)"))).expect("valid regexes")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries_are_ascii_and_still_bound_words() {
        static FIX: OnceLock<Regex> = OnceLock::new();
        let fix = re(&FIX, r"\bfixed\b");
        assert_eq!(fix.as_str(), r"(?-u:\b)fixed(?-u:\b)");
        // Beside dashes, arrows and accented text, as reports write them.
        assert!(fix.is_match("I2 — fixed → see C1"));
        assert!(fix.is_match("«fixed»"));
        assert!(!fix.is_match("unfixed"));
        assert!(!fix.is_match("fixed_up"));
    }
}
