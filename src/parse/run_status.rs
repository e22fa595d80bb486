//! What a retro metrics table says about an agent's run: one rule for a status row's cell
//! (`Status`, `State`, `Outcome`, `Result` or `Run`), read by the metrics normaliser (a
//! failed run that reports no findings produced no output) and by the review page (which
//! colours the cell); and whether any cell says the agent produced nothing.
//!
//! Labels and cells are read as plain text (Markdown markup removed, whitespace collapsed,
//! lower-cased), so `**Status**` is a status row and `` `timed out` `` a timeout.

use crate::text::plain::plain_text;

/// What a status row's cell says about the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunStatus {
    /// The run failed: `failed`, `error`, `timeout` / `timed out`, `crashed`, `aborted`.
    Failed,
    /// The run came back empty (and the cell names no failure).
    Empty,
    /// The run succeeded: the whole cell is `ok`, `success`, `succeeded`, `done`, `passed`
    /// or `✓`.
    Ok,
    /// Anything else.
    Unknown,
}

/// Whether a row label names the run's status: `Status`, `State`, `Outcome`, `Result`, `Run`.
pub(crate) fn is_status_label(label: &str) -> bool {
    let l = plain_text(label).to_lowercase();
    matches!(l.trim(), "status" | "state" | "outcome" | "result" | "run")
}

/// What a status row's cell says about the run.
pub(crate) fn run_status(cell: &str) -> RunStatus {
    let c = plain_text(cell).to_lowercase();
    let failed = ["fail", "error", "timeout", "timed out", "crash", "abort"];
    if failed.iter().any(|w| c.contains(w)) {
        RunStatus::Failed
    } else if c.contains("empty") {
        RunStatus::Empty
    } else if matches!(
        c.trim(),
        "ok" | "success" | "succeeded" | "done" | "passed" | "✓"
    ) {
        RunStatus::Ok
    } else {
        RunStatus::Unknown
    }
}

/// Whether a cell (of any row) marks an agent that produced nothing: `~25m (empty)`,
/// `no output`.
pub(crate) fn says_no_output(cell: &str) -> bool {
    let l = cell.to_lowercase();
    l.contains("(empty)")
        || l.contains("no output")
        || l.contains("empty output")
        || l.contains("no usable output")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_labels_and_cells() {
        assert!(is_status_label("**Status**"));
        assert!(is_status_label(" run "));
        assert!(!is_status_label("Status (pass 1)"));
        assert_eq!(run_status("failed (timeout)"), RunStatus::Failed);
        assert_eq!(run_status("`timed out`"), RunStatus::Failed);
        assert_eq!(run_status("empty"), RunStatus::Empty);
        assert_eq!(run_status("failed: empty"), RunStatus::Failed);
        assert_eq!(run_status(" **OK** "), RunStatus::Ok);
        assert_eq!(run_status("✓"), RunStatus::Ok);
        assert_eq!(run_status("ok, retried"), RunStatus::Unknown);
        assert!(says_no_output("~25m (empty)"));
        assert!(!says_no_output("empty"));
    }
}
