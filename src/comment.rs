//! `reviewsite comment STEM`: the Markdown block to paste into a PR comment: title, verdict,
//! counts, and a link to every Critical and Important finding at its permanent URL. A later
//! round of a PR adds one line on the round before: how many of its findings this round
//! reports resolved, still open (each linked to its card on the earlier page) or declined,
//! and how many of this round's findings are new.
//!
//! Report text is untrusted: every piece of it is flattened to one line of plain text, with
//! no character that reorders text (bidi overrides and isolates), and its inline Markdown
//! characters are backslash-escaped, `<` and `>` too (so no HTML), so a hostile title
//! cannot break the comment's layout. Every word of it GitHub would make live (a URL, a
//! mention, `#12`, `owner/repo#12`, `GH-12`, a commit SHA) goes in a code span, where it
//! stays text: the only links are the ones reviewsite writes. Locations go in code spans
//! sized to their text.
//!
//! A review of a pull request ends with a hidden marker naming the PR
//! (`<!-- reviewsite: owner/name#N -->`), so a bot that posts the comment (the GitHub
//! Action's `comment` input) finds its earlier comment on that PR and edits it for the
//! next round instead of adding another. `--format json` gives the same comment with
//! the PR it belongs to, for such a bot.

use crate::aggregate;
use crate::aggregate::lineage::{rounds_of, thread_lineage, Outcome};
use crate::aggregate::page_ids::finding_anchors;
use crate::config::Overrides;
use crate::html::markdown;
use crate::model::{Review, Severity};
use crate::site::{self, BuildOptions, Loaded};
use crate::text::url_path::encode_url_path;
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// What `comment` produced.
#[derive(Debug)]
pub struct Comment {
    /// The review's id (file stem).
    pub id: String,
    /// The review page's URL (absolute when the base URL is).
    pub url: String,
    pub markdown: String,
    /// The pull request the comment belongs on, when the review names one.
    pub target: Option<Target>,
    /// Things the user should know (printed on stderr): a relative base URL.
    pub warnings: Vec<String>,
}

/// The pull request a review's comment belongs on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Target {
    /// `owner/name`: only letters, digits, `-`, `_` and `.`, as GitHub allows.
    pub repo: String,
    pub pr: u64,
    /// The hidden line that ends the comment: `<!-- reviewsite: owner/name#N -->`.
    pub marker: String,
}

impl Target {
    /// The PR of `review`, when it names its repository and PR number and the repository's
    /// name is one GitHub could have (report text is untrusted: it goes into an HTML
    /// comment and an API path).
    fn of(review: &Review) -> Option<Target> {
        let repo = review.meta.repo.as_ref()?;
        let pr = review.meta.pr.as_ref()?.number;
        let part = |s: &str| {
            !s.is_empty()
                && !s.starts_with('.')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if !part(&repo.owner) || !part(&repo.name) || pr == 0 {
            return None;
        }
        let slug = repo.slug();
        Some(Target {
            marker: format!("<!-- reviewsite: {slug}#{pr} -->"),
            repo: slug,
            pr,
        })
    }
}

impl Comment {
    /// The comment as one JSON object (`reviewsite comment --format json`): `id`, `url`,
    /// `repo` and `pr` (null when the review names no PR), `marker` and `body`.
    pub fn to_json(&self) -> String {
        let t = self.target.as_ref();
        let value = serde_json::json!({
            "id": self.id,
            "url": self.url,
            "repo": t.map(|t| &t.repo),
            "pr": t.map(|t| t.pr),
            "marker": t.map(|t| &t.marker),
            "body": self.markdown,
        });
        let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
        s.push('\n');
        s
    }
}

/// Finds the site root for a report path: the nearest folder above it with a `book.toml`.
fn site_root_of(file: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(file).ok()?;
    abs.ancestors()
        .skip(1)
        .find(|d| d.join("book.toml").is_file())
        .map(Path::to_path_buf)
}

/// Builds the comment for the review `stem` (an id, or the path of its `.md`) of the site
/// at `root` (`None`: the folder of book.toml above a given path, else `.`).
pub fn comment(stem: &str, root: Option<&Path>, base_url: Option<&str>) -> Result<Comment> {
    let as_path = Path::new(stem);
    let is_path = stem.ends_with(".md") && as_path.is_file();
    let id = if is_path {
        as_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        stem.trim_end_matches(".md")
            .trim_end_matches(".html")
            .to_string()
    };
    // A stem too long for a page name has a shortened id (the same as its page's).
    let id = crate::content::page_id(&id);
    let root = match root {
        Some(r) => r.to_path_buf(),
        None if is_path => site_root_of(as_path)
            .or_else(|| as_path.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from(".")),
        None => PathBuf::from("."),
    };
    let opts = BuildOptions {
        root: root.clone(),
        overrides: Overrides {
            output_dir: None,
            base_url: base_url.map(str::to_string),
            ..Default::default()
        },
        ..Default::default()
    };
    let loaded = site::load(&opts)?;
    let Some(review) = loaded.reviews.iter().find(|r| r.id == id) else {
        let mut ids: Vec<&str> = loaded.reviews.iter().map(|r| r.id.as_str()).collect();
        ids.sort_by(|a, b| {
            closeness(&id, b)
                .partial_cmp(&closeness(&id, a))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let close: Vec<&str> = ids
            .into_iter()
            .filter(|c| closeness(&id, c) > 0.5)
            .take(5)
            .collect();
        let content = loaded.config.content_dir.display();
        if close.is_empty() {
            bail!(
                "no review {id:?} in {content} ({} review(s)); give a report's file stem or the path of its .md",
                loaded.reviews.len()
            );
        }
        bail!(
            "no review {id:?} in {content}; did you mean:\n  {}",
            close.join("\n  ")
        );
    };
    let config = &loaded.config;
    let mut warnings = Vec::new();
    let absolute =
        config.base_url.starts_with("http://") || config.base_url.starts_with("https://");
    let base = if absolute {
        config.base_url.clone()
    } else {
        warnings.push(format!(
            "base_url is {:?}, not an absolute URL: the links below are site paths that will not work in a PR comment; pass --base-url https://<host>/<path>/ or set base_url in book.toml",
            config.base_url
        ));
        config.base_path.clone()
    };
    let target = Target::of(review);
    let since = since_round_before(&loaded, review, &base);
    let mut markdown = render_with(review, &base, since.as_deref());
    if let Some(t) = &target {
        markdown.push('\n');
        markdown.push_str(&t.marker);
        markdown.push('\n');
    }
    Ok(Comment {
        id: review.id.clone(),
        url: format!(
            "{base}{}",
            encode_url_path(&aggregate::summarise(review).url)
        ),
        markdown,
        target,
        warnings,
    })
}

/// For a review that is not the first round of its PR thread in the archive, the line
/// `**Since round N:** X resolved, Y still open ([I2](…), …), Z new, W declined`: what this
/// round reports of the round before's findings ("still open": those it says persist,
/// linked to their cards on the earlier round's page; "new": this round's findings that
/// continue none of them). The rounds are linked by [`thread_lineage`] over the thread's
/// reviews up to this one, as the site's thread pages and `threads.json` link them.
fn since_round_before(loaded: &Loaded, review: &Review, base: &str) -> Option<String> {
    let index = aggregate::aggregate(&loaded.config, loaded.summaries.clone());
    let thread = index
        .repos
        .iter()
        .flat_map(|r| &r.threads)
        .find(|t| t.rounds.iter().any(|s| s.id == review.id))?;
    let k = thread.rounds.iter().position(|s| s.id == review.id)?;
    let earlier = thread.rounds.get(k.checked_sub(1)?)?;
    let mut rounds = rounds_of(thread, |id| loaded.reviews.iter().find(|r| r.id == id))?;
    rounds.truncate(k + 1);
    let lineage = thread_lineage(&rounds);
    let (before, now) = (&lineage.rounds[k - 1], &lineage.rounds[k]);
    let page = format!("{base}{}", encode_url_path(&earlier.url));
    let anchors = finding_anchors(rounds[k - 1]);
    let open: Vec<String> = now
        .previous_outcomes
        .iter()
        .filter(|p| p.outcome == Outcome::Persists)
        .map(|p| {
            let anchor = rounds[k - 1]
                .findings
                .iter()
                .zip(&anchors)
                .find(|(f, _)| f.id == p.id)
                .map_or(p.id.as_str(), |(_, a)| a.as_str());
            format!("[{}]({page}#{})", escape(&p.id), encode_url_path(anchor))
        })
        .collect();
    let of = |o: Outcome| {
        now.previous_outcomes
            .iter()
            .filter(|p| p.outcome == o)
            .count()
    };
    let new = now.findings.iter().filter(|f| f.previous.is_none()).count();
    let mut line = format!(
        "**Since round {}:** {} resolved, {} still open",
        before.round,
        of(Outcome::Resolved),
        open.len()
    );
    if !open.is_empty() {
        line.push_str(&format!(" ({})", open.join(", ")));
    }
    line.push_str(&format!(", {new} new"));
    let declined = of(Outcome::Declined);
    if declined > 0 {
        line.push_str(&format!(", {declined} declined"));
    }
    Some(line)
}

/// How alike `candidate` is to what the user typed, 0 to 1; a substring counts as close.
fn closeness(typed: &str, candidate: &str) -> f64 {
    let (t, c) = (typed.to_lowercase(), candidate.to_lowercase());
    if !t.is_empty() && c.contains(&t) {
        return 1.0;
    }
    strsim::normalized_levenshtein(&t, &c).max(strsim::jaro_winkler(&t, &c) - 0.25)
}

/// `text` on one line: each run of whitespace (newlines included) one space, and the
/// characters that reorder text (the bidi embeddings, overrides and isolates, U+202A–U+202E
/// and U+2066–U+2069, and the marks U+200E, U+200F, U+061C) removed, so no text can show
/// in an order other than its own.
fn one_line(text: &str) -> String {
    let plain: String = text.chars().filter(|&c| !is_bidi_control(c)).collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Report text as one line of Markdown that GitHub shows as written: inline Markdown
/// characters backslash-escaped (`<` and `>` too, so no HTML), and every word GitHub
/// would turn into a link or a notification put in a code span, where it does neither
/// (see [`goes_live`]). Only the links reviewsite writes itself stay live.
pub fn escape(text: &str) -> String {
    one_line(text)
        .split(' ')
        .map(|w| {
            if goes_live(w) {
                code_span(w)
            } else {
                escape_word(w)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether GitHub would make something live of the word `w`: a URL (`https://…`,
/// `www.…`), a mention or an e-mail address (`@`), an issue or pull request reference
/// (`#12`, `owner/repo#12`, `GH-12`), or what may be a commit SHA (7 or more hex
/// digits, letters and digits both: a date such as `20260406` is left as text).
fn goes_live(w: &str) -> bool {
    let lower = w.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let after = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    lower.contains("://")
        || lower.contains("www.")
        || lower.contains('@')
        || lower.match_indices('#').any(|(i, _)| after(i + 1))
        || lower.match_indices("gh-").any(|(i, _)| after(i + 3))
        || lower.split(|c: char| !c.is_ascii_hexdigit()).any(|run| {
            run.len() >= 7
                && run.bytes().any(|b| b.is_ascii_digit())
                && run.bytes().any(|b| b.is_ascii_alphabetic())
        })
}

/// One word of report text with its inline Markdown characters escaped.
fn escape_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            // Only what acts inside a line: text never starts a line here (it follows a
            // list marker, a link or a label), so `#`, `-`, `+`, `1.` cannot start blocks.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// `text` as an inline code span that no backtick inside can close early.
fn code_span(text: &str) -> String {
    let flat = one_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') || longest > 0 {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// The comment for `review`, its links starting with `base` (ends with `/`).
pub fn render(review: &Review, base: &str) -> String {
    render_with(review, base, None)
}

/// [`render`] with the line saying what became of the round before's findings, when the
/// review is a later round of its PR thread.
fn render_with(review: &Review, base: &str, since: Option<&str>) -> String {
    let summary = aggregate::summarise(review);
    let page = format!("{base}{}", encode_url_path(&summary.url));
    let mut out = String::new();
    let title = markdown::plain_text(&summary.title);
    let mut head = match (&summary.repo, &summary.pr) {
        (Some(repo), Some(pr)) => format!("{} PR #{}", repo.slug(), pr.number),
        _ => summary.kind_label.to_string(),
    };
    if let Some(round) = summary.round {
        head.push_str(&format!(", round {round}"));
    }
    // The head (`acme/tern PR #7, round 2`) is reviewsite's own words, in the text of
    // reviewsite's own link, where GitHub links nothing: escaped, not put in code spans.
    let head = one_line(&head)
        .split(' ')
        .map(escape_word)
        .collect::<Vec<_>>()
        .join(" ");
    out.push_str(&format!(
        "### Deep review: [{}]({page})\n\n",
        if title.is_empty() {
            head
        } else {
            format!("{head}: {}", escape(&title))
        }
    ));
    if let Some(v) = &review.meta.verdict {
        out.push_str(&format!(
            "**Verdict: {}**",
            escape(&markdown::plain_text(&v.label))
        ));
        if let Some(r) = v.rationale.as_deref().filter(|r| !r.trim().is_empty()) {
            out.push_str(&format!(" — {}", escape(&markdown::plain_text(r))));
        }
        out.push_str("\n\n");
    }
    let c = &review.counts;
    out.push_str(&format!(
        "**Findings:** {} critical · {} important · {} suggestion{}\n",
        c.critical,
        c.important,
        c.suggestion,
        if c.suggestion == 1 { "" } else { "s" }
    ));
    if let Some(line) = since {
        out.push('\n');
        out.push_str(line);
        out.push('\n');
    }
    let anchors = finding_anchors(review);
    for sev in [Severity::Critical, Severity::Important] {
        let listed: Vec<String> = review
            .findings
            .iter()
            .zip(&anchors)
            .filter(|(f, _)| {
                f.severity
                    .or_else(|| review.sections.get(f.section).and_then(|s| s.severity))
                    == Some(sev)
            })
            .map(|(f, anchor)| {
                let title = if f.title.trim().is_empty() {
                    &f.head
                } else {
                    &f.title
                };
                let mut line = format!(
                    "- [{}]({page}#{}) {}",
                    escape(&f.id),
                    encode_url_path(anchor),
                    escape(&markdown::plain_text(title))
                );
                let locs: Vec<String> = f
                    .locations
                    .iter()
                    .map(|l| l.raw.trim().trim_matches('`').trim().to_string())
                    .filter(|l| !l.is_empty())
                    .map(|l| code_span(&l))
                    .collect();
                if !locs.is_empty() {
                    line.push_str(&format!(" — {}", locs.join(", ")));
                }
                line
            })
            .collect();
        if !listed.is_empty() {
            out.push_str(&format!("\n**{}**\n\n{}\n", sev.label(), listed.join("\n")));
        }
    }
    let agents: Vec<String> = review
        .meta
        .reviewers
        .iter()
        .map(|r| escape(&r.name))
        .collect();
    out.push('\n');
    if !agents.is_empty() {
        out.push_str(&format!("Reviewed by {} · ", agents.join(", ")));
    }
    out.push_str(&format!("[full report]({page})"));
    if let Some(thread) = &summary.thread_url {
        out.push_str(&format!(
            " · [every round of this PR]({base}{})",
            encode_url_path(thread)
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped() {
        let e = escape("**bold** [x](javascript\u{202E}:1) <img> @team\n# head");
        assert_eq!(
            e,
            "\\*\\*bold\\*\\* \\[x\\](javascript:1) \\<img\\> `@team` # head"
        );
    }

    #[test]
    fn words_github_would_link_go_in_code_spans() {
        for (text, want) in [
            (
                "see https://evil.example/x.",
                "see `https://evil.example/x.`",
            ),
            ("at www.evil.example now", "at `www.evil.example` now"),
            (
                "fixes #12, acme/tern#7 and GH-3",
                "fixes `#12,` `acme/tern#7` and `GH-3`",
            ),
            (
                "ping @octocat or a@b.example",
                "ping `@octocat` or `a@b.example`",
            ),
            (
                "since 4f2a9c1e7b, not deadbeef",
                "since `4f2a9c1e7b,` not deadbeef",
            ),
            // Look-alikes stay plain text.
            (
                "C# and #define, issue-12, 20260406-143003",
                "C# and #define, issue-12, 20260406-143003",
            ),
        ] {
            assert_eq!(escape(text), want, "{text}");
        }
        assert_eq!(escape("a\u{202A}b\u{2066}c\u{2069}\u{200F}"), "abc");
        assert_eq!(code_span("x\u{202E}y"), "`xy`");
    }

    #[test]
    fn code_spans_outlast_backticks() {
        assert_eq!(code_span("a.go:12"), "`a.go:12`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("``x"), "``` ``x ```");
    }

    #[test]
    fn a_repository_name_github_cannot_have_gets_no_target() {
        let review = |owner: &str, name: &str, pr: u64| {
            let mut r = Review::default();
            r.meta.repo = Some(crate::model::RepoRef {
                owner: owner.into(),
                name: name.into(),
            });
            r.meta.pr = Some(crate::model::PullRequest {
                number: pr,
                ..Default::default()
            });
            r
        };
        let t = Target::of(&review("acme", "tern.rs", 7)).unwrap();
        assert_eq!(t.marker, "<!-- reviewsite: acme/tern.rs#7 -->");
        for (owner, name, pr) in [
            ("acme", "x-->", 7),
            ("acme", "te rn", 7),
            ("acme", "ünï", 7),
            ("..", "etc", 7),
            ("acme", "", 7),
            ("acme", "tern", 0),
        ] {
            assert_eq!(
                Target::of(&review(owner, name, pr)),
                None,
                "{owner}/{name}#{pr}"
            );
        }
    }

    #[test]
    fn close_matches() {
        assert!(closeness("pr-212", "20260402-091512-pr-212") > 0.9);
        assert!(closeness("20260402-091512-pr-21", "20260402-091512-pr-212") > 0.5);
        assert!(closeness("zzz", "20260402-091512-pr-212") < 0.5);
    }
}
