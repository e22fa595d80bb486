//! The excerpts' diagnostics, worded in one place: per finding location (a file that
//! cannot be read), per review (no usable commit), and per repository (no checkout
//! configured, a checkout that cannot be read), with the tallies the last ones need.

use super::read::FileProblem;
use super::source::RepoSource;
use crate::diagnostics::Diagnostic;

/// Reviews of one repository with cited lines but no checkout configured.
#[derive(Debug, Default)]
pub(super) struct Unconfigured {
    reviews: usize,
    locations: usize,
    first: String,
}

impl Unconfigured {
    /// Counts one more review, `file`, citing lines at `locations` locations.
    pub(super) fn add(&mut self, file: &str, locations: usize) {
        self.reviews += 1;
        self.locations += locations;
        if self.first.is_empty() {
            self.first = file.to_string();
        }
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// What the page shows instead of excerpts for the findings `ids`, as the end of a
/// message.
fn fallback_note(ids: &[String]) -> String {
    match ids {
        [] => String::new(),
        [one] => format!("; finding {one} shows the report's own code block"),
        many => format!(
            "; findings {} show the report's own code blocks",
            many.join(", ")
        ),
    }
}

/// The review `file` cites lines of `slug` but names no commit to read them at.
pub(super) fn no_commit(file: &str, slug: &str, ids: &[String]) -> Diagnostic {
    Diagnostic::warning(
        file,
        None,
        format!(
            "no reviewed commit to read {} from: the report has no \"Review SHA\" or \
             Commits row and no sidecar review_sha{}",
            slug,
            fallback_note(ids)
        ),
    )
}

/// Why the commit a review names could not be used.
pub(super) enum CommitNotFound {
    /// The checkout does not have it.
    Missing,
    /// Several commits of the checkout start with it.
    Ambiguous,
}

/// `commit <written> (<from>) ... of <slug>: <what to do>`, a warning: the commit `written`
/// (read from `from`) cannot be used in `source`'s checkout.
pub(super) fn commit_not_found(
    file: &str,
    (written, from): (&str, &str),
    source: &RepoSource,
    ids: &[String],
    why: CommitNotFound,
) -> Diagnostic {
    let (what, fix) = match why {
        CommitNotFound::Missing => (
            "is not in the checkout",
            "fetch it there (git fetch) to get excerpts",
        ),
        CommitNotFound::Ambiguous => (
            "is ambiguous in the checkout",
            "several commits start with it; write more of the SHA",
        ),
    };
    let message = format!(
        "commit {written} ({from}) {what} {} of {}: {fix}{}",
        source.checkout_shown,
        source.slug,
        fallback_note(ids)
    );
    Diagnostic::warning(file, None, message)
}

/// The message for a file that could not be read.
pub(super) fn describe(
    problem: &FileProblem,
    cited: &str,
    short: &str,
    source: &RepoSource,
) -> String {
    let at = format!("at commit {short} in {}", source.checkout_shown);
    match problem {
        FileProblem::Missing => format!("no file {cited} {at}"),
        FileProblem::Ambiguous(c) => {
            let shown: Vec<&str> = c.iter().take(3).map(String::as_str).collect();
            format!(
                "{cited} names {} files {at} ({}{}); write more of the path",
                c.len(),
                shown.join(", "),
                if c.len() > 3 { ", ..." } else { "" }
            )
        }
        FileProblem::Directory(p) => format!("{p} is a folder {at}, not a file"),
        FileProblem::Binary(p) => format!("{p} is a binary file {at}"),
        FileProblem::Invalid => "not a repository path".to_string(),
        FileProblem::NotFetched(p) => format!(
            "the content of {p} {at} is missing (a partial clone, or a submodule? reviewsite \
             never fetches: clone without --filter, or check the commit out there once)"
        ),
    }
}

/// The `info` about the reviews of `slug` (empty: reviews that name no repository) that
/// cite lines when no checkout of it is configured.
pub(super) fn unconfigured(slug: &str, u: &Unconfigured) -> Diagnostic {
    if slug.is_empty() {
        return Diagnostic::info(
            "book.toml",
            None,
            format!(
                "no excerpts for reviews that name no repository ({}, {} cited \
                         location{}, first in {}): a Repo row or a content/<owner>/<repo>/ \
                         folder names it",
                plural(u.reviews, "review"),
                u.locations,
                if u.locations == 1 { "" } else { "s" },
                u.first
            ),
        );
    }
    Diagnostic::info(
        "book.toml",
        None,
        format!(
            "{slug}: {} {} lines of code ({} location{}, first in {}) but book.toml \
                     names no checkout of {slug}, so findings show the reports' own code \
                     blocks; add [repos.\"{slug}\"] checkout = \"path/to/clone\" (or pass \
                     --checkout {slug}=path/to/clone) for excerpts",
            plural(u.reviews, "review"),
            if u.reviews == 1 { "cites" } else { "cite" },
            u.locations,
            if u.locations == 1 { "" } else { "s" },
            u.first
        ),
    )
}

/// The warning that the checkout of `source` cannot be read (`problem`), naming the
/// reviews that fell back: `(file, finding ids)`.
pub(super) fn unusable(
    source: &RepoSource,
    problem: &str,
    affected: &[(String, Vec<String>)],
) -> Diagnostic {
    let examples: Vec<String> = affected
        .iter()
        .take(3)
        .map(|(file, ids)| format!("{file} ({})", ids.join(", ")))
        .collect();
    let more = affected.len().saturating_sub(3);
    let (where_, setting) = source.setting();
    Diagnostic::warning(
        where_,
        None,
        format!(
            "{setting}: {problem}; {} show the reports' own code blocks instead of \
                     excerpts: {}{}",
            plural(affected.len(), "review"),
            examples.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::source::configured;
    use super::*;
    use crate::config::{Config, Overrides};

    #[test]
    fn commit_problems_name_the_commit_the_checkout_and_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("book.toml"),
            "[repos.\"acme/demo\"]\ncheckout = \"../demo\"\n",
        )
        .unwrap();
        let config = Config::load(dir.path(), &Overrides::default()).unwrap();
        let source = configured(&config).remove("acme/demo").unwrap();
        let ids = vec!["I1".to_string()];
        let from = "the Review SHA row";
        let missing = commit_not_found(
            "r.md",
            ("deadbeef", from),
            &source,
            &ids,
            CommitNotFound::Missing,
        );
        assert_eq!(
            missing.to_string(),
            "r.md: warning: commit deadbeef (the Review SHA row) is not in the checkout \
             ../demo of acme/demo: fetch it there (git fetch) to get excerpts; finding I1 \
             shows the report's own code block"
        );
        let ambiguous = commit_not_found(
            "r.md",
            ("dead", from),
            &source,
            &[],
            CommitNotFound::Ambiguous,
        );
        assert_eq!(
            ambiguous.to_string(),
            "r.md: warning: commit dead (the Review SHA row) is ambiguous in the checkout \
             ../demo of acme/demo: several commits start with it; write more of the SHA"
        );
    }
}
