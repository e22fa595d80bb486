//! Fuzz target: any bytes as the sidecar `<stem>.json` of a fixed, complete report —
//! read as JSON, checked field by field, merged into the review and rendered.
//! A panic or a page that cannot render is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewsite::preview::Previewer;
use std::sync::OnceLock;

/// A report with every part a sidecar can override (metadata, agents, metrics, findings).
const REPORT: &str = include_str!("../../content/acme/tern/20260406-143003-pr-212.md");

fn previewer() -> &'static Previewer {
    static P: OnceLock<Previewer> = OnceLock::new();
    P.get_or_init(|| {
        Previewer::new(std::path::Path::new("/nonexistent/reviewsite-fuzz-site"))
            .expect("default site")
    })
}

fuzz_target!(|data: &[u8]| {
    let p = previewer().render("20260406-143003-pr-212", REPORT.as_bytes(), Some(data));
    assert!(p.html.is_some(), "the page could not be rendered: {:?}", p.diagnostics);
});
