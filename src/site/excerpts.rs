//! Code excerpts for a site loaded without them: made for every report (in parallel,
//! through the site's excerpt cache) and put on the reports, and the per-repository
//! problems a refresh finds merged with those of the full load.

use super::engine::Site;
use crate::content;
use crate::diagnostics::{Diagnostic, Level};
use crate::enrich::excerpts::{Attachment, Excerpter};
use rayon::prelude::*;
use std::collections::HashSet;

/// Code excerpts made for reports loaded without them.
pub(super) struct MadeExcerpts {
    /// (position in `entries`, excerpts, their problems).
    made: Vec<(usize, Attachment, Vec<Diagnostic>)>,
    repo_diagnostics: Vec<(String, Diagnostic)>,
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
    /// problems, made without changing the reports.
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
                let (attachment, diags) = excerpter.excerpts_for(&*r.open_review()?, &file);
                Some((i, attachment, diags))
            })
            .collect();
        MadeExcerpts {
            made,
            repo_diagnostics: excerpter.finish_by_repo(),
        }
    }

    /// Puts excerpts made by [`Site::make_excerpts`] on their reports (in parallel: a
    /// review packed away is read back and packed again).
    pub(super) fn apply_excerpts(&mut self, excerpts: MadeExcerpts) {
        let mut made = excerpts.made.into_iter().peekable();
        let work: Vec<_> = self
            .entries
            .iter_mut()
            .enumerate()
            .filter_map(|(i, e)| {
                let (_, attachment, diags) = made.next_if(|(at, ..)| *at == i)?;
                Some((e.report.as_mut()?, attachment, diags))
            })
            .collect();
        work.into_par_iter().for_each(|(r, attachment, diags)| {
            r.attach_excerpts(attachment);
            r.diagnostics.extend(diags);
        });
        self.excerpt_diagnostics = excerpts.repo_diagnostics;
        self.excerpts_pending = false;
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
