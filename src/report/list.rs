//! `resolute list`: the rules of a file as a table.

use std::fmt::Write;

use serde::Serialize;

use super::lang::{Label, Lang};
use crate::check::{MetricKind, Program, Severity};
use crate::span::LineIndex;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    metric: &'a str,
    #[serde(serialize_with = "kind_keyword")]
    kind: MetricKind,
    target: &'a str,
    unit: &'a str,
    severity: Severity,
    /// The group it is declared in.
    group: Option<&'a str>,
    /// A consistency check of the data rather than a target.
    check: bool,
    citation: Option<&'a str>,
    title: Option<&'a str>,
    line: usize,
}

fn rows<'a>(program: &'a Program, source: &str) -> Vec<Row<'a>> {
    let lines = LineIndex::new(source);
    program
        .rules
        .iter()
        .map(|rule| {
            let kinds: Vec<MetricKind> = rule
                .lhs
                .metrics()
                .iter()
                .filter_map(|(n, _)| program.metrics.get(*n).map(|m| m.kind))
                .collect();
            let kind = if kinds.iter().all(|k| *k == MetricKind::Flow) && !kinds.is_empty() {
                MetricKind::Flow
            } else {
                MetricKind::Stock
            };
            Row {
                id: &rule.id,
                metric: &rule.lhs_text,
                kind,
                target: &rule.target_text,
                unit: &rule.unit.name,
                severity: rule.severity,
                group: rule
                    .group
                    .and_then(|g| program.groups.get(g))
                    .map(|g| g.name.as_str()),
                check: rule.check,
                citation: rule.cite.as_deref(),
                title: rule.title.as_deref(),
                line: lines.line_col(source, rule.condition_span.start).0,
            }
        })
        .collect()
}

/// The rules as JSON, for `list --format json`.
pub fn list_json(program: &Program, source: &str) -> String {
    let mut out = serde_json::to_string_pretty(&rows(program, source)).unwrap_or_default();
    out.push('\n');
    out
}

/// The rules as a Markdown table, its words in `lang`.
pub fn list_markdown(program: &Program, source: &str, lang: Lang) -> String {
    let mut out = format!(
        "| {} |\n|---|---|---|---|---|---|---|---|\n",
        headings(lang).join(" | ")
    );
    for row in rows(program, source) {
        let cell = |s: &str| s.replace('|', "\\|");
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | `{}` | {} | {} | {} | {} |",
            row.id,
            cell(row.metric),
            kind(&row, lang),
            cell(row.target),
            cell(row.unit),
            severity(row.severity, lang),
            cell(&group(&row, lang)),
            cell(&citation(&row, lang))
        );
    }
    out
}

/// The rules as a text table, its words in `lang`.
pub fn list_text(program: &Program, source: &str, lang: Lang) -> String {
    let rows = rows(program, source);
    let table: Vec<[String; 8]> = std::iter::once(headings(lang).map(String::from))
        .chain(rows.iter().map(|r| {
            [
                r.id.to_string(),
                r.metric.to_string(),
                kind(r, lang).to_string(),
                r.target.to_string(),
                r.unit.to_string(),
                severity(r.severity, lang).to_string(),
                group(r, lang),
                citation(r, lang),
            ]
        }))
        .collect();
    let mut widths = [0usize; 8];
    for row in &table {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    for row in &table {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(widths) {
            let _ = write!(line, "{cell}{}  ", " ".repeat(width - cell.chars().count()));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A metric's kind in JSON: the rule language's keyword.
fn kind_keyword<S: serde::Serializer>(kind: &MetricKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(match kind {
        MetricKind::Flow => "flow",
        MetricKind::Stock => "stock",
    })
}

/// The headings of the table's columns.
fn headings(lang: Lang) -> [&'static str; 8] {
    [
        Label::Id,
        Label::Metric,
        Label::Kind,
        Label::Target,
        Label::Unit,
        Label::Severity,
        Label::Group,
        Label::Citation,
    ]
    .map(|label| lang.text(label))
}

/// The group column: the group's name, or that it is a data check.
fn group(row: &Row<'_>, lang: Lang) -> String {
    match (row.check, row.group) {
        (true, _) => lang.text(Label::DataCheck).to_string(),
        (false, group) => group.unwrap_or("").to_string(),
    }
}

fn kind(row: &Row<'_>, lang: Lang) -> &'static str {
    match row.kind {
        MetricKind::Flow => lang.text(Label::Flow),
        MetricKind::Stock => lang.text(Label::Stock),
    }
}

fn citation(row: &Row<'_>, lang: Lang) -> String {
    row.citation.map(|c| lang.cite(c)).unwrap_or_default()
}

fn severity(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.text(Label::SeverityError),
        Severity::Warning => lang.text(Label::SeverityWarning),
    }
}
