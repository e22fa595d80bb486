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
    /// Empty until [`FlowTable::put_rows`]: a long thread's rows are made a few at a time
    /// ([`rows_of`], in the order of `order`) while the page renders.
    rows: Vec<FlowRow>,
    /// The chains of the thread's lineage, in the table's order.
    #[serde(skip)]
    order: Vec<usize>,
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
    /// The chains whose rows the table shows, in its order (their rows are made by
    /// [`rows_of`]: a few at a time, for [`FlowTable::with_rows`]).
    pub(super) fn take_order(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.order)
    }

    /// Puts in the rows (all of [`FlowTable::take_order`]'s, for a theme that renders the
    /// table whole).
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
    // What is still open first; each group in the order the issues first appeared.
    let statuses: Vec<&str> = flow
        .lineage
        .chains
        .iter()
        .map(|c| chain_status(flow, &c.ids).0)
        .collect();
    let mut order: Vec<usize> = (0..statuses.len()).collect();
    order.sort_by_key(|&i| statuses[i] != "open");
    let count = |s: &str| statuses.iter().filter(|st| **st == s).count();
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
        rows: Vec::new(),
        order,
    }
}

/// The rows of the chains `chains` (positions in `flow`'s chains) of the table of `flow`
/// for the thread page at `root`.
pub(super) fn rows_of(flow: &ThreadFlow, root: &str, chains: &[usize]) -> Vec<FlowRow> {
    chains
        .iter()
        .filter_map(|&i| flow.lineage.chains.get(i))
        .map(|c| chain_row(flow, &c.ids, root))
        .collect()
}

/// The status of the chain whose finding in each round is `ids` (`open`, or what became
/// of its last finding), its label, and the round of its last finding (0-based).
fn chain_status(flow: &ThreadFlow, ids: &[Option<String>]) -> (&'static str, String, usize) {
    let n = flow.rounds.len();
    let last = ids.iter().rposition(Option::is_some).unwrap_or(0);
    if last + 1 == n {
        return ("open", "open".to_string(), last);
    }
    let earlier = ids[last].as_deref().unwrap_or("");
    let (mark, label) = outcome_mark(flow.outcome_after(last, earlier));
    (mark, format!("{label} in round {}", last + 2), last)
}

/// The row of the chain whose finding in each round is `ids`.
fn chain_row(flow: &ThreadFlow, ids: &[Option<String>], root: &str) -> FlowRow {
    let n = flow.rounds.len();
    let (status, status_label, last) = chain_status(flow, ids);
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
    FlowRow {
        title,
        status,
        status_label,
        cells,
    }
}
