//! The agent pages: the leaderboard (`agents/index.html`, with a pre-sorted copy per
//! column so sorting works without JavaScript), one page per agent family with every
//! review it took part in, and the compact agent table of a repository page.
//!
//! - `paths.rs`: the pages' URLs;
//! - `columns.rs`: the leaderboard's columns and its sorted copies;
//! - `table.rs`: a leaderboard table's rows and cells;
//! - `leaderboard.rs`: the leaderboard pages; `family.rs`: the family pages;
//! - `repo_rows.rs`: the agent table of a repository page;
//! - `source.rs`: where the pages read the reviews from, a few at a time.

mod columns;
mod family;
mod leaderboard;
mod paths;
mod repo_rows;
mod source;
mod table;

pub(super) use family::{family_pages, FamilyBody, FamilyRuns};
pub(super) use leaderboard::leaderboard_pages;
pub(super) use repo_rows::{repo_agent_rows, RepoAgentRow};
pub(super) use source::tally;
pub(crate) use source::ReviewSource;
