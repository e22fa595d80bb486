//! Highlighting and making excerpts: the windows a review's excerpts show, highlighted
//! in parallel first (most of an excerpt's cost), then each excerpt of one location made
//! from them, with its range check, hunks, omitted count and permalink.

use super::cache::SourceText;
use super::read::FileAt;
use super::source::RepoSource;
use super::window::{shown_windows, sorted_ranges, windows};
use crate::model::{Excerpt, ExcerptHunk, ExcerptLine, LineRange, Review};
use crate::text::coderef;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// Highlights, each once and in parallel, the windows the excerpts of the `wanted`
/// locations of `review` will show (those whose file was read and whose lines it has).
pub(super) fn highlight_windows(
    review: &Review,
    wanted: &[(usize, usize)],
    files: &BTreeMap<String, FileAt>,
    context: u32,
) {
    let mut needed: BTreeSet<(&str, u32, u32)> = BTreeSet::new();
    for &(fi, li) in wanted {
        let loc = &review.findings[fi].locations[li];
        let Some(Some(Ok((_, text)))) = loc.path.as_deref().map(|p| files.get(p)) else {
            continue;
        };
        let ranges = sorted_ranges(&loc.ranges);
        if ranges.iter().all(|r| r.start > 0 && r.end <= text.lines) {
            let path = loc.path.as_deref().unwrap_or_default();
            let shown = shown_windows(&windows(&ranges, context, text.lines));
            needed.extend(shown.into_iter().map(|(a, b)| (path, a, b)));
        }
    }
    needed.into_par_iter().for_each(|(path, first, last)| {
        if let Some(Ok((repo_path, text))) = files.get(path) {
            text.highlighted(repo_path, first, last);
        }
    });
}

/// The excerpt of `ranges` of `text`, or why it cannot be made.
pub(super) fn make_excerpt(
    source: &RepoSource,
    commit: &str,
    path: &str,
    text: &SourceText,
    cited: &str,
    ranges: &[LineRange],
) -> Result<Excerpt, String> {
    let ranges = sorted_ranges(ranges);
    let n = text.lines;
    if let Some(bad) = ranges.iter().find(|r| r.start == 0 || r.end > n) {
        let short = &commit[..commit.len().min(10)];
        return Err(if bad.start == 0 {
            "line 0 does not exist (lines count from 1)".to_string()
        } else {
            format!(
                "{} past the end of {path}, which has {n} line{} at commit {short}",
                if bad.start == bad.end {
                    format!("line {} is", bad.start)
                } else {
                    format!("lines {}-{} are", bad.start, bad.end)
                },
                if n == 1 { "" } else { "s" }
            )
        });
    }
    let all = windows(&ranges, source.context, n);
    let shown = shown_windows(&all);
    let is_cited = |line: u32| ranges.iter().any(|r| r.start <= line && line <= r.end);
    let mut language = None;
    let hunks: Vec<ExcerptHunk> = shown
        .iter()
        .map(|&(a, b)| {
            let file = text.highlighted(path, a, b);
            language = language.take().or_else(|| file.language.clone());
            let lines = (a..=b)
                .map(|number| {
                    let (html, plain) = file.line(number as usize).unwrap_or_default();
                    ExcerptLine {
                        number,
                        cited: is_cited(number),
                        text: plain.to_string(),
                        html: html.to_string(),
                    }
                })
                .collect();
            ExcerptHunk { lines }
        })
        .collect();
    // Cited lines past the line limit: counted, reachable through the permalink.
    let shown_line = |line: u32| shown.iter().any(|&(a, b)| a <= line && line <= b);
    let omitted = all
        .iter()
        .flat_map(|&(a, b)| a..=b)
        .filter(|&l| is_cited(l) && !shown_line(l))
        .count() as u32;
    let first = ranges.first().map_or(1, |r| r.start);
    let last = ranges.iter().map(|r| r.end).max().unwrap_or(first);
    Ok(Excerpt {
        cited: cited.to_string(),
        path: path.to_string(),
        repo: source.slug.clone(),
        commit: commit.to_string(),
        permalink: coderef::permalink(&format!("{}{commit}/", source.blob_base), path, first, last),
        ranges,
        language,
        file_lines: n,
        hunks,
        omitted,
    })
}
