//! What judging keeps besides the verdict. A run keeps only verdicts, a
//! report asks for full results; both come from the one judge, which is
//! compiled once for each recorder, so the verdict-only copy does none of
//! the recording and cannot judge differently.

use rust_decimal::Decimal;

use super::error::{EvalError, Note, overflow};
use super::reading::Reading;
use super::result::RuleResult;
use crate::check::AttainmentBasis;
use crate::data::Period;
use crate::units::{Unit, from_base_fits};

/// Where a number of a result goes, shown in the rule's unit.
#[derive(Debug, Clone, Copy)]
pub(super) enum Slot {
    Actual,
    Target,
    TargetHigh,
    Stretch,
    Tolerance,
    Expected,
    Baseline,
    Margin,
}

/// The readings a result lists the figures of.
#[derive(Debug, Clone, Copy)]
pub(super) enum Read {
    Actual,
    Baseline,
}

pub(super) trait Recorder {
    /// Whether numbers, figures and notes are kept; when not, numbers are
    /// only checked to be showable, as keeping them would.
    const FULL: bool;

    fn number(&mut self, slot: Slot, value: Decimal);
    fn reading(&mut self, which: Read, reading: &Reading);
    /// The change over the baseline year, where the rule states one.
    fn change(&mut self, change: Option<Decimal>);
    /// The period the baseline figure was read for.
    fn baseline_at(&mut self, period: Period);
    /// How the attainment was worked out.
    fn attainment_basis(&mut self, basis: AttainmentBasis);
    fn note(&mut self, note: impl FnOnce() -> Note);
}

/// Keeps nothing: a run's verdicts.
pub(super) struct VerdictOnly;

impl Recorder for VerdictOnly {
    const FULL: bool = false;

    fn number(&mut self, _: Slot, _: Decimal) {}
    fn reading(&mut self, _: Read, _: &Reading) {}
    fn change(&mut self, _: Option<Decimal>) {}
    fn baseline_at(&mut self, _: Period) {}
    fn attainment_basis(&mut self, _: AttainmentBasis) {}
    fn note(&mut self, _: impl FnOnce() -> Note) {}
}

impl Recorder for RuleResult {
    const FULL: bool = true;

    fn number(&mut self, slot: Slot, value: Decimal) {
        let field = match slot {
            Slot::Actual => &mut self.actual,
            Slot::Target => &mut self.target,
            Slot::TargetHigh => &mut self.target_high,
            Slot::Stretch => &mut self.stretch,
            Slot::Tolerance => &mut self.tolerance,
            Slot::Expected => &mut self.expected,
            Slot::Baseline => &mut self.baseline,
            Slot::Margin => &mut self.margin,
        };
        *field = Some(value);
    }

    fn reading(&mut self, which: Read, reading: &Reading) {
        match which {
            Read::Actual => {
                self.inputs.clone_from(&reading.inputs);
                self.not_done.clone_from(&reading.not_done);
                self.approx = reading.approx;
                self.estimate = reading.estimate;
            }
            Read::Baseline => self.baseline_inputs.clone_from(&reading.inputs),
        }
    }

    fn change(&mut self, change: Option<Decimal>) {
        self.change = change;
    }

    fn baseline_at(&mut self, period: Period) {
        self.baseline_period = Some(period);
    }

    fn attainment_basis(&mut self, basis: AttainmentBasis) {
        self.attainment_basis = Some(basis);
    }

    fn note(&mut self, note: impl FnOnce() -> Note) {
        self.note = Some(note());
    }
}

/// `base` in `unit` (which is `10^shift` base units), where the recorder
/// keeps it. A recorder that does not still fails exactly where one that
/// does would: this is the one place that decides whether a number can be
/// shown.
pub(super) fn showable<R: Recorder>(
    unit: &Unit,
    shift: Option<i64>,
    base: Decimal,
) -> Result<Option<Decimal>, EvalError> {
    if !R::FULL && from_base_fits(shift, base) {
        return Ok(None);
    }
    unit.from_base(base).ok_or_else(overflow).map(Some)
}
