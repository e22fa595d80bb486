//! Words that name a severity (on our scale and others) or a small number.

use crate::model::Severity;

/// The severity a word names. Decision for scales other than ours:
/// Critical / Blocker(s) -> critical; Important / High / Major -> important;
/// Medium / Low / Minor / Nit(s) / Suggestion(s) / Trivial -> suggestion.
pub(crate) fn severity_word(w: &str) -> Option<Severity> {
    match w.trim().trim_matches('*').to_lowercase().as_str() {
        "critical" | "criticals" | "blocker" | "blockers" | "blocking" => Some(Severity::Critical),
        "important" | "major" | "majors" | "high" => Some(Severity::Important),
        "suggestion" | "suggestions" | "minor" | "minors" | "nit" | "nits" | "nitpick"
        | "nitpicks" | "low" | "medium" | "trivial" => Some(Severity::Suggestion),
        // German reports: `## Kritische Probleme`, `## Wichtige Probleme`, `## Vorschläge`.
        "kritisch" | "kritische" => Some(Severity::Critical),
        "wichtig" | "wichtige" => Some(Severity::Important),
        "vorschlag" | "vorschläge" | "vorschlaege" | "hinweise" => Some(Severity::Suggestion),
        _ => None,
    }
}

/// A number written as a word (`seven` -> 7; `no`/`zero` -> 0), up to twelve.
pub(crate) fn number_word(w: &str) -> Option<u32> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let w = w.to_lowercase();
    if w == "no" {
        return Some(0);
    }
    WORDS.iter().position(|x| *x == w).map(|n| n as u32)
}
