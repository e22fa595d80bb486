//! A JSON file whose one long array is written a record at a time (`reviews.json`,
//! `threads.json`), byte for byte as the whole document would be: pretty-printed
//! (`serde_json::to_string_pretty`), made safe to inline ([`html_safe_json`]), and ended by
//! a line break. The array must be the document's last field, at its top level.
//!
//! The head (every field before the array) is the document printed with the array empty,
//! cut before its `[]`; each record is printed alone, its lines indented to the array's
//! depth (no JSON string holds a line break: every one is the formatter's).

use crate::html::escape::html_safe_json;
use serde::Serialize;
use std::io::Write;

/// One record of the array as the whole document prints it.
pub(super) fn record_text<T: Serialize>(record: &T) -> String {
    let s = serde_json::to_string_pretty(record).unwrap_or_else(|_| "{}".into());
    html_safe_json(&s.replace('\n', "\n    "))
}

/// Writes to `w` the document `empty` (whose last field is an empty array) with that
/// array's records the texts of `records` ([`record_text`]), in order.
pub(super) fn write_document<S: AsRef<str>>(
    empty: &impl Serialize,
    records: impl Iterator<Item = anyhow::Result<S>>,
    w: &mut dyn Write,
) -> anyhow::Result<()> {
    let whole = serde_json::to_string_pretty(empty)?;
    let Some(head) = whole.strip_suffix("[]\n}") else {
        anyhow::bail!("internal error: the document does not end with its array");
    };
    w.write_all(html_safe_json(head).as_bytes())?;
    w.write_all(b"[")?;
    let mut any = false;
    for text in records {
        w.write_all(if any { b",\n    " } else { b"\n    " })?;
        w.write_all(text?.as_ref().as_bytes())?;
        any = true;
    }
    w.write_all(if any { b"\n  ]\n}\n" } else { b"]\n}\n" })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Doc {
        version: u32,
        site: Site,
        items: Vec<Item>,
    }

    #[derive(Serialize, Clone)]
    struct Site {
        title: String,
    }

    #[derive(Serialize, Clone)]
    struct Item {
        name: String,
        tags: Vec<String>,
        nested: Option<Site>,
    }

    #[test]
    fn a_document_written_a_record_at_a_time_is_the_whole_document() {
        let hostile = "a </script> & \u{2028} \"quoted\"\nline";
        let item = |name: &str| Item {
            name: name.into(),
            tags: vec![hostile.into(), String::new()],
            nested: Some(Site {
                title: hostile.into(),
            }),
        };
        for items in [vec![], vec![item("one")], vec![item("one"), item(hostile)]] {
            let doc = |items| Doc {
                version: 1,
                site: Site {
                    title: hostile.into(),
                },
                items,
            };
            let whole = serde_json::to_string_pretty(&doc(items.clone())).unwrap();
            let whole = format!("{}\n", html_safe_json(&whole));
            let mut written = Vec::new();
            let texts = items.iter().map(|i| Ok(record_text(i)));
            write_document(&doc(Vec::new()), texts, &mut written).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), whole);
        }
    }
}
