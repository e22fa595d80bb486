//! Charts as inline SVG, drawn at build time: findings per review over time, the
//! distribution of run durations, and the agreement matrix between agent families.
//!
//! No chart library and no script: each chart is a string of SVG built here, with a
//! `<title>`/`<desc>` (and `aria-labelledby`), axes with ticks and labels, and a data
//! table as its text alternative. Colours come from CSS classes (the agent-family classes
//! and `.chart` rules in style.css), so the charts follow the light and dark palettes.
//! Every piece of text is escaped with [`crate::html::escape::escape`].
//!
//! - `chart.rs`: what a chart gives a page; `svg.rs`: the SVG pieces every chart uses;
//!   `dates.rs`: dates as day numbers and back;
//! - `over_time.rs`, `durations.rs`, `agreement.rs`: one chart each.

mod agreement;
mod chart;
mod dates;
mod durations;
mod over_time;
mod svg;

pub(super) use agreement::agreement_matrix;
pub(super) use chart::Chart;
pub(super) use durations::{duration_distribution, Durations};
pub(super) use over_time::{findings_over_time, Series};
