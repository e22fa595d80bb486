//! Mutated copies of the corpus reports (inserted Markdown punctuation, cut and duplicated
//! spans, broken fences and tables) must parse without a panic and without losing the
//! review's identity. Deterministic (a fixed xorshift seed); `MUTATIONS=N` runs more per
//! report. Skipped without the corpus.

use reviewsite::content::SourceReport;

fn next(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

fn boundary(t: &str, mut at: usize) -> usize {
    at = at.min(t.len());
    while !t.is_char_boundary(at) {
        at -= 1;
    }
    at
}

const PIECES: &[&str] = &[
    "\n```",
    "\n```diff\n",
    "\n## ",
    "\n### ",
    "|",
    "**",
    "`",
    "[",
    "]",
    "(",
    ")",
    "\n- ",
    "\n1. ",
    "<br>",
    "\u{2014}",
    "\n---\n",
    "\n> ",
    "\t",
    "\u{FFFD}",
    "I1. **",
    "\n| | |\n|---|---|\n",
    "<details>",
    "\r\n",
    "## Appendix: Original Reviews\n",
    "\n    ",
    "&#0;",
];

/// One mutation of `text`: insert a piece, cut a span, or copy a span elsewhere.
fn mutate(text: &str, seed: &mut u64) -> String {
    let mut t = text.to_string();
    for _ in 0..(1 + next(seed) % 20) {
        let at = boundary(&t, next(seed) as usize % (t.len() + 1));
        match next(seed) % 3 {
            0 => t.insert_str(at, PIECES[next(seed) as usize % PIECES.len()]),
            1 => {
                let end = boundary(&t, at + next(seed) as usize % 200);
                t.replace_range(at..end, "");
            }
            _ => {
                let end = boundary(&t, at + next(seed) as usize % 400);
                let chunk = t[at..end].to_string();
                let to = boundary(&t, next(seed) as usize % (t.len() + 1));
                t.insert_str(to, &chunk);
            }
        }
    }
    t
}

#[test]
fn mutated_corpus_reports_parse_without_panic() {
    let Some(corpus) = crate::support::corpus_dir() else {
        eprintln!("skipped: no corpus");
        return;
    };
    let per_report: usize = std::env::var("MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut parsed = 0;
    for path in crate::support::markdown_files(&corpus) {
        let text = std::fs::read_to_string(&path).unwrap();
        for _ in 0..per_report {
            let markdown = mutate(&text, &mut seed);
            let src = SourceReport {
                id: "mutant".into(),
                rel_path: "mutant.md".into(),
                path: path.clone(),
                repo_hint: None,
                markdown: markdown.clone(),
                first_line: 1,
                front_matter: None,
                sidecar: None,
            };
            let result = std::panic::catch_unwind(|| reviewsite::parse::parse_report(&src));
            match result {
                Ok(p) => assert_eq!(p.review.id, "mutant"),
                Err(_) => {
                    let keep = std::env::temp_dir().join("reviewsite-mutant.md");
                    std::fs::write(&keep, &markdown).unwrap();
                    panic!(
                        "parser panicked on a mutation of {} (kept at {})",
                        path.display(),
                        keep.display()
                    );
                }
            }
            parsed += 1;
        }
    }
    assert!(parsed > 0);
}
