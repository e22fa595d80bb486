//! One report rendered in memory, outside a site build: the stages of [`crate::site`]
//! (content, parse, enrich, aggregate, render) applied to a single file's bytes and an
//! optional sidecar's. The fuzz targets (`fuzz/`) and the property tests drive the whole
//! pipeline through it, sanitiser and highlighter included; nothing is written to disk.

use crate::config::{Config, Overrides};
use crate::diagnostics::Diagnostic;
use crate::render::{Renderer, SiteContext};
use crate::{aggregate, content};
use std::path::Path;

/// A site's configuration and compiled theme, ready to render any number of reports.
pub struct Previewer {
    config: Config,
    renderer: Renderer,
}

/// What rendering one report gave.
#[derive(Debug)]
pub struct Preview {
    /// The review page, `None` when the bytes are not a report (binary, empty).
    pub html: Option<String>,
    /// The parsed and enriched review (`None` as for `html`).
    pub review: Option<crate::model::Review>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Previewer {
    /// The site at `root` (its `book.toml` and theme when present; the defaults and the
    /// embedded theme otherwise).
    pub fn new(root: &Path) -> anyhow::Result<Previewer> {
        let config = Config::load(root, &Overrides::default())?;
        let renderer = Renderer::new(&config)?;
        Ok(Previewer { config, renderer })
    }

    /// Renders the report `<stem>.md` made of `report`, with `sidecar` as its
    /// `<stem>.json` when given. Never panics; problems become diagnostics.
    pub fn render(&self, stem: &str, report: &[u8], sidecar: Option<&[u8]>) -> Preview {
        let dir = self.config.content_dir.clone();
        let path = dir.join(format!("{stem}.md"));
        let shown = format!("{stem}.md");
        let (src, mut diagnostics) =
            content::report_from_bytes(&dir, &path, report.to_vec(), &shown);
        let Some(mut src) = src else {
            return Preview {
                html: None,
                review: None,
                diagnostics,
            };
        };
        if let Some(bytes) = sidecar {
            src.sidecar =
                content::sidecar_from_bytes(bytes, &format!("{stem}.json"), &mut diagnostics);
        }
        // Files are named relative to the content folder: `<stem>.md`, `<stem>.json`.
        let (review, found) = crate::site::parse_and_enrich(&src, &dir);
        diagnostics.extend(found);
        let summary = aggregate::summarise(&review);
        let index = aggregate::aggregate(&self.config, vec![summary.clone()]);
        let ctx = SiteContext::new(&self.config, &[&review], &index);
        let html = match self.renderer.review_html(&ctx, &review, &summary) {
            Ok(h) => Some(h),
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    shown,
                    None,
                    format!("cannot render the review page: {e:#}"),
                ));
                None
            }
        };
        Preview {
            html,
            review: Some(review),
            diagnostics,
        }
    }
}
