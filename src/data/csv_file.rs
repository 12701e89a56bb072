//! The long CSV form: `entity,period,metric,value,unit[,basis][,estimate]`,
//! one figure per row, many entities and periods per file.
//!
//! A file without a quote character is read in stretches, one per core,
//! and its text is not kept: with no quotes, a line end always ends a row
//! and a comma always ends a field, which is what lets a stretch start
//! anywhere and find its first row after the first line end (the `csv`
//! crate reads one stream from its start). A file with quotes, or one that
//! is not UTF-8, is read whole by the `csv` crate.

mod lines;
mod source;
mod split;
mod stream;
mod whole;

use std::borrow::Cow;

use super::reader::{FileReader, Header, Number, RawValue, quantity_in, same};
use super::{Basis, LoadError, Period};
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};
use split::{Fields, SplitLine, split_fields};
pub(super) use stream::{Feed, Streamed, stream};
pub(super) use whole::read_whole;

const COLUMNS: &[&str] = &[
    "entity", "period", "metric", "value", "unit", "basis", "estimate",
];
/// [`COLUMNS`] as a header line, for help.
const HEADER: &str = "entity,period,metric,value,unit,basis,estimate";
const REQUIRED: &[&str] = &["entity", "period", "metric", "value"];

#[derive(Clone, Copy)]
struct Columns {
    entity: usize,
    period: usize,
    metric: usize,
    value: usize,
    unit: Option<usize>,
    basis: Option<usize>,
    estimate: Option<usize>,
    /// Fields in the header: every row has as many.
    count: usize,
}

impl Columns {
    /// A row's entity, period, metric and value, if it has those fields.
    fn required<'t>(self, field: impl Fn(usize) -> Option<&'t str>) -> Option<[&'t str; 4]> {
        Some([
            field(self.entity)?,
            field(self.period)?,
            field(self.metric)?,
            field(self.value)?,
        ])
    }
}

fn empty_file() -> LoadError {
    LoadError::CsvEmpty {
        header: HEADER,
        span: Span::default(),
    }
}

/// The columns named by the header, or `None` after reporting why not.
fn read_header(
    header: &[(&str, Span)],
    header_end: usize,
    reader: &mut FileReader<'_, '_>,
) -> Option<Columns> {
    let find = |name: &str| header.iter().position(|(h, _)| h.trim() == name);
    for (name, span) in header {
        if !COLUMNS.contains(&name.trim()) {
            let help = did_you_mean(closest(name.trim(), COLUMNS.iter().copied()))
                .unwrap_or_else(|| format!("the columns are {HEADER}"));
            reader.part.errors.push(LoadError::CsvUnknownColumn {
                name: name.to_string(),
                span: *span,
                help,
            });
        }
    }
    for (i, (name, span)) in header.iter().enumerate() {
        let name = name.trim();
        let first = header
            .iter()
            .take(i)
            .find(|(earlier, _)| earlier.trim() == name);
        if let Some((_, first)) = first.filter(|_| COLUMNS.contains(&name)) {
            reader.part.errors.push(LoadError::CsvDuplicateColumn {
                name: name.to_string(),
                span: *span,
                first: *first,
            });
            return None;
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| find(c).is_none())
        .collect();
    if !missing.is_empty() {
        reader.part.errors.push(LoadError::CsvMissingColumn {
            columns: missing.join("`, `"),
            header: HEADER,
            span: Span::new(0, header_end),
        });
        return None;
    }
    Some(Columns {
        entity: find("entity")?,
        period: find("period")?,
        metric: find("metric")?,
        value: find("value")?,
        unit: find("unit"),
        basis: find("basis"),
        estimate: find("estimate"),
        count: header.len(),
    })
}

/// The last entity and periods read: rows repeat them.
#[derive(Default)]
struct RowCache {
    entity: Option<(String, u32)>,
    periods: Vec<(String, Period)>,
    /// Which of `periods` the last row had: the next row most likely has
    /// it too.
    last_period: std::cell::Cell<usize>,
}

impl RowCache {
    /// The period written `text`, if met before.
    #[inline(always)]
    fn period(&self, text: &str) -> Option<Period> {
        let hint = self.last_period.get();
        if let Some((seen, period)) = self.periods.get(hint)
            && same(seen, text)
        {
            return Some(*period);
        }
        let at = self.periods.iter().position(|(seen, _)| same(seen, text))?;
        self.last_period.set(at);
        self.periods.get(at).map(|(_, period)| *period)
    }
}

/// `str::trim`, quick when there is nothing to trim.
fn trim(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x80).contains(b));
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

fn row<F: Fields + ?Sized>(
    fields: &F,
    columns: Columns,
    reader: &mut FileReader<'_, '_>,
    cache: &mut RowCache,
) {
    let field = |i: usize| fields.get(i).map(trim);
    let span = |i: usize| fields.span(i);
    // Each field is read once: the four every row has, then the others.
    let required = columns.required(field);
    let entity = match required {
        Some([entity, ..]) => Some(entity),
        None => field(columns.entity),
    }
    .filter(|e| !e.is_empty());
    // Rows repeat their entity: one comparison tells the row's errors
    // whose they are and finds its id.
    let repeated = matches!((&cache.entity, entity), (Some((name, _)), Some(e)) if same(name, e));
    if !repeated {
        reader.row_entity = entity.map(|e| crate::span::composed(e).into_owned());
        cache.entity = None;
    }
    // A row of another width has its fields shifted: an unquoted `1,500`
    // would otherwise read as 1, its unit as `500`.
    let Some([entity, period, metric, value]) =
        required.filter(|_| fields.count() == columns.count)
    else {
        reader.report(LoadError::CsvRowWidth {
            fields: fields.count(),
            header: columns.count,
            span: fields.whole(),
        });
        return;
    };
    if entity.is_empty() || metric.is_empty() {
        let column = if entity.is_empty() {
            columns.entity
        } else {
            columns.metric
        };
        reader.report(LoadError::CsvEmptyField { span: span(column) });
        return;
    }
    let period = match cache.period(period) {
        Some(p) => p,
        None => match period.parse::<Period>() {
            Ok(p) => {
                // A file has few periods: sixteen remembered, the oldest
                // forgotten first.
                if cache.periods.len() == 16 {
                    cache.periods.remove(0);
                }
                cache.periods.push((period.to_string(), p));
                p
            }
            Err(_) => {
                reader.report(LoadError::BadPeriod {
                    text: period.to_string(),
                    span: span(columns.period),
                });
                return;
            }
        },
    };
    let basis = match columns.basis.and_then(field) {
        None | Some("") => Basis::Cumulative,
        Some(text) => match text.parse::<Basis>() {
            Ok(basis) if period.accepts(basis) => basis,
            Ok(basis) => {
                reader.report(LoadError::BasisForPeriod {
                    basis,
                    period,
                    span: span(columns.basis.unwrap_or(0)),
                });
                return;
            }
            Err(_) => {
                reader.report(LoadError::BadBasis {
                    text: text.to_string(),
                    span: span(columns.basis.unwrap_or(0)),
                });
                return;
            }
        },
    };
    let estimate = match columns.estimate.and_then(field) {
        None | Some("" | "false") => false,
        Some("true") => true,
        Some(text) => {
            reader.bad_value(
                metric,
                &format!("`estimate` must be true, false or empty, not `{text}`"),
                span(columns.estimate.unwrap_or(0)),
                Some("`true` marks the row's figure an estimate (\"ước thực hiện\")"),
            );
            return;
        }
    };
    let value_span = span(columns.value);
    // Most values are plain digits: read without the call to the grammar.
    let format = reader.number_format;
    let (number, inner_unit, approx) = match Number::plain_in(value, format) {
        Some(number) => (number, None, false),
        None => match quantity_in(value, value_span.start, format) {
            Ok(parsed) => parsed,
            // Not a number: a list of the items done, if the metric lists
            // items; looked up only here, off the path of numbers.
            Err(_) if reader.catalog.lists_items(metric) => {
                let header = Header {
                    // Off the path of numbers: looked up without the cache.
                    entity: reader.entity(entity, span(columns.entity)),
                    period,
                    basis,
                    estimate,
                };
                let raw = fields.get(columns.value).unwrap_or_default();
                let metric_span = span(columns.metric);
                items_row(reader, header, metric, metric_span, raw, value, value_span);
                return;
            }
            Err((reason, help)) => {
                reader.bad_value(metric, reason, value_span, help);
                return;
            }
        },
    };
    let unit = match columns.unit.and_then(|i| Some((field(i)?, span(i)))) {
        Some((unit, unit_span)) if !unit.is_empty() => {
            if inner_unit.is_some() {
                reader.bad_value(metric, "the unit is given twice", value_span, None);
                return;
            }
            Some((Cow::Borrowed(unit), unit_span))
        }
        _ => inner_unit.map(|(u, s)| (Cow::Owned(u), s)),
    };
    let entity = match &cache.entity {
        Some((_, id)) => *id,
        None => {
            let id = reader.entity(entity, span(columns.entity));
            cache.entity = Some((entity.to_string(), id));
            id
        }
    };
    let header = Header {
        entity,
        period,
        basis,
        estimate,
    };
    let raw = RawValue {
        value: number,
        unit,
        approx,
        estimate: None,
    };
    reader.observe(header, metric, || span(columns.metric), raw, value_span);
}

/// A row whose value lists the items done, `Vũ Bản; An Ninh`: kept out
/// of the way of the rows of numbers.
#[cold]
#[inline(never)]
fn items_row(
    reader: &mut FileReader<'_, '_>,
    header: Header,
    metric: &str,
    metric_span: Span,
    raw: &str,
    value: &str,
    value_span: Span,
) {
    // Each name is located where the field holds the value as written.
    let inner = match raw.find(value) {
        Some(offset) if raw.len() == value_span.len() => Span::new(
            value_span.start + offset,
            value_span.start + offset + value.len(),
        ),
        _ => value_span,
    };
    let items = super::reader::split_items(value, inner);
    reader.observe_items(header, metric, || metric_span, &items, value_span);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_in_help_is_the_columns() {
        assert_eq!(HEADER, COLUMNS.join(","));
    }
}
