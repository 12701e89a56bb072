//! The one judge: one rule for one entity, reading its figures, working
//! out the target and the status. Everything a result says about a rule
//! is decided here, once, whatever the caller keeps of it.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::{Absent, EvalError, Note, Problem, overflow};
use super::numbers::{
    Band, attainment, attainment_at, change, margin, meets, on_path, path, scale, subtracts,
    year_elapsed,
};
use super::plan::{self, Plan, RulePlan};
use super::reading::{Reader, Reading};
use super::record::{Read, Recorder, Slot, VerdictOnly, showable};
use super::result::{RuleResult, Status, Verdict};
use crate::check::{AttainmentBasis, CheckedRule, CmpOp, Direction, Goal, Program};
use crate::data::{Dataset, Period};

/// What every judgement of a run shares.
pub(super) struct Judge<'a> {
    pub program: &'a Program,
    pub plan: &'a Plan<'a>,
    pub data: &'a Dataset,
    /// The period judged as of.
    pub as_of: Period,
}

impl Judge<'_> {
    /// The verdict of rule `rule` for the entity `reader` reads.
    pub fn verdict(&self, reader: &Reader<'_>, rule: usize) -> Verdict {
        self.judge(reader, rule, &mut VerdictOnly)
            .unwrap_or_else(|problem| Verdict::of(&problem))
    }

    /// The full result of rule `rule` for entity number `entity`, named
    /// `name`.
    pub fn result(&self, entity: usize, name: &Arc<str>, rule: usize) -> RuleResult {
        let mut result = RuleResult::new(rule, name, Status::Missing);
        let judged = Reader::new(self.data, entity)
            .map_err(Problem::from)
            .and_then(|reader| self.judge(&reader, rule, &mut result));
        let verdict = judged.unwrap_or_else(|problem| {
            let verdict = Verdict::of(&problem);
            result.note = Some(Note::from(problem));
            verdict
        });
        result.status = verdict.status;
        result.attainment = verdict.attainment;
        result.exceeded = verdict.exceeded;
        result
    }

    /// Rule `rule` for the entity `reader` reads, what `rec` keeps of it
    /// recorded on the way.
    pub fn judge<R: Recorder>(
        &self,
        reader: &Reader<'_>,
        rule: usize,
        rec: &mut R,
    ) -> Result<Verdict, Problem> {
        let (Some(checked), Some(planned)) = (self.program.rules.get(rule), self.plan.rule(rule))
        else {
            return Err(EvalError::NoSuchRule { rule }.into());
        };
        Judging {
            judge: self,
            index: rule,
            reader,
            rule: checked,
            plan: planned,
            rec,
        }
        .run()
    }
}

/// One judgement under way.
struct Judging<'a, R> {
    judge: &'a Judge<'a>,
    /// The rule's index in the program.
    index: usize,
    reader: &'a Reader<'a>,
    rule: &'a CheckedRule,
    plan: &'a RulePlan<'a>,
    rec: &'a mut R,
}

impl<R: Recorder> Judging<'_, R> {
    fn run(mut self) -> Result<Verdict, Problem> {
        let (rule, plan, reader) = (self.rule, self.plan, self.reader);
        let as_of = self.judge.as_of;
        let year_end = as_of.is_year_end();
        let actual = reader.read::<R>(&plan.lhs, as_of);
        let baseline_at = baseline_period(&rule.goal, as_of);
        // A verdict needs the baseline's figure only to judge a change, or
        // a stock's path before year end, or for an attainment measured
        // from it, or where showing it could overflow.
        let needs_baseline = R::FULL
            || rule.goal.baseline().is_some()
            || (!year_end && !plan.accumulates)
            || rule.attainment == AttainmentBasis::Change
            || plan.showing_may_fail;
        let baseline_read = needs_baseline.then(|| reader.read::<R>(&plan.lhs, baseline_at));
        // An unreadable baseline is no baseline: the target or the path
        // that needs it says so.
        let baseline = baseline_read.as_ref().and_then(|b| b.as_ref().ok());
        if let Some(b) = baseline {
            self.show(Slot::Baseline, b.value)?;
            self.rec.reading(Read::Baseline, b);
            self.rec.baseline_at(baseline_at);
        }
        let (op, band, fixed_stated) = match (&rule.goal, plan.fixed) {
            (Goal::Compare { op, .. }, Some(fixed)) => (*op, Some(fixed.band), Some(fixed.stated)),
            _ => {
                let (op, band) = self.target_band(baseline)?;
                (op, band, None)
            }
        };
        let direction = rule.goal.direction();
        let tolerance = match &rule.goal {
            Goal::Compare { tolerance, .. } | Goal::Change { tolerance, .. } => {
                tolerance.map(|t| t.abs())
            }
            Goal::Range { .. } => None,
        };
        if let Goal::Compare {
            stretch: Some(stretch),
            ..
        } = &rule.goal
        {
            self.show(Slot::Stretch, *stretch)?;
        }
        // The target as stated: the low end of a range, the near end of a
        // floor with a stretch goal, else the band's centre.
        let stated = match (&band, &rule.goal) {
            (Some(_), _) if fixed_stated.is_some() => fixed_stated,
            (Some(band), Goal::Range { .. }) => {
                self.show(Slot::TargetHigh, band.high)?;
                Some(band.low)
            }
            (
                Some(band),
                Goal::Compare {
                    stretch: Some(_), ..
                },
            ) => Some(match direction {
                Direction::AtMost => band.high,
                _ => band.low,
            }),
            (Some(band), _) => Some(
                band.low
                    .checked_add(tolerance.unwrap_or_default())
                    .ok_or_else(overflow)?,
            ),
            (None, _) => None,
        };
        if let Some(stated) = stated {
            self.show(Slot::Target, stated)?;
            if let Some(tol) = tolerance {
                self.show(Slot::Tolerance, tol)?;
            }
        }
        let actual = actual?;
        self.show(Slot::Actual, actual.value)?;
        self.rec.reading(Read::Actual, &actual);
        let Some(band) = band else {
            let absent = Problem::from(Absent::Baseline {
                period: baseline_at,
            });
            return Err(match baseline_read {
                Some(Err(problem @ Problem::Error(_))) => problem,
                Some(Err(problem)) => absent.and(problem),
                _ => absent,
            });
        };
        let a = actual.value;
        let exactly_met = meets(op, direction, a, &band);
        let accumulates = plan.accumulates;
        // Before year end, a flow is judged against the share of its target
        // due by now, worked out once per run in the plan.
        let due = plan.due_by(self.judge.program, rule, as_of.close());
        let due_note = due.map(|(_, percent)| Note::Due { percent, by: as_of });
        let due = due.map(|(share, _)| share);
        let marks = Note::marks(due_note.as_ref());
        // A flow's year to date is a share of its annual target until the
        // year is complete: only then is its change over a whole year known.
        let basis = match rule.attainment {
            AttainmentBasis::Change if accumulates && !year_end => {
                AttainmentBasis::ActualOverTarget
            }
            basis => basis,
        };
        let from = baseline.map(|b| b.value);
        // A band of reduction is met from its high end: the change planned.
        let planned = match (&rule.goal, direction) {
            _ if !plan.attains => None,
            (Goal::Range { .. }, Direction::AtMost) => Some(band.high),
            _ => stated,
        };
        let attainment = planned.and_then(|t| attainment(basis, a, t, from, &marks));
        // Judged at a precision, the attainment as the report prints it
        // decides: 100% met, or for a cap on a flow, at most 100%.
        let at_precision = rule
            .precision
            .filter(|_| direction != Direction::Within)
            .and_then(|places| planned.and_then(|t| attainment_at(basis, a, t, from, places)));
        let (met, attainment) = match at_precision {
            Some(rounded) => {
                let cap =
                    basis == AttainmentBasis::ActualOverTarget && direction == Direction::AtMost;
                let met = if cap {
                    rounded <= Decimal::ONE_HUNDRED
                } else {
                    rounded >= Decimal::ONE_HUNDRED
                };
                (met, Some(rounded))
            }
            None => (exactly_met, attainment),
        };
        if attainment.is_some() {
            self.rec.attainment_basis(basis);
        }
        // Beyond the far end in the good direction: "vượt kế hoạch", said
        // of a pass (at year end, or a flow past its annual target), not
        // of a figure on track for the year.
        let exceeded = met
            && plan.can_exceed
            && match direction {
                Direction::AtLeast => a > band.high,
                Direction::AtMost => a < band.low,
                Direction::Within => false,
            };
        let verdict = |status| Verdict {
            status,
            attainment,
            exceeded: exceeded && status == Status::Pass,
        };

        // A flow's year-to-date against last year's whole year says nothing
        // about growth; its change is shown once the year is complete.
        if R::FULL
            && let (Some((relative, ratio)), Some(b)) = (rule.goal.stated_change(), baseline)
            && (year_end || !accumulates)
        {
            self.rec.change(change(relative, ratio, a, b.value, rule));
        }
        if year_end {
            self.show_margin(direction, a, &band)?;
            return Ok(verdict(if met { Status::Pass } else { Status::Fail }));
        }
        let expected = if let Some(share) = due {
            let scaled = scale(&band, share)?;
            if let Some(note) = due_note {
                self.rec.note(|| note);
            }
            match direction {
                Direction::AtLeast if met => None,
                Direction::AtMost if !met => None,
                Direction::Within if a > band.high => None,
                // Ahead of the pro-rata share is fine as long as the year's
                // upper end is not passed.
                Direction::Within => Some(Band {
                    low: scaled.low,
                    high: band.high,
                }),
                _ => Some(scaled),
            }
        } else if met {
            None
        } else if rule.goal.baseline().is_some_and(|b| b.same_period) {
            // Against the same period, the comparison is complete: there
            // is no path to be on.
            self.show_margin(direction, a, &band)?;
            return Ok(verdict(Status::Behind));
        } else {
            match &baseline {
                Some(b) => Some(path(
                    b.value,
                    &band,
                    direction,
                    a,
                    year_elapsed(as_of.close()),
                )?),
                None => {
                    self.rec.note(|| Note::NoPath);
                    self.show_margin(direction, a, &band)?;
                    return Ok(verdict(Status::Behind));
                }
            }
        };
        let status = match (&expected, accumulates, direction) {
            (None, true, Direction::AtLeast) => Status::Pass,
            (None, true, _) if !met => Status::Fail,
            (None, _, _) => Status::OnTrack,
            (Some(e), _, _) if on_path(direction, a, e) => Status::OnTrack,
            (Some(_), _, _) => Status::Behind,
        };
        self.show_margin(direction, a, expected.as_ref().unwrap_or(&band))?;
        if let Some(e) = expected {
            let point = match direction {
                Direction::AtMost => e.high,
                Direction::Within if a > band.high => e.high,
                _ => e.low,
            };
            self.show(Slot::Expected, point)?;
        }
        Ok(verdict(status))
    }

    /// The comparison and the annual target band, in base units; `None`
    /// when a change target has no baseline.
    fn target_band(&self, baseline: Option<&Reading>) -> Result<(CmpOp, Option<Band>), Problem> {
        let widen = |t: Decimal, tolerance: Option<Decimal>| {
            Band::around(t, tolerance).ok_or_else(overflow)
        };
        match &self.rule.goal {
            Goal::Compare {
                op,
                tolerance,
                stretch,
                ..
            } => {
                let t = match &self.plan.target {
                    Some(plan::Planned::Const(t)) => *t,
                    Some(target) => self.reader.read::<R>(target, self.judge.as_of)?.value,
                    None => return Err(EvalError::NoSuchRule { rule: self.index }.into()),
                };
                let band = Band::of_target(t, *tolerance, *stretch).ok_or_else(overflow)?;
                Ok((*op, Some(band)))
            }
            Goal::Change {
                op,
                amount,
                relative,
                tolerance,
                ..
            } => {
                let Some(base) = baseline else {
                    return Ok((*op, None));
                };
                let t = self.changed(base.value, *amount, *relative)?;
                Ok((*op, Some(widen(t, *tolerance)?)))
            }
            Goal::Range {
                low,
                high,
                change: None,
            } => Ok((
                CmpOp::Eq,
                Some(Band {
                    low: *low,
                    high: *high,
                }),
            )),
            // A band of growth is met from its near end and exceeded past
            // its far end; a band of reduction the other way round.
            Goal::Range {
                low,
                high,
                change: Some((relative, _)),
            } => {
                let op = match self.rule.goal.direction() {
                    Direction::AtLeast => CmpOp::Ge,
                    Direction::AtMost => CmpOp::Le,
                    Direction::Within => CmpOp::Eq,
                };
                let Some(base) = baseline else {
                    return Ok((op, None));
                };
                let band = Band {
                    low: self.changed(base.value, *low, *relative)?,
                    high: self.changed(base.value, *high, *relative)?,
                };
                Ok((op, Some(band)))
            }
        }
    }

    /// `base` changed by `amount`: `base × (1 + amount)` when relative (a
    /// product, never a rounded quotient), else `base + amount`.
    fn changed(&self, base: Decimal, amount: Decimal, relative: bool) -> Result<Decimal, Problem> {
        if relative && base <= Decimal::ZERO {
            let period = baseline_period(&self.rule.goal, self.judge.as_of);
            return Err(EvalError::BaselineNotPositive { period }.into());
        }
        let changed = if relative {
            let factor = Decimal::ONE.checked_add(amount).ok_or_else(overflow)?;
            base.checked_mul(factor)
        } else {
            base.checked_add(amount)
        };
        Ok(changed.ok_or_else(overflow)?)
    }

    /// `base` in the rule's unit, into `slot`.
    fn show(&mut self, slot: Slot, base: Decimal) -> Result<(), EvalError> {
        if let Some(value) = showable::<R>(&self.rule.unit, self.plan.shift, base)? {
            self.rec.number(slot, value);
        }
        Ok(())
    }

    /// The margin from `band`, where showing it could fail or is kept:
    /// neither the subtraction nor the conversion can fail for numbers
    /// that subtract in a unit of one or more base units.
    fn show_margin(
        &mut self,
        direction: Direction,
        a: Decimal,
        band: &Band,
    ) -> Result<(), EvalError> {
        let certain = subtracts(a)
            && subtracts(band.low)
            && subtracts(band.high)
            && self.plan.shift.is_some_and(|shift| shift >= 0);
        if !R::FULL && certain {
            return Ok(());
        }
        self.show(Slot::Margin, margin(direction, a, band)?)
    }
}

/// The period a rule's baseline figure is read for, judged as of `as_of`:
/// the same period of the baseline year for a comparison with the same
/// period, else the baseline year as a whole (last year for a stock's path).
pub fn baseline_period(goal: &Goal, as_of: Period) -> Period {
    match goal.baseline() {
        Some(base) if base.same_period => Period {
            year: base.year_for(as_of.year),
            part: as_of.part,
        },
        Some(base) => Period::annual(base.year_for(as_of.year)),
        None => Period::annual(as_of.year - 1),
    }
}
