//! Reading Markdown input a chunk at a time, for documents larger than we
//! want to hold in memory.

use std::io::{self, Read};

/// How much is read at a time.
pub const CHUNK_SIZE: usize = 64 * 1024;

/// Reads text from a reader in chunks of at most [`CHUNK_SIZE`] bytes.
pub struct Chunks<R> {
    reader: R,
    buf: Vec<u8>,
}

impl<R: Read> Chunks<R> {
    pub fn new(reader: R) -> Self {
        Chunks {
            reader,
            buf: vec![0; CHUNK_SIZE],
        }
    }

    /// The next chunk of text, or `None` at the end of the input.
    pub fn next_chunk(&mut self) -> io::Result<Option<String>> {
        let reader = &mut self.reader;
        let buf = &mut self.buf;
        let n = reader.read(buf)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&buf[..n]);
        Ok(Some(text.into_owned()))
    }
}
