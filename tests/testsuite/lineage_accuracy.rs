//! How well the lineage linker agrees with hand labels: `tests/fixtures/lineage/
//! corpus-labels.json` says, for every pair of consecutive rounds of a PR in the corpus,
//! which later finding continues which earlier one and which earlier findings the later
//! round reports resolved. This test prints the precision and recall of the links and of
//! `resolved`, and fails below the floors (skipped without the corpus).

use crate::support::{corpus_dir, manifest_dir, options};
use reviewsite::aggregate::lineage::{thread_lineage, Outcome};
use reviewsite::model::Review;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// Agreement of a predicted set with a labelled one.
#[derive(Default, Debug)]
struct Score {
    predicted: usize,
    labelled: usize,
    agreed: usize,
}

impl Score {
    fn add<T: Ord + Clone + std::fmt::Debug>(
        &mut self,
        got: &BTreeSet<T>,
        want: &BTreeSet<T>,
        what: &str,
    ) {
        self.predicted += got.len();
        self.labelled += want.len();
        self.agreed += got.intersection(want).count();
        for extra in got.difference(want) {
            eprintln!("  {what}: predicted, not labelled: {extra:?}");
        }
        for missed in want.difference(got) {
            eprintln!("  {what}: labelled, missed: {missed:?}");
        }
    }
    fn precision(&self) -> f64 {
        self.agreed as f64 / self.predicted.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.agreed as f64 / self.labelled.max(1) as f64
    }
}

/// The agreement of the linker with the labels at `labels` (under tests/fixtures/lineage/)
/// for the reports under `root`: (links, resolved outcomes, every outcome).
fn measure(labels: &str, root: &Path) -> (Score, Score, Score) {
    let labels: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("tests/fixtures/lineage").join(labels))
            .unwrap(),
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let loaded = reviewsite::site::load(&options(root, &tmp.path().join("out"), None)).unwrap();
    let by_id: HashMap<&str, &Review> = loaded.reviews.iter().map(|r| (r.id.as_str(), r)).collect();
    let (mut links, mut resolved, mut outcomes) =
        (Score::default(), Score::default(), Score::default());
    for pair in labels["pairs"].as_array().unwrap() {
        let stem = |k: &str| pair[k].as_str().unwrap();
        let (earlier, later) = (by_id[stem("earlier")], by_id[stem("later")]);
        eprintln!("{} -> {}", earlier.id, later.id);
        let lineage = thread_lineage(&[earlier, later]);
        let round = &lineage.rounds[1];
        let got: BTreeSet<(String, String)> = round
            .findings
            .iter()
            .filter_map(|f| Some((f.id.clone(), f.previous.as_ref()?.id.clone())))
            .collect();
        let want: BTreeSet<(String, String)> = pair["links"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let id = |k: &str| l[k].as_str().unwrap().to_string();
                (id("later"), id("earlier"))
            })
            .collect();
        links.add(&got, &want, "link");
        let got: BTreeSet<String> = round
            .previous_outcomes
            .iter()
            .filter(|o| o.outcome == Outcome::Resolved)
            .map(|o| o.id.clone())
            .collect();
        let want: BTreeSet<String> = pair["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|o| o["outcome"] == "resolved")
            .map(|o| o["earlier"].as_str().unwrap().to_string())
            .collect();
        resolved.add(&got, &want, "resolved");
        // Every outcome, as a whole: (id, outcome) pairs.
        let got: BTreeSet<(String, String)> = round
            .previous_outcomes
            .iter()
            .map(|o| (o.id.clone(), o.outcome.as_str().to_string()))
            .collect();
        let want: BTreeSet<(String, String)> = pair["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| {
                let v = |k: &str| o[k].as_str().unwrap().to_string();
                (v("earlier"), v("outcome"))
            })
            .collect();
        outcomes.add(&got, &want, "outcome");
    }
    (links, resolved, outcomes)
}

fn show(what: &str, links: &Score, resolved: &Score) {
    println!(
        "lineage on {what}: links precision {:.2} recall {:.2} ({} agreed, {} predicted, {} labelled); resolved precision {:.2} recall {:.2} ({} agreed, {} predicted, {} labelled)",
        links.precision(),
        links.recall(),
        links.agreed,
        links.predicted,
        links.labelled,
        resolved.precision(),
        resolved.recall(),
        resolved.agreed,
        resolved.predicted,
        resolved.labelled
    );
}

#[test]
fn links_and_resolved_outcomes_agree_with_the_corpus_labels() {
    let Some(corpus) = corpus_dir() else {
        eprintln!("skipped: no corpus");
        return;
    };
    // Measured on the labels the rules were tuned on.
    meets_the_issues_targets("the corpus threads", "corpus-labels.json", &corpus);
}

#[test]
fn explicit_references_of_later_formats_are_all_read() {
    let root = manifest_dir().join("tests/fixtures/lineage/later-formats");
    let (links, resolved, outcomes) = measure("later-formats-labels.json", &root);
    show("the later-format fixtures", &links, &resolved);
    assert_eq!(
        outcomes.agreed, outcomes.labelled,
        "every outcome, declined too: {outcomes:?}"
    );
    // Every label is met and nothing else is predicted: these forms are the ones
    // later reports use, and each is read exactly.
    for (what, s) in [("links", &links), ("resolved", &resolved)] {
        assert!(
            s.agreed == s.labelled && s.agreed == s.predicted && s.labelled >= 9,
            "{what}: {s:?}"
        );
    }
}

/// Measures the linker against `labels` (a set under `tests/fixtures/lineage/`) and fails
/// below issue 18's targets: links precision 0.9 and recall 0.85, `resolved` precision
/// 0.85 and recall 0.8.
fn meets_the_issues_targets(what: &str, labels: &str, root: &Path) {
    let (links, resolved, outcomes) = measure(labels, root);
    show(what, &links, &resolved);
    eprintln!(
        "  outcomes agreeing with the labels: {} of {}",
        outcomes.agreed, outcomes.labelled
    );
    assert!(
        links.precision() >= 0.9 && links.recall() >= 0.85,
        "{links:?}"
    );
    assert!(
        resolved.precision() >= 0.85 && resolved.recall() >= 0.8,
        "{resolved:?}"
    );
}

#[test]
fn links_and_resolved_outcomes_agree_with_the_blind_labels() {
    // Threads written and labelled by someone who had not read the linker. Its first
    // measurement is in its README; it has since been used to improve the linker.
    let root = manifest_dir().join("tests/fixtures/lineage/blind");
    meets_the_issues_targets("the blind fixtures", "blind-labels.json", &root);
}

#[test]
fn links_and_resolved_outcomes_agree_with_the_second_blind_labels() {
    // Written later, by someone who read neither the linker nor the other sets; its
    // untouched measurement and what changed after it are in its README.
    let root = manifest_dir().join("tests/fixtures/lineage/blind2");
    meets_the_issues_targets("the second blind fixtures", "blind2-labels.json", &root);
}
