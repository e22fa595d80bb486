//! Where the agent pages read the reviews from ([`ReviewSource`]): a list held in memory,
//! or reviews a build packed away and reads back on demand. The pages go through them a
//! few at a time ([`visit`]), so what they hold does not grow with the archive: the
//! leaderboard is tallied review by review ([`tally`]), which also notes which families
//! took part in each review ([`NewestFirst`]), so that the family pages read back only
//! the reviews some family took part in.

use crate::aggregate::agent_board::BoardTally;
use crate::aggregate::agent_stats::{participants, AgentBoard};
use crate::model::Review;
use rayon::prelude::*;
use std::borrow::Cow;

/// The reviews of the archive, by position, as the agent pages read them.
pub(crate) trait ReviewSource: Sync {
    /// How many there are.
    fn count(&self) -> usize;
    /// Review `i` (`i < count()`); `Err` when it cannot be read back.
    fn open(&self, i: usize) -> anyhow::Result<Cow<'_, Review>>;
}

impl ReviewSource for &[&Review] {
    fn count(&self) -> usize {
        self.len()
    }
    fn open(&self, i: usize) -> anyhow::Result<Cow<'_, Review>> {
        Ok(Cow::Borrowed(self[i]))
    }
}

/// How many reviews are open at once: read back in parallel, then handed on in order.
pub(super) const AT_ONCE: usize = 64;

/// Hands `f` the reviews at the positions `order`, in that order, a few open at a time.
pub(crate) fn visit(
    src: &dyn ReviewSource,
    order: &[usize],
    mut f: impl FnMut(&Review),
) -> anyhow::Result<()> {
    for chunk in order.chunks(AT_ONCE) {
        open_some(src, chunk)?.iter().for_each(|r| f(r));
    }
    Ok(())
}

/// The reviews at the positions `order`, in that order, read back in parallel (`order`
/// is a few, [`AT_ONCE`] at most).
pub(super) fn open_some<'a>(
    src: &'a dyn ReviewSource,
    order: &[usize],
) -> anyhow::Result<Vec<Cow<'a, Review>>> {
    order.par_iter().map(|&i| src.open(i)).collect()
}

/// The reviews of a source by position, newest first (as the index orders them: by
/// date, then by id), with the agent families that took part in each.
#[derive(Debug)]
pub(crate) struct NewestFirst {
    /// The positions, newest first.
    pub(crate) order: Vec<usize>,
    /// The families met, each once.
    names: Vec<String>,
    /// By position, the families of its participants (indices into `names`).
    families: Vec<Vec<u16>>,
}

impl NewestFirst {
    /// The positions, newest first, of the reviews some family took part in.
    pub(crate) fn with_families(&self) -> Vec<usize> {
        let took_part = |i: &&usize| !self.families[**i].is_empty();
        self.order.iter().filter(took_part).copied().collect()
    }

    /// Notes the families of `participants` for the next review.
    fn note(&mut self, participants: &[crate::aggregate::agent_stats::Participant]) {
        let mut of_review: Vec<u16> = Vec::new();
        for p in participants {
            let k = match self.names.iter().position(|n| *n == p.family) {
                Some(k) => k,
                None => {
                    self.names.push(p.family.clone());
                    self.names.len() - 1
                }
            };
            if !of_review.contains(&(k as u16)) {
                of_review.push(k as u16);
            }
        }
        self.families.push(of_review);
    }
}

/// The leaderboard of the reviews of `src`, and their positions newest first.
pub(crate) fn tally(src: &dyn ReviewSource) -> anyhow::Result<(AgentBoard, NewestFirst)> {
    let mut board = BoardTally::default();
    let mut dates: Vec<(String, String)> = Vec::with_capacity(src.count());
    let all: Vec<usize> = (0..src.count()).collect();
    let mut newest = NewestFirst {
        order: Vec::new(),
        names: Vec::new(),
        families: Vec::with_capacity(src.count()),
    };
    visit(src, &all, |r| {
        let ps = participants(r);
        board.add(r, &ps);
        newest.note(&ps);
        dates.push((r.meta.date.clone().unwrap_or_default(), r.id.clone()));
    })?;
    let mut order = all;
    order.sort_by(|&a, &b| dates[b].cmp(&dates[a]));
    newest.order = order;
    Ok((board.finish(), newest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Metadata, Reviewer};

    fn review(id: &str, date: &str, agent: &str) -> Review {
        Review {
            id: id.into(),
            meta: Metadata {
                date: Some(date.into()),
                reviewers: vec![Reviewer {
                    name: agent.into(),
                    family: crate::text::names::agent_family(agent),
                    ..Reviewer::default()
                }],
                ..Metadata::default()
            },
            ..Review::default()
        }
    }

    #[test]
    fn the_tally_is_the_board_and_the_reviews_newest_first() {
        // More reviews than are opened at once, so the tally goes over several chunks.
        let reviews: Vec<Review> = (0..AT_ONCE * 2 + 5)
            .map(|i| {
                // Every fifth review names no agent: no family took part in it.
                let agent = match i {
                    i if i % 5 == 4 => "",
                    i if i % 3 == 0 => "Codex",
                    _ => "Claude",
                };
                review(
                    &format!("r{i:03}"),
                    &format!("2026-01-{:02}", 1 + i % 28),
                    agent,
                )
            })
            .collect();
        let refs: Vec<&Review> = reviews.iter().collect();
        let (board, newest) = tally(&refs.as_slice()).unwrap();
        let newest_first = newest.order.clone();
        let whole = AgentBoard::build(refs.iter().copied());
        assert_eq!(format!("{board:?}"), format!("{whole:?}"));
        let with_agent = (0..reviews.len()).filter(|i| i % 5 != 4).count();
        assert_eq!(board.reviews as usize, with_agent);
        let mut expected: Vec<usize> = (0..reviews.len()).collect();
        expected.sort_by(|&a, &b| {
            let (ra, rb) = (&reviews[a], &reviews[b]);
            (&rb.meta.date, &rb.id).cmp(&(&ra.meta.date, &ra.id))
        });
        assert_eq!(newest_first, expected);
        assert_eq!(reviews[newest_first[0]].id, "r111");
        let with_agents: Vec<usize> = newest_first
            .iter()
            .copied()
            .filter(|i| i % 5 != 4)
            .collect();
        assert_eq!(newest.with_families(), with_agents);
    }
}
