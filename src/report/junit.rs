//! JUnit XML: a test suite per entity, a test case per rule. Failed and
//! missing targets are failures, evaluation errors are errors, and targets
//! that only warn or are behind schedule are skipped with the reason.

use std::fmt::Write;

use super::Context;
use super::cells::target_text;
use super::lang::Lang;
use crate::check::Severity;
use crate::eval::Status;

/// Escapes text for XML, dropping characters XML 1.0 cannot hold.
fn xml(text: &str) -> String {
    // CI test views show these names: a control or formatting character is
    // shown as `visible` shows it (XML could not hold most of them anyway).
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => shown.push(c),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if crate::span::needs_showing(c) => {
                shown.push_str(&super::visible::visible(c.encode_utf8(&mut [0; 4])))
            }
            c => shown.push(c),
        }
    }
    quick_xml::escape::escape(shown.as_str()).into_owned()
}

enum Outcome {
    Passed,
    Failure,
    Error,
    Skipped,
}

fn outcome(status: Status, severity: Severity) -> Outcome {
    match (status, severity) {
        (Status::Pass | Status::OnTrack, _) => Outcome::Passed,
        (Status::Behind, _) | (_, Severity::Warning) => Outcome::Skipped,
        (Status::Fail | Status::Missing, Severity::Error) => Outcome::Failure,
        (Status::Error, Severity::Error) => Outcome::Error,
    }
}

/// Tests, failures, errors and skipped over the whole run, from the
/// verdicts: the document states them before its suites.
fn totals(cx: &Context<'_>) -> [usize; 4] {
    let mut totals = [0usize; 4];
    for (rule, counts) in cx.program.rules.iter().zip(cx.evaluation.counts_by_rule()) {
        for (status, &n) in Status::ALL.iter().zip(counts) {
            totals[0] += n;
            let slot = match outcome(*status, rule.severity) {
                Outcome::Passed => continue,
                Outcome::Failure => 1,
                Outcome::Error => 2,
                Outcome::Skipped => 3,
            };
            totals[slot] += n;
        }
    }
    totals
}

/// Writes the document to `sink` an entity's suite at a time.
pub fn write(cx: &Context<'_>, sink: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = Lang::En;
    // With `--summary-only`, one suite of a case per rule, whose counts
    // the document states.
    let (totals, summarised) = match cx.summary_only {
        true => {
            let (suite, counts) = summary(cx);
            (counts, Some(suite))
        }
        false => (totals(cx), None),
    };
    std::io::Write::write_all(
        sink,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"resolute {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
            xml(cx.rules_path),
            totals[0],
            totals[1],
            totals[2],
            totals[3],
        )
        .as_bytes(),
    )?;
    if let Some(suite) = summarised {
        std::io::Write::write_all(sink, suite.as_bytes())?;
        return std::io::Write::write_all(sink, b"</testsuites>\n");
    }
    let mut suites = String::new();
    for (entity, results) in cx.by_entity(false) {
        let mut cases = String::new();
        let mut counts = [0usize; 4];
        for result in &results {
            let Some(rule) = cx.rule(result) else {
                continue;
            };
            let (line, _) = cx.rules_line_col(rule.condition_span.start);
            let _ = write!(
                cases,
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{line}\"",
                xml(&entity),
                xml(&rule.id),
                xml(cx.rules_path)
            );
            let actual = result
                .actual
                .map_or("none".to_string(), |a| a.normalize().to_string());
            let attainment = lang
                .attainment_words(result)
                .map(|a| format!(", {a}"))
                .unwrap_or_default();
            let not_done = lang
                .not_done(result)
                .map(|n| format!("; {n}"))
                .unwrap_or_default();
            let figures = format!(
                "actual {}{actual} {}, target {}{attainment}{not_done}{}",
                lang.actual_marks(result),
                rule.unit.name,
                target_text(lang, rule, result),
                result
                    .note
                    .as_ref()
                    .map(|n| format!(" ({})", lang.note(n)))
                    .unwrap_or_default()
            );
            let message = format!("{}: {figures}", result.status);
            let details = rule.title.as_deref().unwrap_or(&rule.text);
            let outcome = outcome(result.status, rule.severity);
            let (tag, slot) = match outcome {
                // A target beaten says so: CI views show a case's output.
                Outcome::Passed if result.exceeded => {
                    let _ = write!(
                        cases,
                        ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                        xml(&format!("exceeded: {figures}"))
                    );
                    counts[0] += 1;
                    continue;
                }
                Outcome::Passed => {
                    cases.push_str("/>\n");
                    counts[0] += 1;
                    continue;
                }
                Outcome::Failure => ("failure", 1),
                Outcome::Error => ("error", 2),
                Outcome::Skipped => ("skipped", 3),
            };
            counts[0] += 1;
            counts[slot] += 1;
            let _ = write!(
                cases,
                ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n    </testcase>\n",
                xml(&message),
                result.status,
                xml(&format!("{details}\n{}", rule.text))
            );
        }
        suite(cx, &mut suites, &entity, counts, &cases);
        std::io::Write::write_all(sink, suites.as_bytes())?;
        suites.clear();
    }
    std::io::Write::write_all(sink, b"</testsuites>\n")
}

fn properties(cx: &Context<'_>) -> String {
    let a = cx.audit;
    let mut out = String::from("    <properties>\n");
    let mut prop = |name: &str, value: &str| {
        let _ = writeln!(
            out,
            "      <property name=\"{}\" value=\"{}\"/>",
            xml(name),
            xml(value)
        );
    };
    prop("resolute.version", a.version);
    prop("as_of", &cx.evaluation.as_of.to_string());
    prop("generated", &a.generated);
    prop(&format!("sha256:{}", a.rules.path), &a.rules.sha256);
    for file in &a.data {
        prop(&format!("sha256:{}", file.path), &file.sha256);
    }
    out.push_str("    </properties>\n");
    out
}

/// `--summary-only`: one suite, a case per rule, failed (or erred,
/// skipped) as its worst result, its counts by status in the message.
fn summary(cx: &Context<'_>) -> (String, [usize; 4]) {
    let mut out = String::new();
    let mut cases = String::new();
    let mut counts = [0usize; 4];
    for summary in super::cells::by_rule(cx) {
        let rule = summary.rule;
        let (line, _) = cx.rules_line_col(rule.condition_span.start);
        let _ = write!(
            cases,
            "    <testcase classname=\"rules\" name=\"{}\" file=\"{}\" line=\"{line}\"",
            xml(&rule.id),
            xml(cx.rules_path)
        );
        counts[0] += 1;
        let (tag, slot) = match (
            summary.unmet(Lang::En),
            outcome(summary.worst(), rule.severity),
        ) {
            (None, _) | (_, Outcome::Passed) => {
                cases.push_str("/>\n");
                continue;
            }
            (_, Outcome::Failure) => ("failure", 1),
            (_, Outcome::Error) => ("error", 2),
            (_, Outcome::Skipped) => ("skipped", 3),
        };
        counts[slot] += 1;
        let unmet = summary.unmet(Lang::En).unwrap_or_default();
        let _ = write!(
            cases,
            ">\n      <{tag} message=\"{}\" type=\"{}\">{}</{tag}>\n    </testcase>\n",
            xml(&unmet),
            summary.worst(),
            xml(&format!("{}\n{}", rule.text, summary.furthest))
        );
    }
    suite(cx, &mut out, "rules", counts, &cases);
    (out, counts)
}

/// A suite named `name` of `cases`, with its tests, failures, errors and
/// skipped cases counted in `counts`.
fn suite(cx: &Context<'_>, out: &mut String, name: &str, counts: [usize; 4], cases: &str) {
    let _ = write!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" timestamp=\"{}\">\n{}{cases}  </testsuite>\n",
        xml(name),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        xml(&cx.audit.generated),
        properties(cx),
    );
}
