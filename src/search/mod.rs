//! Site search: one search document per review and per consolidated finding, and the
//! compact inverted index over them that `search.html` loads in pieces: a manifest,
//! `search-index.js`, then the shards a query needs (`script.rs`).
//!
//! Every file is a script (the manifest assigns one global, `window.REVIEWSITE_SEARCH`;
//! a shard calls `window.REVIEWSITE_SEARCH_SHARD`), so the search page works from
//! `file://`, where browsers refuse `fetch()`. Together they hold:
//! - `reviews`: one short record per review (URL, title, date, repository, verdict);
//! - `docs`: one record per search result (a review, or a finding with its anchor,
//!   severity, title, locations and a short snippet). Bodies are NOT stored, only their
//!   terms: that keeps the index small (see `docs/search.md` figures in the report);
//! - `terms`: term -> postings. A posting list is the document numbers, delta-encoded,
//!   each number `delta * 2 + strong` written with no separator by `encode_number`;
//!   `strong` marks a hit in a title, id, file path, agent, repository or verdict (ranked
//!   above body hits).
//!
//! Terms are lower-cased words (runs of letters and digits) of two characters or more,
//! minus a short stop-word list, plus "compounds": runs of letters, digits and `_ . / -`
//! such as `pkg/hostagent/events.go`, `wait_for_ssh` or `v1.2.3`, with every suffix of a
//! path after a `/` (`hostagent/events.go`, `events.go`), so a file path, a basename or
//! an identifier finds its findings. `themes/default/static/search.js` tokenises queries
//! with the same rules.
//!
//! Documents are built per review (`review_docs`), so `serve` can rebuild only the
//! documents of the reviews that changed and update the postings they touch
//! (`SearchIndex::update`).
//!
//! - `terms.rs`: the terms of a text; `docs.rs`: the documents of a review;
//! - `postings.rs`: posting lists encoded; `records.rs`: each review's records serialised;
//! - `index.rs`: the index, built and updated; `script.rs`: the manifest and the shards
//!   written.

mod docs;
mod index;
mod postings;
mod records;
mod script;
mod terms;

pub use docs::ReviewRecord;

pub(crate) use docs::{review_docs, PackedDocs, ReviewDocs};
pub(crate) use index::{SealedPart, SearchIndex};
pub(crate) use script::{shard_limits, INDEX_FILE};
pub use script::{GLOBAL, SHARD_CALLBACK};
pub use terms::{add_terms, Terms};
