//! GitHub Actions workflow commands: each failed, missing or late target
//! annotates the data line it was read from (or the rule's line).

use std::fmt::Write;

use super::Context;
use super::cells::target_text;
use super::visible::visible;
use crate::check::Severity;
use crate::eval::{Judged, Status};

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(cx: &Context<'_>) -> String {
    let lang = cx.lang;
    let mut out = String::new();
    if cx.summary_only {
        summary(cx, &mut out);
        return out;
    }
    // Results met are passed over on their verdicts, without working them out.
    let unmet = |j: &Judged<'_>| !matches!(j.verdict.status, Status::Pass | Status::OnTrack);
    for result in cx.evaluation.results_where(unmet) {
        let result = &result;
        let Some(rule) = cx.rule(result) else {
            continue;
        };
        let Some(command) = command(result.status, rule.severity) else {
            continue;
        };
        let location = result
            .inputs
            .last()
            .map(|i| i.location)
            .or(result.error_location())
            .and_then(|loc| {
                let f = cx.data.files.get(loc.file)?;
                Some((
                    f.file_path(),
                    f.line_col(loc.span.start),
                    f.line_col(loc.span.end),
                    f.cell(loc.span.start),
                ))
            });
        let span = rule.condition_span;
        let (file, (line, col), (end_line, end_col), cell) = location.unwrap_or((
            cx.rules_path,
            cx.rules_line_col(span.start),
            cx.rules_line_col(span.end),
            None,
        ));
        let title = format!(
            "{} {} ({})",
            rule.id,
            lang.status(result.status),
            result.entity
        );
        let mut message = match result.actual {
            Some(actual) => format!(
                "{}: {}{} / {}",
                rule.title.as_deref().unwrap_or(&rule.text),
                lang.actual_marks(result),
                lang.quantity(actual, lang.unit_name(&rule.unit)),
                target_text(lang, rule, result)
            ),
            None => rule.title.clone().unwrap_or_else(|| rule.text.clone()),
        };
        if let Some(attainment) = lang.attainment_words(result) {
            let _ = write!(message, ", {attainment}");
        }
        if let Some(not_done) = lang.not_done(result) {
            let _ = write!(message, "; {not_done}");
        }
        if let Some(note) = &result.note {
            let _ = write!(message, " ({})", lang.note(note));
        }
        // The annotation names the workbook; the sheet and cell are said.
        if let Some(cell) = &cell {
            let _ = write!(message, " [{cell}]");
        }
        let (rule_line, _) = cx.rules_line_col(rule.condition_span.start);
        let _ = write!(message, "\n{}:{rule_line}: {}", cx.rules_path, rule.text);
        let _ = writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            property(&visible(file)),
            property(&visible(&title)),
            // Line by line: the message's own line break is kept.
            data(
                &message
                    .split('\n')
                    .map(visible)
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        );
    }
    out
}

/// The workflow command annotating a result of `status` for a rule of
/// `severity`; `None` for a result met.
fn command(status: Status, severity: Severity) -> Option<&'static str> {
    match (status, severity) {
        (Status::Pass | Status::OnTrack, _) => None,
        (Status::Behind, _) => Some("notice"),
        (_, Severity::Warning) => Some("warning"),
        (_, Severity::Error) => Some("error"),
    }
}

/// `--summary-only`: an annotation per rule not met everywhere, on its
/// line of the rule file, counting its results by status.
fn summary(cx: &Context<'_>, out: &mut String) {
    let lang = cx.lang;
    for summary in super::cells::by_rule(cx) {
        let Some(unmet) = summary.unmet(lang) else {
            continue;
        };
        let rule = summary.rule;
        let Some(command) = command(summary.worst(), rule.severity) else {
            continue;
        };
        let span = rule.condition_span;
        let ((line, col), (end_line, end_col)) =
            (cx.rules_line_col(span.start), cx.rules_line_col(span.end));
        let mut message = format!("{}: {unmet}", rule.title.as_deref().unwrap_or(&rule.text));
        if !summary.furthest.is_empty() {
            let _ = write!(message, " ({})", summary.furthest);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            property(&visible(cx.rules_path)),
            property(&visible(&rule.id)),
            data(&visible(&message)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a,b:c"), "a%2Cb%3Ac");
    }
}
