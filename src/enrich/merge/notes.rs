//! What applying a sidecar has to say ([`Applied`]), and the one rule for a sidecar value
//! over a parsed one: the sidecar's wins, a different previous value is noted.

/// What applying a sidecar had to say.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// The sidecar refers to something the report does not have (a finding id, a stem).
    pub warnings: Vec<String>,
    /// A sidecar value differed from the report's; the sidecar's is used.
    pub notes: Vec<String>,
}

impl Applied {
    pub(super) fn differs(&mut self, path: &str, sidecar: String, report: String) {
        self.notes.push(format!(
            "{path}: sidecar says {sidecar}, report says {report}; using the sidecar's value"
        ));
    }
}

pub(super) fn show_secs(secs: u64) -> String {
    format!(
        "{} ({secs} s)",
        crate::text::duration::format_duration(Some(secs))
    )
}

/// Sets `slot` to `new` when given, noting a different previous value.
pub(super) fn set<T: PartialEq + Clone>(
    slot: &mut Option<T>,
    new: &Option<T>,
    path: &str,
    show: impl Fn(&T) -> String,
    out: &mut Applied,
) {
    if let Some(n) = new {
        if let Some(old) = slot.as_ref() {
            if old != n {
                out.differs(path, show(n), show(old));
            }
        }
        *slot = Some(n.clone());
    }
}

pub(super) fn quoted(s: &String) -> String {
    format!("{s:?}")
}
