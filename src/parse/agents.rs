//! Agent names: the Reviewers row, agent families and models, and clock durations.

use crate::model::Reviewer;

/// Parses the Reviewers cell: `Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5, ...`.
pub fn parse_reviewers(_cell: &str) -> Vec<Reviewer> {
    Vec::new()
}

/// The normalised family of an agent name or tag: `[Claude]`, `Claude Opus 4.7` -> `claude`.
pub fn agent_family(name: &str) -> String {
    name.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Parses a wall-clock or duration text (`53 min 43 s`, `1 h 18 min 50 s`, `12m 52s`,
/// `7:03`, `312s`, `~6m`) into seconds. `—`, `N/A` and the like give `None`.
pub fn parse_duration(_text: &str) -> Option<u64> {
    None
}
