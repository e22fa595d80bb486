//! The sidecar JSON format, version 1: its typed records, and a lenient reader that turns
//! a sidecar's JSON into them, reporting every field of the wrong type by its JSON path.
//!
//! The format is documented in `docs/sidecar.md` and `docs/sidecar.schema.json`. Reading is
//! field by field: a field of the wrong type becomes one [`Problem`] (`agents[2].duration_secs:
//! expected a whole number of seconds, found "abc"`) and is treated as absent, while every
//! other field still counts. Fields this version does not know are kept in the records'
//! `extra` maps and otherwise ignored. Applying the records to a review is `enrich`'s job;
//! deriving them from a parsed report is `extract`'s.

use crate::model::{AgentStatus, Severity, VerdictClass};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The schema version this build reads and writes (`"schema": 1`).
pub const SCHEMA_VERSION: u64 = 1;

/// The top-level keys of a sidecar (the fields of [`Sidecar`] but `extra`).
pub const KEYS: [&str; 5] = [
    "schema",
    "generator",
    "review",
    "agents",
    "consolidated_findings",
];

/// A whole sidecar.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Sidecar {
    /// Always [`SCHEMA_VERSION`].
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
    pub fn has_metrics(&self) -> bool {
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

/// A field of the wrong type or an unusable value, by JSON path (`agents[2].duration_secs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What reading a sidecar gave.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// `None` when the schema version is not one this build reads: nothing is applied.
    pub sidecar: Option<Sidecar>,
    pub problems: Vec<Problem>,
}

/// Reads a sidecar's JSON leniently. Every field of the wrong type is one problem and is
/// treated as absent; everything else is kept.
pub fn read(value: &Value) -> ReadOutcome {
    let mut r = Reader::default();
    let Some(top) = r.object(value, "") else {
        return ReadOutcome {
            sidecar: None,
            problems: r.problems,
        };
    };
    match top.get("schema") {
        None => r.problem(
            "schema",
            format!("missing; assuming version {SCHEMA_VERSION}"),
        ),
        Some(Value::Number(n)) if n.as_u64() == Some(SCHEMA_VERSION) => {}
        Some(other) => {
            r.problem(
                "schema",
                format!(
                    "unsupported schema version {}; this reviewsite reads version {SCHEMA_VERSION} \
                     (`\"schema\": {SCHEMA_VERSION}`): the sidecar is ignored",
                    shown(other)
                ),
            );
            return ReadOutcome {
                sidecar: None,
                problems: r.problems,
            };
        }
    }
    let mut sidecar = Sidecar {
        schema: SCHEMA_VERSION,
        generator: r.string(top, "", "generator"),
        extra: extra(top, &KEYS),
        ..Default::default()
    };
    if let Some(v) = present(top, "review") {
        if let Some(map) = r.object(v, "review") {
            sidecar.review = r.review(map);
        }
    }
    if let Some(list) = present(top, "agents").and_then(|v| r.array(v, "agents")) {
        for (i, item) in list.iter().enumerate() {
            let at = format!("agents[{i}]");
            if let Some(map) = r.object(item, &at) {
                if let Some(agent) = r.agent(map, &at) {
                    sidecar.agents.push(agent);
                }
            }
        }
    }
    if let Some(list) =
        present(top, "consolidated_findings").and_then(|v| r.array(v, "consolidated_findings"))
    {
        for (i, item) in list.iter().enumerate() {
            let at = format!("consolidated_findings[{i}]");
            if let Some(map) = r.object(item, &at) {
                if let Some(f) = r.finding(map, &at) {
                    sidecar.consolidated_findings.push(f);
                }
            }
        }
    }
    ReadOutcome {
        sidecar: Some(sidecar),
        problems: r.problems,
    }
}

/// The value of `key`, unless absent or `null`.
fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn extra(map: &Map<String, Value>, known: &[&str]) -> Map<String, Value> {
    map.iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// A value as shown in a message: compact JSON, cut at 60 characters.
fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Whether `s` is an RFC 3339 date-time.
pub fn parse_rfc3339(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

const REVIEW_KEYS: &[&str] = &[
    "id",
    "date",
    "started_at",
    "repo",
    "pr",
    "branch",
    "round",
    "author",
    "verdict",
    "review_sha",
    "head_sha",
    "wall_clock_secs",
];

const AGENT_KEYS: &[&str] = &[
    "name",
    "family",
    "model",
    "effort",
    "status",
    "duration_secs",
    "passes",
    "tool_calls",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "findings",
    "design_observations",
    "false_positives",
    "unique_insights",
    "files_reviewed",
    "coverage_misses",
    "downgraded",
    "downgrades",
    "dropped",
];

const PASS_KEYS: &[&str] = &["pass", "started_at", "ended_at", "duration_secs", "status"];

const FINDING_KEYS: &[&str] = &[
    "id",
    "severity",
    "title",
    "agents",
    "original_severities",
    "locations",
];

const STATUS_WORDS: &str = "one of \"ok\", \"empty\", \"malformed\", \"failed\"";
const SEVERITY_WORDS: &str = "one of \"critical\", \"important\", \"suggestion\"";

impl Reader {
    fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Problem {
            path: if path.is_empty() {
                "$".into()
            } else {
                path.into()
            },
            message,
        });
    }

    fn wrong(&mut self, path: &str, expected: &str, found: &Value) {
        self.problem(path, format!("expected {expected}, found {}", shown(found)));
    }

    fn object<'a>(&mut self, v: &'a Value, at: &str) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.wrong(at, "an object", other);
                None
            }
        }
    }

    fn array<'a>(&mut self, v: &'a Value, at: &str) -> Option<&'a Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.wrong(at, "an array", other);
                None
            }
        }
    }

    /// A field deserialised as `T`; `None` when absent, `null` or of the wrong type.
    fn typed<T: DeserializeOwned>(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        key: &str,
        expected: &str,
    ) -> Option<T> {
        let v = present(map, key)?;
        match serde_json::from_value(v.clone()) {
            Ok(t) => Some(t),
            Err(_) => {
                self.wrong(&join(at, key), expected, v);
                None
            }
        }
    }

    fn string(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
        self.typed(map, at, key, "a string")
    }

    fn count(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<u32> {
        self.typed(map, at, key, "a whole number (0 or more)")
    }

    /// Seconds: a whole number; a fractional one is rounded.
    fn secs(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<u64> {
        let v = present(map, key)?;
        if let Some(n) = v.as_u64() {
            return Some(n);
        }
        match v.as_f64() {
            Some(f) if f >= 0.0 && f.is_finite() && f < u64::MAX as f64 => Some(f.round() as u64),
            _ => {
                self.wrong(&join(at, key), "a number of seconds (0 or more)", v);
                None
            }
        }
    }

    fn timestamp(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
        let s: String = self.typed(map, at, key, "an RFC 3339 date-time string")?;
        if parse_rfc3339(&s).is_none() {
            self.problem(
                &join(at, key),
                format!(
                    "expected an RFC 3339 date-time such as \"2026-04-06T14:30:03Z\", found {}",
                    shown(&Value::String(s))
                ),
            );
            return None;
        }
        Some(s)
    }

    fn sha(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
        let s: String = self.typed(map, at, key, "a hex commit SHA string")?;
        if (7..=64).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit()) {
            Some(s)
        } else {
            self.wrong(
                &join(at, key),
                "a hex commit SHA (7 to 64 hex digits)",
                &Value::String(s),
            );
            None
        }
    }

    fn review(&mut self, map: &Map<String, Value>) -> ReviewRecord {
        let at = "review";
        let repo = self.string(map, at, "repo").filter(|s| {
            let ok = s
                .split_once('/')
                .is_some_and(|(o, n)| !o.trim().is_empty() && !n.trim().is_empty());
            if !ok {
                self.wrong(
                    "review.repo",
                    "\"owner/name\"",
                    &Value::String(s.to_string()),
                );
            }
            ok
        });
        let review_sha = if present(map, "review_sha").is_some() {
            self.sha(map, at, "review_sha")
        } else {
            self.sha(map, at, "head_sha")
        };
        ReviewRecord {
            id: self.string(map, at, "id"),
            date: self.string(map, at, "date"),
            started_at: self.timestamp(map, at, "started_at"),
            repo,
            pr: self.typed(map, at, "pr", "a PR number"),
            branch: self.string(map, at, "branch"),
            round: self.count(map, at, "round"),
            author: self.string(map, at, "author"),
            verdict: self.typed(
                map,
                at,
                "verdict",
                "one of \"merge-as-is\", \"merge-with-fixes\", \"rework\", \"issues\", \"clean\", \"other\"",
            ),
            review_sha,
            wall_clock_secs: self.secs(map, at, "wall_clock_secs"),
            extra: extra(map, REVIEW_KEYS),
        }
    }

    fn agent(&mut self, map: &Map<String, Value>, at: &str) -> Option<AgentRecord> {
        let name = match present(map, "name") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(other) => {
                self.wrong(&join(at, "name"), "a non-empty string", other);
                return None;
            }
            None => {
                self.problem(
                    &join(at, "name"),
                    "missing: an agent record needs a name; record ignored".into(),
                );
                return None;
            }
        };
        let mut passes = Vec::new();
        if let Some(list) = present(map, "passes").and_then(|v| self.array(v, &join(at, "passes")))
        {
            for (i, item) in list.iter().enumerate() {
                let pat = format!("{at}.passes[{i}]");
                if let Some(p) = self.object(item, &pat) {
                    passes.push(self.pass(p, &pat));
                }
            }
        }
        let mut downgrades = Vec::new();
        if let Some(list) =
            present(map, "downgrades").and_then(|v| self.array(v, &join(at, "downgrades")))
        {
            for (i, item) in list.iter().enumerate() {
                let dat = format!("{at}.downgrades[{i}]");
                if let Some(d) = self.object(item, &dat) {
                    let count = self.count(d, &dat, "count").unwrap_or(1);
                    let from = self.typed(d, &dat, "from", SEVERITY_WORDS);
                    let to = self.typed(d, &dat, "to", SEVERITY_WORDS);
                    match (from, to) {
                        (Some(from), Some(to)) => {
                            downgrades.push(DowngradeRecord { count, from, to })
                        }
                        _ => self
                            .problem(&dat, "needs \"from\" and \"to\" severities; ignored".into()),
                    }
                }
            }
        }
        Some(AgentRecord {
            family: self.string(map, at, "family"),
            model: self.string(map, at, "model"),
            effort: self.string(map, at, "effort"),
            status: self.typed(map, at, "status", STATUS_WORDS),
            duration_secs: self.secs(map, at, "duration_secs"),
            passes,
            tool_calls: self.tool_calls(map, at),
            tokens_in: self.typed(map, at, "tokens_in", "a whole number of tokens"),
            tokens_out: self.typed(map, at, "tokens_out", "a whole number of tokens"),
            cost_usd: self.typed(map, at, "cost_usd", "a number (US dollars)"),
            findings: self.typed(
                map,
                at,
                "findings",
                "an object of counts {\"critical\", \"important\", \"suggestion\"}",
            ),
            design_observations: self.count(map, at, "design_observations"),
            false_positives: self.count(map, at, "false_positives"),
            unique_insights: self.count(map, at, "unique_insights"),
            files_reviewed: self.count(map, at, "files_reviewed"),
            coverage_misses: self.count(map, at, "coverage_misses"),
            downgraded: self.count(map, at, "downgraded"),
            downgrades,
            dropped: self.count(map, at, "dropped"),
            extra: extra(map, AGENT_KEYS),
            name,
        })
    }

    fn pass(&mut self, map: &Map<String, Value>, at: &str) -> PassRecord {
        PassRecord {
            pass: self.count(map, at, "pass"),
            started_at: self.timestamp(map, at, "started_at"),
            ended_at: self.timestamp(map, at, "ended_at"),
            duration_secs: self.secs(map, at, "duration_secs"),
            status: self.typed(map, at, "status", STATUS_WORDS),
            extra: extra(map, PASS_KEYS),
        }
    }

    fn tool_calls(&mut self, map: &Map<String, Value>, at: &str) -> Option<ToolCallsRecord> {
        let v = present(map, "tool_calls")?;
        let path = join(at, "tool_calls");
        const EXPECTED: &str =
            "a count, {\"total\": n, \"by_tool\": {tool: count}} or {tool: count}";
        match v {
            Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(total) => Some(ToolCallsRecord {
                    total: Some(total),
                    by_tool: Map::new(),
                }),
                None => {
                    self.wrong(&path, EXPECTED, v);
                    None
                }
            },
            Value::Object(m) => {
                let structured =
                    m.is_empty() || m.contains_key("total") || m.contains_key("by_tool");
                if structured {
                    let total = self.count(m, &path, "total");
                    let by_tool = match present(m, "by_tool") {
                        Some(Value::Object(b)) => self.tool_counts(b, &join(&path, "by_tool")),
                        Some(other) => {
                            self.wrong(&join(&path, "by_tool"), "an object {tool: count}", other);
                            Map::new()
                        }
                        None => Map::new(),
                    };
                    Some(ToolCallsRecord { total, by_tool })
                } else {
                    let by_tool = self.tool_counts(m, &path);
                    let total = by_tool
                        .values()
                        .filter_map(Value::as_u64)
                        .fold(0u32, |a, n| a.saturating_add(n.min(u32::MAX as u64) as u32));
                    Some(ToolCallsRecord {
                        total: Some(total),
                        by_tool,
                    })
                }
            }
            other => {
                self.wrong(&path, EXPECTED, other);
                None
            }
        }
    }

    /// Tool name to count, keeping only whole-number counts.
    fn tool_counts(&mut self, m: &Map<String, Value>, at: &str) -> Map<String, Value> {
        let mut out = Map::new();
        for (tool, n) in m {
            match n.as_u64().filter(|n| *n <= u32::MAX as u64) {
                Some(n) => {
                    out.insert(tool.clone(), Value::from(n));
                }
                None => self.wrong(&join(at, tool), "a whole number of calls", n),
            }
        }
        out
    }

    fn finding(&mut self, map: &Map<String, Value>, at: &str) -> Option<FindingRecord> {
        let id = match present(map, "id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            Some(other) => {
                self.wrong(&join(at, "id"), "a finding id string such as \"I3\"", other);
                return None;
            }
            None => {
                self.problem(
                    &join(at, "id"),
                    "missing: a consolidated finding needs an id; record ignored".into(),
                );
                return None;
            }
        };
        let original_severities = match present(map, "original_severities") {
            None => None,
            Some(Value::Object(m)) => {
                let mut out = Map::new();
                for (agent, sev) in m {
                    match serde_json::from_value::<Severity>(sev.clone()) {
                        Ok(_) => {
                            out.insert(agent.clone(), sev.clone());
                        }
                        Err(_) => self.wrong(
                            &format!("{at}.original_severities[{}]", Value::String(agent.clone())),
                            SEVERITY_WORDS,
                            sev,
                        ),
                    }
                }
                Some(out)
            }
            Some(other) => {
                self.wrong(
                    &join(at, "original_severities"),
                    "an object {agent: severity}",
                    other,
                );
                None
            }
        };
        let locations = match present(map, "locations") {
            None => None,
            Some(v) => self.array(v, &join(at, "locations")).map(|list| {
                let mut out = Vec::new();
                for (i, item) in list.iter().enumerate() {
                    let lat = format!("{at}.locations[{i}]");
                    match item {
                        Value::String(s) => out.push(location_from_text(s)),
                        Value::Object(_) => {
                            match serde_json::from_value::<LocationRecord>(item.clone()) {
                                Ok(l) => out.push(l),
                                Err(e) => self.problem(
                                    &lat,
                                    format!(
                                        "expected {{\"path\", \"ranges\": [{{\"start\", \"end\"}}], \"raw\"}}: {e}"
                                    ),
                                ),
                            }
                        }
                        other => self.wrong(&lat, "a location object or \"path:lines\" string", other),
                    }
                }
                out
            }),
        };
        Some(FindingRecord {
            severity: self.typed(map, at, "severity", SEVERITY_WORDS),
            title: self.string(map, at, "title"),
            agents: self.typed(map, at, "agents", "an array of agent names"),
            original_severities,
            locations,
            extra: extra(map, FINDING_KEYS),
            id,
        })
    }
}

/// `src/a.go:12-30,40` -> path and ranges; anything else is a path without lines.
pub fn location_from_text(text: &str) -> LocationRecord {
    let raw = text.trim();
    let (path, lines) = match raw.rsplit_once(':') {
        Some((p, l))
            if !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '-' | ',' | ' ' | '\u{2013}')) =>
        {
            (p, l)
        }
        _ => (raw, ""),
    };
    let ranges = lines
        .split(',')
        .filter_map(|part| {
            let part = part.trim();
            if part.is_empty() {
                return None;
            }
            let (a, b) = part.split_once(['-', '\u{2013}']).unwrap_or((part, part));
            let start = a.trim().parse().ok()?;
            let end = b.trim().parse().ok()?;
            Some(RangeRecord { start, end })
        })
        .collect();
    LocationRecord {
        path: (!path.is_empty()).then(|| path.to_string()),
        ranges,
        raw: Some(raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn paths(o: &ReadOutcome) -> Vec<String> {
        o.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn v0_shape_of_the_bundled_example_reads_without_problems() {
        let o = read(&json!({
            "schema": 1,
            "review": {"id": "x", "repo": "acme/tern", "pr": 212, "round": 2,
                "head_sha": "0d84b6e9c1a5f0b7d2e4", "started_at": "2026-04-06T14:30:03Z",
                "wall_clock_secs": 1727, "verdict": "merge-with-fixes"},
            "agents": [{"name": "Codex GPT 5.5", "effort": "xhigh", "duration_secs": 631,
                "tool_calls": {"shell": 44, "Read": 2}, "findings": {"important": 1, "suggestion": 1}},
                {"name": "Gemini", "tool_calls": null}]
        }));
        assert!(o.problems.is_empty(), "{:?}", paths(&o));
        let s = o.sidecar.unwrap();
        assert_eq!(s.review.review_sha.as_deref(), Some("0d84b6e9c1a5f0b7d2e4"));
        assert_eq!(s.review.verdict, Some(VerdictClass::MergeWithFixes));
        let tc = s.agents[0].tool_calls.as_ref().unwrap();
        assert_eq!(tc.total, Some(46));
        assert_eq!(tc.by_tool.keys().collect::<Vec<_>>(), ["shell", "Read"]);
        assert_eq!(s.agents[0].findings.unwrap().important, 1);
        assert_eq!(s.agents[1].tool_calls, None);
    }

    #[test]
    fn every_wrong_field_is_named_and_the_rest_is_kept() {
        let o = read(&json!({
            "schema": 1,
            "review": {"wall_clock_secs": "long", "round": 3, "repo": "norepo"},
            "agents": [
                {"name": "Claude", "duration_secs": 10},
                {"name": "Codex", "duration_secs": "abc", "tool_calls": 5, "status": "exploded"},
                7,
                {"duration_secs": 3}
            ],
            "consolidated_findings": [{"id": "I1", "severity": "huge", "agents": ["Claude"]}]
        }));
        let p = paths(&o);
        for want in [
            "review.wall_clock_secs: expected a number of seconds (0 or more), found \"long\"",
            "review.repo: expected \"owner/name\", found \"norepo\"",
            "agents[1].duration_secs: expected a number of seconds (0 or more), found \"abc\"",
            "agents[1].status: expected one of",
            "agents[2]: expected an object, found 7",
            "agents[3].name: missing",
            "consolidated_findings[0].severity: expected one of",
        ] {
            assert!(p.iter().any(|x| x.starts_with(want)), "{want} not in {p:?}");
        }
        let s = o.sidecar.unwrap();
        assert_eq!(s.review.round, Some(3));
        assert_eq!(s.agents.len(), 2);
        assert_eq!(s.agents[1].duration_secs, None);
        assert_eq!(s.agents[1].tool_calls.as_ref().unwrap().total, Some(5));
        assert_eq!(
            s.consolidated_findings[0].agents.as_deref(),
            Some(&["Claude".to_string()][..])
        );
    }

    #[test]
    fn unknown_fields_are_kept_in_extra() {
        let o = read(&json!({"schema": 1, "pipeline": {"v": 3},
            "agents": [{"name": "Qwen", "gpu": "A100"}]}));
        assert!(o.problems.is_empty());
        let s = o.sidecar.unwrap();
        assert!(s.extra.contains_key("pipeline"));
        assert_eq!(s.agents[0].extra["gpu"], "A100");
        assert!(!s.agents[0].has_metrics());
    }

    #[test]
    fn unknown_schema_ignores_the_file() {
        for schema in [json!(2), json!("reviewsite-sidecar/9"), json!(null)] {
            let o = read(&json!({"schema": schema, "review": {"round": 1}}));
            assert!(o.sidecar.is_none(), "{schema}");
            assert!(paths(&o)[0].starts_with("schema: unsupported schema version"));
        }
        let o = read(&json!({"review": {"round": 1}}));
        assert_eq!(paths(&o), ["schema: missing; assuming version 1"]);
        assert_eq!(o.sidecar.unwrap().review.round, Some(1));
    }

    #[test]
    fn timestamps_must_be_rfc3339() {
        let o = read(&json!({"schema": 1, "agents": [{"name": "A", "passes": [
            {"pass": 1, "started_at": "2026-04-06T14:30:03Z", "ended_at": "yesterday"}]}]}));
        assert_eq!(o.problems.len(), 1);
        assert!(o.problems[0]
            .to_string()
            .starts_with("agents[0].passes[0].ended_at: expected an RFC 3339"));
        let s = o.sidecar.unwrap();
        assert_eq!(
            s.agents[0].passes[0].started_at.as_deref(),
            Some("2026-04-06T14:30:03Z")
        );
    }

    #[test]
    fn locations_as_text() {
        let l = location_from_text("src/a.go:12-30, 40");
        assert_eq!(l.path.as_deref(), Some("src/a.go"));
        assert_eq!(
            l.ranges,
            [
                RangeRecord { start: 12, end: 30 },
                RangeRecord { start: 40, end: 40 }
            ]
        );
        assert_eq!(location_from_text("docs/").ranges, []);
    }
}
