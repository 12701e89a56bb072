//! Rules: each condition checked against its metrics' units, lowered to
//! base units, with its annotations.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::{
    AttainmentBasis, Baseline, CheckError, CheckedRule, Checker, CmpOp, Goal, Group, Num, Severity,
    metrics::metric_names,
};
use crate::span::{Span, Spanned};
use crate::suggest::{closest, did_you_mean};
use crate::syntax::ast::{self, Condition, Expr, Item, Quantity, RuleFile, Target};
use crate::units::Unit;

impl Checker {
    pub(super) fn rules(&mut self, file: &RuleFile) {
        let mut ids: HashMap<String, Span> = HashMap::new();
        let mut default_ids: HashMap<String, usize> = HashMap::new();
        let mut group_spans: HashMap<String, Span> = HashMap::new();
        for item in &file.items {
            let rule = match &item.node {
                Item::Rule(rule) => rule,
                Item::Group(group) => {
                    let name = &group.name;
                    if let Some(&first) = group_spans.get(&name.node) {
                        self.errors.push(CheckError::DuplicateGroup {
                            name: name.node.clone(),
                            span: name.span,
                            first,
                        });
                    }
                    group_spans.insert(name.node.clone(), name.span);
                    self.groups.push(Group {
                        name: name.node.clone(),
                        label: group.label.as_ref().map(|l| l.node.clone()),
                    });
                    continue;
                }
                _ => continue,
            };
            let Some(mut checked) = self.rule(rule, item.span) else {
                continue;
            };
            if !rule.check {
                checked.group = self.groups.len().checked_sub(1);
            }
            if checked.id.is_empty() {
                let base = default_id(&rule.condition.node);
                let n = default_ids.entry(base.clone()).or_insert(0);
                *n += 1;
                checked.id = if *n == 1 { base } else { format!("{base}-{n}") };
            }
            if let Some(&first) = ids.get(&checked.id) {
                self.errors.push(CheckError::DuplicateRuleId {
                    id: checked.id.clone(),
                    span: checked.condition_span,
                    first,
                });
            }
            ids.insert(checked.id.clone(), checked.condition_span);
            self.rules.push(checked);
        }
        self.items_judged_as_numbers();
    }

    /// A metric whose figures list items done has no number to compare:
    /// `x >= 3` on it is an error, not a count of whatever was listed.
    fn items_judged_as_numbers(&mut self) {
        let mut found = Vec::new();
        for rule in &self.rules {
            let numbers = [Some(&rule.lhs), rule.goal.target()];
            for num in numbers.into_iter().flatten() {
                if matches!(num, Num::Done { .. }) {
                    continue;
                }
                for (name, span) in num.metrics() {
                    if self.metrics.get(name).is_some_and(|m| !m.items.is_empty()) {
                        found.push(CheckError::ItemsAsNumber {
                            metric: name.to_string(),
                            span,
                        });
                    }
                }
            }
        }
        self.errors.extend(found);
    }

    pub(super) fn rule(&mut self, rule: &ast::Rule, span: Span) -> Option<CheckedRule> {
        let errors_before = self.errors.len();
        let mut meta = Meta::default();
        for annotation in &rule.annotations {
            self.annotation(annotation, &mut meta);
            if rule.check && annotation.key.node == "cite" {
                self.errors.push(CheckError::CitedCheck {
                    span: annotation.key.span.join(annotation.value.span),
                });
            }
        }
        let condition = &rule.condition;
        let (lhs, goal, unit) = match &condition.node {
            Condition::Compare {
                lhs,
                op,
                rhs,
                tolerance,
                stretch,
            } => {
                let compared = self.compare(lhs, op.node, rhs, tolerance.as_ref())?;
                match stretch {
                    Some(stretch) => self.stretched(compared, op, stretch, tolerance.is_some())?,
                    None => compared,
                }
            }
            Condition::Range {
                lhs,
                low,
                high,
                since,
            } => self.range(lhs, low, high, since.as_ref())?,
            Condition::Done { lhs, items } => self.done(lhs, items)?,
        };
        if self.errors.len() > errors_before {
            return None;
        }
        // A rule on one labelled metric is titled by the label unless it says otherwise.
        let title = meta.title.or_else(|| match &lhs {
            Num::Metric { name, .. } => self.metrics.get(name).and_then(|m| m.label.clone()),
            _ => None,
        });
        let attainment = meta
            .attainment
            .unwrap_or_else(|| self.attainment_as_printed(&lhs, &goal));
        if let Some((_, span)) = meta.precision
            && goal.direction() == super::Direction::Within
        {
            self.errors.push(CheckError::PrecisionOnBand { span });
            return None;
        }
        Some(CheckedRule {
            attainment,
            precision: meta.precision.map(|(places, _)| places),
            approx_target: marked_approx(&condition.node),
            id: meta.id.unwrap_or_default(),
            title,
            cite: meta.cite,
            review: meta.review,
            severity: meta.severity.unwrap_or(Severity::Error),
            group: None,
            check: rule.check,
            span,
            condition_span: condition.span,
            text: condition.node.to_string(),
            lhs_text: condition.node.halves().0,
            target_text: condition.node.halves().1,
            unit,
            lhs,
            goal,
        })
    }

    /// How reports print the attainment of such a target: a change as the
    /// share of the planned change achieved, a flow as the share of its
    /// plan realised (a cap too), a level where less is better as target
    /// over actual, any other as actual over target.
    fn attainment_as_printed(&self, lhs: &Num, goal: &Goal) -> AttainmentBasis {
        let all_flows = lhs.metrics().iter().all(|(name, _)| {
            self.metrics
                .get(*name)
                .is_some_and(|m| m.kind == crate::syntax::ast::MetricKind::Flow)
        });
        match goal {
            Goal::Change { ratio: false, .. }
            | Goal::Range {
                change: Some(_), ..
            } => AttainmentBasis::Change,
            _ if all_flows => AttainmentBasis::ActualOverTarget,
            _ if goal.direction() == super::Direction::AtMost => AttainmentBasis::TargetOverActual,
            _ => AttainmentBasis::ActualOverTarget,
        }
    }

    fn annotation(&mut self, annotation: &ast::Annotation, meta: &mut Meta) {
        let value = annotation.value.node.clone();
        let key = &annotation.key;
        let previous = match key.node.as_str() {
            "id" => meta.id.replace(value).is_some(),
            "title" => meta.title.replace(value).is_some(),
            "cite" => meta.cite.replace(value).is_some(),
            "review" => meta.review.replace(value).is_some(),
            "precision" => {
                let places = value
                    .strip_suffix('%')
                    .and_then(|p| Decimal::from_str_exact(p.trim()).ok())
                    .filter(|p| {
                        // One, or a tenth, a hundredth ... of a percent.
                        let p = p.normalize();
                        p.mantissa() == 1 && p.scale() <= 6
                    })
                    .map(|p| p.normalize().scale());
                let Some(places) = places else {
                    self.errors.push(CheckError::BadPrecision {
                        value,
                        span: annotation.value.span,
                    });
                    return;
                };
                meta.precision
                    .replace((places, annotation.value.span))
                    .is_some()
            }
            "attainment" => {
                let Some((basis, _)) = AttainmentBasis::ALL.iter().find(|(_, n)| *n == value)
                else {
                    self.errors.push(CheckError::BadAttainment {
                        value,
                        span: annotation.value.span,
                    });
                    return;
                };
                meta.attainment.replace(*basis).is_some()
            }
            "severity" => {
                let severity = match value.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => {
                        self.errors.push(CheckError::BadSeverity {
                            value,
                            span: annotation.value.span,
                        });
                        return;
                    }
                };
                meta.severity.replace(severity).is_some()
            }
            other => {
                self.errors.push(CheckError::UnknownAnnotation {
                    key: other.to_string(),
                    span: key.span,
                    help: did_you_mean(closest(other, ANNOTATIONS.iter().copied())),
                });
                return;
            }
        };
        if previous {
            self.repeated(&format!("@{}", key.node), key.span);
        }
    }

    pub(super) fn compare(
        &mut self,
        lhs: &Spanned<Expr>,
        op: CmpOp,
        rhs: &Spanned<Target>,
        tolerance: Option<&Spanned<Quantity>>,
    ) -> Option<(Num, Goal, Unit)> {
        let lhs_unit = self.unit_of(lhs)?;
        match &rhs.node {
            Target::Expr(expr) => {
                let rhs_expr = Spanned::new(expr.clone(), rhs.span);
                let rhs_unit = self.unit_of(&rhs_expr)?;
                let unit = self.common_unit(lhs, lhs_unit, &rhs_expr, rhs_unit)?;
                let tolerance = match tolerance {
                    Some(t) => Some(self.constant(t, &unit)?),
                    None => None,
                };
                let goal = Goal::Compare {
                    op,
                    target: self.lower(&rhs_expr, &unit),
                    tolerance,
                    stretch: None,
                };
                Some((self.lower(lhs, &unit), goal, unit))
            }
            Target::Change {
                amount,
                ratio,
                same_period,
                year,
            } => {
                let unit = lhs_unit.unwrap_or_else(Unit::count);
                let base = self.baseline(*same_period, year.as_ref());
                let (amount, relative) = self.change_amount(amount, &unit, *ratio)?;
                let tolerance = match tolerance {
                    Some(t) => Some(self.constant(t, &unit)?),
                    None => None,
                };
                let goal = Goal::Change {
                    op,
                    amount,
                    relative,
                    ratio: *ratio,
                    base,
                    tolerance,
                };
                Some((self.lower(lhs, &unit), goal, unit))
            }
        }
    }

    /// `x >= 4 to 6`: the comparison `compared` given its stretch goal,
    /// which must lie beyond a constant target in the good direction.
    fn stretched(
        &mut self,
        compared: (Num, Goal, Unit),
        op: &Spanned<CmpOp>,
        stretch: &Spanned<Quantity>,
        tolerance: bool,
    ) -> Option<(Num, Goal, Unit)> {
        let (lhs, goal, unit) = compared;
        let Goal::Compare {
            op: cmp,
            target: Num::Const(target),
            ..
        } = goal
        else {
            self.errors
                .push(CheckError::StretchNeedsConstant { span: stretch.span });
            return None;
        };
        if cmp == CmpOp::Eq || tolerance {
            self.errors.push(CheckError::StretchNotAFloor {
                op: op.node.symbol(),
                span: op.span.join(stretch.span),
            });
            return None;
        }
        let value = self.constant(stretch, &unit)?;
        let beyond = match goal.direction() {
            super::Direction::AtLeast => value > target,
            _ => value < target,
        };
        if !beyond {
            self.errors.push(CheckError::StretchNotBeyond {
                stretch: stretch.node.to_string(),
                more: goal.direction() == super::Direction::AtLeast,
                span: stretch.span,
            });
            return None;
        }
        let goal = Goal::Compare {
            op: cmp,
            target: Num::Const(target),
            tolerance: None,
            stretch: Some(value),
        };
        Some((lhs, goal, unit))
    }

    /// What a change is measured from; a named year must come before the
    /// target year.
    fn baseline(&mut self, same_period: bool, year: Option<&Spanned<i32>>) -> Baseline {
        if let Some(year) = year
            && let Some(target_year) = self.year.filter(|&y| year.node >= y)
        {
            self.errors.push(CheckError::BaselineNotBefore {
                baseline: year.node,
                year: target_year,
                span: year.span,
            });
        }
        Baseline {
            year: year.map(|y| y.node),
            same_period,
        }
    }

    /// A change as written, and whether it is relative: `+3%` is a
    /// fraction of the baseline (`0.03`), `+5.6 million VND` an amount in
    /// base units, `112%` of a `ratio` the fraction added (`0.12`).
    fn change_amount(
        &mut self,
        amount: &Spanned<Quantity>,
        unit: &Unit,
        ratio: bool,
    ) -> Option<(Decimal, bool)> {
        let percent = amount
            .node
            .unit
            .as_ref()
            .is_some_and(|u| matches!(u.node.as_str(), "%" | "percent"));
        if ratio && !percent {
            self.errors
                .push(CheckError::RatioNotPercent { span: amount.span });
            return None;
        }
        // A ratio is relative whatever the unit: 90% of last year's rate
        // is unambiguous.
        let relative = ratio || percent && !unit.is_ratio();
        if percent && unit.is_ratio() && !ratio {
            self.errors
                .push(CheckError::AmbiguousPercentChange { span: amount.span });
            return None;
        }
        let value = amount.node.value.node;
        let amount = if ratio {
            value / Decimal::ONE_HUNDRED - Decimal::ONE
        } else if relative {
            value / Decimal::ONE_HUNDRED
        } else {
            self.constant(amount, unit)?
        };
        Some((amount, relative))
    }

    /// `x done for "A", "B"`: the count of named items done must reach
    /// the count named, each item one of the metric's unit.
    fn done(
        &mut self,
        lhs: &Spanned<Expr>,
        items: &[Spanned<String>],
    ) -> Option<(Num, Goal, Unit)> {
        let Expr::Metric(name) = &lhs.node else {
            self.errors
                .push(CheckError::DoneNeedsMetric { span: lhs.span });
            return None;
        };
        let unit = self.unit_of(lhs)?.unwrap_or_else(Unit::count);
        let mut named: Vec<(String, Span)> = Vec::with_capacity(items.len());
        for item in items {
            let folded = crate::span::folded(&item.node);
            if folded.is_empty() {
                self.errors.push(CheckError::EmptyItem { span: item.span });
                return None;
            }
            if let Some((_, first)) = named.iter().find(|(n, _)| *n == folded) {
                self.errors.push(CheckError::RepeatedItem {
                    item: folded,
                    span: item.span,
                    first: *first,
                });
                return None;
            }
            named.push((folded, item.span));
        }
        let count = Decimal::from(named.len());
        let Some(target) = unit.to_base(count) else {
            self.errors.push(CheckError::Overflow {
                text: format!("{count} {}", unit.name),
                span: lhs.span,
            });
            return None;
        };
        let items: Vec<String> = named.into_iter().map(|(n, _)| n).collect();
        if let Some(metric) = self.metrics.get_mut(name) {
            metric.items.extend(items.iter().cloned());
            metric.items.sort();
            metric.items.dedup();
        }
        let goal = Goal::Compare {
            op: CmpOp::Ge,
            target: Num::Const(target),
            tolerance: None,
            stretch: None,
        };
        let lhs = Num::Done {
            name: name.clone(),
            span: lhs.span,
            items,
        };
        Some((lhs, goal, unit))
    }

    pub(super) fn range(
        &mut self,
        lhs: &Spanned<Expr>,
        low: &Spanned<Quantity>,
        high: &Spanned<Quantity>,
        since: Option<&ast::Since>,
    ) -> Option<(Num, Goal, Unit)> {
        let unit = self.unit_of(lhs)?.unwrap_or_else(Unit::count);
        let mut change = None;
        let (low_base, high_base) = match since {
            None => (self.constant(low, &unit)?, self.constant(high, &unit)?),
            Some(since) => {
                let base = self.baseline(since.same_period, since.year.as_ref());
                let low_change = self.change_amount(low, &unit, false)?;
                let high_change = self.change_amount(high, &unit, false)?;
                if low_change.1 != high_change.1 {
                    self.errors.push(CheckError::MixedBand {
                        span: low.span.join(high.span),
                    });
                    return None;
                }
                change = Some((low_change.1, base));
                (low_change.0, high_change.0)
            }
        };
        if low_base > high_base {
            self.errors.push(CheckError::EmptyRange {
                low: low.node.to_string(),
                high: high.node.to_string(),
                span: low.span.join(high.span),
            });
            return None;
        }
        let goal = Goal::Range {
            low: low_base,
            high: high_base,
            change,
        };
        Some((self.lower(lhs, &unit), goal, unit))
    }
}

const ANNOTATIONS: &[&str] = &[
    "id",
    "title",
    "cite",
    "severity",
    "review",
    "attainment",
    "precision",
];

#[derive(Default)]
struct Meta {
    id: Option<String>,
    title: Option<String>,
    cite: Option<String>,
    severity: Option<Severity>,
    review: Option<String>,
    attainment: Option<AttainmentBasis>,
    precision: Option<(u32, Span)>,
}

/// Whether the target is marked approximate anywhere (`~5200`).
fn marked_approx(condition: &Condition) -> bool {
    fn in_expr(expr: &Expr) -> bool {
        match expr {
            Expr::Number(q) => q.approx,
            Expr::Metric(_) => false,
            Expr::Neg(inner) | Expr::Paren(inner) => in_expr(&inner.node),
            Expr::Binary { lhs, rhs, .. } => in_expr(&lhs.node) || in_expr(&rhs.node),
        }
    }
    match condition {
        Condition::Compare { rhs, .. } => match &rhs.node {
            Target::Expr(expr) => in_expr(expr),
            Target::Change { amount, .. } => amount.node.approx,
        },
        Condition::Range { low, high, .. } => low.node.approx || high.node.approx,
        Condition::Done { .. } => false,
    }
}

/// A rule without `@id` is named after its metric.
fn default_id(condition: &Condition) -> String {
    let lhs = condition.lhs();
    let mut names = Vec::new();
    metric_names(&lhs.node, &mut names);
    match names.as_slice() {
        [one] => one.clone(),
        _ => names.join("+"),
    }
}
