//! Mistakes a checked rule file can still hold: contradictions, redundant
//! or inconsistent targets, likely typos in numbers and units. Found before
//! any data exists (and, given data, against the baseline year).

use miette::Diagnostic;
use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use thiserror::Error;

use super::{CheckedRule, CmpOp, Goal, Num, Program};
use crate::span::{Span, Spanned};
use crate::syntax::ast::{Condition, Expr, Item, Quantity, RuleFile, Target, decimal_text};

#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lint {
    /// `metric cattle: stock head` and no rule on `cattle`
    #[error("metric `{name}` is declared but no rule uses it")]
    #[diagnostic(
        code(resolute::lint::unused_metric),
        severity(Warning),
        help("remove it, or add the target it was declared for")
    )]
    UnusedMetric {
        name: String,
        #[label("unused")]
        span: Span,
    },

    /// `x > 5` and `x < 3`
    #[error("no value of `{metric}` can meet both targets")]
    #[diagnostic(
        code(resolute::lint::contradictory),
        help("one of the two targets is wrong; a value can't be {first} and {second} at once")
    )]
    Contradictory {
        metric: String,
        first: String,
        second: String,
        #[label("this target")]
        span: Span,
        #[label("contradicts this one")]
        other: Span,
    },

    /// `x > 5` and `x > 3`
    #[error("`{metric}` {weaker} is implied by {stronger}")]
    #[diagnostic(
        code(resolute::lint::redundant),
        severity(Warning),
        help(
            "if these are two plans (the province's and the district's), give each its own `@cite`; otherwise remove the weaker one"
        )
    )]
    Redundant {
        metric: String,
        weaker: String,
        stronger: String,
        #[label("always met when the other is")]
        span: Span,
        #[label("the stronger target")]
        other: Span,
    },

    /// `a == 24.4%`, `b == 40.1%`, `c == 35.0%` and `a + b + c == 100%`
    #[error("the share targets add up to {total}, not {whole}")]
    #[diagnostic(
        code(resolute::lint::shares_do_not_sum),
        severity(Warning),
        help("the parts of a whole must sum to it; check each share's target")
    )]
    SharesDoNotSum {
        total: String,
        whole: String,
        #[label("the whole")]
        span: Span,
    },

    /// `x >= 6,413.5` with `x >= +19% vs 2022` when 2022 was 5,390
    #[error("`{metric}`: the level and growth targets disagree with the {year} figure")]
    #[diagnostic(code(resolute::lint::growth_inconsistent), severity(Warning))]
    GrowthInconsistent {
        metric: String,
        year: i32,
        #[label("level target")]
        span: Span,
        #[label("growth target")]
        other: Span,
        #[help]
        help: String,
    },

    /// `share == 24.4% ± 0.5%`
    #[error("`{written}` on a percentage is ambiguous")]
    #[diagnostic(code(resolute::lint::percent_points), severity(Warning))]
    PercentVersusPoints {
        written: String,
        #[label("percent or percentage points?")]
        span: Span,
        #[help]
        help: String,
    },

    /// `x == 2 ± 3`
    #[error("the tolerance {tolerance} is wider than the target {target}")]
    #[diagnostic(
        code(resolute::lint::wide_tolerance),
        severity(Warning),
        help("a tolerance is the allowed distance from the target; check its unit (`pp`, `‰`)")
    )]
    WideTolerance {
        tolerance: String,
        target: String,
        #[label("wider than the target")]
        span: Span,
    },

    /// `new_jobs >= 3.830` (Vietnamese thousands separator)
    #[error("`{text}` is {value}, a fraction of a count")]
    #[diagnostic(code(resolute::lint::dot_thousands), severity(Warning))]
    DotThousands {
        text: String,
        value: String,
        #[label("fractional {unit}")]
        span: Span,
        unit: String,
        #[help]
        help: String,
    },

    /// `metric poverty_rate: stock count`
    #[error("`{metric}` looks like a rate but is measured in {unit}")]
    #[diagnostic(
        code(resolute::lint::rate_unit),
        severity(Warning),
        help("declare rates and shares in `%` or `‰`, e.g. `metric {metric}: stock %`")
    )]
    RateWithoutPercent {
        metric: String,
        unit: String,
        #[label("not a percentage")]
        span: Span,
    },

    /// `@review("carried over from 2023")`
    #[error("`{id}` is marked for review: {note}")]
    #[diagnostic(
        code(resolute::lint::review),
        severity(Warning),
        help("confirm or change the target, then remove the `@review` annotation")
    )]
    Review {
        id: String,
        note: String,
        #[label("not yet reviewed")]
        span: Span,
    },
}

impl Lint {
    pub fn is_error(&self) -> bool {
        self.severity().is_none_or(|s| s == miette::Severity::Error)
    }
}

/// Each checked rule with its condition as written.
pub fn conditions<'a>(
    file: &'a RuleFile,
    program: &'a Program,
) -> Vec<(&'a CheckedRule, &'a Spanned<Condition>)> {
    program
        .rules
        .iter()
        .zip(file.items.iter().filter_map(|item| match &item.node {
            Item::Rule(rule) => Some(&rule.condition),
            _ => None,
        }))
        .collect()
}

/// Lints a checked rule file, in the order of the file. Lints that need
/// the data's figures run above the engine, where figures can be read.
pub fn lint(file: &RuleFile, program: &Program, source: &str) -> Vec<Lint> {
    let rules = conditions(file, program);
    let mut out = Vec::new();
    unused_metrics(program, &mut out);
    bounds(&rules, &mut out);
    shares(&rules, &mut out);
    literals(&rules, program, source, &mut out);
    for (rule, _) in &rules {
        if let Some(note) = &rule.review {
            out.push(Lint::Review {
                id: rule.id.clone(),
                note: note.clone(),
                span: rule.condition_span,
            });
        }
    }
    out.sort_by_key(|lint| lint.span().start);
    out
}

impl Lint {
    /// Where the lint points first.
    pub fn span(&self) -> Span {
        match self {
            Lint::UnusedMetric { span, .. }
            | Lint::Contradictory { span, .. }
            | Lint::Redundant { span, .. }
            | Lint::SharesDoNotSum { span, .. }
            | Lint::GrowthInconsistent { span, .. }
            | Lint::PercentVersusPoints { span, .. }
            | Lint::WideTolerance { span, .. }
            | Lint::DotThousands { span, .. }
            | Lint::RateWithoutPercent { span, .. }
            | Lint::Review { span, .. } => *span,
        }
    }
}

fn unused_metrics(program: &Program, out: &mut Vec<Lint>) {
    let used: HashSet<&str> = program
        .rules
        .iter()
        .flat_map(|r| r.lhs.metrics().into_iter().map(|(name, _)| name))
        .collect();
    for metric in program.metrics.values() {
        let Some(span) = metric.span else {
            continue;
        };
        if !used.contains(metric.name.as_str()) {
            out.push(Lint::UnusedMetric {
                name: metric.name.clone(),
                span,
            });
        }
        let rate_like = ["_rate", "_share", "_ratio"]
            .iter()
            .any(|s| metric.name.ends_with(s));
        if rate_like && !metric.unit.is_ratio() {
            out.push(Lint::RateWithoutPercent {
                metric: metric.name.clone(),
                unit: metric.unit.name.clone(),
                span,
            });
        }
    }
}

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
        Goal::Range { low, high } => Interval {
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

fn bounds(rules: &[(&CheckedRule, &Spanned<Condition>)], out: &mut Vec<Lint>) {
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

/// Metrics summed on the left of `a + b + c == 100%`.
fn summed_metrics(num: &Num, out: &mut Vec<String>) -> bool {
    match num {
        Num::Metric { name, .. } => {
            out.push(name.clone());
            true
        }
        Num::Binary {
            op: super::BinOp::Add,
            lhs,
            rhs,
        } => summed_metrics(lhs, out) && summed_metrics(rhs, out),
        _ => false,
    }
}

fn shares(rules: &[(&CheckedRule, &Spanned<Condition>)], out: &mut Vec<Lint>) {
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
    }
    out
}

fn literals(
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
                    span: q.span,
                    help: format!(
                        "a tolerance on a percentage is a distance in percentage points: write `{}pp`",
                        decimal_text(q.node.value.node)
                    ),
                });
            }
            if let Some(t) = target
                .as_ref()
                .filter(|t| t.node.unit.as_ref().is_some_and(|u| u.node == "pp"))
            {
                out.push(Lint::PercentVersusPoints {
                    written: t.node.to_string(),
                    span: t.span,
                    help: format!(
                        "`pp` measures a change between percentages; a level is written `{}%`",
                        decimal_text(t.node.value.node)
                    ),
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
            let as_thousands = digits.replace('.', ",");
            out.push(Lint::DotThousands {
                text: text.to_string(),
                value: decimal_text(value.node),
                span: value.span,
                unit: rule.unit.name.clone(),
                help: format!(
                    "if you mean {as_thousands}, write `{as_thousands}`: `.` is the decimal point"
                ),
            });
        }
    }
}
