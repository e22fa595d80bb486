//! A code excerpt on a finding card: the header (path, lines, commit, language) and the
//! cited lines read from the reviewed commit, with the gaps between hunks marked.

use serde::Serialize;

/// A code excerpt on a finding card.
#[derive(Debug, Serialize)]
pub(super) struct ExcerptView {
    permalink: String,
    /// The path's directories, with a trailing `/` (`pkg/hostagent/`), or empty.
    dir: String,
    /// The file name (`hostagent.go`).
    name: String,
    /// `line 12`, `lines 41–58`, `lines 12, 40–50`.
    lines_label: String,
    /// The location as written in the report.
    cited: String,
    commit: String,
    commit_short: String,
    language: String,
    /// The inside of the excerpt's `<code>`: one `<span class="xl" data-n="12">` per
    /// line (`xl cited` for cited lines) holding the highlighted line, and a
    /// `<span class="xgap">` between hunks. Made here rather than in the template: the
    /// lines are many, and a template loop over them would cost more than the rest of
    /// the page.
    code_html: String,
    /// `14 more cited lines at the permalink`, or empty.
    omitted: String,
}

/// The view of an excerpt: the header's parts and the lines, with the gaps between hunks.
pub(super) fn excerpt_view(e: &crate::model::Excerpt) -> ExcerptView {
    let (dir, name) = match e.path.rsplit_once('/') {
        Some((d, n)) => (format!("{d}/"), n.to_string()),
        None => (String::new(), e.path.clone()),
    };
    let range = |r: &crate::model::LineRange| {
        if r.start == r.end {
            r.start.to_string()
        } else {
            format!("{}\u{2013}{}", r.start, r.end)
        }
    };
    let ranges: Vec<String> = e.ranges.iter().map(range).collect();
    let single = e.ranges.len() == 1 && e.ranges[0].start == e.ranges[0].end;
    let lines: usize = e.hunks.iter().map(|h| h.lines.len()).sum();
    let html_len: usize = e
        .hunks
        .iter()
        .flat_map(|h| h.lines.iter())
        .map(|l| l.html.len())
        .sum();
    let mut code_html = String::with_capacity(html_len + lines * 40);
    let mut prev_end: Option<u32> = None;
    for h in &e.hunks {
        let first = h.lines.first().map_or(0, |l| l.number);
        if let Some(end) = prev_end.filter(|end| first > end + 1) {
            let (a, b) = (end + 1, first - 1);
            let gap = if a == b {
                format!("line {a} not shown")
            } else {
                format!("lines {a}\u{2013}{b} not shown")
            };
            code_html.push_str(&format!("<span class=\"xgap\">{gap}</span>\n"));
        }
        prev_end = h.lines.last().map(|l| l.number);
        for l in &h.lines {
            code_html.push_str(if l.cited {
                "<span class=\"xl cited\" data-n=\""
            } else {
                "<span class=\"xl\" data-n=\""
            });
            code_html.push_str(&l.number.to_string());
            code_html.push_str("\">");
            code_html.push_str(&l.html);
            code_html.push_str("</span>\n");
        }
    }
    ExcerptView {
        permalink: e.permalink.clone(),
        dir,
        name,
        lines_label: format!(
            "{} {}",
            if single { "line" } else { "lines" },
            ranges.join(", ")
        ),
        cited: e.cited.clone(),
        commit: e.commit.clone(),
        commit_short: e.commit.chars().take(8).collect(),
        // `Bourne Again Shell (bash)` -> `Bourne Again Shell`: the header has little room.
        language: e
            .language
            .as_deref()
            .map(|l| l.split(" (").next().unwrap_or(l).to_string())
            .unwrap_or_default(),
        code_html,
        omitted: match e.omitted {
            0 => String::new(),
            1 => "1 more cited line at the link above".to_string(),
            n => format!("{n} more cited lines at the link above"),
        },
    }
}
