//! One pair of consecutive rounds linked: each later finding's predecessor (named by the
//! later report, else the most alike earlier finding when alike enough), then each earlier
//! finding's outcome (continued; else what the later report says of it; else what the
//! earlier round's own Resolution says the author did; else unmentioned).

use super::adopted::adopted;
use super::refs::{claim, references, Claim, Ref};
use super::said::Said;
use super::similar::{score, Traits, CLAIMED, LINKED};
use super::types::{Evidence, FindingLineage, Outcome, Predecessor, PreviousOutcome};
use crate::model::{ActionClass, Review};

/// The later round's findings with their predecessors, and the earlier round's outcomes.
/// `traits` are those of the earlier and the later findings ([`Traits::of`]).
pub(super) fn pair(
    earlier: &Review,
    later: &Review,
    traits: (&[Traits], &[Traits]),
) -> (Vec<FindingLineage>, Vec<PreviousOutcome>) {
    let (earlier_traits, later_traits) = traits;
    let round = earlier
        .meta
        .round
        .or_else(|| later.meta.round.and_then(|r| r.checked_sub(1)))
        .unwrap_or(1);
    let (refs, all) = references(earlier, later, round);
    // What the later report says of each earlier finding outside its findings (a fix
    // said to have brought in a later finding was made), else of all of them at once.
    let said_of = |id: &str| {
        let of = |r: &&Ref| r.earlier == id;
        refs.iter()
            .filter(|r| of(r) && r.in_finding.is_none())
            .map(|r| r.said)
            .find(|s| *s != Said::Nothing)
            .or_else(|| {
                refs.iter()
                    .any(|r| of(&r) && r.said == Said::Caused)
                    .then_some(Said::Resolved)
            })
            .map(|s| if s == Said::Caused { Said::Resolved } else { s })
    };
    let named_at_all = |id: &str| refs.iter().any(|r| r.earlier == id);
    // Fixes the later report describes as done without naming the finding.
    let adopted = adopted(earlier, later);
    // What is said of each earlier finding, worked out once rather than for each later one.
    let said: Vec<Option<Said>> = earlier.findings.iter().map(|e| said_of(&e.id)).collect();
    // Said to be fixed or declined: no later finding continues it by likeness alone.
    let closed: Vec<bool> = earlier
        .findings
        .iter()
        .zip(&said)
        .map(|(e, said)| {
            matches!(said, Some(Said::Resolved | Said::Declined))
                || adopted.contains(&e.id)
                || (!named_at_all(&e.id) && matches!(all, Some(Said::Resolved | Said::Declined)))
        })
        .collect();
    let named: Vec<Option<Predecessor>> = later
        .findings
        .iter()
        .map(|f| named_in(&refs, &f.id))
        .collect();
    // Continued by name by a later finding.
    let continued: Vec<bool> = earlier
        .findings
        .iter()
        .map(|e| named.iter().flatten().any(|p| p.id == e.id))
        .collect();
    let findings: Vec<FindingLineage> = later
        .findings
        .iter()
        .zip(later_traits)
        .zip(named)
        .map(|((f, traits), named)| {
            // A finding that says it is new links to nothing by likeness; one that says
            // it was raised before needs less likeness.
            // So does an earlier finding the later report says is still open, unless a
            // later finding already continues it by name.
            let claimed = claim(f);
            let threshold = |k: usize| match claimed {
                Claim::New => f64::INFINITY,
                Claim::Continues => CLAIMED,
                Claim::Nothing if said[k] == Some(Said::Open) && !continued[k] => CLAIMED,
                Claim::Nothing => LINKED,
            };
            let alike = || {
                earlier
                    .findings
                    .iter()
                    .zip(earlier_traits)
                    .enumerate()
                    .filter(|(k, _)| !closed[*k])
                    .map(|(k, (e, t))| (score(t, traits), k, e))
                    .filter(|(s, k, _)| *s >= threshold(*k))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, _, e)| Predecessor {
                        id: e.id.clone(),
                        evidence: Evidence::Similar,
                    })
            };
            FindingLineage {
                id: f.id.clone(),
                severity: f.severity,
                title: f.title.clone(),
                previous: named.or_else(alike),
            }
        })
        .collect();
    let outcomes = earlier
        .findings
        .iter()
        .zip(said)
        .map(|(e, said)| {
            let successor = findings
                .iter()
                .find_map(|f| f.previous.as_ref().filter(|p| p.id == e.id));
            let (outcome, evidence) = match (successor, said) {
                (Some(p), _) => (Outcome::Persists, Some(p.evidence)),
                (None, Some(Said::Resolved)) => (Outcome::Resolved, Some(Evidence::Explicit)),
                (None, Some(Said::Declined)) => (Outcome::Declined, Some(Evidence::Explicit)),
                (None, Some(Said::Open)) => (Outcome::Persists, Some(Evidence::Explicit)),
                // Said of all of them at once: the author's own word on this one (a
                // skipped finding in `fixed or declined`) is more precise.
                (None, None) if !named_at_all(&e.id) && all.is_some() => {
                    match (all, by_resolution(e)) {
                        (_, declined @ (Outcome::Declined, _)) => declined,
                        (Some(Said::Declined), _) => (Outcome::Declined, Some(Evidence::Explicit)),
                        (Some(Said::Open), _) => (Outcome::Persists, Some(Evidence::Explicit)),
                        _ => (Outcome::Resolved, Some(Evidence::Explicit)),
                    }
                }
                // The author's own word that it was skipped outweighs a likeness.
                (None, None) if adopted.contains(&e.id) => match by_resolution(e) {
                    declined @ (Outcome::Declined, _) => declined,
                    _ => (Outcome::Resolved, Some(Evidence::Similar)),
                },
                _ => by_resolution(e),
            };
            PreviousOutcome {
                id: e.id.clone(),
                outcome,
                evidence,
            }
        })
        .collect();
    (findings, outcomes)
}

/// The earlier finding the later report names as the one its finding `id` continues.
fn named_in(refs: &[Ref], id: &str) -> Option<Predecessor> {
    refs.iter()
        .find(|r| {
            r.in_finding.as_deref() == Some(id) && !matches!(r.said, Said::Resolved | Said::Caused)
        })
        .map(|r| Predecessor {
            id: r.earlier.clone(),
            evidence: Evidence::Explicit,
        })
}

/// What the earlier round's own Resolution says the author did with `e`.
fn by_resolution(e: &crate::model::Finding) -> (Outcome, Option<Evidence>) {
    match e.resolution.as_ref().map(|r| r.action) {
        Some(ActionClass::Fixed | ActionClass::TestWritten | ActionClass::DocumentationUpdated) => {
            (Outcome::Resolved, Some(Evidence::Resolution))
        }
        Some(ActionClass::Skipped) => (Outcome::Declined, Some(Evidence::Resolution)),
        _ => (Outcome::Unmentioned, None),
    }
}
