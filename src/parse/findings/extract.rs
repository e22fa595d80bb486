//! A severity section's findings: the heads found among its blocks (headings, paragraphs,
//! list items), each finding's body cut up to the next head, with its code blocks and its
//! `Fix:` paragraph; and the ids findings get.

use super::fields::body_fields;
use super::head::{head_extent, parse_head, parse_heading_head, strong_plain_shape, Head};
use crate::model::{CodeBlock, Finding, Severity, SeverityCounts};
use crate::parse::blocks::{
    dedent, slice, starting_in, strip_rules, trim_blank_lines, Block, BlockKind, Doc, Item,
    LineIndex,
};
use crate::parse::static_regex::re;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A finding head found while walking a findings section.
struct Cand {
    start: usize,
    head: Range<usize>,
    /// End of the list item holding the head, with its continuation indent.
    item: Option<(usize, usize)>,
    parsed: Head,
    /// The head starts with a written id (`I3.`, `**S1.**`, `### C2 Title`) or a severity
    /// tag (`**[CRITICAL] ...**`), not just a list number or a bold title.
    prefixed: bool,
}

impl Cand {
    fn new(start: usize, head: Range<usize>, item: Option<(usize, usize)>, parsed: Head) -> Self {
        let prefixed = parsed.id_severity.is_some() || parsed.tag_severity.is_some();
        Cand {
            start,
            head,
            item,
            parsed,
            prefixed,
        }
    }
}

/// Finds the findings of one severity section. Returns (start offset, finding) pairs.
pub(crate) fn extract_findings(
    text: &str,
    doc: &Doc,
    lines: &LineIndex,
    body: &Range<usize>,
    sec_sev: Option<Severity>,
    section: usize,
) -> Vec<(usize, Finding)> {
    let cands = heads(text, doc, lines, body, sec_sev);
    let mut out = Vec::new();
    for (k, c) in cands.iter().enumerate() {
        let end = cands
            .get(k + 1)
            .map(|n| n.start)
            .unwrap_or(body.end)
            .max(c.head.end);
        let f = finding(text, doc, lines, c, end, sec_sev, section);
        out.push((c.start, f));
    }
    out
}

/// The finding heads among the blocks of a section, in order. In a section whose findings
/// carry written ids (or severity tags), only such heads open findings: a numbered bold
/// list inside a finding's body (`1. **X** — `a.go:3`: ...`) stays in that body.
fn heads(
    text: &str,
    doc: &Doc,
    lines: &LineIndex,
    body: &Range<usize>,
    sec_sev: Option<Severity>,
) -> Vec<Cand> {
    let mut cands: Vec<Cand> = Vec::new();
    // The number the next item of a numbered list needs to open a finding without an id.
    let mut expected: u64 = 1;
    for b in starting_in(&doc.blocks, |b| b.range.start, body) {
        match &b.kind {
            BlockKind::Heading(l) if *l >= 3 => {
                let t = b.inline.as_ref().map(|r| slice(text, r)).unwrap_or("");
                let h = parse_heading_head(t).filter(|h| {
                    // `### S3 Bucket policy` under Important Issues is not a finding id.
                    !h.bare_id || sec_sev.is_none() || h.id_severity == sec_sev
                });
                if let Some(h) = h {
                    cands.push(Cand::new(b.range.start, b.range.clone(), None, h));
                }
            }
            BlockKind::Paragraph => paragraph_head(text, b, &mut cands),
            BlockKind::List { ordered, .. } => {
                for it in &b.items {
                    item_head(text, lines, it, *ordered, &mut expected, &mut cands);
                }
            }
            _ => {}
        }
    }
    if cands.iter().any(|c| c.prefixed) {
        cands.retain(|c| c.prefixed);
    }
    cands
}

/// A paragraph that opens a finding: with an id, a severity tag, or a plain bold head of
/// the strong shape (`**Title** — loc [A]`).
fn paragraph_head(text: &str, b: &Block, cands: &mut Vec<Cand>) {
    let Some(r) = &b.inline else { return };
    let Some(h) = parse_head(slice(text, r), false) else {
        return;
    };
    if h.written_id.is_some() || h.tag_severity.is_some() || strong_plain_shape(&h) {
        push_split(text, cands, Cand::new(b.range.start, r.clone(), None, h));
    }
}

/// A list item that opens a finding: with an id or a severity tag, numbered in sequence
/// (`expected` counts the numbers), or a bullet with a plain bold head of the strong shape.
fn item_head(
    text: &str,
    lines: &LineIndex,
    it: &Item,
    ordered: bool,
    expected: &mut u64,
    cands: &mut Vec<Cand>,
) {
    let Some(fp) = &it.first_para else { return };
    let Some(mut h) = parse_head(slice(text, fp), false) else {
        return;
    };
    let explicit = h.id_severity.is_some() || h.tag_severity.is_some();
    let numbered_ok = ordered && it.number == Some(*expected);
    let bullet_ok = !ordered && strong_plain_shape(&h);
    if !(explicit || numbered_ok || bullet_ok) {
        return;
    }
    if numbered_ok {
        *expected += 1;
    }
    if h.written_id.is_none() {
        h.written_id = it.number.map(|n| n.to_string());
    }
    let indent = fp.start.saturating_sub(lines.line_start(fp.start));
    let mut c = Cand::new(
        it.range.start,
        it.range.start..fp.end,
        Some((it.range.end, indent)),
        h,
    );
    c.prefixed = explicit;
    push_split(text, cands, c);
}

/// Pushes a candidate whose head is a whole paragraph, cut to its title line(s) (see
/// [`head_extent`]); further lines of the paragraph that open a finding of their own
/// (`I2. **Title** — loc`, after a hard line break) become candidates too.
fn push_split(text: &str, cands: &mut Vec<Cand>, c: Cand) {
    let para = slice(text, &c.head);
    let ext = head_extent(para);
    if ext >= para.trim_end().len() {
        cands.push(c);
        return;
    }
    let head_end = c.head.start + ext;
    let para_end = c.head.end;
    cands.push(cut_head(text, c, head_end));
    more_heads(text, cands, head_end, para_end);
}

/// The candidate with its head cut at `head_end`, reparsed from its title line(s).
fn cut_head(text: &str, c: Cand, head_end: usize) -> Cand {
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
    if let Some(mut h) = parse_head(slice(text, &(reparse_from..head_end)).trim_start(), false) {
        if h.written_id.is_none() {
            h.written_id = written;
        }
        first.parsed = h;
    }
    first
}

/// Later lines of a head paragraph (from `head_end` to `para_end`) that open findings of
/// their own: with an id or a severity tag.
fn more_heads(text: &str, cands: &mut Vec<Cand>, head_end: usize, para_end: usize) {
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
        let Some(h) = parse_head(from, true) else {
            continue;
        };
        if h.written_id.is_none() && h.tag_severity.is_none() {
            continue;
        }
        let ext = head_extent(from);
        let end = start + ext;
        // Reparse from the title line only.
        let h = parse_head(slice(text, &(start..end)), true).unwrap_or(h);
        cands.push(Cand::new(start, start..end, None, h));
        off = end;
    }
}

/// The finding a candidate opens, its body running to `end`.
fn finding(
    text: &str,
    doc: &Doc,
    lines: &LineIndex,
    c: &Cand,
    end: usize,
    sec_sev: Option<Severity>,
    section: usize,
) -> Finding {
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
    let code_blocks = code_blocks(doc, lines, &(body_start..end));
    let fix = find_fix(text, doc, body_start..end);
    let p = &c.parsed;
    let fields = body_fields(&body_md);
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
    }
}

/// The code blocks that start in a finding's body.
fn code_blocks(doc: &Doc, lines: &LineIndex, body: &Range<usize>) -> Vec<CodeBlock> {
    starting_in(&doc.codes, |c| c.range.start, body)
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
        .collect()
}

/// The `Fix:` paragraph of a finding body, with a fence that follows it directly.
fn find_fix(text: &str, doc: &Doc, r: Range<usize>) -> Option<String> {
    static FIX: OnceLock<Regex> = OnceLock::new();
    let fix_re = re(
        &FIX,
        r"(?i)^(?:\*\*|__)?(?:suggested |recommended |proposed )?fix(?:es)?(?:\*\*|__)?\s*(?::|—|–)",
    );
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
pub(crate) fn assign_ids(findings: &mut [Finding]) {
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
    use super::*;
    use crate::parse::blocks::walk;

    /// The (id as written, title) of each finding of one section's Markdown.
    fn heads_of(md: &str, sev: Option<Severity>) -> Vec<(String, String)> {
        let doc = walk(md);
        let lines = LineIndex::new(md, 1);
        extract_findings(md, &doc, &lines, &(0..md.len()), sev, 0)
            .into_iter()
            .map(|(_, f)| (f.written_id.unwrap_or_default(), f.title))
            .collect()
    }

    #[test]
    fn numbered_bold_list_in_a_prefixed_finding_stays_in_its_body() {
        let md = "I3. **Retries ignore cancel** — `r.go:40` [Claude]\n\nThree places:\n\n\
                  1. **Sleep** — `r.go:44`: uses `time.Sleep`.\n\
                  2. **Backoff** — `r.go:50`: unbounded.\n\n\
                  I4. **Close twice** — `c.go:3` [Codex]\n\nBody.\n";
        let doc = walk(md);
        let lines = LineIndex::new(md, 1);
        let found = extract_findings(md, &doc, &lines, &(0..md.len()), None, 0);
        let ids: Vec<_> = found
            .iter()
            .map(|(_, f)| f.written_id.clone().unwrap_or_default())
            .collect();
        assert_eq!(ids, ["I3", "I4"]);
        assert!(found[0].1.body.contains("1. **Sleep** — `r.go:44`"));
        assert!(found[0].1.body.contains("2. **Backoff**"));
        // Bold ids and colon ids too; bullets of the strong shape stay in the body as well.
        let md = "**C1.** Token logged — `a.go:8` [Codex]\n\n\
                  - **Login** — `a.go:8` [Codex]: the bearer token.\n\n\
                  C2: Key in URL — `b.go:1` [Claude]\n";
        let got = heads_of(md, Some(Severity::Critical));
        assert_eq!(
            got,
            [
                ("C1".into(), "Token logged".into()),
                ("C2".into(), "Key in URL".into())
            ]
        );
    }

    #[test]
    fn plain_numbered_findings_still_open_findings() {
        let md = "1. **Retries ignore cancel** — `r.go:40` [Claude]\n\n   Body.\n\n\
                  2. **Close twice** — `c.go:3` [Codex]\n";
        let got = heads_of(md, Some(Severity::Important));
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], ("2".into(), "Close twice".into()));
    }

    #[test]
    fn bare_id_headings() {
        let md = "### I1 Retries ignore cancel\n\nBody:\n\n\
                  1. **Sleep** — `r.go:44`: uses `time.Sleep`.\n\n\
                  ### I2 `Close` is not idempotent\n\nBody.\n";
        let got = heads_of(md, Some(Severity::Important));
        assert_eq!(
            got,
            [
                ("I1".into(), "Retries ignore cancel".into()),
                ("I2".into(), "`Close` is not idempotent".into())
            ]
        );
        // A heading that only starts like an id: lower case after it, or another severity.
        assert!(heads_of(
            "### S3 bucket policy\n\nText.\n",
            Some(Severity::Suggestion)
        )
        .is_empty());
        assert!(heads_of("### S3 Bucket policy\n\nText.\n", Some(Severity::Important)).is_empty());
    }
}
