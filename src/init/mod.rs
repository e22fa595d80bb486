//! `reviewsite init [DIR]`: sets up an archive of review reports for publishing on GitHub
//! Pages with the reviewsite GitHub Action.
//!
//! In DIR (reports at its top level, as on a `reviews` branch, or under `content/`) it
//! writes:
//! - `book.toml`: a title, a base URL guessed from the `origin` remote
//!   (`https://<owner>.github.io/<repo>/`) and a `[repos."owner/name"]` table for every
//!   repository the reports review;
//! - `.github/workflows/review-site.yml` (at the top of the git repository): on every push
//!   to the branch DIR is on, build with the action and deploy to Pages;
//! - `public/` (the default output) in `.gitignore`.
//!
//! A file that exists is never replaced without `force` (`.gitignore` is only ever added
//! to). The report says what was written and the one-time GitHub settings: Pages' source,
//! and, for a branch other than the default one, the `github-pages` environment's
//! deployment-branch rule, without which GitHub refuses the deployment.

use crate::site::{self, BuildOptions};
use anyhow::{bail, Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The workflow `init` writes; `{branch}`, `{action}` and `{root}` are filled in.
const WORKFLOW: &str = include_str!("review-site.yml");

/// Where the workflow goes, relative to the top of the git repository.
pub(crate) const WORKFLOW_PATH: &str = ".github/workflows/review-site.yml";

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The archive: the folder holding the reports (or `book.toml` and `content/`).
    pub dir: PathBuf,
    /// Replace `book.toml` and the workflow when they exist.
    pub force: bool,
    /// The branch the workflow publishes from (default: the branch `dir` is on).
    pub branch: Option<String>,
    /// The site's address (default: guessed from the `origin` remote).
    pub base_url: Option<String>,
    /// The action to use, `owner/name@ref` (default: this reviewsite's, at its major
    /// version).
    pub action: Option<String>,
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileAction {
    Created,
    Replaced,
    /// It existed and `force` was not given.
    Kept,
    /// `.gitignore`: the line was added.
    Appended,
    /// `.gitignore`: it already ignores the output.
    Unchanged,
}

impl FileAction {
    /// How the CLI shows it.
    pub fn label(self) -> &'static str {
        match self {
            FileAction::Created => "created",
            FileAction::Replaced => "replaced",
            FileAction::Kept => "kept (exists; --force replaces it)",
            FileAction::Appended => "added public/ to",
            FileAction::Unchanged => "unchanged",
        }
    }
}

/// What `init` did and found.
#[derive(Debug)]
pub struct InitReport {
    /// Each file, relative to the current folder when inside it.
    pub files: Vec<(PathBuf, FileAction)>,
    /// Review reports found.
    pub reviews: usize,
    /// Repositories the reports review, with how many reviews each.
    pub repos: Vec<(String, usize)>,
    /// The branch the workflow publishes from.
    pub branch: String,
    /// Whether that branch is the repository's default one: `None` when unknown.
    pub default_branch: Option<String>,
    /// `owner/name` of the archive on GitHub, from the `origin` remote.
    pub github: Option<String>,
    /// The base URL written (or the one `book.toml` already had).
    pub base_url: Option<String>,
    /// Things worth saying (no git repository, no reports found yet, …).
    pub notes: Vec<String>,
}

impl InitReport {
    /// Whether GitHub needs the environment's deployment-branch rule for this branch:
    /// `Some(true)` when it is not the default branch, `None` when unknown.
    pub fn needs_branch_rule(&self) -> Option<bool> {
        self.default_branch.as_ref().map(|d| *d != self.branch)
    }
}

/// Runs `init` (see the module documentation).
pub fn init(opts: &InitOptions) -> Result<InitReport> {
    let dir = &opts.dir;
    if !dir.is_dir() {
        bail!(
            "{}: no such folder: give the folder that holds the review reports",
            dir.display()
        );
    }
    let git = GitInfo::read(dir);
    let mut notes = Vec::new();
    let (reviews, repos) = survey(dir, &mut notes);
    let branch = match (&opts.branch, &git.branch) {
        (Some(b), _) | (None, Some(b)) => b.clone(),
        (None, None) => {
            notes.push(format!(
                "{} is not on a git branch: the workflow publishes pushes to \"main\" (--branch chooses another)",
                dir.display()
            ));
            "main".to_string()
        }
    };
    let github = git.origin.as_deref().and_then(github_slug);
    let base_url = opts
        .base_url
        .clone()
        .or_else(|| github.as_deref().map(pages_url));
    let mut files = Vec::new();

    let book = dir.join("book.toml");
    let text = book_toml(dir, &repos, base_url.as_deref(), github.as_deref());
    files.push((book.clone(), write_new(&book, &text, opts.force)?));

    let top = git.top.clone().unwrap_or_else(|| dir.to_path_buf());
    let root = root_in(&top, dir);
    let action = opts.action.clone().unwrap_or_else(default_action);
    let workflow = top.join(WORKFLOW_PATH);
    let text = workflow_yaml(&branch, &action, &root);
    files.push((workflow.clone(), write_new(&workflow, &text, opts.force)?));

    let ignore = dir.join(".gitignore");
    files.push((ignore.clone(), ignore_output(&ignore)?));

    Ok(InitReport {
        files: files.into_iter().map(|(p, a)| (shown(&p), a)).collect(),
        reviews,
        repos,
        branch,
        default_branch: git.default_branch,
        github,
        base_url,
        notes,
    })
}

/// The reports of `dir`, and the repositories they review with their counts.
fn survey(dir: &Path, notes: &mut Vec<String>) -> (usize, Vec<(String, usize)>) {
    let opts = BuildOptions {
        root: dir.to_path_buf(),
        ..Default::default()
    };
    let loaded = match site::load(&opts) {
        Ok(l) => l,
        Err(e) => {
            notes.push(format!(
                "no review reports could be read yet ({}): the workflow will fail until the branch has some",
                format!("{e:#}").lines().next().unwrap_or_default()
            ));
            return (0, Vec::new());
        }
    };
    let mut repos: BTreeMap<String, usize> = BTreeMap::new();
    for r in &loaded.reviews {
        if let Some(repo) = &r.meta.repo {
            *repos.entry(repo.slug()).or_default() += 1;
        }
    }
    if loaded.reviews.is_empty() {
        notes.push(
            "no review reports found yet: the workflow will fail until the branch has some"
                .to_string(),
        );
    }
    (loaded.reviews.len(), repos.into_iter().collect())
}

/// What git says about the folder.
#[derive(Debug, Default)]
struct GitInfo {
    /// The top of the working tree.
    top: Option<PathBuf>,
    branch: Option<String>,
    /// `origin/HEAD`'s branch, when the clone knows it.
    default_branch: Option<String>,
    origin: Option<String>,
}

impl GitInfo {
    fn read(dir: &Path) -> GitInfo {
        let git = |args: &[&str]| -> Option<String> {
            let out = Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(args)
                .output()
                .ok()?;
            let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
            (out.status.success() && !s.is_empty()).then_some(s)
        };
        let Some(top) = git(&["rev-parse", "--show-toplevel"]) else {
            return GitInfo::default();
        };
        GitInfo {
            top: Some(PathBuf::from(top)),
            branch: git(&["symbolic-ref", "--quiet", "--short", "HEAD"]),
            // origin/HEAD when the clone knows it, else the usual names, if they exist.
            default_branch: git(&[
                "symbolic-ref",
                "--quiet",
                "--short",
                "refs/remotes/origin/HEAD",
            ])
            .map(|s| s.trim_start_matches("origin/").to_string())
            .or_else(|| {
                ["origin/main", "origin/master", "main", "master"]
                    .into_iter()
                    .find(|b| git(&["rev-parse", "--verify", "--quiet", b]).is_some())
                    .map(|b| b.trim_start_matches("origin/").to_string())
            }),
            origin: git(&["remote", "get-url", "origin"]),
        }
    }
}

/// `path` as the user sees it: relative to the current folder when inside it.
fn shown(path: &Path) -> PathBuf {
    let canon = |p: &Path| {
        let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
        let dir = parent.and_then(|d| std::fs::canonicalize(d).ok());
        match (dir, p.file_name()) {
            (Some(d), Some(name)) => d.join(name),
            _ => p.to_path_buf(),
        }
    };
    let full = canon(path);
    std::env::current_dir()
        .ok()
        .and_then(|cwd| std::fs::canonicalize(cwd).ok())
        .and_then(|cwd| full.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(full)
}

/// `owner/name` of a GitHub remote URL (`https://github.com/o/n(.git)`,
/// `git@github.com:o/n.git`, `ssh://git@github.com/o/n`).
fn github_slug(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let rest = [
        "https://github.com/",
        "http://github.com/",
        "ssh://git@github.com/",
        "git@github.com:",
        "git://github.com/",
    ]
    .iter()
    .find_map(|p| url.strip_prefix(p))
    .or_else(|| {
        // https://user@github.com/o/n, https://token@github.com/o/n
        let after = url.strip_prefix("https://")?;
        after.split_once("@github.com/").map(|(_, r)| r)
    })?;
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    let (owner, name) = rest.split_once('/')?;
    let ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (ok(owner) && ok(name)).then(|| format!("{owner}/{name}"))
}

/// The GitHub Pages address of repository `slug`: `https://<owner>.github.io/<name>/`, or
/// `https://<owner>.github.io/` for the `<owner>.github.io` repository itself.
fn pages_url(slug: &str) -> String {
    let (owner, name) = slug.split_once('/').unwrap_or((slug, ""));
    let host = format!("{}.github.io", owner.to_ascii_lowercase());
    if name.eq_ignore_ascii_case(&host) {
        format!("https://{host}/")
    } else {
        format!("https://{host}/{name}/")
    }
}

/// `dir` as the workflow's `root` input: relative to the top of the repository, `/`
/// separated, `.` for the top itself.
fn root_in(top: &Path, dir: &Path) -> String {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (top, dir) = (canon(top), canon(dir));
    match dir.strip_prefix(&top) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_string_lossy().replace('\\', "/"),
        _ => ".".to_string(),
    }
}

/// `owner/name@v<major>` of this reviewsite (Cargo.toml's repository and version).
fn default_action() -> String {
    let repo = env!("CARGO_PKG_REPOSITORY");
    let slug = github_slug(repo).unwrap_or_else(|| "reviewsite/reviewsite".to_string());
    format!("{slug}@v{}", env!("CARGO_PKG_VERSION_MAJOR"))
}

/// A TOML (and YAML, and JSON) string literal.
fn quoted(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

/// The `book.toml` for an archive reviewing `repos`.
fn book_toml(
    dir: &Path,
    repos: &[(String, usize)],
    base_url: Option<&str>,
    github: Option<&str>,
) -> String {
    let title = match repos {
        [(slug, _)] => format!("{} review archive", slug.rsplit('/').next().unwrap_or(slug)),
        _ => match github {
            Some(g) => format!("{} review archive", g.rsplit('/').next().unwrap_or(g)),
            None => "Code review archive".to_string(),
        },
    };
    let mut out = String::from(
        "# reviewsite's configuration, written by `reviewsite init`. Every key is optional;\n\
         # the README's \"Configuration\" section lists them all.\n",
    );
    out.push_str(&format!("title = {}\n", quoted(&title)));
    out.push_str(
        "# Where the site is published. The GitHub Action builds with the address GitHub Pages\n\
         # reports, so this one serves local builds and `reviewsite comment`.\n",
    );
    match base_url {
        Some(url) => out.push_str(&format!("base_url = {}\n", quoted(url))),
        None => out.push_str("# base_url = \"https://<owner>.github.io/<repo>/\"\n"),
    }
    let content = if dir.join("content").is_dir() {
        "content/"
    } else {
        "this folder"
    };
    out.push_str(&format!(
        "\n# The repositories the reports in {content} review. Finding locations link to GitHub at\n\
         # the reviewed commit; a local clone (`checkout`) adds the cited code under each finding.\n"
    ));
    for (slug, n) in repos {
        out.push_str(&format!(
            "\n[repos.{}]   # {n} review{}\n# checkout = \"../{}\"\n",
            quoted(slug),
            if *n == 1 { "" } else { "s" },
            slug.rsplit('/').next().unwrap_or(slug)
        ));
    }
    out
}

/// The workflow publishing pushes to `branch` with `action`, building `root`.
fn workflow_yaml(branch: &str, action: &str, root: &str) -> String {
    WORKFLOW
        .replace("{branch}", &quoted(branch))
        .replace("{action}", action)
        .replace("{root}", &quoted(root))
}

/// Writes `text` to `path` unless it exists (then only with `force`).
fn write_new(path: &Path, text: &str, force: bool) -> Result<FileAction> {
    let existed = path.exists();
    if existed && !force {
        return Ok(FileAction::Kept);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(if existed {
        FileAction::Replaced
    } else {
        FileAction::Created
    })
}

/// Adds the default output folder (and a build's staging folders) to `.gitignore`,
/// unless a line already ignores it.
fn ignore_output(path: &Path) -> Result<FileAction> {
    let existing = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => bail!("{}: cannot read: {e}", path.display()),
    };
    let text = existing.clone().unwrap_or_default();
    let ignored = text
        .lines()
        .map(str::trim)
        .any(|l| matches!(l, "public" | "public/" | "/public" | "/public/"));
    if ignored {
        return Ok(FileAction::Unchanged);
    }
    let mut out = text;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("# reviewsite's output, and a build's staging folders\n/public/\n/.public.reviewsite-tmp-*\n");
    std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(if existing.is_some() {
        FileAction::Appended
    } else {
        FileAction::Created
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_remotes() {
        for url in [
            "https://github.com/acme/tern.git",
            "https://github.com/acme/tern",
            "https://github.com/acme/tern/",
            "git@github.com:acme/tern.git",
            "ssh://git@github.com/acme/tern.git",
            "https://x-access-token:abc@github.com/acme/tern",
        ] {
            assert_eq!(github_slug(url).as_deref(), Some("acme/tern"), "{url}");
        }
        for url in [
            "https://gitlab.com/acme/tern",
            "/srv/git/tern",
            "https://github.com/acme",
            "https://github.com/a b/c",
        ] {
            assert_eq!(github_slug(url), None, "{url}");
        }
    }

    #[test]
    fn pages_addresses() {
        assert_eq!(pages_url("Acme/tern"), "https://acme.github.io/tern/");
        assert_eq!(pages_url("acme/Acme.github.io"), "https://acme.github.io/");
    }

    #[test]
    fn the_workflow_names_the_branch_action_and_root_as_yaml_strings() {
        let y = workflow_yaml("feat/\"x\"", "me/reviewsite@v1", "archive/reviews");
        let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(&y).expect(&y);
        assert_eq!(v["on"]["push"]["branches"][0], "feat/\"x\"");
        let steps = &v["jobs"]["build"]["steps"];
        assert_eq!(steps[1]["uses"], "me/reviewsite@v1");
        assert_eq!(steps[1]["with"]["root"], "archive/reviews");
        for placeholder in ["{branch}", "{action}", "{root}"] {
            assert!(!y.contains(placeholder), "{y}");
        }
    }

    #[test]
    fn book_toml_is_valid_configuration() {
        let tmp = tempfile::tempdir().unwrap();
        let repos = vec![("acme/tern".to_string(), 3), ("acme/\"q\"".to_string(), 1)];
        let text = book_toml(tmp.path(), &repos, Some("https://acme.github.io/r/"), None);
        std::fs::write(tmp.path().join("book.toml"), &text).unwrap();
        let c = crate::config::Config::load(tmp.path(), &Default::default()).expect(&text);
        assert_eq!(c.base_url, "https://acme.github.io/r/");
        assert!(c.repo("acme/tern").is_some(), "{text}");
        assert!(c.repo("acme/\"q\"").is_some(), "{text}");
    }

    #[test]
    fn gitignore_is_only_added_to() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path().join(".gitignore");
        assert_eq!(ignore_output(&p).unwrap(), FileAction::Created);
        assert_eq!(ignore_output(&p).unwrap(), FileAction::Unchanged);
        std::fs::write(&p, "target").unwrap();
        assert_eq!(ignore_output(&p).unwrap(), FileAction::Appended);
        let t = std::fs::read_to_string(&p).unwrap();
        assert!(
            t.starts_with("target\n") && t.contains("\n/public/\n"),
            "{t}"
        );
    }
}
