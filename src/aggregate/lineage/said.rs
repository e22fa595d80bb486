//! What a clause of a later report says of the earlier findings it names: fixed,
//! declined, still open, or that its fix brought in a new finding; and the clauses of a
//! text (sentences, list items, table rows, cut again at `;`).

use super::pattern::{re, set};
use regex::{Regex, RegexSet};
use std::sync::OnceLock;

/// What a sentence says of the earlier findings it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    Resolved,
    Declined,
    /// Still open, not addressed, carried over, re-raised.
    Open,
    /// Its fix brought in the finding that names it (`introduced by the fix for I2`):
    /// the earlier finding was fixed, and the later one is new.
    Caused,
    Nothing,
}

/// The clauses of `text`: sentences, list items and table rows, cut again at `;` (one
/// clause may say a finding was fixed, the next that another remains).
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    re(
        &SPLIT,
        r"(?:[.!?;](?:\s+|$)|\n\s*\n|\n\s*(?:[-*+]|\d+\.)\s|\n\|)",
    )
    .split(text)
}

/// Whether `sentence` says the fix of the finding it names brought in a new one (read
/// without regard to case, the text not lower-cased first: a finding's whole text is
/// asked).
pub(super) fn says_caused(sentence: &str) -> bool {
    static CAUSED_ANY_CASE: OnceLock<Regex> = OnceLock::new();
    re(&CAUSED_ANY_CASE, concat!("(?i)", caused!())).is_match(sentence)
}

/// What a fix bringing in a new finding is said with (lower case).
macro_rules! caused {
    () => {
        r"\b(?:introduced|caused|created|brought in)\s+by\s+(?:the\s+)?(?:(?:prior|previous|last|earlier)\s+(?:round's\s+)?)?(?:fix|rework)|\bregression (?:from|of|in) the fix|\bthe fix for\b[^.;]{0,60}\b(?:introduced|caused|broke|creates?)\b"
    };
}
use caused;

/// [`caused!`], as [`said`] reads it in lower-cased sentences.
const CAUSED: &str = caused!();

/// What `sentence` says of the findings it names: the first of caused, open, declined and
/// resolved (or a commit named) that it says, the patterns read in one pass.
pub(super) fn said(sentence: &str) -> Said {
    static SAYS: OnceLock<RegexSet> = OnceLock::new();
    let s = sentence.to_lowercase();
    let open = r"\b(?:un(?:addressed|resolved|fixed|changed)|still|remains?|persists?|re-?raised|carried (?:over|forward)|not (?:yet )?(?:been )?(?:fixed|addressed|resolved|applied|landed|changed)|(?:did|does|do|has|have)(?: not|n't) (?:yet )?(?:address|fix|resolve|change|mention)|partial(?:ly)?|partly|open|outstanding|regressed|no change|half done)\b|❌|⚠";
    let declined = r"\b(?:declined|deferred|won'?t fix|wontfix|out of scope|by design|accepted (?:as|the) risk|(?:author|maintainers?|we) (?:rejected|skipped)|(?:rejected|skipped) by|^\W*(?:rejected|skipped)\b|follow-?up|acknowledged|intentional(?:ly)?|known limitations?)\b";
    let resolved = r"\b(?:fixed|addressed|resolved|landed|applied|implemented|done|merged|removed|added|corrected|now|gone|no longer|confirmed fixed|settle[sd]?|closed)\b|✅|✔";
    let says = set(&SAYS, &[CAUSED, open, declined, resolved]).matches(&s);
    if says.matched(0) {
        Said::Caused
    } else if says.matched(1) {
        Said::Open
    } else if says.matched(2) {
        Said::Declined
    } else if says.matched(3) || names_commit(&s) {
        Said::Resolved
    } else {
        Said::Nothing
    }
}

/// Whether a clause names a commit (`83eaa516 clips the slice (C1 of round 1)`): a
/// finding of the round before named beside a commit was taken up in it.
fn names_commit(clause: &str) -> bool {
    static HASH: OnceLock<Regex> = OnceLock::new();
    re(&HASH, r"\b[0-9a-f]{7,40}\b").find_iter(clause).any(|m| {
        m.as_str().bytes().any(|b| b.is_ascii_digit())
            && m.as_str().bytes().any(|b| b.is_ascii_alphabetic())
    })
}
