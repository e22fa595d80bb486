//! A finding's head line: its id, title, locations, agents, tags and notes, read from the
//! inline source of one head paragraph (or heading). `C1. **Title** — `a.go:12` [Agent]
//! (important, regression)`, `**[CRITICAL] path:12 — Title** [Agent]`, `**I1** Title — loc`,
//! `### Finding 3: Title`; and how much of a paragraph that head takes up.

use super::attribution::{agent_list, split_trailing};
use super::locations::{looks_like_location, parse_locations, re_plain_loc};
use super::words::severity_word;
use crate::model::{Location, Severity};
use crate::parse::static_regex::re;
use regex::Regex;
use std::sync::OnceLock;

/// What a head line says.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Head {
    pub written_id: Option<String>,
    /// Severity named by the id letter.
    pub id_severity: Option<Severity>,
    /// Severity named by a `[CRITICAL]` tag.
    pub tag_severity: Option<Severity>,
    pub title: String,
    pub locations: Vec<Location>,
    pub agents: Vec<String>,
    pub tags: Vec<String>,
    pub notes: Vec<String>,
    /// Severity word found in the tags parenthetical.
    pub paren_severity: Option<Severity>,
    /// The text after the title (Markdown).
    pub rest: String,
    /// The location part of `rest` as written, when it holds words besides code spans.
    pub location_text: Option<String>,
    /// A heading whose id is followed by a space only (`### I3 Title`): a finding only where
    /// the id's letter agrees with the section's severity.
    pub bare_id: bool,
}

/// The severity of an id letter: `C`/`I`/`S`, and in German reports `K` (kritisch),
/// `W` (wichtig), `V` (Vorschlag).
fn letter_severity(c: &str) -> Option<Severity> {
    match c {
        "C" | "c" | "K" => Some(Severity::Critical),
        "I" | "i" | "W" => Some(Severity::Important),
        "S" | "s" | "V" => Some(Severity::Suggestion),
        _ => None,
    }
}

/// Finds the end of a bold run that starts at `s[0..2] == "**"`, skipping code spans.
/// Returns (inner, rest-after-closing-markers).
fn split_bold(s: &str) -> Option<(&str, &str)> {
    let body = s.strip_prefix("**")?;
    let bytes = body.as_bytes();
    let mut first: Option<(&str, &str)> = None;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                // Skip a code span of the same backtick run length.
                let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                let fence = &body[i..i + run];
                match body[i + run..].find(fence) {
                    Some(p) => i = i + run + p + run,
                    None => i += run,
                }
            }
            b'\\' => i += 2,
            // A closing `**` follows a non-space (`**a **b**` closes after `b`).
            b'*' if bytes.get(i + 1) == Some(&b'*')
                && i > 0
                && !bytes[i - 1].is_ascii_whitespace() =>
            {
                let inner = body.get(..i)?;
                let rest = body.get(i + 2..)?;
                // A title with bold inside (`****a** b**`) closes at the `**` that leaves
                // its own bold balanced; otherwise the first one.
                if inner.matches("**").count() % 2 == 0 {
                    return Some((inner, rest));
                }
                first.get_or_insert((inner, rest));
                i += 2;
            }
            _ => i += 1,
        }
    }
    first
}

/// The shape of text after a bold title that makes it a finding head: a dash, an
/// attribution, a parenthetical, or nothing.
fn head_shape_ok(rest: &str) -> bool {
    let r = rest.trim_start();
    r.is_empty()
        || r.starts_with('—')
        || r.starts_with('–')
        || r.starts_with("- ")
        || r.starts_with('[')
        || r.starts_with('(')
        || r.starts_with("`(")
        || r.starts_with("`[")
        || r.starts_with('*')
        || r.starts_with('\n')
}

/// Parses a head paragraph's inline source (without any list marker).
/// `require_id` = only accept `I3.`/`**I3. ...**`/`**[CRITICAL] ...**` forms.
pub(crate) fn parse_head(text: &str, require_id: bool) -> Option<Head> {
    static ID_OUT: OnceLock<Regex> = OnceLock::new();
    static ID_IN: OnceLock<Regex> = OnceLock::new();
    static TAG: OnceLock<Regex> = OnceLock::new();
    let text = text.trim_start();
    let mut head = Head::default();
    let after_title: String;
    static ID_ONLY: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(
        &ID_OUT,
        r"^(?:\[([CISKWV])(\d{1,5})\][.:]?|([CISKWV])(\d{1,5})(?:[.:)]|\s+[—–]))\s+",
    )
    .captures(text)
    {
        let (l, n) = match (c.get(1), c.get(2)) {
            (Some(l), Some(n)) => (l.as_str(), n.as_str()),
            _ => (c.get(3)?.as_str(), c.get(4)?.as_str()),
        };
        head.written_id = Some(format!("{l}{n}"));
        head.id_severity = letter_severity(l);
        let r = &text[c.get(0)?.end()..];
        if r.starts_with("**") {
            let (inner, rest) = split_bold(r)?;
            head.title = inner.trim().to_string();
            after_title = rest.to_string();
        } else {
            let (t, rest) = split_dash(r);
            head.title = t.trim().to_string();
            after_title = rest.to_string();
        }
    } else if text.starts_with("**") {
        let (inner, rest) = split_bold(text)?;
        if let Some(c) = re(&ID_ONLY, r"^\[?([CISKWV])(\d{1,5})\]?[.:)]?$").captures(inner.trim()) {
            // `**I1** Title — loc [A]`: the bold is only the id.
            head.written_id = Some(format!("{}{}", &c[1], &c[2]));
            head.id_severity = letter_severity(&c[1]);
            let r = rest.trim_start().trim_start_matches(['—', '–', ':']).trim_start();
            let (t, after) = split_dash(r);
            // Without a dash, the title runs to the attribution or the tags.
            let (t, after) = if after.is_empty() {
                let cut = find_outside_code(t, " [")
                    .or_else(|| find_outside_code(t, " ("))
                    .unwrap_or(t.len());
                (&t[..cut], &t[cut..])
            } else {
                (t, after)
            };
            head.title = t.trim().to_string();
            if head.title.is_empty() {
                return None;
            }
            read_rest(after, &mut head);
            head.rest = after.to_string();
            return Some(head);
        } else if let Some(c) =
            re(&ID_IN, r"^\[?([CISKWV])(\d{1,5})\]?[.:)]?\s+").captures(inner)
        {
            head.written_id = Some(format!("{}{}", &c[1], &c[2]));
            head.id_severity = letter_severity(&c[1]);
            head.title = inner[c.get(0)?.end()..].trim().to_string();
        } else if let Some(c) = re(
            &TAG,
            r"^\[(?i)(critical|important|suggestions?|minor|nits?|major|high|medium|low|blocker|trivial)\]\s*",
        )
        .captures(inner)
        {
            head.tag_severity = severity_word(&c[1]);
            let t = inner[c.get(0)?.end()..].trim();
            // `path:238-258 — Title`: a location before the first dash.
            let (a, b) = split_dash(t);
            if !b.is_empty() && looks_like_location(a) {
                head.locations = parse_locations(&[a.trim().trim_matches('`').to_string()]);
                head.title = b.trim().trim_start_matches(['—', '–']).trim().to_string();
            } else {
                head.title = t.to_string();
            }
        } else {
            if require_id {
                return None;
            }
            if !head_shape_ok(rest) {
                return None;
            }
            head.title = inner.trim().to_string();
        }
        after_title = rest.to_string();
    } else {
        return None;
    }
    if head.title.is_empty() {
        return None;
    }
    read_rest(&after_title, &mut head);
    head.rest = after_title;
    Some(head)
}

/// A finding written as a heading: `C1. Title`, `I2: Title — loc [A]`, `Finding 3: Title`,
/// `1. **Title** — loc`, and `I3 Title` (a letter id and a space, then a title that starts
/// with a capital, a code span, bold or a quote; `bare_id` is set).
pub(crate) fn parse_heading_head(text: &str) -> Option<Head> {
    static R: OnceLock<Regex> = OnceLock::new();
    static BARE: OnceLock<Regex> = OnceLock::new();
    let text = text.trim();
    let (c, bare_id) = match re(
        &R,
        r"^(?i:finding\s+)?[*\[]*([CIS])?(\d{1,3})(?:[.:)\]]|\s+[—–])[*\]]*\s+(.+)$",
    )
    .captures(text)
    {
        Some(c) => (c, false),
        None => (
            re(
                &BARE,
                r#"^\**([CIS])(\d{1,3})\**\s+((?:\p{Lu}|[`*"“'‘]).*)$"#,
            )
            .captures(text)?,
            true,
        ),
    };
    let rest = c.get(3)?.as_str();
    let mut head = if rest.starts_with("**") {
        parse_head(rest, false)?
    } else {
        let (t, r) = split_dash(rest);
        let mut h = Head {
            title: t.trim().trim_matches('*').trim().to_string(),
            ..Default::default()
        };
        read_rest(r, &mut h);
        h.rest = r.to_string();
        h
    };
    if head.title.is_empty() {
        return None;
    }
    match c.get(1) {
        Some(l) => {
            head.written_id = Some(format!("{}{}", l.as_str(), &c[2]));
            head.id_severity = letter_severity(l.as_str());
        }
        None => head.written_id = Some(c[2].to_string()),
    }
    head.bare_id = bare_id;
    Some(head)
}

/// A plain bold head (`**Title** — loc [A]`) outside a list: only with a dash and an
/// attribution (in any wrapper) or a code span after the title.
pub(crate) fn strong_plain_shape(head: &Head) -> bool {
    let r = head.rest.trim_start();
    (r.starts_with('—') || r.starts_with('–'))
        && (r.contains('[') || r.contains('`') || !head.agents.is_empty())
        && !head.title.trim_end().ends_with(':')
}

/// How much of a head paragraph is the title line: the first line on which bold markers,
/// code spans, brackets and parentheses are balanced, plus following lines that only carry
/// more attribution or tags (`[Agent]`, `(important, gap)`) or that continue a line ending
/// in `,` / `—` / `and`. The rest of the paragraph is body text (a finding's first sentence
/// written on the next line of a tight list item, or a hard line break). Returns a byte
/// length into `s`, at a line end.
pub(crate) fn head_extent(s: &str) -> usize {
    let mut bold = 0usize;
    let mut ticks = 0usize;
    let mut square = 0i32;
    let mut round = 0i32;
    let mut end = 0usize;
    let lines: Vec<&str> = s.split_inclusive('\n').collect();
    for (k, line) in lines.iter().enumerate() {
        let mut in_code = !ticks.is_multiple_of(2);
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'`' => {
                    ticks += 1;
                    in_code = !in_code;
                }
                b'\\' => i += 1,
                b'*' if !in_code && b.get(i + 1) == Some(&b'*') => {
                    bold += 1;
                    i += 1;
                }
                b'[' if !in_code => square += 1,
                b']' if !in_code => square -= 1,
                b'(' if !in_code => round += 1,
                b')' if !in_code => round -= 1,
                _ => {}
            }
            i += 1;
        }
        end += line.len();
        let balanced =
            bold.is_multiple_of(2) && ticks.is_multiple_of(2) && square <= 0 && round <= 0;
        if !balanced {
            continue;
        }
        let t = line.trim_end();
        let open_end = t.ends_with([',', '—', '–', ';', '/'])
            || t.ends_with(" and")
            || t.ends_with(" vs")
            || t.ends_with(" also");
        if open_end {
            continue;
        }
        match lines.get(k + 1).map(|l| l.trim_start()) {
            Some(n)
                if n.starts_with(['[', '('])
                    || n.starts_with("`(")
                    || n.starts_with('*') && n.trim_start_matches('*').starts_with('(') =>
            {
                continue
            }
            _ => return line_content_end(s, end),
        }
    }
    line_content_end(s, end)
}

/// Backs an offset at a line end off its line terminator.
fn line_content_end(s: &str, end: usize) -> usize {
    let head = s.get(..end).unwrap_or(s);
    head.trim_end_matches(['\n', '\r']).len()
}

/// Byte offset of the first `pat` outside code spans.
fn find_outside_code(s: &str, pat: &str) -> Option<usize> {
    let mut in_code = false;
    let mut i = 0;
    while i < s.len() {
        if s[i..].starts_with('`') {
            in_code = !in_code;
            i += 1;
            continue;
        }
        if !in_code && s[i..].starts_with(pat) {
            return Some(i);
        }
        i += s[i..].chars().next().map(char::len_utf8).unwrap_or(1);
    }
    None
}

/// Splits at the first ` — ` / ` – ` (keeps the dash in the second part).
fn split_dash(s: &str) -> (&str, &str) {
    let p = [" — ", " – ", " -- "]
        .iter()
        .filter_map(|d| s.find(d))
        .min();
    match p {
        Some(p) => (&s[..p], &s[p..]),
        None => (s, ""),
    }
}

/// Reads code spans (locations), `[...]` attributions and `(...)` parentheticals from the
/// text after a title.
fn read_rest(rest: &str, head: &mut Head) {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    // A trailing `— Claude, Codex` / `Found by: Claude` is read first and cut off.
    let cut;
    let rest = match split_trailing(rest) {
        Some((kept, agents)) => {
            push_agents(head, agents);
            cut = kept;
            cut.as_str()
        }
        None => rest,
    };
    // Only the first line of a hard-wrapped head carries these; but wrapped attributions
    // exist too, so read the whole paragraph.
    let mut spans = Vec::new();
    let mut stripped = String::with_capacity(rest.len());
    // `rest` without the code spans that are attributions, for the location text.
    let mut loc_rest = String::with_capacity(rest.len());
    let mut last = 0;
    for m in re(&SPAN, r"(`+)(.+?)(`+)").find_iter(rest) {
        stripped.push_str(&rest[last..m.start()]);
        loc_rest.push_str(&rest[last..m.start()]);
        let inner = m.as_str().trim_matches('`').trim();
        if inner.starts_with('(') && inner.ends_with(')') {
            // `(critical, regression)` in a code span is a parenthetical.
            stripped.push_str(inner);
            loc_rest.push_str(m.as_str());
        } else if inner.starts_with('[')
            && inner.ends_with(']')
            && agent_list(&inner[1..inner.len() - 1]).is_some()
        {
            // `` `[Claude Opus 4.6]` ``: an attribution in a code span.
            stripped.push_str(inner);
        } else {
            loc_rest.push_str(m.as_str());
            stripped.push(' ');
            // Spans after the attribution are prose, not locations.
            let before = &rest[..m.start()];
            if !before.contains('[') {
                spans.push(inner.to_string());
            }
        }
        last = m.end();
    }
    stripped.push_str(&rest[last..]);
    loc_rest.push_str(&rest[last..]);

    head.location_text = location_prose(&loc_rest);
    if head.locations.is_empty() {
        if spans.is_empty() {
            // Plain-text locations between the dash and the attribution.
            let t = stripped
                .trim_start()
                .trim_start_matches(['—', '–', '-'])
                .trim();
            let cut = t.find(['[', '(']).unwrap_or(t.len());
            let cand = t[..cut].trim();
            if !cand.is_empty() && re_plain_loc().is_match(cand) {
                head.locations = parse_locations(&[cand.to_string()]);
            }
        } else {
            head.locations = parse_locations(&spans);
        }
    }

    read_groups(&stripped, head);
}

/// Adds agents to a head, each once.
fn push_agents(head: &mut Head, agents: Vec<String>) {
    for a in agents {
        if !head.agents.contains(&a) {
            head.agents.push(a);
        }
    }
}

/// Reads the `[...]` attributions and `(...)` parentheticals of a head's text after the
/// title (code spans already replaced): agents, a severity, tags and notes.
fn read_groups(stripped: &str, head: &mut Head) {
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    for c in re(&BRACKET, r"\[([^\[\]]+)\](\()?").captures_iter(stripped) {
        if c.get(2).is_some() {
            continue; // a link
        }
        for a in c[1].split(',') {
            let a = a.trim();
            if !a.is_empty() && !head.agents.iter().any(|x| x == a) {
                head.agents.push(a.to_string());
            }
        }
    }
    for c in re(&PAREN, r"\(([^()]+)\)").captures_iter(stripped) {
        let inner = c[1].trim().trim_matches('*').trim();
        if inner.is_empty() {
            continue;
        }
        if let Some(agents) = agent_list(inner) {
            // `(Claude, Codex)`: every item names an agent.
            push_agents(head, agents);
            continue;
        }
        let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
        let first_sev = parts.first().and_then(|p| severity_word(p));
        let all_words = parts
            .iter()
            .all(|p| !p.is_empty() && !p.contains(' ') && p.len() <= 24);
        if first_sev.is_some() || (all_words && parts.len() <= 4) {
            if first_sev.is_some() && head.paren_severity.is_none() {
                head.paren_severity = first_sev;
            }
            for p in parts {
                if severity_word(p).is_none() && !p.is_empty() {
                    let t = p.to_lowercase();
                    if !head.tags.contains(&t) {
                        head.tags.push(t);
                    }
                }
            }
        } else {
            head.notes.push(inner.to_string());
        }
    }
}

/// The location segment of a head's rest (after the title dash, before the attribution
/// `[...]` or the tags `(...)`), when it says more than its code spans and separators.
fn location_prose(rest: &str) -> Option<String> {
    let t = rest
        .trim_start()
        .trim_start_matches(['—', '–', '-', ':'])
        .trim_start();
    // Cut at the first `[` or `(` outside a code span.
    let mut in_code = false;
    let mut cut = t.len();
    for (i, c) in t.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '[' | '(' | '\n' if !in_code => {
                cut = i;
                break;
            }
            _ => {}
        }
    }
    let seg = t[..cut].trim().trim_end_matches([',', ';']).trim();
    if seg.is_empty() || !seg.contains('`') {
        return None;
    }
    // Words outside code spans, other than plain separators?
    let mut outside = String::new();
    let mut in_code = false;
    for c in seg.chars() {
        if c == '`' {
            in_code = !in_code;
        } else if !in_code {
            outside.push(c);
        }
    }
    let has_words = outside
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| !w.is_empty() && !matches!(w.to_lowercase().as_str(), "and" | "vs"));
    has_words.then(|| seg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LineRange;

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
    }

    #[test]
    fn location_prose_keeps_connective_words() {
        assert_eq!(
            location_prose(" — `a/b.xml`, also `arm64` variant [Claude, Codex]").as_deref(),
            Some("`a/b.xml`, also `arm64` variant")
        );
        assert_eq!(location_prose(" — `a.go:1`, `b.go:2` and `c.go` [A]"), None);
        assert_eq!(location_prose(" — `a.go:1` (important, gap) [A]"), None);
        assert_eq!(location_prose(" [A]"), None);
    }

    #[test]
    fn id_head() {
        let h = parse_head(
            "I3. **Title — with dash** — `pkg/a.go:12-30`, `pkg/b.go:5` [Claude Opus 4.7, Codex GPT 5.5] (important, regression) (pass 2)",
            true,
        )
        .unwrap();
        assert_eq!(h.written_id.as_deref(), Some("I3"));
        assert_eq!(h.title, "Title — with dash");
        assert_eq!(h.locations.len(), 2);
        assert_eq!(h.locations[0].path.as_deref(), Some("pkg/a.go"));
        assert_eq!(h.locations[0].ranges, vec![r(12, 30)]);
        assert_eq!(h.agents, vec!["Claude Opus 4.7", "Codex GPT 5.5"]);
        assert_eq!(h.tags, vec!["regression"]);
        assert_eq!(h.notes, vec!["pass 2"]);
        assert_eq!(h.paren_severity, Some(Severity::Important));
    }

    #[test]
    fn tagged_head() {
        let h = parse_head(
            "**[CRITICAL] cmd/limactl/shell.go:238-258 — `--sync` with `--workdir` — empty** [Claude Opus 4.6]",
            true,
        )
        .unwrap();
        assert_eq!(h.tag_severity, Some(Severity::Critical));
        assert_eq!(h.title, "`--sync` with `--workdir` — empty");
        assert_eq!(h.locations[0].path.as_deref(), Some("cmd/limactl/shell.go"));
        assert_eq!(h.locations[0].ranges, vec![r(238, 258)]);
        assert_eq!(h.agents, vec!["Claude Opus 4.6"]);
        let h = parse_head(
            "**[IMPORTANT] pkg/copytool/rsync.go:72-80, 120-136 — Bypass** [Codex GPT 5.4]",
            true,
        )
        .unwrap();
        assert_eq!(h.locations[0].ranges, vec![r(72, 80), r(120, 136)]);
    }

    #[test]
    fn plain_bold_heads() {
        let h = parse_head(
            "**Nested mounts** — `pkg/t.go:124-136` (important, regression) [Codex GPT 5.4]",
            false,
        )
        .unwrap();
        assert_eq!(h.title, "Nested mounts");
        assert_eq!(h.tags, vec!["regression"]);
        assert!(parse_head("**Claude nesting is broken.** Running claude", false).is_none());
        assert!(parse_head("**Nested** — x", true).is_none());
        let h = parse_head(
            "**C1. Hardcoded user** — `a.xml:156-200` `(critical, regression)`",
            true,
        )
        .unwrap();
        assert_eq!(h.written_id.as_deref(), Some("C1"));
        assert_eq!(h.tags, vec!["regression"]);
        let h = parse_head(
            "**X** — `a.go:1` [Claude] [Codex] *(downgraded from important)*",
            false,
        )
        .unwrap();
        assert_eq!(h.agents, vec!["Claude", "Codex"]);
        assert_eq!(h.notes, vec!["downgraded from important"]);
    }

    #[test]
    fn id_forms() {
        for (text, id, title) in [
            (
                "[C1] Lock file unstable — `a.rs:1`",
                "C1",
                "Lock file unstable",
            ),
            (
                "C1 — Final chunk dropped — `s.go:88`",
                "C1",
                "Final chunk dropped",
            ),
            (
                "**I1** Clock skew — `age.py:12` [Claude]",
                "I1",
                "Clock skew",
            ),
            (
                "**[S2]** Prefer `f()` for ages [Claude]",
                "S2",
                "Prefer `f()` for ages",
            ),
        ] {
            let h = parse_head(text, true).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(h.written_id.as_deref(), Some(id), "{text}");
            assert_eq!(h.title, title, "{text}");
        }
        let h = parse_heading_head("[C1] Lock file rewritten").unwrap();
        assert_eq!(h.written_id.as_deref(), Some("C1"));
        let h = parse_heading_head("I2 — Progress counter — `p.go:17` [Gemini]").unwrap();
        assert_eq!(h.title, "Progress counter");
        assert_eq!(h.agents, ["Gemini"]);
        assert!(parse_heading_head("2024 plans").is_none());
    }

    #[test]
    fn attributions_in_other_wrappers() {
        let h = parse_head("I1. **T** — `a.go:12` `[Claude Opus 4.6]`", true).unwrap();
        assert_eq!(h.agents, ["Claude Opus 4.6"]);
        assert_eq!(h.locations.len(), 1);
        assert_eq!(h.location_text, None);
        let h = parse_head("**T** — `a.go:1` (Claude, Codex) (important, gap)", false).unwrap();
        assert_eq!(h.agents, ["Claude", "Codex"]);
        assert_eq!(h.tags, ["gap"]);
        assert!(h.notes.is_empty());
        let h = parse_head(
            "I3. **T** — `c.go:7`, also `arm64` — Claude Opus 4.7, Gemini 3.1 Pro",
            true,
        )
        .unwrap();
        assert_eq!(h.agents, ["Claude Opus 4.7", "Gemini 3.1 Pro"]);
        assert_eq!(h.location_text.as_deref(), Some("`c.go:7`, also `arm64`"));
        let h = parse_head("**T** — `d.go:1` *[Claude]*", false).unwrap();
        assert_eq!(h.agents, ["Claude"]);
        let h = parse_head("**T** — `e.go:1` · Found by: Claude, Gemini", false).unwrap();
        assert_eq!(h.agents, ["Claude", "Gemini"]);
        assert_eq!(h.location_text, None);
        // A bold head with only an attribution after the dash has the strong shape.
        let h = parse_head("**T** — Claude, Codex", false).unwrap();
        assert!(strong_plain_shape(&h));
        // Look-alikes: file lists, tags, notes and prose are never agents.
        let h = parse_head("**T** — `f.go:1` (foo.go, bar.go) (pass 2)", false).unwrap();
        assert!(h.agents.is_empty());
        assert_eq!(h.notes, ["pass 2"]);
        let h = parse_head("I6. **T** — `f.go:1` — Gemini integration path", true).unwrap();
        assert!(h.agents.is_empty());
        assert_eq!(
            h.location_text.as_deref(),
            Some("`f.go:1` — Gemini integration path")
        );
        let h = parse_head("I7. **T** — `[a, b]`", true).unwrap();
        assert!(h.agents.is_empty());
    }

    #[test]
    fn head_extent_cuts_at_the_balanced_line() {
        let s = "**C1** Title — `a.go:1` [GLM]\n  The body starts here.";
        assert_eq!(&s[..head_extent(s)], "**C1** Title — `a.go:1` [GLM]");
        // Wrapped attribution and trailing tags stay in the head.
        let s = "I3. **T** — `a.go:1` [Claude,\nCodex]\n(important, gap)\nBody.";
        assert_eq!(head_extent(s), s.len() - "\nBody.".len());
        let s = "I1. **T** — `a.go:1`,\n`b.go:2` [X]";
        assert_eq!(head_extent(s), s.len());
        let s = "**Bold\nacross lines** — `x.go` [A]\r\nrest";
        assert_eq!(&s[..head_extent(s)], "**Bold\nacross lines** — `x.go` [A]");
    }
}
