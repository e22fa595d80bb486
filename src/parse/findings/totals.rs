//! The totals a summary states: `0 critical, 7 important, 10 suggestions`, numbers as words,
//! `(1C/2I/3S)`, `Critical: 1, Important: 2, Suggestions: 3`.

use super::words::{number_word, severity_word};
use crate::model::{Severity, SeverityCounts};
use crate::parse::static_regex::re;
use regex::Regex;
use std::sync::OnceLock;

/// Finds the totals a summary states: "0 critical, 7 important, 10 suggestions",
/// "3 Important, 9 Suggestions, 0 Critical", "0 Critical / 2 Important / 10 Suggestions".
pub fn stated_counts(text: &str) -> Option<SeverityCounts> {
    static R: OnceLock<Regex> = OnceLock::new();
    let norm: String = text
        .replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let r = re(
        &R,
        r"(?i)\b(\d+|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(critical|important|suggestions?|kritische?|wichtige?|vorschl(?:ä|ae)ge|vorschlag)\b",
    );
    let matches: Vec<(usize, usize, u32, Severity)> = r
        .captures_iter(&norm)
        .filter_map(|c| {
            let m = c.get(0)?;
            let n = word_number(&c[1])?;
            let sev = severity_word(&c[2])?;
            Some((m.start(), m.end(), n, sev))
        })
        .collect();
    if matches.is_empty() {
        return compact_counts(&norm);
    }
    let mut i = 0;
    while i < matches.len() {
        let mut j = i;
        while j + 1 < matches.len() && matches[j + 1].0.saturating_sub(matches[j].1) <= 40 {
            j += 1;
        }
        let cluster = &matches[i..=j];
        let mut seen = Vec::new();
        for m in cluster {
            if !seen.contains(&m.3) {
                seen.push(m.3);
            }
        }
        if seen.len() >= 2 {
            let mut counts = SeverityCounts::default();
            let mut done = Vec::new();
            for m in cluster {
                if !done.contains(&m.3) {
                    counts.add(m.3, m.2);
                    done.push(m.3);
                }
            }
            return Some(counts);
        }
        i = j + 1;
    }
    None
}

/// `(1C/2I/3S)`, `1C · 2I · 3S`, `C1 I2 S3`-free compact totals, and `Critical: 1,
/// Important: 2, Suggestions: 3`.
fn compact_counts(norm: &str) -> Option<SeverityCounts> {
    static C: OnceLock<Regex> = OnceLock::new();
    static L: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(
        &C,
        r"(?:^|[\s(\[])(\d+)\s?C\s*[/·,|;]\s*(\d+)\s?I\s*[/·,|;]\s*(\d+)\s?S\b",
    )
    .captures(norm)
    {
        return Some(SeverityCounts {
            critical: c[1].parse().ok()?,
            important: c[2].parse().ok()?,
            suggestion: c[3].parse().ok()?,
        });
    }
    let l = re(
        &L,
        r"(?i)\b(critical|important|suggestions?)\s*[:=]\s*(\d+)\b",
    );
    let mut counts = SeverityCounts::default();
    let mut seen = Vec::new();
    for c in l.captures_iter(norm) {
        let sev = severity_word(&c[1])?;
        if !seen.contains(&sev) {
            counts.add(sev, c[2].parse().ok()?);
            seen.push(sev);
        }
    }
    (seen.len() >= 2).then_some(counts)
}

fn word_number(w: &str) -> Option<u32> {
    w.parse().ok().or_else(|| number_word(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(critical: u32, important: u32, suggestion: u32) -> Option<SeverityCounts> {
        Some(SeverityCounts {
            critical,
            important,
            suggestion,
        })
    }

    #[test]
    fn stated() {
        let s = stated_counts("blah. 0 critical, 7 important, 10 suggestions.").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (0, 7, 10));
        let s = stated_counts("Structure: 3 Important, 9 Suggestions, 0 Critical.").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (0, 3, 9));
        let s = stated_counts(
            "No critical or important issues.\nStructure: 0 critical,\n0 important, 4 suggestions.",
        )
        .unwrap();
        assert_eq!(s.suggestion, 4);
        let s = stated_counts("found **0 critical, 3 important, 7 suggestions** across").unwrap();
        assert_eq!(s.important, 3);
        let s = stated_counts("two critical, three important and one suggestion").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (2, 3, 1));
        assert!(stated_counts("one critical bug").is_none());
    }

    #[test]
    fn compact_and_labelled_totals() {
        assert_eq!(stated_counts("Findings (1C/2I/3S)."), c(1, 2, 3));
        assert_eq!(stated_counts("1C · 0I · 4S"), c(1, 0, 4));
        assert_eq!(
            stated_counts("Critical: 1, Important: 2, Suggestions: 0"),
            c(1, 2, 0)
        );
        assert_eq!(
            stated_counts("Totals: 2 critical · 3 important · 4 suggestions"),
            c(2, 3, 4)
        );
        assert_eq!(stated_counts("built for C/C++ in 3 stages"), None);
    }
}
