//! The search documents of one review: the review itself and each consolidated finding,
//! with what results show of them and their strong and weak terms.

use super::terms::{for_each_term, push_lowercase, TermSet, Terms};
use crate::aggregate::page_ids::{finding_title, stable_ids, title_or_id};
use crate::aggregate::ReviewSummary;
use crate::model::{Finding, Review, SectionKind, Severity};
use crate::text::plain;
use crate::text::raw_html::is_markup;
use crate::text::url_path::encode_url_path;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

/// Characters of a result's snippet.
const SNIPPET_CHARS: usize = 80;

/// What one review contributes to the search index. (Serde: a one-off build packs it
/// away until the index is made.)
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct ReviewDocs {
    pub record: ReviewRecord,
    /// The review itself first, then its findings in page order.
    pub docs: Vec<SearchDoc>,
}

/// A review's documents packed small ([`crate::text::packing`]): how `serve` holds every
/// review's documents between rebuilds (an update reads back only those of the reviews
/// that changed), and the bytes a build cache's record keeps of them.
#[derive(Debug)]
pub(crate) struct PackedDocs {
    /// How many documents: an update tells a change of shape without unpacking.
    count: usize,
    bytes: Box<[u8]>,
}

impl Default for PackedDocs {
    fn default() -> PackedDocs {
        PackedDocs::none()
    }
}

impl PackedDocs {
    /// `docs` packed.
    pub(crate) fn of(docs: &ReviewDocs) -> anyhow::Result<PackedDocs> {
        Ok(PackedDocs {
            count: docs.docs.len(),
            bytes: crate::text::packing::pack(docs)?.into_boxed_slice(),
        })
    }

    /// Documents packed before (a record of the build cache), checked by reading them.
    pub(crate) fn from_bytes(bytes: Vec<u8>) -> anyhow::Result<PackedDocs> {
        let docs: ReviewDocs = crate::text::packing::unpack(&bytes)?;
        Ok(PackedDocs {
            count: docs.docs.len(),
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// No documents (a review whose documents are not held).
    pub(crate) fn none() -> PackedDocs {
        PackedDocs::of(&ReviewDocs::default()).expect("no documents pack")
    }

    /// The number of documents.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The packed bytes.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The documents.
    pub(crate) fn unpack(&self) -> ReviewDocs {
        // Packed here from a value, or checked when read (`from_bytes`): they read back.
        crate::text::packing::unpack(&self.bytes).expect("documents packed in memory read back")
    }
}

/// A review as search results show it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// Site-relative, encoded URL of the review page.
    pub url: String,
    /// Plain-text title.
    pub title: String,
    pub date: String,
    /// `owner/name`, or empty.
    pub repo: String,
    /// The verdict label as written (plain text), or empty.
    pub verdict: String,
    /// The verdict class slug (`merge-with-fixes`), or empty.
    pub verdict_class: String,
}

/// One search result: a review or one of its findings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SearchDoc {
    /// The fragment on the review page (`I3`); empty for the review itself.
    pub anchor: String,
    /// The finding id as shown (`I3`); empty for the review itself.
    pub label: String,
    pub severity: Option<Severity>,
    /// Plain-text title.
    pub title: String,
    /// The first words of the body, plain text.
    pub snippet: String,
    /// Locations as written, without backticks.
    pub locations: Vec<String>,
    /// Terms of the title, id, locations, agents, repository, PR and verdict.
    pub strong: Terms,
    /// Terms of the body that are not strong.
    pub weak: Terms,
}

/// A [`SearchDoc`] being made: the lower-cased text of its strong and its weak parts,
/// each part followed by a space, tokenised once by [`DocBuilder::finish`]. (A space
/// splits runs as the end of a text does, so the terms are those of each part on its own.)
pub(super) struct DocBuilder {
    doc: SearchDoc,
    strong: String,
    weak: String,
}

impl DocBuilder {
    pub(super) fn new(
        anchor: String,
        label: String,
        severity: Option<Severity>,
        title: String,
    ) -> Self {
        DocBuilder {
            doc: SearchDoc {
                anchor,
                label,
                severity,
                title,
                snippet: String::new(),
                locations: Vec::new(),
                strong: Terms::default(),
                weak: Terms::default(),
            },
            strong: String::new(),
            weak: String::new(),
        }
    }
    pub(super) fn strong(&mut self, text: &str) {
        push_lowercase(&mut self.strong, text);
    }
    pub(super) fn weak(&mut self, text: &str) {
        push_lowercase(&mut self.weak, text);
    }
    pub(super) fn finish(mut self) -> SearchDoc {
        let mut strong = TermSet::default();
        for_each_term(&self.strong, |t| {
            strong.insert(t);
        });
        let mut weak = TermSet::default();
        for_each_term(&self.weak, |t| {
            if !strong.contains(t) {
                weak.insert(t);
            }
        });
        self.doc.strong = Terms::pack(strong.into_iter().collect());
        self.doc.weak = Terms::pack(weak.into_iter().collect());
        self.doc
    }
}

/// Plain text of block Markdown with its code blocks, and without them (one parse).
fn block_texts(md: &str) -> (String, String) {
    let (mut all, mut prose) = (String::new(), String::new());
    let mut in_code = false;
    let opts = crate::text::dialect::options();
    for ev in Parser::new_ext(md, opts) {
        let text: &str = match &ev {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                " "
            }
            Event::Text(t) if in_code => {
                all.push_str(t);
                continue;
            }
            Event::Text(t) | Event::Code(t) => t,
            // `<instance>`, `Promise<string>`: prose, indexed.
            Event::InlineHtml(h) if !is_markup(h) => h,
            Event::Html(_) | Event::InlineHtml(_) => " ",
            Event::SoftBreak | Event::HardBreak => " ",
            Event::End(_) => " ",
            _ => continue,
        };
        all.push_str(text);
        prose.push_str(text);
    }
    (all, prose)
}

/// The first words of `text`, cut at a word boundary.
fn snippet(text: &str) -> String {
    // The words joined by single spaces, up to the first that passes the limit (the rest
    // of a long text is never shown).
    let mut joined = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
            chars += 1;
        }
        joined.push_str(word);
        chars += word.chars().count();
        if chars > SNIPPET_CHARS {
            break;
        }
    }
    let text = joined;
    if chars <= SNIPPET_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SNIPPET_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!(
        "{}\u{2026}",
        cut.trim_end_matches([',', ';', ':', '.', ' '])
    )
}

/// The search documents of one review: the review, then each consolidated finding with the
/// anchor its page gives it. Not indexed: the appendix of original agent reviews (the
/// consolidated findings carry what it found, and it would double the index), the agent
/// retro and the review-process notes.
pub(crate) fn review_docs(review: &Review, summary: &ReviewSummary) -> ReviewDocs {
    let title = plain::plain_text(&title_or_id(&summary.title, &review.id));
    let record = review_record(review, summary, title.clone());
    let mut docs = vec![review_doc(review, title)];
    let ids = stable_ids(review);
    for (i, f) in review.findings.iter().enumerate() {
        let anchor = ids.findings.get(i).cloned().unwrap_or_else(|| f.id.clone());
        docs.push(finding_doc(review, f, anchor));
    }
    ReviewDocs { record, docs }
}

/// How results show `review`, titled `title`.
fn review_record(review: &Review, summary: &ReviewSummary, title: String) -> ReviewRecord {
    let m = &review.meta;
    ReviewRecord {
        url: encode_url_path(&summary.url),
        title,
        date: summary.date.clone(),
        repo: m.repo.as_ref().map(|r| r.slug()).unwrap_or_default(),
        verdict: m
            .verdict
            .as_ref()
            .map(|v| plain::plain_text(&v.label))
            .unwrap_or_default(),
        verdict_class: m
            .verdict
            .as_ref()
            .map(|v| crate::text::serde_name::kind_slug(v.class))
            .unwrap_or_default(),
    }
}

/// The document of the review itself, titled `title`: its metadata strong, its prose weak,
/// and the verdict's rationale (or else the executive summary) as its snippet.
fn review_doc(review: &Review, title: String) -> SearchDoc {
    let m = &review.meta;
    let mut doc = DocBuilder::new(String::new(), String::new(), None, title);
    doc.strong(&review.id);
    doc.strong(&doc.doc.title.clone());
    doc.strong(&plain::plain_text(&review.title));
    doc.strong(review.kind.label());
    if let Some(repo) = &m.repo {
        doc.strong(&repo.slug());
    }
    if let Some(pr) = &m.pr {
        doc.strong(&format!("pr-{0} #{0}", pr.number));
        if let Some(t) = &pr.title {
            doc.strong(&plain::plain_text(t));
        }
    }
    if let Some(b) = &m.branch {
        doc.strong(b);
    }
    for r in &m.reviewers {
        doc.strong(&r.name);
        doc.strong(&r.family);
    }
    // The verdict's rationale, as prose: indexed, and the review's snippet when it says
    // something.
    let mut rationale = String::new();
    if let Some(v) = &m.verdict {
        doc.strong(&v.label);
        rationale = block_texts(v.rationale.as_deref().unwrap_or("")).1;
        doc.weak(&rationale);
    }
    if let Some(a) = &m.author {
        doc.weak(&a.login);
        doc.weak(a.name.as_deref().unwrap_or_default());
    }
    for c in &m.commits {
        doc.weak(&c.sha);
        doc.weak(&plain::plain_text(&c.subject));
    }
    for row in &m.rows {
        doc.weak(&plain::plain_text(&row.value));
    }
    doc.weak(&block_texts(&review.preamble).0);
    let mut summary_text = String::new();
    for s in &review.sections {
        match s.kind {
            // Findings are documents of their own; the appendix repeats what the agents
            // found (the consolidated findings carry it) and would double the index; the
            // agent retro and process notes are about the reviewers and the pipeline, not
            // the code (the agent pages show them).
            SectionKind::Appendix
            | SectionKind::Findings
            | SectionKind::Group
            | SectionKind::AgentRetro
            | SectionKind::ProcessNotes => {}
            _ => {
                doc.weak(&plain::plain_text(&s.title));
                let (all, prose) = block_texts(&s.body);
                doc.weak(&all);
                if s.kind == SectionKind::ExecutiveSummary && summary_text.is_empty() {
                    summary_text = prose;
                }
            }
        }
    }
    let has_rationale = m
        .verdict
        .as_ref()
        .and_then(|v| v.rationale.as_deref())
        .is_some_and(|r| !r.trim().is_empty());
    doc.doc.snippet = snippet(if has_rationale {
        &rationale
    } else {
        &summary_text
    });
    doc.finish()
}

/// The document of finding `f`, at `anchor` on the review page.
fn finding_doc(review: &Review, f: &Finding, anchor: String) -> SearchDoc {
    let severity = f
        .severity
        .or_else(|| review.sections.get(f.section).and_then(|s| s.severity));
    let title = plain::plain_text(finding_title(f));
    let mut doc = DocBuilder::new(anchor, f.id.clone(), severity, title);
    doc.strong(&f.id);
    doc.strong(&doc.doc.title.clone());
    if let Some(s) = severity {
        doc.strong(s.label());
    }
    for l in &f.locations {
        let raw = l.raw.trim().trim_matches('`').trim();
        if !raw.is_empty() {
            doc.doc.locations.push(raw.to_string());
            doc.strong(raw);
        }
        if let Some(p) = &l.path {
            doc.strong(p);
        }
    }
    if let Some(t) = &f.location_text {
        doc.strong(&plain::plain_text(t));
    }
    for a in &f.agents {
        doc.strong(a);
    }
    for t in f.tags.iter().chain(&f.notes) {
        doc.weak(t);
    }
    if let Some(r) = &f.resolution {
        doc.weak(&r.label);
        if let Some(reason) = &r.reason {
            doc.weak(reason);
        }
    }
    let (all, prose) = block_texts(&f.body);
    doc.weak(&all);
    doc.doc.snippet = snippet(&prose);
    doc.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_cut_at_words() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with('\u{2026}'));
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        // Whitespace runs read as one space; a text of exactly the limit is whole.
        assert_eq!(snippet("  a\n\tb  c "), "a b c");
        let exact = format!("{} {}", "é".repeat(SNIPPET_CHARS - 3), "xy");
        assert_eq!(snippet(&format!("{exact}\n")), exact);
        // One character more, and it is cut at the last space.
        let over = format!("{exact}z");
        assert_eq!(
            snippet(&over),
            format!("{}\u{2026}", "é".repeat(SNIPPET_CHARS - 3))
        );
    }
}
