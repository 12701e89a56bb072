//! SARIF 2.1.0 for code-scanning views: each failed, missing or late
//! target is a result on the data line it was read from, with the rule's
//! line as a related location.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::{Value, json};

use super::Context;
use super::cells::{RuleSummary, target_text};
use super::lang::Lang;
use crate::check::Severity;
use crate::eval::{Judged, RuleResult, Status};

/// The document, its keys in the order `json!` objects print theirs.
#[derive(Serialize)]
struct SarifLog<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [SarifRun<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<'a> {
    artifacts: Vec<Value>,
    column_kind: &'static str,
    invocations: Value,
    results: SarifResults<'a>,
    tool: Value,
}

/// The findings, worked out and written one by one as the document is
/// written: a province-wide run never holds them all. SarifResults met are
/// passed over on their verdicts, without working them out.
struct SarifResults<'a>(&'a Context<'a>);

impl Serialize for SarifResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let cx = self.0;
        let mut seq = serializer.serialize_seq(None)?;
        if cx.summary_only {
            for (index, summary) in super::cells::by_rule(cx).iter().enumerate() {
                if let Some(json) = summary_json(cx, index, summary) {
                    seq.serialize_element(&json)?;
                }
            }
            return seq.end();
        }
        let unmet = |j: &Judged<'_>| !matches!(j.verdict.status, Status::Pass | Status::OnTrack);
        for result in cx.evaluation.results_where(unmet) {
            if let Some(json) = result_json(cx, &result) {
                seq.serialize_element(&json)?;
            }
        }
        seq.end()
    }
}

/// Writes the document to `out` as it is produced.
pub fn write(cx: &Context<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rules: Vec<Value> = cx
        .program
        .rules
        .iter()
        .map(|rule| {
            let level = match rule.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            json!({
                "id": rule.id,
                "name": rule.id,
                "shortDescription": { "text": rule.title.as_deref().unwrap_or(&rule.text) },
                "fullDescription": { "text": rule.text },
                "defaultConfiguration": { "level": level },
                "properties": {
                    "citation": rule.cite,
                    "unit": rule.unit.name,
                },
            })
        })
        .collect();
    let artifacts: Vec<Value> = std::iter::once(&cx.audit.rules)
        .chain(&cx.audit.data)
        .map(|f| json!({ "location": { "uri": uri(&f.path) }, "hashes": { "sha-256": f.sha256 } }))
        .collect();
    let run = SarifRun {
        artifacts,
        column_kind: "unicodeCodePoints",
        invocations: json!([{
            "executionSuccessful": true,
            "endTimeUtc": cx.audit.generated,
            "properties": { "asOf": cx.evaluation.as_of.to_string() },
        }]),
        results: SarifResults(cx),
        tool: json!({ "driver": {
            "name": "resolute",
            "version": cx.audit.version,
            "semanticVersion": cx.audit.version,
            "rules": rules,
        }}),
    };
    let document = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [run],
        version: "2.1.0",
    };
    // The serializer writes a few bytes at a time: through a buffer of its
    // own type they are copied in place, not each sent through `out`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, out);
    serde_json::to_writer_pretty(&mut buffered, &document)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

/// A finding for one result not met, or `None` for a result met.
fn result_json(cx: &Context<'_>, result: &RuleResult) -> Option<Value> {
    let rule = cx.rule(result)?;
    let level = level(result.status, rule.severity)?;
    let rule_location = region(
        cx.rules_path,
        cx.rules_line_col(rule.condition_span.start),
        cx.rules_line_col(rule.condition_span.end),
    );
    let mut data_locations: Vec<Value> = result
        .inputs
        .iter()
        .map(|i| i.location)
        .chain(result.error_location())
        .filter_map(|loc| {
            let file = cx.data.files.get(loc.file)?;
            // A workbook is the artifact; the sheet and cell are said.
            let place = region(
                file.file_path(),
                file.line_col(loc.span.start),
                file.line_col(loc.span.end),
            );
            Some(match file.cell(loc.span.start) {
                Some(cell) => with_text(place, &cell),
                None => place,
            })
        })
        .collect();
    let primary = data_locations
        .pop()
        .unwrap_or_else(|| rule_location.clone());
    let mut related = vec![with_message(
        rule_location,
        0,
        &format!("rule `{}`", rule.id),
    )];
    for (i, location) in data_locations.into_iter().enumerate() {
        related.push(with_message(location, i + 1, "also read"));
    }
    let actual = result.actual.map(|a| a.normalize().to_string());
    let not_done = Lang::En
        .not_done(result)
        .map(|n| format!("; {n}"))
        .unwrap_or_default();
    let text = format!(
        "{} {} for {}: {}, target {}{not_done}{}",
        rule.id,
        result.status,
        result.entity,
        actual
            .as_deref()
            .map_or("no figure".to_string(), |a| format!(
                "{}{a} {}",
                Lang::En.actual_marks(result),
                rule.unit.name
            )),
        target_text(Lang::En, rule, result),
        result
            .note
            .as_ref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    Some(json!({
        "ruleId": rule.id,
        "ruleIndex": result.rule,
        "level": level,
        "message": { "text": text },
        "locations": [primary],
        "relatedLocations": related,
        "partialFingerprints": { "entityRule/v1": format!("{}/{}", result.entity, rule.id) },
        "properties": {
            "entity": result.entity,
            "status": result.status,
            "actual": actual,
            "target": result.target.map(|t| t.normalize().to_string()),
            "unit": rule.unit.name,
            "attainment": result.attainment.map(|a| a.normalize().to_string()),
            "attainment_basis": result.attainment_basis.map(|b| b.name()),
            "margin": result.margin.map(|m| m.normalize().to_string()),
        },
    }))
}

/// The level of a finding of `status` for a rule of `severity`; `None`
/// for a result met.
fn level(status: Status, severity: Severity) -> Option<&'static str> {
    match (status, severity) {
        (Status::Pass | Status::OnTrack, _) => None,
        (Status::Behind, _) => Some("note"),
        (_, Severity::Warning) => Some("warning"),
        (_, Severity::Error) => Some("error"),
    }
}

/// `--summary-only`: a finding per rule not met everywhere, on its line of
/// the rule file, counting its results by status.
fn summary_json(cx: &Context<'_>, index: usize, summary: &RuleSummary<'_>) -> Option<Value> {
    let unmet = summary.unmet(Lang::En)?;
    let rule = summary.rule;
    let level = level(summary.worst(), rule.severity)?;
    let location = region(
        cx.rules_path,
        cx.rules_line_col(rule.condition_span.start),
        cx.rules_line_col(rule.condition_span.end),
    );
    let counts: serde_json::Map<String, Value> = Status::ALL
        .iter()
        .zip(summary.counts)
        .map(|(status, n)| (status.as_str().to_string(), json!(n)))
        .collect();
    let furthest = match summary.furthest.as_str() {
        "" => String::new(),
        named => format!(" (furthest: {named})"),
    };
    Some(json!({
        "ruleId": rule.id,
        "ruleIndex": index,
        "level": level,
        "message": { "text": format!("{}: {unmet}{furthest}", rule.id) },
        "locations": [location],
        "partialFingerprints": { "rule/v1": rule.id },
        "properties": { "counts": counts },
    }))
}

/// A path as a URI reference (RFC 3986): `/` separators, and every byte
/// but the unreserved ones and `/` percent-encoded (`#`, `?`, `:`, spaces,
/// non-ASCII), so that no part of a name reads as a query, a fragment or a
/// scheme; an absolute path as a `file:` URI.
fn uri(path: &str) -> String {
    const PATH: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    let slashed = path.replace('\\', "/");
    let encoded = utf8_percent_encode(&slashed, PATH).to_string();
    if slashed.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

fn region(path: &str, start: (usize, usize), end: (usize, usize)) -> Value {
    let ((start_line, start_column), (end_line, end_column)) = (start, end);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(path) },
            "region": {
                "startLine": start_line,
                "startColumn": start_column,
                "endLine": end_line,
                "endColumn": end_column,
            },
        },
    })
}

/// `location` with a message and no id: where in a workbook it is.
fn with_text(mut location: Value, message: &str) -> Value {
    if let Some(object) = location.as_object_mut() {
        object.insert("message".into(), json!({ "text": message }));
    }
    location
}

fn with_message(mut location: Value, id: usize, message: &str) -> Value {
    if let Some(object) = location.as_object_mut() {
        object.insert("id".into(), json!(id));
        object.insert("message".into(), json!({ "text": message }));
    }
    location
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references_that_read_as_paths() {
        assert_eq!(uri("data/d.csv"), "data/d.csv");
        assert_eq!(
            uri("dir #1/Bình Lục?.csv"),
            "dir%20%231/B%C3%ACnh%20L%E1%BB%A5c%3F.csv"
        );
        assert_eq!(uri("a:b.csv"), "a%3Ab.csv");
        assert_eq!(uri("50%.csv"), "50%25.csv");
        assert_eq!(uri(r"data\d.csv"), "data/d.csv");
        assert_eq!(uri("/srv/data/d.csv"), "file:///srv/data/d.csv");
    }
}
