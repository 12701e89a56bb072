//! One rule for one entity: reading its figures, working out the target
//! and the status, filling in a result.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::numbers::{
    Band, attainment, change, elapsed_share, meets, on_path, overflow, path, percent, scale, shown,
    shown_margin,
};
use super::plan::{self, RulePlan};
use super::reading::{Problem, Reader, Reading};
use super::{RuleResult, Status};
use crate::check::{CheckedRule, CmpOp, Direction, Goal};

/// One rule for one entity.
pub(super) fn judge_one(
    reader: &Reader<'_>,
    entity: &Arc<str>,
    index: usize,
    year: i32,
    quarter: u8,
) -> RuleResult {
    // Some of this entity's figures were unreadable: nothing it reports
    // can be trusted to pass.
    if let Some(place) = reader.data.bad_entities.get(&**entity) {
        let mut result = RuleResult::new(index, entity, Status::Error);
        result.note = Some(format!(
            "a row of `{entity}` could not be read ({place}); its figures are incomplete"
        ));
        return result;
    }
    let mut result = RuleResult::new(index, entity, Status::Missing);
    judge_into(reader, index, year, quarter, &mut result);
    result
}

/// Rule `index` for an entity whose figures all loaded, into a cleared
/// `result`.
pub(super) fn judge_into(
    reader: &Reader<'_>,
    index: usize,
    year: i32,
    quarter: u8,
    result: &mut RuleResult,
) {
    let (Some(rule), Some(plan)) = (reader.program.rules.get(index), reader.plan.rule(index))
    else {
        result.status = Status::Error;
        return;
    };
    match judge_inner(reader, rule, plan, year, quarter, result) {
        Ok(()) => {}
        Err(Problem::Missing(why)) => {
            result.status = Status::Missing;
            result.note = Some(why);
        }
        Err(Problem::Error(why, location)) => {
            result.status = Status::Error;
            result.note = Some(why);
            result.error_location = location;
        }
    }
}

fn judge_inner(
    reader: &Reader<'_>,
    rule: &CheckedRule,
    plan: &RulePlan<'_>,
    year: i32,
    quarter: u8,
    result: &mut RuleResult,
) -> Result<(), Problem> {
    let actual = reader.read(&plan.lhs, year, quarter);
    let baseline_year = match rule.goal {
        Goal::Change { year, .. } => year,
        _ => year - 1,
    };
    // A verdict needs last year's figure only to judge a change, or a
    // stock's path before year end, or where showing it could overflow.
    let needs_baseline = reader.record
        || matches!(rule.goal, Goal::Change { .. })
        || (quarter != 4 && !plan.is_flow)
        || !rule.unit.from_base_never_overflows();
    let baseline = if needs_baseline {
        reader.read(&plan.lhs, baseline_year, 4)
    } else {
        Err(Problem::Missing(String::new()))
    };
    if let Ok(b) = &baseline {
        result.baseline = shown(reader, rule, plan, b.value)?;
        result.baseline_inputs = b.inputs.clone();
    }
    let (op, band, fixed_stated) = match (&rule.goal, plan.fixed) {
        (Goal::Compare { op, .. }, Some(fixed)) => (*op, Some(fixed.band), Some(fixed.stated)),
        _ => {
            let (op, band) =
                target_band(reader, rule, plan, year, quarter, baseline.as_ref().ok())?;
            (op, band, None)
        }
    };
    let tolerance = match &rule.goal {
        Goal::Compare { tolerance, .. } | Goal::Change { tolerance, .. } => {
            tolerance.map(|t| t.abs())
        }
        Goal::Range { .. } => None,
    };
    // The target as stated: the low end of a range, else the band's centre.
    let stated = match (&band, &rule.goal) {
        (Some(_), _) if fixed_stated.is_some() => fixed_stated,
        (Some(band), Goal::Range { .. }) => {
            result.target_high = shown(reader, rule, plan, band.high)?;
            Some(band.low)
        }
        (Some(band), _) => Some(
            band.low
                .checked_add(tolerance.unwrap_or_default())
                .ok_or_else(overflow)?,
        ),
        (None, _) => None,
    };
    if let Some(stated) = stated {
        result.target = shown(reader, rule, plan, stated)?;
        if let Some(tol) = tolerance {
            result.tolerance = shown(reader, rule, plan, tol)?;
        }
    }
    let actual = actual?;
    result.actual = shown(reader, rule, plan, actual.value)?;
    result.inputs = actual.inputs.clone();
    result.approx = actual.approx;
    let Some(band) = band else {
        let why = format!("no baseline figure for {baseline_year} to compute the target from");
        return Err(Problem::Missing(why));
    };
    let direction = rule.goal.direction();
    let a = actual.value;

    let met = meets(op, direction, a, &band);
    result.attainment = stated.and_then(|t| attainment(direction, a, t));

    let is_flow = plan.is_flow;
    // A flow's year-to-date against last year's whole year says nothing
    // about growth; its change is shown once the year is complete.
    if let (Goal::Change { relative, .. }, Ok(b)) = (&rule.goal, &baseline)
        && (quarter == 4 || !is_flow)
    {
        result.change = change(*relative, a, b.value, rule);
    }
    if quarter == 4 {
        result.status = if met { Status::Pass } else { Status::Fail };
        result.margin = shown_margin(reader, rule, plan, direction, a, &band)?;
        return Ok(());
    }
    let expected = if is_flow {
        let share = elapsed_share(reader.program, rule, quarter);
        let scaled = scale(&band, share)?;
        if reader.record {
            result.note = Some(format!(
                "{}% of the annual target is due by Q{quarter}",
                percent(share)
            ));
        }
        match direction {
            Direction::AtLeast if met => None,
            Direction::AtMost if !met => None,
            Direction::Within if a > band.high => None,
            // Ahead of the pro-rata share is fine as long as the year's
            // upper end is not passed.
            Direction::Within => Some(Band {
                low: scaled.low,
                high: band.high,
            }),
            _ => Some(scaled),
        }
    } else if met {
        None
    } else {
        match baseline {
            Ok(b) => Some(path(b.value, &band, a, quarter)?),
            Err(_) => {
                result.status = Status::Behind;
                result.note = Some("target not yet met and no baseline to judge progress".into());
                result.margin = shown_margin(reader, rule, plan, direction, a, &band)?;
                return Ok(());
            }
        }
    };
    result.status = match (&expected, is_flow, direction) {
        (None, true, Direction::AtLeast) => Status::Pass,
        (None, true, _) if !met => Status::Fail,
        (None, _, _) => Status::OnTrack,
        (Some(e), _, _) if on_path(direction, a, e) => Status::OnTrack,
        (Some(_), _, _) => Status::Behind,
    };
    let reference = expected.as_ref().unwrap_or(&band);
    result.margin = shown_margin(reader, rule, plan, direction, a, reference)?;
    if let Some(e) = expected {
        let point = match direction {
            Direction::AtMost => e.high,
            Direction::Within if a > band.high => e.high,
            _ => e.low,
        };
        result.expected = shown(reader, rule, plan, point)?;
    }
    Ok(())
}

/// The comparison and the annual target band, in base units; `None` when a
/// change target has no baseline.
fn target_band(
    reader: &Reader<'_>,
    rule: &CheckedRule,
    plan: &RulePlan<'_>,
    year: i32,
    quarter: u8,
    baseline: Option<&Reading>,
) -> Result<(CmpOp, Option<Band>), Problem> {
    let widen =
        |t: Decimal, tolerance: Option<Decimal>| Band::around(t, tolerance).ok_or_else(overflow);
    match &rule.goal {
        Goal::Compare { op, tolerance, .. } => {
            let t = match &plan.target {
                Some(plan::Expr::Const(t)) => *t,
                Some(target) => reader.read(target, year, quarter)?.value,
                None => return Err(Problem::Error("the target was not planned".into(), None)),
            };
            Ok((*op, Some(widen(t, *tolerance)?)))
        }
        Goal::Change {
            op,
            amount,
            relative,
            tolerance,
            ..
        } => {
            let Some(base) = baseline else {
                return Ok((*op, None));
            };
            let t = if *relative {
                // base × (1 + g): a product, never a rounded quotient.
                let factor = Decimal::ONE.checked_add(*amount).ok_or_else(overflow)?;
                base.value.checked_mul(factor)
            } else {
                base.value.checked_add(*amount)
            }
            .ok_or_else(overflow)?;
            Ok((*op, Some(widen(t, *tolerance)?)))
        }
        Goal::Range { low, high } => Ok((
            CmpOp::Eq,
            Some(Band {
                low: *low,
                high: *high,
            }),
        )),
    }
}
