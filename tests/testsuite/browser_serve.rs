//! `reviewsite serve` in real headless Chromium: the index, a review and the agents page
//! open with no console error; an edit of the report on disk reloads the open review page
//! by itself within 2 seconds; a broken book.toml turns it into an error page naming the
//! file and line (escaped: the markup in the broken line does not run), and it comes back
//! by itself when the file is fixed.

use std::path::PathBuf;

#[test]
fn open_pages_reload_after_an_edit_and_recover_from_a_build_error() {
    if crate::support::browser::skip() {
        return;
    }
    let (_tmp, root) = crate::support::example_site();
    let server = crate::support::serve::start(&root, &["--base-url", "/preview/"]);
    let report = root.join("content/acme/tern/20260406-143003-pr-212.md");
    let book = root.join("book.toml");
    // Screenshots for a human to look at: REVIEWSITE_SCREENSHOTS=<folder>.
    let shots = std::env::var("REVIEWSITE_SCREENSHOTS").unwrap_or_default();
    if !shots.is_empty() {
        std::fs::create_dir_all(PathBuf::from(&shots)).expect("screenshot folder");
    }
    let Some(result) = crate::support::browser::run(
        "serve.mjs",
        &[
            &server.url,
            "20260406-143003-pr-212.html",
            report.to_str().unwrap(),
            book.to_str().unwrap(),
            &shots,
        ],
    ) else {
        return;
    };
    let pages = result["pages"].as_array().expect("pages");
    assert_eq!(pages.len(), 3);
    for p in pages {
        assert_eq!(p["status"], 200, "{p}");
        assert_eq!(
            p["liveReload"], 1,
            "the page carries the live-reload script: {p}"
        );
        for key in ["consoleErrors", "pageErrors", "dialogs"] {
            assert_eq!(
                p["log"][key].as_array().map(Vec::len),
                Some(0),
                "{}: {key}: {}",
                p["path"],
                p["log"][key]
            );
        }
    }
    let ms = result["reloadMs"].as_u64().expect("reload time");
    eprintln!("save to reloaded page: {ms} ms");
    assert!(
        ms < 2000,
        "the open page showed the edit {ms} ms after the save"
    );
    assert!(
        result["loadsAfterEdit"].as_u64() >= Some(1),
        "the page reloaded itself: {result}"
    );

    let error = result["errorText"].as_str().unwrap_or_default();
    assert!(error.contains("book.toml"), "names the file: {error}");
    assert!(error.contains("line"), "names the line: {error}");
    assert!(
        error.contains("<script>window.__pwned"),
        "shows the line as text: {error}"
    );
    assert_eq!(result["pwned"], false, "markup in the error never runs");
    assert_eq!(
        result["recovered"], true,
        "the page came back by itself: {result}"
    );
    let log = &result["reviewLog"];
    assert_eq!(log["pageErrors"].as_array().map(Vec::len), Some(0), "{log}");
    // The only complaint the open page may log: the error page's status 500.
    for e in log["consoleErrors"].as_array().expect("console errors") {
        assert!(e.as_str().unwrap_or("").contains("status of 500"), "{log}");
    }
    assert_eq!(log["dialogs"].as_array().map(Vec::len), Some(0), "{log}");
    assert_eq!(
        result["blocked"].as_array().map(Vec::len),
        Some(0),
        "{}",
        result["blocked"]
    );
    assert!(server.stop().success());
}
