//! A finding named by its title alone: the cell's text against this report's finding
//! titles, both normalised (case, punctuation, backticks and emphasis ignored). A match is
//! exact, or a clearly unique prefix: the cell cut short (`Retry backoff…`, at least two
//! words and ten letters), or the cell a title followed by more (`Race in settle —
//! boot.sh`, the title at least three words). Anything else names nothing.

use crate::model::Finding;
use crate::parse::findings::severity_word;
use crate::text::names::strip_inline_markdown;

/// The text compared: lower case, letters and digits, one space between words.
pub(crate) fn norm(text: &str) -> String {
    strip_inline_markdown(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// This report's finding titles, normalised, in finding order.
pub(crate) struct Titles(Vec<String>);

impl Titles {
    pub(crate) fn new(findings: &[Finding]) -> Titles {
        Titles(findings.iter().map(|f| norm(&f.title)).collect())
    }

    /// The finding whose title is exactly `text`, normalised, when only one has it.
    pub(crate) fn exact(&self, text: &str) -> Option<usize> {
        let n = norm(text);
        (!n.is_empty()).then_some(())?;
        self.unique(|t| t == n)
    }

    /// The finding `text` names by its title: exact, or a clearly unique prefix either way.
    /// A leading severity word (`Important: title`) is ignored when the whole text is not
    /// a title.
    pub(crate) fn by_title(&self, text: &str) -> Option<usize> {
        let n = norm(text);
        self.matching(&n).or_else(|| {
            let (first, rest) = n.split_once(' ')?;
            severity_word(first)?;
            self.matching(rest)
        })
    }

    fn matching(&self, n: &str) -> Option<usize> {
        if n.is_empty() {
            return None;
        }
        let words = |s: &str| s.split(' ').count();
        let extends = |long: &str, short: &str| {
            long.len() > short.len()
                && long.starts_with(short)
                && long[short.len()..].starts_with(' ')
        };
        self.unique(|t| t == n)
            .or_else(|| {
                (words(n) >= 2 && n.len() >= 10)
                    .then(|| self.unique(|t| extends(t, n)))
                    .flatten()
            })
            .or_else(|| self.unique(|t| words(t) >= 3 && extends(n, t)))
    }

    /// The one finding whose normalised title passes `hit`; `None` for none or several.
    fn unique(&self, hit: impl Fn(&str) -> bool) -> Option<usize> {
        let mut found = None;
        for (i, t) in self.0.iter().enumerate() {
            if hit(t) {
                if found.is_some() {
                    return None;
                }
                found = Some(i);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(titles: &[&str]) -> Vec<Finding> {
        titles
            .iter()
            .map(|t| Finding {
                title: t.to_string(),
                ..Default::default()
            })
            .collect()
    }

    #[test]
    fn exact_and_clearly_unique_prefixes_only() {
        let f = Titles::new(&findings(&[
            "`udevadm settle` is unguarded under `set -e`",
            "Cache entries never expire",
            "Cache entries never shrink",
            "Typo",
        ]));
        assert_eq!(
            f.by_title("**udevadm settle is unguarded under set -e**"),
            Some(0)
        );
        assert_eq!(f.by_title("udevadm settle is unguarded…"), Some(0));
        assert_eq!(f.by_title("Important: Cache entries never expire"), Some(1));
        assert_eq!(f.by_title("Cache entries never expire — cache.go"), Some(1));
        // Ambiguous prefix, too short a prefix, a title word that is not a prefix.
        assert_eq!(f.by_title("Cache entries never"), None);
        assert_eq!(f.by_title("udevadm settle"), Some(0));
        assert_eq!(f.by_title("udevadm"), None);
        assert_eq!(f.by_title("Cache en"), None);
        assert_eq!(f.by_title("Typo fix in the README"), None);
        assert_eq!(f.by_title("Typo"), Some(3));
        assert_eq!(f.by_title(""), None);
        assert_eq!(f.exact("Typo."), Some(3));
    }
}
