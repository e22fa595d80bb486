//! Cells that list finding ids instead of a number (`S1 (commit bullet), S2`,
//! `I2, I3, S4-S5, S7-S13`, `C1; I4`): the ids counted by severity, ranges expanded.
//!
//! Rules: parenthesised notes go; the rest splits into items at `,`, `;`, `&`, `+`, `and`,
//! `<br>`. Every item must start with one id (`S1`, `#S1`, `[S1]`) or a range of one
//! severity (`S4-S5`, `S7–S13`, `S7..13`, `S7 to S13`), and may go on with more ids
//! (`S1 S2`) and then a note (`S1 commit bullet`); a trailing `…` / `etc.` item is left
//! out. An item that does not
//! start with an id, an id `0`, a range running backwards, across severities or over more
//! than [`MAX_RANGE`] ids: the cell is not an id list (`None`), so nothing is guessed.

use std::sync::OnceLock;

use regex::Regex;

use super::super::static_regex::re;
use super::label::severity_of;
use crate::model::SeverityCounts;
use crate::text::duration::without_parentheticals;
use crate::text::names::strip_inline_markdown;

/// The longest range read (`S1-S500`); a longer one is a typo or not a range.
const MAX_RANGE: u32 = 500;

/// The ids a cell lists, counted by severity; `None` when the cell is not an id list.
pub(crate) fn id_counts(cell: &str) -> Option<SeverityCounts> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let split = re(&SPLIT, r"(?i)\s*(?:[,;&+]|<br\s*/?>|\band\b)\s*");
    let text = without_parentheticals(&strip_inline_markdown(cell));
    let items: Vec<&str> = split
        .split(&text)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    let (last, rest) = items.split_last()?;
    let items = if is_ellipsis(last) { rest } else { &items };
    if items.is_empty() {
        return None;
    }
    let mut counts = SeverityCounts::default();
    for item in items {
        // `S1 S2 S3`: ids one after another; the first word that is not one starts a note.
        let (severity, n, mut rest) = leading_ids(item)?;
        counts.add(severity_of(severity), n);
        while let Some((severity, n, after)) = leading_ids(rest.trim_start()) {
            counts.add(severity_of(severity), n);
            rest = after;
        }
    }
    Some(counts)
}

fn is_ellipsis(item: &str) -> bool {
    matches!(
        item.trim_end_matches('.').to_lowercase().as_str(),
        "…" | "" | "etc"
    )
}

/// The severity letter and the number of ids `item` starts with (one id or a range), and
/// the text after them.
fn leading_ids(item: &str) -> Option<(&str, u32, &str)> {
    static R: OnceLock<Regex> = OnceLock::new();
    let id = re(
        &R,
        r"(?i)^[\[#]*([CIS])(\d{1,5})\]?(?:\s*(?:-|–|—|\.\.|\bto\b)\s*[\[#]*(?:([CIS]))?(\d{1,5})\]?)?(?:$|[\s:—–-])",
    );
    let caps = id.captures(item)?;
    let rest = &item[caps.get(0)?.end()..];
    let letter = caps.get(1)?.as_str();
    let first: u32 = caps.get(2)?.as_str().parse().ok()?;
    if first == 0 {
        return None;
    }
    let Some(last) = caps.get(4) else {
        return Some((letter, 1, rest));
    };
    if caps
        .get(3)
        .is_some_and(|l| !l.as_str().eq_ignore_ascii_case(letter))
    {
        return None;
    }
    let last: u32 = last.as_str().parse().ok()?;
    let n = last.checked_sub(first)?.checked_add(1)?;
    (n <= MAX_RANGE).then_some((letter, n, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(cell: &str) -> Option<u32> {
        id_counts(cell).map(|c| c.total())
    }

    #[test]
    fn lists_and_ranges() {
        for (cell, want) in [
            ("S1, S3", Some(2)),
            ("S2, S5 and I1", Some(3)),
            ("S1 (commit bullet), S2", Some(2)),
            ("S1 (commit bullet), S2 …", Some(2)),
            ("I2, I3, S4-S5, S7-S13", Some(11)),
            ("C1; I4", Some(2)),
            ("S7–S13", Some(7)),
            ("S7..13", Some(7)),
            ("S7 to S13", Some(7)),
            ("**S1**, `S2`", Some(2)),
            ("[S1](#S1), #S2", Some(2)),
            ("S1 commit bullet, S2 — race", Some(2)),
            ("S1<br>S2", Some(2)),
            ("S1, S2, etc.", Some(2)),
            ("s1, i2", Some(2)),
            ("S1 S2 S3", Some(3)),
            ("S1 S4-S6 race in the cache", Some(4)),
        ] {
            assert_eq!(total(cell), want, "{cell:?}");
        }
        let c = id_counts("C1, I2-I4, S1").unwrap_or_default();
        assert_eq!((c.critical, c.important, c.suggestion), (1, 3, 1));
    }

    #[test]
    fn look_alikes_are_not_id_lists() {
        for cell in [
            "cross-compile test",
            "S1, S3, plus the cross-compile test",
            "S0",
            "S5-S2",
            "I2-S3",
            "S1-S9999",
            "Sonnet 4",
            "SS1",
            "S1x",
            "none",
            "…",
            "",
            "2",
        ] {
            assert_eq!(id_counts(cell), None, "{cell:?}");
        }
    }
}
