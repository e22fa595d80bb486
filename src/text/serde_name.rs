//! The name serde gives a unit variant (`pr-review`, `changes-requested`): the one rule for
//! the slugs of kinds and verdicts in CSS classes, filters and sidecar comparisons.

use serde::Serialize;

/// The serde name of a unit variant (`pr-review`, `changes-requested`), if it has one.
pub fn serde_name<K: Serialize>(k: K) -> Option<String> {
    serde_json::to_value(k).ok()?.as_str().map(str::to_string)
}

/// The serde name of a kind, as CSS classes and filters use it (`other` when none).
pub fn kind_slug<K: Serialize>(k: K) -> String {
    serde_name(k).unwrap_or_else(|| "other".into())
}
