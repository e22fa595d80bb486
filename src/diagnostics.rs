//! Problems found while reading, parsing or rendering, reported as `file:line: message`.
//!
//! Every stage returns its diagnostics instead of printing them; the CLI decides how to show
//! them ([`grouped`]: identical messages on one line). Whether they fail the run is decided
//! here, once ([`Diagnostic::fails`], [`failure`]: errors, and warnings under `--strict`),
//! for `build`, `serve` and `check` alike.

use serde::{Deserialize, Serialize};
use std::collections::hash_map::{Entry, HashMap};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing, never a problem: `reviewsite check` prints it, `build` does not, and
    /// `--strict` ignores it (e.g. a sidecar value that differs from the report's).
    Info,
    /// Said on every run, never a problem: `build`, `check` and `serve` print it, and
    /// `--strict` ignores it (e.g. the Markdown files skipped because they are not review
    /// reports).
    Note,
    /// The site still builds; the report may render with less structure.
    Warning,
    /// Something could not be produced (a page, the whole site).
    Error,
}

/// One problem, tied to a file and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    /// Path as the user would type it (relative to the site root when possible); empty for
    /// a message about the whole site, which then names what it is about itself.
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn warning(
        file: impl Into<String>,
        line: Option<usize>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            file: file.into(),
            line,
            message: message.into(),
        }
    }
    pub fn info(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Info,
            file: file.into(),
            line,
            message: message.into(),
        }
    }
    /// A [`Level::Note`] about the whole site (no file).
    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Note,
            file: String::new(),
            line: None,
            message: message.into(),
        }
    }
    pub fn error(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

/// `s` with control characters written as escapes (`\u{1b}`): messages quote report text,
/// and a report must not be able to drive the user's terminal (colours, cursor moves,
/// hidden lines) through escape sequences.
fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Info => "info",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

impl Diagnostic {
    /// Whether this diagnostic fails the run: an error always, a warning under `--strict`,
    /// a note never. The one place this rule is written.
    pub fn fails(&self, strict: bool) -> bool {
        self.level == Level::Error || (strict && self.level == Level::Warning)
    }

    /// `file:line`, or `file` when the line is unknown, printable.
    fn location(&self) -> String {
        let file = printable(&self.file);
        match self.line {
            Some(line) => format!("{file}:{line}"),
            None => file.into_owned(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = printable(&self.message);
        if self.file.is_empty() {
            // About the site as a whole (a note): no place to name.
            return write!(f, "{}: {message}", self.level);
        }
        write!(f, "{}: {}: {message}", self.location(), self.level)
    }
}

/// The lines that show `diagnostics` to a user, in their order: one per diagnostic
/// (`file:line: level: message`), except that diagnostics with the same level and exactly
/// the same message are one line, where the first of them was:
/// `41 × warning: message — first at file:line`.
pub fn grouped<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<String> {
    let mut groups: Vec<(&Diagnostic, usize)> = Vec::new();
    let mut seen: HashMap<(Level, &str), usize> = HashMap::new();
    for d in diagnostics {
        match seen.entry((d.level, d.message.as_str())) {
            Entry::Occupied(group) => groups[*group.get()].1 += 1,
            Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push((d, 1));
            }
        }
    }
    groups
        .into_iter()
        .map(|(first, count)| match count {
            1 => first.to_string(),
            _ => format!(
                "{count} × {}: {} — first at {}",
                first.level,
                printable(&first.message),
                first.location()
            ),
        })
        .collect()
}

/// Why a run fails: the diagnostics that fail it (see [`Diagnostic::fails`]). Shown, it
/// is their [`grouped`] lines; [`Failure::summary`] counts them.
#[derive(Debug)]
pub struct Failure {
    lines: Vec<String>,
    count: usize,
    strict: bool,
}

impl Failure {
    /// `3 problem(s) (--strict)`: how many diagnostics fail the run, one by one.
    pub fn summary(&self) -> String {
        let strict = if self.strict { " (--strict)" } else { "" };
        format!("{} problem(s){strict}", self.count)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

/// `None` when `diagnostics` let the run pass; else the ones that fail it.
pub fn failure(diagnostics: &[Diagnostic], strict: bool) -> Option<Failure> {
    let failing: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.fails(strict)).collect();
    (!failing.is_empty()).then(|| Failure {
        lines: grouped(failing.iter().copied()),
        count: failing.len(),
        strict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_text_cannot_drive_the_terminal() {
        let d = Diagnostic::warning(
            "a\u{1b}[2Jb.md",
            Some(3),
            "agent \"\u{1b}]0;pwned\u{7}\"\nnext",
        );
        let shown = d.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert_eq!(
            shown,
            "a\\u{1b}[2Jb.md:3: warning: agent \"\\u{1b}]0;pwned\\u{7}\"\\nnext"
        );
    }

    fn orphan(file: &str) -> Diagnostic {
        Diagnostic::warning(file, None, "sidecar has no report beside it; ignored")
    }

    #[test]
    fn identical_messages_are_one_line_where_the_first_was() {
        let diagnostics = [
            Diagnostic::warning("a.md", Some(4), "no metadata table"),
            orphan("x.json"),
            Diagnostic::warning("b.md", Some(9), "fence never closed"),
            orphan("y.json"),
            orphan("z.json"),
        ];
        assert_eq!(
            grouped(&diagnostics),
            [
                "a.md:4: warning: no metadata table",
                "3 × warning: sidecar has no report beside it; ignored — first at x.json",
                "b.md:9: warning: fence never closed",
            ]
        );
    }

    #[test]
    fn the_first_location_keeps_its_line() {
        let at = |line| Diagnostic::warning("r.md", Some(line), "agent heading in code");
        assert_eq!(
            grouped(&[at(12), at(3)]),
            ["2 × warning: agent heading in code — first at r.md:12"]
        );
    }

    #[test]
    fn levels_and_different_messages_are_never_merged() {
        let diagnostics = [
            Diagnostic::warning("a.md", None, "same text"),
            Diagnostic::error("b.md", None, "same text"),
            Diagnostic::info("c.md", None, "same text"),
            Diagnostic::warning("d.md", None, "same text."),
            Diagnostic::warning("e.md", None, "Same text"),
        ];
        let shown: Vec<String> = diagnostics.iter().map(|d| d.to_string()).collect();
        assert_eq!(grouped(&diagnostics), shown);
    }

    #[test]
    fn grouped_lines_cannot_drive_the_terminal() {
        let d = |file: &str| Diagnostic::warning(file, Some(1), "bad \u{1b}[31mred\u{7}");
        let lines = grouped(&[d("a\u{1b}]0;x.md"), d("b.md")]);
        assert_eq!(
            lines,
            ["2 × warning: bad \\u{1b}[31mred\\u{7} — first at a\\u{1b}]0;x.md:1"]
        );
    }

    #[test]
    fn errors_fail_always_and_warnings_only_when_strict() {
        let notes = [Diagnostic::info("a.md", None, "differs from the sidecar")];
        assert!(failure(&notes, true).is_none());
        let warnings = [orphan("x.json"), orphan("y.json")];
        assert!(failure(&warnings, false).is_none());
        let strict = failure(&warnings, true).expect("warnings fail --strict");
        assert_eq!(strict.summary(), "2 problem(s) (--strict)");
        assert_eq!(
            strict.to_string(),
            "2 × warning: sidecar has no report beside it; ignored — first at x.json"
        );
        let mixed = [
            orphan("x.json"),
            Diagnostic::error("t.html", None, "cannot render"),
        ];
        let failed = failure(&mixed, false).expect("an error fails");
        assert_eq!(failed.summary(), "1 problem(s)");
        assert_eq!(failed.to_string(), "t.html: error: cannot render");
    }

    #[test]
    fn a_note_about_the_site_names_no_file_and_ranks_below_warnings() {
        let note = Diagnostic::note("skipped 1 Markdown file");
        assert_eq!(note.to_string(), "note: skipped 1 Markdown file");
        assert!(Level::Info < Level::Note && Level::Note < Level::Warning);
    }
}
