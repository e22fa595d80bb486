//! The columns of a Resolution action table, by their header, in any of the spellings
//! met: the action (`Action`, `Action taken`, `Status`, `Outcome`, `Resolution`,
//! `Disposition`, `Decision`, `Result`, a question `Fixed?` /
//! `Done?` / `Addressed?`, or any header with the word `action`), the finding (`Finding`,
//! `Issue`, `Item`, `Title`, `Problem`, `Concern`, `Review item`, `Summary`, a header
//! starting `Finding`), an id column (`ID`, `Ref`, `Finding ID`), the row number (`#`,
//! `No.`, `Number`), the reason (`Reason`, `Notes`, `Details`, `Why`, `Rationale`,
//! `Comment(s)`, `Explanation`, `Justification`, `Remarks`, `Resolution` or `Fix` when
//! another column is the action), the commit (`Commit`, `SHA`, `Fixed in`), the round
//! (`Round`) and the severity (`Severity`, `Sev`, `Level`). Headers are read without emphasis, case, a trailing `:` or `?`.

use super::super::blocks::Cell;
use super::refs::plain;

/// Where each column is, by index.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Columns {
    pub action: Option<usize>,
    /// The action column asks a question (`Fixed?`): `Yes` / `No` answer it.
    pub yes_no: bool,
    pub finding: Option<usize>,
    pub id: Option<usize>,
    pub num: Option<usize>,
    pub reason: Option<usize>,
    pub commit: Option<usize>,
    pub round: Option<usize>,
    /// A severity column (`Severity`, `Sev`, `Level`): with the `#` column, it numbers
    /// the finding within its severity.
    pub severity: Option<usize>,
}

/// Action headers, most specific first: the first found is the action column.
const ACTION: &[&str] = &[
    "action",
    "action taken",
    "actions",
    "status",
    "outcome",
    "disposition",
    "decision",
    "resolution",
    "result",
];
const QUESTION: &[&str] = &["fixed", "done", "addressed", "resolved"];
const FINDING: &[&str] = &[
    "finding",
    "findings",
    "issue",
    "issues",
    "item",
    "items",
    "title",
    "problem",
    "concern",
    "review item",
    "summary",
];
const ID: &[&str] = &["id", "ids", "ref", "reference", "finding id", "finding #"];
const NUM: &[&str] = &["#", "no", "no.", "n", "nr", "num", "number"];
const REASON: &[&str] = &[
    "reason",
    "reasons",
    "notes",
    "note",
    "why",
    "details",
    "detail",
    "rationale",
    "comment",
    "comments",
    "explanation",
    "justification",
    "remarks",
    "resolution",
    "fix",
    "change",
    "changes",
];
const COMMIT: &[&str] = &[
    "commit",
    "commits",
    "commit(s)",
    "sha",
    "fixed in",
    "fix commit",
];
const ROUND: &[&str] = &["round", "rnd"];
const SEVERITY: &[&str] = &["severity", "sev", "level"];

/// A header cell as compared: plain, lower case, without a trailing `:`; and whether it
/// ended with `?`.
fn header_name(c: &Cell) -> (String, bool) {
    let p = plain(&c.text).to_lowercase();
    let t = p.trim().trim_end_matches(':').trim();
    let question = t.ends_with('?');
    (t.trim_end_matches('?').trim().to_string(), question)
}

/// The columns of a table with this header row. `action` is `None` for a table that is
/// not an action table.
pub(crate) fn columns(header: &[Cell]) -> Columns {
    let names: Vec<(String, bool)> = header.iter().map(header_name).collect();
    let find = |list: &[&str], taken: &[Option<usize>]| {
        list.iter().find_map(|n| {
            names
                .iter()
                .position(|(h, _)| h == n)
                .filter(|i| !taken.contains(&Some(*i)))
        })
    };
    let mut c = Columns {
        action: find(ACTION, &[]).or_else(|| names.iter().position(|(h, _)| h.contains("action"))),
        ..Default::default()
    };
    if c.action.is_none() {
        c.action = names
            .iter()
            .position(|(h, q)| *q && QUESTION.contains(&h.as_str()));
        c.yes_no = c.action.is_some();
    }
    c.num = find(NUM, &[c.action]);
    c.id = find(ID, &[c.action, c.num]);
    c.commit = find(COMMIT, &[c.action, c.num, c.id]);
    c.round = find(ROUND, &[c.action, c.num, c.id, c.commit]);
    c.severity = find(SEVERITY, &[c.action, c.num, c.id, c.commit, c.round]);
    let taken = [c.action, c.num, c.id, c.commit, c.round, c.severity];
    c.finding = find(FINDING, &taken).or_else(|| {
        names
            .iter()
            .position(|(h, _)| h.starts_with("finding"))
            .filter(|i| !taken.contains(&Some(*i)))
    });
    let taken = [
        c.action, c.num, c.id, c.commit, c.round, c.severity, c.finding,
    ];
    c.reason = find(REASON, &taken);
    if c.finding.is_none() {
        // No Finding header: the first column that is nothing else.
        let taken = [
            c.action, c.num, c.id, c.commit, c.round, c.severity, c.reason,
        ];
        c.finding = (0..names.len()).find(|i| !taken.contains(&Some(*i)));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(h: &[&str]) -> Columns {
        let cells: Vec<Cell> = h
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                range: None,
            })
            .collect();
        columns(&cells)
    }

    #[test]
    fn header_spellings() {
        let c = cols(&["#", "Finding", "Action", "Reason"]);
        assert_eq!(
            (c.num, c.finding, c.action, c.reason),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let c = cols(&["ID", "Issue", "Status", "Resolution"]);
        assert_eq!(
            (c.id, c.finding, c.action, c.reason),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let c = cols(&["**Item**", "Outcome", "Details"]);
        assert_eq!((c.finding, c.action, c.reason), (Some(0), Some(1), Some(2)));
        let c = cols(&["Finding", "Disposition", "Notes", "Commit", "Round"]);
        assert_eq!(
            (c.action, c.reason, c.commit, c.round),
            (Some(1), Some(2), Some(3), Some(4))
        );
        let c = cols(&["Severity", "#", "Title", "Status"]);
        assert_eq!((c.severity, c.num, c.finding), (Some(0), Some(1), Some(2)));
        assert_eq!(cols(&["Finding(s)", "Action"]).finding, Some(0));
        let c = cols(&["Finding", "Fixed?"]);
        assert_eq!((c.action, c.yes_no), (Some(1), true));
        // No Finding header: the first column that is nothing else.
        let c = cols(&["#", "Status", "Notes"]);
        assert_eq!((c.num, c.action, c.finding), (Some(0), Some(1), None));
        let c = cols(&["#", "What", "Status"]);
        assert_eq!(c.finding, Some(1));
        assert_eq!(cols(&["Field", "Value"]).action, None);
    }
}
