//! Links without a checkout: the repository path each path a review cites names, judged
//! from the review's own citations alone (no git, string work only).
//!
//! Nothing can verify such a path, so only paths likely to exist are linked:
//!
//! - a **repository-relative path** (`cmd/limactl/shell.go`, `.github/workflows/test.yml`)
//!   as written, unless it is the tail of a longer path the review cites
//!   (`limactl/shell.go` beside `cmd/limactl/shell.go`): then that one;
//! - a **bare file name** (`group.go`) only when exactly one full path the review cites
//!   ends with it; else when it is a conventional root file ([`ROOT_FILES`]);
//! - an **absolute local path** (`/home/me/lima/pkg/a.go`, `~/src/lima/pkg/a.go`) only
//!   when one of its folders is named like the repository: what follows is the path
//!   (with several such folders, only a tail the review also cites as a relative path);
//! - never a path that [`super::paths::clean_path`] refuses (`..`, control characters),
//!   one with characters other than those [`crate::text::coderef`] takes for a path (so no
//!   URL, no spaces, no `#` or `?`), one whose first folder is a host name
//!   (`github.com/…`), or one whose last part does not look like a file name (a folder,
//!   `v1.2`).
//!
//! "Full paths" are the paths with a folder part the review cites (relative ones, and the
//! repository paths of absolute ones), in its findings' locations and prose.

use super::paths::clean_path;
use crate::text::coderef;
use std::collections::{BTreeMap, BTreeSet};

/// Files at the root of most repositories that have them: a bare `Makefile:12` that no
/// full path of the review explains links to the root file.
pub(crate) const ROOT_FILES: &[&str] = &[
    "Makefile",
    "GNUmakefile",
    "Dockerfile",
    "go.mod",
    "go.sum",
    "Cargo.toml",
    "Cargo.lock",
    "package.json",
    "package-lock.json",
    "pyproject.toml",
    "README.md",
    ".gitignore",
];

/// Top-level domains that make a first folder a host name (`github.com/x/y.go`).
const HOST_SUFFIXES: &[&str] = &[".com", ".org", ".net", ".io", ".dev", ".edu", ".gov"];

/// A cited path in the form the rule reads it.
#[derive(Debug, PartialEq)]
enum Form {
    /// A relative path, cleaned (`pkg/a.go`, `a.go`).
    Relative(String),
    /// An absolute path: what follows each of its folders named like the repository.
    Tails(Vec<String>),
}

impl Form {
    /// The full path this citation names by itself, when it has one.
    fn full(&self) -> Option<&str> {
        match self {
            Form::Relative(p) if p.contains('/') => Some(p),
            Form::Tails(t) if t.len() == 1 && t[0].contains('/') => Some(&t[0]),
            _ => None,
        }
    }
}

/// The repository path of each path in `cited` (as written) that the rule links, for
/// the repository named `repo_name` (the `name` of `owner/name`).
pub(super) fn resolve(cited: &BTreeSet<String>, repo_name: &str) -> BTreeMap<String, String> {
    let forms: Vec<(&String, Form)> = cited
        .iter()
        .filter_map(|c| Some((c, form(c, repo_name)?)))
        .collect();
    let full: BTreeSet<&str> = forms.iter().filter_map(|(_, f)| f.full()).collect();
    // The full paths that are not the tail of another: what a shorter citation means.
    let longest: Vec<&str> = full
        .iter()
        .copied()
        .filter(|p| !full.iter().any(|q| is_tail(p, q)))
        .collect();
    forms
        .iter()
        .filter_map(|(c, f)| Some(((*c).clone(), path_of(f, &full, &longest)?)))
        .collect()
}

/// Whether `short` is `long` without some of its leading folders.
fn is_tail(short: &str, long: &str) -> bool {
    long.len() > short.len()
        && long.ends_with(short)
        && long.as_bytes()[long.len() - short.len() - 1] == b'/'
}

/// How the rule reads `cited`; `None` for what it never links.
fn form(cited: &str, repo_name: &str) -> Option<Form> {
    let clean = clean_path(cited)?;
    let plain = |c: char| c.is_ascii_alphanumeric() || "/_.@+~-".contains(c);
    let name = clean.rsplit('/').next().unwrap_or_default();
    if !clean.chars().all(plain) || !coderef::is_path(name) {
        return None;
    }
    let Some(absolute) = clean.strip_prefix('/') else {
        let first = clean.split('/').next().unwrap_or_default();
        let host = clean.contains('/') && HOST_SUFFIXES.iter().any(|s| first.ends_with(s));
        return (!host).then_some(Form::Relative(clean));
    };
    let parts: Vec<&str> = absolute.split('/').collect();
    let tails: Vec<String> = (0..parts.len() - 1)
        .filter(|&i| parts[i] == repo_name)
        .map(|i| parts[i + 1..].join("/"))
        .collect();
    (!tails.is_empty()).then_some(Form::Tails(tails))
}

/// The repository path `form` names, given the review's `full` paths and the `longest`
/// of them.
fn path_of(form: &Form, full: &BTreeSet<&str>, longest: &[&str]) -> Option<String> {
    match form {
        Form::Relative(p) => {
            let hits: Vec<&&str> = longest
                .iter()
                .filter(|q| **q == p || is_tail(p, q))
                .collect();
            match hits.as_slice() {
                [one] => Some(one.to_string()),
                _ if ROOT_FILES.contains(&p.as_str()) => Some(p.clone()),
                _ => None,
            }
        }
        Form::Tails(tails) => match tails.as_slice() {
            [one] => Some(one.clone()),
            several => {
                let cited: Vec<&String> = several
                    .iter()
                    .filter(|t| full.contains(t.as_str()))
                    .collect();
                match cited.as_slice() {
                    [one] => Some((*one).clone()),
                    _ => None,
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule over `cited` for a repository named `lima`: (cited, path) pairs.
    fn links(cited: &[&str]) -> Vec<(String, String)> {
        let set: BTreeSet<String> = cited.iter().map(|c| c.to_string()).collect();
        resolve(&set, "lima").into_iter().collect()
    }

    fn link_of(cited: &[&str], which: &str) -> Option<String> {
        links(cited)
            .into_iter()
            .find(|(c, _)| c == which)
            .map(|(_, p)| p)
    }

    #[test]
    fn paths_with_a_folder_link_as_written() {
        for p in [
            "cmd/limactl/shell.go",
            ".github/workflows/test.yml",
            "pkg/cidata/cidata.TEMPLATE.d/boot.Linux/04-persistent-data-volume.sh",
            "hack/bats/tests/mcp.bats",
            "./pkg/a.go",
        ] {
            let want = p.trim_start_matches("./").to_string();
            assert_eq!(link_of(&[p], p), Some(want), "{p}");
        }
    }

    #[test]
    fn a_bare_name_links_through_the_one_full_path_that_ends_with_it() {
        let cited = [
            "04-persistent-data-volume.sh",
            "pkg/cidata/cidata.TEMPLATE.d/boot.Linux/04-persistent-data-volume.sh",
            "group.go",
        ];
        assert_eq!(
            link_of(&cited, "04-persistent-data-volume.sh").as_deref(),
            Some("pkg/cidata/cidata.TEMPLATE.d/boot.Linux/04-persistent-data-volume.sh")
        );
        // Nothing explains `group.go`: no link.
        assert_eq!(link_of(&cited, "group.go"), None);
        // `bo.go` is not a tail of `pkg/limbo.go`: names match whole.
        assert_eq!(link_of(&["bo.go", "pkg/limbo.go"], "bo.go"), None);
    }

    #[test]
    fn an_ambiguous_bare_name_is_not_linked() {
        let cited = ["util.go", "pkg/a/util.go", "pkg/b/util.go"];
        assert_eq!(link_of(&cited, "util.go"), None);
        // Both full paths still link.
        assert_eq!(
            link_of(&cited, "pkg/a/util.go").as_deref(),
            Some("pkg/a/util.go")
        );
    }

    #[test]
    fn a_partial_path_links_through_the_longer_one() {
        let cited = ["limactl/shell.go", "cmd/limactl/shell.go", "shell.go"];
        assert_eq!(
            link_of(&cited, "limactl/shell.go").as_deref(),
            Some("cmd/limactl/shell.go")
        );
        // The bare name is not made ambiguous by the partial path.
        assert_eq!(
            link_of(&cited, "shell.go").as_deref(),
            Some("cmd/limactl/shell.go")
        );
        // The tail of two longer paths: neither is guessed.
        let two = ["util/x.go", "a/util/x.go", "b/util/x.go"];
        assert_eq!(link_of(&two, "util/x.go"), None);
    }

    #[test]
    fn root_files_link_at_the_root_unless_a_full_path_explains_them() {
        assert_eq!(
            link_of(&["Makefile"], "Makefile").as_deref(),
            Some("Makefile")
        );
        assert_eq!(link_of(&["go.mod"], "go.mod").as_deref(), Some("go.mod"));
        assert_eq!(
            link_of(&["Makefile", "docs/Makefile"], "Makefile").as_deref(),
            Some("docs/Makefile")
        );
        // Two nested ones explain nothing: the root file.
        assert_eq!(
            link_of(&["Makefile", "a/Makefile", "b/Makefile"], "Makefile").as_deref(),
            Some("Makefile")
        );
        // Only the listed names: `main.go` or `makefile` could be anywhere.
        assert_eq!(link_of(&["main.go"], "main.go"), None);
        assert_eq!(link_of(&["makefile"], "makefile"), None);
    }

    #[test]
    fn absolute_paths_link_after_the_folder_named_like_the_repository() {
        assert_eq!(
            link_of(&["/home/me/lima/pkg/a.go"], "/home/me/lima/pkg/a.go").as_deref(),
            Some("pkg/a.go")
        );
        assert_eq!(
            link_of(&["~/src/lima/Makefile"], "~/src/lima/Makefile").as_deref(),
            Some("Makefile")
        );
        // No folder named like the repository: no link.
        assert_eq!(
            link_of(&["/Users/me/work/pkg/a.go"], "/Users/me/work/pkg/a.go"),
            None
        );
        assert_eq!(
            link_of(&["/home/me/lima-old/a.go"], "/home/me/lima-old/a.go"),
            None
        );
        // Two such folders: only a tail the review cites otherwise.
        let twice = "/home/lima/src/lima/pkg/a.go";
        assert_eq!(link_of(&[twice], twice), None);
        assert_eq!(
            link_of(&[twice, "pkg/a.go"], twice).as_deref(),
            Some("pkg/a.go")
        );
        // An absolute path's repository path explains a bare name.
        assert_eq!(
            link_of(&["/home/me/lima/pkg/b.go", "b.go"], "b.go").as_deref(),
            Some("pkg/b.go")
        );
    }

    #[test]
    fn never_dot_dot_control_characters_urls_or_folders() {
        for p in [
            "../etc/passwd.go",
            "pkg/../../a.go",
            "pkg/a\u{7}.go",
            "https://github.com/lima-vm/lima/blob/main/a.go",
            "github.com/lima-vm/lima/pkg/a.go",
            "example.org/a.go",
            "pkg/a.go#L3",
            "pkg/a.go?x=1",
            "C:\\Users\\me\\lima\\pkg\\a.go",
            "pkg/a b.go",
            "pkg/cidata/",
            "cmd/limactl",
            "v1.2",
            "/",
        ] {
            assert_eq!(links(&[p]), vec![], "{p:?}");
        }
        // Folders with dots are not host names.
        assert_eq!(
            link_of(&["cidata.TEMPLATE.d/a.sh"], "cidata.TEMPLATE.d/a.sh").as_deref(),
            Some("cidata.TEMPLATE.d/a.sh")
        );
    }
}
