//! Targets on one metric that contradict or imply each other: levels with
//! levels, and changes with changes measured the same way from the same
//! baseline (`+8% vs same period` with `in +8% to +9% vs same period`).

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

/// What a rule's interval bounds: a metric's level, or its change from a
/// baseline, relative or not. Only intervals of one measure compare.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Measure<'r> {
    metric: &'r str,
    change: Option<(String, bool)>,
}

fn interval(rule: &CheckedRule) -> Option<(Measure<'_>, Interval)> {
    let Num::Metric { name, .. } = &rule.lhs else {
        return None;
    };
    let measure = |change: Option<(String, bool)>| Measure {
        metric: name.as_str(),
        change,
    };
    let bounded = |op: &CmpOp, t: Decimal, tolerance: Option<Decimal>| {
        let tol = tolerance.unwrap_or_default().abs();
        match op {
            CmpOp::Gt => Interval {
                low: Some((t - tol, false)),
                high: None,
            },
            CmpOp::Ge => Interval {
                low: Some((t - tol, true)),
                high: None,
            },
            CmpOp::Lt => Interval {
                low: None,
                high: Some((t + tol, false)),
            },
            CmpOp::Le => Interval {
                low: None,
                high: Some((t + tol, true)),
            },
            CmpOp::Eq => Interval {
                low: Some((t - tol, true)),
                high: Some((t + tol, true)),
            },
        }
    };
    let interval = match &rule.goal {
        // A relative change's tolerance is in the metric's unit, not a
        // fraction of the baseline: such a rule bounds neither exactly.
        Goal::Change {
            op,
            amount,
            relative,
            base,
            tolerance,
            ..
        } if !(*relative && tolerance.is_some()) => {
            let change = Some((base.to_string(), *relative));
            return Some((measure(change), bounded(op, *amount, *tolerance)));
        }
        Goal::Range {
            low,
            high,
            change: Some((relative, base)),
        } => {
            let change = Some((base.to_string(), *relative));
            let band = Interval {
                low: Some((*low, true)),
                high: Some((*high, true)),
            };
            return Some((measure(change), band));
        }
        Goal::Compare {
            op,
            target: Num::Const(t),
            tolerance,
            ..
        } => bounded(op, *t, *tolerance),
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
    Some((measure(None), interval))
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
    let mut by_measure: HashMap<Measure<'_>, Vec<(&CheckedRule, Interval)>> = HashMap::new();
    for (rule, _) in rules {
        if let Some((measure, i)) = interval(rule) {
            by_measure.entry(measure).or_default().push((*rule, i));
        }
    }
    let mut measures: Vec<&Measure<'_>> = by_measure.keys().collect();
    measures.sort_unstable();
    for measure in measures {
        let Some(group) = by_measure.get(measure) else {
            continue;
        };
        pairs(measure.metric, group, out);
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

#[cfg(test)]
mod tests {
    use crate::check::{Lint, check, lint};
    use crate::syntax::parse_rules;

    fn findings(rules: &str) -> Vec<Lint> {
        let file = parse_rules(rules).unwrap();
        let program = check(&file).unwrap();
        lint(&file, &program, rules)
            .into_iter()
            .filter(|l| matches!(l, Lint::Contradictory { .. } | Lint::Redundant { .. }))
            .collect()
    }

    const METRIC: &str = "metric out: flow billion VND\n";

    #[test]
    fn changes_from_one_baseline_are_compared() {
        let contradicting =
            format!("{METRIC}out >= +10% vs same period\n@id(b)\nout <= +5% vs same period\n");
        assert!(matches!(
            findings(&contradicting)[..],
            [Lint::Contradictory { .. }]
        ));
        let band = format!("{METRIC}out in +8% to +9% vs 2023\n@id(b)\nout >= +10% vs 2023\n");
        assert!(matches!(findings(&band)[..], [Lint::Contradictory { .. }]));
        let implied = format!("{METRIC}out >= +8% vs 2023\n@id(b)\nout >= +5% vs 2023\n");
        assert!(matches!(findings(&implied)[..], [Lint::Redundant { .. }]));
    }

    #[test]
    fn changes_measured_differently_are_not_compared() {
        // Another baseline, a level, an absolute change: no finding.
        for other in [
            "out <= +5% vs 2023",
            "out <= +5% vs same period 2022",
            "out <= 5 billion VND",
            "out <= +5 billion VND vs same period",
        ] {
            let rules = format!("{METRIC}out >= +10% vs same period\n@id(b)\n{other}\n");
            assert!(findings(&rules).is_empty(), "{other}");
        }
    }
}
