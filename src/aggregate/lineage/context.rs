//! A later report's text cut into clauses, each with what stands around it: whether a
//! heading, a bold label, an intro line ending in `:` or a table's header names the round
//! before (`## Prior Round Findings`, `**Still open from round 2:**`, `| Round 2 | Status |
//! This round |`), so that the bare ids under it (`I3`) are that round's; what that heading
//! says of them (`## Acknowledged Limitations`); and, in a table with a column for this
//! round, the ids of the later findings a row maps its earlier ids to.

use super::pattern::re;
use super::said::{said, sentences, Said};
use regex::Regex;
use std::sync::OnceLock;

/// One clause with its surroundings.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Clause {
    /// The clause's words; in a table row, every cell but the this-round column.
    pub text: String,
    /// A heading, label, intro or table header above it names the round before.
    pub prior: bool,
    /// What that heading or intro says of the findings under it.
    pub said: Said,
    /// A table row's this-round cell: the later findings its earlier ids continue as.
    pub later: String,
    /// A table row's status cell (`Status`, `Outcome`, `Action`): what the row says of
    /// its findings, apart from their titles (`TLS example still wrong | Fixed`).
    pub status: Option<String>,
}

/// Whether `text` names the round before (`round` is its number): `prior round`, `previous
/// review`, `round 2`, `R2`, `previously`, `carried over`, `still open from`.
pub(super) fn names_prior(text: &str, round: u32) -> bool {
    static PRIOR: OnceLock<Regex> = OnceLock::new();
    static NUMBERED: OnceLock<Regex> = OnceLock::new();
    let prior = re(
        &PRIOR,
        r"(?i)\b(?:(?:prior|previous|earlier|last|preceding)\s+(?:rounds?|reviews?|pass(?:es)?|iterations?)|previously|carried (?:over|forward)|(?:still open|unresolved|outstanding) from)\b",
    );
    let numbered = re(&NUMBERED, r"(?i)\b(?:round[\s-]*(\d+)|r(\d+))\b");
    prior.is_match(text)
        || numbered.captures_iter(text).any(|c| {
            c.get(1)
                .or(c.get(2))
                .and_then(|m| m.as_str().parse::<u32>().ok())
                == Some(round)
        })
}

/// Whether a table header cell names this round (`This round`, `Current`, `Now`, `Round 3`).
fn names_this_round(cell: &str, round: u32) -> bool {
    static THIS: OnceLock<Regex> = OnceLock::new();
    let this = re(
        &THIS,
        r"(?i)\b(?:this|current|latest|new)\s+(?:round|review|id|finding)|^\s*(?:now|current|is now|became)\s*$",
    );
    this.is_match(cell) || names_prior(cell, round + 1) && !names_prior(cell, round)
}

/// What surrounds the lines being read.
#[derive(Clone, Copy)]
struct Around {
    prior: bool,
    said: Said,
}

/// The table being read: which of its columns holds this round's ids, which the status.
struct Table {
    prior: bool,
    this_col: Option<usize>,
    status_col: Option<usize>,
}

/// The clauses of `text` (a later report's section body; `outer` says whether its
/// heading names the round before and what it says), the round before being `round`.
pub(super) fn clauses(text: &str, round: u32, outer_prior: bool, outer_said: Said) -> Vec<Clause> {
    let outer = Around {
        prior: outer_prior,
        said: outer_said,
    };
    let mut out = Vec::new();
    let mut heading = outer;
    let mut intro: Option<Around> = None;
    let mut table: Option<Table> = None;
    let mut paragraph = String::new();
    let lines: Vec<&str> = text.lines().collect();
    let flush = |paragraph: &mut String, around: Around, out: &mut Vec<Clause>| {
        for s in sentences(paragraph) {
            out.push(Clause {
                text: s.to_string(),
                prior: around.prior,
                said: around.said,
                later: String::new(),
                status: None,
            });
        }
        paragraph.clear();
    };
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        let here = |heading: Around, intro: Option<Around>| intro.unwrap_or(heading);
        if trimmed.starts_with('|') {
            flush(&mut paragraph, here(heading, intro), &mut out);
            let next_is_rule = lines.get(i + 1).is_some_and(|l| is_rule_row(l));
            if table.is_none() && next_is_rule {
                table = Some(header(trimmed, round, here(heading, intro)));
            } else if !is_rule_row(trimmed) {
                let t = table.get_or_insert(Table {
                    prior: here(heading, intro).prior,
                    this_col: None,
                    status_col: None,
                });
                out.push(row(trimmed, t, here(heading, intro)));
            }
            continue;
        }
        table = None;
        if trimmed.is_empty() {
            flush(&mut paragraph, here(heading, intro), &mut out);
            // An intro's list ends at the first line after a blank that is not an item.
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_none_or(|l| !is_item(l)) {
                intro = None;
            }
            continue;
        }
        if is_label(trimmed) {
            flush(&mut paragraph, here(heading, intro), &mut out);
            let own = Around {
                prior: names_prior(trimmed, round),
                said: said(trimmed),
            };
            let around = Around {
                prior: own.prior || outer.prior,
                said: if own.said == Said::Nothing {
                    outer.said
                } else {
                    own.said
                },
            };
            if trimmed.starts_with('#') {
                heading = around;
                intro = None;
            } else {
                intro = Some(around);
            }
            out.push(Clause {
                text: trimmed.to_string(),
                prior: false,
                said: Said::Nothing,
                later: String::new(),
                status: None,
            });
            continue;
        }
        if is_item(line) {
            flush(&mut paragraph, here(heading, intro), &mut out);
        }
        paragraph.push_str(line);
        paragraph.push('\n');
    }
    let around = intro.unwrap_or(heading);
    flush(&mut paragraph, around, &mut out);
    out
}

/// A heading, a bold label alone on its line, or an intro line ending in `:`.
fn is_label(line: &str) -> bool {
    let bare = line.trim_end_matches(['*', '_', ' ']);
    line.starts_with('#')
        || (line.starts_with("**")
            && line.ends_with("**")
            && !line[2..line.len() - 2].contains("**"))
        || (bare.ends_with(':') && !is_item(line) && line.len() <= 120)
}

fn is_item(line: &str) -> bool {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    ITEM.get_or_init(|| Regex::new(r"^\s*(?:[-*+]|\d+[.)])\s").expect("valid regex"))
        .is_match(line)
}

fn is_rule_row(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| "|-: ".contains(c))
}

fn cells(row: &str) -> Vec<&str> {
    let inner = row.trim().trim_start_matches('|').trim_end_matches('|');
    inner.split('|').map(str::trim).collect()
}

/// A table's header: whether it names the round before, and its this-round column.
fn header(row: &str, round: u32, around: Around) -> Table {
    let cells = cells(row);
    let this_col = cells.iter().position(|c| names_this_round(c, round));
    static STATUS: OnceLock<Regex> = OnceLock::new();
    let status = STATUS.get_or_init(|| {
        Regex::new(
            r"(?i)^\W*(?:status|state|outcome|action|resolution|result|verdict|addressed\??)\W*$",
        )
        .expect("valid regex")
    });
    let status_col = cells.iter().position(|c| status.is_match(c));
    let prior = around.prior
        || cells
            .iter()
            .enumerate()
            .any(|(i, c)| Some(i) != this_col && names_prior(c, round));
    Table {
        prior,
        this_col,
        status_col,
    }
}

/// A table row as a clause: its this-round cell apart.
fn row(row: &str, table: &Table, around: Around) -> Clause {
    let cells = cells(row);
    let later = table
        .this_col
        .and_then(|i| cells.get(i))
        .map(|c| c.to_string())
        .unwrap_or_default();
    let text = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != table.this_col)
        .map(|(_, c)| *c)
        .collect::<Vec<_>>()
        .join(" | ");
    Clause {
        text,
        prior: table.prior,
        said: around.said,
        later,
        // With no status column, the this-round column says it (`| I1 | … | Fixed |`).
        status: table
            .status_col
            .or(table.this_col)
            .and_then(|i| cells.get(i))
            .map(|c| c.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_intros_and_table_headers_carry_the_round_before() {
        let text = "Intro.\n\n| Round 1 | Status | This round |\n|---|---|---|\n| I3 | Not addressed | I1 |\n\n**Still open from round 1:**\n\n- I2: still there.\n\nAfter.\n";
        let got = clauses(text, 1, false, Said::Nothing);
        let row = got.iter().find(|c| c.text.starts_with("I3")).unwrap();
        assert!(row.prior);
        assert_eq!(row.later, "I1");
        assert_eq!(row.text, "I3 | Not addressed");
        let item = got.iter().find(|c| c.text.contains("I2:")).unwrap();
        assert!(item.prior);
        assert_eq!(item.said, Said::Open);
        let after = got.iter().find(|c| c.text.starts_with("After")).unwrap();
        assert!(!after.prior);
        // Another round named: not the round before.
        assert!(!names_prior("Round 3 findings", 2));
        assert!(names_prior("## Findings from the previous review", 2));
    }
}
