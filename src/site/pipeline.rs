//! The per-report pipeline: parse one report, name its problems by the path the user sees,
//! merge its sidecar.

use crate::content::{self, SourceReport};
use crate::diagnostics::Diagnostic;
use crate::enrich::merge as enrich;
use crate::model::Review;
use crate::parse;
use std::path::Path;

/// Stages 3-4 for one report: parses it and merges its sidecar. `root` is the site folder:
/// diagnostics name files relative to it.
pub(crate) fn parse_and_enrich(src: &SourceReport, root: &Path) -> (Review, Vec<Diagnostic>) {
    let parsed = parse::parse_report(src);
    let mut review = parsed.review;
    // The parser names files relative to the content folder; users see paths
    // relative to the site root, as everywhere else.
    let shown_md = content::shown_path(&src.path, root);
    let mut diags: Vec<Diagnostic> = parsed
        .diagnostics
        .into_iter()
        .map(|mut d| {
            if d.file == src.rel_path {
                d.file = shown_md.clone();
            }
            d
        })
        .collect();
    let sidecar = content::shown_path(&src.path.with_extension("json"), root);
    diags.extend(enrich::enrich(&mut review, &sidecar));
    let cut = crate::enrich::limits::bound(&mut review);
    if !cut.is_empty() {
        let from = if review.sidecar.is_some() {
            "this report and its sidecar"
        } else {
            "this report"
        };
        diags.push(Diagnostic::warning(
            shown_md,
            None,
            format!(
                "{from} give more than one review can show: {}; the rest are left out of the site",
                cut.join(", ")
            ),
        ));
    }
    (review, diags)
}
