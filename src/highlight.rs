//! Build-time syntax highlighting with syntect into CSS classes, plus the light and dark
//! stylesheets those classes need. No script and no CDN: pages read fully offline.
