//! `.quill.yml`: settings read from the notes folder.
//!
//! ```yaml
//! title: My notes
//! watch:
//!   ignore:
//!     - "drafts/**"
//!     - "*.tmp"
//! ```

use anyhow::{Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::path::Path;

/// The settings of a notes folder; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: Option<String>,
    pub watch: WatchConfig,
}

/// The `watch:` section.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WatchConfig {
    /// Globs of paths whose changes `quill watch` ignores.
    pub ignore: Vec<String>,
}

impl Config {
    /// Reads `<dir>/.quill.yml`, or the defaults when there is none.
    pub fn load(dir: &Path) -> Result<Config> {
        let path = dir.join(".quill.yml");
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = std::fs::read_to_string(&path)?;
        serde_yaml_ng::from_str(&text).with_context(|| format!("{}", path.display()))
    }

    /// The ignore globs, compiled.
    pub fn ignore_set(&self) -> Result<GlobSet> {
        let mut b = GlobSetBuilder::new();
        for pattern in &self.watch.ignore {
            b.add(Glob::new(pattern).with_context(|| format!("watch.ignore: {pattern}"))?);
        }
        Ok(b.build()?)
    }
}
