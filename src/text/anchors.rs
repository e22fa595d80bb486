//! Page anchors: deterministic, unique ids for sections, findings and headings.
//!
//! Shared by the parser (which fixes section and finding anchors in the model, so URLs such
//! as `<stem>.html#I3` are stable) and the renderer (heading ids inside report text).

use std::collections::HashMap;

/// Keeps heading anchors unique within one page, deterministically.
#[derive(Debug, Default, Clone)]
pub(crate) struct Anchors {
    /// Never iterated, so its order (and hasher) cannot show in a page.
    used: HashMap<String, u32, foldhash::fast::RandomState>,
}

impl Anchors {
    /// Returns `base` the first time, then `base-1`, `base-2`, ...
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if !self.used.contains_key(base) {
            self.used.insert(base.to_string(), 0);
            return base.to_string();
        }
        let mut n = self.used[base];
        loop {
            n += 1;
            let candidate = format!("{base}-{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_string(), n);
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// Lower-case ASCII slug of a heading text: `Important Issues` -> `important-issues`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push(l);
            }
            dash = false;
        } else if !out.is_empty() && !dash {
            out.push('-');
            dash = true;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_and_anchor() {
        assert_eq!(slugify("Important Issues"), "important-issues");
        let mut a = Anchors::default();
        assert_eq!(a.unique("x"), "x");
        assert_eq!(a.unique("x"), "x-1");
        assert_eq!(a.unique("x"), "x-2");
    }
}
