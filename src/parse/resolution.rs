//! The Resolution section: a key/value table (Addressed, Commit) and a per-finding action
//! table (`#`, Finding, Action, Reason, and in later reports a `Commit` per row), linked to
//! the findings they name.

use super::blocks::{Block, BlockKind, TableData};
use super::metadata::{clean_label, is_kv_table, kv_rows};
use crate::model::{ActionClass, Finding, FindingResolution, Resolution, ResolutionAction};
use regex::Regex;
use std::sync::OnceLock;

/// Parses the tables of a Resolution section.
pub fn parse(src: &str, blocks: &[&Block]) -> Resolution {
    let mut res = Resolution::default();
    for b in blocks {
        if b.kind != BlockKind::Table {
            continue;
        }
        let Some(t) = &b.table else { continue };
        let header: Vec<String> = t
            .header
            .iter()
            .map(|c| c.text.trim().to_lowercase())
            .collect();
        let col = |names: &[&str]| {
            header
                .iter()
                .position(|h| names.iter().any(|n| h.trim_matches('*') == *n))
        };
        let action_col = col(&["action", "action taken", "status", "resolution"]);
        if let Some(action_col) = action_col {
            let num_col = col(&["#", "no", "no.", "n"]);
            let finding_col = col(&["finding", "issue", "item"]).unwrap_or(if num_col == Some(0) {
                1
            } else {
                0
            });
            let reason_col = col(&["reason", "notes", "note", "why", "details"]);
            let commit_col = col(&["commit", "commits", "sha", "fixed in"]);
            for row in &t.rows {
                let cell = |i: Option<usize>| {
                    i.and_then(|i| row.get(i))
                        .map(|c| c.text.trim().to_string())
                        .unwrap_or_default()
                };
                let finding = cell(Some(finding_col));
                let action_label = cell(Some(action_col));
                let reason = cell(reason_col);
                let commit = cell(commit_col);
                // `—` / `-` / `n/a` say there is no commit.
                let commit = (!commit.is_empty()
                    && !matches!(
                        commit.trim_matches('`').to_lowercase().as_str(),
                        "\u{2014}" | "-" | "\u{2013}" | "n/a" | "none"
                    ))
                .then_some(commit);
                res.actions.push(ResolutionAction {
                    number: cell(num_col).trim_matches('#').trim().parse().ok(),
                    finding_id: finding_ref(&finding),
                    finding,
                    action: action_class(&action_label),
                    action_label,
                    reason: (!reason.is_empty()).then_some(reason),
                    commit,
                });
            }
        } else if is_kv_table(t) {
            let rows = kv_rows(t, src);
            for r in &rows {
                let l = r.label.to_lowercase();
                if l.starts_with("addressed") || l == "date" {
                    res.addressed = Some(r.value.clone());
                } else if l.starts_with("commit") {
                    res.commit = Some(r.value.clone());
                }
            }
            res.rows.extend(rows);
        }
    }
    res
}

/// Whether a table is a Resolution table: an action column, or an `Addressed` row. A
/// `## Resolution` heading after the appendix is the Resolution only with one.
pub(crate) fn is_resolution_table(t: &TableData) -> bool {
    let header_action = t
        .header
        .iter()
        .any(|c| c.text.to_lowercase().contains("action"));
    let kv = t.rows.iter().any(|r| {
        r.first()
            .map(|c| {
                let l = clean_label(&c.text).to_lowercase();
                l.starts_with("addressed")
            })
            .unwrap_or(false)
    });
    header_action || kv
}

/// `Suggestion #1: ...` -> S1, `Important #2` -> I2, `Critical #1` -> C1, `S3: ...` -> S3.
fn finding_ref(cell: &str) -> Option<String> {
    static WORD: OnceLock<Regex> = OnceLock::new();
    static ID: OnceLock<Regex> = OnceLock::new();
    let word = WORD.get_or_init(|| {
        Regex::new(r"(?i)^\W*(critical|important|suggestion)s?\s*(?:issue|finding)?\s*#?\s*(\d+)\b")
            .expect("static regex")
    });
    if let Some(c) = word.captures(cell) {
        let letter = c[1].chars().next()?.to_ascii_uppercase();
        return Some(format!("{letter}{}", &c[2]));
    }
    let id = ID.get_or_init(|| Regex::new(r"^\W*([CIS])(\d{1,5})\b").expect("static regex"));
    id.captures(cell).map(|c| format!("{}{}", &c[1], &c[2]))
}

fn action_class(label: &str) -> ActionClass {
    let l = label.trim().trim_matches('*').to_lowercase();
    if l.starts_with("fix") || l.starts_with("resolved") || l.starts_with("addressed") {
        ActionClass::Fixed
    } else if l.contains("test") {
        ActionClass::TestWritten
    } else if l.starts_with("comment") {
        ActionClass::Commented
    } else if l.starts_with("doc") || l.contains("documentation") {
        ActionClass::DocumentationUpdated
    } else if l.starts_with("skip")
        || l.starts_with("won't")
        || l.starts_with("wontfix")
        || l.starts_with("declined")
        || l.starts_with("deferred")
        || l.starts_with("not fixed")
    {
        ActionClass::Skipped
    } else {
        ActionClass::Other
    }
}

/// Attaches each action to the finding it names; drops ids that name no finding.
pub fn link(res: &mut Resolution, findings: &mut [Finding]) {
    for a in &mut res.actions {
        let Some(id) = a.finding_id.clone() else {
            continue;
        };
        match findings.iter_mut().find(|f| f.id == id) {
            Some(f) => {
                f.resolution = Some(FindingResolution {
                    action: a.action,
                    label: a.action_label.clone(),
                    reason: a.reason.clone(),
                });
            }
            None => a.finding_id = None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_and_actions() {
        assert_eq!(finding_ref("Suggestion #1: foo").as_deref(), Some("S1"));
        assert_eq!(finding_ref("Important #2: foo").as_deref(), Some("I2"));
        assert_eq!(finding_ref("Critical #1").as_deref(), Some("C1"));
        assert_eq!(finding_ref("S3: x").as_deref(), Some("S3"));
        assert_eq!(finding_ref("Testing Gap #1: x"), None);
        assert_eq!(finding_ref("Doc: wsl2.md"), None);
        assert_eq!(action_class("Fixed (merged with S3)"), ActionClass::Fixed);
        assert_eq!(action_class("Test written"), ActionClass::TestWritten);
        assert_eq!(action_class("Commented"), ActionClass::Commented);
        assert_eq!(
            action_class("Documentation updated"),
            ActionClass::DocumentationUpdated
        );
        assert_eq!(action_class("Skipped"), ActionClass::Skipped);
        assert_eq!(action_class("Pending"), ActionClass::Other);
    }
}
