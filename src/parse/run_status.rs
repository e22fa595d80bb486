//! Whether an agent's run produced anything: the one rule for every place a report says so.
//!
//! - A metrics table's status row (`Status`, `State`, `Outcome`, `Result` or `Run`):
//!   [`run_status`], read by the metrics normaliser (a failed run that reports no findings
//!   produced no output) and by the review page (which colours the cell).
//! - Any metrics cell that says the agent produced nothing (`~25m (empty)`, `no output`):
//!   [`says_no_output`]; a Findings cell that says the run failed instead of giving a count
//!   (`empty output`, `none (timeout)`, `— (failed)`): [`is_no_output_cell`].
//! - A note beside a name in the Reviewers row (`produced no output — quota exhausted`,
//!   `(effort: default — dropped, quota)`, `(failed: timeout)`, `— empty output`):
//!   [`note_status`].
//! - An agent's retro prose (`produced no output`, `returned an empty review`, `Gemini timed
//!   out`): [`prose_says_no_output`].
//!
//! Every rule reads text as plain, lower-cased words, and phrases only at word boundaries.
//! Text that names one pass or attempt (`pass 2 timed out`, `first attempt empty`, `on
//! retry`) says nothing about the run as a whole, unless it says every attempt failed
//! (`on either attempt`, `both passes`, `again`): an agent whose later pass failed after an
//! earlier one succeeded (or the reverse) is not failed. A clean zero (`no findings`, `0
//! findings`, `found nothing to flag`) is never a failure, and a failure word after `no`,
//! `not`, `without`, `never` or `zero` (`no timeouts`) does not count.

use crate::model::AgentStatus;
use crate::text::plain::plain_text;
use aho_corasick::AhoCorasick;
use std::sync::OnceLock;

/// What a status row's cell says about the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunStatus {
    /// The run failed: `failed`, `error`, `timeout` / `timed out`, `crashed`, `aborted`.
    Failed,
    /// The run came back empty (and the cell names no failure).
    Empty,
    /// The run succeeded: the whole cell is `ok`, `success`, `succeeded`, `done`, `passed`
    /// or `✓`.
    Ok,
    /// Anything else, and a cell about one pass or attempt (`pass 2 timed out`).
    Unknown,
}

/// Whether a row label names the run's status: `Status`, `State`, `Outcome`, `Result`, `Run`.
pub(crate) fn is_status_label(label: &str) -> bool {
    let l = plain_text(label).to_lowercase();
    matches!(l.trim(), "status" | "state" | "outcome" | "result" | "run")
}

/// What a status row's cell says about the run.
pub(crate) fn run_status(cell: &str) -> RunStatus {
    let c = plain_text(cell).to_lowercase();
    let failed = ["fail", "error", "timeout", "timed out", "crash", "abort"];
    if names_one_attempt(&c) {
        RunStatus::Unknown
    } else if failed.iter().any(|w| c.contains(w)) {
        RunStatus::Failed
    } else if c.contains("empty") {
        RunStatus::Empty
    } else if matches!(
        c.trim(),
        "ok" | "success" | "succeeded" | "done" | "passed" | "✓"
    ) {
        RunStatus::Ok
    } else {
        RunStatus::Unknown
    }
}

/// Whether a cell (of any row) marks an agent that produced nothing: `~25m (empty)`,
/// `no output`.
pub(crate) fn says_no_output(cell: &str) -> bool {
    let l = cell.to_lowercase();
    l.contains("(empty)")
        || l.contains("no output")
        || l.contains("empty output")
        || l.contains("no usable output")
}

/// Whether a Findings (or Totals) cell says the run produced nothing rather than giving a
/// count: it states no count above zero, and says the run failed or came back empty
/// (`empty output`, `none (timeout)`, `— (failed)`, `0 (quota)`, `n/a — no output`). The
/// metrics normaliser treats such a column as a failed run.
pub(crate) fn is_no_output_cell(cell: &str) -> bool {
    let l = plain_text(cell).to_lowercase();
    if l.chars().any(|c| c.is_ascii_digit() && c != '0') {
        return false;
    }
    (!names_one_attempt(&l) && status_in(&l, false).is_some()) || has_phrase(&l, "quota")
}

/// Phrases that say an agent produced nothing (in a Reviewers note or a cell).
const EMPTY_NOTES: &[&str] = &[
    "no output",
    "no usable output",
    "empty output",
    "empty response",
    "empty review",
    "no response",
    "no review",
    "empty",
];

/// Phrases that say an agent's run failed (in a Reviewers note or a cell).
const FAILED_NOTES: &[&str] = &[
    "failed",
    "failure",
    "errored",
    "timeout",
    "timed out",
    "time out",
    "timed-out",
    "crashed",
    "aborted",
    "did not run",
    "didn't run",
    "not run",
    "unavailable",
    "cancelled",
    "canceled",
    "did not finish",
    "didn't finish",
    "did not complete",
    "didn't complete",
];

/// Words that say an agent's run failed only when nothing but punctuation or a reason
/// (`after`, `due`, `for`...) follows: `(error: 429)`, but not `(error-handling focus)`.
const FAILED_WORDS: &[&str] = &["fail", "error", "crash", "killed"];

/// [`FAILED_WORDS`] that say so of an agent (a Reviewers note: `(dropped, quota)`, not
/// `(skipped git blame)`) but in a Findings cell are about findings (`none (all dropped)`).
const AGENT_FAILED_WORDS: &[&str] = &["dropped", "skipped", "excluded"];

/// Words that may follow a [`FAILED_WORDS`] word: the reason or the moment.
const REASON_WORDS: &[&str] = &[
    "after",
    "due",
    "because",
    "for",
    "on",
    "at",
    "by",
    "when",
    "following",
    "from",
    "as",
    "in",
    "mid",
    "with",
];

/// What a note beside an agent's name in the Reviewers row (a parenthetical, the text
/// after a dash, or the words after the name) says about its run: `Some(Empty)` for
/// `produced no output`, `empty output`; `Some(Failed)` for `failed: timeout`, `dropped,
/// quota`, `timed out`; `None` when it names no failure, or one pass or attempt only
/// (`pass 2 timed out`, `first attempt empty, retry ok`).
pub(crate) fn note_status(note: &str) -> Option<AgentStatus> {
    let l = plain_text(note).to_lowercase();
    if names_one_attempt(&l) {
        return None;
    }
    status_in(&l, true)
}

/// The run status lower-cased text states; `of_agent`: the text is about the agent (a
/// Reviewers note), so [`AGENT_FAILED_WORDS`] count too.
fn status_in(l: &str, of_agent: bool) -> Option<AgentStatus> {
    let word = |w: &&str| has_standalone_word(l, w);
    if EMPTY_NOTES.iter().any(|p| has_phrase(l, p)) {
        Some(AgentStatus::Empty)
    } else if FAILED_NOTES.iter().any(|p| has_phrase(l, p))
        || FAILED_WORDS.iter().any(word)
        || (of_agent && AGENT_FAILED_WORDS.iter().any(word))
    {
        Some(AgentStatus::Failed)
    } else {
        None
    }
}

/// Phrases of retro prose that say an agent produced nothing usable.
const NO_OUTPUT_PROSE: &[&str] = &[
    "produced no output",
    "no usable output",
    "no output",
    "empty output",
    "empty response",
    "empty review",
    "effectively empty",
    "landed empty",
    "came back empty",
    "returned empty",
    "returned an empty",
    "non-conforming",
    "nonconforming",
    "failed the format check",
    "format failure",
    "effective failure",
    "treated as failed",
];

/// Verbs of retro prose that say the run failed when the agent (or its run) is their
/// subject: `Gemini timed out`, `it crashed`, `Timed out after 20 minutes.`; not `two
/// Bash calls timed out`.
const RUN_VERBS: &[&str] = &[
    "timed out",
    "crashed",
    "errored out",
    "hit the timeout",
    "hit its timeout",
    "hit a timeout",
    "ran out of time",
];

/// Words that may stand before a run verb as its subject (besides the agent's own name).
const RUN_SUBJECTS: &[&str] = &[
    "it", "run", "review", "agent", "model", "session", "process", "job", "and", "then", "which",
    "also", "again", "but", "pass", "passes", "attempts",
];

/// Whether an agent's retro prose says it produced nothing usable: a sentence with a
/// no-output phrase, or a run verb whose subject is the agent (named by `label`, e.g.
/// `[Gemini]`, or `family`), that does not limit itself to one pass or attempt.
pub(crate) fn prose_says_no_output(text: &str, label: &str, family: &str) -> bool {
    let lower = text.to_lowercase().replace('\n', " ");
    if !may_say_no_output(&lower) {
        return false;
    }
    let mut names: Vec<String> = label
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    names.push(family.to_lowercase());
    sentences(&lower).into_iter().any(|s| {
        let says = NO_OUTPUT_PROSE.iter().any(|p| has_phrase(s, p))
            || RUN_VERBS.iter().any(|v| run_verb_of_agent(s, v, &names));
        says && !names_one_attempt(s)
    })
}

/// Whether lower-cased prose has a [`NO_OUTPUT_PROSE`] phrase or a [`RUN_VERBS`] verb
/// anywhere (one pass over it): prose without one cannot say a run had no output.
fn may_say_no_output(lower: &str) -> bool {
    static ANY: OnceLock<AhoCorasick> = OnceLock::new();
    ANY.get_or_init(|| {
        AhoCorasick::new(NO_OUTPUT_PROSE.iter().chain(RUN_VERBS)).expect("literal phrases")
    })
    .is_match(lower)
}

/// The sentences of lower-cased prose (split after `.`, `!`, `?` before a space).
fn sentences(lower: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    for (k, &(idx, c)) in chars.iter().enumerate() {
        if matches!(c, '.' | '!' | '?')
            && chars
                .get(k + 1)
                .is_none_or(|&(_, next)| next.is_whitespace())
        {
            out.push(&lower[start..idx]);
            start = idx + c.len_utf8();
        }
    }
    out.push(&lower[start..]);
    out
}

/// Whether `verb` occurs in sentence `s` with the agent (or its run) as its subject: the
/// word before it is one of `names`, a version (`3.6`, `35b`), a [`RUN_SUBJECTS`] word,
/// or nothing (the sentence starts with it).
fn run_verb_of_agent(s: &str, verb: &str, names: &[String]) -> bool {
    phrase_positions(s, verb).any(|at| {
        let before = s[..at]
            .trim_end()
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-');
        let before = before.strip_suffix("'s").unwrap_or(before);
        before.is_empty()
            || names.iter().any(|n| n == before)
            || RUN_SUBJECTS.contains(&before)
            || before.chars().any(|c| c.is_ascii_digit())
    })
}

/// Words that limit a text to one pass or attempt.
const ONE_ATTEMPT: &[&str] = &[
    "first pass",
    "first-pass",
    "second pass",
    "second-pass",
    "third pass",
    "later pass",
    "final pass",
    "first attempt",
    "second attempt",
    "initial attempt",
    "first run",
    "first try",
    "initially",
    "retry",
    "retried",
    "re-run",
    "rerun",
    "times before",
    "eventually",
];

/// Words that say every attempt failed.
const ALL_ATTEMPTS: &[&str] = &[
    "either",
    "both",
    "every",
    "all attempts",
    "all passes",
    "each attempt",
    "each pass",
    "any attempt",
    "again",
    "too",
    "also",
];

/// Whether lower-cased text names one pass or attempt (`pass 2`, `first attempt`,
/// `retry`) and not all of them.
fn names_one_attempt(l: &str) -> bool {
    let one = ONE_ATTEMPT.iter().any(|p| has_phrase(l, p)) || names_pass_number(l);
    one && !ALL_ATTEMPTS.iter().any(|p| has_phrase(l, p))
}

/// `pass 2`, `pass #1`, `pass-1`.
fn names_pass_number(l: &str) -> bool {
    l.match_indices("pass").any(|(at, _)| {
        let word_start = l[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        word_start
            && l[at + "pass".len()..]
                .trim_start_matches([' ', '#', '-'])
                .starts_with(|c: char| c.is_ascii_digit())
    })
}

/// Whether `phrase` occurs in `l` at word boundaries and not negated (after `no`, `not`,
/// `without`, `never`, `zero`, `0`).
fn has_phrase(l: &str, phrase: &str) -> bool {
    phrase_positions(l, phrase).any(|at| phrase.starts_with("no ") || !negated(l, at))
}

/// Whether the word before byte `at` of `l` negates what follows.
fn negated(l: &str, at: usize) -> bool {
    let word = l[..at]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    matches!(word, "no" | "not" | "without" | "never" | "zero" | "0")
}

/// Whether `word` occurs in `l` (as [`has_phrase`] reads it) followed by nothing, by
/// punctuation, or by a [`REASON_WORDS`] word.
fn has_standalone_word(l: &str, word: &str) -> bool {
    phrase_positions(l, word).any(|at| {
        let after = l[at + word.len()..].trim_start();
        let next = after
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        !negated(l, at)
            && (after.is_empty()
                || !after.starts_with(|c: char| c.is_alphanumeric())
                || REASON_WORDS.contains(&next))
    })
}

/// Where `phrase` starts in `l` with a word boundary on both sides.
fn phrase_positions<'a>(l: &'a str, phrase: &'a str) -> impl Iterator<Item = usize> + 'a {
    l.match_indices(phrase).filter_map(move |(at, _)| {
        let pre = l[..at].chars().next_back();
        let post = l[at + phrase.len()..].chars().next();
        // A hyphen joins words: `error-handling` is not `error`.
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        (boundary(pre) && boundary(post)).then_some(at)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_labels_and_cells() {
        assert!(is_status_label("**Status**"));
        assert!(is_status_label(" run "));
        assert!(!is_status_label("Status (pass 1)"));
        assert_eq!(run_status("failed (timeout)"), RunStatus::Failed);
        assert_eq!(run_status("`timed out`"), RunStatus::Failed);
        assert_eq!(run_status("empty"), RunStatus::Empty);
        assert_eq!(run_status("failed: empty"), RunStatus::Failed);
        assert_eq!(run_status(" **OK** "), RunStatus::Ok);
        assert_eq!(run_status("✓"), RunStatus::Ok);
        assert_eq!(run_status("ok, retried"), RunStatus::Unknown);
        // One pass failed, the other did not: not a failed run.
        assert_eq!(
            run_status("Pass 1 ok; pass 2 timed out"),
            RunStatus::Unknown
        );
        assert_eq!(run_status("failed on both passes"), RunStatus::Failed);
        assert!(says_no_output("~25m (empty)"));
        assert!(!says_no_output("empty"));
    }

    #[test]
    fn findings_cells_that_say_the_run_produced_nothing() {
        for cell in [
            "empty output",
            "none (timeout)",
            "— (failed)",
            "0 (timed out)",
            "n/a — no output",
            "— (quota)",
            "*error*",
            "empty",
        ] {
            assert!(is_no_output_cell(cell), "{cell}");
        }
        for cell in [
            "none",
            "0",
            "—",
            "no findings",
            "0 findings",
            "2I (1 after a timeout)",
            "1S (error handling)",
            "none (pass 2 timed out)",
            "n/a",
            "none (all dropped)",
            "0 (skipped as duplicates)",
        ] {
            assert!(!is_no_output_cell(cell), "{cell}");
        }
    }

    #[test]
    fn reviewers_notes() {
        use AgentStatus::{Empty, Failed};
        for (note, want) in [
            ("produced no output — quota exhausted", Some(Empty)),
            ("effort: default — dropped, quota", Some(Failed)),
            ("failed: timeout", Some(Failed)),
            ("empty output", Some(Empty)),
            ("timed out after 20m", Some(Failed)),
            ("did not run", Some(Failed)),
            ("**skipped**", Some(Failed)),
            ("failed on both passes", Some(Failed)),
            ("effort: xhigh", None),
            ("fallback, capacity", None),
            ("3.1 Pro hit limits", None),
            ("Pass 1 ok; pass 2 timed out", None),
            ("first attempt empty, retry ok", None),
            ("no findings", None),
            ("0 findings", None),
            ("found nothing to flag", None),
            ("no timeouts", None),
            ("without errors", None),
            ("retry 2", None),
            ("error-handling focus", None),
            ("skipped git blame", None),
            ("dropped after quota ran out", Some(Failed)),
            ("error: 429", Some(Failed)),
            ("API error", Some(Failed)),
        ] {
            assert_eq!(note_status(note), want, "{note}");
        }
    }

    #[test]
    fn retro_prose() {
        let says = |t: &str| prose_says_no_output(t, "[Qwen]", "qwen");
        assert!(says(
            "Qwen produced no usable output on either attempt. Then more."
        ));
        assert!(says("Produced an effectively empty review."));
        assert!(says("Effective failure. 15 lines of praise."));
        assert!(says("Qwen failed the format check — no sections."));
        assert!(says("Qwen returned an empty review."));
        assert!(says("Qwen timed out after 40 minutes."));
        assert!(says("Timed out after 40 minutes."));
        assert!(says("Qwen 3.6 35B timed out."));
        assert!(says("The run hit the timeout and was killed."));
        assert!(!says(
            "First-pass produced no output: opencode auto-rejected reads. Second-pass content was solid."
        ));
        assert!(!says("Pass 1 ok; pass 2 timed out."));
        assert!(!says("Its second pass timed out; the first was thorough."));
        assert!(!says(
            "Produced a complete structured review (~2 KB) with zero findings."
        ));
        assert!(!says("Two Bash calls timed out, then it recovered."));
        assert!(!says("One grep hit a timeout; the review is complete."));
        assert!(!says("Qwen found nothing to flag. No findings."));
        assert!(!says("Gemini ran no git blame (quota)."));
        assert!(!says(
            "The nested invocation produced empty output three times before it was run alone."
        ));
        assert!(!says(""));
        // Another agent's name before the verb: not this agent's run.
        assert!(!says("It noted that Gemini crashed."));
    }
}
