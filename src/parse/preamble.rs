//! Everything before the first section: the title, the preamble text and the metadata
//! table (YAML front matter filling what the table does not state), and the kind of review
//! they make; plus a `## Reviewers` section listing the reviewers when the table does not.

use super::blocks::{slice, strip_rules, Block, BlockKind, TableData};
use super::layout::{Input, Outline, RawSection};
use super::{agents, digest, metadata, sections};
use crate::content::SourceReport;
use crate::diagnostics::Diagnostic;
use crate::model::{Metadata, Review, ReviewKind, SectionKind};
use std::ops::Range;

/// Sets the review's title: the H1, else the file name (with a warning).
pub(crate) fn title(
    input: &Input,
    outline: &Outline,
    src: &SourceReport,
    review: &mut Review,
    diags: &mut Vec<Diagnostic>,
) {
    match outline.title {
        Some(i) => review.title = input.heading_text(&input.blocks()[i]),
        None => {
            review.title = src.id.clone();
            diags.push(Diagnostic::info(
                input.file,
                Some(src.first_line),
                "no H1 title (expected `# Deep Review: <stem>` or similar); using the file name",
            ));
        }
    }
}

/// Reads the preamble and the metadata table into the review, fills the metadata from the
/// front matter and the folder, and sets the review's kind. Returns the file line that
/// totals stated in the metadata or preamble are reported at: the table's, else the first.
pub(crate) fn read(
    input: &Input,
    outline: &Outline,
    src: &SourceReport,
    review: &mut Review,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let blocks = input.blocks();
    let text = input.text;
    let pre_start = outline.title.map(|i| blocks[i].range.end).unwrap_or(0);
    let pre_end = outline
        .headings
        .first()
        .map(|&i| blocks[i].range.start)
        .unwrap_or(outline.main_end)
        .max(pre_start);
    let meta_idx = metadata_table(blocks, pre_start..pre_end);
    let mut pre_pieces: Vec<&str> = Vec::new();
    if let Some(i) = outline.title {
        pre_pieces.push(slice(text, &(0..blocks[i].range.start)));
    }
    match meta_idx {
        Some(mi) => {
            let mb = &blocks[mi];
            pre_pieces.push(slice(text, &(pre_start..mb.range.start)));
            pre_pieces.push(slice(text, &(mb.range.end..pre_end)));
            if let Some(t) = &mb.table {
                review.meta.rows = metadata::kv_rows(t, text);
                check_meta_table(t, input, mb, diags);
            }
        }
        None => {
            pre_pieces.push(slice(text, &(pre_start..pre_end)));
            let fm_has_meta = src
                .front_matter
                .as_ref()
                .is_some_and(|fm| !metadata::front_matter_rows(fm).is_empty());
            if !fm_has_meta {
                diags.push(Diagnostic::info(
                input.file,
                Some(input.lines.line(pre_start)),
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
    if review.kind == ReviewKind::CiFailureDigest && review.meta.date.is_none() {
        review.meta.date = digest::period_date(&review.title, &review.meta);
    }
    meta_idx
        .map(|i| input.lines.line(blocks[i].range.start))
        .unwrap_or(src.first_line)
}

/// The metadata table: the first key/value table that starts in `pre` (before the first
/// section).
fn metadata_table(blocks: &[Block], pre: Range<usize>) -> Option<usize> {
    (0..blocks.len()).find(|&i| {
        let b = &blocks[i];
        b.kind == BlockKind::Table
            && pre.contains(&b.range.start)
            && b.table.as_ref().map(metadata::is_kv_table).unwrap_or(false)
    })
}

/// Reviewers listed in their own section (`## Reviewers` + a list) when the table has none.
pub(crate) fn reviewers_section(input: &Input, raw: &[RawSection], meta: &mut Metadata) {
    if !meta.reviewers.is_empty() {
        return;
    }
    let Some(rs) = raw.iter().find(|r| {
        r.kind == SectionKind::Other
            && matches!(
                sections::plain(&r.title).trim_end_matches(':'),
                "reviewers" | "agents" | "models" | "review panel" | "panel"
            )
    }) else {
        return;
    };
    let items: Vec<&str> = slice(input.text, &rs.body)
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
    meta.reviewers = agents::parse_reviewers(&items.join(", "));
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
    } else if digest::is_digest(title, meta.kind_label.as_deref()) {
        ReviewKind::CiFailureDigest
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

fn check_meta_table(t: &TableData, input: &Input, b: &Block, diags: &mut Vec<Diagnostic>) {
    let file = input.file;
    if t.rows.is_empty() {
        diags.push(Diagnostic::warning(
            file,
            Some(input.lines.line(b.range.start)),
            "metadata table has no rows (truncated?)",
        ));
        return;
    }
    for (row, r) in t.rows.iter().zip(t.row_ranges.iter()) {
        let label = row.first().map(|c| c.text.trim()).unwrap_or("");
        let value_empty = row.get(1).map(|c| c.text.trim().is_empty()).unwrap_or(true);
        if label.is_empty() || (row.len() < 2 || value_empty) && !label.is_empty() {
            diags.push(Diagnostic::info(
                file,
                Some(input.lines.line(r.start)),
                format!(
                    "metadata table row is incomplete (expected `| **Label** | value |`): {:?}",
                    label
                ),
            ));
        }
    }
}
