//! No text of a report is lost on its page: every paragraph, list item, table cell and code
//! block of the Markdown (as pulldown-cmark reads it) appears in the rendered review page's
//! text (tags removed, character references decoded), over the real corpus and over
//! generated reports (proptest). Pages are made by [`reviewsite::preview`], the same
//! stages as a build.
//!
//! "Appears" is checked on alphanumeric tokens: a block's tokens occur in the page in
//! order, close together; where the page restructures a block (a finding head becomes a
//! card: id, title, severity, locations, agent pills, tags), all its tokens occur within a
//! short window. A code block must appear verbatim (whitespace aside).

use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use reviewsite::preview::Previewer;
/// Alphanumeric tokens, lower case (`[CRITICAL]` in a head is the card's "Critical").
fn tokens(s: &str) -> Vec<String> {
    crate::support::tokens(s)
        .into_iter()
        .map(|t| t.to_lowercase())
        .collect()
}

/// One block of the source: its kind and text.
#[derive(Debug)]
struct SourceBlock {
    kind: &'static str,
    text: String,
}

/// The leaf blocks of `md`, with their text as a reader sees it.
fn source_blocks(md: &str) -> Vec<SourceBlock> {
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let mut out = Vec::new();
    let mut stack: Vec<(&'static str, String)> = Vec::new();
    for ev in Parser::new_ext(md, opts) {
        match ev {
            Event::Start(Tag::Paragraph) => stack.push(("paragraph", String::new())),
            Event::Start(Tag::Item) => stack.push(("list item", String::new())),
            Event::Start(Tag::TableCell) => stack.push(("table cell", String::new())),
            Event::Start(Tag::CodeBlock(_)) => stack.push(("code block", String::new())),
            // Headings are the page's structure (relabelled, e.g. `[Gemma] — Pass 1` is the
            // agent's pill): not checked.
            Event::Start(Tag::Heading { .. }) => stack.push(("heading", String::new())),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock
                | TagEnd::Heading(_),
            ) => {
                if let Some((kind, text)) = stack.pop() {
                    if !text.trim().is_empty() && kind != "heading" {
                        out.push(SourceBlock { kind, text });
                    }
                }
            }
            Event::Text(t) => {
                if let Some((_, s)) = stack.last_mut() {
                    s.push_str(&t);
                }
            }
            // A code span is an element of its own on the page (see crate::support::html).
            Event::Code(t) => {
                if let Some((_, s)) = stack.last_mut() {
                    s.push(' ');
                    s.push_str(&t);
                    s.push(' ');
                }
            }
            // Raw HTML is markup, not text (`<br>` between commits separates them).
            Event::SoftBreak | Event::HardBreak | Event::InlineHtml(_) | Event::Html(_) => {
                if let Some((_, s)) = stack.last_mut() {
                    s.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether `want` occurs in `page`: in order within a short span, or (a restructured
/// block) all within a window around an occurrence of its first token.
fn appears(want: &[String], page: &[String]) -> bool {
    if want.is_empty() {
        return true;
    }
    let span = want.len() * 4 + 60;
    for (pos, t) in page.iter().enumerate() {
        if t != &want[0] {
            continue;
        }
        // In order.
        let mut j = 1;
        for p in page.iter().take((pos + span).min(page.len())).skip(pos + 1) {
            if j < want.len() && p == &want[j] {
                j += 1;
            }
        }
        if j == want.len() {
            return true;
        }
        // Restructured: every token within the window around it.
        let lo = pos.saturating_sub(40);
        let hi = (pos + span).min(page.len());
        let mut window: Vec<&String> = page[lo..hi].iter().collect();
        // A finding card lists its locations without the words that joined them.
        let joiner = |w: &str| matches!(w, "and" | "also" | "vs" | "called" | "at");
        let all =
            want.iter()
                .filter(|w| !joiner(w))
                .all(|w| match window.iter().position(|p| *p == w) {
                    Some(i) => {
                        window.swap_remove(i);
                        true
                    }
                    None => false,
                });
        if all {
            return true;
        }
    }
    false
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Renders `md` (and its sidecar) and asserts every block of it appears on the page.
/// Returns the number of blocks checked.
fn check_report(previewer: &Previewer, name: &str, md: &str, sidecar: Option<&[u8]>) -> usize {
    let preview = previewer.render("20260101-000000-pr-1", md.as_bytes(), sidecar);
    let html = preview
        .html
        .unwrap_or_else(|| panic!("{name}: no page: {:?}", preview.diagnostics));
    // The metadata table's labels are structure: the page shows the values in its own
    // frame (the date in the kicker, the verdict as a pill) under its own labels.
    let labels: Vec<String> = preview
        .review
        .as_ref()
        .map(|r| {
            r.meta
                .rows
                .iter()
                .map(|row| row.label.trim().to_string())
                .collect()
        })
        .unwrap_or_default();
    let text = crate::support::html::text(&html);
    let page = tokens(&text);
    let flat = squash(&text);
    let md = md
        .strip_prefix("---\n")
        .and_then(|r| r.split_once("\n---\n").map(|(_, body)| body))
        .unwrap_or(md);
    let blocks = source_blocks(md);
    for b in &blocks {
        if b.kind == "code block" {
            // Verbatim, or (a fence an agent's review left open in the appendix, which the
            // parser closes at the next agent heading) line by line as the Markdown it is.
            if !flat.contains(&squash(&b.text)) {
                // (Its headings are structure, as everywhere.)
                for line in b.text.lines().filter(|l| !l.trim_start().starts_with('#')) {
                    assert!(
                        appears(&tokens(line), &page),
                        "{name}: code block lost at line {line:?} of:\n{}",
                        b.text
                    );
                }
            }
            continue;
        }
        // A generic `| Field | Value |` header over the metadata table is structure.
        if b.kind == "table cell"
            && (matches!(b.text.trim(), "Field" | "Value")
                || labels.contains(&b.text.trim().to_string()))
        {
            continue;
        }
        assert!(
            appears(&tokens(&b.text), &page),
            "{name}: {} lost: {:?}",
            b.kind,
            b.text
        );
    }
    blocks.len()
}

fn previewer() -> Previewer {
    Previewer::new(std::path::Path::new("/nonexistent/reviewsite-test-site")).expect("defaults")
}

#[test]
fn corpus_and_example_text_appears_on_every_page() {
    let p = previewer();
    let mut files = crate::support::markdown_files(&crate::support::manifest_dir().join("content"));
    match crate::support::corpus_dir() {
        Some(c) => files.extend(crate::support::markdown_files(&c)),
        None => eprintln!("skipped the corpus: no corpus (the bundled example is checked)"),
    }
    let mut blocks = 0;
    for f in &files {
        let md = crate::support::read(f);
        let sidecar = std::fs::read(f.with_extension("json")).ok();
        blocks += check_report(&p, &f.display().to_string(), &md, sidecar.as_deref());
    }
    assert!(blocks > 100, "{blocks} blocks checked");
}

/// Words, some with Markdown and HTML punctuation that must come out as text.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{1,8}",
        "[A-Z][a-z]{0,6}[0-9]{0,3}",
        "[a-z]{1,5}(_[a-z]{1,5}){1,2}",
        Just("a < b".to_string()),
        Just("x && y".to_string()),
        Just("\"quoted\"".to_string()),
        Just("`code span`".to_string()),
        Just("**bold**".to_string()),
        Just("*emphasis*".to_string()),
        Just("[link](https://example.com/x)".to_string()),
        Just("[local](pkg/file.go)".to_string()),
        Just("[js](javascript:alert(1))".to_string()),
        Just("path/to/file.go:12-30".to_string()),
    ]
}

fn sentence() -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..12).prop_map(|w| w.join(" "))
}

/// One block of a generated report.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        sentence().prop_map(|s| format!("{s}.\n")),
        prop::collection::vec(sentence(), 1..5)
            .prop_map(|items| items.iter().map(|i| format!("- {i}\n")).collect()),
        prop::collection::vec(sentence(), 1..4).prop_map(|items| items
            .iter()
            .enumerate()
            .map(|(n, i)| format!("{}. {i}\n   - nested {i}\n", n + 1))
            .collect()),
        (prop::collection::vec("[a-z]{1,6}", 1..4), 1usize..4).prop_map(|(cells, rows)| {
            let mut t = format!(
                "| {} |\n|{}\n",
                cells.join(" | "),
                "---|".repeat(cells.len())
            );
            for r in 0..rows {
                // Some rows have one cell more than the header.
                let extra = if r % 2 == 1 { " | spare" } else { "" };
                t.push_str(&format!("| {}{extra} |\n", cells.join(&format!("{r} | "))));
            }
            t
        }),
        (
            prop_oneof![
                Just("go"),
                Just("rust"),
                Just(""),
                Just("diff"),
                Just("\"><x")
            ],
            prop::collection::vec("[ a-z<>&\"{}();=+-]{0,30}", 1..5)
        )
            .prop_map(|(lang, lines)| format!("```{lang}\n{}\n```\n", lines.join("\n"))),
        sentence().prop_map(|s| format!("> {s}\n")),
    ]
}

fn report() -> impl Strategy<Value = String> {
    (
        sentence(),
        prop::collection::vec(block(), 0..4),
        prop::collection::vec((sentence(), sentence(), prop::collection::vec(block(), 0..3)), 0..4),
        prop::collection::vec(block(), 0..4),
    )
        .prop_map(|(title, summary, findings, other)| {
            let mut md = format!(
                "# Deep Review: {title}\n\n| | |\n|---|---|\n| **Date** | 2026-05-01 10:00 |\n\
                 | **Repo** | acme/tern |\n| **Verdict** | **Rework** — {title} |\n\n## Executive Summary\n\n"
            );
            for b in summary {
                md.push_str(&b);
                md.push('\n');
            }
            md.push_str("## Important Issues\n\n");
            for (k, (t, body, blocks)) in findings.iter().enumerate() {
                md.push_str(&format!(
                    "I{}. **{t}** — `pkg/f{k}.go:{k}` [Claude Opus 4.7]\n\n{body}\n\n",
                    k + 1
                ));
                for b in blocks {
                    md.push_str(b);
                    md.push('\n');
                }
            }
            md.push_str("## Notes\n\n");
            for b in other {
                md.push_str(&b);
                md.push('\n');
            }
            md
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_report_text_appears_on_its_page(md in report()) {
        let p = previewer();
        check_report(&p, "generated report", &md, None);
    }
}
