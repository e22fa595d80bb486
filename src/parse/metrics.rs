//! Normalising the retro's per-agent metrics table (metrics as rows, agents as columns)
//! into [`AgentMetrics`], whatever shape each cell takes.

use crate::model::AgentMetrics;

/// `header`: the header cells (first is `Metric` or empty, then agent names);
/// `rows`: (row label, cells) for each body row, cells in header order.
pub fn normalise_table(_header: &[String], _rows: &[(String, Vec<String>)]) -> Vec<AgentMetrics> {
    Vec::new()
}
