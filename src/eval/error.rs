//! Why a rule could not be judged for an entity: a figure it needs is
//! missing, or the figures it has cannot be worked with.

use std::fmt;
use std::sync::Arc;

use miette::Diagnostic;
use rust_decimal::Decimal;
use thiserror::Error;

use super::numbers::sharpen;
use crate::data::{Location, Period};

/// An evaluation that cannot be done: the result is **error**, with this
/// reason.
#[derive(Debug, Clone, PartialEq, Eq, Error, Diagnostic)]
#[non_exhaustive]
pub enum EvalError {
    /// `cattle = { value = 7, unit = "billion VND" }` for a metric in head
    #[error("`{metric}` is reported in {unit} at {place}, but the rules measure it in {declared}")]
    #[diagnostic(
        code(resolute::eval::unit_mismatch),
        help("report the figure in {declared}, or in a unit that converts to it")
    )]
    UnitMismatch {
        /// The metric the figure is for.
        metric: Arc<str>,
        /// The unit the figure is written in.
        unit: String,
        /// The unit the rules measure the metric in.
        declared: String,
        /// The figure's file, line and column.
        place: String,
        /// The figure.
        location: Location,
    },

    /// `poverty_rate = 0.037` where the targets are `3.7%`
    #[error(
        "`{metric}` is {value} at {place}, below 1% while its targets are above: if it is a fraction, write {percent}%"
    )]
    #[diagnostic(code(resolute::eval::suspect_fraction))]
    SuspectFraction {
        /// The metric the figure is for.
        metric: Arc<str>,
        /// The figure as written.
        value: Decimal,
        /// The figure read as a fraction, in percent.
        percent: Decimal,
        /// The figure's file, line and column.
        place: String,
        /// The figure.
        location: Location,
    },

    /// A figure of 29 digits, or a product of two large ones
    #[error("arithmetic overflow: the numbers exceed 28 significant digits")]
    #[diagnostic(code(resolute::eval::overflow))]
    Overflow,

    /// `cattle >= +10% vs 2022` where the 2022 figure is 0
    #[error("a relative change needs a {period} figure above zero, and it is not")]
    #[diagnostic(
        code(resolute::eval::baseline_not_positive),
        help(
            "any share of zero is zero, and a share of a negative figure turns the target around: state the target as a level, or as a change in the metric's unit"
        )
    )]
    BaselineNotPositive {
        /// The baseline period.
        period: Period,
    },

    /// `harvest / area >= 6` where `area = 0`
    #[error("division by zero")]
    #[diagnostic(code(resolute::eval::division_by_zero))]
    DivisionByZero,

    /// A CSV row of the entity that did not parse
    #[error("a row of `{entity}` could not be read ({place}); its figures are incomplete")]
    #[diagnostic(
        code(resolute::eval::entity_incomplete),
        help(
            "fix the row: nothing the entity reports can pass while one of its figures is unread"
        )
    )]
    EntityIncomplete {
        /// The entity whose row could not be read.
        entity: Arc<str>,
        /// The row's file and line.
        place: String,
    },

    /// A metric the rules neither declare nor use: a defect of the
    /// caller, never of the input
    #[error("unknown metric `{name}`")]
    #[diagnostic(code(resolute::eval::unknown_metric))]
    UnknownMetric {
        /// The metric's name.
        name: Arc<str>,
    },

    /// A figure the dataset lists and cannot give back: a defect of the
    /// loader, never of the input
    #[error("a figure could not be read back")]
    #[diagnostic(code(resolute::eval::figure_lost))]
    FigureLost,

    /// A rule index beyond the program's rules: a defect of the caller,
    /// never of the input
    #[error("rule {rule} is not in the rule file")]
    #[diagnostic(code(resolute::eval::no_such_rule))]
    NoSuchRule {
        /// The index asked for.
        rule: usize,
    },
}

impl EvalError {
    /// The figure at fault, if one is.
    pub fn location(&self) -> Option<Location> {
        match self {
            EvalError::UnitMismatch { location, .. }
            | EvalError::SuspectFraction { location, .. } => Some(*location),
            _ => None,
        }
    }

    /// The diagnostic code, e.g. `resolute::eval::overflow`.
    pub fn code_text(&self) -> String {
        self.code().map(|c| c.to_string()).unwrap_or_default()
    }
}

/// The error of arithmetic past a decimal's 28 digits, as a function:
/// `ok_or(EvalError::Overflow)` would build and drop one on every call.
pub(super) fn overflow() -> EvalError {
    EvalError::Overflow
}

/// A figure a rule needs and the data does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absent {
    /// The figure of a metric for a period.
    Figure {
        /// The metric.
        metric: Arc<str>,
        /// The period looked for.
        period: Period,
    },
    /// The baseline's figure, to work a change target out from.
    Baseline {
        /// The period looked for: a year, or the same period of one.
        period: Period,
    },
}

impl fmt::Display for Absent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Absent::Figure { metric, period } => write!(f, "no figure for `{metric}` in {period}"),
            Absent::Baseline { period } => {
                write!(
                    f,
                    "no baseline figure for {period} to compute the target from"
                )
            }
        }
    }
}

/// Every figure a result is missing: never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    first: Absent,
    rest: Vec<Absent>,
}

impl Missing {
    /// Every figure missing, in the order they were looked for.
    pub fn iter(&self) -> impl Iterator<Item = &Absent> {
        std::iter::once(&self.first).chain(&self.rest)
    }

    fn join(mut self, other: Missing) -> Missing {
        self.rest.push(other.first);
        self.rest.extend(other.rest);
        self
    }
}

impl From<Absent> for Missing {
    fn from(first: Absent) -> Self {
        Missing {
            first,
            rest: Vec::new(),
        }
    }
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, absent) in self.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            absent.fmt(f)?;
        }
        Ok(())
    }
}

/// Why a value could not be read or a rule judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // Boxed: a problem is rare, and a reading's result is moved often.
    Missing(Box<Missing>),
    Error(Box<EvalError>),
}

impl Problem {
    /// Both problems, where both are missing figures; else the first
    /// error, so that every missing input is named at once.
    pub(super) fn and(self, other: Problem) -> Problem {
        match (self, other) {
            (Problem::Missing(a), Problem::Missing(b)) => Problem::Missing(Box::new(a.join(*b))),
            (Problem::Error(e), _) | (_, Problem::Error(e)) => Problem::Error(e),
        }
    }
}

impl From<EvalError> for Problem {
    fn from(error: EvalError) -> Self {
        Problem::Error(Box::new(error))
    }
}

impl From<Absent> for Problem {
    fn from(absent: Absent) -> Self {
        Problem::Missing(Box::new(absent.into()))
    }
}

/// What a result says besides its numbers: how it was judged, or why it
/// could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Before year end, the percent of a flow's annual target due by the
    /// close of `by`.
    Due {
        /// Percent of the annual target.
        percent: Decimal,
        /// The period judged as of.
        by: Period,
    },
    /// A stock short of its target, with no baseline to draw its path from.
    NoPath,
    /// The figures the result is missing.
    Missing(Missing),
    /// Why the result could not be worked out.
    Error(EvalError),
}

impl Note {
    /// The percentages an attainment must not be shown rounded onto unless
    /// it is exactly on them: 100%, and a flow's share due by now.
    pub fn marks(note: Option<&Note>) -> [Decimal; 2] {
        let due = match note {
            Some(Note::Due { percent, .. }) => *percent,
            _ => Decimal::ONE_HUNDRED,
        };
        [Decimal::ONE_HUNDRED, due]
    }

    /// The error, where the result is one.
    pub fn error(&self) -> Option<&EvalError> {
        match self {
            Note::Error(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Problem> for Note {
    fn from(problem: Problem) -> Self {
        match problem {
            Problem::Missing(m) => Note::Missing(*m),
            Problem::Error(e) => Note::Error(*e),
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Due { percent, by } => {
                let percent = sharpen(*percent, 2, &[]);
                write!(f, "{percent}% of the annual target is due by {by}")
            }
            Note::NoPath => f.write_str("target not yet met and no baseline to judge progress"),
            Note::Missing(missing) => missing.fmt(f),
            Note::Error(error) => error.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_figures_are_named_together_and_an_error_wins() {
        let a = Problem::from(Absent::Figure {
            metric: "a".into(),
            period: Period::quarter(2023, 2),
        });
        let b = Problem::from(Absent::Baseline {
            period: Period::annual(2022),
        });
        let both = a.clone().and(b);
        assert_eq!(
            Note::from(both).to_string(),
            "no figure for `a` in 2023-Q2; no baseline figure for 2022 to compute the target from"
        );
        assert_eq!(
            a.and(EvalError::DivisionByZero.into()),
            Problem::from(EvalError::DivisionByZero)
        );
    }

    #[test]
    fn every_error_has_a_code() {
        let errors = [
            EvalError::Overflow,
            EvalError::DivisionByZero,
            EvalError::NoSuchRule { rule: 3 },
            EvalError::EntityIncomplete {
                entity: "x".into(),
                place: "d.csv:2:1".into(),
            },
        ];
        for error in errors {
            assert!(error.code_text().starts_with("resolute::eval::"), "{error}");
        }
    }
}
