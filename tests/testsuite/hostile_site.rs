//! The hostile fixture (`tests/fixtures/hostile/`): reports and a sidecar whose every
//! value carries a script or a `javascript:`/`data:`/`vbscript:` URL, plus file and folder
//! names made hostile at run time. The built site must hold no such URL in any attribute,
//! no event-handler attribute, no script, frame, form or plugin from content, keep the
//! harmless markup reports use, and (in Chromium) run nothing: no dialog, no error, and
//! the sentinel `window.__pwned` that every injected script would set stays unset.

use crate::support::html::{self, url_scheme, StartTag, URL_ATTRS};
use std::path::{Path, PathBuf};

/// A stem and a repository folder that are themselves attacks.
const EVIL_STEM: &str = "20260603-000000-\"><img src=x onerror=window.__pwned=1>";
const EVIL_OWNER: &str = "\"><svg onload=window.__pwned=1>";

/// The fixture copied to a temporary site, with the hostile file names added, and built.
fn hostile_site() -> (tempfile::TempDir, PathBuf, reviewsite::site::BuildReport) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    crate::support::copy_tree(
        &crate::support::manifest_dir().join("tests/fixtures/hostile/content"),
        &root.join("content"),
    );
    let report = |title: &str| {
        format!(
            "# Deep Review: {title}\n\n| | |\n|---|---|\n| **Date** | 2026-06-03 00:00 |\n\
             | **Verdict** | **Rework** — [see](javascript:window.__pwned=1) |\n\n\
             ## Important Issues\n\nI1. **Links to the other** — `x.go:1` [Claude Opus 4.7]\n\n\
             Body: [the other]({}#I1).\n",
            reviewsite::text::url_path::encode_url_path(&format!("{EVIL_STEM}.md"))
        )
    };
    std::fs::write(
        root.join(format!("content/{EVIL_STEM}.md")),
        report("<script>window.__pwned=1</script>"),
    )
    .expect("write");
    let evil_repo = root.join(format!("content/{EVIL_OWNER}/r<script>"));
    std::fs::create_dir_all(&evil_repo).expect("mkdir");
    std::fs::write(
        evil_repo.join("20260604-000000-pr-7.md"),
        report("owner folder"),
    )
    .expect("write");
    let out = tmp.path().join("out");
    let built = reviewsite::site::build(&crate::support::options(&root, &out, None))
        .expect("hostile site builds");
    assert_eq!(built.reviews, 4, "{:#?}", built.diagnostics);
    (tmp, out, built)
}

/// Pages a browser would render: HTML, SVG, the Atom feed, and the feed's `type="html"`
/// texts (which a feed reader renders as HTML).
fn pages(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for f in crate::support::walk(out) {
        let rel = f.strip_prefix(out).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        if rel.ends_with(".html") || rel.ends_with(".svg") {
            v.push((rel, text));
        } else if rel.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
            for n in doc.descendants() {
                if matches!(n.attribute("type"), Some("html" | "xhtml")) {
                    let inner: String = n.descendants().filter_map(|d| d.text()).collect();
                    v.push((format!("{rel} <{}>", n.tag_name().name()), inner));
                }
            }
            v.push((rel, text));
        }
    }
    assert!(v.len() > 10, "pages found: {}", v.len());
    v
}

fn tags_of(out: &Path) -> Vec<(String, StartTag)> {
    pages(out)
        .into_iter()
        .flat_map(|(rel, text)| {
            html::start_tags(&text)
                .into_iter()
                .map(move |t| (rel.clone(), t))
        })
        .collect()
}

#[test]
fn no_javascript_data_or_vbscript_url_in_any_page() {
    let (_tmp, out, _) = hostile_site();
    let mut checked = 0;
    for (page, tag) in tags_of(&out) {
        for (name, value) in &tag.attrs {
            if !URL_ATTRS.contains(&name.as_str()) {
                continue;
            }
            checked += 1;
            let scheme = url_scheme(value);
            assert!(
                matches!(scheme.as_deref(), None | Some("http" | "https" | "mailto")),
                "{page}:{}: <{} {name}={value:?}>",
                tag.line,
                tag.name
            );
        }
        if tag.name == "meta" {
            assert!(tag.attr("http-equiv").is_none(), "{page}: {tag:?}");
        }
    }
    assert!(checked > 500, "only {checked} URLs checked");
}

#[test]
fn no_event_handler_script_frame_or_form_from_content() {
    let (_tmp, out, _) = hostile_site();
    let theme_script =
        regex::Regex::new(r"^((\.\./)*|/([\w.-]+/)*)(filter|search-index|search|share|a11y)\.js$")
            .unwrap();
    let forbidden = [
        "iframe", "frame", "object", "embed", "form", "textarea", "select", "base", "applet",
        "img", "video", "audio", "source", "math", "style", "template", "param",
    ];
    let mut scripts = 0;
    for (page, tag) in tags_of(&out) {
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "{page}:{}: <{} {name}={value:?}>",
                tag.line,
                tag.name
            );
            // The theme's charts size themselves with `style`; content never brings one.
            if name == "style" {
                assert!(
                    tag.name == "svg" && value.starts_with("max-width:"),
                    "{page}:{}: <{} style={value:?}>",
                    tag.line,
                    tag.name
                );
            }
        }
        // The theme's search boxes (header, search page) are the only forms. (Its inputs, and
        // the index's filter radios, run nothing: no handler attribute is allowed above.)
        let theme_search = tag.name == "form"
            && matches!(tag.attr("class"), Some("header-search" | "search-form"))
            && tag
                .attr("action")
                .is_some_and(|a| a.ends_with("search.html"));
        assert!(
            theme_search || !forbidden.contains(&tag.name.as_str()),
            "{page}:{}: <{}> from content: {tag:?}",
            tag.line,
            tag.name
        );
        if tag.name == "script" {
            scripts += 1;
            let src = tag.attr("src").unwrap_or_default();
            assert!(theme_script.is_match(src), "{page}:{}: {tag:?}", tag.line);
        }
        if tag.name == "link" {
            let rel = tag.attr("rel").unwrap_or_default();
            assert!(
                matches!(rel, "stylesheet" | "alternate" | "icon" | "canonical"),
                "{page}: {tag:?}"
            );
        }
    }
    // The theme's own scripts are found, so the scan does see scripts.
    assert!(scripts >= 3, "{scripts}");
    // No script element reaches a page with content inside it.
    for (page, text) in pages(&out) {
        let bare = crate::support::without_theme_script(&text).to_ascii_lowercase();
        assert!(!bare.contains("<script"), "{page}");
    }
}

#[test]
fn harmless_markup_is_kept_and_hostile_text_is_shown_as_text() {
    let (_tmp, out, built) = hostile_site();
    let page = crate::support::read(&out.join("20260601-120000-pr-66.html"));
    for kept in [
        "<details><summary>Kept: details</summary>",
        "<kbd>Ctrl</kbd>",
        "<sub>2</sub>",
        "<sup>2</sup>",
        "line<br>break",
        "<a href=\"mailto:someone@example.com\"",
    ] {
        let raw = crate::support::read(&out.join("20260602-090000-raw.html"));
        assert!(page.contains(kept) || raw.contains(kept), "{kept} kept");
    }
    assert!(
        page.contains("href=\"https://example.com/?q=&quot;&gt;&lt;script&gt;"),
        "a web link keeps its (escaped) URL"
    );
    let text = html::text(&page);
    // What a stranger wrote is visible as text: the code span in the PR title, the
    // fence's code, the hostile location.
    for shown in [
        "Fix <script> handling",
        "code <script>window.__pwned=1</script>",
        "\"><script>window.__pwned=1</script>.go",
        "println(\"</script><script>window.__pwned=1</script>\")",
    ] {
        assert!(text.contains(shown), "{shown:?} shown as text");
    }
    // The extra cell of the ragged table is kept (as text), and the row is reported.
    assert!(text.contains("extra"), "extra table cell kept");
    assert!(built
        .diagnostics
        .iter()
        .any(|d| d.message.contains("more cell")));
    // The hostile stem has its page and the link to it works.
    assert!(out.join(format!("{EVIL_STEM}.html")).is_file());
    let other = crate::support::read(&out.join("20260604-000000-pr-7.html"));
    assert!(
        other.contains(&format!(
            "href=\"{}#I1\"",
            reviewsite::text::url_path::encode_url_path(&format!("{EVIL_STEM}.html"))
        )),
        "link to the hostile stem"
    );
    // The hostile owner folder names the repository, as text, under a safe path.
    let index = crate::support::read(&out.join("index.html"));
    assert!(html::text(&index).contains(EVIL_OWNER));
}

#[test]
fn data_files_hold_hostile_text_that_cannot_end_a_script() {
    let (_tmp, out, _) = hostile_site();
    let js = crate::support::read(&out.join("search-index.js"));
    let terms = crate::support::read(&out.join("search/t0.js"));
    let docs = crate::support::read(&out.join("search/d0.js"));
    let json = crate::support::read(&out.join("reviews.json"));
    for (name, text) in [
        ("search-index.js", &js),
        ("search/t0.js", &terms),
        ("search/d0.js", &docs),
        ("reviews.json", &json),
    ] {
        for bad in ['<', '>', '\u{2028}', '\u{2029}'] {
            assert!(!text.contains(bad), "{name} holds {bad:?} raw");
        }
    }
    // The same strings are there, escaped: the data is whole.
    let v: serde_json::Value = serde_json::from_str(&json).expect("reviews.json parses");
    assert!(v.to_string().contains("Fix <script> handling"), "{v}");
    // A link is exported only when it is a web link.
    let pr = &v["reviews"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "20260601-120000-pr-66")
        .unwrap()["pr"];
    assert_eq!(pr["number"], 66);
    assert_eq!(pr["url"], serde_json::Value::Null, "{pr}");
    let body = docs
        .split_once(',')
        .and_then(|(_, b)| b.split_once(','))
        .map(|(_, b)| b.trim_end().trim_end_matches(';').trim_end_matches(')'));
    let idx: serde_json::Value = serde_json::from_str(body.unwrap()).expect("index parses");
    assert!(idx.to_string().contains("</script>"));
}

#[test]
fn no_script_from_content_runs_in_chromium() {
    let (_tmp, out, _) = hostile_site();
    let mut urls: Vec<String> = crate::support::walk(&out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        // 404.html links from the server's root, which file:// does not have.
        .filter(|f| !f.ends_with("404.html"))
        .map(|f| crate::support::browser::file_url(&f))
        .collect();
    urls.sort();
    let mut args: Vec<&str> = urls.iter().map(String::as_str).collect();
    args.extend(["--", "script", "pwned", "handling"]);
    let Some(result) = crate::support::browser::run("hostile.mjs", &args) else {
        return;
    };
    let pages = result["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), urls.len());
    let mut searched = 0;
    for p in pages {
        let url = p["url"].as_str().unwrap_or_default();
        assert_eq!(p["pwned"], false, "{url}: an injected script ran");
        for key in ["dialogs", "pageErrors", "consoleErrors", "problems"] {
            assert_eq!(
                p[key].as_array().map(Vec::len),
                Some(0),
                "{url}: {key}: {}",
                p[key]
            );
        }
        for s in p["searches"].as_array().into_iter().flatten() {
            searched += 1;
            assert!(s["results"].as_u64() > Some(0), "{url}: {s}");
        }
    }
    assert_eq!(searched, 3, "the search page was searched");
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{}",
        result["blocked"]
    );
}
