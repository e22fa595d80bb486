//! `quill render --stream`: render a document of any size in constant
//! memory, one block-aligned chunk at a time.
//!
//! The input is read in 64 KiB chunks. A chunk is cut back to the last blank
//! line outside a fenced code block, so every Markdown block lies in one
//! chunk, and each chunk is parsed and rendered on its own.

use crate::io::Chunks;
use crate::render::markdown_options;
use crate::sanitize::sanitize_fragment;
use anyhow::Result;
use pulldown_cmark::Parser;
use std::io::{Read, Write};

/// Chunks of Markdown cut at block boundaries.
pub struct BlockChunks<R> {
    chunks: Chunks<R>,
    carry: String,
    done: bool,
}

impl<R: Read> BlockChunks<R> {
    pub fn new(reader: R) -> Self {
        BlockChunks {
            chunks: Chunks::new(reader),
            carry: String::new(),
            done: false,
        }
    }

    /// The next run of whole blocks, or `None` at the end of the input.
    pub fn next_block_aligned(&mut self) -> Result<Option<String>> {
        while !self.done {
            match self.chunks.next_chunk()? {
                Some(text) => self.carry.push_str(&text),
                None => self.done = true,
            }
            if let Some(cut) = last_block_boundary(&self.carry) {
                let rest = self.carry.split_off(cut);
                return Ok(Some(std::mem::replace(&mut self.carry, rest)));
            }
        }
        if self.carry.is_empty() {
            Ok(None)
        } else {
            Ok(Some(std::mem::take(&mut self.carry)))
        }
    }
}

/// The byte offset just after the last blank line that is not inside a
/// fenced code block.
fn last_block_boundary(text: &str) -> Option<usize> {
    let mut in_fence = false;
    let mut last = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.trim().is_empty() {
            last = Some(offset);
        }
    }
    last
}

/// Renders the Markdown from `input` to `out`, a chunk at a time. Every
/// chunk gets its own parser: reference definitions and footnotes only
/// resolve within the chunk that holds them.
pub fn render_stream(input: impl Read, out: &mut impl Write, safe: bool) -> Result<()> {
    let opts = markdown_options();
    let mut chunks = BlockChunks::new(input);
    out.write_all(b"<!doctype html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n")?;
    while let Some(chunk) = chunks.next_block_aligned()? {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&chunk, opts));
        let html = if safe { sanitize_fragment(&html) } else { html };
        out.write_all(html.as_bytes())?;
    }
    out.write_all(b"</body></html>\n")?;
    Ok(())
}
