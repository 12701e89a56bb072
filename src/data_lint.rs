//! Lints that read the submitted figures: a level target and a growth
//! target on one metric that disagree with the baseline year's figure.
//! They live above the engine, which reads the figures, so that checking
//! a rule file never depends on data or evaluation.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::check::{Baseline, CheckedRule, CmpOp, Goal, Lint, Num, Program, conditions, lint};
use crate::data::Dataset;
use crate::eval::Values;
use crate::span::Spanned;
use crate::syntax::ast::{Condition, Expr, RuleFile, Target};

/// [`lint`], and where `data` is given the lints against its figures, in
/// the order of the file.
pub fn lint_with_data(
    file: &RuleFile,
    program: &Program,
    source: &str,
    data: Option<&Dataset>,
) -> Vec<Lint> {
    let mut out = lint(file, program, source);
    if let Some(data) = data {
        growth(&conditions(file, program), program, data, &mut out);
        out.sort_by_key(|lint| lint.span().start);
    }
    out
}

fn growth(
    rules: &[(&CheckedRule, &Spanned<Condition>)],
    program: &Program,
    data: &Dataset,
    out: &mut Vec<Lint>,
) {
    let values = Values::new(program, data);
    let mut by_metric: HashMap<&str, Vec<(&CheckedRule, &Spanned<Condition>)>> = HashMap::new();
    for &(rule, condition) in rules {
        if let Num::Metric { name, .. } = &rule.lhs {
            by_metric
                .entry(name.as_str())
                .or_default()
                .push((rule, condition));
        }
    }
    for (growth_rule, _) in rules {
        let Goal::Change {
            relative: true,
            ratio: false,
            amount,
            base:
                Baseline {
                    year: Some(year),
                    same_period: false,
                },
            ..
        } = &growth_rule.goal
        else {
            continue;
        };
        let Num::Metric { name, .. } = &growth_rule.lhs else {
            continue;
        };
        let Some(metric) = program.metrics.get(name) else {
            continue;
        };
        for &(level_rule, level_condition) in by_metric.get(name.as_str()).into_iter().flatten() {
            let Goal::Compare {
                op: CmpOp::Ge | CmpOp::Gt | CmpOp::Eq,
                target: Num::Const(level),
                ..
            } = &level_rule.goal
            else {
                continue;
            };
            // Half a unit in the last place the level target was written to.
            let places = match &level_condition.node {
                Condition::Compare { rhs, .. } => match &rhs.node {
                    Target::Expr(Expr::Number(q)) => q.value.node.scale(),
                    _ => 0,
                },
                Condition::Range { .. } | Condition::Done { .. } => 0,
            };
            let half_unit = Decimal::new(5, places + 1);
            let factor = Decimal::ONE + amount;
            for entity in data.entities() {
                let year_end = crate::data::Period::annual(*year);
                let Some(base) = values.at(entity, &growth_rule.lhs, year_end) else {
                    continue;
                };
                let (Some(base_u), Some(level_u)) =
                    (metric.unit.from_base(base), metric.unit.from_base(*level))
                else {
                    continue;
                };
                let implied_target = (base_u * factor).normalize();
                if (implied_target - level_u).abs() <= half_unit {
                    continue;
                }
                let implied_base = (level_u / factor).round_dp(places + 1).normalize();
                out.push(Lint::GrowthInconsistent {
                    metric: name.clone(),
                    year: *year,
                    level: level_u,
                    unit: metric.unit.to_string(),
                    growth: growth_rule
                        .text
                        .split_once(">= ")
                        .map_or("the growth", |(_, t)| t)
                        .to_string(),
                    implied_base,
                    entity: entity.to_string(),
                    reported: base_u.normalize(),
                    implied_target,
                    span: level_rule.condition_span,
                    other: growth_rule.condition_span,
                });
                break;
            }
        }
    }
}
