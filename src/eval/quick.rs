//! The verdict of the commonest rule at year end, worked out straight from
//! the figure: one stock against a constant target. It takes the same
//! numbers through the same comparisons and checks as judging in full,
//! and hands anything it cannot be sure of back to it.

use rust_decimal::Decimal;

use super::numbers::{Band, attainment, margin, meets, subtracts};
use super::plan::{Expr, RulePlan};
use super::{Status, Verdict};
use crate::check::{CheckedRule, CmpOp, Direction, Goal, Metric, MetricKind};
use crate::data::Dataset;
use crate::units::from_base_fits;

/// A rule whose year-end verdict [`QuickRule::verdict`] can give.
#[derive(Debug, Clone)]
pub struct QuickRule<'p> {
    metric: &'p Metric,
    id: u32,
    /// The metric's unit is `10^metric_shift` base units.
    metric_shift: Option<i64>,
    /// The rule's unit is `10^rule_shift` base units.
    rule_shift: Option<i64>,
    /// By [`Dataset::units`] index, whether a figure in that unit reads as
    /// one in the metric's: compared once here, not once per figure.
    alike: Vec<bool>,
    /// Showing last year's figure in the rule's unit could overflow, so
    /// judging in full reads it: so must this.
    check_baseline: bool,
    op: CmpOp,
    direction: Direction,
    band: Band,
    stated: Decimal,
}

impl<'p> QuickRule<'p> {
    /// The quick form of `rule`, if it has one: a single stock compared
    /// with a constant whose band and target can be shown in the rule's
    /// unit.
    pub fn new(rule: &CheckedRule, plan: &RulePlan<'p>, data: &Dataset) -> Option<Self> {
        let Expr::Metric {
            metric: Some(metric),
            id: Some(id),
            shift: metric_shift,
            ..
        } = plan.lhs
        else {
            return None;
        };
        let Goal::Compare { op, tolerance, .. } = &rule.goal else {
            return None;
        };
        let fixed = plan.fixed?;
        let showable = |d: Decimal| from_base_fits(plan.shift, d);
        let plain = metric.kind == MetricKind::Stock
            && plan.shift.is_some()
            && showable(fixed.stated)
            && tolerance.is_none_or(|t| showable(t.abs()))
            && subtracts(fixed.band.low)
            && subtracts(fixed.band.high);
        plain.then_some(Self {
            metric,
            id,
            metric_shift,
            rule_shift: plan.shift,
            alike: data
                .units()
                .map(|unit| unit.scale == metric.unit.scale && unit.same_dimension(&metric.unit))
                .collect(),
            check_baseline: !rule.unit.from_base_never_overflows(),
            op: *op,
            direction: rule.goal.direction(),
            band: fixed.band,
            stated: fixed.stated,
        })
    }

    /// The year-end verdict for entity number `entity`, or `None` where
    /// judging in full must say: a figure missing, in another unit, marked
    /// as a suspect fraction, or too large to be sure of.
    pub fn verdict(&self, data: &Dataset, entity: usize, year: i32) -> Option<Verdict> {
        let Figure::Base(a) = self.figure(data, entity, year) else {
            return None;
        };
        if self.check_baseline {
            match self.figure(data, entity, year - 1) {
                // Judging in full passes over a baseline it cannot read.
                Figure::Absent => {}
                Figure::Base(b) if from_base_fits(self.rule_shift, b) => {}
                _ => return None,
            }
        }
        if !subtracts(a) || !from_base_fits(self.rule_shift, a) {
            return None;
        }
        // The margin is shown too: where showing it is not certain, it is
        // worked out and checked.
        if self.rule_shift.is_none_or(|shift| shift < 0) {
            let m = margin(self.direction, a, &self.band).ok()?;
            if !from_base_fits(self.rule_shift, m) {
                return None;
            }
        }
        let met = meets(self.op, self.direction, a, &self.band);
        Some(Verdict {
            status: if met { Status::Pass } else { Status::Fail },
            attainment: attainment(self.direction, a, self.stated),
        })
    }

    /// The metric's year-end figure for `year`, in base units, as reading
    /// it would give it.
    fn figure(&self, data: &Dataset, entity: usize, year: i32) -> Figure {
        let Some(id) = data.find(entity, self.id, year, 4, None) else {
            return Figure::Absent;
        };
        let Some(found) = data.value(id) else {
            return Figure::Unsure;
        };
        let unit = match (found.unit, found.unit_id) {
            (None, _) => &self.metric.unit,
            (Some(unit), Some(id)) if self.alike.get(id) == Some(&true) => unit,
            _ => return Figure::Unsure,
        };
        if found.suspect_fraction {
            return Figure::Unsure;
        }
        match unit.to_base(found.value) {
            Some(base) if from_base_fits(self.metric_shift, base) => Figure::Base(base),
            _ => Figure::Unsure,
        }
    }
}

/// A figure as [`QuickRule::figure`] finds it.
enum Figure {
    Base(Decimal),
    Absent,
    /// Reading it could fail: judging in full says how.
    Unsure,
}

#[cfg(test)]
mod tests {
    use super::super::plan::Plan;
    use super::super::{Status, evaluate};
    use crate::check::check;
    use crate::data::{Period, load_sources};
    use crate::syntax::parse_rules;

    const RULES: &str = "metric c: stock head\nmetric s: stock %\nmetric f: flow billion VND\n\
        c > 7000\ns <= 3.7%\nf >= 1000\ns <= -0.1pp vs 2022\nc + c > 14000\n";

    fn data(rows: &str) -> crate::data::Dataset {
        let program = check(&parse_rules(RULES).unwrap()).unwrap();
        let csv = format!("entity,period,metric,value,unit\n{rows}");
        load_sources(vec![("d.csv".into(), csv)], &program)
            .unwrap()
            .0
    }

    #[test]
    fn only_a_stock_against_a_constant_is_judged_quickly() {
        let program = check(&parse_rules(RULES).unwrap()).unwrap();
        let data = data("e,2023-Q4,c,7001,\ne,2023-Q4,s,3.7,%\ne,2023-Q4,f,1000,\n");
        let plan = Plan::new(&program, &data);
        let quick: Vec<bool> = (0..program.rules.len())
            .map(|r| plan.rule(r).unwrap().quick.is_some())
            .collect();
        assert_eq!(quick, [true, true, false, false, false]);
    }

    #[test]
    fn quick_verdicts_are_the_full_results_and_doubtful_figures_go_to_them() {
        let program = check(&parse_rules(RULES).unwrap()).unwrap();
        let data = data(
            "a,2023-Q4,c,7001,\na,2022,s,4,%\na,2023-Q4,s,3.7,%\n\
             b,2023-Q4,c,7,thousand head\nb,2023-Q4,s,3.71,%\n\
             c,2023-Q4,s,0.02,\n",
        );
        let plan = Plan::new(&program, &data);
        let quick = |rule: usize, entity: &str| {
            let entity = data.entity_index(entity).unwrap();
            plan.rule(rule)
                .unwrap()
                .quick
                .as_ref()
                .unwrap()
                .verdict(&data, entity, 2023)
        };
        let evaluation = evaluate(&program, &data, Period::quarter(2023, 4));
        let status =
            |rule: usize, entity: &str| evaluation.result_for(rule, entity).unwrap().status;
        // Read quickly, and as judging in full reads them.
        assert_eq!(quick(0, "a").unwrap().status, Status::Pass);
        assert_eq!(quick(1, "a").unwrap().status, Status::Pass);
        assert_eq!(quick(1, "b").unwrap().status, Status::Fail);
        assert_eq!(
            quick(1, "a").unwrap().attainment,
            evaluation.result_for(1, "a").unwrap().attainment
        );
        // Another unit, a missing figure, a suspect fraction: judged in full.
        assert_eq!(quick(0, "b"), None);
        assert_eq!(status(0, "b"), Status::Fail);
        assert_eq!(quick(0, "c"), None);
        assert_eq!(status(0, "c"), Status::Missing);
        assert_eq!(quick(1, "c"), None);
        assert_eq!(status(1, "c"), Status::Error);
    }
}
