//! Reading the cells of the retro metrics table: counts, findings by severity, tool calls,
//! downgrades. Durations are read by `text::duration`; id lists by [`super::ids`].
//!
//! `—`, `N/A`, `?`, `unknown` and an empty cell are unknown (`None`), never zero; text
//! without a number (`cross-compile test`) is unknown too: nothing is guessed.

use std::sync::OnceLock;

use regex::Regex;

use super::super::static_regex::re;
use super::ids::id_counts;
use super::label::severity_of;
use crate::model::{Downgrade, SeverityCounts, ToolCalls};
use crate::text::duration::{is_unknown, without_parentheticals};
use crate::text::names::strip_inline_markdown;

/// Cleans a cell for reading: no bold markers or backticks, trimmed.
pub(super) fn clean(cell: &str) -> String {
    strip_inline_markdown(cell).trim().to_string()
}

fn leading_int(text: &str) -> Option<u32> {
    let t = text.trim_start_matches(['~', '≈', ' ']);
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() {
        None
    } else {
        digits.parse().ok()
    }
}

fn word_number(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())?;
    match first {
        "none" | "nothing" => Some(0),
        w => crate::parse::findings::number_word(w).filter(|&n| n <= 10),
    }
}

/// A count cell: `3`, `2 (1 false positive)`, `5/5`, `S1, S3`, `I2, S4-S5` (ids counted,
/// ranges expanded), `none`; `—` -> `None`.
pub(crate) fn parse_count(cell: &str) -> Option<u32> {
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    if let Some(n) = leading_int(&c) {
        return Some(n);
    }
    if let Some(ids) = id_counts(&c) {
        return Some(ids.total());
    }
    word_number(&c)
}

/// A findings cell: `4I 8S`, `1C 2I 4S`, `1C2I3S`, `2S`, `none`, `1C 0I 1S + 1 dup`,
/// `2 critical, 1 important`, `3 (1I, 2S)`, `Critical: 1, Important: 2`, `C: 1, S: 2`,
/// `I1, S2-S3` (ids counted by their letter); `—` -> `None`.
///
/// Counts outside parentheses win over counts inside (`2I 1S (1 I dropped)` is 2I 1S); a
/// severity with a colon (`I: 2`) is read before a number with a letter (`2 I`).
pub fn parse_findings(cell: &str) -> Option<SeverityCounts> {
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    let outside = without_parentheticals(&c);
    if let Some(counts) = labelled_counts(&outside)
        .or_else(|| severity_tokens(&outside))
        .or_else(|| severity_tokens(&c))
        .or_else(|| id_counts(&c))
    {
        return Some(counts);
    }
    let lower = c.to_lowercase();
    if lower == "0"
        || lower.starts_with("none")
        || lower.starts_with("no ")
        || lower.starts_with("zero")
        || lower.starts_with("(empty)")
        || lower.starts_with("empty")
    {
        return Some(SeverityCounts::default());
    }
    None
}

/// `4I 8S`, `1C2I3S`, `2 critical, 1 important`: a number, then a severity word or letter
/// that ends there (`1 issue` is not `1 I`). A number glued to a letter before it (`I1 S2`,
/// finding ids) is not a count, unless that letter ends the previous count (`1C2I`).
fn severity_tokens(text: &str) -> Option<SeverityCounts> {
    static R: OnceLock<Regex> = OnceLock::new();
    let token = re(
        &R,
        r"(?i)(\d+)\s*(criticals?|importants?|suggestions?|crit|imp|sugg?|c|i|s)",
    );
    let mut counts = SeverityCounts::default();
    let mut any = false;
    let mut last_end = 0;
    for caps in token.captures_iter(text) {
        let (Some(whole), Some(n), Some(sev)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        let glued = text[..whole.start()]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let word_goes_on = text[whole.end()..]
            .chars()
            .next()
            .is_some_and(char::is_alphabetic);
        if word_goes_on || (glued && whole.start() != last_end) {
            continue;
        }
        let Ok(n) = n.as_str().parse::<u32>() else {
            continue;
        };
        counts.add(severity_of(sev.as_str()), n);
        any = true;
        last_end = whole.end();
    }
    any.then_some(counts)
}

/// `Critical: 1, Important: 2`, `C: 1 I: 2 S: 3`, `S=2`: a severity, `:` or `=`, a number.
fn labelled_counts(text: &str) -> Option<SeverityCounts> {
    static R: OnceLock<Regex> = OnceLock::new();
    let token = re(
        &R,
        r"(?i)\b(criticals?|importants?|suggestions?|crit|imp|sugg?|c|i|s)\s*[:=]\s*(\d+)\b",
    );
    let mut counts = SeverityCounts::default();
    let mut any = false;
    for caps in token.captures_iter(text) {
        let (Some(sev), Some(n)) = (caps.get(1), caps.get(2)) else {
            continue;
        };
        let Ok(n) = n.as_str().parse::<u32>() else {
            continue;
        };
        counts.add(severity_of(sev.as_str()), n);
        any = true;
    }
    any.then_some(counts)
}

/// A tool-calls cell: `50 (Bash 25, Read 21, Grep 3)`, `41 (shell 41)`, `1 (Read)`, `0`,
/// `Bash 6, Read 2`; `N/A` / `—` -> `None`.
pub fn parse_tool_calls(cell: &str) -> Option<ToolCalls> {
    static NAME_COUNT: OnceLock<Regex> = OnceLock::new();
    static COUNT_NAME: OnceLock<Regex> = OnceLock::new();
    let name_count = re(&NAME_COUNT, r"^(.*?[^\d\s:=×])\s*[:=×]?\s*(\d+)$");
    let count_name = re(&COUNT_NAME, r"^(\d+)\s*×?\s*(\D.*)$");
    let c = clean(cell);
    if is_unknown(&c) {
        return None;
    }
    let total = leading_int(&c);
    let list = if let (Some(open), Some(close)) = (c.find('('), c.rfind(')')) {
        if open < close {
            c[open + 1..close].to_string()
        } else {
            String::new()
        }
    } else if total.is_none() {
        c.clone()
    } else {
        String::new()
    };
    let mut by_tool: Vec<(String, u32)> = Vec::new();
    let mut uncounted: Vec<String> = Vec::new();
    for item in list.split([',', ';']) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        if let Some(caps) = name_count.captures(item) {
            if let (Some(name), Some(n)) = (caps.get(1), caps.get(2)) {
                if let Ok(n) = n.as_str().parse() {
                    by_tool.push((name.as_str().trim().to_string(), n));
                    continue;
                }
            }
        }
        if let Some(caps) = count_name.captures(item) {
            if let (Some(n), Some(name)) = (caps.get(1), caps.get(2)) {
                if let Ok(n) = n.as_str().parse() {
                    by_tool.push((name.as_str().trim().to_string(), n));
                    continue;
                }
            }
        }
        if item.chars().any(|c| c.is_alphabetic()) {
            uncounted.push(item.to_string());
        }
    }
    if by_tool.is_empty() && uncounted.len() == 1 {
        if let Some(t) = total {
            by_tool.push((uncounted.remove(0), t));
        }
    }
    let total = match total {
        Some(t) => Some(t),
        None if !by_tool.is_empty() => {
            Some(by_tool.iter().fold(0u32, |a, (_, n)| a.saturating_add(*n)))
        }
        None => match word_number(&c) {
            Some(n) => Some(n),
            None => return None,
        },
    };
    Some(ToolCalls { total, by_tool })
}

/// A downgraded cell: `1 (C→I)`, `6 (I→S)`, `1 (I→S), 1 (C→I)`, `0`,
/// `2 (both downgraded)`. Returns the count and the from→to list.
pub(crate) fn parse_downgrades(cell: &str) -> (Option<u32>, Vec<Downgrade>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let pair = re(
        &R,
        r"(?i)(?:(\d+)\s*\(?\s*)?\b(critical|important|suggestions?|c|i|s)\s*(?:→|->|=>|⇒|⟶|\bto\b)\s*(critical|important|suggestions?|c|i|s)\b",
    );
    let c = clean(cell);
    if is_unknown(&c) {
        return (None, Vec::new());
    }
    let mut list = Vec::new();
    let mut explicit = 0;
    for caps in pair.captures_iter(&c) {
        let (Some(from), Some(to)) = (caps.get(2), caps.get(3)) else {
            continue;
        };
        let count = match caps.get(1).and_then(|m| m.as_str().parse().ok()) {
            Some(n) => {
                explicit += 1;
                n
            }
            None => 1,
        };
        list.push(Downgrade {
            count,
            from: severity_of(from.as_str()),
            to: severity_of(to.as_str()),
        });
    }
    let listed = || list.iter().fold(0u32, |a, d| a.saturating_add(d.count));
    let count = if explicit >= 2 {
        Some(listed())
    } else {
        parse_count(&c).or_else(|| {
            if list.is_empty() {
                None
            } else {
                Some(listed())
            }
        })
    };
    (count, list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Severity;

    fn sc(c: u32, i: u32, s: u32) -> SeverityCounts {
        SeverityCounts {
            critical: c,
            important: i,
            suggestion: s,
        }
    }

    #[test]
    fn findings_cells() {
        assert_eq!(parse_findings("4I 8S"), Some(sc(0, 4, 8)));
        assert_eq!(parse_findings("1C 2I 4S"), Some(sc(1, 2, 4)));
        assert_eq!(parse_findings("0C 1I 0S"), Some(sc(0, 1, 0)));
        assert_eq!(parse_findings("2S"), Some(sc(0, 0, 2)));
        assert_eq!(parse_findings("**2I 1S**"), Some(sc(0, 2, 1)));
        assert_eq!(parse_findings("2C 8I 7S"), Some(sc(2, 8, 7)));
        assert_eq!(parse_findings("none"), Some(sc(0, 0, 0)));
        assert_eq!(parse_findings("**none**"), Some(sc(0, 0, 0)));
        assert_eq!(parse_findings("1C 0I 1S + 1 dup"), Some(sc(1, 0, 1)));
        assert_eq!(parse_findings("1C2I3S"), Some(sc(1, 2, 3)));
        assert_eq!(
            parse_findings("2 critical, 1 important, 3 suggestions"),
            Some(sc(2, 1, 3))
        );
        assert_eq!(parse_findings("3 (1I, 2S)"), Some(sc(0, 1, 2)));
        assert_eq!(parse_findings("2I 1S (1 I dropped)"), Some(sc(0, 2, 1)));
        assert_eq!(
            parse_findings("Critical: 0, Important: 2, Suggestions: 3"),
            Some(sc(0, 2, 3))
        );
        assert_eq!(parse_findings("C: 1 I: 2 S: 3"), Some(sc(1, 2, 3)));
        // Finding ids, counted by their letter (not `1 S` read across `I1 S2`).
        assert_eq!(parse_findings("I1 S2 S3"), Some(sc(0, 1, 2)));
        assert_eq!(parse_findings("I1, S2-S4"), Some(sc(0, 1, 3)));
        assert_eq!(parse_findings("3 issues"), None);
        assert_eq!(parse_findings("3"), None);
        assert_eq!(parse_findings("see notes"), None);
        assert_eq!(parse_findings("—"), None);
        assert_eq!(parse_findings("N/A"), None);
    }

    #[test]
    fn count_cells() {
        assert_eq!(parse_count("3 (2 unique)"), Some(3));
        assert_eq!(parse_count("2 (1 false positive)"), Some(2));
        assert_eq!(parse_count("2 (both downgraded)"), Some(2));
        assert_eq!(parse_count("2 (BATS concerns)"), Some(2));
        assert_eq!(parse_count("S1, S3"), Some(2));
        assert_eq!(parse_count("S2, S5 and I1"), Some(3));
        assert_eq!(parse_count("S1 (commit bullet), S2"), Some(2));
        assert_eq!(parse_count("I2, I3, S4-S5, S7-S13"), Some(11));
        assert_eq!(parse_count("C1; I4"), Some(2));
        assert_eq!(parse_count("2 (S1, S3)"), Some(2));
        assert_eq!(parse_count("**S1**"), Some(1));
        assert_eq!(parse_count("cross-compile test"), None);
        assert_eq!(parse_count("S1, S3, and a race in the cache"), None);
        assert_eq!(parse_count("5/5"), Some(5));
        assert_eq!(parse_count("14"), Some(14));
        assert_eq!(parse_count("1 (disk.go)"), Some(1));
        assert_eq!(parse_count("5/5 (all stale)"), Some(5));
        assert_eq!(parse_count("1 (false positive)"), Some(1));
        assert_eq!(parse_count("none"), Some(0));
        assert_eq!(parse_count("0"), Some(0));
        assert_eq!(parse_count("—"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn tool_call_cells() {
        let t = parse_tool_calls("50 (Bash 25, Read 21, Grep 3)").unwrap_or_default();
        assert_eq!(t.total, Some(50));
        assert_eq!(
            t.by_tool,
            vec![
                ("Bash".to_string(), 25),
                ("Read".to_string(), 21),
                ("Grep".to_string(), 3)
            ]
        );
        let t = parse_tool_calls("41 (shell 41)").unwrap_or_default();
        assert_eq!(t.total, Some(41));
        assert_eq!(t.by_tool, vec![("shell".to_string(), 41)]);
        let t = parse_tool_calls("1 (Read)").unwrap_or_default();
        assert_eq!(t.total, Some(1));
        assert_eq!(t.by_tool, vec![("Read".to_string(), 1)]);
        let t = parse_tool_calls("20 (run_shell_command 12, grep_search 8)").unwrap_or_default();
        assert_eq!(t.by_tool[0], ("run_shell_command".to_string(), 12));
        let t = parse_tool_calls("0").unwrap_or_default();
        assert_eq!(t.total, Some(0));
        assert!(t.by_tool.is_empty());
        let t = parse_tool_calls("Bash 6, Read 2").unwrap_or_default();
        assert_eq!(t.total, Some(8));
        assert_eq!(parse_tool_calls("N/A"), None);
        assert_eq!(parse_tool_calls("—"), None);
        assert_eq!(parse_tool_calls("lots"), None);
    }

    #[test]
    fn downgrade_cells() {
        let (n, l) = parse_downgrades("1 (C→I)");
        assert_eq!(n, Some(1));
        assert_eq!(
            l,
            vec![Downgrade {
                count: 1,
                from: Severity::Critical,
                to: Severity::Important
            }]
        );
        let (n, l) = parse_downgrades("6 (I→S)");
        assert_eq!(n, Some(6));
        assert_eq!(l[0].count, 6);
        assert_eq!(l[0].from, Severity::Important);
        assert_eq!(l[0].to, Severity::Suggestion);
        let (n, l) = parse_downgrades("1 (I→S), 1 (C→I)");
        assert_eq!(n, Some(2));
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].from, Severity::Critical);
        let (n, l) = parse_downgrades("1 (C->S)");
        assert_eq!((n, l[0].to), (Some(1), Severity::Suggestion));
        assert_eq!(parse_downgrades("0"), (Some(0), vec![]));
        assert_eq!(parse_downgrades("2 (both downgraded)"), (Some(2), vec![]));
        assert_eq!(parse_downgrades("—"), (None, vec![]));
    }
}
