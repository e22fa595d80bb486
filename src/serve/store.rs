//! The files `serve` publishes, as it keeps them: compressed, or named on disk.
//!
//! A rendered site is mostly text (the 4,000-review synthetic archive renders about 950 MB),
//! and `serve` used to hold every byte of it. Here each file the engine writes becomes a
//! [`Stored`]:
//! - text (HTML, CSS, JavaScript, JSON, XML, Markdown) is kept deflate-compressed (the
//!   fastest level: about a sixth of its size, at some 100 MB/s per core) in a temporary
//!   file (`chunks.rs`: the system's file cache, not the process's memory), and answered
//!   gzip-compressed to a client that accepts gzip (every browser: the stored bytes are
//!   sent as they are, wrapped in a gzip header and trailer) and decompressed for one that
//!   does not;
//! - a file the engine copies from disk (a report's `<stem>.md`, the static folder) is kept
//!   as its path and read when asked for, so the site is not held twice;
//! - anything else (images, fonts) is kept as written.
//!
//! An HTML page gets the live-reload script before its last `</body>` ([`super::live`]),
//! different for every build, so a page is compressed in two parts: the bytes before that
//! `</body>`, deflated and ended with a sync flush (byte-aligned, not final), and the rest,
//! kept plain. An answer is then one deflate stream: the stored prefix, a final stored
//! block holding the script tag and the rest, and a trailer whose CRC-32 continues the
//! prefix's ([`crc32fast::Hasher::new_with_initial_len`]). Nothing is compressed per
//! request, and the decoded answer is byte for byte the page with the script injected.

use super::chunks::{self, Chunk};
use super::live;
use crate::output::{Fill, Sink};
use anyhow::{bail, Context, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A file as `serve` keeps it.
#[derive(Debug, Clone)]
pub(crate) enum Stored {
    /// Text, compressed ([`Packed`]).
    Packed(Arc<Packed>),
    /// Bytes kept as written (not text).
    Plain(Arc<[u8]>),
    /// A copy of this file on disk, read when asked for.
    Disk(Arc<Path>),
}

/// A text file compressed: `chunks` hold its first `len` bytes (all of them but an
/// HTML page's last `</body>` and what follows), `tail` the rest.
#[derive(Debug)]
pub(crate) struct Packed {
    /// Raw deflate streams ended by a sync flush ([`chunks`]): in a row, one stream that
    /// more blocks may follow.
    chunks: Vec<Arc<Chunk>>,
    /// CRC-32 of the compressed part's bytes.
    crc: u32,
    len: u64,
    tail: Box<[u8]>,
    /// An HTML page: the live-reload script goes between `deflate` and `tail`.
    page: bool,
}

/// What a file's bytes are, for an answer: the content, and how it is encoded.
pub(crate) struct Content {
    pub(crate) bytes: Vec<u8>,
    pub(crate) gzip: bool,
}

/// The gzip header: deflate, no name, no time, unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// The most a stored deflate block holds.
const STORED_MAX: usize = 0xffff;

impl Stored {
    /// Keeps `bytes`, written at the site path `rel`: compressed when it is text
    /// (`textual`), as written otherwise.
    #[cfg(test)]
    pub(crate) fn of(rel: &str, bytes: &[u8], textual: bool) -> Stored {
        Stored::again(rel, bytes, textual, None)
    }

    /// `Stored::of`, given the file's last version (`previous`): what is the same as
    /// there is not compressed again ([`chunks`]).
    pub(crate) fn again(
        rel: &str,
        bytes: &[u8],
        textual: bool,
        previous: Option<&Packed>,
    ) -> Stored {
        if !textual {
            return Stored::Plain(Arc::from(bytes));
        }
        let page = rel.ends_with(".html");
        let cut = match page {
            true => live::script_at(bytes),
            false => bytes.len(),
        };
        let (head, tail) = bytes.split_at(cut);
        let chunks = chunks::compress(head, previous.map_or(&[], |p| &p.chunks));
        Stored::Packed(Arc::new(Packed {
            crc: chunks::crc_of_all(&chunks),
            chunks,
            len: head.len() as u64,
            tail: tail.into(),
            page,
        }))
    }

    /// A text other than a page, compressed as it was written ([`chunks::Chunker`]).
    fn streamed(chunker: chunks::Chunker) -> Stored {
        let (chunks, len) = chunker.finish();
        Stored::Packed(Arc::new(Packed {
            crc: chunks::crc_of_all(&chunks),
            chunks,
            len,
            tail: Box::default(),
            page: false,
        }))
    }

    /// A page compressed as it was written: `chunks` of its `len` first bytes, up to its
    /// last `</body>`, and the rest.
    fn page(chunks: Vec<Arc<Chunk>>, len: u64, tail: Box<[u8]>) -> Stored {
        Stored::Packed(Arc::new(Packed {
            crc: chunks::crc_of_all(&chunks),
            chunks,
            len,
            tail,
            page: true,
        }))
    }

    /// The file compressed, when it is.
    pub(crate) fn packed(&self) -> Option<&Arc<Packed>> {
        match self {
            Stored::Packed(p) => Some(p),
            _ => None,
        }
    }

    /// Whether the file is an HTML page compressed with a place for the live-reload
    /// script.
    pub(crate) fn is_page(&self) -> bool {
        matches!(self, Stored::Packed(p) if p.page)
    }

    /// The file's bytes, with `insert` before an HTML page's last `</body>`: gzip-encoded
    /// when the client accepts it (`gzip`) and the file is kept compressed, as they are
    /// otherwise. A file on disk that cannot be read any more is an error.
    pub(crate) fn content(&self, insert: &[u8], gzip: bool) -> Result<Content> {
        match self {
            Stored::Plain(b) => Ok(Content {
                bytes: b.to_vec(),
                gzip: false,
            }),
            Stored::Disk(path) => Ok(Content {
                bytes: read_regular(path)
                    .with_context(|| format!("{}: cannot read", path.display()))?,
                gzip: false,
            }),
            Stored::Packed(p) if gzip => Ok(Content {
                bytes: p.gzip(insert)?,
                gzip: true,
            }),
            Stored::Packed(p) => Ok(Content {
                bytes: p.plain(insert)?,
                gzip: false,
            }),
        }
    }

    /// The bytes kept in memory for this file (to measure).
    pub(crate) fn held(&self) -> usize {
        match self {
            Stored::Packed(p) => p.chunks.iter().map(|c| c.held()).sum::<usize>() + p.tail.len(),
            Stored::Plain(b) => b.len(),
            Stored::Disk(_) => 0,
        }
    }
}

impl Packed {
    /// The file decompressed, `insert` between its parts.
    fn plain(&self, insert: &[u8]) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.len as usize + insert.len() + self.tail.len());
        for chunk in &self.chunks {
            chunks::inflate_into(&chunk.deflate()?, &mut out)?;
        }
        if out.len() as u64 != self.len {
            bail!("internal error: a file kept in memory decompresses to another length");
        }
        out.extend_from_slice(insert);
        out.extend_from_slice(&self.tail);
        Ok(out)
    }

    /// The file as one gzip member, `insert` between its parts: the kept deflate, then
    /// final stored blocks with `insert` and the tail, then the trailer.
    fn gzip(&self, insert: &[u8]) -> Result<Vec<u8>> {
        let rest: Vec<u8> = [insert, &self.tail].concat();
        let blocks = rest.len().div_ceil(STORED_MAX).max(1);
        let deflated: usize = self.chunks.iter().map(|c| c.deflated_len()).sum();
        let mut out =
            Vec::with_capacity(GZIP_HEADER.len() + deflated + blocks * 5 + rest.len() + 8);
        out.extend_from_slice(&GZIP_HEADER);
        for chunk in &self.chunks {
            out.extend_from_slice(&chunk.deflate()?);
        }
        let mut chunks = rest.chunks(STORED_MAX).peekable();
        if chunks.peek().is_none() {
            out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]); // an empty final block
        }
        while let Some(chunk) = chunks.next() {
            // BFINAL on the last, BTYPE 00 (stored); the stream is byte-aligned here.
            out.push(u8::from(chunks.peek().is_none()));
            let n = chunk.len() as u16;
            out.extend_from_slice(&n.to_le_bytes());
            out.extend_from_slice(&(!n).to_le_bytes());
            out.extend_from_slice(chunk);
        }
        let mut crc = crc32fast::Hasher::new_with_initial_len(self.crc, self.len);
        crc.update(&rest);
        out.extend_from_slice(&crc.finalize().to_le_bytes());
        let size = self.len + rest.len() as u64;
        out.extend_from_slice(&(size as u32).to_le_bytes()); // ISIZE: the size mod 2^32
        Ok(out)
    }
}

/// The file at `path` if it is (still) a regular file, never through a symbolic link: a
/// report replaced by a link since the site was rendered is not followed before the
/// rebuild drops it.
fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    let mut file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut file, &mut bytes)?;
    Ok(bytes)
}

/// Whether a site file is text, by its extension.
pub(crate) fn is_textual(path: &str) -> bool {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
        || mime.suffix() == Some(mime_guess::mime::XML)
}

/// The text files last published, by site path: what a file written again is compared
/// with, so that only what changed in it is compressed again.
pub(crate) type Kept = HashMap<Arc<str>, Arc<Packed>>;

/// A sink that keeps what the engine writes as [`Stored`] files, compressing in the
/// render's own threads (what is the same as in `previous` is not compressed again), and
/// copies from disk as paths.
#[derive(Debug, Default)]
pub(crate) struct Store<'a> {
    files: Mutex<Vec<(String, Stored)>>,
    previous: Option<&'a Kept>,
}

impl<'a> Store<'a> {
    /// A store whose files reuse what is the same in the files of `previous`.
    pub(crate) fn after(previous: &'a Kept) -> Store<'a> {
        Store {
            files: Mutex::default(),
            previous: Some(previous),
        }
    }

    /// The files written, in order.
    pub(crate) fn into_files(self) -> Vec<(String, Stored)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, rel: &str, stored: Stored) -> Result<()> {
        crate::output::plain_relative(rel)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_string(), stored));
        Ok(())
    }
}

impl Sink for Store<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let textual = is_textual(rel);
        let previous = self.previous.and_then(|k| k.get(rel)).map(|p| &**p);
        let keep = || Stored::again(rel, bytes, textual, previous);
        // The large files (made from every review) are timed.
        let stored = match bytes.len() > 1 << 20 {
            true => crate::timing::time(&format!("kept {rel}"), keep),
            false => keep(),
        };
        self.push(rel, stored)
    }

    /// A text file is compressed as it is written (`threads.json` is 14 MB at 4,000
    /// reviews, a family page 9 MB): the same chunks as [`Stored::again`] makes of it
    /// whole. A page's live-reload place, its last `</body>`, is found in what is left at
    /// its end (a page whose `</body>` is not there is cut as a page written whole).
    fn write_streamed(&self, rel: &str, fill: &mut Fill) -> Result<()> {
        if !is_textual(rel) {
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            return self.write(rel, &bytes);
        }
        let previous = self.previous.and_then(|k| k.get(rel)).map(|p| &**p);
        let stream = || -> Result<Stored> {
            let mut chunker = chunks::Chunker::new(previous.map_or(&[], |p| &p.chunks));
            fill(&mut chunker)?;
            if !rel.ends_with(".html") {
                return Ok(Stored::streamed(chunker));
            }
            Ok(match chunker.finish_page()? {
                chunks::PageEnd::Cut { chunks, len, tail } => Stored::page(chunks, len, tail),
                chunks::PageEnd::Whole(text) => Stored::again(rel, &text, true, previous),
            })
        };
        let stored = crate::timing::time(&format!("streamed {rel}"), stream)?;
        self.push(rel, stored)
    }

    fn copy_file(&self, rel: &str, src: &Path) -> Result<()> {
        // Read once now: a file that cannot be read fails the render, as in `build`.
        let meta =
            std::fs::metadata(src).with_context(|| format!("{}: cannot read", src.display()))?;
        if !meta.is_file() {
            anyhow::bail!("{}: cannot read: not a file", src.display());
        }
        self.push(rel, Stored::Disk(Arc::from(PathBuf::from(src))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .expect("valid gzip");
        out
    }

    #[test]
    fn a_page_decodes_to_the_page_with_the_script() {
        let page = "<!DOCTYPE html><html><body><p>hello</p>".repeat(50) + "</BODY></html>\n";
        let tag = b"<script src=\"/x.js\"></script>\n";
        let stored = Stored::of("a.html", page.as_bytes(), true);
        assert!(stored.is_page());
        let want = live::inject(page.as_bytes(), "/", "b1");
        let tag_now = live::tag("/", "b1").into_bytes();
        let zipped = stored.content(&tag_now, true).unwrap();
        assert!(zipped.gzip && zipped.bytes.len() < page.len() / 4);
        assert_eq!(gunzip(&zipped.bytes), want);
        let plain = stored.content(&tag_now, false).unwrap();
        assert!(!plain.gzip);
        assert_eq!(plain.bytes, want);
        // Any insert, however long (several stored blocks), and none.
        let long = vec![b'x'; 3 * STORED_MAX + 7];
        let zipped = stored.content(&long, true).unwrap().bytes;
        assert_eq!(gunzip(&zipped), stored.content(&long, false).unwrap().bytes);
        assert_eq!(
            gunzip(&stored.content(tag, true).unwrap().bytes).len(),
            page.len() + tag.len()
        );
    }

    #[test]
    fn text_without_a_body_and_binaries_round_trip() {
        for (rel, bytes, textual) in [
            ("style.css", b"body { color: red }\n".repeat(100), true),
            ("empty.js", Vec::new(), true),
            ("no-body.html", b"<p>no end tag</p>".to_vec(), true),
            ("logo.png", vec![0x89, b'P', b'N', b'G', 0, 1, 2], false),
        ] {
            let stored = Stored::of(rel, &bytes, textual);
            let plain = stored.content(b"", false).unwrap().bytes;
            assert_eq!(plain, bytes, "{rel}");
            let answer = stored.content(b"", true).unwrap();
            let decoded = match answer.gzip {
                true => gunzip(&answer.bytes),
                false => answer.bytes,
            };
            assert_eq!(decoded, bytes, "{rel}");
            assert_eq!(answer.gzip, textual, "{rel}");
        }
        // A page without `</body>`: the script goes at the end, as `inject` puts it.
        let stored = Stored::of("no-body.html", b"<p>x</p>", true);
        assert_eq!(stored.content(b"<s>", false).unwrap().bytes, b"<p>x</p><s>");
    }

    /// `n` words from a small generator (seeded `seed`), each written by `word`.
    fn words(n: usize, seed: u32, word: impl Fn(u32) -> String) -> String {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                word((x >> 16) % 5000)
            })
            .collect()
    }

    /// `text` written at `rel` through [`Sink::write_streamed`], `piece` bytes at a time.
    fn written_in_pieces(rel: &str, text: &str, piece: usize) -> Stored {
        let store = Store::default();
        store
            .write_streamed(rel, &mut |w| {
                for p in text.as_bytes().chunks(piece) {
                    w.write_all(p)?;
                }
                Ok(())
            })
            .unwrap();
        store.into_files().remove(0).1
    }

    #[test]
    fn a_text_written_in_pieces_is_kept_as_the_same_chunks_as_written_whole() {
        // Words from a small generator: several chunks, cut where the content says.
        let text = words(200_000, 7, |w| format!("w{w} "));
        let whole = Stored::of("threads.json", text.as_bytes(), true);
        let streamed = &written_in_pieces("threads.json", &text, 4093);
        let lens =
            |s: &Stored| -> Vec<u32> { s.packed().unwrap().chunks.iter().map(|c| c.len).collect() };
        assert!(lens(&whole).len() > 5, "{:?}", lens(&whole));
        assert_eq!(lens(streamed), lens(&whole));
        assert_eq!(streamed.packed().unwrap().crc, whole.packed().unwrap().crc);
        assert_eq!(streamed.content(b"", false).unwrap().bytes, text.as_bytes());
        let gz = streamed.content(b"", true).unwrap();
        assert_eq!(gunzip(&gz.bytes), text.as_bytes());
    }

    #[test]
    fn a_page_written_in_pieces_is_served_as_the_page_written_whole() {
        let body = words(150_000, 11, |w| format!("<p>w{w}</p>"));
        let after = "<!-- after the body -->".repeat(30_000);
        let pages = [
            // The usual end; `</body>` in the last bytes.
            format!("<html><body>{body}</body></html>\n"),
            // Much after the last `</body>`: it is in a chunk already cut.
            format!("<html><body>{body}</BODY>{after}"),
            // No `</body>` at all: the script goes at the end.
            format!("<html>{body}"),
        ];
        let tag = live::tag("/", "b7").into_bytes();
        for (k, page) in pages.iter().enumerate() {
            let whole = Stored::of("p.html", page.as_bytes(), true);
            let streamed = &written_in_pieces("p.html", page, 3001);
            assert!(streamed.is_page(), "page {k}");
            let want = live::inject(page.as_bytes(), "/", "b7");
            assert_eq!(
                streamed.content(&tag, false).unwrap().bytes,
                want,
                "page {k}"
            );
            let gz = streamed.content(&tag, true).unwrap();
            assert_eq!(gunzip(&gz.bytes), want, "page {k}");
            assert_eq!(
                whole.content(&tag, false).unwrap().bytes,
                want,
                "page {k} written whole"
            );
        }
    }

    #[test]
    fn copies_are_kept_as_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("r.md");
        std::fs::write(&src, "# Report\n").unwrap();
        let store = Store::default();
        store.copy_file("r.md", &src).unwrap();
        assert!(store
            .copy_file("gone.md", &tmp.path().join("gone.md"))
            .is_err());
        let files = store.into_files();
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].1.held(), 0, "nothing held in memory");
        std::fs::write(&src, "# Report, saved again\n").unwrap();
        let now = files[0].1.content(b"", true).unwrap();
        assert_eq!(now.bytes, b"# Report, saved again\n");
        // Replaced by a link (to a secret): not followed.
        #[cfg(unix)]
        {
            let secret = tmp.path().join("secret");
            std::fs::write(&secret, "key").unwrap();
            std::fs::remove_file(&src).unwrap();
            std::os::unix::fs::symlink(&secret, &src).unwrap();
            assert!(files[0].1.content(b"", false).is_err());
        }
    }
}
