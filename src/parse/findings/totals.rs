//! The totals a summary states for this report: `0 critical, 7 important, 10 suggestions`,
//! numbers as words, `(1C/2I/3S)`, `Critical: 1, Important: 2, Suggestions: 3`.
//!
//! Decision: only a sentence that states this report's own consolidated totals counts, and
//! when unsure, nothing does (a wrong "stated totals" warning costs more than a missed one).
//! A sentence counts when
//! - it holds one run of counts naming at least two severities, each once, and no other count;
//! - what comes before the run is nothing, a label of known words (`Structure:`, `Totals`,
//!   `**Findings:**`), a subject that is this report (`This review found`, `In total, we
//!   found`), or a longer clause that introduces the counts with a colon or a dash;
//! - it is not about something else: an earlier or other round (`round 1's two Important`;
//!   `Round 2: ...` counts in a round-2 report), one agent (a name of a known family:
//!   `Codex raised one Important`), raw or pre-consolidation counts, passes, `of which`,
//!   downgrades, fixes, comparisons or hypotheticals.
//!
//! Sentences are cut at `.`/`!`/`?`; each paragraph line, list item and table row is read
//! on its own (hard-wrapped lines are joined), and a run of short list items
//! (`- Critical: 1` / `- Important: 2`) is read as one. When two sentences that count state
//! different totals, none is taken.

use super::attribution::names_an_agent;
use super::words::{number_word, severity_word};
use crate::model::{Severity, SeverityCounts};
use crate::parse::static_regex::re;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Finds the totals `text` states for this report, of round `round` when known: "0
/// critical, 7 important, 10 suggestions", "Structure: 3 Important, 9 Suggestions, 0
/// Critical", "This review found 0 critical / 2 important / 10 suggestions".
pub fn stated_counts(text: &str, round: Option<u32>) -> Option<SeverityCounts> {
    let mut found: Option<SeverityCounts> = None;
    for unit in units(text) {
        let norm = normalise(&unit);
        for s in sentences(&norm) {
            let Some(c) = sentence_totals(s, round) else {
                continue;
            };
            match found {
                Some(f) if f != c => return None,
                _ => found = Some(c),
            }
        }
    }
    found
}

/// One count in a sentence: its byte range and the severities it counts.
struct Count {
    range: Range<usize>,
    items: Vec<(Severity, u32)>,
}

/// The totals one sentence states for this report (see the module documentation).
fn sentence_totals(s: &str, round: Option<u32>) -> Option<SeverityCounts> {
    let counts = counts_in(s);
    let runs = runs(s, &counts);
    // Exactly one run of counts, and no other count in the sentence.
    let [run] = runs.as_slice() else {
        return None;
    };
    let mut totals = SeverityCounts::default();
    let mut seen: Vec<Severity> = Vec::new();
    for (sev, n) in run.iter().flat_map(|&i| counts[i].items.iter().copied()) {
        if seen.contains(&sev) {
            return None;
        }
        seen.push(sev);
        totals.add(sev, n);
    }
    let start = counts[*run.first()?].range.start;
    let end = counts[*run.last()?].range.end;
    let about_this = seen.len() >= 2
        && !about_something_else(s, round)
        && prefix_states_totals(&s[..start])
        && s[end..].split_whitespace().count() <= 12;
    about_this.then_some(totals)
}

/// The counts of a sentence, in order: `7 important`, `seven important`, `Important: 7`,
/// and compact `1C/2I/3S` (three at once).
fn counts_in(s: &str) -> Vec<Count> {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    static LABELLED: OnceLock<Regex> = OnceLock::new();
    static COMPACT: OnceLock<Regex> = OnceLock::new();
    let mut out: Vec<Count> = Vec::new();
    let words = re(
        &WORDS,
        r"(?i)\b(\d+|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(critical|important|suggestions?|kritische?|wichtige?|vorschl(?:ä|ae)ge|vorschlag)\b",
    );
    for c in words.captures_iter(s) {
        if let (Some(m), Some(n), Some(sev)) = (c.get(0), word_number(&c[1]), severity_word(&c[2]))
        {
            out.push(Count {
                range: m.range(),
                items: vec![(sev, n)],
            });
        }
    }
    let labelled = re(
        &LABELLED,
        r"(?i)\b(critical|important|suggestions?)\s*[:=]\s*(\d+)\b",
    );
    for c in labelled.captures_iter(s) {
        if let (Some(m), Some(sev), Ok(n)) = (c.get(0), severity_word(&c[1]), c[2].parse()) {
            out.push(Count {
                range: m.range(),
                items: vec![(sev, n)],
            });
        }
    }
    let compact = re(
        &COMPACT,
        r"(?:^|[\s(\[])((\d+)\s?C\s*[/·,|;]\s*(\d+)\s?I\s*[/·,|;]\s*(\d+)\s?S)\b",
    );
    for c in compact.captures_iter(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse().ok());
        if let (Some(m), Some(a), Some(b), Some(d)) = (c.get(1), n(2), n(3), n(4)) {
            out.push(Count {
                range: m.range(),
                items: vec![
                    (Severity::Critical, a),
                    (Severity::Important, b),
                    (Severity::Suggestion, d),
                ],
            });
        }
    }
    out.sort_by_key(|c| c.range.start);
    // Overlapping readings (`Critical: 1 important`): the first wins.
    let mut kept: Vec<Count> = Vec::new();
    for c in out {
        if kept.last().is_none_or(|k| k.range.end <= c.range.start) {
            kept.push(c);
        }
    }
    kept
}

/// The runs of counts joined only by separators, `and`, `plus` or `issues` (indices into
/// `counts`).
fn runs(s: &str, counts: &[Count]) -> Vec<Vec<usize>> {
    static GAP: OnceLock<Regex> = OnceLock::new();
    let gap = re(
        &GAP,
        r"(?i)^(?:[\s,;/·|+&—–-]|\band\b|\bplus\b|\bund\b|\bfindings?\b|\bissues?\b|\bitems?\b|\bbefunde?\b|\([^()]{0,40}\))*$",
    );
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (i, c) in counts.iter().enumerate() {
        let joined = i > 0 && gap.is_match(&s[counts[i - 1].range.end..c.range.start]);
        match out.last_mut() {
            Some(run) if joined => run.push(i),
            _ => out.push(vec![i]),
        }
    }
    out
}

/// Whether a sentence is about something other than this report's consolidated totals: an
/// earlier or other round, one agent, raw counts, passes, parts, changes of severity, fixes,
/// comparisons or hypotheticals.
fn about_something_else(s: &str, round: Option<u32>) -> bool {
    static OTHER: OnceLock<Regex> = OnceLock::new();
    let other = re(
        &OTHER,
        r"(?i)\b(?:previous(?:ly)?|prior|earlier|later|last|before|since|raw|unconsolidated|un-?deduplicated|pre-\w+|pre(?:consolidat|dedup)\w*|original(?:ly)?|initial(?:ly)?|first|second|third|pass(?:es)?|of which|each|per|apiece|respectively|alone|single|individual(?:ly)?|separately|agent|reviewer|model|downgrad\w*|upgrad\w*|demot\w*|promot\w*|reclassif\w*|re-?rated|dropped|merged|rejected|withdrawn|dismissed|false|fixed|resolved|landed|addressed|carried|unchanged|new|would|could|might|if|unique|vs|versus|compared|instead|davon|vorherige\w*|frühere\w*|je|pro|durchgang\w*|durchläufe\w*)\b",
    );
    other.is_match(s) || other_round(s, round) || names_an_agent(s)
}

/// Whether a sentence mentions a round other than `round` (`round 1's findings`, `both
/// rounds`, `Runde 1`); `this round` and `Round 2` in a round-2 report are this one.
fn other_round(s: &str, round: Option<u32>) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"(?i)\b(?:(this|current|same|present)\s+|(\d+)(?:st|nd|rd|th)\s+)?(?:rounds?|runden?)\b(?:[\s-]*#?(\d+))?",
    );
    r.captures_iter(s).any(|c| {
        if c.get(1).is_some() {
            return false;
        }
        let n = c
            .get(2)
            .or(c.get(3))
            .and_then(|m| m.as_str().parse::<u32>().ok());
        n.is_none() || n != round
    })
}

/// Whether the text before a run of counts lets the sentence state this report's totals:
/// nothing, a label of known words (`Structure:`, `Totals`, `Findings: 6 (`, `Verdict: Merge
/// with fixes (`), this report as the subject (`This review found`, `Across 3 agents, we
/// found`), or a longer clause ending in `:` or a dash.
fn prefix_states_totals(p: &str) -> bool {
    let (label, introduced) = bare_label(p);
    let l = label.to_lowercase();
    let words = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    words == 0
        || is_label(&l)
        || l.split_once(':').is_some_and(|(h, _)| is_label(h))
        || names_this_report(&l)
        || words > 3 && introduced
}

/// The text before a run of counts without list markers, a closing `:` / dash / `(` and a
/// grand total (`Findings: 6 (`); and whether a colon or dash introduced the counts.
fn bare_label(p: &str) -> (&str, bool) {
    static GRAND: OnceLock<Regex> = OnceLock::new();
    let grand = re(
        &GRAND,
        r"(?i)(?:^|\s)\d+\s*(?:findings?|issues?|items?|total|in total)?$",
    );
    let mut label = p
        .trim_start_matches(|c: char| c.is_whitespace() || "-+>#|".contains(c))
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(['.', ')'])
        .trim();
    let mut introduced = false;
    loop {
        let t = label.trim_end_matches(|c: char| c.is_whitespace() || "([|`\"“'".contains(c));
        if let Some(x) = t.strip_suffix([':', '—', '–', '-', '=']) {
            introduced = true;
            label = x;
        } else if let Some(m) = grand.find(t) {
            label = &t[..m.start()];
        } else {
            return (t, introduced);
        }
    }
}

/// A label of at most three known words (`Structure`, `Findings after consolidation`).
fn is_label(l: &str) -> bool {
    let words: Vec<&str> = l
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty() && words.len() <= 3 && words.iter().all(|w| label_word(w))
}

/// Whether a (lower-case) clause has this report as its subject and a verb of counting:
/// `this review found`, `in total, we found`, `the consolidated report lists`, `there
/// are`, also after a leading phrase that does not narrow the scope (`across 3 agents, the
/// review found`; not `in the tests, we found`).
fn names_this_report(l: &str) -> bool {
    static SUBJECT: OnceLock<Regex> = OnceLock::new();
    static LEADING: OnceLock<Regex> = OnceLock::new();
    let subject = re(
        &SUBJECT,
        r"^(?:(?:in total|overall|altogether|in all|all told|combined|in sum|in summary|net)\s*,?\s*)?(?:(?:this|the)(?:\s+(?:consolidated|final|deep|overall|combined|full|merged|deduplicated|current|present|code|pr|multi-agent))*\s+(?:review|report|analysis|round|pr|change|changeset|branch|patch|diff)\s+|we\s+|i\s+|there\s+|it\s+)?(?:found|finds|find|has|have|had|contains|contain|lists|list|listed|identified|identifies|identify|raises|raised|surfaced|surfaces|surface|reports|reported|records|recorded|yields|yielded|produced|produces|flags|flagged|are|were|is|counts|counted|comes to|came to|totals|stands at|ends with|closes with|consolidates|consolidated|consolidates to|consolidated to|keeps|kept|retains|retained|leaves|left)(?:\s+(?:a total of|in total|overall|altogether|in all|only|just))?$",
    );
    let leading = re(
        &LEADING,
        r"^(?:across|after|from|overall|altogether|combined|net|together|taken together|in total|in all|all told|all in all|in sum|in summary)\b",
    );
    subject.is_match(l)
        || l.rsplit_once(", ")
            .is_some_and(|(lead, tail)| leading.is_match(lead) && subject.is_match(tail))
}

/// A word of a totals label: `Structure:`, `Totals`, `Findings by severity`, `Befunde`.
fn label_word(w: &str) -> bool {
    const WORDS: &[&str] = &[
        "structure",
        "totals",
        "total",
        "findings",
        "finding",
        "summary",
        "counts",
        "count",
        "result",
        "results",
        "overall",
        "consolidated",
        "final",
        "tally",
        "breakdown",
        "severity",
        "severities",
        "by",
        "in",
        "all",
        "issues",
        "this",
        "the",
        "review",
        "report",
        "round",
        "current",
        "combined",
        "altogether",
        "after",
        "consolidation",
        "deduplication",
        "dedup",
        "verdict",
        "befunde",
        "gesamt",
        "insgesamt",
        "struktur",
        "ergebnis",
        "summe",
        "of",
        "net",
        "bottom",
        "line",
        "tl",
        "dr",
        "at",
        "a",
        "glance",
        "stats",
        "statistics",
        "numbers",
        "scorecard",
    ];
    WORDS.contains(&w) || w.chars().all(|c| c.is_ascii_digit())
}

/// The units sentences are read from: paragraphs with their wrapped lines joined, each list
/// item, table row and heading on its own, and a run of short list items (four words at
/// most: `- Critical: 1`) as one.
fn units(text: &str) -> Vec<String> {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = re(&ITEM, r"^(?:[-*+]|\d{1,3}[.)])\s");
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut short_items = false;
    for line in text.lines() {
        let t = line.trim();
        let is_item = item.is_match(t);
        let short = is_item && t.split_whitespace().count() <= 5;
        let own_line = t.starts_with('|') || t.starts_with('#');
        let joins = !t.is_empty() && !own_line && (!is_item || short && short_items);
        if !joins && !cur.trim().is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        if !joins {
            cur.clear();
        }
        if t.is_empty() {
            short_items = false;
            continue;
        }
        if short && short_items {
            cur.push_str(", ");
            cur.push_str(&t[item.find(t).map_or(0, |m| m.end())..]);
        } else {
            cur.push_str(t);
        }
        cur.push(' ');
        short_items = short;
        if own_line {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur);
    }
    out
}

/// A unit without emphasis markers, its whitespace collapsed.
fn normalise(unit: &str) -> String {
    unit.replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentences of a normalised unit: cut after `.`, `!` or `?` followed by a space,
/// except after a common abbreviation (`e.g.`, `vs.`).
fn sentences(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '!' | '?') || !s[i + 1..].starts_with(' ') {
            continue;
        }
        let word = s[start..i].rsplit(' ').next().unwrap_or("").to_lowercase();
        if matches!(
            word.as_str(),
            "e.g" | "i.e" | "vs" | "etc" | "cf" | "approx" | "no"
        ) {
            continue;
        }
        out.push(&s[start..=i]);
        start = i + 2;
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn word_number(w: &str) -> Option<u32> {
    w.parse().ok().or_else(|| number_word(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(critical: u32, important: u32, suggestion: u32) -> Option<SeverityCounts> {
        Some(SeverityCounts {
            critical,
            important,
            suggestion,
        })
    }

    fn st(text: &str) -> Option<SeverityCounts> {
        stated_counts(text, Some(2))
    }

    #[test]
    fn stated() {
        assert_eq!(
            st("blah. 0 critical, 7 important, 10 suggestions."),
            c(0, 7, 10)
        );
        assert_eq!(
            st("Structure: 3 Important, 9 Suggestions, 0 Critical."),
            c(0, 3, 9)
        );
        assert_eq!(
            st("No critical or important issues.\nStructure: 0 critical,\n0 important, 4 suggestions."),
            c(0, 0, 4)
        );
        assert_eq!(
            st("This review found **0 critical, 3 important, 7 suggestions** across 3 reviewers."),
            c(0, 3, 7)
        );
        assert_eq!(
            st("two critical, three important and one suggestion"),
            c(2, 3, 1)
        );
        assert_eq!(st("one critical bug"), None);
        assert_eq!(
            st("Structure: 0 Critical, 1 Important, 5 Suggestions, 1 design observation."),
            c(0, 1, 5)
        );
        assert_eq!(
            st("It double-counts refunds, so the verdict is rework: 1 critical, 1 important, 2 suggestions."),
            c(1, 1, 2)
        );
        assert_eq!(
            st("In total, we found 1 critical and 2 important issues."),
            c(1, 2, 0)
        );
        assert_eq!(
            st("Findings: 6 (1 critical, 2 important, 3 suggestions)"),
            c(1, 2, 3)
        );
        for (s, want) in [
            ("**Totals:** 0 Critical · 2 Important · 5 Suggestions", c(0, 2, 5)),
            ("Findings: **0 critical**, **2 important**, **5 suggestions**.", c(0, 2, 5)),
            ("The consolidated review has 2 Important findings and 5 Suggestions; no Critical issues.", c(0, 2, 5)),
            ("Overall: 1 critical, 3 important, 4 suggestions (8 total).", c(1, 3, 4)),
            ("This PR has 0 critical, 2 important and 5 suggestions.", c(0, 2, 5)),
            ("Result: 3 findings — 0 critical, 1 important, 2 suggestions.", c(0, 1, 2)),
            ("Findings after consolidation: 0 critical, 2 important, 3 suggestions.", c(0, 2, 3)),
            ("Bottom line: 2 important, 3 suggestions.", c(0, 2, 3)),
            ("Across 3 agents, the review found 0 critical, 1 important, 2 suggestions.", c(0, 1, 2)),
            ("Verdict: Merge with fixes (0 critical, 2 important, 3 suggestions).", c(0, 2, 3)),
            ("Summary of findings: 1 critical, 1 important, 1 suggestion.", c(1, 1, 1)),
            ("Totals (this round): 0 critical, 1 important, 1 suggestion.", c(0, 1, 1)),
            ("This round consolidates 2 important findings and 1 suggestion.", c(0, 2, 1)),
            ("**Findings:** 2 Important (I1, I2), 3 Suggestions (S1–S3)", c(0, 2, 3)),
            ("0 Critical, 2 Important, 3 Suggestions (after dedup across 3 agents).", c(0, 2, 3)),
        ] {
            assert_eq!(st(s), want, "{s}");
        }
    }

    #[test]
    fn compact_and_labelled_totals() {
        assert_eq!(st("Findings (1C/2I/3S)."), c(1, 2, 3));
        assert_eq!(st("1C · 0I · 4S"), c(1, 0, 4));
        assert_eq!(st("Critical: 1, Important: 2, Suggestions: 0"), c(1, 2, 0));
        assert_eq!(
            st("Totals: 2 critical · 3 important · 4 suggestions"),
            c(2, 3, 4)
        );
        assert_eq!(
            st("Totals:\n\n- Critical: 1\n- Important: 2\n- Suggestions: 3\n"),
            c(1, 2, 3)
        );
        assert_eq!(st("built for C/C++ in 3 stages"), None);
    }

    #[test]
    fn rounds() {
        // This round, named by number, in a round-2 report.
        assert_eq!(
            st("Round 2 after the planner rewrite: 0 critical, 2 important, 1 suggestion."),
            c(0, 2, 1)
        );
        assert_eq!(
            st("This round: 0 critical, 2 important, 1 suggestion."),
            c(0, 2, 1)
        );
        assert_eq!(
            stated_counts("Round 2: 0 critical, 2 important, 1 suggestion.", None),
            None
        );
        assert_eq!(
            st("Round 1's two Important findings and three Suggestions all landed."),
            None
        );
        assert_eq!(st("Round 1: 1 critical, 2 important, 0 suggestions."), None);
        assert_eq!(
            st("Across both rounds, 1 critical, 4 important, 2 suggestions."),
            None
        );
    }

    #[test]
    fn sentences_about_something_else_state_nothing() {
        for s in [
            "Codex raised one Important; Claude raised three Important plus seven Suggestions.",
            "Claude: 1 critical, 2 important, 3 suggestions.",
            "Codex-only findings: 2 important, 1 suggestion.",
            "Before consolidation the agents reported 3 critical, 9 important and 14 suggestions.",
            "Raw findings: 2 critical, 8 important, 11 suggestions.",
            "Pre-dedup: 2 critical, 8 important, 11 suggestions.",
            "Pass 1 found 1 critical, 2 important, 3 suggestions.",
            "The agents raised 2 critical, 8 important and 11 suggestions.",
            "Twelve findings, of which 2 critical, 4 important and 6 suggestions.",
            "2 important and 1 critical were downgraded to suggestions.",
            "The previous review found 1 critical, 2 important, 3 suggestions.",
            "Security: 1 critical, 2 important.",
            "Each agent found 1 critical, 2 important, 3 suggestions.",
            "1 critical, 2 important, 3 suggestions were fixed in abc123.",
            "In round 1, the agents found 2 critical, 3 important and 1 suggestion.",
            "Gemini's review (1 critical, 4 important) overlapped heavily.",
            "The three agents produced 12 findings (2 critical, 5 important, 5 suggestions), which consolidate to 1 critical, 3 important and 4 suggestions.",
            "Compared with the last review (2 critical, 3 important), this one found 0 critical, 1 important.",
            "Two agents flagged 1 critical and 2 important each.",
            "The reconciliation moved 2 important to suggestions and 1 critical to important.",
            "Local models contributed 0 critical, 0 important, 2 suggestions.",
            "Round 2 resolves 2 important and 3 suggestions from round 1.",
            "The PR addresses 2 important and 3 suggestions.",
            "Per-agent: 1C/2I/3S, 0C/1I/1S.",
            "Both rounds together: 1 critical, 4 important, 6 suggestions.",
            "In the appendix, Qwen reports 2 critical, 1 important.",
            "If merged as-is, 1 critical and 2 important issues ship.",
            "In the test code, we found 1 important and 2 suggestions.",
        ] {
            assert_eq!(st(s), None, "{s}");
        }
    }

    #[test]
    fn two_sentences_that_disagree_state_nothing() {
        assert_eq!(
            st("0 critical, 1 important, 2 suggestions. Totals: 1 critical, 1 important, 2 suggestions."),
            None
        );
        // A look-alike beside the totals does not hide them.
        assert_eq!(
            st("Round 1's two Important findings and three Suggestions all landed. Codex raised one Important; Claude raised three Important plus seven Suggestions. This review found 0 critical, 1 important and 2 suggestions."),
            c(0, 1, 2)
        );
    }
}
