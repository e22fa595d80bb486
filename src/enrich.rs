//! Enriching parsed reviews with what is not in their Markdown: the sidecar `<stem>.json`.
//!
//! The sidecar is machine-made and wins over values parsed from the Markdown. This stage
//! validates the parts it uses (reporting the file and JSON path of anything of the wrong
//! type), applies them to the model, and leaves unknown fields alone.

use crate::diagnostics::Diagnostic;
use crate::model::Review;
use serde_json::Value;

/// The sidecar schema versions this build understands.
pub const SIDECAR_SCHEMAS: &[u64] = &[1];

/// Applies the sidecar (if any) to `review`. `sidecar_file` names it in diagnostics.
pub fn enrich(review: &mut Review, sidecar_file: &str) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let Some(sidecar) = review.sidecar.clone() else {
        return diags;
    };
    let mut warn = |path: &str, msg: String| {
        diags.push(Diagnostic::warning(
            sidecar_file,
            None,
            format!("{path}: {msg}"),
        ))
    };
    match sidecar.get("schema") {
        None => warn("$.schema", "missing; assuming version 1".into()),
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| SIDECAR_SCHEMAS.contains(&v)) => {}
        Some(other) => {
            warn(
                "$.schema",
                format!(
                    "unsupported schema {other}; this reviewsite reads version 1: values ignored"
                ),
            );
            return diags;
        }
    }
    if let Some(r) = sidecar.get("review") {
        match r {
            Value::Object(map) => {
                if let Some(v) = map.get("wall_clock_secs") {
                    match v.as_u64() {
                        Some(secs) => review.meta.wall_clock_secs = Some(secs),
                        None => warn(
                            "$.review.wall_clock_secs",
                            format!("expected a whole number of seconds, found {v}"),
                        ),
                    }
                }
                if let Some(v) = map.get("review_sha") {
                    match v.as_str() {
                        Some(s) if is_hex_sha(s) => review.meta.review_sha = Some(s.to_string()),
                        _ => warn(
                            "$.review.review_sha",
                            format!("expected a hex commit SHA, found {v}"),
                        ),
                    }
                }
            }
            other => warn(
                "$.review",
                format!("expected an object, found {}", type_name(other)),
            ),
        }
    }
    if let Some(agents) = sidecar.get("agents") {
        let Value::Array(list) = agents else {
            warn(
                "$.agents",
                format!("expected an array, found {}", type_name(agents)),
            );
            return diags;
        };
        for (i, agent) in list.iter().enumerate() {
            let at = format!("$.agents[{i}]");
            let Value::Object(a) = agent else {
                warn(
                    &at,
                    format!("expected an object, found {}", type_name(agent)),
                );
                continue;
            };
            let Some(name) = a.get("name").and_then(Value::as_str) else {
                warn(&format!("{at}.name"), "missing or not a string".into());
                continue;
            };
            let duration = match a.get("duration_secs") {
                None | Some(Value::Null) => None,
                Some(v) => match v.as_u64() {
                    Some(d) => Some(d),
                    None => {
                        warn(
                            &format!("{at}.duration_secs"),
                            format!("expected a whole number of seconds, found {v}"),
                        );
                        None
                    }
                },
            };
            if let (Some(d), Some(retro)) = (duration, review.retro.as_mut()) {
                let family = crate::agents::agent_family(name);
                let target = retro
                    .metrics
                    .iter_mut()
                    .find(|m| m.agent.eq_ignore_ascii_case(name));
                let target = match target {
                    Some(t) => Some(t),
                    None => {
                        let mut same_family =
                            retro.metrics.iter_mut().filter(|m| m.family == family);
                        match (same_family.next(), same_family.next()) {
                            (Some(only), None) => Some(only),
                            _ => None,
                        }
                    }
                };
                if let Some(m) = target {
                    m.duration_secs = Some(d);
                }
            }
        }
    }
    diags
}

fn is_hex_sha(s: &str) -> bool {
    (7..=64).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AgentMetrics, Retro};
    use serde_json::json;

    fn review_with(sidecar: Value) -> Review {
        Review {
            id: "r".into(),
            sidecar: Some(sidecar),
            retro: Some(Retro {
                metrics: vec![AgentMetrics {
                    agent: "Claude Opus 4.7".into(),
                    family: "claude".into(),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn sidecar_values_override_markdown() {
        let mut r = review_with(
            json!({"schema": 1, "review": {"wall_clock_secs": 99, "review_sha": "abcdef1234"},
            "agents": [{"name": "Claude Opus 4.7", "duration_secs": 435}], "extra": true}),
        );
        r.meta.wall_clock_secs = Some(10);
        let d = enrich(&mut r, "r.json");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.meta.wall_clock_secs, Some(99));
        assert_eq!(r.meta.review_sha.as_deref(), Some("abcdef1234"));
        assert_eq!(r.retro.unwrap().metrics[0].duration_secs, Some(435));
    }

    #[test]
    fn wrong_types_are_named() {
        let mut r = review_with(
            json!({"schema": 1, "review": {"wall_clock_secs": "long"}, "agents": [{"name": "Claude", "duration_secs": "x"}]}),
        );
        let d = enrich(&mut r, "r.json");
        let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("r.json: warning: $.review.wall_clock_secs")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|t| t.contains("$.agents[0].duration_secs")),
            "{text:?}"
        );
        assert_eq!(r.meta.wall_clock_secs, None);
    }

    #[test]
    fn unknown_schema_is_reported_and_ignored() {
        let mut r = review_with(json!({"schema": 7, "review": {"wall_clock_secs": 5}}));
        let d = enrich(&mut r, "r.json");
        assert_eq!(d.len(), 1);
        assert_eq!(r.meta.wall_clock_secs, None);
    }
}
