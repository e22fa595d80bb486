//! Enriching parsed reviews with what is not in their Markdown: the sidecar `<stem>.json`.
//!
//! The sidecar is machine-made and wins over values parsed from the Markdown. This stage
//! reads it with [`crate::enrich::sidecar::read`] (every field of the wrong type becomes a warning
//! naming the file and JSON path; the other fields still apply), applies it to the model,
//! and records an `info` diagnostic wherever a sidecar value differs from the report's
//! ("sidecar says X, report says Y"), which `reviewsite check` prints.
//!
//! Before and after that it completes what the Markdown implies on its own, so that every
//! review looks alike to later stages: a metrics column the parser read as `no_output` gets
//! the status `empty`, pass durations become `passes`, and each metrics column takes the
//! model and effort of the Reviewers entry it stands for.

use crate::diagnostics::Diagnostic;
use crate::enrich::sidecar::{
    self, AgentRecord, FindingRecord, LocationRecord, ReviewRecord, Sidecar,
};
use crate::model::{
    AgentMetrics, AgentPass, AgentStatus, Author, Downgrade, LineRange, Location, OriginalSeverity,
    PullRequest, RepoRef, Retro, Review, Reviewer, Severity, SeverityCounts, ToolCalls, Verdict,
    VerdictClass,
};
use crate::text::names::{agent_family, agent_model, clean_name, strip_inline_markdown};

/// Completes `review` from the Markdown alone and applies its sidecar, if any.
/// `sidecar_file` names the sidecar in diagnostics.
pub fn enrich(review: &mut Review, sidecar_file: &str) -> Vec<Diagnostic> {
    complete(review);
    let Some(value) = review.sidecar.clone() else {
        return Vec::new();
    };
    let outcome = sidecar::read(&value);
    let mut diags: Vec<Diagnostic> = outcome
        .problems
        .iter()
        .map(|p| Diagnostic::warning(sidecar_file, None, p.to_string()))
        .collect();
    if let Some(sc) = outcome.sidecar {
        let mut out = Applied::default();
        apply(review, &sc, &mut out);
        complete(review);
        diags.extend(
            out.warnings
                .into_iter()
                .map(|m| Diagnostic::warning(sidecar_file, None, m)),
        );
        diags.extend(
            out.notes
                .into_iter()
                .map(|m| Diagnostic::info(sidecar_file, None, m)),
        );
    }
    diags
}

/// What applying a sidecar had to say.
#[derive(Debug, Default)]
pub struct Applied {
    /// The sidecar refers to something the report does not have (a finding id, a stem).
    pub warnings: Vec<String>,
    /// A sidecar value differed from the report's; the sidecar's is used.
    pub notes: Vec<String>,
}

impl Applied {
    fn differs(&mut self, path: &str, sidecar: String, report: String) {
        self.notes.push(format!(
            "{path}: sidecar says {sidecar}, report says {report}; using the sidecar's value"
        ));
    }
}

/// Fills what the Markdown implies: statuses of empty columns, passes from pass
/// durations, and each metrics column's model and effort from its Reviewers entry.
/// Idempotent; never overwrites a value that is already there.
pub fn complete(review: &mut Review) {
    let reviewers = review.meta.reviewers.clone();
    let Some(retro) = review.retro.as_mut() else {
        return;
    };
    let pairs = pair_metrics_with_reviewers(&retro.metrics, &reviewers);
    for (m, paired) in retro.metrics.iter_mut().zip(pairs) {
        if m.status.is_none() && m.no_output {
            m.status = Some(AgentStatus::Empty);
        }
        if m.passes.is_empty() && !m.pass_durations_secs.is_empty() {
            m.passes = m
                .pass_durations_secs
                .iter()
                .enumerate()
                .map(|(i, d)| AgentPass {
                    number: u32::try_from(i + 1).ok(),
                    duration_secs: *d,
                    ..Default::default()
                })
                .collect();
        }
        let reviewer = paired.map(|i| &reviewers[i]);
        if m.model.is_none() {
            m.model = reviewer
                .and_then(|r| r.model.clone())
                .or_else(|| agent_model(&m.agent));
        }
        if m.effort.is_none() {
            m.effort = reviewer.and_then(|r| r.effort.clone());
        }
    }
}

/// For each metrics column, in order, the Reviewers entry it stands for (each entry used
/// once), by the rules of [`match_agent`].
pub fn pair_metrics_with_reviewers(
    metrics: &[AgentMetrics],
    reviewers: &[Reviewer],
) -> Vec<Option<usize>> {
    let mut claimed = vec![false; reviewers.len()];
    metrics
        .iter()
        .map(|m| {
            let i = match_agent(
                &m.agent,
                &m.family,
                reviewers
                    .iter()
                    .map(|r| (r.name.as_str(), r.family.as_str())),
                &claimed,
            );
            if let Some(i) = i {
                claimed[i] = true;
            }
            i
        })
        .collect()
}

/// The first unclaimed candidate named `name` (ignoring case and spacing); else the only
/// unclaimed candidate of the same family whose model does not contradict `name`'s
/// (`Claude` matches `Claude Opus 4.7`; `Claude Opus 4.6` does not).
pub fn match_agent<'a>(
    name: &str,
    family: &str,
    candidates: impl Iterator<Item = (&'a str, &'a str)>,
    claimed: &[bool],
) -> Option<usize> {
    let key = name_key(name);
    let model = agent_model(name).map(|m| name_key(&m));
    let mut by_family = Vec::new();
    for (i, (cand, cand_family)) in candidates.enumerate() {
        if claimed.get(i).copied().unwrap_or(false) {
            continue;
        }
        if name_key(cand) == key {
            return Some(i);
        }
        let cand_model = agent_model(cand).map(|m| name_key(&m));
        let compatible = match (&model, &cand_model) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if !family.is_empty() && cand_family == family && compatible {
            by_family.push(i);
        }
    }
    match by_family.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

fn name_key(name: &str) -> String {
    clean_name(name).to_lowercase()
}

/// Applies `sc` to `review`: sidecar values win; differences and dangling references are
/// recorded in `out`.
pub fn apply(review: &mut Review, sc: &Sidecar, out: &mut Applied) {
    apply_review(review, &sc.review, out);
    apply_agents(review, &sc.agents, out);
    apply_findings(review, &sc.consolidated_findings, out);
}

fn show_secs(secs: u64) -> String {
    format!(
        "{} ({secs} s)",
        crate::text::duration::format_duration(Some(secs))
    )
}

/// Sets `slot` to `new` when given, noting a different previous value.
fn set<T: PartialEq + Clone>(
    slot: &mut Option<T>,
    new: &Option<T>,
    path: &str,
    show: impl Fn(&T) -> String,
    out: &mut Applied,
) {
    if let Some(n) = new {
        if let Some(old) = slot.as_ref() {
            if old != n {
                out.differs(path, show(n), show(old));
            }
        }
        *slot = Some(n.clone());
    }
}

fn quoted(s: &String) -> String {
    format!("{s:?}")
}

/// The verdict label used when the report's label no longer fits the sidecar's class.
pub fn verdict_label(class: VerdictClass) -> &'static str {
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
    serde_json::to_value(class)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn apply_review(review: &mut Review, r: &ReviewRecord, out: &mut Applied) {
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
            Some(a) => {
                out.differs(
                    "review.author",
                    format!("@{login}"),
                    format!("@{}", a.login),
                );
                *a = Author { login, url: None };
            }
            None => m.author = Some(Author { login, url: None }),
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

fn apply_agents(review: &mut Review, agents: &[AgentRecord], out: &mut Applied) {
    if agents.is_empty() {
        return;
    }
    let mut claimed_reviewers = vec![false; review.meta.reviewers.len()];
    let metrics_len = review.retro.as_ref().map_or(0, |r| r.metrics.len());
    let mut claimed_metrics = vec![false; metrics_len];
    for (i, rec) in agents.iter().enumerate() {
        let path = format!("agents[{i}] ({})", rec.name);
        let family = rec
            .family
            .clone()
            .filter(|f| !f.trim().is_empty())
            .map(|f| f.trim().to_lowercase())
            .unwrap_or_else(|| agent_family(&rec.name));
        let ri = match_agent(
            &rec.name,
            &family,
            review
                .meta
                .reviewers
                .iter()
                .map(|r| (r.name.as_str(), r.family.as_str())),
            &claimed_reviewers,
        );
        let metrics: &[AgentMetrics] = review.retro.as_ref().map_or(&[], |r| &r.metrics);
        let mi = match_agent(
            &rec.name,
            &family,
            metrics
                .iter()
                .map(|m| (m.agent.as_str(), m.family.as_str())),
            &claimed_metrics,
        );
        if let Some(ri) = ri {
            claimed_reviewers[ri] = true;
            let r = &mut review.meta.reviewers[ri];
            let mut family_slot = Some(r.family.clone());
            set(
                &mut family_slot,
                &rec.family.as_ref().map(|_| family.clone()),
                &format!("{path}.family"),
                quoted,
                out,
            );
            r.family = family_slot.unwrap_or_default();
            set(
                &mut r.model,
                &rec.model,
                &format!("{path}.model"),
                quoted,
                out,
            );
            set(
                &mut r.effort,
                &rec.effort,
                &format!("{path}.effort"),
                quoted,
                out,
            );
        } else if mi.is_none() {
            out.notes.push(format!(
                "{path}: the report does not name this agent; added from the sidecar"
            ));
            claimed_reviewers.push(true);
            review.meta.reviewers.push(Reviewer {
                name: rec.name.clone(),
                family: family.clone(),
                model: rec.model.clone().or_else(|| agent_model(&rec.name)),
                effort: rec.effort.clone(),
            });
        }
        let target = match mi {
            Some(mi) => {
                claimed_metrics[mi] = true;
                Some(mi)
            }
            None if rec.has_metrics() => {
                let retro = review.retro.get_or_insert_with(Retro::default);
                retro.metrics.push(AgentMetrics {
                    agent: rec.name.clone(),
                    family: family.clone(),
                    ..Default::default()
                });
                claimed_metrics.push(true);
                Some(retro.metrics.len() - 1)
            }
            None => None,
        };
        if let (Some(ti), Some(retro)) = (target, review.retro.as_mut()) {
            apply_metrics(&mut retro.metrics[ti], rec, &family, &path, out);
        }
    }
}

fn apply_metrics(
    m: &mut AgentMetrics,
    rec: &AgentRecord,
    family: &str,
    path: &str,
    out: &mut Applied,
) {
    let at = |field: &str| format!("{path}.{field}");
    if rec.family.is_some() && m.family != family {
        out.differs(&at("family"), family.to_string(), m.family.clone());
        m.family = family.to_string();
    }
    set(&mut m.model, &rec.model, &at("model"), quoted, out);
    set(&mut m.effort, &rec.effort, &at("effort"), quoted, out);
    if let Some(status) = rec.status {
        let report_failed = m.no_output;
        if status.is_failure() != report_failed {
            out.differs(
                &at("status"),
                status.as_str().to_string(),
                if report_failed {
                    "no usable output".into()
                } else {
                    "usable output".into()
                },
            );
        }
        m.status = Some(status);
        m.no_output = status.is_failure();
    }
    if !rec.passes.is_empty() {
        let passes: Vec<AgentPass> = rec
            .passes
            .iter()
            .enumerate()
            .map(|(i, p)| AgentPass {
                number: p.pass.or(u32::try_from(i + 1).ok()),
                started_at: p.started_at.clone(),
                ended_at: p.ended_at.clone(),
                duration_secs: p.duration_secs.or_else(|| {
                    let start = sidecar::parse_rfc3339(p.started_at.as_deref()?)?;
                    let end = sidecar::parse_rfc3339(p.ended_at.as_deref()?)?;
                    u64::try_from((end - start).whole_seconds()).ok()
                }),
                status: p.status,
            })
            .collect();
        let durations: Vec<Option<u64>> = passes.iter().map(|p| p.duration_secs).collect();
        if !m.pass_durations_secs.is_empty() && m.pass_durations_secs != durations {
            let show = |d: &[Option<u64>]| {
                d.iter()
                    .map(|s| crate::text::duration::format_duration(*s))
                    .collect::<Vec<_>>()
                    .join(" + ")
            };
            out.differs(
                &at("passes"),
                show(&durations),
                show(&m.pass_durations_secs),
            );
        }
        m.pass_durations_secs = durations;
        m.passes = passes;
    }
    let total = rec.duration_secs.or_else(|| {
        let d = &m.pass_durations_secs;
        if !rec.passes.is_empty() && d.iter().all(Option::is_some) {
            Some(d.iter().flatten().fold(0u64, |a, b| a.saturating_add(*b)))
        } else {
            None
        }
    });
    set(
        &mut m.duration_secs,
        &total,
        &at("duration_secs"),
        |s| show_secs(*s),
        out,
    );
    if let Some(tc) = &rec.tool_calls {
        let new = ToolCalls {
            total: tc.total,
            by_tool: tc
                .by_tool
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), u32::try_from(v.as_u64()?).ok()?)))
                .collect(),
        };
        set(
            &mut m.tool_calls,
            &Some(new),
            &at("tool_calls"),
            show_tools,
            out,
        );
    }
    set(
        &mut m.tokens_in,
        &rec.tokens_in,
        &at("tokens_in"),
        u64::to_string,
        out,
    );
    set(
        &mut m.tokens_out,
        &rec.tokens_out,
        &at("tokens_out"),
        u64::to_string,
        out,
    );
    set(
        &mut m.cost_usd,
        &rec.cost_usd,
        &at("cost_usd"),
        |c| format!("${c:.2}"),
        out,
    );
    let findings = rec.findings.map(|f| SeverityCounts {
        critical: f.critical,
        important: f.important,
        suggestion: f.suggestion,
    });
    set(
        &mut m.findings,
        &findings,
        &at("findings"),
        show_counts,
        out,
    );
    let counts: [(&str, &mut Option<u32>, Option<u32>); 7] = [
        (
            "design_observations",
            &mut m.design_observations,
            rec.design_observations,
        ),
        (
            "false_positives",
            &mut m.false_positives,
            rec.false_positives,
        ),
        (
            "unique_insights",
            &mut m.unique_insights,
            rec.unique_insights,
        ),
        ("files_reviewed", &mut m.files_reviewed, rec.files_reviewed),
        (
            "coverage_misses",
            &mut m.coverage_misses,
            rec.coverage_misses,
        ),
        ("downgraded", &mut m.downgraded, rec.downgraded),
        ("dropped", &mut m.dropped, rec.dropped),
    ];
    for (field, slot, new) in counts {
        set(slot, &new, &at(field), u32::to_string, out);
    }
    if !rec.downgrades.is_empty() {
        let new: Vec<Downgrade> = rec
            .downgrades
            .iter()
            .map(|d| Downgrade {
                count: d.count,
                from: d.from,
                to: d.to,
            })
            .collect();
        if !m.downgrades.is_empty() && m.downgrades != new {
            out.differs(
                &at("downgrades"),
                show_downgrades(&new),
                show_downgrades(&m.downgrades),
            );
        }
        if m.downgraded.is_none() {
            m.downgraded = Some(new.iter().fold(0u32, |a, d| a.saturating_add(d.count)));
        }
        m.downgrades = new;
    }
}

fn show_tools(t: &ToolCalls) -> String {
    let total = t.total.map_or("?".to_string(), |n| n.to_string());
    if t.by_tool.is_empty() {
        total
    } else {
        let tools: Vec<String> = t.by_tool.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!("{total} ({})", tools.join(", "))
    }
}

fn show_counts(c: &SeverityCounts) -> String {
    format!("{}C {}I {}S", c.critical, c.important, c.suggestion)
}

fn show_downgrades(d: &[Downgrade]) -> String {
    d.iter()
        .map(|d| {
            format!(
                "{}\u{2192}{} \u{d7}{}",
                d.from.letter(),
                d.to.letter(),
                d.count
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn severity_word(s: Severity) -> String {
    s.label().to_lowercase()
}

fn apply_findings(review: &mut Review, records: &[FindingRecord], out: &mut Applied) {
    let mut severity_changed = false;
    for (i, rec) in records.iter().enumerate() {
        let path = format!("consolidated_findings[{i}] ({})", rec.id);
        let found = review
            .findings
            .iter()
            .position(|f| f.id == rec.id)
            .or_else(|| {
                review
                    .findings
                    .iter()
                    .position(|f| f.id.eq_ignore_ascii_case(&rec.id))
            });
        let Some(fi) = found else {
            out.warnings.push(format!(
                "consolidated_findings[{i}]: the report has no finding {:?}; ignored",
                rec.id
            ));
            continue;
        };
        let f = &mut review.findings[fi];
        if let Some(sev) = rec.severity {
            if f.severity != Some(sev) {
                severity_changed = true;
            }
            set(
                &mut f.severity,
                &Some(sev),
                &format!("{path}.severity"),
                |s| severity_word(*s),
                out,
            );
        }
        if let Some(title) = &rec.title {
            let plain = |t: &str| {
                strip_inline_markdown(t)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if plain(title) != plain(&f.title) {
                out.notes.push(format!(
                    "{path}.title: sidecar says {:?}, report says {:?}; the report's title is shown",
                    plain(title),
                    plain(&f.title)
                ));
            }
        }
        if let Some(agents) = &rec.agents {
            if *agents != f.agents {
                if !f.agents.is_empty() {
                    out.differs(
                        &format!("{path}.agents"),
                        agents.join(", "),
                        f.agents.join(", "),
                    );
                }
                f.agents = agents.clone();
            }
        }
        if let Some(orig) = &rec.original_severities {
            f.original_severities = orig
                .iter()
                .filter_map(|(agent, sev)| {
                    Some(OriginalSeverity {
                        agent: agent.clone(),
                        severity: serde_json::from_value(sev.clone()).ok()?,
                    })
                })
                .collect();
        }
        if let Some(locs) = &rec.locations {
            let new: Vec<Location> = locs.iter().map(location).collect();
            let paths = |l: &[Location]| {
                l.iter()
                    .map(|l| l.raw.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !f.locations.is_empty() && paths(&new) != paths(&f.locations) {
                out.differs(
                    &format!("{path}.locations"),
                    paths(&new),
                    paths(&f.locations),
                );
            }
            f.locations = new;
        }
    }
    if severity_changed {
        review.counts = crate::parse::count(&review.findings);
    }
}

fn location(l: &LocationRecord) -> Location {
    let ranges: Vec<LineRange> = l
        .ranges
        .iter()
        .map(|r| LineRange {
            start: r.start,
            end: r.end,
        })
        .collect();
    let raw = l.raw.clone().unwrap_or_else(|| {
        let lines: Vec<String> = ranges
            .iter()
            .map(|r| {
                if r.start == r.end {
                    r.start.to_string()
                } else {
                    format!("{}-{}", r.start, r.end)
                }
            })
            .collect();
        match (&l.path, lines.is_empty()) {
            (Some(p), true) => p.clone(),
            (Some(p), false) => format!("{p}:{}", lines.join(",")),
            (None, _) => lines.join(","),
        }
    });
    Location {
        path: l.path.clone(),
        ranges,
        raw,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Finding;
    use serde_json::{json, Value};

    fn review_with(sidecar: Value) -> Review {
        Review {
            id: "r".into(),
            sidecar: Some(sidecar),
            meta: crate::model::Metadata {
                reviewers: vec![Reviewer {
                    name: "Claude Opus 4.7".into(),
                    family: "claude".into(),
                    model: Some("Opus 4.7".into()),
                    effort: Some("xhigh".into()),
                }],
                ..Default::default()
            },
            retro: Some(Retro {
                metrics: vec![AgentMetrics {
                    agent: "Claude".into(),
                    family: "claude".into(),
                    duration_secs: Some(400),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            findings: vec![Finding {
                id: "I1".into(),
                severity: Some(Severity::Important),
                title: "Leak".into(),
                agents: vec!["Claude".into()],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn texts(d: &[Diagnostic]) -> Vec<String> {
        d.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn sidecar_values_override_markdown_and_differences_are_noted() {
        let mut r = review_with(json!({
            "schema": 1,
            "review": {"wall_clock_secs": 99, "review_sha": "abcdef1234", "verdict": "rework"},
            "agents": [{"name": "Claude Opus 4.7", "duration_secs": 435, "status": "failed",
                "tokens_in": 1200, "cost_usd": 0.5}],
            "consolidated_findings": [{"id": "I1", "severity": "critical",
                "agents": ["Claude", "Codex"], "original_severities": {"Codex": "suggestion"}}],
            "extra": true
        }));
        r.meta.wall_clock_secs = Some(10);
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter().any(|t| t.starts_with(
                "r.json: info: review.wall_clock_secs: sidecar says 1m 39s (99 s), report says 10s (10 s)"
            )),
            "{t:?}"
        );
        assert!(t
            .iter()
            .any(|t| t.contains("agents[0] (Claude Opus 4.7).duration_secs")));
        assert!(t
            .iter()
            .any(|t| t.contains("agents[0] (Claude Opus 4.7).status: sidecar says failed")));
        assert_eq!(r.meta.wall_clock_secs, Some(99));
        assert_eq!(r.meta.review_sha.as_deref(), Some("abcdef1234"));
        assert_eq!(r.meta.verdict.as_ref().unwrap().label, "Rework");
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!(m.duration_secs, Some(435));
        assert_eq!(m.status, Some(AgentStatus::Failed));
        assert!(m.no_output);
        assert_eq!((m.tokens_in, m.cost_usd), (Some(1200), Some(0.5)));
        assert_eq!(m.model.as_deref(), Some("Opus 4.7"));
        let f = &r.findings[0];
        assert_eq!(f.severity, Some(Severity::Critical));
        assert_eq!(f.agents, ["Claude", "Codex"]);
        assert_eq!(f.original_severities[0].severity, Severity::Suggestion);
        assert_eq!(r.counts.critical, 1);
    }

    #[test]
    fn wrong_types_are_named_and_good_fields_still_apply() {
        let mut r = review_with(
            json!({"schema": 1, "review": {"wall_clock_secs": "long", "round": 2},
            "agents": [{"name": "Claude", "duration_secs": "x", "false_positives": 2}]}),
        );
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter()
                .any(|t| t.starts_with("r.json: warning: review.wall_clock_secs: expected")),
            "{t:?}"
        );
        assert!(
            t.iter().any(|t| t.starts_with(
                "r.json: warning: agents[0].duration_secs: expected a number of seconds (0 or more), found \"x\""
            )),
            "{t:?}"
        );
        assert_eq!(r.meta.wall_clock_secs, None);
        assert_eq!(r.meta.round, Some(2));
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!((m.duration_secs, m.false_positives), (Some(400), Some(2)));
    }

    #[test]
    fn unknown_schema_is_reported_and_ignored() {
        let mut r = review_with(json!({"schema": 7, "review": {"wall_clock_secs": 5}}));
        let d = enrich(&mut r, "r.json");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("unsupported schema version 7"));
        assert_eq!(r.meta.wall_clock_secs, None);
    }

    #[test]
    fn unknown_findings_and_agents() {
        let mut r = review_with(json!({"schema": 1,
            "agents": [{"name": "Qwen 3.6 35B", "duration_secs": 60}],
            "consolidated_findings": [{"id": "S9", "severity": "suggestion"}]}));
        let d = enrich(&mut r, "r.json");
        let t = texts(&d);
        assert!(
            t.iter().any(|t| t
                .contains("warning: consolidated_findings[0]: the report has no finding \"S9\"")),
            "{t:?}"
        );
        assert!(t
            .iter()
            .any(|t| t
                .contains("info: agents[0] (Qwen 3.6 35B): the report does not name this agent")));
        assert_eq!(r.meta.reviewers.len(), 2);
        let metrics = &r.retro.as_ref().unwrap().metrics;
        assert_eq!(metrics[1].family, "qwen");
        assert_eq!(metrics[1].duration_secs, Some(60));
    }

    #[test]
    fn models_must_not_contradict_to_match_by_family() {
        let none = [false, false];
        let cands = [("Claude Opus 4.7", "claude"), ("Codex GPT 5.5", "codex")];
        assert_eq!(
            match_agent("claude", "claude", cands.into_iter(), &none),
            Some(0)
        );
        assert_eq!(
            match_agent("Claude Opus 4.6", "claude", cands.into_iter(), &none),
            None
        );
        assert_eq!(
            match_agent("Codex", "codex", cands.into_iter(), &[false, true]),
            None
        );
    }

    #[test]
    fn passes_with_times_give_durations() {
        let mut r = review_with(
            json!({"schema": 1, "agents": [{"name": "Claude", "passes": [
            {"started_at": "2026-04-06T14:30:00Z", "ended_at": "2026-04-06T14:35:30Z"},
            {"duration_secs": 30}]}]}),
        );
        enrich(&mut r, "r.json");
        let m = &r.retro.as_ref().unwrap().metrics[0];
        assert_eq!(m.pass_durations_secs, [Some(330), Some(30)]);
        assert_eq!(m.duration_secs, Some(360));
        assert_eq!(m.passes[1].number, Some(2));
    }
}
