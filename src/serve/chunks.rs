//! A text file's bytes cut into chunks by their content, each deflated on its own, so a
//! file written again with a few bytes changed is compressed again only where it changed.
//!
//! `serve` keeps every file compressed (`store.rs`). An aggregate file is written
//! again after most saves (`threads.json`, 14 MB at 4,000 reviews; the search shards; the
//! index page) while most of its bytes stay the same. So a text is cut where its content
//! says (content-defined chunking: a gear hash over the last 64 bytes, a cut where its top
//! bits are zero, chunks between [`MIN`] and [`MAX`] bytes), which puts the cuts after an
//! edit at the same bytes as before it except near the edit. Each chunk is a raw deflate
//! stream of its own, ended by a sync flush (byte-aligned, not final), so chunks in a row
//! are one deflate stream. A chunk is known by its length, CRC-32 and a 64-bit hash: a
//! chunk of the file's last version with the same three is kept, not compressed again.

use crate::site::{Packed, Spill};
use anyhow::{bail, Result};
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock};

/// A text shorter than this is one chunk; no chunk but the last is shorter.
const MIN: usize = 64 * 1024;
/// No chunk is longer.
const MAX: usize = 256 * 1024;
/// The top bits of the gear hash that must be zero for a cut: one byte in 16,384 past
/// [`MIN`] (chunks of about 80 KB).
const CUT_BITS: u32 = 14;

/// Part of a text, deflated on its own.
pub(crate) struct Chunk {
    /// Raw deflate ended by a sync flush, in `serve`'s spill file ([`spill`]).
    deflate: Packed,
    /// How many bytes `deflate` holds.
    deflated: u32,
    pub(crate) crc: u32,
    pub(crate) len: u32,
    /// A hash of the bytes (with the CRC-32 and the length, how a chunk is recognised).
    hash: u64,
}

/// The chunks of `data`, each compressed unless `previous` (the chunks of the file's last
/// version) holds one with the same bytes.
pub(crate) fn compress(data: &[u8], previous: &[Arc<Chunk>]) -> Vec<Arc<Chunk>> {
    let ends = cuts(data);
    let known = known(previous);
    let mut starts = vec![0];
    starts.extend_from_slice(&ends[..ends.len().saturating_sub(1)]);
    let pieces: Vec<&[u8]> = starts
        .iter()
        .zip(&ends)
        .map(|(&s, &e)| &data[s..e])
        .collect();
    let one = |piece: &&[u8]| chunk(piece, &known);
    match pieces.len() {
        0 | 1 => pieces.iter().map(one).collect(),
        _ => pieces.par_iter().map(one).collect(),
    }
}

/// The chunks of `previous` by what they are known by.
type Known<'a> = HashMap<(u32, u32, u64), &'a Arc<Chunk>>;

fn known(previous: &[Arc<Chunk>]) -> Known<'_> {
    previous
        .iter()
        .map(|c| ((c.len, c.crc, c.hash), c))
        .collect()
}

/// `piece` as a chunk: the one of `known` with the same bytes, else compressed.
fn chunk(piece: &[u8], known: &Known) -> Arc<Chunk> {
    let (crc, hash) = (crc_of(piece), hash_of(piece));
    let len = piece.len() as u32;
    match known.get(&(len, crc, hash)) {
        Some(c) => Arc::clone(c),
        None => Arc::new(Chunk::of(deflate_synced(piece), crc, len, hash)),
    }
}

/// [`compress`] of a text written a piece at a time (`std::io::Write`), without holding
/// it whole: a chunk is cut as soon as [`MAX`] bytes past its start have arrived (where
/// [`cuts`] cuts it: a cut depends on no byte past that), the rest when it is finished.
/// How a page written through a [`Chunker`] ends ([`Chunker::finish_page`]).
pub(crate) enum PageEnd {
    /// The chunks up to the page's last `</body>`, their length, and the rest.
    Cut {
        chunks: Vec<Arc<Chunk>>,
        len: u64,
        tail: Box<[u8]>,
    },
    /// The whole page, to be cut as a page written at once is.
    Whole(Vec<u8>),
}

pub(crate) struct Chunker<'a> {
    known: Known<'a>,
    /// The bytes since the last cut.
    pending: Vec<u8>,
    chunks: Vec<Arc<Chunk>>,
    len: u64,
}

impl<'a> Chunker<'a> {
    /// A chunker reusing the chunks of the file's last version (`previous`).
    pub(crate) fn new(previous: &'a [Arc<Chunk>]) -> Chunker<'a> {
        Chunker {
            known: known(previous),
            pending: Vec::new(),
            chunks: Vec::new(),
            len: 0,
        }
    }

    /// For an HTML page: the chunks of what was written up to its last `</body>` (the
    /// live-reload script's place, [`super::live::script_at`]), their length, and the
    /// rest; or the whole text when that `</body>` is not among the bytes not cut yet (a
    /// page with none, or one with much after it). `Err` when a chunk put away cannot be
    /// read back.
    pub(crate) fn finish_page(self) -> Result<PageEnd> {
        let Some(at) = super::live::last_body_end(&self.pending) else {
            return self.into_text().map(PageEnd::Whole);
        };
        let Chunker {
            known,
            pending,
            mut chunks,
            len,
        } = self;
        let (head, tail) = pending.split_at(at);
        let mut start = 0;
        for end in cuts(head) {
            chunks.push(chunk(&head[start..end], &known));
            start = end;
        }
        Ok(PageEnd::Cut {
            chunks,
            len: len - tail.len() as u64,
            tail: tail.into(),
        })
    }

    /// All that was written, the chunks inflated again.
    fn into_text(self) -> Result<Vec<u8>> {
        let mut text = Vec::with_capacity(self.len as usize);
        for c in &self.chunks {
            inflate_into(&c.deflate()?, &mut text)?;
        }
        text.extend_from_slice(&self.pending);
        Ok(text)
    }

    /// The chunks of all that was written, and its length.
    pub(crate) fn finish(mut self) -> (Vec<Arc<Chunk>>, u64) {
        let ends = cuts(&self.pending);
        let mut start = 0;
        for end in ends {
            self.chunks
                .push(chunk(&self.pending[start..end], &self.known));
            start = end;
        }
        (self.chunks, self.len)
    }
}

impl std::io::Write for Chunker<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        self.len += buf.len() as u64;
        while self.pending.len() >= MAX {
            let cut = cut_in(&self.pending[..MAX]);
            self.chunks.push(chunk(&self.pending[..cut], &self.known));
            self.pending.drain(..cut);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Chunk {
    /// A chunk whose deflated bytes are `deflate`, put away in the spill file.
    fn of(deflate: Vec<u8>, crc: u32, len: u32, hash: u64) -> Chunk {
        let deflated = deflate.len() as u32;
        // Without a spill file, or when it is full, the bytes stay in memory.
        let deflate = spill().keep(deflate);
        Chunk {
            deflate,
            deflated,
            crc,
            len,
            hash,
        }
    }

    /// The raw deflate (read back from the spill file).
    pub(crate) fn deflate(&self) -> Result<Vec<u8>> {
        spill().get_bytes(&self.deflate)
    }

    /// How many bytes [`Chunk::deflate`] gives.
    pub(crate) fn deflated_len(&self) -> usize {
        self.deflated as usize
    }

    /// The bytes this chunk holds in memory (none when they are in the spill file).
    pub(crate) fn held(&self) -> usize {
        match &self.deflate {
            Packed::Memory(bytes) => bytes.len(),
            _ => 0,
        }
    }
}

impl std::fmt::Debug for Chunk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chunk")
            .field("deflated", &self.deflated)
            .field("crc", &self.crc)
            .field("len", &self.len)
            .finish()
    }
}

/// The file compressed chunks are put away in while `serve` runs (a temporary file,
/// removed when the process ends; its pages are then in the system's file cache, not in
/// the process's memory). It grows by the chunks each save compresses again.
fn spill() -> &'static Spill {
    static SPILL: OnceLock<Spill> = OnceLock::new();
    SPILL.get_or_init(Spill::new)
}

/// The CRC-32 of the chunks' bytes in a row.
pub(crate) fn crc_of_all(chunks: &[Arc<Chunk>]) -> u32 {
    let mut all = crc32fast::Hasher::new();
    for c in chunks {
        all.combine(&crc32fast::Hasher::new_with_initial_len(
            c.crc,
            u64::from(c.len),
        ));
    }
    all.finalize()
}

fn crc_of(bytes: &[u8]) -> u32 {
    let mut crc = crc32fast::Hasher::new();
    crc.update(bytes);
    crc.finalize()
}

fn hash_of(bytes: &[u8]) -> u64 {
    foldhash::quality::FixedState::with_seed(0x7265_7669_6577_7369).hash_one(bytes)
}

/// The gear table: 256 pseudo-random 64-bit numbers (splitmix64), fixed.
const GEAR: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut state: u64 = 0;
    let mut i = 0;
    while i < 256 {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        table[i] = z ^ (z >> 31);
        i += 1;
    }
    table
};

/// Where the chunks of `data` end: after a byte at least [`MIN`] past the chunk's start
/// where the gear hash of the 64 bytes before it has its top [`CUT_BITS`] zero, or
/// [`MAX`] past the start; the last at the end. (The hash shifts one bit per byte, so it
/// depends on the last 64 bytes only: a cut depends on the bytes around it, not on where
/// the chunk began.) Empty data has one empty chunk.
fn cuts(data: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    while data.len() - start > MIN {
        let cut = start + cut_in(&data[start..(start + MAX).min(data.len())]);
        ends.push(cut);
        start = cut;
    }
    ends.push(data.len());
    ends
}

/// Where the chunk that starts `window` ends: the first byte from [`MIN`] on where the
/// gear hash says so, else the end of the window (`window` holds more than [`MIN`] bytes,
/// [`MAX`] at most).
fn cut_in(window: &[u8]) -> usize {
    let mut h: u64 = 0;
    for (i, &b) in window[MIN - 64..].iter().enumerate() {
        h = (h << 1).wrapping_add(GEAR[usize::from(b)]);
        let end = MIN - 64 + i + 1;
        if end >= MIN && h >> (64 - CUT_BITS) == 0 {
            return end;
        }
    }
    window.len()
}

/// `data` as raw deflate at the fastest level, ended by a sync flush (an empty stored
/// block that leaves the stream byte-aligned and open for more blocks).
///
/// Through [`Compress`] with room for the worst case, not `write::DeflateEncoder`: its
/// `flush` can stop before the compressor has given out everything (seen on a 121 KB
/// text: its last 555 bytes were missing).
fn deflate_synced(data: &[u8]) -> Vec<u8> {
    let mut c = Compress::new(Compression::fast(), false);
    // miniz's bound for one call: stored blocks at worst, and the flush's marker.
    let bound = 128 + data.len() + (data.len() / (31 * 1024) + 1) * 5 + data.len() / 10;
    let mut out = Vec::with_capacity(bound);
    loop {
        let from = &data[c.total_in() as usize..];
        let before = (c.total_in(), c.total_out());
        // Compressing into a Vec cannot fail.
        let _ = c.compress_vec(from, &mut out, FlushCompress::Sync);
        let done = c.total_in() == data.len() as u64 && out.len() < out.capacity();
        if done || (c.total_in(), c.total_out()) == before && out.len() < out.capacity() {
            break;
        }
        out.reserve(out.capacity().max(4096));
    }
    out.shrink_to_fit();
    out
}

/// Appends to `out` what the raw deflate stream `deflate` (with no final block) holds.
pub(crate) fn inflate_into(deflate: &[u8], out: &mut Vec<u8>) -> Result<()> {
    // Not `read::DeflateDecoder`: the stream has no final block, which it takes for a
    // truncated stream.
    let mut d = Decompress::new(false);
    loop {
        if out.len() == out.capacity() {
            out.reserve(4096);
        }
        let before = (d.total_in(), d.total_out());
        let from = &deflate[d.total_in() as usize..];
        let status = d.decompress_vec(from, out, FlushDecompress::Sync);
        let moved = (d.total_in(), d.total_out()) != before;
        if status.is_err() {
            bail!("internal error: a file kept in memory does not decompress");
        }
        if !moved {
            // All read and nothing more pending, or a stream that goes nowhere.
            if d.total_in() < deflate.len() as u64 {
                bail!("internal error: a file kept in memory does not decompress");
            }
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text that does not repeat (so that cuts are where the content says).
    fn text(n: usize, seed: u64) -> Vec<u8> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                b"abcdefghij klmnop\n"[(s >> 59) as usize % 18]
            })
            .collect()
    }

    fn lengths(data: &[u8]) -> Vec<usize> {
        let ends = cuts(data);
        let mut last = 0;
        ends.iter()
            .map(|&e| {
                let n = e - last;
                last = e;
                n
            })
            .collect()
    }

    #[test]
    fn chunks_are_bounded_and_cover_the_data() {
        assert_eq!(cuts(b""), vec![0]);
        assert_eq!(cuts(&[b'x'; 100]), vec![100]);
        let data = text(3_000_000, 1);
        let ends = cuts(&data);
        assert_eq!(*ends.last().unwrap(), data.len());
        let sizes = lengths(&data);
        assert!(sizes.len() > 10, "{sizes:?}");
        assert!(sizes[..sizes.len() - 1]
            .iter()
            .all(|&n| (MIN..=MAX).contains(&n)));
        // Content with no cut point at all: every chunk is MAX long.
        let flat = vec![b'a'; 3 * MAX + 10];
        assert_eq!(lengths(&flat), vec![MAX, MAX, MAX, 10]);
    }

    #[test]
    fn an_edit_recompresses_the_chunks_around_it_only() {
        let data = text(2_000_000, 7);
        let before = compress(&data, &[]);
        let mut edited = data.clone();
        edited.splice(
            1_000_000..1_000_000,
            b"an inserted sentence".iter().copied(),
        );
        let after = compress(&edited, &before);
        let new = after
            .iter()
            .filter(|c| !before.iter().any(|b| Arc::ptr_eq(b, c)))
            .count();
        assert!(new <= 2, "{new} of {} chunks compressed again", after.len());
        assert!(after.len() > 10);
        // The chunks decode to the edited text, their CRC is the text's.
        let mut out = Vec::new();
        for c in &after {
            let before = out.len();
            inflate_into(&c.deflate().unwrap(), &mut out).unwrap();
            assert_eq!(out.len() - before, c.len as usize);
        }
        assert_eq!(out, edited);
        assert_eq!(crc_of_all(&after), crc_of(&edited));
    }
}
