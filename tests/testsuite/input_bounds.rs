//! The last ways input could hurt a build (issue 20, items 7-12): a symbolic link is never
//! read or copied, and each one is named; one report cannot make a site of any size; a
//! file name too long for a page name gets a short one; lone CRs change no severity; the
//! output folder cannot be a link's stale copy, nest into the static folder, or leave a
//! previous site behind unsaid; a protocol-relative base URL is refused.
//!
//! Every site here is invented and made at run time.

use crate::support::{options, show};
use reviewsite::site::{build, check};
use std::path::Path;

const STEM: &str = "20260601-100000-pr-7";

/// An invented review with two findings (one Important, one Suggestion) and two agents.
fn report(title: &str) -> String {
    format!(
        "# Deep Review: {title}

| | |
|---|---|
| **Date** | 2026-06-01 10:00 |
| **Repo** | [acme/tern](https://github.com/acme/tern) |
| **PR** | [#7](https://github.com/acme/tern/pull/7) — Add retries |
| **Reviewers** | Claude Opus 4.7 (effort: high), Codex GPT 5.5 (effort: high) |
| **Verdict** | **Merge with fixes** — one important issue. |

## Executive Summary

One important issue and one suggestion.

## Important Issues

I1. **Retries never stop** — `net/retry.go:12-30` [Claude Opus 4.7, Codex GPT 5.5]

```go
for err != nil {{
    err = try()
}}
```

Stop after `maxAttempts`.

## Suggestions

S1. **Name the constant** — `net/retry.go:5` [Codex GPT 5.5]

`3` is the attempt limit; name it.
"
    )
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// A site under `tmp` with [`report`] as `content/<STEM>.md`; its root.
fn site(tmp: &Path) -> std::path::PathBuf {
    let root = tmp.join("site");
    write(&root.join(format!("content/{STEM}.md")), report(STEM));
    root
}

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    crate::support::walk(dir)
        .into_iter()
        .filter(|p| {
            std::fs::read(p)
                .map(|b| String::from_utf8_lossy(&b).contains(needle))
                .unwrap_or(false)
        })
        .map(|p| p.display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn no_symbolic_link_is_read_and_each_is_named() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    // A file outside the site, which a link would publish.
    let secret = tmp.path().join("secret");
    write(
        &secret.join("token.json"),
        r#"{"schema": 1, "review": {"branch": "SECRET-7f3a"}}"#,
    );
    write(&secret.join("notes.md"), report("SECRET-7f3a"));
    let c = root.join("content");
    symlink(secret.join("token.json"), c.join(format!("{STEM}.json"))).unwrap();
    symlink(secret.join("notes.md"), c.join("20260602-100000-pr-8.md")).unwrap();
    write(&root.join("static/robots.txt"), "User-agent: *\n");
    symlink(secret.join("token.json"), root.join("static/token.json")).unwrap();
    symlink(&secret, root.join("static/secret")).unwrap();
    write(&root.join("themes/default/static/x.css"), "p{}");
    std::fs::create_dir_all(root.join("themes/default/templates")).unwrap();
    symlink(
        secret.join("token.json"),
        root.join("themes/default/static/t.css"),
    )
    .unwrap();
    symlink(
        secret.join("notes.md"),
        root.join("themes/default/templates/404.html"),
    )
    .unwrap();

    let out = tmp.path().join("out");
    let report = build(&options(&root, &out, None)).expect("builds");
    assert_eq!(files_containing(&out, "SECRET-7f3a"), Vec::<String>::new());
    assert!(out.join("robots.txt").is_file() && out.join("x.css").is_file());
    let warned = show(&report);
    for (file, what) in [
        (
            format!("content/{STEM}.json"),
            "this sidecar is a symbolic link",
        ),
        (
            "content/20260602-100000-pr-8.md".into(),
            "this report is a symbolic link",
        ),
        (
            "static/token.json".into(),
            "this static file is a symbolic link",
        ),
        (
            "static/secret".into(),
            "this static file is a symbolic link",
        ),
        (
            "themes/default/static/t.css".into(),
            "this theme file is a symbolic link",
        ),
        (
            "themes/default/templates/404.html".into(),
            "this theme template is a symbolic link",
        ),
    ] {
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.file == file && d.message.contains(what)),
            "{file}: {what}\n{warned}"
        );
    }
    // `check` names them too.
    let checked = check(&options(&root, &out, None)).unwrap();
    assert_eq!(checked.warnings(), report.warnings(), "{}", show(&checked));
}

/// A sidecar naming `n` agents, each also on the report's one finding.
fn sidecar_with_agents(n: usize) -> String {
    let agents: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"name": "Zz{i} M{i}", "duration_secs": {i}}}"#))
        .collect();
    format!(r#"{{"schema": 1, "agents": [{}]}}"#, agents.join(","))
}

fn size_of(dir: &Path) -> u64 {
    crate::support::walk(dir)
        .iter()
        .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .sum()
}

#[test]
fn one_sidecar_with_five_thousand_agents_makes_a_small_site_and_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let out = tmp.path().join("out");
    let plain = build(&options(&root, &out, None)).unwrap();
    let plain_size = size_of(&out);
    assert_eq!(plain.warnings(), 0, "{}", show(&plain));

    let sidecar = sidecar_with_agents(5000);
    write(&root.join(format!("content/{STEM}.json")), &sidecar);
    let big = build(&options(&root, &out, None)).unwrap();
    let big_size = size_of(&out);
    // The figures, for the record (before the bound: 447 MB for this input).
    eprintln!(
        "sidecar of {} bytes with 5000 agents: site {} bytes (without it: {} bytes)",
        sidecar.len(),
        big_size,
        plain_size
    );
    let d = big
        .diagnostics
        .iter()
        .find(|d| d.message.contains("more agents than one review can show"))
        .unwrap_or_else(|| panic!("no warning:\n{}", show(&big)));
    assert_eq!(d.file, format!("content/{STEM}.json"));
    assert!(d.message.starts_with("5000 agents"), "{}", d.message);
    assert!(d.message.contains("(the first 64 kept)"), "{}", d.message);
    assert!(
        big_size < plain_size + 8_000_000,
        "{big_size} bytes of site from one sidecar"
    );
    // The sidecar's first agents are there (with the report's two, 64 in all), the
    // 65th and later are not.
    let page = std::fs::read_to_string(out.join(format!("{STEM}.html"))).unwrap();
    assert!(
        page.contains("Zz0 M0") && page.contains("Zz61 M61"),
        "the first are kept"
    );
    assert!(!page.contains("Zz64 M64") && !page.contains("Zz4999 M4999"));
}

#[test]
fn a_file_name_too_long_for_a_page_gets_a_short_stable_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    // 252 bytes (the most a `.md` file name leaves), multi-byte characters across the
    // cut: its page name `<stem>.html` would be 257.
    let mut long = format!("20260603-100000-pr-9-{}", "é-long-title-".repeat(16));
    while long.len() < 252 {
        long.push('x');
    }
    assert_eq!(long.len(), 252);
    write(&root.join(format!("content/{long}.md")), report(&long));
    let out = tmp.path().join("out");
    let first = build(&options(&root, &out, None)).expect("the build succeeds");
    let id = reviewsite::content::page_id(&long);
    assert!(id.len() <= 200 && id.len() < long.len(), "{id}");
    assert!(out.join(format!("{id}.html")).is_file());
    assert!(out.join(format!("{id}.md")).is_file());
    let d = first
        .diagnostics
        .iter()
        .find(|d| d.message.contains("too long to be a page name"))
        .unwrap_or_else(|| panic!("{}", show(&first)));
    assert_eq!(d.file, format!("content/{long}.md"));
    assert!(d.message.contains(&format!("{id}.html")), "{}", d.message);
    // The index links to the page by its short name, and no link is broken.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    let href = format!(
        "href=\"{}.html\"",
        reviewsite::text::url_path::encode_url_path(&id)
    );
    assert!(index.contains(&href), "{href}");
    assert_eq!(
        crate::support::linkcheck::check_site(&out, "/"),
        Vec::<String>::new()
    );
    // The same name on every build; `check` warns as well.
    build(&options(&root, &out, None)).unwrap();
    assert!(out.join(format!("{id}.html")).is_file());
    let checked = check(&options(&root, &out, None)).unwrap();
    assert!(checked
        .diagnostics
        .iter()
        .any(|d| d.message.contains("too long to be a page name")));
    // Two long names that share their start stay two pages.
    let other = format!("{long}-2");
    assert_ne!(reviewsite::content::page_id(&other), id);
    assert_eq!(reviewsite::content::page_id(STEM), STEM);
}

#[test]
fn lone_crs_mixed_with_lfs_change_no_severity_in_a_build() {
    let severities = |text: &str| {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        write(&root.join(format!("content/{STEM}.md")), text);
        let loaded = reviewsite::site::load(&options(&root, &tmp.path().join("o"), None)).unwrap();
        let r = &loaded.reviews[0];
        let f: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.id.clone(), f.severity, f.title.clone()))
            .collect();
        (f, r.counts)
    };
    let lf = report(STEM);
    let want = severities(&lf);
    assert_eq!(want.0.len(), 2);
    // Lone CRs on every other line, CRLF on every third, LF elsewhere; a CR before an
    // empty line would make a CRLF (one line end), so those keep their LF.
    let lines: Vec<&str> = lf.split('\n').collect();
    let mut mixed = String::new();
    for (i, l) in lines.iter().enumerate() {
        mixed.push_str(l);
        if i + 1 < lines.len() {
            let next_empty = lines[i + 1].is_empty();
            mixed.push_str(match i % 3 {
                0 if !next_empty => "\r",
                1 => "\r\n",
                _ => "\n",
            });
        }
    }
    assert!(
        mixed.contains("}\r") || mixed.contains("```\r"),
        "a fence line ends in CR"
    );
    assert_eq!(severities(&mixed), want);
    assert_eq!(severities(&lf.replace('\n', "\r")), want);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_written_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let real = tmp.path().join("real");
    let link = tmp.path().join("public");
    build(&options(&root, &real, None)).unwrap();
    write(&real.join("stale.html"), "from an old build");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    build(&options(&root, &link, None)).expect("builds through the link");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(
        !real.join("stale.html").exists(),
        "the link's target is replaced"
    );
    assert!(link.join(format!("{STEM}.html")).is_file());
    // A link to nothing is refused, and left as it is.
    let dangling = tmp.path().join("dangling");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    let e = format!("{:#}", build(&options(&root, &dangling, None)).unwrap_err());
    assert!(e.contains("symbolic link"), "{e}");
    assert!(!tmp.path().join("nowhere").exists());
}

#[test]
fn an_output_inside_the_static_folder_or_the_theme_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    write(&root.join("static/robots.txt"), "User-agent: *\n");
    for out in [
        root.join("static/site"),
        root.join("themes/default/static/site"),
    ] {
        let before = crate::support::snapshot(&root);
        let e = format!("{:#}", build(&options(&root, &out, None)).unwrap_err());
        assert!(e.contains("whose files are copied into the site"), "{e}");
        assert_eq!(crate::support::snapshot(&root), before, "nothing written");
    }
}

#[test]
fn a_previous_site_that_cannot_be_removed_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let out = tmp.path().join("public");
    // What a swap cut short left, and that cannot be removed as a folder: a file.
    let left = tmp.path().join(".public.reviewsite-tmp-999999999.old");
    std::fs::write(&left, "x").unwrap();
    let report = build(&options(&root, &out, None)).unwrap();
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.message.contains("cannot be removed"))
        .unwrap_or_else(|| panic!("{}", show(&report)));
    assert_eq!(d.file, left.display().to_string());
    assert!(
        d.message.contains("delete this folder by hand"),
        "{}",
        d.message
    );
}

#[test]
fn a_protocol_relative_base_url_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = site(tmp.path());
    let out = tmp.path().join("out");
    for url in ["//evil.example/", "/\\evil.example/"] {
        let e = format!("{:#}", build(&options(&root, &out, Some(url))).unwrap_err());
        assert!(e.contains("protocol-relative"), "{url}: {e}");
        assert!(!out.exists());
    }
    write(
        &root.join("book.toml"),
        "base_url = \"//evil.example/reviews/\"\n",
    );
    let e = format!("{:#}", check(&options(&root, &out, None)).unwrap_err());
    assert!(e.contains("protocol-relative"), "{e}");
}
