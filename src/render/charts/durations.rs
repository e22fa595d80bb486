//! The chart of run durations per agent family: a box (quartiles, median, min–max
//! whiskers) over each family's runs, every run a dot, on a logarithmic time axis.

use super::chart::{Chart, DataTable, LegendEntry};
use super::svg::{f, label_room, open_svg, text, FONT_GAP, W};
use crate::html::escape::escape;
use crate::text::duration::format_duration;
use crate::text::names::agent_class;
use std::fmt::Write;

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
pub(crate) struct Durations<'a> {
    pub(crate) family: &'a str,
    pub(crate) label: &'a str,
    pub(crate) secs: &'a [u64],
}

/// Ticks: 10s 30s 1m 2m 5m 10m 20m 30m 1h 2h 5h 10h 1d, those within the range shown.
const TICKS: &[u64] = &[
    10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 18000, 36000, 86400,
];
/// The height of a family's row.
const ROW_H: f64 = 34.0;
/// The margins around the plot but the left one (room for the labels): right, top, bottom.
const RIGHT: f64 = 20.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 46.0;

/// The plot's time scale (`lo..hi` seconds, logarithmic), its left margin and its rows.
struct Frame {
    lo: f64,
    hi: f64,
    left: f64,
    rows: usize,
}

impl Frame {
    /// The scale from the tick at or below the shortest run to the tick at or above the
    /// longest (one tick more when they are the same).
    fn of(rows_in: &[&Durations]) -> Frame {
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
        Frame {
            lo,
            hi,
            left: label_room(rows_in.iter().map(|r| r.label)),
            rows: rows_in.len(),
        }
    }

    /// The chart's height.
    fn h(&self) -> f64 {
        TOP + BOTTOM + ROW_H * self.rows as f64
    }

    /// The plot's width.
    fn pw(&self) -> f64 {
        W - self.left - RIGHT
    }

    /// The y of the time axis, under the last row.
    fn base(&self) -> f64 {
        TOP + ROW_H * self.rows as f64
    }

    /// The x of `v` seconds.
    fn sx(&self, v: f64) -> f64 {
        self.left + (v.max(self.lo).ln() - self.lo.ln()) / (self.hi.ln() - self.lo.ln()) * self.pw()
    }
}

/// Duration distribution per family: a box (quartiles, median, min–max whiskers) over the
/// runs, each run a dot, on a log time axis.
pub(crate) fn duration_distribution(id: &str, rows_in: &[Durations]) -> Option<Chart> {
    let rows_in: Vec<&Durations> = rows_in.iter().filter(|r| !r.secs.is_empty()).collect();
    if rows_in.is_empty() {
        return None;
    }
    let frame = Frame::of(&rows_in);
    let title = "Duration of runs per agent family";
    let desc = "Box plot on a logarithmic time axis: for each agent family, the box spans the \
                middle half of its runs' durations, the bar inside is the median, the whiskers \
                reach the shortest and longest run, and each dot is one run.";
    let mut s = String::new();
    open_svg(&mut s, id, frame.h(), title, desc, false);
    time_axis(&mut s, &frame);
    let mut table = Vec::new();
    let mut legend = Vec::new();
    for (i, r) in rows_in.iter().enumerate() {
        legend.push(LegendEntry {
            label: r.label.to_string(),
            class: agent_class(r.family),
            mark: "box",
        });
        table.push(draw_box(&mut s, &frame, i, r));
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

/// The time axis: a grid line and a label per tick in range, and the axis label.
fn time_axis(s: &mut String, frame: &Frame) {
    s.push_str("<g class=\"axis x-axis\">");
    let base = frame.base();
    for &t in TICKS
        .iter()
        .filter(|&&t| t as f64 >= frame.lo && t as f64 <= frame.hi)
    {
        let x = frame.sx(t as f64);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
            f(x),
            f(x),
            f(TOP),
            f(base + 5.0)
        );
        text(
            s,
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
        s,
        frame.left + frame.pw() / 2.0,
        frame.h() - 6.0,
        "middle",
        "axis-label",
        "duration per run (log scale)",
    );
    s.push_str("</g>");
}

/// Row `i`: family `r`'s label, box, median, whiskers and one dot per run. Returns the
/// row of the data table.
fn draw_box(s: &mut String, frame: &Frame, i: usize, r: &Durations) -> Vec<String> {
    let mut v = r.secs.to_vec();
    v.sort_unstable();
    let cy = TOP + ROW_H * i as f64 + ROW_H / 2.0;
    let (q1, med, q3) = (quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75));
    let (mn, mx) = (v[0] as f64, v[v.len() - 1] as f64);
    text(
        s,
        frame.left - 10.0,
        cy + FONT_GAP,
        "end",
        "row-label",
        r.label,
    );
    let _ = write!(s, "<g class=\"series {}\">", agent_class(r.family));
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
        f(frame.sx(mn)),
        f(frame.sx(mx)),
        f(cy),
        f(cy)
    );
    let _ = write!(
        s,
        "<rect class=\"box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"3\"/>",
        f(frame.sx(q1)),
        f(cy - 8.0),
        f((frame.sx(q3) - frame.sx(q1)).max(1.0))
    );
    let _ = write!(
        s,
        "<line class=\"median\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>",
        f(frame.sx(med)),
        f(frame.sx(med)),
        f(cy - 10.0),
        f(cy + 10.0)
    );
    for (k, d) in v.iter().enumerate() {
        // Deterministic jitter so equal durations stay visible.
        let jitter = ((k * 7) % 5) as f64 * 2.0 - 4.0;
        let _ = write!(
            s,
            "<circle class=\"dot\" cx=\"{}\" cy=\"{}\" r=\"2.5\"/>",
            f(frame.sx(*d as f64)),
            f(cy + jitter)
        );
    }
    s.push_str("</g>");
    vec![
        r.label.to_string(),
        v.len().to_string(),
        format_duration(Some(mn as u64)),
        format_duration(Some(q1.round() as u64)),
        format_duration(Some(med.round() as u64)),
        format_duration(Some(q3.round() as u64)),
        format_duration(Some(mx as u64)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
