//! Reading a whole sidecar: the schema version checked, then each record read leniently,
//! every problem kept.

use super::fields::{extra, present, shown, Problem, Reader};
use super::schema::{Sidecar, KEYS, SCHEMA_VERSION};
use serde_json::Value;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VerdictClass;
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
}
