//! The agreement matrix between agent families: for each pair, the consolidated findings
//! whose attribution names both, shaded by the share of the findings either raised.

use super::chart::{Chart, DataTable};
use super::svg::{f, label_room, text, FONT_GAP};
use crate::aggregate::agent_stats::Agreement;
use crate::html::escape::escape;
use std::fmt::Write;

/// The agreement matrix: for each pair of families, the consolidated findings whose
/// attribution names both; the diagonal holds each family's own count. `labels[i]` is the
/// display name of `agreement.families[i]`.
pub(crate) fn agreement_matrix(
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
            let (class, opacity, tip) = cell_look(agreement, labels, i, j);
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

/// The look of cell (`i`, `j`): its classes, its fill opacity and its tooltip.
fn cell_look(
    agreement: &Agreement,
    labels: &[String],
    i: usize,
    j: usize,
) -> (String, f64, String) {
    let both = agreement.both[i][j];
    let (a, b) = (agreement.both[i][i], agreement.both[j][j]);
    let either = (a + b).saturating_sub(both);
    if i == j {
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
    }
}
