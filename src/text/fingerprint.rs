//! Fingerprints: 64-bit hashes of the inputs of a page, so that a rebuild can tell which
//! pages a change affects. They are compared only within one process (never stored).
//!
//! The hasher is foldhash's quality variant with a fixed seed: as good as SipHash for
//! telling changed inputs apart, and several times faster on long text (every report's
//! text is fingerprinted). Neither resists collisions chosen on purpose; the worst a
//! report's author could do with one is make their own page look unchanged to `serve`
//! (the highlight cache checks the code itself on a hit).

use foldhash::quality::FixedState;
use serde::Serialize;
use std::hash::{BuildHasher, Hash, Hasher};

fn hasher() -> impl Hasher {
    FixedState::default().build_hasher()
}

/// The fingerprint of a value's serialised form.
pub fn of<T: Serialize + ?Sized>(value: &T) -> u64 {
    let mut w = HashWriter(hasher());
    // Serialising plain model data into a hasher cannot fail; if it did, a constant
    // would only make the page look unchanged to nobody: every caller also hashes ids.
    serde_json::to_writer(&mut w, value).ok();
    w.0.finish()
}

/// The fingerprint of several hashable parts, in order.
pub(crate) fn combine<T: Hash + ?Sized>(parts: &T) -> u64 {
    let mut h = hasher();
    parts.hash(&mut h);
    h.finish()
}

struct HashWriter<H>(H);

impl<H: Hasher> std::io::Write for HashWriter<H> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_equal_fingerprints() {
        assert_eq!(of(&("a", 1)), of(&("a", 1)));
        assert_ne!(of(&("a", 1)), of(&("a", 2)));
        assert_ne!(combine(&[1u64, 2]), combine(&[2u64, 1]));
    }
}
