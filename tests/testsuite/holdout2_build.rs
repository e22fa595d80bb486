//! Holdout 2 as a new user meets it: `reviewsite build --root <archive>` over a flat folder
//! of reports the tool has never seen. Each assertion is something a reader sees on the
//! built pages (see `tests/testsuite/holdout2_parse.rs` for the archive).

use reviewsite::config::Overrides;
use reviewsite::diagnostics::Level;
use reviewsite::site::{build, BuildOptions, BuildReport};
use std::path::{Path, PathBuf};

struct Site {
    _root: tempfile::TempDir,
    out: PathBuf,
    report: BuildReport,
}

impl Site {
    fn page(&self, name: &str) -> String {
        std::fs::read_to_string(self.out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }
}

/// Copies the archive into a fresh folder (reports only, no `content/`) and builds it.
fn built() -> Site {
    built_with(false)
}

/// [`built`], publishing the files that are not reports too when `include_non_reports`.
fn built_with(include_non_reports: bool) -> Site {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/holdout2/archive");
    let root = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), root.path().join(e.file_name())).unwrap();
    }
    let out = root.path().join("site-out");
    let opts = BuildOptions {
        root: root.path().to_path_buf(),
        overrides: Overrides {
            output_dir: Some(out.clone()),
            ..Default::default()
        },
        include_non_reports,
        ..Default::default()
    };
    let report = build(&opts).unwrap();
    Site {
        _root: root,
        out,
        report,
    }
}

/// The two files of the archive that are not reviews.
const NOT_REPORTS: [&str; 2] = ["CHANGELOG", "notes"];

const STEMS: [&str; 8] = [
    "20260901-101500-pr-1402",
    "20260903-140000-pr-1410",
    "20260905-091000-pr-88",
    "20260906-120000-pr-91",
    "20260908-083000-pr-17",
    "20260910-160000-release-2-0",
    "20260912-070000-supply-chain",
    "20260914-110000-pr-1402",
];

#[test]
fn every_report_gets_a_page_and_an_index_link() {
    let site = built();
    assert_eq!(site.report.reviews, STEMS.len());
    let index = site.page("index.html");
    for stem in STEMS {
        assert!(
            site.out.join(format!("{stem}.html")).is_file(),
            "{stem}.html"
        );
        assert!(
            index.contains(&format!("href=\"{stem}.html\"")),
            "index links {stem}"
        );
    }
    // The German report has its date on the index, not an empty cell at the bottom.
    let row = index
        .split("<tr")
        .find(|r| r.contains("20260908-083000-pr-17.html"))
        .unwrap();
    assert!(row.contains("2026-09-08"), "{row}");
    assert!(row.contains("Mit Korrekturen mergen"));
}

#[test]
fn files_that_are_not_reviews_are_skipped_with_one_note_unless_included() {
    let site = built();
    let index = site.page("index.html");
    for stem in NOT_REPORTS {
        assert!(!site.out.join(format!("{stem}.html")).exists(), "{stem}");
        assert!(!index.contains(&format!("href=\"{stem}.html\"")), "{stem}");
    }
    let notes: Vec<String> = site
        .report
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Note)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        notes,
        [
            "note: skipped 2 Markdown files that are not review reports (CHANGELOG.md, notes.md); \
          --include-non-reports publishes them"
        ]
    );
    // What the parser says about them (no title, no metadata table) is not said.
    assert!(
        !site
            .report
            .diagnostics
            .iter()
            .any(|d| d.file.contains("notes.md") || d.file.contains("CHANGELOG.md")),
        "{:?}",
        site.report.diagnostics
    );

    let all = built_with(true);
    assert_eq!(all.report.reviews, STEMS.len() + NOT_REPORTS.len());
    let index = all.page("index.html");
    for stem in NOT_REPORTS {
        assert!(all.out.join(format!("{stem}.html")).is_file(), "{stem}");
        assert!(index.contains(&format!("href=\"{stem}.html\"")), "{stem}");
    }
    // Published, they are reports of kind Other with an info saying what they lack (the
    // user asked for them: nothing to warn about).
    assert!(all
        .report
        .diagnostics
        .iter()
        .any(|d| d.file == "CHANGELOG.md"
            && d.level == Level::Info
            && d.message.contains("no metadata table")));
    assert_eq!(all.report.warnings(), 0, "{:?}", all.report.diagnostics);
    assert!(!all
        .report
        .diagnostics
        .iter()
        .any(|d| d.level == Level::Note));
}

#[test]
fn new_families_get_their_own_pill_colours_and_same_family_models_are_told_apart() {
    let site = built();
    let index = site.page("index.html");
    for class in [
        "agent-kimi",
        "agent-deepseek",
        "agent-grok",
        "agent-mistral",
        "agent-llama",
    ] {
        assert!(index.contains(class), "{class}");
    }
    let row = index
        .split("<tr")
        .find(|r| r.contains("20260905-091000-pr-88.html"))
        .unwrap();
    assert!(row.contains(">Claude Opus</span>"), "{row}");
    assert!(row.contains(">Claude Sonnet</span>"), "{row}");
    // The appendix pairs its two `[Claude]` entries with the two Claude reviewers.
    let page = site.page("20260905-091000-pr-88.html");
    let appendix = &page[page.find("class=\"agent-review\"").unwrap()..];
    let opus = appendix.find(">Claude Opus 4.8<").unwrap();
    let sonnet = appendix.find(">Claude Sonnet 5<").unwrap();
    assert!(opus < sonnet);
}

#[test]
fn unknown_metric_rows_are_shown_not_lost() {
    let site = built();
    let page = site.page("20260901-101500-pr-1402.html");
    let extra_at = page
        .find("class=\"metrics metrics-extra\"")
        .expect("a table of the rows the normaliser does not know");
    let extra = &page[extra_at..];
    let extra = &extra[..extra.find("</table>").unwrap()];
    for head in [
        "Status",
        "Passes",
        "Retries",
        "Tokens in",
        "Tokens out",
        "Cost",
    ] {
        assert!(extra.contains(&format!(">{head}</th>")), "{head}");
    }
    assert!(extra.contains("$2.87") && extra.contains("402,118"));
    assert!(extra.contains("status-bad\">failed</td>"), "{extra}");
    // The normalised table leaves out columns that are `—` for every agent.
    let main_at = page.find("<table class=\"metrics\">").unwrap();
    let main = &page[main_at..extra_at];
    assert!(main.contains(">FP</abbr>"));
    assert!(!main.contains(">Des.</abbr>"), "no design column of dashes");
    // A failed agent with no output is marked in the branch review.
    let b = site.page("20260910-160000-release-2-0.html");
    assert!(b.contains("class=\"no-output\""));
}

#[test]
fn finding_bodies_keep_tables_details_fields_and_resolution_commits() {
    let site = built();
    let p91 = site.page("20260906-120000-pr-91.html");
    assert!(p91.contains("<summary>Full server response</summary>"));
    assert!(p91.contains("<th>Finished at</th>"));
    assert!(p91.contains("Fixed <code class=\"res-commit\">c0ffee12</code>"));
    assert!(p91.contains("Test written <code class=\"res-commit\">c0ffee56</code>"));
    // A skipped finding names no commit.
    let s1 = &p91[p91.find("id=\"S1\"").unwrap()..];
    let s1 = &s1[..s1.find("</article>").unwrap()];
    assert!(!s1.contains("res-commit"));

    let p88 = site.page("20260905-091000-pr-88.html");
    let i1 = &p88[p88.find("id=\"I1\"").unwrap()..];
    let i1 = &i1[..i1.find("</article>").unwrap()];
    // `**Severity:**`, `**Location:**` and `**Agents:**` stay on lines of their own.
    assert!(
        i1.contains("Important<br />") || i1.contains("Important<br>"),
        "{i1}"
    );

    // 112 findings, S100..S201, each with its anchor.
    let p1410 = site.page("20260903-140000-pr-1410.html");
    for id in ["S100", "S150", "S201"] {
        assert!(p1410.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[test]
fn the_german_report_reads_as_a_review() {
    let site = built();
    let page = site.page("20260908-083000-pr-17.html");
    // Reviewer pills in the `Prüfer` row, severity cards, the appendix collapsed.
    let row = &page[page.find(">Prüfer<").unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("agent-claude") && row.contains("agent-mistral"),
        "{row}"
    );
    assert!(page.contains("id=\"C1\"") && page.contains("id=\"S2\""));
    assert!(page.contains("<details class=\"agent-review\""));
    assert!(page.contains("Korrektur:"));
}
