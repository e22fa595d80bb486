//! `sitemap.xml`: every page's absolute URL, written only when the site's `base_url` is
//! an absolute http(s) URL.

use super::urls::{encode_url_path, is_web_url};
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::highlight;

/// The sitemap, when `base_url` is absolute (sitemaps require absolute URLs).
pub(super) fn sitemap(config: &Config, index: &SiteIndex) -> Option<String> {
    let base = config.base_url.as_str();
    if !is_web_url(base) {
        return None;
    }
    let mut urls = vec!["index.html".to_string()];
    for r in &index.repos {
        urls.push(r.url.clone());
        for t in &r.threads {
            urls.push(t.url.clone());
        }
    }
    for r in &index.reviews {
        urls.push(r.url.clone());
    }
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&highlight::escape(&format!(
            "{base}{}",
            encode_url_path(&u)
        )));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}
