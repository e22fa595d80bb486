//! What a review cites, read from the review alone: the locations that want an excerpt,
//! every cited path (locations and `path:line` references in finding prose), and the
//! commit the review was made at, as written.

use crate::model::Review;
use crate::text::coderef;
use std::collections::BTreeSet;

/// `(finding index, location index)` of every finding location that cites lines of a
/// file, in order.
pub(super) fn wanted_locations(review: &Review) -> Vec<(usize, usize)> {
    review
        .findings
        .iter()
        .enumerate()
        .flat_map(|(fi, f)| {
            f.locations
                .iter()
                .enumerate()
                .filter(|(_, l)| l.path.is_some() && !l.ranges.is_empty())
                .map(move |(li, _)| (fi, li))
        })
        .collect()
}

/// Every path cited in the findings of `review`: their locations' paths and the
/// `path:line` references of their text, as written.
pub(super) fn cited_paths(review: &Review) -> BTreeSet<String> {
    let mut cited = BTreeSet::new();
    for f in &review.findings {
        cited.extend(f.locations.iter().filter_map(|l| l.path.clone()));
        cited.extend(coderef::find(&f.body).iter().map(|r| r.path.to_string()));
    }
    cited
}

/// The commit a review was made at, as written, and where it came from.
pub(super) fn review_commit(review: &Review) -> Option<(String, &'static str)> {
    let m = &review.meta;
    let hex = |s: &str| {
        let s = s.trim();
        (s.len() >= 7 && s.len() <= 64 && s.chars().all(|c| c.is_ascii_hexdigit()))
            .then(|| s.to_ascii_lowercase())
    };
    let from_sidecar = review
        .sidecar
        .as_ref()
        .and_then(|s| s.get("review"))
        .is_some_and(|r| r.get("review_sha").is_some() || r.get("head_sha").is_some());
    if let Some(s) = m.review_sha.as_deref().and_then(hex) {
        return Some((
            s,
            if from_sidecar {
                "the sidecar's review_sha"
            } else {
                "the Review SHA row"
            },
        ));
    }
    if let Some(s) = m.commits.first().and_then(|c| hex(&c.sha)) {
        return Some((s, "the newest commit of the Commits row"));
    }
    m.branch_sha
        .as_deref()
        .and_then(hex)
        .map(|s| (s, "the Branch row"))
}
