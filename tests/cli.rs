//! The command line as users of Zola and Hugo expect it, run as the real binary: identical
//! warnings printed as one line with a count (`build`, `check`, `--strict`).

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const GOOD: &str = "20260402-091512-pr-212";
/// The orphan sidecars of [`site_with_orphans`]: each gives the same warning.
const ORPHANS: [&str; 3] = [
    "20260101-000000-b.json",
    "20260101-000000-a.json",
    "20260101-000000-c.json",
];
const ORPHAN_WARNING: &str =
    "sidecar has no report beside it (expected a .md file with the same stem); ignored";

/// A site with one good report of the example and three sidecars with no report beside
/// them: (the guard, the site root, where to build).
fn site_with_orphans() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    std::fs::copy(
        support::manifest_dir().join(format!("content/acme/tern/{GOOD}.md")),
        content.join(format!("{GOOD}.md")),
    )
    .expect("copy");
    for orphan in ORPHANS {
        std::fs::write(content.join(orphan), r#"{"schema": 1}"#).expect("write");
    }
    let out = tmp.path().join("out");
    (tmp, root, out)
}

/// Runs the real binary in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run reviewsite")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The one line the three orphan warnings are shown as: the first of them in the order
/// the build reports them.
fn orphans_line(root: &Path, out: &Path) -> String {
    let report = reviewsite::build::check(&support::options(root, out, None)).expect("check");
    let first = report
        .diagnostics
        .iter()
        .find(|d| d.message == ORPHAN_WARNING)
        .expect("an orphan warning");
    format!("3 × warning: {ORPHAN_WARNING} — first at {}", first.file)
}

#[test]
fn identical_warnings_are_one_line_with_a_count() {
    let (tmp, root, out) = site_with_orphans();
    let line = orphans_line(&root, &out);
    let build = run_in(tmp.path(), &["build", "--root", "site", "--output", "out"]);
    let stderr = text(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    assert_eq!(stderr.lines().collect::<Vec<_>>(), [line.as_str()]);
    assert!(
        text(&build.stdout).contains(", 3 warning(s), "),
        "the summary counts each warning: {}",
        text(&build.stdout)
    );

    let check = run_in(tmp.path(), &["check", "--root", "site"]);
    let stderr = text(&check.stderr);
    assert!(check.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains(ORPHAN_WARNING))
            .collect::<Vec<_>>(),
        [line.as_str()]
    );
    assert!(text(&check.stdout).contains("3 warning(s)"));

    let strict = run_in(
        tmp.path(),
        &["build", "--root", "site", "--output", "out", "--strict"],
    );
    let stderr = text(&strict.stderr);
    assert_eq!(strict.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!("error: {line}").as_str(),
            "build failed with 3 problem(s) (--strict); the previous output is unchanged"
        ]
    );
}
