//! Agent names in report text: the Reviewers row and clock durations. Who an agent is
//! (family, model, display name) is [`crate::text::names`]'s job.
//!
//! - **Durations**: `h`/`min`/`s` tokens in any spelling, `m:ss`, `h:mm:ss`, a bare integer
//!   (seconds); a leading `~` and a trailing parenthetical (`~25m (empty)`) are ignored;
//!   `—`, `-`, `N/A`, `unknown`, empty give `None`.

use crate::model::Reviewer;
use crate::text::names::{agent_family, agent_model, strip_inline_markdown};

/// Parses the Reviewers cell: `Claude Opus 4.7 (effort: xhigh), Codex GPT 5.5, ...`.
///
/// Splits on top-level `,`, `;`, `<br>`, ` and `, ` & ` (never inside parentheses or
/// brackets). From each part, an `(effort: X)` parenthetical gives the effort; other
/// parentheticals and trailing notes after ` — ` / ` - ` are dropped from the name.
/// Markdown decoration (bold, backticks, links) is removed from names.
pub fn parse_reviewers(cell: &str) -> Vec<Reviewer> {
    split_top_level(cell)
        .into_iter()
        .filter_map(|part| parse_one_reviewer(&part))
        .collect()
}

fn parse_one_reviewer(part: &str) -> Option<Reviewer> {
    let text = strip_inline_markdown(part).replace(['[', ']'], "");
    // Collect parentheticals, keep the text outside them.
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
            _ => {
                if depth > 0 {
                    current.push(c);
                } else {
                    outside.push(c);
                }
            }
        }
    }
    if depth > 0 {
        // Unclosed parenthesis: keep what we have as a note.
        parens.push(current);
    }
    let mut effort = None;
    for p in &parens {
        if let Some(e) = effort_in(p) {
            effort = Some(e);
            break;
        }
    }
    // A trailing effort without parentheses: `Claude Opus 4.7 effort: high`.
    let mut name_part = outside.clone();
    if effort.is_none() {
        if let Some(pos) = name_part.to_lowercase().find("effort") {
            if name_part.is_char_boundary(pos) {
                effort = effort_in(&name_part[pos..]);
                name_part.truncate(pos);
            }
        }
    }
    // Trailing notes after a spaced dash.
    for sep in [" — ", " – ", " - ", " -- "] {
        if let Some(pos) = name_part.find(sep) {
            name_part.truncate(pos);
        }
    }
    let name = name_part
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == ':' || c == '.' || c == '-' || c == '—')
        .trim()
        .to_string();
    if name.is_empty() || !name.chars().any(|c| c.is_alphabetic()) {
        return None;
    }
    Some(Reviewer {
        family: agent_family(&name),
        model: agent_model(&name),
        effort,
        name,
    })
}

/// `effort: xhigh` / `effort xhigh` / `effort=high` inside a parenthetical.
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
    use crate::text::names::{family_display_name, is_known_family};

    fn r(name: &str, family: &str, model: Option<&str>, effort: Option<&str>) -> Reviewer {
        Reviewer {
            name: name.to_string(),
            family: family.to_string(),
            model: model.map(str::to_string),
            effort: effort.map(str::to_string),
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
