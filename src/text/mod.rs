//! Leaf text helpers: no HTML, no I/O, no other layer of the crate below them but the model.
//!
//! `dialect` (the one Markdown dialect), `raw_html` (which raw HTML is markup, which
//! is prose that looks like a tag), `plain` (Markdown to plain text), `names` (agent
//! names and families, the one name normaliser), `duration` (read and shown), `anchors`
//! (slugs, unique ids), `url_path` (percent-encoding), `coderef` (what a
//! `file:lines` reference is, and its link), `fingerprint` (stable hashes), `packing`
//! (values packed small: MessagePack, then LZ4); and [`push_lowercase`], the one
//! lower-casing of words and texts that are compared or indexed.

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

/// Appends `text` lower-cased to `buf`: byte by byte when it is ASCII, else as
/// `str::to_lowercase` does it (whole, not per character: a final sigma depends on its
/// neighbours).
pub(crate) fn push_lowercase(buf: &mut String, text: &str) {
    if text.is_ascii() {
        buf.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        buf.push_str(&text.to_lowercase());
    }
}
