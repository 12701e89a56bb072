//! Loading submitted figures from TOML and CSV files.

mod csv_file;
mod error;
mod period;
mod toml_file;

pub use error::{LoadError, LoadErrors, LoadWarning, LoadWarnings};
pub use period::{Period, PeriodError};

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use rust_decimal::Decimal;

use crate::check::Program;
use crate::span::{IndexedSource, LineIndex, Span};
use crate::suggest::{closest, did_you_mean};
use crate::syntax::{QuantityError, parse_quantity};
use crate::units::{Unit, UnitError};

/// How a quarterly file reports flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Basis {
    /// Year-to-date totals.
    Cumulative,
    /// This quarter alone.
    Quarter,
}

/// Where a value was read: a file of the dataset and a byte range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    pub file: usize,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    /// Shared, so each diagnostic quoting the file does not copy it.
    pub text: Arc<str>,
    pub lines: Arc<LineIndex>,
}

impl SourceFile {
    pub fn new(path: String, text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let lines = Arc::new(LineIndex::new(&text));
        Self { path, text, lines }
    }

    /// The file as a diagnostic's source, shared rather than copied.
    pub fn quoted(&self) -> miette::NamedSource<IndexedSource> {
        let source = IndexedSource {
            text: Arc::clone(&self.text),
            lines: Arc::clone(&self.lines),
        };
        miette::NamedSource::new(&self.path, source)
    }

    /// Line and column (1-based) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }
}

/// One reported figure.
#[derive(Debug, Clone)]
pub struct Observation {
    pub entity: Arc<str>,
    pub period: Period,
    pub basis: Basis,
    pub metric: Arc<str>,
    /// The value as written, in `unit`.
    pub value: Decimal,
    /// The unit as written; `None` means the metric's declared unit.
    pub unit: Option<Arc<Unit>>,
    /// Marked approximate by its reporter ("hơn 5.200 tỷ").
    pub approx: bool,
    /// A bare number below one for a percentage whose targets are above
    /// one percent: most likely a fraction (`0.037` for 3.7%).
    pub suspect_fraction: bool,
    pub location: Location,
}

/// Every figure of a run, indexed by entity and metric.
#[derive(Debug, Default)]
pub struct Dataset {
    pub files: Vec<SourceFile>,
    pub observations: Vec<Observation>,
    /// Entity → metric → positions in `observations`, in load order.
    index: BTreeMap<Arc<str>, HashMap<Arc<str>, Vec<usize>>>,
    /// Rows of the long CSV form that could not be read, per file. The rest
    /// of the file is still loaded; every result of an entity named here is
    /// an error, and the run says the data was bad.
    pub row_errors: Vec<LoadErrors>,
    /// Entities with an unreadable row, and where the first one is.
    pub bad_entities: BTreeMap<String, String>,
}

impl Dataset {
    /// Every entity with a figure, in order.
    pub fn entities(&self) -> BTreeSet<&str> {
        self.index.keys().map(|e| &**e).collect()
    }

    /// The entities' shared names, in order.
    pub fn entity_names(&self) -> impl Iterator<Item = &Arc<str>> {
        self.index.keys()
    }

    /// One error per file holding figures of years outside `allowed`.
    pub fn outside_years(&self, allowed: &BTreeSet<i32>) -> Vec<LoadErrors> {
        let years: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        let mut reported = BTreeSet::new();
        let mut out = Vec::new();
        for o in &self.observations {
            if allowed.contains(&o.period.year) || !reported.insert(o.location.file) {
                continue;
            }
            let Some(file) = self.files.get(o.location.file) else {
                continue;
            };
            out.push(LoadErrors {
                src: NamedSource::new(&file.path, file.text.to_string()),
                errors: vec![LoadError::OutsideYears {
                    period: o.period.to_string(),
                    years: years.join(", "),
                    span: o.location.span,
                }],
            });
        }
        out
    }

    /// Keeps only the figures of `entity`.
    pub fn retain_entity(&mut self, entity: &str) {
        let observations = std::mem::take(&mut self.observations);
        self.index.clear();
        let kept = observations
            .into_iter()
            .filter(|o| &*o.entity == entity)
            .collect();
        // Figures already passed the duplicate check when first loaded.
        let _ = self.absorb(kept);
    }

    /// The latest period any figure is reported for.
    pub fn latest_period(&self) -> Option<Period> {
        self.observations
            .iter()
            .map(|o| o.period)
            .max_by_key(|p| (p.end_key(), p.quarter.is_none()))
    }

    /// Figures for one entity and metric, in load order.
    pub fn series(&self, entity: &str, metric: &str) -> impl Iterator<Item = &Observation> {
        self.index
            .get(entity)
            .and_then(|metrics| metrics.get(metric))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.observations.get(i))
    }

    /// `path:line:column` of a location.
    pub fn describe(&self, location: Location) -> String {
        match self.files.get(location.file) {
            Some(file) => {
                let (line, col) = file.line_col(location.span.start);
                format!("{}:{line}:{col}", file.path)
            }
            None => "<unknown>".to_string(),
        }
    }

    /// Takes a file's figures and indexes them; a figure reported again
    /// is left out of the index and returned as an error.
    fn absorb(&mut self, observations: Vec<Observation>) -> Vec<(Arc<str>, LoadError)> {
        let first_new = self.observations.len();
        if self.observations.is_empty() {
            // The common case of one big file: keep its buffer, copy nothing.
            self.observations = observations;
        } else {
            self.observations.extend(observations);
        }
        let mut duplicates = Vec::new();
        for position in first_new..self.observations.len() {
            let Some(observation) = self.observations.get(position) else {
                continue;
            };
            let (entity, metric) = (
                Arc::clone(&observation.entity),
                Arc::clone(&observation.metric),
            );
            let same = self
                .series_positions(&entity, &metric)
                .iter()
                .copied()
                .find(|&i| {
                    self.observations.get(i).is_some_and(|o| {
                        (o.period, o.basis) == (observation.period, observation.basis)
                            || o.period.quarter.is_none() && o.period == observation.period
                    })
                });
            if let Some(first) = same {
                let first = self
                    .observations
                    .get(first)
                    .map(|o| o.location)
                    .unwrap_or_default();
                let err = LoadError::Duplicate {
                    metric: metric.to_string(),
                    entity: entity.to_string(),
                    period: observation.period.to_string(),
                    span: observation.location.span,
                    help: format!(
                        "first reported at {}; keep one figure per entity, period and metric",
                        self.describe(first)
                    ),
                };
                duplicates.push((entity, err));
                continue;
            }
            self.index
                .entry(entity)
                .or_default()
                .entry(metric)
                .or_default()
                .push(position);
        }
        duplicates
    }

    /// Notes that a row of `entity` could not be read, and keeps the entity
    /// in the run even if none of its rows could.
    fn mark_bad(&mut self, entity: &str, file: &str, err: &LoadError) {
        let place = match err.spans().first() {
            Some(span) => {
                let line = self
                    .files
                    .iter()
                    .find(|f| f.path == file)
                    .map_or(0, |f| f.line_col(span.start).0);
                format!("{file}:{line}")
            }
            None => file.to_string(),
        };
        self.bad_entities.entry(entity.to_string()).or_insert(place);
        self.index.entry(Arc::from(entity)).or_default();
    }

    fn series_positions(&self, entity: &str, metric: &str) -> &[usize] {
        self.index
            .get(entity)
            .and_then(|metrics| metrics.get(metric))
            .map_or(&[], Vec::as_slice)
    }
}

/// Everything that went wrong loading, per file.
#[derive(Debug, Default)]
pub struct LoadFailure {
    pub errors: Vec<LoadErrors>,
}

/// Loads every data file named by `paths` (files, or directories searched
/// for `.toml` and `.csv`), in a stable order.
pub fn load(
    paths: &[PathBuf],
    program: &Program,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let sources = read_sources(paths)?;
    load_sources(sources, program)
}

/// Reads the data files named by `paths` as `(name, text)` pairs, sorted
/// by name, so a run does not depend on the order of arguments or of a
/// directory listing.
pub fn read_sources(paths: &[PathBuf]) -> Result<Vec<(String, String)>, LoadFailure> {
    let mut failure = LoadFailure::default();
    let mut files = Vec::new();
    for path in paths {
        if let Err(err) = collect_files(path, &mut files) {
            failure
                .errors
                .push(no_source(&path.display().to_string(), err));
        }
    }
    files.sort();
    files.dedup();
    let mut sources = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match crate::source::read_text(&path, crate::source::MAX_DATA_BYTES) {
            Ok(text) => sources.push((name, text)),
            Err(err) => {
                let err = LoadError::Io {
                    path: name.clone(),
                    reason: err.to_string(),
                };
                failure.errors.push(no_source(&name, err));
            }
        }
    }
    if failure.errors.is_empty() {
        Ok(sources)
    } else {
        Err(failure)
    }
}

/// Loads data files already in memory, as `(name, text)` pairs; a name
/// ending in `.csv` is read as CSV, anything else as TOML.
pub fn load_sources(
    sources: Vec<(String, String)>,
    program: &Program,
) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
    let mut failure = LoadFailure::default();
    let mut dataset = Dataset::default();
    let mut warnings = Vec::new();
    let mut names = Names::default();
    for (name, text) in sources {
        let file = dataset.files.len();
        let mut reader = FileReader {
            program,
            names: &mut names,
            file,
            errors: Vec::new(),
            row_entity: None,
            recoverable: Vec::new(),
            warnings: Vec::new(),
            observations: Vec::new(),
        };
        if is_csv(Path::new(&name)) {
            csv_file::read(&text, &mut reader);
        } else {
            toml_file::read(&text, &mut reader);
        }
        let FileReader {
            mut errors,
            warnings: file_warnings,
            observations,
            recoverable,
            ..
        } = reader;
        let csv = is_csv(Path::new(&name));
        let mut row_errors: Vec<LoadError> = Vec::new();
        let src = || NamedSource::new(&name, text.clone());
        if !file_warnings.is_empty() {
            warnings.push(LoadWarnings {
                src: src(),
                warnings: file_warnings,
            });
        }
        // The file is known before its figures, so a duplicate within it
        // can point back at its first occurrence.
        dataset
            .files
            .push(SourceFile::new(name.clone(), text.clone()));
        // After the file is known, so its rows can be named by line.
        for (entity, err) in recoverable {
            dataset.mark_bad(&entity, &name, &err);
            row_errors.push(err);
        }
        for (entity, err) in dataset.absorb(observations) {
            if csv {
                dataset.mark_bad(&entity, &name, &err);
                row_errors.push(err);
            } else {
                errors.push(err);
            }
        }
        if !row_errors.is_empty() {
            let shown = crate::span::displayable(
                &text,
                row_errors.iter_mut().flat_map(LoadError::spans_mut),
            );
            dataset.row_errors.push(LoadErrors {
                src: NamedSource::new(&name, shown),
                errors: row_errors,
            });
        }
        if !errors.is_empty() {
            let shown =
                crate::span::displayable(&text, errors.iter_mut().flat_map(LoadError::spans_mut));
            failure.errors.push(LoadErrors {
                src: NamedSource::new(&name, shown),
                errors,
            });
        }
    }
    if failure.errors.is_empty() {
        Ok((dataset, warnings))
    } else {
        Err(failure)
    }
}

fn no_source(name: &str, err: LoadError) -> LoadErrors {
    LoadErrors {
        src: NamedSource::new(name, String::new()),
        errors: vec![err],
    }
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

fn is_data_file(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("toml"))
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let io = |err: std::io::Error| LoadError::Io {
        path: path.display().to_string(),
        reason: err.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let before = out.len();
    let mut stack = vec![path.to_path_buf()];
    let mut seen = BTreeSet::new();
    let io_at = |at: &Path, err: std::io::Error| LoadError::Io {
        path: at.display().to_string(),
        reason: err.to_string(),
    };
    while let Some(dir) = stack.pop() {
        // Symlinked directories can form loops; visit each real directory once.
        let real = std::fs::canonicalize(&dir).map_err(|e| io_at(&dir, e))?;
        if !seen.insert(real) {
            continue;
        }
        for entry in std::fs::read_dir(&dir).map_err(|e| io_at(&dir, e))? {
            let child = entry.map_err(|e| io_at(&dir, e))?.path();
            match std::fs::metadata(&child) {
                Ok(m) if m.is_dir() => stack.push(child),
                Ok(_) if is_data_file(&child) => out.push(child),
                Ok(_) => {}
                Err(err) => return Err(io_at(&child, err)),
            }
        }
    }
    if out.len() == before {
        return Err(LoadError::NoDataFiles {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// Shared by the TOML and CSV readers: turns raw fields into observations.
struct FileReader<'p> {
    program: &'p Program,
    names: &'p mut Names,
    file: usize,
    errors: Vec<LoadError>,
    /// The entity of the CSV row being read: its errors spare the others.
    row_entity: Option<String>,
    recoverable: Vec<(String, LoadError)>,
    warnings: Vec<LoadWarning>,
    observations: Vec<Observation>,
}

/// One shared copy of each name and unit across a load, so a million
/// figures do not hold a million copies of a few thousand names.
#[derive(Default)]
struct Names {
    names: HashSet<Arc<str>>,
    units: HashMap<String, Arc<Unit>>,
}

impl Names {
    fn intern(&mut self, name: &str) -> Arc<str> {
        if let Some(shared) = self.names.get(name) {
            return Arc::clone(shared);
        }
        let shared: Arc<str> = Arc::from(name);
        self.names.insert(Arc::clone(&shared));
        shared
    }
}

/// Dimensions that count things, which are never negative.
const COUNTS: &[&str] = &["head", "households", "persons", "count"];

/// A value as read from a file, before units are resolved.
struct RawValue {
    value: Decimal,
    unit: Option<(String, Span)>,
    approx: bool,
}

/// The fixed part of a figure: who, when and how.
#[derive(Clone)]
struct Header {
    entity: Arc<str>,
    period: Period,
    basis: Basis,
}

impl FileReader<'_> {
    fn observe(
        &mut self,
        header: &Header,
        metric: &str,
        metric_span: Span,
        raw: RawValue,
        span: Span,
    ) {
        if !self.program.metrics.contains_key(metric) {
            let suggestion = closest(metric, self.program.metrics.keys().map(String::as_str));
            self.warnings.push(LoadWarning::UnknownMetric {
                metric: metric.to_string(),
                span: metric_span,
                help: did_you_mean(suggestion),
            });
            return;
        }
        let unit = match raw.unit {
            None => None,
            Some((text, _)) if self.names.units.contains_key(&text) => {
                self.names.units.get(&text).cloned()
            }
            Some((text, unit_span)) => match self.program.units.resolve(&text) {
                Ok(unit) => {
                    let unit = Arc::new(unit);
                    self.names.units.insert(text, Arc::clone(&unit));
                    Some(unit)
                }
                Err(err) => {
                    let (unit, help) = match err {
                        UnitError::Unknown { word, suggestion } => (word, did_you_mean(suggestion)),
                        UnitError::ScaleOnly | UnitError::ScaledRatio => (text.clone(), None),
                    };
                    self.report(LoadError::UnknownUnit {
                        unit,
                        span: unit_span,
                        help,
                    });
                    return;
                }
            },
        };
        let Some(declared) = self.program.metrics.get(metric) else {
            return;
        };
        let own_unit = unit.as_deref().unwrap_or(&declared.unit);
        if COUNTS.contains(&own_unit.dimension.as_str())
            && raw.value.is_sign_negative()
            && !raw.value.is_zero()
        {
            self.bad_value(metric, "a count cannot be negative", span, None);
            return;
        }
        let one_percent = Decimal::new(1, 2);
        let suspect_fraction = declared.unit.is_ratio()
            && unit.is_none()
            && raw.value > Decimal::ZERO
            && raw.value < Decimal::ONE
            && declared.unit.scale == one_percent
            && declared.smallest_target.is_some_and(|t| t >= one_percent);
        self.observations.push(Observation {
            suspect_fraction,
            entity: Arc::clone(&header.entity),
            period: header.period,
            basis: header.basis,
            metric: self.names.intern(metric),
            value: raw.value,
            unit,
            approx: raw.approx,
            location: Location {
                file: self.file,
                span,
            },
        });
    }

    /// Records an error: against the current CSV row's entity if there is
    /// one, so the rest of the file still loads; against the file otherwise.
    fn report(&mut self, err: LoadError) {
        match &self.row_entity {
            Some(entity) => self.recoverable.push((entity.clone(), err)),
            None => self.errors.push(err),
        }
    }

    fn bad_value(&mut self, metric: &str, reason: &str, span: Span, help: Option<&str>) {
        self.report(LoadError::BadValue {
            metric: metric.to_string(),
            reason: reason.to_string(),
            span,
            help: help.map(str::to_string),
        });
    }
}

/// Why a value is bad, and what to write instead.
pub(super) type ValueProblem = (&'static str, Option<&'static str>);

const QUANTITY_HELP: &str =
    "write a number with an optional unit, e.g. `1850`, `\"4.1%\"` or `\"1290.4 billion VND\"`";

/// `-12.5`, `3830`: digits with at most one point, an optional sign.
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "1"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Reads `4.1%` or `1,290.4 billion VND` from a string value; the unit's
/// span is found inside `span`, which covers `text` starting at `text_start`.
fn quantity_in(
    text: &str,
    text_start: usize,
) -> Result<(Decimal, Option<(String, Span)>), ValueProblem> {
    // Most figures are plain decimals: read them without the full grammar.
    if is_plain_decimal(text)
        && let Ok(value) = Decimal::from_str_exact(text)
    {
        return Ok((value, None));
    }
    match parse_quantity(text) {
        Ok((value, unit)) => {
            let unit = unit.map(|u| {
                let trimmed = text.trim_end();
                let first_word = u.split(' ').next().unwrap_or_default();
                let start = trimmed.rfind(first_word).unwrap_or(0);
                (u, Span::new(text_start + start, text_start + trimmed.len()))
            });
            Ok((value, unit))
        }
        Err(QuantityError::OutOfRange) => Err((
            "beyond the 28 significant digits of an exact decimal",
            Some("use a larger unit, e.g. `billion VND`"),
        )),
        Err(QuantityError::Malformed) => Err(("not a number", Some(QUANTITY_HELP))),
    }
}
