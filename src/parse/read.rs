//! Reading the sections the layout pass found: findings out of severity sections (with a
//! warning when a findings section has text but no finding), anchors, the totals a report
//! states checked against the findings counted, and the Design Observations, retro and
//! Resolution sections.

use super::blocks::{slice, strip_rules, LineIndex};
use super::layout::{Input, RawSection};
use super::{design, findings, resolution, retro};
use crate::diagnostics::Diagnostic;
use crate::model::{Finding, Review, Section, SectionKind, SeverityCounts};
use crate::parse::static_regex::re;
use crate::text::anchors::{slugify, Anchors};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Reads each section into `sections`; returns the findings of the severity sections, in
/// order, without ids yet.
pub(crate) fn sections(
    input: &Input,
    raw: &[RawSection],
    sections: &mut Vec<Section>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    for (si, rs) in raw.iter().enumerate() {
        let mut body_range = rs.body.clone();
        if rs.kind == SectionKind::Findings {
            let these = findings::extract_findings(
                input.text,
                &input.doc,
                &input.lines,
                &rs.body,
                rs.severity,
                si,
            );
            if let Some(first) = these.first() {
                body_range = rs.body.start..first.0;
            }
            found.extend(these.into_iter().map(|(_, f)| f));
        }
        let body = strip_rules(slice(input.text, &body_range));
        sections.push(Section {
            kind: rs.kind,
            title: rs.title.clone(),
            anchor: String::new(),
            level: rs.level,
            line: input.lines.line(rs.heading_start),
            body,
            severity: rs.severity,
        });
        if rs.kind == SectionKind::Findings && body_range == rs.body {
            warn_unread(input, rs, &sections[si].body, diags);
        }
    }
    found
}

/// Warns about a findings section with text in which no finding was recognised, unless the
/// text says there is none (see [`says_none`]).
fn warn_unread(input: &Input, rs: &RawSection, body: &str, diags: &mut Vec<Diagnostic>) {
    if !says_none(body) {
        diags.push(Diagnostic::warning(
            input.file,
            Some(input.lines.line(rs.heading_start)),
            format!(
                "section {:?} has text but no finding was recognised; it is shown as Markdown",
                rs.title
            ),
        ));
    }
}

/// Whether a findings section's text says it has no finding: empty; short and starting
/// with `None` / `N/A` / `No `; or opening with a sentence that says so, whatever follows
/// (`None. The prior round's I2 was fixed in ...`, `None — ...`, `No critical issues.
/// ...`, `_Nothing new._`). A sentence opening with `No` must name what there is none of
/// (`issues`, `findings`, ...), and a `None` sentence is short: `No timeout is set on the
/// dial ...` or `None of the retry paths honour ctx ...` is a finding's prose.
fn says_none(body: &str) -> bool {
    static NONE: OnceLock<Regex> = OnceLock::new();
    let b = body.trim();
    let l = b.to_lowercase();
    if l.is_empty()
        || l.len() < 80 && (l.starts_with("none") || l.starts_with("n/a") || l.starts_with("no "))
    {
        return true;
    }
    let lead = l.trim_start_matches(['*', '_', '>', ' ']);
    let first = lead
        .find(['.', ',', '!', ';', ':', '—', '–', '\n', '('])
        .map_or(lead, |i| &lead[..i]);
    re(
        &NONE,
        r"^(?:(?:none|n/a|nothing|keine|nichts)\b(?:\s+[\w'/-]+){0,4}|no\s+(?:[\w-]+\s+){0,2}(?:issues?|findings?|problems?|concerns?|bugs?|defects?|blockers?|items?|suggestions?|regressions?)\b(?:\s+[\w'/-]+){0,6})[*_\s]*$",
    )
    .is_match(first.trim_end())
}

/// Anchors: finding ids first, then sections (set here); the appendix's agents take theirs
/// from what is returned.
pub(crate) fn anchors(found: &[Finding], sections: &mut [Section]) -> Anchors {
    let mut anchors = Anchors::default();
    for f in found {
        anchors.unique(&f.id);
    }
    for s in sections {
        s.anchor = anchors.unique(&slugify(&s.title));
    }
    anchors
}

/// Sets the totals the report states, and warns when they differ from the findings
/// counted. `meta_line`: where totals stated in the metadata or preamble are reported.
pub(crate) fn stated_totals(
    input: &Input,
    review: &mut Review,
    meta_line: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((st, st_line)) = find_stated(review, meta_line) else {
        return;
    };
    review.stated_counts = Some(st);
    if st != review.counts {
        diags.push(Diagnostic::warning(
            input.file,
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

/// Stated totals, with their line: the executive summary first, then a `Findings` /
/// `Totals` metadata row, the preamble, and a `## Findings` wrapper's own text.
fn find_stated(review: &Review, meta_line: usize) -> Option<(SeverityCounts, usize)> {
    let round = review.meta.round;
    let stated = review
        .sections
        .iter()
        .filter(|s| s.kind == SectionKind::ExecutiveSummary)
        .find_map(|s| findings::stated_counts(&s.body, round).map(|c| (c, s.line)));
    if stated.is_some() {
        return stated;
    }
    review
        .meta
        .rows
        .iter()
        .filter(|r| {
            let l = r.label.to_lowercase();
            l.starts_with("finding") || l.starts_with("total") || l.starts_with("count")
        })
        .find_map(|r| findings::stated_counts(&r.value, round))
        .or_else(|| findings::stated_counts(&review.preamble, round))
        .map(|c| (c, meta_line))
        .or_else(|| {
            review
                .sections
                .iter()
                .filter(|s| s.kind == SectionKind::Group)
                .find_map(|s| findings::stated_counts(&s.body, round).map(|c| (c, s.line)))
        })
}

/// Reads the Design Observations, the retro and the Resolution (linking its actions to
/// `found`).
pub(crate) fn special_sections(
    input: &Input,
    raw: &[RawSection],
    review: &mut Review,
    found: &mut [Finding],
) {
    if let Some(rs) = raw
        .iter()
        .find(|r| r.kind == SectionKind::DesignObservations)
    {
        let bs = input.blocks_in(&rs.body);
        review.design = Some(design::parse(input.text, &bs, &input.lines));
    }
    if let Some((sec, rs)) = review
        .sections
        .iter()
        .zip(raw.iter())
        .find(|(s, _)| s.kind == SectionKind::AgentRetro)
    {
        let first = first_text_line(input.text, &rs.body, &input.lines);
        review.retro = Some(retro::parse_retro(&sec.body, first));
    }
    if let Some(rs) = raw.iter().find(|r| r.kind == SectionKind::Resolution) {
        let bs = input.blocks_in(&rs.body);
        let res = resolution::parse(input.text, &bs, found, review.meta.round);
        resolution::link(&res, found);
        review.resolution = Some(res);
    }
}

/// The file line of the first non-blank character of a range.
fn first_text_line(text: &str, r: &Range<usize>, lines: &LineIndex) -> usize {
    let s = slice(text, r);
    let skip = s.len() - s.trim_start().len();
    let off = r.start + skip;
    // Back up to the start of that line so that indentation counts as part of it.
    lines.line(off)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_that_say_they_have_no_finding() {
        for body in [
            "",
            "None.",
            "N/A",
            "No issues found.",
            "None. The prior round's I2 was fixed in `abc1234`, and the retry loop now stops \
             after the configured number of attempts, which the new test pins down for both \
             the success and the failure path.",
            "None — the two Important findings of round 1 were fixed in `abc1234` and the \
             follow-up commit adds a regression test for each of them, so nothing is left here.",
            "No critical issues. The closest candidate was the unbounded retry loop, which \
             is covered under Important Issues below together with its fix and a test.",
            "_None this round._ The earlier concern about the lock order was checked again \
             and holds: every path takes the index lock before the shard lock.",
            "**No new critical findings.** Everything raised before is fixed in the commits \
             under review, and the agents agreed nothing else rises to this level.",
        ] {
            assert!(says_none(body), "{body}");
        }
        for body in [
            "No timeout is set on the dial in `client.go:40`, so a stalled server blocks \
             the caller forever; the agents disagreed on the severity of this one.",
            "None of the retry paths honour the context: `retry.go:40` sleeps without a \
             select, and `retry.go:55` returns nil when the context is cancelled.",
            "The retry loop sleeps without watching the context, so a cancelled request \
             keeps the worker busy until every attempt has run.",
        ] {
            assert!(!says_none(body), "{body}");
        }
    }
}
