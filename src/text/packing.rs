//! Values packed small: MessagePack (field names kept, so a packed form reads back across
//! builds of the same version), then LZ4 with the size first. What a one-off build spills
//! of each review, what the build cache's records hold, and how `serve` keeps every
//! review's search documents between rebuilds.

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The packed form of `value`.
pub(crate) fn pack<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let bytes = rmp_serde::to_vec_named(value).context("cannot pack a value")?;
    Ok(lz4_flex::compress_prepend_size(&bytes))
}

/// The value `bytes` ([`pack`]) hold.
pub(crate) fn unpack<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    let raw = lz4_flex::decompress_size_prepended(bytes).context("packed value is corrupt")?;
    rmp_serde::from_slice(&raw).context("packed value is corrupt")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_reads_back_and_damage_is_an_error() {
        let value = vec![("a".to_string(), 1u32), ("b".repeat(300), 2)];
        let bytes = pack(&value).unwrap();
        assert!(
            bytes.len() < 300,
            "repeated text compresses: {}",
            bytes.len()
        );
        assert_eq!(unpack::<Vec<(String, u32)>>(&bytes).unwrap(), value);
        assert!(unpack::<Vec<(String, u32)>>(&bytes[..bytes.len() / 2]).is_err());
    }
}
