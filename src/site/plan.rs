//! The plan of a render: every unit of the site ([`Planned`]) with the fingerprint of its
//! inputs and what renders it ([`Job`]), over the reports that own their page ([`View`]).

use super::engine::Site;
use super::report::Report;
use super::unit::{SitePage, UnitKey};
use crate::aggregate::ReviewSummary;
use crate::content;
use crate::search;
use crate::text::fingerprint;
use std::borrow::Cow;

impl Site {
    /// Every unit of the site with the fingerprint of its inputs.
    pub(super) fn plan<'v>(&'v self, view: &View<'v>) -> Vec<Planned<'v>> {
        let d = &self.derived;
        let theme = self.theme_generation;
        let frame = d.ctx.frame_fingerprint();
        // A fingerprint of one fingerprint of each review, in the index's order.
        let in_index_order = |f: fn(&Report) -> u64| {
            fingerprint::combine(
                &d.index
                    .reviews
                    .iter()
                    .map(|s| view.get(&s.id).map_or(0, f))
                    .collect::<Vec<u64>>(),
            )
        };
        let summaries_fp = in_index_order(|r| r.summary_fp);
        let mut jobs = Vec::with_capacity(view.reports.len() + 64);
        for (i, r) in view.reports.iter().enumerate() {
            let fp = fingerprint::combine(&(
                theme,
                frame,
                r.source_fp,
                d.ctx.thread_position(&r.source.id),
                d.ctx.review_lineage_fingerprint(&r.source.id),
            ));
            jobs.push(Planned {
                key: Cow::Borrowed(&r.unit),
                fingerprint: fp,
                job: Job::Review(i),
            });
        }
        jobs.push(Planned::new(
            UnitKey::Page(SitePage::Index),
            fingerprint::combine(&(theme, frame, summaries_fp)),
            Job::Page(SitePage::Index),
        ));
        let agents: Vec<(&str, u64)> = view
            .reports
            .iter()
            .map(|r| (r.source.id.as_str(), r.agents_fp))
            .collect();
        jobs.push(Planned::new(
            UnitKey::Page(SitePage::Agents),
            fingerprint::combine(&(theme, frame, agents)),
            Job::Page(SitePage::Agents),
        ));
        let of = |s: &std::sync::Arc<ReviewSummary>| {
            view.get(&s.id).map_or((0, 0, 0), |r| {
                (r.summary_fp, r.agents_fp, r.key_findings_fp)
            })
        };
        for (ri, repo) in d.index.repos.iter().enumerate() {
            let reviews: Vec<(u64, u64, u64)> = repo.reviews.iter().map(of).collect();
            let head = (&repo.slug, &repo.title, &repo.web_url, &repo.url);
            jobs.push(Planned::new(
                UnitKey::Repo(repo.url.clone()),
                fingerprint::combine(&(theme, frame, head, &reviews)),
                Job::Repo(ri),
            ));
            for (ti, thread) in repo.threads.iter().enumerate() {
                let rounds: Vec<(u64, u64, u64)> = thread.rounds.iter().map(of).collect();
                jobs.push(Planned::new(
                    UnitKey::Thread(thread.url.clone()),
                    fingerprint::combine(&(
                        theme,
                        frame,
                        head,
                        &thread.title,
                        &rounds,
                        d.ctx.thread_lineage_fingerprint(&thread.url),
                    )),
                    Job::Thread(ri, ti),
                ));
            }
        }
        // threads.json reads the whole text of every round of every thread.
        let threads: Vec<u64> = d
            .index
            .repos
            .iter()
            .flat_map(|repo| &repo.threads)
            .map(|t| {
                let rounds = t
                    .rounds
                    .iter()
                    .map(|s| (s.id.as_str(), view.get(&s.id).map_or(0, |r| r.source_fp)))
                    .collect::<Vec<_>>();
                fingerprint::combine(&(t.url.as_str(), t.number, rounds))
            })
            .collect();
        jobs.push(Planned::new(
            UnitKey::Page(SitePage::Threads),
            fingerprint::combine(&threads),
            Job::Page(SitePage::Threads),
        ));
        let frame_only = fingerprint::combine(&(theme, frame));
        let search_fp = in_index_order(|r| r.source_fp);
        let assets_fp = fingerprint::combine(&(theme, self.static_generation));
        jobs.extend([
            Planned::new(
                UnitKey::Page(SitePage::NotFound),
                frame_only,
                Job::Page(SitePage::NotFound),
            ),
            Planned::new(
                UnitKey::Page(SitePage::SearchPage),
                frame_only,
                Job::Page(SitePage::SearchPage),
            ),
            Planned::new(
                UnitKey::Page(SitePage::Sitemap),
                summaries_fp,
                Job::Page(SitePage::Sitemap),
            ),
            Planned::new(
                UnitKey::Page(SitePage::Feed),
                summaries_fp,
                Job::Page(SitePage::Feed),
            ),
            Planned::new(
                UnitKey::Page(SitePage::Export),
                summaries_fp,
                Job::Page(SitePage::Export),
            ),
            Planned::new(
                UnitKey::Page(SitePage::SearchIndex),
                search_fp,
                Job::Page(SitePage::SearchIndex),
            ),
            Planned::new(
                UnitKey::Page(SitePage::Assets),
                assets_fp,
                Job::Page(SitePage::Assets),
            ),
        ]);
        jobs
    }
}

/// One unit of a render's plan: its key, the fingerprint of its inputs, and the job that
/// renders it.
pub(super) struct Planned<'v> {
    /// Borrowed from its report for a review page (most units).
    pub(super) key: Cow<'v, UnitKey>,
    pub(super) fingerprint: u64,
    pub(super) job: Job,
}

impl Planned<'_> {
    fn new(key: UnitKey, fingerprint: u64, job: Job) -> Self {
        Planned {
            key: Cow::Owned(key),
            fingerprint,
            job,
        }
    }
}

/// The reports that own their page, resolved once per render: in walk order, and by id.
pub(super) struct View<'a> {
    site: &'a Site,
    pub(super) reports: Vec<&'a Report>,
}

impl<'a> View<'a> {
    pub(super) fn of(site: &'a Site) -> View<'a> {
        View {
            site,
            reports: site.kept_reports().collect(),
        }
    }

    /// The report that owns the page of review `id`.
    pub(super) fn get(&self, id: &str) -> Option<&'a Report> {
        let site = self.site;
        site.derived
            .positions
            .get(id)
            .and_then(|&i| site.entries[i].report.as_deref())
    }
}

/// A unit of outputs to render.
pub(super) enum Job {
    /// `<id>.html` and `<id>.md` of the report `View::reports[i]`.
    Review(usize),
    /// The repository `index.repos[i]`.
    Repo(usize),
    /// The PR thread `index.repos[i].threads[j]`.
    Thread(usize, usize),
    Page(SitePage),
}

/// A unit that gathers more reviews than this holds enough, while it renders, to be
/// rendered one at a time ([`Job::gathers`]).
pub(super) const HEAVY: usize = 32;

impl Job {
    /// How many reviews the unit gathers onto its pages (what it holds while it renders
    /// grows with it): every kept review for the pages of the whole site, a repository's
    /// or a thread's for theirs, one for a review page, none for the pages of the frame.
    pub(super) fn gathers(&self, site: &Site) -> usize {
        let index = &site.derived.index;
        match self {
            Job::Review(_) => 1,
            Job::Repo(i) => index.repos[*i].reviews.len(),
            Job::Thread(i, j) => index.repos[*i].threads[*j].rounds.len(),
            Job::Page(SitePage::NotFound | SitePage::SearchPage | SitePage::Assets) => 0,
            Job::Page(
                SitePage::Index
                | SitePage::Agents
                | SitePage::Sitemap
                | SitePage::Feed
                | SitePage::Export
                | SitePage::Threads
                | SitePage::SearchIndex,
            ) => index.reviews.len(),
        }
    }

    /// What the unit is, for error messages.
    pub(super) fn describe(&self, site: &Site, view: &View) -> String {
        match self {
            Job::Review(i) => {
                let p = &view.reports[*i].source.path;
                format!("the page of {}", content::shown_path(p, &site.opts.root))
            }
            Job::Page(SitePage::Index) => "index.html".into(),
            Job::Page(SitePage::Agents) => "the agent pages".into(),
            Job::Repo(i) => site.derived.index.repos[*i].url.clone(),
            Job::Thread(i, j) => site.derived.index.repos[*i].threads[*j].url.clone(),
            Job::Page(SitePage::NotFound) => "404.html".into(),
            Job::Page(SitePage::SearchPage) => "search.html".into(),
            Job::Page(SitePage::Sitemap) => "sitemap.xml".into(),
            Job::Page(SitePage::Feed) => "feed.xml".into(),
            Job::Page(SitePage::Export) => "reviews.json".into(),
            Job::Page(SitePage::Threads) => crate::render::threads_export::FILE.into(),
            Job::Page(SitePage::SearchIndex) => search::INDEX_FILE.into(),
            Job::Page(SitePage::Assets) => "the theme's assets and the static folder".into(),
        }
    }
}
