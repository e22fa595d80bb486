//! Partial totals of a retro metrics column: which totals sum only the passes the report
//! states (`AgentMetrics::partial`).

use serde::{Deserialize, Serialize};

/// A total of an agent's metrics column that can be summed from per-pass rows.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum MetricField {
    Duration,
    Findings,
    ToolCalls,
    DesignObservations,
    FalsePositives,
    UniqueInsights,
    FilesReviewed,
    CoverageMisses,
    Downgraded,
    Dropped,
}

/// The totals of a column that hold the known passes' sum only (a lower bound), in
/// [`MetricField`] order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct PartialTotals(pub Vec<MetricField>);

impl PartialTotals {
    /// Whether the total of `field` is partial.
    pub fn contains(&self, field: MetricField) -> bool {
        self.0.contains(&field)
    }
    /// Whether every total is whole.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
