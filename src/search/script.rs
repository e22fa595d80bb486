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
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
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

/// The shards last written, kept (by an index that is updated) so that the next
/// [`files`] makes again only the shards whose terms or reviews changed, and hashes for
/// the manifest's key only from the first shard that changed.
#[derive(Debug, Default)]
pub(super) struct Written {
    /// Term shards by number: (first term, number of terms, content).
    terms: Vec<(String, usize, Arc<str>)>,
    /// Document shards by number: (first review, number of reviews, content).
    docs: Vec<(usize, usize, Arc<str>)>,
    /// The key's hash after each shard, term shards then document shards.
    states: Vec<u64>,
    /// Changed since the shards were written: terms (removed ones too), and reviews by
    /// position.
    pub(super) dirty_terms: HashSet<String>,
    pub(super) dirty_reviews: HashSet<usize>,
}

/// One shard as made: its path, its first term (a term shard) or review (a document
/// shard), how many it holds, and its content.
struct Shard {
    path: String,
    first: First,
    count: usize,
    content: Arc<str>,
}

enum First {
    Term(String),
    Review(usize),
}

/// What the manifest says of the shards, but for the key.
struct Layout<'a> {
    /// The first term of each term shard.
    firsts: Vec<&'a str>,
    docs: u32,
    rdocs: String,
    dshards: Vec<(u32, usize)>,
}

/// The files of the index: (site-relative path, content), the manifest first. With
/// `written` (the shards last written, and what changed since), the shards whose content
/// cannot have changed are taken from there; `written` is then updated.
pub(super) fn files(
    json: &[ReviewJson],
    terms: &BTreeMap<String, Postings>,
    written: Option<&mut Written>,
) -> Vec<(String, Arc<str>)> {
    let mut out: Vec<(String, Arc<str>)> = vec![(INDEX_FILE.to_string(), Arc::from(""))];
    let (mut term_shards, mut doc_shards) = (Vec::new(), Vec::new());
    let layout = shards(json, terms, written.as_deref(), |s| {
        match s.first {
            First::Term(t) => term_shards.push((t, s.count, s.content.clone())),
            First::Review(r) => doc_shards.push((r, s.count, s.content.clone())),
        }
        out.push((s.path, s.content));
    });
    let states = crate::timing::time("search: key", || key_states(&out[1..], written.as_deref()));
    let key = states.last().copied().unwrap_or(FNV_OFFSET);
    out[0].1 = manifest(layout, json.len(), key).into();
    if let Some(w) = written {
        *w = Written {
            terms: term_shards,
            docs: doc_shards,
            states,
            ..Written::default()
        };
    }
    out
}

/// The files [`files`] makes with no shards kept, each shard handed to `keep` as it is
/// made (and dropped after); returns the manifest (`search-index.js`).
pub(super) fn sealed_files(
    json: &[ReviewJson],
    terms: &BTreeMap<String, Postings>,
    mut keep: impl FnMut(String, &str),
) -> String {
    let mut key = FNV_OFFSET;
    let layout = shards(json, terms, None, |s| {
        key = fnv(key, &s.content);
        keep(s.path, &s.content);
    });
    manifest(layout, json.len(), key)
}

/// Makes the shards, term shards then document shards, handing each to `emit`; those
/// `written` holds that cannot have changed are taken from it.
fn shards<'a>(
    json: &[ReviewJson],
    terms: &'a BTreeMap<String, Postings>,
    written: Option<&Written>,
    mut emit: impl FnMut(Shard),
) -> Layout<'a> {
    let (term_bytes, doc_bytes) = shard_limits();
    let mut ordered: Vec<(&String, &Postings)> = terms.iter().collect();
    // A BTreeMap is in byte order, which is UTF-16 order for text of the Basic
    // Multilingual Plane only (no four-byte UTF-8 sequence).
    let astral = ordered.iter().any(|(t, _)| t.bytes().any(|b| b >= 0xf0));
    if astral {
        ordered.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    }
    let term_chunks = cut(&ordered, term_bytes, |(_, p)| p.json.len() + 1);
    let firsts: Vec<&'a str> = term_chunks.iter().map(|c| c[0].0.as_str()).collect();
    let doc_chunks = cut(json, doc_bytes, |j| j.record.len() + j.docs.len() + 2);
    // Which kept shards the changes fall in.
    let (mut stale_terms, mut stale_docs) = (HashSet::new(), HashSet::new());
    if let Some(w) = written {
        for t in &w.dirty_terms {
            let at = match astral {
                true => firsts.partition_point(|f| f.encode_utf16().le(t.encode_utf16())),
                false => firsts.partition_point(|f| *f <= t.as_str()),
            };
            stale_terms.insert(at.saturating_sub(1));
        }
        let first_reviews: Vec<usize> = w.docs.iter().map(|d| d.0).collect();
        for &r in &w.dirty_reviews {
            stale_docs.insert(first_reviews.partition_point(|&f| f <= r).saturating_sub(1));
        }
    }
    for (n, chunk) in term_chunks.iter().enumerate() {
        let kept = written
            .and_then(|w| w.terms.get(n))
            .filter(|(first, count, _)| {
                first == chunk[0].0 && *count == chunk.len() && !stale_terms.contains(&n)
            });
        let content = match kept {
            Some((_, _, c)) => c.clone(),
            None => {
                let body = join(chunk.iter().map(|(_, p)| p.json.as_str()));
                shard_script("t", n, &format!("{{{body}}}")).into()
            }
        };
        emit(Shard {
            path: shard_path("t", n),
            first: First::Term(chunk[0].0.clone()),
            count: chunk.len(),
            content,
        });
    }
    let (mut doc, mut review, mut rdocs, mut dshards) = (0u32, 0usize, String::new(), Vec::new());
    let mut last_rdoc = 0u32;
    for chunk in &doc_chunks {
        let n = dshards.len();
        dshards.push((doc, review));
        let kept = written
            .and_then(|w| w.docs.get(n))
            .filter(|(first, count, _)| {
                *first == review && *count == chunk.len() && !stale_docs.contains(&n)
            });
        let content = match kept {
            Some((_, _, c)) => c.clone(),
            None => shard_script("d", n, &doc_body(chunk)).into(),
        };
        emit(Shard {
            path: shard_path("d", n),
            first: First::Review(review),
            count: chunk.len(),
            content,
        });
        for j in *chunk {
            if j.count > 0 {
                encode_number(u64::from(doc - last_rdoc), &mut rdocs);
                last_rdoc = doc;
            }
            doc += j.count;
            review += 1;
        }
    }
    Layout {
        firsts,
        docs: doc,
        rdocs,
        dshards,
    }
}

/// The manifest's script, for an index of `reviews` reviews whose shards hash to `key`.
fn manifest(layout: Layout, reviews: usize, key: u64) -> String {
    let manifest = Manifest {
        v: 2,
        enc: ALPHABET,
        fin: FINAL,
        stop: STOP_WORDS,
        reviews,
        docs: layout.docs as usize,
        rdocs: layout.rdocs,
        terms: layout.firsts,
        dshards: layout.dshards,
        key: format!("{key:016x}"),
    };
    let head = html_safe_json(&serde_json::to_string(&manifest).unwrap_or_else(|_| "{}".into()));
    format!(
        "/* reviewsite search index manifest: generated, do not edit. Read by search.js. */\nwindow.{GLOBAL}={head};\n"
    )
}

/// The body of a document shard: its reviews' records and their documents.
fn doc_body(chunk: &[ReviewJson]) -> String {
    format!(
        "{{\"reviews\":[{}],\"docs\":[{}]}}",
        join(chunk.iter().map(|j| j.record.as_str())),
        join(
            chunk
                .iter()
                .map(|j| j.docs.as_str())
                .filter(|d| !d.is_empty())
        )
    )
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

fn shard_path(kind: &str, n: usize) -> String {
    format!("{SHARD_DIR}/{kind}{n}.js")
}

/// One shard's script.
fn shard_script(kind: &str, n: usize, body: &str) -> String {
    format!("window.{SHARD_CALLBACK}(\"{kind}\",{n},{body});\n")
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The manifest's key: an FNV-1a hash of the shards' contents in a row (its hex is the
/// last state). Returns the hash after each shard; with `written`, the states of the
/// shards before the first whose content differs from the one kept are taken from it.
fn key_states(shards: &[(String, Arc<str>)], written: Option<&Written>) -> Vec<u64> {
    let kept: Vec<&Arc<str>> = written.map_or_else(Vec::new, |w| {
        w.terms
            .iter()
            .map(|t| &t.2)
            .chain(w.docs.iter().map(|d| &d.2))
            .collect()
    });
    // The kept shards in the same places hold the same text when they are the same
    // allocation (a shard made again is a new one).
    let same_until = shards
        .iter()
        .zip(&kept)
        .take_while(|((_, c), k)| Arc::ptr_eq(c, k))
        .count()
        .min(written.map_or(0, |w| w.states.len()));
    let mut states = Vec::with_capacity(shards.len());
    if let Some(w) = written {
        states.extend_from_slice(&w.states[..same_until]);
    }
    let mut h = states.last().copied().unwrap_or(FNV_OFFSET);
    for (_, content) in &shards[same_until..] {
        h = fnv(h, content);
        states.push(h);
    }
    states
}

/// The FNV-1a hash `h` continued over `text`.
fn fnv(mut h: u64, text: &str) -> u64 {
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
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
