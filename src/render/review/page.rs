//! The review page itself: the header (title, verdict, counts, round, links), the
//! breadcrumbs, and the page assembled from the metadata table, the preamble and the
//! sections.

use super::contents::{jump_list, TocChild, TocEntry};
use super::lineage::{round_flow, RoundFlowView};
use super::markup::Markup;
use super::meta::{meta_rows, MetaRowView};
use super::sections::{sections, PageIds, SectionView};
use crate::aggregate::page_ids::{claim_anchor, stable_ids, title_or_id, StableIds};
use crate::aggregate::ReviewSummary;
use crate::html::markdown;
use crate::model::{Review, ReviewKind, SeverityCounts};
use crate::render::common::{
    counts_line, index_crumb, split_date, thread_ref, Crumb, Page, Rounds, Share, SiteView,
    ThreadRef,
};
use crate::render::flow_pack::RoundSlice;
use crate::render::pills::{failed_jobs_pill, verdict_view, FailedJobsPill, VerdictView};
use crate::render::urls::{link, md_url, root_for, web_link};
use crate::text::serde_name::kind_slug;
use serde::Serialize;
use std::collections::HashSet;

/// The review page's own view.
#[derive(Debug, Serialize)]
pub(crate) struct ReviewBody {
    r: ReviewView,
}

#[derive(Debug, Serialize)]
struct ReviewView {
    id: String,
    kind: String,
    kind_label: &'static str,
    title_html: String,
    h1_html: String,
    repo: Option<String>,
    round: Option<u32>,
    round_note_html: String,
    day: String,
    time: String,
    pr_number: Option<u64>,
    pr_url: Option<String>,
    md_url: String,
    thread: Option<ThreadRef>,
    verdict: Option<VerdictView>,
    /// A CI-failure digest's pill, shown instead of a verdict.
    failed_jobs: Option<FailedJobsPill>,
    rationale_html: String,
    counts: SeverityCounts,
    stated_mismatch: String,
    meta_rows: Vec<MetaRowView>,
    preamble_html: String,
    sections: Vec<SectionView>,
    toc: Vec<TocEntry>,
    /// The findings in order, for the jump list on narrow screens (phone layout).
    jump: Vec<TocChild>,
    /// Its round in its PR thread: the previous and next rounds, what became of the
    /// previous round's findings.
    flow: Option<RoundFlowView>,
}

/// The body of the page, built section by section.
struct Content {
    meta_rows: Vec<MetaRowView>,
    preamble_html: String,
    sections: Vec<SectionView>,
    toc: Vec<TocEntry>,
}

/// A review's page.
pub(crate) struct ReviewPage;

impl ReviewPage {
    pub(crate) fn build(
        review: &Review,
        summary: &ReviewSummary,
        rounds: &Rounds,
        known: &HashSet<String>,
        site: &SiteView,
        flow: Option<RoundSlice>,
    ) -> Page<ReviewBody> {
        let root = root_for(&summary.url);
        let StableIds {
            mut anchors,
            sections: section_ids,
            findings: finding_ids,
        } = stable_ids(review);
        let agent_ids: Vec<String> = review
            .appendix
            .iter()
            .map(|a| claim_anchor(&mut anchors, &a.anchor, &a.label))
            .collect();
        let ids = PageIds {
            sections: section_ids,
            findings: finding_ids,
            agents: agent_ids,
        };
        let mut markup = Markup {
            root: &root,
            known,
            anchors,
        };
        let meta_rows = meta_rows(&review.meta, &markup);
        let preamble_html = markup.block(&review.preamble, Some(2));
        let (mut sections, toc) = sections(review, &ids, &mut markup);
        let flow = flow.map(|flow| {
            let (view, cards) = round_flow(&flow, &root);
            for f in sections.iter_mut().flat_map(|s| s.findings_mut()) {
                f.set_since(&cards);
            }
            view
        });
        let content = Content {
            meta_rows,
            preamble_html,
            sections,
            toc,
        };
        let title = title_or_id(&summary.title, &review.id);
        let page_title = match &review.meta.pr {
            Some(pr) => format!("PR #{} {}", pr.number, markdown::plain_text(&title)),
            None => markdown::plain_text(&title),
        };
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title,
            crumbs: crumbs(review, summary, &root),
            share: Share::article(site, &summary.url, share_description(review)),
            body: ReviewBody {
                r: ReviewView {
                    flow,
                    ..review_view(review, &title, rounds, &markup, content)
                },
            },
        }
    }
}

/// Index, repository, PR thread, then the review (its round in the thread).
fn crumbs(review: &Review, summary: &ReviewSummary, root: &str) -> Vec<Crumb> {
    let m = &review.meta;
    let mut crumbs = vec![index_crumb(root)];
    if let (Some(repo), Some(url)) = (&m.repo, &summary.repo_url) {
        crumbs.push(Crumb {
            label: repo.slug(),
            url: Some(link(root, url)),
        });
    }
    if let (Some(pr), Some(url)) = (&m.pr, &summary.thread_url) {
        crumbs.push(Crumb {
            label: format!("PR #{}", pr.number),
            url: Some(link(root, url)),
        });
    }
    crumbs.push(Crumb {
        label: match (&m.pr, summary.round) {
            (Some(_), Some(r)) => format!("Round {r} · {}", review.id),
            _ => review.id.clone(),
        },
        url: None,
    });
    crumbs
}

/// What a shared link to the review says: `#4985 · Merge with fixes · 0 C 7 I 10 S` (a
/// review without a PR names its kind; a CI-failure digest its failed jobs).
fn share_description(review: &Review) -> String {
    let mut parts = vec![match &review.meta.pr {
        Some(pr) => format!("#{}", pr.number),
        None => review.kind.label().to_string(),
    }];
    if let Some(pill) = failed_jobs_pill(review.kind, review.failed_jobs) {
        parts.push(pill.label);
    } else {
        if let Some(v) = verdict_view(&review.meta.verdict) {
            parts.push(v.label);
        }
        parts.push(counts_line(&review.counts));
    }
    parts.join(" · ")
}

/// The note shown when the counts the report states differ from the findings found.
fn stated_mismatch(review: &Review) -> String {
    match review.stated_counts {
        Some(st) if st != review.counts => format!(
            "The report states {} critical, {} important, {} suggestions",
            st.critical, st.important, st.suggestion
        ),
        _ => String::new(),
    }
}

/// The page's view: the header of `review` (titled `title`) around its `content`.
fn review_view(
    review: &Review,
    title: &str,
    rounds: &Rounds,
    markup: &Markup,
    content: Content,
) -> ReviewView {
    let m = &review.meta;
    let (day, time) = split_date(m.date.as_deref().unwrap_or(""));
    ReviewView {
        id: review.id.clone(),
        kind: kind_slug(review.kind),
        kind_label: review.kind.label(),
        title_html: markup.inline(title),
        h1_html: if review.title.trim().is_empty() || review.title == title {
            String::new()
        } else {
            markdown::render_inline_nolinks(&review.title)
        },
        repo: m.repo.as_ref().map(|r| r.slug()),
        round: m.round,
        round_note_html: m
            .round_note
            .as_deref()
            .map(|md| markup.inline(md))
            .unwrap_or_default(),
        day,
        time,
        pr_number: m.pr.as_ref().map(|p| p.number),
        pr_url: web_link(m.pr.as_ref().and_then(|p| p.url.as_deref())),
        md_url: md_url(&review.id),
        thread: thread_ref(rounds, &review.id, markup.root),
        verdict: verdict_view(&m.verdict).filter(|_| review.kind != ReviewKind::CiFailureDigest),
        failed_jobs: failed_jobs_pill(review.kind, review.failed_jobs),
        rationale_html: m
            .verdict
            .as_ref()
            .and_then(|v| v.rationale.as_deref())
            .map(|md| markup.inline(md))
            .unwrap_or_default(),
        counts: review.counts,
        stated_mismatch: stated_mismatch(review),
        meta_rows: content.meta_rows,
        preamble_html: content.preamble_html,
        sections: content.sections,
        jump: jump_list(&content.toc),
        toc: content.toc,
        flow: None,
    }
}
