//! Agent identity: the family and model an agent name stands for, and how a family is
//! displayed. Shared by every stage that meets agent names (the parser, the sidecar
//! enrichment, the renderer's pills), so they all agree on who is who.
//!
//! Decisions (the reports are free text; these are the rules we apply):
//! - **Family** is read from the name: a name that mentions `Codex` anywhere is `codex`;
//!   otherwise the alphabetic prefix of the first word, lower case (`Gemma4` -> `gemma`,
//!   `GLM-4.7` -> `glm`, `GPT-5` -> `gpt`, `Mistral7` -> `mistral`). Claude's model names
//!   alone (`Opus`, `Sonnet`, `Haiku`) map to `claude`.
//! - **Model** is the remainder after the family letters, with separators trimmed:
//!   `Claude Opus 4.7` -> `Opus 4.7`, `Codex GPT 5.5` -> `GPT 5.5`, `Gemma4 31B` -> `4 31B`,
//!   `GLM-4.7 Flash` -> `4.7 Flash`, `Qwen3 Coder Next` -> `3 Coder Next`. So the model
//!   always reads correctly after the family display name (`Gemma 4 31B`).
//!
//! Three family lists, each for its own rule, all here:
//! - `KNOWN_FAMILIES`: a family read by [`agent_family`] that is one of these makes a
//!   word an agent name ([`is_known_family`]): in the retro's tables, in the brackets of
//!   design observations, for a pill's short name.
//! - `COLOURED_FAMILIES`: the known families with a colour of their own in the theme
//!   (`.agent-<family>` in the default stylesheet); every other family, known or not, gets
//!   one of six hashed colours (`agent_class`). A subset of `KNOWN_FAMILIES` (a test
//!   checks both that and the stylesheet).
//! - `HEADING_FAMILIES`: what the first word of an appendix heading is matched against
//!   (`heading_word_names_family`), by prefix rather than through [`agent_family`]. It
//!   is the older list: it knows `o3`, `o4` and `opencode` (to [`agent_family`], `o3` is
//!   the family `o` and `opencode` an unknown one) and lacks `phi`, `cursor`, `devstral`,
//!   `minimax` and `olmo`. Merging it into `KNOWN_FAMILIES` would change which headings open an
//!   agent's review, so it stays a list of its own.

use std::cell::RefCell;
use std::collections::HashMap;

/// Families we know by name (used to tell agent names from other words).
pub(crate) const KNOWN_FAMILIES: &[&str] = &[
    "claude", "codex", "gemini", "qwen", "gemma", "glm", "gpt", "llama", "mistral", "deepseek",
    "grok", "kimi", "phi", "copilot", "cursor", "devstral", "minimax", "olmo",
];

/// Families an appendix heading's first word may name (see the module documentation for
/// how this list differs from [`KNOWN_FAMILIES`]).
pub(crate) const HEADING_FAMILIES: &[&str] = &[
    "claude", "codex", "gemini", "qwen", "gemma", "glm", "gpt", "llama", "mistral", "deepseek",
    "grok", "kimi", "copilot", "opencode", "o3", "o4",
];

/// Whether `word` (a heading's first word, lower case) names an agent family: it starts
/// with one of [`HEADING_FAMILIES`] and adds at most four characters (`qwen3`, `gpt-5`,
/// `o3`, `gemma4`), so a longer word that merely starts like one (`llamaindex`) does not.
pub(crate) fn heading_word_names_family(word: &str) -> bool {
    HEADING_FAMILIES
        .iter()
        .any(|f| word.starts_with(f) && word.len() <= f.len() + 4)
}

/// Removes bold/italic markers, backticks and link syntax (`[text](url)` -> `text`).
pub(crate) fn strip_inline_markdown(text: &str) -> String {
    // Most names have nothing to strip.
    if !text.contains(['*', '_', '`', ']']) {
        return text.to_string();
    }
    // Links: [text](url) -> text. The syntax is ASCII, so byte offsets are char-safe.
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut kept) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b']' && bytes.get(i + 1) == Some(&b'(') {
            // Skip the `(url)` part.
            out.push_str(&text[kept..=i]);
            let mut j = i + 2;
            let mut depth = 1;
            while j < bytes.len() && depth > 0 {
                match bytes[j] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                j += 1;
            }
            i = j;
            kept = j;
            continue;
        }
        i += 1;
    }
    out.push_str(&text[kept..]);
    // Bracketed link texts `[Claude](url)` become `[Claude]`: keep brackets, they are
    // meaningful in tags. Remove emphasis markers and backticks (in this order: `_**_`
    // loses its `**` first, and then is a `__`).
    if out.contains("**") {
        out = out.replace("**", "");
    }
    if out.contains("__") {
        out = out.replace("__", "");
    }
    if out.contains(['`', '*']) {
        out = out.replace(['`', '*'], "");
    }
    out
}

/// The normalised family of an agent name or tag: `[Claude]`, `Claude Opus 4.7` -> `claude`.
///
/// See the module documentation for the rules. Returns an empty string for a name with
/// no letters.
pub fn agent_family(name: &str) -> String {
    family_and_model(name).0
}

/// The model part of an agent name: `Claude Opus 4.7` -> `Opus 4.7`; `None` for a bare tag.
pub(crate) fn agent_model(name: &str) -> Option<String> {
    family_and_model(name).1
}

/// The one agent-name normaliser: Markdown marks and brackets dropped, spaces collapsed
/// (`**[Claude  Opus]**` -> `Claude Opus`).
pub(crate) fn clean_name(name: &str) -> String {
    memoized(&CLEAN_MEMO, name, |name| {
        strip_inline_markdown(name)
            .replace(['[', ']'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// The key every spelling of one agent name shares: [`clean_name`], lower case, without
/// spaces, hyphens or underscores (`GPT 5.6-sol`, `gpt 5.6 Sol` -> `gpt5.6sol`; `Gemma4 31B`,
/// `Gemma 4 31B` -> `gemma431b`). Dots and digits stay: `GPT 5.5` is not `GPT 55`.
pub(crate) fn name_key(name: &str) -> String {
    memoized(&KEY_MEMO, name, |name| {
        clean_name(name)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    })
}

/// The key a model version is grouped by across an archive: the family and the
/// [`name_key`] of the model part (`claude`, `Opus 4.7` -> `claude\u{1f}opus4.7`).
pub(crate) fn model_key(family: &str, model: Option<&str>) -> String {
    format!("{family}\u{1f}{}", model.map(name_key).unwrap_or_default())
}

/// An agent a name may stand for: its name as written, family and model part.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AgentRef<'a> {
    pub name: &'a str,
    pub family: &'a str,
    pub model: Option<&'a str>,
}

/// Which candidates a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AgentMatch {
    One(usize),
    /// A bare family (`[Qwen]`) when several agents of that family ran.
    Many(Vec<usize>),
    None,
}

/// The one rule that pairs an agent name (of `family`, as the caller read it) with the
/// agents a report names elsewhere (Reviewers entries, metrics columns, retro labels,
/// sidecar records). `None` candidates are already taken and skipped. In order:
/// 1. the same [`name_key`], or one's whole name is the other's model part
///    (`GPT 5.6 Sol` and `Codex GPT 5.6-sol`): the first such candidate;
/// 2. a name with a model: the first candidate of the same family and model key, else the
///    only candidate of the family without a model (a bare `[Claude]` met first);
/// 3. a name without a model: the family's candidate, or all of them when several.
pub(crate) fn match_agent<'a>(
    name: &str,
    family: &str,
    candidates: impl IntoIterator<Item = Option<AgentRef<'a>>>,
) -> AgentMatch {
    let key = name_key(name);
    let model = agent_model(name)
        .map(|m| name_key(&m))
        .filter(|m| !m.is_empty());
    let mut same_model = None;
    let (mut same_family, mut unnamed) = (Vec::new(), Vec::new());
    for (i, cand) in candidates.into_iter().enumerate() {
        let Some(cand) = cand else {
            continue;
        };
        let cand_key = name_key(cand.name);
        let cand_model = cand.model.map(name_key).filter(|m| !m.is_empty());
        if cand_key == key
            || model_names_whole(cand_model.as_deref(), &key)
            || model_names_whole(model.as_deref(), &cand_key)
        {
            return AgentMatch::One(i);
        }
        if family.is_empty() || cand.family != family {
            continue;
        }
        same_family.push(i);
        match &cand_model {
            None => unnamed.push(i),
            Some(m) if Some(m) == model.as_ref() && same_model.is_none() => same_model = Some(i),
            Some(_) => {}
        }
    }
    if model.is_some() {
        return match (same_model, unnamed.as_slice()) {
            (Some(i), _) | (None, &[i]) => AgentMatch::One(i),
            _ => AgentMatch::None,
        };
    }
    match same_family.as_slice() {
        [] => AgentMatch::None,
        [i] => AgentMatch::One(*i),
        _ => AgentMatch::Many(same_family),
    }
}

/// Whether a model key is a whole name's key, and specific enough to say so (a letter and
/// a digit: `gpt5.6sol`, not `pro`).
fn model_names_whole(model: Option<&str>, key: &str) -> bool {
    model.is_some_and(|m| {
        m == key && m.chars().any(|c| c.is_alphabetic()) && m.chars().any(|c| c.is_ascii_digit())
    })
}

/// What was worked out from names met so far on this thread: an archive names the same
/// few agents thousands of times (and [`match_agent`] keys every candidate for every
/// name). Forgotten when it grows past [`NAME_MEMO_ENTRIES`].
type NameMemo<T> = RefCell<HashMap<Box<str>, T, foldhash::fast::RandomState>>;
const NAME_MEMO_ENTRIES: usize = 4096;

thread_local! {
    static FAMILY_MEMO: NameMemo<(String, Option<String>)> = NameMemo::default();
    static KEY_MEMO: NameMemo<String> = NameMemo::default();
    static CLEAN_MEMO: NameMemo<String> = NameMemo::default();
}

/// `work(name)`, remembered in `memo`.
fn memoized<T: Clone + 'static>(
    memo: &'static std::thread::LocalKey<NameMemo<T>>,
    name: &str,
    work: impl FnOnce(&str) -> T,
) -> T {
    memo.with(|memo| {
        if let Some(hit) = memo.borrow().get(name) {
            return hit.clone();
        }
        let found = work(name);
        let mut memo = memo.borrow_mut();
        if memo.len() >= NAME_MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(name.into(), found.clone());
        found
    })
}

fn family_and_model(name: &str) -> (String, Option<String>) {
    memoized(&FAMILY_MEMO, name, read_family_and_model)
}

fn read_family_and_model(name: &str) -> (String, Option<String>) {
    let cleaned = clean_name(name);
    let lower = cleaned.to_lowercase();
    // Skip leading non-letters.
    let start = match cleaned.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, _)) => i,
        None => return (String::new(), None),
    };
    let rest = &cleaned[start..];
    let word_end = rest
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let first = &rest[..word_end];
    let after_first = &rest[word_end..];
    let first_lower = first.to_lowercase();

    let model_from = |s: &str| -> Option<String> {
        let m = s
            .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '_' || c == ':')
            .to_string();
        if m.is_empty() {
            None
        } else {
            Some(m)
        }
    };

    // Codex wins wherever it appears (`Codex GPT 5.5`, `GPT-5 Codex`).
    if lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w == "codex")
    {
        if first_lower == "codex" {
            return ("codex".to_string(), model_from(after_first));
        }
        return ("codex".to_string(), model_from(rest));
    }
    match first_lower.as_str() {
        // Claude's model names used alone.
        "opus" | "sonnet" | "haiku" => ("claude".to_string(), model_from(rest)),
        "anthropic" => ("claude".to_string(), model_from(after_first)),
        "openai" | "chatgpt" => ("gpt".to_string(), model_from(after_first)),
        "google" => {
            let f = after_first.trim();
            if f.to_lowercase().starts_with("gemini") {
                read_family_and_model(f)
            } else {
                ("gemini".to_string(), model_from(after_first))
            }
        }
        _ => (first_lower, model_from(after_first)),
    }
}

/// Whether a family name is one we know (`claude`, `codex`, ...).
pub fn is_known_family(family: &str) -> bool {
    KNOWN_FAMILIES.contains(&family)
}

/// A display name for a family: `claude` -> `Claude`, `glm` -> `GLM`, `gpt` -> `GPT`.
pub(crate) fn family_display_name(family: &str) -> String {
    match family {
        "glm" => "GLM".to_string(),
        "gpt" => "GPT".to_string(),
        "deepseek" => "DeepSeek".to_string(),
        "minimax" => "MiniMax".to_string(),
        "olmo" => "OLMo".to_string(),
        _ => {
            let mut chars = family.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

/// Families with a colour of their own in the theme: the corpus's six, and the families
/// later pipelines add (so two of them never share a hashed colour on one page). Each is
/// one of [`KNOWN_FAMILIES`] and has its `.agent-<family>` rules in the default theme.
pub(crate) const COLOURED_FAMILIES: &[&str] = &[
    "claude", "codex", "gemini", "qwen", "gemma", "glm", "deepseek", "mistral", "llama", "kimi",
    "grok",
];

/// The CSS class of an agent family: `agent-claude`, or `agent-p<N>` from a stable hash of
/// the family name for families without their own colour.
pub(crate) fn agent_class(family_or_name: &str) -> String {
    let fam = family_of(family_or_name);
    if COLOURED_FAMILIES.contains(&fam.as_str()) {
        return format!("agent-{fam}");
    }
    // FNV-1a: stable across runs and platforms.
    let mut h: u32 = 0x811c_9dc5;
    for b in fam.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    format!("agent-other agent-p{}", h % 6)
}

/// Family of an agent name as written (`[Claude Opus 4.7]` -> `claude`, `Gemma4` -> `gemma`),
/// by the parser's rules so pills and parsed families agree.
fn family_of(name: &str) -> String {
    let f = agent_family(name);
    if f.is_empty() {
        "other".into()
    } else {
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_classes_are_stable() {
        assert_eq!(agent_class("claude"), "agent-claude");
        assert_eq!(agent_class("[Claude Opus 4.7]"), "agent-claude");
        assert_eq!(agent_class("Gemma4 31B"), "agent-gemma");
        assert_eq!(agent_class("mistral"), agent_class("Mistral Large"));
        assert_eq!(agent_class("Kimi K2"), "agent-kimi");
        assert_eq!(agent_class("DeepSeek V3.2"), "agent-deepseek");
        assert!(agent_class("falcon").starts_with("agent-other agent-p"));
    }

    #[test]
    fn coloured_families_are_known_and_styled() {
        let css = include_str!("../../themes/default/static/style.css");
        for f in COLOURED_FAMILIES {
            assert!(
                KNOWN_FAMILIES.contains(f),
                "{f} has a colour but is not known"
            );
            assert!(
                css.contains(&format!(".agent-{f}")),
                "{f} has no colour in the theme"
            );
        }
    }

    #[test]
    fn heading_words_name_families_by_prefix() {
        for w in ["claude", "qwen3", "gpt-5", "o3", "gemma4", "opencode"] {
            assert!(heading_word_names_family(w), "{w}");
        }
        for w in ["llamaindex", "overview", "", "phi"] {
            assert!(!heading_word_names_family(w), "{w}");
        }
    }

    #[test]
    fn strip_inline_markdown_drops_link_targets_emphasis_and_backticks() {
        let cases = [
            ("Claude Opus 4.7", "Claude Opus 4.7"),
            ("**Claude**", "Claude"),
            ("`codex`", "codex"),
            ("[Gemini](https://x.test/a_(b)_c) **2.5**", "[Gemini] 2.5"),
            // `**` goes first, so what it leaves of `_**_` is a `__`, which goes too.
            ("a_**_b", "ab"),
            ("snake_case __bold__", "snake_case bold"),
            ("*Qwen* ]( unclosed", "Qwen ]"),
            ("Gémma ⟨4⟩ [x](ü(ö)) — ok", "Gémma ⟨4⟩ [x] — ok"),
            ("]", "]"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(strip_inline_markdown(input), want, "input {input:?}");
        }
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        assert_eq!(name_key("GPT 5.6-sol"), name_key("gpt 5.6 Sol"));
        assert_eq!(name_key("Gemma4 31B"), name_key("Gemma 4 31B"));
        assert_eq!(name_key("**[GLM-4.7 Flash]**"), name_key("glm 4.7 flash"));
        assert_ne!(name_key("GPT 5.5"), name_key("GPT 55"));
        assert_ne!(name_key("Qwen 3.6 35B"), name_key("Qwen 3.6 27B"));
        assert_eq!(
            model_key("codex", Some("GPT 5.6-sol")),
            model_key("codex", Some("GPT 5.6 Sol"))
        );
        assert_ne!(
            model_key("codex", Some("GPT 5.6")),
            model_key("gpt", Some("GPT 5.6"))
        );
    }

    type Named<'a> = (&'a str, String, Option<String>);

    fn named<'a>(names: &[&'a str]) -> Vec<Named<'a>> {
        names
            .iter()
            .map(|n| (*n, agent_family(n), agent_model(n)))
            .collect()
    }

    fn refs<'a>(names: &'a [Named<'a>]) -> Vec<Option<AgentRef<'a>>> {
        names
            .iter()
            .map(|(n, f, m)| {
                Some(AgentRef {
                    name: n,
                    family: f,
                    model: m.as_deref(),
                })
            })
            .collect()
    }

    #[test]
    fn one_rule_pairs_agent_names() {
        let names = named(&[
            "claude Opus 4.7",
            "Codex GPT 5.6-sol",
            "qwen 3.6 35B",
            "qwen 3.6 27B",
            "gemma4 31B",
        ]);
        let m = |name: &str| match_agent(name, &agent_family(name), refs(&names));
        // Any spelling of the full name.
        assert_eq!(m("Claude Opus 4.7"), AgentMatch::One(0));
        assert_eq!(m("Codex GPT 5.6 Sol"), AgentMatch::One(1));
        // The model part alone names the agent whose model it is, in another family.
        assert_eq!(m("GPT 5.6 Sol"), AgentMatch::One(1));
        assert_eq!(m("Gemma 4 31B"), AgentMatch::One(4));
        // A bare family: the family's agent, or all of them.
        assert_eq!(m("[Claude]"), AgentMatch::One(0));
        assert_eq!(m("[Qwen]"), AgentMatch::Many(vec![2, 3]));
        // Another model of a known family is another agent.
        assert_eq!(m("Claude Opus 4.6"), AgentMatch::None);
        assert_eq!(m("Qwen 3.6 14B"), AgentMatch::None);
        assert_eq!(m("Gemini 3.1 Pro"), AgentMatch::None);
        // Taken candidates are skipped.
        let mut taken = refs(&names);
        taken[2] = None;
        assert_eq!(match_agent("[Qwen]", "qwen", taken), AgentMatch::One(3));
        // A model named first as a bare tag: the full name is that agent.
        let bare = named(&["[Claude]"]);
        assert_eq!(
            match_agent("Claude Opus 4.7", "claude", refs(&bare)),
            AgentMatch::One(0)
        );
    }

    #[test]
    fn remembered_names_read_as_on_first_sight() {
        for name in [
            "[Claude Opus 4.7]",
            "Google Gemini 2.5 Pro",
            "GPT-5 Codex",
            "**Qwen3**",
        ] {
            let first = family_and_model(name);
            assert_eq!(first, read_family_and_model(name));
            assert_eq!(family_and_model(name), first, "second sight of {name:?}");
        }
        assert_eq!(agent_family("Google Gemini 2.5 Pro"), "gemini");
        assert_eq!(
            agent_model("[Claude Opus 4.7]").as_deref(),
            Some("Opus 4.7")
        );
    }
}
