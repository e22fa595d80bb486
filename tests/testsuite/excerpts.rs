//! Code excerpts end to end: a git repository made here (fixed dates, so fixed SHAs), a
//! site whose reviews cite its files, and the built pages and diagnostics.

use crate::support::{options, read};
use reviewsite::diagnostics::{Diagnostic, Level};
use reviewsite::enrich::excerpts::ExcerptCache;
use reviewsite::site::{self, BuildReport};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs git in `dir` with a fixed identity and dates and no user configuration.
fn git(dir: &Path, args: &[&str], date: &str) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada Tester")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Tester")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A git repository in `dir` with one commit per `(files, message)` step; returns the full
/// SHA of each commit, oldest first.
fn make_repo(dir: &Path, steps: &[(&[(&str, &str)], &str)]) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    git(dir, &["init", "-q", "-b", "main"], "2026-03-01T10:00:00Z");
    let mut shas = Vec::new();
    for (i, (files, message)) in steps.iter().enumerate() {
        for (path, text) in files.iter() {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, text).unwrap();
        }
        let date = format!("2026-03-0{}T10:00:00Z", i + 2);
        git(dir, &["add", "-A"], &date);
        git(dir, &["commit", "-q", "-m", message], &date);
        shas.push(git(dir, &["rev-parse", "HEAD"], &date));
    }
    shas
}

/// A repository in the site's checkout folder with one commit holding `tree.go` (see
/// [`tree_v1`]) and `files`; returns the commit's full SHA.
fn one_commit(site: &Site, files: &[(&str, &str)]) -> String {
    let v1 = tree_v1();
    let mut all = vec![("tree.go", v1.as_str())];
    all.extend_from_slice(files);
    make_repo(&site.repo, &[(&all, "first")]).remove(0)
}

/// `tree.go` as it is at the first commit: 40 numbered functions.
fn tree_v1() -> String {
    let mut s = String::from("package tern\n\n");
    for n in 3..=40 {
        s.push_str(&format!("func f{n}() int {{ return {n} }} // v1\n"));
    }
    s
}

/// `tree.go` at the second commit: five lines added at the top, every line changed.
fn tree_v2() -> String {
    let mut s = String::from("package tern\n\n// Added\n// in\n// the\n// second\n// commit\n");
    for n in 3..=40 {
        s.push_str(&format!("func f{n}() int {{ return {n} }} // v2\n"));
    }
    s
}

/// A PR review of `acme/demo` with the given metadata rows and findings section.
fn review(stem: &str, rows: &str, findings: &str) -> String {
    format!(
        "# Deep Review: {stem}\n\n| | |\n|---|---|\n| **Date** | 2026-04-02 09:15 |\n\
         | **Repo** | [acme/demo](https://github.com/acme/demo) |\n\
         | **PR** | [#7](https://github.com/acme/demo/pull/7) — demo |\n{rows}\
         | **Verdict** | **Merge with fixes** — see below. |\n\n\
         ## Executive Summary\n\nA demo.\n\n## Important Issues\n\n{findings}\n"
    )
}

/// Writes review `20260402-091512-pr-7`, made at commit `sha` (its Commits row, short),
/// with one finding citing `tree.go:12`.
fn report_citing_tree_go(site: &Site, sha: &str) {
    let rows = format!("| **Commits** | `{}` first |\n", &sha[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            "I1. **A** — `tree.go:12` [Claude Opus 4.7]\n\nx\n",
        ),
    );
}

/// A site in a temporary folder: `book.toml` and reports under `content/acme/demo/`.
struct Site {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    repo: PathBuf,
}

impl Site {
    fn new(book: &str) -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/acme/demo")).unwrap();
        std::fs::write(root.join("book.toml"), book).unwrap();
        Site {
            out: tmp.path().join("out"),
            repo: tmp.path().join("demo"),
            root,
            _tmp: tmp,
        }
    }
    fn report(&self, stem: &str, text: &str) {
        std::fs::write(self.root.join(format!("content/acme/demo/{stem}.md")), text).unwrap();
    }
    fn build(&self, cache: &ExcerptCache) -> BuildReport {
        site::build_with(&options(&self.root, &self.out, None), cache).expect("build")
    }
    /// [`Site::build`], asserting that it warned about nothing.
    fn build_clean(&self, cache: &ExcerptCache) -> BuildReport {
        let report = self.build(cache);
        assert!(
            messages(&report.diagnostics, Level::Warning).is_empty(),
            "{:?}",
            report.diagnostics
        );
        report
    }
    fn check(&self) -> BuildReport {
        site::check(&options(&self.root, &self.out, None)).expect("check")
    }
    fn page(&self, stem: &str) -> String {
        read(&self.out.join(format!("{stem}.html")))
    }
}

const BOOK: &str = "[repos.\"acme/demo\"]\ncheckout = \"../demo\"\ncontext_lines = 2\n";

/// The two-commit repository every test starts from: returns (first, second) full SHAs.
fn two_commits(site: &Site) -> (String, String) {
    let v1 = tree_v1();
    let v2 = tree_v2();
    let shas = make_repo(
        &site.repo,
        &[
            (
                &[
                    ("tree.go", v1.as_str()),
                    ("doc/usage.go", "package doc\n\n// Usage.\n"),
                ],
                "tree: first",
            ),
            (&[("tree.go", v2.as_str())], "tree: second"),
        ],
    );
    (shas[0].clone(), shas[1].clone())
}

/// A site with the two-commit repository and one review of its first commit (named by
/// a short SHA) whose findings are `findings`; returns it and both full SHAs.
fn reviewing_first_commit(findings: &str) -> (Site, String, String) {
    let site = Site::new(BOOK);
    let (first, second) = two_commits(&site);
    let rows = format!("| **Commits** | `{}` tree: first |\n", &first[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review("20260402-091512-pr-7", &rows, findings),
    );
    (site, first, second)
}

/// The excerpt `<figure>`s of a page, in order.
fn excerpts(html: &str) -> Vec<&str> {
    html.match_indices("<figure class=\"excerpt\">")
        .map(|(i, _)| {
            let end = html[i..].find("</figure>").expect("figure closed");
            &html[i..i + end]
        })
        .collect()
}

/// `(line number, cited)` of each line of an excerpt, with the line's HTML.
fn excerpt_lines(fig: &str) -> Vec<(u32, bool, String)> {
    fig.split("<span class=\"xl")
        .skip(1)
        .map(|rest| {
            let cited = rest.starts_with(" cited");
            let n_at = rest.find("data-n=\"").unwrap() + 8;
            let n_end = rest[n_at..].find('"').unwrap() + n_at;
            let body_at = rest[n_end..].find('>').unwrap() + n_end + 1;
            (
                rest[n_at..n_end].parse().unwrap(),
                cited,
                rest[body_at..].to_string(),
            )
        })
        .collect()
}

fn messages(diags: &[Diagnostic], level: Level) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.level == level)
        .map(|d| d.to_string())
        .collect()
}

#[test]
fn excerpt_shows_the_reviewed_commit_not_head() {
    // The report names the first commit by a short SHA; HEAD is the second.
    let (site, first, second) = reviewing_first_commit(
        "I1. **`f12` returns the wrong value** — `tree.go:12-13` [Claude Opus 4.7]\n\n\
         ```go\nfunc f12() int { return 12 } // v1\nfunc f13() int { return 13 } // v1\n```\n\n\
         Fix: return 13.\n\n```diff\n-func f12() int { return 12 } // v1\n+func f12() int { return 13 } // v1\n```\n",
    );
    let cache = ExcerptCache::new();
    site.build_clean(&cache);
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    assert_eq!(figs.len(), 1, "one location, one excerpt");
    let lines = excerpt_lines(figs[0]);
    // Lines 12-13 with two lines of context, numbered as in the first commit.
    let numbers: Vec<u32> = lines.iter().map(|l| l.0).collect();
    assert_eq!(numbers, vec![10, 11, 12, 13, 14, 15]);
    let cited: Vec<u32> = lines.iter().filter(|l| l.1).map(|l| l.0).collect();
    assert_eq!(cited, vec![12, 13]);
    // Line 12 of the first commit is `f12 ... v1`; at HEAD line 12 is `f7 ... v2`.
    assert!(lines[2].2.contains("f12"), "{}", lines[2].2);
    assert!(lines[2].2.contains("v1"), "{}", lines[2].2);
    assert!(
        !figs[0].contains("v2"),
        "HEAD's lines leaked in: {}",
        figs[0]
    );
    // Highlighted as Go, with classes the stylesheets colour.
    assert!(lines[2].2.contains("class=\"hl-"), "{}", lines[2].2);
    // The header links the file at the full SHA of the reviewed commit.
    let permalink = format!("https://github.com/acme/demo/blob/{first}/tree.go#L12-L13");
    assert!(
        figs[0].contains(&format!("href=\"{permalink}\"")),
        "{}",
        figs[0]
    );
    assert!(figs[0].contains(">tree.go</span></a>"), "{}", figs[0]);
    assert!(!html.contains(&second), "the second commit is never linked");
    // The report's block repeats the excerpt's lines: left out. The diff stays.
    assert!(
        !html.contains("<pre class=\"code\" data-lang=\"go\">"),
        "the report's duplicate block is left out"
    );
    assert!(
        html.contains("<pre class=\"code diff\""),
        "the diff is kept"
    );
    // The location chip links to the same permalink.
    assert!(html.contains(&format!("<a class=\"loc-link\" href=\"{permalink}\"")));
}

#[test]
fn review_sha_wins_over_commits_and_context_stops_at_the_file_edges() {
    let site = Site::new(BOOK);
    let (first, second) = two_commits(&site);
    // "Review SHA" names the first commit; the Commits row's newest is the second.
    let rows = format!(
        "| **Review SHA** | `{first}` |\n| **Commits** | `{}` tree: second<br>`{}` tree: first |\n",
        &second[..9],
        &first[..9]
    );
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            "I1. **Edges** — `tree.go:1, 40` [Claude Opus 4.7]\n\nBoth ends.\n",
        ),
    );
    site.build_clean(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    let lines = excerpt_lines(figs[0]);
    let numbers: Vec<u32> = lines.iter().map(|l| l.0).collect();
    assert_eq!(numbers, vec![1, 2, 3, 38, 39, 40], "{numbers:?}");
    assert!(
        figs[0].contains("lines 4\u{2013}37 not shown"),
        "{}",
        figs[0]
    );
    assert!(figs[0].contains(&format!("/blob/{first}/tree.go#L1-L40")));
    assert!(figs[0].contains("v1") && !figs[0].contains("v2"));
}

#[test]
fn prose_references_link_to_permalinks_and_code_blocks_stay_plain() {
    let (site, first, _) = reviewing_first_commit(
        "I1. **Calls** — `tree.go:20`, also `usage.go:2-3` [Claude Opus 4.7]\n\n\
         `f20` is called from `tree.go:30` and from tree.go:31-32, never from \
         `missing.go:3` or tree.go:99; see `usage.go:3`.\n\n```text\nsee tree.go:25\n```\n",
    );
    site.build(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let base = format!("https://github.com/acme/demo/blob/{first}/tree.go");
    assert!(
        html.contains(&format!(
            "<a class=\"code-ref\" href=\"{base}#L30\" rel=\"nofollow noopener\"><code>tree.go:30</code></a>"
        )),
        "code span linked"
    );
    assert!(
        html.contains(&format!(
            "<a class=\"code-ref\" href=\"{base}#L31-L32\" rel=\"nofollow noopener\">tree.go:31-32</a>"
        )),
        "prose reference linked"
    );
    // The title line's locations as written link too.
    assert!(
        html.contains(&format!(
            "<span class=\"locs-text\"><a class=\"code-ref\" href=\"{base}#L20\" rel=\"nofollow noopener\"><code>tree.go:20</code></a>, also <a class=\"code-ref\" href=\"https://github.com/acme/demo/blob/{first}/doc/usage.go#L2-L3\""
        )),
        "{html}"
    );
    // A file only the prose names, by its base name.
    assert!(html.contains(&format!(
        "<a class=\"code-ref\" href=\"https://github.com/acme/demo/blob/{first}/doc/usage.go#L3\" rel=\"nofollow noopener\"><code>usage.go:3</code></a>"
    )));
    // Unknown files and lines past the end stay text; code blocks are never touched.
    assert!(html.contains("<code>missing.go:3</code>") && !html.contains("missing.go#"));
    assert!(!html.contains("#L99"));
    assert!(html.contains("see tree.go:25") && !html.contains("#L25\""));
}

#[test]
fn without_a_checkout_one_info_per_repository_and_the_report_blocks() {
    let site = Site::new("[repos.\"acme/demo\"]\ntitle = \"Demo\"\n");
    for stem in ["20260402-091512-pr-7", "20260403-091512-pr-8"] {
        site.report(
            stem,
            &review(
                stem,
                "| **Commits** | `0123abcd` x |\n",
                "I1. **A** — `tree.go:3` [Claude Opus 4.7]\n\n```go\nfunc f3() int { return 3 }\n```\n",
            ),
        );
    }
    let check = site.check();
    let infos = messages(&check.diagnostics, Level::Info);
    assert_eq!(infos.len(), 1, "{infos:?}");
    assert!(infos[0].starts_with("book.toml: info: acme/demo: 2 reviews cite lines"));
    assert!(
        infos[0].contains("[repos.\"acme/demo\"] checkout"),
        "{}",
        infos[0]
    );
    assert_eq!(check.warnings(), 0, "{:?}", check.diagnostics);
    // --strict is not upset by an archive that configures no checkouts.
    let mut strict = options(&site.root, &site.out, None);
    strict.strict = true;
    site::build(&strict).expect("strict build passes");
    let html = site.page("20260402-091512-pr-7");
    assert!(excerpts(&html).is_empty());
    assert!(
        html.contains("<pre class=\"code\" data-lang=\"go\">"),
        "the report's block"
    );

    // Reviews that name no repository: one more note, for all of them.
    let loose = review(
        "20260404-091512-pr-9",
        "",
        "I1. **A** — `tree.go:3` [Claude Opus 4.7]\n\nx\n",
    )
    .replace(
        "| **Repo** | [acme/demo](https://github.com/acme/demo) |\n",
        "",
    )
    .replace(
        "| **PR** | [#7](https://github.com/acme/demo/pull/7) — demo |\n",
        "",
    );
    std::fs::write(site.root.join("content/20260404-091512-pr-9.md"), loose).unwrap();
    let infos = messages(&site.check().diagnostics, Level::Info);
    assert_eq!(infos.len(), 2, "{infos:?}");
    assert!(
        infos.contains(&"book.toml: info: no excerpts for reviews that name no repository (1 review, 1 cited location, first in content/20260404-091512-pr-9.md): a Repo row or a content/<owner>/<repo>/ folder names it".to_string()),
        "{infos:?}"
    );
}

/// Builds `findings` citing the first commit and returns the warnings and the page.
fn fallback(site: &Site, rows: &str, findings: &str) -> (Vec<String>, String) {
    site.report(
        "20260402-091512-pr-7",
        &review("20260402-091512-pr-7", rows, findings),
    );
    let check = site.check();
    let report = site.build(&ExcerptCache::new());
    assert_eq!(
        messages(&check.diagnostics, Level::Warning),
        messages(&report.diagnostics, Level::Warning),
        "check and build report the same"
    );
    (
        messages(&check.diagnostics, Level::Warning),
        site.page("20260402-091512-pr-7"),
    )
}

/// A report's own code block, with a comment easy to count on the page.
const OWN_BLOCK: &str = "```go\n// own block\nfunc own() {}\n```\n";

#[test]
fn commit_missing_from_the_checkout_is_one_warning_per_review() {
    let site = Site::new(BOOK);
    two_commits(&site);
    let (warnings, html) = fallback(
        &site,
        "| **Commits** | `deadbeef` gone |\n",
        &format!(
            "I1. **A** — `tree.go:3` [Claude Opus 4.7]\n\n{OWN_BLOCK}\n\
             I2. **B** — `tree.go:4` [Claude Opus 4.7]\n\n{OWN_BLOCK}"
        ),
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("content/acme/demo/20260402-091512-pr-7.md: warning: commit deadbeef (the newest commit of the Commits row) is not in the checkout ../demo"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("findings I1, I2 show the report's own code blocks"));
    assert!(excerpts(&html).is_empty());
    assert_eq!(
        html.matches(" own block\n").count(),
        2,
        "both report blocks shown"
    );
}

#[test]
fn missing_path_ambiguous_name_and_range_past_the_end_are_named_per_finding() {
    let site = Site::new(BOOK);
    let sha = one_commit(
        &site,
        &[
            ("a/util.go", "package a\n"),
            ("b/util.go", "package b\n"),
            ("deep/dir/only.go", "package dir\n\nfunc Only() {}\n"),
        ],
    );
    let rows = format!("| **Commits** | `{}` first |\n", &sha[..8]);
    let (warnings, html) = fallback(
        &site,
        &rows,
        &format!(
            "I1. **Missing** — `nope.go:3` [Claude Opus 4.7]\n\n{OWN_BLOCK}\n\
             I2. **Ambiguous** — `util.go:1` [Claude Opus 4.7]\n\n{OWN_BLOCK}\n\
             I3. **Past the end** — `tree.go:39-45` [Claude Opus 4.7]\n\n{OWN_BLOCK}\n\
             I4. **By basename** — `only.go:3` [Claude Opus 4.7]\n\nFine.\n"
        ),
    );
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    let file = "content/acme/demo/20260402-091512-pr-7.md";
    let short = &sha[..10];
    assert!(
        warnings[0].starts_with(&format!("{file}:")),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains(&format!(
            "I1: `nope.go:3`: no file nope.go at commit {short} in ../demo"
        )),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[1].contains("I2: `util.go:1`: util.go names 2 files")
            && warnings[1].contains("a/util.go, b/util.go"),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[2].contains(
            "I3: `tree.go:39-45`: lines 39-45 are past the end of tree.go, which has 40 lines"
        ),
        "{}",
        warnings[2]
    );
    for w in &warnings {
        assert!(
            w.ends_with("the page shows the report's own code block"),
            "{w}"
        );
    }
    // Three report blocks shown; the basename resolved to its one file.
    assert_eq!(html.matches(" own block\n").count(), 3);
    let figs = excerpts(&html);
    assert_eq!(figs.len(), 1);
    assert!(figs[0].contains(&format!("/blob/{}/deep/dir/only.go#L3", sha)));
    assert!(figs[0].contains("<span class=\"excerpt-dir\">deep/dir/</span>"));
}

#[test]
fn a_checkout_that_is_not_a_repository_is_one_warning_naming_the_reviews() {
    let site = Site::new(BOOK);
    std::fs::create_dir_all(&site.repo).unwrap(); // a plain folder, no .git
    for stem in ["20260402-091512-pr-7", "20260403-091512-pr-8"] {
        site.report(
            stem,
            &review(
                stem,
                "| **Commits** | `0123abcd` x |\n",
                &format!("I1. **A** — `tree.go:3` [Claude Opus 4.7]\n\n{OWN_BLOCK}"),
            ),
        );
    }
    let check = site.check();
    let warnings = messages(&check.diagnostics, Level::Warning);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("book.toml: warning: [repos.\"acme/demo\"] checkout = \"../demo\": not a git repository"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("2 reviews show the reports' own code blocks"));
    assert!(warnings[0].contains("content/acme/demo/20260402-091512-pr-7.md (I1)"));
    assert!(warnings[0].contains("content/acme/demo/20260403-091512-pr-8.md (I1)"));
    // A checkout path that does not exist at all says so.
    std::fs::remove_dir(&site.repo).unwrap();
    let warnings = messages(&site.check().diagnostics, Level::Warning);
    assert!(
        warnings[0].contains("the folder does not exist"),
        "{warnings:?}"
    );
    // The pages still build, with the reports' blocks.
    site.build(&ExcerptCache::new());
    assert!(site.page("20260403-091512-pr-8").contains(" own block\n"));
}

#[test]
fn hostile_file_contents_and_paths_are_escaped() {
    let site = Site::new(BOOK);
    let evil_name = "x\"'<b>&.go";
    let evil_text = "package x\n\n// </code></pre><script>alert(1)</script>\nvar s = \"<img src=x onerror=alert(2)>\" // \u{F8FF}0\u{F8FF}\n";
    let sha = make_repo(&site.repo, &[(&[(evil_name, evil_text)], "evil")]).remove(0);
    let rows = format!("| **Commits** | `{}` evil |\n", &sha[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            &format!(
                "I1. **Evil** — `{evil_name}:3-4` [Claude Opus 4.7]\n\nSee `{evil_name}:4` too.\n"
            ),
        ),
    );
    site.build_clean(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    assert_eq!(figs.len(), 1, "the odd name still resolves");
    assert!(!html.contains("<script>alert"), "script from the file");
    assert!(!html.contains("<img"), "markup from the file");
    assert!(!html.contains("<b>&"), "markup from the path");
    assert!(figs[0].contains("&lt;&#x2f;code&gt;") || figs[0].contains("&lt;/code&gt;"));
    assert!(
        figs[0].contains("x&quot;&#39;&lt;b&gt;&amp;.go"),
        "{}",
        figs[0]
    );
    // The permalinks encode the name; the prose reference links too.
    assert!(
        figs[0].contains("/x%22%27%3Cb%3E%26.go#L3-L4\""),
        "{}",
        figs[0]
    );
    assert!(
        html.contains("/x%22%27%3Cb%3E%26.go#L3-L4\" rel=\"nofollow noopener\" title=\"At the reviewed commit\"><code class=\"loc\">x&quot;&#39;&lt;b&gt;&amp;.go:3-4</code></a>"),
        "the location chip links the odd name, escaped"
    );
    // Prose recognises only plain path characters: the odd name stays text there.
    assert!(!html.contains("#L4\""));
}

#[test]
fn one_reader_per_repository_and_the_cache_serves_rebuilds() {
    let site = Site::new(BOOK);
    let sha = one_commit(
        &site,
        &[
            ("pkg/a.go", "package pkg\n\nfunc A() {}\n"),
            ("pkg/b.go", "package pkg\n\nfunc B() {}\n"),
            ("cmd/main.go", "package main\n\nfunc main() {}\n"),
        ],
    );
    for (stem, n) in [("20260402-091512-pr-7", 7), ("20260403-091512-pr-8", 8)] {
        let rows = format!("| **Commits** | `{}` first |\n", &sha[..8]);
        site.report(
            stem,
            &review(
                stem,
                &rows,
                &format!(
                    "I1. **A{n}** — `tree.go:{n}` [Claude Opus 4.7]\n\nx\n\n\
                     I2. **B** — `pkg/a.go:3`, `pkg/b.go:3`, `main.go:3` [Claude Opus 4.7]\n\nx\n"
                ),
            ),
        );
    }
    let cache = ExcerptCache::new();
    site.build_clean(&cache);
    assert_eq!(cache.reader_spawns(), 1, "one reader for the repository");
    assert_eq!(cache.files(), 4);
    assert_eq!(cache.tree_listings(), 1, "one listing, for `main.go`");
    let page = site.page("20260402-091512-pr-7");
    assert_eq!(excerpts(&page).len(), 4);
    // A rebuild with the same cache reads nothing again.
    site.build(&cache);
    assert_eq!(cache.reader_spawns(), 1, "everything came from the cache");
    assert_eq!(cache.tree_listings(), 1);
    assert_eq!(site.page("20260402-091512-pr-7"), page);
    // A fresh cache starts one reader again.
    let fresh = ExcerptCache::new();
    site.build(&fresh);
    assert_eq!(fresh.reader_spawns(), 1);
}

#[test]
fn excerpts_read_well_in_a_browser_light_dark_and_narrow() {
    let site = Site::new(BOOK);
    let long = format!(
        "package tern\n\nvar banner = \"{}\"\n\nfunc f() {{}}\n",
        "x".repeat(300)
    );
    let sha = make_repo(&site.repo, &[(&[("long.go", long.as_str())], "long")]).remove(0);
    let rows = format!("| **Commits** | `{}` long |\n", &sha[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            "I1. **Long line** — `long.go:3` [Claude Opus 4.7]\n\nA long line.\n",
        ),
    );
    site.build(&ExcerptCache::new());
    let url = crate::support::browser::file_url(&site.out.join("20260402-091512-pr-7.html"));
    let Some(result) = crate::support::browser::run("excerpts.mjs", &[&url]) else {
        return;
    };
    let cases = result["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 4);
    for c in cases {
        let case = format!("{} {}px", c["colorScheme"], c["width"]);
        // Long lines scroll inside the excerpt; the page itself never scrolls sideways.
        assert_eq!(c["pageScrollsSideways"], false, "{case}: {c}");
        assert!(c["excerptWidth"].as_f64().unwrap() <= c["width"].as_f64().unwrap());
        // Line numbers are shown but not copied with the code.
        assert_eq!(c["firstNumber"], "\"1\"", "{case}");
        let copied = c["copied"].as_str().unwrap();
        assert!(copied.starts_with("package tern\n"), "{case}: {copied:?}");
        assert!(copied.contains("func f() {}"), "{case}: {copied:?}");
        // The cited line stands out from the context lines.
        assert_ne!(c["citedBackground"], c["plainBackground"], "{case}");
    }
    // The cited line is not coloured alike in light and dark mode.
    assert_ne!(cases[0]["citedBackground"], cases[2]["citedBackground"]);
    assert_ne!(cases[0]["pageBackground"], cases[2]["pageBackground"]);
    assert_eq!(result["pageErrors"], serde_json::json!([]));
    assert_eq!(result["blocked"], serde_json::json!([]));
}

#[test]
fn long_ranges_stop_at_the_line_limit_and_point_to_the_permalink() {
    let site = Site::new(BOOK);
    let long: String = (1..=300).map(|n| format!("// line {n}\n")).collect();
    let sha = make_repo(&site.repo, &[(&[("long.go", long.as_str())], "long")]).remove(0);
    let rows = format!("| **Commits** | `{}` long |\n", &sha[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            "I1. **Everything** — `long.go:10-250` [Claude Opus 4.7]\n\nx\n",
        ),
    );
    site.build(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    let lines = excerpt_lines(figs[0]);
    // Two lines of context, then lines up to the limit of 120.
    assert_eq!(lines.len(), reviewsite::enrich::excerpts::MAX_EXCERPT_LINES);
    assert_eq!(lines[0].0, 8);
    assert_eq!(lines.last().unwrap().0, 127);
    // Cited lines 128-250 are not shown: the footer says so and links the permalink.
    assert!(
        figs[0].contains(&format!(
            "<a href=\"https://github.com/acme/demo/blob/{sha}/long.go#L10-L250\" rel=\"nofollow noopener\">123 more cited lines at the link above</a>"
        )),
        "{}",
        figs[0]
    );
}

#[test]
fn a_site_kept_in_memory_makes_an_edited_reports_excerpts_from_its_cache() {
    // What `serve` does: load once, then after a save refresh the report and render again.
    use reviewsite::output::Collected;
    use std::collections::HashSet;
    let (site, _first, _second) =
        reviewing_first_commit("I1. **`f12`** — `tree.go:12` [Claude Opus 4.7]\n\nx\n");
    let opts = options(&site.root, &site.out, None);
    let cache = ExcerptCache::new();
    let mut kept = reviewsite::site::Site::load_with(&opts, cache.clone()).expect("load");
    let page = |kept: &mut reviewsite::site::Site| {
        let out = Collected::default();
        kept.render(&out).expect("render");
        let files = out.into_files();
        let html = files
            .into_iter()
            .find(|(p, _)| p == "20260402-091512-pr-7.html")
            .map(|(_, b)| String::from_utf8(b.to_vec()).unwrap());
        html.expect("the review page was rendered again")
    };
    let before = page(&mut kept);
    let cited: Vec<u32> = excerpt_lines(excerpts(&before)[0])
        .iter()
        .filter(|l| l.1)
        .map(|l| l.0)
        .collect();
    assert_eq!(cited, vec![12]);
    assert_eq!(cache.reader_spawns(), 1);

    // The report now cites line 20 of the same file at the same commit, and the checkout
    // is gone: only the site's cache can still give the excerpt.
    std::fs::remove_dir_all(&site.repo).unwrap();
    let path = site.root.join("content/acme/demo/20260402-091512-pr-7.md");
    let text = read(&path).replace("`tree.go:12`", "`tree.go:20`");
    std::fs::write(&path, text).unwrap();
    let touched: HashSet<PathBuf> = [path].into_iter().collect();
    kept.refresh_content(&touched, false).expect("refresh");
    let after = page(&mut kept);
    let lines = excerpt_lines(excerpts(&after)[0]);
    let cited: Vec<u32> = lines.iter().filter(|l| l.1).map(|l| l.0).collect();
    assert_eq!(cited, vec![20]);
    assert!(lines.iter().any(|l| l.2.contains("f20")), "{lines:?}");
    assert_eq!(cache.reader_spawns(), 1, "no reader was started again");
}

#[test]
fn a_site_kept_in_memory_says_each_repository_problem_once_however_often_it_refreshes() {
    use reviewsite::output::Collected;
    use std::collections::HashSet;
    let site = Site::new(BOOK);
    // A review that names no repository (no Repo row, not under content/<owner>/<repo>/)
    // but cites lines: one `info` for all such reviews.
    let path = site.root.join("content/20260402-091512-pr-9.md");
    let text = |n: u32| {
        format!(
            "# Deep Review: x\n\n| | |\n|---|---|\n| **Date** | 2026-04-02 09:15 |\n\
             | **Verdict** | **Merge** |\n\n## Important Issues\n\n\
             I1. **A** — `tree.go:{n}` [Claude Opus 4.7]\n\nx\n"
        )
    };
    std::fs::write(&path, text(3)).unwrap();
    // A second one, never edited: a refresh reads only the first, so its tally differs
    // from the full load's.
    std::fs::write(site.root.join("content/20260401-091512-pr-8.md"), text(3)).unwrap();
    let opts = options(&site.root, &site.out, None);
    let mut kept = reviewsite::site::Site::load_with(&opts, ExcerptCache::new()).expect("load");
    kept.render(&Collected::default()).expect("render");
    let no_repo = |kept: &reviewsite::site::Site| {
        kept.diagnostics()
            .iter()
            .filter(|d| d.message.contains("reviews that name no repository"))
            .count()
    };
    assert_eq!(no_repo(&kept), 1);
    for n in 4..7 {
        std::fs::write(&path, text(n)).unwrap();
        let touched: HashSet<PathBuf> = [path.clone()].into_iter().collect();
        kept.refresh_content(&touched, false).expect("refresh");
        kept.render(&Collected::default()).expect("render");
        assert_eq!(no_repo(&kept), 1, "{:?}", kept.diagnostics());
    }
}

#[test]
fn far_apart_citations_of_a_large_file_are_each_highlighted() {
    // 9,000 lines (over 300 KB): cited near the top and near the end, by two findings. Each
    // excerpt is highlighted on its own, not as one span too large to highlight.
    let site = Site::new(BOOK);
    let mut big = String::from("package tern\n\n");
    for n in 3..=9000 {
        big.push_str(&format!("func f{n}() int {{ return {n} }} // line {n}\n"));
    }
    let sha = one_commit(&site, &[("big.go", big.as_str())]);
    let rows = format!("| **Commits** | `{}` big |\n", &sha[..8]);
    site.report(
        "20260402-091512-pr-7",
        &review(
            "20260402-091512-pr-7",
            &rows,
            "I1. **Top** — `big.go:10` [Claude Opus 4.7]\n\nx\n\n\
             I2. **Bottom** — `big.go:8990` [Claude Opus 4.7]\n\nx\n",
        ),
    );
    site.build_clean(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    assert_eq!(figs.len(), 2);
    for fig in figs {
        let lines = excerpt_lines(fig);
        let cited: Vec<&(u32, bool, String)> = lines.iter().filter(|l| l.1).collect();
        assert_eq!(cited.len(), 1);
        assert!(
            cited[0].2.contains("class=\"hl-"),
            "line {} is highlighted: {}",
            cited[0].0,
            cited[0].2
        );
    }
}

/// The hrefs of a page's code links (location chips and references), in order.
fn code_hrefs(html: &str) -> Vec<&str> {
    html.match_indices("<a class=\"")
        .filter(|(i, _)| {
            html[*i..].starts_with("<a class=\"code-ref\"")
                || html[*i..].starts_with("<a class=\"loc-link\"")
        })
        .map(|(i, _)| {
            let at = i + html[i..].find("href=\"").unwrap() + 6;
            &html[at..at + html[at..].find('"').unwrap()]
        })
        .collect()
}

/// Findings citing a file at the repository root (`tree.go`, never linked without the
/// checkout: nothing explains a bare name), one in a folder (`doc/usage.go`), a line
/// past the end of that file, and a folder path the commit does not have.
const MIXED: &str = "I1. **A** — `tree.go:3` [Claude Opus 4.7]\n\n\
     See `doc/usage.go:2` and `doc/usage.go:99`, and `pkg/gone.go:4`.\n";

#[test]
fn a_commit_missing_from_the_checkout_still_gets_links_as_cited() {
    let site = Site::new(BOOK);
    two_commits(&site);
    let (warnings, html) = fallback(&site, "| **Commits** | `DEADBEEF` gone |\n", MIXED);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("commit deadbeef"), "{}", warnings[0]);
    // The SHA as written (lower case), the paths by the rule: nothing verified, so the
    // line past the end of the file and the path the commit lacks link too.
    let base = "https://github.com/acme/demo/blob/deadbeef";
    assert_eq!(
        code_hrefs(&html),
        [
            format!("{base}/doc/usage.go#L2"),
            format!("{base}/doc/usage.go#L99"),
            format!("{base}/pkg/gone.go#L4"),
        ]
    );
}

#[test]
fn with_the_commit_in_the_checkout_only_verified_paths_and_lines_link() {
    let (site, first, _) = reviewing_first_commit(MIXED);
    site.build(&ExcerptCache::new());
    let html = site.page("20260402-091512-pr-7");
    let base = format!("https://github.com/acme/demo/blob/{first}");
    // The full SHA; the root file found by its name; no link for the line past the end of
    // `doc/usage.go` (3 lines) nor for the path the commit does not have.
    assert_eq!(
        code_hrefs(&html),
        [
            format!("{base}/tree.go#L3"),
            format!("{base}/doc/usage.go#L2")
        ]
    );
    assert_eq!(excerpts(&html).len(), 1);
}

#[test]
fn an_unusable_checkout_still_gets_links_as_cited() {
    let site = Site::new(BOOK);
    std::fs::create_dir_all(&site.repo).unwrap(); // a plain folder, no .git
    let (warnings, html) = fallback(&site, "| **Commits** | `0123abcd` x |\n", MIXED);
    assert!(warnings[0].contains("not a git repository"), "{warnings:?}");
    assert_eq!(
        code_hrefs(&html)[0],
        "https://github.com/acme/demo/blob/0123abcd/doc/usage.go#L2"
    );
    // And a checkout folder that does not exist.
    std::fs::remove_dir(&site.repo).unwrap();
    let (warnings, html) = fallback(&site, "| **Commits** | `0123abcd` x |\n", MIXED);
    assert!(
        warnings[0].contains("the folder does not exist"),
        "{warnings:?}"
    );
    assert_eq!(code_hrefs(&html).len(), 3);
}

/// `git clone <flags> <from> <to>` with the test identity.
fn clone(from: &Path, to: &Path, flags: &[&str]) {
    let parent = to.parent().unwrap();
    let mut args = vec!["clone", "-q"];
    args.extend_from_slice(flags);
    let from = format!("file://{}", from.display());
    let to = to.display().to_string();
    args.extend_from_slice(&[from.as_str(), to.as_str()]);
    git(parent, &args, "2026-03-09T10:00:00Z");
}

#[test]
fn a_bare_clone_given_with_checkout_serves_excerpts() {
    // book.toml names a checkout that does not exist; --checkout points at a bare clone.
    let site = Site::new(BOOK);
    let source = site.root.parent().unwrap().join("source");
    let v1 = tree_v1();
    let sha = make_repo(&source, &[(&[("tree.go", v1.as_str())], "first")]).remove(0);
    let bare = site.root.parent().unwrap().join("demo.git");
    clone(&source, &bare, &["--bare"]);
    std::fs::remove_dir_all(&source).unwrap();
    report_citing_tree_go(&site, &sha);
    let mut opts = options(&site.root, &site.out, None);
    opts.strict = true;
    opts.overrides.checkouts = vec![format!("acme/demo={}", bare.display())];
    let cache = ExcerptCache::new();
    site::build_with(&opts, &cache).expect("a strict build: the bare clone serves");
    let html = site.page("20260402-091512-pr-7");
    let figs = excerpts(&html);
    assert_eq!(figs.len(), 1);
    assert!(figs[0].contains(&format!("/blob/{sha}/tree.go#L12\"")));
    assert!(excerpt_lines(figs[0])
        .iter()
        .any(|l| l.1 && l.2.contains("f12")));
    assert_eq!(cache.reader_spawns(), 1);
}

#[test]
fn a_partial_clone_without_the_files_is_a_warning_per_location_and_never_fetches() {
    let site = Site::new(BOOK);
    let source = site.root.parent().unwrap().join("source");
    let v1 = tree_v1();
    let sha = make_repo(
        &source,
        &[(
            &[("tree.go", v1.as_str()), ("doc/usage.go", "package doc\n")],
            "first",
        )],
    )
    .remove(0);
    git(
        &source,
        &["config", "uploadpack.allowFilter", "true"],
        "2026-03-09T10:00:00Z",
    );
    clone(&source, &site.repo, &["--bare", "--filter=blob:none"]);
    // Offline: the promisor remote is gone, so a fetch could only fail (or wait).
    std::fs::remove_dir_all(&source).unwrap();
    let rows = format!("| **Commits** | `{}` first |\n", &sha[..8]);
    let (warnings, html) = fallback(
        &site,
        &rows,
        "I1. **A** — `tree.go:12` [Claude Opus 4.7]\n\nx\n\n\
         I2. **B** — `doc/usage.go:1` [Claude Opus 4.7]\n\nx\n",
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for (w, path) in warnings.iter().zip(["tree.go", "doc/usage.go"]) {
        assert!(
            w.contains(&format!("the content of {path} at commit {}", &sha[..10]))
                && w.contains("a partial clone"),
            "{w}"
        );
    }
    assert!(excerpts(&html).is_empty());
    // The commit lists both paths: they link at the full SHA, their lines unchecked.
    assert_eq!(
        code_hrefs(&html),
        [
            format!("https://github.com/acme/demo/blob/{sha}/tree.go#L12"),
            format!("https://github.com/acme/demo/blob/{sha}/doc/usage.go#L1"),
        ]
    );
}

#[test]
fn the_checkout_flag_is_relative_to_the_current_folder_and_checked() {
    let site = Site::new("");
    let sha = one_commit(&site, &[]);
    report_citing_tree_go(&site, &sha);
    let tmp = site.root.parent().unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_reviewsite"))
            .current_dir(tmp)
            .args(args)
            .output()
            .expect("run reviewsite")
    };
    // `demo` is the repository beside the site: relative to the current folder, not to
    // the site folder (where `../demo` would name it).
    let out = run(&[
        "check",
        "--strict",
        "--root",
        "site",
        "--checkout",
        "acme/demo=demo",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[
        "build",
        "--root",
        "site",
        "--output",
        "out",
        "--checkout",
        "acme/demo=demo",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(excerpts(&site.page("20260402-091512-pr-7")).len(), 1);
    // A path that does not exist says so, naming the flag.
    let out = run(&["check", "--root", "site", "--checkout", "acme/demo=../demo"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "command line: warning: --checkout acme/demo=../demo: the folder does not exist"
        ),
        "{stderr}"
    );
    // Bad syntax: an error naming the value and the form.
    let out = run(&["build", "--root", "site", "--checkout", "demo"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--checkout \"demo\": expected OWNER/NAME=PATH"),
        "{stderr}"
    );
}
