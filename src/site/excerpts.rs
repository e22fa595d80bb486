//! Code excerpts for a site loaded without them: made for every report (in parallel,
//! through the site's excerpt cache) and put on the reports, and the per-repository
//! problems a refresh finds merged with those of the full load.

use super::engine::Site;
use crate::content;
use crate::diagnostics::{Diagnostic, Level};
use crate::enrich::excerpts::{Attachment, Excerpter};
use crate::search::PackedDocs;
use crate::timing;
use rayon::prelude::*;
use std::collections::HashSet;
use std::sync::Arc;

/// Code excerpts made for reports loaded without them, and their search documents.
pub(super) struct MadeExcerpts {
    made: Vec<Made>,
    repo_diagnostics: Vec<(String, Diagnostic)>,
}

/// What was made for one report.
struct Made {
    /// Its position in `entries`.
    at: usize,
    excerpts: Attachment,
    problems: Vec<Diagnostic>,
    /// Its search documents, when it was loaded without them.
    docs: Option<Arc<PackedDocs>>,
}

impl Site {
    /// Makes the excerpts of every report loaded without them (a no-op once made).
    /// [`Site::render`] does this itself; call it before [`Site::diagnostics`] when not
    /// rendering (`check`).
    pub(crate) fn settle_excerpts(&mut self) {
        if self.excerpts_pending {
            let made = self.make_excerpts();
            self.apply_excerpts(made);
        }
    }

    /// The excerpts of every report (by position in `entries`), and the per-repository
    /// problems, made without changing the reports; and the search documents of those
    /// loaded without them (`serve`, from the review read back for its excerpts).
    pub(super) fn make_excerpts(&self) -> MadeExcerpts {
        let excerpter = Excerpter::new(&self.config, &self.excerpts);
        excerpter.start_readers();
        let made = self
            .entries
            .par_iter()
            .enumerate()
            .filter_map(|(i, e)| {
                let r = e.report.as_deref()?;
                let file = content::shown_path(&r.source.path, &self.opts.root);
                if let Some(tallied) = r.excerpts_tallied() {
                    // Made already (taken from a build cache): only counted.
                    excerpter.replay(&file, tallied);
                    return None;
                }
                let review = r.open_review()?;
                let (excerpts, problems) = excerpter.excerpts_for(&review, &file);
                Some(Made {
                    at: i,
                    excerpts,
                    problems,
                    docs: r.missing_docs(&review),
                })
            })
            .collect();
        MadeExcerpts {
            made,
            repo_diagnostics: excerpter.finish_by_repo(),
        }
    }

    /// Puts excerpts made by [`Site::make_excerpts`] on their reports (in parallel: a
    /// review packed away is read back and packed again), and their search documents;
    /// the search index is made again when documents were added.
    pub(super) fn apply_excerpts(&mut self, excerpts: MadeExcerpts) {
        let mut made = excerpts.made.into_iter().peekable();
        let mut docs_added = false;
        let work: Vec<_> = self
            .entries
            .iter_mut()
            .enumerate()
            .filter_map(|(i, e)| {
                let made = made.next_if(|m| m.at == i)?;
                docs_added |= made.docs.is_some();
                Some((e.report.as_mut()?, made))
            })
            .collect();
        work.into_par_iter().for_each(|(r, made)| {
            if let Some(docs) = made.docs {
                r.docs = Some(docs);
            }
            r.attach_excerpts(made.excerpts);
            r.diagnostics.extend(made.problems);
        });
        self.excerpt_diagnostics = excerpts.repo_diagnostics;
        self.excerpts_pending = false;
        if docs_added {
            timing::time("search index", || self.update_search());
        }
    }

    /// Adds the per-repository excerpt problems a refresh found about repositories the
    /// site's list does not mention yet. (A refresh reads only changed reports, so its
    /// tallies are partial: those of the full load stand for the repositories they name.)
    pub(super) fn merge_excerpt_diagnostics(&mut self, found: Vec<(String, Diagnostic)>) {
        let known: HashSet<(String, Level)> = self
            .excerpt_diagnostics
            .iter()
            .map(|(repo, d)| (repo.clone(), d.level))
            .collect();
        self.excerpt_diagnostics.extend(
            found
                .into_iter()
                .filter(|(repo, d)| !known.contains(&(repo.clone(), d.level))),
        );
    }
}
