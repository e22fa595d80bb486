//! The chart of findings per review over time: one line per agent family, a point per
//! review with a known count (linked to the review), a cross on the zero line for a run
//! without usable output.

use super::chart::{Chart, DataTable, LegendEntry};
use super::dates::{civil_from_days, day_number};
use super::svg::{f, nice_step, open_svg, text, FONT_GAP, W};
use crate::aggregate::agent_stats::SeriesPoint;
use crate::html::escape::escape;
use crate::text::names::agent_class;
use std::fmt::Write;

/// One agent family's series: (family, display label, points oldest first).
pub(crate) struct Series<'a> {
    pub(crate) family: &'a str,
    pub(crate) label: &'a str,
    pub(crate) points: &'a [SeriesPoint],
}

/// The chart's height.
const H: f64 = 300.0;
/// The margins around the plot: left, right, top, bottom.
const LEFT: f64 = 48.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 46.0;

/// The plot's scales: days `x0..x1` across, findings `0..ymax` up, ticks every `ystep`.
struct Frame {
    x0: f64,
    x1: f64,
    ymax: f64,
    ystep: f64,
}

impl Frame {
    /// The scales that hold every dated point (at least two days wide, at least one
    /// finding high); `None` when no point has a date.
    fn of(series: &[Series]) -> Option<Frame> {
        let dated: Vec<(f64, &SeriesPoint)> = series
            .iter()
            .flat_map(|s| {
                s.points
                    .iter()
                    .filter_map(|p| day_number(&p.date).map(|d| (d, p)))
            })
            .collect();
        if dated.is_empty() {
            return None;
        }
        let (mut x0, mut x1) = dated.iter().fold((f64::MAX, f64::MIN), |(a, b), (d, _)| {
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
            .filter_map(|(_, p)| p.findings)
            .max()
            .unwrap_or(0)
            .max(1) as f64;
        let ystep = nice_step(ymax_data, 4.0).max(1.0);
        let ymax = (ymax_data / ystep).ceil() * ystep;
        Some(Frame {
            x0,
            x1,
            ymax,
            ystep,
        })
    }

    /// The plot's width.
    fn pw(&self) -> f64 {
        W - LEFT - RIGHT
    }

    /// The plot's height.
    fn ph(&self) -> f64 {
        H - TOP - BOTTOM
    }

    /// The x of day `d`.
    fn sx(&self, d: f64) -> f64 {
        LEFT + (d - self.x0) / (self.x1 - self.x0) * self.pw()
    }

    /// The y of `v` findings.
    fn sy(&self, v: f64) -> f64 {
        TOP + self.ph() - v / self.ymax * self.ph()
    }
}

/// Findings per review over time, one line per agent family; a cross on the axis marks
/// a run without usable output. `review_link(id)` is the link from the page to a review.
pub(crate) fn findings_over_time(
    id: &str,
    series: &[Series],
    review_link: &dyn Fn(&str) -> String,
) -> Option<Chart> {
    let frame = Frame::of(series)?;
    let title = "Findings per review over time";
    let desc = format!(
        "Line chart: for each agent family, the findings its metrics table states per \
         review, by review date, {} to {}. Crosses on the zero line mark runs without \
         usable output.",
        civil_from_days(frame.x0 as i64),
        civil_from_days(frame.x1 as i64)
    );
    let mut s = String::new();
    open_svg(&mut s, id, H, title, &desc, true);
    y_axis(&mut s, &frame);
    x_axis(&mut s, &frame);
    let mut legend = Vec::new();
    let mut rows = Vec::new();
    let mut has_failures = false;
    for ser in series {
        legend.push(LegendEntry {
            label: ser.label.to_string(),
            class: agent_class(ser.family),
            mark: "line",
        });
        has_failures |= draw_series(&mut s, &frame, ser, review_link, &mut rows);
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

/// The grid and the y axis, with its ticks and label.
fn y_axis(s: &mut String, frame: &Frame) {
    s.push_str("<g class=\"axis y-axis\">");
    let mut v = 0.0;
    while v <= frame.ymax + 1e-9 {
        let y = frame.sy(v);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(LEFT),
            f(W - RIGHT),
            f(y),
            f(y)
        );
        text(s, LEFT - 6.0, y + FONT_GAP, "end", "tick", &f(v));
        v += frame.ystep;
    }
    let _ = write!(
        s,
        "<text class=\"axis-label\" transform=\"translate(12 {}) rotate(-90)\" text-anchor=\"middle\">findings</text>",
        f(TOP + frame.ph() / 2.0)
    );
    s.push_str("</g>");
}

/// The x axis with about five date ticks, and its label.
fn x_axis(s: &mut String, frame: &Frame) {
    s.push_str("<g class=\"axis x-axis\">");
    let base = frame.sy(0.0);
    let _ = write!(
        s,
        "<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
        f(LEFT),
        f(W - RIGHT),
        f(base),
        f(base)
    );
    let span = frame.x1 - frame.x0;
    let step = (span / 5.0).ceil().max(1.0);
    let mut d = frame.x0;
    while d <= frame.x1 + 1e-9 {
        let x = frame.sx(d);
        // The last label ends at the axis end instead of running past it.
        let anchor = if x > W - RIGHT - 40.0 {
            "end"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            "<line class=\"tick-mark\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(x),
            f(x),
            f(base),
            f(base + 5.0)
        );
        text(
            s,
            x,
            base + 18.0,
            anchor,
            "tick",
            &civil_from_days(d as i64),
        );
        d += step;
    }
    text(
        s,
        LEFT + frame.pw() / 2.0,
        H - 6.0,
        "middle",
        "axis-label",
        "review date",
    );
    s.push_str("</g>");
}

/// One family's line and points, each point linked to its review and a row of `rows`.
/// Whether some run of the family had no usable output.
fn draw_series(
    s: &mut String,
    frame: &Frame,
    ser: &Series,
    review_link: &dyn Fn(&str) -> String,
    rows: &mut Vec<Vec<String>>,
) -> bool {
    let mut has_failures = false;
    let _ = write!(s, "<g class=\"series {}\">", agent_class(ser.family));
    let pts: Vec<(f64, &SeriesPoint)> = ser
        .points
        .iter()
        .filter_map(|p| day_number(&p.date).map(|d| (d, p)))
        .collect();
    let line: Vec<String> = pts
        .iter()
        .filter_map(|(d, p)| {
            p.findings
                .map(|n| format!("{},{}", f(frame.sx(*d)), f(frame.sy(n as f64))))
        })
        .collect();
    if line.len() > 1 {
        let _ = write!(s, "<polyline points=\"{}\"/>", line.join(" "));
    }
    for (d, p) in &pts {
        let x = frame.sx(*d);
        let (label, mark) = match (p.format_failure, p.findings) {
            (true, _) => {
                has_failures = true;
                let y = frame.sy(0.0);
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
                    f(frame.sy(n as f64))
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
    has_failures
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
