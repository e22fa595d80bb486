//! Every problem the site has, in the order the user reads them, and the error of a site
//! with no review to publish.

use super::engine::Site;
use crate::diagnostics::Diagnostic;
use crate::render;
use std::path::Path;

impl Site {
    /// Every problem found, in order: the content folder, each file as read, duplicate
    /// stems, then each report's parse and page problems. A page the theme could not render
    /// is a warning, unless no review page rendered at all (then the theme is broken: an
    /// error). Files skipped as not review reports say nothing of their own: one note
    /// names them, last, or the error of a site with no review to publish
    /// (`Site::no_reports`) does.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = self.listing_diagnostics.clone();
        for e in &self.entries {
            if e.report.as_deref().is_some_and(|r| !self.publishes(r)) {
                continue;
            }
            out.extend(e.read_diagnostics.iter().cloned());
        }
        out.extend(self.excerpt_diagnostics.iter().map(|(_, d)| d.clone()));
        out.extend(self.derived.duplicate_diagnostics.iter().cloned());
        let mut failed = Vec::new();
        for r in self.kept_reports() {
            out.extend(r.diagnostics.iter().cloned());
            out.extend(r.read_failure(&self.opts.root));
            failed.extend(r.page_problem.clone());
        }
        out.extend(render::review_page_failures(
            failed,
            self.derived.kept.len(),
        ));
        match self.no_reports() {
            // It names the files skipped itself.
            Some(error) => out.push(error),
            None if !self.derived.skipped.is_empty() => {
                out.push(skipped_note(&self.derived.skipped))
            }
            None => {}
        }
        out
    }

    /// The error of a site with no review to publish (`no_reports_error`). `build`
    /// fails with it before it touches the output folder (an empty site would replace a
    /// good one); `check` and `serve` list it with the other problems.
    pub(crate) fn no_reports(&self) -> Option<Diagnostic> {
        self.derived.kept.is_empty().then(|| {
            no_reports_error(
                &self.config.content_dir,
                self.entries.len(),
                &self.derived.skipped,
            )
        })
    }
}

/// The one note about the files skipped because they are not review reports (`skipped`,
/// as shown to the user): never a problem, since a repository's content folder may well
/// hold a CONTRIBUTING.md beside the reports.
fn skipped_note(skipped: &[String]) -> Diagnostic {
    let n = skipped.len();
    Diagnostic::note(format!(
        "skipped {n} Markdown {} ({}); --include-non-reports publishes {}",
        if n == 1 {
            "file that is not a review report"
        } else {
            "files that are not review reports"
        },
        some_names(skipped),
        if n == 1 { "it" } else { "them" }
    ))
}

/// Up to three of `names`, and how many more: `a.md, b.md, c.md and 2 more`.
fn some_names(names: &[String]) -> String {
    if names.len() <= 3 {
        names.join(", ")
    } else {
        format!("{} and {} more", names[..3].join(", "), names.len() - 3)
    }
}

/// "No review reports in `folder`" (the content folder, as the user would type it): what
/// it holds (`listed` Markdown files, of which `skipped` are not reports), and what to do.
fn no_reports_error(folder: &Path, listed: usize, skipped: &[String]) -> Diagnostic {
    let folder = match folder.display().to_string() {
        dot if dot == "." => "the current folder (.)".to_string(),
        shown => shown,
    };
    let found = match skipped.len() {
        _ if listed == 0 => "it holds no Markdown files (*.md; README.md, index.md and \
                             _*.md are never reports)"
            .to_string(),
        0 => format!("none of its {listed} Markdown file(s) could be published (see the warnings)"),
        1 => format!("1 Markdown file is not a review report ({})", skipped[0]),
        n => format!(
            "{n} Markdown files are not review reports ({})",
            some_names(skipped)
        ),
    };
    let include = match skipped.len() {
        0 => "",
        1 => "; if it is a report, --include-non-reports publishes it",
        _ => "; if they are reports, --include-non-reports publishes them",
    };
    Diagnostic::error(
        "",
        None,
        format!(
            "no review reports in {folder}: {found}; point --root at the folder that holds \
             the reports, or at the folder above it when it is a content/ folder{include}"
        ),
    )
}
