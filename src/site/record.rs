//! What a render did, recorded: each unit's fingerprint and files, the files the site no
//! longer has, the review pages the theme could not render.

use super::engine::Site;
use super::unit::{Unit, UnitKey};
use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};

/// A unit just rendered: its key and fingerprint, the files it wrote, and (for a review
/// page) why the theme could not render it.
pub(super) struct Done {
    pub(super) key: UnitKey,
    pub(super) fingerprint: u64,
    pub(super) outputs: Vec<String>,
    pub(super) problem: Option<Diagnostic>,
}

/// What a render wrote.
#[derive(Debug, Default)]
pub struct RenderReport {
    /// HTML pages rendered by the theme (not counting fallback pages).
    pub pages: usize,
    /// Files written, in no particular order.
    pub written: Vec<String>,
    /// Files the site no longer has (a removed report's page, a family that is gone).
    pub removed: Vec<String>,
}

impl Site {
    /// Records what a render did: each unit's fingerprint and files, the files gone, the
    /// review pages the theme could not render.
    pub(super) fn record(
        &mut self,
        results: Vec<Done>,
        live: Option<HashSet<UnitKey>>,
    ) -> RenderReport {
        let mut report = RenderReport::default();
        let mut problems: HashMap<String, Option<Diagnostic>> = HashMap::new();
        for done in results {
            if let UnitKey::Review(id) = &done.key {
                report.pages += usize::from(done.problem.is_none());
                problems.insert(id.clone(), done.problem);
            } else {
                report.pages += done.outputs.iter().filter(|p| p.ends_with(".html")).count();
            }
            let old = self.units.insert(
                done.key,
                Unit {
                    fingerprint: done.fingerprint,
                    outputs: done.outputs.clone(),
                },
            );
            if let Some(old) = old {
                let now: HashSet<&String> = done.outputs.iter().collect();
                report
                    .removed
                    .extend(old.outputs.into_iter().filter(|p| !now.contains(p)));
            }
            report.written.extend(done.outputs);
        }
        // Units the site no longer has.
        if let Some(live) = live {
            self.units.retain(|k, u| {
                let keep = live.contains(k);
                if !keep {
                    report.removed.append(&mut u.outputs);
                }
                keep
            });
        }
        if !report.removed.is_empty() {
            let present: HashSet<&String> =
                self.units.values().flat_map(|u| u.outputs.iter()).collect();
            report.removed.retain(|p| !present.contains(p));
            report.removed.sort();
            report.removed.dedup();
        }
        for (id, problem) in problems {
            if let Some(&i) = self.derived.positions.get(&id) {
                if let Some(r) = self.entries[i].report.as_mut() {
                    r.page_problem = problem;
                }
            }
        }
        self.derived.forced.clear();
        report
    }
}
