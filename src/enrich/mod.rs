//! What the report alone does not say, added after parsing: `sidecar` (read `<stem>.json`),
//! `merge` (sidecar values over parsed ones, resolutions onto findings, derived values),
//! `excerpts` (the cited lines of the reviewed repository), `shape` (whether a parsed file
//! is a review report at all).

pub mod excerpts;
pub(crate) mod merge;
pub(crate) mod limits;
pub(crate) mod shape;
pub mod sidecar;
