//! Reading a rule's expression for one entity as of a period: flows are
//! summed to year-to-date, stocks are taken at the period.

use rust_decimal::Decimal;

use super::plan::Expr;
use super::result::Input;
use crate::check::{BinOp, Metric, MetricKind, Program};
use crate::data::{Basis, Dataset, FigureId, Location, Period};

/// A value in base units and the figures it came from.
#[derive(Debug, Default)]
pub struct Reading {
    pub value: Decimal,
    pub inputs: Vec<Input>,
    pub approx: bool,
}

/// Why a value could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Missing(String),
    /// The reason, and the figure at fault if one is.
    Error(String, Option<Location>),
}

pub struct Reader<'a> {
    pub program: &'a Program,
    pub plan: &'a super::plan::Plan<'a>,
    pub data: &'a Dataset,
    /// The entity's index in `data`.
    pub entity: Option<usize>,
    /// Whether to list the figures read, or only compute.
    pub record: bool,
}

impl Reader<'_> {
    /// `num` at the end of quarter `quarter` of `year` (flows year-to-date).
    pub fn read(&self, expr: &Expr<'_>, year: i32, quarter: u8) -> Result<Reading, Problem> {
        match expr {
            Expr::Const(value) => Ok(Reading {
                value: *value,
                ..Reading::default()
            }),
            Expr::Metric {
                name,
                metric,
                id,
                shift,
            } => match metric {
                Some(metric) => self.metric(name, (metric, *shift), *id, year, quarter),
                None => Err(Problem::Error(format!("unknown metric `{name}`"), None)),
            },
            Expr::Neg(inner) => {
                let mut r = self.read(inner, year, quarter)?;
                r.value = -r.value;
                Ok(r)
            }
            Expr::Binary { op, lhs, rhs } => {
                // Read both sides so every missing input is named at once.
                let l = self.read(lhs, year, quarter);
                let r = self.read(rhs, year, quarter);
                let (mut l, r) = match (l, r) {
                    (Ok(l), Ok(r)) => (l, r),
                    (Err(Problem::Missing(a)), Err(Problem::Missing(b))) => {
                        return Err(Problem::Missing(format!("{a}; {b}")));
                    }
                    (Err(e), _) | (_, Err(e)) => return Err(e),
                };
                let value = match op {
                    BinOp::Add => l.value.checked_add(r.value),
                    BinOp::Sub => l.value.checked_sub(r.value),
                    BinOp::Mul => l.value.checked_mul(r.value),
                    BinOp::Div if r.value.is_zero() => {
                        return Err(Problem::Error("division by zero".into(), None));
                    }
                    BinOp::Div => l.value.checked_div(r.value),
                };
                l.value = value.ok_or_else(overflow)?;
                l.inputs.extend(r.inputs);
                l.approx |= r.approx;
                Ok(l)
            }
        }
    }

    fn metric(
        &self,
        name: &str,
        (metric, shift): (&Metric, Option<i64>),
        id: Option<u32>,
        year: i32,
        quarter: u8,
    ) -> Result<Reading, Problem> {
        let series = self.entity.zip(id);
        let at = |q: u8, basis: Option<Basis>| {
            let (entity, metric) = series?;
            self.data.find(entity, metric, year, q, basis)
        };
        let mut reading = Reading::default();
        match metric.kind {
            MetricKind::Stock => {
                let obs = at(quarter, None).ok_or_else(|| missing(name, year, quarter))?;
                self.add(&mut reading, (metric, shift), obs)?;
            }
            MetricKind::Flow => {
                // Walk back from the period: a cumulative figure ends the
                // walk, a quarter-only figure adds to the quarters before it.
                let mut q = quarter;
                while q > 0 {
                    if let Some(obs) = at(q, Some(Basis::Cumulative)) {
                        self.add(&mut reading, (metric, shift), obs)?;
                        break;
                    }
                    let obs = at(q, Some(Basis::Quarter)).ok_or_else(|| missing(name, year, q))?;
                    self.add(&mut reading, (metric, shift), obs)?;
                    q -= 1;
                }
                reading.inputs.reverse();
            }
        }
        Ok(reading)
    }

    fn add(
        &self,
        reading: &mut Reading,
        (metric, shift): (&Metric, Option<i64>),
        id: FigureId,
    ) -> Result<(), Problem> {
        let Some(found) = self.data.value(id) else {
            return Err(Problem::Error(
                "a figure could not be read back".into(),
                None,
            ));
        };
        let unit = found.unit.unwrap_or(&metric.unit);
        // Checked by pointer first: most figures are in the metric's unit.
        if !std::ptr::eq(unit, &metric.unit) && !unit.same_dimension(&metric.unit) {
            let location = self.data.figure(id).map(|o| o.location);
            let why = format!(
                "`{}` is reported in {} at {}, but the rules measure it in {}",
                metric.name,
                unit,
                self.describe(location),
                metric.unit
            );
            return Err(Problem::Error(why, location));
        }
        if found.suspect_fraction {
            let location = self.data.figure(id).map(|o| o.location);
            let why = format!(
                "`{}` is {} at {}, below 1% while its targets are above: if it is a fraction, write {}%",
                metric.name,
                found.value.normalize(),
                self.describe(location),
                (found.value * rust_decimal::Decimal::ONE_HUNDRED).normalize()
            );
            return Err(Problem::Error(why, location));
        }
        let base = unit.to_base(found.value).ok_or_else(overflow)?;
        // Most readings are one figure: nothing to add it to.
        reading.value = if reading.value.is_zero() {
            base
        } else {
            reading.value.checked_add(base).ok_or_else(overflow)?
        };
        reading.approx |= found.approx;
        if !self.record {
            // A full result shows the figure in the metric's unit, and
            // fails if it cannot: so must the verdict.
            if !crate::units::from_base_fits(shift, base) {
                metric.unit.from_base(base).ok_or_else(overflow)?;
            }
            return Ok(());
        }
        let Some(obs) = self.data.figure(id) else {
            return Ok(());
        };
        reading.inputs.push(Input {
            metric: std::sync::Arc::clone(obs.metric),
            period: obs.period,
            basis: obs.basis,
            value: metric.unit.from_base(base).ok_or_else(overflow)?,
            location: obs.location,
        });
        Ok(())
    }

    fn describe(&self, location: Option<Location>) -> String {
        location.map_or_else(|| "<unknown>".into(), |l| self.data.describe(l))
    }
}

fn missing(metric: &str, year: i32, quarter: u8) -> Problem {
    Problem::Missing(format!(
        "no figure for `{metric}` in {}",
        Period::quarter(year, quarter)
    ))
}

fn overflow() -> Problem {
    Problem::Error(
        "arithmetic overflow: the numbers exceed 28 significant digits".into(),
        None,
    )
}
