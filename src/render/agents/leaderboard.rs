//! The leaderboard: `agents/index.html` (tables and charts) and a copy per column and
//! direction, sorted on it (tables only), so sorting works without JavaScript.

use super::columns::{heads, variant_file, variants, COLUMNS};
use super::paths::{family_url, INDEX_URL};
use super::table::{leader_row, sort_rows, LeaderRow, Table};
use crate::aggregate::agent_stats::AgentBoard;
use crate::render::charts::{self, Chart, Durations, Series};
use crate::render::common::{index_crumb, Crumb, Page, Share, SiteView};
use crate::render::pills::{agent_pill, AgentPill};
use crate::render::urls::{link, root_for};
use serde::Serialize;
use std::collections::HashMap;

/// The leaderboard page's own view.
#[derive(Debug, Serialize)]
pub(crate) struct AgentsBody {
    families: Table,
    models: Table,
    reviews: u32,
    agents: usize,
    /// The column and direction this copy is sorted by, in words.
    sorted_by: String,
    /// Whether this is the main page (charts) or a sorted copy (tables only).
    main: bool,
    charts: Vec<Chart>,
    family_links: Vec<FamilyLink>,
}

#[derive(Debug, Serialize)]
struct FamilyLink {
    pill: AgentPill,
    url: String,
    reviews: u32,
}

/// Builds the leaderboard pages: `agents/index.html` and its sorted copies, as
/// (site-relative URL, page).
pub(crate) fn leaderboard_pages(
    board: &AgentBoard,
    site: &SiteView,
) -> Vec<(String, Page<AgentsBody>)> {
    let root = root_for(INDEX_URL);
    let fam_rows: Vec<LeaderRow> = board
        .families
        .iter()
        .map(|s| leader_row(s, &root))
        .collect();
    let model_rows: Vec<LeaderRow> = board.models.iter().map(|s| leader_row(s, &root)).collect();
    let labels: HashMap<&str, &str> = board
        .families
        .iter()
        .map(|f| (f.family.as_str(), f.label.as_str()))
        .collect();
    let mut charts = board_charts(board, &labels, &root);
    let family_links: Vec<FamilyLink> = board
        .families
        .iter()
        .map(|f| {
            let mut pill = agent_pill(&f.label, &f.family);
            pill.short = f.label.clone();
            FamilyLink {
                pill,
                url: link(&root, &family_url(&f.family)),
                reviews: f.reviews,
            }
        })
        .collect();
    let mut out = Vec::new();
    for (col, desc) in variants() {
        let file = variant_file(col, desc);
        let main = file == "index.html";
        let mut fr = fam_rows.clone();
        let mut mr = model_rows.clone();
        if !main {
            sort_rows(&mut fr, col, desc);
            sort_rows(&mut mr, col, desc);
        }
        let column = COLUMNS
            .iter()
            .find(|c| c.key == col)
            .map(|c| c.label)
            .unwrap_or(col.key());
        // Every sorted copy names the default order as its canonical page.
        let share = Share::page(
            site,
            INDEX_URL,
            format!(
                "How {} agent families performed over {} reviews: findings, time, tool calls",
                board.families.len(),
                board.reviews
            ),
        );
        let page = Page {
            site: site.clone(),
            root: root.clone(),
            page_title: "Agents".into(),
            share,
            crumbs: vec![
                index_crumb(&root),
                Crumb {
                    label: "Agents".into(),
                    url: None,
                },
            ],
            body: AgentsBody {
                families: Table {
                    id: "families",
                    caption: "Per agent family",
                    heads: heads(col, desc),
                    rows: fr,
                },
                models: Table {
                    id: "models",
                    caption: "Per model version",
                    heads: heads(col, desc),
                    rows: mr,
                },
                reviews: board.reviews,
                agents: board.families.len(),
                sorted_by: format!(
                    "{column}, {}",
                    if desc {
                        "highest first"
                    } else {
                        "lowest first"
                    }
                ),
                main,
                // Only the main page has them (there is one).
                charts: if main {
                    std::mem::take(&mut charts)
                } else {
                    Vec::new()
                },
                family_links: family_links
                    .iter()
                    .map(|f| FamilyLink {
                        pill: f.pill.clone(),
                        url: f.url.clone(),
                        reviews: f.reviews,
                    })
                    .collect(),
            },
        };
        out.push((format!("agents/{file}"), page));
    }
    out
}

fn board_charts(board: &AgentBoard, labels: &HashMap<&str, &str>, root: &str) -> Vec<Chart> {
    let review_link = |id: &str| link(root, &format!("{id}.html"));
    let series: Vec<Series> = board
        .families
        .iter()
        .filter_map(|f| {
            board.series.get(&f.family).map(|pts| Series {
                family: &f.family,
                label: labels.get(f.family.as_str()).copied().unwrap_or(&f.family),
                points: pts,
            })
        })
        .collect();
    let durations: Vec<Durations> = board
        .families
        .iter()
        .map(|f| Durations {
            family: &f.family,
            label: &f.label,
            secs: &f.durations,
        })
        .collect();
    let names: Vec<String> = board
        .agreement
        .families
        .iter()
        .map(|f| {
            labels
                .get(f.as_str())
                .map(|l| l.to_string())
                .unwrap_or_else(|| f.clone())
        })
        .collect();
    [
        charts::findings_over_time("chart-time", &series, &review_link),
        charts::duration_distribution("chart-duration", &durations),
        charts::agreement_matrix("chart-agreement", &board.agreement, &names),
    ]
    .into_iter()
    .flatten()
    .collect()
}
