//! Floors for a full build: how fast can any generator turn this archive's Markdown into
//! HTML on this machine, with nothing of ours in the way?
//!
//! usage: `cargo run --release --example floors -- DIR [RUNS]`
//!
//! On all cores (rayon), over every `*.md` under DIR, it times:
//!
//! - **(a)** reading every file and rendering it with pulldown-cmark's plain HTML writer;
//! - **(b)** the same, plus syntect classed highlighting (the packed default syntaxes) of
//!   every fenced code block, with no cache of any kind.
//!
//! (b) is the limit for a build that highlights everything from scratch; `bench/compare.sh`
//! prints the full build's distance to it. Each figure is the median of RUNS runs
//! (default 3) after one warm-up. Output is rendered into memory and its size printed, so
//! the work cannot be optimised away; nothing is written to disk.

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// (a): pulldown-cmark's HTML writer, nothing else.
fn render_plain(md: &str) -> String {
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(md, options()));
    out
}

/// (b): the same, with every fenced block replaced by syntect's classed HTML.
fn render_highlighted(md: &str, ss: &SyntaxSet) -> String {
    let mut out = String::with_capacity(md.len() * 2);
    let mut in_code: Option<String> = None;
    let mut code = String::new();
    let events = Parser::new_ext(md, options()).filter_map(|ev| match ev {
        Event::Start(Tag::CodeBlock(kind)) => {
            let lang = match kind {
                CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").into(),
                CodeBlockKind::Indented => String::new(),
            };
            in_code = Some(lang);
            code.clear();
            None
        }
        Event::Text(t) if in_code.is_some() => {
            code.push_str(&t);
            None
        }
        Event::End(TagEnd::CodeBlock) => {
            let lang = in_code.take().unwrap_or_default();
            Some(Event::Html(CowStr::from(highlight(&code, &lang, ss))))
        }
        other => Some(other),
    });
    html::push_html(&mut out, events);
    out
}

fn highlight(code: &str, lang: &str, ss: &SyntaxSet) -> String {
    let syntax = ss
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| ss.find_syntax_plain_text());
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        ss,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            break;
        }
    }
    format!("<pre><code>{}</code></pre>", gen.finalize())
}

fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect()
}

/// Median wall time in seconds of `runs` runs of `f` (after one warm-up), and its output size.
fn time_it(runs: usize, f: impl Fn() -> usize) -> (f64, usize) {
    let bytes = f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], bytes)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: floors DIR [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3).max(1);
    let files = markdown_files(&dir);
    if files.is_empty() {
        eprintln!("floors: no *.md files under {}", dir.display());
        std::process::exit(2);
    }
    let read = |p: &PathBuf| std::fs::read_to_string(p).unwrap_or_default();

    let (a, a_bytes) = time_it(runs, || {
        files.par_iter().map(|p| render_plain(&read(p)).len()).sum()
    });
    // The syntax set is loaded once per run from syntect's packed dump, as a build must.
    let (b, b_bytes) = time_it(runs, || {
        let ss = SyntaxSet::load_defaults_newlines();
        files
            .par_iter()
            .map(|p| render_highlighted(&read(p), &ss).len())
            .sum()
    });
    println!(
        "floor (a) read + pulldown-cmark HTML:            {a:.3} s  ({} files, {:.1} MB of HTML)",
        files.len(),
        a_bytes as f64 / 1e6
    );
    println!(
        "floor (b) (a) + syntect classed highlighting:    {b:.3} s  ({:.1} MB of HTML, {} threads)",
        b_bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
}
