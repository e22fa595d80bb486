//! `reviewsite init` on an archive laid out as real ones are: a project repository whose
//! review reports live at the root of a `reviews` branch, beside a README and an old
//! hand-made `<stem>.html` page. It writes a book.toml that loads, a workflow for that
//! branch, and `public/` in .gitignore, says which GitHub settings to make, and never
//! replaces a file without --force; the archive then builds.

use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn reviewsite(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("reviewsite runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A repository with a `main` branch (the project) and a `reviews` branch holding the
/// example's acme/tern reports at its root, a README and an old hand-made page.
fn archive() -> (tempfile::TempDir, Vec<String>) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["config", "user.email", "t@example.com"]);
    git(dir, &["config", "user.name", "T"]);
    git(
        dir,
        &[
            "remote",
            "add",
            "origin",
            "https://github.com/acme/tern.git",
        ],
    );
    std::fs::write(dir.join("main.go"), "package main\n").unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "project"]);
    git(dir, &["checkout", "-q", "--orphan", "reviews"]);
    git(dir, &["rm", "-q", "-r", "--cached", "."]);
    std::fs::remove_file(dir.join("main.go")).unwrap();
    let mut stems = Vec::new();
    let tern = crate::support::manifest_dir().join("content/acme/tern");
    for e in std::fs::read_dir(&tern).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        if p.extension().is_some_and(|x| x == "md") {
            stems.push(p.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    std::fs::write(
        dir.join("README.md"),
        "# Reviews of tern\n\nOne file per review.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join(format!("{}.html", stems[0])),
        "<html><body>old hand-made page</body></html>\n",
    )
    .unwrap();
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "reviews"]);
    stems.sort();
    (tmp, stems)
}

#[test]
fn init_sets_up_a_reviews_branch_for_pages() {
    let (tmp, stems) = archive();
    let dir = tmp.path();
    let (ok, out, err) = reviewsite(dir, &["init"]);
    assert!(ok, "{out}\n{err}");
    assert!(
        out.contains(&format!(
            "Found {} review report(s) (acme/tern: ",
            stems.len()
        )),
        "{out}"
    );
    for file in [
        "book.toml",
        ".github/workflows/review-site.yml",
        ".gitignore",
    ] {
        assert!(out.contains(&format!("created   {file}")), "{file}: {out}");
        assert!(dir.join(file).is_file(), "{file}");
    }
    // The one-time settings: Pages' source, and the branch rule (reviews is not main).
    assert!(
        out.contains("https://github.com/acme/tern/settings/pages")
            && out.contains("Source: \"GitHub Actions\""),
        "{out}"
    );
    assert!(
        out.contains("settings/environments")
            && out.contains("add \"reviews\"")
            && out.contains("default branch (main)"),
        "{out}"
    );

    let config = reviewsite::config::Config::load(dir, &Default::default()).unwrap();
    assert_eq!(config.base_url, "https://acme.github.io/tern/");
    assert!(config.repo("acme/tern").is_some());
    assert_eq!(
        config.content_dir, dir,
        "reports at the root are the content"
    );

    let yaml = std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap();
    let wf: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(wf["on"]["push"]["branches"][0], "reviews");
    let uses = wf["jobs"]["build"]["steps"][1]["uses"].as_str().unwrap();
    assert_eq!(
        uses,
        format!("reviewsite/reviewsite@v{}", env!("CARGO_PKG_VERSION_MAJOR"))
    );
    assert_eq!(wf["jobs"]["build"]["steps"][1]["with"]["root"], ".");
    assert_eq!(
        wf["jobs"]["deploy"]["environment"]["name"], "github-pages",
        "{yaml}"
    );
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/public/"), "{ignore}");

    // The archive builds as it is, with the README and the old page left alone.
    let (ok, out, err) = reviewsite(dir, &["build"]);
    assert!(ok, "{out}\n{err}");
    for stem in &stems {
        assert!(
            dir.join("public").join(format!("{stem}.html")).is_file(),
            "{stem}"
        );
    }
    assert!(!dir.join("public/README.html").exists());
    // No checkout configured: finding locations link to GitHub at the reviewed commit.
    let pages: String = stems
        .iter()
        .map(|s| std::fs::read_to_string(dir.join("public").join(format!("{s}.html"))).unwrap())
        .collect();
    assert!(
        pages.contains("class=\"loc-link\" href=\"https://github.com/acme/tern/blob/"),
        "no location links to acme/tern at a commit"
    );
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["status", "--porcelain", "--untracked-files=all"])
        .output()
        .unwrap();
    let status = String::from_utf8_lossy(&status.stdout);
    assert!(
        !status.contains("public/"),
        "the output is ignored: {status}"
    );
}

#[test]
fn init_keeps_what_exists_unless_forced() {
    let (tmp, _) = archive();
    let dir = tmp.path();
    std::fs::write(dir.join("book.toml"), "title = \"Mine\"\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "/public/\n").unwrap();
    let (ok, out, err) = reviewsite(dir, &["init", "--branch", "pages-src"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("kept (exists; --force replaces it) book.toml"),
        "{out}"
    );
    assert!(out.contains("unchanged .gitignore"), "{out}");
    assert_eq!(
        std::fs::read_to_string(dir.join("book.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    let yaml = std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap();
    assert!(yaml.contains("branches: [\"pages-src\"]"), "{yaml}");

    std::fs::write(dir.join(".github/workflows/review-site.yml"), "mine\n").unwrap();
    let (ok, out, _) = reviewsite(dir, &["init"]);
    assert!(ok);
    assert!(
        out.contains("kept (exists; --force replaces it) .github/workflows/review-site.yml"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap(),
        "mine\n"
    );
    let (ok, out, _) = reviewsite(dir, &["init", "--force", "--action", "me/rs@v9"]);
    assert!(ok);
    assert!(out.contains("replaced  book.toml"), "{out}");
    let yaml = std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap();
    assert!(yaml.contains("uses: me/rs@v9"), "{yaml}");
    assert!(std::fs::read_to_string(dir.join("book.toml"))
        .unwrap()
        .contains("[repos.\"acme/tern\"]"));
}

#[test]
fn init_in_a_subfolder_roots_the_workflow_there() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    git(dir, &["init", "-q", "-b", "main"]);
    let sub = dir.join("docs/reviews");
    std::fs::create_dir_all(&sub).unwrap();
    let quill = crate::support::manifest_dir().join("content/acme/quill/20260318-204455-pr-87.md");
    std::fs::copy(&quill, sub.join("20260318-204455-pr-87.md")).unwrap();
    let (ok, out, err) = reviewsite(dir, &["init", "docs/reviews"]);
    assert!(ok, "{err}");
    // On the default branch: no rule to add.
    assert!(!out.contains("settings/environments"), "{out}");
    assert!(out.contains("created   docs/reviews/book.toml"), "{out}");
    let yaml = std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap();
    let wf: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yaml).unwrap();
    assert_eq!(
        wf["jobs"]["build"]["steps"][1]["with"]["root"],
        "docs/reviews"
    );
    assert_eq!(wf["on"]["push"]["branches"][0], "main");
}

#[test]
fn init_needs_a_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let (ok, _, err) = reviewsite(tmp.path(), &["init", "nowhere"]);
    assert!(!ok);
    assert!(err.contains("nowhere: no such folder"), "{err}");
}

#[test]
fn the_readme_shows_the_workflow_init_writes() {
    let (tmp, _) = archive();
    let dir = tmp.path();
    let (ok, _, err) = reviewsite(dir, &["init"]);
    assert!(ok, "{err}");
    let written: serde_yaml_ng::Value = serde_yaml_ng::from_str(
        &std::fs::read_to_string(dir.join(".github/workflows/review-site.yml")).unwrap(),
    )
    .unwrap();
    let readme = std::fs::read_to_string(crate::support::manifest_dir().join("README.md")).unwrap();
    let after = readme
        .split_once("The workflow `init` writes")
        .expect("the README shows init's workflow")
        .1;
    let block = after
        .split_once("```yaml\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("a yaml block")
        .0;
    let shown: serde_yaml_ng::Value = serde_yaml_ng::from_str(block).unwrap();
    assert_eq!(shown, written, "README:\n{block}");
}
