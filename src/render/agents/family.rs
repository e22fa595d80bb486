//! A family's page: its numbers, its model versions' table, its charts, and every run it
//! made with that run's metrics and retrospective. The runs of every family are made in
//! one pass over the reviews, newest first (each review read back once, whatever the
//! number of families that took part in it), and kept packed a few dozen at a time until
//! their page is rendered ([`FamilyRuns`]).

use super::columns::{heads, Col};
use super::paths::{family_url, INDEX_URL};
use super::source::{open_some, NewestFirst, ReviewSource, AT_ONCE};
use super::table::{leader_row, LeaderRow, Table, NA};
use crate::aggregate::agent_stats::{
    downgrade_count, participants, usable_findings, AgentBoard, AgentStats, Participant,
};
use crate::aggregate::page_ids::title_or_id;
use crate::aggregate::{ReviewSummary, SiteIndex};
use crate::html::markdown::{self, Ctx};
use crate::model::{MetricField, Review, SeverityCounts};
use crate::render::charts::{self, Chart, Durations, Series};
use crate::render::common::{
    at_least, count_of, index_crumb, opt_num, split_date, Crumb, Page, Share, SiteView,
    PARTIAL_NOTE,
};
use crate::render::pills::{agent_pill, AgentPill};
use crate::render::urls::{link, root_for};
use crate::text::anchors::Anchors;
use crate::text::duration::format_duration;
use crate::text::packing::{pack, unpack};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One review on a family page.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct RunView {
    review_id: String,
    url: String,
    day: String,
    title_html: String,
    repo: Option<String>,
    model: String,
    pill: AgentPill,
    effort: Option<String>,
    format_failure: bool,
    has_metrics: bool,
    duration: String,
    findings: Option<SeverityCounts>,
    /// The findings are the known passes' sum only (shown `≥`).
    findings_partial: bool,
    /// Some total of the run is partial (shown `≥`).
    partial: bool,
    /// The findings cell as the table has it, for a failed run (shown, not counted).
    failed_findings: String,
    tool_calls: String,
    unique: String,
    false_positives: String,
    downgrades: String,
    dropped: String,
    misses: String,
    credited: usize,
    retro_html: Vec<String>,
}

/// A family's own page.
#[derive(Debug, Serialize)]
pub(crate) struct FamilyBody {
    family: String,
    label: String,
    pill: AgentPill,
    stats: FamilyStats,
    models: Table,
    runs: Vec<RunView>,
    /// How many runs came before `runs` (0: rendered whole; see `agent_runs.html`).
    runs_before: usize,
    charts: Vec<Chart>,
    /// What a `≥` before a run's total means.
    partial_note: &'static str,
}

#[derive(Debug, Serialize)]
struct FamilyStats {
    reviews: u32,
    failures: u32,
    findings: String,
    median: String,
    credited: u32,
}

fn run_view(
    review: &Review,
    p: &Participant,
    summary: Option<&ReviewSummary>,
    root: &str,
    anchors: &mut Anchors,
    known: &HashSet<String>,
) -> RunView {
    let m = p.metrics;
    // A total of some passes only is shown `≥` (the per-run view; sums leave it out).
    let part = |f: MetricField| m.is_some_and(|m| m.partial.contains(f));
    let date = summary
        .map(|s| s.date.clone())
        .or_else(|| review.meta.date.clone())
        .unwrap_or_default();
    let title = summary
        .map(|s| s.title.clone())
        .unwrap_or_else(|| review.title.clone());
    let retro_html = p
        .retro
        .iter()
        .map(|a| {
            let mut ctx = Ctx::new(anchors, root);
            ctx.known_reviews = Some(known);
            ctx.heading_base = Some(4);
            markdown::render_block(&a.text, &mut ctx)
        })
        .collect();
    let mut pill = agent_pill(&p.name, &p.family);
    pill.short = p.model_label();
    RunView {
        review_id: review.id.clone(),
        url: link(root, &format!("{}.html", review.id)),
        day: split_date(&date).0,
        title_html: markdown::render_inline_nolinks(&title_or_id(&title, &review.id)),
        repo: review.meta.repo.as_ref().map(|r| r.slug()),
        model: p.model_label(),
        pill,
        effort: p.effort.clone(),
        format_failure: p.format_failure(),
        has_metrics: m.is_some(),
        duration: at_least(
            format_duration(m.and_then(|m| m.duration_secs)),
            part(MetricField::Duration),
        ),
        findings: m.and_then(usable_findings),
        findings_partial: part(MetricField::Findings),
        partial: m.is_some_and(|m| !m.partial.is_empty()),
        failed_findings: m
            .filter(|_| p.format_failure())
            .and_then(|m| {
                m.raw
                    .iter()
                    .find(|(l, _)| l.to_lowercase().contains("finding"))
            })
            .map(|(_, c)| markdown::plain_text(c))
            .unwrap_or_default(),
        tool_calls: at_least(
            opt_num(m.and_then(|m| m.tool_calls.as_ref()).and_then(|t| t.total)),
            part(MetricField::ToolCalls),
        ),
        unique: at_least(
            opt_num(m.and_then(|m| m.unique_insights)),
            part(MetricField::UniqueInsights),
        ),
        false_positives: at_least(
            opt_num(m.and_then(|m| m.false_positives)),
            part(MetricField::FalsePositives),
        ),
        downgrades: at_least(
            opt_num(m.and_then(downgrade_count)),
            part(MetricField::Downgraded),
        ),
        dropped: at_least(
            opt_num(m.and_then(|m| m.dropped)),
            part(MetricField::Dropped),
        ),
        misses: at_least(
            opt_num(m.and_then(|m| m.coverage_misses)),
            part(MetricField::CoverageMisses),
        ),
        credited: p.credited.len(),
        retro_html,
    }
}

/// One page per family, handed to `emit` with its site-relative URL and its runs, the
/// families on every core. The runs are made first, for every family in one pass over the
/// reviews of `src` newest first (`newest`), a few reviews read back at a time
/// ([`packed_runs`]); each page then reads its own back a few dozen at a time as it is
/// rendered ([`FamilyRuns`]), so only a few runs are held at once.
pub(crate) fn family_pages(
    board: &AgentBoard,
    src: &dyn ReviewSource,
    newest: &NewestFirst,
    index: &SiteIndex,
    known: &HashSet<String>,
    site: &SiteView,
    emit: impl Fn(String, Page<FamilyBody>, &FamilyRuns) -> anyhow::Result<()> + Sync,
) -> anyhow::Result<()> {
    let pages: Vec<(String, Page<FamilyBody>)> = board
        .families
        .iter()
        .map(|fam| family_page(board, fam, site))
        .collect();
    let made = packed_runs(board, src, newest, index, known, &pages)?;
    pages
        .into_par_iter()
        .zip(made)
        .try_for_each(|((url, page), batches)| {
            let runs = FamilyRuns {
                batches,
                root: page.root.clone(),
            };
            emit(url, page, &runs)
        })
}

/// A family's runs being made: its page's root and anchors, the runs not packed yet, and
/// the packed batches of [`RUNS_AT_ONCE`].
struct Making<'a> {
    family: &'a str,
    root: &'a str,
    anchors: Anchors,
    pending: Vec<RunView>,
    packed: Vec<Box<[u8]>>,
}

impl Making<'_> {
    /// Adds the family's runs in `reviews` (with their participants), and packs each full
    /// batch.
    fn add(
        &mut self,
        reviews: &[(&Review, Vec<Participant>)],
        summaries: &HashMap<&str, &ReviewSummary>,
        known: &HashSet<String>,
    ) -> anyhow::Result<()> {
        for (review, ps) in reviews {
            let summary = summaries.get(review.id.as_str()).copied();
            for p in ps.iter().filter(|p| p.family == self.family) {
                let run = run_view(review, p, summary, self.root, &mut self.anchors, known);
                self.pending.push(run);
            }
            while self.pending.len() >= RUNS_AT_ONCE {
                let rest = self.pending.split_off(RUNS_AT_ONCE);
                let batch = std::mem::replace(&mut self.pending, rest);
                self.packed.push(pack(&batch)?.into_boxed_slice());
            }
        }
        Ok(())
    }

    /// The packed batches, the last one short.
    fn finish(mut self) -> anyhow::Result<Vec<Box<[u8]>>> {
        if !self.pending.is_empty() {
            self.packed.push(pack(&self.pending)?.into_boxed_slice());
        }
        Ok(self.packed)
    }
}

/// The runs of each family of `board` (in its order, on the page of `pages` at the same
/// position), newest first, packed [`RUNS_AT_ONCE`] at a time: the reviews of `src` the
/// families took part in are read back once, a few at a time, and each family renders
/// its runs (their retrospectives) in its page's order, so their anchors are those the
/// page would give them.
fn packed_runs(
    board: &AgentBoard,
    src: &dyn ReviewSource,
    newest: &NewestFirst,
    index: &SiteIndex,
    known: &HashSet<String>,
    pages: &[(String, Page<FamilyBody>)],
) -> anyhow::Result<Vec<Vec<Box<[u8]>>>> {
    let summaries: HashMap<&str, &ReviewSummary> = index
        .reviews
        .iter()
        .map(|s| (s.id.as_str(), &**s))
        .collect();
    let mut making: Vec<Making> = board
        .families
        .iter()
        .zip(pages)
        .map(|(fam, (_, page))| Making {
            family: &fam.family,
            root: &page.root,
            anchors: Anchors::default(),
            pending: Vec::new(),
            packed: Vec::new(),
        })
        .collect();
    for chunk in newest.with_families().chunks(AT_ONCE) {
        let opened = open_some(src, chunk)?;
        let reviews: Vec<(&Review, Vec<Participant>)> =
            opened.par_iter().map(|r| (&**r, participants(r))).collect();
        making
            .par_iter_mut()
            .try_for_each(|m| m.add(&reviews, &summaries, known))?;
    }
    making.into_iter().map(Making::finish).collect()
}

/// The runs of one family's page, packed a few dozen at a time, newest first.
pub(crate) struct FamilyRuns {
    batches: Vec<Box<[u8]>>,
    /// The page's root.
    root: String,
}

impl FamilyRuns {
    /// The runs, newest first, [`RUNS_AT_ONCE`] at a time (fewer in the last).
    fn batches(&self) -> impl Iterator<Item = anyhow::Result<Vec<RunView>>> + '_ {
        self.batches.iter().map(|b| unpack(b))
    }

    /// Every run, newest first (for a theme whose page renders them whole).
    pub(crate) fn all(&self) -> anyhow::Result<Vec<RunView>> {
        let mut all = Vec::new();
        for batch in self.batches() {
            all.extend(batch?);
        }
        Ok(all)
    }

    /// What `agent_runs.html` sees for each few runs, read back as they are asked for.
    pub(crate) fn in_parts(&self) -> impl Iterator<Item = anyhow::Result<tera::Context>> + '_ {
        self.batches().enumerate().map(move |(i, batch)| {
            let mut ctx = tera::Context::new();
            ctx.insert("runs", &batch?);
            ctx.insert("runs_before", &(i * RUNS_AT_ONCE));
            ctx.insert("partial_note", PARTIAL_NOTE);
            ctx.insert("root", &self.root);
            Ok(ctx)
        })
    }
}

/// The page of family `fam` without its runs ([`FamilyRuns`]), and its URL.
fn family_page(
    board: &AgentBoard,
    fam: &AgentStats,
    site: &SiteView,
) -> (String, Page<FamilyBody>) {
    let url = family_url(&fam.family);
    let root = root_for(&url);
    let model_stats: Vec<&AgentStats> = board
        .models
        .iter()
        .filter(|m| m.family == fam.family)
        .collect();
    let charts = family_charts(board, fam, &model_stats, &root);
    let models = models_table(&model_stats, &root);
    let mut pill = agent_pill(&fam.label, &fam.family);
    pill.short = fam.label.clone();
    let share = Share::page(
        site,
        &url,
        format!(
            "{} in {}: its findings, time and tool calls",
            fam.label,
            count_of(fam.reviews as usize, "review")
        ),
    );
    let page = Page {
        site: site.clone(),
        root: root.clone(),
        page_title: format!("{} · Agents", fam.label),
        share,
        crumbs: vec![
            index_crumb(&root),
            Crumb {
                label: "Agents".into(),
                url: Some(link(&root, INDEX_URL)),
            },
            Crumb {
                label: fam.label.clone(),
                url: None,
            },
        ],
        body: FamilyBody {
            family: fam.family.clone(),
            label: fam.label.clone(),
            pill,
            stats: FamilyStats {
                reviews: fam.reviews,
                failures: fam.format_failures,
                findings: fam
                    .findings_total()
                    .value()
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| NA.into()),
                median: fam
                    .median_duration()
                    .map(|d| format_duration(Some(d)))
                    .unwrap_or_else(|| NA.into()),
                credited: fam.credited,
            },
            models,
            runs: Vec::new(),
            runs_before: 0,
            charts,
            partial_note: PARTIAL_NOTE,
        },
    };
    (url, page)
}

/// How many runs are rendered at once.
const RUNS_AT_ONCE: usize = 64;

impl FamilyBody {
    /// Puts in the runs (of a page rendered whole).
    pub(crate) fn put_runs(&mut self, runs: Vec<RunView>) {
        self.runs = runs;
    }
}

/// The table of a family's model versions: not sortable, its rows link nowhere (they are
/// on the family's own page).
fn models_table(model_stats: &[&AgentStats], root: &str) -> Table {
    let mut model_rows: Vec<LeaderRow> = model_stats.iter().map(|s| leader_row(s, root)).collect();
    for r in &mut model_rows {
        r.url = String::new();
    }
    let mut heads = heads(Col::Reviews, true);
    for h in &mut heads {
        h.href = String::new();
    }
    Table {
        id: "models",
        caption: "Per model version",
        heads,
        rows: model_rows,
    }
}

/// A family's charts: its findings over time, and its model versions' run durations.
fn family_charts(
    board: &AgentBoard,
    fam: &AgentStats,
    model_stats: &[&AgentStats],
    root: &str,
) -> Vec<Chart> {
    let review_link = |id: &str| link(root, &format!("{id}.html"));
    let points = board.series.get(&fam.family).cloned().unwrap_or_default();
    let series = [Series {
        family: &fam.family,
        label: &fam.label,
        points: &points,
    }];
    let durations: Vec<Durations> = model_stats
        .iter()
        .map(|m| Durations {
            family: &m.family,
            label: &m.label,
            secs: &m.durations,
        })
        .collect();
    [
        charts::findings_over_time("chart-time", &series, &review_link),
        charts::duration_distribution("chart-duration", &durations),
    ]
    .into_iter()
    .flatten()
    .collect()
}
