//! Problems found while reading, parsing or rendering, reported as `file:line: message`.
//!
//! Every stage returns its diagnostics instead of printing them; the CLI decides how to show
//! them and whether they fail the run (`--strict`).

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing, never a problem: `reviewsite check` prints it, `build` does not, and
    /// `--strict` ignores it (e.g. a sidecar value that differs from the report's).
    Info,
    /// The site still builds; the report may render with less structure.
    Warning,
    /// Something could not be produced (a page, the whole site).
    Error,
}

/// One problem, tied to a file and, when known, a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub level: Level,
    /// Path as the user would type it (relative to the site root when possible).
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
    pub fn error(file: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            level: Level::Error,
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        };
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.file, line, level, self.message),
            None => write!(f, "{}: {}: {}", self.file, level, self.message),
        }
    }
}
