//! Agent attributions written in other wrappers than `[Agent]`: `` `[Claude Opus 4.6]` ``,
//! `(Claude, Codex)`, `— Claude Opus 4.7, Gemini 3.1 Pro` or `Found by: Claude, Gemini` at
//! the end of a head line; and the one test of whether a word or a list names agents.
//!
//! Decision: such a wrapper is an attribution only when every item of it names an agent of a
//! known family (`crate::text::names`) and reads like a model name: `(foo.go, bar.go)`,
//! `(important, gap)`, `(pass 2)` or `— Gemini integration` are never agents. When unsure,
//! the text stays where it was (a location, a tag, a note).

use crate::parse::static_regex::re;
use crate::text::names::{agent_family, agent_model, clean_name, is_known_family};
use regex::Regex;
use std::sync::OnceLock;

/// Whether `item` names one agent: `Claude`, `Claude Opus 4.7`, `Codex GPT 5.5`,
/// `GLM-4.7 Flash`, `GPT 5.6-sol`, `qwen3`. At most five words, the first starting with a
/// capital or holding a digit; a known family; every word of the model part holding a digit
/// or starting with a capital (so `Gemini-only`, `Claude pass 2` or `cursor` are not).
pub(crate) fn is_agent_name(item: &str) -> bool {
    let name = clean_name(item);
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    if words.len() > 5 || name.contains(['(', ')', ':', '`', '<', '>']) {
        return false;
    }
    let capital_or_digit =
        |w: &str| w.starts_with(char::is_uppercase) || w.contains(|c: char| c.is_ascii_digit());
    if !capital_or_digit(first) || !is_known_family(&agent_family(&name)) {
        return false;
    }
    match agent_model(&name) {
        Some(m) => m.split_whitespace().all(capital_or_digit),
        None => true,
    }
}

/// The agents a wrapper's text lists, when every item names one: `Claude, Codex`,
/// `Claude Opus 4.7 and Gemini 3.1 Pro`, `found by Claude + Codex`, `Agents: Claude`.
/// Items are split at `,`, `;`, `&`, `+` and ` and `; a lead-in (`found by`, `by`,
/// `agents:`, `reviewers:` ...) is dropped.
pub(crate) fn agent_list(text: &str) -> Option<Vec<String>> {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    let t = text.trim().trim_matches(['*', '_']).trim();
    let lead = re(
        &LEAD,
        r"(?i)^(?:(?:found|flagged|raised|reported|spotted|caught|seen)\s+by|by|agents?|reviewers?|sources?|from)\b\s*:?\s*",
    );
    let t = match lead.find(t) {
        Some(m) => &t[m.end()..],
        None => t,
    };
    let t = t.trim().trim_end_matches(['.', ',', ';']).trim();
    let split = re(&SPLIT, r"\s*(?:[,;&+]|\band\b)\s*");
    let items: Vec<String> = split
        .split(t)
        .map(|s| clean_name(s.trim_matches(['*', '_'])))
        .collect();
    if items.is_empty() || items.iter().any(|i| !is_agent_name(i)) {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for i in items {
        if !out.contains(&i) {
            out.push(i);
        }
    }
    Some(out)
}

/// A head's text after the title with a trailing attribution cut off: the text after the
/// last top-level ` — ` / ` – ` / ` · ` / ` | ` (or after a `Found by` lead-in), up to any
/// trailing `(...)` / `[...]` groups, when it is an agent list. Returns the rest without
/// the attribution (the groups after it kept) and the agents.
pub(crate) fn split_trailing(rest: &str) -> Option<(String, Vec<String>)> {
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let (seg_start, cut_start) = trailing_start(line)?;
    let tail = &line[seg_start..];
    let groups = top_level_group_start(tail).unwrap_or(tail.len());
    let agents = agent_list(&tail[..groups])?;
    let mut kept = line[..cut_start].trim_end().to_string();
    let after = tail[groups..].trim();
    if !after.is_empty() {
        kept.push(' ');
        kept.push_str(after);
    }
    kept.push_str(&rest[line_end..]);
    Some((kept, agents))
}

/// Where a trailing attribution may start in a head line: (start of its text, start of what
/// is cut, the separator included). A lead-in (`Found by`) wins over the last separator.
fn trailing_start(line: &str) -> Option<(usize, usize)> {
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let lead = re(
        &LEAD,
        r"(?i)(?:^|[\s(*_—–·|;,.])(?:(?:found|flagged|raised|reported)\s+by|agents?\s*:|reviewers?\s*:)",
    );
    let top = top_level(line);
    if let Some(m) = lead.find_iter(line).filter(|m| top(m.start())).last() {
        let start = line[m.start()..]
            .find(|c: char| c.is_alphabetic())
            .map(|o| m.start() + o)
            .unwrap_or(m.start());
        let cut = line[..start]
            .trim_end_matches(|c: char| c.is_whitespace() || "—–·|;,.*_(".contains(c))
            .len();
        return Some((start, cut));
    }
    let sep = [" — ", " – ", " · ", " | ", " -- "]
        .iter()
        .flat_map(|s| line.match_indices(s).map(|(i, m)| (i, i + m.len())))
        .filter(|(i, _)| top(*i))
        .max()?;
    Some((sep.1, sep.0))
}

/// A test of whether a byte offset of `line` is outside code spans, brackets and
/// parentheses.
fn top_level(line: &str) -> impl Fn(usize) -> bool + '_ {
    move |at: usize| {
        let (mut code, mut depth) = (false, 0i32);
        for (i, c) in line.char_indices() {
            if i >= at {
                break;
            }
            match c {
                '`' => code = !code,
                '[' | '(' if !code => depth += 1,
                ']' | ')' if !code => depth -= 1,
                _ => {}
            }
        }
        !code && depth <= 0
    }
}

/// Offset of the first top-level `(` or `[` in `s` (outside code spans).
fn top_level_group_start(s: &str) -> Option<usize> {
    let mut code = false;
    for (i, c) in s.char_indices() {
        match c {
            '`' => code = !code,
            '(' | '[' if !code => return Some(i),
            _ => {}
        }
    }
    None
}

/// Whether a sentence names an agent anywhere (`Codex raised one Important`,
/// `Claude's three suggestions`, `Codex-only findings`, `gpt-5`): a word starting with a
/// capital or holding a digit whose family is a known one.
pub(crate) fn names_an_agent(sentence: &str) -> bool {
    sentence
        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.'))
        .map(|w| w.trim_matches(['.', '-']))
        .any(|w| {
            (w.starts_with(char::is_uppercase) || w.contains(|c: char| c.is_ascii_digit()))
                && is_known_family(&agent_family(w))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_names_and_look_alikes() {
        for n in [
            "Claude",
            "Claude Opus 4.7",
            "Codex GPT 5.5",
            "Gemini 3.1 Pro",
            "GLM-4.7 Flash",
            "GPT 5.6-sol",
            "Qwen 3.6 27B",
            "qwen3",
            "**Claude**",
        ] {
            assert!(is_agent_name(n), "{n}");
        }
        for n in [
            "important",
            "gap",
            "pass 2",
            "foo.go",
            "Gemini-only",
            "Claude pass 2",
            "cursor",
            "Gemini integration",
            "Claude Opus 4.7 (effort: high)",
            "",
        ] {
            assert!(!is_agent_name(n), "{n}");
        }
    }

    #[test]
    fn agent_lists_need_every_item_to_be_an_agent() {
        assert_eq!(
            agent_list("Claude, Codex").unwrap(),
            vec!["Claude", "Codex"]
        );
        assert_eq!(
            agent_list("found by Claude Opus 4.7 and Gemini 3.1 Pro").unwrap(),
            vec!["Claude Opus 4.7", "Gemini 3.1 Pro"]
        );
        assert_eq!(agent_list("Agents: Claude + Codex").unwrap().len(), 2);
        assert!(agent_list("foo.go, bar.go").is_none());
        assert!(agent_list("important, gap").is_none());
        assert!(agent_list("Claude, regression").is_none());
        assert!(agent_list("pass 2").is_none());
        assert!(agent_list("").is_none());
    }

    #[test]
    fn trailing_attributions() {
        let (rest, a) = split_trailing(" — `a.go:12` — Claude Opus 4.7, Gemini 3.1 Pro").unwrap();
        assert_eq!(rest, " — `a.go:12`");
        assert_eq!(a, ["Claude Opus 4.7", "Gemini 3.1 Pro"]);
        let (rest, a) = split_trailing(" — `a.go:1` — Claude, Codex (important, gap)").unwrap();
        assert_eq!(rest, " — `a.go:1` (important, gap)");
        assert_eq!(a, ["Claude", "Codex"]);
        let (rest, a) = split_trailing(" — `a.go:1`. Found by: Claude, Gemini").unwrap();
        assert_eq!(rest, " — `a.go:1`");
        assert_eq!(a, ["Claude", "Gemini"]);
        assert!(split_trailing(" — `a.go:1` — Gemini integration path").is_none());
        assert!(split_trailing(" — `a.go:1`, `b.go:2`").is_none());
        // A dash inside a code span is not a separator.
        assert!(split_trailing(" — `x — Claude`").is_none());
    }

    #[test]
    fn sentences_naming_agents() {
        assert!(names_an_agent("Codex raised one Important."));
        assert!(names_an_agent("Claude's two suggestions are polish"));
        assert!(names_an_agent("Codex-only findings: 2 important"));
        assert!(!names_an_agent("This review found 2 important issues."));
    }
}
