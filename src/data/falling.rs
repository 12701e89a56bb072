//! A year-to-date flow that falls from one quarter to a later one: what
//! has happened by June cannot be less than what had happened by March.
//! For a flow of things counted that is an error; for others (money that
//! may be revised or netted) a warning.

use std::cmp::Ordering;
use std::sync::Arc;

use super::error::Finding;
use super::repeats::{Written, compare, span_of};
use super::{Dataset, LoadError, LoadWarning, Location};
use crate::syntax::ast::decimal_text;
use crate::units::Unit;

/// A year-to-date figure met on the way, with its metric and year.
#[derive(Clone, Copy)]
struct Total {
    metric: u32,
    year: i32,
    written: Written,
}

/// Each fall in `data`, with the file of the later figure. `flows` tells
/// for each metric id whether it is a flow, and whether it counts things.
pub(super) fn falls(
    data: &Dataset,
    metric_units: &[Unit],
    flows: &[(bool, bool)],
) -> Vec<(usize, Finding)> {
    let mut out = Vec::new();
    if !flows.iter().any(|&(flow, _)| flow) {
        return out;
    }
    let figures = &data.figures;
    for (entity, name) in data.entities.iter().enumerate() {
        let from = data.entity_starts.get(entity).copied().unwrap_or(0);
        let to = data.entity_starts.get(entity + 1).copied().unwrap_or(from);
        // Figures come by metric, then by the last day they cover: the
        // year's totals in time order, a whole year with December's.
        let mut last: Option<(Total, u32)> = None;
        for &i in data.order.get(from..to).unwrap_or_default() {
            let i = i as usize;
            let metric = figures.metric(i);
            let when = figures.when(i);
            let is_flow = flows.get(metric as usize).is_some_and(|&(flow, _)| flow);
            if !is_flow || when.first_month() != 1 {
                continue;
            }
            let Some(value) = figures.value(i) else {
                continue;
            };
            let period = when.period();
            let total = Total {
                metric,
                year: period.year,
                written: Written {
                    unit: figures.marks(i).unit(),
                    value,
                    figure: i,
                },
            };
            let end = when.end();
            // The same days again are a repeat, found elsewhere.
            let earlier =
                last.filter(|(t, m)| t.metric == metric && t.year == period.year && *m < end);
            let declared = metric_units.get(metric as usize);
            if let Some((before, _)) = earlier
                && below(data, declared, &total, &before)
            {
                out.extend(fall(data, flows, name, &before, &total));
            }
            if last.is_none_or(|(t, m)| t.metric != metric || t.year != period.year || m < end) {
                last = Some((total, end));
            }
        }
    }
    out
}

/// Whether `a` is below `b` ([`compare`]).
fn below(data: &Dataset, declared: Option<&Unit>, a: &Total, b: &Total) -> bool {
    compare(data, declared, &a.written, &b.written) == Some(Ordering::Less)
}

/// The finding for `later` below `earlier`, in the file of `later`.
fn fall(
    data: &Dataset,
    flows: &[(bool, bool)],
    entity: &Arc<str>,
    earlier: &Total,
    later: &Total,
) -> Option<(usize, Finding)> {
    let earlier_figure = data.figures.get(earlier.written.figure)?;
    let later_figure = data.figures.get(later.written.figure)?;
    let metric = data
        .metrics
        .get(later.metric as usize)
        .map(|m| m.to_string())
        .unwrap_or_default();
    let earlier_at = data.describe(Location {
        file: data.file_of(earlier.written.figure),
        span: span_of(&earlier_figure),
    });
    let figure = format!(
        "`{metric}` for `{entity}` by {} ({})",
        later_figure.when.period(),
        decimal_text(later.written.value)
    );
    let earlier = format!(
        "{} by {} at {earlier_at}",
        decimal_text(earlier.written.value),
        earlier_figure.when.period()
    );
    let span = span_of(&later_figure);
    let counts = flows
        .get(later.metric as usize)
        .is_some_and(|&(_, counts)| counts);
    let fall = if counts {
        Finding::Error(
            Arc::clone(entity),
            LoadError::FallingTotal {
                figure,
                earlier,
                span,
            },
        )
    } else {
        Finding::Warning(LoadWarning::FallingTotal {
            figure,
            earlier,
            span,
        })
    };
    Some((data.file_of(later.written.figure), fall))
}
