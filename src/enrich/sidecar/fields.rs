//! The reader's field-level rules: one [`Problem`] per field of the wrong type (by its JSON
//! path, the value shown), and a typed read of each kind of field (string, count, seconds,
//! RFC 3339 time, SHA) that treats a wrong one as absent.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A field of the wrong type or an unusable value, by JSON path (`agents[2].duration_secs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The value of `key`, unless absent or `null`.
pub(super) fn present<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

pub(super) fn extra(map: &Map<String, Value>, known: &[&str]) -> Map<String, Value> {
    map.iter()
        .filter(|(k, _)| !known.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

pub(super) fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_string()
    } else {
        format!("{at}.{key}")
    }
}

/// A value as shown in a message: compact JSON, cut at 60 characters.
pub(super) fn shown(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// Whether `s` is an RFC 3339 date-time.
pub(crate) fn parse_rfc3339(s: &str) -> Option<time::OffsetDateTime> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

/// The problems found so far; every field is read through it.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) problems: Vec<Problem>,
}

impl Reader {
    pub(super) fn problem(&mut self, path: &str, message: String) {
        self.problems.push(Problem {
            path: if path.is_empty() {
                "$".into()
            } else {
                path.into()
            },
            message,
        });
    }

    pub(super) fn wrong(&mut self, path: &str, expected: &str, found: &Value) {
        self.problem(path, format!("expected {expected}, found {}", shown(found)));
    }

    pub(super) fn object<'a>(&mut self, v: &'a Value, at: &str) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.wrong(at, "an object", other);
                None
            }
        }
    }

    pub(super) fn array<'a>(&mut self, v: &'a Value, at: &str) -> Option<&'a Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            other => {
                self.wrong(at, "an array", other);
                None
            }
        }
    }

    /// A field deserialised as `T`; `None` when absent, `null` or of the wrong type.
    pub(super) fn typed<T: DeserializeOwned>(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        key: &str,
        expected: &str,
    ) -> Option<T> {
        let v = present(map, key)?;
        match serde_json::from_value(v.clone()) {
            Ok(t) => Some(t),
            Err(_) => {
                self.wrong(&join(at, key), expected, v);
                None
            }
        }
    }

    pub(super) fn string(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        key: &str,
    ) -> Option<String> {
        self.typed(map, at, key, "a string")
    }

    pub(super) fn count(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<u32> {
        self.typed(map, at, key, "a whole number (0 or more)")
    }

    /// Seconds: a whole number; a fractional one is rounded.
    pub(super) fn secs(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<u64> {
        let v = present(map, key)?;
        if let Some(n) = v.as_u64() {
            return Some(n);
        }
        match v.as_f64() {
            Some(f) if f >= 0.0 && f.is_finite() && f < u64::MAX as f64 => Some(f.round() as u64),
            _ => {
                self.wrong(&join(at, key), "a number of seconds (0 or more)", v);
                None
            }
        }
    }

    pub(super) fn timestamp(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        key: &str,
    ) -> Option<String> {
        let s: String = self.typed(map, at, key, "an RFC 3339 date-time string")?;
        if parse_rfc3339(&s).is_none() {
            self.problem(
                &join(at, key),
                format!(
                    "expected an RFC 3339 date-time such as \"2026-04-06T14:30:03Z\", found {}",
                    shown(&Value::String(s))
                ),
            );
            return None;
        }
        Some(s)
    }

    pub(super) fn sha(&mut self, map: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
        let s: String = self.typed(map, at, key, "a hex commit SHA string")?;
        if (7..=64).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit()) {
            Some(s)
        } else {
            self.wrong(
                &join(at, key),
                "a hex commit SHA (7 to 64 hex digits)",
                &Value::String(s),
            );
            None
        }
    }
}
