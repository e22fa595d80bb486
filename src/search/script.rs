//! The index as files: a small manifest, `search-index.js`, and the shards that
//! `search.js` loads when a query needs them (`search/t<N>.js`: the postings of a range of
//! terms; `search/d<N>.js`: the records of a range of reviews and their documents).
//!
//! Every file is a script, not JSON, so the search page works from `file://`, where
//! browsers refuse `fetch()`: the manifest assigns one global ([`GLOBAL`]); a shard calls
//! one global function ([`SHARD_CALLBACK`]) that `search.js` defines before it adds the
//! shard's `<script>` tag. Shards are cut by size: terms in the order JavaScript sorts
//! strings (UTF-16 code units), so the manifest's list of each shard's first term tells
//! which shards hold the terms a query's word starts; documents by whole reviews, so a
//! result and its review's record come in one shard.

use super::postings::{encode_number, Postings, ALPHABET, FINAL};
use super::records::ReviewJson;
use super::terms::STOP_WORDS;
use crate::html::escape::html_safe_json;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The global the manifest assigns.
pub const GLOBAL: &str = "REVIEWSITE_SEARCH";
/// The function every shard calls with its kind (`"t"` or `"d"`), number and content.
pub const SHARD_CALLBACK: &str = "REVIEWSITE_SEARCH_SHARD";
/// The manifest's file name at the site root.
pub(crate) const INDEX_FILE: &str = "search-index.js";
/// The folder of the shards at the site root.
pub(crate) const SHARD_DIR: &str = "search";

/// Bytes after which a term shard is closed (a shard holds at least one term).
const TERM_SHARD_BYTES: usize = 48 * 1024;
/// Bytes after which a document shard is closed (a shard holds at least one review).
const DOC_SHARD_BYTES: usize = 12 * 1024;

/// The shard sizes: the defaults, or with `REVIEWSITE_SEARCH_SHARD_BYTES=N` set, term
/// shards of `N` bytes and document shards of `N / 4` (for tests and measurements: a huge
/// `N` writes the whole index in one shard of each kind).
pub(crate) fn shard_limits() -> (usize, usize) {
    static LIMITS: OnceLock<(usize, usize)> = OnceLock::new();
    *LIMITS.get_or_init(|| {
        std::env::var("REVIEWSITE_SEARCH_SHARD_BYTES")
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
            .map_or((TERM_SHARD_BYTES, DOC_SHARD_BYTES), |n| (n.max(1), n / 4))
    })
}

/// The manifest's object.
#[derive(Serialize)]
struct Manifest<'a> {
    /// Format version; `search.js` checks it.
    v: u32,
    /// The postings alphabet (see `encode_number` in the postings).
    enc: &'a str,
    /// How many of its characters end a number.
    fin: u64,
    stop: &'a [&'a str],
    /// How many reviews and documents the index holds.
    reviews: usize,
    docs: usize,
    /// The number of each review's own document, delta-encoded like postings (without
    /// the strong bit): a document not listed is a finding.
    rdocs: String,
    /// The first term of each term shard.
    terms: Vec<&'a str>,
    /// The first document of each document shard, and its first review.
    dshards: Vec<(u32, usize)>,
    /// A hash of all shards, added to their URLs so a browser never mixes two builds.
    key: String,
}

/// The files of the index: (site-relative path, content), the manifest first.
pub(super) fn files(
    json: &[ReviewJson],
    terms: &BTreeMap<String, Postings>,
) -> Vec<(String, String)> {
    let (term_bytes, doc_bytes) = shard_limits();
    let mut out = vec![(INDEX_FILE.to_string(), String::new())];
    let mut ordered: Vec<(&String, &Postings)> = terms.iter().collect();
    ordered.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    let mut firsts = Vec::new();
    for chunk in cut(&ordered, term_bytes, |(_, p)| p.json.len() + 1) {
        firsts.push(chunk[0].0.as_str());
        let body = join(chunk.iter().map(|(_, p)| p.json.as_str()));
        out.push(shard("t", firsts.len() - 1, &format!("{{{body}}}")));
    }
    let (mut doc, mut review, mut rdocs, mut dshards) = (0u32, 0usize, String::new(), Vec::new());
    let mut last_rdoc = 0u32;
    for chunk in cut(json, doc_bytes, |j| j.record.len() + j.docs.len() + 2) {
        dshards.push((doc, review));
        let body = format!(
            "{{\"reviews\":[{}],\"docs\":[{}]}}",
            join(chunk.iter().map(|j| j.record.as_str())),
            join(
                chunk
                    .iter()
                    .map(|j| j.docs.as_str())
                    .filter(|d| !d.is_empty())
            )
        );
        out.push(shard("d", dshards.len() - 1, &body));
        for j in chunk {
            if j.count > 0 {
                encode_number(u64::from(doc - last_rdoc), &mut rdocs);
                last_rdoc = doc;
            }
            doc += j.count;
            review += 1;
        }
    }
    let manifest = Manifest {
        v: 2,
        enc: ALPHABET,
        fin: FINAL,
        stop: STOP_WORDS,
        reviews: json.len(),
        docs: doc as usize,
        rdocs,
        terms: firsts,
        dshards,
        key: key(&out[1..]),
    };
    let head = html_safe_json(&serde_json::to_string(&manifest).unwrap_or_else(|_| "{}".into()));
    out[0].1 = format!(
        "/* reviewsite search index manifest: generated, do not edit. Read by search.js. */\nwindow.{GLOBAL}={head};\n"
    );
    out
}

/// `items` in consecutive runs, each closed once its `size` reaches `limit`.
fn cut<T>(items: &[T], limit: usize, size: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, item) in items.iter().enumerate() {
        bytes += size(item);
        if bytes >= limit {
            out.push(&items[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// One shard's path and script.
fn shard(kind: &str, n: usize, body: &str) -> (String, String) {
    (
        format!("{SHARD_DIR}/{kind}{n}.js"),
        format!("window.{SHARD_CALLBACK}(\"{kind}\",{n},{body});\n"),
    )
}

/// An FNV-1a hash of the shards' contents, in hex.
fn key(files: &[(String, String)]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, content) in files {
        for b in content.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, p) in parts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(p);
    }
    out
}
