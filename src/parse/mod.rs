//! Parsing one report's Markdown into the typed [`Review`].
//!
//! Structure comes from pulldown-cmark events with source offsets, not from regexes over
//! raw text; regexes only read the inside of a single title line or table cell. The parser
//! never fails: what it does not recognise is kept as Markdown in the section it belongs
//! to, and problems become diagnostics with the file and line.
//!
//! Steps: [`blocks`] walks the events once (top-level blocks with byte ranges, every fence
//! and paragraph); the H1 is the title; the first key/value table before the first section
//! is the metadata ([`metadata`]); H2 headings delimit sections ([`sections`]), with old
//! `## Consolidated Review` / `## Findings` wrappers promoting their H3 children; everything
//! from the first `## Appendix` heading on is the appendix ([`appendix`]), except a trailing
//! `## Resolution` appended after it. Severity sections yield findings ([`findings`]),
//! Design Observations yield observations ([`design`]), the retro goes to
//! [`retro::parse_retro`], the Resolution section links actions to findings
//! ([`resolution`]).
//!
//! Variations accepted beyond the corpus (tested by `tests/holdout_parse.rs`):
//! - finding heads `#### C1 — Title`, `### [I1] Title`, `### Finding 3: Title`,
//!   `- **I1** Title — loc [A]` bullets, several `I1. **a**` heads in one paragraph split by
//!   hard line breaks; a head paragraph ends at its first balanced line, the rest is body
//!   ([`findings::head_extent`]); `Severity:` / `File:` / `Found by:` lines at the top of a
//!   body fill what the head does not say;
//! - severity headings with emoji or count suffixes (`## 🔴 Critical`, `### Critical (2)`)
//!   and other scales: Critical/Blocker -> critical, High/Major/Important -> important,
//!   Medium/Low/Minor/Nit/Suggestion -> suggestion;
//! - stated totals as words, `(1C/2I/3S)` or `Critical: 1, ...`, read from the executive
//!   summary, else a `Findings`/`Totals` metadata row, the preamble, a `## Findings` wrapper;
//! - metadata tables with a `| Field | Value |` header, plain labels, or no header row;
//!   YAML front matter filling what the table does not state; a `## Reviewers` list;
//! - supply-chain scans' `### Critical — ...` subsections under `## Open issues` are not
//!   findings: the scan's verdict counts issues and advisories together, so no rule maps
//!   its bullets to severity counts that match what it states. Scans have 0 findings.

pub mod agents;
pub mod appendix;
pub mod blocks;
pub mod design;
pub mod findings;
pub mod lint;
pub mod metadata;
pub mod metrics;
pub mod resolution;
pub mod retro;
pub mod sections;

use crate::content::SourceReport;
use crate::diagnostics::Diagnostic;
use crate::model::{
    AgentReview, CodeBlock, Finding, Metadata, Review, ReviewKind, Section, SectionKind, Severity,
    SeverityCounts,
};
use crate::text::anchors::{slugify, Anchors};
use blocks::{dedent, slice, starting_in, trim_blank_lines, Block, BlockKind, Doc, LineIndex};
use std::ops::Range;

/// The result of parsing one report.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub review: Review,
    pub diagnostics: Vec<Diagnostic>,
}

/// A section found in the layout pass, before its content is read.
struct RawSection {
    kind: SectionKind,
    severity: Option<Severity>,
    title: String,
    level: u8,
    heading_start: usize,
    body: Range<usize>,
}

/// Parses one report. Never panics; never loses text.
pub fn parse_report(src: &SourceReport) -> Parsed {
    let text = src.markdown.as_str();
    let file = src.rel_path.clone();
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut review = Review {
        id: src.id.clone(),
        source_path: src.rel_path.clone(),
        front_matter: src.front_matter.clone(),
        sidecar: src.sidecar.clone(),
        ..Default::default()
    };
    if text.trim().is_empty() {
        diags.push(Diagnostic::warning(
            &file,
            Some(src.first_line),
            "empty report: no Markdown after the front matter",
        ));
        review.title = src.id.clone();
        return Parsed {
            review,
            diagnostics: diags,
        };
    }
    let lines = LineIndex::new(text, src.first_line);
    let doc = blocks::walk(text);
    diags.extend(lint::lint(text, &doc, &lines, &file));
    let blocks = &doc.blocks;
    let htext = |b: &Block| -> String {
        b.inline
            .as_ref()
            .map(|r| slice(text, r).trim().to_string())
            .unwrap_or_default()
    };
    let is_heading = |b: &Block, max: u8| matches!(b.kind, BlockKind::Heading(l) if l <= max);

    // Title: an H1 before any other H1/H2.
    let first_heading = blocks.iter().position(|b| is_heading(b, 2));
    let title_idx = first_heading.filter(|&i| matches!(blocks[i].kind, BlockKind::Heading(1)));
    match title_idx {
        Some(i) => review.title = htext(&blocks[i]),
        None => {
            review.title = src.id.clone();
            diags.push(Diagnostic::warning(
                &file,
                Some(src.first_line),
                "no H1 title (expected `# Deep Review: <stem>` or similar); using the file name",
            ));
        }
    }

    // Section headings (top-level H1/H2 other than the title) and the appendix cut.
    let cands: Vec<usize> = (0..blocks.len())
        .filter(|&i| Some(i) != title_idx && is_heading(&blocks[i], 2))
        .collect();
    let appendix_idx = cands
        .iter()
        .copied()
        .find(|&i| sections::is_appendix(&htext(&blocks[i])));
    let main_end = appendix_idx
        .map(|i| blocks[i].range.start)
        .unwrap_or(text.len());
    let main_cands: Vec<usize> = cands
        .iter()
        .copied()
        .filter(|&i| blocks[i].range.start < main_end)
        .collect();

    // Preamble and metadata table.
    let pre_start = title_idx.map(|i| blocks[i].range.end).unwrap_or(0);
    let pre_end = main_cands
        .first()
        .map(|&i| blocks[i].range.start)
        .unwrap_or(main_end)
        .max(pre_start);
    let meta_idx = (0..blocks.len()).find(|&i| {
        let b = &blocks[i];
        b.kind == BlockKind::Table
            && b.range.start >= pre_start
            && b.range.start < pre_end
            && b.table.as_ref().map(metadata::is_kv_table).unwrap_or(false)
    });
    let mut pre_pieces: Vec<&str> = Vec::new();
    if let Some(i) = title_idx {
        pre_pieces.push(slice(text, &(0..blocks[i].range.start)));
    }
    match meta_idx {
        Some(mi) => {
            let mb = &blocks[mi];
            pre_pieces.push(slice(text, &(pre_start..mb.range.start)));
            pre_pieces.push(slice(text, &(mb.range.end..pre_end)));
            if let Some(t) = &mb.table {
                review.meta.rows = metadata::kv_rows(t, text);
                check_meta_table(t, &lines, &file, mb, &mut diags);
            }
        }
        None => {
            pre_pieces.push(slice(text, &(pre_start..pre_end)));
            let fm_has_meta = src
                .front_matter
                .as_ref()
                .is_some_and(|fm| !metadata::front_matter_rows(fm).is_empty());
            if !fm_has_meta {
                diags.push(Diagnostic::warning(
                &file,
                Some(lines.line(pre_start)),
                "no metadata table (expected a `| | |` table of `| **Label** | value |` rows after the title)",
            ));
            }
        }
    }
    review.preamble = pre_pieces
        .iter()
        .map(|p| strip_rules(p))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    fill_meta(&mut review.meta, src);
    review.kind = review_kind(&review.title, &review.meta);

    // Main sections.
    let mut raw: Vec<RawSection> = Vec::new();
    for (k, &i) in main_cands.iter().enumerate() {
        let end = main_cands
            .get(k + 1)
            .map(|&j| blocks[j].range.start)
            .unwrap_or(main_end);
        let b = &blocks[i];
        let level = heading_level(b);
        let title = htext(b);
        let body = b.range.end.min(end)..end;
        if sections::is_wrapper(&title) {
            let children: Vec<usize> = ((i + 1)..blocks.len())
                .filter(|&j| {
                    blocks[j].range.start >= body.start
                        && blocks[j].range.start < body.end
                        && matches!(blocks[j].kind, BlockKind::Heading(3))
                })
                .collect();
            // `### Finding 1: ...` children are findings, not sections: keep the wrapper
            // as one findings section unless some child names a section.
            let findings_only = !children.is_empty()
                && children.iter().all(|&c| {
                    let t = htext(&blocks[c]);
                    sections::classify(&t).0 == SectionKind::Other
                        && findings::parse_heading_head(&t).is_some()
                });
            if !children.is_empty() && !findings_only {
                let first = blocks[children[0]].range.start;
                raw.push(RawSection {
                    kind: SectionKind::Group,
                    severity: None,
                    title,
                    level,
                    heading_start: b.range.start,
                    body: body.start..first,
                });
                for (ci, &c) in children.iter().enumerate() {
                    let cend = children
                        .get(ci + 1)
                        .map(|&j| blocks[j].range.start)
                        .unwrap_or(end);
                    let cb = &blocks[c];
                    let ctitle = htext(cb);
                    let (kind, severity) = sections::classify(&ctitle);
                    raw.push(RawSection {
                        kind,
                        severity,
                        title: ctitle,
                        level: 3,
                        heading_start: cb.range.start,
                        body: cb.range.end.min(cend)..cend,
                    });
                }
                continue;
            }
        }
        let (kind, severity) = sections::classify(&title);
        raw.push(RawSection {
            kind,
            severity,
            title,
            level,
            heading_start: b.range.start,
            body,
        });
    }

    // Reviewers listed in their own section (`## Reviewers` + a list) when the table has none.
    if review.meta.reviewers.is_empty() {
        if let Some(rs) = raw.iter().find(|r| {
            r.kind == SectionKind::Other
                && matches!(
                    sections::plain(&r.title).trim_end_matches(':'),
                    "reviewers" | "agents" | "models" | "review panel" | "panel"
                )
        }) {
            let items: Vec<&str> = slice(text, &rs.body)
                .lines()
                .map(str::trim)
                .filter_map(|l| {
                    l.strip_prefix("- ")
                        .or_else(|| l.strip_prefix("* "))
                        .or_else(|| l.strip_prefix("+ "))
                        .or_else(|| {
                            let d = l.find(|c: char| !c.is_ascii_digit())?;
                            (d > 0).then(|| l[d..].strip_prefix(". "))?
                        })
                })
                .collect();
            review.meta.reviewers = agents::parse_reviewers(&items.join(", "));
        }
    }

    // Appendix, and a Resolution appended after it.
    let mut agent_spans: Vec<(String, usize, Range<usize>)> = Vec::new();
    let mut trailing: Option<RawSection> = None;
    let mut appendix_raw: Option<RawSection> = None;
    if let Some(ai) = appendix_idx {
        let mut appx_end = text.len();
        for j in (ai + 1)..blocks.len() {
            let b = &blocks[j];
            if !is_heading(b, 2) || !sections::plain(&htext(b)).starts_with("resolution") {
                continue;
            }
            let has_table = blocks[j + 1..]
                .iter()
                .take_while(|x| !is_heading(x, 2))
                .any(|x| x.table.as_ref().map(is_resolution_table).unwrap_or(false));
            if has_table {
                appx_end = b.range.start;
                trailing = Some(RawSection {
                    kind: SectionKind::Resolution,
                    severity: None,
                    title: htext(b),
                    level: heading_level(b),
                    heading_start: b.range.start,
                    body: b.range.end..text.len(),
                });
            }
        }
        let extra = reviewer_names(&review.meta);
        let ab = &blocks[ai];
        // (start, heading end, label) of each agent review.
        let mut heads: Vec<(usize, usize, String)> = (ai..blocks.len())
            .filter(|&j| {
                let b = &blocks[j];
                b.range.start < appx_end
                    && matches!(b.kind, BlockKind::Heading(_))
                    && appendix::agent_heading(heading_level(b), &htext(b), &extra)
            })
            .map(|j| {
                (
                    blocks[j].range.start,
                    blocks[j].range.end,
                    htext(&blocks[j]),
                )
            })
            .collect();
        // An agent heading swallowed by an unclosed fence of the previous review: split
        // there anyway (each review renders on its own, so the fence closes at its end).
        let mut off = ab.range.end;
        for line in slice(text, &(ab.range.end..appx_end)).split_inclusive('\n') {
            let start = off;
            off += line.len();
            let Some(t) = line.strip_prefix("### [") else {
                continue;
            };
            let title = format!("[{}", t.trim_end().trim_end_matches('#').trim_end());
            if heads.iter().any(|h| h.0 == start)
                || !appendix::agent_heading(3, &title, &extra)
                || blocks
                    .binary_search_by_key(&start, |b| b.range.start)
                    .is_ok()
            {
                continue;
            }
            diags.push(Diagnostic::warning(
                &file,
                Some(lines.line(start)),
                format!(
                    "appendix: agent heading {title:?} sits inside a code block the previous review left open; split there"
                ),
            ));
            heads.push((start, off, title));
        }
        heads.sort_by_key(|h| h.0);
        for (k, h) in heads.iter().enumerate() {
            let end = heads.get(k + 1).map(|n| n.0).unwrap_or(appx_end);
            agent_spans.push((h.2.clone(), h.0, h.1.min(end)..end));
        }
        let body_end = heads
            .first()
            .map(|h| h.0)
            .unwrap_or(appx_end)
            .max(ab.range.end);
        let body = if heads.first().map(|h| h.0) == Some(ab.range.start) {
            ab.range.end..ab.range.end
        } else {
            ab.range.end..body_end.min(appx_end.max(ab.range.end))
        };
        appendix_raw = Some(RawSection {
            kind: SectionKind::Appendix,
            severity: None,
            title: htext(ab),
            level: heading_level(ab),
            heading_start: ab.range.start,
            body,
        });
    }
    raw.extend(appendix_raw);
    raw.extend(trailing);

    if raw.is_empty() {
        diags.push(Diagnostic::warning(
            &file,
            Some(src.first_line),
            "no sections (`## ...` headings) found; the report is shown as one block",
        ));
    }

    // Read each section.
    let mut findings: Vec<Finding> = Vec::new();
    for (si, rs) in raw.iter().enumerate() {
        let mut body_range = rs.body.clone();
        if rs.kind == SectionKind::Findings {
            let found = extract_findings(text, &doc, &lines, &rs.body, rs.severity, si);
            if let Some(first) = found.first() {
                body_range = rs.body.start..first.0;
            }
            findings.extend(found.into_iter().map(|(_, f)| f));
        }
        let body_src = slice(text, &body_range);
        let body = strip_rules(body_src);
        review.sections.push(Section {
            kind: rs.kind,
            title: rs.title.clone(),
            anchor: String::new(),
            level: rs.level,
            line: lines.line(rs.heading_start),
            body,
            severity: rs.severity,
        });
        if rs.kind == SectionKind::Findings && body_range == rs.body {
            let b = review.sections[si].body.trim();
            let empty_word = {
                let l = b.to_lowercase();
                l.is_empty()
                    || l.len() < 80
                        && (l.starts_with("none") || l.starts_with("n/a") || l.starts_with("no "))
            };
            if !empty_word {
                diags.push(Diagnostic::warning(
                    &file,
                    Some(lines.line(rs.heading_start)),
                    format!(
                        "section {:?} has text but no finding was recognised; it is shown as Markdown",
                        rs.title
                    ),
                ));
            }
        }
    }

    assign_ids(&mut findings);
    for f in &findings {
        if let Some(s) = f.severity {
            review.counts.add(s, 1);
        }
    }

    // Anchors: finding ids first, then sections, then agents.
    let mut anchors = Anchors::default();
    for f in &findings {
        anchors.unique(&f.id);
    }
    for s in &mut review.sections {
        s.anchor = anchors.unique(&slugify(&s.title));
    }

    // Stated totals: the executive summary first, then a `Findings`/`Totals` metadata row,
    // the preamble, and a `## Findings` wrapper's own text.
    let mut stated: Option<(SeverityCounts, usize)> = review
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::ExecutiveSummary)
        .find_map(|s| findings::stated_counts(&s.body).map(|c| (c, s.line)));
    if stated.is_none() {
        let meta_line = meta_idx
            .map(|i| lines.line(blocks[i].range.start))
            .unwrap_or(src.first_line);
        stated = review
            .meta
            .rows
            .iter()
            .filter(|r| {
                let l = r.label.to_lowercase();
                l.starts_with("finding") || l.starts_with("total") || l.starts_with("count")
            })
            .find_map(|r| findings::stated_counts(&r.value))
            .or_else(|| findings::stated_counts(&review.preamble))
            .map(|c| (c, meta_line))
            .or_else(|| {
                review
                    .sections
                    .iter()
                    .filter(|s| s.kind == SectionKind::Group)
                    .find_map(|s| findings::stated_counts(&s.body).map(|c| (c, s.line)))
            });
    }
    if let Some((st, st_line)) = stated {
        review.stated_counts = Some(st);
        {
            if st != review.counts {
                diags.push(Diagnostic::warning(
                    &file,
                    Some(st_line),
                    format!(
                        "the summary states {} critical, {} important, {} suggestions, but {} / {} / {} findings were parsed",
                        st.critical,
                        st.important,
                        st.suggestion,
                        review.counts.critical,
                        review.counts.important,
                        review.counts.suggestion
                    ),
                ));
            }
        }
    }

    // Design observations.
    if let Some(rs) = raw
        .iter()
        .find(|r| r.kind == SectionKind::DesignObservations)
    {
        let bs = blocks_in(blocks, &rs.body);
        review.design = Some(design::parse(text, &bs, &lines));
    }

    // Retro.
    if let Some(s) = review
        .sections
        .iter()
        .zip(raw.iter())
        .find(|(s, _)| s.kind == SectionKind::AgentRetro)
    {
        let (sec, rs) = s;
        let first = first_text_line(text, &rs.body, &lines);
        review.retro = Some(retro::parse_retro(&sec.body, first));
    }

    // Resolution.
    if let Some(rs) = raw.iter().find(|r| r.kind == SectionKind::Resolution) {
        let bs = blocks_in(blocks, &rs.body);
        let mut res = resolution::parse(text, &bs);
        resolution::link(&mut res, &mut findings);
        review.resolution = Some(res);
    }

    // Appendix agents.
    for (label, start, range) in agent_spans {
        let name = appendix::agent_name(&label);
        let md = strip_rules(slice(text, &range));
        review.appendix.push(AgentReview {
            family: crate::text::names::agent_family(&name),
            pass: appendix::pass_of(&label),
            anchor: anchors.unique(&format!("appendix-{}", slugify(&label))),
            line: lines.line(start),
            label,
            markdown: md,
        });
    }
    if let Some(ai) = appendix_idx {
        let line = lines.line(blocks[ai].range.start);
        if review.appendix.is_empty() {
            diags.push(Diagnostic::warning(
                &file,
                Some(line),
                "appendix: no per-agent review headings recognised (expected `### [Agent]` or `### <Model>`); shown as one block",
            ));
        } else {
            for r in &review.meta.reviewers {
                if r.family.is_empty() {
                    continue;
                }
                if !review.appendix.iter().any(|a| a.family == r.family) {
                    diags.push(Diagnostic::warning(
                        &file,
                        Some(line),
                        format!(
                            "appendix: no original review found for reviewer {:?}",
                            r.name
                        ),
                    ));
                }
            }
        }
    }

    review.findings = findings;
    Parsed {
        review,
        diagnostics: diags,
    }
}

fn heading_level(b: &Block) -> u8 {
    match b.kind {
        BlockKind::Heading(l) => l,
        _ => 2,
    }
}

fn blocks_in<'a>(blocks: &'a [Block], r: &Range<usize>) -> Vec<&'a Block> {
    starting_in(blocks, |b| b.range.start, r).iter().collect()
}

/// The file line of the first non-blank character of a range.
fn first_text_line(text: &str, r: &Range<usize>, lines: &LineIndex) -> usize {
    let s = slice(text, r);
    let skip = s.len() - s.trim_start().len();
    let off = r.start + skip;
    // Back up to the start of that line so that indentation counts as part of it.
    lines.line(off)
}

fn is_resolution_table(t: &blocks::TableData) -> bool {
    let header_action = t
        .header
        .iter()
        .any(|c| c.text.to_lowercase().contains("action"));
    let kv = t.rows.iter().any(|r| {
        r.first()
            .map(|c| {
                let l = metadata::clean_label(&c.text).to_lowercase();
                l.starts_with("addressed")
            })
            .unwrap_or(false)
    });
    header_action || kv
}

fn reviewer_names(meta: &Metadata) -> Vec<String> {
    let mut out = Vec::new();
    for r in &meta.reviewers {
        out.push(r.family.clone());
        if let Some(w) = r.name.split_whitespace().next() {
            out.push(w.to_string());
        }
    }
    out
}

fn review_kind(title: &str, meta: &Metadata) -> ReviewKind {
    let t = sections::plain(title).replace('-', " ");
    let k = meta
        .kind_label
        .as_deref()
        .map(|k| sections::plain(k).replace('-', " "))
        .unwrap_or_default();
    if t.contains("supply chain") || k.contains("supply chain") {
        ReviewKind::SupplyChainScan
    } else if meta.target.is_some()
        || t.contains("functionality review")
        || k.contains("functionality")
    {
        ReviewKind::FunctionalityReview
    } else if meta.pr.is_some() {
        ReviewKind::PrReview
    } else if meta.branch.is_some() {
        ReviewKind::BranchReview
    } else {
        ReviewKind::Other
    }
}

fn fill_meta(meta: &mut Metadata, src: &SourceReport) {
    metadata::fill(meta);
    if let Some(fm) = &src.front_matter {
        metadata::fill_from_front_matter(meta, fm);
    }
    if meta.repo.is_none() {
        meta.repo = src.repo_hint.clone();
    }
    if meta.repo.is_none() {
        meta.repo = meta
            .pr
            .as_ref()
            .and_then(|p| p.url.as_deref())
            .and_then(metadata::repo_from_url);
    }
}

fn check_meta_table(
    t: &blocks::TableData,
    lines: &LineIndex,
    file: &str,
    b: &Block,
    diags: &mut Vec<Diagnostic>,
) {
    if t.rows.is_empty() {
        diags.push(Diagnostic::warning(
            file,
            Some(lines.line(b.range.start)),
            "metadata table has no rows (truncated?)",
        ));
        return;
    }
    for (row, r) in t.rows.iter().zip(t.row_ranges.iter()) {
        let label = row.first().map(|c| c.text.trim()).unwrap_or("");
        let value_empty = row.get(1).map(|c| c.text.trim().is_empty()).unwrap_or(true);
        if label.is_empty() || (row.len() < 2 || value_empty) && !label.is_empty() {
            diags.push(Diagnostic::warning(
                file,
                Some(lines.line(r.start)),
                format!(
                    "metadata table row is incomplete (expected `| **Label** | value |`): {:?}",
                    label
                ),
            ));
        }
    }
}

/// Trims blank lines and separator rules (`---`) at both ends.
fn strip_rules(s: &str) -> String {
    let is_rule = |l: &str| {
        let t = l.trim();
        t.len() >= 3
            && (t.chars().all(|c| c == '-' || c == ' ')
                || t.chars().all(|c| c == '*' || c == ' ')
                || t.chars().all(|c| c == '_' || c == ' '))
    };
    let kept = |l: &&str| !(l.trim().is_empty() || is_rule(l));
    let mut lines = s.lines();
    let Some(first) = lines.by_ref().find(kept) else {
        return String::new();
    };
    let last = lines.rev().find(kept).unwrap_or(first);
    // Each line is a slice of `s` without its line break. Without a `\r` in between, the
    // kept lines joined by `\n` are the slice of `s` from the first to the last.
    let offset = |l: &str| l.as_ptr() as usize - s.as_ptr() as usize;
    let span = &s[offset(first)..offset(last) + last.len()];
    let joined = if span.contains('\r') {
        std::borrow::Cow::Owned(span.lines().collect::<Vec<_>>().join("\n"))
    } else {
        std::borrow::Cow::Borrowed(span)
    };
    // Keep the original indentation of the first line (it may be a code block).
    joined.trim_end().to_string()
}

/// A finding head found while walking a findings section.
struct Cand {
    start: usize,
    head: Range<usize>,
    /// End of the list item holding the head, with its continuation indent.
    item: Option<(usize, usize)>,
    parsed: findings::Head,
}

/// Pushes a candidate whose head is a whole paragraph, cut to its title line(s) (see
/// [`findings::head_extent`]); further lines of the paragraph that open a finding of their
/// own (`I2. **Title** — loc`, after a hard line break) become candidates too.
fn push_split(text: &str, cands: &mut Vec<Cand>, c: Cand) {
    let para = slice(text, &c.head);
    let ext = findings::head_extent(para);
    if ext >= para.trim_end().len() {
        cands.push(c);
        return;
    }
    let head_end = c.head.start + ext;
    let written = c.parsed.written_id.clone();
    let mut first = Cand {
        head: c.head.start..head_end,
        ..c
    };
    // The head's inline text starts after any list marker.
    let inline_start = slice(text, &first.head)
        .find(|ch: char| !ch.is_whitespace())
        .map(|o| first.head.start + o)
        .unwrap_or(first.head.start);
    let reparse_from = if first.item.is_some() {
        // Skip the list marker: reparse from where the original parse started.
        let h = slice(text, &(inline_start..head_end));
        let marker = h
            .find(|ch: char| !(ch.is_ascii_digit() || matches!(ch, '-' | '*' | '+' | '.' | ')')))
            .unwrap_or(0);
        inline_start + marker
    } else {
        inline_start
    };
    if let Some(mut h) =
        findings::parse_head(slice(text, &(reparse_from..head_end)).trim_start(), false)
    {
        if h.written_id.is_none() {
            h.written_id = written;
        }
        first.parsed = h;
    }
    let para_end = c.head.end;
    cands.push(first);
    // Later lines that open findings of their own.
    let mut off = head_end;
    let rest = slice(text, &(head_end..para_end));
    let mut line_start = head_end;
    for line in rest.split_inclusive('\n') {
        let this = line_start;
        line_start += line.len();
        let lead = line.len() - line.trim_start().len();
        let start = this + lead;
        if start < off || line.trim().is_empty() {
            continue;
        }
        let from = slice(text, &(start..para_end));
        let Some(h) = findings::parse_head(from, true) else {
            continue;
        };
        if h.written_id.is_none() && h.tag_severity.is_none() {
            continue;
        }
        let ext = findings::head_extent(from);
        let end = start + ext;
        // Reparse from the title line only.
        let h = findings::parse_head(slice(text, &(start..end)), true).unwrap_or(h);
        cands.push(Cand {
            start,
            head: start..end,
            item: None,
            parsed: h,
        });
        off = end;
    }
}

/// Finds the findings of one severity section. Returns (start offset, finding) pairs.
fn extract_findings(
    text: &str,
    doc: &Doc,
    lines: &LineIndex,
    body: &Range<usize>,
    sec_sev: Option<Severity>,
    section: usize,
) -> Vec<(usize, Finding)> {
    let mut cands: Vec<Cand> = Vec::new();
    let mut expected: u64 = 1;
    for b in starting_in(&doc.blocks, |b| b.range.start, body) {
        match &b.kind {
            BlockKind::Heading(l) if *l >= 3 => {
                let t = b.inline.as_ref().map(|r| slice(text, r)).unwrap_or("");
                if let Some(h) = findings::parse_heading_head(t) {
                    cands.push(Cand {
                        start: b.range.start,
                        head: b.range.clone(),
                        item: None,
                        parsed: h,
                    });
                }
            }
            BlockKind::Paragraph => {
                let Some(r) = &b.inline else { continue };
                if let Some(h) = findings::parse_head(slice(text, r), false) {
                    if h.written_id.is_some()
                        || h.tag_severity.is_some()
                        || findings::strong_plain_shape(&h)
                    {
                        push_split(
                            text,
                            &mut cands,
                            Cand {
                                start: b.range.start,
                                head: r.clone(),
                                item: None,
                                parsed: h,
                            },
                        );
                    }
                }
            }
            BlockKind::List { ordered, .. } => {
                for it in &b.items {
                    let Some(fp) = &it.first_para else { continue };
                    let Some(h) = findings::parse_head(slice(text, fp), false) else {
                        continue;
                    };
                    let explicit = h.written_id.is_some() || h.tag_severity.is_some();
                    let numbered_ok = *ordered && it.number == Some(expected);
                    let bullet_ok = !*ordered && findings::strong_plain_shape(&h);
                    if explicit || numbered_ok || bullet_ok {
                        if numbered_ok {
                            expected += 1;
                        }
                        let mut h = h;
                        if h.written_id.is_none() {
                            h.written_id = it.number.map(|n| n.to_string());
                        }
                        let indent = fp.start.saturating_sub(lines.line_start(fp.start));
                        push_split(
                            text,
                            &mut cands,
                            Cand {
                                start: it.range.start,
                                head: it.range.start..fp.end,
                                item: Some((it.range.end, indent)),
                                parsed: h,
                            },
                        );
                    }
                }
            }
            _ => {}
        }
    }

    let mut out = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let end = cands
            .get(k + 1)
            .map(|n| n.start)
            .unwrap_or(body.end)
            .max(c.head.end);
        let head_src = slice(text, &c.head).trim().to_string();
        let body_start = c.head.end.min(end);
        let body_md = match c.item {
            Some((item_end, indent)) => {
                let item_end = item_end.clamp(body_start, end);
                let mut s = dedent(slice(text, &(body_start..item_end)), indent);
                s.push_str(slice(text, &(item_end..end)));
                s
            }
            None => slice(text, &(body_start..end)).to_string(),
        };
        let body_md = strip_rules(trim_blank_lines(&body_md));
        let code_blocks: Vec<CodeBlock> =
            starting_in(&doc.codes, |c| c.range.start, &(body_start..end))
                .iter()
                .map(|cb| CodeBlock {
                    lang: cb
                        .info
                        .split_whitespace()
                        .next()
                        .map(|w| w.trim_matches(['{', '}', '.']).to_lowercase())
                        .filter(|w| !w.is_empty()),
                    info: cb.info.clone(),
                    code: cb.code.clone(),
                    line: lines.line(cb.range.start),
                    duplicates_excerpt: false,
                })
                .collect();
        let fix = find_fix(text, doc, body_start..end);
        let p = &c.parsed;
        let fields = findings::body_fields(&body_md);
        let severity = p
            .tag_severity
            .or(sec_sev)
            .or(p.id_severity)
            .or(p.paren_severity)
            .or(fields.severity);
        let locations = if p.locations.is_empty() {
            fields.locations
        } else {
            p.locations.clone()
        };
        let agents = if p.agents.is_empty() {
            fields.agents
        } else {
            p.agents.clone()
        };
        out.push((
            c.start,
            Finding {
                id: String::new(),
                written_id: p.written_id.clone(),
                severity,
                title: p.title.clone(),
                location_text: p.location_text.clone(),
                locations,
                agents,
                tags: p.tags.clone(),
                notes: p.notes.clone(),
                head: head_src,
                body: body_md,
                code_blocks,
                fix,
                section,
                line: lines.line(c.start),
                resolution: None,
                original_severities: Vec::new(),
                excerpts: Vec::new(),
            },
        ));
    }
    out
}

/// The `Fix:` paragraph of a finding body, with a fence that follows it directly.
fn find_fix(text: &str, doc: &Doc, r: Range<usize>) -> Option<String> {
    use regex::Regex;
    use std::sync::OnceLock;
    static FIX: OnceLock<Regex> = OnceLock::new();
    let fix_re = FIX.get_or_init(|| {
        Regex::new(r"(?i)^(?:\*\*|__)?(?:suggested |recommended |proposed )?fix(?:es)?(?:\*\*|__)?\s*(?::|—|–)")
            .expect("static regex")
    });
    let para = starting_in(&doc.paragraphs, |p| p.start, &r)
        .iter()
        .find(|p| fix_re.is_match(slice(text, p)))?;
    let mut end = para.end;
    // Fences that follow with only whitespace between.
    let after = para.end;
    for c in starting_in(&doc.codes, |c| c.range.start, &(after..r.end)) {
        if slice(text, &(end..c.range.start)).trim().is_empty() {
            end = c.range.end.min(r.end);
        } else {
            break;
        }
    }
    Some(slice(text, &(para.start..end)).trim_end().to_string())
}

/// Keeps written `C1`/`I3` ids when unique; otherwise assigns `C1`, `I1`, `S1`... per
/// severity in order of appearance.
fn assign_ids(findings: &mut [Finding]) {
    use std::collections::HashSet;
    let letter_id = |w: &str| {
        let mut ch = w.chars();
        matches!(ch.next(), Some('C' | 'I' | 'S'))
            && ch.clone().count() > 0
            && ch.all(|c| c.is_ascii_digit())
    };
    let mut used: HashSet<String> = HashSet::new();
    let mut per: [u32; 4] = [0; 4];
    // First pass: reserve written letter ids (first occurrence wins).
    let mut keep = vec![false; findings.len()];
    for (i, f) in findings.iter().enumerate() {
        if let Some(w) = &f.written_id {
            if letter_id(w) && used.insert(w.clone()) {
                keep[i] = true;
            }
        }
    }
    for (i, f) in findings.iter_mut().enumerate() {
        let (slot, letter) = match f.severity {
            Some(Severity::Critical) => (0, 'C'),
            Some(Severity::Important) => (1, 'I'),
            Some(Severity::Suggestion) => (2, 'S'),
            None => (3, 'F'),
        };
        per[slot] += 1;
        if keep[i] {
            if let Some(w) = &f.written_id {
                f.id = w.clone();
                continue;
            }
        }
        let mut n = per[slot];
        loop {
            let id = format!("{letter}{n}");
            if used.insert(id.clone()) {
                f.id = id;
                break;
            }
            n += 1;
        }
    }
}

/// Counts of findings by severity.
pub fn count(findings: &[Finding]) -> SeverityCounts {
    let mut c = SeverityCounts::default();
    for f in findings {
        if let Some(s) = f.severity {
            c.add(s, 1);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::strip_rules;

    #[test]
    fn strip_rules_trims_blank_lines_and_rules_at_both_ends_only() {
        assert_eq!(
            strip_rules("\n---\n\n  body\n\n---\nmore\n***\n\n"),
            "  body\n\n---\nmore"
        );
        assert_eq!(strip_rules("\n---\n ___ \n\n"), "");
        assert_eq!(strip_rules(""), "");
        assert_eq!(strip_rules("one"), "one");
        // Windows line breaks inside the kept lines become `\n`, as `str::lines` reads them.
        assert_eq!(strip_rules("---\r\na\r\nb\r\n\r\n"), "a\nb");
        assert_eq!(strip_rules("a\r\n"), "a");
        assert_eq!(strip_rules("x\ry\n---"), "x\ry");
    }
}
