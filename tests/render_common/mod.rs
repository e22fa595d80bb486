//! A small link checker over a rendered site, shared by the render tests.
#![allow(dead_code)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Every value of `attr="..."` in `html`.
fn attr_values(html: &str, attr: &str) -> Vec<String> {
    let pat = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&pat) {
        let after = &rest[i + pat.len()..];
        let end = after.find('"').unwrap();
        out.push(unescape(&after[..end]));
        rest = &after[end..];
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// Checks every relative `href`/`src` in every HTML page: the file exists and the fragment
/// is an id on the target page. Returns the problems.
pub fn check_links(site: &Path, skip: &[&str]) -> Vec<String> {
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let pages: Vec<PathBuf> = walk(site)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    for p in &pages {
        let html = std::fs::read_to_string(p).unwrap();
        let list: Vec<String> = attr_values(&html, "id");
        let set: HashSet<String> = list.iter().cloned().collect();
        assert_eq!(
            set.len(),
            list.len(),
            "duplicate ids in {}: {list:?}",
            p.display()
        );
        ids.insert(p.canonicalize().unwrap(), set);
    }
    let mut problems = Vec::new();
    for p in &pages {
        let rel_page = p.strip_prefix(site).unwrap().to_string_lossy().to_string();
        if skip.contains(&rel_page.as_str()) {
            continue;
        }
        let html = std::fs::read_to_string(p).unwrap();
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if url.starts_with("http://")
                || url.starts_with("https://")
                || url.starts_with("mailto:")
            {
                continue;
            }
            assert!(!url.starts_with('/'), "{rel_page}: absolute link {url}");
            assert!(!url.contains(':'), "{rel_page}: unexpected scheme {url}");
            let (path, frag) = match url.split_once('#') {
                Some((a, b)) => (a.to_string(), Some(b.to_string())),
                None => (url.clone(), None),
            };
            let target = if path.is_empty() {
                p.clone()
            } else {
                p.parent().unwrap().join(percent_decode(&path))
            };
            let Ok(target) = target.canonicalize() else {
                problems.push(format!("{rel_page}: {url}: no such file"));
                continue;
            };
            if !target.starts_with(site.canonicalize().unwrap()) {
                problems.push(format!("{rel_page}: {url}: outside the site"));
                continue;
            }
            if let Some(frag) = frag {
                let ok = ids.get(&target).is_some_and(|s| s.contains(&frag));
                if !ok {
                    problems.push(format!("{rel_page}: {url}: no id {frag:?}"));
                }
            }
        }
    }
    problems
}
