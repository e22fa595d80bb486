//! The SVG pieces every chart is drawn with: the width, number formatting, the opening
//! with its accessible title and description, escaped text, room for row labels and
//! "nice" tick steps.

use crate::html::escape::escape;
use std::fmt::Write;

/// The width of every chart's view box.
pub(super) const W: f64 = 720.0;
/// How far below its anchor line a label's baseline sits.
pub(super) const FONT_GAP: f64 = 4.0;

/// `x` with one decimal at most.
pub(super) fn f(x: f64) -> String {
    // One decimal is plenty at this size and keeps the SVG small.
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// A "nice" tick step for a range split into about `n` parts (1, 2, 5 × 10^k).
pub(super) fn nice_step(range: f64, n: f64) -> f64 {
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

/// The opening of a chart's SVG, with its accessible title and description. A chart whose
/// marks are links is a `group` (an `img` is one opaque picture: links inside it are
/// unreachable to assistive technology, axe's `nested-interactive`); any other an `img`.
pub(super) fn open_svg(out: &mut String, id: &str, h: f64, title: &str, desc: &str, links: bool) {
    let role = if links { "group" } else { "img" };
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"{role}\" \
         aria-labelledby=\"{id}-t {id}-d\" class=\"chart-svg\"><title id=\"{id}-t\">{}</title>\
         <desc id=\"{id}-d\">{}</desc>",
        f(W),
        f(h),
        escape(title),
        escape(desc)
    );
}

pub(super) fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" class=\"{class}\">{}</text>",
        f(x),
        f(y),
        escape(s)
    );
}

/// Room for row labels: about 7.5 units per character of the longest, within bounds.
pub(super) fn label_room<'a>(labels: impl Iterator<Item = &'a str>) -> f64 {
    let longest = labels.map(|l| l.chars().count()).max().unwrap_or(0) as f64;
    (longest * 7.5 + 16.0).clamp(60.0, 260.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(17.0, 4.0), 5.0);
        assert_eq!(nice_step(4.0, 4.0), 1.0);
        assert_eq!(nice_step(120.0, 4.0), 50.0);
    }
}
