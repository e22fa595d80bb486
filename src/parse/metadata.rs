//! The metadata table (`| | |` header, `| **Label** | value |` rows) into [`Metadata`].
//! Each value keeps its cell source; typed fields are read from single cells.

use super::agents;
use super::author::{self, parse_author, web_url};
use super::blocks::TableData;
use super::static_regex::re;
use crate::model::{Commit, MetaRow, Metadata, PullRequest, RepoRef, Verdict, VerdictClass};
use regex::Regex;
use std::sync::OnceLock;

/// Strips bold/italic markers and surrounding whitespace from a label cell.
pub(crate) fn clean_label(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c == '*' || c == '_')
        .trim()
        .trim_end_matches(':')
        .trim()
        .to_string()
}

/// True when a table looks like a key/value table: two or more columns, and most body rows
/// start with a bold label (or the header is empty).
pub(crate) fn is_kv_table(t: &TableData) -> bool {
    if t.header.is_empty() && t.rows.is_empty() {
        return false;
    }
    let header_empty = t.header.iter().all(|c| c.text.trim().is_empty());
    // `| Field | Value |`, `| Key | Value |` headers.
    let header_generic = t.header.len() == 2 && {
        let h0 = clean_label(&t.header[0].text).to_lowercase();
        let h1 = clean_label(&t.header[1].text).to_lowercase();
        matches!(
            h0.as_str(),
            "" | "field" | "key" | "property" | "item" | "name" | "metadata" | "attribute"
        ) && matches!(h1.as_str(), "" | "value" | "values" | "details" | "detail")
    };
    // Plain labels that name metadata rows.
    let known = t
        .rows
        .iter()
        .filter(|r| {
            r.len() >= 2
                && r.first()
                    .map(|c| is_known_label(&clean_label(&c.text)))
                    .unwrap_or(false)
        })
        .count();
    if header_generic || (known >= 2 && known * 2 > t.rows.len()) {
        return true;
    }
    let bold = t
        .rows
        .iter()
        .filter(|r| {
            r.first()
                .map(|c| c.text.trim_start().starts_with("**"))
                .unwrap_or(false)
        })
        .count();
    header_empty || (bold * 2 > t.rows.len() && !t.rows.is_empty())
}

/// The English label of a metadata row written in German (`Datum` -> `date`), else the
/// label lower-cased. German reports use these; everything else about them is the same.
pub(crate) fn canonical_label(label: &str) -> String {
    let l = label.trim().to_lowercase();
    let en = match l.as_str() {
        "datum" => "date",
        "runde" => "round",
        "autor" | "autorin" => "author",
        "zweig" => "branch",
        "ziel" => "target",
        "prüfer" | "gutachter" | "reviewer" => "reviewers",
        "urteil" | "empfehlung" | "ergebnis" => "verdict",
        "art" => "kind",
        "modus" => "mode",
        "laufzeit" | "gesamtlaufzeit" => "wall-clock time",
        _ => return l,
    };
    en.to_string()
}

/// Labels of metadata rows we know (lower case).
fn is_known_label(label: &str) -> bool {
    let l = canonical_label(label);
    matches!(
        l.as_str(),
        "date"
            | "date/time"
            | "datetime"
            | "reviewed"
            | "reviewed at"
            | "reviewed on"
            | "timestamp"
            | "generated"
            | "repo"
            | "repository"
            | "round"
            | "author"
            | "pr"
            | "pull request"
            | "merge request"
            | "branch"
            | "target"
            | "commits"
            | "commit"
            | "reviewers"
            | "agents"
            | "models"
            | "verdict"
            | "outcome"
            | "result"
            | "kind"
            | "type"
            | "mode"
            | "duration"
            | "period"
            | "failed jobs"
    ) || l.contains("wall")
        || l.contains("sha")
}

/// Rows of a key/value table: (label, value, row index). A value split by `|` inside a code
/// span is rejoined from the source.
pub(crate) fn kv_rows(t: &TableData, src: &str) -> Vec<MetaRow> {
    let mut out = Vec::new();
    // A table without an empty header row: its first row became the header.
    if let [h0, h1, ..] = t.header.as_slice() {
        let label = clean_label(&h0.text);
        if !h1.text.trim().is_empty()
            && (h0.text.trim_start().starts_with("**") || is_known_label(&label))
        {
            out.push(MetaRow {
                label,
                value: h1.text.trim().to_string(),
            });
        }
    }
    for (ri, row) in t.rows.iter().enumerate() {
        let label = row
            .first()
            .map(|c| clean_label(&c.text))
            .unwrap_or_default();
        // The value runs from the second cell to the end of the row: GFM drops cells past
        // the header's count, which a `|` inside a code span creates.
        let from_source = row
            .get(1)
            .and_then(|c| c.range.clone())
            .zip(t.row_ranges.get(ri))
            .and_then(|(c, r)| src.get(c.start..r.end.max(c.start)))
            .map(|v| {
                let v = v.trim_end();
                v.strip_suffix('|')
                    .filter(|x| !x.ends_with('\\'))
                    .unwrap_or(v)
                    .trim()
                    .to_string()
            });
        let value = match from_source {
            Some(v) => v,
            None => row.get(1).map(|c| c.text.clone()).unwrap_or_default(),
        };
        out.push(MetaRow {
            label,
            value: value.trim().to_string(),
        });
    }
    out
}

/// Splits a value on raw `<br>` tags.
fn split_br(value: &str) -> Vec<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"(?i)<br\s*/?>")
        .split(value)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Removes backticks around a whole value.
fn unticked(v: &str) -> String {
    v.trim().trim_matches('`').trim().to_string()
}

fn parse_date(v: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let c = re(&R, r"(\d{4}-\d{2}-\d{2})(?:[ T]+(\d{1,2}):(\d{2}))?").captures(v)?;
    let date = c.get(1)?.as_str();
    match (c.get(2), c.get(3)) {
        (Some(h), Some(m)) => Some(format!("{date}T{:0>2}:{}", h.as_str(), m.as_str())),
        _ => Some(date.to_string()),
    }
}

fn parse_repo(v: &str) -> Option<RepoRef> {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static BARE: OnceLock<Regex> = OnceLock::new();
    static URL: OnceLock<Regex> = OnceLock::new();
    if let Some(c) = re(&LINK, r"\[`?([\w.-]+)/([\w.-]+)`?\]\(").captures(v) {
        return Some(RepoRef {
            owner: c[1].to_string(),
            name: c[2].to_string(),
        });
    }
    if let Some(c) = re(&BARE, r"^@?([\w.-]+)/([\w.-]+)$").captures(&unticked(v)) {
        return Some(RepoRef {
            owner: c[1].to_string(),
            name: c[2].to_string(),
        });
    }
    repo_from_url(v).or_else(|| {
        re(&URL, r"https?://[^\s/]+/([\w.-]+)/([\w.-]+)")
            .captures(v)
            .map(|c| RepoRef {
                owner: c[1].to_string(),
                name: c[2].trim_end_matches(".git").to_string(),
            })
    })
}

/// `https://github.com/o/n/pull/N` -> o/n.
pub(crate) fn repo_from_url(v: &str) -> Option<RepoRef> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"https?://[^\s/]+/([\w.-]+)/([\w.-]+)/(?:pull|pulls|merge_requests|commit|tree)/",
    )
    .captures(v)
    .map(|c| RepoRef {
        owner: c[1].to_string(),
        name: c[2].to_string(),
    })
}

fn parse_round(v: &str) -> (Option<u32>, Option<String>) {
    static R: OnceLock<Regex> = OnceLock::new();
    match re(&R, r"^\s*\**(\d+)\**\s*(.*)$").captures(v) {
        Some(c) => {
            let n = c[1].parse().ok();
            let note = c[2].trim();
            (n, (!note.is_empty()).then(|| note.to_string()))
        }
        None => (None, (!v.trim().is_empty()).then(|| v.trim().to_string())),
    }
}

fn parse_pr(v: &str) -> Option<PullRequest> {
    static LINK: OnceLock<Regex> = OnceLock::new();
    static HASH: OnceLock<Regex> = OnceLock::new();
    static URL: OnceLock<Regex> = OnceLock::new();
    let title_of = |rest: &str| {
        let t = rest
            .trim()
            .trim_start_matches(['—', '–', '-', ':'])
            .trim()
            .to_string();
        (!t.is_empty()).then_some(t)
    };
    if let Some(c) = re(&LINK, r"\[#?(\d+)\]\(([^)\s]+)\)(.*)$").captures(v) {
        return Some(PullRequest {
            number: c[1].parse().ok()?,
            title: title_of(&c[3]),
            url: web_url(&c[2]),
        });
    }
    if let Some(c) = re(&HASH, r"^\s*#(\d+)\b(.*)$").captures(v) {
        return Some(PullRequest {
            number: c[1].parse().ok()?,
            title: title_of(&c[2]),
            url: None,
        });
    }
    if let Some(c) = re(&URL, r"(https?://\S+/pulls?/(\d+))\S*(.*)$").captures(v) {
        return Some(PullRequest {
            number: c[2].parse().ok()?,
            title: title_of(&c[3]),
            url: Some(c[1].to_string()),
        });
    }
    None
}

/// `` `name` `` or `` `main` @ `sha` ``.
fn parse_branch(v: &str) -> (Option<String>, Option<String>) {
    static SPANS: OnceLock<Regex> = OnceLock::new();
    static SHA: OnceLock<Regex> = OnceLock::new();
    let spans: Vec<String> = re(&SPANS, r"`([^`]+)`")
        .captures_iter(v)
        .map(|c| c[1].trim().to_string())
        .collect();
    let (name, rest) = if let Some((a, b)) = v.split_once('@') {
        (unticked(a), Some(b))
    } else {
        (unticked(v), None)
    };
    let name = if spans.is_empty() {
        name
    } else {
        spans[0].clone()
    };
    let sha = rest.and_then(|r| {
        re(&SHA, r"\b([0-9a-fA-F]{6,40})\b")
            .captures(r)
            .map(|c| c[1].to_string())
    });
    ((!name.is_empty()).then_some(name), sha)
}

fn parse_commits(v: &str) -> Vec<Commit> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &R,
        r"^\s*(?:[-*]\s+)?`?([0-9a-fA-F]{6,40})`?\s*[:—–-]?\s*(.*)$",
    );
    split_br(v)
        .iter()
        .filter_map(|item| {
            r.captures(item).map(|c| Commit {
                sha: c[1].to_string(),
                subject: c[2].trim().to_string(),
            })
        })
        .collect()
}

fn first_sha(v: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"\b([0-9a-fA-F]{7,40})\b")
        .captures(v)
        .map(|c| c[1].to_string())
}

pub(crate) fn verdict_class(label: &str) -> VerdictClass {
    static OPEN: OnceLock<Regex> = OnceLock::new();
    let l = label.to_lowercase();
    if let Some(c) = re(&OPEN, r"(\d+)\s+open").captures(&l) {
        return if &c[1] == "0" {
            VerdictClass::Clean
        } else {
            VerdictClass::Issues
        };
    }
    if l.contains("no open") || l.contains("clean") {
        return VerdictClass::Clean;
    }
    if l.contains("with fixes")
        || l.contains("mit korrekturen")
        || l.contains("mit änderungen")
        || l.contains("with changes")
        || l.contains("after fixes")
        || l.contains("lgtm with")
    {
        return VerdictClass::MergeWithFixes;
    }
    if l.contains("rework")
        || l.contains("überarbeiten")
        || l.contains("nicht mergen")
        || l.contains("request changes")
        || l.contains("needs work")
        || l.contains("needs changes")
        || l.contains("not ready")
        || l.contains("changes requested")
        || l.contains("do not merge")
        || l.contains("don't merge")
        || l.contains("block")
        || l.contains("reject")
    {
        return VerdictClass::Rework;
    }
    if l.contains("as-is")
        || l.contains("as is")
        || l.contains("ohne änderungen")
        || l.contains("unverändert")
        || l.contains("approve")
        || l == "merge"
        || l.contains("lgtm")
    {
        return VerdictClass::MergeAsIs;
    }
    if l.contains("issue") || l.contains("finding") {
        return VerdictClass::Issues;
    }
    VerdictClass::Other
}

fn parse_verdict(v: &str) -> Option<Verdict> {
    static BOLD: OnceLock<Regex> = OnceLock::new();
    // Leading emoji or check marks (`✅ Merge as-is`) are decoration.
    let v = v
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '*' | '_' | '`'))
        .trim();
    if v.is_empty() {
        return None;
    }
    let (label, rationale) =
        if let Some(c) = re(&BOLD, r"^\*\*(.+?)\*\*\s*(?:[—–:]|-\s)?\s*(.*)$").captures(v) {
            (c[1].trim().to_string(), c[2].trim().to_string())
        } else if let Some((a, b)) = v.split_once(" — ").or_else(|| v.split_once(" – ")) {
            (a.trim().to_string(), b.trim().to_string())
        } else {
            (v.to_string(), String::new())
        };
    Some(Verdict {
        class: verdict_class(&label),
        label,
        rationale: (!rationale.is_empty()).then_some(rationale),
    })
}

/// Rows read from YAML front matter keys that name metadata (`date`, `repo`, `pr`,
/// `pr_title`, `reviewers`, `verdict`, `wall_clock`, ...), as if they were table rows.
/// Lists are joined with `, `; nested mappings are ignored.
pub(crate) fn front_matter_rows(fm: &serde_json::Value) -> Vec<MetaRow> {
    use serde_json::Value;
    let Some(map) = fm.as_object() else {
        return Vec::new();
    };
    let scalar = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let mut out = Vec::new();
    for (k, v) in map {
        let key = front_matter_key(k);
        let label = match key.as_str() {
            "pr" | "pull request" | "pr number" | "pull" | "mr" | "merge request" => "PR",
            "pr url" | "url" => "PR URL",
            "pr title" => "PR title",
            "wall clock" | "wall clock time" | "duration" | "elapsed" => "Wall-clock",
            "head sha" | "review sha" | "reviewed sha" | "sha" | "head" | "commit sha" => {
                "Reviewed SHA"
            }
            "reviewer" => "Reviewers",
            "status" => "Verdict",
            _ if is_known_label(&key) => k.as_str(),
            _ => continue,
        };
        let value = match v {
            Value::Array(items) => items
                .iter()
                .filter_map(scalar)
                .collect::<Vec<_>>()
                .join(", "),
            other => match scalar(other) {
                Some(s) => s,
                None => continue,
            },
        };
        if value.is_empty() {
            continue;
        }
        out.push(MetaRow {
            label: label.to_string(),
            value,
        });
    }
    out
}

/// Completes `meta` from front matter: only fields the table left empty are set.
pub(crate) fn fill_from_front_matter(meta: &mut Metadata, fm: &serde_json::Value) {
    let rows = front_matter_rows(fm);
    if rows.is_empty() {
        return;
    }
    let get = |name: &str| {
        rows.iter()
            .find(|r| r.label == name)
            .map(|r| r.value.clone())
    };
    let mut fm_meta = Metadata {
        rows: rows
            .iter()
            .filter(|r| r.label != "PR" && r.label != "PR URL" && r.label != "PR title")
            .cloned()
            .collect(),
        ..Default::default()
    };
    fill(&mut fm_meta);
    if let Some(pr) = get("PR") {
        let v = if pr.chars().all(|c| c.is_ascii_digit()) {
            format!("#{pr}")
        } else {
            pr
        };
        fm_meta.pr = parse_pr(&v);
    }
    if let Some(pr) = fm_meta.pr.as_mut() {
        if pr.title.is_none() {
            pr.title = get("PR title");
        }
        if pr.url.is_none() {
            pr.url = get("PR URL").filter(|u| u.starts_with("http"));
        }
    }
    macro_rules! take {
        ($($f:ident),*) => {$(
            if meta.$f.is_none() {
                meta.$f = fm_meta.$f.take();
            }
        )*};
    }
    take!(
        date,
        repo,
        round,
        round_note,
        author,
        pr,
        branch,
        branch_sha,
        target,
        review_sha,
        verdict,
        wall_clock_secs,
        kind_label,
        mode
    );
    if meta.reviewers.is_empty() {
        meta.reviewers = fm_meta.reviewers;
    }
    if meta.commits.is_empty() {
        meta.commits = fm_meta.commits;
    }
}

/// `md` with the e-mail addresses of its person rows (`| **Author** | Ana <ana@x.org> |`)
/// taken out, as the page shows those rows; `None` when it has none. For the copy of the
/// report published beside its page: no page of the site shows a person's address.
pub(crate) fn without_person_emails(md: &str) -> Option<String> {
    let mut changed = false;
    let lines: Vec<std::borrow::Cow<str>> = md
        .split_inclusive('\n')
        .map(|line| {
            let Some(row) = line.trim_start().strip_prefix('|') else {
                return line.into();
            };
            let Some((label, rest)) = row.split_once('|') else {
                return line.into();
            };
            let label = canonical_label(label.trim().trim_matches('*').trim());
            if !author::is_person_label(&label) {
                return line.into();
            }
            let (value, tail) = rest.rsplit_once('|').unwrap_or((rest, ""));
            match author::without_emails(value.trim()) {
                Some(clean) => {
                    changed = true;
                    let head = &line[..line.len() - rest.len()];
                    format!("{head} {clean} |{tail}").into()
                }
                None => line.into(),
            }
        })
        .collect();
    changed.then(|| lines.concat())
}

/// Fills the typed fields of `meta` from its rows.
pub(crate) fn fill(meta: &mut Metadata) {
    let rows = meta.rows.clone();
    for (index, row) in rows.iter().enumerate() {
        let label = canonical_label(&row.label);
        let v = row.value.as_str();
        if author::is_person_label(&label) {
            // A person's e-mail address is never shown, whatever shows the row.
            if let Some(clean) = author::without_emails(v) {
                meta.rows[index].value = clean;
                meta.person_emails_hidden = true;
            }
        }
        match label.as_str() {
            "date" | "date/time" | "datetime" | "reviewed" | "reviewed at" | "reviewed on"
            | "timestamp" | "generated" | "created" => {
                meta.date = meta.date.take().or_else(|| parse_date(v))
            }
            "repo" | "repository" => meta.repo = parse_repo(v).or(meta.repo.take()),
            "round" => {
                let (n, note) = parse_round(v);
                meta.round = n;
                meta.round_note = note;
            }
            l if author::is_author_label(l) => meta.author = parse_author(v),
            "pr" | "pull request" | "pull" | "mr" | "merge request" => meta.pr = parse_pr(v),
            "branch" => {
                let (b, sha) = parse_branch(v);
                meta.branch = b;
                if sha.is_some() {
                    meta.branch_sha = sha;
                }
            }
            "target" => meta.target = Some(v.to_string()),
            "commits" | "commit" => meta.commits = parse_commits(v),
            "reviewers" | "agents" | "models" => {
                meta.reviewers = agents::parse_reviewers(v);
                meta.reviewers_row = Some(index);
            }
            "verdict" | "outcome" | "result" => meta.verdict = parse_verdict(v),
            "kind" | "type" => meta.kind_label = Some(v.to_string()),
            "mode" => meta.mode = Some(v.to_string()),
            _ => {}
        }
        if label.contains("wall") || label == "duration" || label == "elapsed" {
            meta.wall_clock_secs = crate::text::duration::parse_duration(&unticked(v));
        }
        if meta.review_sha.is_none()
            && (label.contains("sha")
                || label.contains("reviewed commit")
                || label == "head"
                || label.starts_with("head ")
                || label.contains("revision"))
        {
            meta.review_sha = first_sha(v);
        }
    }
}

/// A front-matter key as the rules compare it: `Head_SHA` -> `head sha`.
pub(crate) fn front_matter_key(key: &str) -> String {
    key.trim().to_lowercase().replace(['_', '-'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_span_pipes_rejoin_the_value() {
        let src = "| | |\n|---|---|\n| **Mode** | `a || b` tail |\n| **Round** | 2 |\n";
        let doc = super::super::blocks::walk(src);
        let t = doc.blocks[0].table.as_ref().unwrap();
        assert!(is_kv_table(t));
        let rows = kv_rows(t, src);
        assert_eq!(rows[0].label, "Mode");
        assert!(
            rows[0].value.starts_with('`') && rows[0].value.ends_with("tail"),
            "{:?}",
            rows[0].value
        );
        assert_eq!(rows[1].value, "2");
    }

    #[test]
    fn generic_header_and_front_matter() {
        let src = "| Field | Value |\n|---|---|\n| Date | 2026-07-02 |\n| Repository | `a/b` |\n";
        let doc = super::super::blocks::walk(src);
        let t = doc.blocks[0].table.as_ref().unwrap();
        assert!(is_kv_table(t));
        assert_eq!(kv_rows(t, src).len(), 2);
        // A table whose first row is the header.
        let src = "| **Date** | 2026-07-02 |\n|---|---|\n| **Repo** | `a/b` |\n";
        let doc = super::super::blocks::walk(src);
        let t = doc.blocks[0].table.as_ref().unwrap();
        assert!(is_kv_table(t));
        let rows = kv_rows(t, src);
        assert_eq!(rows[0].label, "Date");
        assert_eq!(rows.len(), 2);
        // Other tables are not metadata.
        let src = "| Name | Age |\n|---|---|\n| x | 1 |\n";
        let doc = super::super::blocks::walk(src);
        assert!(!is_kv_table(doc.blocks[0].table.as_ref().unwrap()));

        let fm = serde_json::json!({
            "date": "2026-07-10 16:45", "repo": "o/n", "pr": 57, "pr_title": "T",
            "reviewers": ["Claude Opus 4.8", "Codex GPT 5.6"], "verdict": "Rework",
            "wall_clock": "PT2M", "layout": "review"
        });
        let mut m = Metadata {
            date: Some("2026-01-01".into()),
            ..Default::default()
        };
        fill_from_front_matter(&mut m, &fm);
        assert_eq!(m.date.as_deref(), Some("2026-01-01"), "the table wins");
        assert_eq!(m.repo.as_ref().unwrap().slug(), "o/n");
        let pr = m.pr.unwrap();
        assert_eq!((pr.number, pr.title.as_deref()), (57, Some("T")));
        assert_eq!(m.reviewers.len(), 2);
        assert_eq!(m.verdict.unwrap().class, VerdictClass::Rework);
        assert_eq!(m.wall_clock_secs, Some(120));
    }

    #[test]
    fn verdict_decoration() {
        let v = parse_verdict("✅ Merge as-is").unwrap();
        assert_eq!(
            (v.label.as_str(), v.class),
            ("Merge as-is", VerdictClass::MergeAsIs)
        );
        assert_eq!(
            parse_verdict("**Needs work** — x").unwrap().class,
            VerdictClass::Rework
        );
        assert_eq!(
            parse_verdict("**Approve**").unwrap().class,
            VerdictClass::MergeAsIs
        );
    }

    #[test]
    fn typed_cells() {
        assert_eq!(
            parse_date("2026-05-19 10:06").as_deref(),
            Some("2026-05-19T10:06")
        );
        assert_eq!(parse_date("2026-03-13").as_deref(), Some("2026-03-13"));
        let r = parse_repo("[lima-vm/lima](https://github.com/lima-vm/lima)").unwrap();
        assert_eq!(r.slug(), "lima-vm/lima");
        assert_eq!(parse_repo("`acme/widgets`").unwrap().slug(), "acme/widgets");
        assert_eq!(
            parse_round("2 (of PR #4637)"),
            (Some(2), Some("(of PR #4637)".into()))
        );
        let a = parse_author("[@jandubois](https://github.com/jandubois)").unwrap();
        assert_eq!(a.login, "jandubois");
        assert_eq!(parse_author("@opjt").unwrap().login, "opjt");
        let pr =
            parse_pr("[#4799](https://github.com/lima-vm/lima/pull/4799) — fix(shell): `x` — y")
                .unwrap();
        assert_eq!(pr.number, 4799);
        assert_eq!(pr.title.as_deref(), Some("fix(shell): `x` — y"));
        assert_eq!(
            parse_branch("`master` @ `d6ca3936`"),
            (Some("master".into()), Some("d6ca3936".into()))
        );
        let c = parse_commits("`ec95843c` CI: one<br>`9821e3f7` two <br/> `412b0ef5` three");
        assert_eq!(c.len(), 3);
        assert_eq!(c[1].subject, "two");
        let v = parse_verdict("**Merge with fixes** — small edits").unwrap();
        assert_eq!(v.class, VerdictClass::MergeWithFixes);
        assert_eq!(v.rationale.as_deref(), Some("small edits"));
        assert_eq!(
            verdict_class("5 open issues + advisories"),
            VerdictClass::Issues
        );
        assert_eq!(verdict_class("0 open issues"), VerdictClass::Clean);
        assert_eq!(verdict_class("Rework"), VerdictClass::Rework);
        assert_eq!(verdict_class("Merge as-is"), VerdictClass::MergeAsIs);
        assert_eq!(verdict_class("Request changes"), VerdictClass::Rework);
    }

    #[test]
    fn person_rows_lose_their_addresses_in_the_published_copy() {
        let md = "# T\n\n| | |\n|---|---|\n| **Author** | Ana Lima <ana@corp.example> |\n\
                  | **Repo** | a@b.example/x |\n\nMail ana@corp.example about it.\n";
        let out = without_person_emails(md).expect("an address to take out");
        assert!(out.contains("| **Author** | Ana Lima |\n"), "{out}");
        // Only person rows: other rows and the prose are the report's own words.
        assert!(out.contains("| **Repo** | a@b.example/x |"));
        assert!(out.contains("Mail ana@corp.example about it."));
        assert_eq!(without_person_emails("| **Author** | @ana |\n"), None);
    }
}
