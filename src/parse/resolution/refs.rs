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
    static LOWER: OnceLock<Regex> = OnceLock::new();
    let mut p = plain(cell);
    // A cell that is only a lower-case id (`s2`) means the id; in text, `s2` is a word.
    if re(&LOWER, r"^\s*[cis]\d{1,3}\s*$").is_match(&p) {
        p = p.to_uppercase();
    }
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

/// Ids at the start of `t`: `I1`, `I1, I2`, `S4–S6`, `Important I1`, `Suggestion #1`,
/// `Important #1 / Suggestion #2`, `Finding 3`. Returns the ids, whether any is a number
/// within a severity, and the length read.
fn id_list(t: &str) -> Option<(Vec<String>, bool, usize)> {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    let next = re(&NEXT, r"(?i)^(?:\s*[,&+/;]\s*|\s+(?:and|or)\s+|\s+)");
    let mut ids = Vec::new();
    let mut numbered = false;
    let mut letter = None;
    let mut pos = 0;
    let mut bare = true;
    loop {
        let Some(item) = id_item(&t[pos..], letter, bare) else {
            if ids.is_empty() {
                return None;
            }
            break;
        };
        letter = item.letter;
        numbered |= item.numbered;
        for id in item.ids {
            if ids.len() < MAX_IDS {
                ids.push(id);
            }
        }
        pos += item.len;
        match next.find(&t[pos..]) {
            Some(m) => {
                bare = !m.as_str().trim().is_empty();
                if id_item(&t[pos + m.end()..], letter, bare).is_none() {
                    break;
                }
                pos += m.end();
            }
            None => break,
        }
    }
    Some((ids, numbered, pos))
}

/// Most ids one reference may name (a range `S1-S999` is not a list of findings).
const MAX_IDS: usize = 50;

/// One item of an id list.
struct Item {
    ids: Vec<String>,
    /// The severity letter numbers after it count in (`Suggestion #1, #3`).
    letter: Option<char>,
    numbered: bool,
    len: usize,
}

/// One item at the start of `t`: an optional severity word, then a letter id or range
/// (`I1`, `I-1`, `S4–S6`, the German `K1`/`W1`/`V1`) or, after a severity word (or in a
/// list after one), a number or range within it (`#1`, `2-3`); or `Finding 3` / `Issue 3`,
/// a number the report wrote on the finding itself. `bare`: a number may
/// follow without `#` (not after a list's bare space: `S2 3 retries` is one id).
fn id_item(t: &str, letter: Option<char>, bare: bool) -> Option<Item> {
    static SEV: OnceLock<Regex> = OnceLock::new();
    static ID: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    static WRITTEN: OnceLock<Regex> = OnceLock::new();
    let sev = re(
        &SEV,
        r"(?i)^(critical|blocker|important|major|high|suggestion)s?(?:\s+(?:issue|finding|item)s?)?[\s:#.]*",
    );
    let id = re(
        &ID,
        r"^#?([CISFKWV])-?(\d{1,3})\b(?:(?:[-\u{2013}]|\s[-\u{2013}]\s)(?:([CISFKWV])-?)?(\d{1,3})\b)?",
    );
    let num = re(&NUM, r"^#?(\d{1,3})(?:[-\u{2013}]#?(\d{1,3}))?\b");
    let written = re(&WRITTEN, r"(?i)^(?:finding|issue)\s*#?\s*(\d{1,3})\b");
    let (after, letter) = match sev.captures(t) {
        Some(c) => {
            let l = match c[1].to_ascii_lowercase().as_str() {
                "critical" | "blocker" => 'C',
                "important" | "major" | "high" => 'I',
                _ => 'S',
            };
            (c.get(0)?.end(), Some(l))
        }
        None => (0, letter),
    };
    let rest = &t[after..];
    if let Some(c) = id.captures(rest) {
        let l = c[1].chars().next()?;
        // A range's end: same letter, or none (`S4-6`); a spaced dash needs the letter.
        let end = c.get(4).filter(|_| match c.get(3) {
            Some(l2) => l2.as_str().starts_with(l),
            None => !c.get(0).is_some_and(|m| m.as_str().contains(' ')),
        });
        let len = match end {
            Some(_) => c.get(0)?.end(),
            None => c.get(2)?.end(),
        };
        let ids = expand(&l.to_string(), &c[2], end.map(|m| m.as_str()));
        return Some(Item {
            ids,
            letter: Some(l).filter(|l| "CIS".contains(*l)).or(letter),
            numbered: false,
            len: after + len,
        });
    }
    if let Some(l) = letter {
        if let Some(c) = num
            .captures(rest)
            .filter(|_| bare || after > 0 || rest.starts_with('#'))
        {
            return Some(Item {
                ids: expand(&l.to_string(), &c[1], c.get(2).map(|m| m.as_str())),
                letter: Some(l),
                numbered: true,
                len: after + c.get(0)?.end(),
            });
        }
        return None;
    }
    let c = written.captures(t)?;
    Some(Item {
        ids: vec![c[1].to_string()],
        letter: None,
        numbered: false,
        len: c.get(0)?.end(),
    })
}

/// `S4` to `S6` as `S4, S5, S6`; one id when there is no end, or it is not after the start.
fn expand(letter: &str, first: &str, last: Option<&str>) -> Vec<String> {
    let Ok(first) = first.parse::<u32>() else {
        return Vec::new();
    };
    let last = last
        .and_then(|l| l.parse::<u32>().ok())
        .filter(|&n| n > first && ((n - first) as usize) < MAX_IDS)
        .unwrap_or(first);
    (first..=last).map(|n| format!("{letter}{n}")).collect()
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
        assert_eq!(ids("Suggestion #1 and #3").unwrap().0, ["S1", "S3"]);
        assert_eq!(ids("Important #1 / Suggestion #2").unwrap().0, ["I1", "S2"]);
        assert_eq!(ids("Important I1, I2").unwrap().0, ["I1", "I2"]);
        assert_eq!(ids("I-1: title"), just(&["I1"], "title"));
        assert_eq!(ids("s2"), just(&["S2"], ""));
        // German ids and numbers written on the finding: resolved against the report.
        assert_eq!(ids("K1 — Titel"), just(&["K1"], "Titel"));
        assert_eq!(ids("Finding 3: title"), just(&["3"], "title"));
        // A number after a bare space is text, not another id.
        assert_eq!(ids("Suggestion #2 3 retries").unwrap().0, ["S2"]);
        assert_eq!(ids("S2 3 retries"), just(&["S2"], "3 retries"));
        assert_eq!(ids("I1 - 3 retries").unwrap().0, ["I1"]);
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
            "s2 is slow",
            "3",
            "#3: title",
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
