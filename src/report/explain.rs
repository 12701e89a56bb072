//! `resolute explain`: how one rule was judged for each entity, step by
//! step, with the file and line of every figure, so a finding can be
//! defended.

use crate::eval::Note;
use rust_decimal::Decimal;
use std::fmt::Write;

use super::Context;
use super::cells::{as_of_text, target_text};
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
        let _ = write!(out, " ({cite})");
    }
    let (line, col) = cx.rules_line_col(rule.condition_span.start);
    let _ = writeln!(
        out,
        "\nrule   {}:{line}:{col}  {}",
        cx.rules_path, rule.text
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
            let how = match metric.kind {
                MetricKind::Flow => {
                    "a flow: its year-to-date value is the cumulative figure, or the quarter-only figures added up since the last cumulative one"
                }
                MetricKind::Stock => {
                    "a stock: its value is the figure reported for the period itself"
                }
            };
            let mut text = format!("`{name}` ({}) is {how}", metric.unit);
            for (i, input) in inputs.iter().enumerate() {
                let sign = if i == 0 { " " } else { "+" };
                let basis = match input.basis {
                    _ if metric.kind == MetricKind::Stock => "level",
                    _ if input.period.is_year() => "whole year",
                    Basis::Cumulative => "year-to-date",
                    Basis::Quarter => "quarter only",
                    Basis::Month => "month only",
                };
                let _ = write!(
                    text,
                    "\n       {sign} {} {basis:<12} {:>16}   {}",
                    input.period,
                    lang.quantity(input.value, lang.unit_name(&metric.unit)),
                    cx.data.describe(input.location)
                );
                if input.estimate {
                    text.push_str("   (estimate, to be replaced by the official figure)");
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
            say(format!("{note}: {}", result.status));
            continue;
        }
        if let (Some(items), Some(_)) = (rule.lhs.items(), result.actual) {
            let not_done = |item: &String| result.not_done.iter().any(|n| **n == **item);
            let done: Vec<_> = items
                .iter()
                .filter(|i| !not_done(i))
                .map(|i| visible(i))
                .collect();
            let mut text = format!(
                "of the {} items named, {} listed done",
                items.len(),
                done.len()
            );
            if !done.is_empty() {
                let _ = write!(text, ": {}", done.join(", "));
            }
            if let Some(missing) = lang.not_done(result) {
                let _ = write!(text, "; {missing}");
            }
            say(text);
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
        say(format!(
            "{}: the {period} figure {}{place} {how} = {}",
            if period.is_year() {
                "annual target"
            } else {
                "target"
            },
            lang.quantity(base, unit),
            lang.quantity(target, unit)
        ));
        if let (Some(actual), Some(change)) = (result.actual, result.change) {
            let shown = lang.change(change, *ratio, *relative, unit);
            let shown = if *ratio {
                format!("{shown} of it")
            } else {
                shown
            };
            say(format!(
                "{}: {}; {period}: {}; {shown}",
                cx.evaluation.as_of,
                lang.quantity(actual, unit),
                lang.quantity(base, unit)
            ));
        }
    } else {
        say(format!(
            "annual target: {}",
            target_text(lang, rule, result)
        ));
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
            let source = if rule.lhs.metrics().iter().any(|(n, _)| {
                cx.program
                    .metrics
                    .get(*n)
                    .is_some_and(|m| m.profile.is_some())
            }) {
                "the metric's profile"
            } else {
                "pro rata"
            };
            let by = match as_of.close().days {
                Some(_) => "by",
                None => "by the end of",
            };
            say(format!(
                "due {by} {as_of}: {}% ({source}) of the annual target = {}",
                lang.number(crate::eval::sharpen(share, 2, &[])),
                lang.quantity(super::cells::derived(result, expected), unit)
            ));
        } else if let Some(base) = result.baseline {
            say(format!(
                "not yet met; on the straight path from {}'s {} to {} it should be at {} after {}",
                Period::annual(as_of.year - 1),
                lang.quantity(base, unit),
                lang.quantity(target, unit),
                lang.quantity(super::cells::derived(result, expected), unit),
                lang.elapsed(as_of.close())
            ));
        }
        let direction = rule.goal.direction();
        let cmp = match direction {
            Direction::AtMost => "≤",
            _ => "≥",
        };
        let holds = result.status == Status::OnTrack;
        say(format!(
            "{} {} {}: {}",
            lang.quantity(actual, unit),
            if holds { cmp } else { "is not" },
            lang.quantity(super::cells::derived(result, expected), unit),
            lang.status(result.status)
        ));
    } else {
        let target_shown = target_text(lang, rule, result);
        let phrase = match result.status {
            Status::Pass | Status::OnTrack => "meets",
            _ => "does not meet",
        };
        say(format!(
            "{} {phrase} {target_shown}: {}{}",
            lang.quantity(actual, unit),
            lang.result_status(result),
            result
                .note
                .as_ref()
                .filter(|_| result.status == Status::Behind)
                .map(|n| format!(" ({n})"))
                .unwrap_or_default()
        ));
    }
    let mut closing = Vec::new();
    if let Some(a) = result.attainment {
        let basis = result
            .attainment_basis
            .unwrap_or(AttainmentBasis::ActualOverTarget);
        let basis = match basis {
            AttainmentBasis::Change => format!(
                "of the change planned ({})",
                super::Lang::En.basis_words(basis)
            ),
            _ => format!("of the target ({})", super::Lang::En.basis_words(basis)),
        };
        let shown = match rule.precision {
            // Judged at a precision, the rounded attainment decided.
            Some(places) => format!(
                "{}%, rounded to {}% as the report prints it and judged on that,",
                lang.number(a),
                Decimal::new(1, places)
            ),
            None => lang.percent(a, &Note::marks(result.note.as_ref())),
        };
        closing.push(format!("attainment {shown} {basis}"));
    }
    if let Some(m) = result.margin {
        let against = if result.expected.is_some() {
            "what is due"
        } else {
            "the target"
        };
        let m = super::cells::derived_margin(rule, result, m);
        closing.push(format!(
            "margin {} against {against}",
            lang.difference(m, unit, true)
        ));
    }
    if !closing.is_empty() {
        say(closing.join("; "));
    }
}
