//! One build's excerpt maker ([`Excerpter`]): for each review, the phases in order (what it
//! cites; its repository's checkout, else links as cited; its commit; its files; the
//! windows highlighted; one excerpt per location; the source links), and at the end the
//! per-repository diagnostics.

use super::as_cited;
use super::attach::Attachment;
use super::cache::{lock, ExcerptCache};
use super::cited::{cited_paths, review_commit, wanted_locations};
use super::excerpt::{highlight_windows, make_excerpt};
use super::problems::{self, CommitNotFound, Unconfigured};
use super::read::{Checkout, CommitProblem, FileAt, FileProblem};
use super::source::{blob_base, configured, RepoSource};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::{Review, SourceFile, SourceLinks};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

/// One build's excerpt maker: the configured repositories and their readers, the shared
/// cache, and the once-per-repository tallies. Make one per build with
/// [`Excerpter::new`], call [`Excerpter::attach`] for each review (from any thread), then
/// [`Excerpter::finish`] for the per-repository diagnostics. Readers end when it drops.
pub(crate) struct Excerpter<'c> {
    config: &'c Config,
    cache: &'c ExcerptCache,
    repos: BTreeMap<String, RepoSource>,
    unconfigured: Mutex<BTreeMap<String, Unconfigured>>,
}

/// One review being given excerpts: what it cites, read once.
struct Job<'r> {
    review: &'r Review,
    /// Names the report in diagnostics.
    file: &'r str,
    /// `owner/name`; reviews that name no repository are tallied under "".
    slug: String,
    /// The finding locations that cite lines (see `wanted_locations`).
    wanted: Vec<(usize, usize)>,
    /// Every cited path of the findings' locations and prose.
    cited: BTreeSet<String>,
    /// What it added to the once-per-repository tallies.
    tallied: Mutex<Vec<Tallied>>,
}

/// What one review adds to the once-per-repository tallies of an [`Excerpter`]: kept by a
/// build cache with the review's excerpts, and added again ([`Excerpter::replay`]) when
/// the review is taken from it, so a build with the cache says what one without says.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Tallied {
    /// It cites lines of `slug` (empty: it names no repository) at `locations` locations,
    /// and no checkout of `slug` is configured.
    Unconfigured { slug: String, locations: usize },
    /// The checkout of `slug` could not serve it: these findings want excerpts.
    Unusable { slug: String, ids: Vec<String> },
}

impl<'r> Job<'r> {
    fn new(review: &'r Review, file: &'r str) -> Self {
        Job {
            review,
            file,
            slug: review
                .meta
                .repo
                .as_ref()
                .map(|r| r.slug())
                .unwrap_or_default(),
            wanted: wanted_locations(review),
            cited: cited_paths(review),
            tallied: Mutex::new(Vec::new()),
        }
    }

    /// Its checkout cannot serve it.
    fn unusable(&self) -> Tallied {
        Tallied::Unusable {
            slug: self.slug.clone(),
            ids: self.ids_wanting(),
        }
    }

    /// The ids of the findings that want excerpts, for messages.
    fn ids_wanting(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .wanted
            .iter()
            .map(|(fi, _)| self.review.findings[*fi].id.clone())
            .collect();
        ids.dedup();
        ids
    }
}

impl<'c> Excerpter<'c> {
    /// The repositories `config` gives a checkout for; nothing is started yet.
    pub fn new(config: &'c Config, cache: &'c ExcerptCache) -> Self {
        Excerpter {
            config,
            cache,
            repos: configured(config),
            unconfigured: Mutex::new(BTreeMap::new()),
        }
    }

    /// Starts now the readers of configured repositories the cache knows nothing of (so
    /// that git starts up while other work goes on), for an excerpter about to read a whole
    /// archive. Otherwise a reader starts when a review first needs it.
    pub(crate) fn start_readers(&self) {
        let cold: Vec<&RepoSource> = {
            let commits = lock(&self.cache.commits);
            self.repos
                .values()
                .filter(|r| !commits.keys().any(|(s, _)| *s == r.slug))
                .collect()
        };
        for source in cold {
            let _ = source.with_reader(self.cache, |_| Ok(()));
        }
    }

    /// Attaches excerpts to the findings of `review` and sets its source links. `file`
    /// names the report in diagnostics. ([`Excerpter::excerpts_for`] then
    /// [`Attachment::apply`].)
    /// Returns its diagnostics, and what it added to the per-repository tallies.
    pub(crate) fn attach_tallied(
        &self,
        review: &mut Review,
        file: &str,
    ) -> (Vec<Diagnostic>, Vec<Tallied>) {
        let mut attachment = Attachment::default();
        let job = Job::new(review, file);
        let diags = self.make(&job, &mut attachment);
        let tallied = job.tallied.into_inner().unwrap_or_else(|e| e.into_inner());
        attachment.apply(review);
        (diags, tallied)
    }

    /// Adds to the tallies what the review in `file` added when its excerpts were made
    /// (by an earlier build: [`Excerpter::attach_tallied`]).
    pub(crate) fn replay(&self, file: &str, tallied: &[Tallied]) {
        for t in tallied {
            self.count(file, t);
        }
    }

    /// Adds `t` to the tallies, and to what `job` tallied.
    fn tally(&self, job: &Job, t: Tallied) {
        self.count(job.file, &t);
        lock(&job.tallied).push(t);
    }

    fn count(&self, file: &str, t: &Tallied) {
        match t {
            Tallied::Unconfigured { slug, locations } => {
                lock(&self.unconfigured)
                    .entry(slug.clone())
                    .or_default()
                    .add(file, *locations);
            }
            Tallied::Unusable { slug, ids } => {
                if let Some(source) = self.repos.get(slug) {
                    lock(&source.unusable).push((file.to_string(), ids.clone()));
                }
            }
        }
    }

    /// The excerpts and source links of `review`, made without changing it (so a build
    /// can make them while it renders pages that do not show them). `file` names the
    /// report in diagnostics.
    pub(crate) fn excerpts_for(
        &self,
        review: &Review,
        file: &str,
    ) -> (Attachment, Vec<Diagnostic>) {
        let mut attachment = Attachment::default();
        let diags = self.make(&Job::new(review, file), &mut attachment);
        (attachment, diags)
    }

    fn make(&self, job: &Job, out: &mut Attachment) -> Vec<Diagnostic> {
        let Some(source) = self.repos.get(&job.slug) else {
            self.without_checkout(job, out);
            return Vec::new();
        };
        let checkout = Checkout {
            source,
            cache: self.cache,
        };
        match self.commit_of(job, &checkout, out) {
            Ok((written, commit)) => self.at_commit(job, &checkout, &written, &commit, out),
            Err(diags) => diags,
        }
    }

    /// A review of a repository without a checkout: links as cited, and the review
    /// tallied when it cites lines.
    fn without_checkout(&self, job: &Job, out: &mut Attachment) {
        out.source_links = review_commit(job.review)
            .and_then(|(commit, _)| self.links_as_cited(&job.slug, &commit, &job.cited));
        if !job.wanted.is_empty() {
            let tally = Tallied::Unconfigured {
                slug: job.slug.clone(),
                locations: job.wanted.len(),
            };
            self.tally(job, tally);
        }
    }

    /// The review's commit as written and its full SHA in the checkout; else what to
    /// report (when the checkout cannot serve the review, its links are made as without
    /// one).
    fn commit_of(
        &self,
        job: &Job,
        checkout: &Checkout,
        out: &mut Attachment,
    ) -> Result<(String, String), Vec<Diagnostic>> {
        let Some((written, from)) = review_commit(job.review) else {
            if job.wanted.is_empty() {
                return Err(Vec::new());
            }
            return Err(vec![problems::no_commit(
                job.file,
                &job.slug,
                &job.ids_wanting(),
            )]);
        };
        let as_cited = || self.links_as_cited(&job.slug, &written, &job.cited);
        let source = checkout.source;
        let wanted = !job.wanted.is_empty();
        match checkout.resolve_commit(&written) {
            Ok(Some(full)) => Ok((written, full)),
            Err(CommitProblem::Ambiguous) if !wanted => Err(Vec::new()),
            Err(CommitProblem::Checkout) => {
                out.source_links = as_cited();
                if wanted {
                    self.tally(job, job.unusable());
                }
                Err(Vec::new())
            }
            Ok(None) if !wanted => {
                out.source_links = as_cited();
                Err(Vec::new())
            }
            Ok(None) => {
                out.source_links = as_cited();
                let ids = job.ids_wanting();
                Err(vec![problems::commit_not_found(
                    job.file,
                    (&written, from),
                    source,
                    &ids,
                    CommitNotFound::Missing,
                )])
            }
            Err(CommitProblem::Ambiguous) => {
                let ids = job.ids_wanting();
                Err(vec![problems::commit_not_found(
                    job.file,
                    (&written, from),
                    source,
                    &ids,
                    CommitNotFound::Ambiguous,
                )])
            }
        }
    }

    /// The review's files read at `commit` (`written` as the review wrote it), their
    /// windows highlighted, one excerpt per location, and the source links.
    fn at_commit(
        &self,
        job: &Job,
        checkout: &Checkout,
        written: &str,
        commit: &str,
        out: &mut Attachment,
    ) -> Vec<Diagnostic> {
        let source = checkout.source;
        // Each cited path resolved once.
        let Ok(files) = checkout.resolve_files(commit, &job.cited) else {
            // The checkout broke while reading: reported once per repository.
            out.source_links = self.links_as_cited(&job.slug, written, &job.cited);
            self.tally(job, job.unusable());
            return Vec::new();
        };
        // The windows the excerpts will show, each highlighted once: highlighting is most
        // of an excerpt's cost, so they are made in parallel first.
        highlight_windows(job.review, &job.wanted, &files, source.context);
        let diags = excerpts(job, source, commit, &files, out);
        out.source_links = Some(checked_links(&job.slug, commit, source, files));
        diags
    }

    /// The links of a review of `slug` at `commit` (as written) that no checkout serves:
    /// the paths of `cited` that `as_cited::resolve` links. `None` for a review that
    /// names no repository.
    fn links_as_cited(
        &self,
        slug: &str,
        commit: &str,
        cited: &BTreeSet<String>,
    ) -> Option<SourceLinks> {
        let (_, name) = slug.split_once('/')?;
        let files = as_cited::resolve(cited, name)
            .into_iter()
            .map(|(cited, path)| SourceFile {
                cited,
                path,
                lines: None,
            })
            .collect();
        Some(SourceLinks {
            repo: slug.to_string(),
            commit: commit.to_string(),
            blob_base: format!("{}{commit}/", blob_base(self.config, slug)),
            files,
        })
    }

    /// The per-repository diagnostics: repositories with cited lines and no checkout
    /// (`info`), and configured checkouts that could not be read (warning), each with the
    /// repository it is about (empty for reviews that name none): a caller merging the tallies of several excerpters keeps
    /// one diagnostic per repository and level.
    pub(crate) fn finish_by_repo(self) -> Vec<(String, Diagnostic)> {
        let mut out = Vec::new();
        for (slug, u) in std::mem::take(&mut *lock(&self.unconfigured)) {
            let diag = problems::unconfigured(&slug, &u);
            out.push((slug, diag));
        }
        for source in self.repos.values() {
            let affected = std::mem::take(&mut *lock(&source.unusable));
            let Some(problem) = source.problem() else {
                continue;
            };
            if affected.is_empty() {
                continue;
            }
            out.push((
                source.slug.clone(),
                problems::unusable(source, &problem, &affected),
            ));
        }
        out
    }
}

/// One excerpt per wanted location of `job` whose file was read at `commit`, into `out`;
/// a warning for each that cannot be made.
fn excerpts(
    job: &Job,
    source: &RepoSource,
    commit: &str,
    files: &BTreeMap<String, FileAt>,
    out: &mut Attachment,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let short = &commit[..commit.len().min(10)];
    for &(fi, li) in &job.wanted {
        let finding = &job.review.findings[fi];
        let loc = &finding.locations[li];
        let Some(path) = loc.path.as_deref() else {
            continue;
        };
        let cited_as = loc.raw.trim().trim_matches('`').trim();
        let warn = |msg: String| {
            Diagnostic::warning(
                job.file,
                Some(finding.line),
                format!(
                    "{}: `{cited_as}`: {msg}; the page shows the report's own code block",
                    finding.id
                ),
            )
        };
        let (repo_path, text) = match files.get(path) {
            Some(Ok(found)) => found,
            Some(Err(problem)) => {
                diags.push(warn(problems::describe(problem, path, short, source)));
                continue;
            }
            None => continue,
        };
        match make_excerpt(source, commit, repo_path, text, cited_as, &loc.ranges) {
            Ok(excerpt) => out.excerpts.push((fi, excerpt)),
            Err(msg) => diags.push(warn(msg)),
        }
    }
    diags
}

/// The source links of a review of `slug` read at `commit`: every cited path found there
/// (with its line count when its text was read).
fn checked_links(
    slug: &str,
    commit: &str,
    source: &RepoSource,
    files: BTreeMap<String, FileAt>,
) -> SourceLinks {
    SourceLinks {
        repo: slug.to_string(),
        commit: commit.to_string(),
        blob_base: format!("{}{commit}/", source.blob_base),
        files: files
            .into_iter()
            .filter_map(|(cited, r)| {
                let (path, lines) = match r {
                    Ok((path, text)) => (path, Some(text.lines)),
                    // At the commit, but its text is not in the checkout.
                    Err(FileProblem::NotFetched(path)) => (path, None),
                    Err(_) => return None,
                };
                Some(SourceFile { cited, path, lines })
            })
            .collect(),
    }
}
