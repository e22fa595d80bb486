//! Leaf text helpers: no HTML, no I/O, no other layer of the crate below them but the model.
//!
//! `dialect` (the one Markdown dialect), `raw_html` (which raw HTML is markup, which
//! is prose that looks like a tag), `plain` (Markdown to plain text), `names` (agent
//! names and families, the one name normaliser), `duration` (read and shown), `anchors`
//! (slugs, unique ids), `url_path` (percent-encoding), `coderef` (what a
//! `file:lines` reference is, and its link), `fingerprint` (stable hashes), `packing`
//! (values packed small: MessagePack, then LZ4).

pub mod anchors;
pub(crate) mod coderef;
pub(crate) mod dialect;
pub mod duration;
pub(crate) mod fingerprint;
pub mod names;
pub(crate) mod packing;
pub mod plain;
pub(crate) mod raw_html;
pub(crate) mod serde_name;
pub mod url_path;
