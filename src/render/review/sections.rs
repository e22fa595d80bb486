//! The sections of a review page, in report order: each one's prose, and by kind the
//! normalised metrics table (agent retro), the agents' reviews (the appendix), the
//! design-observation tags, then the finding cards it holds; with the contents entry of
//! each.

use super::appendix::{agent_reviews, AgentReviewView};
use super::contents::TocEntry;
use super::findings::{section_findings, FindingView};
use super::markup::Markup;
use super::metrics::{retro_parts, MetricCols, MetricsRow};
use crate::html::markdown;
use crate::model::{Review, Section, SectionKind};
use crate::render::common::{severity_slug, truncate};
use crate::text::serde_name::kind_slug;
use serde::Serialize;

/// A section of the page.
#[derive(Debug, Serialize)]
pub(super) struct SectionView {
    kind: String,
    anchor: String,
    title_html: String,
    severity: Option<&'static str>,
    body_html: String,
    findings: Vec<FindingView>,
    metrics: Vec<MetricsRow>,
    /// Which optional columns of the metrics table carry a value for some agent.
    metric_cols: MetricCols,
    /// Row labels of the table the normaliser does not know (`Tokens in`, `Cost`,
    /// `Status`), in order of appearance: shown as extra columns, so nothing is lost.
    extra_heads: Vec<String>,
    original_table_html: String,
    after_html: String,
    agent_reviews: Vec<AgentReviewView>,
}

impl SectionView {
    /// The section's finding cards.
    pub(super) fn findings_mut(&mut self) -> &mut [FindingView] {
        &mut self.findings
    }
}

/// The anchors the page gives its sections, findings and appendix entries, by index.
pub(super) struct PageIds {
    pub(super) sections: Vec<String>,
    pub(super) findings: Vec<String>,
    pub(super) agents: Vec<String>,
}

/// Every section of `review` with its contents entry, in order.
pub(super) fn sections(
    review: &Review,
    ids: &PageIds,
    markup: &mut Markup,
) -> (Vec<SectionView>, Vec<TocEntry>) {
    let mut sections = Vec::with_capacity(review.sections.len());
    let mut toc = Vec::with_capacity(review.sections.len());
    // Only the last appendix section holds the agents' reviews.
    let appendix_index = review
        .sections
        .iter()
        .rposition(|s| s.kind == SectionKind::Appendix);
    for (si, s) in review.sections.iter().enumerate() {
        let (view, entry) = section(review, si, s, ids, appendix_index == Some(si), markup);
        sections.push(view);
        toc.push(entry);
    }
    (sections, toc)
}

/// Section `si` (`s`) and its contents entry; `holds_appendix` when the agents' reviews
/// go in it.
fn section(
    review: &Review,
    si: usize,
    s: &Section,
    ids: &PageIds,
    holds_appendix: bool,
    markup: &mut Markup,
) -> (SectionView, TocEntry) {
    let anchor = ids.sections.get(si).cloned().unwrap_or_default();
    let kind = kind_slug(s.kind);
    let mut view = SectionView {
        kind: kind.clone(),
        anchor: anchor.clone(),
        title_html: markup.inline(&s.title),
        severity: s.severity.map(|sv| severity_slug(Some(sv))),
        body_html: String::new(),
        findings: Vec::new(),
        metrics: Vec::new(),
        metric_cols: MetricCols::default(),
        extra_heads: Vec::new(),
        original_table_html: String::new(),
        after_html: String::new(),
        agent_reviews: Vec::new(),
    };
    let mut children = Vec::new();
    match s.kind {
        SectionKind::AgentRetro => {
            let retro = retro_parts(review, s, markup);
            view.body_html = retro.body_html;
            view.metrics = retro.metrics;
            view.metric_cols = retro.metric_cols;
            view.extra_heads = retro.extra_heads;
            view.original_table_html = retro.original_table_html;
            view.after_html = retro.after_html;
        }
        SectionKind::Appendix if holds_appendix => {
            view.body_html = markup.block(&s.body, Some(3));
            (view.agent_reviews, children) = agent_reviews(review, &ids.agents, markup);
        }
        SectionKind::DesignObservations => {
            let mut ctx = markup.ctx(Some(3));
            ctx.design_tags = true;
            view.body_html = markdown::render_block(&s.body, &mut ctx);
        }
        _ => {
            view.body_html = markup.block(&s.body, Some(3));
        }
    }
    let (findings, finding_children) =
        section_findings(review, si, s.severity, &ids.findings, markup);
    view.findings = findings;
    children.extend(finding_children);
    let entry = TocEntry {
        kind,
        anchor,
        label: truncate(&markdown::plain_text(&s.title), 48),
        children,
    };
    (view, entry)
}
