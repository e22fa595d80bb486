//! Builds the real corpus (`../shared/corpus/lima`, never copied into the repository) as a
//! new user would and checks the site: a page per report, an index linking them all, the
//! finding counts each report states, anchors for every finding, no network resources.
//! Skipped (with a message) when the corpus is not beside the repository.

use reviewsite::site::{build, check, BuildOptions};

/// A site folder whose content/ holds copies of the corpus reports (in a temp dir).
fn corpus_site() -> Option<(tempfile::TempDir, Vec<String>)> {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus at ../shared/corpus");
        return None;
    };
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    let mut stems = Vec::new();
    for e in std::fs::read_dir(corpus.join("lima")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            std::fs::copy(&p, content.join(p.file_name().unwrap())).unwrap();
            stems.push(p.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    stems.sort();
    Some((tmp, stems))
}

#[test]
fn corpus_builds_a_page_per_report_and_an_index_linking_them() {
    let Some((site, stems)) = corpus_site() else {
        return;
    };
    let out = site.path().join("out");
    let opts = crate::support::options(site.path(), &out, None);
    let report = build(&opts).expect("corpus builds");
    assert_eq!(report.reviews, stems.len());
    assert_eq!(report.errors(), 0, "{:#?}", report.diagnostics);
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    for stem in &stems {
        let page = out.join(format!("{stem}.html"));
        assert!(page.is_file(), "missing page for {stem}");
        assert!(
            out.join(format!("{stem}.md")).is_file(),
            "missing source copy for {stem}"
        );
        assert!(
            index.contains(&format!("href=\"{stem}.html\"")),
            "index does not link {stem}"
        );
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            !html.contains("<script src=\"http"),
            "{stem}: page loads a remote script"
        );
        assert!(
            !html.contains("<link rel=\"stylesheet\" href=\"http"),
            "{stem}: remote stylesheet"
        );
    }
    // A scan counts open issues in its verdict, not in severity sections: its page must not
    // contradict that with "0C 0I 0S".
    let scan = std::fs::read_to_string(out.join("20260429-132320-supply-chain.html")).unwrap();
    assert!(scan.contains("5 open issues"), "scan verdict shown");
    assert!(
        !scan.contains("class=\"counts\""),
        "scan page shows severity chips of zero"
    );
    for thread in [
        "repos/lima-vm/lima/pr-4637/index.html",
        "repos/lima-vm/lima/index.html",
    ] {
        assert!(out.join(thread).is_file(), "missing {thread}");
    }
}

#[test]
fn corpus_findings_have_anchors_and_stated_totals_match() {
    let Some((site, _)) = corpus_site() else {
        return;
    };
    let opts = BuildOptions {
        root: site.path().to_path_buf(),
        ..Default::default()
    };
    let loaded = reviewsite::site::load(&opts).unwrap();
    let mut stated = 0;
    for review in &loaded.reviews {
        if let Some(s) = review.stated_counts {
            stated += 1;
            assert_eq!(
                review.counts, s,
                "{}: parsed counts differ from the totals it states",
                review.id
            );
        }
        let mut ids: Vec<&str> = review.findings.iter().map(|f| f.id.as_str()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: finding ids are not unique", review.id);
    }
    assert!(
        stated >= 10,
        "only {stated} reports state their totals: the summary parser misses them"
    );
    let report = check(&opts).unwrap();
    assert_eq!(report.errors(), 0);
}

/// Words of a page's visible text: tags removed (inline `span`/`a`/`code`... glued, block
/// tags as spaces), entities decoded.
fn page_words(html: &str) -> std::collections::HashSet<String> {
    let html = regex::Regex::new(r"(?s)<script.*?</script>")
        .unwrap()
        .replace_all(html, " ");
    // Highlighted code splits a word over spans (`\n` + `dist`), while pills put words in
    // adjacent spans: read the text both ways and keep the words of either.
    let inline =
        regex::Regex::new(r"</?(span|a|code|strong|em|b|i|abbr|del|s|kbd|sub|sup)\b[^>]*>")
            .unwrap();
    let any_tag = regex::Regex::new(r"<[^>]+>").unwrap();
    let glued = any_tag
        .replace_all(&inline.replace_all(&html, ""), " ")
        .into_owned();
    let spaced = any_tag.replace_all(&html, " ").into_owned();
    let decode = |t: String| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&")
    };
    let (glued, spaced) = (decode(glued), decode(spaced));
    words(&glued).chain(words(&spaced)).collect()
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
}

#[test]
fn corpus_pages_keep_every_word_of_their_report() {
    let Some((site, stems)) = corpus_site() else {
        return;
    };
    let out = site.path().join("out");
    let opts = crate::support::options(site.path(), &out, None);
    build(&opts).unwrap();
    // What is not visible text in the source: link destinations, raw HTML tags, fence
    // info strings (shown as a language label, not verbatim).
    let dest = regex::Regex::new(r"\]\([^)]*\)|<[^>\n]+>|(?m)^\s*(```+|~~~+)[^\n]*$").unwrap();
    let mut lost = Vec::new();
    for stem in &stems {
        let md = std::fs::read_to_string(site.path().join("content").join(format!("{stem}.md")))
            .unwrap();
        let visible = dest.replace_all(&md, " ");
        let html = std::fs::read_to_string(out.join(format!("{stem}.html"))).unwrap();
        let have = page_words(&html);
        let missing: std::collections::BTreeSet<String> =
            words(&visible).filter(|w| !have.contains(w)).collect();
        if !missing.is_empty() {
            lost.push(format!("{stem}: {missing:?}"));
        }
    }
    assert!(
        lost.is_empty(),
        "words of the report missing from its page:\n{}",
        lost.join("\n")
    );
}
