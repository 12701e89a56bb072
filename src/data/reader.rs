//! Turning raw fields into figures, shared by the TOML and CSV readers. A
//! reader fills one `Part`: a whole TOML file, or a block of a CSV file
//! read on its own thread, with names local to it until the parts merge.

use std::borrow::Cow;
use std::collections::HashSet;

use foldhash::HashMap;
use rayon::prelude::*;
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

    /// [`Catalog::id`], trying first the metric after `last`: a long file
    /// usually lists an entity's metrics in the same order every period.
    #[inline(always)]
    fn id_after(&self, last: u32, metric: &str) -> Option<u32> {
        let guess = last.wrapping_add(1);
        match self.names.get(guess as usize) {
            Some(name) if same(name, metric) => Some(guess),
            _ => self.id(metric),
        }
    }
}

/// Figures read from a file or a block of one.
#[derive(Default)]
pub(super) struct Part {
    pub figures: Figures,
    /// Per figure, an index into `entities`.
    pub entity: EntityRuns,
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
    /// By metric id, the unit text last written for it and its index.
    unit_by_metric: Vec<Option<(Box<str>, usize)>>,
    last_metric: u32,
}

impl Part {
    /// Moves the figures, names, problems and lines of `parts`, in order,
    /// into this part, naming each entity and unit once. A part that would
    /// bring more units than figures can mark is left out, with an error.
    /// Returns the parts' figure columns emptied, their memory kept for the
    /// next parts to read into.
    pub fn absorb(&mut self, mut parts: Vec<Part>) -> Vec<Figures> {
        if self.figures.len() == 0 && self.entities.is_empty() && self.units.is_empty() {
            // Nothing to merge with: take the first part's columns whole.
            if let Some(first) = parts.first_mut() {
                std::mem::swap(&mut self.figures, &mut first.figures);
                std::mem::swap(&mut self.entity, &mut first.entity);
                std::mem::swap(&mut self.entities, &mut first.entities);
                std::mem::swap(&mut self.entity_ids, &mut first.entity_ids);
                std::mem::swap(&mut self.units, &mut first.units);
                std::mem::swap(&mut self.unit_ids, &mut first.unit_ids);
            }
        }
        let mut remaps = Vec::with_capacity(parts.len());
        for part in &parts {
            let entities: Vec<u32> = part.entities.iter().map(|e| self.entity_id(e)).collect();
            let units: Vec<usize> = part.units.iter().map(|u| self.unit_index(u)).collect();
            // Spellings already resolved stay known: meeting one again
            // must not add the same unit twice.
            for (text, &id) in &part.unit_ids {
                if let Some(&to) = units.get(id) {
                    self.unit_ids.entry(text.clone()).or_insert(to);
                }
            }
            if self.units.len() > Marks::MAX_UNITS {
                self.errors.push(LoadError::TooManyUnits {
                    max: Marks::MAX_UNITS,
                });
                break;
            }
            remaps.push((entities, units));
        }
        parts.truncate(remaps.len());
        let figures: usize = parts.iter().map(|p| p.figures.len()).sum();
        if figures < Figures::FEW {
            for (part, (entities, units)) in parts.iter_mut().zip(&remaps) {
                part.rename(entities, units);
            }
        } else {
            parts
                .par_iter_mut()
                .zip(&remaps)
                .for_each(|(part, (entities, units))| part.rename(entities, units));
        }
        let figures: Vec<&Figures> = parts.iter().map(|p| &p.figures).collect();
        self.figures.extend_from(&figures);
        for part in &parts {
            self.entity.extend(&part.entity);
        }
        let mut emptied = Vec::with_capacity(parts.len());
        for mut part in parts {
            part.figures.clear();
            emptied.push(std::mem::take(&mut part.figures));
            self.errors.extend(part.errors);
            self.recoverable.extend(part.recoverable);
            let unknown = &mut self.unknown;
            self.warnings.extend(part.warnings.into_iter().filter(|w| {
                let LoadWarning::UnknownMetric { metric, .. } = w;
                unknown.insert(metric.clone())
            }));
        }
        emptied
    }

    /// Gives the figures the ids `entities` and `units` map theirs to.
    fn rename(&mut self, entities: &[u32], units: &[usize]) {
        let identity = units.iter().enumerate().all(|(i, &u)| i == u);
        if !identity {
            for i in 0..self.figures.len() {
                let marks = self.figures.marks(i);
                if let Some(u) = marks.unit() {
                    self.figures
                        .set_marks(i, marks.with_unit(units.get(u).copied()));
                }
            }
        }
        self.entity.rename(entities);
    }

    fn unit_index(&mut self, unit: &Arc<Unit>) -> usize {
        match self.units.iter().position(|u| u == unit) {
            Some(id) => id,
            None => {
                self.units.push(Arc::clone(unit));
                self.units.len() - 1
            }
        }
    }

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

/// `a == b` for the short names of a CSV row, compared as two words that
/// may overlap: a loop, or a call to `memcmp`, per field costs more than
/// the comparison.
#[inline]
pub(super) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => {
            let ends = |x: &[u8]| (x.first().copied(), x.get(n / 2).copied(), x.last().copied());
            ends(a) == ends(b)
        }
        4..=8 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        9..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        _ => a == b,
    }
}

/// The `N` bytes of `bytes` from `at`, as one number to compare.
#[inline]
fn word<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at + N)?.try_into().ok()
}

/// Whose each figure is, in runs: a file lists an entity's figures
/// together, so a run costs what one figure would.
#[derive(Debug, Default)]
pub(super) struct EntityRuns {
    /// `(entity, figures)`, in figure order.
    runs: Vec<(u32, u32)>,
}

impl EntityRuns {
    #[inline]
    pub fn push(&mut self, entity: u32) {
        match self.runs.last_mut() {
            Some((last, count)) if *last == entity && *count < u32::MAX => *count += 1,
            _ => self.runs.push((entity, 1)),
        }
    }

    pub fn extend(&mut self, other: &EntityRuns) {
        for &(entity, count) in &other.runs {
            match self.runs.last_mut() {
                Some((last, n)) if *last == entity && n.checked_add(count).is_some() => *n += count,
                _ => self.runs.push((entity, count)),
            }
        }
    }

    /// Gives every run the id `ids` maps its entity to.
    pub fn rename(&mut self, ids: &[u32]) {
        for (entity, _) in &mut self.runs {
            *entity = ids.get(*entity as usize).copied().unwrap_or(u32::MAX);
        }
    }

    /// `(entity, figures)` runs, in figure order.
    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }
}

/// A number as read from a file: plain digits, as most figures are,
/// read without building a decimal, or any other exact decimal. Both are
/// checked and stored by the one [`FileReader::observe`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Number {
    /// `mantissa × 10^-scale`, the sign in the mantissa.
    Plain {
        mantissa: i64,
        scale: u8,
    },
    Exact(Decimal),
}

impl Number {
    /// `text` if it is plain digits: an optional `-`, at most 18 digits,
    /// and at most one point with digits on both sides.
    pub fn plain(text: &str) -> Option<Number> {
        let (negative, mantissa, scale) = plain_digits(text)?;
        Some(Number::Plain {
            // `-0` is zero, as the decimal parser reads it.
            mantissa: if negative { -mantissa } else { mantissa },
            scale: u8::try_from(scale).ok()?,
        })
    }

    fn is_negative(self) -> bool {
        match self {
            Number::Plain { mantissa, .. } => mantissa < 0,
            Number::Exact(d) => d.is_sign_negative() && !d.is_zero(),
        }
    }

    /// Strictly between zero and one.
    fn is_proper_fraction(self) -> bool {
        match self {
            Number::Plain { mantissa, scale } => {
                mantissa > 0
                    && 10i64
                        .checked_pow(u32::from(scale))
                        .is_some_and(|one| mantissa < one)
            }
            Number::Exact(d) => d > Decimal::ZERO && d < Decimal::ONE,
        }
    }

    #[cfg(test)]
    fn to_decimal(self) -> Option<Decimal> {
        match self {
            Number::Plain { mantissa, scale } => Decimal::try_new(mantissa, u32::from(scale)).ok(),
            Number::Exact(d) => Some(d),
        }
    }
}

/// A value as read from a file, before units are resolved.
pub(super) struct RawValue<'t> {
    pub value: Number,
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
        let Some(id) = self.catalog.id_after(self.part.last_metric, metric) else {
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
        self.part.last_metric = id;
        let unit = match raw.unit {
            None => None,
            Some((text, unit_span)) => match self.unit(id, &text, unit_span) {
                Some(unit) => Some(unit),
                None => return,
            },
        };
        let Some(info) = self.catalog.info.get(id as usize) else {
            return;
        };
        // Only a negative figure needs to know whether it counts things.
        if raw.value.is_negative() {
            let counts = match unit {
                Some(u) => self
                    .part
                    .units
                    .get(u)
                    .is_some_and(|u| COUNTS.contains(&u.dimension.as_str())),
                None => info.counts,
            };
            if counts {
                self.bad_value(metric, "a count cannot be negative", span, None);
                return;
            }
        }
        let suspect_fraction =
            info.fraction_suspect && unit.is_none() && raw.value.is_proper_fraction();
        let when = When::new(header.period, header.basis);
        let marks = Marks::new(unit, raw.approx, suspect_fraction);
        let start = u32::try_from(span.start).unwrap_or(u32::MAX);
        let len = u16::try_from(span.len()).unwrap_or(u16::MAX);
        self.part.entity.push(header.entity);
        match raw.value {
            Number::Plain { mantissa, scale } => self
                .part
                .figures
                .push_plain(mantissa, scale, id, when, marks, start, len),
            Number::Exact(value) => self.part.figures.push(Figure {
                metric: id,
                when,
                value,
                marks,
                start,
                len,
            }),
        }
    }

    /// The part's index of the unit written `text`, resolved once per part.
    #[inline(always)]
    fn unit(&mut self, metric: u32, text: &str, span: Span) -> Option<usize> {
        // A metric is mostly written in one unit: check that one first.
        if let Some(Some((last, id))) = self.part.unit_by_metric.get(metric as usize)
            && same(last, text)
        {
            return Some(*id);
        }
        self.new_unit(metric as usize, text, span)
    }

    /// [`FileReader::unit`] for a unit other than the metric's last.
    fn new_unit(&mut self, metric: usize, text: &str, span: Span) -> Option<usize> {
        let id = match self.part.unit_ids.get(text) {
            Some(&id) => id,
            None => self.resolve_unit(text, span)?,
        };
        if self.part.unit_by_metric.len() <= metric {
            self.part.unit_by_metric.resize(metric + 1, None);
        }
        if let Some(slot) = self.part.unit_by_metric.get_mut(metric) {
            *slot = Some((Box::from(text), id));
        }
        Some(id)
    }

    fn resolve_unit(&mut self, text: &str, span: Span) -> Option<usize> {
        match self.catalog.program.units.resolve(text) {
            Ok(unit) => {
                let id = self.part.units.len();
                self.part.units.push(Arc::new(unit));
                self.part.unit_ids.insert(text.to_string(), id);
                Some(id)
            }
            Err(err) => {
                let (unit, help) = match err {
                    UnitError::Unknown { word, suggestion } => (word, did_you_mean(suggestion)),
                    UnitError::ScaleOnly | UnitError::ScaledRatio => (text.to_string(), None),
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

/// The sign, digits and scale of a [`Number::plain`].
fn plain_digits(text: &str) -> Option<(bool, i64, u32)> {
    let (negative, digits) = match text.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text.as_bytes()),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0;
    let mut point = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            // An i64 holds any 18 digits.
            b'0'..=b'9' if count < 18 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                count += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        // Digits on both sides of the point.
        Some(at) if at == 0 || at + 1 == digits.len() => return None,
        Some(at) => digits.len() - at - 1,
        None if digits.is_empty() => return None,
        None => 0,
    };
    // At most 17 digits after the point.
    Some((negative, mantissa, scale as u32))
}

/// Reads `4.1%` or `1,290.4 billion VND` from a string value; the unit's
/// span is found inside `span`, which covers `text` starting at `text_start`.
pub(super) fn quantity_in(
    text: &str,
    text_start: usize,
) -> Result<(Number, Option<(String, Span)>), ValueProblem> {
    // Most figures are plain decimals: read them without the full grammar.
    if let Some(value) = Number::plain(text) {
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
            Ok((Number::Exact(value), unit))
        }
        Err(QuantityError::OutOfRange) => Err((
            "beyond the 28 significant digits of an exact decimal",
            Some("use a larger unit, e.g. `billion VND`"),
        )),
        Err(QuantityError::Malformed) => Err(("not a number", Some(QUANTITY_HELP))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn names_compare_in_words_as_they_compare_whole(
            a in "[ab]{0,20}",
            b in "[ab]{0,20}",
            wide in "[aé]{0,9}",
        ) {
            proptest::prop_assert_eq!(same(&a, &b), a == b);
            proptest::prop_assert_eq!(same(&a, &a), true);
            let other: String = wide.chars().rev().collect();
            proptest::prop_assert_eq!(same(&wide, &other), wide == other);
        }

        #[test]
        fn plain_decimals_read_as_the_decimal_parser_reads_them(
            text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?",
        ) {
            let exact = Decimal::from_str_exact(&text).ok();
            if let Some(quick) = Number::plain(&text).and_then(Number::to_decimal) {
                proptest::prop_assert_eq!(Some(quick.to_string()), exact.map(|d| d.to_string()));
                proptest::prop_assert_eq!(Some(quick.is_sign_negative()), exact.map(|d| d.is_sign_negative()));
            }
        }
    }

    #[test]
    fn plain_decimals_have_digits_on_both_sides_of_the_point() {
        for text in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "1.2.3",
            "+1",
            "1e3",
            "1,5",
            "1234567890123456789",
        ] {
            assert_eq!(Number::plain(text), None, "{text}");
        }
        assert_eq!(
            Number::plain("-0.50")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("-0.50".into())
        );
        assert_eq!(
            Number::plain("-0.0")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("0.0".into())
        );
        assert_eq!(
            Number::plain("123456789012345678")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("123456789012345678".into())
        );
    }
}
