//! `threads.json`: every PR thread of the archive with its findings across rounds (which
//! finding of a round continues which of the round before, and what became of each
//! finding of the round before), for bots and dashboards.
//!
//! The shape is a contract, documented in `docs/threads-json.md` and
//! `docs/threads.schema.json`; `tests/testsuite/threads_export.rs` checks the output against
//! the schema. The lineage is the one the pages show ([`SiteContext`], worked out once per
//! build by [`crate::aggregate::lineage::thread_lineage`] over the rounds' whole reviews);
//! the rest of a record reads the rounds' findings. The file is written a few records at
//! a time ([`super::json_stream`]): a build never holds it whole.
//!
//! `serve` writes the file again after most saves, and most threads are the same: it keeps
//! each thread's record as written ([`ThreadRecords`]), known by a key of the thread and
//! its rounds' sources, and makes again only the records whose key changed. The file is
//! the same either way.

use super::context::SiteContext;
use super::json_stream::{record_text, write_document};
use crate::aggregate::lineage::{thread_lineage, Outcome, RoundLineage};
use crate::aggregate::{PrThread, SiteIndex};
use crate::html::markdown;
use crate::model::{Review, Severity};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// The version of the `threads.json` shape.
pub(crate) const VERSION: u32 = 1;

/// The output file, at the site root.
pub(crate) const FILE: &str = "threads.json";

/// The whole file.
#[derive(Debug, Serialize)]
struct ThreadsJson {
    version: u32,
    /// Repositories in name order, each one's threads most recently reviewed first.
    threads: Vec<ThreadRecord>,
}

/// One PR thread.
#[derive(Debug, Serialize)]
struct ThreadRecord {
    /// `owner/name`.
    repo: String,
    pr: u64,
    /// Oldest first.
    rounds: Vec<RoundRecord>,
}

/// One round (review) of a thread.
#[derive(Debug, Serialize)]
struct RoundRecord {
    /// The review's stem.
    review: String,
    round: u32,
    findings: Vec<FindingRecord>,
    /// Every finding of the round before, with its outcome; empty for the first round.
    previous_outcomes: Vec<OutcomeRecord>,
}

#[derive(Debug, Serialize)]
struct FindingRecord {
    id: String,
    severity: Option<Severity>,
    /// Plain text.
    title: String,
    previous: Option<PreviousRecord>,
}

/// The finding of the round before that a finding continues.
#[derive(Debug, Serialize)]
struct PreviousRecord {
    /// The stem of the round before.
    review: String,
    id: String,
}

#[derive(Debug, Serialize)]
struct OutcomeRecord {
    id: String,
    outcome: Outcome,
}

/// How many threads' records are made at once (in parallel) and written.
const AT_ONCE: usize = 64;

/// Writes `threads.json` to `w`: every thread of `index`, its rounds' reviews found by
/// `review` (by stem; a thread with a round missing has none; `there` tells whether a
/// stem is one of the site's reviews without reading it), each opened only while its
/// record is made and only when the lineage does not say all it needs, and the records
/// written a few at a time.
pub(crate) fn write_threads_json<R, F, T>(
    ctx: &SiteContext,
    index: &SiteIndex,
    (review, there): (F, T),
    w: &mut dyn Write,
) -> anyhow::Result<()>
where
    R: Borrow<Review>,
    F: Fn(&str) -> Option<R> + Sync,
    T: Fn(&str) -> bool + Sync,
{
    let threads: Vec<&PrThread> = index.repos.iter().flat_map(|r| &r.threads).collect();
    let texts = threads.chunks(AT_ONCE).flat_map(|chunk| {
        let made: Vec<String> = chunk
            .par_iter()
            .map(|t| {
                let all_there = t.rounds.iter().all(|s| there(&s.id));
                record_text(&match all_there {
                    true => thread_record_lazily(ctx, t, &review),
                    false => thread_record(ctx, t, &review),
                })
            })
            .collect();
        made.into_iter().map(Ok)
    });
    write_document(&empty(), texts, w)
}

/// The document with no thread (its head, for [`write_document`]).
fn empty() -> ThreadsJson {
    ThreadsJson {
        version: VERSION,
        threads: Vec::new(),
    }
}

/// Each thread's record as written into the file, kept between renders (by `serve`,
/// whose site is rendered again after each change, and by a build that writes the build
/// cache): by thread URL, the key of what it was made from and its text, compressed (LZ4:
/// the records of a big archive are megabytes of JSON, a few times smaller so). Off until
/// [`ThreadRecords::keep`]: a one-off build without the cache keeps nothing.
#[derive(Debug, Default)]
pub(crate) struct ThreadRecords {
    on: bool,
    kept: Mutex<HashMap<String, (u64, PackedText)>>,
}

/// A record's text, LZ4-compressed (its length first).
type PackedText = Arc<[u8]>;

fn pack_text(text: &str) -> PackedText {
    lz4_flex::compress_prepend_size(text.as_bytes()).into()
}

fn unpack_text(packed: &[u8]) -> anyhow::Result<String> {
    let bytes = lz4_flex::decompress_size_prepended(packed)
        .map_err(|e| anyhow::anyhow!("internal error: a kept thread record is corrupt: {e}"))?;
    Ok(String::from_utf8(bytes)?)
}

impl ThreadRecords {
    /// Records are kept from now on.
    pub(crate) fn keep(&mut self) {
        self.on = true;
    }

    /// The records kept, by thread URL, with their keys: what a build cache stores,
    /// serialized as a list of `(String, u64, Vec<u8>)`, each text compressed as kept
    /// (nothing is copied).
    pub(crate) fn stored(&self) -> impl Serialize + '_ {
        StoredRecords(self)
    }

    /// Keeps records from now on, starting with those a build cache stored
    /// ([`ThreadRecords::stored`]).
    pub(crate) fn keep_stored(&mut self, stored: Vec<(String, u64, Vec<u8>)>) {
        self.on = true;
        let kept = self.kept.get_mut().unwrap_or_else(|e| e.into_inner());
        kept.extend(
            stored
                .into_iter()
                .map(|(url, key, packed)| (url, (key, PackedText::from(packed)))),
        );
    }
}

/// [`ThreadRecords::stored`]: the records sorted by URL as they are serialized.
struct StoredRecords<'a>(&'a ThreadRecords);

impl Serialize for StoredRecords<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let kept = self.0.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut stored: Vec<(&str, u64, &[u8])> = kept
            .iter()
            .map(|(url, (key, packed))| (url.as_str(), *key, &**packed))
            .collect();
        stored.sort_unstable_by(|a, b| a.0.cmp(b.0));
        stored.serialize(s)
    }
}

/// [`write_threads_json`], making again only the records of the threads whose key changed
/// since `records` kept them; `source_key` gives the key of a round's review (by stem),
/// which must change whenever what the review says changes (`None`: not a review of the
/// site).
pub(crate) fn write_threads_json_kept<R, F, K>(
    ctx: &SiteContext,
    index: &SiteIndex,
    (review, source_key): (F, K),
    records: &ThreadRecords,
    w: &mut dyn Write,
) -> anyhow::Result<()>
where
    R: Borrow<Review>,
    F: Fn(&str) -> Option<R> + Sync,
    K: Fn(&str) -> Option<u64> + Sync,
{
    if !records.on {
        let there = |id: &str| source_key(id).is_some();
        return write_threads_json(ctx, index, (review, there), w);
    }
    let threads: Vec<&PrThread> = index.repos.iter().flat_map(|r| &r.threads).collect();
    let mut kept = records.kept.lock().unwrap_or_else(|e| e.into_inner());
    let before = &*kept;
    let texts: Vec<(u64, PackedText)> = crate::timing::time("threads: records", || {
        threads
            .par_iter()
            .map(|t| {
                let rounds: Vec<(&str, Option<u64>)> = t
                    .rounds
                    .iter()
                    .map(|s| (s.id.as_str(), source_key(&s.id)))
                    .collect();
                let all_there = rounds.iter().all(|(_, k)| k.is_some());
                let key =
                    crate::text::fingerprint::combine(&(&t.url, t.repo.slug(), t.number, rounds));
                let record = || match all_there {
                    true => thread_record_lazily(ctx, t, &review),
                    false => thread_record(ctx, t, &review),
                };
                match before.get(&t.url) {
                    Some((k, text)) if *k == key => (key, text.clone()),
                    _ => (key, pack_text(&record_text(&record()))),
                }
            })
            .collect()
    });
    *kept = threads
        .iter()
        .zip(&texts)
        .map(|(t, k)| (t.url.clone(), k.clone()))
        .collect();
    let texts = texts.iter().map(|(_, packed)| unpack_text(packed));
    write_document(&empty(), texts, w)
}

/// The record of one thread, its lineage the one the pages show (`ctx`; linked here
/// for a thread of one round).
fn thread_record<R: Borrow<Review>>(
    ctx: &SiteContext,
    thread: &PrThread,
    review: &impl Fn(&str) -> Option<R>,
) -> ThreadRecord {
    // Every round is one of the site's reviews (the threads are made from them).
    let owned: Vec<R> = thread
        .rounds
        .iter()
        .map(|s| review(&s.id))
        .collect::<Option<_>>()
        .unwrap_or_default();
    let rounds: Vec<&Review> = owned.iter().map(Borrow::borrow).collect();
    let (linked, stored);
    stored = ctx.thread_lineage(&thread.url);
    let lineage = match &stored {
        Some(l) => l,
        None => {
            linked = thread_lineage(&rounds);
            &linked
        }
    };
    let records = lineage
        .rounds
        .iter()
        .zip(&rounds)
        .enumerate()
        .map(|(k, (round, r))| {
            let before = k.checked_sub(1).map(|p| lineage.rounds[p].review.as_str());
            round_record(round, Some(r), before)
        })
        .collect();
    ThreadRecord {
        repo: thread.repo.slug(),
        pr: thread.number,
        rounds: records,
    }
}

/// [`thread_record`], opening only the rounds whose record needs more than the lineage
/// the pages show (a finding without a severity of its own, or without a title there);
/// every round must be one of the site's reviews.
fn thread_record_lazily<R: Borrow<Review>>(
    ctx: &SiteContext,
    thread: &PrThread,
    review: &impl Fn(&str) -> Option<R>,
) -> ThreadRecord {
    let Some(lineage) = ctx.thread_lineage(&thread.url) else {
        return thread_record(ctx, thread, review);
    };
    let records = lineage
        .rounds
        .iter()
        .zip(&thread.rounds)
        .enumerate()
        .map(|(k, (round, summary))| {
            let before = k.checked_sub(1).map(|p| lineage.rounds[p].review.as_str());
            let needed = round
                .findings
                .iter()
                .any(|f| f.severity.is_none() || f.title.trim().is_empty());
            let opened = needed.then(|| review(&summary.id)).flatten();
            round_record(round, opened.as_ref().map(Borrow::borrow), before)
        })
        .collect();
    ThreadRecord {
        repo: thread.repo.slug(),
        pr: thread.number,
        rounds: records,
    }
}

/// One round's record; `review` is its whole review (needed only for a finding without
/// a severity or a title in the lineage), `before` the stem of the round before.
fn round_record(
    round: &RoundLineage,
    review: Option<&Review>,
    before: Option<&str>,
) -> RoundRecord {
    let findings = round
        .findings
        .iter()
        .map(|f| {
            let of = review.and_then(|r| r.findings.iter().find(|x| x.id == f.id));
            // The finding's own severity, else its section's (as on its page).
            let severity = f.severity.or_else(|| {
                of.zip(review)
                    .and_then(|(x, r)| r.sections.get(x.section))
                    .and_then(|s| s.severity)
            });
            let title = match of {
                Some(x) if f.title.trim().is_empty() => &x.head,
                _ => &f.title,
            };
            FindingRecord {
                id: f.id.clone(),
                severity,
                title: markdown::plain_text(title),
                previous: f
                    .previous
                    .as_ref()
                    .zip(before)
                    .map(|(p, stem)| PreviousRecord {
                        review: stem.to_string(),
                        id: p.id.clone(),
                    }),
            }
        })
        .collect();
    RoundRecord {
        review: round.review.clone(),
        round: round.round,
        findings,
        previous_outcomes: round
            .previous_outcomes
            .iter()
            .map(|o| OutcomeRecord {
                id: o.id.clone(),
                outcome: o.outcome,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(pr: u64, title: &str) -> ThreadRecord {
        ThreadRecord {
            repo: "acme/tern".into(),
            pr,
            rounds: vec![RoundRecord {
                review: format!("r-{pr}"),
                round: 1,
                findings: vec![FindingRecord {
                    id: "I1".into(),
                    severity: Some(Severity::Important),
                    title: title.into(),
                    previous: None,
                }],
                previous_outcomes: Vec::new(),
            }],
        }
    }

    /// The whole document, as one string.
    fn whole(threads: Vec<ThreadRecord>) -> String {
        let doc = ThreadsJson {
            version: VERSION,
            threads,
        };
        let s = serde_json::to_string_pretty(&doc).unwrap();
        format!("{}\n", crate::html::escape::html_safe_json(&s))
    }

    #[test]
    fn records_written_one_by_one_make_the_whole_document() {
        let hostile = "a </script> & \u{2028} \"quoted\"\nline";
        for threads in [
            vec![],
            vec![record(1, "one")],
            vec![record(1, "one"), record(2, hostile), record(3, "")],
        ] {
            let texts: Vec<String> = threads.iter().map(record_text).collect();
            let mut joined = Vec::new();
            write_document(&empty(), texts.iter().map(Ok), &mut joined).unwrap();
            assert_eq!(String::from_utf8(joined).unwrap(), whole(threads));
        }
    }
}
