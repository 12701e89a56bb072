//! What can be wrong in a rule file that parses: names, units, metadata.

use miette::{Diagnostic, NamedSource};
use thiserror::Error;
use vec1::Vec1;

use crate::span::Span;

/// Every problem found in one rule file, the first shown in full.
#[derive(Debug, Error, Diagnostic)]
#[error("{} in `{}`", crate::suggest::counted(errors.len(), "error", "errors"), src.name())]
#[diagnostic(code(resolute::check))]
pub struct CheckErrors {
    /// The rule file, as errors quote it.
    #[source_code]
    pub src: NamedSource<String>,
    /// Every error, in the order found.
    #[related]
    pub errors: Vec1<CheckError>,
}

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckError {
    /// A file of comments and declarations only
    #[error("the rule file states no targets")]
    #[diagnostic(
        code(resolute::check::no_rules),
        help("a rule reads `metric OP target`, e.g. `poverty_rate <= 3.7%`")
    )]
    NoRules {
        #[label("no rule in this file")]
        span: Span,
    },

    /// `metric poverty_rate: stock %` then `povety_rate <= 3.7%`
    #[error("unknown metric `{name}`")]
    #[diagnostic(code(resolute::check::unknown_metric))]
    UnknownMetric {
        name: String,
        #[label("not declared")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `x >= 5 billion VDN`
    #[error("unknown unit `{unit}`")]
    #[diagnostic(code(resolute::check::unknown_unit))]
    UnknownUnit {
        unit: String,
        #[label("unknown unit")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `x >= million`, `x >= 5 thousand %`
    #[error("`{unit}` is not a unit")]
    #[diagnostic(
        code(resolute::check::incomplete_unit),
        help(
            "a unit is optional scale words then a base unit, e.g. `billion VND`; `%`, `‰` and `pp` take no scale"
        )
    )]
    IncompleteUnit {
        unit: String,
        #[label("incomplete unit")]
        span: Span,
    },

    /// `exports >= 55 million VND` where `exports` is in USD
    #[error("unit mismatch: `{left}` cannot be compared with `{right}`")]
    #[diagnostic(code(resolute::check::unit_mismatch))]
    UnitMismatch {
        left: String,
        right: String,
        #[label("in {left}")]
        left_span: Span,
        #[label("in {right}")]
        right_span: Span,
        #[help]
        help: Option<String>,
    },

    /// `poverty_rate <= -1.6% vs 2022`
    #[error("`%` change of a percentage is ambiguous")]
    #[diagnostic(
        code(resolute::check::ambiguous_percent_change),
        help(
            "write `pp` for percentage points (`-1.6pp vs 2022`); a relative change of a rate is not supported"
        )
    )]
    AmbiguousPercentChange {
        #[label("percent or percentage points?")]
        span: Span,
    },

    /// `cattle * households > 5`
    #[error("cannot {operation} two quantities with units")]
    #[diagnostic(
        code(resolute::check::unsupported_arithmetic),
        help(
            "multiply or divide by a plain number, or divide two quantities of the same unit to get a share"
        )
    )]
    UnsupportedArithmetic {
        operation: &'static str,
        #[label("here")]
        span: Span,
    },

    /// `metric cattle: stock head` twice
    #[error("metric `{name}` is declared twice")]
    #[diagnostic(code(resolute::check::duplicate_metric))]
    DuplicateMetric {
        name: String,
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
    },

    /// Two rules with `@id(jobs)`
    #[error("rule id `{id}` is used twice")]
    #[diagnostic(
        code(resolute::check::duplicate_rule_id),
        help("rule ids name results in reports; give each rule its own")
    )]
    DuplicateRuleId {
        id: String,
        #[label("used again here")]
        span: Span,
        #[label("first used here")]
        first: Span,
    },

    /// `group main` twice
    #[error("group `{name}` is already declared")]
    #[diagnostic(
        code(resolute::check::duplicate_group),
        help("a group gathers the rules after it up to the next group; declare each once")
    )]
    DuplicateGroup {
        name: String,
        #[label("declared again here")]
        span: Span,
        #[label("first declared here")]
        first: Span,
    },

    /// `@cite("Art. 2 §2") check a + b == 100%`
    #[error("a data check cites no resolution")]
    #[diagnostic(
        code(resolute::check::cited_check),
        help(
            "`check` marks a consistency check of the data, which the resolution does not set; drop `@cite`, or drop `check` if the resolution sets this target"
        )
    )]
    CitedCheck {
        #[label("cited here")]
        span: Span,
    },

    /// `unit VND = 1000 USD`
    #[error("unit `{name}` is already defined")]
    #[diagnostic(code(resolute::check::duplicate_unit))]
    DuplicateUnit {
        name: String,
        #[label("redefined here")]
        span: Span,
    },

    /// `@titel("...")`
    #[error("unknown annotation `@{key}`")]
    #[diagnostic(code(resolute::check::unknown_annotation))]
    UnknownAnnotation {
        key: String,
        #[label("unknown annotation")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    /// `@severity(fatal)`
    #[error("severity must be `error` or `warning`, not `{value}`")]
    #[diagnostic(code(resolute::check::bad_severity))]
    BadSeverity {
        value: String,
        #[label("unknown severity")]
        span: Span,
    },

    /// `@attainment(share)`
    #[error("unknown attainment basis `{value}`")]
    #[diagnostic(
        code(resolute::check::bad_attainment),
        help("one of `actual_over_target`, `target_over_actual`, `change`")
    )]
    BadAttainment {
        value: String,
        #[label("unknown basis")]
        span: Span,
    },

    /// `@precision(2%)`, `@precision(0.5%)`
    #[error("invalid precision `{value}`")]
    #[diagnostic(
        code(resolute::check::bad_precision),
        help(
            "a precision is a percent that rounds the attainment to whole percents or decimals of one: `@precision(1%)`, `@precision(0.1%)`"
        )
    )]
    BadPrecision {
        value: String,
        #[label("not 1%, 0.1%, 0.01% ...")]
        span: Span,
    },

    /// `@precision(1%)` on a band: there is no single 100% to round to.
    #[error("a precision needs a target with one way to meet it")]
    #[diagnostic(
        code(resolute::check::precision_on_band),
        help("judge `==`, a range or a band exactly, or state the target as `>=` or `<=`")
    )]
    PrecisionOnBand {
        #[label("judged within a band")]
        span: Span,
    },

    /// `@id(a) @id(b)` on one rule, or two `year` lines
    #[error("`{what}` is given twice")]
    #[diagnostic(code(resolute::check::repeated_setting))]
    RepeatedSetting {
        what: String,
        #[label("given again here")]
        span: Span,
    },

    /// `profile(20%, 10%, 70%, 100%)`
    #[error("invalid profile: {reason}")]
    #[diagnostic(
        code(resolute::check::bad_profile),
        help(
            "a profile gives the cumulative share of the year's flow after Q1, Q2, Q3 and Q4, e.g. `profile(15%, 55%, 70%, 100%)`, or after each of the twelve months"
        )
    )]
    BadProfile {
        reason: ProfileProblem,
        #[label("here")]
        span: Span,
    },

    /// `x in 6 to 4`
    #[error("empty range: {low} is above {high}")]
    #[diagnostic(code(resolute::check::empty_range), help("write the low end first"))]
    EmptyRange {
        low: String,
        high: String,
        #[label("no value fits")]
        span: Span,
    },

    /// `x >= n * 2 to 6`
    #[error("a stretch goal needs a number as its target")]
    #[diagnostic(
        code(resolute::check::stretch_needs_constant),
        help("write the floor as a number, as in `advanced_ntm >= 4 to 6`")
    )]
    StretchNeedsConstant {
        #[label("a stretch goal after a target worked out from figures")]
        span: Span,
    },

    /// `x == 4 to 6`, `x >= 4 to 6 ± 1`
    #[error("a stretch goal follows `>=`, `>`, `<=` or `<` without a tolerance")]
    #[diagnostic(
        code(resolute::check::stretch_not_a_floor),
        help("`x >= 4 to 6` is at least 4, aiming for 6; a closed range is `x in 4 to 6`")
    )]
    StretchNotAFloor {
        op: &'static str,
        #[label("`{op}` with a stretch goal")]
        span: Span,
    },

    /// `x >= 6 to 4`
    #[error("the stretch goal {stretch} is not beyond the target")]
    #[diagnostic(
        code(resolute::check::stretch_not_beyond),
        help(
            "after `>=` or `>` the stretch is larger than the target, after `<=` or `<` smaller: `x >= 4 to 6`, `rate <= 3.5% to 3%`"
        )
    )]
    StretchNotBeyond {
        stretch: String,
        more: bool,
        #[label("{}", if *more { "must be above the target" } else { "must be below the target" })]
        span: Span,
    },

    /// `a + b done for "X"`
    #[error("`done for` judges one metric, not an expression")]
    #[diagnostic(
        code(resolute::check::done_needs_metric),
        help(
            "name the metric whose figures list the items done: `general_plan done for \"Vũ Bản\", \"An Ninh\"`"
        )
    )]
    DoneNeedsMetric {
        #[label("not a metric")]
        span: Span,
    },

    /// `x done for "A", "A"`
    #[error("`{item}` is named twice")]
    #[diagnostic(code(resolute::check::repeated_item))]
    RepeatedItem {
        item: String,
        #[label("named again")]
        span: Span,
        #[label("first named here")]
        first: Span,
    },

    /// `x done for ""`
    #[error("an item's name is empty")]
    #[diagnostic(code(resolute::check::empty_item))]
    EmptyItem {
        #[label("no name")]
        span: Span,
    },

    /// `general_plan >= 3` where `general_plan done for "A", "B"`
    #[error("`{metric}` lists items done: it has no number to compare")]
    #[diagnostic(
        code(resolute::check::items_as_number),
        help("judge it with `{metric} done for \"...\"`, naming the items")
    )]
    ItemsAsNumber {
        metric: String,
        #[label("lists items")]
        span: Span,
    },

    /// `x >= 99999999999999999999 billion VND`
    #[error("`{text}` is too large once converted to base units")]
    #[diagnostic(
        code(resolute::check::overflow),
        help(
            "values are exact decimals of at most 28 significant digits, counted in the unit's base (VND, tonnes, ...)"
        )
    )]
    Overflow {
        text: String,
        #[label("too large")]
        span: Span,
    },

    /// `x in 2% to 5 billion VND vs 2022`
    #[error("a band of change is relative at both ends or at neither")]
    #[diagnostic(
        code(resolute::check::mixed_band),
        help("write both ends in `%` (`in +8% to +9% vs 2023`) or both in the metric's unit")
    )]
    MixedBand {
        #[label("one end relative, the other not")]
        span: Span,
    },

    /// `x >= 112 of same period`: a ratio is a percentage.
    #[error("a ratio to the baseline is a percentage")]
    #[diagnostic(
        code(resolute::check::ratio_not_percent),
        help("write the figure as a percentage of the baseline: `112% of same period`")
    )]
    RatioNotPercent {
        #[label("not a percentage")]
        span: Span,
    },

    /// `year 2023` and `x >= +3% vs 2023`
    #[error("baseline year {baseline} is not before the target year {year}")]
    #[diagnostic(code(resolute::check::baseline_year))]
    BaselineNotBefore {
        baseline: i32,
        year: i32,
        #[label("baseline")]
        span: Span,
    },
}

/// Why a profile cannot be the shape of a year's flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileProblem {
    /// A profile on a stock or a level.
    NotAFlow,
    /// Neither four quarters nor twelve months.
    WrongLength,
    /// A cumulative share below the one before it, or below zero.
    Falls,
    /// The year's last share short of, or beyond, 100%.
    NotWhole,
}

impl std::fmt::Display for ProfileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProfileProblem::NotAFlow => "only a flow accumulates over the year",
            ProfileProblem::WrongLength => {
                "it needs one share per quarter (four) or per month (twelve)"
            }
            ProfileProblem::Falls => "cumulative shares cannot fall",
            ProfileProblem::NotWhole => "the last share must reach 100%",
        })
    }
}

/// Help on a unit the rule file does not know, when it looks like an
/// exponent.
pub const EXPONENT_HELP: &str =
    "numbers are written out in full: exponents such as `1e6` are not part of the language";

/// Help on comparing dollars with dong.
pub const CURRENCY_HELP: &str =
    "USD and VND are never converted into each other; state the target in the metric's currency";
