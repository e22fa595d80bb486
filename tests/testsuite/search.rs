//! Site search: the index written at build time lists every finding with its anchor, file
//! paths and words (example site and corpus), and `search.html` finds a finding by a file
//! path or by its words in headless Chromium, offline, from `file://`.

use reviewsite::model::Review;
use reviewsite::search::{add_terms, GLOBAL, SHARD_CALLBACK};
use reviewsite::site;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The search index of a built site, read back from its manifest (`search-index.js`) and
/// all its shards (`search/t<N>.js`, `search/d<N>.js`) into one object with `reviews`,
/// `docs` and `terms`, as one file held it before the index was split.
struct Index {
    json: Value,
    /// term -> doc number -> strong
    postings: HashMap<String, HashMap<usize, bool>>,
}

/// The object a script passes to (or assigns with) `prefix`, parsed.
fn script_json(js: &str, prefix: &str) -> Value {
    let start = js.find(prefix).expect("the script's call") + prefix.len();
    let body = js[start..]
        .trim_end()
        .trim_end_matches(';')
        .trim_end_matches(')');
    serde_json::from_str(body).expect("index is JSON")
}

/// The contents of a site's shards of one kind (`t` or `d`), in order.
fn shards(out: &Path, kind: &str) -> Vec<Value> {
    (0..)
        .map(|n| out.join(format!("search/{kind}{n}.js")))
        .take_while(|p| p.exists())
        .enumerate()
        .map(|(n, p)| {
            let js = crate::support::read(&p);
            script_json(&js, &format!("window.{SHARD_CALLBACK}(\"{kind}\",{n},"))
        })
        .collect()
}

impl Index {
    fn load(out: &Path) -> Index {
        let js = crate::support::read(&out.join("search-index.js"));
        let manifest = script_json(&js, &format!("window.{GLOBAL}="));
        assert_eq!(manifest["v"], 2);
        let (mut terms, mut reviews, mut docs) = (serde_json::Map::new(), vec![], vec![]);
        let t = shards(out, "t");
        assert_eq!(t.len(), manifest["terms"].as_array().unwrap().len());
        for (shard, first) in t.iter().zip(manifest["terms"].as_array().unwrap()) {
            let shard = shard.as_object().unwrap();
            assert!(shard.contains_key(first.as_str().unwrap()), "{first}");
            terms.extend(shard.clone());
        }
        let d = shards(out, "d");
        for (shard, first) in d.iter().zip(manifest["dshards"].as_array().unwrap()) {
            assert_eq!(first[0], docs.len(), "first document of a shard");
            assert_eq!(first[1], reviews.len(), "first review of a shard");
            reviews.extend(shard["reviews"].as_array().unwrap().iter().cloned());
            docs.extend(shard["docs"].as_array().unwrap().iter().cloned());
        }
        assert_eq!(manifest["reviews"], reviews.len());
        assert_eq!(manifest["docs"], docs.len());
        let mut json = manifest.clone();
        json["reviews"] = Value::Array(reviews);
        json["docs"] = Value::Array(docs);
        json["terms"] = Value::Object(terms);
        let enc: Vec<char> = json["enc"].as_str().unwrap().chars().collect();
        let fin = json["fin"].as_u64().unwrap();
        let cont = enc.len() as u64 - fin;
        let decode = |raw: &str| -> Vec<u64> {
            let (mut out, mut acc) = (vec![], 0u64);
            for c in raw.chars() {
                let v = enc.iter().position(|&e| e == c).expect("postings alphabet") as u64;
                if v >= fin {
                    acc = acc * cont + (v - fin);
                    continue;
                }
                out.push(acc * fin + v);
                acc = 0;
            }
            out
        };
        // The manifest lists each review's own document.
        let mut n = 0;
        let rdocs: Vec<u64> = decode(json["rdocs"].as_str().unwrap())
            .into_iter()
            .map(|x| {
                n += x;
                n
            })
            .collect();
        let review_docs: Vec<u64> = json["docs"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, d)| d[1] == "" && d[2] == "")
            .map(|(i, _)| i as u64)
            .collect();
        assert_eq!(rdocs, review_docs, "the manifest's review documents");
        let mut postings = HashMap::new();
        for (term, raw) in json["terms"].as_object().unwrap() {
            let mut m = HashMap::new();
            let mut n = 0u64;
            for x in decode(raw.as_str().unwrap()) {
                n += x / 2;
                m.insert(n as usize, x % 2 == 1);
            }
            postings.insert(term.clone(), m);
        }
        Index { json, postings }
    }

    /// The doc number of the finding `anchor` of review `id` (`anchor` empty: the review).
    fn doc(&self, id: &str, anchor: &str) -> Option<usize> {
        let reviews = self.json["reviews"].as_array().unwrap();
        let url = format!("{id}.html");
        let ri = reviews.iter().position(|r| r[0] == url.as_str())?;
        self.json["docs"].as_array().unwrap().iter().position(|d| {
            let a = d[1].as_str().unwrap();
            let a = if a.is_empty() {
                d[2].as_str().unwrap()
            } else {
                a
            };
            d[0].as_u64() == Some(ri as u64) && a == anchor
        })
    }

    fn has(&self, term: &str, doc: usize) -> Option<bool> {
        self.postings.get(term).and_then(|m| m.get(&doc).copied())
    }
}

fn terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    add_terms(text, &mut out);
    out
}

/// Every review and finding is a document; each finding's id, title words, file paths and
/// basenames are strong terms of it, and its body words are terms of it.
fn assert_index_covers(out: &Path, reviews: &[Review]) -> usize {
    let index = Index::load(out);
    let docs = index.json["docs"].as_array().unwrap().len();
    let findings: usize = reviews.iter().map(|r| r.findings.len()).sum();
    assert_eq!(
        docs,
        reviews.len() + findings,
        "one document per review and finding"
    );
    let mut checked = 0;
    for r in reviews {
        let review_doc = index.doc(&r.id, "").expect("review document");
        assert_eq!(
            index.has(&r.id.to_lowercase(), review_doc),
            Some(true),
            "{}",
            r.id
        );
        let anchors = reviewsite::aggregate::page_ids::finding_anchors(r);
        for (f, anchor) in r.findings.iter().zip(&anchors) {
            let doc = index
                .doc(&r.id, anchor)
                .unwrap_or_else(|| panic!("{}#{anchor}: no document", r.id));
            let title = reviewsite::html::markdown::plain_text(if f.title.trim().is_empty() {
                &f.head
            } else {
                &f.title
            });
            let mut strong = terms(&title);
            strong.extend(terms(&f.id));
            for l in &f.locations {
                if let Some(p) = &l.path {
                    strong.extend(terms(p));
                    // Terms start and end with a letter or digit (`.github/x` -> `github/x`).
                    // A `:line` suffix is a separate term.
                    let p = p
                        .split(':')
                        .next()
                        .unwrap_or_default()
                        .to_lowercase()
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_string();
                    let base = p
                        .rsplit('/')
                        .next()
                        .unwrap_or(&p)
                        .trim_start_matches(|c: char| !c.is_alphanumeric())
                        .to_string();
                    if p.chars().count() <= 64 && p.contains(['/', '.']) {
                        assert!(strong.contains(&p), "{p}");
                        assert!(
                            base.len() < 2 || strong.contains(&base) || !base.contains('.'),
                            "{base}"
                        );
                    }
                }
            }
            for t in &strong {
                assert_eq!(
                    index.has(t, doc),
                    Some(true),
                    "{}#{anchor}: strong term {t:?} missing",
                    r.id
                );
            }
            let body: String = f.body.split("```").step_by(2).collect::<Vec<_>>().join(" ");
            // Words of the body as its lines read (link targets and markup excluded): both in
            // the raw line and in its plain text.
            let body_terms: BTreeSet<String> = body
                .lines()
                .flat_map(|l| {
                    let plain: BTreeSet<String> =
                        crate::support::tokens(&reviewsite::html::markdown::plain_text(l))
                            .into_iter()
                            .map(|t| t.to_lowercase())
                            .collect();
                    crate::support::tokens(l)
                        .into_iter()
                        .map(|t| t.to_lowercase())
                        .filter(move |t| plain.contains(t))
                        .collect::<Vec<_>>()
                })
                .flat_map(|t| terms(&t))
                .collect();
            for t in body_terms.iter().take(40) {
                assert!(
                    index.has(t, doc).is_some(),
                    "{}#{anchor}: body term {t:?} missing",
                    r.id
                );
            }
            checked += 1;
        }
    }
    checked
}

#[test]
fn example_index_covers_every_finding() {
    let (_tmp, root) = crate::support::example_site();
    let out = root.join("public");
    let opts = crate::support::options(&root, &out, None);
    site::build(&opts).expect("build");
    let loaded = site::load(&opts).expect("load");
    let n = assert_index_covers(&out, &loaded.reviews);
    assert!(n > 20, "example findings checked: {n}");
    let page = crate::support::read(&out.join("search.html"));
    assert!(page.contains("<noscript>"), "no-JS message");
    assert!(page.contains("<script src=\"search-index.js\" defer></script>"));
    assert!(crate::support::read(&out.join("index.html")).contains("action=\"search.html\""));
}

#[test]
fn corpus_index_covers_every_finding() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let opts = crate::support::options(&corpus, &out, None);
    site::build(&opts).expect("build");
    let loaded = site::load(&opts).expect("load");
    let n = assert_index_covers(&out, &loaded.reviews);
    assert!(n > 100, "corpus findings checked: {n}");
}

/// A finding whose first located path no other finding cites, with its page anchor and a
/// line it cites (1 when none).
fn unique_path_finding(reviews: &[Review]) -> (String, String, String, u32) {
    let mut cited: HashMap<String, usize> = HashMap::new();
    for r in reviews {
        for f in &r.findings {
            let paths: BTreeSet<String> =
                f.locations.iter().filter_map(|l| l.path.clone()).collect();
            for p in paths {
                *cited.entry(p).or_default() += 1;
            }
        }
    }
    for r in reviews {
        let anchors = reviewsite::aggregate::page_ids::finding_anchors(r);
        for (f, a) in r.findings.iter().zip(&anchors) {
            for l in &f.locations {
                if let Some(p) = &l.path {
                    if cited[p] == 1 && p.contains('/') && p.contains('.') {
                        let line = l.ranges.first().map_or(1, |r| r.start);
                        return (p.clone(), r.id.clone(), a.clone(), line);
                    }
                }
            }
        }
    }
    panic!("no finding with a path of its own");
}

/// Title words of a finding that no other finding's title has all of.
fn unique_title_finding(reviews: &[Review]) -> (String, String, String) {
    let title_terms =
        |f: &reviewsite::model::Finding| terms(&reviewsite::html::markdown::plain_text(&f.title));
    let all: Vec<BTreeSet<String>> = reviews
        .iter()
        .flat_map(|r| r.findings.iter().map(title_terms))
        .collect();
    for r in reviews {
        let anchors = reviewsite::aggregate::page_ids::finding_anchors(r);
        for (f, a) in r.findings.iter().zip(&anchors) {
            let t = title_terms(f);
            let words: Vec<&String> = t
                .iter()
                .filter(|w| w.len() >= 5 && w.chars().all(char::is_alphabetic))
                .take(3)
                .collect();
            if words.len() < 3 {
                continue;
            }
            let holders = all
                .iter()
                .filter(|o| words.iter().all(|w| o.contains(*w)))
                .count();
            if holders == 1 {
                let q = words
                    .iter()
                    .map(|w| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                return (q, r.id.clone(), a.clone());
            }
        }
    }
    panic!("no finding with distinctive title words");
}

/// Builds `root` into `out`, searches it in Chromium, and checks the first results.
fn browser_search(root: &Path, out: &Path) {
    let opts = crate::support::options(root, out, None);
    site::build(&opts).expect("build");
    let loaded = site::load(&opts).expect("load");
    let (path, path_id, path_anchor, line) = unique_path_finding(&loaded.reviews);
    let (words, words_id, words_anchor) = unique_title_finding(&loaded.reviews);
    // `path:LINE` finds it too (the line is a ranking hint, not a term).
    let base = path.rsplit('/').next().unwrap().to_string();
    let url = crate::support::browser::file_url(&out.join("search.html"));
    let queries = [
        path.clone(),
        words.clone(),
        format!("{path}:{line}"),
        "zzqqxj".to_string(),
    ];
    let args: Vec<&str> = std::iter::once(url.as_str())
        .chain(queries.iter().map(String::as_str))
        .collect();
    let Some(result) = crate::support::browser::run("search.mjs", &args) else {
        return;
    };
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{}",
        result["blocked"]
    );
    assert!(
        result["noscript"]
            .as_str()
            .unwrap()
            .contains("needs JavaScript"),
        "{}",
        result["noscript"]
    );
    let qs = result["queries"].as_array().unwrap();
    for q in qs {
        for key in ["consoleErrors", "pageErrors", "dialogs"] {
            assert_eq!(
                q[key].as_array().map(Vec::len),
                Some(0),
                "{}: {key}: {}",
                q["query"],
                q[key]
            );
        }
        assert_eq!(q["foreign"], 0, "{}", q["query"]);
    }
    let first = |i: usize| {
        qs[i]["results"][0]["href"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(
        first(0),
        format!("{path_id}.html#{path_anchor}"),
        "path query {path}: {}",
        qs[0]
    );
    assert!(
        qs[0]["results"][0]["marks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&base.to_lowercase())),
        "the path is highlighted: {}",
        qs[0]
    );
    assert_eq!(
        first(1),
        format!("{words_id}.html#{words_anchor}"),
        "words query {words:?}: {}",
        qs[1]
    );
    let by_base: Vec<&str> = qs[2]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["href"].as_str())
        .collect();
    assert!(
        by_base.contains(&format!("{path_id}.html#{path_anchor}").as_str()),
        "{path}:{line} -> {by_base:?}"
    );
    assert_eq!(qs[3]["results"].as_array().map(Vec::len), Some(0));
    assert!(qs[3]["status"].as_str().unwrap().starts_with("No results"));
    // Typed into the box: the same first result as the URL gave.
    assert_eq!(qs[4]["how"], "typed");
    assert_eq!(qs[4]["results"][0]["href"], qs[0]["results"][0]["href"]);
}

#[test]
fn browser_finds_example_findings_by_path_and_words() {
    let (_tmp, root) = crate::support::example_site();
    browser_search(&root, &root.join("public"));
}

#[test]
fn browser_finds_corpus_findings_by_path_and_words() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    browser_search(&corpus, &tmp.path().join("public"));
}

/// Hostile report text reaches results as text: no markup, no script, no dialog.
#[test]
fn browser_shows_hostile_text_as_text() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/20260101-000000-pr-1.md"),
        "# Deep Review: 20260101-000000-pr-1\n\n| | |\n|---|---|\n| **Repo** | [o/r](https://github.com/o/r) |\n| **PR** | [#1](https://github.com/o/r/pull/1) — <img src=x onerror=alert(1)> |\n\n## Important Issues\n\nI1. **Evil <img src=x onerror=alert(2)> title** — `src/evil<b>.go:3`, `evil.go` [Claude]\n\n<script>alert(3)</script> hostile body onerror\n",
    )
    .unwrap();
    let out = root.join("public");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let url = crate::support::browser::file_url(&out.join("search.html"));
    let Some(result) = crate::support::browser::run("search.mjs", &[&url, "evil title", "evil.go"])
    else {
        return;
    };
    for q in result["queries"].as_array().unwrap() {
        assert_eq!(q["dialogs"].as_array().map(Vec::len), Some(0), "{q}");
        assert_eq!(q["pageErrors"].as_array().map(Vec::len), Some(0), "{q}");
        assert_eq!(q["foreign"], 0, "{q}");
        assert!(!q["results"].as_array().unwrap().is_empty(), "{q}");
    }
}

/// Builds the example with the CLI, the index cut in shards of about `bytes`.
fn build_sharded(root: &Path, out: &Path, bytes: usize) {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(["build", "-q", "-r"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .env("REVIEWSITE_SEARCH_SHARD_BYTES", bytes.to_string())
        .status()
        .expect("runs reviewsite");
    assert!(status.success());
}

/// The index cut in many small shards finds exactly what it finds whole (one shard of
/// each kind, as the single `search-index.js` before it was split): the same results in
/// the same order, for words, prefixes, paths with a line, ids and compounds, loading
/// only some of the shards.
#[test]
fn sharded_index_finds_what_the_whole_index_finds() {
    let (tmp, root) = crate::support::example_site();
    let whole = tmp.path().join("whole");
    let cut = tmp.path().join("cut");
    build_sharded(&root, &whole, 1 << 30);
    build_sharded(&root, &cut, 256);
    assert!(!whole.join("search/t1.js").exists() && !whole.join("search/d1.js").exists());
    let n_shards = std::fs::read_dir(cut.join("search")).unwrap().count();
    assert!(n_shards > 50, "many shards: {n_shards}");
    let queries = [
        "timeout",
        "go:12",
        "review",
        "I1",
        "se",
        "co",
        "pr-212",
        "router middleware",
        "readme.md:57",
        "zzqqxj",
    ];
    let run = |out: &Path| {
        let url = crate::support::browser::file_url(&out.join("search.html"));
        let args: Vec<&str> = std::iter::once(url.as_str()).chain(queries).collect();
        crate::support::browser::run("search_results.mjs", &args)
    };
    let (Some(a), Some(b)) = (run(&whole), run(&cut)) else {
        return;
    };
    let (a, b) = (
        a["queries"].as_array().unwrap(),
        b["queries"].as_array().unwrap(),
    );
    assert_eq!(a.len(), queries.len());
    for (qa, qb) in a.iter().zip(b) {
        for q in [qa, qb] {
            for key in ["consoleErrors", "pageErrors"] {
                assert_eq!(q[key].as_array().map(Vec::len), Some(0), "{q}");
            }
        }
        assert_eq!(qa["status"], qb["status"], "{}", qa["query"]);
        assert_eq!(qa["results"], qb["results"], "{}", qa["query"]);
        // Only some shards load for a query.
        let loaded = qb["scripts"].as_array().unwrap().len();
        assert!(loaded < n_shards / 2, "{}: {loaded} scripts", qb["query"]);
    }
    let count = |i: usize| a[i]["results"].as_array().unwrap().len();
    assert!(count(4) > 20 && count(5) > 30, "prefix queries find many");
    assert!(count(0) >= 1 && count(1) >= 1 && count(6) >= 1 && count(7) >= 1);
    assert_eq!(count(9), 0);
}
