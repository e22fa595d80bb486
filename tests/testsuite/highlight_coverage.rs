//! How many fenced code blocks that name a language come out coloured (issue 19): every
//! fixture set and the bundled example together must reach 99%, and so must the corpus
//! when present. Each figure is printed: "N of M fenced blocks with a language highlighted
//! (P%)", with the words that were not.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use reviewsite::html::highlight::{code_block, PLAIN_WORDS};
use std::collections::BTreeMap;
use std::path::Path;

/// The fenced blocks of a Markdown text: (info string, code).
fn fenced_blocks(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                open = Some((info.to_string(), String::new()));
            }
            Event::Text(t) => {
                if let Some((_, code)) = open.as_mut() {
                    code.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// The language a fence names: its first word when it looks like a language name (letters,
/// digits, `+ # . _ -`) and is not one of the words for plain text.
fn language(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?.to_ascii_lowercase();
    let word = word
        .split([':', ',', '{'])
        .next()
        .unwrap_or("")
        .trim_start_matches('.');
    let looks = !word.is_empty()
        && word.len() <= 24
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '.' | '_' | '-'));
    (looks && !PLAIN_WORDS.contains(&word)).then(|| word.to_string())
}

#[derive(Default)]
struct Tally {
    named: usize,
    coloured: usize,
    missed: BTreeMap<String, usize>,
}

impl Tally {
    fn add_dir(&mut self, dir: &Path) {
        for file in crate::support::markdown_files(dir) {
            let md = std::fs::read_to_string(&file).unwrap_or_default();
            for (info, code) in fenced_blocks(&md) {
                let Some(lang) = language(&info) else {
                    continue;
                };
                if code.trim().is_empty() {
                    continue;
                }
                self.named += 1;
                let html = code_block(&code, &info);
                if html.contains("class=\"hl-") || html.contains("class=\"d-") {
                    self.coloured += 1;
                } else {
                    *self.missed.entry(lang).or_default() += 1;
                }
            }
        }
    }

    fn share(&self) -> f64 {
        100.0 * self.coloured as f64 / self.named.max(1) as f64
    }

    fn print(&self, what: &str) {
        println!(
            "{what}: {} of {} fenced blocks with a language highlighted ({:.1}%); not: {:?}",
            self.coloured,
            self.named,
            self.share(),
            self.missed
        );
    }
}

#[test]
fn blocks_naming_a_language_are_highlighted_in_the_fixtures_and_the_example() {
    let root = crate::support::manifest_dir();
    let mut all = Tally::default();
    for set in crate::support::entries(&root.join("tests/fixtures")) {
        let dir = root.join("tests/fixtures").join(&set);
        if dir.is_dir() {
            let mut one = Tally::default();
            one.add_dir(&dir);
            one.print(&format!("tests/fixtures/{set}"));
            all.add_dir(&dir);
        }
    }
    all.add_dir(&root.join("content"));
    all.print("fixtures and example");
    // The languages fixture alone names dozens: a floor over too few blocks means nothing.
    assert!(all.named >= 60, "only {} blocks name a language", all.named);
    assert!(all.share() >= 99.0, "{:.1}% highlighted", all.share());
}

#[test]
fn blocks_naming_a_language_are_highlighted_in_the_corpus() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let mut all = Tally::default();
    all.add_dir(&corpus);
    all.print("corpus");
    assert!(all.named > 0);
    assert!(all.share() >= 99.0, "{:.1}% highlighted", all.share());
}

#[test]
fn the_measure_tells_coloured_from_plain() {
    let md = "```go\nfunc f() {}\n```\n\n```nosuchlang\nx\n```\n\n```text\nplain\n```\n\n```\nnone\n```\n";
    let blocks = fenced_blocks(md);
    assert_eq!(blocks.len(), 4);
    let named: Vec<_> = blocks.iter().filter_map(|(i, _)| language(i)).collect();
    assert_eq!(named, ["go", "nosuchlang"]);
    assert!(code_block("x\n", "nosuchlang").contains("<code>x\n</code>"));
}
