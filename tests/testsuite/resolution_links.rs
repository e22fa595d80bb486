//! Resolution rows linked to the findings they name (issue 17, item 2): the forms of
//! `tests/fixtures/variants/resolution/` each link what `expected.txt` says, rows naming
//! an earlier round's finding link nothing, and over those fixtures, the other fixture
//! sets and the corpus, the share of rows naming a finding of their report that are
//! linked to it is measured (printed; at least 97%, and no row linked to a wrong one).

use crate::support::corpus_dir;
use reviewsite::content;
use reviewsite::model::{ActionClass, Review};
use reviewsite::parse::parse_report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/variants/resolution")
}

fn content_dir() -> PathBuf {
    fixtures().join("content")
}

/// Every report under `dir`, parsed, by file name.
fn parsed(dir: &Path) -> BTreeMap<String, Review> {
    let loaded = content::load(dir, dir, &[]);
    loaded
        .reports
        .iter()
        .map(|src| {
            let name = src.rel_path.rsplit('/').next().unwrap_or("").to_string();
            (name, parse_report(src).review)
        })
        .collect()
}

/// What each action must link, per file: `expected.txt`'s lines.
fn expected() -> Vec<(String, Vec<Vec<String>>)> {
    let text = std::fs::read_to_string(fixtures().join("expected.txt")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (file, rows) = l.split_once(':').unwrap();
            let rows = rows
                .split(';')
                .map(|r| match r.trim() {
                    "-" => Vec::new(),
                    ids => ids.split(',').map(|s| s.trim().to_string()).collect(),
                })
                .collect();
            (file.trim().to_string(), rows)
        })
        .collect()
}

/// The ids each action of a review links.
fn linked(r: &Review) -> Vec<Vec<String>> {
    r.resolution
        .as_ref()
        .map(|res| res.actions.iter().map(|a| a.finding_ids.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn each_form_links_what_it_names_and_nothing_of_an_earlier_round() {
    let all = parsed(&content_dir());
    let want = expected();
    assert_eq!(want.len(), all.len(), "one expected line per fixture");
    for (file, rows) in &want {
        let r = &all[file];
        assert_eq!(&linked(r), rows, "{file}");
        let res = r.resolution.as_ref().unwrap();
        for a in &res.actions {
            assert_eq!(a.finding_id.as_ref(), a.finding_ids.first(), "{file}");
        }
    }
}

#[test]
fn badges_follow_the_linked_rows() {
    let all = parsed(&content_dir());
    let action = |file: &str, id: &str| {
        all[file]
            .findings
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("{file} {id}"))
            .resolution
            .as_ref()
            .map(|r| (r.action, r.label.clone()))
    };
    let pr301 = "20260901-100000-pr-301.md";
    // `I1 (round 1)  Skipped` comes later, but names round 1's I1: I1 stays Fixed.
    assert_eq!(action(pr301, "I1").unwrap().0, ActionClass::Fixed);
    assert_eq!(
        action(pr301, "I2").unwrap(),
        (ActionClass::Fixed, "Done".into())
    );
    assert_eq!(action(pr301, "I3").unwrap().0, ActionClass::Skipped);
    assert_eq!(action(pr301, "S3").unwrap().0, ActionClass::Fixed);
    assert_eq!(action(pr301, "S4").unwrap().0, ActionClass::Skipped);
    assert_eq!(
        action(pr301, "S5").unwrap(),
        (ActionClass::Fixed, "Partially".into())
    );
    let pr302 = "20260902-100000-pr-302.md";
    // `Fixed?` answered `Yes` / `No`.
    assert_eq!(action(pr302, "S1").unwrap().0, ActionClass::Fixed);
    assert_eq!(action(pr302, "S3").unwrap().0, ActionClass::Skipped);
    assert_eq!(action(pr302, "S2").unwrap().0, ActionClass::Skipped);
    let pr303 = "20260903-100000-pr-303.md";
    assert_eq!(action(pr303, "S2").unwrap().0, ActionClass::Fixed);
    assert_eq!(action(pr303, "S3").unwrap().0, ActionClass::Skipped);
    let res = all[pr303].resolution.as_ref().unwrap();
    assert_eq!(
        res.actions[1].reason.as_deref(),
        Some("ack moved after the commit")
    );
    let pr304 = "20260904-100000-pr-304.md";
    // `Suggestion #2` numbered within the severity; `Caching (see notes)` names S3 in
    // its Notes cell.
    assert_eq!(action(pr304, "S2").unwrap().0, ActionClass::Skipped);
    assert_eq!(action(pr304, "S3").unwrap().0, ActionClass::Fixed);
}

/// The linked share over one set: (rows naming a finding of their report, of those
/// linked to exactly what they name, rows linked where they should not be).
#[derive(Default, Debug)]
struct Tally {
    naming: usize,
    linked: usize,
    wrong: usize,
}

impl Tally {
    fn add(&mut self, want: &[Vec<String>], got: &[Vec<String>], what: &str) {
        assert_eq!(want.len(), got.len(), "{what}: actions");
        for (w, g) in want.iter().zip(got) {
            if !w.is_empty() {
                self.naming += 1;
                self.linked += usize::from(w == g);
            }
            if g.iter().any(|id| !w.contains(id)) {
                self.wrong += 1;
                eprintln!("{what}: linked {g:?}, names {w:?}");
            }
        }
    }
}

/// The corpus's Resolution rows, by report: what each names (ids only, no report text).
fn corpus_expected() -> Vec<(&'static str, Vec<Vec<String>>)> {
    let ids = |list: &str| -> Vec<Vec<String>> {
        list.split(';')
            .map(|r| match r.trim() {
                "-" => Vec::new(),
                id => vec![id.to_string()],
            })
            .collect()
    };
    vec![
        (
            "20260414-134852-pr-4831.md",
            ids("S1; S2; S3; S4; S5; S6; S7; -; -; -"),
        ),
        (
            "20260517-130016-windows-plain-ci.md",
            ids("I1; I2; I3; S1; S2; S3; S4; S5; S6; S7; S8; S9; -; -; -; -"),
        ),
    ]
}

#[test]
fn linked_share_over_fixtures_and_corpus() {
    let mut tally = Tally::default();
    let all = parsed(&content_dir());
    for (file, rows) in expected() {
        tally.add(&rows, &linked(&all[&file]), &file);
    }
    // The other fixture sets with a Resolution: every action names one finding.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in [
        "tests/fixtures/holdout/content",
        "tests/fixtures/holdout2/archive",
        "tests/fixtures/agents/content",
        "content",
    ] {
        for (file, r) in parsed(&root.join(dir)) {
            let Some(res) = &r.resolution else { continue };
            let want: Vec<Vec<String>> = res
                .actions
                .iter()
                .map(|a| {
                    let id = a.finding.split([':', ' ']).next().unwrap_or("");
                    vec![id.to_string()]
                })
                .collect();
            tally.add(&want, &linked(&r), &format!("{dir}/{file}"));
        }
    }
    let fixtures_only = format!("{}/{}", tally.linked, tally.naming);
    if let Some(dir) = corpus_dir() {
        let all = parsed(&dir);
        let with_resolution = all.values().filter(|r| r.resolution.is_some()).count();
        assert_eq!(
            with_resolution,
            corpus_expected().len(),
            "corpus Resolutions"
        );
        for (file, rows) in corpus_expected() {
            tally.add(&rows, &linked(&all[file]), file);
        }
    }
    println!(
        "resolution rows naming a finding of their report: {} linked of {} ({:.1}%; fixtures alone {fixtures_only}); wrongly linked: {}",
        tally.linked,
        tally.naming,
        100.0 * tally.linked as f64 / tally.naming.max(1) as f64,
        tally.wrong
    );
    assert_eq!(tally.wrong, 0);
    assert!(tally.linked * 100 >= tally.naming * 97, "{tally:?}");
}
