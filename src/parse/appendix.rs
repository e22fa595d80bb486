//! The appendix of original per-agent reviews: which headings open an agent's review.
//! Agents' own headings (any level, `## Executive Summary`, `### Finding 3`) stay inside it.
//!
//! The appendix runs from the first `## Appendix` heading to the end of the report, except a
//! trailing `## Resolution` (with a resolution table) appended after it. Each agent's review
//! runs from its heading to the next agent's; an agent heading swallowed by a code block
//! the previous review left open still starts a review (with a warning).

use super::blocks::{slice, strip_rules, BlockKind};
use super::layout::{heading_level, is_heading, Input, RawSection};
use super::resolution::is_resolution_table;
use super::sections;
use crate::diagnostics::Diagnostic;
use crate::model::{AgentReview, Metadata, SectionKind};
use crate::text::anchors::{slugify, Anchors};
use crate::text::names::{agent_family, heading_word_names_family};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// True when the first word of `name` (brackets stripped) is a known family or one of
/// `extra` (families or names from the Reviewers row).
fn names_agent(name: &str, extra: &[String]) -> bool {
    let first = name
        .trim()
        .trim_start_matches('[')
        .split(|c: char| c.is_whitespace() || c == ']' || c == ',' || c == ':')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if first.is_empty() {
        return false;
    }
    heading_word_names_family(&first)
        || extra
            .iter()
            .any(|e| !e.is_empty() && first == e.to_lowercase())
}

/// For a heading inside the appendix: the agent label it opens, if it opens one.
/// `level`: heading level; `title`: heading inline text.
pub(crate) fn agent_heading(level: u8, title: &str, extra: &[String]) -> bool {
    static APPX: OnceLock<Regex> = OnceLock::new();
    static PASS: OnceLock<Regex> = OnceLock::new();
    let t = title.trim();
    let appx = APPX.get_or_init(|| {
        Regex::new(r"(?i)^appendix\s+([A-Z]|\d+)\s*[:.—–-]\s*(.+)$").expect("static regex")
    });
    if level <= 2 {
        return appx.is_match(t);
    }
    if level != 3 {
        return false;
    }
    let lower = t.to_lowercase();
    if lower.contains("finding") {
        return false;
    }
    if t.starts_with('[') {
        return names_agent(t, extra);
    }
    let pass = PASS.get_or_init(|| Regex::new(r"(?i)^pass\s+\d+\b").expect("static regex"));
    names_agent(t, extra) || pass.is_match(t)
}

/// The pass number in a label: `[Claude] — Pass 2` -> 2.
pub(crate) fn pass_of(label: &str) -> Option<u32> {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)\bpass\s+(\d+)").expect("static regex"))
        .captures(label)
        .and_then(|c| c[1].parse().ok())
}

/// The agent name part of a label: `Appendix A: Claude Opus 4.6 Review` -> `Claude Opus 4.6`,
/// `[Qwen] — Pass 1 (retry)` -> `[Qwen]`.
pub(crate) fn agent_name(label: &str) -> String {
    static APPX: OnceLock<Regex> = OnceLock::new();
    let appx = APPX.get_or_init(|| {
        Regex::new(r"(?i)^appendix\s+(?:[A-Z]|\d+)\s*[:.—–-]\s*(.+?)(?:\s+review)?$")
            .expect("static regex")
    });
    let t = label.trim();
    if let Some(c) = appx.captures(t) {
        return c[1].trim().to_string();
    }
    if let Some(end) = t.find(']') {
        if t.starts_with('[') {
            return t[..=end].to_string();
        }
    }
    t.split([' ', '—', '–'])
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.eq_ignore_ascii_case("review") && !w.eq_ignore_ascii_case("pass"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the appendix's parts are.
pub(crate) struct AppendixLayout {
    /// The appendix as a section: its heading and any text before the first agent's review.
    pub section: RawSection,
    /// A Resolution section appended after the appendix.
    pub trailing: Option<RawSection>,
    /// The agents' reviews, in order.
    pub agents: Vec<AgentSpan>,
}

/// One agent's review in the appendix.
pub(crate) struct AgentSpan {
    /// The text of its heading.
    pub label: String,
    /// Where its heading starts.
    pub start: usize,
    /// Its text after the heading.
    pub body: Range<usize>,
}

/// An agent heading in the appendix: where it starts and ends, and its text.
struct AgentHead {
    start: usize,
    end: usize,
    label: String,
}

/// Lays out the appendix whose heading is block `ai`.
pub(crate) fn layout(
    input: &Input,
    ai: usize,
    meta: &Metadata,
    diags: &mut Vec<Diagnostic>,
) -> AppendixLayout {
    let (appx_end, trailing) = trailing_resolution(input, ai);
    let extra = reviewer_names(meta);
    let ab = &input.blocks()[ai];
    let mut heads = agent_heads(input, ai, appx_end, &extra);
    heads_in_open_fences(input, ab.range.end..appx_end, &extra, &mut heads, diags);
    heads.sort_by_key(|h| h.start);
    let agents = heads
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let end = heads.get(k + 1).map(|n| n.start).unwrap_or(appx_end);
            AgentSpan {
                label: h.label.clone(),
                start: h.start,
                body: h.end.min(end)..end,
            }
        })
        .collect();
    let body_end = heads
        .first()
        .map(|h| h.start)
        .unwrap_or(appx_end)
        .max(ab.range.end);
    let body = if heads.first().map(|h| h.start) == Some(ab.range.start) {
        ab.range.end..ab.range.end
    } else {
        ab.range.end..body_end.min(appx_end.max(ab.range.end))
    };
    AppendixLayout {
        section: RawSection {
            kind: SectionKind::Appendix,
            severity: None,
            title: input.heading_text(ab),
            level: heading_level(ab),
            heading_start: ab.range.start,
            body,
        },
        trailing,
        agents,
    }
}

/// Where the appendix (block `ai`) ends, and the Resolution section after it: a later
/// `## Resolution` heading followed by a resolution table (the last such heading).
fn trailing_resolution(input: &Input, ai: usize) -> (usize, Option<RawSection>) {
    let blocks = input.blocks();
    let mut appx_end = input.text.len();
    let mut trailing = None;
    for j in (ai + 1)..blocks.len() {
        let b = &blocks[j];
        if !is_heading(b, 2) || !sections::plain(&input.heading_text(b)).starts_with("resolution") {
            continue;
        }
        let has_table = blocks[j + 1..]
            .iter()
            .take_while(|x| !is_heading(x, 2))
            .any(|x| x.table.as_ref().map(is_resolution_table).unwrap_or(false));
        if has_table {
            appx_end = b.range.start;
            trailing = Some(RawSection {
                kind: SectionKind::Resolution,
                severity: None,
                title: input.heading_text(b),
                level: heading_level(b),
                heading_start: b.range.start,
                body: b.range.end..input.text.len(),
            });
        }
    }
    (appx_end, trailing)
}

/// Families and first names of the reviewers the metadata lists: headings naming them open
/// agent reviews too.
fn reviewer_names(meta: &Metadata) -> Vec<String> {
    let mut out = Vec::new();
    for r in &meta.reviewers {
        out.push(r.family.clone());
        if let Some(w) = r.name.split_whitespace().next() {
            out.push(w.to_string());
        }
    }
    out
}

/// The headings from block `ai` up to `appx_end` that open an agent's review.
fn agent_heads(input: &Input, ai: usize, appx_end: usize, extra: &[String]) -> Vec<AgentHead> {
    input.blocks()[ai..]
        .iter()
        .filter(|b| {
            b.range.start < appx_end
                && matches!(b.kind, BlockKind::Heading(_))
                && agent_heading(heading_level(b), &input.heading_text(b), extra)
        })
        .map(|b| AgentHead {
            start: b.range.start,
            end: b.range.end,
            label: input.heading_text(b),
        })
        .collect()
}

/// An agent heading swallowed by an unclosed fence of the previous review: split there
/// anyway (each review renders on its own, so the fence closes at its end).
fn heads_in_open_fences(
    input: &Input,
    range: Range<usize>,
    extra: &[String],
    heads: &mut Vec<AgentHead>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut off = range.start;
    for line in slice(input.text, &range).split_inclusive('\n') {
        let start = off;
        off += line.len();
        let Some(t) = line.strip_prefix("### [") else {
            continue;
        };
        let title = format!("[{}", t.trim_end().trim_end_matches('#').trim_end());
        if heads.iter().any(|h| h.start == start)
            || !agent_heading(3, &title, extra)
            || input
                .blocks()
                .binary_search_by_key(&start, |b| b.range.start)
                .is_ok()
        {
            continue;
        }
        diags.push(Diagnostic::info(
            input.file,
            Some(input.lines.line(start)),
            format!(
                "appendix: agent heading {title:?} sits inside a code block the previous review left open; split there"
            ),
        ));
        heads.push(AgentHead {
            start,
            end: off,
            label: title,
        });
    }
}

/// The agents' reviews, with anchors taken after everything else's.
pub(crate) fn agent_reviews(
    input: &Input,
    spans: Vec<AgentSpan>,
    anchors: &mut Anchors,
) -> Vec<AgentReview> {
    spans
        .into_iter()
        .map(|s| {
            let name = agent_name(&s.label);
            let md = strip_rules(slice(input.text, &s.body));
            AgentReview {
                family: agent_family(&name),
                pass: pass_of(&s.label),
                anchor: anchors.unique(&format!("appendix-{}", slugify(&s.label))),
                line: input.lines.line(s.start),
                label: s.label,
                markdown: md,
            }
        })
        .collect()
}

/// Warns when the appendix (block `ai`) holds no agent review, or none for a reviewer the
/// metadata lists (unless the Reviewers row says that agent produced nothing).
pub(crate) fn check_agents(
    input: &Input,
    ai: usize,
    reviews: &[AgentReview],
    meta: &Metadata,
    diags: &mut Vec<Diagnostic>,
) {
    let line = input.lines.line(input.blocks()[ai].range.start);
    if reviews.is_empty() {
        diags.push(Diagnostic::info(
            input.file,
            Some(line),
            "appendix: no per-agent review headings recognised (expected `### [Agent]` or `### <Model>`); shown as one block",
        ));
        return;
    }
    for r in &meta.reviewers {
        // A reviewer the Reviewers row says produced nothing has no review to find.
        if r.family.is_empty() || r.status.is_some_and(|s| s.is_failure()) {
            continue;
        }
        if !reviews.iter().any(|a| a.family == r.family) {
            diags.push(Diagnostic::warning(
                input.file,
                Some(line),
                format!(
                    "appendix: no original review found for reviewer {:?}",
                    r.name
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_headings() {
        let none: Vec<String> = Vec::new();
        assert!(agent_heading(3, "[Claude] — Pass 1", &none));
        assert!(agent_heading(3, "[Claude Opus 4.7]", &none));
        assert!(agent_heading(3, "Claude Opus 4.6", &none));
        assert!(agent_heading(3, "Gemini 3.1 Pro Review", &none));
        assert!(agent_heading(
            3,
            "[Qwen] — Pass 1 (retry; first attempt empty)",
            &none
        ));
        assert!(agent_heading(2, "Appendix B: Codex GPT 5.4 Review", &none));
        assert!(!agent_heading(2, "Appendix: Original Reviews", &none));
        assert!(!agent_heading(3, "Executive Summary", &none));
        assert!(!agent_heading(3, "`pkg/windows/cidata/cidata.go`", &none));
        assert!(!agent_heading(3, "Host: Windows Path Conversion", &none));
        assert!(!agent_heading(2, "Critical Issues", &none));
        assert!(agent_heading(3, "[Zed] notes", &["zed".into()]));
        assert_eq!(pass_of("[Claude] — Pass 2"), Some(2));
        assert_eq!(
            agent_name("Appendix A: Claude Opus 4.6 Review"),
            "Claude Opus 4.6"
        );
        assert_eq!(agent_name("[Qwen] — Pass 1 (retry)"), "[Qwen]");
        assert_eq!(agent_name("Codex GPT 5.4 Review"), "Codex GPT 5.4");
    }
}
