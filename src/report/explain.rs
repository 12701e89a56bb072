//! `resolute explain`: how one rule was judged for each entity, step by
//! step, with the file and line of every figure, so a finding can be
//! defended.

use crate::eval::Note;
use rust_decimal::Decimal;
use std::fmt::Write;

use super::Context;
use super::cells::{as_of_text, target_text};
use super::lang::{Coverage, Label, Msg};
use super::visible::visible;
use crate::check::{AttainmentBasis, CheckedRule, Direction, Goal, MetricKind};
use crate::data::{Basis, Period};
use crate::eval::{Input, RuleResult, Status, elapsed_share};

/// How rule `rule_index` was judged for each entity, step by step.
pub fn explain(cx: &Context<'_>, rule_index: usize) -> String {
    let lang = cx.lang;
    let mut out = String::new();
    let Some(rule) = cx.program.rules.get(rule_index) else {
        return out;
    };
    let _ = write!(out, "{}", rule.id);
    if let Some(title) = &rule.title {
        let _ = write!(out, " — {title}");
    }
    if let Some(cite) = &rule.cite {
        let _ = write!(out, " ({})", lang.cite(cite));
    }
    let (line, col) = cx.rules_line_col(rule.condition_span.start);
    let _ = writeln!(
        out,
        "\n{:<6} {}:{line}:{col}  {}",
        lang.text(Label::Rule),
        cx.rules_path,
        rule.text
    );
    let _ = writeln!(out, "{}", as_of_text(cx));
    for result in cx.evaluation.results_where(|j| j.rule == rule_index) {
        let result = &result;
        let _ = writeln!(out, "\n{}", result.entity);
        let mut step = 0;
        let mut say = |text: String| {
            step += 1;
            let _ = writeln!(out, "  {step}. {text}");
        };
        for (name, _) in rule.lhs.metrics() {
            let Some(metric) = cx.program.metrics.get(name) else {
                continue;
            };
            let inputs: Vec<&Input> = result
                .inputs
                .iter()
                .filter(|i| &*i.metric == name)
                .collect();
            let mut text = lang.say(&Msg::ReadAs {
                metric: name,
                // Named as a plural, however many there are.
                unit: &lang.unit(Decimal::TWO, lang.unit_name(&metric.unit)),
                flow: metric.kind == MetricKind::Flow,
            });
            for (i, input) in inputs.iter().enumerate() {
                let sign = if i == 0 { " " } else { "+" };
                let coverage = match input.basis {
                    _ if metric.kind == MetricKind::Stock => Coverage::Level,
                    _ if input.period.is_year() => Coverage::WholeYear,
                    Basis::Cumulative => Coverage::YearToDate,
                    Basis::Quarter => Coverage::QuarterOnly,
                    Basis::Month => Coverage::MonthOnly,
                };
                let _ = write!(
                    text,
                    "\n       {sign} {:<10} {:<12} {:>16}   {}",
                    lang.period(input.period),
                    lang.say(&Msg::Covers(coverage)),
                    lang.quantity(input.value, lang.unit_name(&metric.unit)),
                    cx.data.describe(input.location)
                );
                if input.estimate {
                    let _ = write!(text, "   {}", lang.say(&Msg::EstimateFigure));
                }
            }
            if inputs.len() > 1 {
                let total: rust_decimal::Decimal = inputs.iter().map(|i| i.value).sum();
                let _ = write!(
                    text,
                    "\n       = {}",
                    lang.quantity(total, lang.unit_name(&metric.unit))
                );
            }
            say(text);
        }
        if let (Status::Missing | Status::Error, Some(note)) = (result.status, &result.note) {
            say(format!(
                "{}: {}",
                lang.note(note),
                lang.status(result.status)
            ));
            continue;
        }
        if let (Some(items), Some(_)) = (rule.lhs.items(), result.actual) {
            let not_done = |item: &String| result.not_done.iter().any(|n| **n == **item);
            let done: Vec<String> = items
                .iter()
                .filter(|i| !not_done(i))
                .map(|i| visible(i).into_owned())
                .collect();
            say(lang.say(&Msg::ItemsDone {
                named: items.len(),
                done: &done,
                not_done: lang.not_done(result).as_deref(),
            }));
        }
        let unit = lang.unit_name(&rule.unit);
        if let Some(actual) = result.actual
            && rule.lhs.metrics().len() > 1
        {
            say(format!(
                "{} = {}",
                rule.lhs_text,
                lang.quantity(actual, unit)
            ));
        }
        target_steps(cx, rule, result, &mut say);
        verdict(cx, rule, result, &mut say);
    }
    out
}

fn target_steps(
    cx: &Context<'_>,
    rule: &CheckedRule,
    result: &RuleResult,
    say: &mut impl FnMut(String),
) {
    let lang = cx.lang;
    let unit = lang.unit_name(&rule.unit);
    if let (
        Goal::Change {
            amount,
            relative,
            ratio,
            ..
        },
        Some(base),
        Some(target),
        Some(period),
    ) = (
        &rule.goal,
        result.baseline,
        result.target,
        result.baseline_period,
    ) {
        let place = result
            .baseline_inputs
            .last()
            .map(|i| format!(" ({})", cx.data.describe(i.location)))
            .unwrap_or_default();
        let how = if *ratio {
            let percent = (Decimal::ONE + *amount) * Decimal::ONE_HUNDRED;
            format!("× {}%", lang.number(percent.normalize()))
        } else if *relative {
            format!(
                "× (1 {} {}%)",
                if amount.is_sign_negative() { "-" } else { "+" },
                lang.number(amount.abs() * rust_decimal::Decimal::ONE_HUNDRED)
            )
        } else {
            let shown = rule.unit.from_base(*amount).unwrap_or(*amount);
            format!(
                "{} {}",
                if shown.is_sign_negative() { "-" } else { "+" },
                lang.number(shown.abs())
            )
        };
        let shown_period = lang.period(period);
        say(lang.say(&Msg::GrownTarget {
            annual: period.is_year(),
            period: &shown_period,
            base: &format!("{}{place}", lang.quantity(base, unit)),
            how: &how,
            target: &lang.quantity(target, unit),
        }));
        if let (Some(actual), Some(change)) = (result.actual, result.change) {
            let shown = lang.change(change, *ratio, *relative, unit);
            let shown = if *ratio {
                lang.say(&Msg::ShareOfBaseline { share: &shown })
            } else {
                shown
            };
            say(format!(
                "{}: {}; {shown_period}: {}; {shown}",
                lang.period(cx.evaluation.as_of),
                lang.quantity(actual, unit),
                lang.quantity(base, unit)
            ));
        }
    } else {
        say(lang.say(&Msg::AnnualTarget {
            target: &target_text(lang, rule, result),
        }));
    }
}

fn verdict(
    cx: &Context<'_>,
    rule: &CheckedRule,
    result: &RuleResult,
    say: &mut impl FnMut(String),
) {
    let lang = cx.lang;
    let unit = lang.unit_name(&rule.unit);
    let (Some(actual), Some(target)) = (result.actual, result.target) else {
        return;
    };
    let as_of = cx.evaluation.as_of;
    let is_flow = rule.lhs.metrics().iter().all(|(n, _)| {
        cx.program
            .metrics
            .get(*n)
            .is_some_and(|m| m.kind == MetricKind::Flow)
    });
    if let Some(expected) = result.expected {
        if is_flow {
            let share = elapsed_share(cx.program, rule, as_of.close()).percent();
            let profile = rule.lhs.metrics().iter().any(|(n, _)| {
                cx.program
                    .metrics
                    .get(*n)
                    .is_some_and(|m| m.profile.is_some())
            });
            say(lang.say(&Msg::Due {
                by_date: as_of.close().days.is_some(),
                as_of: &lang.period(as_of),
                share: &lang.number(crate::eval::sharpen(share, 2, &[])),
                profile,
                expected: &lang.quantity(super::cells::derived(result, expected), unit),
            }));
        } else if let Some(base) = result.baseline {
            say(lang.say(&Msg::StockPath {
                year: &lang.period(Period::annual(as_of.year - 1)),
                base: &lang.quantity(base, unit),
                target: &lang.quantity(target, unit),
                expected: &lang.quantity(super::cells::derived(result, expected), unit),
                elapsed: &lang.elapsed(as_of.close(), false),
            }));
        }
        let cmp = match rule.goal.direction() {
            Direction::AtMost => "≤",
            _ => "≥",
        };
        say(lang.say(&Msg::AgainstDue {
            actual: &lang.quantity(actual, unit),
            holds: (result.status == Status::OnTrack).then_some(cmp),
            expected: &lang.quantity(super::cells::derived(result, expected), unit),
            status: lang.status(result.status),
        }));
    } else {
        let note = result
            .note
            .as_ref()
            .filter(|_| result.status == Status::Behind)
            .map(|n| format!(" ({})", lang.note(n)))
            .unwrap_or_default();
        say(lang.say(&Msg::AgainstTarget {
            actual: &lang.quantity(actual, unit),
            meets: matches!(result.status, Status::Pass | Status::OnTrack),
            target: &target_text(lang, rule, result),
            status: &format!("{}{note}", lang.result_status(result)),
        }));
    }
    let mut closing = Vec::new();
    if let Some(a) = result.attainment {
        let basis = result
            .attainment_basis
            .unwrap_or(AttainmentBasis::ActualOverTarget);
        let shown = match rule.precision {
            // Judged at a precision, the rounded attainment decided.
            Some(places) => lang.say(&Msg::AttainmentAtPrecision {
                exact: &lang.number(a),
                precision: &lang.number(Decimal::new(1, places)),
            }),
            None => lang.percent(a, &Note::marks(result.note.as_ref())),
        };
        closing.push(lang.say(&Msg::Attainment {
            shown: &shown,
            basis,
        }));
    }
    if let Some(m) = result.margin {
        let m = super::cells::derived_margin(rule, result, m);
        closing.push(lang.say(&Msg::MarginAgainst {
            margin: &lang.difference(m, unit, true),
            due: result.expected.is_some(),
        }));
    }
    if !closing.is_empty() {
        say(closing.join("; "));
    }
}
