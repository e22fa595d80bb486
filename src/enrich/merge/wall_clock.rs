//! The one rule for the review's wall-clock time against the report's own row: once the
//! sidecar is applied, each "Wall-clock time" row (`Laufzeit` in German reports) whose
//! written duration is not the review's `wall_clock_secs` is marked in the metadata, so
//! that the page shows `wall_clock_secs` there, the report's text beside it, without
//! reading the row again.

use crate::model::Metadata;
use crate::parse::metadata::canonical_label;
use crate::text::duration::parse_duration;
use crate::text::plain::plain_text;

/// Sets `meta.wall_clock_overridden` to the rows whose written wall-clock time differs
/// from `meta.wall_clock_secs` (none when that is unknown).
pub(super) fn mark_overridden_rows(meta: &mut Metadata) {
    meta.wall_clock_overridden = match meta.wall_clock_secs {
        None => Vec::new(),
        Some(secs) => meta
            .rows
            .iter()
            .enumerate()
            .filter(|(_, row)| {
                canonical_label(&row.label) == "wall-clock time"
                    && parse_duration(&plain_text(&row.value)) != Some(secs)
            })
            .map(|(index, _)| index)
            .collect(),
    };
}
