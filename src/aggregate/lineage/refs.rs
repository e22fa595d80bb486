//! References to the findings of the round before in a later report's text: an id with a
//! round (`round 1 S7`, `Round 1's I2`, `R1-I2`, `I2 (round 1)`, `S1–S6` after a round),
//! an id after "prior / previous / earlier / last round" or "review", and a position
//! (`issue #3 in the prior review`: the third finding of that round). Each reference
//! comes with where it stands (in a finding of the later report, or elsewhere) and what
//! its sentence says of the earlier finding.

use super::context::{clauses, names_prior};
use super::pattern::re;
use super::said::{said, says_caused, sentences, Said};
use crate::model::Review;
use regex::Regex;
use std::sync::OnceLock;

/// One reference to a finding of the round before.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Ref {
    /// The earlier finding's id.
    pub earlier: String,
    /// The later finding it belongs to: the one whose head or body holds it, or the one
    /// its clause maps it to (`re-raised this round as C1`, a table's this-round column);
    /// `None` elsewhere (summary, verdict, other sections).
    pub in_finding: Option<String>,
    pub said: Said,
}

/// Every reference `later` makes to a finding of `earlier` (the round before; its round
/// number `round`), and what the later report says of all the earlier findings at once
/// (`All round 2 findings were fixed`), if it does.
pub(super) fn references(earlier: &Review, later: &Review, round: u32) -> (Vec<Ref>, Option<Said>) {
    let ids: Vec<&str> = earlier.findings.iter().map(|f| f.id.as_str()).collect();
    let later_ids: Vec<&str> = later.findings.iter().map(|f| f.id.as_str()).collect();
    let mut out = Vec::new();
    let mut all = None;
    let mut scan = |text: &str, in_finding: Option<&str>, heading: &str| {
        let (prior, heading_said) = (names_prior(heading, round), said(heading));
        let mut previous: Vec<String> = Vec::new();
        for clause in clauses(text, round, prior, heading_said) {
            // `**C1**`, `` `I2` ``, `[S3](#S3)`: the id without its markup.
            let plain = without_markup(&clause.text);
            let sentence = &*plain;
            // Every id, position and mapping has a digit: a clause without one can only
            // speak of all the earlier findings at once.
            if !has_digit(sentence) && !has_digit(&clause.later) {
                previous.clear();
                if in_finding.is_none() && all.is_none() {
                    all = all_said(sentence, round);
                }
                continue;
            }
            let (maps_to, rest) = maps_to(sentence, &clause.later, &later_ids);
            let mut named = ids_in(&rest, round, &ids);
            if clause.prior {
                named.extend(bare(&without_other_rounds(&rest), &ids));
            }
            // `Round 3 I1 — no change; re-raised this round as I2`: the mapping stands
            // in the clause after the one naming the earlier finding.
            if named.is_empty() && !maps_to.is_empty() && previous.len() == 1 {
                named = previous.clone();
            }
            // A later finding saying which earlier one it was: that one continues.
            if let Some(f) = in_finding {
                for id in former(&rest, &ids) {
                    named.retain(|n| *n != id);
                    out.push(Ref {
                        earlier: id,
                        in_finding: Some(f.to_string()),
                        said: Said::Open,
                    });
                }
            }
            named.dedup();
            // A status cell leads with its word (`Fixed in abc. Note: …unchanged…`).
            let status = clause
                .status
                .as_deref()
                .map(|s| sentences(s).next().unwrap_or(s));
            let said = match named.is_empty() {
                true => Said::Nothing,
                false => match said(status.unwrap_or(sentence)) {
                    Said::Nothing => clause.said,
                    s => s,
                },
            };
            let target = |k: usize| match maps_to.len() {
                0 => in_finding.map(str::to_string),
                1 => Some(maps_to[0].clone()),
                n if n == named.len() => Some(maps_to[k].clone()),
                _ => None,
            };
            for (k, id) in named.iter().enumerate() {
                if !out
                    .iter()
                    .any(|r: &Ref| r.earlier == *id && r.in_finding == target(k) && r.said == said)
                {
                    out.push(Ref {
                        earlier: id.clone(),
                        in_finding: target(k),
                        said,
                    });
                }
            }
            previous = named.clone();
            for id in fixed_by_position(sentence, &ids) {
                out.push(Ref {
                    earlier: id,
                    in_finding: None,
                    said: Said::Resolved,
                });
            }
            if in_finding.is_none() && named.is_empty() && all.is_none() {
                all = all_said(sentence, round);
            }
        }
    };
    for f in &later.findings {
        scan(&format!("{}\n{}", f.head, f.body), Some(&f.id), "");
    }
    if let Some(v) = &later.meta.verdict {
        scan(v.rationale.as_deref().unwrap_or(""), None, "");
    }
    scan(&later.preamble, None, "");
    for s in &later.sections {
        if s.kind != crate::model::SectionKind::Findings
            && s.kind != crate::model::SectionKind::Appendix
        {
            scan(&s.body, None, &s.title);
        }
    }
    (out, all)
}

/// `text` without the markup around ids (`**C1**`, `` `I2` ``, `[S3](#S3)`); borrowed
/// when it has none.
fn without_markup(text: &str) -> std::borrow::Cow<'_, str> {
    const MARKUP: [char; 4] = ['*', '`', '[', ']'];
    match text.contains(MARKUP) {
        true => text.replace(MARKUP, "").into(),
        false => text.into(),
    }
}

/// Whether `text` has a digit (any the regexes' `\d` matches, and more).
fn has_digit(text: &str) -> bool {
    text.chars().any(char::is_numeric)
}

/// The later findings `sentence` maps the earlier ids it names to (`re-raised this round
/// as C1`, `see I2`, `downgraded to S1`, `→ I1`), with a table row's this-round cell
/// (`later_cell`); and the sentence without those words, for the earlier ids.
fn maps_to(sentence: &str, later_cell: &str, later_ids: &[&str]) -> (Vec<String>, String) {
    static AS: OnceLock<Regex> = OnceLock::new();
    let as_ = re(
        &AS,
        r"(?i)(?:\b(?:re-?raised|carried|continues|tracked|reappears|returns)[^.;]{0,30}?\bas|\b(?:now|see(?: finding)?|(?:down|up|re)-?graded to|became|becomes|merged into)|→|->|=>)\s+(?:this round's\s+|finding\s+)?(?-i:([A-Z]\d{1,3}))\b",
    );
    let mut out: Vec<String> = bare(later_cell, later_ids);
    let mut rest = sentence.to_string();
    for c in as_.captures_iter(sentence) {
        let id = &c[1];
        if later_ids.contains(&id) && !out.iter().any(|o| o == id) {
            out.push(id.to_string());
        }
        rest = rest.replacen(&c[0], " ", 1);
    }
    (out, rest)
}

/// `text` without the ids it qualifies with a round (`round 3 I1`, `R3-I1`, `I1 (round
/// 3)`): those are read with their round, never as bare ids of the round before.
fn without_other_rounds(text: &str) -> String {
    static QUALIFIED: OnceLock<Regex> = OnceLock::new();
    re(
        &QUALIFIED,
        r"(?i)\b(?:round[\s-]*\d+|r\d+)(?:'s)?[\s-]+(?-i:[A-Z]\d{1,3})\b|\b(?-i:[A-Z]\d{1,3})\s*(?:\(\s*|\s+(?:from|of|in)\s+)round[\s-]*\d+",
    )
    .replace_all(text, " ")
    .into_owned()
}

/// The ids of `ids` named bare in `text` (`I3`, not `I3a` or `PR3`).
fn bare(text: &str, ids: &[&str]) -> Vec<String> {
    static BARE: OnceLock<Regex> = OnceLock::new();
    let bare = re(&BARE, r"\b([A-Z]\d{1,3})\b");
    let mut out: Vec<String> = Vec::new();
    for c in bare.captures_iter(text) {
        if ids.contains(&&c[1]) && !out.iter().any(|o| o == &c[1]) {
            out.push(c[1].to_string());
        }
    }
    out
}

/// The earlier ids a later finding says it was (`(was I2)`, `previously I3`, `formerly
/// S1`, `previously flagged as I2`).
fn former(text: &str, ids: &[&str]) -> Vec<String> {
    static WAS: OnceLock<Regex> = OnceLock::new();
    let was = re(
        &WAS,
        r"(?i)\b(?:was|previously|formerly|originally)(?:\s+(?:flagged|raised|reported|listed|tracked|numbered|filed))?(?:\s+as)?\s+(?-i:([A-Z]\d{1,3}))\b",
    );
    was.captures_iter(text)
        .map(|c| c[1].to_string())
        .filter(|id| ids.contains(&id.as_str()))
        .collect()
}

/// What a sentence says of every finding of the round before at once (`All round 2
/// findings have been fixed`, `every prior finding was addressed`, `every earlier finding
/// is fixed or declined`), if it speaks of them all, not of `none of` or `not all` of
/// them, and says they were fixed, declined or left open (not only `verified`).
fn all_said(sentence: &str, round: u32) -> Option<Said> {
    static ALL: OnceLock<Regex> = OnceLock::new();
    static NOT_ALL: OnceLock<Regex> = OnceLock::new();
    static FIXED: OnceLock<Regex> = OnceLock::new();
    let all = re(
        &ALL,
        r"(?i)\b(?:all|every|each)\b(?:\s+(?:of\s+)?(?:the\s+)?(?:other|remaining|open))?\s+(?:(?:(?:prior|previous|earlier|last)(?:\s+(?:round|review))?(?:'s)?|round[\s-]*(\d+)(?:'s)?)\s+(?:findings?|issues?|items?|concerns?)\b|(?:findings?|issues?|items?|concerns?)\s+(?:from|of|in|raised in)\s+(?:the\s+)?(?:(?:prior|previous|earlier|last)\s+(?:round|review)|round[\s-]*(\d+))\b)",
    );
    let not_all = re(&NOT_ALL, r"(?i)\b(?:not all|none of|not every)\b");
    let fixed = re(
        &FIXED,
        r"(?i)\b(?:fixed|addressed|resolved|landed|closed|applied)\b",
    );
    let speaks = all.captures(sentence).is_some_and(|c| {
        c.get(1)
            .or(c.get(2))
            .is_none_or(|m| m.as_str().parse::<u32>().ok() == Some(round))
    }) && !not_all.is_match(sentence);
    if !speaks {
        return None;
    }
    match said(sentence) {
        Said::Open => Some(Said::Open),
        _ if fixed.is_match(sentence) => Some(Said::Resolved),
        Said::Declined => Some(Said::Declined),
        _ => None,
    }
}

/// The ids of `ids` (the round before's, whose number is `round`) that `sentence` names
/// as that round's.
fn ids_in(sentence: &str, round: u32, ids: &[&str]) -> Vec<String> {
    static ROUND_FIRST: OnceLock<Regex> = OnceLock::new();
    static ID_FIRST: OnceLock<Regex> = OnceLock::new();
    static PRIOR: OnceLock<Regex> = OnceLock::new();
    static PRIOR_AFTER: OnceLock<Regex> = OnceLock::new();
    static POSITION: OnceLock<Regex> = OnceLock::new();
    let mut out: Vec<String> = Vec::new();
    if !may_name_a_round(sentence) {
        return out;
    }
    let mut add = |id: &str| {
        let id = id.to_ascii_uppercase();
        if ids.contains(&id.as_str()) && !out.contains(&id) {
            out.push(id);
        }
    };
    // `round 1 S7`, `Round 1's I2`, `R1-I2`, `round-1 suggestions S1–S6`.
    let round_first = re(
        &ROUND_FIRST,
        r"(?i)\b(?:round[\s-]*(\d+)|r(\d+))(?:'s)?[\s-]+(?:(?:critical|important|suggestion)s?\s+)?((?:[CIS]\d+)(?:\s*(?:[-–—]|to|\.\.)\s*[CIS]?\d+)?(?:\s*(?:,|and|&|/)\s*[CIS]\d+(?:\s*[-–—]\s*[CIS]?\d+)?)*)\b",
    );
    for c in round_first.captures_iter(sentence) {
        let n = c
            .get(1)
            .or(c.get(2))
            .and_then(|m| m.as_str().parse::<u32>().ok());
        if n == Some(round) {
            for id in expand(&c[3]) {
                add(&id);
            }
        }
    }
    // `I2 (round 1)`, `S3 from round 1`, `I2 of round 1`.
    let id_first = re(
        &ID_FIRST,
        r"(?i)\b([CIS]\d+)\s*(?:\(\s*|\s+(?:from|of|in)\s+)round[\s-]*(\d+)",
    );
    for c in id_first.captures_iter(sentence) {
        if c[2].parse::<u32>().ok() == Some(round) {
            add(&c[1]);
        }
    }
    // `prior round's I2`, `the previous review's S1-S3`.
    let prior = re(
        &PRIOR,
        r"(?i)\b(?:prior|previous|earlier|last|first)\s+(?:round|review|pass)(?:'s)?\s+(?:(?:critical|important|suggestion)s?\s+)?((?:[CIS]\d+)(?:\s*[-–—]\s*[CIS]?\d+)?(?:\s*(?:,|and|&|/)\s*[CIS]\d+)*)\b",
    );
    for c in prior.captures_iter(sentence) {
        for id in expand(&c[1]) {
            add(&id);
        }
    }
    // `I2 from the prior round`, `S1 in the previous review`.
    let prior_after = re(
        &PRIOR_AFTER,
        r"(?i)\b([CIS]\d+)\s+(?:from|of|in)\s+the\s+(?:prior|previous|earlier|last|first)\s+(?:round|review)",
    );
    for c in prior_after.captures_iter(sentence) {
        add(&c[1]);
    }
    // `Prior review issue #3`: the third finding of that round.
    static PRIOR_POSITION: OnceLock<Regex> = OnceLock::new();
    let prior_position = re(
        &PRIOR_POSITION,
        r"(?i)\b(?:prior|previous|earlier|last|first)\s+(?:round|review)(?:'s)?\s+(?:issues?|findings?|items?)\s*#?\s*(\d+)",
    );
    for c in prior_position.captures_iter(sentence) {
        if let Some(id) = c[1]
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| ids.get(i))
        {
            add(id);
        }
    }
    // `issue #3 in the prior review`: the third finding of that round.
    let position = re(
        &POSITION,
        r"(?i)\b(?:issues?|findings?|items?)\s*#?\s*(\d+(?:\s*(?:,|and|&)\s*#?\d+)*)\s+(?:in|of|from)\s+the\s+(?:prior|previous|earlier|last|first)\s+(?:round|review)",
    );
    for c in position.captures_iter(sentence) {
        for n in c[1]
            .split(|ch: char| !ch.is_ascii_digit())
            .filter_map(|d| d.parse::<usize>().ok())
        {
            if let Some(id) = n.checked_sub(1).and_then(|i| ids.get(i)) {
                add(id);
            }
        }
    }
    out
}

/// Whether `sentence` could hold a reference [`ids_in`] reads: each of its forms names a
/// round, a review or a pass (`round 1 S7`, `R1-I2`, `the prior review's I2`, `issue #3
/// in the previous review`). One quick pattern that most clauses fail, before the six.
fn may_name_a_round(sentence: &str) -> bool {
    static WORDS: OnceLock<Regex> = OnceLock::new();
    re(&WORDS, r"(?i)round|review|pass|\br\d").is_match(sentence)
}

/// Findings of the round before named by their position in a clause about that review
/// that says they were taken up: `the author acknowledged issues 1, 2, and 4` (after
/// `Prior review issue #3: ...`). "Acknowledged" next to a prior review's numbered issues
/// reads as taken up; the issue numbers are positions in that round's list.
fn fixed_by_position(sentence: &str, ids: &[&str]) -> Vec<String> {
    static LIST: OnceLock<Regex> = OnceLock::new();
    static PRIOR: OnceLock<Regex> = OnceLock::new();
    let prior = re(
        &PRIOR,
        r"(?i)\b(?:prior|previous|earlier|last|first)\s+(?:round|review)\b",
    );
    if !prior.is_match(sentence) {
        return Vec::new();
    }
    let list = re(
        &LIST,
        r"(?i)\b(?:acknowledged|addressed|fixed|resolved|applied)\s+(?:issues?|findings?|items?)\s*#?(\d+(?:\s*,\s*#?\d+)*(?:,?\s*and\s*#?\d+)?)",
    );
    list.captures_iter(sentence)
        .flat_map(|c| {
            c[1].split(|ch: char| !ch.is_ascii_digit())
                .filter_map(|d| d.parse::<usize>().ok())
                .filter_map(|n| n.checked_sub(1).and_then(|i| ids.get(i)))
                .map(|id| id.to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What a later finding says of its own history, without naming an earlier finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Claim {
    /// `Previously flagged`, `still unaddressed`, `re-raised`, `carried over`.
    Continues,
    /// `New this round`, `(new)`, a defect the fix brought in.
    New,
    Nothing,
}

/// What `f` (a later finding) says of its own history.
pub(super) fn claim(f: &crate::model::Finding) -> Claim {
    static NEW: OnceLock<Regex> = OnceLock::new();
    static CONTINUES: OnceLock<Regex> = OnceLock::new();
    let new = re(
        &NEW,
        r"(?i)\bnew (?:this round|in this round|in round \d+|since (?:the )?(?:last|prior|previous) (?:round|review))\b|\((?:new|new this round)\)|^\W*new\b\W",
    );
    let continues = re(
        &CONTINUES,
        r"(?i)\b(?:previously (?:flagged|raised|reported|noted|identified)|re-?raised|carried (?:over|forward)|still (?:unaddressed|unfixed|open|present|not (?:fixed|addressed))|persists from|unaddressed from|same (?:issue|finding) as (?:the )?(?:prior|previous|last))\b",
    );
    let text = format!("{}\n{}", f.head, f.body);
    static AGAIN: OnceLock<Regex> = OnceLock::new();
    let again = re(
        &AGAIN,
        r"(?i)\b(?:still|again|remains?|persists?|unchanged|re-?raised)\b",
    );
    if new.is_match(&f.title) || new.is_match(&text) || says_caused(&text) {
        Claim::New
    } else if continues.is_match(&text) || again.is_match(&f.title) {
        Claim::Continues
    } else {
        Claim::Nothing
    }
}

/// The ids a list like `S1–S6, I2` names, ranges expanded (`S1–S3` -> S1, S2, S3).
fn expand(list: &str) -> Vec<String> {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = re(
        &ITEM,
        r"(?i)([CIS])(\d+)(?:\s*(?:[-–—]|to|\.\.)\s*[CIS]?(\d+))?",
    );
    let mut out = Vec::new();
    for c in item.captures_iter(list) {
        let letter = c[1].to_ascii_uppercase();
        let from: u32 = c[2].parse().unwrap_or(0);
        let to: u32 = c
            .get(3)
            .and_then(|m| m.as_str().parse().ok())
            .unwrap_or(from);
        if to >= from && to - from <= 50 {
            out.extend((from..=to).map(|n| format!("{letter}{n}")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDS: [&str; 6] = ["C1", "I1", "I2", "S1", "S2", "S7"];

    fn got(s: &str) -> Vec<String> {
        ids_in(s, 1, &IDS)
    }

    #[test]
    fn ids_with_their_round_are_found_and_others_are_not() {
        assert_eq!(got("Carried over from round 1 S7 (Skipped)."), ["S7"]);
        assert_eq!(got("Round 1's I2 was fixed in abc."), ["I2"]);
        assert_eq!(got("R1-I2 is open"), ["I2"]);
        assert_eq!(got("I2 (round 1) persists"), ["I2"]);
        assert_eq!(
            got("every Round 1 suggestion S1–S2 is addressed"),
            ["S1", "S2"]
        );
        assert_eq!(got("the prior round's C1 was fixed"), ["C1"]);
        assert_eq!(got("S1 from the previous review"), ["S1"]);
        assert_eq!(got("issue #3 in the prior review was addressed"), ["I2"]);
        assert_eq!(got("Prior review issue #3 (tests): not addressed"), ["I2"]);
        assert_eq!(
            fixed_by_position(
                "Prior review issue #3: the author acknowledged issues 1, 2, and 4 but not #3",
                &IDS
            ),
            ["C1", "I1", "S1"]
        );
        assert!(fixed_by_position("the author acknowledged issues 1 and 2", &IDS).is_empty());
        // Another round, or an id with no round: not the round before's.
        assert!(got("round 2 I2 and S1 are new").is_empty());
        assert!(got("I2 is a regression").is_empty());
        assert!(got("round 1 I9 is not a finding of round 1").is_empty());
    }

    #[test]
    fn ids_in_markup_are_read() {
        let earlier = Review {
            findings: ["C1", "C2", "I1"]
                .iter()
                .map(|id| crate::model::Finding {
                    id: id.to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
        let later = Review {
            preamble: "The fix for round 1 **C2** landed; (`C1` of round 1) is open.".into(),
            ..Default::default()
        };
        let (refs, _) = references(&earlier, &later, 1);
        let got: Vec<(&str, Said)> = refs.iter().map(|r| (r.earlier.as_str(), r.said)).collect();
        assert_eq!(got, [("C2", Said::Resolved), ("C1", Said::Open)]);
    }

    #[test]
    fn sentences_say_what_became_of_them() {
        assert_eq!(said("Round 1's I2 was fixed in abc"), Said::Resolved);
        assert_eq!(said("round 1 S7 unaddressed"), Said::Open);
        assert_eq!(said("S1 is still not fixed"), Said::Open);
        assert_eq!(said("S3 was deferred to a follow-up"), Said::Declined);
        assert_eq!(said("see round 1 I2"), Said::Nothing);
        assert_eq!(
            said("`83eaa516` clips the slice (C1 of round 1)"),
            Said::Resolved
        );
        assert_eq!(said("C1 of round 1 is still there at 83eaa516"), Said::Open);
    }

    #[test]
    fn later_ids_a_clause_maps_to_are_read_apart_from_the_earlier_ones() {
        let later = ["C1", "I1", "S1"];
        let (to, rest) = maps_to("Round 2's I1 is re-raised this round as C1", "", &later);
        assert_eq!(to, ["C1"]);
        assert!(!rest.contains("C1") && rest.contains("I1"));
        assert_eq!(maps_to("not addressed. See I1.", "", &later).0, ["I1"]);
        assert_eq!(maps_to("I3 | Not addressed", "I1", &later).0, ["I1"]);
        assert_eq!(maps_to("downgraded to S1", "", &later).0, ["S1"]);
        // An id this round does not have, or no mapping word: nothing.
        assert!(maps_to("re-raised as I9", "", &later).0.is_empty());
        assert!(maps_to("I1 and C1 both touch it", "—", &later).0.is_empty());
    }

    #[test]
    fn a_finding_naming_what_it_was_and_blanket_statements_are_read() {
        assert_eq!(former("(was I2) Sorting fixed it", &IDS), ["I2"]);
        assert_eq!(former("Previously flagged as S7.", &IDS), ["S7"]);
        assert!(former("I2 was wrong", &IDS).is_empty());
        let resolved = Some(Said::Resolved);
        assert_eq!(
            all_said("All round 1 findings have been fixed", 1),
            resolved
        );
        assert_eq!(all_said("every prior finding was addressed", 1), resolved);
        assert_eq!(
            all_said("All other round 1 issues were addressed", 1),
            resolved
        );
        assert_eq!(
            all_said("Every earlier finding is fixed or declined", 1),
            resolved
        );
        assert_eq!(
            all_said("All prior findings were declined", 1),
            Some(Said::Declined)
        );
        assert_eq!(all_said("All round 2 findings are fixed", 1), None);
        assert_eq!(
            all_said("All remaining items from round 1 have been addressed", 1),
            resolved
        );
        assert_eq!(all_said("Not all prior findings were addressed", 1), None);
        assert_eq!(
            all_said("Claude verified each round-1 finding first", 1),
            None
        );
        assert_eq!(all_said("All tests pass", 1), None);
    }

    #[test]
    fn a_fix_that_brought_in_a_finding_and_a_findings_own_history_are_told_apart() {
        assert_eq!(said("Introduced by the fix for round 1 I1"), Said::Caused);
        assert_eq!(said("I2 partially fixed"), Said::Open);
        assert_eq!(said("| S1 | ✅ |"), Said::Resolved);
        assert_eq!(said("S2: accepted as a known limitation"), Said::Declined);
        assert_eq!(
            said("R2 C1 is fixed: NaN input is rejected"),
            Said::Resolved
        );
        assert_eq!(said("Skipped"), Said::Declined);
        assert_eq!(
            said("acknowledged issues 1 and 2 but did not address #3"),
            Said::Open
        );
        let f = |title: &str, body: &str| crate::model::Finding {
            title: title.into(),
            body: body.into(),
            ..Default::default()
        };
        assert_eq!(
            claim(&f("Timeout", "Previously flagged; still there.")),
            Claim::Continues
        );
        assert_eq!(
            claim(&f("Interval", "New this round: runs every minute.")),
            Claim::New
        );
        assert_eq!(
            claim(&f("Leak", "Introduced by the fix for I1.")),
            Claim::New
        );
        assert_eq!(
            claim(&f("Leak", "The buffer is never freed.")),
            Claim::Nothing
        );
    }
}
