//! Code read from the reviewed repository for a finding: the excerpt of the lines it
//! cites (highlighted once, at build time) and the links to the source files it names.

use serde::{Deserialize, Serialize};

/// The lines a finding cites, read from the reviewed repository at the reviewed commit.
///
/// `html` of each line is the syntax-highlighted line made by the highlighter from
/// escaped text (balanced `<span class="hl-...">` elements only): safe to insert as is.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Excerpt {
    /// The location as written in the report (`group.go:41-58`).
    pub cited: String,
    /// The file's path in the repository at `commit` (`router/group.go`).
    pub path: String,
    /// `owner/name`.
    pub repo: String,
    /// The full SHA of the reviewed commit.
    pub commit: String,
    /// The cited line ranges, sorted, as the file has them.
    pub ranges: Vec<LineRange>,
    /// `https://github.com/<owner>/<repo>/blob/<commit>/<path>#L<a>-L<b>`.
    pub permalink: String,
    /// The syntax the lines were highlighted as (`Go`), if any.
    pub language: Option<String>,
    /// Lines in the file at `commit`.
    pub file_lines: u32,
    /// Runs of consecutive lines (cited lines with their context), in order; the lines
    /// between two hunks are not shown.
    pub hunks: Vec<ExcerptHunk>,
    /// Cited lines left out because the excerpt reached its size limit (see the
    /// permalink for them).
    pub omitted: u32,
}

/// Consecutive lines of an [`Excerpt`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ExcerptHunk {
    pub lines: Vec<ExcerptLine>,
}

/// One line of an [`Excerpt`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ExcerptLine {
    /// 1-based line number in the file.
    pub number: u32,
    /// Inside one of the cited ranges (not context).
    pub cited: bool,
    /// The line as written (no line ending).
    pub text: String,
    /// The line highlighted: escaped text in balanced `hl-` spans.
    pub html: String,
}

/// Where `path:line` references and finding locations of a review point: the reviewed
/// commit of its repository and the repository path each cited path names there. Set by
/// the excerpts stage for every review that names its repository and commit (unless a
/// checkout finds several commits with that short SHA): from a checkout when one can serve
/// the review (full SHA, paths found at the commit, line counts checked), else from the
/// report alone (the SHA as written, the paths a conservative rule takes as they are cited).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourceLinks {
    /// `owner/name`.
    pub repo: String,
    /// The reviewed commit: the full SHA when read from a checkout, else as the report
    /// writes it (lower case; GitHub resolves abbreviated SHAs).
    pub commit: String,
    /// `https://github.com/<owner>/<repo>/blob/<commit>/`: a repository path (encoded)
    /// and `#L<a>-L<b>` complete a permalink.
    pub blob_base: String,
    /// Paths as the report writes them (`group.go`), with the file each names at the
    /// commit. Only paths that name exactly one file are here.
    pub files: Vec<SourceFile>,
}

/// A path as cited, resolved at the reviewed commit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourceFile {
    /// As written in the report.
    pub cited: String,
    /// The repository path.
    pub path: String,
    /// Lines in the file when its text was read from a checkout: a range past them links
    /// nowhere. `None` when the path was not verified against a checkout, or was found in
    /// the commit's file list without its content (a partial clone): then any line links.
    pub lines: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct LineRange {
    pub start: u32,
    pub end: u32,
}
