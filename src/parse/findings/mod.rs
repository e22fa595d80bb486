//! Findings: how a severity section's findings are found and read.
//!
//! A finding opens at a head: a heading, a paragraph or a list item whose first line names
//! it (`C1. **Title** — `a.go:12` [Agent]`); its body runs to the next head. `extract`
//! walks a section's blocks for heads, cuts the bodies and assigns ids; `head` reads one
//! head line; `locations` reads `path:12-30` references; `fields` reads `Severity:` /
//! `File:` / `Found by:` lines at the top of a body; `totals` reads the counts a summary
//! states; `words` knows severity words and numbers written as words.

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
