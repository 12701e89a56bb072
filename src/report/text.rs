//! The terminal report: a header, one line per rule and entity, findings
//! pointing at the rule and data lines, a closing tally and the audit line.

use std::fmt::Write;

use super::frame::{HelpSlot, render_diagnostic};

use super::cells::{Cells, as_of_text, by_rule, tally};
use super::lang::{Label, Msg};
use super::visible::visible;
use super::{Context, DETAIL_ENTITIES, Finding};
use crate::eval::Status;

pub fn render(cx: &Context<'_>, width: usize) -> String {
    let lang = cx.lang;
    let mut out = String::new();
    if let Some(title) = &cx.program.title {
        let _ = writeln!(out, "{}", visible(title));
    }
    let entities = cx.data.entity_names().len();
    let count = |n: usize, one: Label, many: Label| {
        format!("{n} {}", lang.text(if n == 1 { one } else { many }))
    };
    let _ = writeln!(
        out,
        "{} {} · {} · {} · {}",
        lang.text(Label::RulesFile),
        cx.rules_path,
        as_of_text(cx),
        count(entities, Label::Entity, Label::Entities),
        count(cx.program.rules.len(), Label::Rule, Label::Rules),
    );
    // A Vietnamese report names each indicator beside its code, as the
    // council reads it; last, so that a long name does not push the
    // figures apart.
    let named = lang == super::Lang::Vi;
    let mut headings: Vec<String> = [
        Label::Status_,
        Label::Rule,
        Label::Actual,
        Label::Target,
        Label::Margin,
        Label::Attainment,
    ]
    .map(|l| lang.text(l).to_string())
    .to_vec();
    if named {
        headings.push(lang.text(Label::Name).to_string());
    }
    let detailed = entities <= DETAIL_ENTITIES && !cx.summary_only;
    let groups: Vec<_> = if detailed {
        cx.by_entity(false).collect()
    } else {
        per_rule(cx, &mut out);
        Vec::new()
    };
    for (entity, results) in &groups {
        let rows: Vec<(Vec<String>, anstyle::Style)> = results
            .iter()
            .filter_map(|r| {
                let rule = cx.rule(r)?;
                let cells = Cells::new(cx, rule, r);
                let mut row = vec![
                    lang.result_status(r).to_string(),
                    visible(&rule.id).into_owned(),
                    cells.actual,
                    cells.target,
                    cells.margin,
                    cells.attainment,
                ];
                if named {
                    row.push(visible(indicator_name(cx, rule)).into_owned());
                }
                let style = if cx.colour {
                    status_style(r.status)
                } else {
                    anstyle::Style::new()
                };
                Some((row, style))
            })
            .collect();
        let _ = writeln!(out, "\n{}", visible(entity));
        let mut widths: Vec<usize> = headings.iter().map(|h| h.chars().count()).collect();
        for (row, _) in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        write_row(&mut out, &headings, &widths, anstyle::Style::new());
        for (row, style) in &rows {
            write_row(&mut out, row, &widths, *style);
        }
    }
    // An entity with an unreadable row has every rule an error for one
    // reason, said above where the row is: one line each, not a finding
    // per rule.
    let bad = &cx.data.bad_entities;
    let findings: Vec<Finding> = cx
        .evaluation
        .results_where(|j| j.verdict.status.is_failure() && !bad.contains_key(&**j.entity))
        .take(MAX_FINDINGS)
        .filter_map(|r| Finding::new(cx, &r))
        .collect();
    let failures: usize = Status::ALL
        .iter()
        .filter(|s| s.is_failure())
        .map(|s| cx.evaluation.count(*s))
        .sum();
    let unreadable = bad.len() * cx.program.rules.len();
    let more = failures.saturating_sub(MAX_FINDINGS + unreadable);
    if !bad.is_empty() {
        out.push('\n');
        for (entity, place) in bad.iter().take(MAX_FINDINGS) {
            let line = lang.say(&Msg::EntityIncomplete {
                entity,
                rules: cx.program.rules.len(),
                place,
            });
            let _ = writeln!(out, "{}", visible(&line));
        }
    }
    if !findings.is_empty() {
        out.push('\n');
        for finding in &findings {
            out.push_str(&render_diagnostic(
                finding,
                lang,
                cx.colour,
                width,
                HelpSlot::Detail,
            ));
            out.push('\n');
        }
        if more > 0 {
            let _ = writeln!(out, "{}", lang.say(&Msg::MoreResults { more }));
        }
    }
    out.push('\n');
    for line in tally(cx) {
        let _ = writeln!(out, "{}", visible(&line));
    }
    if let Some(legend) = lang.attainment_legend(cx.program) {
        let _ = writeln!(out, "{legend}");
    }
    let audit = cx.audit;
    let short: String = audit.rules.sha256.chars().take(12).collect();
    let _ = writeln!(
        out,
        "resolute {} · {} {} · {} {short}… · {} {}",
        audit.version,
        lang.text(Label::Generated),
        audit.generated,
        lang.text(Label::RulesSha256),
        audit.data.len(),
        lang.text(if audit.data.len() == 1 {
            Label::File
        } else {
            Label::Files
        }),
    );
    out
}

/// Findings quoted in full; the rest are counted.
const MAX_FINDINGS: usize = 20;

/// One line per rule across all entities: counts per status and the
/// entities furthest from the target.
fn per_rule(cx: &Context<'_>, out: &mut String) {
    let lang = cx.lang;
    let mut rows: Vec<Vec<String>> = vec![
        std::iter::once(lang.text(Label::Rule).to_string())
            .chain(Status::ALL.iter().map(|s| lang.status(*s).to_string()))
            .chain(std::iter::once(lang.text(Label::Furthest).to_string()))
            .collect(),
    ];
    for summary in by_rule(cx) {
        let mut row = vec![visible(&summary.rule.id).into_owned()];
        row.extend(summary.counts.iter().map(|&n| lang.number(n.into())));
        row.push(summary.furthest);
        rows.push(row);
    }
    let columns = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    out.push('\n');
    for row in &rows {
        let mut line = String::from("  ");
        for (c, (cell, width)) in row.iter().zip(&widths).enumerate() {
            let pad = width.saturating_sub(cell.chars().count());
            if c == 0 || c + 1 == columns {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            }
            line.push_str("  ");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// What the council calls a rule's indicator: its metric's label, else
/// the rule's title.
fn indicator_name<'a>(cx: &'a Context<'_>, rule: &'a crate::check::CheckedRule) -> &'a str {
    let metrics = rule.lhs.metrics();
    let label = match metrics.as_slice() {
        [(name, _)] => cx
            .program
            .metrics
            .get(*name)
            .and_then(|m| m.label.as_deref()),
        _ => None,
    };
    label.or(rule.title.as_deref()).unwrap_or_default()
}

/// How a status is coloured on a terminal: what passes green, what fails
/// red, what is late yellow, what cannot be judged magenta.
fn status_style(status: Status) -> anstyle::Style {
    use anstyle::AnsiColor;
    let colour = match status {
        Status::Pass | Status::OnTrack => AnsiColor::Green,
        Status::Fail => AnsiColor::Red,
        Status::Behind => AnsiColor::Yellow,
        Status::Missing | Status::Error => AnsiColor::Magenta,
    };
    anstyle::Style::new().fg_color(Some(colour.into())).bold()
}

/// One row of a table, its first cell in `style` (plain for none).
fn write_row(out: &mut String, cells: &[String], widths: &[usize], style: anstyle::Style) {
    let mut line = String::from("  ");
    for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
        // Numbers read best right-aligned.
        let right = matches!(i, 4 | 5);
        let pad = width.saturating_sub(cell.chars().count());
        if right {
            line.push_str(&" ".repeat(pad));
            line.push_str(cell);
        } else {
            // Coloured after it is measured: the codes take no width.
            match i {
                0 => line.push_str(&format!("{style}{cell}{style:#}")),
                _ => line.push_str(cell),
            }
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
