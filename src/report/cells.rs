//! How one result reads in the human formats.

use crate::eval::Note;
use rust_decimal::Decimal;
use std::fmt::Write;

use super::{Context, Lang};
use crate::check::{CheckedRule, Direction, Goal};
use crate::eval::RuleResult;

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
        let unit = &rule.unit.name;
        let approx = if result.approx { "≈ " } else { "" };
        let mut actual = result.actual.map_or("—".to_string(), |a| {
            format!("{approx}{}", lang.quantity(a, unit))
        });
        if let (
            Goal::Change {
                relative, ratio, ..
            },
            Some(change),
            Some(base),
        ) = (&rule.goal, result.change, result.baseline_period)
        {
            let change = lang.change(change, *ratio, *relative, unit);
            let shown = match (ratio, lang) {
                (true, Lang::En) => format!("{change} of"),
                (true, Lang::Vi) => format!("bằng {change}"),
                (false, Lang::En) => format!("{change} vs"),
                (false, Lang::Vi) => format!("{change} so với"),
            };
            let _ = write!(actual, " ({shown} {base})");
        }
        let mut target = target_text(lang, rule, result);
        if let Some(expected) = result.expected {
            let due = lang.text(super::lang::Label::DueNow);
            let _ = write!(
                target,
                " ({due} {})",
                lang.number(derived(result, expected))
            );
        }
        Cells {
            actual,
            target,
            margin: result.margin.map_or("—".to_string(), |m| {
                lang.difference(derived(result, m), unit, true)
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

/// A number worked out from the figures (what is due by now, a margin),
/// for reading: a twelfth of a target has no end of decimals, so one with
/// more than three decimals beyond the figures' and the target's (or two)
/// is shown to as many as those have, never rounded to zero when it is
/// not. Machine formats keep it exact.
pub fn derived(result: &RuleResult, value: Decimal) -> Decimal {
    let scale = |d: Option<Decimal>| d.map_or(0, |d| d.normalize().scale());
    let places = scale(result.actual).max(scale(result.target)).max(2);
    if value.normalize().scale() <= places + 3 {
        return value;
    }
    crate::eval::sharpen(value, places, &[Decimal::ZERO])
}

/// The annual target as text: `≥ 3,830 persons`, `4 to 6 communes`,
/// `≥ 4 communes (aiming 6)`.
pub fn target_text(lang: Lang, rule: &CheckedRule, result: &RuleResult) -> String {
    let unit = &rule.unit.name;
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
    let to = match lang {
        Lang::En => "to",
        Lang::Vi => "đến",
    };
    let op = if op.is_empty() && result.target_high.is_none() {
        "="
    } else {
        op
    };
    let about = if rule.approx_target { "≈ " } else { "" };
    let mut text = match result.target_high {
        Some(high) => format!(
            "{about}{} {to} {}",
            lang.number(target),
            lang.quantity(high, unit)
        ),
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

/// The closing count: `36/44 targets met · 7 failed · 1 missing`.
pub fn tally(cx: &Context<'_>) -> String {
    use crate::eval::Status;
    let e = cx.evaluation;
    let lang = cx.lang;
    let total = e.len();
    let count = |s| e.count(s);
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
    let mut parts = Vec::new();
    if e.as_of.is_year_end() {
        let met = match (lang, total) {
            (Lang::En, 1) => "target met",
            _ => lang.text(super::lang::Label::TargetsMet),
        };
        parts.push(format!("{}/{total} {met}", count(Status::Pass)));
        parts.push(format!("{} {}", count(Status::Fail), word(Status::Fail)));
    } else {
        let targets = match (lang, total) {
            (Lang::En, 1) => "target",
            _ => lang.text(super::lang::Label::Targets),
        };
        parts.push(format!(
            "{total} {targets}: {} {}",
            count(Status::Pass),
            word(Status::Pass)
        ));
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
    parts.join(" · ")
}

/// `as of 2023-Q2 (6 of 12 months)` or `as of 2023-Q4 (year end)`.
pub fn as_of_text(cx: &Context<'_>) -> String {
    use super::lang::Label;
    let lang = cx.lang;
    let as_of = cx.evaluation.as_of;
    let stage = if as_of.is_year_end() {
        lang.text(Label::YearEnd).to_string()
    } else {
        lang.elapsed(as_of.close())
    };
    format!("{} {as_of} ({stage})", lang.text(Label::AsOf))
}
