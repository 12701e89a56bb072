//! Rendering results: terminal text, JSON, Markdown, HTML, JUnit XML,
//! SARIF and GitHub workflow commands, all from one evaluation.

mod audit;
mod cells;
mod chart;
mod explain;
mod finding;
mod frame;
mod github;
mod html;
mod json;
mod junit;
mod lang;
mod list;
mod markdown;
mod said;
mod sarif;
mod text;
mod visible;

pub use audit::{Audit, FileHash};
pub use explain::explain;
pub use finding::Finding;
pub use frame::{HelpSlot, render_diagnostic};
pub use lang::{Lang, Msg};
pub use list::{list_json, list_markdown, list_text};
pub use said::Said;
pub use visible::{Shown, visible};

use std::str::FromStr;

use crate::check::{CheckedRule, Program};
use crate::data::Dataset;
use crate::eval::{Evaluation, RuleResult, Status};
use crate::span::LineIndex;

/// Everything a renderer needs to describe a run.
pub struct Context<'a> {
    /// The rules judged.
    pub program: &'a Program,
    /// The results.
    pub evaluation: &'a Evaluation<'a>,
    /// The same run as of each quarter up to the as-of one, for charts.
    pub history: &'a [Evaluation<'a>],
    /// The figures they were judged on.
    pub data: &'a Dataset,
    /// The rule file's path as given.
    pub rules_path: &'a str,
    /// The rule file's text.
    pub rules_source: &'a str,
    /// Where the rule file's lines start.
    pub rules_lines: &'a LineIndex,
    /// The language of the report.
    pub lang: Lang,
    /// The files read and when, for the audit trail.
    pub audit: &'a Audit,
    /// Counts only: no per-result lines (JSON) or tables (text).
    pub summary_only: bool,
    /// Colour the text report's statuses and findings, for a terminal.
    pub colour: bool,
    /// Every result, however long the report. Otherwise a Markdown report
    /// is kept under [`COMMENT_LIMIT`] and the HTML report of more than
    /// [`DETAIL_ENTITIES`] entities lists each entity's targets not met
    /// in a searchable, paged table.
    pub full: bool,
}

/// Above this many entities, the text and HTML reports count results per
/// rule and list each entity's targets not met, not every result.
pub const DETAIL_ENTITIES: usize = 20;

/// The most characters GitHub takes in a pull-request comment: a Markdown
/// report is kept under it unless asked for every result.
pub const COMMENT_LIMIT: usize = 65_536;

impl Context<'_> {
    /// The rule a result is for.
    pub fn rule(&self, result: &RuleResult) -> Option<&CheckedRule> {
        self.program.rules.get(result.rule)
    }

    /// Line and column of an offset in the rule file.
    pub fn rules_line_col(&self, offset: usize) -> (usize, usize) {
        self.rules_lines.line_col(self.rules_source, offset)
    }

    /// [`Context::by_entity`] for a report's section per entity: none with
    /// `--summary-only`, whose report is a row per rule. Worked out an
    /// entity at a time, never all at once.
    pub fn entity_sections(
        &self,
        worst_first: bool,
    ) -> impl Iterator<Item = (std::sync::Arc<str>, Vec<RuleResult>)> + '_ {
        let sections = if self.summary_only { 0 } else { usize::MAX };
        self.by_entity(worst_first).take(sections)
    }

    /// Entities in order, each with its results, worst first when
    /// `worst_first`: worked out one entity at a time, so a province-wide
    /// report holds one entity's results, not all of them. Results come
    /// entity by entity, and entities in name order.
    pub fn by_entity(
        &self,
        worst_first: bool,
    ) -> impl Iterator<Item = (std::sync::Arc<str>, Vec<RuleResult>)> + '_ {
        let mut results = self.evaluation.results().peekable();
        std::iter::from_fn(move || {
            let first = results.next()?;
            let entity = std::sync::Arc::clone(&first.entity);
            let mut group = vec![first];
            while let Some(next) = results.next_if(|r| r.entity == entity) {
                group.push(next);
            }
            if worst_first {
                group.sort_by_key(|r| urgency(r.status));
            }
            Some((entity, group))
        })
    }
}

/// Failed and behind first, as an auditor reads them.
pub fn urgency(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Error => 1,
        Status::Missing => 2,
        Status::Behind => 3,
        Status::OnTrack => 4,
        Status::Pass => 5,
    }
}

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For a terminal.
    Text,
    /// For programs: every result with its figures.
    Json,
    /// For a pull request or a wiki.
    Markdown,
    /// For a browser.
    Html,
    /// For CI test views.
    Junit,
    /// For code scanning.
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
}

impl Format {
    /// Every format, in the order help lists them.
    pub const ALL: [Format; 7] = [
        Format::Text,
        Format::Json,
        Format::Markdown,
        Format::Html,
        Format::Junit,
        Format::Sarif,
        Format::Github,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Junit => "junit",
            Format::Sarif => "sarif",
            Format::Github => "github",
        }
    }

    /// Whether the format's audit trail lists each data file's SHA-256.
    pub fn shows_hashes(self) -> bool {
        !matches!(self, Format::Text | Format::Github)
    }

    /// Whether the format is read by people, so numbers follow `--lang`.
    pub fn is_human(self) -> bool {
        matches!(
            self,
            Format::Text | Format::Markdown | Format::Html | Format::Github
        )
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format `{s}`; expected one of {}", names.join(", "))
            })
    }
}

/// Writes the run in `format` to `out`; every format but the text report
/// and GitHub commands is written as it is produced.
pub fn write(
    format: Format,
    cx: &Context<'_>,
    width: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Text => out.write_all(text::render(cx, width).as_bytes()),
        Format::Github => out.write_all(github::render(cx).as_bytes()),
        Format::Json => json::write(cx, out),
        Format::Sarif => sarif::write(cx, out),
        Format::Markdown => markdown::write(cx, out),
        Format::Html => html::write(cx, out),
        Format::Junit => junit::write(cx, out),
    }
}

/// Renders the run in `format`; `width` is the text report's diagnostic width.
pub fn render(format: Format, cx: &Context<'_>, width: usize) -> String {
    let mut out = Vec::new();
    if write(format, cx, width, &mut out).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}
