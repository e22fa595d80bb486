//! Rendering: builds plain serialisable views from the model and the aggregate, and runs
//! them through Tera templates into pages written to the output.

use crate::aggregate::SiteIndex;
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::model::Review;
use crate::output::Staging;

/// What the renderer produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub pages: usize,
    pub diagnostics: Vec<Diagnostic>,
}

/// Renders every page of the site into `out`: index, repo pages, PR threads, one page per
/// review, 404, sitemap, stylesheets. `reviews` and `index.reviews` describe the same
/// reviews.
pub fn render_site(
    _config: &Config,
    _reviews: &[Review],
    _index: &SiteIndex,
    _out: &Staging,
) -> anyhow::Result<Rendered> {
    Ok(Rendered::default())
}
