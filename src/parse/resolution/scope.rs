//! What linking a Resolution row needs: the report's findings and round ([`Ctx`]), what the
//! heading or lead line above a table or list says ([`Scope`]), and what one cell names.

use super::action::action_class;
use super::refs::{self, Named};
use super::titles::Titles;
use crate::model::{ActionClass, Finding};
use crate::parse::static_regex::re;
use regex::Regex;
use std::sync::OnceLock;

/// What linking needs to know about the report.
pub(super) struct Ctx<'a> {
    findings: &'a [Finding],
    titles: Titles,
    /// The report's round (its `Round` row), when stated.
    round: Option<u32>,
}

/// What the text before a table or list says about it: a heading or lead line.
#[derive(Debug, Default, Clone)]
pub(super) struct Scope {
    /// It names another round (`### Round 1 findings`): nothing under it is linked.
    pub(super) earlier: bool,
    /// It names an action (`### Fixed`, `**Skipped:**`): the label of the items under it.
    pub(super) action: Option<(ActionClass, String)>,
    /// The action of an item that names none itself: a checked task (`- [x] I1`) is done.
    pub(super) fallback: Option<(ActionClass, String)>,
}

/// What a cell says about the findings it names.
pub(super) enum Naming {
    Ids(Vec<String>),
    /// It names an earlier round's finding: the row is not linked.
    Earlier,
    Nothing,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(findings: &'a [Finding], round: Option<u32>) -> Ctx<'a> {
        Ctx {
            findings,
            titles: Titles::new(findings),
            round,
        }
    }

    /// The ids of `n` that may be linked: this report has them, and neither the reference
    /// nor the scope marks another round.
    pub(super) fn linkable(&self, n: &Named, scope: &Scope) -> Vec<String> {
        if scope.earlier || !n.this_round(self.round) {
            return Vec::new();
        }
        self.existing(&n.ids)
    }

    /// The findings among `ids` that this report has, by id, once each, in order. An id
    /// that is no finding's id names the one finding that was written with it (`K1` in a
    /// German report is C1; `Finding 3`'s number); several such findings, none.
    fn existing(&self, ids: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for id in ids {
            let own = self.findings.iter().find(|f| f.id == *id);
            let written = || {
                let mut w = self
                    .findings
                    .iter()
                    .filter(|f| f.written_id.as_ref() == Some(id));
                w.next().filter(|_| w.next().is_none())
            };
            if let Some(f) = own.or_else(written) {
                if !out.contains(&f.id) {
                    out.push(f.id.clone());
                }
            }
        }
        out
    }

    fn id_of(&self, i: usize) -> Naming {
        Naming::Ids(vec![self.findings[i].id.clone()])
    }

    /// What a Finding (`titles`) or ID column cell names: a whole title, ids at the start
    /// or end, else (`titles`) a title.
    pub(super) fn names(&self, cell: &str, titles: bool) -> Naming {
        if titles {
            if let Some(i) = self.titles.exact(cell) {
                return self.id_of(i);
            }
        }
        if let Some(n) = refs::leading(cell).or_else(|| refs::trailing(cell)) {
            if !n.this_round(self.round) {
                return Naming::Earlier;
            }
            let ids = self.existing(&n.ids);
            // `Suggestion #4: title` counts within a severity, which a report may count
            // differently: a title that names a finding decides.
            if n.numbered && titles {
                let by_title = self.titles.exact(&n.rest).or_else(|| {
                    ids.is_empty()
                        .then(|| self.titles.by_title(&n.rest))
                        .flatten()
                });
                if let Some(i) = by_title {
                    return self.id_of(i);
                }
            }
            return if ids.is_empty() {
                Naming::Nothing
            } else {
                Naming::Ids(ids)
            };
        }
        if titles {
            if names_other_round(&refs::plain(cell), self.round) {
                return Naming::Earlier;
            }
            if let Some(i) = self.titles.by_title(cell) {
                return self.id_of(i);
            }
        }
        Naming::Nothing
    }

    /// What another column's cell names: ids alone, or opening it before a separator
    /// (`I1`, `I1: ...`), not ids inside prose (`S3 covers this`).
    pub(super) fn names_alone(&self, cell: &str) -> Naming {
        match refs::leading(cell) {
            Some(n) if n.separated => self.names(cell, false),
            _ => Naming::Nothing,
        }
    }

    /// Whether a `Round` cell names this report's round (or none).
    pub(super) fn round_cell(&self, cell: &str) -> bool {
        static NUM: OnceLock<Regex> = OnceLock::new();
        let p = refs::plain(cell).to_lowercase();
        if let Some(c) = re(&NUM, r"\d{1,3}").find(&p) {
            return c.as_str().parse().ok() == self.round;
        }
        !names_other_round(&p, self.round)
            && !["prior", "previous", "earlier"]
                .iter()
                .any(|w| p.contains(w))
    }
}

/// Whether text names an earlier round than `round` (`Round 1 findings` in round 2; any
/// numbered round when the report's is unknown), a previous one (`prior round`, `previous
/// review`, `last round's`), or carried-over findings. A later round (`Fixed in round 2`
/// in round 1) says when, not whose.
pub(super) fn names_other_round(text: &str, round: Option<u32>) -> bool {
    static ROUND: OnceLock<Regex> = OnceLock::new();
    static PRIOR: OnceLock<Regex> = OnceLock::new();
    let numbered = re(&ROUND, r"(?i)\b(?:round|rnd)[\s_-]*(\d{1,3})\b")
        .captures_iter(text)
        .any(|c| {
            let n: Option<u32> = c.get(1).and_then(|m| m.as_str().parse().ok());
            n.is_some_and(|n| round.is_none_or(|r| n < r))
        });
    numbered
        || re(
            &PRIOR,
            r"(?i)\b(?:prior|previous|earlier|preceding|last|first)[\s-]+(?:round|review)s?\b|\bcarried[\s-]+over\b|\bcarry[\s-]*overs?\b",
        )
        .find(text)
        .is_some_and(|m| !(m.as_str().to_lowercase().starts_with("first") && round == Some(1)))
}

/// A list item's scope and text without its task marker: `- [x] I1 ...` is done (Fixed)
/// unless the item or a heading says more.
pub(super) fn task_scope<'t>(text: &'t str, scope: &Scope) -> (Scope, &'t str) {
    let t = text.trim_start();
    let checked = t.starts_with("[x]") || t.starts_with("[X]");
    let rest = if checked || t.starts_with("[ ]") {
        &t[3..]
    } else {
        text
    };
    let scope = Scope {
        fallback: checked.then(|| (ActionClass::Fixed, "Done".to_string())),
        ..scope.clone()
    };
    (scope, rest)
}

/// What a heading or lead line says about the tables and lists after it.
pub(super) fn scope_of(label: &str, round: Option<u32>) -> Scope {
    let plain = refs::plain(label);
    let class = action_class(&plain, false);
    Scope {
        earlier: names_other_round(&plain, round),
        action: (class != ActionClass::Other && plain.chars().count() <= 40)
            .then(|| (class, plain.trim().to_string())),
        fallback: None,
    }
}
