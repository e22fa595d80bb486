//! Finding title lines: ids, titles, locations, agents, tags and notes, read from the inline
//! source of one head paragraph (or heading); and the totals a summary states.

use crate::model::{LineRange, Location, Severity, SeverityCounts};
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).expect("static regex"))
}

/// What a head line says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
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
}

/// The severity a word names. Decision for scales other than ours:
/// Critical / Blocker(s) -> critical; Important / High / Major -> important;
/// Medium / Low / Minor / Nit(s) / Suggestion(s) / Trivial -> suggestion.
pub fn severity_word(w: &str) -> Option<Severity> {
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
        || r.starts_with('*')
        || r.starts_with('\n')
}

/// Parses a head paragraph's inline source (without any list marker).
/// `require_id` = only accept `I3.`/`**I3. ...**`/`**[CRITICAL] ...**` forms.
pub fn parse_head(text: &str, require_id: bool) -> Option<Head> {
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
/// `1. **Title** — loc`.
pub fn parse_heading_head(text: &str) -> Option<Head> {
    static R: OnceLock<Regex> = OnceLock::new();
    let c = re(
        &R,
        r"^(?i:finding\s+)?[*\[]*([CIS])?(\d{1,3})(?:[.:)\]]|\s+[—–])[*\]]*\s+(.+)$",
    )
    .captures(text.trim())?;
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
    Some(head)
}

/// A plain bold head (`**Title** — loc [A]`) outside a list: only with a dash and an
/// attribution or a code span after the title.
pub fn strong_plain_shape(head: &Head) -> bool {
    let r = head.rest.trim_start();
    (r.starts_with('—') || r.starts_with('–'))
        && (r.contains('[') || r.contains('`'))
        && !head.title.trim_end().ends_with(':')
}

/// How much of a head paragraph is the title line: the first line on which bold markers,
/// code spans, brackets and parentheses are balanced, plus following lines that only carry
/// more attribution or tags (`[Agent]`, `(important, gap)`) or that continue a line ending
/// in `,` / `—` / `and`. The rest of the paragraph is body text (a finding's first sentence
/// written on the next line of a tight list item, or a hard line break). Returns a byte
/// length into `s`, at a line end.
pub fn head_extent(s: &str) -> usize {
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

/// Fields a finding body may state in its first lines, for findings whose head does not:
/// `**Severity:** Critical · **File:** `a.go:7` · **Found by:** Codex`, one per line, or
/// as a list. Only the text before the first blank line after the fields is read.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct BodyFields {
    pub severity: Option<Severity>,
    pub locations: Vec<Location>,
    pub agents: Vec<String>,
}

pub fn body_fields(body: &str) -> BodyFields {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    let mut out = BodyFields::default();
    // The leading block: lines up to the first blank line.
    let lead: Vec<&str> = body
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .take(6)
        .collect();
    for line in lead {
        let line = line
            .trim_start()
            .trim_start_matches(['-', '*', '+'])
            .trim_start();
        for seg in line.split(['·', '|']) {
            let seg = seg.replace("**", "").replace("__", "");
            let Some((label, value)) = seg.split_once(':') else {
                continue;
            };
            let label = label.trim().trim_matches('*').trim().to_lowercase();
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match label.as_str() {
                "severity" | "priority" | "level" => {
                    let w = value
                        .split(|c: char| !c.is_alphanumeric())
                        .find(|w| !w.is_empty())
                        .unwrap_or("");
                    if out.severity.is_none() {
                        out.severity = severity_word(w);
                    }
                }
                "file" | "files" | "location" | "locations" | "path" | "where"
                    if out.locations.is_empty() =>
                {
                    let spans: Vec<String> = re(&SPAN, r"`([^`]+)`")
                        .captures_iter(value)
                        .map(|c| c[1].to_string())
                        .collect();
                    let pieces = if spans.is_empty() {
                        vec![value.to_string()]
                    } else {
                        spans
                    };
                    out.locations = parse_locations(&pieces);
                }
                "found by" | "agent" | "agents" | "reported by" | "raised by" | "source"
                | "reviewer" | "reviewers"
                    if out.agents.is_empty() =>
                {
                    out.agents = value
                        .trim_matches(['[', ']'])
                        .split([',', ';'])
                        .map(|a| a.trim().trim_matches(['[', ']']).trim().to_string())
                        .filter(|a| !a.is_empty())
                        .collect();
                }
                _ => {}
            }
        }
    }
    out
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

fn looks_like_location(s: &str) -> bool {
    let s = s.trim().trim_matches('`');
    static R: OnceLock<Regex> = OnceLock::new();
    !s.is_empty() && (!s.contains(' ') || re(&R, r"^[\w./-]+:\d").is_match(s))
}

/// Reads code spans (locations), `[...]` attributions and `(...)` parentheticals from the
/// text after a title.
fn read_rest(rest: &str, head: &mut Head) {
    static SPAN: OnceLock<Regex> = OnceLock::new();
    static BRACKET: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    // Only the first line of a hard-wrapped head carries these; but wrapped attributions
    // exist too, so read the whole paragraph.
    let mut spans = Vec::new();
    let mut stripped = String::with_capacity(rest.len());
    let mut last = 0;
    for m in re(&SPAN, r"(`+)(.+?)(`+)").find_iter(rest) {
        stripped.push_str(&rest[last..m.start()]);
        let inner = m.as_str().trim_matches('`').trim();
        if inner.starts_with('(') && inner.ends_with(')') {
            // `(critical, regression)` in a code span is a parenthetical.
            stripped.push_str(inner);
        } else {
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

    head.location_text = location_prose(rest);
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

    for c in re(&BRACKET, r"\[([^\[\]]+)\](\()?").captures_iter(&stripped) {
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
    for c in re(&PAREN, r"\(([^()]+)\)").captures_iter(&stripped) {
        let inner = c[1].trim().trim_matches('*').trim();
        if inner.is_empty() {
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

fn re_plain_loc() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"[\w.-]+/[\w./-]+|[\w-]+\.[A-Za-z]{1,5}(:\d+)?")
}

fn is_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://") || l.starts_with("file://")
}

/// Extensionless file names that are paths on their own.
const WELL_KNOWN_FILES: &[&str] = &[
    "makefile",
    "gnumakefile",
    "dockerfile",
    "containerfile",
    "license",
    "licence",
    "copying",
    "notice",
    "readme",
    "changelog",
    "authors",
    "contributors",
    "codeowners",
    "gemfile",
    "rakefile",
    "procfile",
    "vagrantfile",
    "jenkinsfile",
    "justfile",
    "brewfile",
    "pipfile",
    "podfile",
    "tiltfile",
    "earthfile",
    "taskfile",
    "build",
    "workspace",
];

/// Whether a location token names a file or directory: it has a `/`, `\` or `.`, or is a
/// well-known extensionless file name (`Makefile`, `Dockerfile`, `LICENSE`). A bare word
/// (`arm64` in ``also `arm64:211` ``, a flag, a commit SHA) is not a path: the location keeps
/// its raw text without a path.
fn is_pathlike(p: &str) -> bool {
    let p = p.trim();
    if p.is_empty() {
        return false;
    }
    if p.contains(['/', '\\']) {
        return true;
    }
    if p.starts_with('-') || p.chars().all(|c| c.is_ascii_hexdigit()) {
        return false;
    }
    if let Some((stem, ext)) = p.rsplit_once('.') {
        return !ext.is_empty()
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && !ext.chars().all(|c| c.is_ascii_digit())
            && (!stem.is_empty() || p.len() > 1);
    }
    WELL_KNOWN_FILES.contains(&p.to_ascii_lowercase().as_str())
}

/// Parses location references from code spans (or plain text pieces). A bare `505-518`
/// continues the previous path.
fn parse_locations(pieces: &[String]) -> Vec<Location> {
    static SPLIT: OnceLock<Regex> = OnceLock::new();
    static RANGE: OnceLock<Regex> = OnceLock::new();
    static PATHR: OnceLock<Regex> = OnceLock::new();
    let split = re(&SPLIT, r";|,|\band\b|\balso\b|\bvs\.?|\bcalled at\b");
    let range_re = re(&RANGE, r"^L?(\d+)(?:\s*[-–]\s*L?(\d+))?$");
    let path_re = re(&PATHR, r"^(.+?):(L?\d+(?:\s*[-–]\s*L?\d+)?)$");
    let mut out: Vec<Location> = Vec::new();
    for piece in pieces {
        for tok in split.split(piece) {
            let tok = tok.trim().trim_matches('`').trim();
            if tok.is_empty() {
                continue;
            }
            let parse_range = |s: &str| -> Option<LineRange> {
                let c = range_re.captures(s.trim())?;
                let start: u32 = c[1].parse().ok()?;
                let end: u32 = match c.get(2) {
                    Some(e) => e.as_str().parse().ok()?,
                    None => start,
                };
                Some(LineRange { start, end })
            };
            if let Some(r) = parse_range(tok) {
                if let Some(prev) = out.last_mut() {
                    prev.ranges.push(r);
                    prev.raw.push_str(", ");
                    prev.raw.push_str(tok);
                    continue;
                }
                out.push(Location {
                    path: None,
                    ranges: vec![r],
                    raw: tok.to_string(),
                });
                continue;
            }
            if let Some(c) = path_re.captures(tok) {
                let path = c[1].trim();
                if !path.contains(' ') && !is_url(tok) {
                    out.push(Location {
                        path: is_pathlike(path).then(|| path.to_string()),
                        ranges: parse_range(&c[2]).into_iter().collect(),
                        raw: tok.to_string(),
                    });
                    continue;
                }
            }
            if !tok.contains(' ') && tok.len() <= 200 {
                out.push(Location {
                    path: (is_pathlike(tok) && !is_url(tok)).then(|| tok.to_string()),
                    ranges: Vec::new(),
                    raw: tok.to_string(),
                });
            }
        }
    }
    out
}

/// Finds the totals a summary states: "0 critical, 7 important, 10 suggestions",
/// "3 Important, 9 Suggestions, 0 Critical", "0 Critical / 2 Important / 10 Suggestions".
pub fn stated_counts(text: &str) -> Option<SeverityCounts> {
    static R: OnceLock<Regex> = OnceLock::new();
    let norm: String = text
        .replace(['*', '_'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let r = re(
        &R,
        r"(?i)\b(\d+|no|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(critical|important|suggestions?|kritische?|wichtige?|vorschl(?:ä|ae)ge|vorschlag)\b",
    );
    let matches: Vec<(usize, usize, u32, Severity)> = r
        .captures_iter(&norm)
        .filter_map(|c| {
            let m = c.get(0)?;
            let n = word_number(&c[1])?;
            let sev = severity_word(&c[2])?;
            Some((m.start(), m.end(), n, sev))
        })
        .collect();
    if matches.is_empty() {
        return compact_counts(&norm);
    }
    let mut i = 0;
    while i < matches.len() {
        let mut j = i;
        while j + 1 < matches.len() && matches[j + 1].0.saturating_sub(matches[j].1) <= 40 {
            j += 1;
        }
        let cluster = &matches[i..=j];
        let mut seen = Vec::new();
        for m in cluster {
            if !seen.contains(&m.3) {
                seen.push(m.3);
            }
        }
        if seen.len() >= 2 {
            let mut counts = SeverityCounts::default();
            let mut done = Vec::new();
            for m in cluster {
                if !done.contains(&m.3) {
                    counts.add(m.3, m.2);
                    done.push(m.3);
                }
            }
            return Some(counts);
        }
        i = j + 1;
    }
    None
}

/// `(1C/2I/3S)`, `1C · 2I · 3S`, `C1 I2 S3`-free compact totals, and `Critical: 1,
/// Important: 2, Suggestions: 3`.
fn compact_counts(norm: &str) -> Option<SeverityCounts> {
    static C: OnceLock<Regex> = OnceLock::new();
    static L: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(
        &C,
        r"(?:^|[\s(\[])(\d+)\s?C\s*[/·,|;]\s*(\d+)\s?I\s*[/·,|;]\s*(\d+)\s?S\b",
    )
    .captures(norm)
    {
        return Some(SeverityCounts {
            critical: c[1].parse().ok()?,
            important: c[2].parse().ok()?,
            suggestion: c[3].parse().ok()?,
        });
    }
    let l = re(
        &L,
        r"(?i)\b(critical|important|suggestions?)\s*[:=]\s*(\d+)\b",
    );
    let mut counts = SeverityCounts::default();
    let mut seen = Vec::new();
    for c in l.captures_iter(norm) {
        let sev = severity_word(&c[1])?;
        if !seen.contains(&sev) {
            counts.add(sev, c[2].parse().ok()?);
            seen.push(sev);
        }
    }
    (seen.len() >= 2).then_some(counts)
}

fn word_number(w: &str) -> Option<u32> {
    w.parse().ok().or_else(|| number_word(w))
}

/// A number written as a word (`seven` -> 7; `no`/`zero` -> 0), up to twelve.
pub(super) fn number_word(w: &str) -> Option<u32> {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn r(start: u32, end: u32) -> LineRange {
        LineRange { start, end }
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
    fn locations() {
        let l = parse_locations(&[
            "a.go:1,5".into(),
            "505-518".into(),
            "b.go:3–9 and c.go".into(),
            "d.go:7-8, 10-12".into(),
        ]);
        assert_eq!(l.len(), 4);
        assert_eq!(l[0].ranges, vec![r(1, 1), r(5, 5), r(505, 518)]);
        assert_eq!(l[1].ranges, vec![r(3, 9)]);
        assert_eq!(l[2].path.as_deref(), Some("c.go"));
        assert!(l[2].ranges.is_empty());
        assert_eq!(l[3].ranges, vec![r(7, 8), r(10, 12)]);
    }

    #[test]
    fn stated() {
        let s = stated_counts("blah. 0 critical, 7 important, 10 suggestions.").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (0, 7, 10));
        let s = stated_counts("Structure: 3 Important, 9 Suggestions, 0 Critical.").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (0, 3, 9));
        let s = stated_counts(
            "No critical or important issues.\nStructure: 0 critical,\n0 important, 4 suggestions.",
        )
        .unwrap();
        assert_eq!(s.suggestion, 4);
        let s = stated_counts("found **0 critical, 3 important, 7 suggestions** across").unwrap();
        assert_eq!(s.important, 3);
        let s = stated_counts("two critical, three important and one suggestion").unwrap();
        assert_eq!((s.critical, s.important, s.suggestion), (2, 3, 1));
        assert!(stated_counts("one critical bug").is_none());
    }
}
#[cfg(test)]
mod holdout_tests {
    use super::*;

    fn c(critical: u32, important: u32, suggestion: u32) -> Option<SeverityCounts> {
        Some(SeverityCounts {
            critical,
            important,
            suggestion,
        })
    }

    #[test]
    fn compact_and_labelled_totals() {
        assert_eq!(stated_counts("Findings (1C/2I/3S)."), c(1, 2, 3));
        assert_eq!(stated_counts("1C · 0I · 4S"), c(1, 0, 4));
        assert_eq!(
            stated_counts("Critical: 1, Important: 2, Suggestions: 0"),
            c(1, 2, 0)
        );
        assert_eq!(
            stated_counts("Totals: 2 critical · 3 important · 4 suggestions"),
            c(2, 3, 4)
        );
        assert_eq!(stated_counts("built for C/C++ in 3 stages"), None);
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

    #[test]
    fn paths() {
        for p in [
            "pkg/a.go",
            "Makefile",
            "Dockerfile",
            "LICENSE",
            ".env",
            "a.tar.gz",
        ] {
            assert!(is_pathlike(p), "{p}");
        }
        for p in ["arm64", "--sync", "d6ca3936", "v1.2", "", "windows"] {
            assert!(!is_pathlike(p), "{p}");
        }
        let l = parse_locations(&["build/t.mk:40".into(), "arm64:211".into()]);
        assert_eq!(l[1].path, None);
        assert_eq!(l[1].raw, "arm64:211");
        assert_eq!(
            l[1].ranges,
            [LineRange {
                start: 211,
                end: 211
            }]
        );
        let l = parse_locations(&["https://example.org/x/y".into()]);
        assert_eq!(l[0].path, None);
    }

    #[test]
    fn fields_in_bodies() {
        let f = body_fields(
            "**Severity:** High · **File:** `a/b.go:7-9` · **Found by:** Codex, Kimi\n\nText.",
        );
        assert_eq!(f.severity, Some(Severity::Important));
        assert_eq!(f.locations[0].path.as_deref(), Some("a/b.go"));
        assert_eq!(f.agents, ["Codex", "Kimi"]);
        let f = body_fields("Text first.\n\n**Severity:** Critical");
        assert_eq!(f, BodyFields::default());
    }
}
