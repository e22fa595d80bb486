//! The leaderboard's columns: key, heading, tooltip, natural direction; the sorted copy
//! of the page each (column, direction) gets, and the table heads linking to them.

use serde::Serialize;

/// A leaderboard column, known by its key (`per-review`) in URLs, `data-col` and the
/// views.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Col {
    Agent,
    Reviews,
    Failures,
    Critical,
    Important,
    Suggestion,
    Findings,
    PerReview,
    Unique,
    FalsePositives,
    FpRate,
    Downgrades,
    Dropped,
    Misses,
    MedianDuration,
    TotalDuration,
    ToolCalls,
    Credited,
    Fixed,
    Skipped,
}

impl Col {
    /// The column's key.
    pub(super) fn key(self) -> &'static str {
        match self {
            Col::Agent => "agent",
            Col::Reviews => "reviews",
            Col::Failures => "failures",
            Col::Critical => "critical",
            Col::Important => "important",
            Col::Suggestion => "suggestion",
            Col::Findings => "findings",
            Col::PerReview => "per-review",
            Col::Unique => "unique",
            Col::FalsePositives => "false-positives",
            Col::FpRate => "fp-rate",
            Col::Downgrades => "downgrades",
            Col::Dropped => "dropped",
            Col::Misses => "misses",
            Col::MedianDuration => "median-duration",
            Col::TotalDuration => "total-duration",
            Col::ToolCalls => "tool-calls",
            Col::Credited => "credited",
            Col::Fixed => "fixed",
            Col::Skipped => "skipped",
        }
    }
}

/// Views show a column as its key.
impl Serialize for Col {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// A leaderboard column: its key (used in URLs and `data-col`), heading and tooltip.
pub(super) struct Column {
    pub(super) key: Col,
    pub(super) label: &'static str,
    title: &'static str,
    /// Sorted descending first (numbers); the agent name sorts ascending first.
    numeric: bool,
}

pub(super) const COLUMNS: &[Column] = &[
    Column {
        key: Col::Agent,
        label: "Agent",
        title: "Agent family or model version",
        numeric: false,
    },
    Column {
        key: Col::Reviews,
        label: "Reviews",
        title: "Reviews the agent took part in",
        numeric: true,
    },
    Column {
        key: Col::Failures,
        label: "Format failures",
        title: "Runs that produced no usable output",
        numeric: true,
    },
    Column {
        key: Col::Critical,
        label: "C",
        title: "Critical findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: Col::Important,
        label: "I",
        title: "Important findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: Col::Suggestion,
        label: "S",
        title: "Suggestions (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: Col::Findings,
        label: "Findings",
        title: "All findings (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: Col::PerReview,
        label: "Per run",
        title: "Findings per run with a known count and usable output",
        numeric: true,
    },
    Column {
        key: Col::Unique,
        label: "Unique insights",
        title: "Findings no other agent raised",
        numeric: true,
    },
    Column {
        key: Col::FalsePositives,
        label: "False positives",
        title: "Findings judged wrong in consolidation",
        numeric: true,
    },
    Column {
        key: Col::FpRate,
        label: "FP rate",
        title: "False positives ÷ findings, over runs stating both",
        numeric: true,
    },
    Column {
        key: Col::Downgrades,
        label: "Downgrades",
        title: "Findings whose severity consolidation lowered",
        numeric: true,
    },
    Column {
        key: Col::Dropped,
        label: "Dropped",
        title: "Findings consolidation dropped",
        numeric: true,
    },
    Column {
        key: Col::Misses,
        label: "Coverage misses",
        title: "Issues in the agent's scope it missed",
        numeric: true,
    },
    Column {
        key: Col::MedianDuration,
        label: "Median time",
        title: "Median duration of a run",
        numeric: true,
    },
    Column {
        key: Col::TotalDuration,
        label: "Total time",
        title: "Sum of the known run durations",
        numeric: true,
    },
    Column {
        key: Col::ToolCalls,
        label: "Tool calls",
        title: "Tool calls (sum of the metrics tables)",
        numeric: true,
    },
    Column {
        key: Col::Credited,
        label: "Credited",
        title: "Consolidated findings whose attribution names the agent",
        numeric: true,
    },
    Column {
        key: Col::Fixed,
        label: "Fixed",
        title: "Of the credited findings in reports with a Resolution: share the author fixed",
        numeric: true,
    },
    Column {
        key: Col::Skipped,
        label: "Skipped",
        title: "Of the credited findings in reports with a Resolution: share the author skipped",
        numeric: true,
    },
];

#[derive(Debug, Clone, Serialize)]
pub(super) struct Head {
    key: Col,
    label: &'static str,
    title: &'static str,
    numeric: bool,
    /// The page sorted by this column (the other direction when already sorted by it).
    pub(super) href: String,
    /// `ascending`, `descending` or `none`.
    aria_sort: &'static str,
}

/// The URL of the leaderboard sorted by `col`, relative to the agents folder.
pub(super) fn variant_file(col: Col, desc: bool) -> String {
    let key = col.key();
    if col == Col::Reviews && desc {
        "index.html".into()
    } else if desc {
        format!("by-{key}.html")
    } else {
        format!("by-{key}-asc.html")
    }
}

/// Every (column, descending) pair a leaderboard page exists for.
pub(super) fn variants() -> Vec<(Col, bool)> {
    COLUMNS
        .iter()
        .flat_map(|c| [(c.key, true), (c.key, false)])
        .collect()
}

pub(super) fn heads(col: Col, desc: bool) -> Vec<Head> {
    COLUMNS
        .iter()
        .map(|c| {
            let current = c.key == col;
            let natural_desc = c.numeric;
            let next_desc = if current { !desc } else { natural_desc };
            Head {
                key: c.key,
                label: c.label,
                title: c.title,
                numeric: c.numeric,
                href: variant_file(c.key, next_desc),
                aria_sort: match (current, desc) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_column_has_both_sorted_pages_and_one_is_the_index() {
        let files: Vec<String> = variants()
            .iter()
            .map(|(c, d)| variant_file(*c, *d))
            .collect();
        assert_eq!(files.len(), COLUMNS.len() * 2);
        assert_eq!(files.iter().filter(|f| *f == "index.html").count(), 1);
        let unique: HashSet<&String> = files.iter().collect();
        assert_eq!(unique.len(), files.len());
    }
}
