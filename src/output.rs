//! Writing the site: pages go to a [`Sink`]. `build` writes into a staging folder beside
//! the output, swapped in only when the whole build succeeded, so a failed build leaves the
//! previous site intact; `serve` collects them in memory ([`Collected`]).
//!
//! The output folder carries a marker file; a folder without it that is not empty is never
//! replaced unless the user forces it, and neither is the site root, the content folder,
//! `/` or the home folder.

use anyhow::{bail, Context, Result};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Where rendered files go. Paths are site-relative, `/`-separated, with no `..`.
pub trait Sink: Sync {
    /// Writes `bytes` at the site-relative path `rel`.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Copies a file from disk to `rel`.
    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        let bytes =
            std::fs::read(src).with_context(|| format!("{}: cannot read", src.display()))?;
        self.write(rel, &bytes)
    }
}

/// `rel` as a relative path, or an error when it is absolute or climbs out (`..`).
fn plain_relative(rel: &str) -> Result<&Path> {
    let p = Path::new(rel);
    if rel.is_empty()
        || p.is_absolute()
        || p.components().any(|c| !matches!(c, Component::Normal(_)))
    {
        bail!("internal error: output path {rel:?} is not a plain relative path");
    }
    Ok(p)
}

/// Copies every file under `src` (skipping dot-files) into the site root, verbatim.
pub fn copy_tree(out: &dyn Sink, src: &Path) -> Result<()> {
    if !src.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(src).follow_links(false) {
        let entry = entry.with_context(|| format!("{}: cannot read", src.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(src).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel.split('/').any(|s| s.starts_with('.')) {
            continue;
        }
        out.copy_file(&rel, entry.path())?;
    }
    Ok(())
}

/// Files kept in memory, in the order written (`serve` serves them from there).
#[derive(Debug, Default)]
pub struct Collected {
    files: Mutex<Vec<(String, Arc<[u8]>)>>,
}

impl Collected {
    /// The files written, in order.
    pub fn into_files(self) -> Vec<(String, Arc<[u8]>)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collected {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        plain_relative(rel)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), Arc::from(bytes)));
        Ok(())
    }
}

/// Name of the file that marks a folder as reviewsite output.
pub const MARKER: &str = ".reviewsite-output";

/// A build in progress: files are written under a staging folder.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    files: AtomicUsize,
}

/// Refuses output folders whose replacement would destroy the user's files.
pub fn check_output_dir(output: &Path, protected: &[&Path], force: bool) -> Result<()> {
    let abs = absolute(output);
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let mut forbidden: Vec<PathBuf> = protected.iter().map(|p| absolute(p)).collect();
    forbidden.push(PathBuf::from("/"));
    if let Some(h) = home {
        forbidden.push(absolute(&h));
    }
    for f in &forbidden {
        if &abs == f || f.starts_with(&abs) {
            bail!(
                "{}: refusing to use this folder as output: it is or contains the site, its content or your home folder; choose another --output",
                output.display()
            );
        }
    }
    if abs.is_dir() && !abs.join(MARKER).exists() && !force {
        let non_empty = std::fs::read_dir(&abs)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
        if non_empty {
            bail!(
                "{}: refusing to replace a non-empty folder that reviewsite did not write (no {MARKER} in it); empty it, choose another --output, or pass --force",
                output.display()
            );
        }
    }
    Ok(())
}

/// `p` as an absolute path: canonical when it exists, else normalised lexically.
pub fn absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Lexical normalisation; canonicalize when the path exists to see through symlinks.
    std::fs::canonicalize(&p).unwrap_or_else(|_| {
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    out.pop();
                }
                Component::CurDir => {}
                other => out.push(other),
            }
        }
        out
    })
}

impl Staging {
    /// Creates a fresh staging folder beside `target`.
    pub fn begin(target: &Path) -> Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "site".into());
        // Leftovers of builds that were interrupted (Ctrl-C, crash) are removed first.
        let prefix = format!(".{name}.reviewsite-tmp-");
        if let Ok(entries) = std::fs::read_dir(parent) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    std::fs::remove_dir_all(e.path()).ok();
                }
            }
        }
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).ok();
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("{}: cannot create staging folder", staging.display()))?;
        Ok(Staging {
            staging,
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
        })
    }

    /// The staging folder (for tools that write trees themselves).
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Files written so far.
    pub fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(self) -> Result<()> {
        std::fs::write(
            self.staging.join(MARKER),
            b"This folder is written by reviewsite build; it is replaced on every build.\n",
        )
        .with_context(|| format!("{}: cannot write marker", self.staging.display()))?;
        let old = self.staging.with_file_name(format!(
            "{}.old",
            self.staging
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
        ));
        if self.target.exists() {
            std::fs::rename(&self.target, &old).with_context(|| {
                format!(
                    "{}: cannot move the previous site aside",
                    self.target.display()
                )
            })?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the previous site back before reporting.
            if old.exists() {
                std::fs::rename(&old, &self.target).ok();
            }
            return Err(e).with_context(|| {
                format!(
                    "{}: cannot move the new site in place",
                    self.target.display()
                )
            });
        }
        if old.exists() {
            std::fs::remove_dir_all(&old).ok();
        }
        Ok(())
    }

    /// Abandons the build; the previous output is untouched.
    pub fn abort(self) {
        std::fs::remove_dir_all(&self.staging).ok();
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf> {
        Ok(self.staging.join(plain_relative(rel)?))
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        let path = self.resolve(rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        }
        std::fs::copy(src, &path)
            .with_context(|| format!("{}: cannot copy to {}", src.display(), path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_abort_keeps() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::begin(&out).unwrap();
        s.write("a/b.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "one"
        );
        let s = Staging::begin(&out).unwrap();
        s.write("a/b.html", b"two").unwrap();
        s.abort();
        assert_eq!(
            std::fs::read_to_string(out.join("a/b.html")).unwrap(),
            "one"
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "staging folder removed");
    }

    #[test]
    fn refuses_foreign_non_empty_folder() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("precious.txt"), "x").unwrap();
        assert!(check_output_dir(tmp.path(), &[], false).is_err());
        assert!(check_output_dir(tmp.path(), &[], true).is_ok());
        assert!(check_output_dir(Path::new("/"), &[], true).is_err());
    }

    #[test]
    fn rejects_escaping_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::begin(&tmp.path().join("o")).unwrap();
        assert!(s.write("../x", b"").is_err());
        assert!(s.write("/etc/x", b"").is_err());
        s.abort();
        let c = Collected::default();
        assert!(c.write("a/../../x", b"").is_err());
        assert!(c.write("", b"").is_err());
        c.write("a/b.html", b"x").unwrap();
        let files = c.into_files();
        assert_eq!(files.len(), 1);
        assert_eq!((files[0].0.as_str(), &*files[0].1), ("a/b.html", &b"x"[..]));
    }
}
