//! A checked rule file: every name resolved, every constant in base units.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::span::Span;
pub use crate::syntax::ast::{BinOp, CmpOp, MetricKind};
use crate::units::{Unit, UnitRegistry};

#[derive(Debug, Clone)]
pub struct Program {
    pub title: Option<String>,
    /// The year the targets are for; without it, the year of the as-of period.
    pub year: Option<i32>,
    pub units: UnitRegistry,
    pub metrics: BTreeMap<String, Metric>,
    pub rules: Vec<CheckedRule>,
}

#[derive(Debug, Clone)]
pub struct Metric {
    pub name: String,
    pub kind: MetricKind,
    pub unit: Unit,
    /// Cumulative fraction of the annual flow expected after each quarter.
    pub profile: Option<[Decimal; 4]>,
    pub label: Option<String>,
    /// Where it is declared; `None` for metrics known only from their use.
    pub span: Option<Span>,
    /// The smallest constant target of a rule on this metric alone, in base
    /// units: a reported `0.037` against targets of `3.7%` is suspicious.
    pub smallest_target: Option<Decimal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
pub struct CheckedRule {
    pub id: String,
    pub title: Option<String>,
    pub cite: Option<String>,
    /// Set on targets carried over to a new year: what to confirm.
    pub review: Option<String>,
    pub severity: Severity,
    /// The whole rule, annotations included.
    pub span: Span,
    /// The condition alone, as written in canonical form.
    pub condition_span: Span,
    pub text: String,
    /// The left-hand side and the rest of `text`: `new_jobs` and `>= 3,830`.
    pub lhs_text: String,
    pub target_text: String,
    /// The unit actuals and targets are reported in.
    pub unit: Unit,
    pub lhs: Num,
    pub goal: Goal,
}

/// An arithmetic expression over metrics; constants are in base units.
#[derive(Debug, Clone, PartialEq)]
pub enum Num {
    Metric {
        name: String,
        span: Span,
    },
    Const(Decimal),
    Neg(Box<Num>),
    Binary {
        op: BinOp,
        lhs: Box<Num>,
        rhs: Box<Num>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Goal {
    /// `lhs OP target [± tolerance]`
    Compare {
        op: CmpOp,
        target: Num,
        tolerance: Option<Decimal>,
    },
    /// `lhs OP ±amount vs year`: the target is the lhs in `year`, changed.
    Change {
        op: CmpOp,
        amount: Decimal,
        relative: bool,
        year: i32,
        tolerance: Option<Decimal>,
    },
    /// `lhs in low to high`
    Range { low: Decimal, high: Decimal },
}

impl Program {
    /// The years a run reads for target year `year`: the year itself, the
    /// year before (stock paths) and every baseline year of a change target.
    pub fn years_read(&self, year: i32) -> std::collections::BTreeSet<i32> {
        let mut years = std::collections::BTreeSet::from([year - 1, year]);
        for rule in &self.rules {
            if let Goal::Change { year, .. } = rule.goal {
                years.insert(year);
            }
        }
        years
    }
}

impl Num {
    /// Every metric the expression reads, in order of appearance.
    pub fn metrics(&self) -> Vec<(&str, Span)> {
        let mut out = Vec::new();
        self.collect_metrics(&mut out);
        out
    }

    fn collect_metrics<'a>(&'a self, out: &mut Vec<(&'a str, Span)>) {
        match self {
            Num::Metric { name, span } => out.push((name, *span)),
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
    /// Whether more is better (`>`, `>=`), less is better (`<`, `<=`), or
    /// neither (`==`, ranges).
    pub fn direction(&self) -> Direction {
        let op = match self {
            Goal::Compare { op, .. } | Goal::Change { op, .. } => *op,
            Goal::Range { .. } => return Direction::Within,
        };
        match op {
            CmpOp::Gt | CmpOp::Ge => Direction::AtLeast,
            CmpOp::Lt | CmpOp::Le => Direction::AtMost,
            CmpOp::Eq => Direction::Within,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    AtLeast,
    AtMost,
    Within,
}
