//! The Agent Performance Retro section: per-agent prose, the metrics table, reconciliation.

use crate::model::Retro;

/// Parses the body of a retro section (Markdown, everything under its heading).
/// `first_line` is the file line where `body` starts, for diagnostics.
pub fn parse_retro(_body: &str, _first_line: usize) -> Retro {
    Retro::default()
}
