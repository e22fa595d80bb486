//! Every warning reviewsite can print, in one catalogue: for each, a small site where it
//! fires on a real problem, and a look-alike (prose or files a real archive has that only
//! resemble the problem) where `check` prints no warning at all. A CI gate that cries wolf
//! gets switched off, so `check --strict` must stay silent on the look-alikes.
//!
//! [`every_warning_in_the_source_is_in_the_catalogue`] keeps the catalogue whole: each
//! `Diagnostic::warning(` and sidecar `out.warnings.push(` in `src/` must belong to an entry
//! (by its file, and by a piece of its message when the call site spells one). Warnings a
//! tiny site cannot show here (a broken theme, an ambiguous commit) name the test that
//! shows them firing.

use crate::support::{manifest_dir, options};
use reviewsite::diagnostics::Level;
use std::path::Path;

/// A clean report: every section a deep review has, no warning.
const GOOD: &str = "# Deep Review: 20260601-100000-pr-7

| | |
|---|---|
| **Date** | 2026-06-01 10:00 |
| **Repo** | [acme/tern](https://github.com/acme/tern) |
| **PR** | [#7](https://github.com/acme/tern/pull/7) — Add retries |
| **Round** | 2 |
| **Reviewers** | Claude Opus 4.7 (effort: high), Codex GPT 5.5 (effort: high) |
| **Verdict** | **Merge with fixes** — one important issue. |

## Executive Summary

The retry loop is sound apart from its stop condition. SUMMARY

## Critical Issues

None.

## Important Issues

I1. **Retries never stop** — `net/retry.go:12-30` [Claude Opus 4.7, Codex GPT 5.5]

The loop retries while `err != nil` and never reads the attempt counter.

Fix: stop after `maxAttempts`.

## Suggestions

S1. **Name the constant** — `net/retry.go:5` [Codex GPT 5.5]

`3` is the attempt limit; name it.

S2. **Log the last error** — `net/retry.go:31` [Claude Opus 4.7]

The error of the last attempt is dropped.

## Agent Performance Retro

| Metric | Claude Opus 4.7 | Codex GPT 5.5 |
|---|---|---|
| Duration | 4m 10s | 6m 02s |
| Findings | 1I 1S | 1I 1S |

## Appendix: Original Reviews

### [Claude Opus 4.7]

The stop condition is missing (important).

### [Codex GPT 5.5]

The retry loop never stops; the limit is a bare `3`.
";

const STEM: &str = "20260601-100000-pr-7";

/// [`GOOD`] with `SUMMARY` replaced by `summary`.
fn good_saying(summary: &str) -> String {
    GOOD.replace("SUMMARY", summary)
}

/// [`GOOD`] with the text `from` replaced by `to` (which must be there).
fn good_with(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from:?} is in GOOD");
    good_saying("").replacen(from, to, 1)
}

/// Files of a site: (path under the site root, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// A site whose content folder holds `report` as the review [`STEM`].
fn site(report: String) -> Files {
    vec![(format!("content/{STEM}.md"), report.into_bytes())]
}

/// [`site`] plus `more` files.
fn site_and(report: String, more: &[(&str, &[u8])]) -> Files {
    let mut files = site(report);
    files.extend(more.iter().map(|(p, b)| (p.to_string(), b.to_vec())));
    files
}

/// How an entry is shown.
enum Show {
    /// On two sites built here: the warning fires on the first, nothing warns on the second.
    Here {
        fires: fn(&Path) -> Files,
        quiet: fn(&Path) -> Files,
    },
    /// By the named test: `module::function` of this test binary, or `src/<file>::function`
    /// for a unit test.
    Elsewhere(&'static str),
}

/// One warning.
struct Entry {
    /// The file of `src/` that prints it.
    from: &'static str,
    /// A piece of its message.
    says: &'static str,
    show: Show,
}

/// The warnings of `check` on a site of `files` (written under `root`).
fn warnings(root: &Path, files: &Files) -> Vec<String> {
    for (path, bytes) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
    let out = root.join("out");
    match reviewsite::site::check(&options(root, &out, None)) {
        Ok(report) => report
            .diagnostics
            .iter()
            .filter(|d| d.level >= Level::Warning)
            .map(|d| d.to_string())
            .collect(),
        Err(e) => vec![format!("error: {e:#}")],
    }
}

/// A git checkout of acme/tern under `root` with `net/retry.go` committed; its commit.
fn checkout(root: &Path) -> String {
    let repo = root.join("tern");
    std::fs::create_dir_all(repo.join("net")).unwrap();
    let lines: String = (1..=40).map(|i| format!("// line {i}\n")).collect();
    std::fs::write(repo.join("net/retry.go"), lines).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&repo)
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "retry"]);
    git(&["rev-parse", "HEAD"])
}

const BOOK_WITH_CHECKOUT: &[u8] = b"[repos.\"acme/tern\"]\ncheckout = \"tern\"\n";

/// [`GOOD`] reviewed at `sha` (a Review SHA row), citing `cited` instead of
/// `net/retry.go:5`.
fn good_at(sha: &str, cited: &str) -> String {
    let mut r = good_with("net/retry.go:5`", &format!("{cited}`"));
    if !sha.is_empty() {
        r = r.replacen(
            "| **Round** |",
            &format!("| **Review SHA** | `{sha}` |\n| **Round** |"),
            1,
        );
    }
    r
}

/// A sidecar for [`GOOD`] naming its two agents and `n - 2` more.
fn agents_sidecar(n: usize) -> String {
    let names = ["Claude Opus 4.7".to_string(), "Codex GPT 5.5".to_string()];
    let agents: Vec<String> = names
        .into_iter()
        .chain((2..n).map(|i| format!("Claude Opus {i}.0")))
        .map(|name| format!(r#"{{"name": "{name}"}}"#))
        .collect();
    format!(r#"{{"schema": 1, "agents": [{}]}}"#, agents.join(", "))
}

fn catalogue() -> Vec<Entry> {
    use Show::*;
    vec![
        // ---- The content folder: files that cannot be reports.
        Entry {
            from: "src/content.rs",
            says: "looks like a binary file",
            show: Here {
                fires: |_| vec![(format!("content/{STEM}.md"), b"\x89PNG\r\n\x1a\n\0\0".to_vec())],
                quiet: |_| site(good_saying("Non-ASCII is text: → · ✓ ✗ ≥ §, 日本語.")),
            },
        },
        Entry {
            from: "src/content.rs",
            says: "invalid UTF-8",
            show: Here {
                fires: |_| {
                    let mut b = good_saying("").into_bytes();
                    b.extend(b"\nbad \xff\xfe bytes\n");
                    vec![(format!("content/{STEM}.md"), b)]
                },
                quiet: |_| site(format!("\u{FEFF}{}", good_saying("Curly “quotes” are UTF-8."))),
            },
        },
        Entry {
            from: "src/content.rs",
            says: "empty report; skipped",
            show: Here {
                fires: |_| site(" \n\n\t\n".to_string()),
                quiet: |_| site("# Deep Review: x\n\nNone.\n".to_string()),
            },
        },
        Entry {
            from: "src/content.rs",
            says: "cannot read",
            show: Elsewhere("warnings::unreadable_files_and_folders_are_named"),
        },
        Entry {
            from: "src/content.rs",
            says: "front matter is not valid YAML",
            show: Here {
                fires: |_| site(format!("---\ntags: [a\nb: c\n---\n{}", good_saying(""))),
                // A thematic break first and a `---` rule later are no front matter.
                quiet: |_| site(format!("---\n\n{}\n---\n", good_saying(""))),
            },
        },
        Entry {
            from: "src/content.rs",
            says: "front matter is not a YAML mapping",
            show: Here {
                fires: |_| site(format!("---\n- a\n- b\n---\n{}", good_saying(""))),
                quiet: |_| site(format!("---\ntags: [a, b]\n---\n{}", good_saying(""))),
            },
        },
        Entry {
            from: "src/content.rs",
            says: "already owns",
            show: Here {
                fires: |_| {
                    let r = good_saying("").into_bytes();
                    vec![
                        (format!("content/acme/tern/{STEM}.md"), r.clone()),
                        (format!("content/acme/quill/{STEM}.md"), r),
                    ]
                },
                // Stems that share a prefix, and a report with its sidecar, are not twins.
                quiet: |_| {
                    let r = good_saying("").into_bytes();
                    vec![
                        (format!("content/{STEM}.md"), r.clone()),
                        (format!("content/{STEM}0.md"), r),
                        (format!("content/{STEM}.json"), br#"{"schema": 1}"#.to_vec()),
                    ]
                },
            },
        },
        Entry {
            from: "src/content.rs",
            says: "cannot read sidecar",
            show: Elsewhere("warnings::unreadable_files_and_folders_are_named"),
        },
        Entry {
            from: "src/content.rs",
            says: "sidecar must be a JSON object",
            show: Here {
                fires: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), b"[1, 2]")]),
                quiet: |_| {
                    site_and(good_saying(""), &[(&format!("content/{STEM}.json"), b"{\"schema\": 1}")])
                },
            },
        },
        Entry {
            from: "src/content.rs",
            says: "sidecar is not valid JSON",
            show: Here {
                fires: |_| {
                    site_and(good_saying(""), &[(&format!("content/{STEM}.json"), b"{\"schema\": 1,")])
                },
                quiet: |_| {
                    site_and(good_saying(""), &[(&format!("content/{STEM}.json"), b"{\"schema\": 1}\n")])
                },
            },
        },
        Entry {
            from: "src/content.rs",
            says: "is a symbolic link; skipped",
            // Every kind of link (report, sidecar, static, theme) in
            // input_bounds::no_symbolic_link_is_read_and_each_is_named.
            show: Here {
                fires: |root| {
                    std::fs::create_dir_all(root.join("content")).unwrap();
                    #[cfg(unix)]
                    std::os::unix::fs::symlink("/etc/hostname", root.join(format!("content/{STEM}.json"))).unwrap();
                    site(good_saying(""))
                },
                // A link in a dot-folder of the static folder is never copied: no warning.
                quiet: |root| {
                    std::fs::create_dir_all(root.join("static/.cache")).unwrap();
                    #[cfg(unix)]
                    std::os::unix::fs::symlink("/etc/hostname", root.join("static/.cache/h")).unwrap();
                    site_and(good_saying(""), &[(&format!("content/{STEM}.json"), b"{\"schema\": 1}"), ("static/robots.txt", b"x")])
                },
            },
        },
        Entry {
            from: "src/content.rs",
            says: "too long to be a page name",
            show: Here {
                fires: |_| vec![(format!("content/{STEM}-{}.md", "x".repeat(228)), good_saying("").into_bytes())],
                // 200 bytes is a page name of its own.
                quiet: |_| vec![(format!("content/{STEM}-{}.md", "x".repeat(179)), good_saying("").into_bytes())],
            },
        },
        Entry {
            from: "src/site/pipeline.rs",
            says: "more than one review can show",
            show: Here {
                // 65 agents on one finding of the Markdown.
                fires: |_| site(good_with("[Claude Opus 4.7, Codex GPT 5.5]", &format!("[Claude Opus 4.7, Codex GPT 5.5, {}]", (3..=65).map(|i| format!("Claude Opus {i}.0")).collect::<Vec<_>>().join(", ")))),
                quiet: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), agents_sidecar(2).as_bytes())]),
            },
        },
        Entry {
            from: "src/enrich/merge/stage.rs",
            says: "more agents than one review can show",
            show: Here {
                fires: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), agents_sidecar(65).as_bytes())]),
                quiet: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), agents_sidecar(64).as_bytes())]),
            },
        },
        Entry {
            from: "src/site/build.rs",
            says: "cannot be removed",
            show: Elsewhere("input_bounds::a_previous_site_that_cannot_be_removed_is_reported"),
        },
        // ---- The site: sidecars left behind, names the site's own pages take.
        Entry {
            from: "src/site/load.rs",
            says: "sidecar has no report beside it",
            show: Here {
                fires: |_| site_and(good_saying(""), &[("content/20260602-100000-pr-8.json", b"{\"schema\": 1, \"review\": {}}")]),
                // A repository root's own JSON files are no sidecars.
                quiet: |_| {
                    site_and(
                        good_saying(""),
                        &[
                            ("content/package.json", b"{\"name\": \"tern\", \"version\": \"1.0.0\"}"),
                            ("content/.github/renovate.json", b"{\"extends\": []}"),
                            ("content/broken.json", b"{not json"),
                        ],
                    )
                },
            },
        },
        Entry {
            from: "src/site/derive.rs",
            says: "is the site's own page",
            show: Here {
                fires: |_| vec![("content/search.md".into(), good_saying("").into_bytes())],
                quiet: |_| vec![("content/search-notes.md".into(), good_saying("").into_bytes())],
            },
        },
        // ---- One report's Markdown.
        Entry {
            from: "src/parse/mod.rs",
            says: "empty report: no Markdown after the front matter",
            show: Here {
                fires: |_| site("---\ntitle: x\n---\n\n".to_string()),
                quiet: |_| site("---\ntitle: x\n---\n\n# Deep Review: x\n\nNone.\n".to_string()),
            },
        },
        Entry {
            from: "src/parse/lint.rs",
            says: "is never closed",
            show: Here {
                fires: |_| site(good_with("## Appendix: Original Reviews", "```go\nfunc f() {\n\n## Appendix: Original Reviews")),
                // Closed by a longer fence, by the end of its list item, or inside a quote.
                quiet: |_| {
                    site(good_with(
                        "## Appendix: Original Reviews",
                        "````md\n```go\n````\n\n- a\n  ```go\n  x\n\n> ```\n> y\n\n## Appendix: Original Reviews",
                    ))
                },
            },
        },
        Entry {
            from: "src/parse/lint.rs",
            says: "more cell(s) than the table's header",
            show: Here {
                fires: |_| site(good_with("| Findings | 1I 1S | 1I 1S |", "| Findings | 1I 1S | 1I 1S | 2 |")),
                // An escaped pipe, in a code span or not, is no cell.
                quiet: |_| site(good_with("| Findings | 1I 1S | 1I 1S |", "| Findings | `a \\|\\| b` 1I 1S | 1I 1S \\| 2 |")),
            },
        },
        Entry {
            from: "src/parse/preamble.rs",
            says: "metadata table has no rows",
            show: Here {
                fires: |_| site("# Deep Review: x\n\n| | |\n|---|---|\n\n## Executive Summary\n\nFine.\n".to_string()),
                quiet: |_| site("# Deep Review: x\n\n| | |\n|---|---|\n| **Date** | 2026-06-01 |\n\n## Executive Summary\n\nFine.\n".to_string()),
            },
        },
        Entry {
            from: "src/parse/read.rs",
            says: "has text but no finding was recognised",
            show: Here {
                fires: |_| {
                    site(good_with(
                        "None.\n\n## Important",
                        "The cache key ignores the tenant (`cache/key.go:8`), so tenants read each other's entries; key by tenant.\n\n## Important",
                    ))
                },
                quiet: |_| {
                    site(good_with(
                        "None.\n\n## Important",
                        "None. The prior round's critical finding (the unbounded queue in `queue/q.go:40`) was fixed in round 1, and the fix was verified by both agents against the new test.\n\n## Important",
                    ))
                },
            },
        },
        Entry {
            from: "src/parse/read.rs",
            says: "the summary states",
            show: Here {
                fires: |_| site(good_saying("In total: 0 critical, 1 important, 3 suggestions.")),
                quiet: |_| {
                    site(good_saying(
                        "Round 1's two Important findings and three Suggestions all landed. \
                         Codex raised one Important; Claude raised three Important plus seven \
                         Suggestions before consolidation.",
                    ))
                },
            },
        },
        Entry {
            from: "src/parse/appendix.rs",
            says: "no original review found for reviewer",
            show: Here {
                fires: |_| site(good_with("### [Codex GPT 5.5]\n\nThe retry loop never stops; the limit is a bare `3`.\n", "")),
                // An appendix entry under a spelling of its own is still the reviewer's,
                // and a reviewer that produced nothing has no review to find.
                quiet: |_| {
                    site(
                        good_with("### [Codex GPT 5.5]", "### Codex (gpt-5.5) — Pass 1").replacen(
                            "Codex GPT 5.5 (effort: high) |",
                            "Codex GPT 5.5 (effort: high); Gemini 3.1 Pro (effort: default) produced no output — quota exhausted |",
                            1,
                        ),
                    )
                },
            },
        },
        // ---- The sidecar.
        Entry {
            from: "src/enrich/merge/stage.rs",
            says: "review.round",
            show: Here {
                fires: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "review": {"round": "two"}}"#)]),
                quiet: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "review": {"round": 2}, "x_local": "kept"}"#)]),
            },
        },
        Entry {
            from: "src/enrich/merge/findings.rs",
            says: "the report has no finding",
            show: Here {
                fires: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "consolidated_findings": [{"id": "I9", "severity": "important"}]}"#)]),
                // Ids differ in case only: the same finding.
                quiet: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "consolidated_findings": [{"id": "i1", "severity": "important"}]}"#)]),
            },
        },
        Entry {
            from: "src/enrich/merge/review.rs",
            says: "the sidecar is for",
            show: Here {
                fires: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "review": {"id": "20260101-000000-pr-1"}}"#)]),
                quiet: |_| site_and(good_saying(""), &[(&format!("content/{STEM}.json"), br#"{"schema": 1, "review": {"id": "20260601-100000-pr-7"}}"#)]),
            },
        },
        // ---- Code excerpts from a checkout.
        Entry {
            from: "src/enrich/excerpts/problems.rs",
            says: "no reviewed commit to read",
            show: Here {
                fires: |root| {
                    checkout(root);
                    site_and(good_at("", "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
                quiet: |root| {
                    let sha = checkout(root);
                    site_and(good_at(&sha, "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
            },
        },
        Entry {
            from: "src/enrich/excerpts/problems.rs",
            says: "is not in the checkout",
            show: Here {
                fires: |root| {
                    checkout(root);
                    site_and(good_at("0123456789abcdef0123456789abcdef01234567", "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
                quiet: |root| {
                    let sha = checkout(root);
                    site_and(good_at(&sha[..9], "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
            },
        },
        Entry {
            from: "src/enrich/excerpts/problems.rs",
            says: "is ambiguous in the checkout",
            // Seven hex digits shared by two commits cannot be made in a test's time; the
            // message is pinned by the unit test, the lookup by git itself.
            show: Elsewhere("src/enrich/excerpts/problems.rs::commit_problems_name_the_commit_the_checkout_and_what_to_do"),
        },
        Entry {
            from: "src/enrich/excerpts/problems.rs",
            says: "show the reports' own code blocks instead of",
            show: Here {
                fires: |_| site_and(good_at("0123456789abcdef0123456789abcdef01234567", "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)]),
                quiet: |root| {
                    let sha = checkout(root);
                    site_and(good_at(&sha, "net/retry.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
            },
        },
        Entry {
            from: "src/enrich/excerpts/excerpter.rs",
            says: "the page shows the report's own code block",
            show: Here {
                fires: |root| {
                    let sha = checkout(root);
                    site_and(good_at(&sha, "net/gone.go:5"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
                // A directory, or a line range past the end, is no missing file.
                quiet: |root| {
                    let sha = checkout(root);
                    site_and(good_at(&sha, "net/"), &[("book.toml", BOOK_WITH_CHECKOUT)])
                },
            },
        },
        // ---- Rendering.
        Entry {
            from: "src/render/renderer.rs",
            says: "cannot render the review page",
            show: Elsewhere("site_build::one_review_that_cannot_render_is_a_warning_not_a_lost_site"),
        },
    ]
}

#[test]
fn each_warning_fires_on_its_problem_and_stays_silent_on_its_look_alike() {
    let mut failures = Vec::new();
    for entry in catalogue() {
        let Show::Here { fires, quiet } = entry.show else {
            continue;
        };
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let got = warnings(&root, &fires(&root));
        if !got.iter().any(|w| w.contains(entry.says)) {
            failures.push(format!("{:?} did not fire; warnings: {got:#?}", entry.says));
        }
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let got = warnings(&root, &quiet(&root));
        if !got.is_empty() {
            failures.push(format!("{:?}'s look-alike warned: {got:#?}", entry.says));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_clean_report_has_no_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let got = warnings(&root, &site(good_saying("")));
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn unreadable_files_and_folders_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let files = site_and(
        good_saying(""),
        &[("content/locked/20260602-100000-pr-8.md", GOOD.as_bytes())],
    );
    let report = root.join(format!("content/{STEM}.md"));
    let folder = root.join("content/locked");
    let sidecar = root.join(format!("content/{STEM}.json"));
    for (path, bytes) in &files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }
    std::fs::write(&sidecar, b"{\"schema\": 1}").unwrap();
    use std::os::unix::fs::PermissionsExt;
    let lock = |p: &Path, mode| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
    lock(&report, 0o000).unwrap();
    lock(&sidecar, 0o000).unwrap();
    lock(&folder, 0o000).unwrap();
    if std::fs::read(&report).is_ok() {
        // Root reads everything: nothing to show here (CI runs as a normal user).
        eprintln!("skipped: permissions do not stop this user from reading");
        lock(&folder, 0o755).unwrap();
        return;
    }
    let got = warnings(&root, &Vec::new());
    lock(&folder, 0o755).unwrap();
    let said = |piece: &str, file: &str| got.iter().any(|w| w.contains(piece) && w.contains(file));
    assert!(said("cannot read", "locked"), "{got:#?}");
    assert!(said("cannot read", &format!("{STEM}.md")), "{got:#?}");
    // The report itself was not read, so neither was its sidecar; a readable report with
    // a locked sidecar is named by its sidecar.
    lock(&report, 0o644).unwrap();
    let got = warnings(&root, &Vec::new());
    assert!(
        got.iter()
            .any(|w| w.contains("cannot read sidecar") && w.contains(".json")),
        "{got:#?}"
    );
}

/// The string literals of the call that opens at `src[open..]` (up to its closing paren).
fn call_literals(src: &str, open: usize) -> Vec<String> {
    let mut depth = 0;
    let mut end = open;
    let mut in_str = false;
    let bytes = src.as_bytes();
    let mut i = open;
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' {
            in_str = true;
        } else if c == b'(' {
            depth += 1;
        } else if c == b')' {
            depth -= 1;
            if depth == 0 {
                end = i;
                break;
            }
        }
        i += 1;
    }
    let call = &src[open..end];
    call.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn every_warning_in_the_source_is_in_the_catalogue() {
    let catalogue = catalogue();
    let src = manifest_dir().join("src");
    let mut missing = Vec::new();
    for path in crate::support::walk(&src) {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let rel = path
            .strip_prefix(manifest_dir())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let entries: Vec<&Entry> = catalogue.iter().filter(|e| e.from == rel).collect();
        for pat in ["Diagnostic::warning(", "out.warnings.push("] {
            for (at, _) in text.match_indices(pat) {
                let literals = call_literals(text, at + pat.len() - 1);
                let line = text[..at].lines().count() + 1;
                let known = if literals.iter().all(|l| l.len() < 8) {
                    !entries.is_empty()
                } else {
                    entries
                        .iter()
                        .any(|e| literals.iter().any(|l| l.contains(e.says)))
                };
                if !known {
                    missing.push(format!("{rel}:{line}: {literals:?}"));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "warnings with no catalogue entry (add one to tests/testsuite/warnings.rs):\n{}",
        missing.join("\n")
    );
    // Entries shown elsewhere name a test that exists.
    let tests = manifest_dir().join("tests/testsuite");
    for e in &catalogue {
        if let Show::Elsewhere(name) = e.show {
            let (module, function) = name.split_once("::").unwrap();
            let path = if module.starts_with("src/") {
                manifest_dir().join(module)
            } else {
                tests.join(format!("{module}.rs"))
            };
            let file = std::fs::read_to_string(path).unwrap_or_default();
            assert!(
                file.contains(&format!("fn {function}(")),
                "{:?}: no test {name}",
                e.says
            );
        }
    }
}

/// The fixture sets made of deliberate problems, and the files whose warnings they exist
/// for. Every other set under `tests/fixtures/` (and the bundled example) is report-shaped
/// and must pass `check --strict`.
const BROKEN_SETS: [(&str, &[&str]); 2] = [
    // Scripts in every field; its report also lacks two appendix reviews and has a row
    // wider than its table.
    (
        "hostile",
        &["20260601-120000-pr-66.md", "20260601-120000-pr-66.json"],
    ),
    // Sidecars of the wrong types, of a future schema, and one left behind.
    ("sidecar", &["pr-72.json", "pr-73.json", "pr-74.json"]),
];

#[test]
fn every_report_fixture_set_passes_strict_and_the_broken_ones_warn_only_where_meant() {
    let fixtures = manifest_dir().join("tests/fixtures");
    let mut sets: Vec<std::path::PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    sets.sort();
    sets.push(manifest_dir());
    match crate::support::corpus_dir() {
        Some(corpus) => sets.push(corpus),
        None => eprintln!("skipped the corpus: no corpus"),
    }
    for set in sets {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().unwrap();
        let report = reviewsite::site::check(&options(&set, &tmp.path().join("out"), None))
            .unwrap_or_else(|e| panic!("{name}: {e:#}"));
        let warned: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.level >= Level::Warning)
            .map(|d| d.to_string())
            .collect();
        match BROKEN_SETS.iter().find(|(n, _)| *n == name) {
            None => assert!(warned.is_empty(), "{name} fails --strict: {warned:#?}"),
            Some((_, meant)) => {
                assert!(!warned.is_empty(), "{name} is meant to warn");
                for w in &warned {
                    assert!(meant.iter().any(|m| w.contains(m)), "{name}: {w}");
                }
            }
        }
    }
}
