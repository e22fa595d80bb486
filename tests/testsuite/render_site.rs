//! Renders a hand-built review of a fictional repository and checks the pages: anchors,
//! escaping of hostile report text, highlighting, metrics, appendix, and that every
//! relative link and fragment in the output resolves.
//!
//! Set `REVIEWSITE_RENDER_DUMP=/some/dir` to keep the rendered site for a look.

use reviewsite::aggregate::{aggregate, summarise};
use reviewsite::config::Config;
use reviewsite::model::*;
use reviewsite::output::{Sink, Staging};
use reviewsite::render::render_site;
use std::collections::BTreeMap;

use crate::support::linkcheck::check_site;
use crate::support::{walk, without_theme_script};
use std::path::{Path, PathBuf};

const EVIL: &str = "<script>alert(1)</script>";

fn config(root: &Path, base_url: &str) -> Config {
    let base_path = match base_url.find("://") {
        Some(i) => {
            let rest = &base_url[i + 3..];
            rest.find('/')
                .map(|j| rest[j..].to_string())
                .unwrap_or("/".into())
        }
        None => base_url.to_string(),
    };
    Config {
        root: root.to_path_buf(),
        title: "Widgets review archive".into(),
        description: "Deep reviews of the octo/widgets repository".into(),
        base_url: base_url.into(),
        base_path,
        content_dir: root.join("content"),
        output_dir: root.join("public"),
        static_dir: root.join("static"),
        theme: "default".into(),
        theme_dir: root.join("themes/default"),
        repos: BTreeMap::new(),
    }
}

fn reviewer(name: &str, family: &str, model: &str, effort: &str) -> Reviewer {
    Reviewer {
        name: name.into(),
        family: family.into(),
        model: Some(model.into()),
        effort: Some(effort.into()),
        status: None,
        note: None,
    }
}

fn metrics(agent: &str, family: &str, secs: Option<u64>, c: u32, i: u32, s: u32) -> AgentMetrics {
    AgentMetrics {
        agent: agent.into(),
        family: family.into(),
        duration_secs: secs,
        findings: Some(SeverityCounts {
            critical: c,
            important: i,
            suggestion: s,
        }),
        tool_calls: Some(ToolCalls {
            total: Some(50),
            by_tool: vec![("Bash".into(), 25), ("Read".into(), 25)],
        }),
        design_observations: Some(2),
        false_positives: Some(0),
        unique_insights: Some(1),
        files_reviewed: Some(9),
        coverage_misses: None,
        downgraded: Some(1),
        downgrades: vec![Downgrade {
            count: 1,
            from: Severity::Important,
            to: Severity::Suggestion,
        }],
        dropped: None,
        ..Default::default()
    }
}

fn pr_review(id: &str, date: &str, round: u32, title: &str, counts: SeverityCounts) -> Review {
    let repo = RepoRef {
        owner: "octo".into(),
        name: "widgets".into(),
    };
    let retro_before = "### [Claude]\n\nThorough; found the race.\n\n### Summary\n\n";
    let retro_table = "| Metric | Claude Opus 4.7 | Codex GPT 5.5 |\n|---|---|---|\n| Duration | 7m 15s | — |\n| Findings | 1C 2I 1S | 1I |\n";
    let retro_after = "\n**Reconciliation.** Codex I2 merged into I1.\n";
    let retro_body = format!("{retro_before}{retro_table}{retro_after}");
    let span = (retro_before.len(), retro_before.len() + retro_table.len());
    let sections = vec![
        Section {
            kind: SectionKind::ExecutiveSummary,
            title: "Executive Summary".into(),
            anchor: "executive-summary".into(),
            level: 2,
            body: "The `Spinner` refactor is sound but leaks a goroutine. 1 critical, 2 important, 1 suggestion. See [round 1](20260301-101500-pr-42.md).".into(),
            ..Default::default()
        },
        Section {
            kind: SectionKind::Findings,
            title: "Critical Issues".into(),
            anchor: "critical-issues".into(),
            level: 2,
            severity: Some(Severity::Critical),
            ..Default::default()
        },
        Section {
            kind: SectionKind::Findings,
            title: "Important Issues".into(),
            anchor: "important-issues".into(),
            level: 2,
            severity: Some(Severity::Important),
            ..Default::default()
        },
        Section {
            kind: SectionKind::Findings,
            title: "Suggestions".into(),
            anchor: "suggestions".into(),
            level: 2,
            severity: Some(Severity::Suggestion),
            body: String::new(),
            ..Default::default()
        },
        Section {
            kind: SectionKind::DesignObservations,
            title: "Design Observations".into(),
            anchor: "design-observations".into(),
            level: 2,
            body: "### Concerns\n\n- Global state in `registry` *(future)*\n\n### Strengths\n\n- Clear seams\n".into(),
            ..Default::default()
        },
        Section {
            kind: SectionKind::AgentRetro,
            title: "Agent Performance Retro".into(),
            anchor: "agent-performance-retro".into(),
            level: 2,
            body: retro_body,
            ..Default::default()
        },
        Section {
            kind: SectionKind::Other,
            title: format!("Notes {EVIL}"),
            anchor: "notes".into(),
            level: 2,
            body: format!("Raw html: {EVIL} <img src=x onerror=alert(2)> [bad](javascript:alert(3)) [local](/Users/me/widgets/x.go) <details><summary>More</summary>\n\nhidden <kbd>K</kbd>\n\n</details>\n\n## Executive Summary\n\nA heading that collides with a section anchor.\n"),
            ..Default::default()
        },
        Section {
            kind: SectionKind::Appendix,
            title: "Appendix: Original Reviews".into(),
            anchor: "appendix-original-reviews".into(),
            level: 2,
            ..Default::default()
        },
    ];
    let findings = vec![
        Finding {
            id: "C1".into(),
            severity: Some(Severity::Critical),
            title: format!("Goroutine leak in `Spinner.Run` {EVIL}"),
            locations: vec![Location {
                path: Some("spinner/run.go".into()),
                ranges: vec![LineRange { start: 12, end: 30 }],
                raw: "spinner/run.go:12-30".into(),
            }],
            agents: vec!["Claude Opus 4.7".into(), format!("Evil{EVIL}")],
            tags: vec!["regression".into()],
            body: "The ticker is never stopped:\n\n```go\nfunc (s *Spinner) Run() {\n\tt := time.NewTicker(d)\n\tfor range t.C { s.tick() }\n}\n```\n\nFix:\n\n```diff\n--- a/spinner/run.go\n+++ b/spinner/run.go\n@@ -1,3 +1,4 @@\n t := time.NewTicker(d)\n+defer t.Stop()\n-for range t.C {\n```\n\n```\"><script>alert(4)</script>\nplain\n```\n".into(),
            section: 1,
            resolution: Some(FindingResolution {
                action: ActionClass::Fixed,
                label: "Fixed".into(),
                reason: None,
            }),
            ..Default::default()
        },
        Finding {
            id: "I1".into(),
            severity: Some(Severity::Important),
            title: "Config reload races with `Render`".into(),
            locations: vec![Location {
                raw: "render.go:88".into(),
                ..Default::default()
            }],
            agents: vec!["Codex GPT 5.5".into()],
            tags: vec!["gap".into()],
            notes: vec!["pass 2".into()],
            body: "# Agent heading inside a body\n\nSee [C1](#C1) and [the doc](https://example.com/doc).\n".into(),
            section: 2,
            ..Default::default()
        },
        Finding {
            id: "I2".into(),
            severity: Some(Severity::Important),
            title: "Missing test for empty frames".into(),
            body: "- [x] reproduced\n- [ ] fixed\n".into(),
            section: 2,
            resolution: Some(FindingResolution {
                action: ActionClass::Skipped,
                label: "Skipped".into(),
                reason: Some("Covered by `frames_test.go` already".into()),
            }),
            ..Default::default()
        },
        Finding {
            id: "S1".into(),
            severity: Some(Severity::Suggestion),
            title: "Name the magic `40ms`".into(),
            body: "| a | b |\n|---|---|\n| 1 | 2 |\n".into(),
            section: 3,
            ..Default::default()
        },
    ];
    Review {
        id: id.into(),
        source_path: format!("{id}.md"),
        kind: ReviewKind::PrReview,
        title: format!("Deep Review: {id}"),
        meta: Metadata {
            rows: vec![
                MetaRow {
                    label: "Date".into(),
                    value: date.replace('T', " "),
                },
                MetaRow {
                    label: "Repo".into(),
                    value: "[octo/widgets](https://github.com/octo/widgets)".into(),
                },
                MetaRow {
                    label: "PR".into(),
                    value: format!("[#42](https://github.com/octo/widgets/pull/42) — {title}"),
                },
                MetaRow {
                    label: "Commits".into(),
                    value: "`abc12345` fix spinner<br>`def67890` add frames".into(),
                },
                MetaRow {
                    label: "Reviewers".into(),
                    value: "Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5 (effort: xhigh)".into(),
                },
            ],
            date: Some(date.into()),
            repo: Some(repo),
            round: Some(round),
            pr: Some(PullRequest {
                number: 42,
                title: Some(title.into()),
                url: Some("https://github.com/octo/widgets/pull/42".into()),
            }),
            reviewers: vec![
                reviewer("Claude Opus 4.7", "claude", "Opus 4.7", "xhigh"),
                reviewer("Codex GPT 5.5", "codex", "GPT 5.5", "xhigh"),
                reviewer(&format!("Mystery {EVIL}"), "mystery", "M1", "low"),
            ],
            reviewers_row: Some(4),
            verdict: Some(Verdict {
                class: VerdictClass::MergeWithFixes,
                label: "Merge with fixes".into(),
                rationale: Some(format!("Stop the ticker first {EVIL}.")),
            }),
            ..Default::default()
        },
        sections,
        findings,
        counts,
        retro: Some(Retro {
            agents: vec![],
            metrics: vec![
                metrics("Claude Opus 4.7", "claude", Some(435), 1, 2, 1),
                AgentMetrics {
                    no_output: true,
                    ..metrics("Codex GPT 5.5", "codex", None, 0, 1, 0)
                },
            ],
            reconciliation: None,
            table_span: Some(span),
        }),
        appendix: vec![
            AgentReview {
                label: "[Claude] — Pass 1".into(),
                family: "claude".into(),
                pass: Some(1),
                anchor: "claude-pass-1".into(),
                markdown: "# Findings\n\n## Executive Summary\n\nVerbatim output.\n".into(),
                ..Default::default()
            },
            AgentReview {
                label: "[Codex]".into(),
                family: "codex".into(),
                anchor: "codex".into(),
                markdown: "## Findings\n\nNothing else.\n".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    }
}

fn scan() -> Review {
    Review {
        id: "20260305-080000-supply-chain".into(),
        source_path: "20260305-080000-supply-chain.md".into(),
        kind: ReviewKind::SupplyChainScan,
        title: "Supply Chain Scan: 20260305-080000-supply-chain".into(),
        meta: Metadata {
            date: Some("2026-03-05T08:00".into()),
            repo: Some(RepoRef {
                owner: "octo".into(),
                name: "widgets".into(),
            }),
            branch: Some("main".into()),
            verdict: Some(Verdict {
                class: VerdictClass::Issues,
                label: "2 open issues".into(),
                rationale: None,
            }),
            ..Default::default()
        },
        sections: vec![Section {
            kind: SectionKind::Other,
            title: "Pinned dependencies".into(),
            anchor: "pinned-dependencies".into(),
            body: "```yaml\nuses: actions/checkout@v4\n```\n".into(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn counts(c: u32, i: u32, s: u32) -> SeverityCounts {
    SeverityCounts {
        critical: c,
        important: i,
        suggestion: s,
    }
}

/// Renders the fixture site and commits it into `<tmp>/public`.
fn build(tmp: &Path, base_url: &str) -> PathBuf {
    let cfg = config(tmp, base_url);
    let reviews = vec![
        pr_review(
            "20260301-101500-pr-42",
            "2026-03-01T10:15",
            1,
            &format!("Spinner: stop `ticker` {EVIL}"),
            counts(1, 2, 1),
        ),
        pr_review(
            "20260308-170000-pr-42",
            "2026-03-08T17:00",
            2,
            "Spinner: stop `ticker`",
            counts(1, 2, 1),
        ),
        scan(),
    ];
    let summaries = reviews.iter().map(summarise).collect();
    let index = aggregate(&cfg, summaries);
    let out = Staging::begin(&cfg.output_dir).unwrap();
    let rendered = render_site(&cfg, &reviews, &index, &out).unwrap();
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );
    // The lead's build copies the sources; do the same so `.md` links resolve.
    for r in &reviews {
        out.write(&format!("{}.md", r.id), b"# source\n").unwrap();
    }
    out.commit().unwrap();
    // Reviews, index, repo, thread, 404, search, and the agent pages (leaderboard copies,
    // families).
    let agent_pages = walk(&cfg.output_dir.join("agents")).len();
    assert!(agent_pages > 2, "agent pages written");
    assert_eq!(rendered.pages, 3 + 1 + 1 + 1 + 1 + 1 + agent_pages);
    if let Ok(dump) = std::env::var("REVIEWSITE_RENDER_DUMP") {
        let dump = PathBuf::from(dump);
        std::fs::remove_dir_all(&dump).ok();
        copy_dir(&cfg.output_dir, &dump);
    }
    cfg.output_dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walk(from) {
        let rel = e.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&e, dest).unwrap();
    }
}

#[test]
fn pages_exist_and_links_resolve() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build(tmp.path(), "https://octo.github.io/widgets-reviews/");
    for f in [
        "index.html",
        "404.html",
        "style.css",
        "highlight.css",
        ".nojekyll",
        "sitemap.xml",
        "20260301-101500-pr-42.html",
        "20260308-170000-pr-42.html",
        "20260305-080000-supply-chain.html",
        "repos/octo/widgets/index.html",
        "repos/octo/widgets/pr-42/index.html",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let problems = check_site(&site, "https://octo.github.io/widgets-reviews/");
    assert!(problems.is_empty(), "{problems:#?}");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains(
        "<loc>https://octo.github.io/widgets-reviews/repos/octo/widgets/pr-42/index.html</loc>"
    ));
    let nf = std::fs::read_to_string(site.join("404.html")).unwrap();
    assert!(nf.contains("href=\"/widgets-reviews/index.html\""), "{nf}");
    assert!(nf.contains("href=\"/widgets-reviews/style.css\""));
}

#[test]
fn sitemap_without_absolute_base_url_lists_site_paths() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build(tmp.path(), "/");
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>/repos/octo/widgets/pr-42/index.html</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("option base-url"),
        "says how to get absolute URLs"
    );
    // ... in a comment that is valid XML (no `--` inside).
    roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
    let problems = check_site(&site, "/");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build(tmp.path(), "/");
    for p in walk(&site) {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if p.extension().is_some_and(|e| e == "md") {
            continue;
        }
        // Scripts and JSON data (reviews.json, the search index) hold report text as data:
        // escaped for JS/JSON, shown only through textContent.
        if p.extension().is_some_and(|e| e == "js" || e == "json") {
            continue;
        }
        let lower = without_theme_script(&text).to_ascii_lowercase();
        assert!(!lower.contains("<script"), "{}", p.display());
        assert!(!lower.contains("javascript:"), "{}", p.display());
        assert!(!lower.contains("/users/me"), "{}", p.display());
        // Hostile HTML written in prose is shown as text: no tag of it is markup.
        for tag in crate::support::html::start_tags(&text) {
            assert!(tag.name != "img", "{}: {tag:?}", p.display());
            assert!(
                tag.attrs.iter().all(|(n, _)| !n.starts_with("on")),
                "{}: {tag:?}",
                p.display()
            );
        }
    }
    let page = std::fs::read_to_string(site.join("20260301-101500-pr-42.html")).unwrap();
    // The hostile title is shown as text.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // The local path link became text.
    assert!(page.contains("<span class=\"link-text\">local</span>"));
}

#[test]
fn review_page_structure() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build(tmp.path(), "/");
    let page = std::fs::read_to_string(site.join("20260301-101500-pr-42.html")).unwrap();
    // Finding anchors with self-links.
    for id in ["C1", "I1", "I2", "S1"] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id}");
        assert!(page.contains(&format!("href=\"#{id}\"")), "{id}");
    }
    // Highlighting by classes; diff lines classed.
    assert!(page.contains("<pre class=\"code\" data-lang=\"go\"><code>"));
    assert!(page.contains("class=\"hl-"));
    assert!(page.contains("<span class=\"d-add\">+defer t.Stop()</span>"));
    assert!(page.contains("<span class=\"d-del\">-for range t.C {</span>"));
    assert!(page.contains("<span class=\"d-hunk\">"));
    // Normalised metrics table, then the original.
    assert!(page.contains("<table class=\"metrics\">"));
    assert!(page.contains(">7m 15s<"));
    assert!(page.contains("I\u{2192}S \u{00d7}1"));
    assert!(page.contains("no output"));
    assert!(page.contains("<summary>Table as written</summary>"));
    let metrics_at = page.find("<table class=\"metrics\">").unwrap();
    let reconciliation_at = page.find("Reconciliation.").unwrap();
    assert!(
        metrics_at < reconciliation_at,
        "table sits where it was written"
    );
    // Appendix: collapsed details, headings shifted to H4+.
    assert!(page.contains("<details class=\"agent-review\" id=\"claude-pass-1\">"));
    assert!(!page.contains("<details class=\"agent-review\" id=\"claude-pass-1\" open"));
    assert!(page.contains("<h4 id=\"findings\">Findings"));
    assert!(page.contains("<h5 id=\"executive-summary-"));
    // Resolution badges.
    assert!(page.contains("<span class=\"resolution res-fixed\">Fixed</span>"));
    assert!(page.contains("res-skipped"));
    assert!(page.contains("Covered by <code>frames_test.go</code> already"));
    // Agent pills by family; unknown families get a palette class.
    assert!(page.contains("pill agent agent-claude"));
    assert!(page.contains("pill agent agent-codex"));
    assert!(page.contains("agent-other agent-p"));
    // Breadcrumb: index, repo, thread.
    assert!(page.contains("<a href=\"index.html\">Index</a>"));
    assert!(page.contains("<a href=\"repos/octo/widgets/index.html\">octo/widgets</a>"));
    assert!(page.contains("<a href=\"repos/octo/widgets/pr-42/index.html\">PR #42</a>"));
    // Link to another review's .md rewritten to its page; source and PR links.
    assert!(page.contains("href=\"20260301-101500-pr-42.html\""));
    assert!(page.contains("href=\"20260301-101500-pr-42.md\""));
    assert!(page.contains("href=\"https://github.com/octo/widgets/pull/42\""));
    // Valid-HTML basics.
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<title>PR #42 Spinner: stop ticker"));
}

#[test]
fn index_and_thread_pages() {
    let tmp = tempfile::tempdir().unwrap();
    let site = build(tmp.path(), "/");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    // Newest first; the rounds of PR 42 share one row, placed at its newest round and
    // linking every round.
    let a = index.find("20260308-170000-pr-42.html").unwrap();
    let b = index.find("20260305-080000-supply-chain.html").unwrap();
    let c = index.find("20260301-101500-pr-42.html").unwrap();
    assert!(a < c && c < b, "{a} {b} {c}");
    assert_eq!(index.matches("<tr class=").count(), 2, "one row per thread");
    assert!(index.contains(">2 rounds</a>"));
    assert!(index.contains("title=\"round 1 of 2 · 2026-03-01"));
    assert!(index.contains("round 2 of 2"));
    assert!(index.contains("aria-current=\"true\">R2</a>"));
    // No-JS filters (CSS radio buttons) and the optional search script, local.
    assert!(index.contains("id=\"fv-bad\""));
    assert!(index.contains("<tr class=\"v-"));
    assert!(index.contains("k-supply-chain-scan"));
    assert!(
        index.contains("<div class=\"filter-group filter-search\" id=\"filter-search\" hidden>")
    );
    assert!(index.contains("<script src=\"filter.js\" defer></script>"));
    assert!(site.join("filter.js").is_file());
    assert!(
        index.contains("<code>ticker</code>"),
        "inline markdown in titles"
    );
    assert!(index.contains("chip sev-c zero") || index.contains("chip sev-c\""));
    let thread = std::fs::read_to_string(site.join("repos/octo/widgets/pr-42/index.html")).unwrap();
    assert!(thread.contains("href=\"../../../../20260301-101500-pr-42.html\""));
    assert!(thread.contains("href=\"../../../../20260308-170000-pr-42.html\""));
    assert!(thread.contains("C ±0"));
    // Round cards list the criticals and importants, linked to their cards.
    assert!(thread.contains("href=\"../../../../20260301-101500-pr-42.html#C1\""));
    assert!(thread.contains("href=\"../../../../20260308-170000-pr-42.html#I2\""));
    assert!(thread.contains("Config reload races with Render</a>"));
    let cards: String = thread
        .split("<ul class=\"key-findings\"")
        .skip(1)
        .map(|l| l.split("</ul>").next().unwrap_or(""))
        .collect();
    assert!(cards.contains(".html#C1\""));
    assert!(!cards.contains(".html#S1\""), "suggestions are not listed");
    let repo = std::fs::read_to_string(site.join("repos/octo/widgets/index.html")).unwrap();
    assert!(repo.contains("Supply-chain scan"));
    assert!(repo.contains("href=\"../../../style.css\""));
}

#[test]
fn theme_override_is_used() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("themes/default/static")).unwrap();
    std::fs::write(
        tmp.path().join("themes/default/static/style.css"),
        "body{color:red}",
    )
    .unwrap();
    std::fs::create_dir_all(tmp.path().join("static")).unwrap();
    std::fs::write(tmp.path().join("static/robots.txt"), "User-agent: *\n").unwrap();
    let site = build(tmp.path(), "/");
    assert_eq!(
        std::fs::read_to_string(site.join("style.css")).unwrap(),
        "body{color:red}"
    );
    assert!(site.join("robots.txt").is_file());
}
