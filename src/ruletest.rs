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
use std::path::{Path, PathBuf};

use miette::Diagnostic;
use serde::Deserialize;
use thiserror::Error;

use crate::check::Program;
use crate::data::{LoadOptions, Period, read_sources};
use crate::eval::{Status, evaluate};
use crate::pipeline::{self, Data, Unready};
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

/// A test file that cannot be read.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum TestFileError {
    /// The test file is not valid TOML, or not in the test form.
    #[error("invalid test file: {message}")]
    #[diagnostic(
        code(resolute::test::toml),
        help(
            "a test file is a list of `[[case]]` tables with `name`, data (`data`, `csv` or `toml`) and `expect`"
        )
    )]
    Toml {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("here")]
        span: Span,
    },
}

/// The outcome of one case.
#[derive(Debug)]
pub struct CaseOutcome {
    /// The case's name.
    pub name: String,
    /// How many expectations were checked.
    pub checked: usize,
    /// What did not hold, one line each; empty when the case passed.
    pub failures: Vec<String>,
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
                outcome.failures.push(format!("invalid as_of `{text}`"));
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
            let hint = did_you_mean(closest(id, program.rules.iter().map(|r| r.id.as_str())))
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            outcome.failures.push(format!("no rule `{id}`{hint}"));
            continue;
        };
        let Some(want) = Status::ALL.into_iter().find(|s| s.as_str() == expected) else {
            outcome.failures.push(format!(
                "`{key}`: `{expected}` is not a status (pass, fail, on_track, behind, missing, error)"
            ));
            continue;
        };
        let results: Vec<_> = evaluation
            .results_where(|j| j.rule == rule && entity.is_none_or(|e| &**j.entity == e))
            .collect();
        if results.is_empty() {
            outcome
                .failures
                .push(format!("`{key}`: no result (no such entity in the data)"));
        }
        for result in results {
            outcome.checked += 1;
            if result.status != want {
                let why = result
                    .note
                    .as_ref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                outcome.failures.push(format!(
                    "`{id}` for `{}`: expected {want}, got {}{why}",
                    result.entity, result.status
                ));
            }
        }
    }
    for (status, count) in &case.summary {
        outcome.checked += 1;
        match Status::ALL.into_iter().find(|s| s.as_str() == status) {
            Some(s) if evaluation.count(s) == *count => {}
            Some(s) => outcome.failures.push(format!(
                "summary: expected {count} {status}, got {}",
                evaluation.count(s)
            )),
            None => outcome
                .failures
                .push(format!("summary: `{status}` is not a status")),
        }
    }
    outcome
}
