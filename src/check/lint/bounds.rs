//! Targets on one metric that contradict or imply each other.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::Lint;
use crate::check::{CheckedRule, CmpOp, Goal, Num};
use crate::span::Spanned;
use crate::syntax::ast::Condition;

/// A target on one metric as an interval of allowed values (base units).
#[derive(Clone, Copy)]
struct Interval {
    low: Option<(Decimal, bool)>,
    high: Option<(Decimal, bool)>,
}

fn interval(rule: &CheckedRule) -> Option<(&str, Interval)> {
    let Num::Metric { name, .. } = &rule.lhs else {
        return None;
    };
    let interval = match &rule.goal {
        Goal::Compare {
            op,
            target: Num::Const(t),
            tolerance,
        } => {
            let tol = tolerance.unwrap_or_default().abs();
            match op {
                CmpOp::Gt => Interval {
                    low: Some((*t - tol, false)),
                    high: None,
                },
                CmpOp::Ge => Interval {
                    low: Some((*t - tol, true)),
                    high: None,
                },
                CmpOp::Lt => Interval {
                    low: None,
                    high: Some((*t + tol, false)),
                },
                CmpOp::Le => Interval {
                    low: None,
                    high: Some((*t + tol, true)),
                },
                CmpOp::Eq => Interval {
                    low: Some((*t - tol, true)),
                    high: Some((*t + tol, true)),
                },
            }
        }
        // A band of change bounds the change, not the level.
        Goal::Range {
            low,
            high,
            change: None,
        } => Interval {
            low: Some((*low, true)),
            high: Some((*high, true)),
        },
        _ => return None,
    };
    Some((name.as_str(), interval))
}

fn disjoint(a: Interval, b: Interval) -> bool {
    let below = |low: Option<(Decimal, bool)>, high: Option<(Decimal, bool)>| match (low, high) {
        (Some((l, li)), Some((h, hi))) => l > h || (l == h && !(li && hi)),
        _ => false,
    };
    below(a.low, b.high) || below(b.low, a.high)
}

/// Whether every value allowed by `a` is allowed by `b`.
fn within(a: Interval, b: Interval) -> bool {
    let low_ok = match (a.low, b.low) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some((x, xi)), Some((y, yi))) => x > y || (x == y && (yi || !xi)),
    };
    let high_ok = match (a.high, b.high) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some((x, xi)), Some((y, yi))) => x < y || (x == y && (yi || !xi)),
    };
    low_ok && high_ok
}

pub(super) fn bounds(rules: &[(&CheckedRule, &Spanned<Condition>)], out: &mut Vec<Lint>) {
    let mut by_metric: HashMap<&str, Vec<(&CheckedRule, Interval)>> = HashMap::new();
    for (rule, _) in rules {
        if let Some((metric, i)) = interval(rule) {
            by_metric.entry(metric).or_default().push((*rule, i));
        }
    }
    let mut metrics: Vec<&str> = by_metric.keys().copied().collect();
    metrics.sort_unstable();
    for metric in metrics {
        let Some(group) = by_metric.get(metric) else {
            continue;
        };
        pairs(metric, group, out);
    }
}

/// Most rules a target is compared with: a metric with thousands of
/// targets is a generated file, and pairs beyond these add nothing.
const MAX_PAIRED: usize = 256;

fn pairs(metric: &str, group: &[(&CheckedRule, Interval)], out: &mut Vec<Lint>) {
    // One finding per rule: the first rule it contradicts or is implied by.
    let mut reported: HashSet<usize> = HashSet::new();
    for (i, &(a, ia)) in group.iter().enumerate() {
        for (j, &(b, ib)) in group.iter().enumerate().skip(i + 1).take(MAX_PAIRED) {
            if a.severity != b.severity || reported.contains(&i) || reported.contains(&j) {
                continue;
            }
            let rest = |r: &CheckedRule| {
                r.text
                    .split_once(' ')
                    .map_or(r.text.clone(), |(_, t)| t.to_string())
            };
            if disjoint(ia, ib) {
                reported.insert(j);
                out.push(Lint::Contradictory {
                    metric: metric.to_string(),
                    first: rest(b),
                    second: rest(a),
                    span: b.condition_span,
                    other: a.condition_span,
                });
                continue;
            }
            let two_plans = a.cite.is_some() && b.cite.is_some() && a.cite != b.cite;
            if two_plans {
                continue;
            }
            let (weaker, stronger) = if within(ia, ib) {
                reported.insert(j);
                (b, a)
            } else if within(ib, ia) {
                reported.insert(i);
                (a, b)
            } else {
                continue;
            };
            out.push(Lint::Redundant {
                metric: metric.to_string(),
                weaker: rest(weaker),
                stronger: format!("`{}`", rest(stronger)),
                span: weaker.condition_span,
                other: stronger.condition_span,
            });
        }
    }
}
