//! The lineage of a PR thread on its pages (issue 18, item 2), over the invented thread
//! of `tests/fixtures/variants/lineage/` (three rounds of acme/queue#510: explicit
//! references "Round 1's I1 was fixed", "round 1 I2, unaddressed", a deferral, and a
//! finding re-graded from a suggestion with the same location and a similar title): the
//! thread page's findings × rounds table (its cells, links and marks), each review page's
//! "since round" / "new this round" on the finding cards, the previous round's findings
//! it resolved or declined, and prev/next-round links; the site's links all resolve, no
//! page repeats an id; and after an edit `serve` renders again the pages whose lineage
//! changed, the same as a fresh build.

use crate::support::html::{start_tags, text};
use crate::support::linkcheck::check_site;
use crate::support::{copy_tree, manifest_dir, options, read};
use reviewsite::output::Collected;
use reviewsite::site::{self, BuildOptions, Site};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const R1: &str = "20261101-090000-pr-510";
const R2: &str = "20261103-090000-pr-510";
const R3: &str = "20261105-090000-pr-510";
const THREAD: &str = "repos/acme/queue/pr-510/index.html";

fn root() -> PathBuf {
    manifest_dir().join("tests/fixtures/variants/lineage")
}

/// The fixture built into a temporary folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    site::build(&options(&root(), &out, None)).expect("build");
    (tmp, out)
}

/// The rows of the table whose opening tag starts with `open` in `html`: each cell's text
/// (whitespace collapsed), header row first.
fn table_rows(html: &str, open: &str) -> Vec<Vec<String>> {
    let start = html.find(open).expect("the table");
    let end = start + html[start..].find("</table>").unwrap();
    let table = &html[start..end];
    table
        .split("<tr")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('d') || c.starts_with('h'))
                .filter(|c| !c.starts_with("head") && !c.starts_with("body"))
                .map(|c| {
                    let cell = c.split_once('>').map_or("", |(_, rest)| rest);
                    let cell = cell.split("</t").next().unwrap_or("");
                    text(cell).split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect()
        })
        .collect()
}

/// The `href` of every link whose text (collapsed) is `label`.
fn hrefs_of(html: &str, label: &str) -> Vec<String> {
    html.split("<a ")
        .skip(1)
        .filter_map(|a| {
            let (tag, rest) = a.split_once('>')?;
            let inner = rest.split("</a>").next()?;
            let shown = text(inner).split_whitespace().collect::<Vec<_>>().join(" ");
            (shown == label).then(|| {
                start_tags(&format!("<a {tag}>"))[0]
                    .attr("href")
                    .unwrap_or("")
                    .to_string()
            })
        })
        .collect()
}

#[test]
fn the_thread_page_shows_each_issue_across_the_rounds() {
    let (_tmp, out) = built();
    let html = read(&out.join(THREAD));
    let rows = table_rows(&html, "<table class=\"flow\"");
    let want: Vec<Vec<&str>> = vec![
        vec!["Issue", "Round 1", "Round 2", "Round 3"],
        // Open at round 3, first: the regression the round-1 fix brought, carried.
        vec![
            "Re-queue still loses the attempt count open",
            "",
            "I2 important → persists",
            "I1 important open",
        ],
        vec![
            "Metrics label uses the raw queue name open",
            "",
            "S2 suggestion → persists",
            "S1 suggestion open",
        ],
        vec![
            "Shutdown waits without a deadline open",
            "",
            "",
            "S2 suggestion open",
        ],
        // Then the rest, in the order the issues appeared.
        vec![
            "Dequeue drops the message on a timeout resolved in round 2",
            "I1 important",
            "✓ resolved",
            "",
        ],
        vec![
            "Ack is sent before the handler commits resolved in round 3",
            "I2 important → persists",
            "I1 important",
            "✓ resolved",
        ],
        vec![
            "Backoff constant is still unnamed resolved in round 3",
            "S1 suggestion → persists",
            "S1 suggestion",
            "✓ resolved",
        ],
        // Re-graded: a suggestion in round 1, important in round 2.
        vec![
            "Worker pool size ignores the configured value resolved in round 3",
            "S2 suggestion → persists",
            "I3 important",
            "✓ resolved",
        ],
        vec![
            "Test helper leaks a goroutine declined in round 2",
            "S3 suggestion",
            "declined",
            "",
        ],
    ];
    assert_eq!(rows, want);
    let start = html.find("<table class=\"flow\"").unwrap();
    let flow = &html[start..start + html[start..].find("</table>").unwrap()];
    // A real table: column and row headers with their scope.
    let tags = start_tags(&html);
    let scoped = |scope: &str| {
        tags.iter()
            .filter(|t| t.name == "th" && t.attr("scope") == Some(scope))
            .count()
    };
    assert_eq!((scoped("col"), scoped("row")), (4, 8));
    // Each cell links the finding on its round's page; the columns link the rounds.
    assert_eq!(
        hrefs_of(&html, "I2 important"),
        // The open row first.
        [
            format!("../../../../{R2}.html#I2"),
            format!("../../../../{R1}.html#I2")
        ]
    );
    assert_eq!(
        hrefs_of(&html, "I3 important"),
        [format!("../../../../{R2}.html#I3")]
    );
    assert_eq!(
        hrefs_of(flow, "Round 3"),
        [format!("../../../../{R3}.html")]
    );
    let summary = text(&html);
    assert!(
        summary.contains("At round 3: 3 findings open (2 carried from earlier rounds, 1 new)"),
        "{summary}"
    );
    assert!(summary.contains("Over the thread: 4 resolved, 1 declined, 0 not mentioned again"));
}

#[test]
fn review_pages_say_where_each_finding_comes_from() {
    let (_tmp, out) = built();
    let r1 = read(&out.join(format!("{R1}.html")));
    let r2 = read(&out.join(format!("{R2}.html")));
    let r3 = read(&out.join(format!("{R3}.html")));
    // Round 1: nothing came before; a link to round 2 only.
    assert!(!r1.contains("new this round") && !r1.contains("since round"));
    assert!(!r1.contains("Since round"));
    assert_eq!(hrefs_of(&r1, "Round 2 →"), [format!("{R2}.html")]);
    assert!(hrefs_of(&r1, "← Round 0").is_empty());
    // Round 2: each card links its predecessor, or says it is new.
    assert_eq!(
        hrefs_of(&r2, "since round 1 (as I2)"),
        [format!("{R1}.html#I2")]
    );
    assert_eq!(
        hrefs_of(&r2, "since round 1 (as S2), was suggestion"),
        [format!("{R1}.html#S2")]
    );
    assert_eq!(
        hrefs_of(&r2, "since round 1 (as S1)"),
        [format!("{R1}.html#S1")]
    );
    assert_eq!(r2.matches(">new this round<").count(), 2);
    assert_eq!(hrefs_of(&r2, "← Round 1"), [format!("{R1}.html")]);
    assert_eq!(hrefs_of(&r2, "Round 3 →"), [format!("{R3}.html")]);
    // What became of round 1's findings, linked on round 1's page.
    let said = text(&r2).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains(
            "Of round 1's findings: 1 resolved, 1 declined, 3 still open, 0 not mentioned. This round: 2 new."
        ),
        "{said}"
    );
    assert_eq!(
        hrefs_of(&r2, "I1 Dequeue drops the message on a timeout"),
        [format!("{R1}.html#I1")]
    );
    assert_eq!(
        hrefs_of(&r2, "S3 Test helper leaks a goroutine"),
        [format!("{R1}.html#S3")]
    );
    let resolved = &r2[r2.find("✓ Resolved").unwrap()..r2.find("Declined</h3>").unwrap()];
    assert!(resolved.contains(&format!("{R1}.html#I1")) && !resolved.contains("#S3"));
    // The still-open ones name their successor on this page.
    assert_eq!(hrefs_of(&r2, "now I3"), ["#I3"]);
    // Round 3: the regression of round 2 carried; the chain's start is named.
    assert_eq!(
        hrefs_of(&r3, "since round 2 (as I2)"),
        [format!("{R2}.html#I2")]
    );
    assert_eq!(r3.matches(">new this round<").count(), 1);
    assert!(hrefs_of(&r3, "Round 4 →").is_empty());
    let said = text(&r3).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("Of round 2's findings: 3 resolved, 0 declined, 2 still open"),
        "{said}"
    );
}

#[test]
fn the_fixture_site_has_sound_links_and_passes_strict() {
    let (_tmp, out) = built();
    let problems = check_site(&out, "");
    assert!(problems.is_empty(), "{problems:#?}");
    let tmp = tempfile::tempdir().unwrap();
    let report = site::check(&options(&root(), &tmp.path().join("out"), None)).unwrap();
    let warned: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.level >= reviewsite::diagnostics::Level::Warning)
        .map(|d| d.to_string())
        .collect();
    assert!(warned.is_empty(), "{warned:#?}");
}

type Files = BTreeMap<String, Vec<u8>>;

fn render_into(site: &mut Site, files: &mut Files) -> Vec<String> {
    let out = Collected::default();
    let report = site.render(&out).expect("render");
    for (p, b) in out.into_files() {
        files.insert(p, b.to_vec());
    }
    report.written
}

#[test]
fn an_edit_that_changes_the_lineage_renders_the_thread_again() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    copy_tree(&root(), &dir);
    let opts = BuildOptions {
        root: dir.clone(),
        ..Default::default()
    };
    let mut site = Site::load(&opts).expect("load");
    let mut files = Files::new();
    render_into(&mut site, &mut files);
    // Round 3 no longer says round 2's S1 was fixed: only text the index does not read.
    let path: &Path = &dir.join(format!("content/{R3}.md"));
    let md = read(path).replace(" Round 2's S1 was fixed.", "");
    std::fs::write(path, md).unwrap();
    site.refresh_content(&[path.to_path_buf()].into_iter().collect(), false)
        .expect("refresh");
    let written = render_into(&mut site, &mut files);
    for page in [
        THREAD.to_string(),
        format!("{R2}.html"),
        format!("{R3}.html"),
    ] {
        assert!(
            written.contains(&page),
            "{page} not rendered again: {written:?}"
        );
    }
    let mut fresh_site = Site::load(&opts).expect("load");
    let mut fresh = Files::new();
    render_into(&mut fresh_site, &mut fresh);
    for page in [
        THREAD.to_string(),
        format!("{R2}.html"),
        format!("{R3}.html"),
    ] {
        assert!(
            files[&page] == fresh[&page],
            "{page} differs from a fresh build"
        );
    }
    let thread = String::from_utf8_lossy(&files[THREAD]);
    assert!(thread.contains("not mentioned in round 3"), "{thread}");
}

const WORDS: [&str; 24] = [
    "Anchor", "Beacon", "Cinder", "Dynamo", "Ember", "Falcon", "Garnet", "Harbor", "Indigo",
    "Juniper", "Kestrel", "Lantern", "Meadow", "Nimbus", "Orchid", "Pebble", "Quartz", "Raven",
    "Saffron", "Thistle", "Umber", "Violet", "Willow", "Yarrow",
];

/// A thread of 8 rounds with 20 findings each, as long archives have: I1–I7 carried
/// through every round by name, I8–I10 new each round and never mentioned again, S1–S10
/// new each round and fixed in the next.
fn long_thread(root: &Path) -> Vec<String> {
    let dir = root.join("content/acme/long");
    std::fs::create_dir_all(&dir).unwrap();
    let stems: Vec<String> = (1..=8)
        .map(|r| format!("202611{:02}-090000-pr-800", r * 2))
        .collect();
    for (k, stem) in stems.iter().enumerate() {
        let r = k + 1;
        let mut md = format!(
            "# Deep Review: {stem}\n\n| | |\n|---|---|\n| **Date** | 2026-11-{:02} 09:00 |\n| **Repo** | [acme/long](https://github.com/acme/long) |\n| **Round** | {r} |\n| **PR** | [#800](https://github.com/acme/long/pull/800) — A long thread |\n| **Reviewers** | Claude Opus 4.8 |\n| **Verdict** | **Needs changes** — still open. |\n\n## Executive Summary\n\n",
            r * 2
        );
        if r > 1 {
            md.push_str(&format!("Round {} S1–S10 were fixed.\n\n", r - 1));
        }
        md.push_str("## Important Issues\n\n");
        for i in 1..=10 {
            let carried = if r > 1 && i <= 7 {
                format!(" (R{}-I{i} persists)", r - 1)
            } else {
                String::new()
            };
            let topic = if i <= 7 {
                format!("Carried concern number {i}")
            } else {
                // Words no other finding of the thread shares: each is its own issue.
                let w = WORDS[(r - 1) * 3 + i - 8];
                format!("{w} {w}s overflow")
            };
            md.push_str(&format!(
                "I{i}. **{topic}** — `src/m{i}.rs:{}` [Claude Opus 4.8]{carried}\n\nBody of I{i}.\n\n",
                10 + r
            ));
        }
        md.push_str("## Suggestions\n\n");
        for i in 1..=10 {
            md.push_str(&format!(
                "S{i}. **Round {r} polish item {i}** — `docs/p{r}.md:{i}` [Claude Opus 4.8]\n\nBody.\n\n"
            ));
        }
        std::fs::write(dir.join(format!("{stem}.md")), md).unwrap();
    }
    stems
}

#[test]
fn a_thread_of_eight_rounds_and_twenty_findings_a_round_reads_as_one_table() {
    let tmp = tempfile::tempdir().unwrap();
    let stems = long_thread(tmp.path());
    let out = tmp.path().join("out");
    site::build(&options(tmp.path(), &out, None)).expect("build");
    let html = read(&out.join("repos/acme/long/pr-800/index.html"));
    let rows = table_rows(&html, "<table class=\"flow\"");
    // Header: the issue column and one per round.
    assert_eq!(rows[0].len(), 9, "{:?}", rows[0]);
    // One row per issue: 7 carried chains, I8–I10 and S1–S10 of each round.
    assert_eq!(rows.len() - 1, 7 + 8 * 3 + 8 * 10);
    let start = html.find("<table class=\"flow\"").unwrap();
    let flow = &html[start..start + html[start..].find("</table>").unwrap()];
    // A carried chain links its finding on every round's page.
    let chain = flow
        .split("<tr")
        .find(|r| r.contains("Carried concern number 3"))
        .unwrap();
    for stem in &stems {
        assert!(
            chain.contains(&format!("{stem}.html#I3")),
            "{stem}: {chain}"
        );
    }
    assert!(
        chain.contains(">open<"),
        "open at the latest round: {chain}"
    );
    // A suggestion of round 2 is marked resolved in round 3's column.
    let row = rows
        .iter()
        .find(|r| r[0].starts_with("Round 2 polish item 4"))
        .unwrap();
    assert_eq!(row[2], "S4 suggestion");
    assert!(row[3].contains("resolved"), "{row:?}");
    assert!(row[4..].iter().all(String::is_empty), "{row:?}");
    // The latest round's card names where its chain started.
    let last = read(&out.join(format!("{}.html", stems[7])));
    assert_eq!(
        hrefs_of(&last, "since round 1 (as I3 in round 7)"),
        [format!("{}.html#I3", stems[6])]
    );
    assert_eq!(last.matches(">new this round<").count(), 13);
}
