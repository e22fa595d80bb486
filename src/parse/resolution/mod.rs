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
//! any row under a heading or lead line that names another round (`### Round 1 findings`,
//! `Carried over from the previous round:`). [`action`] classes the action label.

mod action;
mod columns;
mod lists;
mod refs;
mod titles;

use super::blocks::{slice, Block, BlockKind, Cell, TableData};
use super::metadata::{clean_label, is_kv_table, kv_rows};
use crate::model::{ActionClass, Finding, FindingResolution, Resolution, ResolutionAction};
use crate::parse::static_regex::re;
use action::action_class;
use columns::{columns, Columns};
use refs::Named;
use regex::Regex;
use std::sync::OnceLock;
use titles::Titles;

/// What linking needs to know about the report.
pub(crate) struct Ctx<'a> {
    findings: &'a [Finding],
    titles: Titles,
    /// The report's round (its `Round` row), when stated.
    round: Option<u32>,
}

/// What the text before a table or list says about it: a heading or lead line.
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    /// It names another round (`### Round 1 findings`): nothing under it is linked.
    earlier: bool,
    /// It names an action (`### Fixed`, `**Skipped:**`): the label of the items under it.
    action: Option<(ActionClass, String)>,
    /// The action of an item that names none itself: a checked task (`- [x] I1`) is done.
    fallback: Option<(ActionClass, String)>,
}

/// What a cell says about the findings it names.
enum Naming {
    Ids(Vec<String>),
    /// It names an earlier round's finding: the row is not linked.
    Earlier,
    Nothing,
}

impl<'a> Ctx<'a> {
    fn new(findings: &'a [Finding], round: Option<u32>) -> Ctx<'a> {
        Ctx {
            findings,
            titles: Titles::new(findings),
            round,
        }
    }

    /// The ids of `n` that may be linked: this report has them, and neither the reference
    /// nor the scope marks another round.
    fn linkable(&self, n: &Named, scope: &Scope) -> Vec<String> {
        if scope.earlier || !n.this_round(self.round) {
            return Vec::new();
        }
        self.existing(&n.ids)
    }

    /// The ids among `ids` that this report has, once each, in order.
    fn existing(&self, ids: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in ids {
            if !out.contains(id) && self.findings.iter().any(|f| f.id == *id) {
                out.push(id.clone());
            }
        }
        out
    }

    fn id_of(&self, i: usize) -> Naming {
        Naming::Ids(vec![self.findings[i].id.clone()])
    }

    /// What a Finding (`titles`) or ID column cell names: a whole title, ids at the start
    /// or end, else (`titles`) a title.
    fn names(&self, cell: &str, titles: bool) -> Naming {
        if titles {
            if let Some(i) = self.titles.exact(cell) {
                return self.id_of(i);
            }
        }
        if let Some(n) = refs::leading(cell).or_else(|| refs::trailing(cell)) {
            if !n.this_round(self.round) {
                return Naming::Earlier;
            }
            let ids = self.existing(&n.ids);
            // `Suggestion #4: title` counts within a severity, which a report may count
            // differently: a title that names a finding decides.
            if n.numbered && titles {
                let by_title = self.titles.exact(&n.rest).or_else(|| {
                    ids.is_empty()
                        .then(|| self.titles.by_title(&n.rest))
                        .flatten()
                });
                if let Some(i) = by_title {
                    return self.id_of(i);
                }
            }
            return if ids.is_empty() {
                Naming::Nothing
            } else {
                Naming::Ids(ids)
            };
        }
        if titles {
            if names_other_round(&refs::plain(cell), self.round) {
                return Naming::Earlier;
            }
            if let Some(i) = self.titles.by_title(cell) {
                return self.id_of(i);
            }
        }
        Naming::Nothing
    }

    /// What another column's cell names: ids alone, or opening it before a separator
    /// (`I1`, `I1: ...`), not ids inside prose (`S3 covers this`).
    fn names_alone(&self, cell: &str) -> Naming {
        match refs::leading(cell) {
            Some(n) if n.separated => self.names(cell, false),
            _ => Naming::Nothing,
        }
    }

    /// Whether a `Round` cell names this report's round (or none).
    fn round_cell(&self, cell: &str) -> bool {
        static NUM: OnceLock<Regex> = OnceLock::new();
        let p = refs::plain(cell).to_lowercase();
        if let Some(c) = re(&NUM, r"\d{1,3}").find(&p) {
            return c.as_str().parse().ok() == self.round;
        }
        !names_other_round(&p, self.round)
            && !["prior", "previous", "earlier"]
                .iter()
                .any(|w| p.contains(w))
    }
}

/// Whether text names a round other than `round` (`Round 1 findings` in round 2, any
/// numbered round when the report's is unknown), a previous one (`prior round`, `previous
/// review`, `last round's`), or carried-over findings.
pub(crate) fn names_other_round(text: &str, round: Option<u32>) -> bool {
    static ROUND: OnceLock<Regex> = OnceLock::new();
    static PRIOR: OnceLock<Regex> = OnceLock::new();
    let numbered = re(&ROUND, r"(?i)\b(?:round|rnd)[\s_-]*(\d{1,3})\b")
        .captures_iter(text)
        .any(|c| {
            let n = c.get(1).and_then(|m| m.as_str().parse().ok());
            n.is_some() && n != round
        });
    numbered
        || re(
            &PRIOR,
            r"(?i)\b(?:prior|previous|earlier|preceding|last|first)[\s-]+(?:round|review)s?\b|\bcarried[\s-]+over\b|\bcarry[\s-]*overs?\b",
        )
        .find(text)
        .is_some_and(|m| !(m.as_str().to_lowercase().starts_with("first") && round == Some(1)))
}

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

/// A list item's scope and text without its task marker: `- [x] I1 ...` is done (Fixed)
/// unless the item or a heading says more.
fn task_scope<'t>(text: &'t str, scope: &Scope) -> (Scope, &'t str) {
    let t = text.trim_start();
    let checked = t.starts_with("[x]") || t.starts_with("[X]");
    let rest = if checked || t.starts_with("[ ]") {
        &t[3..]
    } else {
        text
    };
    let scope = Scope {
        fallback: checked.then(|| (ActionClass::Fixed, "Done".to_string())),
        ..scope.clone()
    };
    (scope, rest)
}

/// What a heading or lead line says about the tables and lists after it.
fn scope_of(label: &str, round: Option<u32>) -> Scope {
    let plain = refs::plain(label);
    let class = action_class(&plain, false);
    Scope {
        earlier: names_other_round(&plain, round),
        action: (class != ActionClass::Other && plain.chars().count() <= 40)
            .then(|| (class, plain.trim().to_string())),
        fallback: None,
    }
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

/// Attaches each action to the findings it names (the last action naming a finding wins).
pub fn link(res: &Resolution, findings: &mut [Finding]) {
    for a in &res.actions {
        for id in &a.finding_ids {
            if let Some(f) = findings.iter_mut().find(|f| f.id == *id) {
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
        // The report's round unknown: a row marked with a round is not taken as its own.
        let md = "| Finding | Action |\n|---|---|\n| I1 (round 2) | Fixed |\n| I2 | Fixed |\n";
        assert_eq!(ids(md, None), [v(&[]), v(&["I2"])]);
        assert_eq!(ids(md, Some(2)), [v(&["I1"]), v(&["I2"])]);
    }

    #[test]
    fn ids_this_report_lacks_are_never_linked() {
        let md =
            "| Finding | Action |\n|---|---|\n| I7 | Fixed |\n| I1, I9 | Fixed |\n| C1 | Fixed |\n";
        assert_eq!(ids(md, None), [v(&[]), v(&["I1"]), v(&[])]);
    }
}
