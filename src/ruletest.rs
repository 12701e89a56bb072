//! Tests for rule files: a `NAME.test.toml` beside `NAME.rules` lists
//! cases (data, as-of period, expected statuses), so a rule file is tested
//! like code.
//!
//! ```toml
//! [[case]]
//! name = "poverty on the boundary passes"
//! as_of = "2023-Q4"
//! csv = """
//! entity,period,metric,value,unit
//! binh-luc,2023-Q4,poverty_rate,3.7,%
//! """
//! expect = { "A2.poverty" = "pass" }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::check::Program;
use crate::data::{LoadOptions, Period, read_sources};
use crate::eval::{Note, Status, evaluate};
use crate::pipeline::{self, Data, Unready};
use crate::report::{Lang, Msg};
pub use crate::run_error::TestFileError;
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    #[serde(rename = "case")]
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    as_of: Option<String>,
    /// Data files or directories, relative to the test file.
    #[serde(default)]
    data: Vec<String>,
    /// Inline data in the long CSV form.
    csv: Option<String>,
    /// Inline data files in the TOML form.
    #[serde(default)]
    toml: Vec<String>,
    /// `"RULE_ID" = "status"` for every entity, or `"RULE_ID@entity"`.
    #[serde(default)]
    expect: BTreeMap<String, String>,
    /// Counts per status over all results.
    #[serde(default)]
    summary: BTreeMap<String, usize>,
}

/// An expectation of a case that did not hold.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CaseFailure {
    /// The case's `as_of` is not a period.
    BadAsOf {
        /// As written.
        text: String,
    },
    /// An expectation names a rule the file does not have.
    NoRule {
        /// The id named.
        id: String,
        /// "did you mean ...?"
        help: Option<String>,
    },
    /// An expected status that is not one; `key` is `None` in `summary`.
    NotAStatus {
        /// The expectation's `rule@entity` key.
        key: Option<String>,
        /// As written.
        status: String,
    },
    /// An expectation judged nothing: no such entity in the data.
    NoResult {
        /// The expectation's `rule@entity` key.
        key: String,
    },
    /// A result's status is not the one expected.
    WrongStatus {
        /// The rule.
        id: String,
        /// The entity.
        entity: String,
        /// Expected.
        want: Status,
        /// Judged.
        got: Status,
        /// Why it was judged so, where the result says.
        note: Option<Note>,
    },
    /// The summary counts a status a number of times other than expected.
    WrongCount {
        /// The status counted.
        status: Status,
        /// Expected.
        want: usize,
        /// Counted.
        got: usize,
    },
}

impl CaseFailure {
    /// The failure as a sentence of a report, in any language.
    pub fn msg(&self) -> Msg<'_> {
        match self {
            CaseFailure::BadAsOf { text } => Msg::CaseBadAsOf { text },
            CaseFailure::NoRule { id, help } => Msg::CaseNoRule {
                id,
                help: help.as_deref(),
            },
            CaseFailure::NotAStatus { key, status } => Msg::CaseNotAStatus {
                key: key.as_deref(),
                status,
            },
            CaseFailure::NoResult { key } => Msg::CaseNoResult { key },
            CaseFailure::WrongStatus {
                id,
                entity,
                want,
                got,
                note,
            } => Msg::CaseWrongStatus {
                id,
                entity,
                want: *want,
                got: *got,
                note: note.as_ref(),
            },
            CaseFailure::WrongCount { status, want, got } => Msg::CaseWrongCount {
                status: *status,
                want: *want,
                got: *got,
            },
        }
    }
}

impl fmt::Display for CaseFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Lang::En.say(&self.msg()))
    }
}

/// The outcome of one case.
#[derive(Debug)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// How many expectations were checked.
    pub checked: usize,
    /// What did not hold; empty when the case passed.
    pub failures: Vec<CaseFailure>,
    /// Data that could not be loaded or judged, with its diagnostics.
    pub unready: Option<Unready>,
}

/// The usual test file of a rule file: `x.rules` → `x.test.toml`.
pub fn test_file_for(rules: &Path) -> PathBuf {
    rules.with_extension("test.toml")
}

/// Runs every case of the test file `text` (at `path`) against `program`.
pub fn run_tests(
    program: &Program,
    path: &Path,
    text: &str,
) -> Result<Vec<CaseOutcome>, TestFileError> {
    let file: TestFile = toml::from_str(text).map_err(|err| TestFileError::Toml {
        message: err.message().to_string(),
        span: err.span().map(Span::from).unwrap_or_default(),
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    Ok(file
        .cases
        .iter()
        .enumerate()
        .map(|(i, case)| run_case(program, base, path, i, case))
        .collect())
}

fn run_case(program: &Program, base: &Path, path: &Path, index: usize, case: &Case) -> CaseOutcome {
    let mut outcome = CaseOutcome {
        name: case.name.clone(),
        checked: 0,
        failures: Vec::new(),
        unready: None,
    };
    let paths: Vec<PathBuf> = case.data.iter().map(|d| base.join(d)).collect();
    let mut sources = match read_sources(&paths) {
        Ok(sources) => sources,
        Err(failure) => {
            outcome.unready = Some(Unready::Data(failure.errors));
            return outcome;
        }
    };
    let inline = format!("{}#case-{}", path.display(), index + 1);
    if let Some(csv) = &case.csv {
        sources.push((format!("{inline}.csv"), csv.clone()));
    }
    for (i, toml) in case.toml.iter().enumerate() {
        sources.push((format!("{inline}-{}.toml", i + 1), toml.clone()));
    }
    let as_of = match &case.as_of {
        Some(text) => match text.parse::<Period>() {
            Ok(period) => Some(period),
            Err(_) => {
                outcome
                    .failures
                    .push(CaseFailure::BadAsOf { text: text.clone() });
                return outcome;
            }
        },
        None => None,
    };
    // Loaded and settled as `resolute check` does: a case judges what a
    // run would.
    let run = pipeline::prepare(program, Data::Texts(sources), as_of, LoadOptions::default());
    let (data, as_of) = match run {
        Ok(run) => (run.data, run.as_of),
        Err(unready) => {
            outcome.unready = Some(unready);
            return outcome;
        }
    };
    let evaluation = evaluate(program, &data, as_of);
    for (key, expected) in &case.expect {
        let (id, entity) = key
            .split_once('@')
            .map_or((key.as_str(), None), |(i, e)| (i, Some(e)));
        let Some(rule) = program.rules.iter().position(|r| r.id == id) else {
            outcome.failures.push(CaseFailure::NoRule {
                id: id.to_string(),
                help: did_you_mean(closest(id, program.rules.iter().map(|r| r.id.as_str()))),
            });
            continue;
        };
        let Some(want) = Status::ALL.into_iter().find(|s| s.as_str() == expected) else {
            outcome.failures.push(CaseFailure::NotAStatus {
                key: Some(key.clone()),
                status: expected.clone(),
            });
            continue;
        };
        let results: Vec<_> = evaluation
            .results_where(|j| j.rule == rule && entity.is_none_or(|e| &**j.entity == e))
            .collect();
        if results.is_empty() {
            outcome
                .failures
                .push(CaseFailure::NoResult { key: key.clone() });
        }
        for result in results {
            outcome.checked += 1;
            if result.status != want {
                outcome.failures.push(CaseFailure::WrongStatus {
                    id: id.to_string(),
                    entity: result.entity.to_string(),
                    want,
                    got: result.status,
                    note: result.note.clone(),
                });
            }
        }
    }
    for (status, count) in &case.summary {
        outcome.checked += 1;
        match Status::ALL.into_iter().find(|s| s.as_str() == status) {
            Some(s) if evaluation.count(s) == *count => {}
            Some(s) => outcome.failures.push(CaseFailure::WrongCount {
                status: s,
                want: *count,
                got: evaluation.count(s),
            }),
            None => outcome.failures.push(CaseFailure::NotAStatus {
                key: None,
                status: status.clone(),
            }),
        }
    }
    outcome
}
