//! How one result reads in the human formats.

use crate::eval::Note;
use rust_decimal::Decimal;
use std::fmt::Write;

use super::lang::Msg;
use super::{Context, Lang};
use crate::check::{CheckedRule, Direction, Goal};
use crate::eval::{Judged, RuleResult, Status, Tally};
use rayon::prelude::*;

/// A result's figures as text.
pub struct Cells {
    pub actual: String,
    pub target: String,
    pub margin: String,
    pub attainment: String,
}

impl Cells {
    pub fn new(cx: &Context<'_>, rule: &CheckedRule, result: &RuleResult) -> Cells {
        let lang = cx.lang;
        let unit = lang.unit_name(&rule.unit);
        let mut actual = result.actual.map_or("—".to_string(), |a| {
            format!("{}{}", lang.actual_marks(result), lang.quantity(a, unit))
        });
        if let (Some((relative, ratio)), Some(change), Some(base)) = (
            rule.goal.stated_change(),
            result.change,
            result.baseline_period,
        ) {
            let change = lang.change(change, ratio, relative, unit);
            let shown = match (ratio, lang) {
                (true, Lang::En) => format!("{change} of"),
                (true, Lang::Vi) => format!("bằng {change}"),
                (false, Lang::En) => format!("{change} vs"),
                (false, Lang::Vi) => format!("{change} so với"),
            };
            let _ = write!(actual, " ({shown} {})", lang.period(base));
        }
        if let Some(not_done) = lang.not_done(result) {
            let _ = write!(actual, " ({not_done})");
        }
        let mut target = target_text(lang, rule, result);
        if let Some(expected) = result.expected {
            let due = lang.text(super::lang::Label::DueNow);
            let _ = write!(
                target,
                " ({due} {})",
                lang.quantity(derived(result, expected), unit)
            );
        }
        Cells {
            actual,
            target,
            margin: result.margin.map_or("—".to_string(), |m| {
                lang.difference(derived_margin(rule, result, m), unit, true)
            }),
            attainment: result.attainment.map_or("—".to_string(), |a| {
                let mark = result.attainment_basis.map_or("", Lang::basis_mark);
                let percent = lang.percent(a, &Note::marks(result.note.as_ref()));
                let precision = Lang::precision_mark(rule.precision);
                format!("{percent}{mark}{precision}")
            }),
        }
    }
}

/// A number worked out from the figures (a target grown from a
/// baseline, what is due by now) as a report prints it: to the decimals of
/// the figures it comes from ("cần đạt 1.464,4", not 1.464,4025), and to
/// more only where fewer would contradict the verdict, where the actual
/// would meet or miss the rounded number otherwise than the exact one.
/// Machine formats keep it exact.
pub fn derived(result: &RuleResult, value: Decimal) -> Decimal {
    shown_to_figures(result, value, 0, |shown| {
        result.actual.is_none_or(|a| a.cmp(&shown) == a.cmp(&value))
    })
}

/// A margin as a report prints it: as [`derived`], to the decimals of
/// what it is measured from as shown (so that the cells add up), never
/// rounded to nothing or across zero when it is not.
pub fn derived_margin(rule: &CheckedRule, result: &RuleResult, margin: Decimal) -> Decimal {
    let from = match result.expected {
        Some(expected) => Some(derived(result, expected)),
        None => result.target.map(|t| shown_target(rule, result, t)),
    };
    let places = from.map_or(0, |f| f.scale());
    let agrees = |shown: Decimal| shown.cmp(&Decimal::ZERO) == margin.cmp(&Decimal::ZERO);
    shown_to_figures(result, margin, places, agrees)
}

/// `value` rounded to the decimals of the result's figures (its actual
/// and baseline) or `places`, or to as many more as `agrees` asks for;
/// never to nothing when it is not.
fn shown_to_figures(
    result: &RuleResult,
    value: Decimal,
    places: u32,
    agrees: impl Fn(Decimal) -> bool,
) -> Decimal {
    let scale = |d: Option<Decimal>| d.map_or(0, |d| d.normalize().scale());
    let mut places = places.max(scale(result.actual)).max(scale(result.baseline));
    loop {
        let shown = value
            .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        let vanished = shown.is_zero() && !value.is_zero();
        if places >= 28 || shown == value || (agrees(shown) && !vanished) {
            return shown.normalize();
        }
        places += 1;
    }
}

/// A target as shown: one grown from a baseline is worked out, not
/// stated, and shown as a report prints it; a stated one as stated.
fn shown_target(rule: &CheckedRule, result: &RuleResult, target: Decimal) -> Decimal {
    match rule.goal.baseline() {
        Some(_) => derived(result, target),
        None => target,
    }
}

/// The annual target as text: `≥ 3,830 persons`, `4 to 6 communes`,
/// `≥ 4 communes (aiming 6)`.
pub fn target_text(lang: Lang, rule: &CheckedRule, result: &RuleResult) -> String {
    let unit = lang.unit_name(&rule.unit);
    let Some(target) = result.target else {
        return rule
            .text
            .split_once(' ')
            .map_or(rule.text.clone(), |(_, t)| t.to_string());
    };
    let op = match (&rule.goal, rule.goal.direction()) {
        (
            Goal::Compare { op, .. } | Goal::Change { op, .. },
            Direction::AtLeast | Direction::AtMost,
        ) if result.target_high.is_none() => human_symbol(*op),
        _ => "",
    };
    let op = if op.is_empty() && result.target_high.is_none() {
        "="
    } else {
        op
    };
    let about = if rule.approx_target { "≈ " } else { "" };
    let grown = |value| shown_target(rule, result, value);
    let (target, target_high) = (grown(target), result.target_high.map(grown));
    let mut text = match target_high {
        Some(high) => lang.say(&Msg::Between {
            low: &format!("{about}{}", lang.number(target)),
            high: &lang.quantity(high, unit),
        }),
        None => match result.stretch {
            Some(stretch) => {
                let aiming = lang.text(super::lang::Label::Aiming);
                format!(
                    "{op} {about}{} ({aiming} {})",
                    lang.quantity(target, unit),
                    lang.number(stretch)
                )
            }
            None => format!("{op} {about}{}", lang.quantity(target, unit)),
        },
    };
    if let Some(tolerance) = result.tolerance {
        text.push_str(&format!(" ± {}", lang.difference(tolerance, unit, false)));
    }
    text
}

/// Comparison signs as printed for people.
pub fn human_symbol(op: crate::check::CmpOp) -> &'static str {
    use crate::check::CmpOp;
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
        CmpOp::Eq => "=",
    }
}

/// The closing counts, a line each: the whole run's (`36/44 targets met
/// (26 exceeded) · 7 failed · 1 missing`), or where the file declares
/// groups or data checks, each group's, the targets outside any group's,
/// and the checks' apart. Group names are the rule file's text, shown as
/// each format shows such text.
pub fn tally(cx: &Context<'_>) -> Vec<String> {
    use super::lang::Label;
    let program = cx.program;
    let e = cx.evaluation;
    let rule = |r: usize| program.rules.get(r);
    let checks = e.tally(|r| rule(r).is_some_and(|r| r.check));
    if program.groups.is_empty() && checks.total() == 0 {
        return vec![tally_line(cx, &e.tally(|_| true), None)];
    }
    let mut lines = Vec::new();
    let heading = |name: &str, t: Tally, lines: &mut Vec<String>| {
        if t.total() > 0 {
            lines.push(tally_line(cx, &t, Some(name)));
        }
    };
    for (g, group) in program.groups.iter().enumerate() {
        let t = e.tally(|r| rule(r).is_some_and(|r| r.group == Some(g)));
        heading(group.shown(), t, &mut lines);
    }
    let others = e.tally(|r| rule(r).is_some_and(|r| r.group.is_none() && !r.check));
    let other_name = if program.groups.is_empty() {
        Label::Targets
    } else {
        Label::OtherTargets
    };
    heading(cx.lang.text(other_name), others, &mut lines);
    heading(cx.lang.text(Label::DataChecks), checks, &mut lines);
    lines
}

/// One line of [`tally`]; `heading` names the group it counts.
fn tally_line(cx: &Context<'_>, t: &Tally, heading: Option<&str>) -> String {
    use super::lang::Label;
    let lang = cx.lang;
    let total = t.total();
    let count = |s| t.count(s);
    let word = |s: Status| match lang {
        Lang::En => match s {
            Status::Pass => "met",
            Status::Fail => "failed",
            Status::OnTrack => "on track",
            Status::Behind => "behind",
            Status::Missing => "missing",
            Status::Error => "errors",
        },
        Lang::Vi => match s {
            Status::Pass => "đạt",
            Status::Fail => "không đạt",
            Status::OnTrack => "đúng tiến độ",
            Status::Behind => "chậm tiến độ",
            Status::Missing => "thiếu số liệu",
            Status::Error => "lỗi",
        },
    };
    let exceeded = match t.exceeded {
        0 => String::new(),
        n => format!(" ({n} {})", lang.text(Label::ExceededCount)),
    };
    let mut parts = Vec::new();
    if cx.evaluation.as_of.is_year_end() {
        let met = match (heading, lang, total) {
            (Some(_), _, _) => word(Status::Pass),
            (None, Lang::En, 1) => "target met",
            (None, _, _) => lang.text(Label::TargetsMet),
        };
        parts.push(format!("{}/{total} {met}{exceeded}", count(Status::Pass)));
        parts.push(format!("{} {}", count(Status::Fail), word(Status::Fail)));
    } else {
        // A group's line reads as at year end, `0/30 met`: its name
        // already says what is counted.
        let targets = match (heading, lang, total) {
            (Some(_), _, _) => format!("{}/{total}", count(Status::Pass)),
            (None, Lang::En, 1) => format!("{total} target: {}", count(Status::Pass)),
            (None, _, _) => format!(
                "{total} {}: {}",
                lang.text(Label::Targets),
                count(Status::Pass)
            ),
        };
        parts.push(format!("{targets} {}{exceeded}", word(Status::Pass)));
        for status in [Status::OnTrack, Status::Behind] {
            parts.push(format!("{} {}", count(status), word(status)));
        }
        if count(Status::Fail) > 0 {
            parts.push(format!("{} {}", count(Status::Fail), word(Status::Fail)));
        }
    }
    parts.push(format!(
        "{} {}",
        count(Status::Missing),
        word(Status::Missing)
    ));
    if count(Status::Error) > 0 {
        let n = count(Status::Error);
        let errors = if n == 1 && lang == Lang::En {
            "error"
        } else {
            word(Status::Error)
        };
        parts.push(format!("{n} {errors}"));
    }
    let line = parts.join(" · ");
    match heading {
        Some(name) => format!("{name}: {line}"),
        None => line,
    }
}

/// `as of 2023-Q2 (6 of 12 months)` or `as of 2023-Q4 (year end)`.
pub fn as_of_text(cx: &Context<'_>) -> String {
    use super::lang::Label;
    let lang = cx.lang;
    let as_of = cx.evaluation.as_of;
    let stage = if as_of.is_year_end() {
        lang.text(Label::YearEnd).to_string()
    } else {
        lang.elapsed(as_of.close(), true)
    };
    format!(
        "{} {} ({stage})",
        lang.text(Label::AsOf),
        lang.period(as_of)
    )
}

/// One rule across every entity: how many results of each status it has
/// (in [`Status::ALL`] order), and the three entities furthest from it.
pub struct RuleSummary<'a> {
    pub rule: &'a CheckedRule,
    pub counts: [usize; Status::ALL.len()],
    /// `bo-de (48.2%), an-do (missing)`, names made safe to show.
    pub furthest: String,
}

impl RuleSummary<'_> {
    /// How many results are not met, by status: `3 fail, 1 behind`;
    /// `None` when every result is met.
    pub fn unmet(&self, lang: Lang) -> Option<String> {
        let parts: Vec<String> = Status::ALL
            .iter()
            .zip(self.counts)
            .filter(|(s, n)| *n > 0 && !matches!(s, Status::Pass | Status::OnTrack))
            .map(|(s, n)| format!("{n} {}", lang.status(*s)))
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The worst status any result has: what a CI view shows the rule as.
    pub fn worst(&self) -> Status {
        [
            Status::Error,
            Status::Fail,
            Status::Missing,
            Status::Behind,
            Status::OnTrack,
        ]
        .into_iter()
        .find(|s| self.counts.get(s.index()).is_some_and(|&n| n > 0))
        .unwrap_or(Status::Pass)
    }
}

/// Every rule across the entities, in the file's order: what a report
/// of a province shows instead of a row per result.
pub fn by_rule<'a>(cx: &Context<'a>) -> Vec<RuleSummary<'a>> {
    let lang = cx.lang;
    let counts = cx.evaluation.counts_by_rule();
    let furthest = furthest_per_rule(cx);
    cx.program
        .rules
        .iter()
        .zip(counts)
        .zip(furthest)
        .map(|((rule, counts), worst)| {
            let named: Vec<String> = worst
                .iter()
                .map(|r| {
                    let entity = super::visible::visible(r.entity);
                    match r.verdict.attainment {
                        Some(a) => format!("{entity} ({})", lang.percent(a, &Note::marks(None))),
                        None => format!("{entity} ({})", lang.status(r.verdict.status)),
                    }
                })
                .collect();
            RuleSummary {
                rule,
                counts: *counts,
                furthest: named.join(", "),
            }
        })
        .collect()
}

/// Per rule, the three results furthest from target that failed, are
/// behind or missing, furthest first: each core keeps its own three per
/// rule, then they are merged, nothing sorted.
fn furthest_per_rule<'e>(cx: &Context<'e>) -> Vec<Vec<Judged<'e>>> {
    let rules = cx.program.rules.len();
    cx.evaluation
        .par_verdicts_by_entity()
        .fold(
            || vec![Vec::new(); rules],
            |mut furthest, row| {
                for judged in row {
                    if let Some(list) = furthest.get_mut(judged.rule) {
                        keep_if_further(list, judged);
                    }
                }
                furthest
            },
        )
        .reduce(
            || vec![Vec::new(); rules],
            |mut a, b| {
                for (list, other) in a.iter_mut().zip(b) {
                    for judged in other {
                        keep_if_further(list, judged);
                    }
                }
                a
            },
        )
}

/// Adds `judged` to `list`, the three furthest so far, if it is further
/// than one of them. Attainment then entity name order them, so the three
/// kept do not depend on which core saw which.
fn keep_if_further<'e>(list: &mut Vec<Judged<'e>>, judged: Judged<'e>) {
    let status = judged.verdict.status;
    if !(status.is_failure() || status == Status::Behind) {
        return;
    }
    let order = |a: &Judged<'_>, b: &Judged<'_>| {
        a.verdict
            .attainment
            .cmp(&b.verdict.attainment)
            .then_with(|| a.entity.cmp(b.entity))
    };
    if list.len() == 3 && list.last().is_some_and(|w| order(w, &judged).is_lt()) {
        return;
    }
    let at = list.partition_point(|w| order(w, &judged).is_lt());
    if at < 3 {
        list.insert(at, judged);
        list.truncate(3);
    }
}

/// An entity's verdicts, counted by status, with those not met.
pub struct EntityVerdicts<'e> {
    pub entity: &'e std::sync::Arc<str>,
    pub counts: [usize; Status::ALL.len()],
    /// Every verdict but a pass, in rule order.
    pub not_met: Vec<Judged<'e>>,
}

impl EntityVerdicts<'_> {
    /// How many verdicts the entity has.
    pub fn results(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// Every entity's verdicts, in entity order: drawn from the verdicts
/// alone, with no result worked out, for a report's row per entity.
pub fn entity_verdicts<'c, 'e>(
    cx: &'c Context<'e>,
) -> impl Iterator<Item = EntityVerdicts<'e>> + 'c {
    let mut verdicts = cx.evaluation.verdicts().peekable();
    std::iter::from_fn(move || {
        let first = verdicts.next()?;
        let entity = first.entity;
        let mut row = EntityVerdicts {
            entity,
            counts: [0; Status::ALL.len()],
            not_met: Vec::new(),
        };
        let same = |j: &Judged<'_>| std::sync::Arc::ptr_eq(j.entity, entity);
        for judged in std::iter::once(first).chain(std::iter::from_fn(|| verdicts.next_if(same))) {
            let status = judged.verdict.status;
            if let Some(n) = row.counts.get_mut(status.index()) {
                *n += 1;
            }
            if status != Status::Pass {
                row.not_met.push(judged);
            }
        }
        Some(row)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::{RuleResult, Status};
    use std::str::FromStr;

    fn result(actual: &str, baseline: Option<&str>) -> RuleResult {
        let mut r = RuleResult::new(0, &"e".into(), Status::Pass);
        r.actual = Some(Decimal::from_str(actual).unwrap());
        r.baseline = baseline.map(|b| Decimal::from_str(b).unwrap());
        r
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn worked_out_numbers_are_shown_to_the_figures_decimals() {
        // 48.6 million USD grown by 13.17%: a report prints 55.
        let grown = result("56.2", Some("48.6"));
        assert_eq!(derived(&grown, d("55.00062")), d("55"));
        // Due by June: 55% of 2,662.6.
        let due = result("1420.8", None);
        assert_eq!(derived(&due, d("1464.43")), d("1464.4"));
    }

    #[test]
    fn rounding_never_contradicts_the_verdict() {
        // 55.0003 misses 55.00062: shown as 55 it would seem to meet it.
        let close = result("55.0003", Some("48.6"));
        assert_eq!(derived(&close, d("55.00062")), d("55.0006"));
        // 39.6 is past 39.55; 39.6 due would say it is only level.
        let level = result("39.6", None);
        assert_eq!(derived(&level, d("39.55")), d("39.55"));
        // The margin is shown to the decimals of what it is measured from,
        // and never as nothing.
        let mut margin = result("39.6", None);
        margin.expected = Some(d("39.55"));
        let rule = crate::check::check(&crate::syntax::parse_rules("x >= 100.5\n").unwrap())
            .unwrap()
            .rules
            .remove(0);
        assert_eq!(derived_margin(&rule, &margin, d("0.05")), d("0.05"));
        let mut tiny = result("100", None);
        tiny.target = Some(d("100.5"));
        assert_eq!(derived_margin(&rule, &tiny, d("0.004")), d("0.004"));
        // Measured from a stated 100.5, shown as stated.
        assert_eq!(derived_margin(&rule, &tiny, d("-0.5")), d("-0.5"));
    }
}
