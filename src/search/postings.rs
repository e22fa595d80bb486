//! Posting lists as the index writes them: the document numbers delta-encoded, each
//! written with no separator in an alphabet that needs no escaping in JSON.

use crate::html::escape::html_safe_json;

/// The characters postings are written with: 92 printable ASCII characters that need no
/// escaping in a JSON string (no `"`, no `\\`). The first [`FINAL`] end a number; the
/// others are its leading digits.
pub(super) const ALPHABET: &str =
    "!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/// How many of [`ALPHABET`]'s characters are final digits.
pub(super) const FINAL: u64 = 46;

/// Writes `n` with no separator: leading digits in base 46 from the second half of
/// [`ALPHABET`], then one final digit from its first half.
pub(super) fn encode_number(n: u64, out: &mut String) {
    let alphabet = ALPHABET.as_bytes();
    let cont = alphabet.len() as u64 - FINAL;
    let mut q = n / FINAL;
    // The leading digits, last first (a u64 has at most 12 in base 46).
    let mut lead = [0u8; 16];
    let mut len = 0;
    while q > 0 {
        lead[len] = alphabet[(FINAL + q % cont) as usize];
        len += 1;
        q /= cont;
    }
    out.extend(lead[..len].iter().rev().map(|&b| char::from(b)));
    out.push(char::from(alphabet[(n % FINAL) as usize]));
}

/// The documents one term occurs in, as the term's member of the `terms` object
/// serialised (`"term":"<encoded postings>"`). The numbers (`doc * 2 + strong`,
/// ascending) are read back from it when the term's postings change
/// ([`Postings::numbers`]): an index kept between rebuilds holds each posting once, in
/// a byte or two.
#[derive(Debug, Default)]
pub(super) struct Postings {
    pub(super) json: String,
}

impl Postings {
    /// The postings `numbers` (ascending) of `term`.
    pub(super) fn of(numbers: &[u32], term: &str) -> Postings {
        let mut encoding = Encoding::default();
        numbers.iter().for_each(|&v| encoding.push(v));
        Postings {
            json: encoding.member(term),
        }
    }

    /// The numbers, read back from the member (empty should it not read back: it was
    /// written by [`Postings::of`]).
    pub(super) fn numbers(&self) -> Vec<u32> {
        let member: Option<std::collections::BTreeMap<String, String>> =
            serde_json::from_str(&format!("{{{}}}", self.json)).ok();
        let encoded = member
            .and_then(|m| m.into_values().next())
            .unwrap_or_default();
        decode(&encoded)
    }
}

/// The numbers (`doc * 2 + strong`) `encoded` holds ([`Encoding`]'s differences added up).
fn decode(encoded: &str) -> Vec<u32> {
    let alphabet = ALPHABET.as_bytes();
    let cont = alphabet.len() as u64 - FINAL;
    let mut out = Vec::new();
    let (mut acc, mut doc) = (0u64, 0u64);
    for b in encoded.bytes() {
        let Some(d) = alphabet.iter().position(|&a| a == b) else {
            continue;
        };
        let d = d as u64;
        if d >= FINAL {
            acc = acc * cont + (d - FINAL);
            continue;
        }
        let n = acc * FINAL + d;
        acc = 0;
        doc += n / 2;
        out.push(u32::try_from(doc * 2 + n % 2).unwrap_or(u32::MAX));
    }
    out
}

/// A term's postings encoded as they are met (`doc * 2 + strong`, the documents in
/// order): each document's number as the difference from the one before. A sealed index
/// encodes as it counts and keeps no numbers.
#[derive(Debug, Default)]
pub(super) struct Encoding {
    last_doc: Option<u32>,
    encoded: String,
    /// The first number pushed, and the length of its encoding (what [`Encoding::append`]
    /// encodes again).
    first: Option<(u32, usize)>,
}

impl Encoding {
    pub(super) fn push(&mut self, v: u32) {
        let (doc, strong) = (v / 2, v % 2);
        let delta = self.last_doc.map_or(doc, |l| doc - l);
        let before = self.encoded.len();
        encode_number(u64::from(delta) * 2 + u64::from(strong), &mut self.encoded);
        self.first.get_or_insert((v, self.encoded.len() - before));
        self.last_doc = Some(doc);
    }

    /// Appends the postings `later` encoded for documents numbered from 0, which are
    /// numbered from `offset` here (all after this one's).
    pub(super) fn append(&mut self, later: Encoding, offset: u32) {
        let Some((first, len)) = later.first else {
            return;
        };
        self.push(first + offset * 2);
        // The numbers after the first are differences: they stand as they are.
        self.encoded.push_str(&later.encoded[len..]);
        self.last_doc = later.last_doc.map(|d| d + offset);
    }

    /// The term's member of the `terms` object (`"term":"<encoded postings>"`).
    pub(super) fn member(&self, term: &str) -> String {
        html_safe_json(&format!(
            "{}:{}",
            json_string(term),
            json_string(&self.encoded)
        ))
    }
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_read_back_from_their_member() {
        let numbers = [0, 3, 4, 91, 93, 4_000, 250_001, 250_002];
        for term in ["alpha", "a<b>&\"c\"", "ünïcode"] {
            let p = Postings::of(&numbers, term);
            assert_eq!(p.numbers(), numbers, "{term}: {}", p.json);
        }
        assert!(Postings::of(&[], "x").numbers().is_empty());
    }

    #[test]
    fn numbers_encode_without_separators() {
        let alphabet: Vec<char> = ALPHABET.chars().collect();
        assert_eq!(alphabet.len(), 92);
        assert!(!ALPHABET.contains(['"', '\\']));
        let decode = |s: &str| -> Vec<u64> {
            let mut out = Vec::new();
            let mut acc = 0u64;
            for c in s.chars() {
                let v = alphabet.iter().position(|&a| a == c).unwrap() as u64;
                if v >= FINAL {
                    acc = acc * (92 - FINAL) + (v - FINAL);
                } else {
                    out.push(acc * FINAL + v);
                    acc = 0;
                }
            }
            out
        };
        let nums = [0, 1, 45, 46, 47, 2115, 2116, 99_999, 12_345_678];
        let mut s = String::new();
        for n in nums {
            encode_number(n, &mut s);
        }
        assert_eq!(decode(&s), nums);
    }
}
