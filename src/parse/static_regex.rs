//! The parser's regexes are written as literals in the functions that use them, each in a
//! `static OnceLock<Regex>`: compiled on first use, once per process.

use regex::Regex;
use std::sync::OnceLock;

/// The regex in `cell`, compiled from `pattern` on first use. Patterns are literals, so a
/// bad one is a bug that the first test to reach it shows.
pub(crate) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad regex {pattern}: {e}")))
}
