//! Parsing one report's Markdown into the typed [`Review`](crate::model::Review).
//!
//! Structure comes from pulldown-cmark events with source offsets, not from regexes over
//! raw text; regexes only read the inside of a single title line or table cell. The parser
//! never fails: what it does not recognise is kept as Markdown in the section it belongs
//! to, and problems become diagnostics with the file and line.

pub mod agents;
pub mod metrics;
pub mod retro;

use crate::content::SourceReport;
use crate::diagnostics::Diagnostic;
use crate::model::Review;

/// The result of parsing one report.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub review: Review,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one report. Never panics; never loses text.
pub fn parse_report(src: &SourceReport) -> Parsed {
    let review = Review {
        id: src.id.clone(),
        source_path: src.rel_path.clone(),
        front_matter: src.front_matter.clone(),
        sidecar: src.sidecar.clone(),
        preamble: src.markdown.clone(),
        ..Default::default()
    };
    Parsed {
        review,
        diagnostics: Vec::new(),
    }
}
