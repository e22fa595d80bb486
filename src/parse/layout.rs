//! The layout pass: where a report's title and main sections are, read from its top-level
//! blocks before any section's content is. The H1 before any other H1/H2 is the title;
//! other top-level H1/H2 headings open sections, up to the first `## Appendix` heading;
//! old `## Consolidated Review` / `## Findings` wrappers promote their H3 children to
//! sections. Where the appendix ends and what it holds is the appendix module's part.

use super::blocks::{self, slice, Block, BlockKind, Doc, LineIndex};
use super::{findings, sections};
use crate::model::{SectionKind, Severity};
use std::ops::Range;

/// One report's Markdown with what the block walker found in it: what every phase reads.
pub(crate) struct Input<'a> {
    pub text: &'a str,
    /// The report's path, for diagnostics.
    pub file: &'a str,
    pub doc: Doc,
    pub lines: LineIndex,
}

impl<'a> Input<'a> {
    /// Walks `text` (whose first line is line `first_line` of `file`).
    pub fn new(text: &'a str, file: &'a str, first_line: usize) -> Self {
        Input {
            text,
            file,
            lines: LineIndex::new(text, first_line),
            doc: blocks::walk(text),
        }
    }

    pub fn blocks(&self) -> &[Block] {
        &self.doc.blocks
    }

    /// The trimmed inline source of a heading (or paragraph).
    pub(crate) fn heading_text(&self, b: &Block) -> String {
        b.inline
            .as_ref()
            .map(|r| slice(self.text, r).trim().to_string())
            .unwrap_or_default()
    }

    /// The blocks that start within `r`.
    pub(crate) fn blocks_in(&self, r: &Range<usize>) -> Vec<&Block> {
        blocks::starting_in(self.blocks(), |b| b.range.start, r)
            .iter()
            .collect()
    }
}

/// Whether a block is a heading of level `max` or above (H1..H`max`).
pub(crate) fn is_heading(b: &Block, max: u8) -> bool {
    matches!(b.kind, BlockKind::Heading(l) if l <= max)
}

/// The level of a heading block (2 for anything else).
pub(crate) fn heading_level(b: &Block) -> u8 {
    match b.kind {
        BlockKind::Heading(l) => l,
        _ => 2,
    }
}

/// A section found in the layout pass, before its content is read.
pub(crate) struct RawSection {
    pub kind: SectionKind,
    pub severity: Option<Severity>,
    pub title: String,
    pub level: u8,
    pub heading_start: usize,
    pub body: Range<usize>,
}

/// Where the top-level parts of a report are (indexes into its blocks).
pub(crate) struct Outline {
    /// The title: an H1 before any other H1/H2.
    pub title: Option<usize>,
    /// The first `## Appendix` heading.
    pub appendix: Option<usize>,
    /// Where the main part ends: at the appendix heading, or at the end of the text.
    pub main_end: usize,
    /// The section headings of the main part: top-level H1/H2 other than the title.
    pub headings: Vec<usize>,
}

/// Finds the title, the section headings and the appendix cut.
pub(crate) fn outline(input: &Input) -> Outline {
    let blocks = input.blocks();
    let first_heading = blocks.iter().position(|b| is_heading(b, 2));
    let title = first_heading.filter(|&i| matches!(blocks[i].kind, BlockKind::Heading(1)));
    let cands: Vec<usize> = (0..blocks.len())
        .filter(|&i| Some(i) != title && is_heading(&blocks[i], 2))
        .collect();
    let appendix = cands
        .iter()
        .copied()
        .find(|&i| sections::is_appendix(&input.heading_text(&blocks[i])));
    let main_end = appendix
        .map(|i| blocks[i].range.start)
        .unwrap_or(input.text.len());
    let headings = cands
        .into_iter()
        .filter(|&i| blocks[i].range.start < main_end)
        .collect();
    Outline {
        title,
        appendix,
        main_end,
        headings,
    }
}

/// The sections of the main part, in order, wrappers' children promoted.
pub(crate) fn main_sections(input: &Input, outline: &Outline) -> Vec<RawSection> {
    let blocks = input.blocks();
    let mut raw: Vec<RawSection> = Vec::new();
    for (k, &i) in outline.headings.iter().enumerate() {
        let end = outline
            .headings
            .get(k + 1)
            .map(|&j| blocks[j].range.start)
            .unwrap_or(outline.main_end);
        let b = &blocks[i];
        let title = input.heading_text(b);
        let body = b.range.end.min(end)..end;
        if sections::is_wrapper(&title) {
            if let Some(promoted) = wrapper_sections(input, i, &title, &body) {
                raw.extend(promoted);
                continue;
            }
        }
        let (kind, severity) = sections::classify(&title);
        raw.push(RawSection {
            kind,
            severity,
            title,
            level: heading_level(b),
            heading_start: b.range.start,
            body,
        });
    }
    raw
}

/// A wrapper (block `i`, `## Consolidated Review`) whose H3 children name sections: the
/// wrapper as a group section, then each child. `None` when the wrapper stays one section:
/// it has no H3 children, or only `### Finding 1: ...` ones (findings, not sections).
fn wrapper_sections(
    input: &Input,
    i: usize,
    title: &str,
    body: &Range<usize>,
) -> Option<Vec<RawSection>> {
    let blocks = input.blocks();
    let children: Vec<usize> = ((i + 1)..blocks.len())
        .filter(|&j| {
            blocks[j].range.start >= body.start
                && blocks[j].range.start < body.end
                && matches!(blocks[j].kind, BlockKind::Heading(3))
        })
        .collect();
    let findings_only = !children.is_empty()
        && children.iter().all(|&c| {
            let t = input.heading_text(&blocks[c]);
            sections::classify(&t).0 == SectionKind::Other
                && findings::parse_heading_head(&t).is_some()
        });
    if children.is_empty() || findings_only {
        return None;
    }
    let b = &blocks[i];
    let mut out = vec![RawSection {
        kind: SectionKind::Group,
        severity: None,
        title: title.to_string(),
        level: heading_level(b),
        heading_start: b.range.start,
        body: body.start..blocks[children[0]].range.start,
    }];
    for (ci, &c) in children.iter().enumerate() {
        let cend = children
            .get(ci + 1)
            .map(|&j| blocks[j].range.start)
            .unwrap_or(body.end);
        let cb = &blocks[c];
        let ctitle = input.heading_text(cb);
        let (kind, severity) = sections::classify(&ctitle);
        out.push(RawSection {
            kind,
            severity,
            title: ctitle,
            level: 3,
            heading_start: cb.range.start,
            body: cb.range.end.min(cend)..cend,
        });
    }
    Some(out)
}
