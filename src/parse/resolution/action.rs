//! What a Resolution's action label says was done: the [`ActionClass`] behind the Fixed /
//! Skipped badge and the agents page's outcome rates.
//!
//! Read in this order, on the label's words (case, emphasis and leading emoji ignored):
//! 1. a refusal or postponement at the start -> Skipped: `Skipped`, `Won't fix`,
//!    `Wontfix`, `Will not fix`, `Not fixed`, `Not a bug`, `No action`, `No change`,
//!    `Declined`, `Rejected`, `Deferred`, `Postponed`, `Ignored`, `Dismissed`,
//!    `Out of scope`, `False positive`, `Invalid`, `Disagree`, `Kept as is`, `By design`,
//!    `Intentional`, `Cannot reproduce`, `❌`, `🚫`; a postponement at the start:
//!    `Follow-up PR`, `Tracked in #12`, `Later`, `Backlog`;
//! 2. `Already fixed` / `Already addressed` -> Other: nothing was done because of the finding;
//! 3. a fix at the start -> Fixed: `Fixed`, `Fix applied`, `Resolved`, `Addressed`, `Done`;
//! 4. anywhere: a test word -> Test written, a comment -> Commented, `doc`, `docs`,
//!    `documentation`, `README` -> Documentation updated;
//! 5. anywhere: a refusal word from 1 -> Skipped (`Intentional; won't fix`);
//! 6. anywhere: a fix word -> Fixed: `Fixed`, `Resolved`, `Addressed`, `Done`,
//!    `Implemented`, `Applied`, `Corrected`, `Changed`, `Updated`, `Removed`,
//!    `Refactored`, `Reworked`, `Rewritten`, `Adopted`, `Mitigated`, `Handled`,
//!    `Partially` / `Partial` (something was fixed: the label keeps the word), `✅`, `✔`;
//! 7. otherwise Other: `Pending`, `Open`, `Acknowledged`, `Accepted` (a finding, or a
//!    risk?), `N/A`, `Duplicate`, `Superseded`, `Merged with S3`.
//!
//! A `Fixed?` / `Done?` column reads `Yes` as Fixed and `No` as Skipped.

use super::refs::plain;
use crate::model::ActionClass;

/// Refusals and postponements, as word starts (`defer` covers `Deferred`).
const SKIP: &[&str] = &[
    "skip",
    "won't",
    "won\u{2019}t",
    "wont",
    "will not",
    "not ",
    "no action",
    "no change",
    "no fix",
    "declin",
    "reject",
    "defer",
    "postpon",
    "ignor",
    "dismiss",
    "out of scope",
    "out-of-scope",
    "false positive",
    "invalid",
    "disagree",
    "kept as",
    "keep as",
    "left as",
    "as is",
    "by design",
    "as designed",
    "intentional",
    "cannot reproduce",
    "can't reproduce",
    "\u{274c}",
    "\u{2716}",
    "\u{1f6ab}",
];

/// Postponements read only at the start (`Tracked in #12`, `Follow-up PR`): later in a
/// label these words describe a fix (`Fixed; follow-up test later`).
const LATER: &[&str] = &[
    "follow-up",
    "follow up",
    "followup",
    "tracked",
    "later",
    "backlog",
];

/// Fixes, as word starts.
const FIXED: &[&str] = &[
    "fix",
    "resolv",
    "address",
    "done",
    "implement",
    "appl",
    "correct",
    "changed",
    "updated",
    "removed",
    "refactor",
    "rework",
    "adopted",
    "partial",
    "mitigat",
    "handled",
    "rewr",
    "\u{2705}",
    "\u{2714}",
    "\u{2611}",
];

/// Marks kept at the start of a label (other leading symbols and emoji are dropped).
const MARKS: &[char] = &[
    '\u{2705}',
    '\u{2714}',
    '\u{2611}',
    '\u{274c}',
    '\u{2716}',
    '\u{1f6ab}',
];

/// The class of an action label. `yes_no`: the column asks a question (`Fixed?`).
pub(crate) fn action_class(label: &str, yes_no: bool) -> ActionClass {
    let l = plain(label).to_lowercase();
    let l = l
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !MARKS.contains(&c))
        .trim();
    if yes_no {
        match l.trim_end_matches(['.', '!']) {
            "yes" | "y" | "\u{2705}" | "\u{2714}" => return ActionClass::Fixed,
            "no" | "n" | "\u{274c}" => return ActionClass::Skipped,
            _ => {}
        }
    }
    let starts = |stems: &[&str]| stems.iter().any(|s| l.starts_with(s));
    let anywhere = |stems: &[&str]| stems.iter().any(|s| has_word_start(l, s));
    let starts_word = |stems: &[&str]| {
        stems.iter().any(|s| {
            l.strip_prefix(s)
                .is_some_and(|after| !after.starts_with(char::is_alphabetic))
        })
    };
    if starts(SKIP) || starts_word(LATER) {
        ActionClass::Skipped
    } else if l.starts_with("already") {
        ActionClass::Other
    } else if starts(&["fix", "resolv", "address", "done"]) {
        ActionClass::Fixed
    } else if anywhere(&["test"]) {
        ActionClass::TestWritten
    } else if anywhere(&["comment"]) {
        ActionClass::Commented
    } else if anywhere(&["document", "docs", "doc ", "readme"]) || l == "doc" {
        ActionClass::DocumentationUpdated
    } else if anywhere(SKIP) {
        ActionClass::Skipped
    } else if anywhere(FIXED) {
        ActionClass::Fixed
    } else {
        ActionClass::Other
    }
}

/// Whether `stem` occurs in `text` at the start of a word.
fn has_word_start(text: &str, stem: &str) -> bool {
    text.match_indices(stem).any(|(i, _)| {
        text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionClass::*;

    #[test]
    fn labels_map_to_classes() {
        let cases = [
            ("Fixed", Fixed),
            ("**Fixed** (merged with S3)", Fixed),
            ("Addressed", Fixed),
            ("Done", Fixed),
            ("✅ Fixed", Fixed),
            ("Resolved in `abc123`", Fixed),
            ("Partially", Fixed),
            ("Partially fixed", Fixed),
            ("Implemented as suggested", Fixed),
            ("Won't fix", Skipped),
            ("Won’t fix", Skipped),
            ("Wontfix", Skipped),
            ("Deferred", Skipped),
            ("Deferred to #5012", Skipped),
            ("Declined", Skipped),
            ("Not fixed", Skipped),
            ("Not tested", Skipped),
            ("Skipped", Skipped),
            ("Out of scope", Skipped),
            ("False positive", Skipped),
            ("❌ Rejected", Skipped),
            ("Intentional; won't fix", Skipped),
            ("Already fixed", Other),
            ("Already addressed upstream", Other),
            ("Test written", TestWritten),
            ("Added a regression test", TestWritten),
            ("Commented", Commented),
            ("Comment added", Commented),
            ("Documentation updated", DocumentationUpdated),
            ("Docs", DocumentationUpdated),
            ("Updated README", DocumentationUpdated),
            ("Dockerfile changed", Fixed),
            ("Pending", Other),
            ("Acknowledged", Other),
            ("N/A", Other),
            ("Merged with S3", Other),
            ("Accepted", Other),
            ("Duplicate of S3", Other),
            ("✔️", Fixed),
            ("🚫 Won't fix", Skipped),
            ("Follow-up PR", Skipped),
            ("Tracked in #5120", Skipped),
            ("Fixed; follow-up test later", Fixed),
            ("Cannot reproduce", Skipped),
            ("Mitigated", Fixed),
            ("Lateral move of the check", Other),
            ("", Other),
            // Word starts only: `prefix` is no fix, `notes` no refusal.
            ("Prefix kept", Other),
            ("See notes", Other),
        ];
        for (label, want) in cases {
            assert_eq!(action_class(label, false), want, "{label:?}");
        }
        assert_eq!(action_class("Yes", true), Fixed);
        assert_eq!(action_class("No", true), Skipped);
        assert_eq!(action_class("Yes", false), Other);
    }
}
