//! The terminal report: a header, one line per rule and entity, findings
//! pointing at the rule and data lines, a closing tally and the audit line.

use std::fmt::Write;

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::cells::{Cells, as_of_text, tally};
use super::lang::Label;
use super::{Context, Finding};

pub fn render(cx: &Context<'_>, width: usize) -> String {
    let lang = cx.lang;
    let mut out = String::new();
    if let Some(title) = &cx.program.title {
        let _ = writeln!(out, "{title}");
    }
    let groups = cx.by_entity(false);
    let count = |n: usize, one: Label, many: Label| {
        format!("{n} {}", lang.text(if n == 1 { one } else { many }))
    };
    let _ = writeln!(
        out,
        "{} {} · {} · {} · {}",
        lang.text(Label::RulesFile),
        cx.rules_path,
        as_of_text(cx),
        count(groups.len(), Label::Entity, Label::Entities),
        count(cx.program.rules.len(), Label::Rule, Label::Rules),
    );
    let headings = [
        Label::Status_,
        Label::Rule,
        Label::Actual,
        Label::Target,
        Label::Margin,
        Label::Attainment,
    ]
    .map(|l| lang.text(l).to_string());
    for (entity, results) in &groups {
        let rows: Vec<[String; 6]> = results
            .iter()
            .filter_map(|r| {
                let rule = cx.rule(r)?;
                let cells = Cells::new(cx, rule, r);
                Some([
                    lang.status(r.status).to_string(),
                    rule.id.clone(),
                    cells.actual,
                    cells.target,
                    cells.margin,
                    cells.attainment,
                ])
            })
            .collect();
        let _ = writeln!(out, "\n{entity}");
        let mut widths = headings.clone().map(|h| h.chars().count());
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        write_row(&mut out, &headings, &widths);
        for row in &rows {
            write_row(&mut out, row, &widths);
        }
    }
    let findings: Vec<Finding> = cx
        .evaluation
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
    let _ = writeln!(out, "\n{}", tally(cx));
    let audit = cx.audit;
    let short: String = audit.rules.sha256.chars().take(12).collect();
    let _ = writeln!(
        out,
        "resolute {} · {} {} · rules sha256 {short}… · {} {}",
        audit.version,
        lang.text(Label::Generated),
        audit.generated,
        audit.data.len(),
        lang.text(Label::Files),
    );
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
