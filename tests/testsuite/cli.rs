//! The command line as users of Zola and Hugo expect it, run as the real binary: short
//! flags (`-r`, `-o`, `-u`, `-i`, `-p`, `-O`), `--quiet`, identical warnings printed as
//! one line with a count (`build`, `check`, `--strict`), and `completions <shell>`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

const GOOD: &str = "20260402-091512-pr-212";
/// The orphan sidecars of [`site_with_orphans`]: each gives the same warning.
const ORPHANS: [&str; 3] = [
    "20260101-000000-b.json",
    "20260101-000000-a.json",
    "20260101-000000-c.json",
];
const ORPHAN_WARNING: &str =
    "sidecar has no report beside it (expected a .md file with the same stem); ignored: rename it with its report, or delete it";

/// A site with one good report of the example and three sidecars with no report beside
/// them: (the guard, the site root, where to build).
fn site_with_orphans() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(&content).expect("mkdir");
    std::fs::copy(
        crate::support::manifest_dir().join(format!("content/acme/tern/{GOOD}.md")),
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
    let report = reviewsite::site::check(&crate::support::options(root, out, None)).expect("check");
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

#[test]
fn short_flags_work_as_the_long_ones() {
    let (tmp, root, out) = site_with_orphans();
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    let build = run_in(tmp.path(), &["build", "-r", r, "-o", o, "-u", "/x/"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    // The 404 page is the one whose links start at the base path.
    let page = crate::support::read(&out.join("404.html"));
    assert!(
        page.contains("href=\"/x/index.html\""),
        "-u gave the base path:\n{page}"
    );

    let comment = run_in(
        tmp.path(),
        &[
            "comment",
            GOOD,
            "-r",
            r,
            "-u",
            "https://acme.example/reviews/",
        ],
    );
    assert!(comment.status.success(), "{}", text(&comment.stderr));
    assert!(text(&comment.stdout).contains(&format!("https://acme.example/reviews/{GOOD}.html")));

    let check = run_in(tmp.path(), &["check", "-r", r]);
    assert!(text(&check.stdout).contains("Checked 1 review(s)"));

    let server = crate::support::serve::start(&root, &["-i", "127.0.0.1", "-u", "/x/"]);
    assert!(server.url.ends_with("/x/"), "{}", server.url);
    assert_eq!(server.get("/x/index.html").status, 200);
    drop(server);

    // -O opens a browser, so it is only read from the help, as are the others.
    for (command, flags) in [
        (
            "build",
            &["-r, --root", "-o, --output", "-u, --base-url"][..],
        ),
        (
            "serve",
            &[
                "-r, --root",
                "-i, --interface",
                "-p, --port",
                "-O, --open",
                "-u, --base-url",
            ],
        ),
        ("check", &["-r, --root"]),
        ("comment", &["-r, --root", "-u, --base-url"]),
    ] {
        let help = text(&run_in(tmp.path(), &[command, "--help"]).stdout);
        for flag in flags {
            assert!(help.contains(flag), "{command} --help has {flag}:\n{help}");
        }
        assert!(
            help.contains("-q, --quiet"),
            "{command} --help has -q:\n{help}"
        );
    }
}

#[test]
fn quiet_prints_nothing_on_success_and_only_what_fails() {
    let (tmp, _root, _out) = site_with_orphans();
    for args in [
        &["--quiet", "build", "-r", "site", "-o", "out"][..],
        &["build", "-r", "site", "-o", "out", "-q"],
        &["check", "-r", "site", "--quiet"],
    ] {
        let run = run_in(tmp.path(), args);
        assert!(run.status.success(), "{args:?}: {}", text(&run.stderr));
        assert_eq!(text(&run.stderr), "", "{args:?} prints no warning");
        assert_eq!(text(&run.stdout), "", "{args:?} prints no summary");
    }
    // extract prints its sidecar, but not the warnings about the report.
    std::fs::write(
        tmp.path().join("prose.md"),
        "# Deep Review: x\n\nJust prose.\n",
    )
    .unwrap();
    let extract = run_in(tmp.path(), &["-q", "extract", "prose.md"]);
    assert!(extract.status.success());
    assert_eq!(text(&extract.stderr), "", "no warning");
    assert!(text(&extract.stdout).contains("\"schema\""));
    assert!(
        tmp.path().join("out/index.html").is_file(),
        "the site was built"
    );

    // The problems that fail --strict are still shown, grouped, and fail the run.
    let line = orphans_line(&tmp.path().join("site"), &tmp.path().join("out"));
    let before = crate::support::snapshot(&tmp.path().join("out"));
    let strict = run_in(
        tmp.path(),
        &["build", "-q", "--strict", "-r", "site", "-o", "out"],
    );
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(text(&strict.stdout), "");
    assert_eq!(
        text(&strict.stderr),
        format!(
            "error: {line}\nbuild failed with 3 problem(s) (--strict); the previous output is unchanged\n"
        )
    );
    assert_eq!(crate::support::snapshot(&tmp.path().join("out")), before);
    let check = run_in(tmp.path(), &["check", "-q", "--strict", "-r", "site"]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(text(&check.stdout), "", "no summary");
    assert_eq!(text(&check.stderr), format!("{line}\n"), "no notes");
}

#[test]
fn quiet_serve_prints_its_url_and_errors_only() {
    let (_tmp, root) = crate::support::example_site();
    let server = crate::support::serve::start(&root, &["--quiet"]);
    let mut events = server.events();
    events.next_build(Duration::from_secs(5)).expect("a build");
    // A save that rebuilds a page and brings a new warning: nothing is printed.
    let (_, report) = crate::support::example_reports().remove(0);
    let report = root.join("content").join(report);
    let mut md = crate::support::read(&report);
    md.push_str("\nA new paragraph.\n");
    std::fs::write(&report, md).unwrap();
    std::fs::write(root.join("content/20260101-000000-orphan.json"), "{}").unwrap();
    events.next_build(Duration::from_secs(10)).expect("rebuilt");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.output(), format!("Serving {}", server.url));
    // A rebuild that fails is an error, printed.
    let book = root.join("book.toml");
    let good = crate::support::read(&book);
    std::fs::write(&book, format!("{good}\nno_such_key = 1\n")).unwrap();
    assert!(
        server.wait_output("error:", Duration::from_secs(10)),
        "{}",
        server.output()
    );
    assert!(
        server.output().contains("no_such_key"),
        "{}",
        server.output()
    );
}

#[test]
fn completions_are_printed_for_every_shell() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bash = run_in(tmp.path(), &["completions", "bash"]);
    assert!(bash.status.success(), "{}", text(&bash.stderr));
    let script = text(&bash.stdout);
    assert!(
        script.contains("reviewsite") && script.contains("--root"),
        "{script}"
    );
    assert!(
        script.contains("complete "),
        "a bash completion script:\n{script}"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let run = run_in(tmp.path(), &["completions", shell]);
        assert!(run.status.success(), "{shell}: {}", text(&run.stderr));
        assert!(text(&run.stdout).contains("base-url"), "{shell}");
    }
    let unknown = run_in(tmp.path(), &["completions", "tcsh"]);
    assert!(!unknown.status.success());
}
