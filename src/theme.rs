//! The default theme, embedded in the binary, and the site's `themes/<name>/` overrides,
//! resolved file by file.
