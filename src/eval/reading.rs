//! Reading a rule's expression for one entity as of a period: flows are
//! summed to year-to-date, stocks are taken at the period.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::{Absent, EvalError, Problem, overflow};
use super::plan::{Planned, PlannedMetric};
use super::record::{Recorder, showable};
use super::result::Input;
use crate::check::{BinOp, MetricKind};
use crate::data::{Close, Dataset, FigureId, Location, Period};

/// A value in base units and the figures it came from.
#[derive(Debug, Default)]
pub struct Reading {
    pub value: Decimal,
    /// Listed only for a recorder that keeps them.
    pub inputs: Vec<Input>,
    pub approx: bool,
    /// Some figure read is an estimate.
    pub estimate: bool,
    /// Of items that must be done, those no figure names as done.
    pub not_done: Vec<Arc<str>>,
}

/// One entity's figures, read for the rules of a plan.
pub struct Reader<'a> {
    pub data: &'a Dataset,
    /// The entity's index in `data`; `None` for one that reports nothing.
    pub entity: Option<usize>,
}

impl<'a> Reader<'a> {
    /// The reader of entity number `entity`, unless a row of it could not
    /// be read: then nothing it reports can be trusted to pass.
    pub fn new(data: &'a Dataset, entity: usize) -> Result<Self, EvalError> {
        let name = data.entity_names().get(entity);
        if let Some((name, place)) = name.and_then(|n| Some((n, data.bad_entities.get(&**n)?))) {
            return Err(EvalError::EntityIncomplete {
                entity: Arc::clone(name),
                place: place.clone(),
            });
        }
        Ok(Self {
            data,
            entity: Some(entity),
        })
    }

    /// `expr` at the close of period `at` (flows year-to-date).
    pub fn read<R: Recorder>(&self, expr: &Planned<'_>, at: Period) -> Result<Reading, Problem> {
        match expr {
            Planned::Const(value) => Ok(Reading {
                value: *value,
                ..Reading::default()
            }),
            Planned::Metric(metric) => self.metric::<R>(metric, at),
            Planned::Done { list, items } => self.done::<R>(list, items, at),
            Planned::Unknown(name) => Err(EvalError::UnknownMetric {
                name: Arc::clone(name),
            }
            .into()),
            Planned::Neg(inner) => {
                let mut r = self.read::<R>(inner, at)?;
                r.value = -r.value;
                Ok(r)
            }
            Planned::Binary { op, lhs, rhs } => {
                // Read both sides so every missing input is named at once.
                let (mut l, r) = match (self.read::<R>(lhs, at), self.read::<R>(rhs, at)) {
                    (Ok(l), Ok(r)) => (l, r),
                    (Err(a), Err(b)) => return Err(a.and(b)),
                    (Err(e), _) | (_, Err(e)) => return Err(e),
                };
                let value = match op {
                    BinOp::Add => l.value.checked_add(r.value),
                    BinOp::Sub => l.value.checked_sub(r.value),
                    BinOp::Mul => l.value.checked_mul(r.value),
                    BinOp::Div if r.value.is_zero() => return Err(EvalError::DivisionByZero.into()),
                    BinOp::Div => l.value.checked_div(r.value),
                };
                l.value = value.ok_or_else(overflow)?;
                l.inputs.extend(r.inputs);
                l.approx |= r.approx;
                l.estimate |= r.estimate;
                Ok(l)
            }
        }
    }

    fn metric<R: Recorder>(
        &self,
        planned: &PlannedMetric<'_>,
        at: Period,
    ) -> Result<Reading, Problem> {
        self.walk::<R>(planned, at, |_| {})
    }

    /// [`Reader::metric`], telling `visit` each figure read.
    #[inline(always)]
    fn walk<R: Recorder>(
        &self,
        planned: &PlannedMetric<'_>,
        at: Period,
        mut visit: impl FnMut(FigureId),
    ) -> Result<Reading, Problem> {
        let series = self.entity.zip(planned.id);
        let closing = |close: Close| {
            let (entity, metric) = series?;
            self.data.closing(entity, metric, at.year, close)
        };
        // Named the way the run's period is: a quarter, a month, a year or
        // a date.
        let missing = |close: Close| Absent::Figure {
            metric: Arc::clone(&planned.name),
            period: Period::closing(at.year, close, at.part),
        };
        let mut reading = Reading::default();
        let close = at.close();
        match planned.metric.kind {
            MetricKind::Stock => {
                let (id, _) = closing(close).ok_or_else(|| missing(close))?;
                visit(id);
                self.add::<R>(&mut reading, planned, id)?;
            }
            MetricKind::Flow => {
                // Walk back from the period: a year-to-date figure ends the
                // walk, a quarter's or a month's alone adds to the months
                // before it. A cut-off date is read only as a year to date.
                let mut close = close;
                while close.month() > 0 {
                    let (id, first) = closing(close).ok_or_else(|| missing(close))?;
                    visit(id);
                    self.add::<R>(&mut reading, planned, id)?;
                    // Always back at least one month: the walk ends.
                    let month = close.month();
                    close = Close::months(first.saturating_sub(1).min(month - 1));
                }
                reading.inputs.reverse();
            }
        }
        Ok(reading)
    }

    /// How many of `items` the lists of `list` read for `at` name as done,
    /// each one of its unit: the lists are read as its numbers would be
    /// (a stock's at the period, a flow's back to the year's start), and
    /// an item is done if one of them names it.
    fn done<R: Recorder>(
        &self,
        list: &PlannedMetric<'_>,
        items: &[(Arc<str>, Option<u32>)],
        at: Period,
    ) -> Result<Reading, Problem> {
        let mut lists = Vec::new();
        let mut reading = self.walk::<R>(list, at, |id| lists.push(id))?;
        let read: Vec<_> = lists
            .iter()
            .filter_map(|&id| self.data.figure(id))
            .map(|o| (o.period, o.basis))
            .collect();
        let named_done = |id: Option<u32>| {
            let (Some(entity), Some(id)) = (self.entity, id) else {
                return false;
            };
            let mut series = self.data.series_of(entity, id);
            series.any(|o| read.contains(&(o.period, o.basis)))
        };
        let mut done = 0u32;
        for (item, id) in items {
            if named_done(*id) {
                done += 1;
            } else if R::FULL {
                // Only a full result lists them: a verdict needs the count.
                reading.not_done.push(Arc::clone(item));
            }
        }
        reading.value = list
            .metric
            .unit
            .to_base(Decimal::from(done))
            .ok_or_else(overflow)?;
        Ok(reading)
    }

    /// Adds figure `id` of `planned` to `reading`, in base units: how a
    /// figure is read, written once.
    fn add<R: Recorder>(
        &self,
        reading: &mut Reading,
        planned: &PlannedMetric<'_>,
        id: FigureId,
    ) -> Result<(), EvalError> {
        let metric = planned.metric;
        let found = self.data.value(id).ok_or_else(figure_lost)?;
        let unit = found.unit.unwrap_or(&metric.unit);
        // Looked up in the plan's table: compared once per unit, not once
        // per figure.
        let convertible = found
            .unit_id
            .is_none_or(|u| planned.convertible.get(u) == Some(&true));
        if !convertible {
            let location = self.location(id);
            return Err(EvalError::UnitMismatch {
                metric: Arc::clone(&planned.name),
                unit: unit.to_string(),
                declared: metric.unit.to_string(),
                place: self.describe(location),
                location,
            });
        }
        if found.suspect_fraction {
            let location = self.location(id);
            return Err(EvalError::SuspectFraction {
                metric: Arc::clone(&planned.name),
                value: found.value.normalize(),
                percent: (found.value * Decimal::ONE_HUNDRED).normalize(),
                place: self.describe(location),
                location,
            });
        }
        let base = unit.to_base(found.value).ok_or_else(overflow)?;
        // Most readings are one figure: nothing to add it to.
        reading.value = if reading.value.is_zero() {
            base
        } else {
            reading.value.checked_add(base).ok_or_else(overflow)?
        };
        reading.approx |= found.approx;
        reading.estimate |= found.estimate;
        // A full result shows the figure in the metric's unit, and fails
        // if it cannot: so must the verdict.
        let shown = showable::<R>(&metric.unit, planned.shift, base)?;
        if let Some(value) = shown
            && let Some(obs) = self.data.figure(id)
        {
            reading.inputs.push(Input {
                metric: Arc::clone(obs.metric),
                period: obs.period,
                basis: obs.basis,
                value,
                estimate: obs.estimate,
                location: obs.location,
            });
        }
        Ok(())
    }

    fn location(&self, id: FigureId) -> Location {
        self.data.figure(id).map(|o| o.location).unwrap_or_default()
    }

    fn describe(&self, location: Location) -> String {
        self.data.describe(location)
    }
}

fn figure_lost() -> EvalError {
    EvalError::FigureLost
}
