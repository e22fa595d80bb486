//! `search-index.js`: the script that assigns the index to one global, joined from the
//! pieces serialised once (the head, each review's records, each term's postings).

use super::postings::{Postings, ALPHABET, FINAL};
use super::records::ReviewJson;
use super::terms::STOP_WORDS;
use crate::html::escape::html_safe_json;
use serde::Serialize;
use std::collections::BTreeMap;

/// The global the index script assigns.
pub const GLOBAL: &str = "REVIEWSITE_SEARCH";
/// The index's file name at the site root.
pub(crate) const INDEX_FILE: &str = "search-index.js";

/// The head of the index object, before its `reviews`, `docs` and `terms` members.
#[derive(Serialize)]
struct IndexHead<'a> {
    /// Format version; `search.js` checks it.
    v: u32,
    /// The postings alphabet (see `encode_number` in the postings).
    enc: &'a str,
    /// How many of its characters end a number.
    fin: u64,
    stop: &'a [&'a str],
}

/// The content of `search-index.js` from each review's records (in order) and each
/// term's postings. Report text inside can never end the script or a string early: every
/// piece is [`html_safe_json`].
pub(super) fn script(json: &[ReviewJson], terms: &BTreeMap<String, Postings>) -> String {
    let head = html_safe_json(
        &serde_json::to_string(&IndexHead {
            v: 1,
            enc: ALPHABET,
            fin: FINAL,
            stop: STOP_WORDS,
        })
        .unwrap_or_else(|_| "{}".into()),
    );
    let size = json
        .iter()
        .map(|j| j.record.len() + j.docs.len() + 2)
        .sum::<usize>()
        + terms.values().map(|p| p.json.len() + 1).sum::<usize>()
        + head.len()
        + 256;
    let mut out = String::with_capacity(size);
    out.push_str(
        "/* reviewsite search index: generated, do not edit. Read by search.js. */\nwindow.",
    );
    out.push_str(GLOBAL);
    out.push('=');
    out.push_str(head.strip_suffix('}').unwrap_or(&head));
    out.push_str(",\"reviews\":[");
    join_into(&mut out, json.iter().map(|j| j.record.as_str()));
    out.push_str("],\"docs\":[");
    join_into(
        &mut out,
        json.iter()
            .map(|j| j.docs.as_str())
            .filter(|d| !d.is_empty()),
    );
    out.push_str("],\"terms\":{");
    join_into(&mut out, terms.values().map(|p| p.json.as_str()));
    out.push_str("}};\n");
    out
}

fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>) {
    for (i, p) in parts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(p);
    }
}
