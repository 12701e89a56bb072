//! The terminal report: a header, one line per rule and entity, findings
//! pointing at the rule and data lines, and a closing tally.

use std::fmt::Write;

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::number::{grouped, percent, signed, with_unit};
use super::{Context, Finding};
use crate::check::{CheckedRule, Direction, Goal};
use crate::eval::{RuleResult, Status};

const HEADINGS: [&str; 6] = ["status", "rule", "actual", "target", "margin", "of target"];

/// The report as plain text (no colour), `width` columns for findings.
pub fn render_text(cx: &Context<'_>, width: usize) -> String {
    let evaluation = cx.evaluation;
    let mut out = String::new();
    if let Some(title) = &cx.program.title {
        let _ = writeln!(out, "{title}");
    }
    let entities: Vec<&str> = cx.data.entities().into_iter().collect();
    let stage = if evaluation.as_of.is_year_end() {
        "year end".to_string()
    } else {
        format!("{} of 4 quarters", evaluation.as_of.quarters_elapsed())
    };
    let _ = writeln!(
        out,
        "rules {} · as of {} ({stage}) · {} · {}",
        cx.rules_path,
        evaluation.as_of,
        counted(entities.len(), "entity", "entities"),
        counted(cx.program.rules.len(), "rule", "rules"),
    );
    for entity in &entities {
        let rows: Vec<[String; 6]> = evaluation
            .results
            .iter()
            .filter(|r| r.entity == *entity)
            .filter_map(|r| Some(row(cx.rule(r)?, r)))
            .collect();
        let _ = writeln!(out, "\n{entity}");
        let mut widths = HEADINGS.map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        write_row(&mut out, &HEADINGS.map(String::from), &widths);
        for row in &rows {
            write_row(&mut out, row, &widths);
        }
    }
    let findings: Vec<Finding> = evaluation
        .results
        .iter()
        .filter(|r| r.status.is_failure())
        .filter_map(|r| Finding::new(cx, r))
        .collect();
    if !findings.is_empty() {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(width)
            .with_links(false);
        out.push('\n');
        for finding in &findings {
            let _ = handler.render_report(&mut out, finding);
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&tally(cx));
    out.push('\n');
    out
}

fn write_row(out: &mut String, cells: &[String; 6], widths: &[usize; 6]) {
    let mut line = String::from("  ");
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        // Numbers read best right-aligned.
        let right = matches!(i, 4 | 5);
        let pad = width.saturating_sub(cell.chars().count());
        if right {
            line.push_str(&" ".repeat(pad));
            line.push_str(cell);
        } else {
            line.push_str(cell);
            if i + 1 < cells.len() {
                line.push_str(&" ".repeat(pad));
            }
        }
        if i + 1 < cells.len() {
            line.push_str("  ");
        }
    }
    out.push_str(line.trim_end());
    out.push('\n');
}

fn row(rule: &CheckedRule, result: &RuleResult) -> [String; 6] {
    let unit = &rule.unit.name;
    let approx = if result.approx { "≈ " } else { "" };
    let mut actual = result.actual.map_or("—".to_string(), |a| {
        format!("{approx}{}", with_unit(a, unit))
    });
    if let (Goal::Change { relative, year, .. }, Some(change)) = (&rule.goal, result.change) {
        let change = if *relative {
            format!("{}%", signed(change))
        } else {
            signed(change)
        };
        let _ = write!(actual, " ({change} vs {year})");
    }
    let mut target = target_text(rule, result);
    if let Some(expected) = result.expected {
        let _ = write!(target, " (due now {})", grouped(expected));
    }
    let margin = result.margin.map_or("—".to_string(), signed);
    let attainment = result.attainment.map_or("—".to_string(), percent);
    let status = result.status.as_str().to_string();
    [status, rule.id.clone(), actual, target, margin, attainment]
}

pub(super) fn target_text(rule: &CheckedRule, result: &RuleResult) -> String {
    let unit = &rule.unit.name;
    let Some(target) = result.target else {
        return rule
            .text
            .split_once(' ')
            .map_or(rule.text.clone(), |(_, t)| t.to_string());
    };
    let op = match (&rule.goal, rule.goal.direction()) {
        (Goal::Range { .. }, _) => "",
        (
            Goal::Compare { op, .. } | Goal::Change { op, .. },
            Direction::AtLeast | Direction::AtMost,
        ) if result.target_high.is_none() => op.symbol(),
        _ => "",
    };
    match result.target_high {
        Some(high) => format!("{} to {}", grouped(target), with_unit(high, unit)),
        None if op.is_empty() => with_unit(target, unit),
        None => format!("{op} {}", with_unit(target, unit)),
    }
}

fn tally(cx: &Context<'_>) -> String {
    let e = cx.evaluation;
    let total = e.results.len();
    let count = |s| e.count(s);
    let mut parts = Vec::new();
    if e.as_of.is_year_end() {
        parts.push(format!("{}/{total} targets met", count(Status::Pass)));
        parts.push(format!("{} failed", count(Status::Fail)));
    } else {
        parts.push(format!("{} met", count(Status::Pass)));
        parts.push(format!("{} on track", count(Status::OnTrack)));
        parts.push(format!("{} behind", count(Status::Behind)));
        if count(Status::Fail) > 0 {
            parts.push(format!("{} failed", count(Status::Fail)));
        }
        parts[0] = format!("{total} targets: {}", parts[0]);
    }
    parts.push(format!("{} missing", count(Status::Missing)));
    if count(Status::Error) > 0 {
        parts.push(counted(count(Status::Error), "error", "errors"));
    }
    parts.join(" · ")
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
