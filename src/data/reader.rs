//! Turning raw fields into figures, shared by the TOML and CSV readers. A
//! reader fills one `Part`: a whole TOML file, or a block of a CSV file
//! read on its own thread, with names local to it until the parts merge.

mod number;
mod part;

use std::borrow::Cow;

use foldhash::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::figures::{Figure, Marks, When};
pub(super) use super::hint::QUANTITY_HELP;
use super::hint::{COUNT_HELP, ITEMS_HELP};
use super::{Basis, LoadError, LoadWarning, Period};
use crate::check::Program;
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};
use crate::units::UnitError;
pub use number::NumberFormat;
pub(super) use number::{Number, Quantity, ValueProblem, quantity_in, same};
pub(super) use part::{EntityRuns, Part};

/// What every reader of a run needs to know about the rules' metrics,
/// looked up once.
pub(super) struct Catalog<'p> {
    pub program: &'p Program,
    ids: HashMap<&'p str, u32>,
    /// By metric id: the rules' metrics, then one series per item named
    /// by a `done for` rule.
    pub names: Vec<Arc<str>>,
    /// By metric id, the rules' metric it is (of an item, the metric
    /// listing it).
    pub metrics: Vec<&'p crate::check::Metric>,
    /// The id of each item's series, by its metric's id and its name.
    item_ids: HashMap<(u32, &'p str), u32>,
    info: Vec<MetricInfo>,
    /// How files that do not say write their numbers.
    pub number_format: NumberFormat,
}

struct MetricInfo {
    /// Its figures list the items done, rather than being numbers.
    lists_items: bool,
    counts: bool,
    /// The scale of a declared unit that counts things, which come whole.
    whole_in: Option<Decimal>,
    /// What the metric's whole numbers are, for messages: a count, or a
    /// level ("mức độ III").
    whole_kind: &'static str,
    /// For a share of a whole (between 0 and 100%), its declared unit's
    /// scale.
    share_in: Option<Decimal>,
    /// Bare numbers below one are suspect fractions of a percentage.
    fraction_suspect: bool,
    /// Known only from the rules' use of it: whether it adds up over the
    /// year is not said.
    undeclared: bool,
}

/// The items of a list written in one CSV value, `Vũ Bản; An Ninh`, each
/// with its span when `span` holds exactly `text`.
pub(super) fn split_items(text: &str, span: Span) -> Vec<(&str, Span)> {
    let exact = span.len() == text.len();
    let mut out = Vec::new();
    let mut at = 0;
    for piece in text.split(';') {
        let lead = piece.len() - piece.trim_start().len();
        let item = piece.trim();
        let item_span = if exact {
            let start = span.start + at + lead;
            Span::new(start, start + item.len())
        } else {
            span
        };
        if !item.is_empty() {
            out.push((item, item_span));
        }
        at += piece.len() + 1;
    }
    out
}

/// Dimensions that count things, which are never negative.
const COUNTS: &[&str] = &["head", "households", "persons", "count", "level"];

/// Dimensions that count named things, or rank them, which come whole: a
/// bare `count` may be an index or a coefficient.
const WHOLE: &[&str] = &["head", "households", "persons", "level"];

impl<'p> Catalog<'p> {
    pub fn new(program: &'p Program) -> Self {
        let one_percent = Decimal::new(1, 2);
        let mut ids = HashMap::default();
        let mut names = Vec::new();
        let mut metrics = Vec::new();
        let mut info = Vec::new();
        for (id, (name, metric)) in program.metrics.iter().enumerate() {
            ids.insert(name.as_str(), u32::try_from(id).unwrap_or(u32::MAX));
            names.push(Arc::from(name.as_str()));
            metrics.push(metric);
            info.push(MetricInfo {
                lists_items: !metric.items.is_empty(),
                counts: Self::counts_things(metric),
                share_in: metric.is_share().then_some(metric.unit.scale),
                whole_in: WHOLE
                    .contains(&metric.unit.dimension.as_str())
                    .then_some(metric.unit.scale),
                whole_kind: if metric.unit.is_level() {
                    "a level"
                } else {
                    "a count"
                },
                fraction_suspect: metric.unit.is_ratio()
                    && metric.unit.scale == one_percent
                    && metric.smallest_target.is_some_and(|t| t >= one_percent),
                undeclared: metric.span.is_none(),
            });
        }
        let mut item_ids = HashMap::default();
        for (parent, metric) in program.metrics.values().enumerate() {
            let parent = u32::try_from(parent).unwrap_or(u32::MAX);
            for item in &metric.items {
                let id = u32::try_from(names.len()).unwrap_or(u32::MAX);
                item_ids.insert((parent, item.as_str()), id);
                names.push(Arc::from(metric.item_series(item)));
                metrics.push(metric);
                info.push(MetricInfo {
                    lists_items: false,
                    counts: false,
                    whole_in: None,
                    whole_kind: "a count",
                    share_in: None,
                    fraction_suspect: false,
                    undeclared: false,
                });
            }
        }
        Self {
            program,
            ids,
            names,
            metrics,
            item_ids,
            info,
            number_format: NumberFormat::Plain,
        }
    }

    /// Whether `metric`'s unit counts things, which are never negative.
    pub fn counts_things(metric: &crate::check::Metric) -> bool {
        COUNTS.contains(&metric.unit.dimension.as_str())
    }

    pub fn id(&self, metric: &str) -> Option<u32> {
        self.ids.get(metric).copied()
    }

    /// Whether `metric`'s figures list items done rather than numbers.
    pub fn lists_items(&self, metric: &str) -> bool {
        self.id(metric)
            .and_then(|id| self.info.get(id as usize))
            .is_some_and(|info| info.lists_items)
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

/// A value as read from a file, before units are resolved.
pub(super) struct RawValue<'t> {
    pub value: Number,
    pub unit: Option<(Cow<'t, str>, Span)>,
    pub approx: bool,
    /// Marked an estimate, or not, by the value itself; `None` leaves it
    /// to the file's header.
    pub estimate: Option<bool>,
}

/// The fixed part of a figure: who, when and how.
#[derive(Clone, Copy)]
pub(super) struct Header {
    /// Index into the part's entities.
    pub entity: u32,
    pub period: Period,
    pub basis: Basis,
    /// The file's figures are estimates unless a value says otherwise.
    pub estimate: bool,
}

pub(super) struct FileReader<'c, 'p> {
    pub catalog: &'c Catalog<'p>,
    pub part: Part,
    /// The entity of the CSV row being read: its errors spare the others.
    pub row_entity: Option<String>,
    /// How the file writes its numbers.
    pub number_format: NumberFormat,
}

impl<'c, 'p> FileReader<'c, 'p> {
    pub fn new(catalog: &'c Catalog<'p>) -> Self {
        Self {
            catalog,
            part: Part::default(),
            row_entity: None,
            number_format: catalog.number_format,
        }
    }

    #[inline(always)]
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
        if info.lists_items {
            self.bad_value(
                metric,
                "expected the list of items done, found a number",
                span,
                Some(ITEMS_HELP),
            );
            return;
        }
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
                let reason = format!("{} cannot be negative", info.whole_kind);
                self.bad_value(metric, &reason, span, None);
                return;
            }
        }
        // Things counted come whole: 1.5 households is a misread figure. A
        // unit of another dimension than the metric's is an error of its
        // own, when the figure is read.
        if let Some(declared) = info.whole_in
            && raw.value.has_fraction()
        {
            let whole_in = match unit {
                Some(u) => self.part.units.get(u).map(|u| u.scale),
                None => Some(declared),
            };
            let counted = whole_in
                .and_then(|scale| raw.value.to_decimal()?.checked_mul(scale))
                .is_some_and(|count| !count.fract().is_zero());
            if counted {
                let help = (self.number_format == NumberFormat::Plain).then_some(COUNT_HELP);
                let reason = format!("{} cannot have a fraction", info.whole_kind);
                self.bad_value(metric, &reason, span, help);
                return;
            }
        }
        if let Some(declared) = info.share_in {
            let scale = match unit {
                Some(u) => self.part.units.get(u).map(|u| u.scale),
                None => Some(declared),
            };
            let part_of_whole = scale
                .and_then(|scale| raw.value.to_decimal()?.checked_mul(scale))
                .is_none_or(|v| v >= Decimal::ZERO && v <= Decimal::ONE);
            if !part_of_whole {
                self.part.warnings.push(LoadWarning::ShareOutOfRange {
                    metric: metric.to_string(),
                    span,
                });
            }
        }
        // A quarter's or a month's figure alone is part of a year only if
        // the metric adds up: a stock's level it is not. Not guessed.
        if info.undeclared && header.basis != Basis::Cumulative && !header.period.is_year() {
            self.undeclared_kind(metric, header.basis, span);
            return;
        }
        let suspect_fraction =
            info.fraction_suspect && unit.is_none() && raw.value.is_proper_fraction();
        let when = When::new(header.period, header.basis);
        let marks = Marks::new(
            unit,
            raw.approx,
            raw.estimate.unwrap_or(header.estimate),
            suspect_fraction,
        );
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

    /// A list of the items of `metric` done by the end of the period: one
    /// figure saying how many it names, and one for each item, which the
    /// metric's `done for` rules look for.
    pub fn observe_items(
        &mut self,
        header: Header,
        metric: &str,
        metric_span: impl FnOnce() -> Span,
        items: &[(&str, Span)],
        span: Span,
    ) {
        let Some(id) = self.catalog.id(metric) else {
            // As for a number: the unknown metric is warned of once.
            let raw = RawValue {
                value: Number::Exact(Decimal::ZERO),
                unit: None,
                approx: false,
                estimate: None,
            };
            self.observe(header, metric, metric_span, raw, span);
            return;
        };
        let Some(info) = self.catalog.info.get(id as usize) else {
            return;
        };
        if info.undeclared && header.basis != Basis::Cumulative && !header.period.is_year() {
            self.undeclared_kind(metric, header.basis, span);
            return;
        }
        let when = When::new(header.period, header.basis);
        let marks = Marks::new(None, false, header.estimate, false);
        let mut seen: Vec<String> = Vec::with_capacity(items.len());
        let mut figures = Vec::with_capacity(items.len());
        for &(item, item_span) in items {
            let folded = crate::span::folded(item);
            if folded.is_empty() || seen.contains(&folded) {
                continue;
            }
            match self.catalog.item_ids.get(&(id, folded.as_str())) {
                Some(&item_id) => figures.push((item_id, item_span)),
                None => {
                    let named = self.catalog.metrics.get(id as usize).map(|m| &m.items);
                    let suggestion =
                        named.and_then(|n| closest(&folded, n.iter().map(String::as_str)));
                    self.part.warnings.push(LoadWarning::UnknownItem {
                        metric: metric.to_string(),
                        item: folded.clone(),
                        span: item_span,
                        help: did_you_mean(suggestion),
                    });
                }
            }
            seen.push(folded);
        }
        let listed = Decimal::from(seen.len());
        let figure = |metric: u32, value: Decimal, span: Span| Figure {
            metric,
            when,
            value,
            marks,
            start: u32::try_from(span.start).unwrap_or(u32::MAX),
            len: u16::try_from(span.len()).unwrap_or(u16::MAX),
        };
        self.part.entity.push(header.entity);
        self.part.figures.push(figure(id, listed, span));
        for (item_id, item_span) in figures {
            self.part.entity.push(header.entity);
            self.part
                .figures
                .push(figure(item_id, Decimal::ONE, item_span));
        }
    }

    /// The error for a figure alone of a metric the rules do not declare,
    /// kept out of the way of the figures that are read.
    #[cold]
    #[inline(never)]
    fn undeclared_kind(&mut self, metric: &str, basis: Basis, span: Span) {
        let unit = self
            .catalog
            .program
            .metrics
            .get(metric)
            .map_or_else(|| "count".to_string(), |m| m.unit.name.clone());
        self.report(LoadError::UndeclaredKind {
            metric: metric.to_string(),
            basis,
            span,
            help: format!(
                "declare it in the rules: `metric {metric}: flow {unit}` if its figures add up over the year (jobs, output), or `metric {metric}: stock {unit}` if each is a level (herd, rate)"
            ),
        });
    }

    /// The part's id of the entity named `name` at `span`, warning the
    /// first time a name holds characters that hide what it is.
    pub fn entity(&mut self, name: &str, span: Span) -> u32 {
        if crate::span::has_hidden(name)
            && !self
                .part
                .entity_ids
                .contains_key(&*crate::span::composed(name))
        {
            self.part.warnings.push(LoadWarning::HiddenCharacters {
                name: name.to_string(),
                span,
            });
        }
        self.part.entity_id(name)
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
