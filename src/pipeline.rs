//! A run from start to finish: read and check the rules, load the data,
//! settle the period to judge as of. The command line, rule tests and
//! fuzzing all start a run here, so a run means the same wherever it is
//! made; evaluating it is then one call to [`crate::eval::evaluate`].
//!
//! ```no_run
//! use resolute::pipeline::{Data, Rules, prepare};
//!
//! let rules = Rules::read("rules/binh-luc-2023.rules".as_ref()).map_err(|e| e.to_string())?;
//! let paths = ["examples/binh-luc-2023".into()];
//! let run = prepare(&rules.program, Data::Files(&paths), None, Default::default())
//!     .map_err(|e| e.to_string())?;
//! let evaluation = resolute::eval::evaluate(&rules.program, &run.data, run.as_of);
//! for result in evaluation.results() {
//!     println!("{} {}", result.entity, result.status);
//! }
//! # Ok::<(), String>(())
//! ```

use std::fmt;
use std::path::{Path, PathBuf};
use vec1::Vec1;

use miette::Diagnostic;

use crate::check::{CheckErrors, Program, check_file};
use crate::data::{Dataset, LoadErrors, LoadOptions, LoadWarnings, Period};
use crate::eval::default_as_of;
use crate::run_error::RunError;
use crate::syntax::{ParseErrors, ast::RuleFile, parse_file};

/// A rule file read, parsed and checked.
#[derive(Debug)]
pub struct Rules {
    /// The file's name as diagnostics show it.
    pub path: String,
    /// The file's text.
    pub source: String,
    /// The file as parsed, comments and spans kept.
    pub file: RuleFile,
    /// The rules checked: names resolved, constants in base units.
    pub program: Program,
}

impl Rules {
    /// Reads, parses and checks the rule file at `path`.
    pub fn read(path: &Path) -> Result<Rules, Unready> {
        let name = path.display().to_string();
        let source =
            crate::source::read_text(path, crate::source::MAX_RULES_BYTES).map_err(|err| {
                RunError::Io {
                    path: name.clone(),
                    reason: err.to_string(),
                }
            })?;
        Rules::parse(name, source)
    }

    /// Parses and checks `source`, a rule file named `path`.
    pub fn parse(path: String, source: String) -> Result<Rules, Unready> {
        let file = parse_file(&path, &source).map_err(Unready::Parse)?;
        let program = check_file(&path, &source, &file).map_err(Unready::Check)?;
        Ok(Rules {
            path,
            source,
            file,
            program,
        })
    }
}

/// Where a run's figures come from.
#[derive(Debug)]
pub enum Data<'a> {
    /// Data files, or directories holding them.
    Files(&'a [PathBuf]),
    /// Files already read: (name, text).
    Texts(Vec<(String, String)>),
    /// Data files or directories, then texts already read (standard input).
    FilesAndTexts(&'a [PathBuf], Vec<(String, String)>),
}

/// The figures of a run, loaded for its rules, and the period to judge
/// them as of.
#[derive(Debug)]
pub struct Run {
    /// Every figure, by entity, metric and period.
    pub data: Dataset,
    /// Figures that loaded but are probably not what was meant.
    pub warnings: Vec<LoadWarnings>,
    /// The period to judge as of.
    pub as_of: Period,
}

/// Loads the figures of `data` for `program`, with the warnings they
/// raise. Rows of the CSV form that could not be read are in
/// [`Dataset::row_errors`]: they spoil their entity, not the run.
pub fn load(
    program: &Program,
    data: Data<'_>,
    options: LoadOptions,
) -> Result<(Dataset, Vec<LoadWarnings>), Unready> {
    let loaded = match data {
        Data::Files(paths) => crate::data::load_with(paths, program, options),
        Data::Texts(texts) => crate::data::load_sources(texts, program),
        Data::FilesAndTexts(paths, texts) => {
            crate::data::load_with_texts(paths, texts, program, options)
        }
    };
    loaded.map_err(|failure| Unready::Data(failure.errors))
}

/// The period to judge `data` as of: `as_of`, or the latest reported
/// quarter of the rules' year. Refuses figures for years the rules do not
/// judge, data without figures, and a period outside the rules' year.
pub fn settle(program: &Program, data: &Dataset, as_of: Option<Period>) -> Result<Period, Unready> {
    if let Some(year) = program.year
        && let Ok(outside) = Vec1::try_from_vec(data.outside_years(&program.years_read(year)))
    {
        return Err(Unready::Data(outside));
    }
    if data.is_empty() {
        return Err(RunError::NoFigures.into());
    }
    let as_of = match as_of {
        Some(period) => period,
        None => default_as_of(program, data).ok_or(RunError::NoFiguresForYear {
            year: program.year.unwrap_or_default(),
        })?,
    };
    if let Some(year) = program.year.filter(|&y| y != as_of.year) {
        return Err(RunError::AsOfOutsideYear { as_of, year }.into());
    }
    Ok(as_of)
}

/// [`load`], then [`settle`].
pub fn prepare(
    program: &Program,
    data: Data<'_>,
    as_of: Option<Period>,
    options: LoadOptions,
) -> Result<Run, Unready> {
    let (data, warnings) = load(program, data, options)?;
    let as_of = settle(program, &data, as_of)?;
    Ok(Run {
        data,
        warnings,
        as_of,
    })
}

/// Why a run could not start.
#[derive(Debug)]
#[non_exhaustive]
pub enum Unready {
    /// A file could not be read, or the run as a whole is wrong (no
    /// figures, an as-of period outside the rules' year).
    Run(RunError),
    /// The rule file does not parse.
    Parse(ParseErrors),
    /// The rule file parses, but names or units do not check.
    Check(CheckErrors),
    /// Data files that could not be loaded, each with every error in it.
    Data(Vec1<LoadErrors>),
}

impl Unready {
    /// Every diagnostic, in the order to show them.
    pub fn diagnostics(&self) -> Vec<&dyn Diagnostic> {
        match self {
            Unready::Run(error) => vec![error],
            Unready::Parse(errors) => vec![errors],
            Unready::Check(errors) => vec![errors],
            Unready::Data(files) => files.iter().map(|f| f as &dyn Diagnostic).collect(),
        }
    }
}

impl From<RunError> for Unready {
    fn from(error: RunError) -> Self {
        Unready::Run(error)
    }
}

impl fmt::Display for Unready {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics().into_iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unready {}
