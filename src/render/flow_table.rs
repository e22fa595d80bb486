//! The PR thread page's findings × rounds table: one row per underlying issue (a chain of
//! linked findings), one column per round, each cell the finding that round gave it
//! (linked to its card) or what became of it, so a reader sees what is still open at the
//! latest round, what was resolved or declined, and where.

use super::common::truncate;
use super::flow::ThreadFlow;
use super::urls::link;
use crate::aggregate::lineage::Outcome;
use serde::Serialize;

/// The table and the counts above it.
#[derive(Debug, Serialize)]
pub(super) struct FlowTable {
    rounds: Vec<RoundHead>,
    rows: Vec<FlowRow>,
    /// The latest round's position (1-based).
    latest: usize,
    /// Findings of the latest round.
    open: usize,
    /// Of those, continued from an earlier round.
    carried: usize,
    /// Earlier findings a later round reported resolved, declined, or did not mention.
    resolved: usize,
    declined: usize,
    unmentioned: usize,
}

#[derive(Debug, Serialize)]
struct RoundHead {
    k: usize,
    url: String,
}

/// One underlying issue.
#[derive(Debug, Serialize)]
pub(super) struct FlowRow {
    /// The title of its latest finding.
    title: String,
    /// `open`, `resolved`, `declined`, `unmentioned`, `carried` (said to be open, not
    /// listed again).
    status: &'static str,
    status_label: String,
    cells: Vec<FlowCell>,
}

/// One round of one issue: a finding, the outcome the round reports, or nothing.
#[derive(Debug, Serialize)]
struct FlowCell {
    /// `finding`, `outcome` or `empty`.
    kind: &'static str,
    id: String,
    url: String,
    severity: &'static str,
    title: String,
    /// For a finding: `persists` (continued in the next round), `open` (the latest round)
    /// or empty. For an outcome: the outcome's class.
    mark: &'static str,
    mark_label: &'static str,
}

impl FlowCell {
    fn empty() -> FlowCell {
        FlowCell {
            kind: "empty",
            id: String::new(),
            url: String::new(),
            severity: "none",
            title: String::new(),
            mark: "",
            mark_label: "",
        }
    }
}

/// How many cells the rows rendered at once hold, about.
const CELLS_AT_ONCE: usize = 4096;

impl FlowTable {
    /// The rows, taken out (to render a few at a time: [`FlowTable::with_rows`]).
    pub(super) fn take_rows(&mut self) -> Vec<FlowRow> {
        std::mem::take(&mut self.rows)
    }

    /// Puts back rows [`FlowTable::take_rows`] took.
    pub(super) fn put_rows(&mut self, rows: Vec<FlowRow>) {
        self.rows = rows;
    }

    /// How many rows to render at once: about [`CELLS_AT_ONCE`] cells.
    pub(super) fn rows_at_once(&self) -> usize {
        (CELLS_AT_ONCE / self.rounds.len().max(1)).max(1)
    }

    /// The table as a template sees it with `rows` as its rows (its other fields are its
    /// own).
    pub(super) fn with_rows(&self, rows: &[FlowRow]) -> anyhow::Result<serde_json::Value> {
        let mut table = serde_json::to_value(self)?;
        table["rows"] = serde_json::to_value(rows)?;
        Ok(table)
    }
}

/// An outcome's class and label in a cell.
fn outcome_mark(o: Option<Outcome>) -> (&'static str, &'static str) {
    match o {
        Some(Outcome::Resolved) => ("resolved", "resolved"),
        Some(Outcome::Declined) => ("declined", "declined"),
        // Said to be still open, without a finding of its own.
        Some(Outcome::Persists) => ("carried", "still open"),
        Some(Outcome::Unmentioned) | None => ("unmentioned", "not mentioned"),
    }
}

/// The table of `flow`, for the thread page at `root`.
pub(super) fn flow_table(flow: &ThreadFlow, root: &str) -> FlowTable {
    let n = flow.rounds.len();
    let rounds = flow
        .rounds
        .iter()
        .enumerate()
        .map(|(k, r)| RoundHead {
            k: k + 1,
            url: link(root, &r.url),
        })
        .collect();
    let mut rows: Vec<FlowRow> = flow
        .lineage
        .chains
        .iter()
        .map(|c| chain_row(flow, &c.ids, root))
        .collect();
    // What is still open first; each group in the order the issues first appeared.
    rows.sort_by_key(|r| r.status != "open");
    let count = |s: &str| rows.iter().filter(|r| r.status == s).count();
    let latest = flow.lineage.rounds.last();
    FlowTable {
        latest: n,
        open: latest.map_or(0, |r| r.findings.len()),
        carried: latest.map_or(0, |r| {
            r.findings.iter().filter(|f| f.previous.is_some()).count()
        }),
        resolved: count("resolved"),
        declined: count("declined"),
        unmentioned: count("unmentioned"),
        rounds,
        rows,
    }
}

/// The row of the chain whose finding in each round is `ids`.
fn chain_row(flow: &ThreadFlow, ids: &[Option<String>], root: &str) -> FlowRow {
    let n = flow.rounds.len();
    let last = ids.iter().rposition(Option::is_some).unwrap_or(0);
    let mut cells: Vec<FlowCell> = Vec::with_capacity(n);
    let mut title = String::new();
    for (k, id) in ids.iter().enumerate() {
        let round = &flow.rounds[k];
        let cell = match id {
            Some(id) => {
                let f = round.finding(id);
                if let Some(f) = f {
                    title = truncate(&f.title, 80);
                }
                let (mark, mark_label) = if k + 1 == n {
                    ("open", "open")
                } else if ids.get(k + 1).is_some_and(Option::is_some) {
                    ("persists", "persists")
                } else {
                    ("", "")
                };
                FlowCell {
                    kind: "finding",
                    id: id.clone(),
                    url: round.finding_url(root, id).unwrap_or_default(),
                    severity: f.map_or("none", |f| f.severity),
                    title: f.map(|f| f.title.clone()).unwrap_or_default(),
                    mark,
                    mark_label,
                }
            }
            None if k == last + 1 => {
                let earlier = ids[last].as_deref().unwrap_or("");
                let (mark, mark_label) = outcome_mark(flow.outcome_after(last, earlier));
                FlowCell {
                    kind: "outcome",
                    mark,
                    mark_label,
                    ..FlowCell::empty()
                }
            }
            None => FlowCell::empty(),
        };
        cells.push(cell);
    }
    let (status, status_label) = if last + 1 == n {
        ("open", "open".to_string())
    } else {
        let earlier = ids[last].as_deref().unwrap_or("");
        let (mark, label) = outcome_mark(flow.outcome_after(last, earlier));
        (mark, format!("{label} in round {}", last + 2))
    };
    FlowRow {
        title,
        status,
        status_label,
        cells,
    }
}
