//! The sidecar's `consolidated_findings` over the report's findings (matched by id):
//! severity, agents, original severities and locations; a different title is only noted.

use super::notes::{set, Applied};
use crate::enrich::sidecar::{FindingRecord, LocationRecord};
use crate::model::{LineRange, Location, OriginalSeverity, Review, Severity};
use crate::text::names::strip_inline_markdown;

fn severity_word(s: Severity) -> String {
    s.label().to_lowercase()
}

pub(super) fn apply_findings(review: &mut Review, records: &[FindingRecord], out: &mut Applied) {
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
