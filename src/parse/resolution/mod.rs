//! The Resolution section: a key/value table (Addressed, Commit) and what was done about
//! each finding, linked to the findings it names.
//!
//! Actions come from tables with an action column (`#`, Finding, Action, Reason, a `Commit`
//! per row; other spellings in [`columns`]) and from list items and paragraph lines that
//! open with the findings they name ([`lists`]). Which findings a row names: [`refs`] reads
//! ids and round marks in the Finding column (or an ID column), else [`titles`] matches a
//! title written without an id, else an id standing alone (or opening `I1: ...`) in another
//! column. Only ids this report has are linked, and none that a row marks as an earlier
//! round's (`R1-I2`, `I2 (round 1)`, `prior S3`, a `Round` cell naming another round), nor
//! any row under a heading or lead line that names an earlier round (`### Round 1 findings`,
//! `Carried over from the previous round:`; [`scope`]). [`action`] classes the action label.

mod action;
mod columns;
mod lists;
mod refs;
mod scope;
mod titles;

use super::blocks::{slice, Block, BlockKind, Cell, TableData};
use super::metadata::{clean_label, is_kv_table, kv_rows};
use crate::model::{ActionClass, Finding, FindingResolution, Resolution, ResolutionAction};
use action::action_class;
use columns::{columns, Columns};
use scope::{scope_of, task_scope, Ctx, Naming, Scope};

/// Parses the tables, lists and lines of a Resolution section; each action names the
/// findings of `findings` it links to. `round`: the report's round, when stated.
pub fn parse(src: &str, blocks: &[&Block], findings: &[Finding], round: Option<u32>) -> Resolution {
    let ctx = Ctx::new(findings, round);
    let mut res = Resolution::default();
    let mut scope = Scope::default();
    for b in blocks {
        match b.kind {
            BlockKind::Heading(_) => {
                let text = b.inline.as_ref().map_or("", |r| slice(src, r));
                scope = scope_of(text, round);
            }
            BlockKind::Paragraph => {
                let text = slice(src, &b.range);
                if let Some(label) = lead_label(text) {
                    scope = scope_of(&label, round);
                } else {
                    res.actions.extend(lists::paragraph(text, &scope, &ctx));
                }
            }
            BlockKind::List { .. } => {
                for item in &b.items {
                    let r = item.first_para.as_ref().unwrap_or(&item.range);
                    let text = slice(src, r).replace('\n', " ");
                    let (scope, text) = task_scope(&text, &scope);
                    res.actions.extend(lists::line_action(text, &scope, &ctx));
                }
            }
            BlockKind::Table => {
                if let Some(t) = &b.table {
                    table(src, t, &scope, &ctx, &mut res);
                }
            }
            _ => {}
        }
    }
    for a in &mut res.actions {
        a.finding_id = a.finding_ids.first().cloned();
    }
    res
}

/// A paragraph that only introduces what follows: short, ending with `:` (`**Fixed:**`,
/// `Carried over from round 1:`). Its text without the colon.
fn lead_label(text: &str) -> Option<String> {
    let p = refs::plain(text);
    let t = p.trim();
    (t.ends_with(':') && t.chars().count() <= 80 && !t.contains('\n'))
        .then(|| t.trim_end_matches(':').trim().to_string())
}

/// One table of the section: an action table's rows, or a key/value table's rows.
fn table(src: &str, t: &TableData, scope: &Scope, ctx: &Ctx, res: &mut Resolution) {
    let mut cols = columns(&t.header);
    if !numbers_within_severity(t, &cols) {
        cols.severity = None;
    }
    let Some(action_col) = cols.action else {
        if is_kv_table(t) {
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
        return;
    };
    for row in &t.rows {
        let cell = |i: Option<usize>| {
            i.and_then(|i| row.get(i))
                .map(|c| c.text.trim().to_string())
                .unwrap_or_default()
        };
        let action_label = cell(Some(action_col));
        let reason = cell(cols.reason);
        // `—` / `-` / `n/a` say there is no commit.
        let commit = cell(cols.commit);
        let commit = (!commit.is_empty()
            && !matches!(
                commit.trim_matches('`').to_lowercase().as_str(),
                "\u{2014}" | "-" | "\u{2013}" | "n/a" | "none"
            ))
        .then_some(commit);
        res.actions.push(ResolutionAction {
            number: cell(cols.num).trim_matches('#').trim().parse().ok(),
            finding: cell(cols.finding.or(cols.id)),
            finding_ids: row_ids(row, &cols, scope, ctx),
            action: action_class(&action_label, cols.yes_no),
            action_label,
            reason: (!reason.is_empty()).then_some(reason),
            commit,
            finding_id: None,
        });
    }
}

/// Whether a table's `#` column numbers findings within their severity (as its Severity
/// column says) rather than counting rows: it restarts, or every row has one severity.
fn numbers_within_severity(t: &TableData, cols: &Columns) -> bool {
    let (Some(s), Some(n)) = (cols.severity, cols.num) else {
        return false;
    };
    let cell = |r: &[Cell], i: usize| {
        r.get(i)
            .map_or(String::new(), |c| c.text.trim().to_lowercase())
    };
    let counts_rows = t
        .rows
        .iter()
        .enumerate()
        .all(|(i, r)| cell(r, n).trim_start_matches('#') == (i + 1).to_string());
    let one_severity = t.rows.windows(2).all(|w| cell(&w[0], s) == cell(&w[1], s));
    !counts_rows || one_severity
}

/// The findings of this report one table row names: its ID and Finding cells, else an id
/// alone in another column (`#` first). None under another round's scope, or when its
/// `Round` cell names another round.
fn row_ids(row: &[Cell], cols: &Columns, scope: &Scope, ctx: &Ctx) -> Vec<String> {
    let text = |i: usize| row.get(i).map_or("", |c| c.text.trim());
    if scope.earlier || cols.round.is_some_and(|i| !ctx.round_cell(text(i))) {
        return Vec::new();
    }
    let named = [cols.id, cols.finding]
        .into_iter()
        .flatten()
        .map(|i| ctx.names(text(i), Some(i) == cols.finding));
    // `| Important | 2 | title |`: the number within the severity, as `Important #2: title`.
    let numbered = cols.severity.zip(cols.num).and_then(|(s, n)| {
        let num = text(n).trim_start_matches('#');
        (!num.is_empty() && num.bytes().all(|b| b.is_ascii_digit())).then(|| {
            let finding = cols.finding.map_or("", text);
            ctx.names(&format!("{} #{num}: {finding}", text(s)), true)
        })
    });
    let others = cols
        .num
        .into_iter()
        .chain(0..row.len())
        .filter(|i| Some(*i) != cols.id && Some(*i) != cols.finding)
        .map(|i| ctx.names_alone(text(i)));
    for n in named.chain(numbered).chain(others) {
        match n {
            Naming::Ids(ids) => return ids,
            Naming::Earlier => return Vec::new(),
            Naming::Nothing => {}
        }
    }
    Vec::new()
}

/// Whether a table is a Resolution table: an action column, or an `Addressed` row. A
/// `## Resolution` heading after the appendix is the Resolution only with one.
pub(crate) fn is_resolution_table(t: &TableData) -> bool {
    let kv = t.rows.iter().any(|r| {
        r.first()
            .map(|c| {
                let l = clean_label(&c.text).to_lowercase();
                l.starts_with("addressed")
            })
            .unwrap_or(false)
    });
    columns(&t.header).action.is_some() || kv
}

/// Attaches each action to the findings it names: the last action naming a finding wins,
/// except that an action of class Other (`Pending`, an open task) does not replace one that
/// says what was done.
pub fn link(res: &Resolution, findings: &mut [Finding]) {
    for a in &res.actions {
        for id in &a.finding_ids {
            if let Some(f) = findings.iter_mut().find(|f| f.id == *id) {
                let known = f
                    .resolution
                    .as_ref()
                    .is_some_and(|r| r.action != ActionClass::Other);
                if known && a.action == ActionClass::Other {
                    continue;
                }
                f.resolution = Some(FindingResolution {
                    action: a.action,
                    label: a.action_label.clone(),
                    reason: a.reason.clone(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::blocks::walk;
    use super::*;
    use crate::model::Severity;

    fn finding(id: &str, title: &str) -> Finding {
        let severity = match &id[..1] {
            "C" => Severity::Critical,
            "I" => Severity::Important,
            _ => Severity::Suggestion,
        };
        Finding {
            id: id.into(),
            title: title.into(),
            severity: Some(severity),
            ..Default::default()
        }
    }

    fn findings() -> Vec<Finding> {
        vec![
            finding("I1", "Lease renewal races the watchdog"),
            finding("I2", "Expired leases are never reaped"),
            finding("S1", "Alpha beta gamma"),
            finding("S2", "Delta epsilon zeta"),
            finding("S3", "Eta theta iota"),
        ]
    }

    /// Each action of `md` (a Resolution section's body): (ids, class, label).
    fn actions(md: &str, round: Option<u32>) -> Vec<(Vec<String>, ActionClass, String)> {
        let doc = walk(md);
        let blocks: Vec<&Block> = doc.blocks.iter().collect();
        parse(md, &blocks, &findings(), round)
            .actions
            .into_iter()
            .map(|a| (a.finding_ids, a.action, a.action_label))
            .collect()
    }

    fn ids(md: &str, round: Option<u32>) -> Vec<Vec<String>> {
        actions(md, round).into_iter().map(|a| a.0).collect()
    }

    fn v(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn numbers_within_a_severity_yield_to_a_title_that_names_another_finding() {
        let md = "| Finding | Action |\n|---|---|\n\
                  | Suggestion #3: Alpha beta gamma | Fixed |\n\
                  | Suggestion #2 | Fixed |\n\
                  | Suggestion #9: Delta epsilon zeta | Fixed |\n\
                  | Suggestion #9: something else | Fixed |\n";
        assert_eq!(ids(md, None), [v(&["S1"]), v(&["S2"]), v(&["S2"]), v(&[])]);
    }

    #[test]
    fn a_severity_column_numbers_findings_only_when_the_numbers_restart() {
        let md = "| Severity | # | Title | Status |\n|---|---|---|---|\n\
                  | Important | 1 | (renamed since) | Fixed |\n\
                  | Important | 2 | (renamed since) | Fixed |\n\
                  | Suggestion | 1 | (renamed since) | Skipped |\n";
        assert_eq!(ids(md, None), [v(&["I1"]), v(&["I2"]), v(&["S1"])]);
        // `#` counts rows here: row 3 is not S3.
        let md = "| # | Severity | Finding | Action |\n|---|---|---|---|\n\
                  | 1 | Important | (renamed since) | Fixed |\n\
                  | 2 | Important | (renamed since) | Fixed |\n\
                  | 3 | Suggestion | (renamed since) | Skipped |\n";
        assert_eq!(ids(md, None), [v(&[]), v(&[]), v(&[])]);
    }

    #[test]
    fn lists_lines_and_task_items() {
        let md = "**Fixed:** I1, S2.\n\n\
                  - **I2** — Skipped: the reaper is replaced next release\n\
                  - S1 fixed in `abc1234`\n\
                  - [x] S3 — Eta theta iota\n\n\
                  **Deferred:**\n\n\
                  - S1 — Alpha beta gamma\n";
        let got = actions(md, None);
        assert_eq!(
            got,
            [
                (v(&["I1", "S2"]), ActionClass::Fixed, "Fixed".into()),
                (v(&["I2"]), ActionClass::Skipped, "Skipped".into()),
                (v(&["S1"]), ActionClass::Fixed, "fixed in abc1234".into()),
                (v(&["S3"]), ActionClass::Fixed, "Done".into()),
                (v(&["S1"]), ActionClass::Skipped, "Deferred".into()),
            ]
        );
    }

    #[test]
    fn prose_that_mentions_ids_is_no_action() {
        let md = "Rebased onto main before the fixes.\n\n\
                  - S3 bucket names are now validated too\n\
                  - Rebased onto `main`\n\
                  - I1 was the hardest one\n\n\
                  The fix for I2 also closes S1.\n";
        assert_eq!(actions(md, Some(2)), []);
    }

    #[test]
    fn another_rounds_rows_are_not_linked() {
        let md = "| Finding | Round | Action |\n|---|---|---|\n\
                  | I1 | 2 | Fixed |\n| I2 | 1 | Fixed |\n| S1 | — | Fixed |\n\n\
                  ### Round 1 findings\n\n\
                  | Finding | Action |\n|---|---|\n| I1 | Skipped |\n\n\
                  Carried over from the previous review:\n\n\
                  - S2 — Fixed\n\n\
                  ### Round 2\n\n\
                  - S2 — Fixed\n";
        assert_eq!(
            ids(md, Some(2)),
            [v(&["I1"]), v(&[]), v(&["S1"]), v(&[]), v(&[]), v(&["S2"])]
        );
        // A later round says when something was fixed, not whose finding it was.
        let md = "### Fixed in round 3\n\n| Finding | Action |\n|---|---|\n| I1 | Fixed |\n";
        assert_eq!(ids(md, Some(2)), [v(&["I1"])]);
        // The report's round unknown: a row marked with a round is not taken as its own.
        let md = "| Finding | Action |\n|---|---|\n| I1 (round 2) | Fixed |\n| I2 | Fixed |\n";
        assert_eq!(ids(md, None), [v(&[]), v(&["I2"])]);
        assert_eq!(ids(md, Some(2)), [v(&["I1"]), v(&["I2"])]);
    }

    #[test]
    fn written_ids_name_the_finding_written_with_them() {
        let mut f = findings();
        f[0].written_id = Some("K1".into());
        f[1].written_id = Some("3".into());
        f[2].written_id = Some("1".into());
        f[3].written_id = Some("1".into());
        let md = "| Finding | Action |\n|---|---|\n| K1 | Fixed |\n| Finding 3 | Fixed |\n\
                  | Finding 1 | Fixed |\n";
        let doc = walk(md);
        let blocks: Vec<&Block> = doc.blocks.iter().collect();
        let got: Vec<Vec<String>> = parse(md, &blocks, &f, None)
            .actions
            .into_iter()
            .map(|a| a.finding_ids)
            .collect();
        // `Finding 1` was written on two findings: it names neither.
        assert_eq!(got, [v(&["I1"]), v(&["I2"]), v(&[])]);
    }

    #[test]
    fn an_open_item_does_not_replace_what_was_done() {
        let md = "| Finding | Action |\n|---|---|\n| S1 | Deferred |\n| S2 | Pending |\n\n\
                  - [ ] S1 — Alpha beta gamma\n- S2 — Fixed\n";
        let doc = walk(md);
        let blocks: Vec<&Block> = doc.blocks.iter().collect();
        let mut f = findings();
        let res = parse(md, &blocks, &f, None);
        link(&res, &mut f);
        let class = |i: usize| f[i].resolution.as_ref().map(|r| r.action);
        assert_eq!(class(2), Some(ActionClass::Skipped));
        assert_eq!(class(3), Some(ActionClass::Fixed));
    }

    #[test]
    fn ids_this_report_lacks_are_never_linked() {
        let md =
            "| Finding | Action |\n|---|---|\n| I7 | Fixed |\n| I1, I9 | Fixed |\n| C1 | Fixed |\n";
        assert_eq!(ids(md, None), [v(&[]), v(&["I1"]), v(&[])]);
    }
}
