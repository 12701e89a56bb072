//! Shares that do not add up, and numbers and units as written that are
//! probably not what was meant.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::Lint;
use crate::check::{BinOp, CheckedRule, CmpOp, Goal, Num, Program};
use crate::span::Spanned;
use crate::syntax::ast::{Condition, Expr, Quantity, Target, decimal_text};

/// Metrics summed on the left of `a + b + c == 100%`.
fn summed_metrics(num: &Num, out: &mut Vec<String>) -> bool {
    match num {
        Num::Metric { name, .. } => {
            out.push(name.clone());
            true
        }
        Num::Binary {
            op: BinOp::Add,
            lhs,
            rhs,
        } => summed_metrics(lhs, out) && summed_metrics(rhs, out),
        _ => false,
    }
}

pub(super) fn shares(rules: &[(&CheckedRule, &Spanned<Condition>)], out: &mut Vec<Lint>) {
    // The first `metric == constant` target of each metric.
    let mut equal_targets: HashMap<&str, Decimal> = HashMap::new();
    for (rule, _) in rules {
        if let (
            Num::Metric { name, .. },
            Goal::Compare {
                op: CmpOp::Eq,
                target: Num::Const(t),
                ..
            },
        ) = (&rule.lhs, &rule.goal)
        {
            equal_targets.entry(name.as_str()).or_insert(*t);
        }
    }
    for (rule, _) in rules {
        let Goal::Compare {
            op: CmpOp::Eq,
            target: Num::Const(whole),
            tolerance,
            ..
        } = &rule.goal
        else {
            continue;
        };
        let mut parts = Vec::new();
        if !summed_metrics(&rule.lhs, &mut parts) || parts.len() < 2 {
            continue;
        }
        let targets: Option<Vec<Decimal>> = parts
            .iter()
            .map(|part| equal_targets.get(part.as_str()).copied())
            .collect();
        let Some(targets) = targets else {
            continue;
        };
        let total: Decimal = targets.iter().sum();
        let tol = tolerance.unwrap_or_default().abs();
        if (total - whole).abs() > tol {
            let shown = |v: Decimal| {
                let value = rule.unit.from_base(v).unwrap_or(v);
                format!(
                    "{}{}",
                    decimal_text(value),
                    if rule.unit.is_ratio() { "%" } else { "" }
                )
            };
            out.push(Lint::SharesDoNotSum {
                total: shown(total),
                whole: shown(*whole),
                span: rule.condition_span,
            });
        }
    }
}

/// Every number literal of a condition, with its span.
fn quantities(condition: &Condition) -> Vec<&Spanned<Quantity>> {
    let mut out = Vec::new();
    match condition {
        Condition::Compare { rhs, tolerance, .. } => {
            if let Target::Change { amount, .. } = &rhs.node {
                out.push(amount);
            }
            if let Some(t) = tolerance {
                out.push(t);
            }
        }
        Condition::Range { low, high, .. } => {
            out.push(low);
            out.push(high);
        }
        Condition::Done { .. } => {}
    }
    out
}

pub(super) fn literals(
    rules: &[(&CheckedRule, &Spanned<Condition>)],
    program: &Program,
    source: &str,
    out: &mut Vec<Lint>,
) {
    for (rule, condition) in rules {
        let Condition::Compare { rhs, tolerance, .. } = &condition.node else {
            check_dot_thousands(rule, program, source, quantities(&condition.node), out);
            continue;
        };
        let mut numbers = quantities(&condition.node);
        let target = match &rhs.node {
            Target::Expr(Expr::Number(q)) => Some(Spanned::new(q.clone(), rhs.span)),
            _ => None,
        };
        if let Some(t) = &target {
            numbers.push(t);
        }
        check_dot_thousands(rule, program, source, numbers, out);
        if rule.unit.is_ratio() {
            let mut written: Vec<&Spanned<Quantity>> = Vec::new();
            if let Some(t) = tolerance
                && t.node.unit.as_ref().is_some_and(|u| u.node == "%")
            {
                written.push(t);
            }
            for q in written {
                out.push(Lint::PercentVersusPoints {
                    written: q.node.to_string(),
                    value: decimal_text(q.node.value.node),
                    tolerance: true,
                    span: q.span,
                });
            }
            // A bare number is in the rule's unit: `0.037` against a
            // percentage is 0.037%, most likely meant as 3.7%.
            let one_percent = Decimal::new(1, 2);
            if let Some(t) = target.as_ref().filter(|t| {
                let value = t.node.value.node;
                t.node.unit.is_none()
                    && rule.unit.scale == one_percent
                    && value > Decimal::ZERO
                    && value < Decimal::ONE
            }) {
                let written = decimal_text(t.node.value.node);
                let percent = decimal_text(t.node.value.node * Decimal::ONE_HUNDRED);
                out.push(Lint::FractionForPercent {
                    written,
                    percent,
                    span: t.span,
                });
            }
            if let Some(t) = target
                .as_ref()
                .filter(|t| t.node.unit.as_ref().is_some_and(|u| u.node == "pp"))
            {
                out.push(Lint::PercentVersusPoints {
                    written: t.node.to_string(),
                    value: decimal_text(t.node.value.node),
                    tolerance: false,
                    span: t.span,
                });
            }
        }
        if let (Some(t), Some(tol)) = (&target, tolerance) {
            let target_value = t.node.value.node.abs();
            let same_unit = t.node.unit.as_ref().map(|u| &u.node)
                == tol.node.unit.as_ref().map(|u| &u.node)
                || tol.node.unit.as_ref().is_some_and(|u| u.node == "pp")
                    && t.node.unit.as_ref().is_some_and(|u| u.node == "%");
            if same_unit && tol.node.value.node > target_value {
                out.push(Lint::WideTolerance {
                    tolerance: tol.node.to_string(),
                    target: t.node.to_string(),
                    span: tol.span,
                });
            }
        }
    }
}

/// `3.830` on a count is most likely 3,830 written the Vietnamese way.
fn check_dot_thousands(
    rule: &CheckedRule,
    program: &Program,
    source: &str,
    numbers: Vec<&Spanned<Quantity>>,
    out: &mut Vec<Lint>,
) {
    let countable = !rule.unit.is_ratio()
        && !["VND", "USD", "mass", "area"].contains(&rule.unit.dimension.as_str())
        && rule
            .lhs
            .metrics()
            .iter()
            .all(|(name, _)| program.metrics.contains_key(*name));
    if !countable {
        return;
    }
    for q in numbers {
        let value = q.node.value;
        let text = source
            .get(value.span.start..value.span.end)
            .unwrap_or_default();
        let digits = text.trim_start_matches(['+', '-']);
        let dot_grouped = digits.split_once('.').is_some_and(|(int, frac)| {
            (1..=3).contains(&int.len()) && frac.len() == 3 && !int.contains(',')
        });
        if dot_grouped && q.node.unit.is_none() {
            out.push(Lint::DotThousands {
                text: text.to_string(),
                value: decimal_text(value.node),
                thousands: digits.replace('.', ","),
                span: value.span,
                unit: rule.unit.name.clone(),
            });
        }
    }
}
