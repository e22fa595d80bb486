//! Problems found while reading, parsing or rendering, reported as `file:line: message`.
//!
//! Every stage returns its diagnostics instead of printing them; the CLI decides how to show
//! them and whether they fail the run (`--strict`).

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Info => "info",
            Level::Note => "note",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        let (file, message) = (printable(&self.file), printable(&self.message));
        match self.line {
            _ if file.is_empty() => write!(f, "{level}: {message}"),
            Some(line) => write!(f, "{file}:{line}: {level}: {message}"),
            None => write!(f, "{file}: {level}: {message}"),
        }
    }
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

    #[test]
    fn a_note_about_the_site_names_no_file_and_ranks_below_warnings() {
        let note = Diagnostic::note("skipped 1 Markdown file");
        assert_eq!(note.to_string(), "note: skipped 1 Markdown file");
        assert!(Level::Info < Level::Note && Level::Note < Level::Warning);
    }
}
