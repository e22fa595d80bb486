//! The built example site opens in headless Chromium with no console error, no uncaught
//! exception, no dialog and no request to the network, from `file://`.

use reviewsite::site;

#[test]
fn example_pages_open_cleanly_offline() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, root) = crate::support::example_site();
    let out = root.join("public");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let mut urls: Vec<String> = vec![crate::support::browser::file_url(&out.join("index.html"))];
    for f in crate::support::walk(&out) {
        let rel = f.strip_prefix(&out).unwrap().to_string_lossy().to_string();
        if rel.ends_with(".html") && rel != "index.html" && rel != "404.html" {
            urls.push(crate::support::browser::file_url(&f));
        }
    }
    assert!(urls.len() > 5, "example site has pages: {urls:?}");
    let args: Vec<&str> = urls.iter().map(String::as_str).collect();
    let Some(result) = crate::support::browser::run("smoke.mjs", &args) else {
        return;
    };
    let pages = result["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), urls.len());
    for p in pages {
        for key in ["consoleErrors", "pageErrors", "dialogs"] {
            assert_eq!(
                p[key].as_array().map(Vec::len),
                Some(0),
                "{}: {key}: {}",
                p["url"],
                p[key]
            );
        }
        assert!(
            !p["title"].as_str().unwrap_or("").is_empty(),
            "{}",
            p["url"]
        );
    }
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{}",
        result["blocked"]
    );
}
