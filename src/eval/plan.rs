//! What the engine works out once per run rather than once per result:
//! each rule's expressions with their metrics resolved to the dataset's
//! ids and units, and whether each rule is on flows.

use std::sync::Arc;

use foldhash::HashMap;
use rust_decimal::Decimal;

use super::numbers::{Band, Share, elapsed_share};
use crate::check::{BinOp, CheckedRule, Goal, Metric, MetricKind, Num, Program};
use crate::data::{Close, Dataset};

/// An expression whose metrics are looked up already.
#[derive(Debug)]
pub enum Planned<'p> {
    Const(Decimal),
    Metric(PlannedMetric<'p>),
    /// A metric the program does not know: reading it is an error.
    Unknown(Arc<str>),
    /// How many of `items` the figures of `list` name as done.
    Done {
        list: PlannedMetric<'p>,
        /// Each item named, with its series' id where the data has one.
        items: Vec<(Arc<str>, Option<u32>)>,
    },
    Neg(Box<Planned<'p>>),
    Binary {
        op: BinOp,
        lhs: Box<Planned<'p>>,
        rhs: Box<Planned<'p>>,
    },
}

/// A metric as the dataset holds it.
#[derive(Debug, Clone)]
pub struct PlannedMetric<'p> {
    pub metric: &'p Metric,
    pub name: Arc<str>,
    /// `None` when the data has no figure for it.
    pub id: Option<u32>,
    /// The metric's unit is `10^shift` base units.
    pub shift: Option<i64>,
    /// By [`Dataset::units`] index, whether a figure in that unit converts
    /// to the metric's: compared once here, not once per figure.
    pub convertible: Arc<[bool]>,
}

/// One rule, ready to judge.
#[derive(Debug)]
pub struct RulePlan<'p> {
    pub lhs: Planned<'p>,
    /// The target of a comparison.
    pub target: Option<Planned<'p>>,
    /// Judged as a flow adding up to its annual target: every metric the
    /// rule reads is a flow, and it is not compared with the same period
    /// of another year (which is complete whenever both are reported).
    pub accumulates: bool,
    /// The rule's unit is `10^shift` base units.
    pub shift: Option<i64>,
    /// Showing a number in the rule's unit can overflow (a unit smaller
    /// than the base unit), so every number shown must be checked.
    pub showing_may_fail: bool,
    /// A comparison with a constant: its band, the same for every entity.
    pub fixed: Option<FixedTarget>,
    /// For a flow, the share of its annual target due by the close of
    /// each of the first eleven months, and that share in percent.
    pub due: [Option<(Share, Decimal)>; 11],
    /// Whether a share of the target is attained: not for a direction
    /// alone (`falls vs 2022`), which has no amount, nor for a level,
    /// which ranks rather than measures.
    pub attains: bool,
    /// Whether a pass can be beyond the target: not for a direction
    /// alone, which has nothing to go beyond.
    pub can_exceed: bool,
}

/// The band of `x OP target ± tolerance` (or `to stretch`) for a
/// constant target, in base units, worked out once as judging would, and
/// the target as stated.
#[derive(Debug, Clone, Copy)]
pub struct FixedTarget {
    pub band: Band,
    pub stated: Decimal,
}

impl RulePlan<'_> {
    /// For a flow, the share of its annual target due by `close` before
    /// year end, and that share in percent: looked up for a month's end,
    /// worked out for a cut-off inside a month.
    pub fn due_by(
        &self,
        program: &Program,
        rule: &CheckedRule,
        close: Close,
    ) -> Option<(Share, Decimal)> {
        if close.days.is_some() && self.accumulates {
            let share = elapsed_share(program, rule, close);
            return Some((share, share.percent()));
        }
        let month = usize::from(close.months);
        self.due.get(month.wrapping_sub(1)).copied().flatten()
    }
}

impl FixedTarget {
    fn new(target: Decimal, tolerance: Option<Decimal>, stretch: Option<Decimal>) -> Option<Self> {
        let band = Band::of_target(target, tolerance, stretch)?;
        Some(Self {
            band,
            stated: target,
        })
    }
}

#[derive(Debug)]
pub struct Plan<'p> {
    metrics: HashMap<&'p str, PlannedMetric<'p>>,
    /// By metric and item, the id of the series saying the item is done,
    /// where some figure does.
    item_ids: HashMap<(&'p str, &'p str), u32>,
    rules: Vec<RulePlan<'p>>,
}

impl<'p> Plan<'p> {
    pub fn new(program: &'p Program, data: &Dataset) -> Self {
        let metrics = program
            .metrics
            .iter()
            .map(|(name, metric)| {
                let convertible = data
                    .units()
                    .map(|unit| unit.same_dimension(&metric.unit))
                    .collect();
                let planned = PlannedMetric {
                    metric,
                    name: Arc::from(name.as_str()),
                    id: data.metric_id(name),
                    shift: metric.unit.shift(),
                    convertible,
                };
                (name.as_str(), planned)
            })
            .collect();
        let item_ids = program
            .metrics
            .iter()
            .flat_map(|(name, metric)| {
                metric.items.iter().filter_map(move |item| {
                    let id = data.metric_id(&metric.item_series(item))?;
                    Some(((name.as_str(), item.as_str()), id))
                })
            })
            .collect();
        let mut plan = Self {
            item_ids,
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
                (
                    Goal::Compare {
                        tolerance, stretch, ..
                    },
                    Some(Planned::Const(t)),
                ) => FixedTarget::new(*t, *tolerance, *stretch),
                _ => None,
            };
            let same_period = rule.goal.baseline().is_some_and(|b| b.same_period);
            let accumulates = is_flow && !same_period;
            let due = std::array::from_fn(|q| {
                accumulates.then(|| {
                    let share = elapsed_share(program, rule, Close::months(q as u8 + 1));
                    (share, share.percent())
                })
            });
            let compiled = RulePlan {
                due,
                lhs: plan.compile(&rule.lhs),
                target,
                accumulates,
                shift: rule.unit.shift(),
                showing_may_fail: !rule.unit.from_base_never_overflows(),
                fixed,
                attains: !rule.goal.direction_only() && !rule.unit.is_level(),
                can_exceed: !rule.goal.direction_only(),
            };
            plan.rules.push(compiled);
        }
        plan
    }

    /// `num` with its metrics looked up.
    pub fn compile(&self, num: &Num) -> Planned<'p> {
        match num {
            Num::Const(value) => Planned::Const(*value),
            Num::Metric { name, .. } => match self.metrics.get(name.as_str()) {
                Some(planned) => Planned::Metric(planned.clone()),
                None => Planned::Unknown(Arc::from(name.as_str())),
            },
            Num::Done { name, items, .. } => match self.metrics.get(name.as_str()) {
                Some(list) => Planned::Done {
                    list: list.clone(),
                    items: items
                        .iter()
                        .map(|item| {
                            let id = self.item_ids.get(&(name.as_str(), item.as_str()));
                            (Arc::from(item.as_str()), id.copied())
                        })
                        .collect(),
                },
                None => Planned::Unknown(Arc::from(name.as_str())),
            },
            Num::Neg(inner) => Planned::Neg(Box::new(self.compile(inner))),
            Num::Binary { op, lhs, rhs } => Planned::Binary {
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
