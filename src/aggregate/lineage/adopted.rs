//! Fixes a later report describes without naming the finding: an earlier finding's `Fix:`
//! names code that its problem did not (`Use `path.Dir` instead`), and the later report,
//! outside its own findings, says that code is now used (`Switching `filepath.Dir` to
//! `path.Dir` ...`, `Using `filepath.IsLocal` ...`). Reports often record a fix only so,
//! in their summary, strengths or testing notes. Or the later report retells the earlier
//! finding's title as done: `a CHANGELOG entry now describes the change` for `No CHANGELOG
//! entry for the behaviour change`.

use super::pattern::re;
use super::said::{said, Said};
use super::similar::each_word;
use crate::model::{Finding, Review, SectionKind};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The earlier findings whose fix `later` describes as done.
pub(super) fn adopted(earlier: &Review, later: &Review) -> HashSet<String> {
    if earlier.findings.is_empty() {
        return HashSet::new();
    }
    let text = described(later);
    static CLAUSE: OnceLock<Regex> = OnceLock::new();
    // At a full stop or `;` before a space, not at the dots of `a.b` in code.
    let clause = CLAUSE.get_or_init(|| Regex::new(r"[.;!?](?:\s|$)|\n").expect("valid regex"));
    let done: Vec<&str> = clause.split(&text).filter(|c| !partly(c)).collect();
    let clauses: Vec<String> = done
        .iter()
        .filter(|c| says_now_used(c))
        .map(|c| c.to_lowercase())
        .collect();
    let titles = TitleWords::of(&earlier.findings);
    let retold: Vec<Vec<u32>> = match titles.may_be_retold() {
        true => done
            .into_iter()
            .filter(|c| said(c) == Said::Resolved)
            .map(|c| titles.in_clause(c))
            .collect(),
        false => Vec::new(),
    };
    earlier
        .findings
        .iter()
        .enumerate()
        .filter(|(k, e)| {
            retells(&retold, *k, &titles, &earlier.findings)
                || !clauses.is_empty() && {
                    let names = fix_names(e);
                    !names.is_empty()
                        && clauses.iter().any(|c| {
                            spans(c).any(|span| {
                                names.contains(&span)
                                    || qualified(&span).any(|q| names.contains(&q))
                                    || span
                                        .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                                        .any(|w| w.len() >= 6 && names.contains(w))
                            })
                        })
                }
        })
        .map(|(_, e)| e.id.clone())
        .collect()
}

/// The words of the earlier findings' titles ([`words`](super::similar::words)),
/// numbered: each title's as a sorted list of numbers. A clause's words are read as the
/// numbers of the title words among them, the only ones it can share with a title.
struct TitleWords {
    numbers: HashMap<String, u32>,
    titles: Vec<Vec<u32>>,
}

impl TitleWords {
    fn of(findings: &[Finding]) -> TitleWords {
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let titles = findings
            .iter()
            .map(|e| {
                let mut title = Vec::new();
                each_word(&e.title, |w| {
                    let next = numbers.len() as u32;
                    let n = *numbers.entry(w.to_string()).or_insert(next);
                    title.push(n);
                });
                sorted_set(title)
            })
            .collect();
        TitleWords { numbers, titles }
    }

    /// Whether a title has the 2 words a retelling must share with it.
    fn may_be_retold(&self) -> bool {
        self.titles.iter().any(|t| t.len() >= 2)
    }

    /// The title words of `clause`, numbered.
    fn in_clause(&self, clause: &str) -> Vec<u32> {
        let mut out = Vec::new();
        each_word(clause, |w| out.extend(self.numbers.get(w)));
        sorted_set(out)
    }
}

fn sorted_set(mut numbers: Vec<u32>) -> Vec<u32> {
    numbers.sort_unstable();
    numbers.dedup();
    numbers
}

/// How many numbers two sorted sets share.
fn shared(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => (i, j, n) = (i + 1, j + 1, n + 1),
        }
    }
    n
}

/// The later report's own words outside its findings and appendix: preamble, verdict,
/// summary, assessments, strengths, retro.
fn described(r: &Review) -> String {
    let mut out = r.preamble.clone();
    if let Some(v) = r.meta.verdict.as_ref().and_then(|v| v.rationale.as_deref()) {
        out.push('\n');
        out.push_str(v);
    }
    for s in &r.sections {
        if !matches!(s.kind, SectionKind::Findings | SectionKind::Appendix) {
            out.push('\n');
            out.push_str(&s.body);
        }
    }
    out
}

/// Whether a clause says code is now in use (a change made, or the code in place judged
/// sound), not only that it exists.
fn says_now_used(clause: &str) -> bool {
    static NOW: OnceLock<Regex> = OnceLock::new();
    re(&NOW, r"(?i)\b(?:switch(?:es|ed|ing)?|instead of|now|replac(?:e|es|ed|ing)|adopt(?:s|ed)?|moved to|using|uses|added|adds|implements|approach|(?:is|are) (?:simple and )?(?:correct|sound|right))\b")
    .is_match(clause)
}

/// Whether one of `clauses` (the title words of each clause saying something was fixed)
/// retells the title of earlier finding `k` of `all` better than any other's (`titles`):
/// 2 or more of its words, and at least 3 in 5 of them.
fn retells(clauses: &[Vec<u32>], k: usize, titles: &TitleWords, all: &[Finding]) -> bool {
    let title = &titles.titles[k];
    clauses.iter().any(|said| {
        let shared_words = shared(said, title);
        let retold = shared_words >= 2 && shared_words * 5 >= title.len() * 3;
        retold
            && titles
                .titles
                .iter()
                .zip(all)
                .filter(|(_, o)| o.id != all[k].id)
                .all(|(t, _)| shared(t, said) < shared_words)
    })
}

/// Whether a clause says a fix is only partly in place (`but only for the lower bound`).
fn partly(clause: &str) -> bool {
    static PARTLY: OnceLock<Regex> = OnceLock::new();
    re(&PARTLY, r"(?i)\b(?:but only|only (?:for|in|on|half)|partial(?:ly)?|partly|half|not yet|still|except)\b")
        .is_match(clause)
}

/// The code `e`'s fix brings in, lower-cased: the code spans of its `Fix:` and the
/// qualified names (`path.Dir`) of the added lines of its diffs, less what its title,
/// its problem and the removed lines already name.
fn fix_names(e: &Finding) -> HashSet<String> {
    let problem = match e.fix.as_deref() {
        Some(fix) => e.body.split(fix).next().unwrap_or(""),
        None => e.body.as_str(),
    };
    let named = |text: &str| -> HashSet<String> {
        spans(text)
            .flat_map(|s| {
                let mut names: Vec<String> = qualified(&s).collect();
                names.push(s);
                names
            })
            .collect()
    };
    let (mut added, mut kept) = (HashSet::new(), HashSet::new());
    for block in e
        .code_blocks
        .iter()
        .filter(|b| b.lang.as_deref() == Some("diff"))
    {
        for line in block.code.lines() {
            let side = if line.starts_with('+') && !line.starts_with("+++") {
                &mut added
            } else if line.starts_with('-') || line.starts_with(' ') {
                &mut kept
            } else {
                continue;
            };
            side.extend(qualified(&line.to_lowercase()));
            side.extend(coined(line));
        }
    }
    // What the title names, the code the diff removes or keeps, and what the problem
    // names unless the diff brings it in (a problem often proposes its own fix).
    let mut before = named(&e.title);
    before.extend(kept);
    before.extend(named(problem).into_iter().filter(|n| !added.contains(n)));
    let mut brought: HashSet<String> = e.fix.as_deref().map(named).unwrap_or_default();
    brought.extend(added);
    brought
        .into_iter()
        .filter(|s| s.len() >= 4 && !before.contains(s))
        .collect()
}

/// The qualified names of `code` (`path.dir`, `filepath.islocal`), as written.
fn qualified(code: &str) -> impl Iterator<Item = String> + '_ {
    static NAME: OnceLock<Regex> = OnceLock::new();
    re(&NAME, r"\b[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\b")
        .find_iter(code)
        .map(|m| m.as_str().to_string())
}

/// The names a line of code coins that no prose would use by chance: `camelCase` and
/// `snake_case` words of 6 or more characters, lower-cased.
fn coined(line: &str) -> impl Iterator<Item = String> + '_ {
    line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| {
            w.len() >= 6
                && (w.contains('_')
                    || (w.chars().next().is_some_and(char::is_lowercase)
                        && w.chars().any(char::is_uppercase)))
        })
        .map(str::to_lowercase)
}

/// The code spans of `text`, lower-cased, `()` trimmed.
fn spans(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.contains('\n') && s.len() <= 60)
        .map(|s| s.trim().trim_end_matches("()").to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Section;

    /// A later report whose only words outside its findings are `body`.
    fn later(body: &str) -> Review {
        Review {
            sections: vec![Section {
                kind: SectionKind::Other,
                body: body.into(),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_fix_described_as_done_is_found_and_a_mention_is_not() {
        let earlier = Review {
            findings: vec![Finding {
                id: "I2".into(),
                title: "`filepath.Dir` on a guest path".into(),
                body: "`filepath.Dir` converts slashes.\n\nFix: use `path.Dir` instead.".into(),
                fix: Some("Fix: use `path.Dir` instead.".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        let got = adopted(
            &earlier,
            &later("- Switching `filepath.Dir` to `path.Dir` is right."),
        );
        assert!(got.contains("I2"));
        // Named without a change, or only the problem's code: nothing said.
        assert!(adopted(&earlier, &later("`path.Dir` is POSIX.")).is_empty());
        assert!(adopted(&earlier, &later("It now calls `filepath.Dir`.")).is_empty());
    }

    #[test]
    fn a_title_retold_as_done_is_found_unless_another_title_fits_as_well() {
        let finding = |id: &str, title: &str| Finding {
            id: id.into(),
            title: title.into(),
            ..Default::default()
        };
        let earlier = Review {
            findings: vec![
                finding("S1", "No CHANGELOG entry for the behaviour change"),
                finding("S2", "Retry loop sleeps without jitter"),
            ],
            ..Default::default()
        };
        let got = adopted(
            &earlier,
            &later("A CHANGELOG entry now describes the behaviour change."),
        );
        assert_eq!(got, HashSet::from(["S1".to_string()]));
        // Said without saying it was done: nothing.
        assert!(adopted(
            &earlier,
            &later("The CHANGELOG entry describes the behaviour change.")
        )
        .is_empty());
        // Two titles that fit the clause as well: neither is taken.
        let twins = Review {
            findings: vec![
                finding("S1", "CHANGELOG entry missing"),
                finding("S2", "CHANGELOG entry stale"),
            ],
            ..Default::default()
        };
        assert!(adopted(&twins, &later("The CHANGELOG entry was added.")).is_empty());
    }
}
