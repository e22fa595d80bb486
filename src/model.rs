//! The typed model of one review report.
//!
//! Plain serde data, produced by the `parse` stage, completed by `enrich` and
//! `excerpts`, read by `aggregate` and handed to templates and the JSON export unchanged.
//! Nothing here does I/O. Every field that holds report text keeps it as Markdown source
//! exactly as written, so that no text of a report is lost: the renderer decides how to
//! show it. The one exception is code read from the reviewed repository
//! ([`Excerpt`]): its lines carry the highlighted HTML made once, at build time.
//!
//! Conventions: `Option::None` means "the report does not say" (a `—` cell, a missing
//! row), never zero. Line numbers are 1-based lines of the source file.

use serde::{Deserialize, Serialize};

mod excerpt;
mod partial;
pub use excerpt::{Excerpt, ExcerptHunk, ExcerptLine, LineRange, SourceFile, SourceLinks};
pub use partial::{MetricField, PartialTotals};

/// One parsed report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Review {
    /// The file stem (`20260519-100641-pr-4985`). The page lives at `<id>.html`.
    pub id: String,
    /// Path of the Markdown file relative to the content folder, with `/` separators.
    pub source_path: String,
    pub kind: ReviewKind,
    /// The H1 text as written (inline Markdown), e.g. `Deep Review: 20260519-100641-pr-4985`.
    pub title: String,
    pub meta: Metadata,
    /// Markdown between the H1 and the first section that is not the metadata table
    /// (rules, stray notes). Usually empty.
    pub preamble: String,
    /// Every top-level section, in document order. See [`Section`].
    pub sections: Vec<Section>,
    /// All consolidated findings, in order of appearance (not the appendix's).
    pub findings: Vec<Finding>,
    /// Counts of `findings` by severity.
    pub counts: SeverityCounts,
    /// Totals the report states about itself ("0 critical, 7 important, 10 suggestions"),
    /// when it does.
    pub stated_counts: Option<SeverityCounts>,
    pub design: Option<DesignObservations>,
    pub retro: Option<Retro>,
    pub resolution: Option<Resolution>,
    /// Original per-agent reviews from the appendix, in order.
    pub appendix: Vec<AgentReview>,
    /// YAML front matter, if the file had one, as JSON-compatible data.
    pub front_matter: Option<serde_json::Value>,
    /// The sidecar `<stem>.json`, if present and valid JSON.
    pub sidecar: Option<serde_json::Value>,
    /// The reviewed commit and the cited files it has, for linking finding locations and
    /// `path:line` references to permalinks; `None` when the review names no repository
    /// or no commit.
    #[serde(default)]
    pub source_links: Option<SourceLinks>,
    /// A CI-failure digest's failed-job count as it states it (a row, the title, the
    /// preamble, the summary); `None` for other kinds, when unstated or stated twice unequal.
    pub failed_jobs: Option<u32>,
}

/// What a report is about.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewKind {
    /// A consolidated review of a pull request.
    PrReview,
    /// A consolidated review of a branch without a PR.
    BranchReview,
    /// A supply-chain scan of a repository.
    SupplyChainScan,
    /// A functionality review of a feature (a `Target` row instead of a PR).
    FunctionalityReview,
    /// Anything else: still gets a page, an index entry and its sections rendered.
    #[default]
    Other,
    /// A periodic digest of failed CI jobs (`# CI Failures: 2026-W39`, a `Period` row, a
    /// section per job): no verdict; its index pill says how many jobs failed.
    CiFailureDigest,
}

impl ReviewKind {
    pub fn label(self) -> &'static str {
        match self {
            ReviewKind::PrReview => "PR review",
            ReviewKind::BranchReview => "Branch review",
            ReviewKind::SupplyChainScan => "Supply-chain scan",
            ReviewKind::FunctionalityReview => "Functionality review",
            ReviewKind::Other => "Report",
            ReviewKind::CiFailureDigest => "CI-failure digest",
        }
    }
}

/// The metadata table at the top of a report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Metadata {
    /// Every row as written (label without the bold markers, value as Markdown; rows naming
    /// a person lose their e-mail addresses), in order. Typed fields are derived from these.
    pub rows: Vec<MetaRow>,
    /// ISO-8601 local date-time as far as known: `2026-05-19T10:06` or `2026-03-13`.
    pub date: Option<String>,
    pub repo: Option<RepoRef>,
    pub round: Option<u32>,
    /// Free text after the round number, e.g. `(of PR #4637)`.
    pub round_note: Option<String>,
    pub author: Option<Author>,
    pub pr: Option<PullRequest>,
    pub branch: Option<String>,
    /// `main` @ `d6ca3936`: the SHA after the `@`.
    pub branch_sha: Option<String>,
    /// A functionality review's `Target` row (Markdown).
    pub target: Option<String>,
    /// Commits, newest first, as listed.
    pub commits: Vec<Commit>,
    /// The full SHA that was reviewed, when a row states it.
    pub review_sha: Option<String>,
    pub reviewers: Vec<Reviewer>,
    pub verdict: Option<Verdict>,
    pub wall_clock_secs: Option<u64>,
    /// The `Kind` row as written (`Supply chain scan`).
    pub kind_label: Option<String>,
    /// The `Mode` row as written (`Thorough (2 passes)`).
    pub mode: Option<String>,
    /// Index into `rows` of the row `reviewers` was read from (`Reviewers`, `Prüfer`...).
    #[serde(default)]
    pub reviewers_row: Option<usize>,
    /// When the review run started, RFC 3339 (`2026-04-06T14:30:03Z`); from the sidecar.
    #[serde(default)]
    pub started_at: Option<String>,
    /// Indexes into `rows` of the "Wall-clock time" rows whose written time is not
    /// `wall_clock_secs` (as when the sidecar's differs), marked by the enrich stage: the
    /// page shows `wall_clock_secs` there, the report's text beside it. Not exported.
    #[serde(skip)]
    pub wall_clock_overridden: Vec<usize>,
    /// A person row (Author, Committer, ...) held e-mail addresses, which `rows` no longer
    /// shows: the report's own Markdown is published without them too. Not exported.
    #[serde(skip)]
    pub person_emails_hidden: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MetaRow {
    pub label: String,
    /// The cell as Markdown (raw `<br>` kept).
    pub value: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoRef {
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    /// `owner/name`.
    pub fn slug(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Author {
    /// Login without the `@`; empty when the row names a person without a handle.
    pub login: String,
    pub url: Option<String>,
    /// The person's name when given (`Ana Lima`), plain text; never an e-mail address.
    pub name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PullRequest {
    pub number: u64,
    /// Title as inline Markdown (may contain backticks).
    pub title: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Commit {
    pub sha: String,
    /// Subject as inline Markdown.
    pub subject: String,
}

/// One agent that took part, as named in the Reviewers row or a metrics table column.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Reviewer {
    /// As written, without the effort part: `Claude Opus 4.7`.
    pub name: String,
    /// Normalised family, lower case: `claude`, `codex`, `gemini`, `qwen`, `gemma`, `glm`,
    /// or the first word of the name lower-cased for families we do not know.
    pub family: String,
    /// The model part after the family word: `Opus 4.7`, `GPT 5.5`, `3.6 35B`.
    pub model: Option<String>,
    /// `xhigh`, `default`, ... when stated.
    pub effort: Option<String>,
    /// How the agent's run ended, when the Reviewers row says it failed (`Gemini 3.1 Pro
    /// produced no output`, `(failed: timeout)`, `— dropped, quota`); `None` when it says
    /// nothing (see `parse::run_status`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AgentStatus>,
    /// What the row says about the agent besides its name and effort, as written
    /// (`produced no output — quota exhausted`, `dropped, quota`): shown beside its pill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Verdict {
    pub class: VerdictClass,
    /// The bold label as written: `Merge with fixes`, `5 open issues + advisories`.
    pub label: String,
    /// The sentence after the dash, as Markdown.
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictClass {
    /// Merge as-is / approve.
    MergeAsIs,
    /// Merge with fixes.
    MergeWithFixes,
    /// Rework / request changes / do not merge.
    Rework,
    /// A scan's verdict that counts open issues.
    Issues,
    /// A scan with nothing open.
    Clean,
    #[default]
    Other,
}

/// A top-level section of the report (H2, or H3 under an old-style `## Consolidated Review`
/// wrapper), in document order.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Section {
    pub kind: SectionKind,
    /// Heading text as written (inline Markdown).
    pub title: String,
    /// Unique, deterministic anchor within the page.
    pub anchor: String,
    /// Heading level as written (1-6).
    pub level: u8,
    /// Line of the heading.
    pub line: usize,
    /// Markdown of the section body that is not represented by a child structure.
    /// For findings sections: the text before the first finding (e.g. `None.`).
    /// For the appendix: the text before the first agent review.
    /// For every other kind: the whole body, exactly as written.
    pub body: String,
    /// For findings sections: the severity the heading announces.
    pub severity: Option<Severity>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    ExecutiveSummary,
    /// A severity section (Critical Issues / Important Findings / Suggestions ...).
    Findings,
    /// A `## Findings` or `## Consolidated Review` wrapper heading whose children were
    /// promoted to sections; its body is whatever stood before the first child.
    Group,
    DesignObservations,
    TestingAssessment,
    DocumentationAssessment,
    CommitStructure,
    AcknowledgedLimitations,
    UnresolvedFeedback,
    AgentRetro,
    ProcessNotes,
    Resolution,
    Appendix,
    /// Sections we do not recognise: rendered as Markdown, in order.
    #[default]
    Other,
}

#[derive(
    Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Critical,
    Important,
    #[default]
    Suggestion,
}

impl Severity {
    /// The id prefix: `C`, `I`, `S`.
    pub fn letter(self) -> char {
        match self {
            Severity::Critical => 'C',
            Severity::Important => 'I',
            Severity::Suggestion => 'S',
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Severity::Critical => "Critical",
            Severity::Important => "Important",
            Severity::Suggestion => "Suggestion",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct SeverityCounts {
    pub critical: u32,
    pub important: u32,
    pub suggestion: u32,
}

impl SeverityCounts {
    /// All findings; saturates (counts come from report text and may be absurd).
    pub fn total(&self) -> u32 {
        self.critical
            .saturating_add(self.important)
            .saturating_add(self.suggestion)
    }
    /// Adds `n` findings of `severity`, saturating at `u32::MAX`.
    pub fn add(&mut self, severity: Severity, n: u32) {
        let slot = match severity {
            Severity::Critical => &mut self.critical,
            Severity::Important => &mut self.important,
            Severity::Suggestion => &mut self.suggestion,
        };
        *slot = slot.saturating_add(n);
    }
}

/// One consolidated finding.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Finding {
    /// `I3`; assigned `C1`, `I1`, `S1`... in order of appearance when the report numbers
    /// findings `1.`, `2.` or tags them `[CRITICAL]`. Unique within the review.
    pub id: String,
    /// The id as written in the report, if any (`I3`, `3`).
    pub written_id: Option<String>,
    pub severity: Option<Severity>,
    /// Title as inline Markdown, without the bold markers.
    pub title: String,
    pub locations: Vec<Location>,
    /// The location part of the title line as written (Markdown), when it says more than
    /// its code spans: `` `a.xml`, also `arm64` variant ``. Shown instead of bare chips so
    /// no word of the title line is lost.
    #[serde(default)]
    pub location_text: Option<String>,
    /// Agents as written in the attribution brackets.
    pub agents: Vec<String>,
    /// Tags from the `(important, regression)` parenthetical, lower case, severity words
    /// excluded: `regression`, `gap`.
    pub tags: Vec<String>,
    /// Other parentheticals on the title line: `pass 2`, `round 1 S7 unaddressed`.
    pub notes: Vec<String>,
    /// The title line as written (Markdown).
    pub head: String,
    /// Everything after the title line up to the next finding or section, as Markdown.
    pub body: String,
    /// Fenced code blocks inside the body, in order.
    pub code_blocks: Vec<CodeBlock>,
    /// The `Fix:` part of the body (Markdown), when there is one. Also inside `body`.
    pub fix: Option<String>,
    /// Index into `Review::sections` of the section holding this finding.
    pub section: usize,
    /// Line of the title.
    pub line: usize,
    /// Filled from the Resolution section when it names this finding.
    pub resolution: Option<FindingResolution>,
    /// The severity each agent originally gave this finding, when known (from the
    /// sidecar's `consolidated_findings`), in the order given.
    #[serde(default)]
    pub original_severities: Vec<OriginalSeverity>,
    /// The cited lines read from the reviewed repository at the reviewed commit, one per
    /// location that could be read (filled by the excerpts stage when `book.toml` names a
    /// checkout for the repository).
    #[serde(default)]
    pub excerpts: Vec<Excerpt>,
}

/// The severity one agent gave a consolidated finding before reconciliation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct OriginalSeverity {
    /// The agent as named in the sidecar (`Gemini 3.1 Pro`).
    pub agent: String,
    pub severity: Severity,
}

/// A `file:lines` reference.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Location {
    /// Repository-relative path (or a directory, or a basename), when there is one.
    pub path: Option<String>,
    /// Line ranges; empty for "whole file".
    pub ranges: Vec<LineRange>,
    /// The reference as written.
    pub raw: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CodeBlock {
    /// First word of the info string, lower case (`go`, `diff`), if any.
    pub lang: Option<String>,
    /// The whole info string as written.
    pub info: String,
    pub code: String,
    /// Line of the opening fence.
    pub line: usize,
    /// Every line of this block is a line of one of the finding's [`Excerpt`]s: the page
    /// shows the excerpt instead. Never set for `diff` blocks.
    #[serde(default)]
    pub duplicates_excerpt: bool,
}

/// Design Observations: concerns and strengths.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DesignObservations {
    pub concerns: Vec<Observation>,
    pub strengths: Vec<Observation>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Observation {
    /// The list item as Markdown.
    pub text: String,
    /// `in-scope`, `future`, ... from `(in-scope)` / `*(future)*` tags.
    pub scope: Option<String>,
    pub agents: Vec<String>,
}

/// The Agent Performance Retro.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Retro {
    /// Per-agent prose, in order.
    pub agents: Vec<AgentRetro>,
    /// The normalised metrics table, one entry per agent column.
    pub metrics: Vec<AgentMetrics>,
    /// Reconciliation notes (Markdown), when present.
    pub reconciliation: Option<String>,
    /// Byte range of the metrics table inside the retro section's `body`, so the
    /// renderer can show the normalised table in its place and keep the original.
    pub table_span: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentRetro {
    /// The label as written: `[Claude]`, `[Claude] Opus 4.6`.
    pub label: String,
    pub family: String,
    pub text: String,
    /// The prose says the agent produced nothing usable (`produced no output`, `returned an
    /// empty review`, `timed out`), not only on an earlier or later pass.
    #[serde(default)]
    pub no_output: bool,
}

/// One agent's column of the retro metrics table, normalised.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentMetrics {
    /// Column header as written: `Claude Opus 4.7`.
    pub agent: String,
    pub family: String,
    /// Total duration in seconds (passes summed); `None` when unknown (`—`).
    pub duration_secs: Option<u64>,
    /// Per-pass durations when the table splits them.
    pub pass_durations_secs: Vec<Option<u64>>,
    /// Findings by severity; `None` when unknown.
    pub findings: Option<SeverityCounts>,
    pub tool_calls: Option<ToolCalls>,
    pub design_observations: Option<u32>,
    pub false_positives: Option<u32>,
    pub unique_insights: Option<u32>,
    pub files_reviewed: Option<u32>,
    pub coverage_misses: Option<u32>,
    pub downgraded: Option<u32>,
    pub downgrades: Vec<Downgrade>,
    pub dropped: Option<u32>,
    /// The agent produced no usable output (format failure): `~25m (empty)`, prose
    /// saying "produced no output", `none` findings with no tool calls.
    pub no_output: bool,
    /// Every row as written: (row label, cell text).
    pub raw: Vec<(String, String)>,
    /// The rows no typed field above reads (`Tokens in`, `Cost`, `Depth`...), as written.
    #[serde(default)]
    pub other: Vec<(String, String)>,
    /// The model part of the agent's name (`Opus 4.7`), from the sidecar or the matching
    /// Reviewers entry; `None` when only the family is known.
    #[serde(default)]
    pub model: Option<String>,
    /// Reasoning effort (`xhigh`, `default`), from the sidecar or the Reviewers row.
    #[serde(default)]
    pub effort: Option<String>,
    /// How the agent's run ended. `None` when nobody says; a column the parser reads as
    /// `no_output` gets `Some(Empty)`. Any status but `Ok` sets `no_output`.
    #[serde(default)]
    pub status: Option<AgentStatus>,
    /// Per-pass records (start/end times, durations). `pass_durations_secs` always holds
    /// the same durations, so readers that only need durations can keep using it.
    #[serde(default)]
    pub passes: Vec<AgentPass>,
    /// Input tokens, when known (sidecar or a `Tokens in` row).
    #[serde(default)]
    pub tokens_in: Option<u64>,
    /// Output tokens, when known.
    #[serde(default)]
    pub tokens_out: Option<u64>,
    /// Cost of the agent's run in US dollars, when known.
    #[serde(default)]
    pub cost_usd: Option<f64>,
    /// Totals summed from per-pass rows with some pass unknown (`Duration (pass 2) | —`):
    /// each holds the known passes' sum, a lower bound. Empty when every total is whole.
    #[serde(default, skip_serializing_if = "PartialTotals::is_empty")]
    pub partial: PartialTotals,
}

/// How an agent's run ended.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum AgentStatus {
    /// Usable output.
    #[default]
    Ok,
    /// The agent ran but produced nothing.
    Empty,
    /// Output that could not be used (wrong format, truncated).
    Malformed,
    /// The run failed (error, timeout, crash).
    Failed,
}

impl AgentStatus {
    /// `ok`, `empty`, `malformed`, `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            AgentStatus::Ok => "ok",
            AgentStatus::Empty => "empty",
            AgentStatus::Malformed => "malformed",
            AgentStatus::Failed => "failed",
        }
    }
    /// Whether the agent produced no usable output (a format failure).
    pub fn is_failure(self) -> bool {
        self != AgentStatus::Ok
    }
}

/// One pass of an agent's run.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentPass {
    /// 1-based pass number, when stated.
    pub number: Option<u32>,
    /// RFC 3339 start time.
    pub started_at: Option<String>,
    /// RFC 3339 end time.
    pub ended_at: Option<String>,
    pub duration_secs: Option<u64>,
    pub status: Option<AgentStatus>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ToolCalls {
    pub total: Option<u32>,
    /// (tool, count), as listed.
    pub by_tool: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Downgrade {
    pub count: u32,
    pub from: Severity,
    pub to: Severity,
}

/// The Resolution section: what the author did about the findings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Resolution {
    /// Date the findings were addressed, as written.
    pub addressed: Option<String>,
    /// The commit cell as Markdown.
    pub commit: Option<String>,
    /// The key/value rows as written.
    pub rows: Vec<MetaRow>,
    pub actions: Vec<ResolutionAction>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ResolutionAction {
    /// The `#` cell.
    pub number: Option<u32>,
    /// The finding cell as written (`Suggestion #1: ...`).
    pub finding: String,
    /// The id of the consolidated finding it names, when it names one (`S1`).
    pub finding_id: Option<String>,
    pub action: ActionClass,
    /// The action cell as written (`Fixed (merged with S3)`).
    pub action_label: String,
    pub reason: Option<String>,
    /// A per-row `Commit` cell (Markdown), when the table has one.
    #[serde(default)]
    pub commit: Option<String>,
    /// Every finding of this report the row names (`I1, I2`), in order; `finding_id` is the
    /// first. Empty when it names none, or only an earlier round's.
    #[serde(default)]
    pub finding_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ActionClass {
    Fixed,
    TestWritten,
    Commented,
    DocumentationUpdated,
    Skipped,
    #[default]
    Other,
}

/// A resolution attached to the finding it names.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FindingResolution {
    pub action: ActionClass,
    pub label: String,
    pub reason: Option<String>,
}

/// One agent's original review from the appendix.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AgentReview {
    /// Heading text as written: `[Claude] — Pass 1`.
    pub label: String,
    pub family: String,
    pub pass: Option<u32>,
    pub anchor: String,
    pub line: usize,
    /// The agent's verbatim output (may contain any heading levels).
    pub markdown: String,
}
