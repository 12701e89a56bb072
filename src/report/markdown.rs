//! GitHub-flavoured Markdown for pull-request comments and documents: a
//! summary line, then a table per entity, failed and behind first.

use std::fmt::Write;

use super::cells::{Cells, as_of_text, tally};
use super::lang::Label;
use super::visible::visible;
use super::{Context, Lang};
use crate::eval::Status;

pub fn icon(status: Status) -> &'static str {
    match status {
        Status::Pass => "✅",
        Status::Fail => "❌",
        Status::OnTrack => "🟢",
        Status::Behind => "🟠",
        Status::Missing => "❔",
        Status::Error => "⚠️",
    }
}

/// Text safe inside a table cell: pipes escaped, and `<` only where it
/// could open an HTML tag, so `< 0.78%` stays readable in a plain viewer.
fn cell(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            _ => out.push(c),
        }
    }
    out
}

/// Writes the document to `sink` an entity at a time.
pub fn write(cx: &Context<'_>, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = cx.lang;
    let mut out = String::new();
    let title = cx.program.title.as_deref().unwrap_or("resolute");
    let _ = writeln!(out, "# {}\n", cell(title));
    let _ = writeln!(out, "{} · `{}`\n", as_of_text(cx), cx.rules_path);
    let _ = writeln!(out, "**{}**", tally(cx));
    let headings = [
        Label::Rule,
        Label::Target,
        Label::Actual,
        Label::Attainment,
        Label::Margin,
        Label::Citation,
    ];
    for (entity, results) in cx.by_entity(true) {
        let _ = writeln!(out, "\n## {}\n", cell(&entity));
        let _ = write!(out, "| {} |", lang.text(Label::Status_));
        for h in headings {
            let _ = write!(out, " {} |", lang.text(h));
        }
        out.push_str("\n|---|---|---|---|---:|---:|---|\n");
        for result in &results {
            let Some(rule) = cx.rule(result) else {
                continue;
            };
            let cells = Cells::new(cx, rule, result);
            let name = match &rule.title {
                Some(title) => format!("`{}` {}", rule.id, cell(title)),
                None => format!("`{}`", rule.id),
            };
            let mut actual = cell(&cells.actual);
            if let Some(note) = result.note.as_ref().filter(|_| result.actual.is_none()) {
                let _ = write!(actual, " ({})", cell(&note.to_string()));
            }
            let _ = writeln!(
                out,
                "| {} {} | {name} | {} | {actual} | {} | {} | {} |",
                icon(result.status),
                lang.status(result.status),
                cell(&cells.target),
                cells.attainment,
                cells.margin,
                cell(rule.cite.as_deref().unwrap_or("")),
            );
        }
        sink.write_all(out.as_bytes())?;
        out.clear();
    }
    audit(cx, &mut out);
    sink.write_all(out.as_bytes())
}

fn audit(cx: &Context<'_>, out: &mut String) {
    let a = cx.audit;
    let summary = match cx.lang {
        Lang::En => "Audit trail",
        Lang::Vi => "Thông tin kiểm tra",
    };
    let _ = writeln!(out, "\n<details><summary>{summary}</summary>\n");
    let _ = writeln!(
        out,
        "resolute {} · {} {}\n",
        a.version,
        cx.lang.text(Label::Generated),
        a.generated
    );
    let _ = writeln!(out, "| file | sha256 |\n|---|---|");
    for file in std::iter::once(&a.rules).chain(&a.data) {
        let _ = writeln!(out, "| `{}` | `{}` |", cell(&file.path), file.sha256);
    }
    out.push_str("\n</details>\n");
}
