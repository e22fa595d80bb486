//! Writing the site: pages go to a [`Sink`]. `build` writes into a staging folder beside
//! the output, swapped in only when the whole build succeeded, so a failed build leaves the
//! previous site intact; `serve` collects them in memory ([`Collected`]).
//!
//! A file made from the whole archive (`threads.json`, a family page) can be written a
//! piece at a time ([`Sink::write_streamed`]): the staging folder writes each piece to the
//! file as it comes, so the file is never whole in memory; a sink that keeps files in
//! memory gathers the pieces and is handed the whole bytes, as by [`Sink::write`].
//!
//! The output folder carries a marker file; a folder without it that is not empty is never
//! replaced unless the user forces it, and neither is the site root, the content folder,
//! `/` or the home folder.
//!
//! Interruptions: [`request_stop`] (the CLI's Ctrl-C handler) makes every later write fail,
//! so the build fails the ordinary way and its staging folder is removed; a staging folder
//! left by a build that was killed outright is hidden, never published, and removed by the
//! next build (which first puts back a previous site caught between the two renames of a
//! swap).

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Where rendered files go. Paths are site-relative, `/`-separated, with no `..`.
pub trait Sink: Sync {
    /// Writes `bytes` at the site-relative path `rel`.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;

    /// Writes at `rel` what `fill` writes, a piece at a time. By default the pieces are
    /// gathered and written whole ([`Sink::write`]); a sink that writes to disk writes
    /// them as they come.
    fn write_streamed(&self, rel: &str, fill: &mut Fill) -> Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }

    /// Copies a file from disk to `rel`.
    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        let bytes =
            std::fs::read(src).with_context(|| format!("{}: cannot read", src.display()))?;
        self.write(rel, &bytes)
    }

    /// Puts a file from disk at `rel` as a hard link to it where the sink can (a file the
    /// build cache holds, never changed in place); else as a copy.
    fn link_file(&self, rel: &str, src: &Path) -> Result<()> {
        self.copy_file(rel, src)
    }
}

/// What [`Sink::write_streamed`] is given: writes a file's bytes, in pieces, to the writer.
pub type Fill<'a> = dyn FnMut(&mut dyn std::io::Write) -> Result<()> + 'a;

/// `rel` as a relative path, or an error when it is absolute or climbs out (`..`).
pub(crate) fn plain_relative(rel: &str) -> Result<&Path> {
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

/// Set once the user asked the process to stop.
static STOP: AtomicBool = AtomicBool::new(false);
/// Staging folders alive in this process.
static ACTIVE: AtomicUsize = AtomicUsize::new(0);

/// Asks builds in progress to stop: their next write fails and they leave the previous
/// output as it was. Returns whether a build is writing (and will stop by itself); when
/// none is, nothing needs cleaning up and the caller may exit at once.
pub fn request_stop() -> bool {
    STOP.store(true, Ordering::SeqCst);
    ACTIVE.load(Ordering::SeqCst) > 0
}

/// Whether [`request_stop`] was called.
pub fn stop_requested() -> bool {
    STOP.load(Ordering::SeqCst)
}

fn check_stop() -> Result<()> {
    if stop_requested() {
        bail!("interrupted");
    }
    Ok(())
}

/// A build in progress: files are written under a staging folder, removed when the
/// staging is dropped without being committed.
#[derive(Debug)]
pub struct Staging {
    staging: PathBuf,
    target: PathBuf,
    files: AtomicUsize,
    /// Folders made so far (each file's folder is made once, not asked for per file).
    folders: Mutex<HashSet<PathBuf>>,
    /// Leftovers of earlier builds that could not be removed (see [`cannot_remove`]).
    leftovers: Mutex<Vec<(PathBuf, String)>>,
}

/// A previous site or staging folder `path` that could not be removed, and what to say.
fn cannot_remove(path: &Path, e: &std::io::Error) -> (PathBuf, String) {
    let says = format!(
        "the previous site was moved here and cannot be removed ({e}); delete this folder by hand"
    );
    (path.to_path_buf(), says)
}

impl Drop for Staging {
    fn drop(&mut self) {
        // After a commit the folder has become the target and this path is gone.
        if self.staging.exists() {
            std::fs::remove_dir_all(&self.staging).ok();
        }
        ACTIVE.fetch_sub(1, Ordering::SeqCst);
    }
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
    if abs.exists() && !abs.is_dir() {
        bail!(
            "{}: refusing to use a file as the output folder; choose another --output",
            output.display()
        );
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

/// The folder a build of `output` replaces: `output` itself, or, when it is a symbolic
/// link, the folder the link points to (its contents are replaced, the link stays).
/// A link to nothing, or to a file, is refused with an error saying so.
pub fn resolve_output(output: &Path) -> Result<PathBuf> {
    let is_link = std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(output.to_path_buf());
    }
    match std::fs::canonicalize(output) {
        Ok(target) if target.is_dir() => Ok(target),
        Ok(target) => bail!(
            "{}: the output is a symbolic link to {}, which is not a folder; choose another --output",
            output.display(),
            target.display()
        ),
        Err(e) => bail!(
            "{}: the output is a symbolic link to a folder that cannot be reached ({e}); create the folder it points to, or choose another --output",
            output.display()
        ),
    }
}

/// Refuses an output folder inside one of `copied` (the static folder, the theme), whose
/// files go into the site: each build would copy the previous site into the next one.
pub fn check_output_outside(output: &Path, copied: &[&Path]) -> Result<()> {
    let abs = absolute(output);
    for dir in copied {
        let dir = absolute(dir);
        if abs.starts_with(&dir) {
            bail!(
                "{}: refusing to write the site inside {}, whose files are copied into the site (every build would copy the previous site into the next); choose an --output outside it",
                output.display(),
                dir.display()
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
        check_stop()?;
        let prefix = format!(".{name}.reviewsite-tmp-");
        let leftovers = recover_leftovers(parent, &prefix, target);
        let staging = parent.join(format!("{prefix}{}", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).ok();
        }
        ACTIVE.fetch_add(1, Ordering::SeqCst);
        // From here on, dropping the staging removes its folder.
        let staging = Staging {
            staging,
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
            folders: Mutex::new(HashSet::new()),
            leftovers: Mutex::new(leftovers),
        };
        std::fs::create_dir_all(&staging.staging).with_context(|| {
            format!(
                "{}: cannot create staging folder",
                staging.staging.display()
            )
        })?;
        Ok(staging)
    }

    /// The staging folder (for tools that write trees themselves).
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Files written so far.
    pub(crate) fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    /// Swaps the staging folder in place of the target. A stop requested before the swap
    /// starts abandons it; once started, the swap (two renames) completes. Returns what
    /// could not be cleaned up (a previous site that cannot be removed, with the folder
    /// left and why), for the caller to report: the new site is in place all the same.
    pub fn commit(self) -> Result<Vec<(PathBuf, String)>> {
        check_stop()?;
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
        let mut problems =
            std::mem::take(&mut *self.leftovers.lock().unwrap_or_else(|e| e.into_inner()));
        if old.exists() {
            if let Err(e) = std::fs::remove_dir_all(&old) {
                problems.push(cannot_remove(&old, &e));
            }
        }
        Ok(problems)
    }

    /// Abandons the build; the previous output is untouched.
    pub(crate) fn abort(self) {
        drop(self);
    }

    /// Makes the folder `path` goes in, unless this staging made it already.
    fn make_folder_of(&self, path: &Path) -> Result<()> {
        let Some(parent) = path.parent() else {
            return Ok(());
        };
        let made = |f: &HashSet<PathBuf>| f.contains(parent);
        if self.folders.lock().map(|f| made(&f)).unwrap_or(false) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create folder", parent.display()))?;
        if let Ok(mut f) = self.folders.lock() {
            f.insert(parent.to_path_buf());
        }
        Ok(())
    }

    fn resolve(&self, rel: &str) -> Result<PathBuf> {
        Ok(self.staging.join(plain_relative(rel)?))
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        check_stop()?;
        let path = self.resolve(rel)?;
        self.make_folder_of(&path)?;
        std::fs::write(&path, bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn write_streamed(&self, rel: &str, fill: &mut Fill) -> Result<()> {
        check_stop()?;
        let path = self.resolve(rel)?;
        self.make_folder_of(&path)?;
        let cannot = || format!("{}: cannot write", path.display());
        let file = std::fs::File::create(&path).with_context(cannot)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        std::io::Write::flush(&mut w).with_context(cannot)?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        check_stop()?;
        let path = self.resolve(rel)?;
        self.make_folder_of(&path)?;
        std::fs::copy(src, &path)
            .with_context(|| format!("{}: cannot copy to {}", src.display(), path.display()))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn link_file(&self, rel: &str, src: &Path) -> Result<()> {
        check_stop()?;
        let path = self.resolve(rel)?;
        self.make_folder_of(&path)?;
        if std::fs::hard_link(src, &path).is_err() {
            std::fs::copy(src, &path)
                .with_context(|| format!("{}: cannot copy to {}", src.display(), path.display()))?;
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// Cleans up after builds of `target` that were killed (crash, SIGKILL, power loss):
/// their staging folders (`<prefix><pid>`) are removed, except those of builds still
/// running, and a previous site moved aside (`<prefix><pid>.old`) by a swap that was cut
/// between its two renames is put back first, so it is never lost.
/// Returns what could not be removed.
fn recover_leftovers(parent: &Path, prefix: &str, target: &Path) -> Vec<(PathBuf, String)> {
    let mut problems = Vec::new();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return problems;
    };
    let mut leftovers: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    leftovers.sort();
    for path in leftovers {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let rest = &name[prefix.len()..];
        let (pid, old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        if old
            && !target.exists()
            && path.join(MARKER).exists()
            && std::fs::rename(&path, target).is_ok()
        {
            continue;
        }
        let ours = pid == std::process::id().to_string();
        if !ours && !old && process_alive(pid) {
            // Another build of the same output is writing: leave its folder alone.
            continue;
        }
        if let Err(e) = std::fs::remove_dir_all(&path) {
            problems.push(cannot_remove(&path, &e));
        }
    }
    problems
}

/// Whether a process with this id runs (Linux: `/proc/<pid>`); elsewhere, `false`, so
/// leftovers are always cleaned.
pub(crate) fn process_alive(pid: &str) -> bool {
    !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && Path::new("/proc").join(pid).join("stat").exists()
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
    fn leftovers_of_killed_builds_are_removed_and_a_cut_swap_is_undone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // A build killed while writing (its process is gone): a hidden, partial folder.
        let dead = tmp.path().join(".public.reviewsite-tmp-999999999");
        std::fs::create_dir_all(dead.join("sub")).unwrap();
        std::fs::write(dead.join("index.html"), "half").unwrap();
        // A build killed between the two renames of its swap: the previous site is aside.
        let aside = tmp.path().join(".public.reviewsite-tmp-999999998.old");
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join(MARKER), "").unwrap();
        std::fs::write(aside.join("index.html"), "previous").unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous",
            "the previous site is back in place"
        );
        assert!(!dead.exists(), "the killed build's folder is removed");
        // This build fails: the recovered site stays, and nothing else is left.
        s.write("index.html", b"new").unwrap();
        drop(s);
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "previous"
        );
        let mut names: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, vec!["public".to_string()]);
    }

    #[test]
    fn a_running_build_keeps_its_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // pid 1 is alive on Linux (and never ours).
        let busy = tmp.path().join(".public.reviewsite-tmp-1");
        std::fs::create_dir_all(&busy).unwrap();
        let s = Staging::begin(&out).unwrap();
        assert_eq!(busy.exists(), cfg!(target_os = "linux"));
        s.abort();
    }

    #[test]
    fn a_file_is_never_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("notes.txt");
        std::fs::write(&f, "x").unwrap();
        let e = check_output_dir(&f, &[], true).unwrap_err();
        assert!(e.to_string().contains("a file"), "{e}");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "x");
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

    #[test]
    fn a_file_written_in_pieces_is_the_file_written_whole() {
        let fill = |w: &mut dyn std::io::Write| -> Result<()> {
            for piece in ["one ", "two ", "three"] {
                w.write_all(piece.as_bytes())?;
            }
            Ok(())
        };
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("o");
        let s = Staging::begin(&out).unwrap();
        s.write_streamed("a/b.json", &mut { fill }).unwrap();
        assert!(s.write_streamed("../x", &mut { fill }).is_err());
        s.commit().unwrap();
        let on_disk = std::fs::read_to_string(out.join("a/b.json")).unwrap();
        assert_eq!(on_disk, "one two three");
        let c = Collected::default();
        c.write_streamed("a/b.json", &mut { fill }).unwrap();
        assert_eq!(&*c.into_files()[0].1, b"one two three");
    }
}
