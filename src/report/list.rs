//! `resolute list`: the rules of a file as a table.

use std::fmt::Write;

use serde::Serialize;

use crate::check::{MetricKind, Program, Severity};
use crate::span::LineIndex;

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    metric: &'a str,
    kind: &'a str,
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
                "flow"
            } else {
                "stock"
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

/// The rules as a Markdown table.
pub fn list_markdown(program: &Program, source: &str) -> String {
    let mut out = String::from(
        "| id | metric | kind | target | unit | severity | group | citation |\n|---|---|---|---|---|---|---|---|\n",
    );
    for row in rows(program, source) {
        let cell = |s: &str| s.replace('|', "\\|");
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} | `{}` | {} | {} | {} | {} |",
            row.id,
            cell(row.metric),
            row.kind,
            cell(row.target),
            cell(row.unit),
            severity(row.severity),
            cell(&group(&row)),
            cell(row.citation.unwrap_or(""))
        );
    }
    out
}

/// The rules as a text table.
pub fn list_text(program: &Program, source: &str) -> String {
    let rows = rows(program, source);
    let table: Vec<[String; 8]> = std::iter::once(
        [
            "id", "metric", "kind", "target", "unit", "severity", "group", "citation",
        ]
        .map(String::from),
    )
    .chain(rows.iter().map(|r| {
        [
            r.id.to_string(),
            r.metric.to_string(),
            r.kind.to_string(),
            r.target.to_string(),
            r.unit.to_string(),
            severity(r.severity).to_string(),
            group(r),
            r.citation.unwrap_or("").to_string(),
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

/// The group column: the group's name, or `check` for a data check.
fn group(row: &Row<'_>) -> String {
    match (row.check, row.group) {
        (true, _) => "check".to_string(),
        (false, group) => group.unwrap_or("").to_string(),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}
