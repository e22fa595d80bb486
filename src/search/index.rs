//! The search index kept between rebuilds: every review's documents, their serialised
//! records and the postings of every term, updated in place when only some reviews change.
//! A one-off build's index is sealed: its files are made as it is built, and each shard is
//! kept LZ4-compressed until written.

use super::docs::{PackedDocs, ReviewDocs, SearchDoc};
use super::postings::{Encoding, Postings};
use super::records::ReviewJson;
use super::script::{files, sealed_files, Written, INDEX_FILE};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// The search index of a site: every review's documents (packed) in the site index's
/// order (newest first, which is how results rank on a tie) and the postings of every term.
///
/// It is kept between rebuilds by `serve`: [`SearchIndex::update`] replaces the documents
/// of the reviews that changed and re-encodes only the postings they touch; the script is
/// joined from pieces serialised once (each review's records, each term's postings).
#[derive(Default)]
pub(crate) struct SearchIndex {
    reviews: Vec<Arc<PackedDocs>>,
    /// Each review's records, serialised, by position.
    json: Vec<ReviewJson>,
    /// The number of each review's first document.
    first_doc: Vec<u32>,
    terms: BTreeMap<String, Postings>,
    /// The shards last written and what changed since (`None` for an index that is not
    /// updated: nothing is kept).
    written: Option<Mutex<Written>>,
    /// A sealed index's files, made once ([`SearchIndex::sealed_of`]).
    sealed: Option<Sealed>,
}

/// The postings and records of a run of consecutive reviews, their documents numbered
/// from 0: a sealed index is counted in parts (in parallel) and made of them
/// ([`SearchIndex::sealed_of`]).
#[derive(Default)]
pub(crate) struct SealedPart {
    postings: HashMap<String, Encoding, foldhash::fast::RandomState>,
    json: Vec<ReviewJson>,
    /// How many documents they have.
    docs: u32,
}

impl SealedPart {
    /// Counts the documents of `reviews`, taken one at a time and dropped once counted,
    /// the first being at position `first` in the index.
    pub(crate) fn read(
        reviews: impl Iterator<Item = anyhow::Result<ReviewDocs>>,
        first: usize,
    ) -> anyhow::Result<SealedPart> {
        let mut part = SealedPart::default();
        for (i, r) in reviews.enumerate() {
            let r = r?;
            for d in &r.docs {
                for (t, v) in doc_postings(d, part.docs) {
                    match part.postings.get_mut(t) {
                        Some(p) => p.push(v),
                        None => part.postings.entry(t.to_string()).or_default().push(v),
                    }
                }
                part.docs += 1;
            }
            part.json.push(ReviewJson::of(&r, first + i));
        }
        Ok(part)
    }
}

/// The files of a sealed index: the manifest, and each shard by path, LZ4-compressed
/// (what a one-off build holds of the index until it writes it).
#[derive(Default)]
struct Sealed {
    manifest: String,
    shards: Vec<(String, Box<[u8]>)>,
}

/// A document's terms with their posting number: `doc * 2 + strong`.
fn doc_postings(d: &SearchDoc, n: u32) -> impl Iterator<Item = (&str, u32)> {
    (d.strong.iter().map(move |t| (t, n * 2 + 1))).chain(d.weak.iter().map(move |t| (t, n * 2)))
}

/// Each term's postings encoded, in term order.
fn encoded(
    postings: HashMap<String, Vec<u32>, foldhash::fast::RandomState>,
) -> Vec<(String, Postings)> {
    let mut terms: Vec<(String, Postings)> = postings
        .into_par_iter()
        .map(|(t, numbers)| {
            let p = Postings::of(&numbers, &t);
            (t, p)
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

impl SearchIndex {
    /// The index of `reviews`, in the order results should rank on a tie. Their documents
    /// are read back a few reviews at a time (in parallel), counted and dropped.
    pub fn build(reviews: Vec<Arc<PackedDocs>>) -> SearchIndex {
        let mut first_doc = Vec::with_capacity(reviews.len());
        let mut postings: HashMap<String, Vec<u32>, foldhash::fast::RandomState> =
            HashMap::default();
        let mut json = Vec::with_capacity(reviews.len());
        let mut n: u32 = 0;
        for (c, chunk) in reviews.chunks(64).enumerate() {
            let read: Vec<(ReviewDocs, ReviewJson)> = chunk
                .par_iter()
                .enumerate()
                .map(|(k, r)| {
                    let docs = r.unpack();
                    let record = ReviewJson::of(&docs, c * 64 + k);
                    (docs, record)
                })
                .collect();
            for (r, record) in read {
                first_doc.push(n);
                for d in &r.docs {
                    for (t, v) in doc_postings(d, n) {
                        match postings.get_mut(t) {
                            Some(p) => p.push(v),
                            None => {
                                postings.insert(t.to_string(), vec![v]);
                            }
                        }
                    }
                    n += 1;
                }
                json.push(record);
            }
        }
        let terms = encoded(postings);
        SearchIndex {
            terms: terms.into_iter().collect(),
            json,
            reviews,
            first_doc,
            written: Some(Mutex::default()),
            sealed: None,
        }
    }

    /// The index [`SearchIndex::build`] makes, but taking the reviews one at a time (in
    /// order) and dropping each once counted, and keeping only the files
    /// [`SearchIndex::files`] writes, made at once and compressed: what a one-off build
    /// makes of its reviews counted in parts ([`SearchIndex::sealed_of`]), which neither
    /// holds every review's documents at once nor updates the index.
    #[cfg(test)]
    pub(crate) fn build_sealed(
        reviews: impl Iterator<Item = anyhow::Result<ReviewDocs>>,
    ) -> anyhow::Result<SearchIndex> {
        Ok(SearchIndex::sealed_of(vec![SealedPart::read(reviews, 0)?]))
    }

    /// The sealed index of the reviews `parts` counted (in order, each numbering its
    /// documents from 0).
    pub(crate) fn sealed_of(parts: Vec<SealedPart>) -> SearchIndex {
        let mut parts = parts.into_iter();
        let SealedPart {
            mut postings,
            mut json,
            mut docs,
        } = parts.next().unwrap_or_default();
        for part in parts {
            for (term, encoding) in part.postings {
                match postings.get_mut(&term) {
                    Some(p) => p.append(encoding, docs),
                    None => {
                        let mut p = Encoding::default();
                        p.append(encoding, docs);
                        postings.insert(term, p);
                    }
                }
            }
            json.extend(part.json);
            docs += part.docs;
        }
        let terms: BTreeMap<String, Postings> = postings
            .into_par_iter()
            .map(|(term, encoding)| {
                let json = encoding.member(&term);
                (term, Postings { json })
            })
            .collect();
        let mut shards = Vec::new();
        let manifest = sealed_files(&json, &terms, |path, content| {
            let packed = lz4_flex::compress_prepend_size(content.as_bytes());
            shards.push((path, packed.into_boxed_slice()));
        });
        SearchIndex {
            sealed: Some(Sealed { manifest, shards }),
            ..SearchIndex::default()
        }
    }

    /// Replaces the reviews by `reviews` (in order). When every position keeps its number
    /// of documents (an edit that adds or removes no finding, in a review whose date did not
    /// move it), only the postings of the documents that changed are touched; otherwise
    /// the index is built again.
    pub fn update(&mut self, reviews: Vec<Arc<PackedDocs>>) {
        let same_shape = reviews.len() == self.reviews.len()
            && reviews
                .iter()
                .zip(&self.reviews)
                .all(|(a, b)| a.count() == b.count());
        if !same_shape {
            *self = SearchIndex::build(reviews);
            return;
        }
        let changed: Vec<(usize, Arc<PackedDocs>)> = reviews
            .iter()
            .enumerate()
            .filter(|(i, r)| !Arc::ptr_eq(r, &self.reviews[*i]))
            .map(|(i, r)| (i, r.clone()))
            .collect();
        self.replace(changed);
    }

    /// Replaces the review at each position by new documents.
    pub fn replace(&mut self, changed: Vec<(usize, Arc<PackedDocs>)>) {
        let same_shape = changed
            .iter()
            .all(|(i, r)| self.reviews.get(*i).is_some_and(|o| o.count() == r.count()));
        if !same_shape || changed.len() * 4 > self.reviews.len().max(4) {
            let mut reviews = std::mem::take(&mut self.reviews);
            for (i, r) in changed {
                if i < reviews.len() {
                    reviews[i] = r;
                }
            }
            *self = SearchIndex::build(reviews);
            return;
        }
        // Each touched term's postings: the numbers gone, and those come.
        let mut edits: BTreeMap<String, (Vec<u32>, Vec<u32>)> = BTreeMap::new();
        for (i, packed) in changed {
            let (old, new) = (self.reviews[i].unpack(), packed.unpack());
            for (j, (od, nd)) in old.docs.iter().zip(&new.docs).enumerate() {
                let n = self.first_doc[i] + j as u32;
                let before: HashMap<&str, u32> = doc_postings(od, n).collect();
                let after: HashMap<&str, u32> = doc_postings(nd, n).collect();
                for (t, v) in &before {
                    if after.get(t) != Some(v) {
                        edits.entry(t.to_string()).or_default().0.push(*v);
                    }
                }
                for (t, v) in &after {
                    if before.get(t) != Some(v) {
                        edits.entry(t.to_string()).or_default().1.push(*v);
                    }
                }
            }
            self.json[i] = ReviewJson::of(&new, i);
            self.reviews[i] = packed;
            if let Some(w) = self.written.as_mut() {
                w.get_mut()
                    .unwrap_or_else(|e| e.into_inner())
                    .dirty_reviews
                    .insert(i);
            }
        }
        if let Some(w) = self.written.as_mut() {
            let w = w.get_mut().unwrap_or_else(|e| e.into_inner());
            w.dirty_terms.extend(edits.keys().cloned());
        }
        for (t, (gone, come)) in edits {
            self.edit_postings(t, &gone, &come);
        }
    }

    /// Takes the numbers `gone` out of term `t`'s postings and puts `come` in (its
    /// postings read back from their encoding, then encoded again); a term left with none
    /// goes.
    fn edit_postings(&mut self, t: String, gone: &[u32], come: &[u32]) {
        let mut numbers = self
            .terms
            .get(&t)
            .map(Postings::numbers)
            .unwrap_or_default();
        for v in gone {
            if let Ok(k) = numbers.binary_search(v) {
                numbers.remove(k);
            }
        }
        for v in come {
            if let Err(k) = numbers.binary_search(v) {
                numbers.insert(k, *v);
            }
        }
        if numbers.is_empty() {
            self.terms.remove(&t);
        } else {
            let p = Postings::of(&numbers, &t);
            self.terms.insert(t, p);
        }
    }
}

impl SearchIndex {
    /// The files of the index: `search-index.js` (the manifest) first, then the shards,
    /// as (site-relative path, content). An index that is updated keeps its shards, and
    /// makes again only those that changed since the last call.
    pub fn files(&self) -> Vec<(String, Arc<str>)> {
        if self.sealed.is_some() {
            let mut out = Vec::new();
            self.write_files(|rel, content| {
                let text = String::from_utf8_lossy(content);
                out.push((rel.to_string(), Arc::from(text.as_ref())));
                Ok(())
            })
            .expect("only the sink fails");
            return out;
        }
        match &self.written {
            Some(w) => files(
                &self.json,
                &self.terms,
                Some(&mut w.lock().unwrap_or_else(|e| e.into_inner())),
            ),
            None => files(&self.json, &self.terms, None),
        }
    }
}

impl SearchIndex {
    /// Hands `write` each of [`SearchIndex::files`] in turn (a sealed index unpacks one
    /// shard at a time); stops at its first error.
    pub(crate) fn write_files(
        &self,
        mut write: impl FnMut(&str, &[u8]) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let Some(sealed) = &self.sealed else {
            for (rel, content) in self.files() {
                write(&rel, content.as_bytes())?;
            }
            return Ok(());
        };
        write(INDEX_FILE, sealed.manifest.as_bytes())?;
        for (rel, packed) in &sealed.shards {
            let content = lz4_flex::decompress_size_prepended(packed)
                .map_err(|e| anyhow::anyhow!("the search shard {rel} is corrupt: {e}"))?;
            write(rel, &content)?;
        }
        Ok(())
    }
}

/// The index files for `reviews`, in the order results should rank on a tie (the site
/// index's order: newest first), joined.
#[cfg(test)]
pub(crate) fn index_script(reviews: &[&ReviewDocs]) -> String {
    let packed = reviews.iter().map(|r| packed(r)).collect();
    let files = SearchIndex::build(packed).files();
    files.into_iter().map(|(_, c)| c.to_string()).collect()
}

/// `docs` packed, as `serve` holds them.
#[cfg(test)]
pub(crate) fn packed(docs: &ReviewDocs) -> Arc<PackedDocs> {
    Arc::new(PackedDocs::of(docs).expect("documents pack"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::{DocBuilder, ReviewRecord};

    #[test]
    fn an_index_built_one_review_at_a_time_writes_the_same_files() {
        let mut reviews = Vec::new();
        for (k, words) in ["alpha beta", "beta gamma", "alpha delta"]
            .iter()
            .enumerate()
        {
            let mut a = DocBuilder::new(String::new(), String::new(), None, format!("r{k}"));
            a.strong(words);
            let mut b = DocBuilder::new("I1".into(), "I1".into(), None, "f".into());
            b.weak(words);
            reviews.push(ReviewDocs {
                record: ReviewRecord {
                    url: format!("r{k}.html"),
                    title: format!("R{k}"),
                    ..ReviewRecord::default()
                },
                docs: vec![a.finish(), b.finish()],
            });
        }
        let whole = SearchIndex::build(reviews.iter().map(packed).collect());
        let folded = SearchIndex::build_sealed(reviews.into_iter().map(Ok)).unwrap();
        assert_eq!(whole.files(), folded.files());
        assert!(!folded.files().is_empty());
    }

    /// A review whose documents hold `words` and numbered words of its own (enough
    /// reviews make several shards of each kind).
    fn review(k: usize, words: &str) -> Arc<PackedDocs> {
        let mut a = DocBuilder::new(String::new(), String::new(), None, format!("r{k}"));
        a.strong(&format!("{words} title{k}"));
        let mut b = DocBuilder::new("I1".into(), "I1".into(), None, "f".into());
        let body: Vec<String> = (0..40)
            .map(|w| format!("w{}x{}", k % 7, (k * 40 + w) % 997))
            .collect();
        b.weak(&format!("{words} {}", body.join(" ")));
        packed(&ReviewDocs {
            record: ReviewRecord {
                url: format!("r{k}.html"),
                title: format!("Review {k} {words}"),
                ..ReviewRecord::default()
            },
            docs: vec![a.finish(), b.finish()],
        })
    }

    #[test]
    fn a_sealed_index_counted_in_parts_writes_what_one_counted_whole_writes() {
        let reviews: Vec<ReviewDocs> = (0..700)
            .map(|k| review(k, if k % 3 == 0 { "alpha" } else { "beta" }).unpack())
            .collect();
        let whole = SearchIndex::build(reviews.iter().map(packed).collect()).files();
        assert!(
            whole
                .iter()
                .filter(|(p, _)| p.starts_with("search/t"))
                .count()
                > 1
        );
        for cuts in [vec![350], vec![1, 2, 699], vec![100, 100, 500]] {
            let mut parts = Vec::new();
            let mut from = 0;
            for to in cuts.iter().copied().chain([reviews.len()]) {
                let docs = reviews[from..to].iter().cloned().map(Ok);
                parts.push(SealedPart::read(docs, from).unwrap());
                from = to;
            }
            let sealed = SearchIndex::sealed_of(parts).files();
            assert_eq!(sealed, whole, "cut at {cuts:?}");
        }
    }

    #[test]
    fn an_index_updated_writes_what_a_fresh_one_writes() {
        let mut reviews: Vec<Arc<PackedDocs>> =
            (0..2000).map(|k| review(k, "alpha beta")).collect();
        let mut kept = SearchIndex::build(reviews.clone());
        let mut before = kept.files();
        let shards = |kind: &str| before.iter().filter(|(p, _)| p.starts_with(kind)).count();
        assert!(shards("search/t") > 2 && shards("search/d") > 2);
        let edits = [
            (5, "gamma"),
            (300, "alpha zeta"),
            (1999, "beta"),
            (5, "alpha beta"),
        ];
        for (round, (at, words)) in edits.into_iter().enumerate() {
            reviews[at] = review(at, words);
            kept.update(reviews.clone());
            let now = kept.files();
            let fresh = SearchIndex::build(reviews.clone()).files();
            assert_eq!(now, fresh, "after edit {round}");
            // Made again: the manifest, the shards of the (at most three) terms that
            // changed and the review's document shard; the others are the ones kept.
            let same = now
                .iter()
                .zip(&before)
                .filter(|((_, a), (_, b))| Arc::ptr_eq(a, b))
                .count();
            assert!(
                now.len() - same <= 5,
                "edit {round}: {same} of {}",
                now.len()
            );
            before = now;
        }
        let again = kept.files();
        let same = again
            .iter()
            .zip(&before)
            .filter(|((_, a), (_, b))| Arc::ptr_eq(a, b))
            .count();
        assert_eq!(
            same,
            again.len() - 1,
            "all but the manifest kept: nothing changed"
        );
    }

    #[test]
    fn postings_are_delta_encoded_with_strong_bit() {
        let mut a = DocBuilder::new(String::new(), String::new(), None, "x".into());
        a.strong("alpha");
        let mut b = DocBuilder::new("I1".into(), "I1".into(), None, "y".into());
        b.weak("alpha beta");
        let mut c = DocBuilder::new("I2".into(), "I2".into(), None, "z".into());
        c.strong("alpha");
        let rd = ReviewDocs {
            record: ReviewRecord {
                url: "r.html".into(),
                title: "R".into(),
                date: String::new(),
                repo: String::new(),
                verdict: String::new(),
                verdict_class: String::new(),
            },
            docs: vec![a.finish(), b.finish(), c.finish()],
        };
        let js = index_script(&[&rd]);
        // alpha: doc 0 strong (0*2+1=1), doc 1 weak (1*2=2), doc 2 strong (1*2+1=3).
        assert!(js.contains("\"alpha\":\"#$%\""), "{js}");
        assert!(js.contains("\"beta\":\"$\""), "{js}");
        assert!(js.starts_with("/*"));
        assert!(js.contains("window.REVIEWSITE_SEARCH={"));
        assert!(js.contains("window.REVIEWSITE_SEARCH_SHARD(\"t\",0,{"));
    }

    #[test]
    fn report_text_cannot_end_the_script_or_a_string() {
        let hostile = "</script><script>alert(1)</script> a\u{2028}b\u{2029}c & d";
        let mut d = DocBuilder::new(String::new(), String::new(), None, hostile.into());
        d.strong(hostile);
        let rd = ReviewDocs {
            record: ReviewRecord {
                url: "r.html".into(),
                title: hostile.into(),
                date: String::new(),
                repo: String::new(),
                verdict: String::new(),
                verdict_class: String::new(),
            },
            docs: vec![d.finish()],
        };
        let js = index_script(&[&rd]);
        for bad in ['<', '>', '\u{2028}', '\u{2029}'] {
            assert!(!js.contains(bad), "{bad:?} in {js}");
        }
        // The same data once read back from the document shard.
        let shard = js.split("REVIEWSITE_SEARCH_SHARD(\"d\",0,").nth(1).unwrap();
        let body = shard.trim_end().trim_end_matches(';').trim_end_matches(')');
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["reviews"][0][1], hostile);
    }
}
