//! Parsing one report's Markdown into the typed [`Review`].
//!
//! Structure comes from pulldown-cmark events with source offsets, not from regexes over
//! raw text; regexes only read the inside of a single title line or table cell. The parser
//! never fails: what it does not recognise is kept as Markdown in the section it belongs
//! to, and problems become diagnostics with the file and line.
//!
//! Steps: [`blocks`] walks the events once (top-level blocks with byte ranges, every fence
//! and paragraph). The layout pass (`layout`) finds the title (the H1) and the sections: H2
//! headings delimit them ([`sections`] says what each is), with old
//! `## Consolidated Review` / `## Findings` wrappers promoting their H3 children; everything
//! from the first `## Appendix` heading on is the appendix ([`appendix`]), except a trailing
//! `## Resolution` appended after it. Before the first section come the preamble and the
//! metadata, the first key/value table there (`preamble`, [`metadata`]). Then each section
//! is read (`read`): severity sections yield findings ([`findings`]), Design Observations
//! yield observations ([`design`]), the retro goes to [`retro::parse_retro`], the Resolution
//! section links actions to findings ([`resolution`]).
//!
//! Variations accepted beyond the corpus (tested by `tests/testsuite/holdout_parse.rs`):
//! - finding heads `#### C1 — Title`, `### [I1] Title`, `### Finding 3: Title`,
//!   `- **I1** Title — loc [A]` bullets, several `I1. **a**` heads in one paragraph split by
//!   hard line breaks; a head paragraph ends at its first balanced line, the rest is body
//!   (`findings::head_extent`); `Severity:` / `File:` / `Found by:` lines at the top of a
//!   body fill what the head does not say;
//! - severity headings with emoji or count suffixes (`## 🔴 Critical`, `### Critical (2)`)
//!   and other scales: Critical/Blocker -> critical, High/Major/Important -> important,
//!   Medium/Low/Minor/Nit/Suggestion -> suggestion;
//! - stated totals as words, `(1C/2I/3S)` or `Critical: 1, ...`, read from the executive
//!   summary, else a `Findings`/`Totals` metadata row, the preamble, a `## Findings` wrapper;
//!   only from a sentence that states this report's own totals (not an earlier round's, one
//!   agent's or raw counts: `findings::stated_counts`);
//! - metadata tables with a `| Field | Value |` header, plain labels, or no header row;
//!   YAML front matter filling what the table does not state; a `## Reviewers` list;
//! - supply-chain scans' `### Critical — ...` subsections under `## Open issues` are not
//!   findings: the scan's verdict counts issues and advisories together, so no rule maps
//!   its bullets to severity counts that match what it states. Scans have 0 findings.

pub mod agents;
pub mod appendix;
mod author;
mod digest;
pub mod blocks;
pub mod design;
pub mod findings;
mod layout;
pub(crate) mod lint;
pub mod metadata;
pub mod metrics;
mod preamble;
mod read;
pub mod resolution;
pub mod retro;
pub(crate) mod run_status;
pub mod sections;
mod static_regex;

pub use findings::count;

use crate::content::SourceReport;
use crate::diagnostics::Diagnostic;
use crate::model::Review;
use layout::Input;

/// The result of parsing one report.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub review: Review,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one report. Never panics; never loses text.
pub fn parse_report(src: &SourceReport) -> Parsed {
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut review = Review {
        id: src.id.clone(),
        source_path: src.rel_path.clone(),
        front_matter: src.front_matter.clone(),
        sidecar: src.sidecar.clone(),
        ..Default::default()
    };
    if src.markdown.trim().is_empty() {
        diags.push(Diagnostic::warning(
            &src.rel_path,
            Some(src.first_line),
            "empty report: no Markdown after the front matter",
        ));
        review.title = src.id.clone();
        return Parsed {
            review,
            diagnostics: diags,
        };
    }
    let input = Input::new(&src.markdown, &src.rel_path, src.first_line);
    diags.extend(lint::lint(input.text, &input.doc, &input.lines, input.file));

    // Layout: the title, preamble and metadata, the main sections, the appendix.
    let outline = layout::outline(&input);
    preamble::title(&input, &outline, src, &mut review, &mut diags);
    let meta_line = preamble::read(&input, &outline, src, &mut review, &mut diags);
    let mut raw = layout::main_sections(&input, &outline);
    preamble::reviewers_section(&input, &raw, &mut review.meta);
    let appendix = outline
        .appendix
        .map(|ai| appendix::layout(&input, ai, &review.meta, &mut diags));
    let agent_spans = appendix.map(|a| {
        raw.push(a.section);
        raw.extend(a.trailing);
        a.agents
    });
    if raw.is_empty() {
        diags.push(Diagnostic::info(
            &src.rel_path,
            Some(src.first_line),
            "no sections (`## ...` headings) found; the report is shown as one block",
        ));
    }

    // Read each section; findings get their ids, then everything its anchor.
    let mut found = read::sections(&input, &raw, &mut review.sections, &mut diags);
    findings::assign_ids(&mut found);
    review.counts = count(&found);
    let mut anchors = read::anchors(&found, &mut review.sections);
    read::stated_totals(&input, &mut review, meta_line, &mut diags);
    read::special_sections(&input, &raw, &mut review, &mut found);
    if review.kind == crate::model::ReviewKind::CiFailureDigest {
        review.failed_jobs = digest::failed_jobs(&review);
    }
    if let (Some(ai), Some(spans)) = (outline.appendix, agent_spans) {
        review.appendix = appendix::agent_reviews(&input, spans, &mut anchors);
        appendix::check_agents(&input, ai, &review.appendix, &review.meta, &mut diags);
    }
    review.findings = found;
    Parsed {
        review,
        diagnostics: diags,
    }
}
