//! The same figure given twice (`When::same_figure`): read once, with a
//! warning, when both say the same; an error naming both places when they
//! disagree, since which one is right cannot be told.

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
    let same_value = again_unit == first_unit && again.value == first.value
        || in_base(data, declared, &again)
            .is_some_and(|v| Some(v) == in_base(data, declared, &first));
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

/// The unit `figure` is written in: its own, or its metric's `declared`.
fn unit<'d>(data: &'d Dataset, declared: Option<&'d Unit>, figure: &Figure) -> Option<&'d Unit> {
    match figure.marks.unit() {
        Some(u) => data.units.get(u).map(|u| &**u),
        None => declared,
    }
}

/// `figure`'s value in its dimension's base unit, to compare figures
/// written in different units.
pub(super) fn in_base(data: &Dataset, declared: Option<&Unit>, figure: &Figure) -> Option<Decimal> {
    unit(data, declared, figure)?.to_base(figure.value)
}

/// The bytes `figure` was read from.
pub(super) fn span_of(figure: &Figure) -> Span {
    let start = figure.start as usize;
    Span::new(start, start + usize::from(figure.len))
}
