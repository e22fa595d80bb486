//! Attaching what was made to a review: each excerpt onto its finding, the finding's code
//! blocks that an excerpt repeats marked, and the review's source links set.

use crate::model::{Excerpt, Finding, Review, SourceLinks};

/// What `Excerpter::excerpts_for` made for one review, to [`Attachment::apply`] to it.
#[derive(Debug, Default)]
pub(crate) struct Attachment {
    /// (index of the finding, excerpt), in the order of the finding's locations.
    pub(super) excerpts: Vec<(usize, Excerpt)>,
    pub(super) source_links: Option<SourceLinks>,
}

impl Attachment {
    /// Nothing to put on the review: no excerpt and no source links.
    pub fn is_empty(&self) -> bool {
        self.excerpts.is_empty() && self.source_links.is_none()
    }

    /// Puts the excerpts on their findings, marks the findings' code blocks the excerpts
    /// repeat, and sets the review's source links.
    pub fn apply(self, review: &mut Review) {
        for (fi, excerpt) in self.excerpts {
            if let Some(f) = review.findings.get_mut(fi) {
                f.excerpts.push(excerpt);
            }
        }
        for f in &mut review.findings {
            mark_duplicates(f);
        }
        if self.source_links.is_some() {
            review.source_links = self.source_links;
        }
    }
}

/// Marks the finding's code blocks that one of its excerpts shows: the block's lines, in
/// order and together, are lines of one hunk (compared without surrounding spaces or blank
/// lines). A block that reorders, drops or repeats shown lines (a suggested fix) is not a
/// duplicate; `diff` and `patch` blocks are never marked.
fn mark_duplicates(f: &mut Finding) {
    if f.excerpts.is_empty() {
        return;
    }
    let non_blank = |t: &&str| !t.is_empty();
    let hunks: Vec<Vec<&str>> = f
        .excerpts
        .iter()
        .flat_map(|e| e.hunks.iter())
        .map(|h| {
            h.lines
                .iter()
                .map(|l| l.text.trim())
                .filter(non_blank)
                .collect()
        })
        .collect();
    for b in &mut f.code_blocks {
        let lang = b.lang.as_deref().unwrap_or("");
        if matches!(lang, "diff" | "patch" | "udiff") {
            continue;
        }
        let block: Vec<&str> = b.code.lines().map(str::trim).filter(non_blank).collect();
        b.duplicates_excerpt = !block.is_empty()
            && hunks
                .iter()
                .any(|h| h.windows(block.len()).any(|w| w == block.as_slice()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ExcerptHunk, ExcerptLine};

    fn code_block(lang: Option<&str>, code: &str) -> crate::model::CodeBlock {
        crate::model::CodeBlock {
            lang: lang.map(str::to_string),
            code: code.into(),
            ..Default::default()
        }
    }

    #[test]
    fn duplicates_are_blocks_that_a_hunk_shows_in_order() {
        let line = |n: u32, t: &str| ExcerptLine {
            number: n,
            cited: true,
            text: t.into(),
            html: String::new(),
        };
        let mut f = Finding {
            excerpts: vec![Excerpt {
                hunks: vec![ExcerptHunk {
                    lines: vec![line(1, "\tif x {"), line(2, "\t\treturn"), line(3, "\t}")],
                }],
                ..Default::default()
            }],
            code_blocks: vec![
                code_block(Some("go"), "if x {\n    return\n}\n"),
                code_block(Some("go"), "if x {\n    return nil\n}\n"),
                code_block(Some("diff"), "\treturn\n"),
                code_block(None, "\n"),
                // A suggested fix made only of shown lines, reordered: kept.
                code_block(Some("go"), "return\nif x {\n}\n"),
                // The same lines with one dropped: kept.
                code_block(Some("go"), "if x {\n}\n"),
                // Part of the shown lines, in order, blank lines aside: a duplicate.
                code_block(None, "\n    return\n\n}"),
            ],
            ..Default::default()
        };
        mark_duplicates(&mut f);
        let marks: Vec<bool> = f.code_blocks.iter().map(|b| b.duplicates_excerpt).collect();
        assert_eq!(marks, vec![true, false, false, false, false, false, true]);
    }
}
