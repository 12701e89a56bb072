//! What the engine works out once per run rather than once per result:
//! each rule's expressions with their metrics resolved to the dataset's
//! ids, and whether each rule is on flows.

use foldhash::HashMap;
use rust_decimal::Decimal;

use super::numbers::Band;
use super::quick::QuickRule;
use crate::check::{BinOp, Goal, Metric, MetricKind, Num, Program};
use crate::data::Dataset;

/// An expression whose metrics are looked up already.
#[derive(Debug)]
pub enum Expr<'p> {
    Const(Decimal),
    Metric {
        name: &'p str,
        /// `None` for a metric the rules do not declare.
        metric: Option<&'p Metric>,
        /// `None` when the data has no figure for it.
        id: Option<u32>,
        /// The metric's unit is `10^shift` base units.
        shift: Option<i64>,
    },
    Neg(Box<Expr<'p>>),
    Binary {
        op: BinOp,
        lhs: Box<Expr<'p>>,
        rhs: Box<Expr<'p>>,
    },
}

/// One rule, ready to judge.
#[derive(Debug)]
pub struct RulePlan<'p> {
    pub lhs: Expr<'p>,
    /// The target of a comparison.
    pub target: Option<Expr<'p>>,
    /// Every metric the rule reads is a flow.
    pub is_flow: bool,
    /// The rule's unit is `10^shift` base units.
    pub shift: Option<i64>,
    /// A comparison with a constant: its band, the same for every entity.
    pub fixed: Option<FixedTarget>,
    /// The rule's year-end verdict read straight from its figure.
    pub quick: Option<QuickRule<'p>>,
}

/// The band of `x OP target ± tolerance` for a constant target, in base
/// units, worked out once as judging would, and the target as stated,
/// `low + tolerance`.
#[derive(Debug, Clone, Copy)]
pub struct FixedTarget {
    pub band: Band,
    pub stated: Decimal,
}

impl FixedTarget {
    fn new(target: Decimal, tolerance: Option<Decimal>) -> Option<Self> {
        let band = Band::around(target, tolerance)?;
        let stated = band.low.checked_add(tolerance.unwrap_or_default().abs())?;
        Some(Self { band, stated })
    }
}

#[derive(Debug)]
pub struct Plan<'p> {
    metrics: HashMap<&'p str, (&'p Metric, Option<u32>)>,
    rules: Vec<RulePlan<'p>>,
}

impl<'p> Plan<'p> {
    pub fn new(program: &'p Program, data: &Dataset) -> Self {
        let metrics = program
            .metrics
            .iter()
            .map(|(name, metric)| (name.as_str(), (metric, data.metric_id(name))))
            .collect();
        let mut plan = Self {
            metrics,
            rules: Vec::with_capacity(program.rules.len()),
        };
        for rule in &program.rules {
            let is_flow = rule.lhs.metrics().iter().all(|(name, _)| {
                program
                    .metrics
                    .get(*name)
                    .is_some_and(|m| m.kind == MetricKind::Flow)
            });
            let target = match &rule.goal {
                Goal::Compare { target, .. } => Some(plan.compile(target)),
                Goal::Change { .. } | Goal::Range { .. } => None,
            };
            // An overflow is left for judging to report, result by result.
            let fixed = match (&rule.goal, &target) {
                (Goal::Compare { tolerance, .. }, Some(Expr::Const(t))) => {
                    FixedTarget::new(*t, *tolerance)
                }
                _ => None,
            };
            let mut compiled = RulePlan {
                lhs: plan.compile(&rule.lhs),
                target,
                is_flow,
                shift: rule.unit.shift(),
                fixed,
                quick: None,
            };
            compiled.quick = QuickRule::new(rule, &compiled, data);
            plan.rules.push(compiled);
        }
        plan
    }

    /// `num` with its metrics looked up.
    pub fn compile<'n>(&self, num: &'n Num) -> Expr<'n>
    where
        'p: 'n,
    {
        match num {
            Num::Const(value) => Expr::Const(*value),
            Num::Metric { name, .. } => {
                let found = self.metrics.get(name.as_str()).copied();
                Expr::Metric {
                    name,
                    metric: found.map(|(metric, _)| metric),
                    id: found.and_then(|(_, id)| id),
                    shift: found.and_then(|(metric, _)| metric.unit.shift()),
                }
            }
            Num::Neg(inner) => Expr::Neg(Box::new(self.compile(inner))),
            Num::Binary { op, lhs, rhs } => Expr::Binary {
                op: *op,
                lhs: Box::new(self.compile(lhs)),
                rhs: Box::new(self.compile(rhs)),
            },
        }
    }

    pub fn rule(&self, rule: usize) -> Option<&RulePlan<'p>> {
        self.rules.get(rule)
    }
}
