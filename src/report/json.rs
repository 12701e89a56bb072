//! `--format json`: one document, decimals as exact strings.

use rust_decimal::Decimal;
use serde::Serialize;

use super::Context;
use crate::check::{AttainmentBasis, Severity};
use crate::data::{Dataset, Location};
use crate::eval::{Input, RuleResult, Status, Tally};

#[derive(Serialize)]
struct JsonDocument<'a> {
    resolution: Option<&'a str>,
    rules: &'a str,
    year: i32,
    as_of: String,
    year_end: bool,
    summary: Summary,
    /// The summary of each declared group's targets.
    groups: Vec<GroupSummary<'a>>,
    /// The summary of the data checks, counted apart from the targets.
    checks: Summary,
    /// Counts per status for each rule, across entities.
    by_rule: Vec<RuleSummary<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    results: Option<JsonResults<'a>>,
    audit: AuditJson<'a>,
}

#[derive(Serialize)]
struct RuleSummary<'a> {
    id: &'a str,
    pass: usize,
    fail: usize,
    on_track: usize,
    behind: usize,
    missing: usize,
    error: usize,
}

fn by_rule<'a>(cx: &'a Context<'a>) -> Vec<RuleSummary<'a>> {
    cx.program
        .rules
        .iter()
        .zip(cx.evaluation.counts_by_rule().iter().copied())
        .map(
            |(rule, [pass, fail, on_track, behind, missing, error])| RuleSummary {
                id: &rule.id,
                pass,
                fail,
                on_track,
                behind,
                missing,
                error,
            },
        )
        .collect()
}

#[derive(Serialize)]
struct AuditJson<'a> {
    tool: &'static str,
    version: &'static str,
    generated: &'a str,
    rules: FileJson<'a>,
    data: Vec<FileJson<'a>>,
}

#[derive(Serialize)]
struct FileJson<'a> {
    path: &'a str,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Summary {
    total: usize,
    pass: usize,
    fail: usize,
    on_track: usize,
    behind: usize,
    missing: usize,
    error: usize,
    /// Passes beyond their target, counted among `pass`.
    exceeded: usize,
}

impl From<Tally> for Summary {
    fn from(t: Tally) -> Self {
        Summary {
            total: t.total(),
            pass: t.count(Status::Pass),
            fail: t.count(Status::Fail),
            on_track: t.count(Status::OnTrack),
            behind: t.count(Status::Behind),
            missing: t.count(Status::Missing),
            error: t.count(Status::Error),
            exceeded: t.exceeded,
        }
    }
}

/// A group's tally: the rules declared after `group NAME`.
#[derive(Serialize)]
struct GroupSummary<'a> {
    name: &'a str,
    label: Option<&'a str>,
    #[serde(flatten)]
    counts: Summary,
}

fn groups<'a>(cx: &'a Context<'a>) -> Vec<GroupSummary<'a>> {
    let rules = &cx.program.rules;
    cx.program
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| GroupSummary {
            name: &group.name,
            label: group.label.as_deref(),
            counts: cx
                .evaluation
                .tally(|r| rules.get(r).is_some_and(|r| r.group == Some(g)))
                .into(),
        })
        .collect()
}

#[derive(Serialize)]
struct ResultJson<'a> {
    id: &'a str,
    entity: &'a str,
    status: Status,
    severity: Severity,
    /// The group the rule is declared in.
    group: Option<&'a str>,
    /// A consistency check of the data rather than a target.
    check: bool,
    title: Option<&'a str>,
    cite: Option<&'a str>,
    condition: &'a str,
    actual: Option<String>,
    target: Option<String>,
    target_high: Option<String>,
    /// The stretch goal of a floor (`>= 4 to 6`), past which it is exceeded.
    stretch: Option<String>,
    tolerance: Option<String>,
    expected: Option<String>,
    baseline: Option<String>,
    /// The period the baseline figure is for.
    baseline_period: Option<String>,
    change: Option<String>,
    margin: Option<String>,
    unit: &'a str,
    /// Percent of the annual target.
    attainment: Option<String>,
    /// How the attainment was worked out.
    attainment_basis: Option<AttainmentBasis>,
    /// Met and beyond the target in the good direction.
    exceeded: bool,
    approx: bool,
    /// Some figure of the actual is an estimate ("ước thực hiện").
    estimate: bool,
    /// For a `done for` rule whose lists were read, the items named and
    /// not reported done.
    not_done: Option<Vec<&'a str>>,
    note: Option<String>,
    /// Why an `error` result could not be judged.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorJson>,
    rule_location: Position<'a>,
    data_locations: Vec<DataPosition<'a>>,
    baseline_locations: Vec<DataPosition<'a>>,
}

#[derive(Serialize)]
struct ErrorJson {
    code: String,
    message: String,
}

#[derive(Serialize)]
struct Position<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct DataPosition<'a> {
    metric: &'a str,
    period: String,
    value: String,
    /// Reported as an estimate.
    estimate: bool,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn exact(value: Option<Decimal>) -> Option<String> {
    value.map(|v| v.normalize().to_string())
}

/// One result as it appears in the document.
fn result_json<'a>(cx: &'a Context<'a>, result: &'a RuleResult) -> Option<ResultJson<'a>> {
    let rule = cx.rule(result)?;
    let (line, column) = cx.rules_line_col(rule.condition_span.start);
    let (end_line, end_column) = cx.rules_line_col(rule.condition_span.end);
    Some(ResultJson {
        id: &rule.id,
        entity: &result.entity,
        status: result.status,
        severity: rule.severity,
        group: rule
            .group
            .and_then(|g| cx.program.groups.get(g))
            .map(|g| g.name.as_str()),
        check: rule.check,
        title: rule.title.as_deref(),
        cite: rule.cite.as_deref(),
        condition: &rule.text,
        actual: exact(result.actual),
        target: exact(result.target),
        target_high: exact(result.target_high),
        stretch: exact(result.stretch),
        tolerance: exact(result.tolerance),
        expected: exact(result.expected),
        baseline: exact(result.baseline),
        baseline_period: result.baseline_period.map(|p| p.to_string()),
        change: exact(result.change),
        margin: exact(result.margin),
        unit: &rule.unit.name,
        attainment: exact(result.attainment),
        attainment_basis: result.attainment_basis,
        exceeded: result.exceeded,
        approx: result.approx,
        estimate: result.estimate,
        not_done: (rule.lhs.items().is_some() && result.actual.is_some())
            .then(|| result.not_done.iter().map(|n| &**n).collect()),
        note: result.note.as_ref().map(ToString::to_string),
        error: result.error().map(|e| ErrorJson {
            code: e.code_text(),
            message: e.to_string(),
        }),
        rule_location: Position {
            file: cx.rules_path,
            line,
            column,
            end_line,
            end_column,
        },
        data_locations: positions(cx.data, &result.inputs),
        baseline_locations: positions(cx.data, &result.baseline_inputs),
    })
}

/// The results, serialized one by one as the document is written, so a
/// province-wide run never holds them all as JSON.
struct JsonResults<'a>(&'a Context<'a>);

impl Serialize for JsonResults<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let cx = self.0;
        let mut seq = serializer.serialize_seq(None)?;
        for result in cx.evaluation.results() {
            if let Some(json) = result_json(cx, &result) {
                seq.serialize_element(&json)?;
            }
        }
        seq.end()
    }
}

/// Writes the document to `out` as it is produced.
pub fn write(cx: &Context<'_>, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let evaluation = cx.evaluation;
    let results = JsonResults(cx);
    let document = JsonDocument {
        resolution: cx.program.title.as_deref(),
        rules: cx.rules_path,
        year: evaluation.year,
        as_of: evaluation.as_of.to_string(),
        year_end: evaluation.as_of.is_year_end(),
        summary: evaluation.tally(|_| true).into(),
        groups: groups(cx),
        checks: evaluation
            .tally(|r| cx.program.rules.get(r).is_some_and(|r| r.check))
            .into(),
        by_rule: by_rule(cx),
        results: (!cx.summary_only).then_some(results),
        audit: AuditJson {
            tool: "resolute",
            version: cx.audit.version,
            generated: &cx.audit.generated,
            rules: FileJson {
                path: &cx.audit.rules.path,
                sha256: &cx.audit.rules.sha256,
            },
            data: cx
                .audit
                .data
                .iter()
                .map(|f| FileJson {
                    path: &f.path,
                    sha256: &f.sha256,
                })
                .collect(),
        },
    };
    // The serializer writes a few bytes at a time: through a buffer of its
    // own type they are copied in place, not each sent through `out`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 20, out);
    serde_json::to_writer_pretty(&mut buffered, &document)?;
    std::io::Write::write_all(&mut buffered, b"\n")?;
    std::io::Write::flush(&mut buffered)
}

fn positions<'a>(data: &'a Dataset, inputs: &'a [Input]) -> Vec<DataPosition<'a>> {
    inputs
        .iter()
        .map(|input| {
            let Place { file, start, end } = place(data, input.location);
            DataPosition {
                metric: &input.metric,
                period: input.period.to_string(),
                value: input.value.normalize().to_string(),
                estimate: input.estimate,
                file,
                line: start.0,
                column: start.1,
                end_line: end.0,
                end_column: end.1,
            }
        })
        .collect()
}

/// A location as file, start and end (line, column), end exclusive.
struct Place<'a> {
    file: &'a str,
    start: (usize, usize),
    end: (usize, usize),
}

fn place(data: &Dataset, location: Location) -> Place<'_> {
    match data.files.get(location.file) {
        Some(file) => Place {
            file: &file.path,
            start: file.line_col(location.span.start),
            end: file.line_col(location.span.end),
        },
        None => Place {
            file: "",
            start: (0, 0),
            end: (0, 0),
        },
    }
}
