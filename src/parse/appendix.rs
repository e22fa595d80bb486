//! The appendix of original per-agent reviews: which headings open an agent's review.
//! Agents' own headings (any level, `## Executive Summary`, `### Finding 3`) stay inside it.

use crate::text::names::heading_word_names_family;
use regex::Regex;
use std::sync::OnceLock;

/// True when the first word of `name` (brackets stripped) is a known family or one of
/// `extra` (families or names from the Reviewers row).
fn names_agent(name: &str, extra: &[String]) -> bool {
    let first = name
        .trim()
        .trim_start_matches('[')
        .split(|c: char| c.is_whitespace() || c == ']' || c == ',' || c == ':')
        .next()
        .unwrap_or("")
        .to_lowercase();
    if first.is_empty() {
        return false;
    }
    heading_word_names_family(&first)
        || extra
            .iter()
            .any(|e| !e.is_empty() && first == e.to_lowercase())
}

/// For a heading inside the appendix: the agent label it opens, if it opens one.
/// `level`: heading level; `title`: heading inline text.
pub fn agent_heading(level: u8, title: &str, extra: &[String]) -> bool {
    static APPX: OnceLock<Regex> = OnceLock::new();
    static PASS: OnceLock<Regex> = OnceLock::new();
    let t = title.trim();
    let appx = APPX.get_or_init(|| {
        Regex::new(r"(?i)^appendix\s+([A-Z]|\d+)\s*[:.—–-]\s*(.+)$").expect("static regex")
    });
    if level <= 2 {
        return appx.is_match(t);
    }
    if level != 3 {
        return false;
    }
    let lower = t.to_lowercase();
    if lower.contains("finding") {
        return false;
    }
    if t.starts_with('[') {
        return names_agent(t, extra);
    }
    let pass = PASS.get_or_init(|| Regex::new(r"(?i)^pass\s+\d+\b").expect("static regex"));
    names_agent(t, extra) || pass.is_match(t)
}

/// The pass number in a label: `[Claude] — Pass 2` -> 2.
pub fn pass_of(label: &str) -> Option<u32> {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?i)\bpass\s+(\d+)").expect("static regex"))
        .captures(label)
        .and_then(|c| c[1].parse().ok())
}

/// The agent name part of a label: `Appendix A: Claude Opus 4.6 Review` -> `Claude Opus 4.6`,
/// `[Qwen] — Pass 1 (retry)` -> `[Qwen]`.
pub fn agent_name(label: &str) -> String {
    static APPX: OnceLock<Regex> = OnceLock::new();
    let appx = APPX.get_or_init(|| {
        Regex::new(r"(?i)^appendix\s+(?:[A-Z]|\d+)\s*[:.—–-]\s*(.+?)(?:\s+review)?$")
            .expect("static regex")
    });
    let t = label.trim();
    if let Some(c) = appx.captures(t) {
        return c[1].trim().to_string();
    }
    if let Some(end) = t.find(']') {
        if t.starts_with('[') {
            return t[..=end].to_string();
        }
    }
    t.split([' ', '—', '–'])
        .filter(|w| !w.is_empty())
        .take_while(|w| !w.eq_ignore_ascii_case("review") && !w.eq_ignore_ascii_case("pass"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_headings() {
        let none: Vec<String> = Vec::new();
        assert!(agent_heading(3, "[Claude] — Pass 1", &none));
        assert!(agent_heading(3, "[Claude Opus 4.7]", &none));
        assert!(agent_heading(3, "Claude Opus 4.6", &none));
        assert!(agent_heading(3, "Gemini 3.1 Pro Review", &none));
        assert!(agent_heading(
            3,
            "[Qwen] — Pass 1 (retry; first attempt empty)",
            &none
        ));
        assert!(agent_heading(2, "Appendix B: Codex GPT 5.4 Review", &none));
        assert!(!agent_heading(2, "Appendix: Original Reviews", &none));
        assert!(!agent_heading(3, "Executive Summary", &none));
        assert!(!agent_heading(3, "`pkg/windows/cidata/cidata.go`", &none));
        assert!(!agent_heading(3, "Host: Windows Path Conversion", &none));
        assert!(!agent_heading(2, "Critical Issues", &none));
        assert!(agent_heading(3, "[Zed] notes", &["zed".into()]));
        assert_eq!(pass_of("[Claude] — Pass 2"), Some(2));
        assert_eq!(
            agent_name("Appendix A: Claude Opus 4.6 Review"),
            "Claude Opus 4.6"
        );
        assert_eq!(agent_name("[Qwen] — Pass 1 (retry)"), "[Qwen]");
        assert_eq!(agent_name("Codex GPT 5.4 Review"), "Codex GPT 5.4");
    }
}
