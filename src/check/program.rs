//! A checked rule file: every name resolved, every constant in base units.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;

use crate::span::Span;
pub use crate::syntax::ast::{BinOp, CmpOp, MetricKind};
use crate::units::{Unit, UnitRegistry};

/// A rule file checked: what the engine runs.
#[derive(Debug, Clone)]
pub struct Program {
    /// The resolution's name, from `resolution "..."`.
    pub title: Option<String>,
    /// The year the targets are for; without it, the year of the as-of period.
    pub year: Option<i32>,
    /// The units the file declares, beside the built-in ones.
    pub units: UnitRegistry,
    /// Every metric, declared or known from its use, by name.
    pub metrics: BTreeMap<String, Metric>,
    /// The targets, in the order written.
    pub rules: Vec<CheckedRule>,
    /// The groups rules are tallied in, in the order declared.
    pub groups: Vec<Group>,
}

/// `group main "label"`: rules tallied together in every summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The name JSON gives it.
    pub name: String,
    /// What reports call it; the name when there is none.
    pub label: Option<String>,
}

impl Group {
    /// The name reports show.
    pub fn shown(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.name)
    }
}

/// What a figure measures, and how it adds up.
#[derive(Debug, Clone)]
pub struct Metric {
    /// The name rules and data files use.
    pub name: String,
    /// Flow or stock.
    pub kind: MetricKind,
    /// The unit figures are judged in.
    pub unit: Unit,
    /// Cumulative fraction of the annual flow expected after each quarter
    /// (four) or each month (twelve).
    pub profile: Option<Vec<Decimal>>,
    /// The name reports show.
    pub label: Option<String>,
    /// Where it is declared; `None` for metrics known only from their use.
    pub span: Option<Span>,
    /// The smallest constant target of a rule on this metric alone, in base
    /// units: a reported `0.037` against targets of `3.7%` is suspicious.
    pub smallest_target: Option<Decimal>,
    /// For a metric whose figures list the items done (`x done for "A",
    /// "B"`), every item its rules name, folded and sorted; empty for a
    /// metric of numbers.
    pub items: Vec<String>,
}

/// What a missed target does to the run, from `@severity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A missed target fails the run.
    Error,
    /// A missed target is reported, and the run still passes.
    Warning,
}

/// A target, resolved: what the engine judges.
#[derive(Debug, Clone)]
pub struct CheckedRule {
    /// From `@id`, or made from the metric's name.
    pub id: String,
    /// From `@title`.
    pub title: Option<String>,
    /// From `@cite`: where the resolution sets the target.
    pub cite: Option<String>,
    /// Set on targets carried over to a new year: what to confirm.
    pub review: Option<String>,
    /// From `@severity`.
    pub severity: Severity,
    /// The group it is declared in (an index into [`Program::groups`]);
    /// `None` before any group, and for a data check.
    pub group: Option<usize>,
    /// Written `check`: a consistency check of the data, tallied apart
    /// from the resolution's targets and citing none of it.
    pub check: bool,
    /// The whole rule, annotations included.
    pub span: Span,
    /// The condition alone, as written in canonical form.
    pub condition_span: Span,
    /// The condition in canonical form.
    pub text: String,
    /// The left-hand side and the rest of `text`: `new_jobs` and `>= 3,830`.
    pub lhs_text: String,
    /// The rest of `text`.
    pub target_text: String,
    /// The unit actuals and targets are reported in.
    pub unit: Unit,
    /// What is judged.
    pub lhs: Num,
    /// What it must meet.
    pub goal: Goal,
    /// How its attainment is worked out: from `@attainment`, or the way
    /// reports print it for such a target.
    pub attainment: AttainmentBasis,
    /// From `@precision(1%)`: judged on the attainment rounded to this
    /// many decimals of a percent, as the report prints it ("đạt 100%"
    /// for 8,962 of 8,962.72). `None`: exactly.
    pub precision: Option<u32>,
    /// The target is marked approximate (`~5200`): judged as written,
    /// shown as about.
    pub approx_target: bool,
}

/// How "đạt x% kế hoạch" is worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttainmentBasis {
    /// Actual ÷ target: a flow, in both directions (spending "đạt 95%
    /// dự toán"), or a level where more is better.
    ActualOverTarget,
    /// Target ÷ actual: a level where less is better (poverty rate).
    TargetOverActual,
    /// Achieved change ÷ planned change, both from the baseline: a growth
    /// or a reduction ("mức giảm tỷ lệ hộ nghèo đạt 136% kế hoạch").
    Change,
}

impl AttainmentBasis {
    /// Every basis, as `@attainment` and JSON name them.
    pub const ALL: [(AttainmentBasis, &'static str); 3] = [
        (AttainmentBasis::ActualOverTarget, "actual_over_target"),
        (AttainmentBasis::TargetOverActual, "target_over_actual"),
        (AttainmentBasis::Change, "change"),
    ];

    /// The name `@attainment` and JSON give it.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(b, _)| *b == self)
            .map_or("", |(_, name)| name)
    }
}

/// An arithmetic expression over metrics; constants are in base units.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    /// A metric's figure.
    Metric {
        /// The metric.
        name: String,
        /// Where the rule names it.
        span: Span,
    },
    /// A constant, in base units.
    Const(Decimal),
    /// How many of `items` a metric's figures list as done, each one of
    /// the metric's unit.
    Done {
        /// The metric listing the items done.
        name: String,
        /// Where the rule names it.
        span: Span,
        /// The items named, folded.
        items: Vec<String>,
    },
    /// `-x`
    Neg(Box<Num>),
    /// `lhs op rhs`
    Binary {
        /// The operator.
        op: BinOp,
        /// The left operand.
        lhs: Box<Num>,
        /// The right operand.
        rhs: Box<Num>,
    },
}

/// What a rule's figure must meet; numbers are in base units.
#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    /// `lhs OP target [± tolerance]`
    Compare {
        /// How the figure is compared.
        op: CmpOp,
        /// What it is compared with.
        target: Num,
        /// For `==`: how far from the target still meets it.
        tolerance: Option<Decimal>,
        /// `>= 4 to 6`: the stretch goal beyond a constant target
        /// ("từ 4–6 xã"), past which the target is exceeded.
        stretch: Option<Decimal>,
    },
    /// `lhs OP ±amount vs year`: the target is the lhs in `year` (or in
    /// the same period of it), changed.
    Change {
        /// How the figure is compared with the changed baseline.
        op: CmpOp,
        /// The change: a fraction of the baseline when `relative`.
        amount: Decimal,
        /// `+3% vs 2022` rather than `+5.6 million VND vs 2022`.
        relative: bool,
        /// Stated as the figure's ratio to the baseline, `112% of same
        /// period` (`amount` is then 0.12, relative).
        ratio: bool,
        /// What the change is measured from.
        base: Baseline,
        /// How far from the target still meets it.
        tolerance: Option<Decimal>,
    },
    /// `lhs in low to high`; with `change`, a band of change from a
    /// baseline (`in -3pp to -2.5pp vs 2022`, "giảm 2,5–3,0%/năm").
    Range {
        /// The lowest value (or change) that meets the target.
        low: Decimal,
        /// The highest value (or change) that meets the target.
        high: Decimal,
        /// For a band of change: relative (`low` and `high` fractions of
        /// the baseline) or not, and what it is measured from.
        change: Option<(bool, Baseline)>,
    },
}

/// What a change is measured from: a year as a whole, or the same period
/// of a year ("so với cùng kỳ").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Baseline {
    /// The year; `None` for the year before the one judged.
    pub year: Option<i32>,
    /// The same period of that year, rather than the whole year.
    pub same_period: bool,
}

impl Baseline {
    /// The baseline year when `judged` is judged.
    pub fn year_for(self, judged: i32) -> i32 {
        self.year.unwrap_or(judged - 1)
    }
}

impl fmt::Display for Baseline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.same_period, self.year) {
            (true, Some(year)) => write!(f, "same period {year}"),
            (true, None) => f.write_str("same period"),
            (false, Some(year)) => write!(f, "{year}"),
            (false, None) => f.write_str("last year"),
        }
    }
}

impl Program {
    /// The years a run reads for target year `year`: the year itself, the
    /// year before (stock paths) and every baseline year of a change target.
    pub fn years_read(&self, year: i32) -> std::collections::BTreeSet<i32> {
        let mut years = std::collections::BTreeSet::from([year - 1, year]);
        for rule in &self.rules {
            if let Goal::Change {
                base: Baseline {
                    year: Some(year), ..
                },
                ..
            } = rule.goal
            {
                years.insert(year);
            }
        }
        years
    }
}

impl Metric {
    /// The name under which the data holds that `item` of this metric is
    /// done: `general_plan["Vũ Bản"]`, one series per item named.
    pub fn item_series(&self, item: &str) -> String {
        format!("{}[{}]", self.name, crate::syntax::ast::quoted(item))
    }

    /// Whether its name says it is a rate, share or ratio
    /// (`poverty_rate`, `forest_share`).
    pub fn is_named_as_rate(&self) -> bool {
        ["_rate", "_share", "_ratio"]
            .iter()
            .any(|s| self.name.ends_with(s))
    }

    /// Whether its figures are parts of a whole: a rate, share or ratio
    /// measured in `%` or `‰`, which lies between 0 and 100%.
    pub fn is_share(&self) -> bool {
        self.is_named_as_rate() && self.unit.is_ratio() && self.kind == MetricKind::Stock
    }
}

impl Num {
    /// The items of a `done for` rule's count.
    pub fn items(&self) -> Option<&[String]> {
        match self {
            Num::Done { items, .. } => Some(items),
            _ => None,
        }
    }

    /// Every metric the expression reads, in order of appearance.
    pub fn metrics(&self) -> Vec<(&str, Span)> {
        let mut out = Vec::new();
        self.collect_metrics(&mut out);
        out
    }

    fn collect_metrics<'a>(&'a self, out: &mut Vec<(&'a str, Span)>) {
        match self {
            Num::Metric { name, span } | Num::Done { name, span, .. } => out.push((name, *span)),
            Num::Const(_) => {}
            Num::Neg(inner) => inner.collect_metrics(out),
            Num::Binary { lhs, rhs, .. } => {
                lhs.collect_metrics(out);
                rhs.collect_metrics(out);
            }
        }
    }
}

impl Goal {
    /// The expression a comparison is compared with.
    pub fn target(&self) -> Option<&Num> {
        match self {
            Goal::Compare { target, .. } => Some(target),
            Goal::Change { .. } | Goal::Range { .. } => None,
        }
    }

    /// What a change target is measured from.
    pub fn baseline(&self) -> Option<Baseline> {
        match self {
            Goal::Change { base, .. }
            | Goal::Range {
                change: Some((_, base)),
                ..
            } => Some(*base),
            _ => None,
        }
    }

    /// How a target of change states it, where it does: relative (`+3%`)
    /// or not, and as a ratio (`112% of`) or not.
    pub fn stated_change(&self) -> Option<(bool, bool)> {
        match self {
            Goal::Change {
                relative, ratio, ..
            } => Some((*relative, *ratio)),
            Goal::Range {
                change: Some((relative, _)),
                ..
            } => Some((*relative, false)),
            _ => None,
        }
    }

    /// `falls vs 2022`, `rises vs 2022`: a direction with no amount
    /// (a strict comparison with a change of nothing). It has no share of
    /// a plan to attain and nothing to exceed.
    pub fn direction_only(&self) -> bool {
        matches!(
            self,
            Goal::Change {
                op: CmpOp::Lt | CmpOp::Gt,
                amount,
                ratio: false,
                tolerance: None,
                ..
            } if amount.is_zero()
        )
    }

    /// Whether more is better (`>`, `>=`), less is better (`<`, `<=`), or
    /// neither (`==`, ranges). A band of growth is more is better from its
    /// near end, a band of reduction less is better; a band across zero
    /// is a band.
    pub fn direction(&self) -> Direction {
        let op = match self {
            Goal::Compare { op, .. } | Goal::Change { op, .. } => *op,
            Goal::Range {
                low,
                high,
                change: Some(_),
            } => {
                return if !low.is_sign_negative() {
                    Direction::AtLeast
                } else if high.is_sign_negative() || high.is_zero() {
                    Direction::AtMost
                } else {
                    Direction::Within
                };
            }
            Goal::Range { .. } => return Direction::Within,
        };
        match op {
            CmpOp::Gt | CmpOp::Ge => Direction::AtLeast,
            CmpOp::Lt | CmpOp::Le => Direction::AtMost,
            CmpOp::Eq => Direction::Within,
        }
    }
}

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// More is better.
    AtLeast,
    /// Less is better.
    AtMost,
    /// Nearer the target, or inside the range, is better.
    Within,
}
