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

/// Text safe inside a table cell, shown as written and never obeyed:
/// pipes and the characters of links, emphasis and code escaped, and `<`
/// and `&` only where they could open a tag or an entity, so `< 0.78%`
/// stays readable in a plain viewer.
fn cell(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '#') =>
            {
                out.push_str("&amp;")
            }
            _ => out.push(c),
        }
    }
    out
}

/// Text from an input as inline code in a table cell: fenced by more
/// backticks than it holds in a row, its pipes escaped (as a table needs
/// even in code) and its line ends made spaces, so that it cannot end the
/// code, the cell or the row.
fn code(text: &str) -> String {
    let text = visible(text).replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a backtick at either end from joining the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Writes the document to `sink`: whole, an entity at a time, or kept
/// under [`super::COMMENT_LIMIT`] when the whole is longer (unless
/// [`Context::full`]).
pub fn write(cx: &Context<'_>, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let head = head(cx);
    let mut tail = String::new();
    if let Some(legend) = cx.lang.attainment_legend(cx.program) {
        let _ = writeln!(tail, "\n{}", cell(&legend));
    }
    audit(cx, &mut tail);
    if !cx.full
        && !cx.summary_only
        && let Some(short) = shortened(cx, &head, &tail, super::COMMENT_LIMIT)
    {
        return sink.write_all(short.as_bytes());
    }
    sink.write_all(head.as_bytes())?;
    if cx.summary_only {
        let mut out = String::new();
        rule_summary(cx, &mut out);
        sink.write_all(out.as_bytes())?;
    }
    for (entity, results) in cx.entity_sections(true) {
        sink.write_all(section(cx, &entity, &results).as_bytes())?;
    }
    sink.write_all(tail.as_bytes())
}

/// The title, the as-of period and the tally.
fn head(cx: &Context<'_>) -> String {
    let mut out = String::new();
    let title = cx.program.title.as_deref().unwrap_or("resolute");
    let _ = writeln!(out, "# {}\n", cell(title));
    let _ = writeln!(out, "{} · {}\n", as_of_text(cx), code(cx.rules_path));
    // Lines of one paragraph, broken with two trailing spaces.
    let lines: Vec<String> = tally(cx)
        .iter()
        .map(|line| format!("**{}**", cell(line)))
        .collect();
    let _ = writeln!(out, "{}", lines.join("  \n"));
    out
}

/// One entity's table, its results worst first.
fn section(cx: &Context<'_>, entity: &str, results: &[crate::eval::RuleResult]) -> String {
    let lang = cx.lang;
    let headings = [
        Label::Rule,
        Label::Target,
        Label::Actual,
        Label::Attainment,
        Label::Margin,
        Label::Citation,
    ];
    let mut out = String::new();
    let _ = writeln!(out, "\n## {}\n", cell(entity));
    let _ = write!(out, "| {} |", lang.text(Label::Status_));
    for h in headings {
        let _ = write!(out, " {} |", lang.text(h));
    }
    out.push_str("\n|---|---|---|---|---:|---:|---|\n");
    for result in results {
        let Some(rule) = cx.rule(result) else {
            continue;
        };
        let cells = Cells::new(cx, rule, result);
        let name = match &rule.title {
            Some(title) => format!("{} {}", code(&rule.id), cell(title)),
            None => code(&rule.id),
        };
        let mut actual = cell(&cells.actual);
        if let Some(note) = result.note.as_ref().filter(|_| result.actual.is_none()) {
            let _ = write!(actual, " ({})", cell(&cx.lang.note(note)));
        }
        let _ = writeln!(
            out,
            "| {} {} | {name} | {} | {actual} | {} | {} | {} |",
            icon(result.status),
            lang.result_status(result),
            cell(&cells.target),
            cells.attainment,
            cells.margin,
            cell(
                &rule
                    .cite
                    .as_deref()
                    .map(|c| lang.cite(c))
                    .unwrap_or_default()
            ),
        );
    }
    out
}

/// The document kept under `limit` characters, or `None` when the whole
/// fits: the rows per rule, then the targets not met of the entities with
/// the most of them, as many entities as fit, and a line saying what was
/// left out. The whole is
/// drawn only as far as the limit, so a province costs what a page does.
fn shortened(cx: &Context<'_>, head: &str, tail: &str, limit: usize) -> Option<String> {
    let mut whole = head.to_string();
    let mut length = head.chars().count() + tail.chars().count();
    for (entity, results) in cx.entity_sections(true) {
        let section = section(cx, &entity, &results);
        length += section.chars().count();
        if length > limit {
            return Some(kept_under(cx, head, tail, limit));
        }
        whole.push_str(&section);
    }
    whole.push_str(tail);
    None
}

fn kept_under(cx: &Context<'_>, head: &str, tail: &str, limit: usize) -> String {
    // Entities by how many of their targets are not met, most first.
    let mut ranked: Vec<(usize, usize, &std::sync::Arc<str>)> = super::cells::entity_verdicts(cx)
        .map(|row| (row.not_met.len(), row.results(), row.entity))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(b.2)));
    let mut out = head.to_string();
    rule_summary(cx, &mut out);
    // Room for the line saying what is left out.
    const NOTE: usize = 600;
    let mut length = out.chars().count() + tail.chars().count() + NOTE;
    // Only the first entities can fit: draw those, in rank order.
    let wanted: std::collections::HashMap<&str, usize> = ranked
        .iter()
        .filter(|(not_met, ..)| *not_met > 0)
        .take(limit / 400 + 1)
        .enumerate()
        .map(|(rank, (_, _, entity))| (&***entity, rank))
        .collect();
    let mut drawn: Vec<Option<(String, usize)>> = vec![None; wanted.len()];
    for (entity, mut results) in cx.by_entity(true) {
        if let Some(&rank) = wanted.get(&*entity) {
            results.retain(|r| r.status != Status::Pass);
            if let Some(slot) = drawn.get_mut(rank) {
                *slot = Some((section(cx, &entity, &results), results.len()));
            }
        }
    }
    let (mut entities, mut rows) = (0, 0);
    for (section, count) in drawn.into_iter().flatten() {
        let chars = section.chars().count();
        if length + chars > limit {
            break;
        }
        length += chars;
        out.push_str(&section);
        entities += 1;
        rows += count;
    }
    let all: usize = ranked.iter().map(|(_, count, _)| count).sum();
    let left = super::lang::Msg::NotShown {
        entities: ranked.len() - entities,
        results: all - rows,
        limit,
    };
    // Our own sentence, with code spans meant as such.
    let _ = writeln!(out, "\n{}", cx.lang.say(&left));
    out.push_str(tail);
    out
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
        let _ = writeln!(out, "| {} | `{}` |", code(&file.path), file.sha256);
    }
    out.push_str("\n</details>\n");
}

/// `--summary-only`: a row per rule, counting its results by status
/// across the entities and naming those furthest from it; short enough
/// for a pull request comment at any number of entities.
fn rule_summary(cx: &Context<'_>, out: &mut String) {
    let lang = cx.lang;
    let _ = write!(out, "\n| {} |", lang.text(Label::Rule));
    for status in Status::ALL {
        let _ = write!(out, " {} |", lang.status(status));
    }
    let _ = writeln!(out, " {} |", lang.text(Label::Furthest));
    out.push_str("|---|");
    out.push_str(&"---:|".repeat(Status::ALL.len()));
    out.push_str("---|\n");
    for summary in super::cells::by_rule(cx) {
        let _ = write!(out, "| {} |", code(&summary.rule.id));
        for count in summary.counts {
            let _ = write!(out, " {} |", lang.number(count.into()));
        }
        let _ = writeln!(out, " {} |", cell(&summary.furthest));
    }
}
