//! The Agent Performance Retro section: per-agent prose, the metrics table, reconciliation.
//!
//! Structure comes from the top-level blocks of the section body, as the block walker reads
//! them (with byte offsets into the body and the plain text of headings and paragraphs):
//! - **Per-agent prose**: a heading naming an agent (`### [Claude]`, `### [Claude] Opus 4.6`,
//!   `### Claude Opus 4.6`) runs to the next heading, thematic break, reconciliation
//!   lead-in or the metrics table; a paragraph with a bold agent lead-in
//!   (`**[Claude]** — ...`, `**Claude Opus 4.6** produced ...`, `**Codex GPT 5.4**` over a
//!   list) runs to the next agent lead-in, any other bold lead-in, heading, rule or table.
//!   A lead-in followed by a separator (`—`, `:`) or nothing is cut from the text; a lead-in
//!   that is the subject of a sentence is kept.
//! - **Metrics table**: the first table whose header names agents (or starts with an empty
//!   / `Metric` cell). Rows are re-split from the source text so that `||` inside a code
//!   span does not split a cell, and cells keep their Markdown (backticks, bold).
//!   A transposed table (`| Agent | Duration | ... |`, one row per agent) is accepted too.
//! - **Reconciliation**: a `### Reconciliation` subsection, or a paragraph led by
//!   `**Reconciliation:**` / `**Reconciliation.**` / `Reconciliation:` plus the lists that
//!   directly follow it; the lead-in itself is cut.
//! - **No output**: an agent whose prose says it produced no (usable) output, an empty or
//!   non-conforming review, an effective failure or a timeout (the rule is
//!   `super::run_status::prose_says_no_output`; a sentence about one pass or attempt does
//!   not count) gets `no_output` on its paragraph and on its metrics column (matched by
//!   `text::names::match_agent`).

use super::blocks::{walk_with_text, Block, BlockKind};
use super::metrics::normalise_table;
use super::run_status::prose_says_no_output;
use crate::model::{AgentMetrics, AgentRetro, Retro};
use crate::text::names::{
    agent_family, agent_model, is_known_family, match_agent, strip_inline_markdown, AgentMatch,
    AgentRef,
};

/// Splits one table row's source into cells: pipes inside code spans and escaped pipes
/// (`\|`) do not split. Leading and trailing pipes are dropped; cells are trimmed.
fn split_row(line: &str) -> Vec<String> {
    let line = line.trim();
    let bytes = line.as_bytes();
    let mut cells = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'`' => {
                let run_start = i;
                while i < bytes.len() && bytes[i] == b'`' {
                    i += 1;
                }
                let n = i - run_start;
                // Find a closing run of exactly n backticks.
                let mut j = i;
                let mut closed = None;
                while j < bytes.len() {
                    if bytes[j] == b'`' {
                        let s = j;
                        while j < bytes.len() && bytes[j] == b'`' {
                            j += 1;
                        }
                        if j - s == n {
                            closed = Some(j);
                            break;
                        }
                    } else {
                        j += 1;
                    }
                }
                if let Some(end) = closed {
                    i = end;
                }
            }
            b'|' => {
                cells.push(line.get(start..i).unwrap_or("").trim().to_string());
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    let start = start.min(line.len());
    cells.push(line.get(start..).unwrap_or("").trim().to_string());
    if line.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if line.ends_with('|') && !line.ends_with("\\|") && cells.len() > 1 {
        cells.pop();
    }
    cells
}

fn is_agent_name(text: &str) -> bool {
    let t = strip_inline_markdown(text);
    let t = t.trim();
    if t.starts_with('[') && t.contains(']') {
        return !agent_family(t).is_empty();
    }
    t.split_whitespace().count() <= 5 && is_known_family(&agent_family(t))
}

fn heading_label(src: &str) -> String {
    let first = src.lines().next().unwrap_or("").trim();
    first
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
        .to_string()
}

fn clean_label(text: &str) -> String {
    text.trim()
        .trim_end_matches([':', '.', '—', '–', '-'])
        .trim()
        .to_string()
}

fn is_reconciliation_word(text: &str) -> bool {
    let t = strip_inline_markdown(text).trim().to_lowercase();
    let Some(rest) = t.strip_prefix("reconciliation") else {
        return false;
    };
    rest.is_empty() || rest.starts_with([':', '.', ' ', '—', '–', '-'])
}

/// How the metrics table header should be read.
fn table_shape(header: &[String]) -> Option<bool> {
    if header.len() < 2 || header[1..].iter().all(|h| h.trim().is_empty()) {
        return None;
    }
    let first = strip_inline_markdown(&header[0]).trim().to_lowercase();
    let agents_in_columns = header[1..]
        .iter()
        .any(|h| is_known_family(&agent_family(h)) || h.trim().starts_with('['));
    if agents_in_columns || first.is_empty() || first == "metric" || first == "metrics" {
        return Some(false);
    }
    if matches!(
        first.as_str(),
        "agent" | "agents" | "reviewer" | "reviewers" | "model" | "models"
    ) {
        return Some(true);
    }
    None
}

/// One agent's prose: from its heading or bold lead-in to the last block read into it.
struct Segment {
    label: String,
    family: String,
    text_start: usize,
    last_end: usize,
    from_heading: bool,
}

/// Parses the body of a retro section (Markdown, everything under its heading).
/// `first_line` is the file line where `body` starts, for diagnostics (the retro parser
/// itself reports nothing: what it does not recognise stays in the section body).
pub fn parse_retro(body: &str, first_line: usize) -> Retro {
    let _ = first_line;
    let doc = walk_with_text(body);
    let blocks = &doc.blocks;
    let mut retro = Retro::default();

    // 1. The metrics table.
    let table_index = blocks.iter().enumerate().find_map(|(idx, b)| {
        let metrics = metrics_table(body, b)?;
        retro.metrics = metrics;
        retro.table_span = Some((b.range.start, b.range.end));
        Some(idx)
    });

    // 2. Per-agent prose and reconciliation.
    let mut prose = Prose {
        body,
        blocks,
        table_index,
        current: None,
        agents: Vec::new(),
        recon_parts: Vec::new(),
    };
    prose.read();
    retro.agents = prose.agents;
    if !prose.recon_parts.is_empty() {
        retro.reconciliation = Some(prose.recon_parts.join("\n\n"));
    }

    // 3. No-output agents, from the prose.
    mark_no_output(&mut retro);
    retro
}

/// The metrics of a block that is the metrics table: a table whose header names agents
/// (or reads as a transposed, one-row-per-agent table).
fn metrics_table(body: &str, b: &Block) -> Option<Vec<AgentMetrics>> {
    let table = b.table.as_ref().filter(|_| b.kind == BlockKind::Table)?;
    let header = table
        .header_range
        .as_ref()
        .and_then(|r| body.get(r.clone()))
        .map(split_row)
        .unwrap_or_default();
    let transposed = table_shape(&header)?;
    let body_rows: Vec<Vec<String>> = table
        .row_ranges
        .iter()
        .filter_map(|r| body.get(r.clone()))
        .map(split_row)
        .collect();
    let (header, rows) = if transposed {
        transpose(&header, &body_rows)
    } else {
        let rows = body_rows
            .into_iter()
            .map(|mut cells| {
                let label = if cells.is_empty() {
                    String::new()
                } else {
                    cells.remove(0)
                };
                (label, cells)
            })
            .collect();
        (header, rows)
    };
    Some(normalise_table(&header, &rows))
}

/// The walk over the retro's blocks that cuts per-agent prose and reconciliation text.
struct Prose<'a> {
    body: &'a str,
    blocks: &'a [Block],
    /// The block that is the metrics table.
    table_index: Option<usize>,
    /// The agent whose prose is being read.
    current: Option<Segment>,
    agents: Vec<AgentRetro>,
    recon_parts: Vec<String>,
}

impl Prose<'_> {
    fn read(&mut self) {
        let mut i = 0;
        while i < self.blocks.len() {
            i = self.block(i);
        }
        self.close();
    }

    /// Ends the current agent's prose.
    fn close(&mut self) {
        if let Some(seg) = self.current.take() {
            let text = if seg.last_end > seg.text_start {
                self.body
                    .get(seg.text_start..seg.last_end)
                    .unwrap_or("")
                    .trim()
            } else {
                ""
            };
            self.agents.push(AgentRetro {
                no_output: prose_says_no_output(text, &seg.label, &seg.family),
                label: seg.label,
                family: seg.family,
                text: text.to_string(),
            });
        }
    }

    /// The current agent's prose runs over this block.
    fn extend(&mut self, b: &Block) {
        if let Some(seg) = self.current.as_mut() {
            seg.last_end = b.range.end;
        }
    }

    /// Reads block `i`; returns the index of the next block to read.
    fn block(&mut self, i: usize) -> usize {
        let b = &self.blocks[i];
        match &b.kind {
            BlockKind::Heading(level) => return self.heading(i, *level),
            BlockKind::Paragraph => return self.paragraph(i),
            BlockKind::Rule => self.close(),
            BlockKind::Table if Some(i) == self.table_index => self.close(),
            _ => self.extend(b),
        }
        i + 1
    }

    /// A heading: a reconciliation subsection, an agent's heading, or neither.
    fn heading(&mut self, i: usize, level: u8) -> usize {
        let b = &self.blocks[i];
        self.close();
        if is_reconciliation_word(&b.text) {
            return self.reconciliation_section(i, level);
        }
        if is_agent_name(&b.text) {
            let label = heading_label(self.body.get(b.range.clone()).unwrap_or(""));
            self.current = Some(Segment {
                family: agent_family(&label),
                label,
                text_start: b.range.end,
                last_end: b.range.end,
                from_heading: true,
            });
        }
        i + 1
    }

    /// A `### Reconciliation` subsection: collects until the next heading of the same or a
    /// higher level, or a rule.
    fn reconciliation_section(&mut self, i: usize, level: u8) -> usize {
        let b = &self.blocks[i];
        let mut end = b.range.end;
        let mut j = i + 1;
        while j < self.blocks.len() {
            match &self.blocks[j].kind {
                BlockKind::Heading(l) if *l <= level => break,
                BlockKind::Rule => break,
                _ => end = self.blocks[j].range.end,
            }
            j += 1;
        }
        self.push_recon(b.range.end..end);
        j
    }

    fn push_recon(&mut self, r: std::ops::Range<usize>) {
        let t = self.body.get(r).unwrap_or("").trim();
        if !t.is_empty() {
            self.recon_parts.push(t.to_string());
        }
    }

    /// A paragraph: a reconciliation lead-in, an agent's bold lead-in, another bold lead-in
    /// (which ends lead-in prose), or more of the current agent's prose.
    fn paragraph(&mut self, i: usize) -> usize {
        let b = &self.blocks[i];
        let lead_src = b
            .lead
            .as_ref()
            .and_then(|r| self.body.get(r.clone()))
            .map(|s| s.trim_matches('*').trim_matches('_').to_string());
        let recon_lead = match &lead_src {
            Some(l) => is_reconciliation_word(l),
            None => {
                let t = b.text.trim();
                is_reconciliation_word(t)
                    && (t.len() <= "reconciliation".len() + 1
                        || t.to_lowercase().starts_with("reconciliation:")
                        || t.to_lowercase().starts_with("reconciliation."))
            }
        };
        if recon_lead {
            self.close();
            return self.reconciliation_paragraph(i);
        }
        match (&lead_src, &b.lead) {
            (Some(l), Some(r)) if is_agent_name(l) => {
                self.close();
                self.agent_lead_in(b, l, r.end);
            }
            (Some(_), Some(_)) if self.current.as_ref().is_some_and(|s| !s.from_heading) => {
                self.close();
            }
            _ => self.extend(b),
        }
        i + 1
    }

    /// A paragraph led by `**Reconciliation:**` (or `Reconciliation:`): the remainder after
    /// the lead-in, plus the lists that follow.
    fn reconciliation_paragraph(&mut self, i: usize) -> usize {
        let b = &self.blocks[i];
        let rem_start = match &b.lead {
            Some(r) => r.end,
            None => {
                let src = self.body.get(b.range.clone()).unwrap_or("");
                let off = src
                    .to_lowercase()
                    .find("reconciliation")
                    .map(|p| p + "reconciliation".len())
                    .unwrap_or(0);
                b.range.start + off
            }
        };
        let rem_start = skip_separator(self.body, rem_start, b.range.end);
        let mut end = b.range.end;
        let mut j = i + 1;
        while j < self.blocks.len() && matches!(self.blocks[j].kind, BlockKind::List { .. }) {
            end = self.blocks[j].range.end;
            j += 1;
        }
        self.push_recon(rem_start..end);
        j
    }

    /// Opens an agent's prose at a bold lead-in `l` ending at `lead_end`: the lead-in is cut
    /// when a separator (or nothing) follows it, kept when it is a sentence's subject.
    fn agent_lead_in(&mut self, b: &Block, l: &str, lead_end: usize) {
        let label = clean_label(l);
        let after = skip_separator(self.body, lead_end, b.range.end);
        let sep_follows = after > lead_end
            || self
                .body
                .get(lead_end..b.range.end)
                .is_some_and(|s| s.trim().is_empty())
            || l.trim_end().ends_with([':', '—', '–', '.']);
        let text_start = if sep_follows { after } else { b.range.start };
        self.current = Some(Segment {
            family: agent_family(&label),
            label,
            text_start,
            last_end: b.range.end,
            from_heading: false,
        });
    }
}

/// Marks the metrics columns of agents whose prose says they produced no output: the
/// column the label names by the rules of [`match_agent`] (all the family's columns for a
/// bare `[Qwen]` when two Qwen models ran). The prose is the report's own verdict: it wins
/// over counts the column gives (a sentence about one attempt does not count at all).
fn mark_no_output(retro: &mut Retro) {
    let models: Vec<Option<String>> = retro
        .metrics
        .iter()
        .map(|m| agent_model(&m.agent))
        .collect();
    let mut marks = Vec::new();
    for agent in retro.agents.iter().filter(|a| a.no_output) {
        let columns = retro.metrics.iter().zip(&models).map(|(m, model)| {
            Some(AgentRef {
                name: &m.agent,
                family: &m.family,
                model: model.as_deref(),
            })
        });
        match match_agent(&agent.label, &agent.family, columns) {
            AgentMatch::One(i) => marks.push(i),
            AgentMatch::Many(is) => marks.extend(is),
            AgentMatch::None => {}
        }
    }
    for i in marks {
        retro.metrics[i].no_output = true;
    }
}

/// Skips whitespace and a separator (`—`, `–`, `-`, `:`, `.`) after a bold lead-in.
fn skip_separator(body: &str, from: usize, limit: usize) -> usize {
    let Some(s) = body.get(from..limit) else {
        return from;
    };
    let trimmed = s.trim_start_matches(|c: char| {
        c.is_whitespace() || c == '—' || c == '–' || c == ':' || c == '.' || c == '-'
    });
    // Only count it as a separator when punctuation was there (not just a space).
    let skipped = &s[..s.len() - trimmed.len()];
    if skipped.chars().any(|c| !c.is_whitespace()) || trimmed.is_empty() {
        from + skipped.len()
    } else {
        from
    }
}

/// Turns a one-row-per-agent table into the metrics-as-rows shape.
fn transpose(header: &[String], rows: &[Vec<String>]) -> (Vec<String>, Vec<(String, Vec<String>)>) {
    let mut new_header = vec![String::new()];
    new_header.extend(rows.iter().map(|r| r.first().cloned().unwrap_or_default()));
    let new_rows = header
        .iter()
        .enumerate()
        .skip(1)
        .map(|(j, label)| {
            (
                label.clone(),
                rows.iter()
                    .map(|r| r.get(j).cloned().unwrap_or_default())
                    .collect(),
            )
        })
        .collect();
    (new_header, new_rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SeverityCounts;

    const MODERN: &str = "\n### [Claude]\n\nClaude carried the review.\n\nSecond paragraph.\n\n### [Qwen]\n\nQwen produced no usable output on either attempt. More text.\n\n### Summary\n\n| | Claude Opus 4.7 | Qwen 3.6 35B |\n|---|---|---|\n| Duration | 7m 15s | — |\n| Findings | 4I 9S | 1S |\n| Tool calls | 31 (Bash 17, Read 10, Grep 4) | — |\n| Unique insights | `a||b` | 0 |\n\n**Reconciliation:** Gemini's C1 was downgraded to **I1**.\n\nThe cloud trio carried this review.\n\n---\n";

    #[test]
    fn modern_retro() {
        let r = parse_retro(MODERN, 100);
        assert_eq!(r.agents.len(), 2);
        assert_eq!(r.agents[0].label, "[Claude]");
        assert_eq!(r.agents[0].family, "claude");
        assert_eq!(
            r.agents[0].text,
            "Claude carried the review.\n\nSecond paragraph."
        );
        assert_eq!(r.agents[1].family, "qwen");
        assert_eq!(r.metrics.len(), 2);
        assert_eq!(r.metrics[0].duration_secs, Some(435));
        assert_eq!(
            r.metrics[0].findings,
            Some(SeverityCounts {
                critical: 0,
                important: 4,
                suggestion: 9
            })
        );
        assert_eq!(r.metrics[0].raw[3].1, "`a||b`");
        assert!(!r.metrics[0].no_output);
        assert!(r.metrics[1].no_output);
        let (s, e) = r.table_span.unwrap_or_default();
        assert!(MODERN[s..e].starts_with("| | Claude"));
        assert!(MODERN[s..e].trim_end().ends_with("| 0 |"));
        assert_eq!(
            r.reconciliation.as_deref(),
            Some("Gemini's C1 was downgraded to **I1**.")
        );
    }

    #[test]
    fn bold_lead_ins_and_reconciliation_heading() {
        let body = "\n**[Claude]** — Produced the broadest coverage.\n\n**[Codex]** — Sharpest finding-to-noise ratio.\n\n### Summary\n\n| | Claude Opus 4.7 | Codex GPT 5.5 |\n|---|---|---|\n| Duration | 8m 38s | 7m 22s |\n\nAll three converged.\n\n### Reconciliation\n\n- Gemini C1 → downgraded to I6.\n- Claude S8 merged.\n\n---\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.agents.len(), 2);
        assert_eq!(r.agents[0].label, "[Claude]");
        assert_eq!(r.agents[0].text, "Produced the broadest coverage.");
        assert_eq!(r.agents[1].family, "codex");
        assert_eq!(r.metrics[1].duration_secs, Some(442));
        assert_eq!(
            r.reconciliation.as_deref(),
            Some("- Gemini C1 → downgraded to I6.\n- Claude S8 merged.")
        );
    }

    #[test]
    fn per_agent_assessment_and_subject_lead_ins() {
        let body = "### Summary Table\n\n| Metric | Claude Opus 4.6 | Codex GPT 5.4 |\n|---|---|---|\n| Critical | 3 (2 unique) | 1 |\n| Important | 4 (1 unique) | 2 (2 unique) |\n| Suggestions | 3 (3 unique) | 0 |\n\n### Per-Agent Assessment\n\n**Claude Opus 4.6**\n- Unique contributions: many.\n\n**Codex GPT 5.4**\n- Accuracy: All verified.\n\n### Overall Assessment\n\nAll good.\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.agents.len(), 2);
        assert_eq!(r.agents[0].label, "Claude Opus 4.6");
        assert_eq!(r.agents[0].text, "- Unique contributions: many.");
        assert_eq!(r.agents[1].text, "- Accuracy: All verified.");
        assert_eq!(
            r.metrics[0].findings,
            Some(SeverityCounts {
                critical: 3,
                important: 4,
                suggestion: 3
            })
        );
        assert_eq!(r.reconciliation, None);

        let body = "**Claude Opus 4.6** produced the most findings.\n\n**Gemini 3.1 Pro** confirmed the bug.\n\n**Overall**: fine.\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.agents.len(), 2);
        assert_eq!(
            r.agents[0].text,
            "**Claude Opus 4.6** produced the most findings."
        );
        assert_eq!(r.agents[1].family, "gemini");
        assert!(r.metrics.is_empty());
        assert_eq!(r.table_span, None);
    }

    #[test]
    fn plain_reconciliation_lead_with_list() {
        let body = "### [Claude]\n\nGood.\n\nReconciliation:\n- Claude I2 dropped.\n- Claude I3 downgraded.\n\nClosing words.\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.agents.len(), 1);
        assert_eq!(r.agents[0].text, "Good.");
        assert_eq!(
            r.reconciliation.as_deref(),
            Some("- Claude I2 dropped.\n- Claude I3 downgraded.")
        );
    }

    #[test]
    fn split_rows() {
        assert_eq!(split_row("| a | b |"), vec!["a", "b"]);
        assert_eq!(split_row("| `x||y` | z |\n"), vec!["`x||y`", "z"]);
        assert_eq!(split_row("a | b"), vec!["a", "b"]);
        assert_eq!(split_row(r"| a \| b | c |"), vec![r"a \| b", "c"]);
        assert_eq!(split_row("| | A |"), vec!["", "A"]);
        assert_eq!(
            split_row("| ``a`b`` | `unclosed |"),
            vec!["``a`b``", "`unclosed"]
        );
        assert_eq!(split_row(""), vec![""]);
        assert_eq!(split_row("|"), vec![""]);
        assert_eq!(split_row("| é → ✓ |"), vec!["é → ✓"]);
    }

    #[test]
    fn metadata_like_tables_are_not_metrics() {
        let body = "| | |\n|---|---|\n| **Date** | 2026-01-01 |\n\n| Metric | Claude |\n|---|---|\n| Duration | 1:00 |\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.metrics.len(), 1);
        assert_eq!(r.metrics[0].duration_secs, Some(60));
        let (s, _) = r.table_span.unwrap_or_default();
        assert!(body[s..].starts_with("| Metric"));
    }

    #[test]
    fn transposed_table() {
        let body = "| Agent | Duration | Findings |\n|---|---|---|\n| Claude Opus 4.7 | 5m | 2S |\n| Codex GPT 5.5 | — | 1I |\n";
        let r = parse_retro(body, 1);
        assert_eq!(r.metrics.len(), 2);
        assert_eq!(r.metrics[0].duration_secs, Some(300));
        assert_eq!(r.metrics[1].duration_secs, None);
        assert_eq!(r.metrics[1].family, "codex");
    }

    #[test]
    fn hostile_inputs_do_not_panic() {
        for body in [
            "",
            "|",
            "| |\n|-|\n",
            "### [\n",
            "**[Claude]**",
            "**Reconciliation**",
            "### Reconciliation",
            "| Metric |\n|---|\n| Duration |\n",
            "| | Claude |\n|---|---|\n| Duration | `unterminated |\n| x",
            "| | |\n|---|---|\n| **Date** | 2026-01-01 |\n",
            "\u{feff}### [Claude]\r\n\r\nText\r\n",
        ] {
            let _ = parse_retro(body, 1);
        }
    }
}
