//! The sidecar's typed records, version 1 ([`Sidecar`] and what it holds), as
//! `docs/sidecar.md` and `docs/sidecar.schema.json` document them: what the reader fills,
//! what the merge applies and what `extract` writes.

use crate::model::{AgentStatus, Severity, VerdictClass};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema version this build reads and writes (`"schema": 1`).
pub(crate) const SCHEMA_VERSION: u64 = 1;

/// The top-level keys of a sidecar (the fields of [`Sidecar`] but `extra`).
pub(crate) const KEYS: [&str; 5] = [
    "schema",
    "generator",
    "review",
    "agents",
    "consolidated_findings",
];

/// A whole sidecar.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Sidecar {
    /// Always `SCHEMA_VERSION`.
    pub schema: u64,
    /// What wrote the file (`reviewsite extract 0.1.0`); informative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator: Option<String>,
    #[serde(default, skip_serializing_if = "ReviewRecord::is_empty")]
    pub review: ReviewRecord,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub agents: Vec<AgentRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consolidated_findings: Vec<FindingRecord>,
    /// Fields this version does not know: kept, ignored.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Review metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReviewRecord {
    /// The report's file stem; a mismatch is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Local date or date-time as the report states it: `2026-05-19T10:06` or `2026-03-13`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// RFC 3339 start of the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// `owner/name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pr: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    /// Login without `@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictClass>,
    /// Full or abbreviated hex SHA of the reviewed head (`head_sha` is read too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_sha: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wall_clock_secs: Option<u64>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ReviewRecord {
    fn is_empty(&self) -> bool {
        *self == ReviewRecord::default()
    }
}

/// One agent's run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentRecord {
    /// As the report names it (`Claude Opus 4.7`); matched to the Reviewers row and the
    /// retro's metrics columns by name, else by family when only one agent has it.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    /// Total over all passes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub passes: Vec<PassRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<ToolCallsRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_in: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_out: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_usd: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub findings: Option<FindingCounts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_observations: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_positives: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_insights: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files_reviewed: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage_misses: Option<u32>,
    /// How many findings were downgraded (when the moves are not itemised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub downgraded: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub downgrades: Vec<DowngradeRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dropped: Option<u32>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgentRecord {
    /// Whether the record carries any metric (anything beyond identity).
    pub(crate) fn has_metrics(&self) -> bool {
        let identity = AgentRecord {
            name: self.name.clone(),
            family: self.family.clone(),
            model: self.model.clone(),
            effort: self.effort.clone(),
            extra: self.extra.clone(),
            ..Default::default()
        };
        *self != identity
    }
}

/// One pass of an agent's run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PassRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pass: Option<u32>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Defaults to `ended_at - started_at`. `null` means unknown.
    #[serde(default)]
    pub duration_secs: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Tool calls: written as `{"total": 31, "by_tool": {"Bash": 17, ...}}`; read also as a
/// bare total (`31`) or a plain map of tool to count (`{"Bash": 17}`, total = sum).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ToolCallsRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u32>,
    /// Tool name to count, in the order given.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub by_tool: Map<String, Value>,
}

/// Findings by severity; a missing key is zero.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct FindingCounts {
    #[serde(default)]
    pub critical: u32,
    #[serde(default)]
    pub important: u32,
    #[serde(default)]
    pub suggestion: u32,
}

/// `count` findings moved from one severity to another during reconciliation.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct DowngradeRecord {
    pub count: u32,
    pub from: Severity,
    pub to: Severity,
}

/// One consolidated finding, matched to the report's by `id`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FindingRecord {
    /// `I3`.
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// Informative: the report's title is shown; a different one is reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Agents that raised it. Absent means "as the report says"; `[]` means none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<Vec<String>>,
    /// Agent name to the severity that agent gave, in the order given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_severities: Option<Map<String, Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locations: Option<Vec<LocationRecord>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A `file:lines` reference. Read also as a string (`src/a.go:12-30`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LocationRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Line ranges, inclusive; empty for the whole file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<RangeRecord>,
    /// The reference as written in the report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct RangeRecord {
    pub start: u32,
    pub end: u32,
}
