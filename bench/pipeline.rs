//! Micro-benchmarks (divan) for the two costs that dominate a build: parsing one review
//! into the model, and highlighting one fenced code block.
//!
//! usage: `cargo bench --bench pipeline`
//!
//! Inputs: the bundled example's reports (always there) and, when `../shared/corpus`
//! exists, the largest corpus report. Nothing is cached between iterations: the highlighter
//! starts from scratch for every block, as a cold build does.

use reviewsite::content;
use reviewsite::html::highlight;
use reviewsite::parse;
use std::path::{Path, PathBuf};

fn main() {
    divan::main();
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example's largest report and, when present, the corpus's largest.
fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [root().join("content"), root().join("../shared/corpus")] {
        let largest = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0));
        if let Some(e) = largest {
            out.push(e.into_path());
        }
    }
    out
}

fn load(path: &Path) -> content::SourceReport {
    let (src, _) = content::read_one(path, &root());
    src.expect("benchmark input reads")
}

// divan hands each argument over as `&T` of the `args` element type.
#[allow(clippy::ptr_arg)]
#[divan::bench(args = inputs())]
fn parse_review(bencher: divan::Bencher, path: &PathBuf) {
    let src = load(path);
    bencher
        .counter(divan::counter::BytesCount::new(src.markdown.len()))
        .bench(|| parse::parse_report(divan::black_box(&src)));
}

/// Every fenced block of the example's largest report, highlighted one after another.
#[divan::bench]
fn highlight_blocks(bencher: divan::Bencher) {
    let src = load(&inputs()[0]);
    let review = parse::parse_report(&src).review;
    let blocks: Vec<(String, String)> = review
        .findings
        .iter()
        .flat_map(|f| f.code_blocks.iter())
        .map(|b| (b.code.clone(), b.info.clone()))
        .collect();
    assert!(!blocks.is_empty(), "the example has fenced blocks");
    let bytes: usize = blocks.iter().map(|(c, _)| c.len()).sum();
    bencher
        .counter(divan::counter::BytesCount::new(bytes))
        .bench(|| {
            for (code, info) in &blocks {
                divan::black_box(highlight::code_block(code, info));
            }
        });
}

/// One 40-line Go block, the typical size of a finding's excerpt.
#[divan::bench]
fn highlight_go_block(bencher: divan::Bencher) {
    let code: String = (0..40)
        .map(|i| format!("\tif err := doThing(ctx, \"arg{i}\", {i}); err != nil {{ return fmt.Errorf(\"step {i}: %w\", err) }}\n"))
        .collect();
    bencher
        .counter(divan::counter::BytesCount::new(code.len()))
        .bench(|| highlight::code_block(divan::black_box(&code), "go"));
}
