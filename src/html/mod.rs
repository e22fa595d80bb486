//! Report text to safe HTML: `escape` (text and JSON into HTML), `highlight` (syntect,
//! class-based) and `markdown` (pulldown-cmark, sanitised by ammonia). Uses only `text`
//! and the model.

pub mod escape;
pub mod highlight;
pub mod markdown;
