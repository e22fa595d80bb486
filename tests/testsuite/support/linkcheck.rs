//! A small link checker for the sites reviewsite writes.
//!
//! It reads every `.html` file under a built site, extracts `href` and `src` attributes
//! (a regex is enough: this is our own, well-formed output, and attribute values inside
//! report text are escaped so they never look like attributes), resolves each URL the way a
//! browser would for a site served at `base_url`, and checks that the target file exists
//! and that a `#fragment` names an `id` on the target page. `sitemap.xml` `<loc>` entries
//! are checked too. External URLs (other hosts, `mailto:`) are not fetched.

use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

/// One link found on a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// Site-relative path of the page holding the link (`repos/acme/tern/index.html`).
    pub page: String,
    /// The attribute value, entities decoded.
    pub url: String,
}

/// Where a link points, after resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the site: site-relative path (`a/b.html`, never empty) and fragment.
    Internal { path: String, fragment: String },
    /// Another site; not checked.
    External,
    /// A link that cannot work, with the reason.
    Broken(String),
}

fn attr_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
    })
}

fn id_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r#"(?i)\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
    })
}

fn loc_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"<loc>\s*([^<\s]+)\s*</loc>").expect("valid regex"))
}

/// Decodes the entities our templates and Markdown renderer may put in attribute values.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(end) = tail.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let num = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()));
                num.and_then(char::from_u32)
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Decodes `%XX` escapes (as a server does before looking up a file).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Every `href`/`src` value in `html`, entities decoded.
pub fn links_in(html: &str) -> Vec<String> {
    attr_re()
        .captures_iter(html)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| decode_entities(m.as_str()))
        .collect()
}

/// Every `id` (and `name`) value in `html`, entities decoded.
pub fn ids_in(html: &str) -> BTreeSet<String> {
    id_re()
        .captures_iter(html)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| decode_entities(m.as_str()))
        .collect()
}

/// The path part of an absolute base URL (`https://h/sub/` gives `/sub/`), or the base
/// itself when it is already a path. Always starts and ends with `/`.
pub fn base_path(base_url: &str) -> String {
    let path = match base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"))
    {
        Some(rest) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => base_url,
    };
    let mut p = path.to_string();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

/// Joins `rel` onto the folder `dir` (site-relative, `/`-separated), resolving `.` and
/// `..`. `None` when the result would leave the site.
fn join_normalised(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let trailing_slash = rel.ends_with('/') || rel.is_empty();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if trailing_slash && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// Resolves `url`, found on the site-relative `page`, for a site served at `base_url`.
pub fn resolve(page: &str, url: &str, base_url: &str) -> Target {
    let url = url.trim();
    let base_path = base_path(base_url);
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, percent_decode(f)),
        None => (url, String::new()),
    };
    let without_query = without_fragment
        .split_once('?')
        .map(|(a, _)| a)
        .unwrap_or(without_fragment);

    let lower = url.to_ascii_lowercase();
    if lower.starts_with("javascript:") {
        return Target::Broken("javascript: URL".into());
    }
    let page_dir = match page.rfind('/') {
        Some(i) => &page[..i],
        None => "",
    };

    // Site-relative path the URL points to, before index.html resolution.
    let site_rel: String = if without_query.is_empty() {
        // `#frag` or `?q`: this page.
        page.to_string()
    } else if without_query.starts_with("//") {
        return Target::External;
    } else if has_scheme(without_query) {
        let is_abs_base = base_url.starts_with("http://") || base_url.starts_with("https://");
        if is_abs_base {
            if let Some(rest) = without_query.strip_prefix(base_url) {
                rest.to_string()
            } else if without_query.trim_end_matches('/') == base_url.trim_end_matches('/') {
                String::new()
            } else {
                return Target::External;
            }
        } else {
            return Target::External;
        }
    } else if let Some(abs) = without_query.strip_prefix('/') {
        let abs = format!("/{abs}");
        match abs.strip_prefix(&base_path) {
            Some(rest) => rest.to_string(),
            None if abs.trim_end_matches('/') == base_path.trim_end_matches('/') => String::new(),
            None => {
                return Target::Broken(format!(
                    "root-relative URL outside the base path {base_path}"
                ))
            }
        }
    } else {
        match join_normalised(page_dir, without_query) {
            Some(p) => p,
            None => return Target::Broken("relative URL climbs above the site root".into()),
        }
    };
    let mut path = percent_decode(&site_rel);
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    Target::Internal { path, fragment }
}

fn has_scheme(url: &str) -> bool {
    match url.find(':') {
        Some(i) if i > 0 => {
            let scheme = &url[..i];
            scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// The pages of a built site and the ids each defines.
pub struct Site {
    pub files: BTreeSet<String>,
    pub pages: BTreeMap<String, String>,
    ids: BTreeMap<String, BTreeSet<String>>,
}

impl Site {
    /// Reads every file name and every `.html` page under `root`.
    pub fn load(root: &Path) -> Site {
        let mut files = BTreeSet::new();
        let mut pages = BTreeMap::new();
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("walk output");
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            if rel.ends_with(".html") {
                let html = std::fs::read_to_string(entry.path())
                    .unwrap_or_else(|e| panic!("{rel}: not UTF-8 ({e})"));
                pages.insert(rel.clone(), html);
            }
            files.insert(rel);
        }
        let ids = pages.iter().map(|(k, v)| (k.clone(), ids_in(v))).collect();
        Site { files, pages, ids }
    }

    /// Ids defined on a page.
    pub fn ids(&self, page: &str) -> Option<&BTreeSet<String>> {
        self.ids.get(page)
    }

    /// Site-relative targets of every internal link on `page` (fragments dropped).
    pub fn targets_of(&self, page: &str, base_url: &str) -> BTreeSet<String> {
        let Some(html) = self.pages.get(page) else {
            return BTreeSet::new();
        };
        links_in(html)
            .iter()
            .filter_map(|u| match resolve(page, u, base_url) {
                Target::Internal { path, .. } => Some(path),
                _ => None,
            })
            .collect()
    }

    /// Checks one link; `Err` describes the problem.
    fn check_link(&self, page: &str, url: &str, base_url: &str) -> Result<(), String> {
        match resolve(page, url, base_url) {
            Target::External => Ok(()),
            Target::Broken(why) => Err(why),
            Target::Internal { path, fragment } => {
                let path = if !self.files.contains(&path)
                    && self.files.contains(&format!("{path}/index.html"))
                {
                    format!("{path}/index.html")
                } else {
                    path
                };
                if !self.files.contains(&path) {
                    return Err(format!("no file {path}"));
                }
                if fragment.is_empty() || !path.ends_with(".html") {
                    return Ok(());
                }
                match self.ids.get(&path) {
                    Some(ids) if ids.contains(&fragment) => Ok(()),
                    _ => Err(format!("{path} has no id {fragment:?}")),
                }
            }
        }
    }

    /// Every broken internal link of the site, as `page: url: problem`. Also checks the
    /// `<loc>` entries of `sitemap.xml`.
    pub fn broken_links(&self, base_url: &str) -> Vec<String> {
        let mut broken = Vec::new();
        for (page, html) in &self.pages {
            for url in links_in(html) {
                if let Err(why) = self.check_link(page, &url, base_url) {
                    broken.push(format!("{page}: {url}: {why}"));
                }
            }
        }
        broken
    }

    /// Checks sitemap `<loc>` URLs; they must be absolute when the base URL is.
    pub fn broken_sitemap_entries(&self, root: &Path, base_url: &str) -> Vec<String> {
        let Ok(xml) = std::fs::read_to_string(root.join("sitemap.xml")) else {
            // Sitemaps need absolute URLs: only an absolute base URL gets one.
            return if base_url.starts_with("http://") || base_url.starts_with("https://") {
                vec!["sitemap.xml: missing".into()]
            } else {
                Vec::new()
            };
        };
        let mut broken = Vec::new();
        for c in loc_re().captures_iter(&xml) {
            let url = decode_entities(&c[1]);
            if let Err(why) = self.check_link("sitemap.xml", &url, base_url) {
                broken.push(format!("sitemap.xml: {url}: {why}"));
            }
        }
        broken
    }
}

/// Ids defined more than once on a page (invalid HTML, and ambiguous anchors). Only `id`
/// attributes count: form controls share a `name` by design.
pub fn duplicate_ids(html: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r#"(?i)\sid\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid regex")
    });
    let mut seen = BTreeSet::new();
    let mut dups = Vec::new();
    for c in re.captures_iter(html) {
        if let Some(m) = c.get(1).or_else(|| c.get(2)) {
            let id = decode_entities(m.as_str());
            if !seen.insert(id.clone()) {
                dups.push(id);
            }
        }
    }
    dups
}

/// Checks a whole built site; returns every problem found: broken links and fragments,
/// bad sitemap entries, duplicate ids.
pub fn check_site(root: &Path, base_url: &str) -> Vec<String> {
    let site = Site::load(root);
    let mut problems = site.broken_links(base_url);
    for (page, html) in &site.pages {
        for id in duplicate_ids(html) {
            problems.push(format!("{page}: duplicate id {id:?}"));
        }
    }
    problems.extend(site.broken_sitemap_entries(root, base_url));
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_root_and_absolute() {
        let b = "https://example.github.io/reviews/";
        assert_eq!(
            resolve("repos/a/b/index.html", "../../../x.html#I3", b),
            Target::Internal {
                path: "x.html".into(),
                fragment: "I3".into()
            }
        );
        assert_eq!(
            resolve("x.html", "/reviews/repos/", b),
            Target::Internal {
                path: "repos/index.html".into(),
                fragment: String::new()
            }
        );
        assert!(matches!(resolve("x.html", "/x.html", b), Target::Broken(_)));
        assert!(matches!(
            resolve("x.html", "../../x.html", b),
            Target::Broken(_)
        ));
        assert_eq!(
            resolve("x.html", "https://example.github.io/reviews/y.html", b),
            Target::Internal {
                path: "y.html".into(),
                fragment: String::new()
            }
        );
        assert_eq!(
            resolve("x.html", "https://github.com/a", b),
            Target::External
        );
        assert_eq!(
            resolve("a/x.html", "#S10", b),
            Target::Internal {
                path: "a/x.html".into(),
                fragment: "S10".into()
            }
        );
    }

    #[test]
    fn extracts_links_and_ids_without_escaped_text() {
        let html = r#"<a href="a.html?x=1&amp;y=2">x</a> <h2 id="I1">t</h2>
            <code>&lt;a href=&quot;evil.html&quot;&gt;</code><img src='i.svg' alt="">
            <div data-id="nope"></div>"#;
        assert_eq!(links_in(html), vec!["a.html?x=1&y=2", "i.svg"]);
        let ids = ids_in(html);
        assert!(ids.contains("I1"));
        assert!(!ids.contains("nope"));
    }

    #[test]
    fn decodes_percent_and_entities() {
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(decode_entities("&#x41;&#66;&amp;&bogus;"), "AB&&bogus;");
    }
}
