//! The sidecar's `review` record over the report's metadata: date, start, repository, PR,
//! branch, round, author, verdict, reviewed SHA and wall-clock time.

use super::notes::{quoted, set, show_secs, Applied};
use crate::enrich::sidecar::ReviewRecord;
use crate::model::{Author, PullRequest, RepoRef, Review, Verdict, VerdictClass};
use crate::text::serde_name::serde_name;

/// The verdict label used when the report's label no longer fits the sidecar's class.
pub(crate) fn verdict_label(class: VerdictClass) -> &'static str {
    match class {
        VerdictClass::MergeAsIs => "Merge as-is",
        VerdictClass::MergeWithFixes => "Merge with fixes",
        VerdictClass::Rework => "Rework",
        VerdictClass::Issues => "Open issues",
        VerdictClass::Clean => "Clean",
        VerdictClass::Other => "Other",
    }
}

fn verdict_slug(class: VerdictClass) -> String {
    serde_name(class).unwrap_or_default()
}

pub(super) fn apply_review(review: &mut Review, r: &ReviewRecord, out: &mut Applied) {
    let m = &mut review.meta;
    if let Some(id) = &r.id {
        if *id != review.id {
            out.warnings.push(format!(
                "review.id: the sidecar is for {id:?} but sits beside the report {:?}; its values are applied anyway",
                review.id
            ));
        }
    }
    set(&mut m.date, &r.date, "review.date", quoted, out);
    set(
        &mut m.started_at,
        &r.started_at,
        "review.started_at",
        quoted,
        out,
    );
    if let Some((owner, name)) = r.repo.as_deref().and_then(|s| s.split_once('/')) {
        let new = RepoRef {
            owner: owner.trim().to_string(),
            name: name.trim().to_string(),
        };
        match &m.repo {
            Some(old) if old.slug().eq_ignore_ascii_case(&new.slug()) => {}
            old => {
                if let Some(old) = old {
                    out.differs("review.repo", new.slug(), old.slug());
                }
                m.repo = Some(new);
            }
        }
    }
    if let Some(number) = r.pr {
        match &mut m.pr {
            Some(pr) => {
                if pr.number != number {
                    out.differs("review.pr", format!("#{number}"), format!("#{}", pr.number));
                    // The title and URL were the other PR's.
                    *pr = PullRequest {
                        number,
                        ..Default::default()
                    };
                }
            }
            None => {
                m.pr = Some(PullRequest {
                    number,
                    ..Default::default()
                })
            }
        }
    }
    set(&mut m.branch, &r.branch, "review.branch", quoted, out);
    set(
        &mut m.round,
        &r.round,
        "review.round",
        |n| n.to_string(),
        out,
    );
    if let Some(login) = &r.author {
        let login = login.trim_start_matches('@').to_string();
        match &mut m.author {
            Some(a) if a.login.eq_ignore_ascii_case(&login) => {}
            // The report named the person without a handle: the sidecar completes it.
            Some(a) if a.login.is_empty() => a.login = login,
            Some(a) => {
                out.differs(
                    "review.author",
                    format!("@{login}"),
                    format!("@{}", a.login),
                );
                *a = Author {
                    login,
                    ..Default::default()
                };
            }
            None => {
                m.author = Some(Author {
                    login,
                    ..Default::default()
                })
            }
        }
    }
    if let Some(class) = r.verdict {
        match &mut m.verdict {
            Some(v) if v.class == class => {}
            Some(v) => {
                out.differs(
                    "review.verdict",
                    verdict_slug(class),
                    format!("{} ({:?})", verdict_slug(v.class), v.label),
                );
                v.class = class;
                v.label = verdict_label(class).to_string();
            }
            None => {
                m.verdict = Some(Verdict {
                    class,
                    label: verdict_label(class).to_string(),
                    rationale: None,
                })
            }
        }
    }
    if let Some(sha) = &r.review_sha {
        match &m.review_sha {
            Some(old) if same_sha(old, sha) => {
                if sha.len() > old.len() {
                    m.review_sha = Some(sha.clone());
                }
            }
            old => {
                if let Some(old) = old {
                    out.differs("review.review_sha", sha.clone(), old.clone());
                }
                m.review_sha = Some(sha.clone());
            }
        }
    }
    set(
        &mut m.wall_clock_secs,
        &r.wall_clock_secs,
        "review.wall_clock_secs",
        |s| show_secs(*s),
        out,
    );
}

/// One SHA abbreviates the other.
fn same_sha(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    a.starts_with(&b) || b.starts_with(&a)
}
