//! The arithmetic of a verdict: bands, paths, margins, attainment and
//! conversions for showing, all exact and checked.

use rust_decimal::{Decimal, RoundingStrategy};

use super::error::{EvalError, overflow};
use crate::check::{AttainmentBasis, CheckedRule, CmpOp, Direction, Program};
use crate::data::Close;

/// Targets in base units: `low..=high`, equal for a single target.
#[derive(Debug, Clone, Copy)]
pub(super) struct Band {
    pub low: Decimal,
    pub high: Decimal,
}

impl Band {
    /// `target ± tolerance`; `None` on overflow.
    /// The band of `x OP target`: from the target to its stretch goal
    /// (`>= 4 to 6`), else widened by the tolerance either side.
    pub fn of_target(
        target: Decimal,
        tolerance: Option<Decimal>,
        stretch: Option<Decimal>,
    ) -> Option<Band> {
        match stretch {
            Some(stretch) => Some(Band {
                low: target.min(stretch),
                high: target.max(stretch),
            }),
            None => Band::around(target, tolerance),
        }
    }

    pub fn around(target: Decimal, tolerance: Option<Decimal>) -> Option<Band> {
        let tolerance = tolerance.unwrap_or_default().abs();
        Some(Band {
            low: target.checked_sub(tolerance)?,
            high: target.checked_add(tolerance)?,
        })
    }
}

/// Whether `a` meets the band under `op`. A tolerance widens the band, so
/// `x >= 10 ± 1` is met from 9.
pub(super) fn meets(op: CmpOp, direction: Direction, a: Decimal, band: &Band) -> bool {
    match (direction, op) {
        (Direction::Within, _) => band.low <= a && a <= band.high,
        (_, CmpOp::Gt) => a > band.low,
        (_, CmpOp::Ge) => a >= band.low,
        (_, CmpOp::Lt) => a < band.high,
        (_, CmpOp::Le) => a <= band.high,
        (_, CmpOp::Eq) => band.low <= a && a <= band.high,
    }
}

/// Whether `a` is on or past the expected point: `>=` and `<=` even for
/// strict targets, since being exactly on the path is on track.
pub(super) fn on_path(direction: Direction, a: Decimal, expected: &Band) -> bool {
    match direction {
        Direction::AtLeast => a >= expected.low,
        Direction::AtMost => a <= expected.high,
        Direction::Within => expected.low <= a && a <= expected.high,
    }
}

/// The share of a flow's annual target due by the close of a month, as a
/// fraction: a twelfth or a third of a quarter stays exact in a product
/// divided once, where a rounded quotient would not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    /// The fraction's numerator.
    pub numerator: Decimal,
    /// The fraction's denominator, never zero.
    pub denominator: Decimal,
}

impl Share {
    /// `x` times the share, multiplied before it is divided.
    pub fn of(self, x: Decimal) -> Option<Decimal> {
        x.checked_mul(self.numerator)?.checked_div(self.denominator)
    }

    /// The share in percent, as exact as a decimal holds it.
    pub fn percent(self) -> Decimal {
        self.of(Decimal::ONE_HUNDRED)
            .unwrap_or_default()
            .normalize()
    }
}

/// Share of a flow's annual target due by `close`: the metric's profile,
/// or pro rata (months / 12). A quarterly profile is read at a month
/// by the straight line between its quarters: a month into the third
/// quarter of `(15%, 55%, 70%, 100%)` is 55% + (70% − 55%) / 3 = 60%. A
/// cut-off inside a month is read the same way between the month ends
/// around it.
pub fn elapsed_share(program: &Program, rule: &CheckedRule, close: Close) -> Share {
    let metrics = rule.lhs.metrics();
    // One profile applies when every flow in the rule shares it.
    let profiles: Vec<Option<&[Decimal]>> = metrics
        .iter()
        .filter_map(|(name, _)| program.metrics.get(*name).map(|m| m.profile.as_deref()))
        .collect();
    let profile = match profiles.first() {
        Some(Some(profile)) if profiles.iter().all(|p| p == &Some(*profile)) => Some(*profile),
        _ => None,
    };
    share_at(profile, close)
}

/// The share of the year passed by `close`: months / 12, and a cut-off
/// inside a month its days' part of that month's twelfth.
pub fn year_elapsed(close: Close) -> Share {
    share_at(None, close)
}

fn share_at(profile: Option<&[Decimal]>, close: Close) -> Share {
    let ended = month_share(profile, close.months);
    let Some((day, days)) = close.days else {
        return ended;
    };
    // ended + (next − ended) × day / days, over one denominator.
    let next = month_share(profile, close.months.saturating_add(1));
    let (day, days) = (Decimal::from(day), Decimal::from(days));
    let rise = next.numerator * ended.denominator - ended.numerator * next.denominator;
    Share {
        numerator: ended.numerator * next.denominator * days + rise * day,
        denominator: ended.denominator * next.denominator * days,
    }
}

/// The share due after `month` whole months.
fn month_share(profile: Option<&[Decimal]>, month: u8) -> Share {
    let month = month.min(12);
    let whole = |numerator: Decimal| Share {
        numerator,
        denominator: Decimal::ONE,
    };
    let Some(profile) = profile else {
        return Share {
            numerator: Decimal::from(month),
            denominator: Decimal::from(12),
        };
    };
    if month == 0 {
        return whole(Decimal::ZERO);
    }
    let at = |i: usize| profile.get(i).copied().unwrap_or(Decimal::ONE);
    if profile.len() == 12 {
        return whole(at(usize::from(month) - 1));
    }
    let quarter = usize::from(month.div_ceil(3));
    let into = month - 3 * (quarter as u8 - 1);
    let before = if quarter == 1 {
        Decimal::ZERO
    } else {
        at(quarter - 2)
    };
    if into == 3 {
        return whole(at(quarter - 1));
    }
    let rise = at(quarter - 1) - before;
    Share {
        numerator: before * Decimal::from(3) + rise * Decimal::from(into),
        denominator: Decimal::from(3),
    }
}

pub(super) fn scale(band: &Band, share: Share) -> Result<Band, EvalError> {
    Ok(Band {
        low: share.of(band.low).ok_or_else(overflow)?,
        high: share.of(band.high).ok_or_else(overflow)?,
    })
}

/// Where the figure should be once `elapsed` of the year has passed: on
/// or past the point of the straight path from `baseline` (last year end)
/// to the end of the band it must reach, the low end when more is better
/// (or the figure is below a range), else the high end.
pub(super) fn path(
    baseline: Decimal,
    band: &Band,
    direction: Direction,
    a: Decimal,
    elapsed: Share,
) -> Result<Band, EvalError> {
    // By the rule's direction, not by where the figure is: a figure equal
    // to a strict `> 12` target is below it, not above.
    let up = match direction {
        Direction::AtLeast => true,
        Direction::AtMost => false,
        Direction::Within => a < band.low,
    };
    let goal = if up { band.low } else { band.high };
    let step = goal
        .checked_sub(baseline)
        .and_then(|d| elapsed.of(d))
        .ok_or_else(overflow)?;
    let point = baseline.checked_add(step).ok_or_else(overflow)?;
    Ok(if up {
        Band {
            low: point,
            high: band.high,
        }
    } else {
        Band {
            low: band.low,
            high: point,
        }
    })
}

pub(super) fn margin(direction: Direction, a: Decimal, band: &Band) -> Result<Decimal, EvalError> {
    match direction {
        Direction::AtLeast => a.checked_sub(band.low),
        Direction::AtMost => a.checked_sub(band.high),
        Direction::Within if a < band.low => a.checked_sub(band.low),
        Direction::Within if a > band.high => a.checked_sub(band.high),
        Direction::Within => Some(Decimal::ZERO),
    }
    .ok_or_else(overflow)
}

/// Percent of the annual target, 2 decimals, on `basis`: actual ÷ target,
/// target ÷ actual, or the change from `baseline` achieved ÷ the change
/// planned. `None` where the basis means nothing: a share of a plan at or
/// below zero, target ÷ an actual at or below zero, a planned change of
/// zero, or a change with no baseline.
///
/// Shown to two decimals, unless they would round onto one of `marks` (the
/// 100% of the target, a flow's share due by now) that the figure is not
/// exactly on: then with as many more as tell the figure from the mark, so
/// that "100%" never stands beside a miss.
pub(super) fn attainment(
    basis: AttainmentBasis,
    a: Decimal,
    target: Decimal,
    baseline: Option<Decimal>,
    marks: &[Decimal],
) -> Option<Decimal> {
    let (num, den) = attainment_fraction(basis, a, target, baseline)?;
    let shown = percent_in_integers(num, den).or_else(|| percent_by_division(num, den))?;
    // Both sides are normalized (no trailing zeros), so equal numbers have
    // equal digits and scale.
    let on_mark = marks
        .iter()
        .any(|m| m.mantissa() == shown.mantissa() && m.scale() == shown.scale());
    if !on_mark || num.checked_mul(Decimal::ONE_HUNDRED) == shown.checked_mul(den) {
        return Some(shown);
    }
    let ratio = num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?;
    Some(sharpen(ratio, 2, marks))
}

/// The attainment at `places` decimals of a percent, rounded once from the
/// exact quotient, as a report that prints it so would.
pub(super) fn attainment_at(
    basis: AttainmentBasis,
    a: Decimal,
    target: Decimal,
    baseline: Option<Decimal>,
    places: u32,
) -> Option<Decimal> {
    let (num, den) = attainment_fraction(basis, a, target, baseline)?;
    let ratio = num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?;
    Some(
        ratio
            .round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// The numerator and denominator of an attainment on `basis`.
fn attainment_fraction(
    basis: AttainmentBasis,
    a: Decimal,
    target: Decimal,
    baseline: Option<Decimal>,
) -> Option<(Decimal, Decimal)> {
    // A share of a zero or negative plan means nothing (against `>= -5`,
    // 5 would be "-100%"); nor does a cap over a figure at or below zero.
    // Signs and zeros are read from the bits: this runs for every verdict.
    let above_zero = |d: Decimal| !d.is_sign_negative() && !d.is_zero();
    let (num, den) = match basis {
        AttainmentBasis::ActualOverTarget if above_zero(target) => (a, target),
        AttainmentBasis::TargetOverActual if above_zero(target) && above_zero(a) => (target, a),
        // A reduction achieved over a reduction planned is positive, as
        // a growth over a growth is; a change the wrong way is negative.
        AttainmentBasis::Change => {
            let from = baseline?;
            let planned = target.checked_sub(from)?;
            if planned.is_zero() {
                return None;
            }
            (a.checked_sub(from)?, planned)
        }
        _ => return None,
    };
    Some((num, den))
}

/// `value` rounded to `places` decimals, or to more where that would land
/// on one of `marks` that `value` is not on: a figure just short of its
/// target never shows as "100%". Reports call it again at the precision
/// they show.
pub fn sharpen(value: Decimal, places: u32, marks: &[Decimal]) -> Decimal {
    let round =
        |places| value.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero);
    let mut places = places;
    let mut shown = round(places);
    while marks.contains(&shown) && shown != value && places < 28 {
        places += 1;
        shown = round(places);
    }
    shown.normalize()
}

pub(super) fn percent_by_division(num: Decimal, den: Decimal) -> Option<Decimal> {
    let ratio = num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?;
    let rounded = ratio.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    Some(rounded.normalize())
}

/// [`percent_by_division`] in integers, several times quicker, for a `den`
/// of under 18 digits and a result under a million percent. There the
/// division's 28 digits are closer to the true quotient than any rounding
/// midpoint the quotient is not on, so both round alike.
pub(super) fn percent_in_integers(num: Decimal, den: Decimal) -> Option<Decimal> {
    const LIMIT: u128 = 1_000_000_000_000_000_000;
    let shift = 4 + i64::from(den.scale()) - i64::from(num.scale());
    let power = 10i128.checked_pow(u32::try_from(shift.unsigned_abs()).ok()?)?;
    let (n, d) = if shift >= 0 {
        (num.mantissa().checked_mul(power)?, den.mantissa())
    } else {
        (num.mantissa(), den.mantissa().checked_mul(power)?)
    };
    if d == 0 || d.unsigned_abs() >= LIMIT {
        return None;
    }
    // A 64-bit division when both fit: several times quicker than 128.
    // The remainder is taken from the quotient: a second 128-bit division
    // would cost as much as the first.
    let (mut hundredths, rest) = match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) if n != i64::MIN => {
            let q = n / d;
            (i128::from(q), i128::from(n - q * d))
        }
        _ => {
            let q = n / d;
            (q, n - q * d)
        }
    };
    if 2 * rest.unsigned_abs() >= d.unsigned_abs() {
        hundredths += if (n < 0) == (d < 0) { 1 } else { -1 };
    }
    // Under a million percent, so 64 bits hold it from here on.
    let Ok(mut hundredths) = i64::try_from(hundredths) else {
        return None;
    };
    if hundredths.unsigned_abs() >= 100_000_000 {
        return None;
    }
    let mut scale = 2;
    while scale > 0 && hundredths % 10 == 0 {
        hundredths /= 10;
        scale -= 1;
    }
    Decimal::try_new(hundredths, scale).ok()
}

/// Growth over the baseline: percent for relative targets (the figure as
/// a percent of the baseline for a ratio), else in the rule's unit.
pub(super) fn change(
    relative: bool,
    ratio: bool,
    a: Decimal,
    base: Decimal,
    rule: &CheckedRule,
) -> Option<Decimal> {
    if relative {
        let percent = a.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(base)?;
        let shown = if ratio {
            percent
        } else {
            percent.checked_sub(Decimal::ONE_HUNDRED)?
        };
        Some(shown.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    } else {
        rule.unit.from_base(a.checked_sub(base)?)
    }
}

/// Whether `d` is small enough that its difference with any other such
/// number fits: below 2^95 each, it fits the 96 bits of a decimal.
pub(super) fn subtracts(d: Decimal) -> bool {
    d.mantissa().unsigned_abs() < 1 << 95
}
