//! What the engine says about one rule for one entity.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use super::error::{EvalError, Note, Problem};
use crate::check::AttainmentBasis;
use crate::data::{Basis, Location, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
/// What a rule comes to for an entity.
pub enum Status {
    /// Met at year end, or a flow's annual target already reached.
    Pass,
    /// Missed at year end, or a cap already exceeded.
    Fail,
    /// Before year end, on or past the path to the target.
    OnTrack,
    /// Before year end, short of the path to the target.
    Behind,
    /// A figure the rule needs is not in the data.
    Missing,
    /// The figures cannot be worked with: see [`super::EvalError`].
    Error,
}

impl Status {
    /// Every status, in the order reports count them.
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Fail,
        Status::OnTrack,
        Status::Behind,
        Status::Missing,
        Status::Error,
    ];

    /// Position in [`Status::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The status as JSON and the reports spell it: `on_track`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::Missing => "missing",
            Status::Error => "error",
        }
    }

    /// Whether an error-severity rule with this status fails the run.
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Fail | Status::Missing | Status::Error)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a result comes to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The status.
    pub status: Status,
    /// Percent of the annual target attained, in the target's direction.
    pub attainment: Option<Decimal>,
    /// A pass beyond the target (a band's far end, a stretch goal) in the
    /// good direction: "vượt kế hoạch", which summaries count.
    pub exceeded: bool,
}

impl Verdict {
    /// The verdict of a rule that could not be judged.
    pub(super) fn of(problem: &Problem) -> Verdict {
        let status = match problem {
            Problem::Missing(_) => Status::Missing,
            Problem::Error(_) => Status::Error,
        };
        Verdict {
            status,
            attainment: None,
            exceeded: false,
        }
    }
}

/// A figure the result was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The metric the figure is for.
    pub metric: std::sync::Arc<str>,
    /// The period it was reported for.
    pub period: Period,
    /// Year-to-date or this quarter only.
    pub basis: Basis,
    /// In the metric's unit.
    pub value: Decimal,
    /// Reported as an estimate ("ước thực hiện").
    pub estimate: bool,
    /// Where it was read.
    pub location: Location,
}

/// The verdict on one rule for one entity. Numbers are in the rule's unit.
#[derive(Debug, Clone)]
pub struct RuleResult {
    /// Index of the rule in [`crate::check::Program::rules`].
    pub rule: usize,
    /// The entity judged.
    pub entity: std::sync::Arc<str>,
    /// What the rule comes to.
    pub status: Status,
    /// The figure judged: year-to-date for a flow, the level for a stock.
    pub actual: Option<Decimal>,
    /// The annual target as stated (the low end of a range).
    pub target: Option<Decimal>,
    /// The high end of a range.
    pub target_high: Option<Decimal>,
    /// The stretch goal of a floor (`>= 4 to 6`): past it, exceeded.
    pub stretch: Option<Decimal>,
    /// The allowed distance from the target (`± 0.5pp`).
    pub tolerance: Option<Decimal>,
    /// Before year end: where the figure should be by now.
    pub expected: Option<Decimal>,
    /// The baseline's figure, where the rule uses one.
    pub baseline: Option<Decimal>,
    /// The period the baseline figure is for: a year, or the same period
    /// of one.
    pub baseline_period: Option<Period>,
    /// For a change target: the change over the baseline year, in percent
    /// for a relative target and in the rule's unit otherwise.
    pub change: Option<Decimal>,
    /// `actual` minus `expected` (before year end) or `target`.
    pub margin: Option<Decimal>,
    /// Percent of the annual target attained, on `attainment_basis`.
    pub attainment: Option<Decimal>,
    /// How `attainment` was worked out.
    pub attainment_basis: Option<AttainmentBasis>,
    /// Met and passed: beyond the target (a band's far end) in the good
    /// direction ("vượt kế hoạch").
    pub exceeded: bool,
    /// Some input was marked approximate.
    pub approx: bool,
    /// Some input of the actual is an estimate ("ước thực hiện"): the
    /// verdict may change when the official figure comes.
    pub estimate: bool,
    /// Of the items a `done for` rule names, those no figure names as
    /// done, in the order named.
    pub not_done: Vec<std::sync::Arc<str>>,
    /// Figures of the evaluated period.
    pub inputs: Vec<Input>,
    /// Figures of the baseline year.
    pub baseline_inputs: Vec<Input>,
    /// Why the result is `missing` or `error`, or how it was judged.
    pub note: Option<Note>,
}

impl RuleResult {
    pub(crate) fn new(rule: usize, entity: &std::sync::Arc<str>, status: Status) -> Self {
        Self {
            rule,
            entity: std::sync::Arc::clone(entity),
            status,
            actual: None,
            target: None,
            target_high: None,
            stretch: None,
            tolerance: None,
            expected: None,
            baseline: None,
            baseline_period: None,
            change: None,
            margin: None,
            attainment: None,
            attainment_basis: None,
            exceeded: false,
            approx: false,
            estimate: false,
            not_done: Vec::new(),
            inputs: Vec::new(),
            baseline_inputs: Vec::new(),
            note: None,
        }
    }

    /// Why the result is `error`, if it is.
    pub fn error(&self) -> Option<&EvalError> {
        self.note.as_ref().and_then(Note::error)
    }

    /// The figure that made the evaluation impossible, if one did.
    pub fn error_location(&self) -> Option<Location> {
        self.error().and_then(EvalError::location)
    }
}
