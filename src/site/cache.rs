//! The build cache (`--cache-dir`, by default `.reviewsite-cache` beside the output
//! folder): what a one-off build made, kept for the next one, so a build after a push
//! that added one review reads, parses and renders little more than that review.
//!
//! - **Settings.** What a build's output depends on besides the reports is hashed
//!   ([`Settings`]) in two keys. The content key: the cache format, the tool (its version
//!   and the bytes of its executable), the validated configuration (`book.toml` and the
//!   command line) but for the output folder and what only pages show (base URL, title,
//!   description), `--include-non-reports`, and the state of every configured checkout
//!   (its refs: a fetch changes them). The full key adds those, the search shard sizes
//!   and every file of the theme folder. Records and the lineage are keyed by the first,
//!   pages by the second: `serve`, with its own base URL, reads what a build left. A cache
//!   made with other settings is not used and is replaced by this build's.
//! - **Reports.** Each report's record (`reports/<key>`) is keyed by a BLAKE3 hash of the
//!   content key and the report as read (its text, front matter, sidecar, id and place): its
//!   review as parsed, enriched and given its excerpts (packed as `super::packed` packs
//!   it), what the agent pages read of it, its search documents, its summary, its
//!   fingerprints, its diagnostics and what it added to the per-repository excerpt
//!   tallies. A report whose record is found is not parsed.
//! - **Pages.** The last output is kept in `site/` (hard links to the output's files
//!   where the file system allows, copies elsewhere), with each unit's fingerprint and
//!   files in the manifest. A unit whose fingerprint is unchanged is not rendered: its
//!   files are linked from `site/` into the new output. A file whose size or
//!   modification time is not what the manifest says (edited, cut short) makes its unit
//!   render again. The theme's assets and the static folder are always copied afresh.
//! - **Lineage.** Each PR thread's lineage is kept with the fingerprints of its rounds;
//!   a thread whose rounds did not change keeps it (as `serve` does between saves), and
//!   so does its record in `threads.json`.
//! - **Trust.** Every file of the cache begins with a magic word and a format number;
//!   a record must name the key it is stored under. The manifest is removed before
//!   `site/` changes and written again (to a temporary name, then renamed) once it is
//!   consistent, so a build killed in between leaves no manifest: the next build is a
//!   cold one. It is written as it is serialized (MessagePack in an LZ4 frame), from
//!   what the build holds, and read the same way: neither holds it whole in memory. A
//!   cache that cannot be read, is corrupt or was made with other settings is ignored
//!   with a note; it is never partly trusted.
//! - **One build at a time.** A build holds the cache with a `lock` file of its process
//!   id, removed when it ends; another build meanwhile goes without the cache (a note).
//!   `serve` only reads it (every file of it is replaced whole, by a rename).
//!
//! The output is byte for byte that of a build without the cache (the testsuite builds
//! both ways and compares).

use super::options::BuildOptions;
use super::packed::{pack_value, unpack_value};
use super::unit::UnitKey;
use crate::config::Config;
use crate::content::SourceReport;
use crate::diagnostics::Diagnostic;
use crate::render::StoredThread;
use anyhow::{anyhow, Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The cache folder's name beside the output folder, by default.
pub const DEFAULT_NAME: &str = ".reviewsite-cache";
/// Bumped whenever what the cache holds changes shape.
const FORMAT: u32 = 5;
const MANIFEST: &str = "manifest.bin";
/// A manifest: these bytes, then an LZ4 frame of MessagePack.
const MANIFEST_MAGIC: &[u8; 8] = b"RSCACHEF";
/// A manifest of format 3 and before (an LZ4 block, whole).
const OLD_MANIFEST_MAGIC: &[u8; 8] = b"RSCACHEM";
const RECORD_MAGIC: &[u8; 8] = b"RSCACHER";
const REPORTS: &str = "reports";
const MIRROR: &str = "site";

/// What the last build left: its settings, its reviews, its units and its threads.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Manifest {
    format: u32,
    settings: String,
    /// [`Settings::content`] (what the records and the lineage depend on).
    content: String,
    /// The reviews that had a page, by id.
    pub(super) ids: Vec<String>,
    pub(super) units: Vec<StoredUnit>,
    pub(super) threads: Vec<(String, StoredThread)>,
    /// `threads.json`'s record of each thread, by URL, with the key it was made from.
    pub(super) thread_records: Vec<ThreadRecord>,
}

/// A thread's record in `threads.json`: its URL, the key it was made from, its text
/// (LZ4-compressed, its length first).
pub(super) type ThreadRecord = (String, u64, Vec<u8>);

/// A [`Manifest`] as a build writes it, serialized as one: what it holds borrowed from the
/// build where it is large (the threads' lineage and records), so that saving copies
/// nothing and holds no serialized copy (it is written as it is serialized).
#[derive(Serialize)]
pub(super) struct ManifestOut<'a, T: Serialize, R: Serialize> {
    format: u32,
    settings: String,
    content: String,
    ids: Vec<&'a str>,
    units: Vec<StoredUnit>,
    /// Serialized as `Vec<(String, StoredThread)>`.
    threads: T,
    /// Serialized as `Vec<ThreadRecord>`.
    thread_records: R,
}

impl<'a, T: Serialize, R: Serialize> ManifestOut<'a, T, R> {
    pub(super) fn new(
        ids: Vec<&'a str>,
        units: Vec<StoredUnit>,
        (threads, thread_records): (T, R),
    ) -> Self {
        ManifestOut {
            format: FORMAT,
            settings: String::new(),
            content: String::new(),
            ids,
            units,
            threads,
            thread_records,
        }
    }
}

/// One unit as last rendered: its fingerprint, its files, and (a review page) why the
/// theme could not render it.
#[derive(Serialize, Deserialize)]
pub(super) struct StoredUnit {
    pub(super) key: UnitKey,
    pub(super) fingerprint: u64,
    pub(super) files: Vec<StoredFile>,
    pub(super) problem: Option<Diagnostic>,
}

/// A file of the last output as `site/` holds it.
#[derive(Serialize, Deserialize, Clone)]
pub(super) struct StoredFile {
    pub(super) rel: String,
    len: u64,
    modified: i64,
}

/// A report's record: everything but its packed parts, which follow it in the file.
#[derive(Serialize, Deserialize)]
pub(super) struct RecordHead<S> {
    /// The key it is stored under.
    pub(super) key: String,
    pub(super) summary: S,
    pub(super) is_report: bool,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) tallied: Vec<crate::enrich::excerpts::Tallied>,
    /// Source, summary, agents, key findings.
    pub(super) fingerprints: [u64; 4],
}

/// A record read back: its head, and where each packed part is in its file.
pub(super) struct Record<S> {
    pub(super) head: RecordHead<S>,
    pub(super) path: std::sync::Arc<Path>,
    /// Review, agents' part, search documents: (offset, length).
    pub(super) parts: [(u64, u64); 3],
}

/// Why the last build's manifest cannot be used.
enum Unusable {
    /// Made with other settings (or another format): expected, said quietly.
    Outdated,
    /// Unreadable, corrupt or not reviewsite's.
    Broken(anyhow::Error),
}

/// The build cache of one build. See the module documentation.
pub(super) struct BuildCache {
    dir: PathBuf,
    settings: Settings,
    /// What the last build left, when it can be used.
    pub(super) previous: Manifest,
    /// Why the cache was not used, when it was not.
    pub(super) notes: Vec<Diagnostic>,
    /// The records this build read or wrote (the others are removed after it).
    used: Mutex<HashSet<String>>,
    /// The lock file this build holds (removed when it ends); none when read only.
    lock: Option<PathBuf>,
}

impl Drop for BuildCache {
    fn drop(&mut self) {
        if let Some(lock) = &self.lock {
            let _ = std::fs::remove_file(lock);
        }
    }
}

/// Takes the cache at `dir` for this build: its `lock` file made, holding this process's
/// id. A lock held by a process that runs is another build's: a note, and no cache for
/// this one; one left by a build that died is taken over.
fn take_lock(dir: &Path) -> Result<PathBuf, Diagnostic> {
    let lock = dir.join("lock");
    let note = |why: String| {
        Diagnostic::note(format!(
            "{}: build cache not used ({why}); this build makes everything from the reports",
            dir.display()
        ))
    };
    std::fs::create_dir_all(dir).map_err(|e| note(format!("cannot create it: {e}")))?;
    for _ in 0..2 {
        let made = std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(&lock);
        match made {
            Ok(mut file) => {
                use std::io::Write;
                let _ = write!(file, "{}", std::process::id());
                return Ok(lock);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let holder = std::fs::read_to_string(&lock).unwrap_or_default();
                let holder = holder.trim();
                if crate::output::process_alive(holder) {
                    return Err(note(format!(
                        "another build, process {holder}, is using it"
                    )));
                }
                let _ = std::fs::remove_file(&lock);
            }
            Err(e) => return Err(note(format!("cannot write in it: {e}"))),
        }
    }
    Err(note("its lock file cannot be taken over".into()))
}

impl BuildCache {
    /// Opens the cache at `dir` for a build of `config`: the last build's manifest when its
    /// settings are this build's; otherwise an empty one (and a note when it was broken).
    /// `Err` (a note) when another build is using it: this build then goes without.
    pub(super) fn open(
        dir: &Path,
        config: &Config,
        opts: &BuildOptions,
    ) -> Result<BuildCache, Diagnostic> {
        let lock = Some(take_lock(dir)?);
        Ok(BuildCache::with_lock(dir, config, opts, lock))
    }

    /// Opens the cache at `dir` to read only (`serve`: a build may write it meanwhile;
    /// every file of it is replaced whole, by a rename).
    pub(super) fn open_to_read(dir: &Path, config: &Config, opts: &BuildOptions) -> BuildCache {
        BuildCache::with_lock(dir, config, opts, None)
    }

    fn with_lock(
        dir: &Path,
        config: &Config,
        opts: &BuildOptions,
        lock: Option<PathBuf>,
    ) -> BuildCache {
        let settings = Settings::of(config, opts);
        let mut cache = BuildCache {
            dir: dir.to_path_buf(),
            settings,
            previous: Manifest::default(),
            notes: Vec::new(),
            used: Mutex::new(HashSet::new()),
            lock,
        };
        let shown = dir.display();
        match cache.read_manifest() {
            Ok(Some(m)) => cache.previous = m,
            Ok(None) => {}
            // Expected after an upgrade or a change of settings: said by `check` only.
            Err(Unusable::Outdated) => cache.notes.push(Diagnostic::info(
                shown.to_string(),
                None,
                "build cache made by another version of reviewsite, or with other settings, theme or checkouts; this build makes it again",
            )),
            Err(Unusable::Broken(e)) => cache.notes.push(Diagnostic::note(format!(
                "{shown}: build cache not used ({e:#}); this build makes it again"
            ))),
        }
        cache
    }

    /// The manifest, `None` when there is none (no cache yet, or a build stopped while
    /// changing it); `Err` when it cannot be used.
    fn read_manifest(&self) -> Result<Option<Manifest>, Unusable> {
        let path = self.dir.join(MANIFEST);
        let mut file = match std::fs::File::open(&path) {
            Ok(f) => std::io::BufReader::new(f),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Unusable::Broken(anyhow!("cannot read its manifest: {e}"))),
        };
        let mut magic = [0u8; 8];
        let _ = file.read_exact(&mut magic);
        if &magic == OLD_MANIFEST_MAGIC {
            // Written by an earlier version, whole (format 3 and before).
            return Err(Unusable::Outdated);
        }
        if &magic != MANIFEST_MAGIC {
            let e = anyhow!("not a reviewsite build cache, or a corrupt one");
            return Err(Unusable::Broken(e));
        }
        let m: Manifest = rmp_serde::from_read(lz4_flex::frame::FrameDecoder::new(file))
            .map_err(|e| Unusable::Broken(anyhow!("its manifest is corrupt: {e}")))?;
        if m.format != FORMAT || m.content != self.settings.content {
            return Err(Unusable::Outdated);
        }
        let mut m = m;
        if m.settings != self.settings.all {
            // Built for another base URL (or title...): its pages are not this site's.
            m.units = Vec::new();
        }
        Ok(Some(m))
    }

    /// Whether this build writes the cache (it holds its lock).
    pub(super) fn writes(&self) -> bool {
        self.lock.is_some()
    }

    /// The key of `source`'s record: a BLAKE3 hash of the settings and the report.
    pub(super) fn record_key(&self, source: &SourceReport) -> String {
        let mut h = blake3::Hasher::new();
        h.update(self.settings.content.as_bytes());
        let place = serde_json::to_vec(&(
            &source.id,
            &source.rel_path,
            &source.repo_hint,
            source.first_line,
            &source.front_matter,
            &source.sidecar,
        ))
        .unwrap_or_default();
        h.update(&(place.len() as u64).to_le_bytes());
        h.update(&place);
        h.update(source.markdown.as_bytes());
        h.finalize().to_hex().to_string()
    }

    fn record_path(&self, key: &str) -> PathBuf {
        self.dir.join(REPORTS).join(key)
    }

    /// The record stored under `key`, when there is a sound one (only its head is read:
    /// the parts are read when a page needs them).
    pub(super) fn record<S: serde::de::DeserializeOwned>(&self, key: &str) -> Option<Record<S>> {
        let path = self.record_path(key);
        let record = read_record(&path).filter(|r: &Record<S>| r.head.key == key)?;
        self.use_record(key);
        Some(record)
    }

    fn use_record(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
    }

    /// Stores a report's record under `key` (written under a temporary name, then
    /// renamed): its head and its packed review, agents' part and search documents.
    /// Returns where each part is, for the report to read them back from there.
    pub(super) fn put_record<S: Serialize>(
        &self,
        head: &RecordHead<S>,
        parts: [&[u8]; 3],
    ) -> Result<Record<()>> {
        let head_bytes = pack_value(head)?;
        let sections = [&head_bytes[..], parts[0], parts[1], parts[2]];
        let mut bytes =
            Vec::with_capacity(RECORD_START + sections.iter().map(|p| p.len()).sum::<usize>());
        bytes.extend_from_slice(RECORD_MAGIC);
        for section in sections {
            bytes.extend_from_slice(&(section.len() as u64).to_le_bytes());
        }
        let mut offsets = [(0u64, 0u64); 3];
        for (i, section) in sections.iter().enumerate() {
            if i > 0 {
                offsets[i - 1] = (bytes.len() as u64, section.len() as u64);
            }
            bytes.extend_from_slice(section);
        }
        let path = self.record_path(&head.key);
        write_atomically(&path, |w| Ok(w.write_all(&bytes)?))?;
        self.use_record(&head.key);
        Ok(Record {
            head: RecordHead {
                key: head.key.clone(),
                summary: (),
                is_report: head.is_report,
                diagnostics: Vec::new(),
                tallied: Vec::new(),
                fingerprints: head.fingerprints,
            },
            path: path.into(),
            parts: offsets,
        })
    }

    /// The last build's units whose files `site/` still holds as they were written.
    pub(super) fn sound_units(&mut self) -> Vec<StoredUnit> {
        let mirror = self.dir.join(MIRROR);
        std::mem::take(&mut self.previous.units)
            .into_iter()
            .filter(|u| {
                u.files
                    .iter()
                    .all(|f| stamp(&mirror.join(&f.rel)) == Some((f.len, f.modified)))
            })
            .collect()
    }

    /// Where `site/` holds the file `rel` of the last output.
    pub(super) fn mirror_path(&self, rel: &str) -> PathBuf {
        self.dir.join(MIRROR).join(rel)
    }

    /// After the build's output is in place at `output`: `site/` made its copy (the files
    /// of `rendered`, the units rendered this build, linked again; those of `removed`
    /// removed), the manifest written for `units` (every unit of the site, with the
    /// threads' lineage and the reviews), and the records no report used removed.
    pub(super) fn commit(
        &self,
        output: &Path,
        rendered: &[String],
        removed: &[String],
        mut manifest: ManifestOut<'_, impl Serialize, impl Serialize>,
    ) -> Result<()> {
        let manifest_path = self.dir.join(MANIFEST);
        match std::fs::remove_file(&manifest_path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("{}: cannot remove", manifest_path.display()))
            }
        }
        let mirror = self.dir.join(MIRROR);
        for rel in removed {
            let _ = std::fs::remove_file(mirror.join(rel));
        }
        use rayon::prelude::*;
        rendered
            .par_iter()
            .try_for_each(|rel| link_or_copy(&output.join(rel), &mirror.join(rel)))?;
        for unit in &mut manifest.units {
            for f in &mut unit.files {
                let (len, modified) = stamp(&mirror.join(&f.rel))
                    .with_context(|| format!("{}: not in the cache", f.rel))?;
                f.len = len;
                f.modified = modified;
            }
        }
        manifest.format = FORMAT;
        manifest.settings = self.settings.all.clone();
        manifest.content = self.settings.content.clone();
        std::fs::write(self.dir.join("CACHEDIR.TAG"), CACHEDIR_TAG)?;
        std::fs::write(
            self.dir.join(".gitignore"),
            "# reviewsite's build cache\n*\n",
        )?;
        write_atomically(&manifest_path, |w| {
            w.write_all(MANIFEST_MAGIC)?;
            let mut frame = lz4_flex::frame::FrameEncoder::new(w);
            rmp_serde::encode::write_named(&mut frame, &manifest)?;
            frame.finish()?;
            Ok(())
        })?;
        self.remove_unused();
        Ok(())
    }

    /// Removes the records no report of this build used.
    fn remove_unused(&self) {
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        let Ok(entries) = std::fs::read_dir(self.dir.join(REPORTS)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !used.contains(name.to_string_lossy().as_ref()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// A unit's files, for the manifest (their stamps are taken when `site/` holds them).
pub(super) fn stored_files(outputs: &[String]) -> Vec<StoredFile> {
    outputs
        .iter()
        .map(|rel| StoredFile {
            rel: rel.clone(),
            len: 0,
            modified: 0,
        })
        .collect()
}

const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
# This file is a cache directory tag created by reviewsite.\n\
# For information about cache directory tags see https://bford.info/cachedir/\n";

/// Where a record's sections start: its magic word and the lengths of its four
/// sections (head, review, agents' part, search documents).
const RECORD_START: usize = RECORD_MAGIC.len() + 4 * 8;

/// The record at `path`, when it is sound: its magic word, the lengths of its sections
/// adding up to the file's length, and a head that reads back.
fn read_record<S: serde::de::DeserializeOwned>(path: &Path) -> Option<Record<S>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?;
    let mut start = [0u8; RECORD_START];
    file.read_exact(&mut start).ok()?;
    if !start.starts_with(RECORD_MAGIC) {
        return None;
    }
    let lens: Vec<u64> = start[RECORD_MAGIC.len()..]
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let total = lens
        .iter()
        .try_fold(RECORD_START as u64, |sum, len| sum.checked_add(*len))?;
    if file.metadata().ok()?.len() != total {
        return None;
    }
    let mut head = vec![0u8; usize::try_from(lens[0]).ok()?];
    file.read_exact(&mut head).ok()?;
    let head: RecordHead<S> = unpack_value(&head).ok()?;
    let mut at = RECORD_START as u64 + lens[0];
    let mut parts = [(0u64, 0u64); 3];
    for (part, len) in parts.iter_mut().zip(&lens[1..]) {
        *part = (at, *len);
        at += len;
    }
    Some(Record {
        head,
        path: path.into(),
        parts,
    })
}

/// Size and modification time (whole seconds: what an archive of the cache keeps) of a
/// file.
fn stamp(path: &Path) -> Option<(u64, i64)> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs() as i64;
    Some((meta.len(), modified))
}

/// Makes `to` the file `from`: a hard link, or a copy where one cannot be made.
fn link_or_copy(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create folder", parent.display()))?;
    }
    let _ = std::fs::remove_file(to);
    if std::fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    std::fs::copy(from, to)
        .map(drop)
        .with_context(|| format!("{}: cannot copy to {}", from.display(), to.display()))
}

/// Writes what `write` writes to `path` under a temporary name, then renames it into
/// place.
fn write_atomically(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create folder", parent.display()))?;
    }
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let written = std::fs::File::create(&tmp)
        .map_err(anyhow::Error::from)
        .and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            write(&mut w)?;
            w.flush()?;
            Ok(())
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.context(format!("{}: cannot write", tmp.display())));
    }
    std::fs::rename(&tmp, path).with_context(|| format!("{}: cannot write", path.display()))
}

/// The hashes of everything but the reports that a build's output depends on (see the
/// module documentation), as hex: all of it, and what the records and the lineage depend
/// on (all but what only pages show: the base URL, the title and the description; so
/// `serve`, which has its own base URL, reads a build's records).
struct Settings {
    all: String,
    content: String,
}

impl Settings {
    fn of(config: &Config, opts: &BuildOptions) -> Settings {
        let mut content = blake3::Hasher::new();
        content.update(&FORMAT.to_le_bytes());
        content.update(env!("CARGO_PKG_VERSION").as_bytes());
        if let Some(exe) = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::File::open(p).ok())
        {
            let _ = content.update_reader(exe);
        }
        // The output folder is not an input: a site built elsewhere is the same site. The
        // folders are the same however the command line spelled them.
        let mut config = config.clone();
        config.output_dir = PathBuf::new();
        for dir in [
            &mut config.root,
            &mut config.content_dir,
            &mut config.static_dir,
            &mut config.theme_dir,
        ] {
            *dir = std::fs::canonicalize(&*dir).unwrap_or_else(|_| crate::output::absolute(dir));
        }
        let shown = [
            std::mem::take(&mut config.base_url),
            std::mem::take(&mut config.base_path),
            std::mem::take(&mut config.title),
            std::mem::take(&mut config.description),
        ];
        content.update(format!("{config:?}").as_bytes());
        content.update(&[u8::from(opts.include_non_reports)]);
        content.update(&crate::enrich::excerpts::checkout_state(&config));
        let mut all = content.clone();
        for part in &shown {
            all.update(&(part.len() as u64).to_le_bytes());
            all.update(part.as_bytes());
        }
        let (term_shard, doc_shard) = crate::search::shard_limits();
        all.update(&(term_shard as u64).to_le_bytes());
        all.update(&(doc_shard as u64).to_le_bytes());
        let mut theme: Vec<PathBuf> = walkdir::WalkDir::new(&config.theme_dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        theme.sort();
        for path in theme {
            all.update(path.to_string_lossy().as_bytes());
            if let Ok(file) = std::fs::File::open(&path) {
                let _ = all.update_reader(file);
            }
        }
        Settings {
            all: all.finalize().to_hex().to_string(),
            content: content.finalize().to_hex().to_string(),
        }
    }
}

/// Where the cache goes by default: `.reviewsite-cache` beside the output folder.
pub(super) fn default_dir(output: &Path) -> PathBuf {
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(DEFAULT_NAME)
}
