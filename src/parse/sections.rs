//! Section titles: what kind of section a heading opens, and plain-text forms of headings.

use super::findings::severity_word;
use crate::model::{SectionKind, Severity};

/// A heading's text without Markdown emphasis/code markers, lower-cased and with
/// collapsed whitespace.
pub fn plain(title: &str) -> String {
    let t: String = title
        .chars()
        .filter(|c| !matches!(c, '*' | '`' | '_' | '#'))
        .collect();
    t.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// True for `## Consolidated Review` / `## Findings` wrappers whose H3 children are the
/// real sections.
pub(crate) fn is_wrapper(title: &str) -> bool {
    let p = plain(title);
    matches!(
        p.trim_end_matches(':'),
        "consolidated review" | "findings" | "consolidated findings" | "review" | "issues"
    )
}

pub(crate) fn is_appendix(title: &str) -> bool {
    let p = plain(title);
    p.starts_with("appendix") || p.starts_with("anhang")
}

/// Recognises a section by the words of its title.
pub fn classify(title: &str) -> (SectionKind, Option<Severity>) {
    let p = plain(title);
    let p = p.trim_end_matches(':').trim();
    let words: Vec<&str> = p
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if p.starts_with("appendix") || p.starts_with("anhang") {
        return (SectionKind::Appendix, None);
    }
    if p.contains("executive summary")
        || p == "summary"
        || p == "tl;dr"
        || p == "overview"
        || p == "zusammenfassung"
    {
        return (SectionKind::ExecutiveSummary, None);
    }
    // Severity sections: "Critical Issues", "Important Findings", "Suggestions", "Nits".
    if let Some(first) = words.first() {
        if let Some(sev) = severity_word(first) {
            let rest_ok = words[1..].iter().all(|w| {
                matches!(
                    *w,
                    "issues"
                        | "issue"
                        | "findings"
                        | "finding"
                        | "severity"
                        | "problems"
                        | "priority"
                        | "risk"
                        | "concerns"
                        | "probleme"
                        | "befunde"
                ) || w.chars().all(|c| c.is_ascii_digit())
            });
            if rest_ok {
                return (SectionKind::Findings, Some(sev));
            }
        }
    }
    if p.starts_with("design observation") || p == "design" || p.starts_with("design notes") {
        return (SectionKind::DesignObservations, None);
    }
    if p.starts_with("testing") || p.starts_with("test assessment") || p == "tests" {
        return (SectionKind::TestingAssessment, None);
    }
    if p.starts_with("documentation") || p == "docs" {
        return (SectionKind::DocumentationAssessment, None);
    }
    if p.starts_with("commit structure") || p.starts_with("commits") {
        return (SectionKind::CommitStructure, None);
    }
    if p.contains("acknowledged limitation") || p == "limitations" {
        return (SectionKind::AcknowledgedLimitations, None);
    }
    if p.contains("unresolved feedback") || p.contains("unresolved review") {
        return (SectionKind::UnresolvedFeedback, None);
    }
    if p.contains("retro") && (p.contains("agent") || p.contains("performance") || p == "retro")
        || p.starts_with("agent performance")
        || p.starts_with("agent metrics")
        || p.starts_with("model performance")
        || p.starts_with("reviewer performance")
    {
        return (SectionKind::AgentRetro, None);
    }
    if p.contains("process notes") || p.contains("skill improvement") {
        return (SectionKind::ProcessNotes, None);
    }
    if p.starts_with("resolution") {
        return (SectionKind::Resolution, None);
    }
    if p == "findings" || p == "consolidated findings" || p == "issues" {
        return (SectionKind::Findings, None);
    }
    (SectionKind::Other, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            classify("Executive Summary").0,
            SectionKind::ExecutiveSummary
        );
        assert_eq!(
            classify("Critical Findings"),
            (SectionKind::Findings, Some(Severity::Critical))
        );
        assert_eq!(
            classify("Important Issues"),
            (SectionKind::Findings, Some(Severity::Important))
        );
        assert_eq!(
            classify("Suggestions"),
            (SectionKind::Findings, Some(Severity::Suggestion))
        );
        assert_eq!(
            classify("Agent Performance Retro").0,
            SectionKind::AgentRetro
        );
        assert_eq!(
            classify("Retro: dependency types not explicitly covered").0,
            SectionKind::Other
        );
        assert_eq!(
            classify("Skill Improvement Recommendations").0,
            SectionKind::ProcessNotes
        );
        assert_eq!(
            classify("Review Process Notes").0,
            SectionKind::ProcessNotes
        );
        assert_eq!(
            classify("Appendix: Original Reviews").0,
            SectionKind::Appendix
        );
        assert_eq!(classify("Pinned dependencies").0, SectionKind::Other);
        assert_eq!(classify("Summary").0, SectionKind::ExecutiveSummary);
        assert_eq!(
            classify("Critical — `git clone` in CI").0,
            SectionKind::Other
        );
        assert!(is_wrapper("Consolidated Review"));
        assert!(is_wrapper("Findings"));
    }
}
