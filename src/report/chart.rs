//! A small inline SVG per flow target: year-to-date actuals at each
//! quarter judged (and the month judged as of) against the pro-rata (or
//! profile) path and the annual target.

use std::fmt::Write;

use rust_decimal::Decimal;

use super::Context;
use crate::check::{CheckedRule, MetricKind};
use crate::data::{Close, Period};
use crate::eval::{RuleResult, elapsed_share};

const WIDTH: i64 = 170;
const HEIGHT: i64 = 64;
const LEFT: i64 = 8;
/// Width of one month: a quarter is three.
const MONTH: i64 = 13;
const TOP: i64 = 6;
const PLOT: i64 = 50;

/// The chart for `result`, or `None` when its rule is not about flows.
pub fn flow_chart(cx: &Context<'_>, rule: &CheckedRule, result: &RuleResult) -> Option<String> {
    let all_flows = rule.lhs.metrics().iter().all(|(name, _)| {
        cx.program
            .metrics
            .get(*name)
            .is_some_and(|m| m.kind == MetricKind::Flow)
    });
    let target = result.target?;
    if !all_flows || rule.lhs.metrics().is_empty() {
        return None;
    }
    let actuals: Vec<(Period, Decimal)> = cx
        .history
        .iter()
        .filter_map(|evaluation| {
            let r = evaluation.result_for(result.rule, &result.entity)?;
            Some((evaluation.as_of, r.actual?))
        })
        .collect();
    let top_value = actuals
        .iter()
        .map(|&(_, a)| a)
        .chain([
            target,
            result.target_high.or(result.stretch).unwrap_or(target),
        ])
        .max()?;
    if top_value <= Decimal::ZERO {
        return None;
    }
    let scale = top_value.checked_mul(Decimal::new(11, 1))?;
    let y = |v: Decimal| -> Option<Decimal> {
        let ratio = v.max(Decimal::ZERO).checked_div(scale)?;
        Some((Decimal::from(TOP + PLOT) - ratio * Decimal::from(PLOT)).round_dp(1))
    };
    let x = |months: u8| LEFT + i64::from(months) * MONTH;
    // A cut-off inside a month sits its days' part of the way into it.
    let at = |period: Period| {
        let close = period.close();
        x(close.months)
            + close.days.map_or(0, |(day, days)| {
                i64::from(day) * MONTH / i64::from(days.max(1))
            })
    };
    // Said in words for a screen reader, or a printout without colour:
    // each year-to-date figure, then the target.
    let lang = cx.lang;
    let unit = lang.unit_name(&rule.unit);
    let points: Vec<String> = actuals
        .iter()
        .map(|&(period, actual)| format!("{} {}", lang.period(period), lang.number(actual)))
        .collect();
    let described = format!(
        "{}: {}; {} {}",
        lang.text(super::lang::Label::Chart),
        points.join(", "),
        lang.text(super::lang::Label::Target),
        lang.quantity(target, unit)
    );
    let described =
        quick_xml::escape::escape(super::visible::visible(&described).as_ref()).into_owned();
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{described}\"><title>{described}</title>"
    );
    let target_y = y(target)?;
    let _ = write!(
        svg,
        "<line class=\"target\" x1=\"{}\" y1=\"{target_y}\" x2=\"{}\" y2=\"{target_y}\"/>",
        x(0),
        x(12)
    );
    let mut path = format!("{},{}", x(0), y(Decimal::ZERO)?);
    for month in 1..=12u8 {
        let due = elapsed_share(cx.program, rule, Close::months(month)).of(target)?;
        let _ = write!(path, " {},{}", x(month), y(due)?);
    }
    let _ = write!(svg, "<polyline class=\"path\" points=\"{path}\"/>");
    let mut points = format!("{},{}", x(0), y(Decimal::ZERO)?);
    for &(period, actual) in &actuals {
        let _ = write!(points, " {},{}", at(period), y(actual)?);
    }
    let _ = write!(svg, "<polyline class=\"actual\" points=\"{points}\"/>");
    for &(period, actual) in &actuals {
        let _ = write!(
            svg,
            "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\"><title>{}: {}</title></circle>",
            at(period),
            y(actual)?,
            cx.lang.period(period),
            cx.lang.number(actual)
        );
    }
    for q in 1..=4u8 {
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            x(3 * q) - 6,
            HEIGHT - 1,
            cx.lang.quarter_tick(q)
        );
    }
    svg.push_str("</svg>");
    Some(svg)
}
