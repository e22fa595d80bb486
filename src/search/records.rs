//! Each review's part of the index's `reviews` and `docs` arrays, serialised once (its
//! documents name the review by its position).

use super::docs::ReviewDocs;
use crate::html::escape::html_safe_json;
use crate::model::Severity;

/// One result as serialised: (review number, anchor when it differs from the id, id,
/// severity letter, title, snippet, locations).
type DocJson<'a> = (
    usize,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [String],
);

/// One review's part of the `reviews` and `docs` arrays, serialised (its documents name
/// the review by its position).
#[derive(Debug, Default)]
pub(super) struct ReviewJson {
    pub(super) record: String,
    pub(super) docs: String,
    /// How many documents `docs` holds.
    pub(super) count: u32,
}

impl ReviewJson {
    pub(super) fn of(r: &ReviewDocs, position: usize) -> ReviewJson {
        let rec = &r.record;
        let record = html_safe_json(
            &serde_json::to_string(&[
                &rec.url,
                &rec.title,
                &rec.date,
                &rec.repo,
                &rec.verdict,
                &rec.verdict_class,
            ])
            .unwrap_or_default(),
        );
        let docs: Vec<String> = r
            .docs
            .iter()
            .map(|d| {
                let sev = match d.severity {
                    Some(Severity::Critical) => "c",
                    Some(Severity::Important) => "i",
                    Some(Severity::Suggestion) => "s",
                    None => "",
                };
                let anchor = if d.anchor == d.label { "" } else { &d.anchor };
                let doc: DocJson = (
                    position,
                    anchor,
                    &d.label,
                    sev,
                    &d.title,
                    &d.snippet,
                    &d.locations,
                );
                html_safe_json(&serde_json::to_string(&doc).unwrap_or_default())
            })
            .collect();
        ReviewJson {
            record,
            count: docs.len() as u32,
            docs: docs.join(","),
        }
    }
}
