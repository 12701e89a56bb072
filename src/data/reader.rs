//! Turning raw fields into figures, shared by the TOML and CSV readers. A
//! reader fills one `Part`: a whole TOML file, or a block of a CSV file
//! read on its own thread, with names local to it until the parts merge.

use std::borrow::Cow;
use std::collections::HashSet;

use foldhash::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::figures::{Figure, Figures, Marks, When};
use super::source_file::Lines;
use super::{Basis, LoadError, LoadWarning, Period};
use crate::check::Program;
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};
use crate::syntax::{QuantityError, parse_quantity};
use crate::units::{Unit, UnitError};

/// What every reader of a run needs to know about the rules' metrics,
/// looked up once.
pub(super) struct Catalog<'p> {
    pub program: &'p Program,
    ids: HashMap<&'p str, u32>,
    /// By metric id.
    pub names: Vec<Arc<str>>,
    info: Vec<MetricInfo>,
}

struct MetricInfo {
    counts: bool,
    /// Bare numbers below one are suspect fractions of a percentage.
    fraction_suspect: bool,
}

/// Dimensions that count things, which are never negative.
const COUNTS: &[&str] = &["head", "households", "persons", "count"];

impl<'p> Catalog<'p> {
    pub fn new(program: &'p Program) -> Self {
        let one_percent = Decimal::new(1, 2);
        let mut ids = HashMap::default();
        let mut names = Vec::new();
        let mut info = Vec::new();
        for (id, (name, metric)) in program.metrics.iter().enumerate() {
            ids.insert(name.as_str(), u32::try_from(id).unwrap_or(u32::MAX));
            names.push(Arc::from(name.as_str()));
            info.push(MetricInfo {
                counts: COUNTS.contains(&metric.unit.dimension.as_str()),
                fraction_suspect: metric.unit.is_ratio()
                    && metric.unit.scale == one_percent
                    && metric.smallest_target.is_some_and(|t| t >= one_percent),
            });
        }
        Self {
            program,
            ids,
            names,
            info,
        }
    }

    pub fn id(&self, metric: &str) -> Option<u32> {
        self.ids.get(metric).copied()
    }
}

/// Figures read from a file or a block of one.
#[derive(Default)]
pub(super) struct Part {
    pub figures: Figures,
    /// Per figure, an index into `entities`.
    pub entity: Vec<u32>,
    pub entities: Vec<Arc<str>>,
    entity_ids: HashMap<Arc<str>, u32>,
    /// Units written in the part, by the index its figures' marks hold.
    pub units: Vec<Arc<Unit>>,
    unit_ids: HashMap<String, usize>,
    /// Errors that spoil the whole file.
    pub errors: Vec<LoadError>,
    /// Errors in one CSV row, which spoil only its entity.
    pub recoverable: Vec<(String, LoadError)>,
    pub warnings: Vec<LoadWarning>,
    /// Metrics the rules do not know, already warned about.
    pub unknown: HashSet<String>,
    /// Where the part's lines are, for a streamed file.
    pub lines: Lines,
    last_unit: Option<(String, usize)>,
}

impl Part {
    pub fn entity_id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.entity_ids.get(name) {
            return id;
        }
        let id = u32::try_from(self.entities.len()).unwrap_or(u32::MAX);
        let name: Arc<str> = Arc::from(name);
        self.entities.push(Arc::clone(&name));
        self.entity_ids.insert(name, id);
        id
    }
}

/// A value as read from a file, before units are resolved.
pub(super) struct RawValue<'t> {
    pub value: Decimal,
    pub unit: Option<(Cow<'t, str>, Span)>,
    pub approx: bool,
}

/// The fixed part of a figure: who, when and how.
#[derive(Clone, Copy)]
pub(super) struct Header {
    /// Index into the part's entities.
    pub entity: u32,
    pub period: Period,
    pub basis: Basis,
}

pub(super) struct FileReader<'c, 'p> {
    pub catalog: &'c Catalog<'p>,
    pub part: Part,
    /// The entity of the CSV row being read: its errors spare the others.
    pub row_entity: Option<String>,
}

impl<'c, 'p> FileReader<'c, 'p> {
    pub fn new(catalog: &'c Catalog<'p>) -> Self {
        Self {
            catalog,
            part: Part::default(),
            row_entity: None,
        }
    }

    pub fn observe(
        &mut self,
        header: Header,
        metric: &str,
        metric_span: impl FnOnce() -> Span,
        raw: RawValue<'_>,
        span: Span,
    ) {
        let Some(id) = self.catalog.id(metric) else {
            // One warning per unknown metric: a province's file may carry
            // figures the rules do not judge, on every row.
            if !self.part.unknown.insert(metric.to_string()) {
                return;
            }
            let program = self.catalog.program;
            let suggestion = closest(metric, program.metrics.keys().map(String::as_str));
            self.part.warnings.push(LoadWarning::UnknownMetric {
                metric: metric.to_string(),
                span: metric_span(),
                help: did_you_mean(suggestion),
            });
            return;
        };
        let unit = match raw.unit {
            None => None,
            Some((text, unit_span)) => match self.unit(text, unit_span) {
                Some(unit) => Some(unit),
                None => return,
            },
        };
        let Some(info) = self.catalog.info.get(id as usize) else {
            return;
        };
        let counts = match unit {
            Some(u) => self
                .part
                .units
                .get(u)
                .is_some_and(|u| COUNTS.contains(&u.dimension.as_str())),
            None => info.counts,
        };
        if counts && raw.value.is_sign_negative() && !raw.value.is_zero() {
            self.bad_value(metric, "a count cannot be negative", span, None);
            return;
        }
        let suspect_fraction = info.fraction_suspect
            && unit.is_none()
            && raw.value > Decimal::ZERO
            && raw.value < Decimal::ONE;
        self.part.entity.push(header.entity);
        self.part.figures.push(Figure {
            metric: id,
            when: When::new(header.period, header.basis),
            value: raw.value,
            marks: Marks::new(unit, raw.approx, suspect_fraction),
            start: u32::try_from(span.start).unwrap_or(u32::MAX),
            len: u16::try_from(span.len()).unwrap_or(u16::MAX),
        });
    }

    /// The part's index of the unit written `text`, resolved once per part.
    fn unit(&mut self, text: Cow<'_, str>, span: Span) -> Option<usize> {
        if let Some((last, id)) = &self.part.last_unit
            && **last == *text
        {
            return Some(*id);
        }
        if let Some(&id) = self.part.unit_ids.get(&*text) {
            self.part.last_unit = Some((text.into_owned(), id));
            return Some(id);
        }
        match self.catalog.program.units.resolve(&text) {
            Ok(unit) => {
                let id = self.part.units.len();
                self.part.units.push(Arc::new(unit));
                self.part.unit_ids.insert(text.into_owned(), id);
                Some(id)
            }
            Err(err) => {
                let (unit, help) = match err {
                    UnitError::Unknown { word, suggestion } => (word, did_you_mean(suggestion)),
                    UnitError::ScaleOnly | UnitError::ScaledRatio => (text.into_owned(), None),
                };
                self.report(LoadError::UnknownUnit { unit, span, help });
                None
            }
        }
    }

    /// Records an error: against the current CSV row's entity if there is
    /// one, so the rest of the file still loads; against the file otherwise.
    pub fn report(&mut self, err: LoadError) {
        match &self.row_entity {
            Some(entity) => self.part.recoverable.push((entity.clone(), err)),
            None => self.part.errors.push(err),
        }
    }

    pub fn bad_value(&mut self, metric: &str, reason: &str, span: Span, help: Option<&str>) {
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

pub(super) const QUANTITY_HELP: &str =
    "write a number with an optional unit, e.g. `1850`, `\"4.1%\"` or `\"1290.4 billion VND\"`";

/// `-12.5`, `3830`: digits with at most one point, an optional sign.
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let (int, frac) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (
            digits.get(..dot).unwrap_or_default(),
            digits.get(dot + 1..).unwrap_or_default(),
        ),
        None => (digits, &b"1"[..]),
    };
    !int.is_empty()
        && !frac.is_empty()
        && int.iter().all(u8::is_ascii_digit)
        && frac.iter().all(u8::is_ascii_digit)
}

/// Reads `4.1%` or `1,290.4 billion VND` from a string value; the unit's
/// span is found inside `span`, which covers `text` starting at `text_start`.
pub(super) fn quantity_in(
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
