//! Which findings the start of a Resolution cell or line names, and whether they are an
//! earlier round's.
//!
//! Read from the plain text (emphasis, backticks and link targets removed, so `**I1**`,
//! `` `I1` `` and `[I1](#I1)` read as `I1`), after any leading bracket or emoji:
//! - ids: `I1`, `#I1`, lists `I1, I2` / `I1 & I2` / `I1/I2` / `I1 and I2`, ranges `S4–S6`,
//!   `S4-6` (at most 50 ids);
//! - a severity word before them: `Important I1`, `Suggestion S3`, or before numbers counted
//!   within the severity: `Suggestion #1`, `Important 2` (only the words that name one
//!   severity section: critical / blocker, important / major / high, suggestion; `Medium`
//!   or `Low` may both be suggestions, so their numbers are not read);
//! - an earlier round's mark, before (`R1-I2`, `round 1 I2`, `Round-1's S3`, `prior S3`,
//!   `previous round's I2`) or after (`I2 (round 1)`, `I2 (R1)`, `S3 from round 1`,
//!   `S3 (prior round)`) the ids, or closing the cell (`I2 — title (round 1)`). A
//!   parenthetical that names another id (`I3 (round 1 S7)`) marks that id, not the ones
//!   before it.
//!
//! [`trailing`] reads ids at the end instead: `Title (I1)`, `Title [I1]`, `Title — I1`.

use crate::parse::static_regex::re;
use crate::text::names::strip_inline_markdown;
use regex::Regex;
use std::sync::OnceLock;

/// The round a reference is marked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `round 2`, `R2-`: the round numbered.
    Round(u32),
    /// `prior`, `previous round's`, `earlier`: a round before this one.
    Prior,
}

/// What the start (or end) of a cell names.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Named {
    /// The ids as written, in order (ranges expanded), whether or not the report has them.
    pub ids: Vec<String>,
    pub mark: Option<Mark>,
    /// The ids come from a severity word and numbers (`Suggestion #2`): numbers counted
    /// within a severity, which a report may count differently.
    pub numbered: bool,
    /// A separator (`:`, `—`, `.`, `)`) follows the reference: `I1: title`, not `I1 is ...`.
    pub separated: bool,
    /// The plain text after the reference (the title as written), or before it for
    /// [`trailing`].
    pub rest: String,
}

impl Named {
    /// Whether the ids may be this report's: unmarked, or marked with this report's round.
    /// A round mark in a report whose round is unknown is not taken as this report's.
    pub(crate) fn this_round(&self, round: Option<u32>) -> bool {
        match self.mark {
            None => true,
            Some(Mark::Round(n)) => round == Some(n),
            Some(Mark::Prior) => false,
        }
    }
}

/// The cell as plain text: emphasis, backticks, strike-through and link targets removed.
pub(crate) fn plain(cell: &str) -> String {
    strip_inline_markdown(cell).replace("~~", "")
}

/// The findings named at the start of `cell`, if it opens with a reference.
pub(crate) fn leading(cell: &str) -> Option<Named> {
    let p = plain(cell);
    let t = p.trim();
    let start = t
        .find(|c: char| c.is_alphanumeric() || c == '#')
        .unwrap_or(t.len());
    // Only brackets, quotes, bullets and emoji may come before the reference.
    if t[..start].chars().any(|c| c.is_alphanumeric()) {
        return None;
    }
    let mut pos = start;
    let mut mark = None;
    if let Some((m, len)) = prefix_mark(&t[pos..]) {
        mark = Some(m);
        pos += len;
    }
    let (ids, numbered, len) = id_list(&t[pos..])?;
    pos += len;
    if let Some((m, len)) = suffix_mark(&t[pos..]) {
        mark = mark.or(Some(m));
        pos += len;
    }
    let after = t[pos..].trim_start();
    let separated = after.is_empty()
        || after.starts_with([
            ':', '.', ')', ']', '-', '\u{2013}', '\u{2014}', '|', ',', ';',
        ]);
    let rest = after.trim_start_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '.' | ')' | ']' | '-' | '\u{2013}' | '\u{2014}' | '|' | ',' | ';'
            )
    });
    let rest = rest.trim();
    // `I1 — title (round 1)`: a round closing the cell marks the ids too.
    if mark.is_none() {
        mark = closing_group(rest).and_then(|open| {
            let (m, len) = suffix_mark(&rest[open..])?;
            (open + len == rest.len()).then_some(m)
        });
    }
    Some(Named {
        ids,
        mark,
        numbered,
        separated,
        rest: rest.to_string(),
    })
}

/// The findings named at the end of `cell`: `Title (I1)`, `Title [I1, I2]`, `Title — I1`,
/// `Title (round 1 S7)`. `rest` is the text before.
pub(crate) fn trailing(cell: &str) -> Option<Named> {
    let p = plain(cell);
    let t = p.trim().trim_end_matches('.');
    static DASHED: OnceLock<Regex> = OnceLock::new();
    let (before, inner) = if let Some(open) = closing_group(t) {
        (&t[..open], &t[open + 1..t.len() - 1])
    } else if let Some(c) = re(
        &DASHED,
        r"\s(?:\u{2014}|\u{2013}|-|:)\s*([^\s\u{2014}\u{2013}:][^\u{2014}\u{2013}:]*)$",
    )
    .captures(t)
    {
        let m = c.get(1)?;
        (&t[..m.start()], m.as_str())
    } else {
        return None;
    };
    let n = leading(inner)?;
    // The group holds nothing but the reference.
    if !n.rest.is_empty() {
        return None;
    }
    let rest = before
        .trim_end()
        .trim_end_matches(['\u{2014}', '\u{2013}', '-', ':'])
        .trim();
    Some(Named {
        rest: rest.to_string(),
        separated: true,
        ..n
    })
}

/// Where the bracket group that ends `t` opens (`(...)` or `[...]`), if it does.
fn closing_group(t: &str) -> Option<usize> {
    let close = t.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let mut depth = 0;
    for (i, c) in t.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            depth -= 1;
            if depth == 0 {
                return (i > 0).then_some(i);
            }
        }
    }
    None
}

/// A round mark before the ids (`R1-`, `round 1 `, `Round-1's `, `prior `, `previous
/// round's `): the mark and its length, separators after it included.
fn prefix_mark(t: &str) -> Option<(Mark, usize)> {
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    let c = re(
        &PREFIX,
        r"(?i)^(?:(?:round|rnd)[\s_-]*(\d{1,3})|r(\d{1,3})|(first|second|third|fourth|fifth)[\s-]+round|(?:the\s+)?(?:prior|previous|earlier|preceding|last|old)(?:[\s-]+(?:round|review))?)(?:'s|\u{2019}s)?\b[\s\]).:/_-]*",
    )
    .captures(t)?;
    let n = c
        .get(1)
        .or(c.get(2))
        .and_then(|m| m.as_str().parse().ok())
        .or_else(|| c.get(3).and_then(|m| ordinal(m.as_str())));
    Some((n.map_or(Mark::Prior, Mark::Round), c.get(0)?.end()))
}

/// A round mark after the ids (`(round 1)`, `(R1)`, `from round 1`, `(prior round)`), unless
/// the parenthetical names another id.
fn suffix_mark(t: &str) -> Option<(Mark, usize)> {
    static PAREN: OnceLock<Regex> = OnceLock::new();
    static WORDS: OnceLock<Regex> = OnceLock::new();
    let paren = re(
        &PAREN,
        r"(?i)^\s*[(\[]\s*(?:(?:round|rnd|r)[\s_-]*(\d{1,3})\b|(first|second|third|fourth|fifth)\s+round\b|(?:from\s+|in\s+)?(?:the\s+)?(?:prior|previous|earlier|preceding|last)(?:\s+(?:round|review))?\b)([^)\]]*)[)\]]",
    );
    let words = re(
        &WORDS,
        r"(?i)^\s*,?\s*(?:from|in|of)\s+(?:(?:round|rnd)[\s_-]*(\d{1,3})|(?:the\s+)?(first|second|third|fourth|fifth)\s+round|(?:the\s+)?(?:prior|previous|earlier|preceding|last)\s+(?:round|review))\b()",
    );
    let c = paren.captures(t).or_else(|| words.captures(t))?;
    if c.get(3)
        .is_some_and(|m| id_list(m.as_str().trim_start_matches([' ', ',', ';'])).is_some())
    {
        return None;
    }
    let n = c
        .get(1)
        .and_then(|m| m.as_str().parse().ok())
        .or_else(|| c.get(2).and_then(|m| ordinal(m.as_str())));
    Some((n.map_or(Mark::Prior, Mark::Round), c.get(0)?.end()))
}

fn ordinal(w: &str) -> Option<u32> {
    let n = ["first", "second", "third", "fourth", "fifth"]
        .iter()
        .position(|o| o.eq_ignore_ascii_case(w))?;
    Some(n as u32 + 1)
}

/// Ids at the start of `t`: `I1`, `I1, I2`, `S4–S6`, `Important I1`, `Suggestion #1`.
/// Returns the ids, whether they are numbers within a severity, and the length read.
fn id_list(t: &str) -> Option<(Vec<String>, bool, usize)> {
    static SEV: OnceLock<Regex> = OnceLock::new();
    let sev = re(
        &SEV,
        r"(?i)^(critical|blocker|important|major|high|suggestion)s?(?:\s+(?:issue|finding|item)s?)?[\s:#.]*",
    );
    if let Some(c) = sev.captures(t) {
        let after = c.get(0)?.end();
        if let Some((ids, len)) = letter_ids(&t[after..]) {
            return Some((ids, false, after + len));
        }
        let letter = match c[1].to_ascii_lowercase().as_str() {
            "critical" | "blocker" => 'C',
            "important" | "major" | "high" => 'I',
            _ => 'S',
        };
        let (ids, len) = numbers(&t[after..], letter)?;
        return Some((ids, true, after + len));
    }
    letter_ids(t).map(|(ids, len)| (ids, false, len))
}

/// Most ids one reference may name (a range `S1-S999` is not a list of findings).
const MAX_IDS: usize = 50;

/// `I1`, `I1, I2 and S3`, `S4–S6`, `I1 & Suggestion S2` at the start of `t`.
fn letter_ids(t: &str) -> Option<(Vec<String>, usize)> {
    static ID: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    static NEXT: OnceLock<Regex> = OnceLock::new();
    let id = re(&ID, r"^#?([CISF])(\d{1,3})\b");
    let range = re(
        &RANGE,
        r"^(?:[-\u{2013}](?:([CISF])?(\d{1,3}))|\s[-\u{2013}]\s([CISF])(\d{1,3}))\b",
    );
    let next = re(
        &NEXT,
        r"(?i)^(?:\s*[,&+/;]\s*|\s+(?:and|or)\s+|\s+)(?:(?:critical|important|suggestion)s?\s+)?",
    );
    let mut ids = Vec::new();
    let mut pos = 0;
    loop {
        let c = id.captures(&t[pos..])?;
        let letter = c[1].to_string();
        let first: u32 = c[2].parse().ok()?;
        pos += c.get(0)?.end();
        let mut last = first;
        if let Some(r) = range.captures(&t[pos..]) {
            let l = r
                .get(1)
                .or(r.get(3))
                .map_or(letter.as_str(), |m| m.as_str());
            let n: u32 = r.get(2).or(r.get(4))?.as_str().parse().ok()?;
            if l == letter && n > first && ((n - first) as usize) < MAX_IDS {
                last = n;
                pos += r.get(0)?.end();
            }
        }
        for n in first..=last {
            if ids.len() < MAX_IDS {
                ids.push(format!("{letter}{n}"));
            }
        }
        match next.find(&t[pos..]) {
            Some(m) if id.is_match(&t[pos + m.end()..]) => pos += m.end(),
            _ => break,
        }
    }
    Some((ids, pos))
}

/// Numbers within a severity after its word: `#1`, `1 and 3`, `#2, #4`, `1-3`.
fn numbers(t: &str, letter: char) -> Option<(Vec<String>, usize)> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    static NEXT: OnceLock<Regex> = OnceLock::new();
    let num = re(&NUM, r"^#?(\d{1,3})(?:[-\u{2013}]#?(\d{1,3}))?\b");
    let next = re(&NEXT, r"(?i)^(?:\s*[,&+/]\s*|\s+(?:and|or)\s+)");
    let mut ids = Vec::new();
    let mut pos = 0;
    loop {
        let c = num.captures(&t[pos..])?;
        let first: u32 = c[1].parse().ok()?;
        let last = c
            .get(2)
            .and_then(|m| m.as_str().parse::<u32>().ok())
            .filter(|&n| n > first && ((n - first) as usize) < MAX_IDS)
            .unwrap_or(first);
        pos += c.get(0)?.end();
        for n in first..=last {
            if ids.len() < MAX_IDS {
                ids.push(format!("{letter}{n}"));
            }
        }
        match next.find(&t[pos..]) {
            Some(m) if num.is_match(&t[pos + m.end()..]) => pos += m.end(),
            _ => break,
        }
    }
    Some((ids, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(cell: &str) -> Option<(Vec<String>, Option<Mark>, String)> {
        leading(cell).map(|n| (n.ids, n.mark, n.rest))
    }

    fn just(ids_: &[&str], rest: &str) -> Option<(Vec<String>, Option<Mark>, String)> {
        Some((
            ids_.iter().map(|s| s.to_string()).collect(),
            None,
            rest.to_string(),
        ))
    }

    #[test]
    fn forms_that_name_findings() {
        assert_eq!(ids("I1"), just(&["I1"], ""));
        assert_eq!(ids("S3: title"), just(&["S3"], "title"));
        assert_eq!(ids("**I1**"), just(&["I1"], ""));
        assert_eq!(ids("**I1** — title"), just(&["I1"], "title"));
        assert_eq!(ids("[I1](#I1) title"), just(&["I1"], "title"));
        assert_eq!(ids("`S2` `code` title"), just(&["S2"], "code title"));
        assert_eq!(ids("[I2] title"), just(&["I2"], "title"));
        assert_eq!(ids("~~I2~~ title"), just(&["I2"], "title"));
        assert_eq!(ids("#I2 title"), just(&["I2"], "title"));
        assert_eq!(ids("🔴 C1. title"), just(&["C1"], "title"));
        assert_eq!(ids("Important I1: title"), just(&["I1"], "title"));
        assert_eq!(ids("Suggestion S3 — title"), just(&["S3"], "title"));
        assert_eq!(ids("Critical C1"), just(&["C1"], ""));
        assert_eq!(ids("I1, I2"), just(&["I1", "I2"], ""));
        assert_eq!(ids("I1 & I2: both"), just(&["I1", "I2"], "both"));
        assert_eq!(ids("I1/S2"), just(&["I1", "S2"], ""));
        assert_eq!(ids("I1 and Suggestion S2"), just(&["I1", "S2"], ""));
        assert_eq!(ids("S4–S6"), just(&["S4", "S5", "S6"], ""));
        assert_eq!(ids("S4-6: polish"), just(&["S4", "S5", "S6"], "polish"));
        let n = leading("Suggestion #1: title").unwrap();
        assert_eq!(
            (n.ids, n.numbered, n.rest.as_str()),
            (vec!["S1".to_string()], true, "title")
        );
        let n = leading("Important #2 and #3").unwrap();
        assert_eq!(n.ids, ["I2", "I3"]);
        assert_eq!(ids("Suggestions 1-3").unwrap().0, ["S1", "S2", "S3"]);
        // A round stated after the ids: kept as a mark, compared with the report's round.
        let n = leading("I1 (round 2)").unwrap();
        assert_eq!(
            (n.mark, n.this_round(Some(2))),
            (Some(Mark::Round(2)), true)
        );
        assert!(!n.this_round(Some(3)) && !n.this_round(None));
    }

    #[test]
    fn earlier_rounds_are_marked() {
        for (cell, mark) in [
            ("R1-I2", Mark::Round(1)),
            ("R1 I2: title", Mark::Round(1)),
            ("[R1] I2", Mark::Round(1)),
            ("round 1 I2", Mark::Round(1)),
            ("Round-1's S3", Mark::Round(1)),
            ("Round 1 S1–S6", Mark::Round(1)),
            ("round 1 Suggestion #2", Mark::Round(1)),
            ("first-round S3", Mark::Round(1)),
            ("I2 (round 1)", Mark::Round(1)),
            ("I2 (R1): title", Mark::Round(1)),
            ("I2 (round 1, re-raised)", Mark::Round(1)),
            ("S3 from round 1", Mark::Round(1)),
            ("prior S3", Mark::Prior),
            ("Previous round's I2", Mark::Prior),
            ("S3 (prior round)", Mark::Prior),
            ("S3 from the previous review", Mark::Prior),
        ] {
            let n = leading(cell).unwrap_or_else(|| panic!("{cell:?}"));
            assert_eq!(n.mark, Some(mark), "{cell:?}");
            assert!(!n.this_round(Some(2)), "{cell:?}");
        }
        assert_eq!(
            leading("I2 — Old title (round 1)").unwrap().mark,
            Some(Mark::Round(1))
        );
        // The parenthetical names another id: it marks that one, not I3.
        let n = leading("I3 (round 1 S7)").unwrap();
        assert_eq!((n.ids, n.mark), (vec!["I3".to_string()], None));
        // A mark word with no id after it is no reference.
        assert_eq!(leading("Previous value is not restored"), None);
        assert_eq!(leading("Round trip loses precision"), None);
    }

    #[test]
    fn look_alikes_name_nothing() {
        for cell in [
            "Testing Gap #1: x",
            "Doc: wsl2.md",
            "S3Bucket policy",
            "I18n strings",
            "High memory use",
            "Important: title",
            "Suggestion: rename",
            "#1: title",
            "Medium #2",
            "Fix I1 later",
            "",
        ] {
            assert_eq!(ids(cell), None, "{cell:?}");
        }
        // Ids inside prose, with no separator, are read but not `separated`.
        let n = leading("S3 bucket policy is public").unwrap();
        assert!(!n.separated);
        assert!(leading("S3 — bucket").unwrap().separated);
    }

    #[test]
    fn ids_at_the_end() {
        let n = trailing("Race in settle (I1)").unwrap();
        assert_eq!(
            (n.ids, n.rest.as_str()),
            (vec!["I1".to_string()], "Race in settle")
        );
        assert_eq!(
            trailing("Race in settle [I1, I2]").unwrap().ids,
            ["I1", "I2"]
        );
        assert_eq!(trailing("Race in settle — S2").unwrap().ids, ["S2"]);
        let n = trailing("Race in settle (round 1 S7)").unwrap();
        assert_eq!(n.mark, Some(Mark::Round(1)));
        assert_eq!(trailing("Race in settle (see notes)"), None);
        assert_eq!(trailing("Race in settle — rare"), None);
        assert_eq!(trailing("(I1)"), None);
    }
}
