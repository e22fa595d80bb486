//! Bad input gets a clear message and costs nothing else: every kind of broken report or
//! sidecar is named (with its line or JSON path where known), the rest of the site builds,
//! `--strict` turns the warnings into a failing exit code, and nothing panics or overflows
//! the stack — deep nesting, 10,000 findings and a 100 MB report included (all made at
//! run time, never committed).

use crate::support::{options, read, show};
use reviewsite::site::build;
use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = "20260402-091512-pr-212";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

/// A small review with one finding per entry of `titles`.
fn review(title: &str, body: &str) -> String {
    format!(
        "# Deep Review: {title}\n\n| | |\n|---|---|\n| **Date** | 2026-05-01 10:00 |\n\
         | **Repo** | acme/tern |\n| **Verdict** | **Rework** — see below. |\n\n{body}"
    )
}

/// (file relative to the site, what its diagnostic must say, the line it must give).
type Expect = (&'static str, &'static str, Option<usize>);

/// A temporary site whose content folder holds one good report of the example: (the
/// folder, the site root, the content folder).
fn site_with_good_report() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let c = root.join("content");
    std::fs::create_dir_all(&c).expect("mkdir");
    std::fs::copy(
        crate::support::manifest_dir().join(format!("content/acme/tern/{GOOD}.md")),
        c.join(format!("{GOOD}.md")),
    )
    .expect("copy");
    (tmp, root, c)
}

/// A site with one good report and one of every kind of bad input.
fn bad_site() -> (tempfile::TempDir, PathBuf, Vec<Expect>) {
    let (tmp, root, c) = site_with_good_report();
    write(&c.join("20260501-000000-empty.md"), "");
    write(
        &c.join("20260502-000000-no-table.md"),
        "# Deep Review: x\n\n| | |\n|---|---|\n\nJust prose.\n",
    );
    write(
        &c.join("20260503-000000-bad-utf8.md"),
        b"# Deep Review: x\n\nline two\nbad \xff\xfe here\n",
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..2000u32).map(|i| (i * 7 % 256) as u8));
    write(&c.join("20260504-000000-binary.md"), png);
    write(
        &c.join("20260505-000000-fence.md"),
        review(
            "fence",
            "## Important Issues\n\nI1. **Open fence** — `a.go:1`\n\n```go\nfunc f() {\n\n## Suggestions\n",
        ),
    );
    write(
        &c.join("20260506-000000-table.md"),
        review("table", "## Notes\n\n| a | b |\n|---|---|\n| 1 | 2 | 3 |\n"),
    );
    for repo in ["acme/quill", "acme/tern"] {
        write(
            &c.join(format!("{repo}/20260507-000000-dup.md")),
            review(repo, ""),
        );
    }
    write(&c.join("20260508-000000-sidecar.md"), review("sidecar", ""));
    write(
        &c.join("20260508-000000-sidecar.json"),
        r#"{"schema": 1, "review": {"round": "two"}, "agents": [{"name": "Claude Opus 4.7", "duration_secs": "long"}]}"#,
    );
    write(&c.join("20260509-000000-orphan.json"), r#"{"schema": 1}"#);
    write(&c.join("search.md"), review("reserved", ""));
    write(
        &c.join("20260510-000000-yaml.md"),
        format!("---\ntags: [a\nb: c\n---\n{}", review("yaml", "")),
    );
    let deep_json = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    write(
        &c.join("20260511-000000-deep-json.md"),
        review("deep json", ""),
    );
    write(
        &c.join("20260511-000000-deep-json.json"),
        format!("{{\"schema\": 1, \"agents\": {deep_json}}}"),
    );
    write(
        &c.join("20260512-000000-sidecar-utf8.md"),
        review("sidecar utf8", ""),
    );
    write(
        &c.join("20260512-000000-sidecar-utf8.json"),
        b"{\"schema\": 1,\n \"generator\": \"\xff\"}",
    );
    let expect: Vec<Expect> = vec![
        ("content/20260501-000000-empty.md", "empty report", None),
        (
            "content/20260502-000000-no-table.md",
            "metadata table has no rows",
            Some(3),
        ),
        (
            "content/20260503-000000-bad-utf8.md",
            "invalid UTF-8",
            Some(4),
        ),
        ("content/20260504-000000-binary.md", "binary", None),
        ("content/20260505-000000-fence.md", "never closed", Some(13)),
        ("content/20260506-000000-table.md", "more cell", Some(13)),
        (
            "content/acme/tern/20260507-000000-dup.md",
            "acme/quill/20260507-000000-dup.md",
            None,
        ),
        ("content/20260508-000000-sidecar.json", "review.round", None),
        (
            "content/20260508-000000-sidecar.json",
            "agents[0].duration_secs",
            None,
        ),
        ("content/20260509-000000-orphan.json", "no report", None),
        ("content/search.md", "search.html", None),
        ("content/20260510-000000-yaml.md", "not valid YAML", Some(3)),
        (
            "content/20260511-000000-deep-json.json",
            "recursion limit",
            Some(1),
        ),
        (
            "content/20260512-000000-sidecar-utf8.json",
            "not valid JSON",
            Some(2),
        ),
    ];
    (tmp, root, expect)
}

#[test]
fn every_bad_input_is_named_and_the_rest_builds() {
    let (tmp, root, expect) = bad_site();
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("bad input never fails the build");
    for (file, says, line) in &expect {
        let found = report.diagnostics.iter().any(|d| {
            d.file == *file && d.message.contains(says) && (line.is_none() || d.line == *line)
        });
        assert!(
            found,
            "no diagnostic for {file} saying {says:?} at line {line:?}:\n{}",
            show(&report)
        );
    }
    // The good report is whole, and every readable bad one still has its page.
    let good = read(&out.join(format!("{GOOD}.html")));
    assert!(good.contains("id=\"I1\"") && good.contains("id=\"S3\""));
    for stem in [
        "20260502-000000-no-table",
        "20260503-000000-bad-utf8",
        "20260505-000000-fence",
        "20260506-000000-table",
        "20260507-000000-dup",
        "20260508-000000-sidecar",
        "20260510-000000-yaml",
        "20260511-000000-deep-json",
        "20260512-000000-sidecar-utf8",
    ] {
        assert!(out.join(format!("{stem}.html")).is_file(), "{stem}.html");
    }
    for skipped in ["20260501-000000-empty", "20260504-000000-binary"] {
        assert!(!out.join(format!("{skipped}.html")).exists(), "{skipped}");
    }
    // search.md did not take the search page.
    assert!(read(&out.join("search.html")).contains("search-q"));
    // The text after an unclosed fence is kept (as code), and so is a cell beyond the
    // header.
    // (Read as text: the grammar may colour the stray `#`s token by token.)
    let fence = crate::support::html::text(&read(&out.join("20260505-000000-fence.html")));
    assert!(fence.contains("## Suggestions"), "kept as code");
    let table = crate::support::html::text(&read(&out.join("20260506-000000-table.html")));
    assert!(table.contains('3'));
    // The sidecar with wrong types still applies what is right (the agent is known).
    let problems = crate::support::linkcheck::check_site(&out, "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Runs the real binary; returns (exit code, stderr).
fn run(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(args)
        .output()
        .expect("run reviewsite");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn strict_fails_with_every_problem_listed_and_keeps_the_previous_site() {
    let (tmp, root, expect) = bad_site();
    let out = tmp.path().join("out");
    let (r, o) = (root.to_str().unwrap(), out.to_str().unwrap());
    let (code, stderr) = run(&["build", "--root", r, "--output", o]);
    assert_eq!(code, Some(0), "{stderr}");
    for (file, _, _) in &expect {
        assert!(stderr.contains(file), "{file} named on stderr:\n{stderr}");
    }
    let before = crate::support::snapshot(&out);
    let (code, stderr) = run(&["build", "--root", r, "--output", o, "--strict"]);
    assert_eq!(code, Some(1), "--strict fails:\n{stderr}");
    assert!(stderr.contains("(--strict)"), "{stderr}");
    for (file, _, _) in &expect {
        assert!(stderr.contains(file), "{file} named on stderr:\n{stderr}");
    }
    assert_eq!(
        crate::support::snapshot(&out),
        before,
        "previous site untouched"
    );
    let (code, _) = run(&["check", "--root", r, "--strict"]);
    assert_eq!(code, Some(1));
    let (code, _) = run(&["check", "--root", r]);
    assert_eq!(code, Some(0));
}

#[test]
fn garbage_in_place_of_a_report_is_named_and_the_other_pages_stay_the_same() {
    let (tmp, root) = crate::support::example_site();
    let out = tmp.path().join("out");
    build(&options(&root, &out, None)).expect("first build");
    let before = crate::support::snapshot(&out);
    let victim = "content/acme/tern/20260409-110847-pr-212.md";
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let garbage: Vec<u8> = (0..50_000)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Bytes 1..=255: garbage that is not "binary" (no NUL), so it is read.
            (seed % 255 + 1) as u8
        })
        .collect();
    for (what, bytes) in [("garbage", garbage), ("binary", vec![0u8; 100])] {
        write(&root.join(victim), &bytes);
        let report = build(&options(&root, &out, None)).expect("builds");
        assert!(
            report.diagnostics.iter().any(|d| d.file == victim),
            "{what}: {victim} named:\n{}",
            show(&report)
        );
        // Every review page outside the victim's PR thread is byte for byte what it was
        // (the thread's other rounds list the victim's round, so they may change).
        let after = crate::support::snapshot(&out);
        let mut same = 0;
        for (rel, bytes) in &before {
            let other_review = rel.ends_with(".html")
                && !rel.contains('/')
                && rel.starts_with("2026")
                && !rel.contains("-pr-212");
            if other_review {
                let now = after.iter().find(|(r, _)| r == rel).map(|(_, b)| b);
                assert_eq!(now, Some(bytes), "{what}: {rel} changed or is gone");
                same += 1;
            }
        }
        assert!(same >= 4, "{same}");
        assert!(out.join("index.html").is_file());
    }
}

/// Markdown nested `depth` levels deep in every way a parser may recurse on.
fn deep(depth: usize) -> String {
    let mut s = review("deep", "## Notes\n\n");
    s.push_str(&"> ".repeat(depth));
    s.push_str("quoted\n\n");
    s.push_str(&"- ".repeat(depth));
    s.push_str("listed\n\n");
    s.push_str(&"1. ".repeat(depth));
    s.push_str("numbered\n\n");
    for i in 0..depth.min(2000) {
        s.push_str(&"  ".repeat(i));
        s.push_str("- item\n");
    }
    s.push('\n');
    s.push_str(&"<div>".repeat(depth));
    s.push_str("html");
    s.push_str(&"</div>".repeat(depth));
    s.push_str("\n\n");
    s.push_str(&"*a ".repeat(depth));
    s.push_str(&"[".repeat(depth));
    s.push('x');
    s.push_str(&"](y)".repeat(depth));
    s.push_str("\n\n## Appendix: Original Reviews\n\n### [Claude] — Pass 1\n\n");
    s.push_str(&"> ".repeat(depth));
    s.push_str("deep appendix\n");
    s
}

#[test]
fn deep_nesting_and_10000_findings_build_without_overflow() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    let c = root.join("content");
    write(&c.join("20260520-000000-deep.md"), deep(10_000));
    let mut many = review("many", "## Important Issues\n\n");
    for k in 1..=10_000 {
        many.push_str(&format!(
            "I{k}. **Finding {k}** — `a/b{k}.go:{k}` [Claude Opus 4.7]\n\nBody {k}.\n\n"
        ));
    }
    write(&c.join("20260521-000000-many.md"), &many);
    let out = tmp.path().join("out");
    // In a thread with a small stack, as rayon's workers have: no deep recursion anywhere.
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || build(&options(&root, &out, None)).map(|r| (r, out)))
        .expect("spawn");
    let (report, out) = handle.join().expect("no panic").expect("builds");
    assert_eq!(report.reviews, 2, "{}", show(&report));
    let deep_page = read(&out.join("20260520-000000-deep.html"));
    for text in ["quoted", "listed", "numbered", "html", "deep appendix"] {
        assert!(deep_page.contains(text), "{text} kept");
    }
    let many_page = read(&out.join("20260521-000000-many.html"));
    assert!(many_page.contains("id=\"I1\"") && many_page.contains("id=\"I10000\""));
    assert_eq!(many_page.matches("class=\"fid\"").count(), 10_000);
}

/// A 100 MB report: 1,000 findings with code, then an appendix holding a whole `git diff`
/// as agents paste them (the bulk of the size). `scripts/bench-big-inputs.sh` times the
/// release build on this and on a 100 MB report made of 250,000 findings.
#[test]
fn a_100_mb_report_builds() {
    let (tmp, root, c) = site_with_good_report();
    let mut big = review("big", "## Important Issues\n\n");
    for k in 1..=1000 {
        big.push_str(&format!(
            "I{k}. **Finding {k} in `pkg/m{m}/f.go`** — `pkg/m{m}/f.go:{k}` [Claude Opus 4.7]\n\n\
             The handler reads the body twice | a pipe, *emphasis*, [a link](https://example.com/{k}).\n\n\
             ```go\nfunc handler{k}(w http.ResponseWriter, r *http.Request) {{\n\t_ = r // {k}\n}}\n```\n\n",
            m = k % 97
        ));
    }
    big.push_str("## Appendix: Original Reviews\n\n### [Claude] — Pass 1\n\n```diff\n");
    let mut k = 0;
    while big.len() < 100 * 1024 * 1024 {
        k += 1;
        big.push_str(&format!(
            "diff --git a/pkg/f{k}.go b/pkg/f{k}.go\n@@ -{k},2 +{k},2 @@\n-\told := read(r) // {k}\n+\tnew := readAll(r) // {k}\n \treturn x\n"
        ));
    }
    big.push_str("```\n\nThe end of the appendix.\n");
    write(&c.join("20260522-000000-big.md"), &big);
    drop(big);
    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("builds");
    assert_eq!(report.reviews, 2, "{}", show(&report));
    let page = read(&out.join("20260522-000000-big.html"));
    assert!(page.len() > 100 * 1024 * 1024, "{}", page.len());
    assert!(page.contains("id=\"I1000\""));
    assert!(
        page.contains(&format!("readAll(r) // {k}")),
        "the last diff line is there"
    );
    assert!(page.contains("The end of the appendix."));
    assert!(read(&out.join(format!("{GOOD}.html"))).contains("id=\"I1\""));
    eprintln!(
        "100 MB report: built in {:.1} s",
        report.elapsed.as_secs_f64()
    );
}
