//! Windowing of cited lines: the cited ranges sorted, the windows of lines shown around
//! them (context lines, near windows joined), and the part of them within the size limit.

use crate::model::LineRange;

/// At most this many lines are shown per excerpt; cited lines beyond it are counted in
/// [`crate::model::Excerpt::omitted`] and reachable through the permalink.
pub const MAX_EXCERPT_LINES: usize = 120;
/// Hunks separated by at most this many lines are joined (showing three lines is better
/// than a marker saying three lines are hidden).
const JOIN_GAP: u32 = 3;

/// `ranges` with each start before its end, sorted, without repeats.
pub(super) fn sorted_ranges(ranges: &[LineRange]) -> Vec<LineRange> {
    let mut out: Vec<LineRange> = ranges
        .iter()
        .map(|r| LineRange {
            start: r.start.min(r.end),
            end: r.start.max(r.end),
        })
        .collect();
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// The windows of lines an excerpt of `ranges` (sorted, within the file's `n` lines)
/// shows with `context` lines around them, joined when they overlap or nearly touch.
pub(super) fn windows(ranges: &[LineRange], context: u32, n: u32) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for r in ranges {
        let a = r.start.saturating_sub(context).max(1);
        let b = r.end.saturating_add(context).min(n);
        match out.last_mut() {
            Some(last) if a <= last.1.saturating_add(JOIN_GAP + 1) => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The part of `windows` shown: the first [`MAX_EXCERPT_LINES`] lines.
pub(super) fn shown_windows(windows: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut left = MAX_EXCERPT_LINES as u32;
    let mut out = Vec::new();
    for &(a, b) in windows {
        if left == 0 {
            break;
        }
        let b = b.min(a.saturating_add(left - 1));
        left -= b - a + 1;
        out.push((a, b));
    }
    out
}
