//! The long CSV form: `entity,period,metric,value,unit[,basis]`, one figure
//! per row, many entities and periods per file.

use super::{Basis, FileReader, Header, LoadError, Period, RawValue, quantity_in};
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};

const COLUMNS: &[&str] = &["entity", "period", "metric", "value", "unit", "basis"];
const REQUIRED: &[&str] = &["entity", "period", "metric", "value"];

struct Columns {
    entity: usize,
    period: usize,
    metric: usize,
    value: usize,
    unit: Option<usize>,
    basis: Option<usize>,
}

pub(super) fn read(text: &str, reader: &mut FileReader<'_>) {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = csv.records();
    let Some(header) = records.next() else {
        reader.errors.push(LoadError::Csv {
            message: "the file is empty".into(),
            span: Span::default(),
            help: Some(format!("start with the header `{}`", COLUMNS.join(","))),
        });
        return;
    };
    let header = match header {
        Ok(header) => header,
        Err(err) => return csv_error(reader, text, &err),
    };
    let Some(columns) = columns(&header, text, reader) else {
        return;
    };
    // One figure a line: no regrowing a million-element vector.
    reader
        .observations
        .reserve(text.bytes().filter(|&b| b == b'\n').count());
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                csv_error(reader, text, &err);
                continue;
            }
        };
        row(&record, &columns, text, reader);
    }
    reader.row_entity = None;
}

fn csv_error(reader: &mut FileReader<'_>, text: &str, err: &csv::Error) {
    let start = err
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(text.len());
    reader.errors.push(LoadError::Csv {
        message: err.to_string(),
        span: Span::new(start, line_end(text, start)),
        help: None,
    });
}

fn line_end(text: &str, start: usize) -> usize {
    text.get(start..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |i| start + i)
}

/// Byte span of field `i` of `record` in the file.
fn field_span(record: &csv::StringRecord, i: usize, text: &str) -> Span {
    let start = record.position().map_or(0, |p| p.byte() as usize);
    let field = record.get(i).unwrap_or_default();
    let line = text.get(start..line_end(text, start)).unwrap_or_default();
    // Fields are separated by commas; quoted fields may shift the guess, so
    // look for the field's text from where the guess lands.
    let guess = record.range(i).map_or(0, |r| r.start + i).min(line.len());
    let offset = line
        .get(guess..)
        .and_then(|rest| rest.find(field))
        .map(|o| guess + o)
        .or_else(|| line.find(field))
        .unwrap_or(guess);
    Span::new(start + offset, start + offset + field.len())
}

fn columns(header: &csv::StringRecord, text: &str, reader: &mut FileReader<'_>) -> Option<Columns> {
    let find = |name: &str| header.iter().position(|h| h.trim() == name);
    let header_span = Span::new(0, line_end(text, 0));
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.trim()) {
            let help = did_you_mean(closest(name.trim(), COLUMNS.iter().copied()))
                .unwrap_or_else(|| format!("the columns are {}", COLUMNS.join(",")));
            reader.errors.push(LoadError::Csv {
                message: format!("unknown column `{name}`"),
                span: field_span(header, i, text),
                help: Some(help),
            });
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| find(c).is_none())
        .collect();
    if !missing.is_empty() {
        reader.errors.push(LoadError::Csv {
            message: format!("missing column `{}`", missing.join("`, `")),
            span: header_span,
            help: Some(format!("the header is `{}`", COLUMNS.join(","))),
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
    })
}

fn row(record: &csv::StringRecord, columns: &Columns, text: &str, reader: &mut FileReader<'_>) {
    let field = |i: usize| record.get(i).map(str::trim);
    let entity = field(columns.entity).filter(|e| !e.is_empty());
    if reader.row_entity.as_deref() != entity {
        reader.row_entity = entity.map(str::to_string);
    }
    let span = |i: usize| field_span(record, i, text);
    let (Some(entity), Some(period), Some(metric), Some(value)) = (
        field(columns.entity),
        field(columns.period),
        field(columns.metric),
        field(columns.value),
    ) else {
        reader.report(LoadError::Csv {
            message: format!("row has {} fields, the header has more", record.len()),
            span: span(0).join(span(record.len().saturating_sub(1))),
            help: None,
        });
        return;
    };
    if entity.is_empty() || metric.is_empty() {
        let column = if entity.is_empty() {
            columns.entity
        } else {
            columns.metric
        };
        reader.report(LoadError::Csv {
            message: "empty field".into(),
            span: span(column),
            help: Some("every row names its entity and metric".into()),
        });
        return;
    }
    let Ok(period) = period.parse::<Period>() else {
        reader.report(LoadError::BadPeriod {
            text: period.to_string(),
            span: span(columns.period),
        });
        return;
    };
    let basis = match columns.basis.and_then(field) {
        None | Some("" | "cumulative") => Basis::Cumulative,
        Some("quarter") => Basis::Quarter,
        Some(other) => {
            reader.report(LoadError::BadBasis {
                text: other.to_string(),
                span: span(columns.basis.unwrap_or(0)),
            });
            return;
        }
    };
    let value_span = span(columns.value);
    let (number, inner_unit) = match quantity_in(value, value_span.start) {
        Ok(parsed) => parsed,
        Err((reason, help)) => {
            reader.bad_value(metric, reason, value_span, help);
            return;
        }
    };
    let unit = match columns.unit {
        Some(i) if field(i).is_some_and(|u| !u.is_empty()) => {
            if inner_unit.is_some() {
                reader.bad_value(metric, "the unit is given twice", value_span, None);
                return;
            }
            Some((field(i).unwrap_or_default().to_string(), span(i)))
        }
        _ => inner_unit,
    };
    let header = Header {
        entity: reader.names.intern(entity),
        period,
        basis,
    };
    let raw = RawValue {
        value: number,
        unit,
        approx: false,
    };
    // The metric's position only matters for a warning about an unknown one.
    let metric_span = if reader.program.metrics.contains_key(metric) {
        Span::default()
    } else {
        span(columns.metric)
    };
    reader.observe(&header, metric, metric_span, raw, value_span);
}
