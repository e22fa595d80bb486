//! Fixes a later report describes without naming the finding: an earlier finding's `Fix:`
//! names code that its problem did not (`Use `path.Dir` instead`), and the later report,
//! outside its own findings, says that code is now used (`Switching `filepath.Dir` to
//! `path.Dir` ...`, `Using `filepath.IsLocal` ...`). Reports often record a fix only so,
//! in their summary, strengths or testing notes. Or the later report retells the earlier
//! finding's title as done: `a CHANGELOG entry now describes the change` for `No CHANGELOG
//! entry for the behaviour change`.

use super::pattern::re;
use super::said::{said, Said};
use super::similar::words;
use crate::model::{Finding, Review, SectionKind};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The earlier findings whose fix `later` describes as done.
pub(super) fn adopted(earlier: &Review, later: &Review) -> HashSet<String> {
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
    let retold: Vec<HashSet<String>> = done
        .into_iter()
        .filter(|c| said(c) == Said::Resolved)
        .map(words)
        .collect();
    let titles: Vec<HashSet<String>> = earlier.findings.iter().map(|e| words(&e.title)).collect();
    earlier
        .findings
        .iter()
        .enumerate()
        .filter(|(k, e)| {
            let names = fix_names(e);
            retells(&retold, *k, &titles, &earlier.findings)
                || !names.is_empty()
                    && clauses.iter().any(|c| {
                        spans(c).any(|span| {
                            names.contains(&span)
                                || qualified(&span).any(|q| names.contains(&q))
                                || span
                                    .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                                    .any(|w| w.len() >= 6 && names.contains(w))
                        })
                    })
        })
        .map(|(_, e)| e.id.clone())
        .collect()
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

/// Whether one of `clauses` (the words of each clause saying something was fixed) retells
/// the title of earlier finding `k` of `all` better than any other's (`titles`, the
/// words of their titles): 2 or more of its words, and at least 3 in 5 of them.
fn retells(
    clauses: &[HashSet<String>],
    k: usize,
    titles: &[HashSet<String>],
    all: &[Finding],
) -> bool {
    let title = &titles[k];
    clauses.iter().any(|said| {
        let shared = said.intersection(title).count();
        let retold = shared >= 2 && shared * 5 >= title.len() * 3;
        retold
            && titles
                .iter()
                .zip(all)
                .filter(|(_, o)| o.id != all[k].id)
                .all(|(t, _)| t.intersection(said).count() < shared)
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
        let later = |body: &str| Review {
            sections: vec![Section {
                kind: SectionKind::Other,
                body: body.into(),
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
}
