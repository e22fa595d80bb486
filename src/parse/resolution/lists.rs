//! Resolution given as lines rather than a table: list items and paragraph lines that open
//! with the findings they name.
//!
//! - `- **I1** — Fixed: moved the ack`, `- I1: Fixed`, `- S2 (title): skipped — reason`,
//!   `I1 fixed in abc123` (ids then an action word): the ids, and the first part (split at
//!   `—`, `–`, `:`, `;`) that names an action is the label, the rest the reason;
//! - under a heading or lead (`### Fixed`, `**Skipped:**`), items that name findings take
//!   that label; a checked task item (`- [x] I1 — title`) that names no action is Done
//!   (Fixed), an unchecked one Other;
//! - `Fixed: I1, I2, S3` / `**Skipped:** S4 (out of scope)`: a label, then only ids.
//!
//! Text that names findings with no separator and no action word after them
//! (`S3 bucket policy is public`) is not read as an action.

use super::action::action_class;
use super::refs::{self, plain};
use super::scope::{Ctx, Scope};
use crate::model::{ActionClass, ResolutionAction};

/// The actions of one paragraph: an entry starts at each line that opens with one, and
/// lines after it that do not are its continuation.
pub(super) fn paragraph(text: &str, scope: &Scope, ctx: &Ctx) -> Vec<ResolutionAction> {
    let mut entries: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line_action(line, scope, ctx).is_some() {
            entries.push(line.trim().to_string());
            open = true;
        } else if open {
            if let Some(e) = entries.last_mut() {
                e.push(' ');
                e.push_str(line.trim());
            }
        }
    }
    entries
        .iter()
        .filter_map(|e| line_action(e, scope, ctx))
        .collect()
}

/// The action one line or list item states, if it opens with the findings it names.
pub(super) fn line_action(text: &str, scope: &Scope, ctx: &Ctx) -> Option<ResolutionAction> {
    let text = text.trim();
    labelled(text, scope, ctx).or_else(|| named_first(text, scope, ctx))
}

/// `Fixed: I1, I2`: a label that names an action, then nothing but ids.
fn labelled(text: &str, scope: &Scope, ctx: &Ctx) -> Option<ResolutionAction> {
    let p = plain(text);
    let (label, after) = p.split_once(':')?;
    let label = label.trim();
    let class = action_class(label, false);
    if class == ActionClass::Other || label.chars().count() > 40 {
        return None;
    }
    let n = refs::leading(after)?;
    let rest_ok = n.rest.trim_matches(['.', ' ']).is_empty()
        || n.rest.starts_with('(') && n.rest.trim_end_matches('.').ends_with(')');
    if !rest_ok {
        return None;
    }
    Some(ResolutionAction {
        finding: text.to_string(),
        finding_ids: ctx.linkable(&n, scope),
        action: class,
        action_label: label.to_string(),
        reason: (!n.rest.is_empty()).then(|| n.rest.clone()),
        ..Default::default()
    })
}

/// `I1 — Fixed: reason`, `I1: moved the ack (fixed)`, or under a `### Fixed` heading
/// `I1 — title`.
fn named_first(text: &str, scope: &Scope, ctx: &Ctx) -> Option<ResolutionAction> {
    let n = refs::leading(text)?;
    let parts: Vec<&str> = n
        .rest
        .split(['\u{2014}', '\u{2013}', ':', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let first_word = n.rest.split_whitespace().next().unwrap_or("");
    if !n.separated && action_class(first_word, false) == ActionClass::Other {
        return None;
    }
    let (action, label, reason) = if let Some((class, label)) = &scope.action {
        (*class, label.clone(), Some(n.rest.clone()))
    } else if let Some(i) = parts
        .iter()
        .position(|s| action_class(s, false) != ActionClass::Other)
    {
        let reason = parts[i + 1..].join(" \u{2014} ");
        (
            action_class(parts[i], false),
            parts[i].to_string(),
            Some(reason),
        )
    } else if let Some((class, label)) = &scope.fallback {
        (*class, label.clone(), Some(n.rest.clone()))
    } else {
        (ActionClass::Other, String::new(), Some(n.rest.clone()))
    };
    Some(ResolutionAction {
        finding: text.to_string(),
        finding_ids: ctx.linkable(&n, scope),
        action,
        action_label: label,
        reason: reason.filter(|r| !r.is_empty()),
        ..Default::default()
    })
}
