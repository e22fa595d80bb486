//! Build-time syntax highlighting with syntect into CSS classes, plus the light and dark
//! stylesheets those classes need. No script and no CDN: pages read fully offline.
//!
//! The syntax and theme sets are loaded once ([`std::sync::OnceLock`]) and shared by every
//! rayon thread; each call creates its own parse state, so highlighting is thread-safe.
//! Nothing here panics: a syntect error falls back to escaped plain text.
//!
//! Two memories keep work from being done twice, neither changing a byte of output: code
//! blocks are remembered process-wide by code and info string (bounded by `CACHE_BYTES`),
//! and each thread remembers the lines it parsed (bounded): a line met again in the same
//! parser state is not parsed again.
//!
//! The files: `lang` (which syntax), `highlighter` (code to classed spans, the per-thread
//! memo of lines), `block` (code blocks of report Markdown, and their cache), `file` (source files
//! line by line, for excerpts), `css` (the stylesheet), `contrast` (token colours made
//! readable on the code backgrounds).

mod block;
mod contrast;
mod css;
mod file;
mod highlighter;
mod lang;

pub use block::code_block;
pub use lang::PLAIN_WORDS;

pub use css::stylesheet;
pub(crate) use file::{highlight_file_lines, HighlightedFile};
