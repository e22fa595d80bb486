//! Cited paths as repository paths: [`clean_path`] (what a citation may name at all) and
//! [`find_in_tree`] (the one file of a commit a path not found as written names). Both
//! the checkout's reading and the links without a checkout use them.

/// A cited path as a repository path: `\` as `/`, no leading `./`, no `..` or empty
/// parts, no control characters. `None` when nothing usable is left.
pub(super) fn clean_path(cited: &str) -> Option<String> {
    let p = cited.trim().trim_matches('`').replace('\\', "/");
    if p.chars().any(|c| c.is_control()) {
        return None;
    }
    let absolute = p.starts_with('/') || p.starts_with("~/");
    let parts: Vec<&str> = p
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "~")
        .collect();
    if parts.is_empty() || parts.contains(&"..") {
        return None;
    }
    let joined = parts.join("/");
    // An absolute path is only ever matched by its tail (see `find_in_tree`).
    Some(if absolute {
        format!("/{joined}")
    } else {
        joined
    })
}

/// How a cited path matched the files of a commit.
#[derive(Debug, PartialEq)]
pub(super) enum TreeMatch {
    One(String),
    Several(Vec<String>),
    None,
}

/// The file `cited` names among `tree` (sorted paths): the one path ending with
/// `/<cited>`; else `cited` without its leading directories, longest first, while a
/// directory part remains (so `foo/a.go` never becomes a root `a.go`).
pub(super) fn find_in_tree(tree: &[String], cited: &str) -> TreeMatch {
    let rel = cited.trim_start_matches('/');
    if !cited.starts_with('/') {
        let suffix = format!("/{rel}");
        let hits: Vec<String> = tree
            .iter()
            .filter(|p| p.ends_with(&suffix) || p.as_str() == rel)
            .cloned()
            .collect();
        match hits.len() {
            0 => {}
            1 => return TreeMatch::One(hits[0].clone()),
            _ => return TreeMatch::Several(hits),
        }
    }
    let parts: Vec<&str> = rel.split('/').collect();
    for skip in 1..parts.len().saturating_sub(1) {
        let tail = parts[skip..].join("/");
        if tree.binary_search(&tail).is_ok() {
            return TreeMatch::One(tail);
        }
    }
    TreeMatch::None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(paths: &[&str]) -> Vec<String> {
        let mut t: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        t.sort();
        t
    }

    #[test]
    fn suffix_and_tail_matches() {
        let t = tree(&[
            "cmd/limactl/shell.go",
            "pkg/a/util.go",
            "pkg/b/util.go",
            "README.md",
        ]);
        assert_eq!(
            find_in_tree(&t, "shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert_eq!(
            find_in_tree(&t, "limactl/shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert!(matches!(find_in_tree(&t, "util.go"), TreeMatch::Several(c) if c.len() == 2));
        assert_eq!(
            find_in_tree(&t, "lima/cmd/limactl/shell.go"),
            TreeMatch::One("cmd/limactl/shell.go".into())
        );
        assert_eq!(
            find_in_tree(&t, "/home/me/lima/pkg/a/util.go"),
            TreeMatch::One("pkg/a/util.go".into())
        );
        // A tail never loses its last directory: `x/README.md` is not the root README.
        assert_eq!(find_in_tree(&t, "x/README.md"), TreeMatch::None);
        assert_eq!(find_in_tree(&t, "hell.go"), TreeMatch::None);
    }

    #[test]
    fn cited_paths_are_cleaned() {
        assert_eq!(clean_path("./pkg//a.go").as_deref(), Some("pkg/a.go"));
        assert_eq!(clean_path("pkg\\a.go").as_deref(), Some("pkg/a.go"));
        assert_eq!(clean_path("/abs/a.go").as_deref(), Some("/abs/a.go"));
        assert_eq!(clean_path("../etc/passwd"), None);
        assert_eq!(clean_path("a\nb.go"), None);
        assert_eq!(clean_path("/"), None);
    }
}
