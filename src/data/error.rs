//! What can be wrong in a data file.

use miette::{Diagnostic, NamedSource};
use thiserror::Error;
use vec1::Vec1;

use super::{Basis, Period};
use crate::span::{Excerpts, Span};

/// Every problem found in one data file, the first shown in full.
#[derive(Debug, Error, Diagnostic)]
#[error("{} in `{}`", crate::suggest::counted(errors.len(), "data error", "data errors"), src.name())]
#[diagnostic(code(resolute::load))]
pub struct LoadErrors {
    /// The lines of the file the errors point at.
    #[source_code]
    pub src: NamedSource<Excerpts>,
    /// Every error, in the order found.
    #[related]
    pub errors: Vec1<LoadError>,
}

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadError {
    /// A path that does not exist or cannot be read
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(resolute::load::io))]
    Io { path: String, reason: String },

    /// A workbook that cannot be opened: broken, protected, or not one
    #[error("cannot read the workbook `{path}`: {reason}")]
    #[diagnostic(
        code(resolute::load::workbook),
        help(
            "save it again from the spreadsheet program as `.xlsx` or `.ods`, without a password; or export the sheet as CSV"
        )
    )]
    Workbook { path: String, reason: String },

    /// Figures written in more than 16,383 different units
    #[error("more different units than a run can hold ({max})")]
    #[diagnostic(
        code(resolute::load::too_many_units),
        help("write each metric in one unit, or a few")
    )]
    TooManyUnits { max: usize },

    /// A 3 GiB data file with the default limit
    #[error("`{path}` is {size} bytes, over the limit of {limit} bytes; it is not read")]
    #[diagnostic(
        code(resolute::load::too_large),
        help("raise the limit with `--max-file-size` if the file is meant to be this large")
    )]
    TooLarge { path: String, size: u64, limit: u64 },

    /// `/dev/zero`, a FIFO
    #[error("`{path}` is {kind}, not a data file")]
    #[diagnostic(
        code(resolute::load::not_a_file),
        help("name a regular file: a FIFO or a device may never end, or never start")
    )]
    NotAFile { path: String, kind: &'static str },

    /// A directory holding no `.toml` or `.csv` file
    #[error("no data files (`.toml`, `.csv`, `.xlsx`, `.ods`) in `{path}`")]
    #[diagnostic(code(resolute::load::empty_directory))]
    NoDataFiles { path: String },

    /// `'data/*.cvs'`
    #[error("no file matches `{pattern}`")]
    #[diagnostic(
        code(resolute::load::no_match),
        help("`*` matches within a directory, `**` across directories: `data/**/*.csv`")
    )]
    NoMatch { pattern: String },

    /// `new_jobs = ` (TOML syntax)
    #[error("invalid TOML: {message}")]
    #[diagnostic(code(resolute::load::toml))]
    Toml {
        message: String,
        #[label("here")]
        span: Span,
    },

    /// A file without `[report]` or without `entity`
    #[error("missing `{key}`")]
    #[diagnostic(code(resolute::load::missing_key))]
    Missing {
        key: String,
        #[label("`{key}` belongs in this file")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `entiy = "binh-luc"` in `[report]`
    #[error("unknown key `{key}`")]
    #[diagnostic(code(resolute::load::unknown_key))]
    UnknownKey {
        key: String,
        #[label("not expected here")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `period = "2023-Q5"`
    #[error("invalid period `{text}`")]
    #[diagnostic(code(resolute::load::bad_period), help("{}", super::period::FORMS))]
    BadPeriod {
        text: String,
        #[label("not a period")]
        span: Span,
    },

    /// `basis = "monthly"`
    #[error("invalid basis `{text}`")]
    #[diagnostic(
        code(resolute::load::bad_basis),
        help(
            "`cumulative` (flows are year-to-date), `quarter` (this quarter only) or `month` (this month only)"
        )
    )]
    BadBasis {
        text: String,
        #[label("not a basis")]
        span: Span,
    },

    /// `new_jobs,2023-Q3,1100,quarter` where the rules never declare
    /// `new_jobs`: a flow's quarter, or a stock's level?
    #[error(
        "`{metric}` is given for a {basis} alone, and the rules do not say whether it adds up over the year"
    )]
    #[diagnostic(code(resolute::load::undeclared_kind))]
    UndeclaredKind {
        metric: String,
        basis: Basis,
        #[label("a {basis}'s figure alone")]
        span: Span,
        #[help]
        help: String,
    },

    /// `basis = "quarter"` for a month, `basis = "month"` for a quarter
    #[error("basis `{basis}` does not fit period `{period}`")]
    #[diagnostic(
        code(resolute::load::basis_for_period),
        help(
            "a quarter's figures are `cumulative` or `quarter`, a month's `cumulative` or `month`, a cut-off date's `cumulative`; a year's cover the whole year"
        )
    )]
    BasisForPeriod {
        basis: Basis,
        period: Period,
        #[label("not a basis for this period")]
        span: Span,
    },

    /// `cattle = true`, `poverty_rate = "about 4"`, `x = nan`
    #[error("invalid value for `{metric}`: {reason}")]
    #[diagnostic(code(resolute::load::bad_value))]
    BadValue {
        metric: String,
        reason: String,
        #[label("{reason}")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `agri_output = { value = "1290.4", unit = "billion VDN" }`
    #[error("unknown unit `{unit}`")]
    #[diagnostic(code(resolute::load::unknown_unit))]
    UnknownUnit {
        unit: String,
        #[label("unknown unit")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `cattle` for `d` in 2023-Q4 as 7,100 in one row and 7,000 in another
    #[error("{figure} is reported twice, as {value} and {first_value}")]
    #[diagnostic(
        code(resolute::load::conflicting_figures),
        help(
            "{first_value} is reported at {first_at}; which is right cannot be told: keep one figure per entity, period and metric"
        )
    )]
    ConflictingFigures {
        /// "`new_jobs` for `d` in 2023"
        figure: String,
        value: String,
        first_value: String,
        first_at: String,
        #[label("{value} here")]
        span: Span,
    },

    /// `new_jobs` 900 by 2023-Q1 and 800 by 2023-Q2, both year to date
    #[error("{figure} is below the year to date before it, {earlier}")]
    #[diagnostic(
        code(resolute::load::falling_total),
        help(
            "a year to date of things counted cannot fall; check which figure is wrong, or whether one is a quarter alone (`basis = quarter`)"
        )
    )]
    FallingTotal {
        figure: String,
        earlier: String,
        #[label("falls here")]
        span: Span,
    },

    /// A 2021 figure against rules for 2023 (baseline 2022)
    #[error("a figure for {period}, outside the years the rules judge ({years})")]
    #[diagnostic(
        code(resolute::load::outside_years),
        help(
            "the rules are for one year and compare with their baseline years; pass only those years' files"
        )
    )]
    OutsideYears {
        period: String,
        years: String,
        #[label("reported for {period}")]
        span: Span,
    },

    /// A CSV file with nothing in it, not even a header
    #[error("invalid CSV: the file is empty")]
    #[diagnostic(
        code(resolute::load::csv_empty),
        help("start with the header `{header}`")
    )]
    CsvEmpty {
        header: &'static str,
        #[label("here")]
        span: Span,
    },

    /// `entity,period,metric,valeu`
    #[error("invalid CSV: unknown column `{name}`")]
    #[diagnostic(code(resolute::load::csv_unknown_column))]
    CsvUnknownColumn {
        name: String,
        #[label("here")]
        span: Span,
        #[help]
        help: String,
    },

    /// A CSV header without the `value` column
    #[error("invalid CSV: missing column `{columns}`")]
    #[diagnostic(
        code(resolute::load::csv_missing_column),
        help("the header is `{header}`")
    )]
    CsvMissingColumn {
        /// The missing columns, as ``value`, `metric``.
        columns: String,
        header: &'static str,
        #[label("here")]
        span: Span,
    },

    /// `d,2023-Q4,cattle` under a header of five columns, or
    /// `d,2023-Q4,new_jobs,1,500,persons`: an unquoted thousands comma
    #[error("invalid CSV: row has {fields} fields, the header has {header}")]
    #[diagnostic(
        code(resolute::load::csv_row_width),
        help(
            "give every row the header's fields, and quote a value that holds a comma: `\"1,500\"`"
        )
    )]
    CsvRowWidth {
        fields: usize,
        header: usize,
        #[label("{fields} fields")]
        span: Span,
    },

    /// `entity,period,metric,value,value`
    #[error("invalid CSV: the column `{name}` is named twice")]
    #[diagnostic(
        code(resolute::load::csv_duplicate_column),
        help("keep one `{name}` column: which of the two holds the figure cannot be told")
    )]
    CsvDuplicateColumn {
        name: String,
        #[label("again here")]
        span: Span,
        #[label("first here")]
        first: Span,
    },

    /// `,2023-Q4,cattle,7000`
    #[error("invalid CSV: empty field")]
    #[diagnostic(
        code(resolute::load::csv_empty_field),
        help("every row names its entity and metric")
    )]
    CsvEmptyField {
        #[label("here")]
        span: Span,
    },

    /// `d,"2023-Q4,cattle,7000` (a quote never closed), or a file that is
    /// not UTF-8
    #[error("invalid CSV: {message}")]
    #[diagnostic(code(resolute::load::csv_syntax))]
    CsvSyntax {
        message: String,
        #[label("here")]
        span: Span,
    },
}

/// Data that loads but is probably not what was meant.
#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadWarning {
    /// `povety_rate = "4.1%"` when the rules know `poverty_rate`
    #[error("`{metric}` is not a metric of the rules; its value is not used")]
    #[diagnostic(code(resolute::load::unknown_metric), severity(Warning))]
    UnknownMetric {
        metric: String,
        #[label("unknown metric")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `general_plan = ["Vu Ban"]` when the rules name `"Vũ Bản"`
    #[error("`{item}` is not an item the rules name for `{metric}`; it is not counted")]
    #[diagnostic(code(resolute::load::unknown_item), severity(Warning))]
    UnknownItem {
        metric: String,
        item: String,
        #[label("named by no rule")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `"Bình\u{200b}Lục"`: a name that looks like another and is not
    #[error("`{name}` holds control, invisible or bidirectional formatting characters")]
    #[diagnostic(
        code(resolute::load::hidden_characters),
        severity(Warning),
        help("it is another entity than the one it looks like; retype the name")
    )]
    HiddenCharacters {
        name: String,
        #[label("each byte of them quoted as `?`")]
        span: Span,
    },

    /// A year to date of money below the one before it
    #[error("{figure} is below the year to date before it, {earlier}")]
    #[diagnostic(
        code(resolute::load::falling_total),
        severity(Warning),
        help(
            "a year to date falls only where figures were revised or netted; check which one is wrong, or whether one is a quarter alone (`basis = quarter`)"
        )
    )]
    FallingTotal {
        figure: String,
        earlier: String,
        #[label("falls here")]
        span: Span,
    },

    /// `2.730`, `15.600`, `1.526` in a file read the plain way
    #[error(
        "{count} figures of this file look written the Vietnamese way, with `.` between thousands"
    )]
    #[diagnostic(
        code(resolute::load::looks_vietnamese),
        severity(Warning),
        help(
            "read the plain way, `2.730` is two and seventy-three hundredths; if it means two thousand seven hundred and thirty, say so with `number_format = \"vi\"` under `[report]`, or `--number-format vi`"
        )
    )]
    LooksVietnamese {
        count: usize,
        #[label("read as a fraction")]
        span: Span,
    },

    /// `poverty_rate = "104%"`
    #[error("`{metric}` is a share of a whole, and this figure is outside 0–100%")]
    #[diagnostic(
        code(resolute::load::share_out_of_range),
        severity(Warning),
        help(
            "check the figure and its unit; a metric that may pass 100% or fall below 0 (a growth rate) is better named without `_rate`, `_share` or `_ratio`"
        )
    )]
    ShareOutOfRange {
        metric: String,
        #[label("outside 0–100%")]
        span: Span,
    },

    /// The same row twice
    #[error("`{metric}` for `{entity}` in {period} is reported twice, with the same value")]
    #[diagnostic(code(resolute::load::repeated_figure), severity(Warning))]
    RepeatedFigure {
        metric: String,
        entity: String,
        period: String,
        #[label("reported again here")]
        span: Span,
        #[help]
        help: String,
    },
}

/// The warnings of one data file.
#[derive(Debug, Error, Diagnostic)]
#[error("warnings in `{}`", src.name())]
#[diagnostic(code(resolute::load), severity(Warning))]
pub struct LoadWarnings {
    /// The lines of the file the warnings point at.
    #[source_code]
    pub src: NamedSource<Excerpts>,
    /// Every warning, in the order found.
    #[related]
    pub warnings: Vec<LoadWarning>,
}

/// What the whole of the data says about one of its figures, found once
/// every file is read: the figure given again, a year to date that falls.
pub(super) enum Finding {
    /// Worth a warning; the figure is read.
    Warning(LoadWarning),
    /// An error against `entity`: for the CSV form it spoils that entity
    /// alone, for a TOML file (one entity's figures) the file.
    Error(std::sync::Arc<str>, LoadError),
}

impl LoadWarning {
    /// The span the warning points at.
    pub fn span_mut(&mut self) -> &mut Span {
        match self {
            LoadWarning::UnknownMetric { span, .. }
            | LoadWarning::UnknownItem { span, .. }
            | LoadWarning::RepeatedFigure { span, .. }
            | LoadWarning::HiddenCharacters { span, .. }
            | LoadWarning::FallingTotal { span, .. }
            | LoadWarning::ShareOutOfRange { span, .. }
            | LoadWarning::LooksVietnamese { span, .. } => span,
        }
    }
}

impl LoadError {
    /// The spans the diagnostic points at, in order.
    pub fn spans(&self) -> Vec<Span> {
        let mut copy = self.clone();
        copy.spans_mut().into_iter().map(|s| *s).collect()
    }

    /// The spans the diagnostic points at.
    pub fn spans_mut(&mut self) -> Vec<&mut Span> {
        match self {
            LoadError::Io { .. }
            | LoadError::Workbook { .. }
            | LoadError::NoDataFiles { .. }
            | LoadError::NoMatch { .. }
            | LoadError::NotAFile { .. }
            | LoadError::TooLarge { .. }
            | LoadError::TooManyUnits { .. } => Vec::new(),
            LoadError::Toml { span, .. }
            | LoadError::Missing { span, .. }
            | LoadError::UnknownKey { span, .. }
            | LoadError::BadPeriod { span, .. }
            | LoadError::BadBasis { span, .. }
            | LoadError::BasisForPeriod { span, .. }
            | LoadError::UndeclaredKind { span, .. }
            | LoadError::BadValue { span, .. }
            | LoadError::UnknownUnit { span, .. }
            | LoadError::ConflictingFigures { span, .. }
            | LoadError::FallingTotal { span, .. }
            | LoadError::OutsideYears { span, .. }
            | LoadError::CsvEmpty { span, .. }
            | LoadError::CsvUnknownColumn { span, .. }
            | LoadError::CsvMissingColumn { span, .. }
            | LoadError::CsvRowWidth { span, .. }
            | LoadError::CsvEmptyField { span }
            | LoadError::CsvSyntax { span, .. } => vec![span],
            LoadError::CsvDuplicateColumn { span, first, .. } => vec![span, first],
        }
    }
}
