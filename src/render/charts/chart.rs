//! What a chart gives a page: its SVG, its legend, and the same data as a table (the
//! chart's text alternative).

use serde::Serialize;

/// A chart: its SVG, and the same data as a table for readers who cannot see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Chart {
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
pub(crate) struct LegendEntry {
    pub(super) label: String,
    pub(super) class: String,
    /// `line`, `cross`, `box`, `cell`: the swatch to draw.
    pub(super) mark: &'static str,
}

/// The text alternative of a chart.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DataTable {
    pub(super) head: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}
