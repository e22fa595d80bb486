//! Design Observations: `### Concerns` / `### Strengths` lists into [`Observation`]s.

use super::blocks::{dedent, slice, trim_blank_lines, Block, BlockKind, LineIndex};
use super::sections::plain;
use crate::model::{DesignObservations, Observation};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Clone, Copy, PartialEq)]
enum Bucket {
    Concerns,
    Strengths,
    Skip,
}

/// Reads the observations of one Design Observations section from its top-level blocks.
pub fn parse(src: &str, blocks: &[&Block], lines: &LineIndex) -> DesignObservations {
    let mut out = DesignObservations::default();
    let mut bucket = Bucket::Concerns;
    let mut seen_heading = false;
    for b in blocks {
        // `**Concerns**` on a line of its own acts as a heading.
        let pseudo = b.kind == BlockKind::Paragraph && {
            let t = slice(src, &b.range).trim();
            t.starts_with("**")
                && t.trim_end_matches(':').ends_with("**")
                && t.len() < 40
                && !t[2..t.len().saturating_sub(2).max(2)].contains("**")
        };
        match &b.kind {
            BlockKind::Heading(_) | BlockKind::Paragraph
                if pseudo || matches!(b.kind, BlockKind::Heading(_)) =>
            {
                seen_heading = true;
                let t = plain(b.inline.as_ref().map(|r| slice(src, r)).unwrap_or(""));
                bucket = if t.contains("strength") || t.contains("positive") {
                    Bucket::Strengths
                } else if t.contains("concern") || t.contains("risk") || t.contains("weakness") {
                    Bucket::Concerns
                } else {
                    Bucket::Skip
                };
            }
            BlockKind::List { .. } if bucket != Bucket::Skip => {
                for item in &b.items {
                    let obs = observation(src, &item.range, item.first_para.as_ref(), lines);
                    match bucket {
                        Bucket::Strengths => out.strengths.push(obs),
                        _ => out.concerns.push(obs),
                    }
                }
            }
            // `**(future)** **Title** [Agent]` paragraphs under a Concerns/Strengths heading.
            BlockKind::Paragraph if bucket != Bucket::Skip && seen_heading => {
                let t = slice(src, &b.range).trim_start();
                if t.starts_with("**") || t.starts_with("*(") || t.starts_with("`(") {
                    let obs = observation(src, &b.range, None, lines);
                    match bucket {
                        Bucket::Strengths => out.strengths.push(obs),
                        _ => out.concerns.push(obs),
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn observation(
    src: &str,
    item: &Range<usize>,
    first: Option<&Range<usize>>,
    lines: &LineIndex,
) -> Observation {
    static SCOPE: OnceLock<Regex> = OnceLock::new();
    static AGENTS: OnceLock<Regex> = OnceLock::new();
    let start = first.map(|f| f.start).unwrap_or(item.start).max(item.start);
    let indent = start.saturating_sub(lines.line_start(start));
    let text = dedent(slice(src, &(start..item.end)), indent);
    let text = trim_blank_lines(&text).to_string();
    let scope_re = SCOPE.get_or_init(|| {
        Regex::new(r"(?i)\(\s*(in[- ]scope|future|out[- ]of[- ]scope|follow[- ]?up|pre-existing|deferred|later)\s*\)")
            .expect("static regex")
    });
    let scope = scope_re
        .captures(&text)
        .map(|c| c[1].to_lowercase().replace(' ', "-"));
    let agents_re =
        AGENTS.get_or_init(|| Regex::new(r"\[([^\[\]]+)\](\()?").expect("static regex"));
    let mut agents = Vec::new();
    for c in agents_re.captures_iter(&text) {
        if c.get(2).is_some() {
            continue;
        }
        for a in c[1].split(',') {
            let a = a.trim();
            if !a.is_empty() && !agents.iter().any(|x: &String| x == a) {
                agents.push(a.to_string());
            }
        }
    }
    Observation {
        text,
        scope,
        agents,
    }
}
