//! The finding cards of a review page: severity, title, location chips linked to the
//! reviewed commit, agents, tags and notes, what was done about the finding, the code
//! excerpts, and the body with its field lines kept apart.

use super::contents::TocChild;
use super::excerpt::{excerpt_view, ExcerptView};
use super::lineage::SinceView;
use super::markup::Markup;
use crate::aggregate::page_ids::finding_title;
use crate::html::markdown;
use crate::model::{ActionClass, Finding, Review, Severity};
use crate::render::common::{severity_slug, truncate};
use crate::render::pills::{agent_pill, AgentPill};
use serde::Serialize;
use std::collections::HashMap;

/// A finding card.
#[derive(Debug, Serialize)]
pub(super) struct FindingView {
    id: String,
    severity: &'static str,
    severity_label: &'static str,
    title_html: String,
    locations: Vec<LocationView>,
    /// The title line's location part as written, when it says more than its paths.
    locations_html: String,
    agents: Vec<AgentPill>,
    tags: Vec<TagView>,
    notes: Vec<String>,
    /// Severities the agents gave before reconciliation (sidecar):
    /// `Claude Opus 4.7: critical, Codex GPT 5.5: important`; empty when unknown.
    original_severities: String,
    resolution: Option<ResolutionView>,
    /// The cited lines read from the reviewed commit, one per location.
    excerpts: Vec<ExcerptView>,
    body_html: String,
    /// The finding of an earlier round it continues, or new this round (PR threads).
    since: Option<SinceView>,
}

impl FindingView {
    /// What the card says of the finding's past, from `cards` (by anchor).
    pub(super) fn set_since(&mut self, cards: &HashMap<String, SinceView>) {
        self.since = cards.get(&self.id).cloned();
    }
}

/// A location chip: the reference as written, linked to its permalink when the reviewed
/// commit has the file.
#[derive(Debug, Serialize)]
struct LocationView {
    text: String,
    url: Option<String>,
}

#[derive(Debug, Serialize)]
struct TagView {
    label: String,
    class: String,
}

#[derive(Debug, Serialize)]
struct ResolutionView {
    label: String,
    class: &'static str,
    reason: String,
    reason_html: String,
    /// The commit the Resolution table names for this finding (plain text), if any.
    commit: String,
}

/// The finding cards of section `si` (whose own severity is `section_severity`) with their
/// entries in the contents, in page order. `finding_ids[i]` is the anchor of finding `i`.
pub(super) fn section_findings(
    review: &Review,
    si: usize,
    section_severity: Option<Severity>,
    finding_ids: &[String],
    markup: &mut Markup,
) -> (Vec<FindingView>, Vec<TocChild>) {
    let mut cards = Vec::new();
    let mut children = Vec::new();
    for (fi, f) in review.findings.iter().enumerate() {
        if f.section != si {
            continue;
        }
        let id = finding_ids.get(fi).cloned().unwrap_or_default();
        let sev = f.severity.or(section_severity);
        let title = finding_title(f);
        children.push(TocChild {
            anchor: id.clone(),
            id: id.clone(),
            label: truncate(&markdown::plain_text(title), 60),
            title: markdown::plain_text(title),
            severity: severity_slug(sev),
        });
        cards.push(finding_view(review, f, id, sev, markup));
    }
    (cards, children)
}

/// The card of finding `f`, anchored at `id`, of severity `sev`.
fn finding_view(
    review: &Review,
    f: &Finding,
    id: String,
    sev: Option<Severity>,
    markup: &mut Markup,
) -> FindingView {
    FindingView {
        id,
        severity: severity_slug(sev),
        severity_label: sev.map(Severity::label).unwrap_or(""),
        title_html: markup.inline(finding_title(f)),
        locations: f
            .locations
            .iter()
            .map(|l| LocationView {
                text: l.raw.trim().trim_matches('`').to_string(),
                url: location_link(review.source_links.as_ref(), l),
            })
            .filter(|l| !l.text.is_empty())
            .collect(),
        locations_html: f
            .location_text
            .as_deref()
            .map(|md| {
                markdown::render_inline_with_code_links(
                    md,
                    markup.root,
                    Some(markup.known),
                    review.source_links.as_ref(),
                )
            })
            .unwrap_or_default(),
        agents: f.agents.iter().map(|a| agent_pill(a, "")).collect(),
        tags: f
            .tags
            .iter()
            .map(|t| TagView {
                label: t.clone(),
                class: crate::text::anchors::slugify(t),
            })
            .collect(),
        notes: f.notes.clone(),
        original_severities: f
            .original_severities
            .iter()
            .map(|o| format!("{}: {}", o.agent, o.severity.label().to_lowercase()))
            .collect::<Vec<_>>()
            .join(", "),
        resolution: f.resolution.as_ref().map(|r| {
            let mut v = resolution_view(r);
            v.commit = resolution_commit(review, &f.id);
            v
        }),
        excerpts: f.excerpts.iter().map(excerpt_view).collect(),
        body_html: finding_body(review, f, markup),
        since: None,
    }
}

/// The badge of what was done about a finding.
fn resolution_view(r: &crate::model::FindingResolution) -> ResolutionView {
    let (class, default_label) = match r.action {
        ActionClass::Fixed => ("res-fixed", "Fixed"),
        ActionClass::TestWritten => ("res-test", "Test written"),
        ActionClass::Commented => ("res-commented", "Commented"),
        ActionClass::DocumentationUpdated => ("res-docs", "Docs updated"),
        ActionClass::Skipped => ("res-skipped", "Skipped"),
        ActionClass::Other => ("res-other", "Resolution"),
    };
    let label = markdown::plain_text(&r.label);
    ResolutionView {
        label: if label.is_empty() {
            default_label.into()
        } else {
            label
        },
        class,
        reason: r
            .reason
            .as_deref()
            .map(markdown::plain_text)
            .unwrap_or_default(),
        reason_html: r
            .reason
            .as_deref()
            .map(markdown::render_inline)
            .unwrap_or_default(),
        commit: String::new(),
    }
}

/// The per-row commit a Resolution table gives for finding `id`.
fn resolution_commit(review: &Review, id: &str) -> String {
    review
        .resolution
        .as_ref()
        .and_then(|r| {
            r.actions
                .iter()
                .find(|a| a.finding_ids.iter().any(|f| f == id))
        })
        .and_then(|a| a.commit.as_deref())
        .map(markdown::plain_text)
        .unwrap_or_default()
}

/// Keeps `**Severity:** Important` / `**Location:** ...` lines of a finding body on lines
/// of their own: consecutive field lines get a hard break, so they do not run together
/// into one paragraph. Lines inside fences are left alone.
fn field_lines_apart(body: &str) -> String {
    fn is_field(line: &str) -> bool {
        let t = line.trim_start();
        let Some(rest) = t.strip_prefix("**") else {
            return false;
        };
        match rest.find(":**") {
            Some(i) => {
                let name = &rest[..i];
                !name.is_empty()
                    && name.chars().count() <= 30
                    && name
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '/'))
            }
            None => false,
        }
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out = String::with_capacity(body.len() + 16);
    let mut fence: Option<char> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim_start();
        if let Some(c) = fence {
            if t.starts_with(&format!("{c}{c}{c}")) {
                fence = None;
            }
        } else if t.starts_with("```") || t.starts_with("~~~") {
            fence = t.chars().next();
        }
        out.push_str(line);
        let next_is_field = lines.get(i + 1).is_some_and(|n| is_field(n));
        if fence.is_none() && is_field(line) && next_is_field && !line.ends_with('\\') {
            out.push('\\');
        }
        if i + 1 < lines.len() {
            out.push('\n');
        }
    }
    out
}

/// A finding's body: `path:line` references linked to the reviewed commit, and the code
/// blocks an excerpt already shows left out.
fn finding_body(review: &Review, f: &Finding, markup: &mut Markup) -> String {
    let md = field_lines_apart(&f.body);
    if md.trim().is_empty() {
        return String::new();
    }
    let mut ctx = markup.ctx(Some(4));
    ctx.source_links = review.source_links.as_ref();
    ctx.hidden_code = f
        .code_blocks
        .iter()
        .filter(|b| b.duplicates_excerpt)
        .map(|b| markdown::code_key(&b.code))
        .collect();
    markdown::render_block(&md, &mut ctx)
}

/// The permalink of a location chip: its lines, or the whole file when it cites none.
fn location_link(
    links: Option<&crate::model::SourceLinks>,
    loc: &crate::model::Location,
) -> Option<String> {
    crate::text::coderef::link(links?, loc.path.as_deref()?, &loc.ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_lines_keep_their_own_lines() {
        let body = "**Severity:** Important\n**Location:** `a.go:1`\n**Agents:** X\n\nProse **bold:** no.\n\n```\n**A:** 1\n**B:** 2\n```\n";
        let out = field_lines_apart(body);
        assert!(
            out.starts_with("**Severity:** Important\\\n**Location:** `a.go:1`\\\n**Agents:** X\n")
        );
        assert!(out.contains("```\n**A:** 1\n**B:** 2\n```"), "{out}");
        assert_eq!(field_lines_apart("plain\ntext"), "plain\ntext");
    }
}
