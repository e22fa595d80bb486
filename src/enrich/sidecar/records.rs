//! The reader's record-level rules: each record of the sidecar (review, agent, pass,
//! tool calls, consolidated finding) read field by field, its known keys listed (the
//! others are kept in its `extra` map), and locations written as text.

use super::fields::{extra, join, present, Reader};
use super::schema::{
    AgentRecord, DowngradeRecord, FindingRecord, LocationRecord, PassRecord, RangeRecord,
    ReviewRecord, ToolCallsRecord,
};
use crate::model::Severity;
use serde_json::{Map, Value};

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
    pub(super) fn review(&mut self, map: &Map<String, Value>) -> ReviewRecord {
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

    pub(super) fn agent(&mut self, map: &Map<String, Value>, at: &str) -> Option<AgentRecord> {
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

    pub(super) fn finding(&mut self, map: &Map<String, Value>, at: &str) -> Option<FindingRecord> {
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
pub(crate) fn location_from_text(text: &str) -> LocationRecord {
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
#[cfg(test)]
mod tests {
    use super::*;

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
