//! Fields a finding body states in its first lines (`Severity:`, `File:`, `Found by:`), for
//! findings whose head does not say them.

use super::locations::{looks_like_location, parse_locations};
use super::words::severity_word;
use crate::model::{Location, Severity};
use crate::parse::static_regex::re;
use regex::Regex;
use std::sync::OnceLock;

/// Fields a finding body may state in its first lines, for findings whose head does not:
/// `**Severity:** Critical · **File:** `a.go:7` · **Found by:** Codex`, one per line, or
/// as a list. Only the text before the first blank line after the fields is read.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct BodyFields {
    pub severity: Option<Severity>,
    pub locations: Vec<Location>,
    pub agents: Vec<String>,
}

pub(crate) fn body_fields(body: &str) -> BodyFields {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let mut out = BodyFields::default();
    // The leading block: lines up to the first blank line.
    let lead: Vec<&str> = body
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    if let Some(first) = lead.first() {
        location_line(first, &mut out);
    }
    for line in lead {
        let line = line
            .trim_start()
            .trim_start_matches(['-', '*', '+'])
            .trim_start();
        for seg in line.split(['·', '|']) {
            let seg = seg.replace("**", "").replace("__", "");
            let Some((label, value)) = seg.split_once(':') else {
                continue;
            };
            let label = label.trim().trim_matches('*').trim().to_lowercase();
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match label.as_str() {
                "severity" | "priority" | "level" => {
                    let w = value
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .unwrap_or("");
                    if out.severity.is_none() {
                        out.severity = severity_word(w);
                    }
                }
                "file" | "files" | "location" | "locations" | "path" | "where"
                    if out.locations.is_empty() =>
                {
                    let spans: Vec<String> = re(&SPAN, r"`([^`]+)`")
                        .captures_iter(value)
                        .map(|c| c[1].to_string())
                        .collect();
                    let pieces = if spans.is_empty() {
                        vec![value.to_string()]
                    } else {
                        spans
                    };
                    out.locations = parse_locations(&pieces);
                }
                "found by" | "agent" | "agents" | "reported by" | "raised by" | "source"
                | "reviewer" | "reviewers"
                    if out.agents.is_empty() =>
                {
                    out.agents = value
                        .trim_matches(['[', ']'])
                        .split([',', ';'])
                        .map(|a| a.trim().trim_matches(['[', ']']).trim().to_string())
                        .filter(|a| !a.is_empty())
                        .collect();
                }
                _ => {}
            }
        }
    }
    out
}

/// A first body line that holds only where a finding is, as a `### I2 — Title` heading's
/// findings write it: code spans of locations, then perhaps the agents in brackets and a
/// parenthesised note (`` `pool.go:77-84`, `reload.go:33` [Codex] (critical, leak) ``).
fn location_line(line: &str, out: &mut BodyFields) {
    static LINE: OnceLock<Regex> = OnceLock::new();
    let Some(c) = re(
        &LINE,
        r"^\s*((?:`[^`\n]+`)(?:\s*(?:,|and|;)\s*`[^`\n]+`)*)\s*(?:\[([^\]]*)\])?\s*(?:\([^)]*\))?\s*$",
    )
    .captures(line) else {
        return;
    };
    let pieces: Vec<String> = c[1]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    let is_place = |p: &str| looks_like_location(p) && p.contains(['/', '.', ':']);
    if !pieces.iter().all(|p| is_place(p)) {
        return;
    }
    out.locations = parse_locations(&pieces);
    if let Some(agents) = c.get(2) {
        out.agents = agents
            .as_str()
            .split([',', ';'])
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_in_bodies() {
        let f = body_fields(
            "**Severity:** High · **File:** `a/b.go:7-9` · **Found by:** Codex, Kimi\n\nText.",
        );
        assert_eq!(f.severity, Some(Severity::Important));
        assert_eq!(f.locations[0].path.as_deref(), Some("a/b.go"));
        assert_eq!(f.agents, ["Codex", "Kimi"]);
        let f = body_fields("Text first.\n\n**Severity:** Critical");
        assert_eq!(f, BodyFields::default());
        // A `### I2 — Title` finding's first line: where it is, who raised it.
        let f = body_fields(
            "`pkg/pool.go:77-84`, `cmd/reload.go:33` [Codex GPT 5.5, Claude] (critical, leak)\n\nText.",
        );
        assert_eq!(f.locations.len(), 2);
        assert_eq!(f.locations[0].ranges[0].start, 77);
        assert_eq!(f.agents, ["Codex GPT 5.5", "Claude"]);
        // Code that is not a place, or a sentence after the span: not a location line.
        assert!(body_fields("`Resume`\n\nText.").locations.is_empty());
        assert!(body_fields("`a.go:7` calls `b` twice.")
            .locations
            .is_empty());
    }
}
