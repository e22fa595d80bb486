//! Copy-link buttons and index filters in the URL, in headless Chromium (issue 19): see
//! tests/browser/share.mjs.

use reviewsite::site;

#[test]
fn copy_links_and_url_filters_work_in_a_browser() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, root) = crate::support::example_site();
    let out = root.join("public");
    site::build(&crate::support::options(&root, &out, None)).expect("build");
    let review = out.join("20260402-091512-pr-212.html");
    let review_url = crate::support::browser::file_url(&review);
    let index_url = crate::support::browser::file_url(&out.join("index.html"));
    let Some(r) = crate::support::browser::run("share.mjs", &[&review_url, &index_url]) else {
        return;
    };
    for key in ["consoleErrors", "pageErrors", "dialogs", "blocked"] {
        assert_eq!(
            r[key].as_array().map(Vec::len),
            Some(0),
            "{key}: {}",
            r[key]
        );
    }
    let c = &r["counts"];
    assert!(c["findings"].as_u64().unwrap() > 3, "{c}");
    assert_eq!(c["findingButtons"], c["findings"], "{c}");
    assert!(c["headings"].as_u64().unwrap() > 3, "{c}");
    assert_eq!(c["headingButtons"], c["headings"], "{c}");
    assert_eq!(r["focused"], "copy-link");
    // The absolute URL of the page with the anchor.
    let first = r["first"].as_str().unwrap();
    assert_eq!(r["copied"], format!("{review_url}#{first}"));
    assert_eq!(r["status"], format!("Link to {first} copied"));
    let heading = r["headingId"].as_str().unwrap();
    assert_eq!(r["copiedHeading"], format!("{review_url}#{heading}"));
    let fb = &r["fallback"];
    let status = fb["status"].as_str().unwrap();
    assert!(
        status.ends_with("copied") || fb["hash"] == format!("#{first}"),
        "{fb}"
    );
    assert_eq!(r["noJsCounts"]["buttons"], 0);
    assert_eq!(r["noJsCounts"]["badges"], c["findings"]);
    // Filters to the URL and back.
    let kind = r["kind"].as_str().unwrap();
    assert!(
        r["afterVerdict"]
            .as_str()
            .unwrap()
            .ends_with("index.html?show=bad"),
        "{}",
        r["afterVerdict"]
    );
    assert!(
        r["afterAll"]
            .as_str()
            .unwrap()
            .ends_with(&format!("index.html?show=bad&type={kind}&q=router")),
        "{}",
        r["afterAll"]
    );
    let restored = &r["restored"];
    assert_eq!(restored["show"], "fv-warn", "{restored}");
    assert_eq!(restored["type"], format!("fk-{kind}"), "{restored}");
    assert_eq!(restored["q"], "tern", "{restored}");
    assert!(
        r["cleared"]
            .as_str()
            .unwrap()
            .ends_with(&format!("index.html?type={kind}&q=tern")),
        "{}",
        r["cleared"]
    );
}
