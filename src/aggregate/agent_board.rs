//! The agent leaderboard tallied one review at a time ([`BoardTally`]): a review is added
//! with its participants and may be dropped at once, so the board of an archive is made
//! without holding the archive's reviews.

use super::agent_stats::{
    finding_families, is_format_failure, model_label, AgentBoard, AgentStats, Agreement,
    Participant, SeriesPoint,
};
use crate::model::{Finding, MetricField, Review};
use crate::text::names::{family_display_name, model_key};
use std::collections::{BTreeMap, HashSet};

#[cfg(test)]
impl AgentBoard {
    /// Tallies `reviews` (any order).
    pub(crate) fn build<'a>(reviews: impl IntoIterator<Item = &'a Review>) -> AgentBoard {
        let mut tally = BoardTally::default();
        for review in reviews {
            tally.add(review, &super::agent_stats::participants(review));
        }
        tally.finish()
    }
}

/// An [`AgentBoard`] being tallied: what is counted so far.
#[derive(Default)]
pub(crate) struct BoardTally {
    families: BTreeMap<String, AgentStats>,
    models: BTreeMap<String, AgentStats>,
    series: BTreeMap<String, Vec<SeriesPoint>>,
    pairs: BTreeMap<(String, String), u32>,
    /// Per model key, how often each spelling of the model was met.
    spellings: BTreeMap<String, BTreeMap<Option<String>, u32>>,
    reviews: u32,
}

impl BoardTally {
    /// Counts `review`, whose [`participants`] are `ps`. The board is the same whatever
    /// order the reviews come in but for the order of equal durations (none that shows).
    pub(crate) fn add(&mut self, review: &Review, ps: &[Participant]) {
        if ps.is_empty() {
            return;
        }
        self.reviews += 1;
        // One family may run two models in one review: the family row counts the
        // review once, and sums both runs.
        let mut seen_families: Vec<&str> = Vec::new();
        let mut family_credited: BTreeMap<&str, HashSet<*const Finding>> = BTreeMap::new();
        for p in ps {
            let fam = self
                .families
                .entry(p.family.clone())
                .or_insert_with(|| AgentStats {
                    key: p.family.clone(),
                    family: p.family.clone(),
                    label: family_display_name(&p.family),
                    ..Default::default()
                });
            let reviews_before = fam.reviews;
            fam.add(
                review,
                p,
                family_credited.entry(p.family.as_str()).or_default(),
            );
            if seen_families.contains(&p.family.as_str()) {
                fam.reviews = reviews_before;
            } else {
                seen_families.push(&p.family);
            }
            let mk = model_key(&p.family, p.model.as_deref());
            *self
                .spellings
                .entry(mk.clone())
                .or_default()
                .entry(p.model.as_ref().map(|m| m.trim().to_string()))
                .or_default() += 1;
            let model = self.models.entry(mk).or_insert_with(|| AgentStats {
                family: p.family.clone(),
                ..Default::default()
            });
            model.add(review, p, &mut HashSet::new());
            self.add_point(review, p);
        }
        for f in &review.findings {
            let fams = finding_families(f);
            for a in &fams {
                for b in &fams {
                    *self.pairs.entry((a.clone(), b.clone())).or_default() += 1;
                }
            }
        }
    }

    /// The chart's point of `p`'s run in `review` (two runs of one family in one review:
    /// one point, findings summed).
    fn add_point(&mut self, review: &Review, p: &Participant) {
        let Some(date) = review.meta.date.as_deref().filter(|d| !d.is_empty()) else {
            return;
        };
        let pts = self.series.entry(p.family.clone()).or_default();
        let findings = p
            .metrics
            .filter(|m| !is_format_failure(m) && !m.partial.contains(MetricField::Findings))
            .and_then(|m| m.findings)
            .map(|c| c.total());
        let failed = p.format_failure();
        match pts.iter_mut().find(|pt| pt.review_id == review.id) {
            Some(pt) => {
                pt.findings = match (pt.findings, findings) {
                    (Some(a), Some(b)) => Some(a.saturating_add(b)),
                    (a, b) => a.or(b),
                };
                pt.format_failure &= failed;
            }
            None => pts.push(SeriesPoint {
                review_id: review.id.clone(),
                date: date.to_string(),
                findings,
                format_failure: failed,
            }),
        }
    }

    /// The board of the reviews added.
    pub(crate) fn finish(self) -> AgentBoard {
        let by_reviews = |a: &AgentStats, b: &AgentStats| {
            b.reviews
                .cmp(&a.reviews)
                .then_with(|| a.label.cmp(&b.label))
        };
        let mut board = AgentBoard {
            reviews: self.reviews,
            ..AgentBoard::default()
        };
        board.families = self.families.into_values().collect();
        board.families.sort_by(by_reviews);
        let mut models = self.models;
        for (mk, stats) in &mut models {
            name_model(stats, self.spellings.get(mk));
        }
        board.models = models.into_values().collect();
        board.models.sort_by(|a, b| {
            let fa = board.families.iter().position(|f| f.family == a.family);
            let fb = board.families.iter().position(|f| f.family == b.family);
            fa.cmp(&fb).then_with(|| by_reviews(a, b))
        });
        let mut series = self.series;
        for pts in series.values_mut() {
            pts.sort_by(|a, b| {
                a.date
                    .cmp(&b.date)
                    .then_with(|| a.review_id.cmp(&b.review_id))
            });
        }
        board.series = series;
        let fams: Vec<String> = board.families.iter().map(|f| f.family.clone()).collect();
        let pairs = self.pairs;
        board.agreement = Agreement {
            both: fams
                .iter()
                .map(|a| {
                    fams.iter()
                        .map(|b| {
                            pairs
                                .get(&(a.clone(), b.clone()))
                                .copied()
                                .unwrap_or_default()
                        })
                        .collect()
                })
                .collect(),
            families: fams,
        };
        board
    }
}

/// Names a model version's row by its most common spelling (ties: the first in byte
/// order, so the row reads the same whatever order the reviews come in):
/// its model, label and key (`claude/opus 4.7`).
fn name_model(stats: &mut AgentStats, spellings: Option<&BTreeMap<Option<String>, u32>>) {
    let model = spellings
        .and_then(|sp| {
            sp.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(m, _)| m.clone())
        })
        .flatten();
    let lower = model.as_deref().map_or(String::new(), |m| {
        m.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    });
    stats.key = format!("{}/{lower}", stats.family);
    stats.label = model_label(&stats.family, model.as_deref());
    stats.model = model;
}
