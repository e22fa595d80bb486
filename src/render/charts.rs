//! Charts as inline SVG, drawn at build time: findings per review over time, the
//! distribution of run durations, and the agreement matrix between agent families.
//!
//! No chart library and no script: each chart is a string of SVG built here, with a
//! `<title>`/`<desc>` (and `aria-labelledby`), axes with ticks and labels, and a data
//! table as its text alternative. Colours come from CSS classes (the agent-family classes
//! and `.chart` rules in style.css), so the charts follow the light and dark palettes.
//! Every piece of text is escaped with [`crate::html::escape::escape`].

use crate::aggregate::agent_stats::{Agreement, SeriesPoint};
use crate::html::escape::escape;
use crate::text::duration::format_duration;
use crate::text::names::agent_class;
use serde::Serialize;
use std::fmt::Write;

/// A chart: its SVG, and the same data as a table for readers who cannot see it.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Chart {
    /// Unique on its page (`chart-time`).
    pub(super) id: String,
    pub(super) title: String,
    /// The visible caption: what the chart shows and how to read it.
    pub(super) caption: String,
    /// The SVG, built here with every text escaped.
    pub(super) svg_html: String,
    /// The legend entries: (label, CSS class), when the chart has series.
    pub(super) legend: Vec<LegendEntry>,
    pub(super) table: DataTable,
}

#[derive(Debug, Clone, Serialize)]
pub(super) struct LegendEntry {
    pub(super) label: String,
    pub(super) class: String,
    /// `line`, `cross`, `box`, `cell`: the swatch to draw.
    pub(super) mark: &'static str,
}

/// The text alternative of a chart.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct DataTable {
    pub(super) head: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

/// One agent family's series: (family, display label, points oldest first).
pub(super) struct Series<'a> {
    pub(super) family: &'a str,
    pub(super) label: &'a str,
    pub(super) points: &'a [SeriesPoint],
}

const W: f64 = 720.0;
const FONT_GAP: f64 = 4.0;

fn f(x: f64) -> String {
    // One decimal is plenty at this size and keeps the SVG small.
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// `2026-05-19T10:06` -> days since 1970-01-01 (with the time as a fraction).
pub(super) fn day_number(date: &str) -> Option<f64> {
    let (d, t) = match date.split_once(['T', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (date, None),
    };
    let mut parts = d.split('-');
    let y: i64 = parts.next()?.trim().parse().ok()?;
    let m: i64 = parts.next()?.trim().parse().ok()?;
    let day: i64 = parts.next()?.trim().parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = if y2 >= 0 { y2 } else { y2 - 399 } / 400;
    let yoe = y2 - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let frac = t
        .and_then(|t| {
            let mut hm = t.split(':');
            let h: f64 = hm.next()?.trim().parse().ok()?;
            let min: f64 = hm.next().and_then(|m| m.trim().parse().ok()).unwrap_or(0.0);
            Some((h * 60.0 + min) / 1440.0)
        })
        .unwrap_or(0.0);
    Some(days as f64 + frac.clamp(0.0, 1.0))
}

/// Days since 1970-01-01 -> `2026-05-19`.
fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// A "nice" tick step for a range split into about `n` parts (1, 2, 5 × 10^k).
fn nice_step(range: f64, n: f64) -> f64 {
    let raw = (range / n).max(f64::MIN_POSITIVE);
    let mag = 10f64.powf(raw.log10().floor());
    let norm = raw / mag;
    let nice = if norm <= 1.0 {
        1.0
    } else if norm <= 2.0 {
        2.0
    } else if norm <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

/// The opening of a chart's SVG, with its accessible title and description.
fn open_svg(out: &mut String, id: &str, h: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" class=\"chart-svg\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        f(W),
        f(h),
        escape(title),
        escape(desc)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        f(x),
        f(y),
        escape(s)
    );
}

/// Room for row labels: about 7.5 units per character of the longest, within bounds.
fn label_room<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let longest = labels.map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    (longest * 7.5 + 16.0).clamp(60.0, 260.0)
}

/// Findings per review over time, one line per agent family; a cross on the axis marks
/// a run without usable output. `review_link(id)` is the link from the page to a review.
pub(super) fn findings_over_time(
    id: &str,
    series: &[Series],
    review_link: &dyn Fn(&str) -> String,
) -> Option<Chart> {
    let dated: Vec<(f64, &Series, &SeriesPoint)> = series
        .iter()
        .flat_map(|s| {
            s.points
                .iter()
                .filter_map(move |p| day_number(&p.date).map(|d| (d, s, p)))
        })
        .collect();
    if dated.is_empty() {
        return None;
    }
    let (mut x0, mut x1) = dated
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), (d, _, _)| {
            (a.min(*d), b.max(*d))
        });
    x0 = x0.floor();
    x1 = x1.ceil();
    if x1 - x0 < 2.0 {
        x0 -= 1.0;
        x1 += 1.0;
    }
    let ymax_data = dated
        .iter()
        .filter_map(|(_, _, p)| p.findings)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let ystep = nice_step(ymax_data, 4.0).max(1.0);
    let ymax = (ymax_data / ystep).ceil() * ystep;
    let h = 300.0;
    let (left, right, top, bottom) = (48.0, 20.0, 14.0, 46.0);
    let pw = W - left - right;
    let ph = h - top - bottom;
    let sx = |d: f64| left + (d - x0) / (x1 - x0) * pw;
    let sy = |v: f64| top + ph - v / ymax * ph;

    let title = "Findings per review over time";
    let desc = format!(
        "Line chart: for each agent family, the findings its metrics table states per \
         review, by review date, {} to {}. Crosses on the zero line mark runs without \
         usable output.",
        civil_from_days(x0 as i64),
        civil_from_days(x1 as i64)
    );
    let mut s = String::new();
    open_svg(&mut s, id, h, title, &desc);
    // Grid and y axis.
    s.push_str("<g class=\"axis y-axis\">");
    let mut v = 0.0;
    while v <= ymax + 1e-9 {
        let y = sy(v);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(left),
            f(W - right),
            f(y),
            f(y)
        );
        text(&mut s, left - 6.0, y + FONT_GAP, "end", "tick", &f(v));
        v += ystep;
    }
    let _ = write!(
        s,
        "<text class=\"axis-label\" transform=\"translate(12 {}) rotate(-90)\" text-anchor=\"middle\">findings</text>",
        f(top + ph / 2.0)
    );
    s.push_str("</g>");
    // X axis with about five date ticks.
    s.push_str("<g class=\"axis x-axis\">");
    let _ = write!(
        s,
        "<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
        f(left),
        f(W - right),
        f(sy(0.0)),
        f(sy(0.0))
    );
    let span = x1 - x0;
    let step = (span / 5.0).ceil().max(1.0);
    let mut d = x0;
    while d <= x1 + 1e-9 {
        let x = sx(d);
        // The last label ends at the axis end instead of running past it.
        let anchor = if x > W - right - 40.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            "<line class=\"tick-mark\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(x),
            f(x),
            f(sy(0.0)),
            f(sy(0.0) + 5.0)
        );
        text(
            &mut s,
            x,
            sy(0.0) + 18.0,
            anchor,
            "tick",
            &civil_from_days(d as i64),
        );
        d += step;
    }
    text(
        &mut s,
        left + pw / 2.0,
        h - 6.0,
        "middle",
        "axis-label",
        "review date",
    );
    s.push_str("</g>");
    // Series.
    let mut legend = Vec::new();
    let mut rows = Vec::new();
    let mut has_failures = false;
    for ser in series {
        let class = agent_class(ser.family);
        legend.push(LegendEntry {
            label: ser.label.to_string(),
            class: class.clone(),
            mark: "line",
        });
        let _ = write!(s, "<g class=\"series {class}\">");
        let pts: Vec<(f64, &SeriesPoint)> = ser
            .points
            .iter()
            .filter_map(|p| day_number(&p.date).map(|d| (d, p)))
            .collect();
        let line: Vec<String> = pts
            .iter()
            .filter_map(|(d, p)| {
                p.findings
                    .map(|n| format!("{},{}", f(sx(*d)), f(sy(n as f64))))
            })
            .collect();
        if line.len() > 1 {
            let _ = write!(s, "<polyline points=\"{}\"/>", line.join(" "));
        }
        for (d, p) in &pts {
            let x = sx(*d);
            let (label, mark) = match (p.format_failure, p.findings) {
                (true, _) => {
                    has_failures = true;
                    let y = sy(0.0);
                    (
                        "no usable output".to_string(),
                        format!(
                            "<path class=\"failure\" d=\"M{} {}l8 8m0 -8l-8 8\"/>",
                            f(x - 4.0),
                            f(y - 4.0)
                        ),
                    )
                }
                (false, Some(n)) => (
                    format!("{n} finding{}", if n == 1 { "" } else { "s" }),
                    format!(
                        "<circle cx=\"{}\" cy=\"{}\" r=\"4\"/>",
                        f(x),
                        f(sy(n as f64))
                    ),
                ),
                (false, None) => continue,
            };
            let tip = format!("{} · {} · {} · {}", ser.label, p.date, label, p.review_id);
            let _ = write!(
                s,
                "<a href=\"{}\"><title>{}</title>{mark}</a>",
                escape(&review_link(&p.review_id)),
                escape(&tip)
            );
            rows.push(vec![
                p.date.clone(),
                ser.label.to_string(),
                p.review_id.clone(),
                label,
            ]);
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    if has_failures {
        legend.push(LegendEntry {
            label: "no usable output".into(),
            class: "failure-key".into(),
            mark: "cross",
        });
    }
    rows.sort();
    Some(Chart {
        id: id.to_string(),
        title: title.into(),
        caption: "Findings each family's metrics table states per review (all severities), by \
                  review date. Runs without usable output are crosses on the zero line, not \
                  zeros; reviews with an unknown count have no point. Points link to the review."
            .into(),
        svg_html: s,
        legend,
        table: DataTable {
            head: vec![
                "Date".into(),
                "Agent".into(),
                "Review".into(),
                "Findings".into(),
            ],
            rows,
        },
    })
}

/// The quartiles of sorted values (linear interpolation).
fn quantile(sorted: &[u64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    sorted[lo] as f64 * (1.0 - frac) + sorted[hi] as f64 * frac
}

/// One family's durations: (family, label, seconds).
pub(super) struct Durations<'a> {
    pub(super) family: &'a str,
    pub(super) label: &'a str,
    pub(super) secs: &'a [u64],
}

/// Duration distribution per family: a box (quartiles, median, min–max whiskers) over the
/// runs, each run a dot, on a log time axis.
pub(super) fn duration_distribution(id: &str, rows_in: &[Durations]) -> Option<Chart> {
    let rows_in: Vec<&Durations> = rows_in.iter().filter(|r| !r.secs.is_empty()).collect();
    if rows_in.is_empty() {
        return None;
    }
    let all_min = rows_in
        .iter()
        .flat_map(|r| r.secs.iter())
        .copied()
        .min()
        .unwrap_or(1)
        .max(1) as f64;
    let all_max = rows_in
        .iter()
        .flat_map(|r| r.secs.iter())
        .copied()
        .max()
        .unwrap_or(1)
        .max(2) as f64;
    // Ticks: 10s 30s 1m 2m 5m 10m 20m 30m 1h 2h 5h 10h within the range.
    const TICKS: &[u64] = &[
        10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 18000, 36000, 86400,
    ];
    let lo = TICKS
        .iter()
        .rev()
        .find(|&&t| t as f64 <= all_min)
        .copied()
        .unwrap_or(1) as f64;
    let hi = TICKS
        .iter()
        .find(|&&t| t as f64 >= all_max)
        .copied()
        .unwrap_or(all_max as u64) as f64;
    // Every run as long as a tick (one run of exactly 1m): the axis still needs a span.
    let hi = if hi > lo {
        hi
    } else {
        TICKS
            .iter()
            .find(|&&t| t as f64 > lo)
            .map_or(lo * 2.0, |&t| t as f64)
    };
    let (left, right, top, bottom) = (
        label_room(rows_in.iter().map(|r| r.label)),
        20.0,
        10.0,
        46.0,
    );
    let row_h = 34.0;
    let h = top + bottom + row_h * rows_in.len() as f64;
    let pw = W - left - right;
    let sx = |v: f64| left + (v.max(lo).ln() - lo.ln()) / (hi.ln() - lo.ln()) * pw;
    let title = "Duration of runs per agent family";
    let desc = "Box plot on a logarithmic time axis: for each agent family, the box spans the \
                middle half of its runs' durations, the bar inside is the median, the whiskers \
                reach the shortest and longest run, and each dot is one run.";
    let mut s = String::new();
    open_svg(&mut s, id, h, title, desc);
    s.push_str("<g class=\"axis x-axis\">");
    let base = top + row_h * rows_in.len() as f64;
    for &t in TICKS.iter().filter(|&&t| t as f64 >= lo && t as f64 <= hi) {
        let x = sx(t as f64);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(x),
            f(x),
            f(top),
            f(base + 5.0)
        );
        text(
            &mut s,
            x,
            base + 18.0,
            "middle",
            "tick",
            &format_duration(Some(t))
                .replace(" 00s", "")
                .replace(" 00m", ""),
        );
    }
    text(
        &mut s,
        left + pw / 2.0,
        h - 6.0,
        "middle",
        "axis-label",
        "duration per run (log scale)",
    );
    s.push_str("</g>");
    let mut table = Vec::new();
    let mut legend = Vec::new();
    for (i, r) in rows_in.iter().enumerate() {
        let mut v = r.secs.to_vec();
        v.sort_unstable();
        let cy = top + row_h * i as f64 + row_h / 2.0;
        let class = agent_class(r.family);
        legend.push(LegendEntry {
            label: r.label.to_string(),
            class: class.clone(),
            mark: "box",
        });
        let (q1, med, q3) = (quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75));
        let (mn, mx) = (v[0] as f64, v[v.len() - 1] as f64);
        text(
            &mut s,
            left - 10.0,
            cy + FONT_GAP,
            "end",
            "row-label",
            r.label,
        );
        let _ = write!(s, "<g class=\"series {class}\">");
        let _ = write!(
            s,
            "<title>{}</title>",
            escape(&format!(
                "{}: {} run{}, median {}, middle half {} to {}, range {} to {}",
                r.label,
                v.len(),
                if v.len() == 1 { "" } else { "s" },
                format_duration(Some(med.round() as u64)),
                format_duration(Some(q1.round() as u64)),
                format_duration(Some(q3.round() as u64)),
                format_duration(Some(mn as u64)),
                format_duration(Some(mx as u64)),
            ))
        );
        let _ = write!(
            s,
            "<line class=\"whisker\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(sx(mn)),
            f(sx(mx)),
            f(cy),
            f(cy)
        );
        let _ = write!(
            s,
            "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"3\"/>",
            f(sx(q1)),
            f(cy - 8.0),
            f((sx(q3) - sx(q1)).max(1.0))
        );
        let _ = write!(
            s,
            "<line class=\"median\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(sx(med)),
            f(sx(med)),
            f(cy - 10.0),
            f(cy + 10.0)
        );
        for (k, d) in v.iter().enumerate() {
            // Deterministic jitter so equal durations stay visible.
            let jitter = ((k * 7) % 5) as f64 * 2.0 - 4.0;
            let _ = write!(
                s,
                "<circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"2.5\"/>",
                f(sx(*d as f64)),
                f(cy + jitter)
            );
        }
        s.push_str("</g>");
        table.push(vec![
            r.label.to_string(),
            v.len().to_string(),
            format_duration(Some(mn as u64)),
            format_duration(Some(q1.round() as u64)),
            format_duration(Some(med.round() as u64)),
            format_duration(Some(q3.round() as u64)),
            format_duration(Some(mx as u64)),
        ]);
    }
    s.push_str("</svg>");
    Some(Chart {
        id: id.to_string(),
        title: title.into(),
        caption: "How long each family's runs take (every run with a known duration, failed \
                  runs included). Box: middle half of the runs; bar: median; whiskers: \
                  shortest and longest; dots: single runs. The time axis is logarithmic."
            .into(),
        svg_html: s,
        legend,
        table: DataTable {
            head: vec![
                "Agent".into(),
                "Runs".into(),
                "Shortest".into(),
                "Lower quartile".into(),
                "Median".into(),
                "Upper quartile".into(),
                "Longest".into(),
            ],
            rows: table,
        },
    })
}

/// The agreement matrix: for each pair of families, the consolidated findings whose
/// attribution names both; the diagonal holds each family's own count. `labels[i]` is the
/// display name of `agreement.families[i]`.
pub(super) fn agreement_matrix(
    id: &str,
    agreement: &Agreement,
    labels: &[String],
) -> Option<Chart> {
    let n = agreement.families.len();
    if n < 2 || labels.len() != n {
        return None;
    }
    let cell = 58.0;
    let (left, top) = (label_room(labels.iter().map(String::as_str)), 34.0);
    let h = top + cell * n as f64 + 12.0;
    let width = left + cell * n as f64 + 12.0;
    let title = "Agreement between agent families";
    let desc = "Matrix: the cell in row A and column B counts the consolidated findings \
                raised by both A and B; the diagonal counts each family's findings. Darker \
                cells share a larger part of the findings either family raised.";
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" \
         aria-labelledby=\"{id}-t {id}-d\" class=\"chart-svg matrix\" style=\"max-width:{}px\">\
         <title id=\"{id}-t\">{}</title><desc id=\"{id}-d\">{}</desc>",
        f(width),
        f(h),
        f(width * 1.25),
        escape(title),
        escape(desc)
    );
    for (j, l) in labels.iter().enumerate() {
        text(
            &mut s,
            left + cell * j as f64 + cell / 2.0,
            top - 10.0,
            "middle",
            "row-label",
            l,
        );
    }
    let mut rows = Vec::new();
    for i in 0..n {
        let y = top + cell * i as f64;
        text(
            &mut s,
            left - 10.0,
            y + cell / 2.0 + FONT_GAP,
            "end",
            "row-label",
            &labels[i],
        );
        let mut row = vec![labels[i].clone()];
        for j in 0..n {
            let x = left + cell * j as f64;
            let both = agreement.both[i][j];
            row.push(both.to_string());
            let (a, b) = (agreement.both[i][i], agreement.both[j][j]);
            let either = (a + b).saturating_sub(both);
            let (class, opacity, tip) = if i == j {
                (
                    "cell diag".to_string(),
                    1.0,
                    format!("{}: {both} consolidated findings credited", labels[i]),
                )
            } else {
                let share = if either > 0 {
                    both as f64 / either as f64
                } else {
                    0.0
                };
                (
                    if share >= 0.45 {
                        "cell strong".to_string()
                    } else {
                        "cell".to_string()
                    },
                    0.08 + share * 0.92,
                    format!(
                        "{} and {}: {both} findings raised by both ({:.0}% of the {either} raised by either)",
                        labels[i],
                        labels[j],
                        share * 100.0
                    ),
                )
            };
            let _ = write!(
                s,
                "<g class=\"{class}\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"4\" fill-opacity=\"{:.2}\"/>",
                escape(&tip),
                f(x + 2.0),
                f(y + 2.0),
                f(cell - 4.0),
                f(cell - 4.0),
                opacity
            );
            text(
                &mut s,
                x + cell / 2.0,
                y + cell / 2.0 + FONT_GAP + 1.0,
                "middle",
                "cell-value",
                &both.to_string(),
            );
            s.push_str("</g>");
        }
        rows.push(row);
    }
    s.push_str("</svg>");
    let mut head = vec![String::new()];
    head.extend(labels.iter().cloned());
    Some(Chart {
        id: id.to_string(),
        title: title.into(),
        caption: "Consolidated findings raised by both families of a pair (a finding counts \
                  when its attribution names both). The diagonal is each family's own count; \
                  shading grows with the share of findings either family raised that both \
                  raised."
            .into(),
        svg_html: s,
        legend: Vec::new(),
        table: DataTable { head, rows },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let d = day_number("2026-05-19T10:06").unwrap();
        assert_eq!(civil_from_days(d as i64), "2026-05-19");
        assert_eq!(day_number("1970-01-01"), Some(0.0));
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("soon"), None);
    }

    #[test]
    fn chart_text_is_escaped() {
        let pts = vec![SeriesPoint {
            review_id: "<x>&".into(),
            date: "2026-05-01".into(),
            findings: Some(3),
            format_failure: false,
        }];
        let ser = [Series {
            family: "evil",
            label: "<script>",
            points: &pts,
        }];
        let c = findings_over_time("t", &ser, &|id| format!("{id}.html")).unwrap();
        assert!(!c.svg_html.contains("<script>"));
        assert!(!c.svg_html.contains("<x>"));
        assert!(c.svg_html.contains("&lt;script&gt;"));
    }

    #[test]
    fn durations_all_on_one_tick_still_have_an_axis() {
        for secs in [vec![60], vec![60, 60], vec![1], vec![86400], vec![100_000]] {
            let rows = [Durations {
                family: "claude",
                label: "Claude",
                secs: &secs,
            }];
            let c = duration_distribution("d", &rows).unwrap();
            assert!(!c.svg_html.contains("NaN"), "{secs:?}: {}", c.svg_html);
            assert!(!c.svg_html.contains("inf"), "{secs:?}: {}", c.svg_html);
        }
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(17.0, 4.0), 5.0);
        assert_eq!(nice_step(4.0, 4.0), 1.0);
        assert_eq!(nice_step(120.0, 4.0), 50.0);
    }
}
