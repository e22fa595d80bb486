//! Agent names in report text: the Reviewers row, its names and the notes beside them.
//! Who an agent is (family, model, display name, which spellings are one agent) is
//! [`crate::text::names`]'s job; what a note says about the run is
//! [`super::run_status`]'s.

use super::run_status::note_status;
use crate::model::{AgentStatus, Reviewer};
use crate::text::names::{
    agent_family, agent_model, heading_word_names_family, is_known_family, strip_inline_markdown,
};

/// Parses the Reviewers cell: `Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5, ...`.
///
/// Splits on top-level `,`, `;`, `<br>`, ` and `, ` & ` (never inside parentheses or
/// brackets). From each part, an `(effort: X)` parenthetical gives the effort; other
/// parentheticals, trailing notes after ` — ` / ` - ` / `: `, and prose after the name
/// (`produced no output`, `was dropped`) are notes: dropped from the name, read for the
/// agent's run status ([`note_status`]). A struck-through name (`~~Gemini 3.1 Pro~~`) failed.
/// A part that is prose, not a name (`was dropped`, `quota exhausted`), makes no agent:
/// a failure it states belongs to the agent before it. Markdown decoration (bold,
/// backticks, links) is removed from names.
pub fn parse_reviewers(cell: &str) -> Vec<Reviewer> {
    let mut out: Vec<Reviewer> = Vec::new();
    // Prose before the first agent, kept for it.
    let mut before: Vec<String> = Vec::new();
    for part in split_top_level(cell) {
        match parse_one_reviewer(&part) {
            Part::Agent(mut r) => {
                if !before.is_empty() {
                    before.extend(r.note.take());
                    r.note = Some(std::mem::take(&mut before).join("; "));
                }
                out.push(r)
            }
            Part::Prose(status, text) => match out.last_mut() {
                Some(last) => {
                    if last.status.is_none() {
                        last.status = status;
                    }
                    // Nothing the row says is lost: the prose joins the agent's note.
                    if !text.is_empty() {
                        last.note = Some(match last.note.take() {
                            Some(n) => format!("{n}; {text}"),
                            None => text,
                        });
                    }
                }
                None => before.extend((!text.is_empty()).then_some(text)),
            },
        }
    }
    out
}

/// What one part of the Reviewers cell is.
enum Part {
    Agent(Reviewer),
    /// Words about an agent, with the run status they state, and the words.
    Prose(Option<AgentStatus>, String),
}

fn parse_one_reviewer(part: &str) -> Part {
    let mut text = strip_inline_markdown(part).replace(['[', ']'], "");
    let struck = text.contains("~~");
    if struck {
        text = text.replace("~~", "");
    }
    let (outside, mut notes) = split_parentheticals(&text);
    let effort = notes.iter().find_map(|p| effort_in(p));
    // A trailing effort without parentheses: `Claude Opus 4.7 effort: high`.
    let mut name_part = outside;
    let mut effort = effort;
    if effort.is_none() {
        if let Some(pos) = name_part.to_lowercase().find("effort") {
            if name_part.is_char_boundary(pos) {
                effort = effort_in(&name_part[pos..]);
                name_part.truncate(pos);
            }
        }
    }
    // Trailing notes after a spaced dash, or after `: ` when they state a run status.
    let dash = [" — ", " – ", " - ", " -- "]
        .iter()
        .filter_map(|sep| name_part.find(sep).map(|p| (p, sep.len())))
        .min();
    if let Some((pos, len)) = dash {
        notes.push(name_part[pos + len..].to_string());
        name_part.truncate(pos);
    }
    if let Some(pos) = name_part.find(": ") {
        if note_status(&name_part[pos + 2..]).is_some() {
            notes.push(name_part[pos + 2..].to_string());
            name_part.truncate(pos);
        }
    }
    if let Some(pos) = prose_start(&name_part) {
        notes.push(name_part[pos..].to_string());
        name_part.truncate(pos);
    }
    let status = notes
        .iter()
        .find_map(|n| note_status(n))
        .or(struck.then_some(AgentStatus::Failed));
    let name = name_part
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == ':' || c == '.' || c == '-' || c == '—')
        .trim()
        .to_string();
    if name.is_empty() || !name.chars().any(|c| c.is_alphabetic()) || is_prose(&name) {
        let words = strip_inline_markdown(part).trim().to_string();
        return Part::Prose(status.or_else(|| note_status(&name)), words);
    }
    // In the order written (they were taken out from the end inwards).
    notes.sort_by_key(|n| text.find(n.as_str()).unwrap_or(usize::MAX));
    let note: Vec<String> = notes.iter().filter_map(|n| without_effort(n)).collect();
    Part::Agent(Reviewer {
        family: agent_family(&name),
        model: agent_model(&name),
        effort,
        name,
        status,
        note: (!note.is_empty()).then(|| note.join("; ")),
    })
}

/// The text outside parentheses, and the text of each top-level parenthetical (an
/// unclosed one runs to the end).
fn split_parentheticals(text: &str) -> (String, Vec<String>) {
    let mut outside = String::new();
    let mut parens: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                if depth > 0 {
                    current.push(c);
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    parens.push(std::mem::take(&mut current));
                    outside.push(' ');
                } else {
                    current.push(c);
                }
            }
            _ if depth > 0 => current.push(c),
            _ => outside.push(c),
        }
    }
    if depth > 0 {
        parens.push(current);
    }
    (outside, parens)
}

/// Lower-case words that belong to model names (`Gemini 3.1 flash`, `o4 mini`).
const MODEL_WORDS: &[&str] = &[
    "opus",
    "sonnet",
    "haiku",
    "pro",
    "flash",
    "lite",
    "mini",
    "nano",
    "turbo",
    "preview",
    "instruct",
    "coder",
    "next",
    "large",
    "medium",
    "small",
    "max",
    "plus",
    "air",
    "thinking",
    "exp",
    "experimental",
    "latest",
    "chat",
    "code",
    "reasoning",
    "fast",
    "ultra",
    "vision",
    "base",
    "oss",
];

/// Lower-case words that never belong to a model name: where prose starts.
const PROSE_WORDS: &[&str] = &[
    "produced",
    "returned",
    "gave",
    "was",
    "were",
    "is",
    "did",
    "didn't",
    "had",
    "has",
    "hit",
    "ran",
    "timed",
    "failed",
    "quota",
    "exhausted",
    "output",
    "not",
    "no",
    "never",
    "only",
    "could",
    "couldn't",
    "dropped",
    "skipped",
    "crashed",
    "errored",
];

/// Where prose begins after an agent's name: the first lower-case word after the first
/// that is not a model word and is a prose word or begins a note that states a run status
/// (`Gemini 3.1 Pro produced no output`, `Qwen 3.6 35B empty output`).
fn prose_start(name: &str) -> Option<usize> {
    let mut words = name
        .char_indices()
        .filter(|&(i, c)| {
            !c.is_whitespace() && (i == 0 || name[..i].ends_with(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .skip(1);
    words.find(|&i| {
        let word = name[i..].split_whitespace().next().unwrap_or("");
        let lower = word.chars().all(|c| c.is_lowercase() || c == '\'');
        lower
            && !MODEL_WORDS.contains(&word)
            && (PROSE_WORDS.contains(&word) || note_status(&name[i..]).is_some())
    })
}

/// Whether a Reviewers part is prose rather than an agent's name: no digit, a family we do
/// not know, and lower-case words (`was dropped`; one word, `aider`, may be a name), a
/// prose word (`Quota exhausted`) or a run status (`Timed out`).
fn is_prose(name: &str) -> bool {
    let family = agent_family(name);
    if name.chars().any(|c| c.is_ascii_digit())
        || is_known_family(&family)
        || heading_word_names_family(&family)
    {
        return false;
    }
    (name.starts_with(char::is_lowercase) && name.split_whitespace().nth(1).is_some())
        || name
            .split_whitespace()
            .any(|w| PROSE_WORDS.contains(&w.to_lowercase().as_str()))
        || note_status(name).is_some()
}

/// `effort: xhigh` / `effort xhigh` / `effort=high` inside a parenthetical.
/// A note of a Reviewers entry without the effort it states (`effort: default — dropped,
/// quota` -> `dropped, quota`); `None` when nothing else is left.
fn without_effort(note: &str) -> Option<String> {
    let rest = match note.to_lowercase().find("effort") {
        Some(pos) if effort_in(note).is_some() && note.is_char_boundary(pos) => {
            let after = note[pos + "effort".len()..]
                .trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
            let word_end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(after.len());
            format!("{} {}", &note[..pos], &after[word_end..])
        }
        _ => note.to_string(),
    };
    let rest = rest
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c.is_whitespace() || ",;:—–-".contains(c))
        .to_string();
    (!rest.is_empty()).then_some(rest)
}

fn effort_in(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let pos = lower.find("effort")?;
    let rest = text.get(pos + "effort".len()..)?;
    let rest = rest.trim_start_matches(|c: char| c == ':' || c == '=' || c.is_whitespace());
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    if word.is_empty() {
        None
    } else {
        Some(word)
    }
}

/// Splits at top-level separators (not inside `()`/`[]`).
fn split_top_level(cell: &str) -> Vec<String> {
    let normalised = cell
        .replace("<br>", ",")
        .replace("<br/>", ",")
        .replace("<br />", ",");
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in normalised.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' | '}' => {
                depth = (depth - 1).max(0);
                current.push(c);
            }
            ',' | ';' if depth == 0 => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    // ` and ` / ` & ` at top level (only outside parentheses: re-check depth per word).
    let mut out = Vec::new();
    for part in parts {
        out.extend(split_words_top_level(&part, &["and", "&", "+"]));
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn split_words_top_level(part: &str, words: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut depth = 0i32;
    for tok in part.split_whitespace() {
        if depth == 0 && words.iter().any(|w| tok.eq_ignore_ascii_case(w)) {
            out.push(current.join(" "));
            current.clear();
            continue;
        }
        for c in tok.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        current.push(tok);
    }
    out.push(current.join(" "));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::names::family_display_name;

    fn r(name: &str, family: &str, model: Option<&str>, effort: Option<&str>) -> Reviewer {
        Reviewer {
            name: name.to_string(),
            family: family.to_string(),
            model: model.map(str::to_string),
            effort: effort.map(str::to_string),
            status: None,
            note: None,
        }
    }

    #[test]
    fn reviewers_full_row() {
        let got = parse_reviewers(
            "Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5 (effort: xhigh), Gemini 3.1 Pro (effort: default), Qwen 3.6 35B, Gemma4 31B, GLM-4.7 Flash, Qwen3 Coder Next",
        );
        assert_eq!(
            got,
            vec![
                r("Claude Opus 4.7", "claude", Some("Opus 4.7"), Some("xhigh")),
                r("Codex GPT 5.5", "codex", Some("GPT 5.5"), Some("xhigh")),
                r("Gemini 3.1 Pro", "gemini", Some("3.1 Pro"), Some("default")),
                r("Qwen 3.6 35B", "qwen", Some("3.6 35B"), None),
                r("Gemma4 31B", "gemma", Some("4 31B"), None),
                r("GLM-4.7 Flash", "glm", Some("4.7 Flash"), None),
                r("Qwen3 Coder Next", "qwen", Some("3 Coder Next"), None),
            ]
        );
    }

    #[test]
    fn reviewers_old_row_and_separators() {
        let got = parse_reviewers("Claude Opus 4.6, Codex GPT 5.4 and Gemini 3.1 Pro");
        let names: Vec<_> = got.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Claude Opus 4.6", "Codex GPT 5.4", "Gemini 3.1 Pro"]
        );
        assert!(got.iter().all(|r| r.effort.is_none()));
    }

    #[test]
    fn reviewers_commas_inside_parentheses_and_notes() {
        let got = parse_reviewers(
            "Claude Opus 4.7 (effort: xhigh, retry 2), Gemini 2.5 Pro (fallback, capacity) — 3.1 Pro hit limits",
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].name, "Claude Opus 4.7");
        assert_eq!(got[0].effort.as_deref(), Some("xhigh"));
        assert_eq!(got[1].name, "Gemini 2.5 Pro");
        assert_eq!(got[1].family, "gemini");
        assert_eq!(got[1].effort, None);
    }

    #[test]
    fn reviewers_with_prose_notes() {
        use AgentStatus::{Empty, Failed};
        let got = parse_reviewers(
            "Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5; Gemini 3.1 Pro (effort: default) produced no output — quota exhausted",
        );
        let names: Vec<_> = got.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["Claude Opus 4.7", "Codex GPT 5.5", "Gemini 3.1 Pro"]
        );
        let statuses: Vec<_> = got.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [None, None, Some(Empty)]);
        assert_eq!(got[2].effort.as_deref(), Some("default"));
        assert_eq!(got[2].model.as_deref(), Some("3.1 Pro"));
        // The prose is the agent's note (the page shows it), the effort aside.
        let notes: Vec<_> = got.iter().map(|r| r.note.as_deref()).collect();
        assert_eq!(
            notes,
            [None, None, Some("produced no output; quota exhausted")]
        );
        let got = parse_reviewers("Gemini 3.1 Pro (effort: default — dropped, quota)");
        assert_eq!(got[0].note.as_deref(), Some("dropped, quota"));
        let got = parse_reviewers("Claude Opus 4.7, Gemini 3.1 Pro; Quota exhausted");
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].note.as_deref(), Some("Quota exhausted"));
        let got = parse_reviewers("Ran with fallbacks; Claude Opus 4.7");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].note.as_deref(), Some("Ran with fallbacks"));

        for (cell, name, status) in [
            (
                "Gemini 3.1 Pro (effort: default — dropped, quota)",
                "Gemini 3.1 Pro",
                Some(Failed),
            ),
            (
                "Gemini 3.1 Pro (failed: timeout)",
                "Gemini 3.1 Pro",
                Some(Failed),
            ),
            ("Qwen 3.6 35B — empty output", "Qwen 3.6 35B", Some(Empty)),
            ("Qwen 3.6 35B: no output", "Qwen 3.6 35B", Some(Empty)),
            (
                "**Gemini 3.1 Pro** [timed out]",
                "Gemini 3.1 Pro",
                Some(Failed),
            ),
            (
                "gemini 3.1 flash timed out",
                "gemini 3.1 flash",
                Some(Failed),
            ),
            ("~~Gemini 3.1 Pro~~ (quota)", "Gemini 3.1 Pro", Some(Failed)),
            ("Gemini 3.1 Pro was dropped", "Gemini 3.1 Pro", Some(Failed)),
            // One pass failed, the other did not: not a failed run.
            ("Qwen 3.6 35B (pass 2 timed out)", "Qwen 3.6 35B", None),
            (
                "Qwen 3.6 35B (first attempt empty, retry ok)",
                "Qwen 3.6 35B",
                None,
            ),
            // A clean zero is not a failure.
            ("Gemma4 31B (no findings)", "Gemma4 31B", None),
            ("Gemma4 31B — found nothing to flag", "Gemma4 31B", None),
            (
                "Claude Opus 4.7 (error-handling focus)",
                "Claude Opus 4.7",
                None,
            ),
            ("gpt oss 120b", "gpt oss 120b", None),
        ] {
            let got = parse_reviewers(cell);
            assert_eq!(got.len(), 1, "{cell}: {got:?}");
            assert_eq!(
                (got[0].name.as_str(), got[0].status),
                (name, status),
                "{cell}"
            );
        }
    }

    #[test]
    fn prose_parts_make_no_phantom_agents() {
        let got =
            parse_reviewers("Claude Opus 4.7, Gemini 3.1 Pro produced no output and was dropped");
        let names: Vec<_> = got.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Claude Opus 4.7", "Gemini 3.1 Pro"]);
        assert_eq!(got[1].status, Some(AgentStatus::Empty));
        // A prose part's failure belongs to the agent before it.
        let got =
            parse_reviewers("Claude Opus 4.7; Gemini 3.1 Pro, dropped (quota); Quota exhausted");
        let names: Vec<_> = got.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Claude Opus 4.7", "Gemini 3.1 Pro"]);
        assert_eq!(got[0].status, None);
        assert_eq!(got[1].status, Some(AgentStatus::Failed));
        // Names of one word that no family list knows stay agents.
        let got = parse_reviewers("Claude Opus 4.7, Aider, opencode, Devin");
        assert_eq!(got.len(), 4);
    }

    #[test]
    fn reviewers_empty_and_junk() {
        assert!(parse_reviewers("").is_empty());
        assert!(parse_reviewers(" , ; ").is_empty());
        assert_eq!(parse_reviewers("**Claude**, `Codex`").len(), 2);
    }

    #[test]
    fn families() {
        for (name, fam) in [
            ("[Claude]", "claude"),
            ("Claude Opus 4.7", "claude"),
            ("[Claude] Opus 4.6", "claude"),
            ("Gemma4 31B", "gemma"),
            ("Qwen3 Coder Next", "qwen"),
            ("Qwen 3.6 35B", "qwen"),
            ("GLM-4.7 Flash", "glm"),
            ("Codex GPT 5.5", "codex"),
            ("GPT-5 Codex", "codex"),
            ("GPT-5", "gpt"),
            ("Mistral7", "mistral"),
            ("Opus 4.6", "claude"),
            ("**Gemini 3.1 Pro**", "gemini"),
            ("", ""),
            ("42", ""),
        ] {
            assert_eq!(agent_family(name), fam, "{name}");
        }
    }

    #[test]
    fn models() {
        assert_eq!(agent_model("[Claude]"), None);
        assert_eq!(
            agent_model("[Claude] Opus 4.6").as_deref(),
            Some("Opus 4.6")
        );
        assert_eq!(agent_model("Gemma4 31B").as_deref(), Some("4 31B"));
        assert_eq!(agent_model("GLM-4.7 Flash").as_deref(), Some("4.7 Flash"));
        assert_eq!(agent_model("GPT-5").as_deref(), Some("5"));
    }

    #[test]
    fn display_names() {
        assert_eq!(family_display_name("claude"), "Claude");
        assert_eq!(family_display_name("glm"), "GLM");
        assert_eq!(family_display_name("gpt"), "GPT");
        assert_eq!(family_display_name("qwen"), "Qwen");
        assert_eq!(family_display_name(""), "");
        assert!(is_known_family("gemma"));
        assert!(!is_known_family("overall"));
    }
}
