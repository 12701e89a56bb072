//! The same figure given twice (`When::same_figure`): read once, with a
//! warning, when both say the same; an error naming both places when they
//! disagree, since which one is right cannot be told.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::error::Finding;
use super::figures::Figure;
use super::index::Duplicate;
use super::{Dataset, LoadError, LoadWarning, Location};
use crate::span::Span;
use crate::syntax::ast::decimal_text;
use crate::units::Unit;

/// The file the repeated figure is in, and what its repetition means.
/// `metric_units` holds each metric's declared unit, by metric id.
pub(super) fn sort_out(
    data: &Dataset,
    metric_units: &[Unit],
    duplicate: &Duplicate,
) -> Option<(usize, Finding)> {
    let again = data.figures.get(duplicate.again)?;
    let first = data.figures.get(duplicate.first)?;
    let first_at = data.describe(Location {
        file: data.file_of(duplicate.first),
        span: span_of(&first),
    });
    let metric = data
        .metrics
        .get(again.metric as usize)
        .map(|m| m.to_string())
        .unwrap_or_default();
    let declared = metric_units.get(again.metric as usize);
    let (again_unit, first_unit) = (unit(data, declared, &again), unit(data, declared, &first));
    let written = |f: &Figure, i| Written {
        unit: f.marks.unit(),
        value: f.value,
        figure: i,
    };
    let same_value = compare(
        data,
        declared,
        &written(&again, duplicate.again),
        &written(&first, duplicate.first),
    ) == Some(Ordering::Equal);
    let (period, first_period) = (again.when.period(), first.when.period());
    let also = if period == first_period {
        String::new()
    } else {
        format!(" (for {first_period}, the same figure)")
    };
    let repeat = if same_value {
        // The same value: read once.
        Finding::Warning(LoadWarning::RepeatedFigure {
            metric,
            entity: duplicate.entity.to_string(),
            period: period.to_string(),
            span: span_of(&again),
            help: format!("the same value is reported at {first_at}{also}; it is read once"),
        })
    } else {
        let shown = |value: Decimal, unit: Option<&Unit>| match unit {
            // A bare count reads as a number.
            Some(unit) if unit != &Unit::count() => {
                format!("{} {}", decimal_text(value), unit.name)
            }
            _ => decimal_text(value),
        };
        Finding::Error(
            std::sync::Arc::clone(&duplicate.entity),
            LoadError::ConflictingFigures {
                figure: format!("`{metric}` for `{}` in {period}", duplicate.entity),
                value: shown(again.value, again_unit),
                first_value: shown(first.value, first_unit),
                first_at: format!("{first_at}{also}"),
                span: span_of(&again),
            },
        )
    };
    Some((data.file_of(duplicate.again), repeat))
}

/// A figure's value as written, the unit it is written in (`None`: its
/// metric's) and its number among the figures.
#[derive(Clone, Copy)]
pub(super) struct Written {
    pub unit: Option<usize>,
    pub value: Decimal,
    pub figure: usize,
}

/// How two figures of one metric compare: as written where both are in
/// one unit, else in their dimension's base unit; `None` where one cannot
/// be converted.
pub(super) fn compare(
    data: &Dataset,
    declared: Option<&Unit>,
    a: &Written,
    b: &Written,
) -> Option<Ordering> {
    if a.unit == b.unit {
        return Some(a.value.cmp(&b.value));
    }
    let base = |w: &Written| {
        let figure = data.figures.get(w.figure)?;
        unit(data, declared, &figure)?.to_base(figure.value)
    };
    Some(base(a)?.cmp(&base(b)?))
}

/// The unit `figure` is written in: its own, or its metric's `declared`.
fn unit<'d>(data: &'d Dataset, declared: Option<&'d Unit>, figure: &Figure) -> Option<&'d Unit> {
    match figure.marks.unit() {
        Some(u) => data.units.get(u).map(|u| &**u),
        None => declared,
    }
}

/// The bytes `figure` was read from.
pub(super) fn span_of(figure: &Figure) -> Span {
    let start = figure.start as usize;
    Span::new(start, start + usize::from(figure.len))
}
