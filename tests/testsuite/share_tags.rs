//! Links that unfurl (issue 19): every page carries OpenGraph and Twitter card tags, a
//! review page's description is its PR, verdict and counts, the canonical link and
//! `og:url` appear exactly when `base_url` is absolute, and `favicon.ico` is a real icon
//! beside `favicon.svg`. Read from the built pages with an HTML tokenizer.

use crate::support::html::{start_tags, StartTag};
use reviewsite::site;
use std::collections::BTreeMap;
use std::path::Path;

/// The `<meta>` values of a page by `property` or `name`, and its `<link>` tags by `rel`.
struct Head {
    meta: BTreeMap<String, String>,
    links: Vec<(String, String)>,
}

fn head(html: &str) -> Head {
    let tags: Vec<StartTag> = start_tags(html);
    let mut meta = BTreeMap::new();
    let mut links = Vec::new();
    for t in &tags {
        if t.name == "meta" {
            if let (Some(k), Some(v)) = (t.attr("property").or(t.attr("name")), t.attr("content")) {
                meta.insert(k.to_string(), v.to_string());
            }
        } else if t.name == "link" {
            if let (Some(rel), Some(href)) = (t.attr("rel"), t.attr("href")) {
                links.push((rel.to_string(), href.to_string()));
            }
        }
    }
    Head { meta, links }
}

fn pages(out: &Path) -> Vec<(String, String)> {
    crate::support::walk(out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .map(|f| {
            let rel = f
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

fn build(base_url: Option<&str>) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = crate::support::example_site();
    let out = root.join("public");
    site::build(&crate::support::options(&root, &out, base_url)).expect("build");
    (tmp, out)
}

#[test]
fn every_page_has_card_tags_and_an_absolute_canonical_url() {
    let base = "https://acme.example/reviews/";
    let (_tmp, out) = build(Some(base));
    let all = pages(&out);
    assert!(all.len() > 20, "{}", all.len());
    for (rel, html) in &all {
        let h = head(html);
        for key in [
            "og:title",
            "og:description",
            "og:site_name",
            "og:type",
            "twitter:title",
        ] {
            let v = h.meta.get(key).map(String::as_str).unwrap_or("");
            assert!(!v.trim().is_empty(), "{rel}: {key} missing or empty");
        }
        assert_eq!(
            h.meta.get("twitter:card").map(String::as_str),
            Some("summary"),
            "{rel}"
        );
        assert_eq!(h.meta["og:site_name"], "Acme review archive", "{rel}");
        // 404.html is served at any depth: its links start from the base path.
        let root = if rel == "404.html" {
            "/reviews/".to_string()
        } else {
            root_of(rel)
        };
        let icon = ("icon".to_string(), format!("{root}favicon.ico"));
        assert!(h.links.contains(&icon), "{rel}: {:?}", h.links);
        let canonical: Vec<&String> = h
            .links
            .iter()
            .filter(|(r, _)| r == "canonical")
            .map(|(_, u)| u)
            .collect();
        if rel == "404.html" {
            assert!(
                canonical.is_empty() && !h.meta.contains_key("og:url"),
                "{rel}"
            );
            continue;
        }
        // The sorted copies of the leaderboard name the default order.
        let own = if rel.starts_with("agents/by-") {
            "agents/index.html"
        } else {
            rel
        };
        assert_eq!(canonical, [&format!("{base}{own}")], "{rel}");
        assert_eq!(h.meta.get("og:url"), Some(&format!("{base}{own}")), "{rel}");
    }
}

/// `../../` for `a/b/page.html`.
fn root_of(rel: &str) -> String {
    "../".repeat(rel.matches('/').count())
}

#[test]
fn a_review_is_described_by_its_pr_verdict_and_counts() {
    let (_tmp, out) = build(None);
    let export: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("reviews.json")).unwrap()).unwrap();
    let mut checked = 0;
    for r in export["reviews"].as_array().unwrap() {
        let (Some(pr), Some(verdict)) =
            (r["pr"]["number"].as_u64(), r["verdict"]["label"].as_str())
        else {
            continue;
        };
        let c = &r["counts"];
        let want = format!(
            "#{pr} · {verdict} · {} C {} I {} S",
            c["critical"], c["important"], c["suggestion"]
        );
        let html = std::fs::read_to_string(out.join(r["url"].as_str().unwrap())).unwrap();
        let h = head(&html);
        assert_eq!(h.meta.get("og:description"), Some(&want), "{}", r["id"]);
        assert_eq!(h.meta.get("description"), Some(&want), "{}", r["id"]);
        assert_eq!(h.meta.get("og:type").map(String::as_str), Some("article"));
        checked += 1;
    }
    assert!(checked >= 4, "{checked}");
    // A site path base_url: no canonical link, no og:url anywhere.
    for (rel, html) in pages(&out) {
        let h = head(&html);
        assert!(!h.links.iter().any(|(r, _)| r == "canonical"), "{rel}");
        assert!(!h.meta.contains_key("og:url"), "{rel}");
    }
}

#[test]
fn favicon_ico_is_a_real_icon_beside_the_svg() {
    let (_tmp, out) = build(None);
    let ico = std::fs::read(out.join("favicon.ico")).unwrap();
    // ICONDIR: reserved 0, type 1 (icon), one image of 32x32 pixels, 32 bits.
    assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
    assert_eq!((ico[6], ico[7]), (32, 32));
    assert_eq!(u16::from_le_bytes([ico[12], ico[13]]), 32);
    let len = u32::from_le_bytes(ico[14..18].try_into().unwrap()) as usize;
    let offset = u32::from_le_bytes(ico[18..22].try_into().unwrap()) as usize;
    assert_eq!(offset + len, ico.len());
    assert!(std::fs::read_to_string(out.join("favicon.svg"))
        .unwrap()
        .starts_with("<svg"));

    // A site's own favicon.ico (in its static folder) wins.
    let (_tmp2, root) = crate::support::example_site();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/favicon.ico"), b"own icon").unwrap();
    let out2 = root.join("public");
    site::build(&crate::support::options(&root, &out2, None)).expect("build");
    assert_eq!(
        std::fs::read(out2.join("favicon.ico")).unwrap(),
        b"own icon"
    );
}
