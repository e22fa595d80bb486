//! `sitemap.xml`: every page's URL. Sitemaps want absolute URLs, so these come from an
//! absolute `base_url` (`--base-url https://user.github.io/repo/`); without one, the
//! sitemap lists site paths (`/repo/x.html`) and says in a comment how to make it valid.

use super::urls::is_web_url;
use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::html::escape::escape;
use crate::text::url_path::encode_url_path;

/// The sitemap of the site, `sitemap.xml`.
pub(crate) fn sitemap_xml(config: &Config, index: &SiteIndex) -> String {
    let absolute = is_web_url(&config.base_url);
    let base = if absolute {
        config.base_url.as_str()
    } else {
        config.base_path.as_str()
    };
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
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if !absolute {
        xml.push_str(
            "<!-- Site paths only: build with an absolute base_url (option base-url, e.g. https://host/path/) for the absolute URLs search engines require. -->\n",
        );
    }
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for u in urls {
        xml.push_str("  <url><loc>");
        xml.push_str(&escape(&format!("{base}{}", encode_url_path(&u))));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
