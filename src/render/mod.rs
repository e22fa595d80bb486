//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.
//!
//! Templates never see the model: every page gets a view struct built here, whose string
//! fields are plain text (escaped by Tera's autoescape) except the `*_html` fields, which
//! come from [`crate::markdown`] (sanitised) and are the only ones templates mark `| safe`.
//!
//! Every link is relative (each page knows its `root` prefix: `""`, `"../../../"`), so the
//! site works under any sub-path and from `file://`. The only exceptions are `404.html`,
//! which is served at any depth and so uses `config.base_path`, and `sitemap.xml`, which
//! needs absolute URLs: it is written only when `base_url` is an absolute http(s) URL.

use crate::aggregate::{self, PrThread, ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::highlight;
use crate::markdown::{self, Anchors, Ctx};
use crate::model::{
    ActionClass, AgentMetrics, Review, SectionKind, Severity, SeverityCounts, Verdict, VerdictClass,
};
use crate::output::Staging;
use crate::theme::Theme;
use anyhow::Context;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What the renderer produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every page of the site into `out`: index, repo pages, PR threads, one page per
/// review, 404, sitemap, stylesheets. `reviews` and `index.reviews` describe the same
/// reviews.
pub fn render_site(
    config: &Config,
    reviews: &[Review],
    index: &SiteIndex,
    out: &Staging,
) -> anyhow::Result<Rendered> {
    let theme = Theme::load(&config.theme_dir)?;
    let tera = build_tera(&theme)?;
    let site = SiteView::new(config, index);
    let known: HashSet<String> = reviews.iter().map(|r| r.id.clone()).collect();
    let rounds = round_positions(index);
    let mut rendered = Rendered::default();

    // Review pages, in parallel.
    let summaries: HashMap<&str, &ReviewSummary> =
        index.reviews.iter().map(|s| (s.id.as_str(), s)).collect();
    let results: Vec<Result<(), Diagnostic>> = reviews
        .par_iter()
        .map(|review| {
            let fallback;
            let summary = match summaries.get(review.id.as_str()) {
                Some(s) => *s,
                None => {
                    fallback = aggregate::summarise(review);
                    &fallback
                }
            };
            let rel = page_path(&summary.url);
            let page = ReviewPage::build(review, summary, &rounds, &known, &site);
            let html = render_page(&tera, "review.html", &page).map_err(|e| {
                Diagnostic::error(
                    review.source_path.clone(),
                    None,
                    format!("cannot render the review page: {e:#}"),
                )
            })?;
            out.write(&rel, html.as_bytes())
                .map_err(|e| Diagnostic::error(review.source_path.clone(), None, format!("{e:#}")))
        })
        .collect();
    for r in results {
        match r {
            Ok(()) => rendered.pages += 1,
            Err(d) => rendered.diagnostics.push(d),
        }
    }

    // Index.
    let index_page = IndexPage::build(index, &rounds, &site);
    out.write(
        "index.html",
        render_page(&tera, "index.html", &index_page)?.as_bytes(),
    )?;
    rendered.pages += 1;

    // Repositories and PR threads.
    let keys = key_findings(reviews);
    for repo in &index.repos {
        let page = RepoPage::build(repo, &rounds, &site);
        let rel = page_path(&repo.url);
        out.write(&rel, render_page(&tera, "repo.html", &page)?.as_bytes())?;
        rendered.pages += 1;
        for thread in &repo.threads {
            let page = ThreadPage::build(thread, repo, &site, &keys);
            let rel = page_path(&thread.url);
            out.write(&rel, render_page(&tera, "thread.html", &page)?.as_bytes())?;
            rendered.pages += 1;
        }
    }

    // 404: served at any depth, so its links start from the site's base path.
    let nf = Page {
        site: site.clone(),
        root: config.base_path.clone(),
        page_title: "Page not found".into(),
        crumbs: Vec::new(),
        body: (),
    };
    out.write("404.html", render_page(&tera, "404.html", &nf)?.as_bytes())?;
    rendered.pages += 1;

    // Assets: the theme's, the generated highlight stylesheet (unless the theme ships one),
    // then the site's static folder over everything.
    for (rel, bytes) in &theme.assets {
        out.write(rel, bytes)?;
    }
    if !theme.has_asset("highlight.css") {
        out.write("highlight.css", highlight::stylesheet().as_bytes())?;
    }
    out.write(".nojekyll", b"")?;
    if let Some(xml) = sitemap(config, index) {
        out.write("sitemap.xml", xml.as_bytes())?;
    }
    out.copy_tree(&config.static_dir)
        .with_context(|| format!("{}: cannot copy", config.static_dir.display()))?;
    Ok(rendered)
}

fn build_tera(theme: &Theme) -> anyhow::Result<tera::Tera> {
    let mut tera = tera::Tera::default();
    tera.add_raw_templates(
        theme
            .templates
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_str())),
    )
    .map_err(|e| anyhow::anyhow!("theme templates: {}", tera_error(&e)))?;
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // Escapes `& < > " '` (Tera's default also escapes `/`, which makes URLs unreadable).
    tera.set_escape_fn(escape_fn);
    Ok(tera)
}

fn escape_fn(s: &str) -> String {
    highlight::escape(s)
}

fn tera_error(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

fn render_page<T: Serialize>(tera: &tera::Tera, name: &str, page: &T) -> anyhow::Result<String> {
    let ctx = tera::Context::from_serialize(page)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))?;
    tera.render(name, &ctx)
        .map_err(|e| anyhow::anyhow!("{name}: {}", tera_error(&e)))
}

/// The file path for a site-relative URL (they are the same, percent-decoding aside: our
/// URLs only hold characters that need no encoding, see [`encode_url_path`]).
fn page_path(url: &str) -> String {
    url.to_string()
}

/// Relative prefix from the page at `url` to the site root.
pub fn root_for(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// Percent-encodes what a URL path must not contain raw (`#`, `?`, `%`, spaces, quotes...).
pub fn encode_url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/' | '+' | '@') {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `<root><url>`, encoded.
fn link(root: &str, url: &str) -> String {
    format!("{root}{}", encode_url_path(url))
}

// ---------------------------------------------------------------------------------------
// Shared views

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    description: String,
    repos: Vec<RepoLink>,
}

#[derive(Debug, Clone, Serialize)]
struct RepoLink {
    slug: String,
    /// Site-relative (templates prefix `root`).
    url: String,
}

impl SiteView {
    fn new(config: &Config, index: &SiteIndex) -> SiteView {
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            repos: index
                .repos
                .iter()
                .map(|r| RepoLink {
                    slug: r.slug.clone(),
                    url: encode_url_path(&r.url),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Page<T: Serialize> {
    site: SiteView,
    root: String,
    page_title: String,
    crumbs: Vec<Crumb>,
    #[serde(flatten)]
    body: T,
}

#[derive(Debug, Clone, Serialize)]
struct Crumb {
    label: String,
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct VerdictView {
    label: String,
    /// `v-ok`, `v-warn`, ... plus ` long` for labels that may wrap in narrow cells.
    class: &'static str,
    title: String,
    long: bool,
}

fn verdict_class(c: VerdictClass) -> &'static str {
    match c {
        VerdictClass::MergeAsIs | VerdictClass::Clean => "v-ok",
        VerdictClass::MergeWithFixes | VerdictClass::Issues => "v-warn",
        VerdictClass::Rework => "v-bad",
        VerdictClass::Other => "v-none",
    }
}

fn verdict_view(v: &Option<Verdict>) -> Option<VerdictView> {
    v.as_ref().map(|v| {
        let label = if v.label.trim().is_empty() {
            "verdict".to_string()
        } else {
            markdown::plain_text(&v.label)
        };
        let long = label.chars().count() > 18;
        VerdictView {
            class: verdict_class(v.class),
            long,
            label,
            title: v
                .rationale
                .as_deref()
                .map(markdown::plain_text)
                .unwrap_or_default(),
        }
    })
}

#[derive(Debug, Clone, Serialize)]
struct AgentPill {
    name: String,
    /// The family alone (`Claude`), for compact lists; `name` goes in the tooltip.
    short: String,
    class: String,
    title: String,
    /// Model and effort shown next to the pill in the metadata table.
    detail: String,
}

const KNOWN_FAMILIES: &[&str] = &["claude", "codex", "gemini", "qwen", "gemma", "glm"];

/// The CSS class of an agent family: `agent-claude`, or `agent-p<N>` from a stable hash of
/// the family name for families without their own colour.
pub fn agent_class(family_or_name: &str) -> String {
    let fam = family_of(family_or_name);
    if KNOWN_FAMILIES.contains(&fam.as_str()) {
        return format!("agent-{fam}");
    }
    // FNV-1a: stable across runs and platforms.
    let mut h: u32 = 0x811c_9dc5;
    for b in fam.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("agent-other agent-p{}", h % 6)
}

/// Family of an agent name as written (`[Claude Opus 4.7]` -> `claude`, `Gemma4` -> `gemma`),
/// by the parser's rules so pills and parsed families agree.
fn family_of(name: &str) -> String {
    let f = crate::parse::agents::agent_family(name);
    if f.is_empty() {
        "other".into()
    } else {
        f
    }
}

fn agent_pill(name: &str, family: &str) -> AgentPill {
    let name = name.trim().trim_start_matches('[').trim_end_matches(']');
    let fam = if family.is_empty() { name } else { family };
    let name = markdown::plain_text(name);
    AgentPill {
        short: short_name(&name, family),
        name,
        class: agent_class(fam),
        title: String::new(),
        detail: String::new(),
    }
}

/// `Claude Opus 4.7` -> `Claude`: the family's display name, or the name's first word.
fn short_name(name: &str, family: &str) -> String {
    let fam = if family.is_empty() {
        crate::parse::agents::agent_family(name)
    } else {
        family.to_string()
    };
    if crate::parse::agents::is_known_family(&fam) {
        return crate::parse::agents::family_display_name(&fam);
    }
    name.split_whitespace().next().unwrap_or(name).to_string()
}

fn reviewer_pills(reviewers: &[crate::model::Reviewer]) -> Vec<AgentPill> {
    reviewers
        .iter()
        .map(|r| {
            let mut detail = String::new();
            if let Some(e) = &r.effort {
                detail = format!("effort: {e}");
            }
            let title = match (&r.model, &r.effort) {
                (Some(m), Some(e)) => format!("{} · {m} · effort {e}", r.name),
                (Some(m), None) => format!("{} · {m}", r.name),
                (None, Some(e)) => format!("{} · effort {e}", r.name),
                (None, None) => r.name.clone(),
            };
            AgentPill {
                name: r.name.clone(),
                short: short_name(&r.name, &r.family),
                class: agent_class(if r.family.is_empty() {
                    &r.name
                } else {
                    &r.family
                }),
                title,
                detail,
            }
        })
        .collect()
}

/// Splits `2026-05-19T10:06` into day and time.
fn split_date(date: &str) -> (String, String) {
    match date.split_once('T') {
        Some((d, t)) => (d.to_string(), t.to_string()),
        None => match date.split_once(' ') {
            Some((d, t)) => (d.to_string(), t.to_string()),
            None => (date.to_string(), String::new()),
        },
    }
}

/// Position of each PR review in its thread: id -> (k, n, thread url).
type Rounds = HashMap<String, (usize, usize, String)>;

fn round_positions(index: &SiteIndex) -> Rounds {
    let mut m = HashMap::new();
    for repo in &index.repos {
        for t in &repo.threads {
            let n = t.rounds.len();
            for (i, r) in t.rounds.iter().enumerate() {
                m.insert(r.id.clone(), (i + 1, n, t.url.clone()));
            }
        }
    }
    m
}

#[derive(Debug, Clone, Serialize)]
struct ThreadRef {
    url: String,
    k: usize,
    n: usize,
}

#[derive(Debug, Clone, Serialize)]
struct Row {
    id: String,
    url: String,
    md_url: String,
    day: String,
    time: String,
    kind: String,
    kind_label: &'static str,
    title_html: String,
    repo: Option<String>,
    repo_url: Option<String>,
    pr_number: Option<u64>,
    round: Option<u32>,
    thread: Option<ThreadRef>,
    verdict: Option<VerdictView>,
    counts: SeverityCounts,
    reviewers: Vec<AgentPill>,
    /// Every round of the PR when this row stands for a thread of several (oldest first).
    rounds: Vec<RoundChip>,
    /// Classes the index filters match on: verdict class, `k-<kind>`, `has-crit`.
    filter: String,
    /// Lower-case text the index's optional search script matches.
    search: String,
}

#[derive(Debug, Clone, Serialize)]
struct RoundChip {
    k: usize,
    url: String,
    title: String,
    class: &'static str,
    current: bool,
}

fn kind_slug(k: crate::model::ReviewKind) -> String {
    serde_json::to_value(k)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| "other".into())
}

fn md_url(id: &str) -> String {
    encode_url_path(&format!("{id}.md"))
}

fn row(s: &ReviewSummary, root: &str, rounds: &Rounds) -> Row {
    let (day, time) = split_date(&s.date);
    let title = if s.title.trim().is_empty() {
        s.id.clone()
    } else {
        s.title.clone()
    };
    let verdict = verdict_view(&s.verdict);
    let kind = kind_slug(s.kind);
    let mut filter = format!(
        "{} k-{kind}",
        verdict.as_ref().map(|v| v.class).unwrap_or("v-none")
    );
    if s.counts.critical > 0 {
        filter.push_str(" has-crit");
    }
    let mut search = vec![
        s.id.clone(),
        markdown::plain_text(&title),
        s.kind_label.to_string(),
    ];
    if let Some(r) = &s.repo {
        search.push(r.slug());
    }
    if let Some(pr) = &s.pr {
        search.push(format!("#{} pr{}", pr.number, pr.number));
    }
    if let Some(b) = &s.branch {
        search.push(b.clone());
    }
    if let Some(v) = &verdict {
        search.push(v.label.clone());
    }
    for r in &s.reviewers {
        search.push(r.name.clone());
        search.push(r.family.clone());
    }
    Row {
        id: s.id.clone(),
        url: link(root, &s.url),
        md_url: format!("{root}{}", md_url(&s.id)),
        day,
        time,
        kind,
        kind_label: s.kind_label,
        title_html: markdown::render_inline_nolinks(&title),
        repo: s.repo.as_ref().map(|r| r.slug()),
        repo_url: s.repo_url.as_ref().map(|u| link(root, u)),
        pr_number: s.pr.as_ref().map(|p| p.number),
        round: s.round,
        thread: rounds.get(&s.id).and_then(|(k, n, url)| {
            (*n > 1).then(|| ThreadRef {
                url: link(root, url),
                k: *k,
                n: *n,
            })
        }),
        verdict,
        counts: s.counts,
        reviewers: reviewer_pills(&s.reviewers),
        rounds: Vec::new(),
        filter,
        search: search.join(" ").to_lowercase(),
    }
}

/// Index rows, newest first, one per review except that the rounds of a PR thread share
/// one row: the newest round's, at its place, with every round linked as a chip.
fn grouped_rows(
    summaries: &[ReviewSummary],
    root: &str,
    rounds: &Rounds,
    threads: &HashMap<&str, &PrThread>,
) -> Vec<Row> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut rows = Vec::with_capacity(summaries.len());
    for s in summaries {
        let thread = rounds
            .get(&s.id)
            .filter(|(_, n, _)| *n > 1)
            .and_then(|(_, _, url)| threads.get(url.as_str()).copied());
        let Some(t) = thread else {
            rows.push(row(s, root, rounds));
            continue;
        };
        if !seen.insert(t.url.as_str()) {
            continue;
        }
        let mut r = row(s, root, rounds);
        let n = t.rounds.len();
        r.rounds = t
            .rounds
            .iter()
            .enumerate()
            .map(|(i, rs)| {
                let v = verdict_view(&rs.verdict);
                let (day, time) = split_date(&rs.date);
                RoundChip {
                    k: i + 1,
                    url: link(root, &rs.url),
                    title: format!(
                        "round {} of {n} · {day} {time} · {}",
                        i + 1,
                        v.as_ref().map(|v| v.label.as_str()).unwrap_or("no verdict")
                    ),
                    class: v.as_ref().map(|v| v.class).unwrap_or("v-none"),
                    current: rs.id == s.id,
                }
            })
            .collect();
        for rs in &t.rounds {
            if rs.id != s.id {
                r.search.push(' ');
                r.search.push_str(&rs.id.to_lowercase());
            }
        }
        rows.push(r);
    }
    rows
}

fn thread_map(index: &SiteIndex) -> HashMap<&str, &PrThread> {
    index
        .repos
        .iter()
        .flat_map(|r| r.threads.iter())
        .map(|t| (t.url.as_str(), t))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Index, repo and thread pages

#[derive(Debug, Serialize)]
struct IndexBody {
    stats: Stats,
    repos: Vec<RepoCard>,
    rows: Vec<Row>,
    /// Kinds present, for the type filter (only shown with more than one).
    kinds: Vec<Facet>,
}

#[derive(Debug, Serialize)]
struct Facet {
    slug: String,
    label: &'static str,
    count: usize,
}

fn kind_facets(reviews: &[ReviewSummary]) -> Vec<Facet> {
    let mut out: Vec<Facet> = Vec::new();
    for r in reviews {
        let slug = kind_slug(r.kind);
        match out.iter_mut().find(|f| f.slug == slug) {
            Some(f) => f.count += 1,
            None => out.push(Facet {
                slug,
                label: r.kind_label,
                count: 1,
            }),
        }
    }
    out.sort_by(|a, b| b.count.cmp(&a.count).then(a.slug.cmp(&b.slug)));
    out
}

#[derive(Debug, Serialize)]
struct Stats {
    reviews: usize,
    repos: usize,
    threads: usize,
    counts: SeverityCounts,
}

#[derive(Debug, Serialize)]
struct RepoCard {
    title: String,
    url: String,
    reviews: usize,
    threads: usize,
    counts: SeverityCounts,
}

struct IndexPage;

impl IndexPage {
    fn build(index: &SiteIndex, rounds: &Rounds, site: &SiteView) -> Page<IndexBody> {
        let mut counts = SeverityCounts::default();
        for r in &index.reviews {
            counts.critical += r.counts.critical;
            counts.important += r.counts.important;
            counts.suggestion += r.counts.suggestion;
        }
        Page {
            site: site.clone(),
            root: String::new(),
            page_title: String::new(),
            crumbs: Vec::new(),
            body: IndexBody {
                stats: Stats {
                    reviews: index.reviews.len(),
                    repos: index.repos.len(),
                    threads: index.repos.iter().map(|r| r.threads.len()).sum(),
                    counts,
                },
                repos: index
                    .repos
                    .iter()
                    .map(|r| RepoCard {
                        title: r.title.clone(),
                        url: encode_url_path(&r.url),
                        reviews: r.reviews.len(),
                        threads: r.threads.len(),
                        counts: r.counts,
                    })
                    .collect(),
                rows: grouped_rows(&index.reviews, "", rounds, &thread_map(index)),
                kinds: kind_facets(&index.reviews),
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct RepoBody {
    repo: RepoHead,
    threads: Vec<ThreadRow>,
    others: Vec<Row>,
    rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
struct RepoHead {
    title: String,
    slug: String,
    web_url: String,
    reviews: usize,
    threads: usize,
    counts: SeverityCounts,
}

#[derive(Debug, Serialize)]
struct ThreadRow {
    number: u64,
    title_html: String,
    url: String,
    rounds: Vec<RoundLink>,
    latest_verdict: Option<VerdictView>,
    latest_counts: SeverityCounts,
    last_day: String,
}

#[derive(Debug, Serialize)]
struct RoundLink {
    k: usize,
    url: String,
    verdict_label: String,
    class: &'static str,
    day: String,
}

fn safe_web_url(url: &str) -> String {
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        url.trim().to_string()
    } else {
        String::new()
    }
}

struct RepoPage;

impl RepoPage {
    fn build(repo: &aggregate::RepoView, rounds: &Rounds, site: &SiteView) -> Page<RepoBody> {
        let root = root_for(&repo.url);
        let threads = repo
            .threads
            .iter()
            .map(|t| {
                let latest = t.rounds.last();
                ThreadRow {
                    number: t.number,
                    title_html: markdown::render_inline_nolinks(
                        t.title.as_deref().unwrap_or("(untitled)"),
                    ),
                    url: link(&root, &t.url),
                    rounds: t
                        .rounds
                        .iter()
                        .enumerate()
                        .map(|(i, r)| RoundLink {
                            k: i + 1,
                            url: link(&root, &r.url),
                            verdict_label: r
                                .verdict
                                .as_ref()
                                .map(|v| markdown::plain_text(&v.label))
                                .unwrap_or_else(|| "no verdict".into()),
                            class: r
                                .verdict
                                .as_ref()
                                .map(|v| verdict_class(v.class))
                                .unwrap_or("v-none"),
                            day: split_date(&r.date).0,
                        })
                        .collect(),
                    latest_verdict: latest.and_then(|r| verdict_view(&r.verdict)),
                    latest_counts: latest.map(|r| r.counts).unwrap_or_default(),
                    last_day: latest.map(|r| split_date(&r.date).0).unwrap_or_default(),
                }
            })
            .collect();
        let rows: Vec<Row> = repo.reviews.iter().map(|s| row(s, &root, rounds)).collect();
        let others = repo
            .reviews
            .iter()
            .filter(|s| s.pr.is_none())
            .map(|s| row(s, &root, rounds))
            .collect();
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title: repo.title.clone(),
            crumbs: vec![
                Crumb {
                    label: "Index".into(),
                    url: Some(format!("{root}index.html")),
                },
                Crumb {
                    label: repo.slug.clone(),
                    url: None,
                },
            ],
            body: RepoBody {
                repo: RepoHead {
                    title: repo.title.clone(),
                    slug: repo.slug.clone(),
                    web_url: safe_web_url(&repo.web_url),
                    reviews: repo.reviews.len(),
                    threads: repo.threads.len(),
                    counts: repo.counts,
                },
                threads,
                others,
                rows,
            },
        }
    }
}

#[derive(Debug, Serialize)]
struct ThreadBody {
    thread: ThreadView,
}

#[derive(Debug, Serialize)]
struct ThreadView {
    number: u64,
    repo: String,
    repo_url: String,
    title_html: String,
    pr_url: Option<String>,
    latest_verdict: Option<VerdictView>,
    rounds: Vec<RoundView>,
}

#[derive(Debug, Serialize)]
struct RoundView {
    k: usize,
    round: Option<u32>,
    url: String,
    day: String,
    time: String,
    verdict: Option<VerdictView>,
    rationale_html: String,
    counts: SeverityCounts,
    delta: Vec<DeltaView>,
    reviewers: Vec<AgentPill>,
    /// Critical and important findings, linked to their cards.
    findings: Vec<FindingLink>,
}

#[derive(Debug, Serialize)]
struct DeltaView {
    label: String,
    class: &'static str,
}

fn deltas(prev: &SeverityCounts, cur: &SeverityCounts) -> Vec<DeltaView> {
    [
        ('C', prev.critical, cur.critical),
        ('I', prev.important, cur.important),
        ('S', prev.suggestion, cur.suggestion),
    ]
    .into_iter()
    .map(|(l, a, b)| {
        let d = b as i64 - a as i64;
        DeltaView {
            label: match d.cmp(&0) {
                std::cmp::Ordering::Greater => format!("{l} +{d}"),
                std::cmp::Ordering::Less => format!("{l} \u{2212}{}", -d),
                std::cmp::Ordering::Equal => format!("{l} ±0"),
            },
            class: match d.cmp(&0) {
                std::cmp::Ordering::Greater => "up",
                std::cmp::Ordering::Less => "down",
                std::cmp::Ordering::Equal => "same",
            },
        }
    })
    .collect()
}

struct ThreadPage;

impl ThreadPage {
    fn build(
        t: &PrThread,
        repo: &aggregate::RepoView,
        site: &SiteView,
        keys: &KeyFindings,
    ) -> Page<ThreadBody> {
        let root = root_for(&t.url);
        let mut prev: Option<SeverityCounts> = None;
        let rounds = t
            .rounds
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let (day, time) = split_date(&r.date);
                let delta = prev.map(|p| deltas(&p, &r.counts)).unwrap_or_default();
                prev = Some(r.counts);
                RoundView {
                    k: i + 1,
                    round: r.round,
                    url: link(&root, &r.url),
                    day,
                    time,
                    verdict: verdict_view(&r.verdict),
                    rationale_html: r
                        .verdict
                        .as_ref()
                        .and_then(|v| v.rationale.as_deref())
                        .map(markdown::render_inline)
                        .unwrap_or_default(),
                    counts: r.counts,
                    delta,
                    reviewers: reviewer_pills(&r.reviewers),
                    findings: keys
                        .get(&r.id)
                        .map(|fs| {
                            let page = link(&root, &r.url);
                            fs.iter()
                                .map(|f| FindingLink {
                                    url: format!("{page}#{}", encode_url_path(&f.url)),
                                    ..f.clone()
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let title = t.title.as_deref().unwrap_or("(untitled)");
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title: format!("PR #{} {}", t.number, markdown::plain_text(title)),
            crumbs: vec![
                Crumb {
                    label: "Index".into(),
                    url: Some(format!("{root}index.html")),
                },
                Crumb {
                    label: repo.slug.clone(),
                    url: Some(link(&root, &repo.url)),
                },
                Crumb {
                    label: format!("PR #{}", t.number),
                    url: None,
                },
            ],
            body: ThreadBody {
                thread: ThreadView {
                    number: t.number,
                    repo: repo.slug.clone(),
                    repo_url: link(&root, &repo.url),
                    title_html: markdown::render_inline_nolinks(title),
                    pr_url: t
                        .pr_url
                        .as_deref()
                        .map(safe_web_url)
                        .filter(|u| !u.is_empty()),
                    latest_verdict: t.rounds.last().and_then(|r| verdict_view(&r.verdict)),
                    rounds,
                },
            },
        }
    }
}

// ---------------------------------------------------------------------------------------
// Review pages

#[derive(Debug, Serialize)]
struct ReviewBody {
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
    rationale_html: String,
    counts: SeverityCounts,
    stated_mismatch: String,
    meta_rows: Vec<MetaRowView>,
    preamble_html: String,
    sections: Vec<SectionView>,
    toc: Vec<TocEntry>,
}

#[derive(Debug, Serialize)]
struct MetaRowView {
    label: String,
    value_html: String,
    agents: Vec<AgentPill>,
}

#[derive(Debug, Serialize)]
struct SectionView {
    kind: String,
    anchor: String,
    title_html: String,
    severity: Option<&'static str>,
    body_html: String,
    findings: Vec<FindingView>,
    metrics: Vec<MetricsRow>,
    original_table_html: String,
    after_html: String,
    agent_reviews: Vec<AgentReviewView>,
}

#[derive(Debug, Serialize)]
struct FindingView {
    id: String,
    severity: &'static str,
    severity_label: &'static str,
    title_html: String,
    locations: Vec<String>,
    agents: Vec<AgentPill>,
    tags: Vec<TagView>,
    notes: Vec<String>,
    resolution: Option<ResolutionView>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct TagView {
    label: String,
    class: String,
}

#[derive(Debug, Serialize)]
struct ResolutionView {
    label: String,
    class: &'static str,
    reason: String,
    reason_html: String,
}

#[derive(Debug, Serialize)]
struct MetricsRow {
    agent: AgentPill,
    no_output: bool,
    duration: String,
    duration_title: String,
    findings: Option<SeverityCounts>,
    tool_calls: String,
    tools_title: String,
    design: String,
    false_positives: String,
    unique: String,
    files: String,
    misses: String,
    downgrades: String,
    dropped: String,
}

#[derive(Debug, Serialize)]
struct AgentReviewView {
    anchor: String,
    agent: AgentPill,
    label_html: String,
    /// The agent's row of the metrics table, shown in the summary line.
    metrics: Option<MetricsRow>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct TocEntry {
    kind: String,
    anchor: String,
    label: String,
    children: Vec<TocChild>,
}

#[derive(Debug, Serialize)]
struct TocChild {
    anchor: String,
    id: String,
    label: String,
    title: String,
    severity: &'static str,
}

fn severity_slug(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::Critical) => "critical",
        Some(Severity::Important) => "important",
        Some(Severity::Suggestion) => "suggestion",
        None => "none",
    }
}

/// `435` -> `7m 15s`; `4730` -> `1h 18m 50s`; `None` -> `—`.
pub fn format_duration(secs: Option<u64>) -> String {
    match secs {
        None => "\u{2014}".into(),
        Some(s) if s < 60 => format!("{s}s"),
        Some(s) if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        Some(s) => format!("{}h {:02}m {:02}s", s / 3600, (s % 3600) / 60, s % 60),
    }
}

fn opt_num(n: Option<u32>) -> String {
    n.map(|n| n.to_string())
        .unwrap_or_else(|| "\u{2014}".into())
}

fn metrics_row(m: &AgentMetrics) -> MetricsRow {
    let tools_title = m
        .tool_calls
        .as_ref()
        .map(|t| {
            t.by_tool
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let downgrades = if m.downgrades.is_empty() {
        opt_num(m.downgraded)
    } else {
        m.downgrades
            .iter()
            .map(|d| {
                format!(
                    "{}\u{2192}{} \u{00d7}{}",
                    d.from.letter(),
                    d.to.letter(),
                    d.count
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let passes: Vec<String> = m
        .pass_durations_secs
        .iter()
        .enumerate()
        .map(|(i, d)| format!("pass {}: {}", i + 1, format_duration(*d)))
        .collect();
    MetricsRow {
        agent: agent_pill(&m.agent, &m.family),
        no_output: m.no_output,
        duration: format_duration(m.duration_secs),
        duration_title: passes.join(", "),
        findings: m.findings,
        tool_calls: m
            .tool_calls
            .as_ref()
            .and_then(|t| t.total)
            .map(|n| n.to_string())
            .unwrap_or_else(|| "\u{2014}".into()),
        tools_title,
        design: opt_num(m.design_observations),
        false_positives: opt_num(m.false_positives),
        unique: opt_num(m.unique_insights),
        files: opt_num(m.files_reviewed),
        misses: opt_num(m.coverage_misses),
        downgrades,
        dropped: opt_num(m.dropped),
    }
}

fn resolution_view(r: &crate::model::FindingResolution) -> ResolutionView {
    let (class, default_label) = match r.action {
        ActionClass::Fixed => ("res-fixed", "Fixed"),
        ActionClass::TestWritten => ("res-test", "Test written"),
        ActionClass::Commented => ("res-commented", "Commented"),
        ActionClass::DocumentationUpdated => ("res-docs", "Docs updated"),
        ActionClass::Skipped => ("res-skipped", "Skipped"),
        ActionClass::Other => ("res-other", "Resolution"),
    };
    let label = markdown::plain_text(&r.label);
    ResolutionView {
        label: if label.is_empty() {
            default_label.into()
        } else {
            label
        },
        class,
        reason: r
            .reason
            .as_deref()
            .map(markdown::plain_text)
            .unwrap_or_default(),
        reason_html: r
            .reason
            .as_deref()
            .map(markdown::render_inline)
            .unwrap_or_default(),
    }
}

/// `[Claude] — Pass 1` -> `Pass 1`: the heading without the agent name the pill shows.
fn pass_label(label: &str) -> String {
    let rest = match label.trim().strip_prefix('[') {
        Some(r) => match r.split_once(']') {
            Some((_, after)) => after,
            None => return label.trim().to_string(),
        },
        None => return label.trim().to_string(),
    };
    let rest = rest.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{2014}' | '\u{2013}' | '-' | ':' | '\u{00b7}')
    });
    if rest.trim().is_empty() {
        label.trim().to_string()
    } else {
        rest.trim().to_string()
    }
}

/// The pill of an appendix agent: the reviewer's full name when exactly one reviewer of
/// the review has that family, else the family's display name (or the label).
fn appendix_pill(a: &crate::model::AgentReview, reviewers: &[crate::model::Reviewer]) -> AgentPill {
    let label = a.label.trim();
    if a.family.is_empty() {
        let name = label
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map(|(n, _)| n)
            .unwrap_or(label);
        return agent_pill(name, "");
    }
    let same: Vec<&crate::model::Reviewer> =
        reviewers.iter().filter(|r| r.family == a.family).collect();
    let mut pill = agent_pill(&a.family, &a.family);
    match same.as_slice() {
        [one] => {
            pill.name = markdown::plain_text(&one.name);
            pill.title = match &one.effort {
                Some(e) => format!("{} · effort {e}", one.name),
                None => one.name.clone(),
            };
        }
        _ => pill.name = crate::parse::agents::family_display_name(&a.family),
    }
    pill
}

/// The anchors of a review page's sections and findings (in that order of claim), and
/// the [`Anchors`] state after them, so thread pages can link to the same ids.
struct StableIds {
    anchors: Anchors,
    sections: Vec<String>,
    findings: Vec<String>,
}

fn stable_ids(review: &Review) -> StableIds {
    let mut anchors = Anchors::default();
    for id in RESERVED_IDS {
        anchors.unique(id);
    }
    // Stable ids first: sections, findings, appendix agents; markdown headings after.
    let sections: Vec<String> = review
        .sections
        .iter()
        .map(|s| {
            let base = if s.anchor.is_empty() {
                markdown::slugify(&markdown::plain_text(&s.title))
            } else {
                s.anchor.clone()
            };
            anchors.unique(&base)
        })
        .collect();
    let findings: Vec<String> = review
        .findings
        .iter()
        .map(|f| anchors.unique(&f.id))
        .collect();
    StableIds {
        anchors,
        sections,
        findings,
    }
}

/// Critical and important findings of each review, as (anchor, id, title, severity), for
/// the round cards of thread pages.
type KeyFindings = HashMap<String, Vec<FindingLink>>;

#[derive(Debug, Clone, Serialize)]
struct FindingLink {
    url: String,
    id: String,
    title: String,
    severity: &'static str,
}

fn key_findings(reviews: &[Review]) -> KeyFindings {
    reviews
        .iter()
        .map(|r| {
            let ids = stable_ids(r);
            let links = r
                .findings
                .iter()
                .zip(ids.findings)
                .filter_map(|(f, anchor)| {
                    let sev = f
                        .severity
                        .or_else(|| r.sections.get(f.section).and_then(|s| s.severity));
                    matches!(sev, Some(Severity::Critical | Severity::Important)).then(|| {
                        let title = if f.title.trim().is_empty() {
                            &f.head
                        } else {
                            &f.title
                        };
                        FindingLink {
                            url: anchor,
                            id: f.id.clone(),
                            title: truncate(&markdown::plain_text(title), 90),
                            severity: severity_slug(sev),
                        }
                    })
                })
                .collect();
            (r.id.clone(), links)
        })
        .collect()
}

/// Ids the page templates use themselves.
const RESERVED_IDS: &[&str] = &["main", "details", "top", "contents"];

struct ReviewPage;

impl ReviewPage {
    fn build(
        review: &Review,
        summary: &ReviewSummary,
        rounds: &Rounds,
        known: &HashSet<String>,
        site: &SiteView,
    ) -> Page<ReviewBody> {
        let root = root_for(&summary.url);
        let m = &review.meta;
        let inline = |md: &str| markdown::render_inline_in(md, &root, Some(known));
        let StableIds {
            mut anchors,
            sections: section_ids,
            findings: finding_ids,
        } = stable_ids(review);
        let agent_ids: Vec<String> = review
            .appendix
            .iter()
            .map(|a| {
                let base = if a.anchor.is_empty() {
                    markdown::slugify(&markdown::plain_text(&a.label))
                } else {
                    a.anchor.clone()
                };
                anchors.unique(&base)
            })
            .collect();

        let block = |md: &str, anchors: &mut Anchors, base: Option<u8>| -> String {
            if md.trim().is_empty() {
                return String::new();
            }
            let mut ctx = Ctx::new(anchors, &root);
            ctx.known_reviews = Some(known);
            ctx.heading_base = base;
            markdown::render_block(md, &mut ctx)
        };

        let meta_rows = m
            .rows
            .iter()
            .map(|row| {
                let is_reviewers = row.label.trim().eq_ignore_ascii_case("reviewers");
                MetaRowView {
                    label: markdown::plain_text(&row.label),
                    value_html: inline(&row.value),
                    agents: if is_reviewers {
                        reviewer_pills(&m.reviewers)
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();

        let preamble_html = block(&review.preamble, &mut anchors, Some(2));
        let mut sections = Vec::with_capacity(review.sections.len());
        let mut toc = Vec::with_capacity(review.sections.len());
        let appendix_index = review
            .sections
            .iter()
            .rposition(|s| s.kind == SectionKind::Appendix);
        for (si, s) in review.sections.iter().enumerate() {
            let anchor = section_ids.get(si).cloned().unwrap_or_default();
            let kind = serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "other".into());
            let mut view = SectionView {
                kind: kind.clone(),
                anchor: anchor.clone(),
                title_html: inline(&s.title),
                severity: s.severity.map(|sv| severity_slug(Some(sv))),
                body_html: String::new(),
                findings: Vec::new(),
                metrics: Vec::new(),
                original_table_html: String::new(),
                after_html: String::new(),
                agent_reviews: Vec::new(),
            };
            let mut children = Vec::new();
            match s.kind {
                SectionKind::AgentRetro => {
                    let retro = review.retro.as_ref();
                    let span = retro
                        .and_then(|r| r.table_span)
                        .filter(|_| retro.is_some_and(|r| !r.metrics.is_empty()))
                        .and_then(|(a, b)| {
                            Some((s.body.get(..a)?, s.body.get(a..b)?, s.body.get(b..)?))
                        });
                    match (span, retro) {
                        (Some((before, table, after)), Some(retro)) => {
                            view.body_html = block(before, &mut anchors, Some(3));
                            view.metrics = retro.metrics.iter().map(metrics_row).collect();
                            view.original_table_html = block(table, &mut anchors, Some(3));
                            view.after_html = block(after, &mut anchors, Some(3));
                        }
                        _ => {
                            view.body_html = block(&s.body, &mut anchors, Some(3));
                            if let Some(retro) = retro.filter(|r| !r.metrics.is_empty()) {
                                // No span: show the normalised table after the prose.
                                view.metrics = retro.metrics.iter().map(metrics_row).collect();
                            }
                        }
                    }
                }
                SectionKind::Appendix if Some(si) == appendix_index => {
                    view.body_html = block(&s.body, &mut anchors, Some(3));
                    for (ai, a) in review.appendix.iter().enumerate() {
                        let anchor = agent_ids.get(ai).cloned().unwrap_or_default();
                        let label = a.label.trim();
                        let pill = appendix_pill(a, &m.reviewers);
                        children.push(TocChild {
                            anchor: anchor.clone(),
                            id: String::new(),
                            label: markdown::plain_text(label),
                            title: markdown::plain_text(label),
                            severity: "none",
                        });
                        let metrics = review.retro.as_ref().and_then(|r| {
                            let same: Vec<&AgentMetrics> = r
                                .metrics
                                .iter()
                                .filter(|mm| !a.family.is_empty() && mm.family == a.family)
                                .collect();
                            // Only when the family names one agent: two Qwen models would be
                            // ambiguous.
                            (same.len() == 1).then(|| metrics_row(same[0]))
                        });
                        view.agent_reviews.push(AgentReviewView {
                            anchor,
                            agent: pill,
                            label_html: markdown::render_inline_nolinks(&pass_label(label)),
                            metrics,
                            body_html: block(&a.markdown, &mut anchors, Some(4)),
                        });
                    }
                }
                SectionKind::DesignObservations => {
                    let mut ctx = Ctx::new(&mut anchors, &root);
                    ctx.known_reviews = Some(known);
                    ctx.heading_base = Some(3);
                    ctx.design_tags = true;
                    view.body_html = markdown::render_block(&s.body, &mut ctx);
                }
                _ => {
                    view.body_html = block(&s.body, &mut anchors, Some(3));
                }
            }
            for (fi, f) in review.findings.iter().enumerate() {
                if f.section != si {
                    continue;
                }
                let id = finding_ids.get(fi).cloned().unwrap_or_default();
                let sev = f.severity.or(s.severity);
                let title = if f.title.trim().is_empty() {
                    &f.head
                } else {
                    &f.title
                };
                children.push(TocChild {
                    anchor: id.clone(),
                    id: id.clone(),
                    label: truncate(&markdown::plain_text(title), 60),
                    title: markdown::plain_text(title),
                    severity: severity_slug(sev),
                });
                view.findings.push(FindingView {
                    id,
                    severity: severity_slug(sev),
                    severity_label: sev.map(Severity::label).unwrap_or(""),
                    title_html: inline(title),
                    locations: f
                        .locations
                        .iter()
                        .map(|l| l.raw.trim().trim_matches('`').to_string())
                        .filter(|l| !l.is_empty())
                        .collect(),
                    agents: f.agents.iter().map(|a| agent_pill(a, "")).collect(),
                    tags: f
                        .tags
                        .iter()
                        .map(|t| TagView {
                            label: t.clone(),
                            class: markdown::slugify(t),
                        })
                        .collect(),
                    notes: f.notes.clone(),
                    resolution: f.resolution.as_ref().map(resolution_view),
                    body_html: block(&f.body, &mut anchors, Some(4)),
                });
            }
            toc.push(TocEntry {
                kind,
                anchor,
                label: truncate(&markdown::plain_text(&s.title), 48),
                children,
            });
            sections.push(view);
        }

        let stated_mismatch = match review.stated_counts {
            Some(st) if st != review.counts => format!(
                "The report states {} critical, {} important, {} suggestions",
                st.critical, st.important, st.suggestion
            ),
            _ => String::new(),
        };
        let (day, time) = split_date(m.date.as_deref().unwrap_or(""));
        let title = if summary.title.trim().is_empty() {
            review.id.clone()
        } else {
            summary.title.clone()
        };
        let thread = rounds.get(&review.id).map(|(k, n, url)| ThreadRef {
            url: link(&root, url),
            k: *k,
            n: *n,
        });

        let mut crumbs = vec![Crumb {
            label: "Index".into(),
            url: Some(format!("{root}index.html")),
        }];
        if let (Some(repo), Some(url)) = (&m.repo, &summary.repo_url) {
            crumbs.push(Crumb {
                label: repo.slug(),
                url: Some(link(&root, url)),
            });
        }
        if let (Some(pr), Some(url)) = (&m.pr, &summary.thread_url) {
            crumbs.push(Crumb {
                label: format!("PR #{}", pr.number),
                url: Some(link(&root, url)),
            });
        }
        crumbs.push(Crumb {
            label: match (&m.pr, summary.round) {
                (Some(_), Some(r)) => format!("Round {r} · {}", review.id),
                _ => review.id.clone(),
            },
            url: None,
        });

        let page_title = match &m.pr {
            Some(pr) => format!("PR #{} {}", pr.number, markdown::plain_text(&title)),
            None => markdown::plain_text(&title),
        };
        Page {
            site: site.clone(),
            root: root.clone(),
            page_title,
            crumbs,
            body: ReviewBody {
                r: ReviewView {
                    id: review.id.clone(),
                    kind: kind_slug(review.kind),
                    kind_label: review.kind.label(),
                    title_html: markdown::render_inline_in(&title, &root, Some(known)),
                    h1_html: if review.title.trim().is_empty() || review.title == title {
                        String::new()
                    } else {
                        markdown::render_inline_nolinks(&review.title)
                    },
                    repo: m.repo.as_ref().map(|r| r.slug()),
                    round: m.round,
                    round_note_html: m.round_note.as_deref().map(&inline).unwrap_or_default(),
                    day,
                    time,
                    pr_number: m.pr.as_ref().map(|p| p.number),
                    pr_url: m
                        .pr
                        .as_ref()
                        .and_then(|p| p.url.as_deref())
                        .map(safe_web_url)
                        .filter(|u| !u.is_empty()),
                    md_url: md_url(&review.id),
                    thread,
                    verdict: verdict_view(&m.verdict),
                    rationale_html: m
                        .verdict
                        .as_ref()
                        .and_then(|v| v.rationale.as_deref())
                        .map(&inline)
                        .unwrap_or_default(),
                    counts: review.counts,
                    stated_mismatch,
                    meta_rows,
                    preamble_html,
                    sections,
                    toc,
                },
            },
        }
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('\u{2026}');
    out
}

fn xml_escape(s: &str) -> String {
    highlight::escape(s)
}

/// The sitemap, when `base_url` is absolute (sitemaps require absolute URLs).
fn sitemap(config: &Config, index: &SiteIndex) -> Option<String> {
    let base = config.base_url.as_str();
    let lower = base.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut urls = vec!["index.html".to_string()];
    for r in &index.repos {
        urls.push(r.url.clone());
        for t in &r.threads {
            urls.push(t.url.clone());
        }
    }
    for r in &index.reviews {
        urls.push(r.url.clone());
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{base}{}", encode_url_path(&u))));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pass_labels() {
        assert_eq!(pass_label("[Claude] \u{2014} Pass 1"), "Pass 1");
        assert_eq!(
            pass_label("[Qwen] \u{2014} Pass 1 (retry; first attempt empty)"),
            "Pass 1 (retry; first attempt empty)"
        );
        assert_eq!(pass_label("[Claude]"), "[Claude]");
        assert_eq!(pass_label("Claude pass"), "Claude pass");
        assert_eq!(pass_label("[unclosed \u{2014} x"), "[unclosed \u{2014} x");
    }

    #[test]
    fn durations() {
        assert_eq!(format_duration(Some(435)), "7m 15s");
        assert_eq!(format_duration(Some(4730)), "1h 18m 50s");
        assert_eq!(format_duration(Some(42)), "42s");
        assert_eq!(format_duration(None), "\u{2014}");
    }

    #[test]
    fn roots() {
        assert_eq!(root_for("index.html"), "");
        assert_eq!(root_for("repos/o/r/index.html"), "../../../");
        assert_eq!(root_for("repos/o/r/pr-1/index.html"), "../../../../");
    }

    #[test]
    fn agent_classes_are_stable() {
        assert_eq!(agent_class("claude"), "agent-claude");
        assert_eq!(agent_class("[Claude Opus 4.7]"), "agent-claude");
        assert_eq!(agent_class("Gemma4 31B"), "agent-gemma");
        assert_eq!(agent_class("mistral"), agent_class("Mistral Large"));
        assert!(agent_class("mistral").starts_with("agent-other agent-p"));
    }

    #[test]
    fn url_encoding() {
        assert_eq!(encode_url_path("a b#c.html"), "a%20b%23c.html");
        assert_eq!(
            encode_url_path("repos/o/r/index.html"),
            "repos/o/r/index.html"
        );
        assert_eq!(encode_url_path("x\"><script>"), "x%22%3E%3Cscript%3E");
    }

    #[test]
    fn deltas_between_rounds() {
        let a = SeverityCounts {
            critical: 1,
            important: 3,
            suggestion: 2,
        };
        let b = SeverityCounts {
            critical: 0,
            important: 3,
            suggestion: 4,
        };
        let d: Vec<String> = deltas(&a, &b).into_iter().map(|d| d.label).collect();
        assert_eq!(d, vec!["C \u{2212}1", "I ±0", "S +2"]);
    }
}
