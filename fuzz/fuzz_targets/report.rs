//! Fuzz target: any bytes as a report — read (binary, UTF-8, front matter), parsed,
//! enriched and rendered into its review page (sanitiser and highlighter included).
//! A panic, a stack overflow or a page that cannot render is a crash.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reviewsite::preview::{Preview, Previewer};
use std::sync::OnceLock;

fn previewer() -> &'static Previewer {
    static P: OnceLock<Previewer> = OnceLock::new();
    P.get_or_init(|| {
        Previewer::new(std::path::Path::new("/nonexistent/reviewsite-fuzz-site"))
            .expect("default site")
    })
}

fuzz_target!(|data: &[u8]| {
    let Preview {
        html, diagnostics, ..
    } = previewer().render("20260101-000000-pr-1", data, None);
    if let Some(html) = html {
        // Content never adds a script: the only ones are the theme's `src=` scripts.
        assert!(!html.contains("<script>"), "inline script in the page");
    }
    for d in &diagnostics {
        assert!(
            d.level != reviewsite::diagnostics::Level::Error,
            "the page could not be rendered: {d}"
        );
    }
});
