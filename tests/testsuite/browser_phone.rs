//! The phone layout, measured in headless Chromium at 360 and 390 px (800 px tall): no
//! page is wider than the viewport (`document.documentElement.scrollWidth`), the header
//! stays compact, and on a review page the verdict, the counts and the first finding's
//! jump link sit within the first screen, the metadata table is folded away and the
//! contents menu is near the top. Run on the bundled example, on an invented site of long
//! unbroken names, titles and verdicts, and on the real corpus when it is present.

use reviewsite::site;
use serde_json::Value;
use std::path::Path;

/// The first screen of a phone, in CSS px.
const SCREEN: i64 = 800;
/// The tallest header a phone may show (brand and search on one line, repositories on one).
const HEADER_MAX: i64 = 100;

/// Every page of the site at `out` worth measuring (the leaderboard's sorted copies but one
/// left out: they are the same page), the search page with `query` in its URL, measured by
/// `phone.mjs`. `None` when browser tests are skipped here.
fn measure(out: &Path, query: &str) -> Option<Vec<Value>> {
    let mut urls = Vec::new();
    for f in crate::support::walk(out) {
        let rel = f
            .strip_prefix(out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let sorted_copy = rel.starts_with("agents/by-") && rel != "agents/by-findings.html";
        if rel.ends_with(".html") && !sorted_copy {
            urls.push(crate::support::browser::file_url(&f));
        }
    }
    urls.push(format!(
        "{}?q={query}",
        crate::support::browser::file_url(&out.join("search.html"))
    ));
    let root = format!("--root={}", out.canonicalize().unwrap().display());
    let mut args: Vec<&str> = vec![&root];
    args.extend(urls.iter().map(String::as_str));
    let result = crate::support::browser::run("phone.mjs", &args)?;
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{}",
        result["blocked"]
    );
    let pages = result["pages"].as_array().expect("pages").clone();
    assert_eq!(pages.len(), urls.len() * 2, "each page at 360 and 390 px");
    Some(pages)
}

fn int(v: &Value) -> Option<i64> {
    v.as_f64().map(|f| f.round() as i64)
}

/// Asserts the phone layout on every measured page; returns how many review pages with
/// findings were checked (at both widths). `contents_on_first_screen`: the contents menu
/// must show on the first screen too (not where titles run to many lines).
fn assert_phone(pages: &[Value], contents_on_first_screen: bool) -> usize {
    let mut reviews = 0;
    for p in pages {
        let at = format!("{} at {} px", p["url"], p["width"]);
        assert_eq!(
            p["styled"],
            Value::Bool(true),
            "{at}: stylesheet not applied"
        );
        for key in ["consoleErrors", "pageErrors"] {
            assert_eq!(p[key].as_array().map(Vec::len), Some(0), "{at}: {}", p[key]);
        }
        let (sw, vw) = (int(&p["scrollWidth"]), int(&p["viewport"]));
        assert_eq!(vw, p["width"].as_i64(), "{at}: viewport");
        assert!(
            sw <= vw,
            "{at}: page {sw:?} px wide, sticking out: {}",
            p["offenders"]
        );
        let header = int(&p["header"]).expect("every page has the site header");
        assert!(header <= HEADER_MAX, "{at}: header {header} px tall");
        let r = &p["review"];
        if r.is_null() || r["firstFinding"].is_null() {
            continue;
        }
        reviews += 1;
        for key in ["verdictBottom", "countsBottom", "jumpBottom", "contents"] {
            let y = int(&r[key]).unwrap_or_else(|| panic!("{at}: no {key}: {r}"));
            if key != "contents" || contents_on_first_screen {
                assert!(
                    y <= SCREEN,
                    "{at}: {key} at {y} px, below the first screen: {r}"
                );
            }
        }
        assert_eq!(
            r["metaOpen"],
            Value::Bool(false),
            "{at}: metadata table shown: {r}"
        );
    }
    reviews
}

#[test]
fn example_pages_fit_a_phone() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, root) = crate::support::example_site();
    let out = root.join("public");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let Some(pages) = measure(&out, "middleware") else {
        return;
    };
    let reviews = assert_phone(&pages, true);
    assert!(
        reviews >= 12,
        "review pages with findings checked: {reviews}"
    );
}

/// An invented branch review whose every name is long and unbroken: branch, verdict,
/// finding titles and locations, a wide table, a long code line.
fn long_report() -> String {
    let word = "averyveryverylongidentifierwithoutanybreakopportunity".repeat(3);
    format!(
        "# Deep Review: 20260601-120000-{word}\n\n| | |\n|---|---|\n\
         | **Date** | 2026-06-01 12:00 |\n| **Repo** | [acme/{word}](https://github.com/acme/x) |\n\
         | **Branch** | `feature/{word}` |\n\
         | **Reviewers** | Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5 (effort: xhigh) |\n\
         | **Verdict** | **Ready to merge once {word} is renamed and the follow-up lands** — {word} |\n\n\
         ## Executive Summary\n\n{word} and more {word}.\n\n\
         | {word} | b | c | d | e | f |\n|---|---|---|---|---|---|\n| {word} | 1 | 2 | 3 | 4 | 5 |\n\n\
         ## Important Issues\n\n\
         I1. **{word} breaks** — `src/{word}/{word}.rs:10` [Claude Opus 4.7]\n\n\
         ```rust\nlet x = \"{word}{word}\";\n```\n\n\
         ## Suggestions\n\nS1. **Rename {word}** — `src/a.rs:1` [Codex GPT 5.5]\n\nBody {word}.\n"
    )
}

#[test]
fn long_unbroken_names_fit_a_phone() {
    if crate::support::browser::skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let content = root.join("content/acme/longnames");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("20260601-120000-long-branch.md"),
        long_report(),
    )
    .unwrap();
    let out = tmp.path().join("out");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let Some(pages) = measure(&out, "identifier") else {
        return;
    };
    assert_eq!(
        assert_phone(&pages, false),
        2,
        "the review page at both widths"
    );
}

#[test]
fn corpus_pages_fit_a_phone() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus at ../shared/corpus");
        return;
    };
    if crate::support::browser::skip() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::support::copy_tree(&corpus.join("lima"), &root.join("content"));
    let out = tmp.path().join("out");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let Some(pages) = measure(&out, "windows") else {
        return;
    };
    let reviews = assert_phone(&pages, true);
    assert!(
        reviews >= 40,
        "review pages with findings checked: {reviews}"
    );
}
