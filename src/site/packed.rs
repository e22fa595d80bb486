//! Reviews kept packed outside the heap while a one-off build runs ([`Spill`]): once a
//! report is parsed and enriched, its [`Review`] is written (MessagePack, then LZ4) to a
//! temporary file and dropped (and so are its search documents and what the agent pages
//! read of it, [`pack_value`]); a page that needs it reads it back ([`Spill::get`]) and drops
//! it after. So a build holds a small summary per review, not every review, and its memory
//! does not grow with the archive.
//!
//! The packed form is the model's serde form plus the fields serde skips (they are not
//! exported, but pages read them), so a review read back equals the review written. When
//! no temporary file can be made, the packed bytes stay in memory (compressed: still a
//! fraction of the review).

use crate::model::Review;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// Where a packed review is: a range of the spill file, bytes held when there is none,
/// or a range of another file (a record of the build cache).
pub(crate) enum Packed {
    File {
        offset: u64,
        len: u64,
    },
    Memory(Box<[u8]>),
    At {
        path: std::sync::Arc<std::path::Path>,
        offset: u64,
        len: u64,
    },
}

/// The model's serde form and the fields it skips.
#[derive(Serialize, Deserialize)]
struct Form<'a> {
    review: std::borrow::Cow<'a, Review>,
    wall_clock_overridden: Vec<usize>,
    person_emails_hidden: bool,
}

/// The packed form of `review`.
pub(super) fn pack(review: &Review) -> Result<Vec<u8>> {
    let form = Form {
        review: std::borrow::Cow::Borrowed(review),
        wall_clock_overridden: review.meta.wall_clock_overridden.clone(),
        person_emails_hidden: review.meta.person_emails_hidden,
    };
    pack_value(&form).context("cannot pack a review")
}

/// The packed form of any other value (what a report keeps beside its review).
pub(super) use crate::text::packing::pack as pack_value;
/// The value `bytes` ([`pack_value`]) hold.
pub(super) use crate::text::packing::unpack as unpack_value;

/// The review `bytes` ([`pack`]) hold.
pub(super) fn unpack(bytes: &[u8]) -> Result<Review> {
    let form: Form = unpack_value(bytes).context("packed review is corrupt")?;
    let mut review = form.review.into_owned();
    review.meta.wall_clock_overridden = form.wall_clock_overridden;
    review.meta.person_emails_hidden = form.person_emails_hidden;
    Ok(review)
}

/// The temporary file packed reviews go to, removed when dropped (at once on Unix, where
/// an open file outlives its name).
pub(crate) struct Spill {
    file: Option<(File, PathBuf)>,
    /// Where the next review goes.
    end: AtomicU64,
    /// Serialises writes where positioned writes are not available.
    #[cfg_attr(unix, allow(dead_code))]
    lock: Mutex<()>,
}

impl Spill {
    /// A spill file in the system's temporary folder; without one, reviews are held packed
    /// in memory.
    pub(crate) fn new() -> Spill {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "reviewsite-{}-{}.packed",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .ok();
        #[cfg(unix)]
        if file.is_some() {
            let _ = std::fs::remove_file(&path);
        }
        Spill {
            file: file.map(|f| (f, path)),
            end: AtomicU64::new(0),
            lock: Mutex::new(()),
        }
    }

    /// Packs `review` and puts it away.
    #[cfg(test)]
    pub(super) fn put(&self, review: &Review) -> Result<Packed> {
        self.put_bytes(pack(review)?)
    }

    /// The review `packed` holds.
    pub(super) fn get(&self, packed: &Packed) -> Result<Review> {
        unpack(&self.get_bytes(packed)?)
    }

    /// The value `packed` holds.
    pub(super) fn get_value<T: serde::de::DeserializeOwned>(&self, packed: &Packed) -> Result<T> {
        unpack_value(&self.get_bytes(packed)?)
    }

    /// Puts packed bytes away.
    pub(crate) fn put_bytes(&self, bytes: Vec<u8>) -> Result<Packed> {
        Ok(self.keep(bytes))
    }

    /// Puts bytes away: in the spill file, or in memory when there is none or it is full.
    pub(crate) fn keep(&self, bytes: Vec<u8>) -> Packed {
        let Some((file, _)) = &self.file else {
            return Packed::Memory(bytes.into_boxed_slice());
        };
        let len = bytes.len() as u64;
        let offset = self.end.fetch_add(len, Ordering::Relaxed);
        match write_at(file, &bytes, offset, &self.lock) {
            Ok(()) => Packed::File { offset, len },
            // A full disk: this one is held in memory.
            Err(_) => Packed::Memory(bytes.into_boxed_slice()),
        }
    }

    /// The packed bytes `packed` stands for.
    pub(crate) fn get_bytes(&self, packed: &Packed) -> Result<Vec<u8>> {
        match (packed, &self.file) {
            (Packed::Memory(bytes), _) => Ok(bytes.to_vec()),
            (Packed::At { path, offset, len }, _) => {
                let mut buf = vec![0; *len as usize];
                File::open(path)
                    .and_then(|file| read_at(&file, &mut buf, *offset, &self.lock))
                    .with_context(|| {
                        format!(
                            "{}: cannot read back what the build cache holds there",
                            path.display()
                        )
                    })?;
                Ok(buf)
            }
            (Packed::File { offset, len }, Some((file, path))) => {
                let mut buf = vec![0; *len as usize];
                read_at(file, &mut buf, *offset, &self.lock).with_context(|| {
                    format!(
                        "{}: cannot read back what this build packed there",
                        path.display()
                    )
                })?;
                Ok(buf)
            }
            (Packed::File { .. }, None) => anyhow::bail!("a packed review has no spill file"),
        }
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        if let Some((_, path)) = &self.file {
            #[cfg(not(unix))]
            let _ = std::fs::remove_file(path);
            let _ = path;
        }
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], offset: u64, _lock: &Mutex<()>) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64, _lock: &Mutex<()>) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(not(unix))]
fn write_at(file: &File, bytes: &[u8], offset: u64, lock: &Mutex<()>) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom, Write};
    let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], offset: u64, lock: &Mutex<()>) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let _held = lock.lock().unwrap_or_else(|e| e.into_inner());
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Review {
        let mut r = Review {
            id: "r1".into(),
            preamble: "some *text*".into(),
            sidecar: Some(serde_json::json!({"b": 1, "a": [1.5, null, "x"]})),
            ..Review::default()
        };
        r.meta.wall_clock_overridden = vec![3, 4];
        r.meta.person_emails_hidden = true;
        r.meta.reviewers.push(crate::model::Reviewer {
            name: "Claude".into(),
            family: "claude".into(),
            ..Default::default()
        });
        r
    }

    #[test]
    fn a_review_read_back_is_the_review_put_away() {
        let spill = Spill::new();
        let r = sample();
        let packed = spill.put(&r).unwrap();
        assert!(matches!(packed, Packed::File { .. }));
        let other = spill.put(&Review::default()).unwrap();
        assert_eq!(spill.get(&packed).unwrap(), r);
        assert_eq!(spill.get(&other).unwrap(), Review::default());
    }

    #[test]
    fn corrupt_bytes_are_an_error_not_a_review() {
        let mut bytes = pack(&sample()).unwrap();
        bytes.truncate(bytes.len() / 2);
        assert!(unpack(&bytes).is_err());
        assert!(unpack(b"garbage").is_err());
    }
}
