//! Site search: one search document per review and per consolidated finding, and the
//! compact inverted index over them that `search.html` loads as `search-index.js`.
//!
//! The index is a script that assigns one global (`window.REVIEWSITE_SEARCH`), so the
//! search page works from `file://`, where browsers refuse `fetch()`. It holds:
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
//! Documents are built per review ([`review_docs`]), so `serve` can rebuild only the
//! documents of the reviews that changed and update the postings they touch
//! ([`SearchIndex::update`]).

use crate::aggregate::page_ids::{finding_title, stable_ids, title_or_id};
use crate::aggregate::ReviewSummary;
use crate::html::escape::html_safe_json;
use crate::html::markdown;
use crate::model::{Review, SectionKind, Severity};
use crate::text::url_path::encode_url_path;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// The global the index script assigns.
pub const GLOBAL: &str = "REVIEWSITE_SEARCH";
/// The index's file name at the site root.
pub const INDEX_FILE: &str = "search-index.js";
/// Characters of a result's snippet.
const SNIPPET_CHARS: usize = 80;
/// Longest word and compound indexed (longer runs are hashes, base64, minified code).
const MAX_TERM_CHARS: usize = 64;

/// Words too common to be worth a posting list; queries ignore them too.
pub const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from",
    "has", "have", "if", "in", "into", "is", "it", "its", "no", "not", "of", "on", "or", "so",
    "than", "that", "the", "their", "then", "there", "these", "this", "to", "was", "we", "were",
    "when", "which", "while", "will", "with", "would",
];

/// The length of the longest of [`STOP_WORDS`].
const LONGEST_STOP_WORD: usize = 5;

/// What one review contributes to the search index.
#[derive(Debug, Clone, Default)]
pub struct ReviewDocs {
    pub record: ReviewRecord,
    /// The review itself first, then its findings in page order.
    pub docs: Vec<SearchDoc>,
}

/// A review as search results show it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ReviewRecord {
    /// Site-relative, encoded URL of the review page.
    pub url: String,
    /// Plain-text title.
    pub title: String,
    pub date: String,
    /// `owner/name`, or empty.
    pub repo: String,
    /// The verdict label as written (plain text), or empty.
    pub verdict: String,
    /// The verdict class slug (`merge-with-fixes`), or empty.
    pub verdict_class: String,
}

/// One search result: a review or one of its findings.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    /// The fragment on the review page (`I3`); empty for the review itself.
    pub anchor: String,
    /// The finding id as shown (`I3`); empty for the review itself.
    pub label: String,
    pub severity: Option<Severity>,
    /// Plain-text title.
    pub title: String,
    /// The first words of the body, plain text.
    pub snippet: String,
    /// Locations as written, without backticks.
    pub locations: Vec<String>,
    /// Terms of the title, id, locations, agents, repository, PR and verdict.
    pub strong: Terms,
    /// Terms of the body that are not strong.
    pub weak: Terms,
}

/// A document's terms, in no particular order, packed in one string (a site's documents are kept for
/// incremental updates: a set of strings per document took more memory than the
/// archive's Markdown).
#[derive(Debug, Clone, Default)]
pub struct Terms(Box<str>);

impl Terms {
    /// Packs `terms` (no duplicates) as they come: every reader collects them into a
    /// map, so their order never shows.
    fn pack(terms: Vec<&str>) -> Terms {
        let mut s = String::with_capacity(terms.iter().map(|t| t.len() + 1).sum());
        for t in terms {
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(t);
        }
        Terms(s.into_boxed_str())
    }

    /// The terms in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        // Terms never hold a line break (they are runs of letters, digits and `_./-`).
        self.0.split('\n').filter(|t| !t.is_empty())
    }
}

/// A [`SearchDoc`] being made: the lower-cased text of its strong and its weak parts,
/// each part followed by a space, tokenised once by [`DocBuilder::finish`]. (A space
/// splits runs as the end of a text does, so the terms are those of each part on its own.)
struct DocBuilder {
    doc: SearchDoc,
    strong: String,
    weak: String,
}

impl DocBuilder {
    fn new(anchor: String, label: String, severity: Option<Severity>, title: String) -> Self {
        DocBuilder {
            doc: SearchDoc {
                anchor,
                label,
                severity,
                title,
                snippet: String::new(),
                locations: Vec::new(),
                strong: Terms::default(),
                weak: Terms::default(),
            },
            strong: String::new(),
            weak: String::new(),
        }
    }
    fn strong(&mut self, text: &str) {
        push_lowercase(&mut self.strong, text);
    }
    fn weak(&mut self, text: &str) {
        push_lowercase(&mut self.weak, text);
    }
    fn finish(mut self) -> SearchDoc {
        let mut strong = TermSet::default();
        for_each_term(&self.strong, |t| {
            strong.insert(t);
        });
        let mut weak = TermSet::default();
        for_each_term(&self.weak, |t| {
            if !strong.contains(t) {
                weak.insert(t);
            }
        });
        self.doc.strong = Terms::pack(strong.into_iter().collect());
        self.doc.weak = Terms::pack(weak.into_iter().collect());
        self.doc
    }
}

/// A document's distinct terms while it is made (borrowed from its lower-cased text).
type TermSet<'a> = HashSet<&'a str, foldhash::fast::RandomState>;

/// Appends `text` lower-cased, and a space.
fn push_lowercase(buf: &mut String, text: &str) {
    if text.is_ascii() {
        buf.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        // `str::to_lowercase`, not per character: a final sigma depends on its neighbours.
        buf.push_str(&text.to_lowercase());
    }
    buf.push(' ');
}

/// Adds the search terms of `text` to `out` (see the module docs for the rules).
pub fn add_terms(text: &str, out: &mut BTreeSet<String>) {
    for_each_term(&text.to_lowercase(), |t| {
        if !out.contains(t) {
            out.insert(t.to_string());
        }
    });
}

/// Calls `found` with each term of the lower-cased `lower` (a term may come more than
/// once).
///
/// The text is cut at ASCII separators first (bytes, fast); a piece with no other
/// character is one run of compound characters, and a piece with non-ASCII characters is
/// split further by characters. Both give the runs a split of the whole text would.
fn for_each_term<'a>(lower: &'a str, mut found: impl FnMut(&'a str)) {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if is_ascii_separator(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = true;
        while i < bytes.len() && !is_ascii_separator(bytes[i]) {
            ascii &= bytes[i].is_ascii();
            i += 1;
        }
        // Both ends are ASCII bytes or the ends of the text: character boundaries.
        let piece = &lower[start..i];
        if ascii {
            run_terms(piece, true, &mut found);
        } else {
            for run in piece.split(|c: char| !is_compound_char(c)) {
                run_terms(run, run.is_ascii(), &mut found);
            }
        }
    }
}

/// Whether `w` is one of [`STOP_WORDS`]: a word of at most [`LONGEST_STOP_WORD`] bytes
/// read as a number, looked up in the sorted numbers of the stop words (a scan of the list
/// compared strings for every short word of every document).
fn is_stop_word(w: &str) -> bool {
    fn key(w: &str) -> u64 {
        let mut bytes = [0u8; 8];
        bytes[..w.len()].copy_from_slice(w.as_bytes());
        u64::from_le_bytes(bytes)
    }
    static KEYS: OnceLock<Vec<u64>> = OnceLock::new();
    if w.len() > LONGEST_STOP_WORD {
        return false;
    }
    let keys = KEYS.get_or_init(|| {
        let mut keys: Vec<u64> = STOP_WORDS.iter().map(|w| key(w)).collect();
        keys.sort_unstable();
        keys
    });
    keys.binary_search(&key(w)).is_ok()
}

/// An ASCII byte that is not a compound character (see [`is_compound_char`]).
fn is_ascii_separator(b: u8) -> bool {
    b.is_ascii() && !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'/' | b'-'))
}

/// The terms of one run of compound characters (`ascii`: the run is all ASCII, so
/// characters are bytes).
fn run_terms<'a>(run: &'a str, ascii: bool, found: &mut impl FnMut(&'a str)) {
    let chars = |w: &str| if ascii { w.len() } else { w.chars().count() };
    let is_word = |w: &str| {
        let n = chars(w);
        (2..=MAX_TERM_CHARS).contains(&n) && !is_stop_word(w)
    };
    let run = if ascii {
        run.trim_matches(|c: char| !c.is_ascii_alphanumeric())
    } else {
        run.trim_matches(|c: char| !c.is_alphanumeric())
    };
    if run.is_empty() {
        return;
    }
    let is_compound = if ascii {
        run.bytes().any(|b| !b.is_ascii_alphanumeric())
    } else {
        run.contains(|c: char| !c.is_alphanumeric())
    };
    if !is_compound {
        if is_word(run) {
            found(run);
        }
        return;
    }
    for word in run.split(|c: char| !c.is_alphanumeric()) {
        if is_word(word) {
            found(word);
        }
    }
    if chars(run) <= MAX_TERM_CHARS {
        found(run);
        // Every suffix of a path after a `/` that is still a compound.
        let mut rest = run;
        while let Some(i) = rest.find('/') {
            rest = rest[i + 1..].trim_start_matches(|c: char| !c.is_alphanumeric());
            if rest.contains(|c: char| !c.is_alphanumeric()) {
                found(rest);
            }
        }
    }
}

fn is_compound_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')
}

/// Plain text of block Markdown with its code blocks, and without them (one parse).
fn block_texts(md: &str) -> (String, String) {
    let (mut all, mut prose) = (String::new(), String::new());
    let mut in_code = false;
    let opts = crate::text::dialect::options();
    for ev in Parser::new_ext(md, opts) {
        let text: &str = match &ev {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                " "
            }
            Event::Text(t) if in_code => {
                all.push_str(t);
                continue;
            }
            Event::Text(t) | Event::Code(t) => t,
            Event::Html(_) | Event::InlineHtml(_) => " ",
            Event::SoftBreak | Event::HardBreak => " ",
            Event::End(_) => " ",
            _ => continue,
        };
        all.push_str(text);
        prose.push_str(text);
    }
    (all, prose)
}

/// The first words of `text`, cut at a word boundary.
fn snippet(text: &str) -> String {
    // The words joined by single spaces, up to the first that passes the limit (the rest
    // of a long text is never shown).
    let mut joined = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !joined.is_empty() {
            joined.push(' ');
            chars += 1;
        }
        joined.push_str(word);
        chars += word.chars().count();
        if chars > SNIPPET_CHARS {
            break;
        }
    }
    let text = joined;
    if chars <= SNIPPET_CHARS {
        return text;
    }
    let cut: String = text.chars().take(SNIPPET_CHARS).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > SNIPPET_CHARS / 2 => &cut[..i],
        _ => &cut,
    };
    format!(
        "{}\u{2026}",
        cut.trim_end_matches([',', ';', ':', '.', ' '])
    )
}

/// The search documents of one review: the review, then each consolidated finding with the
/// anchor its page gives it. Not indexed: the appendix of original agent reviews (the
/// consolidated findings carry what it found, and it would double the index), the agent
/// retro and the review-process notes.
pub fn review_docs(review: &Review, summary: &ReviewSummary) -> ReviewDocs {
    let m = &review.meta;
    let title = markdown::plain_text(&title_or_id(&summary.title, &review.id));
    let record = ReviewRecord {
        url: encode_url_path(&summary.url),
        title: title.clone(),
        date: summary.date.clone(),
        repo: m.repo.as_ref().map(|r| r.slug()).unwrap_or_default(),
        verdict: m
            .verdict
            .as_ref()
            .map(|v| markdown::plain_text(&v.label))
            .unwrap_or_default(),
        verdict_class: m
            .verdict
            .as_ref()
            .map(|v| crate::model::kind_slug(v.class))
            .unwrap_or_default(),
    };

    // The review itself.
    let mut doc = DocBuilder::new(String::new(), String::new(), None, title);
    doc.strong(&review.id);
    doc.strong(&doc.doc.title.clone());
    doc.strong(&markdown::plain_text(&review.title));
    doc.strong(review.kind.label());
    if let Some(repo) = &m.repo {
        doc.strong(&repo.slug());
    }
    if let Some(pr) = &m.pr {
        doc.strong(&format!("pr-{0} #{0}", pr.number));
        if let Some(t) = &pr.title {
            doc.strong(&markdown::plain_text(t));
        }
    }
    if let Some(b) = &m.branch {
        doc.strong(b);
    }
    for r in &m.reviewers {
        doc.strong(&r.name);
        doc.strong(&r.family);
    }
    // The verdict's rationale, as prose: indexed, and the review's snippet when it says
    // something.
    let mut rationale = String::new();
    if let Some(v) = &m.verdict {
        doc.strong(&v.label);
        rationale = block_texts(v.rationale.as_deref().unwrap_or("")).1;
        doc.weak(&rationale);
    }
    if let Some(a) = &m.author {
        doc.weak(&a.login);
    }
    for c in &m.commits {
        doc.weak(&c.sha);
        doc.weak(&markdown::plain_text(&c.subject));
    }
    for row in &m.rows {
        doc.weak(&markdown::plain_text(&row.value));
    }
    doc.weak(&block_texts(&review.preamble).0);
    let mut summary_text = String::new();
    for s in &review.sections {
        match s.kind {
            // Findings are documents of their own; the appendix repeats what the agents
            // found (the consolidated findings carry it) and would double the index; the
            // agent retro and process notes are about the reviewers and the pipeline, not
            // the code (the agent pages show them).
            SectionKind::Appendix
            | SectionKind::Findings
            | SectionKind::Group
            | SectionKind::AgentRetro
            | SectionKind::ProcessNotes => {}
            _ => {
                doc.weak(&markdown::plain_text(&s.title));
                let (all, prose) = block_texts(&s.body);
                doc.weak(&all);
                if s.kind == SectionKind::ExecutiveSummary && summary_text.is_empty() {
                    summary_text = prose;
                }
            }
        }
    }
    let has_rationale = m
        .verdict
        .as_ref()
        .and_then(|v| v.rationale.as_deref())
        .is_some_and(|r| !r.trim().is_empty());
    doc.doc.snippet = snippet(if has_rationale {
        &rationale
    } else {
        &summary_text
    });
    let mut docs = vec![doc.finish()];

    // Its findings.
    let ids = stable_ids(review);
    for (i, f) in review.findings.iter().enumerate() {
        let anchor = ids.findings.get(i).cloned().unwrap_or_else(|| f.id.clone());
        let severity = f
            .severity
            .or_else(|| review.sections.get(f.section).and_then(|s| s.severity));
        let title = markdown::plain_text(finding_title(f));
        let mut doc = DocBuilder::new(anchor, f.id.clone(), severity, title);
        doc.strong(&f.id);
        doc.strong(&doc.doc.title.clone());
        if let Some(s) = severity {
            doc.strong(s.label());
        }
        for l in &f.locations {
            let raw = l.raw.trim().trim_matches('`').trim();
            if !raw.is_empty() {
                doc.doc.locations.push(raw.to_string());
                doc.strong(raw);
            }
            if let Some(p) = &l.path {
                doc.strong(p);
            }
        }
        if let Some(t) = &f.location_text {
            doc.strong(&markdown::plain_text(t));
        }
        for a in &f.agents {
            doc.strong(a);
        }
        for t in f.tags.iter().chain(&f.notes) {
            doc.weak(t);
        }
        if let Some(r) = &f.resolution {
            doc.weak(&r.label);
            if let Some(reason) = &r.reason {
                doc.weak(reason);
            }
        }
        let (all, prose) = block_texts(&f.body);
        doc.weak(&all);
        doc.doc.snippet = snippet(&prose);
        docs.push(doc.finish());
    }
    ReviewDocs { record, docs }
}

/// The characters postings are written with: 92 printable ASCII characters that need no
/// escaping in a JSON string (no `"`, no `\\`). The first [`FINAL`] end a number; the
/// others are its leading digits.
const ALPHABET: &str =
    "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/// How many of [`ALPHABET`]'s characters are final digits.
const FINAL: u64 = 46;

/// Writes `n` with no separator: leading digits in base 46 from the second half of
/// [`ALPHABET`], then one final digit from its first half.
fn encode_number(n: u64, out: &mut String) {
    let alphabet = ALPHABET.as_bytes();
    let cont = alphabet.len() as u64 - FINAL;
    let mut q = n / FINAL;
    let mut lead = Vec::new();
    while q > 0 {
        lead.push(alphabet[(FINAL + q % cont) as usize] as char);
        q /= cont;
    }
    out.extend(lead.iter().rev());
    out.push(alphabet[(n % FINAL) as usize] as char);
}

/// One result as serialised: (review number, anchor when it differs from the id, id,
/// severity letter, title, snippet, locations).
type DocJson<'a> = (
    usize,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [String],
);

/// The head of the index object, before its `reviews`, `docs` and `terms` members.
#[derive(Serialize)]
struct IndexHead<'a> {
    /// Format version; `search.js` checks it.
    v: u32,
    /// The postings alphabet (see [`encode_number`]).
    enc: &'a str,
    /// How many of its characters end a number.
    fin: u64,
    stop: &'a [&'a str],
}

/// The documents one term occurs in: `doc * 2 + strong`, ascending, and the term's member
/// of the `terms` object as serialised (`"term":"<encoded postings>"`).
#[derive(Debug, Default)]
struct Postings {
    numbers: Vec<u32>,
    json: String,
}

impl Postings {
    fn encode(&mut self, term: &str) {
        let mut encoded = String::new();
        let mut last: Option<u32> = None;
        for &v in &self.numbers {
            let (n, strong) = (u64::from(v / 2), u64::from(v % 2));
            let delta = last.map_or(n, |l| n - u64::from(l / 2));
            encode_number(delta * 2 + strong, &mut encoded);
            last = Some(v);
        }
        self.json = html_safe_json(&format!("{}:{}", json_string(term), json_string(&encoded)));
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// One review's part of the `reviews` and `docs` arrays, serialised (its documents name
/// the review by its position).
#[derive(Debug, Default)]
struct ReviewJson {
    record: String,
    docs: String,
}

impl ReviewJson {
    fn of(r: &ReviewDocs, position: usize) -> ReviewJson {
        let rec = &r.record;
        let record = html_safe_json(
            &serde_json::to_string(&[
                &rec.url,
                &rec.title,
                &rec.date,
                &rec.repo,
                &rec.verdict,
                &rec.verdict_class,
            ])
            .unwrap_or_default(),
        );
        let docs: Vec<String> = r
            .docs
            .iter()
            .map(|d| {
                let sev = match d.severity {
                    Some(Severity::Critical) => "c",
                    Some(Severity::Important) => "i",
                    Some(Severity::Suggestion) => "s",
                    None => "",
                };
                let anchor = if d.anchor == d.label { "" } else { &d.anchor };
                let doc: DocJson = (
                    position,
                    anchor,
                    &d.label,
                    sev,
                    &d.title,
                    &d.snippet,
                    &d.locations,
                );
                html_safe_json(&serde_json::to_string(&doc).unwrap_or_default())
            })
            .collect();
        ReviewJson {
            record,
            docs: docs.join(","),
        }
    }
}

/// The search index of a site: every review's documents in the site index's order
/// (newest first, which is how results rank on a tie) and the postings of every term.
///
/// It is kept between rebuilds by `serve`: [`SearchIndex::update`] replaces the documents
/// of the reviews that changed and re-encodes only the postings they touch; the script is
/// joined from pieces serialised once (each review's records, each term's postings).
#[derive(Default)]
pub struct SearchIndex {
    reviews: Vec<Arc<ReviewDocs>>,
    /// Each review's records, serialised, by position.
    json: Vec<ReviewJson>,
    /// The number of each review's first document.
    first_doc: Vec<u32>,
    terms: BTreeMap<String, Postings>,
}

/// A document's terms with their posting number: `doc * 2 + strong`.
fn doc_postings(d: &SearchDoc, n: u32) -> impl Iterator<Item = (&str, u32)> {
    (d.strong.iter().map(move |t| (t, n * 2 + 1))).chain(d.weak.iter().map(move |t| (t, n * 2)))
}

impl SearchIndex {
    /// The index of `reviews`, in the order results should rank on a tie.
    pub fn build(reviews: Vec<Arc<ReviewDocs>>) -> SearchIndex {
        let mut first_doc = Vec::with_capacity(reviews.len());
        let mut postings: HashMap<&str, Vec<u32>, foldhash::fast::RandomState> = HashMap::default();
        let mut n: u32 = 0;
        for r in &reviews {
            first_doc.push(n);
            for d in &r.docs {
                for (t, v) in doc_postings(d, n) {
                    postings.entry(t).or_default().push(v);
                }
                n += 1;
            }
        }
        let mut terms: Vec<(String, Postings)> = postings
            .into_par_iter()
            .map(|(t, numbers)| {
                let mut p = Postings {
                    numbers,
                    json: String::new(),
                };
                p.encode(t);
                (t.to_string(), p)
            })
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let json = reviews
            .par_iter()
            .enumerate()
            .map(|(i, r)| ReviewJson::of(r, i))
            .collect();
        SearchIndex {
            terms: terms.into_iter().collect(),
            json,
            reviews,
            first_doc,
        }
    }

    /// Replaces the reviews by `reviews` (in order). When every position keeps its number
    /// of documents (an edit that adds or removes no finding, in a review whose date did not
    /// move it), only the postings of the documents that changed are touched; otherwise
    /// the index is built again.
    pub fn update(&mut self, reviews: Vec<Arc<ReviewDocs>>) {
        let same_shape = reviews.len() == self.reviews.len()
            && reviews
                .iter()
                .zip(&self.reviews)
                .all(|(a, b)| a.docs.len() == b.docs.len());
        if !same_shape {
            *self = SearchIndex::build(reviews);
            return;
        }
        let changed: Vec<(usize, Arc<ReviewDocs>)> = reviews
            .iter()
            .enumerate()
            .filter(|(i, r)| !Arc::ptr_eq(r, &self.reviews[*i]))
            .map(|(i, r)| (i, r.clone()))
            .collect();
        self.replace(changed);
    }

    /// Replaces the review at each position by new documents.
    pub fn replace(&mut self, changed: Vec<(usize, Arc<ReviewDocs>)>) {
        let same_shape = changed.iter().all(|(i, r)| {
            self.reviews
                .get(*i)
                .is_some_and(|o| o.docs.len() == r.docs.len())
        });
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
        let mut dirty: BTreeSet<String> = BTreeSet::new();
        for (i, new) in changed {
            let old = &self.reviews[i];
            for (j, (od, nd)) in old.docs.iter().zip(&new.docs).enumerate() {
                let n = self.first_doc[i] + j as u32;
                let before: HashMap<&str, u32> = doc_postings(od, n).collect();
                let after: HashMap<&str, u32> = doc_postings(nd, n).collect();
                for (t, v) in &before {
                    if after.get(t) != Some(v) {
                        if let Some(p) = self.terms.get_mut(*t) {
                            if let Ok(k) = p.numbers.binary_search(v) {
                                p.numbers.remove(k);
                            }
                        }
                        dirty.insert(t.to_string());
                    }
                }
                for (t, v) in &after {
                    if before.get(t) != Some(v) {
                        let p = self.terms.entry(t.to_string()).or_default();
                        if let Err(k) = p.numbers.binary_search(v) {
                            p.numbers.insert(k, *v);
                        }
                        dirty.insert(t.to_string());
                    }
                }
            }
            self.json[i] = ReviewJson::of(&new, i);
            self.reviews[i] = new;
        }
        for t in dirty {
            let empty = match self.terms.get_mut(&t) {
                Some(p) => {
                    p.encode(&t);
                    p.numbers.is_empty()
                }
                None => false,
            };
            if empty {
                self.terms.remove(&t);
            }
        }
    }

    /// Frees what only [`SearchIndex::update`] needs (the documents and the postings as
    /// numbers), keeping what [`SearchIndex::script`] writes: for a one-off build. An
    /// update after this builds the index again from the documents it is given.
    pub fn seal(&mut self) {
        self.reviews = Vec::new();
        self.first_doc = Vec::new();
        for p in self.terms.values_mut() {
            p.numbers = Vec::new();
        }
    }

    /// The content of `search-index.js`. Report text inside can never end the script or
    /// a string early: every piece is [`html_safe_json`].
    pub fn script(&self) -> String {
        let head = html_safe_json(
            &serde_json::to_string(&IndexHead {
                v: 1,
                enc: ALPHABET,
                fin: FINAL,
                stop: STOP_WORDS,
            })
            .unwrap_or_else(|_| "{}".into()),
        );
        let size = self
            .json
            .iter()
            .map(|j| j.record.len() + j.docs.len() + 2)
            .sum::<usize>()
            + self.terms.values().map(|p| p.json.len() + 1).sum::<usize>()
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
        join_into(&mut out, self.json.iter().map(|j| j.record.as_str()));
        out.push_str("],\"docs\":[");
        join_into(
            &mut out,
            self.json
                .iter()
                .map(|j| j.docs.as_str())
                .filter(|d| !d.is_empty()),
        );
        out.push_str("],\"terms\":{");
        join_into(&mut out, self.terms.values().map(|p| p.json.as_str()));
        out.push_str("}};\n");
        out
    }
}

fn join_into<'a>(out: &mut String, parts: impl Iterator<Item = &'a str>) {
    for (i, p) in parts.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(p);
    }
}

/// The content of `search-index.js` for `reviews`, in the order results should rank on a tie
/// (the site index's order: newest first).
pub fn index_script(reviews: &[&ReviewDocs]) -> String {
    SearchIndex::build(reviews.iter().map(|r| Arc::new((*r).clone())).collect()).script()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        let mut out = BTreeSet::new();
        add_terms(s, &mut out);
        out.into_iter().collect()
    }

    /// The module docs' rules, split by characters only: what `for_each_term`'s
    /// byte-level cutting must agree with.
    fn reference_terms(lower: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let is_word = |w: &str| {
            let n = w.chars().count();
            (2..=MAX_TERM_CHARS).contains(&n) && !STOP_WORDS.contains(&w)
        };
        for run in lower.split(|c: char| !is_compound_char(c)) {
            let run = run.trim_matches(|c: char| !c.is_alphanumeric());
            if run.is_empty() {
                continue;
            }
            let words: Vec<&str> = run.split(|c: char| !c.is_alphanumeric()).collect();
            out.extend(words.iter().filter(|w| is_word(w)).map(|w| w.to_string()));
            if words.len() > 1 && run.chars().count() <= MAX_TERM_CHARS {
                out.insert(run.to_string());
                let mut rest = run;
                while let Some(i) = rest.find('/') {
                    rest = rest[i + 1..].trim_start_matches(|c: char| !c.is_alphanumeric());
                    if rest.contains(|c: char| !c.is_alphanumeric()) {
                        out.insert(rest.to_string());
                    }
                }
            }
        }
        out
    }

    #[test]
    fn byte_level_cutting_finds_the_terms_a_character_split_does() {
        let long = "x".repeat(MAX_TERM_CHARS);
        let texts = [
            "plain words and the stop words in it",
            "pkg/hostagent/events.go:42 wait_for_ssh v1.2.3 --flag -x ./a/ /b/c..d",
            "em\u{2014}dash caf\u{e9}/r\u{e9}sum\u{e9}.go \u{201c}quoted\u{201d} na\u{ef}ve_\u{3b1}\u{3b2}",
            "\u{3c3}\u{3b5}\u{3bb}\u{3af}\u{3b4}\u{3b1} \u{4e2d}\u{6587}\u{5b57} \u{1f642}emoji\u{1f642}x a\u{2013}b",
            "__init__ ...dots... //double//slash// a-b-c- -lead trail.",
            &format!("{long} {long}x a/{long} \u{e9}{long}"),
            "",
            "\u{a0}non\u{a0}breaking\u{3000}spaces x1 2x",
        ];
        for text in texts {
            let lower = text.to_lowercase();
            let mut got = BTreeSet::new();
            for_each_term(&lower, |t| {
                got.insert(t.to_string());
            });
            assert_eq!(got, reference_terms(&lower), "terms of {text:?}");
        }
    }

    #[test]
    fn no_stop_word_is_longer_than_the_longest() {
        assert_eq!(
            STOP_WORDS.iter().map(|w| w.chars().count()).max(),
            Some(LONGEST_STOP_WORD)
        );
        assert_eq!(terms("their there these which would"), Vec::<String>::new());
        assert!(STOP_WORDS.iter().all(|w| is_stop_word(w)));
        for near in ["a", "ann", "th", "thes", "whic", "wouldn", "\u{e9}s", "ä"] {
            assert!(!is_stop_word(near), "{near}");
        }
    }

    #[test]
    fn paths_give_their_suffixes_and_words() {
        let t = terms("see `pkg/hostagent/events.go:12-30` now");
        for want in [
            "pkg/hostagent/events.go",
            "hostagent/events.go",
            "events.go",
            "pkg",
            "hostagent",
            "events",
            "go",
            "12",
            "30",
            "see",
            "now",
        ] {
            assert!(t.contains(&want.to_string()), "{want} in {t:?}");
        }
    }

    #[test]
    fn identifiers_and_stop_words() {
        let t = terms("The wait_for_ssh call, and a Race.");
        assert!(t.contains(&"wait_for_ssh".to_string()));
        assert!(t.contains(&"ssh".to_string()));
        assert!(t.contains(&"race".to_string()));
        assert!(!t.contains(&"the".to_string()));
        assert!(!t.contains(&"a".to_string()));
        assert!(!t.contains(&"race.".to_string()));
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
        // The same data once read back.
        let body = js
            .split_once('=')
            .map(|(_, b)| b.trim_end().trim_end_matches(';'))
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["reviews"][0][1], hostile);
    }

    #[test]
    fn numbers_encode_without_separators() {
        let alphabet: Vec<char> = ALPHABET.chars().collect();
        assert_eq!(alphabet.len(), 92);
        assert!(!ALPHABET.contains(['"', '\\']));
        let decode = |s: &str| -> Vec<u64> {
            let mut out = Vec::new();
            let mut acc = 0u64;
            for c in s.chars() {
                let v = alphabet.iter().position(|&a| a == c).unwrap() as u64;
                if v >= FINAL {
                    acc = acc * (92 - FINAL) + (v - FINAL);
                } else {
                    out.push(acc * FINAL + v);
                    acc = 0;
                }
            }
            out
        };
        let nums = [0, 1, 45, 46, 47, 2115, 2116, 99_999, 12_345_678];
        let mut s = String::new();
        for n in nums {
            encode_number(n, &mut s);
        }
        assert_eq!(decode(&s), nums);
    }

    #[test]
    fn snippets_are_cut_at_words() {
        let long = "word ".repeat(100);
        let s = snippet(&long);
        assert!(s.ends_with('\u{2026}'));
        assert!(s.chars().count() <= SNIPPET_CHARS + 1);
        // Whitespace runs read as one space; a text of exactly the limit is whole.
        assert_eq!(snippet("  a\n\tb  c "), "a b c");
        let exact = format!("{} {}", "é".repeat(SNIPPET_CHARS - 3), "xy");
        assert_eq!(snippet(&format!("{exact}\n")), exact);
        // One character more, and it is cut at the last space.
        let over = format!("{exact}z");
        assert_eq!(
            snippet(&over),
            format!("{}\u{2026}", "é".repeat(SNIPPET_CHARS - 3))
        );
    }
}
