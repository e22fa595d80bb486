//! `feed.xml`: an Atom feed (RFC 4287) of the reviews, newest first, written with the
//! `atom_syndication` crate.
//!
//! Atom ids must be absolute IRIs and should never change. With an absolute `base_url`
//! the ids and links are the review pages' absolute URLs. Without one, links are
//! relative to the feed (which sits at the site root, so `<id>.html` resolves to the
//! page wherever the site is served) and ids are `urn:reviewsite:<review id>` URNs, which
//! stay the same whatever host serves the site.
//!
//! Report dates carry no time zone: they are written as UTC (`2026-05-19T10:06` becomes
//! `2026-05-19T10:06:00Z`); a review without a date is dated 1970-01-01. The feed's
//! `updated` is the newest review's date, so two builds of one archive give the same feed.

use super::urls::is_web_url;
use crate::aggregate::{ReviewSummary, SiteIndex};
use crate::config::Config;
use crate::html::markdown;
use crate::text::url_path::encode_url_path;
use atom_syndication::{Entry, Feed, FixedDateTime, Generator, Link, Person, Text, WriteConfig};

/// The date a review without one gets (the Unix epoch), so every review has an entry.
const NO_DATE: &str = "1970-01-01T00:00:00Z";

/// `2026-05-19T10:06` / `2026-05-19` / `2026-05-19 10:06:07` as an Atom date (UTC).
pub(crate) fn atom_date(date: &str) -> FixedDateTime {
    let date = date.trim().replace(' ', "T");
    let candidates = match date.split_once('T') {
        Some((day, time)) => {
            let time = match time.matches(':').count() {
                0 if time.len() == 4 => format!("{}:{}:00", &time[..2], &time[2..]),
                1 => format!("{time}:00"),
                _ => time.to_string(),
            };
            vec![format!("{day}T{time}Z"), format!("{day}T00:00:00Z")]
        }
        None => vec![format!("{date}T00:00:00Z")],
    };
    candidates
        .iter()
        .find_map(|c| FixedDateTime::parse_from_rfc3339(c).ok())
        .unwrap_or_else(|| FixedDateTime::parse_from_rfc3339(NO_DATE).expect("valid date"))
}

/// One line saying what the review concluded: `Merge with fixes · 0 critical, 2 important,
/// 5 suggestions`; for a CI-failure digest, its failed-job count (`7 failed jobs`).
pub(crate) fn summary_line(r: &ReviewSummary) -> String {
    if let Some(p) = super::pills::failed_jobs_pill(r.kind, r.failed_jobs) {
        return p.label;
    }
    let c = &r.counts;
    let counts = format!(
        "{} critical, {} important, {} suggestion{}",
        c.critical,
        c.important,
        c.suggestion,
        if c.suggestion == 1 { "" } else { "s" }
    );
    match &r.verdict {
        Some(v) => format!("{} · {counts}", markdown::plain_text(&v.label)),
        None => counts,
    }
}

/// The plain-text title of an entry: `acme/tern PR #212 (round 2): Title`.
fn entry_title(r: &ReviewSummary) -> String {
    let title = markdown::plain_text(&r.title);
    let mut head = match (&r.repo, &r.pr) {
        (Some(repo), Some(pr)) => format!("{} PR #{}", repo.slug(), pr.number),
        (Some(repo), None) => format!("{} {}", repo.slug(), r.kind_label),
        (None, Some(pr)) => format!("PR #{}", pr.number),
        (None, None) => r.kind_label.to_string(),
    };
    if let Some(round) = r.round {
        head.push_str(&format!(" (round {round})"));
    }
    if title.is_empty() {
        head
    } else {
        format!("{head}: {title}")
    }
}

/// The Atom feed of the site's reviews, newest first.
pub fn feed(config: &Config, index: &SiteIndex) -> String {
    let absolute = is_web_url(&config.base_url);
    let page_url = |rel: &str| -> String {
        let rel = encode_url_path(rel);
        if absolute {
            format!("{}{rel}", config.base_url)
        } else {
            rel
        }
    };
    let entries: Vec<Entry> = index
        .reviews
        .iter()
        .map(|r| {
            let url = page_url(&r.url);
            let mut e = Entry::default();
            e.set_title(Text::plain(entry_title(r)));
            e.set_id(if absolute {
                url.clone()
            } else {
                format!("urn:reviewsite:{}", encode_url_path(&r.id))
            });
            let updated = if r.date.is_empty() {
                atom_date(NO_DATE)
            } else {
                atom_date(&r.date)
            };
            e.set_updated(updated);
            e.set_published(Some(updated));
            e.set_links(vec![Link {
                href: url,
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Default::default()
            }]);
            let reviewers: Vec<&str> = r.reviewers.iter().map(|x| x.name.as_str()).collect();
            e.set_authors(vec![Person {
                name: if reviewers.is_empty() {
                    "reviewsite".into()
                } else {
                    reviewers.join(", ")
                },
                ..Default::default()
            }]);
            e.set_summary(Some(Text::plain(summary_line(r))));
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_title(Text::plain(config.title.clone()));
    if !config.description.is_empty() {
        feed.set_subtitle(Some(Text::plain(config.description.clone())));
    }
    feed.set_id(if absolute {
        config.base_url.clone()
    } else {
        format!(
            "urn:reviewsite:{}",
            crate::text::anchors::slugify(&config.title)
        )
    });
    feed.set_updated(
        entries
            .iter()
            .map(|e| *e.updated())
            .max()
            .unwrap_or_else(|| atom_date(NO_DATE)),
    );
    feed.set_authors(vec![Person {
        name: config.title.clone(),
        ..Default::default()
    }]);
    let mut links = vec![Link {
        href: page_url("index.html"),
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Default::default()
    }];
    if absolute {
        links.push(Link {
            href: page_url("feed.xml"),
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Default::default()
        });
    }
    feed.set_links(links);
    feed.set_generator(Some(Generator {
        value: "reviewsite".into(),
        ..Default::default()
    }));
    feed.set_entries(entries);
    let mut out = Vec::new();
    let written = feed.write_with_config(
        &mut out,
        WriteConfig {
            write_document_declaration: true,
            indent_size: Some(2),
        },
    );
    match written {
        Ok(_) => String::from_utf8(out).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_dates_become_utc() {
        assert_eq!(
            atom_date("2026-05-19T10:06").to_rfc3339(),
            "2026-05-19T10:06:00+00:00"
        );
        assert_eq!(
            atom_date("2026-03-13").to_rfc3339(),
            "2026-03-13T00:00:00+00:00"
        );
        assert_eq!(
            atom_date("2026-05-19 10:06:07").to_rfc3339(),
            "2026-05-19T10:06:07+00:00"
        );
        assert_eq!(
            atom_date("garbage").to_rfc3339(),
            "1970-01-01T00:00:00+00:00"
        );
        // A bad time keeps the day.
        assert_eq!(
            atom_date("2026-05-19T99:99").to_rfc3339(),
            "2026-05-19T00:00:00+00:00"
        );
    }
}
