//! Findings: how a severity section's findings are found and read.
//!
//! A finding opens at a head: a heading, a paragraph or a list item whose first line names
//! it (`C1. **Title** — `a.go:12` [Agent]`); its body runs to the next head. `extract`
//! walks a section's blocks for heads, cuts the bodies and assigns ids; `head` reads one
//! head line; `attribution` tells agent names and lists from other words (`(Claude, Codex)`,
//! a trailing `— Claude Opus 4.7`); `locations` reads `path:12-30` references; `fields`
//! reads `Severity:` / `File:` / `Found by:` lines at the top of a body; `totals` reads the
//! counts a summary states for this report; `words` knows severity words and numbers
//! written as words.
//!
//! In a section whose findings carry written ids (`I3.`, `**S1.**`, `C1:`, `### I2 Title`)
//! or severity tags, only such heads open findings: a numbered bold list in a finding's
//! body stays in that body.

mod attribution;
mod extract;
mod fields;
mod head;
mod locations;
mod totals;
mod words;

pub use extract::count;
pub(crate) use extract::{assign_ids, extract_findings};
pub(crate) use head::parse_heading_head;
pub use totals::stated_counts;
pub(crate) use words::number_word;
pub(crate) use words::severity_word;
