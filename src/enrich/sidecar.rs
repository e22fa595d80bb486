//! The sidecar JSON format, version 1: its typed records, and a lenient reader that turns
//! a sidecar's JSON into them, reporting every field of the wrong type by its JSON path.
//!
//! The format is documented in `docs/sidecar.md` and `docs/sidecar.schema.json`. Reading is
//! field by field: a field of the wrong type becomes one `Problem` (`agents[2].duration_secs:
//! expected a whole number of seconds, found "abc"`) and is treated as absent, while every
//! other field still counts. Fields this version does not know are kept in the records'
//! `extra` maps and otherwise ignored. Applying the records to a review is `enrich`'s job;
//! deriving them from a parsed report is `extract`'s.
//!
//! One job per file: `schema` (the records), `fields` (a field of each kind, and its
//! problem), `records` (each record's fields), `read` (a whole sidecar).

mod fields;
mod read;
mod records;
mod schema;

pub(crate) use fields::parse_rfc3339;
pub use read::read;
pub use read::ReadOutcome;
pub use schema::RangeRecord;
pub use schema::{AgentRecord, FindingRecord};
pub use schema::{DowngradeRecord, FindingCounts, LocationRecord, PassRecord, ToolCallsRecord};
pub use schema::{ReviewRecord, Sidecar};
pub(crate) use schema::{KEYS, SCHEMA_VERSION};
