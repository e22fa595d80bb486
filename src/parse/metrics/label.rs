//! Row labels of the retro metrics table: read once into a normal form, then matched
//! against one keyword table.
//!
//! Reading a label (`**Duration (pass 2, min):**`, `_Downgraded I→S_`, `Dropped/merged`):
//! 1. inline markup goes (bold, italics, backticks, link targets), then leading symbols
//!    (`⏱`, `#`) and trailing colons and dots;
//! 2. the qualifiers are taken out and kept apart: a pass (`(pass 2)`, `pass 2`,
//!    `2nd pass`, `(p2)`; two passes named, `(pass 1 + 2)`, are the whole), a time unit
//!    (`(s)`, `(min)`, `[h]`, `, s`, `in minutes`), a severity move (`I→S`, `(C->I)`), a
//!    percentage (`(%)`), and any other parenthetical, dropped (`(wall)`, `(dup/overlap)`,
//!    `(FP)`, `(total)`, `(raw)`);
//! 3. case, hyphens and spacing are folded (`Wall-clock` = `wall clock`).
//!
//! What is left is looked up in [`KEYWORDS`], as is, then without a leading `total` /
//! `number of` or a trailing `count`. Alternatives joined by `/`, `&`, `and`, `or`
//! (`Dropped/merged`) name a metric when each names it or is one of its companion words.
//! A label matches nothing (and is kept only as written) when it is unknown, names a
//! percentage or rate, or carries a qualifier naming another metric (`Findings
//! (unique)`): when unsure, the row is not read.

use std::sync::OnceLock;

use regex::Regex;

use super::super::static_regex::re;
use crate::model::Severity;
use crate::text::duration::TimeUnit;
use crate::text::names::strip_inline_markdown;

/// The metric a row label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Duration,
    Findings,
    Totals,
    Critical,
    Important,
    Suggestion,
    ToolCalls,
    DesignObservations,
    FalsePositives,
    UniqueInsights,
    FilesReviewed,
    CoverageMisses,
    Downgraded,
    Dropped,
    /// Kept only in `raw` (and `other`).
    Other,
}

/// A row label read: the metric and what its qualifiers say about the cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowLabel {
    pub(crate) kind: MetricKind,
    /// The pass of a pass-split row (`Duration (pass 2)`).
    pub(crate) pass: Option<u32>,
    /// The unit of a bare number in the row's cells (`Duration (min)`).
    pub(crate) unit: Option<TimeUnit>,
    /// The severity move a `Downgraded I→S` row counts.
    pub(crate) moves: Option<(Severity, Severity)>,
}

/// Each metric with the phrases that name it (normal form: lower case, single spaces,
/// no hyphens).
const KEYWORDS: &[(MetricKind, &[&str])] = &[
    (
        MetricKind::Duration,
        &[
            "duration",
            "time",
            "wall clock",
            "wall clock time",
            "wall time",
            "wall",
            "runtime",
            "run time",
            "elapsed",
            "elapsed time",
            "time taken",
            "review time",
            "dauer",
            "laufzeit",
        ],
    ),
    (
        MetricKind::Findings,
        &[
            "findings",
            "raw findings",
            "finding count",
            "findings raised",
            "befunde",
        ],
    ),
    (
        MetricKind::Totals,
        &[
            "totals",
            "total",
            "total findings",
            "consolidated",
            "consolidated findings",
        ],
    ),
    (
        MetricKind::Critical,
        &[
            "critical",
            "criticals",
            "critical findings",
            "critical issues",
        ],
    ),
    (
        MetricKind::Important,
        &["important", "important findings", "important issues"],
    ),
    (
        MetricKind::Suggestion,
        &["suggestion", "suggestions", "suggestion findings"],
    ),
    (
        MetricKind::ToolCalls,
        &[
            "tool calls",
            "tool call",
            "tools",
            "tool use",
            "tool uses",
            "tool invocations",
            "werkzeugaufrufe",
        ],
    ),
    (
        MetricKind::DesignObservations,
        &[
            "design observations",
            "design observation",
            "design obs",
            "design notes",
        ],
    ),
    (
        MetricKind::FalsePositives,
        &[
            "false positives",
            "false positive",
            "fp",
            "fps",
            "false pos",
        ],
    ),
    (
        MetricKind::UniqueInsights,
        &[
            "unique insights",
            "unique insight",
            "unique finds",
            "unique findings",
            "unique",
            "uniques",
            "unique issues",
        ],
    ),
    (
        MetricKind::FilesReviewed,
        &["files reviewed", "files", "files read"],
    ),
    (
        MetricKind::CoverageMisses,
        &[
            "coverage misses",
            "coverage miss",
            "coverage gaps",
            "missed files",
        ],
    ),
    (
        MetricKind::Downgraded,
        &[
            "downgraded",
            "downgrades",
            "downgrade",
            "severity downgrades",
            "downgraded findings",
        ],
    ),
    (
        MetricKind::Dropped,
        &["dropped", "drops", "dropped findings"],
    ),
];

/// Words that may stand beside a metric's name in an alternative (`Dropped/merged`).
const COMPANIONS: &[(MetricKind, &[&str])] = &[(
    MetricKind::Dropped,
    &[
        "merged",
        "deduped",
        "deduplicated",
        "dup",
        "dups",
        "duplicates",
        "overlap",
        "overlapping",
    ],
)];

/// Classifies a row label: the metric and the pass number of a pass-split row.
pub fn classify_row(label: &str) -> (MetricKind, Option<u32>) {
    let l = read_label(label);
    (l.kind, l.pass)
}

/// Reads a row label (see the module rules).
pub(crate) fn read_label(label: &str) -> RowLabel {
    let cleaned = strip_inline_markdown(label).replace(['_', '\u{a0}'], " ");
    let cleaned = cleaned
        .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(' && c != '[')
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ':' | '.' | '-' | '—'))
        .to_lowercase();
    let (rest, pass) = take_pass(&cleaned);
    let (rest, moves) = take_move(&rest);
    let mut q = Qualifiers::default();
    let base = take_groups(&rest, &mut q);
    let (base, tail_unit) = take_unit_suffix(&base);
    let base = fold(&base);
    let kind = match metric_of(&base) {
        Some(k) if !q.percent && !q.conflicts(k) => k,
        _ => MetricKind::Other,
    };
    RowLabel {
        kind,
        pass,
        unit: if kind == MetricKind::Duration {
            q.unit.or(tail_unit)
        } else {
            None
        },
        moves: moves.filter(|_| kind == MetricKind::Downgraded),
    }
}

/// What the parenthesised groups of a label say besides the pass and the move.
#[derive(Default)]
struct Qualifiers {
    unit: Option<TimeUnit>,
    percent: bool,
    /// Metrics the groups name (`(unique)`), other than the generic findings/total.
    named: Vec<MetricKind>,
}

impl Qualifiers {
    /// Whether a group names a metric other than `kind`.
    fn conflicts(&self, kind: MetricKind) -> bool {
        self.named.iter().any(|&k| k != kind)
    }
    fn read(&mut self, group: &str) {
        for piece in group.split([',', ';']) {
            let piece = piece.trim();
            if let Some(u) = TimeUnit::from_word(piece) {
                self.unit = Some(u);
            } else if piece.contains('%') || fold(piece).split(' ').any(is_rate_word) {
                self.percent = true;
            } else if let Some(k) = metric_of(&fold(piece)) {
                if !matches!(k, MetricKind::Findings | MetricKind::Totals) {
                    self.named.push(k);
                }
            }
        }
    }
}

fn is_rate_word(w: &str) -> bool {
    matches!(
        w,
        "rate" | "ratio" | "share" | "percent" | "percentage" | "pct"
    )
}

/// The label without its parenthesised and bracketed groups, each read into `q`.
fn take_groups(label: &str, q: &mut Qualifiers) -> String {
    let mut base = String::with_capacity(label.len());
    let mut group = String::new();
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '[' => {
                if depth > 0 {
                    group.push(' ');
                }
                depth += 1;
                base.push(' ');
            }
            ')' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    q.read(&group);
                    group.clear();
                }
            }
            _ if depth > 0 => group.push(c),
            _ => base.push(c),
        }
    }
    if depth > 0 {
        q.read(&group);
    }
    base
}

/// A unit after the name: `Duration, s`, `Duration in minutes`, `Duration/min`.
fn take_unit_suffix(base: &str) -> (String, Option<TimeUnit>) {
    let t = base.trim();
    for sep in [",", " in ", "/"] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            if let Some(u) = TimeUnit::from_word(tail) {
                return (head.to_string(), Some(u));
            }
        }
    }
    (t.to_string(), None)
}

/// Lower case already; hyphens and extra spaces folded, separators left at the ends by
/// the qualifiers taken out dropped: `wall-clock  time —` -> `wall clock time`.
fn fold(text: &str) -> String {
    text.replace(['-', '–'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '%')
        .trim()
        .to_string()
}

/// The metric a folded base names, trying the whole, then without a counting word, then
/// as alternatives.
fn metric_of(base: &str) -> Option<MetricKind> {
    if let Some(k) = lookup(base) {
        return Some(k);
    }
    let trimmed = strip_counting_words(base);
    if trimmed != base {
        if let Some(k) = lookup(trimmed) {
            return Some(k);
        }
    }
    alternatives(trimmed)
}

fn lookup(phrase: &str) -> Option<MetricKind> {
    KEYWORDS
        .iter()
        .find(|(_, words)| words.contains(&phrase))
        .map(|(k, _)| *k)
}

/// `total duration` -> `duration`; `number of tool calls` -> `tool calls`;
/// `tool call count` -> `tool call`.
fn strip_counting_words(base: &str) -> &str {
    let mut t = base;
    for lead in [
        "total ",
        "number of ",
        "no of ",
        "no. of ",
        "# of ",
        "count of ",
        "# ",
    ] {
        if let Some(rest) = t.strip_prefix(lead) {
            t = rest;
            break;
        }
    }
    for tail in [" count", " total", " (total)"] {
        if let Some(rest) = t.strip_suffix(tail) {
            t = rest;
            break;
        }
    }
    t.trim()
}

/// `dropped/merged`, `dropped & merged`: every part names one metric or is its companion.
fn alternatives(base: &str) -> Option<MetricKind> {
    static R: OnceLock<Regex> = OnceLock::new();
    let sep = re(&R, r"\s*(?:/|&|\+|\band\b|\bor\b)\s*");
    let parts: Vec<&str> = sep.split(base).filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return None;
    }
    let kind = parts.iter().find_map(|p| lookup(p))?;
    let companion = |p: &str| {
        COMPANIONS
            .iter()
            .any(|(k, words)| *k == kind && words.contains(&p))
    };
    parts
        .iter()
        .all(|p| lookup(p) == Some(kind) || companion(p))
        .then_some(kind)
}

/// The pass a label names, and the label without it. Two passes named (`pass 1 + 2`,
/// `passes 1-2`, `both passes`) are the whole run: no pass.
fn take_pass(label: &str) -> (String, Option<u32>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let pass = re(
        &R,
        r"(?i)\bpass\s*#?\s*(\d+)\b|\b(\d+)(?:st|nd|rd|th)\s+pass\b|\b(first|second|third|fourth|fifth)\s+pass\b|\(\s*p(\d+)\s*\)",
    );
    let found: Vec<regex::Captures> = pass.captures_iter(label).collect();
    let [caps] = found.as_slice() else {
        return (label.to_string(), None);
    };
    let Some(whole) = caps.get(0) else {
        return (label.to_string(), None);
    };
    // `pass 1 + 2`, `pass 1-2`, `pass 1 and 2`: more than one pass.
    let after = label[whole.end()..].trim_start();
    let joined = after.starts_with(['+', '&', ',', '-', '–', '/'])
        || after.starts_with("and ")
        || after.starts_with("to ");
    let joined = joined
        && after
            .trim_start_matches(['+', '&', ',', '-', '–', '/'])
            .trim_start_matches("and ")
            .trim_start_matches("to ")
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
    if joined {
        return (label.to_string(), None);
    }
    let number = caps
        .get(1)
        .or(caps.get(2))
        .or(caps.get(4))
        .and_then(|m| m.as_str().parse().ok())
        .or_else(|| {
            caps.get(3)
                .and_then(|m| match m.as_str().to_lowercase().as_str() {
                    "first" => Some(1),
                    "second" => Some(2),
                    "third" => Some(3),
                    "fourth" => Some(4),
                    "fifth" => Some(5),
                    _ => None,
                })
        });
    let rest = format!("{}{}", &label[..whole.start()], &label[whole.end()..]);
    // An emptied group `()` or a dangling separator is left for the group reader.
    (rest, number)
}

/// The severity move a label names (`downgraded i→s`), and the label without it.
fn take_move(label: &str) -> (String, Option<(Severity, Severity)>) {
    static R: OnceLock<Regex> = OnceLock::new();
    let pair = re(
        &R,
        r"(?i)\b(critical|important|suggestions?|c|i|s)\s*(?:→|->|=>|⇒|⟶|\bto\b)\s*(critical|important|suggestions?|c|i|s)\b",
    );
    let found: Vec<regex::Captures> = pair.captures_iter(label).collect();
    let [caps] = found.as_slice() else {
        return (label.to_string(), None);
    };
    let (Some(whole), Some(from), Some(to)) = (caps.get(0), caps.get(1), caps.get(2)) else {
        return (label.to_string(), None);
    };
    let rest = format!("{}{}", &label[..whole.start()], &label[whole.end()..]);
    (
        rest,
        Some((severity_of(from.as_str()), severity_of(to.as_str()))),
    )
}

/// `c`, `critical` -> Critical; `i`, `important` -> Important; else Suggestion.
pub(crate) fn severity_of(word: &str) -> Severity {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('c') => Severity::Critical,
        Some('i') => Severity::Important,
        _ => Severity::Suggestion,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use MetricKind::*;

    fn kind(label: &str) -> MetricKind {
        read_label(label).kind
    }

    #[test]
    fn row_labels() {
        assert_eq!(classify_row("Duration"), (Duration, None));
        assert_eq!(classify_row("Duration (pass 2)"), (Duration, Some(2)));
        assert_eq!(classify_row("**Totals**"), (Totals, None));
        assert_eq!(
            classify_row("Coverage misses (pass 1)"),
            (CoverageMisses, Some(1))
        );
        assert_eq!(classify_row("Suggestions"), (Suggestion, None));
        assert_eq!(classify_row("Unique Finds"), (UniqueInsights, None));
        assert_eq!(classify_row("FALSE POSITIVES"), (FalsePositives, None));
        assert_eq!(classify_row("Signal/Noise"), (Other, None));
        assert_eq!(classify_row("Severity inflation"), (Other, None));
        assert_eq!(classify_row("Depth"), (Other, None));
    }

    #[test]
    fn spellings_of_each_metric() {
        for (label, want) in [
            ("Duration (s)", Duration),
            ("Duration (wall)", Duration),
            ("Duration (wall-clock)", Duration),
            ("Time", Duration),
            ("Runtime", Duration),
            ("Elapsed", Duration),
            ("*Wall-clock time:*", Duration),
            ("Total duration", Duration),
            ("⏱ Duration", Duration),
            ("Downgraded I→S", Downgraded),
            ("Downgraded (I->S)", Downgraded),
            ("_Downgrades_", Downgraded),
            ("Dropped (dup/overlap)", Dropped),
            ("Dropped/merged", Dropped),
            ("Dropped & merged", Dropped),
            ("False positives (FP)", FalsePositives),
            ("FP", FalsePositives),
            ("Tool calls (total)", ToolCalls),
            ("Total tool calls", ToolCalls),
            ("# Tool calls", ToolCalls),
            ("Tool-call count", ToolCalls),
            ("Findings (raw)", Findings),
            ("Raw findings", Findings),
            ("Unique", UniqueInsights),
            ("**Unique insights:**", UniqueInsights),
            ("Unique insights (ids)", UniqueInsights),
            ("`Files reviewed`", FilesReviewed),
            ("TOTAL", Totals),
            ("Total findings", Totals),
        ] {
            assert_eq!(kind(label), want, "{label:?}");
        }
    }

    #[test]
    fn look_alike_labels_are_not_read() {
        for label in [
            "False positive rate",
            "False positives (%)",
            "Unique share",
            "Findings (unique)",
            "Findings/FP",
            "Duration/cost",
            "Time to first finding",
            "Dropped/kept",
            "Severity inflation",
            "Signal/Noise",
            "",
            "(pass 1)",
        ] {
            assert_eq!(kind(label), Other, "{label:?}");
        }
    }

    #[test]
    fn passes() {
        for (label, want) in [
            ("Duration (pass 1)", (Duration, Some(1))),
            ("Duration pass 2", (Duration, Some(2))),
            ("Pass 2 duration", (Duration, Some(2))),
            ("Duration — pass 2", (Duration, Some(2))),
            ("Duration (2nd pass)", (Duration, Some(2))),
            ("Tool calls (second pass)", (ToolCalls, Some(2))),
            ("Findings (P1)", (Findings, Some(1))),
            ("Duration (Pass #3, min)", (Duration, Some(3))),
            // Two passes named: the whole run.
            ("Duration (pass 1 + 2)", (Duration, None)),
            ("Duration (pass 1 and 2)", (Duration, None)),
            ("Duration (passes 1-2)", (Duration, None)),
            ("Duration (pass 1) / (pass 2)", (Duration, None)),
        ] {
            assert_eq!(classify_row(label), want, "{label:?}");
        }
    }

    #[test]
    fn units() {
        for (label, want) in [
            ("Duration (s)", Some(TimeUnit::Seconds)),
            ("Duration (sec)", Some(TimeUnit::Seconds)),
            ("Duration (min)", Some(TimeUnit::Minutes)),
            ("Duration (m)", Some(TimeUnit::Minutes)),
            ("Duration [h]", Some(TimeUnit::Hours)),
            ("Duration, s", Some(TimeUnit::Seconds)),
            ("Duration in minutes", Some(TimeUnit::Minutes)),
            ("Time (pass 2, min)", Some(TimeUnit::Minutes)),
            ("Duration", None),
            ("Duration (wall)", None),
            ("Tool calls (s)", None),
        ] {
            assert_eq!(read_label(label).unit, want, "{label:?}");
        }
    }

    #[test]
    fn moves() {
        let l = read_label("Downgraded I→S");
        assert_eq!(
            (l.kind, l.moves),
            (
                Downgraded,
                Some((Severity::Important, Severity::Suggestion))
            )
        );
        let l = read_label("Downgraded (critical -> important)");
        assert_eq!(l.moves, Some((Severity::Critical, Severity::Important)));
        assert_eq!(read_label("Downgraded").moves, None);
        // A move in another row's label says nothing.
        assert_eq!(read_label("Findings (I→S)").moves, None);
    }
}
