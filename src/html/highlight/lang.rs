//! Which syntect syntax a piece of code is highlighted with: a fence info string's first
//! word normalised to a language key (`golang` -> `go`, `yml` -> `yaml`, `ps1` ->
//! `powershell`), a key to a syntax of the set, and a source file's syntax by its name or
//! first line.
//!
//! The set is bat's collection (the `two-face` crate: syntect's defaults plus Vue, SCSS,
//! PowerShell, TOML, INI, Dockerfile, TypeScript and about a hundred more), in newlines
//! mode, deserialised once on first use: a site without code never loads it. Go is
//! highlighted with syntect's own grammar, which parses it almost twice as fast
//! ([`Grammar`], `FROM_SYNTECT`).

use std::sync::OnceLock;
use syntect::parsing::{SyntaxReference, SyntaxSet};

/// The syntax set, loaded once (on the first code highlighted) and shared by every thread.
pub(super) fn syntax_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// A grammar to highlight with: a syntax and the set it belongs to (a syntax's contexts
/// are places in its own set, so the two go together).
#[derive(Clone, Copy)]
pub(super) struct Grammar {
    pub(super) set: &'static SyntaxSet,
    pub(super) syntax: &'static SyntaxReference,
}

/// The languages highlighted with syntect's own grammar rather than bat's. Go: bat's
/// grammar parses Go about 1.8 times slower (0.62 s against 0.35 s for 2,000 blocks of the
/// synthetic archive, `bench/` on this machine) for much the same colours, and Go is what
/// the archives quote most.
const FROM_SYNTECT: &[&str] = &["Go"];

/// syntect's own packed syntaxes, loaded on first use (by the first Go block).
fn syntect_set() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The grammar for `found`, a syntax of [`syntax_set`]: syntect's own for the languages of
/// [`FROM_SYNTECT`].
fn grammar(found: &'static SyntaxReference) -> Grammar {
    if FROM_SYNTECT.contains(&found.name.as_str()) {
        if let Some(syntax) = syntect_set().find_syntax_by_name(&found.name) {
            return Grammar {
                set: syntect_set(),
                syntax,
            };
        }
    }
    Grammar {
        set: syntax_set(),
        syntax: found,
    }
}

/// Fence words that ask for plain text on purpose: not a language, never coloured (public
/// for the test that measures how many blocks naming a language are coloured).
pub const PLAIN_WORDS: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "output",
    "none",
    "nohighlight",
    "no-highlight",
    "stdout",
    "stderr",
    "raw",
    "ascii",
    "tree",
    "console-output",
];

/// Fence words that name a language by another name: (word, key). A key is an extension
/// or a syntax name of the set (`find_syntax_by_token`), `diff`, or `text`.
const ALIASES: &[(&str, &str)] = &[
    ("golang", "go"),
    ("rs", "rust"),
    // Shells, and shell sessions (prompts and output) as shell.
    ("sh", "bash"),
    ("shell", "bash"),
    ("zsh", "bash"),
    ("ksh", "bash"),
    ("ash", "bash"),
    ("dash", "bash"),
    ("console", "bash"),
    ("terminal", "bash"),
    ("shell-session", "bash"),
    ("shellsession", "bash"),
    ("sh-session", "bash"),
    ("bash-session", "bash"),
    ("shellscript", "bash"),
    ("bats", "bash"),
    ("ps1", "powershell"),
    ("psm1", "powershell"),
    ("psd1", "powershell"),
    ("pwsh", "powershell"),
    ("posh", "powershell"),
    ("pwsh-session", "powershell"),
    ("ps1-session", "powershell"),
    ("batch", "bat"),
    ("dos", "bat"),
    ("batchfile", "bat"),
    ("yml", "yaml"),
    ("javascript", "js"),
    ("node", "js"),
    ("mjs", "js"),
    ("cjs", "js"),
    ("es6", "js"),
    ("typescript", "ts"),
    ("mts", "ts"),
    ("cts", "ts"),
    ("python", "py"),
    ("python3", "py"),
    ("py3", "py"),
    ("pycon", "py"),
    ("ipython", "py"),
    ("starlark", "py"),
    ("bzl", "py"),
    ("bazel", "py"),
    ("patch", "diff"),
    ("udiff", "diff"),
    ("git-diff", "diff"),
    ("docker", "dockerfile"),
    ("containerfile", "dockerfile"),
    ("make", "makefile"),
    ("mk", "makefile"),
    ("gnumake", "makefile"),
    ("htm", "html"),
    ("xhtml", "html"),
    ("c++", "cpp"),
    ("cc", "cpp"),
    ("cxx", "cpp"),
    ("hpp", "cpp"),
    ("md", "markdown"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("jsonl", "json"),
    ("ndjson", "json"),
    ("geojson", "json"),
    ("cfg", "ini"),
    ("dosini", "ini"),
    ("editorconfig", "ini"),
    ("systemd", "ini"),
    ("desktop", "ini"),
    ("gitconfig", "ini"),
    // Go templates share `{{ ... }}` actions, `-` trimming and keywords with Jinja2,
    // whose grammar colours them; no maintained Go template grammar is packed.
    ("gotmpl", "jinja2"),
    ("gotemplate", "jinja2"),
    ("go-template", "jinja2"),
    ("go-tmpl", "jinja2"),
    ("gohtml", "jinja2"),
    ("tmpl", "jinja2"),
    ("helm", "jinja2"),
    ("j2", "jinja2"),
    ("jinja", "jinja2"),
    ("csharp", "cs"),
    ("c#", "cs"),
    ("fsharp", "fs"),
    ("f#", "fs"),
    ("kotlin", "kt"),
    ("objc", "m"),
    ("objective-c", "m"),
    ("objectivec", "m"),
    ("ruby", "rb"),
    ("perl", "pl"),
    ("haskell", "hs"),
    ("elixir", "ex"),
    ("erlang", "erl"),
    ("terraform", "tf"),
    ("hcl", "tf"),
    ("gql", "graphql"),
    ("protobuf", "proto"),
    ("dotenv", ".env"),
    ("env", ".env"),
    ("viml", "vim"),
    ("vimscript", "vim"),
    ("apache", "htaccess"),
    ("apacheconf", "htaccess"),
    ("graphviz", "dot"),
    ("latex", "tex"),
    ("restructuredtext", "rst"),
    ("svg", "xml"),
    ("xsd", "xml"),
    ("xsl", "xml"),
    ("plist", "xml"),
    ("wsdl", "xml"),
    ("csproj", "xml"),
    ("postgresql", "sql"),
    ("postgres", "sql"),
    ("psql", "sql"),
    ("mysql", "sql"),
    ("sqlite", "sql"),
    ("plsql", "sql"),
    ("tsql", "sql"),
    ("elisp", "lisp"),
    ("emacs-lisp", "lisp"),
    ("scheme", "lisp"),
    ("nasm", "asm"),
    ("x86asm", "asm"),
    ("assembly", "asm"),
    ("gawk", "awk"),
    ("julia", "jl"),
    ("gradle", "groovy"),
    ("jenkinsfile", "groovy"),
    ("regex", "re"),
    ("regexp", "re"),
    ("cron", "crontab"),
    ("gomod", "go.mod"),
    ("go-mod", "go.mod"),
    ("gosum", "go.sum"),
    ("requirements", "requirements.txt"),
    ("pip-requirements", "requirements.txt"),
    ("coffeescript", "coffee"),
    ("ocaml", "ml"),
    ("fortran", "f90"),
    ("systemverilog", "sv"),
    ("solidity", "sol"),
    ("purescript", "purs"),
    ("delphi", "pas"),
    ("pascal", "pas"),
    ("typst", "typ"),
    ("manpage", "man"),
    ("troff", "groff"),
    ("email", "eml"),
    ("nixos", "nix"),
    ("ssh-config", "ssh_config"),
    ("sshconfig", "ssh_config"),
];

/// A fence info string's first word, lowercased: `go` of `Go title=x`, `python` of
/// `{.python}`, `go` of `go:main.go`. `None` for an empty info string.
pub(super) fn fence_word(info: &str) -> Option<String> {
    let first = info
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}' | ':'))
        .find(|w| !w.trim_start_matches('.').is_empty())?;
    Some(first.trim_start_matches('.').to_ascii_lowercase())
}

/// Normalises a fence info string's first word to a language key: `golang` -> `go`,
/// `yml` -> `yaml`, `console` -> `bash`, `txt` -> `text`. Returns `None` for an empty
/// info string.
pub(super) fn normalise_lang(info: &str) -> Option<String> {
    let word = fence_word(info)?;
    if PLAIN_WORDS.contains(&word.as_str()) {
        return Some("text".into());
    }
    Some(match ALIASES.iter().find(|(w, _)| *w == word) {
        Some((_, key)) => (*key).to_string(),
        None => word,
    })
}

/// The syntax for a normalised language key, if the set has one: by extension, else by
/// name (`powershell`, `PowerShell`). `text`, `diff` and unknown words have none.
pub(super) fn syntax_for(lang: &str) -> Option<Grammar> {
    if matches!(lang, "text" | "diff" | "") {
        return None;
    }
    syntax_set()
        .find_syntax_by_token(lang)
        .filter(|s| s.name != "Plain Text")
        .map(grammar)
}

/// The syntax for a file name: the whole name (`Makefile`, `go.mod`), its extension (with
/// the fence aliases: `.bats`, `.tmpl`), else its first line (`#!/bin/sh`).
pub(super) fn syntax_for_file(path: &str, first_line: &str) -> Option<Grammar> {
    let ss = syntax_set();
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let alias = ext
        .as_deref()
        .and_then(|e| ALIASES.iter().find(|(w, _)| *w == e))
        .map(|(_, key)| *key);
    let found = ss
        .find_syntax_by_extension(name)
        .or_else(|| ext.as_deref().and_then(|e| ss.find_syntax_by_extension(e)))
        .or_else(|| alias.and_then(|a| ss.find_syntax_by_token(a)))
        .or_else(|| ss.find_syntax_by_first_line(first_line))?;
    (found.name != "Plain Text").then(|| grammar(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases() {
        assert_eq!(normalise_lang("golang").as_deref(), Some("go"));
        assert_eq!(normalise_lang("Go title=x").as_deref(), Some("go"));
        assert_eq!(normalise_lang("go:cmd/main.go").as_deref(), Some("go"));
        assert_eq!(normalise_lang("{.python}").as_deref(), Some("py"));
        assert_eq!(normalise_lang("yml").as_deref(), Some("yaml"));
        assert_eq!(normalise_lang("console").as_deref(), Some("bash"));
        assert_eq!(normalise_lang("PS1").as_deref(), Some("powershell"));
        assert_eq!(normalise_lang("txt").as_deref(), Some("text"));
        assert_eq!(normalise_lang("").as_deref(), None);
        assert_eq!(normalise_lang("   ").as_deref(), None);
        assert_eq!(fence_word("Console $").as_deref(), Some("console"));
    }

    /// Every word the reports use, and the common aliases, find a real grammar: the one
    /// named here (so an alias never lands on a look-alike by accident).
    #[test]
    fn languages_resolve_to_their_grammar() {
        let cases = [
            ("go", "Go"),
            ("golang", "Go"),
            ("rust", "Rust"),
            ("sh", "Bourne Again Shell (bash)"),
            ("console", "Bourne Again Shell (bash)"),
            ("shell-session", "Bourne Again Shell (bash)"),
            ("zsh", "Bourne Again Shell (bash)"),
            ("xml", "XML"),
            ("yaml", "YAML"),
            ("json", "JSON"),
            ("jsonc", "JSON"),
            ("js", "JavaScript (Babel)"),
            ("jsx", "JavaScript (Babel)"),
            ("ts", "TypeScript"),
            ("typescript", "TypeScript"),
            ("tsx", "TypeScriptReact"),
            ("py", "Python"),
            ("makefile", "Makefile"),
            ("vue", "Vue Component"),
            ("scss", "SCSS"),
            ("sass", "Sass"),
            ("powershell", "PowerShell"),
            ("pwsh", "PowerShell"),
            ("ps1", "PowerShell"),
            ("bat", "Batch File"),
            ("ini", "INI"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
            ("Dockerfile", "Dockerfile"),
            ("gotmpl", "Jinja2"),
            ("hcl", "Terraform"),
            ("sql", "SQL"),
            ("graphql", "GraphQL"),
            ("proto", "Protocol Buffer"),
            ("kotlin", "Kotlin"),
            ("swift", "Swift"),
            ("csharp", "C#"),
            ("c++", "C++"),
            ("java", "Java"),
            ("ruby", "Ruby"),
            ("php", "PHP"),
            ("lua", "Lua"),
            ("nix", "Nix"),
            ("css", "CSS"),
            ("html", "HTML"),
            ("markdown", "Markdown"),
            ("md", "Markdown"),
            ("gomod", "Gomod"),
            ("nginx", "nginx"),
            ("svelte", "Svelte"),
            ("zig", "Zig"),
            ("http", "HTTP Request and Response"),
            ("log", "log"),
        ];
        for (word, grammar) in cases {
            let key = normalise_lang(word).unwrap();
            let found = syntax_for(&key).map(|g| g.syntax.name.as_str());
            assert_eq!(found, Some(grammar), "{word} (key {key})");
        }
    }

    #[test]
    fn plain_and_unknown_have_no_grammar() {
        for word in [
            "text",
            "txt",
            "output",
            "plain",
            "diff",
            "patch",
            "nosuchlang",
            "mermaid",
        ] {
            let key = normalise_lang(word).unwrap();
            assert!(syntax_for(&key).is_none(), "{word}");
        }
    }

    #[test]
    fn files_by_name() {
        let name = |p: &str| syntax_for_file(p, "").map(|s| s.syntax.name.as_str());
        assert_eq!(name("web/App.vue"), Some("Vue Component"));
        assert_eq!(name("Cargo.toml"), Some("TOML"));
        assert_eq!(name("build/Dockerfile"), Some("Dockerfile"));
        assert_eq!(name("go.mod"), Some("Gomod"));
        assert_eq!(name("deploy/x.ps1"), Some("PowerShell"));
        assert_eq!(name("t/run.bats"), Some("Bourne Again Shell (bash)"));
        assert_eq!(name("charts/deployment.tmpl"), Some("Jinja2"));
        assert_eq!(name("notes.unknownext"), None);
    }
}
