//! `reviewsite comment STEM` on the example site: verdict, counts and a permanent link to
//! every Critical and Important finding; a clear error with close matches for an unknown
//! stem; a warning on stderr when base_url is not absolute; for a later round of a PR, the
//! line on what became of the round before's findings.

use std::process::Command;

fn run(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_reviewsite"))
        .args(args)
        .output()
        .expect("run reviewsite");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn comment_links_every_critical_and_important_finding() {
    let (_tmp, root) = crate::support::example_site();
    let root_s = root.to_string_lossy().to_string();
    let base = "https://acme.github.io/reviews/";
    let opts = crate::support::options(&root, &root.join("public"), Some(base));
    let loaded = reviewsite::site::load(&opts).unwrap();
    let mut checked = 0;
    for r in &loaded.reviews {
        let (ok, md, err) = run(&["comment", &r.id, "--root", &root_s, "--base-url", base]);
        assert!(ok, "{}: {err}", r.id);
        assert!(!err.contains("warning"), "absolute base: no warning: {err}");
        let page = format!("{base}{}.html", r.id);
        assert!(md.starts_with("### Deep review: ["), "{md}");
        assert!(md.contains(&format!("]({page})")), "{md}");
        let c = &r.counts;
        assert!(
            md.contains(&format!(
                "{} critical · {} important",
                c.critical, c.important
            )),
            "{md}"
        );
        if let Some(v) = &r.meta.verdict {
            assert!(md.contains("**Verdict: "), "{md}");
            assert!(!v.label.is_empty());
        }
        let anchors = reviewsite::aggregate::page_ids::finding_anchors(r);
        for (f, a) in r.findings.iter().zip(&anchors) {
            let sev = f.severity.or(r.sections[f.section].severity);
            let link = format!("]({page}#{a})");
            match sev {
                Some(
                    reviewsite::model::Severity::Critical | reviewsite::model::Severity::Important,
                ) => {
                    assert!(md.contains(&link), "{}: {a} missing:\n{md}", r.id);
                    checked += 1;
                }
                _ => assert!(!md.contains(&link), "{}: suggestion {a} listed", r.id),
            }
        }
    }
    assert!(
        checked >= 5,
        "critical/important findings checked: {checked}"
    );
}

#[test]
fn comment_accepts_a_path_and_warns_on_a_relative_base() {
    let (_tmp, root) = crate::support::example_site();
    let (stem, rel) = crate::support::example_reports()
        .into_iter()
        .find(|(s, _)| s.contains("pr-"))
        .unwrap();
    let path = root.join("content").join(rel);
    // No --root: the folder holding book.toml above the file is the site.
    let (ok, md, err) = run(&["comment", &path.to_string_lossy()]);
    assert!(ok, "{err}");
    assert!(md.contains(&format!("](/{stem}.html)")), "{md}");
    assert!(
        err.contains("not an absolute URL") && err.contains("--base-url"),
        "{err}"
    );
}

#[test]
fn unknown_stem_lists_close_matches() {
    let (_tmp, root) = crate::support::example_site();
    let root_s = root.to_string_lossy().to_string();
    let (ok, md, err) = run(&["comment", "pr-21", "--root", &root_s]);
    assert!(!ok);
    assert!(md.is_empty());
    assert!(
        err.contains("no review \"pr-21\"") && err.contains("did you mean"),
        "{err}"
    );
    assert!(err.contains("-pr-212"), "{err}");
    let (ok, _, err) = run(&["comment", "qqqqzzzz", "--root", &root_s]);
    assert!(!ok);
    assert!(err.contains("no review \"qqqqzzzz\""), "{err}");
}

/// A site folder holding one report, `content/<stem>.md`.
fn site_with(stem: &str, report: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("content")).unwrap();
    std::fs::write(tmp.path().join(format!("content/{stem}.md")), report).unwrap();
    tmp
}

/// `reviewsite comment` on the one report of `site_with`, linked under x.example.
fn comment_on_pr_1(site: &tempfile::TempDir) -> String {
    let (ok, md, err) = run(&[
        "comment",
        "20260101-000000-pr-1",
        "--root",
        &site.path().to_string_lossy(),
        "--base-url",
        "https://x.example/",
    ]);
    assert!(ok, "{err}");
    md
}

#[test]
fn hostile_finding_title_cannot_break_the_comment() {
    let tmp = site_with(
        "20260101-000000-pr-1",
        "# Deep Review: 20260101-000000-pr-1\n\n| | |\n|---|---|\n| **Repo** | [o/r](https://github.com/o/r) |\n| **PR** | [#1](https://github.com/o/r/pull/1) — T |\n| **Verdict** | **Rework** — x |\n\n## Critical Issues\n\nC1. **Evil [x](https://evil.example) <img src=x> @everyone * | _ `code`** — `b.go:3` [Claude]\n\nBody.\n",
    );
    let md = comment_on_pr_1(&tmp);
    let line = md.lines().find(|l| l.starts_with("- [C1]")).expect(&md);
    assert!(
        line.starts_with("- [C1](https://x.example/20260101-000000-pr-1.html#C1) "),
        "{line}"
    );
    assert!(!line.contains("](https://evil.example)"), "{line}");
    // The tag is text, escaped so that GitHub shows it rather than renders it.
    assert!(line.contains("\\<img src=x\\>"), "{line}");
    assert!(!line.replace("\\<", "").contains('<'), "{line}");
    assert!(
        line.contains("`@everyone`") && !outside_code_spans(line).contains('@'),
        "{line}"
    );
}

/// `md` without its code spans (GitHub links and mentions nothing inside one) and without
/// the destinations of its links.
fn outside_code_spans(md: &str) -> String {
    let mut out = String::new();
    let mut rest = md;
    while let Some(i) = rest.find('`') {
        out.push_str(&rest[..i]);
        let fence = rest[i..].len() - rest[i..].trim_start_matches('`').len();
        let after = &rest[i + fence..];
        let close = "`".repeat(fence);
        match after.find(&close) {
            Some(j) => rest = &after[j + fence..],
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    regex::Regex::new(r"\]\([^)\s]*\)")
        .unwrap()
        .replace_all(&out, "]")
        .into_owned()
}

#[test]
fn report_text_github_would_make_live_stays_inert() {
    let tmp = site_with(
        "20260101-000000-pr-1",
        "# Deep Review: 20260101-000000-pr-1\n\n| | |\n|---|---|\n| **Repo** | [o/r](https://github.com/o/r) |\n| **PR** | [#1](https://github.com/o/r/pull/1) — T |\n| **Reviewers** | Claude @octocat |\n| **Verdict** | **Rework** — see www.evil.example and GH-4 |\n\n## Critical Issues\n\nC1. **Closes #9 and acme/other#5, see https://evil.example/x at 4f2a9c1e7b \u{202E}txt.exe\u{202C} ping @team** — `b.go:3` [Claude]\n\nBody.\n",
    );
    let md = comment_on_pr_1(&tmp);
    assert!(
        !md.chars()
            .any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "{md}"
    );
    let live = outside_code_spans(&md);
    let hits: Vec<&str> = [
        "https://evil",
        "www.evil",
        "#9",
        "other#5",
        "GH-4",
        "@octocat",
        "@team",
        "4f2a9c1e7b",
    ]
    .into_iter()
    .filter(|w| live.contains(w))
    .collect();
    assert!(hits.is_empty(), "live outside code spans: {hits:?}\n{md}");
    // ...and each is still there, as text in a code span.
    for w in [
        "`https://evil.example/x`",
        "`www.evil.example`",
        "`#9`",
        "`acme/other#5,`",
        "`GH-4`",
        "`@octocat`",
        "`4f2a9c1e7b`",
    ] {
        assert!(md.contains(w), "{w}\n{md}");
    }
    // The links reviewsite makes are live.
    assert!(
        md.contains("](https://x.example/20260101-000000-pr-1.html#C1)"),
        "{md}"
    );
}

/// A report of PR `pr` of `repo` (the Repo row's link text is `repo` as written).
fn pr_report(repo: &str, pr: u64) -> String {
    format!(
        "# Deep Review: 20260101-000000-pr-{pr}\n\n| | |\n|---|---|\n| **Repo** | [{repo}](https://github.com/{repo}) |\n| **PR** | [#{pr}](https://github.com/{repo}/pull/{pr}) — T |\n| **Round** | 2 |\n| **Verdict** | **Rework** — x |\n\n## Important Issues\n\nI1. **Title** — `b.go:3` [Claude]\n\nBody.\n"
    )
}

#[test]
fn a_pr_review_ends_with_a_marker_and_json_names_its_pr() {
    let tmp = site_with("20260101-000000-pr-7", &pr_report("acme/tern", 7));
    let root_s = tmp.path().to_string_lossy().to_string();
    let base = "https://acme.github.io/reviews/";
    let args = [
        "comment",
        "20260101-000000-pr-7",
        "--root",
        &root_s,
        "--base-url",
        base,
    ];
    let (ok, md, err) = run(&args);
    assert!(ok, "{err}");
    // It says round 2, but no earlier round is in the archive: nothing to compare with.
    assert!(!md.contains("Since round"), "{md}");
    assert!(
        md.trim_end()
            .ends_with("\n<!-- reviewsite: acme/tern#7 -->"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "[every round of this PR]({base}repos/acme/tern/pr-7/index.html)"
        )),
        "{md}"
    );
    let (ok, json, err) = run(&[&args[..], &["--format", "json"]].concat());
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect(&json);
    assert_eq!(v["repo"], "acme/tern");
    assert_eq!(v["pr"], 7);
    assert_eq!(v["marker"], "<!-- reviewsite: acme/tern#7 -->");
    assert_eq!(v["id"], "20260101-000000-pr-7");
    assert_eq!(v["url"], format!("{base}20260101-000000-pr-7.html"));
    assert_eq!(v["body"].as_str().unwrap(), md);
}

#[test]
fn a_later_round_says_what_became_of_the_round_before() {
    let root = crate::support::manifest_dir().join("tests/fixtures/lineage-export");
    let root_s = root.to_string_lossy().to_string();
    let base = "https://acme.github.io/reviews/";
    let comment = |stem: &str| {
        let (ok, md, err) = run(&["comment", stem, "--root", &root_s, "--base-url", base]);
        assert!(ok, "{stem}: {err}");
        md
    };
    let line = |md: &str| {
        md.lines()
            .find(|l| l.starts_with("**Since round"))
            .unwrap_or_else(|| panic!("no Since line:\n{md}"))
            .to_string()
    };
    // Round 1: nothing before it.
    let md = comment("20260501-100000-pr-31");
    assert!(!md.contains("Since round"), "{md}");
    // Round 2: round 1's I1 fixed, its I2 and S2 carried on, its S1 declined; I2 is new.
    let r1 = format!("{base}20260501-100000-pr-31.html");
    let md = comment("20260503-153000-pr-31");
    assert_eq!(
        line(&md),
        format!("**Since round 1:** 1 resolved, 2 still open ([I2]({r1}#I2), [S2]({r1}#S2)), 1 new, 1 declined")
    );
    // Its own paragraph, after the counts.
    assert!(
        md.contains("2 important · 1 suggestion\n\n**Since round 1:**"),
        "{md}"
    );
    // Round 3: both important findings of round 2 fixed, its S1 still open, S2 new; none
    // declined, so no "declined".
    let r2 = format!("{base}20260503-153000-pr-31.html");
    let md = comment("20260506-091500-pr-31");
    assert_eq!(
        line(&md),
        format!("**Since round 2:** 2 resolved, 1 still open ([S1]({r2}#S1)), 1 new")
    );
    // The same line in the JSON body a bot posts.
    let (ok, json, err) = run(&[
        "comment",
        "20260506-091500-pr-31",
        "--root",
        &root_s,
        "--base-url",
        base,
        "--format",
        "json",
    ]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["body"]
        .as_str()
        .unwrap()
        .contains("**Since round 2:** 2 resolved"));
}

#[test]
fn only_a_later_round_of_the_example_thread_gets_the_line() {
    let (_tmp, root) = crate::support::example_site();
    let root_s = root.to_string_lossy().to_string();
    for (stem, later) in [
        ("20260402-091512-pr-212", false),
        ("20260406-143003-pr-212", true),
        ("20260409-110847-pr-212", true),
        ("20260415-080212-supply-chain", false),
    ] {
        let (ok, md, err) = run(&["comment", stem, "--root", &root_s]);
        assert!(ok, "{err}");
        let expected = if stem.ends_with("143003-pr-212") {
            "**Since round 1:** "
        } else {
            "**Since round 2:** "
        };
        assert_eq!(md.contains(expected), later, "{stem}:\n{md}");
        assert_eq!(md.contains("Since round"), later, "{stem}:\n{md}");
    }
}
