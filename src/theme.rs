//! The default theme, embedded in the binary, and the site's `themes/<name>/` overrides,
//! resolved file by file.
//!
//! A theme folder holds `templates/<file>.html` (Tera) and `static/<file>` (assets copied
//! to the site root). A file the site's theme folder has replaces the embedded one of the
//! same name; every other file comes from the embedded default, so a site can restyle by
//! shipping only `static/style.css`, or change one template.

use anyhow::Context;
use std::path::Path;

/// Embedded templates: (name, source).
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "index.html",
        include_str!("../themes/default/templates/index.html"),
    ),
    (
        "repo.html",
        include_str!("../themes/default/templates/repo.html"),
    ),
    (
        "thread.html",
        include_str!("../themes/default/templates/thread.html"),
    ),
    (
        "thread_flow_rows.html",
        include_str!("../themes/default/templates/thread_flow_rows.html"),
    ),
    (
        "review.html",
        include_str!("../themes/default/templates/review.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "agents_macros.html",
        include_str!("../themes/default/templates/agents_macros.html"),
    ),
    (
        "agents.html",
        include_str!("../themes/default/templates/agents.html"),
    ),
    (
        "agent.html",
        include_str!("../themes/default/templates/agent.html"),
    ),
    (
        "agent_runs.html",
        include_str!("../themes/default/templates/agent_runs.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
];

/// Embedded static assets: (site-relative path, bytes).
pub(crate) const ASSETS: &[(&str, &[u8])] = &[
    (
        "style.css",
        include_bytes!("../themes/default/static/style.css"),
    ),
    (
        "filter.js",
        include_bytes!("../themes/default/static/filter.js"),
    ),
    (
        "search.js",
        include_bytes!("../themes/default/static/search.js"),
    ),
    (
        "share.js",
        include_bytes!("../themes/default/static/share.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../themes/default/static/favicon.svg"),
    ),
    // Keyboard access to boxes that scroll sideways (code blocks, wide tables, charts).
    (
        "a11y.js",
        include_bytes!("../themes/default/static/a11y.js"),
    ),
];

/// A resolved theme: every template and asset, each from the site or the embedded default.
#[derive(Debug, Clone, Default)]
pub(crate) struct Theme {
    /// (template name, source), embedded ones first, then extra site templates.
    pub templates: Vec<(String, String)>,
    /// (site-relative path, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// Files taken from the site's theme folder, as `templates/x.html` / `static/x`.
    pub overridden: Vec<String>,
}

impl Theme {
    /// The embedded default theme only.
    pub fn embedded() -> Theme {
        Theme {
            templates: TEMPLATES
                .iter()
                .map(|(n, s)| (n.to_string(), s.to_string()))
                .collect(),
            assets: ASSETS
                .iter()
                .map(|(n, b)| (n.to_string(), b.to_vec()))
                .collect(),
            overridden: Vec::new(),
        }
    }

    /// The embedded theme with every file `theme_dir` has taking precedence. A missing
    /// `theme_dir` is not an error (the default theme is used).
    pub fn load(theme_dir: &Path) -> anyhow::Result<Theme> {
        let mut theme = Theme::embedded();
        let tdir = theme_dir.join("templates");
        if tdir.is_dir() {
            for entry in walkdir::WalkDir::new(&tdir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("{}: cannot read", tdir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::content::shown_path(entry.path(), &tdir);
                if rel.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path())
                    .with_context(|| format!("{}: cannot read template", entry.path().display()))?;
                match theme.templates.iter_mut().find(|(n, _)| *n == rel) {
                    Some(slot) => slot.1 = text,
                    None => theme.templates.push((rel.clone(), text)),
                }
                theme.overridden.push(format!("templates/{rel}"));
            }
        }
        let sdir = theme_dir.join("static");
        if sdir.is_dir() {
            for entry in walkdir::WalkDir::new(&sdir).sort_by_file_name() {
                let entry = entry.with_context(|| format!("{}: cannot read", sdir.display()))?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = crate::content::shown_path(entry.path(), &sdir);
                if rel.split('/').any(|s| s.starts_with('.')) {
                    continue;
                }
                let bytes = std::fs::read(entry.path())
                    .with_context(|| format!("{}: cannot read", entry.path().display()))?;
                match theme.assets.iter_mut().find(|(n, _)| *n == rel) {
                    Some(slot) => slot.1 = bytes,
                    None => theme.assets.push((rel.clone(), bytes)),
                }
                theme.overridden.push(format!("static/{rel}"));
            }
        }
        Ok(theme)
    }

    /// Whether the theme ships an asset at `rel` (e.g. its own `highlight.css`).
    pub(crate) fn has_asset(&self, rel: &str) -> bool {
        self.assets.iter().any(|(n, _)| n == rel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_has_every_page_template() {
        let t = Theme::embedded();
        for name in [
            "base.html",
            "index.html",
            "repo.html",
            "thread.html",
            "review.html",
            "404.html",
        ] {
            assert!(t.templates.iter().any(|(n, _)| n == name), "{name}");
        }
        assert!(t.has_asset("style.css"));
    }

    #[test]
    fn site_files_override_file_by_file() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("templates")).unwrap();
        std::fs::create_dir_all(tmp.path().join("static/img")).unwrap();
        std::fs::write(tmp.path().join("templates/404.html"), "gone").unwrap();
        std::fs::write(tmp.path().join("static/style.css"), "body{}").unwrap();
        std::fs::write(tmp.path().join("static/img/logo.svg"), "<svg/>").unwrap();
        let t = Theme::load(tmp.path()).unwrap();
        let get = |n: &str| t.templates.iter().find(|(k, _)| k == n).unwrap().1.clone();
        assert_eq!(get("404.html"), "gone");
        assert!(get("index.html").contains("extends"));
        let css = &t.assets.iter().find(|(k, _)| k == "style.css").unwrap().1;
        assert_eq!(css, b"body{}");
        assert!(t.has_asset("img/logo.svg"));
        assert_eq!(t.overridden.len(), 3);
    }

    #[test]
    fn missing_theme_dir_is_default() {
        let t = Theme::load(Path::new("/nonexistent/theme")).unwrap();
        assert!(t.overridden.is_empty());
    }
}
