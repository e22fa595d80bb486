//! Which syntect syntax a piece of code is highlighted with: a fence info string's first
//! word normalised to a language key (`golang` -> `go`, `yml` -> `yaml`), a key to a
//! syntax of the packed set, and a source file's syntax by its name or first line.

use std::sync::OnceLock;
use syntect::parsing::{SyntaxReference, SyntaxSet};

/// The packed syntax set, loaded once and shared by every thread.
pub(super) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// Normalises a fence info string's first word to a language key: `golang` -> `go`,
/// `yml` -> `yaml`, `console` -> `sh`. Returns `None` for an empty info string.
pub(super) fn normalise_lang(info: &str) -> Option<String> {
    let first = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .find(|w| !w.is_empty())?;
    let first = first.trim_start_matches('.').to_ascii_lowercase();
    let key = match first.as_str() {
        "golang" => "go",
        "rs" => "rust",
        "bash" | "shell" | "zsh" | "console" | "shell-session" | "sh" | "ksh" => "sh",
        "ps1" | "pwsh" | "powershell" | "bat" | "cmd" => "powershell",
        "yml" => "yaml",
        "javascript" | "jsx" | "mjs" | "cjs" => "js",
        "typescript" | "tsx" => "ts",
        "python" | "python3" => "py",
        "patch" | "udiff" => "diff",
        "docker" | "containerfile" => "dockerfile",
        "make" | "mk" => "makefile",
        "plain" | "plaintext" | "txt" => "text",
        "htm" | "xhtml" => "html",
        "c++" | "cc" | "hpp" => "cpp",
        "md" => "markdown",
        other => other,
    };
    if key.is_empty() {
        None
    } else {
        Some(key.to_string())
    }
}

/// The syntect syntax for a normalised language key, if the packed set has one.
pub(super) fn syntax_for(lang: &str) -> Option<&'static SyntaxReference> {
    let ss = syntax_set();
    let token = match lang {
        "text" | "powershell" | "toml" | "dockerfile" | "" => return None,
        "sh" => "bash",
        "ts" => "js",
        "yaml" => "yaml",
        other => other,
    };
    ss.find_syntax_by_token(token)
        .or_else(|| ss.find_syntax_by_extension(token))
}

/// The syntax for a file name: the whole name (`Makefile`), its extension (with a few
/// aliases the packed set lacks, such as `.bats`), else its first line (`#!/bin/sh`).
pub(super) fn syntax_for_file(path: &str, first_line: &str) -> Option<&'static SyntaxReference> {
    let ss = syntax_set();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let alias = match ext.as_deref() {
        Some("bats") => Some("sh"),
        Some("mjs") | Some("cjs") => Some("js"),
        _ => None,
    };
    let found = ss
        .find_syntax_by_extension(name)
        .or_else(|| ext.as_deref().and_then(|e| ss.find_syntax_by_extension(e)))
        .or_else(|| alias.and_then(|a| ss.find_syntax_by_extension(a)))
        .or_else(|| ss.find_syntax_by_first_line(first_line))?;
    (found.name != "Plain Text").then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(normalise_lang("golang").as_deref(), Some("go"));
        assert_eq!(normalise_lang("Go title=x").as_deref(), Some("go"));
        assert_eq!(normalise_lang("yml").as_deref(), Some("yaml"));
        assert_eq!(normalise_lang("console").as_deref(), Some("sh"));
        assert_eq!(normalise_lang("").as_deref(), None);
        assert_eq!(normalise_lang("   ").as_deref(), None);
    }

    #[test]
    fn common_languages_resolve() {
        for l in [
            "go", "rust", "sh", "bash", "xml", "yaml", "json", "js", "py", "makefile",
        ] {
            let key = normalise_lang(l).unwrap();
            assert!(syntax_for(&key).is_some(), "{l}");
        }
    }
}
