//! Code excerpts: the lines a finding cites, read from a local checkout of the reviewed
//! repository at the reviewed commit and attached to the finding (an enrich step, after
//! the sidecar merge).
//!
//! - **Which repositories.** Those with `[repos."owner/name"] checkout = "path"` in
//!   `book.toml` or `--checkout owner/name=path`; `context_lines` (default
//!   `DEFAULT_CONTEXT_LINES`) lines are shown around the cited ones. A bare clone
//!   serves as well as one with a work tree.
//! - **Which commit.** The review's SHA (the sidecar's `review_sha`, which `enrich` has
//!   already applied, else the report's "Review SHA" row), else the newest commit of the
//!   Commits row, else the SHA of a `main @ sha` Branch row. Short SHAs are resolved to
//!   full ones in the checkout.
//! - **Which file.** The cited path as written; else the one file at that commit whose
//!   path ends with `/<cited>` (a basename or a partial path); else the cited path without
//!   its leading directories (`lima/pkg/a.go`, `/home/me/lima/pkg/a.go`) while it still
//!   has a directory part. Two candidates are never guessed between.
//! - **Reading.** One long-lived `git cat-file --batch` process per repository and build
//!   resolves commits and reads files (never a process per excerpt); `git ls-tree` lists a
//!   commit's files once, only when a path is not found as written. What was read lives
//!   in an [`ExcerptCache`] the caller owns, so `serve` keeps it between builds. Git never
//!   fetches: a partial clone's missing file contents are missing files (no network, no
//!   wait), said per finding location.
//! - **Failing.** Every excerpt that cannot be made is a diagnostic and the page shows
//!   the report's own code block instead. A repository with cited lines but no checkout is
//!   one `info` per repository (archives without checkouts stay clean under `--strict`),
//!   and so are all reviews that name no repository;
//!   a configured checkout that cannot be used is one warning per repository; a commit
//!   missing from the checkout is one warning per review; a missing or ambiguous path or a
//!   range past the end of the file is one warning per finding location.
//!
//! The same resolution gives each review its [`SourceLinks`](crate::model::SourceLinks),
//! with which the renderer turns finding locations and `path:line` references in finding
//! prose into permalinks.
//! Every review that names its repository and commit gets them, checkout or not: when no
//! checkout can serve the review (none configured, the commit missing from it, the
//! checkout unreadable), the paths are judged from the report alone, by the rule of
//! `as_cited` (a folder part, or a bare name that the review's other citations or the
//! usual root files explain; no `..`, no URL), at the SHA as written. That is string work
//! per cited path, no git.
//!
//! One job per file: `cache` (what was read, kept across builds), `git` (the reader
//! process), `source` (the configured checkouts), `cited` (what a review cites), `paths`
//! (cited paths as repository paths), `read` (commits and files from a checkout),
//! `window` (which lines an excerpt shows), `excerpt` (highlighting, one excerpt),
//! `attach` (onto the review), `problems` (the diagnostics' words), `as_cited` (links
//! without a checkout) and `excerpter` (the phases, per review and per build).

mod as_cited;
mod attach;
mod cache;
mod cited;
mod excerpt;
mod excerpter;
mod git;
mod paths;
mod problems;
mod read;
mod source;
mod window;

pub(crate) use attach::Attachment;
pub use cache::CacheData;
pub use cache::ExcerptCache;
pub(crate) use excerpter::{Excerpter, Tallied};
pub(crate) use source::checkout_state;
pub use window::MAX_EXCERPT_LINES;
