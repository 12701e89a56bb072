//! The TOML form: `[report]` with entity, period and basis, then `[values]`.
//!
//! Numbers are read from their literal text, never through a float, so
//! `12345678901234567.8` stays exact.

use std::borrow::Cow;

use rust_decimal::Decimal;
use toml::Spanned as TSpanned;
use toml::de::{DeTable, DeValue};

use super::reader::{
    FileReader, Header, Number, NumberFormat, QUANTITY_HELP, RawValue, ValueProblem, quantity_in,
};
use super::{Basis, LoadError, Period};
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};

const REPORT_KEYS: &[&str] = &["entity", "period", "basis", "number_format", "estimate"];
const VALUE_KEYS: &[&str] = &["value", "unit", "approx", "estimate"];

pub(super) fn read(text: &str, reader: &mut FileReader<'_, '_>) {
    let root = match DeTable::parse(text) {
        Ok(root) => root,
        Err(err) => {
            let span = err.span().map(Span::from).unwrap_or_default();
            reader.part.errors.push(LoadError::Toml {
                message: err.message().trim_end().to_string(),
                span,
            });
            return;
        }
    };
    let whole = Span::new(0, text.len().min(1));
    let mut report = None;
    let mut values = None;
    for (key, value) in root.get_ref() {
        match key.get_ref().as_ref() {
            "report" => report = Some(value),
            "values" => values = Some(value),
            other => unknown_key(reader, other, key.span().into(), &["report", "values"]),
        }
    }
    let Some(header) = report.and_then(|r| self::header(r, reader)) else {
        if report.is_none() {
            reader.part.errors.push(LoadError::Missing {
                key: "[report]".into(),
                span: whole,
                help: Some("start the file with `[report]` giving `entity` and `period`".into()),
            });
        }
        return;
    };
    let Some(values) = values else {
        reader.part.errors.push(LoadError::Missing {
            key: "[values]".into(),
            span: whole,
            help: Some("list the figures under `[values]`, e.g. `new_jobs = 1850`".into()),
        });
        return;
    };
    let Some(table) = values.get_ref().as_table() else {
        reader.part.errors.push(LoadError::Toml {
            message: "`values` must be a table".into(),
            span: values.span().into(),
        });
        return;
    };
    for (key, value) in table {
        let metric = key.get_ref().as_ref();
        if let DeValue::Array(list) = value.get_ref()
            && reader.catalog.lists_items(metric)
        {
            if let Some(items) = items(metric, list, reader) {
                let span = value.span().into();
                reader.observe_items(header, metric, || key.span().into(), &items, span);
            }
            continue;
        }
        if let Some(raw) = raw_value(metric, value, reader) {
            reader.observe(
                header,
                metric,
                || key.span().into(),
                raw,
                value.span().into(),
            );
        }
    }
}

fn unknown_key(reader: &mut FileReader<'_, '_>, key: &str, span: Span, expected: &[&str]) {
    let help = did_you_mean(closest(key, expected.iter().copied()))
        .unwrap_or_else(|| format!("expected one of: {}", expected.join(", ")));
    reader.part.errors.push(LoadError::UnknownKey {
        key: key.to_string(),
        span,
        help: Some(help),
    });
}

fn header(report: &TSpanned<DeValue<'_>>, reader: &mut FileReader<'_, '_>) -> Option<Header> {
    let Some(table) = report.get_ref().as_table() else {
        reader.part.errors.push(LoadError::Toml {
            message: "`report` must be a table".into(),
            span: report.span().into(),
        });
        return None;
    };
    let mut entity = None;
    let mut period = None;
    let mut basis = (Basis::Cumulative, None);
    let mut estimate = false;
    let present = |key: &str| table.iter().any(|(k, _)| k.get_ref() == key);
    for (key, value) in table {
        let span: Span = value.span().into();
        let text = value.get_ref().as_str();
        match (key.get_ref().as_ref(), text) {
            ("entity", Some(text)) if !text.trim().is_empty() => {
                entity = Some((text.to_string(), span))
            }
            ("period", Some(text)) => match text.parse::<Period>() {
                Ok(p) => period = Some(p),
                Err(_) => reader.part.errors.push(LoadError::BadPeriod {
                    text: text.to_string(),
                    span,
                }),
            },
            ("basis", Some(text)) if text.parse::<Basis>().is_ok() => {
                basis = (text.parse().unwrap_or(Basis::Cumulative), Some(span));
            }
            ("number_format", Some(text)) if text.parse::<NumberFormat>().is_ok() => {
                reader.number_format = text.parse().unwrap_or_default();
            }
            ("estimate", _) => match value.get_ref() {
                DeValue::Boolean(b) => estimate = *b,
                _ => reader.part.errors.push(LoadError::BadValue {
                    metric: "estimate".into(),
                    reason: "expected true or false".into(),
                    span,
                    help: Some(
                        "`estimate = true` marks every figure of the file an estimate (\"ước thực hiện\")"
                            .into(),
                    ),
                }),
            },
            ("number_format", _) => reader.part.errors.push(LoadError::BadValue {
                metric: "number_format".into(),
                reason: "expected \"vi\" or \"plain\"".into(),
                span,
                help: Some("`vi` for `2.730,5`, `plain` (the default) for `2,730.5`".into()),
            }),
            ("basis", _) => reader.part.errors.push(LoadError::BadBasis {
                text: text.unwrap_or_default().to_string(),
                span,
            }),
            ("entity" | "period", _) => reader.part.errors.push(LoadError::BadValue {
                metric: key.get_ref().to_string(),
                reason: "expected a non-empty string".into(),
                span,
                help: None,
            }),
            (other, _) => unknown_key(reader, other, key.span().into(), REPORT_KEYS),
        }
    }
    let report_span: Span = report.span().into();
    let header_span = Span::new(report_span.start, report_span.start);
    for key in ["entity", "period"] {
        if !present(key) {
            reader.part.errors.push(LoadError::Missing {
                key: key.into(),
                span: header_span,
                help: Some(format!("add `{key} = \"...\"` under `[report]`")),
            });
        }
    }
    let (basis, basis_span) = basis;
    if let (Some(period), Some(span)) = (period, basis_span)
        && !period.accepts(basis)
    {
        reader.part.errors.push(LoadError::BasisForPeriod {
            basis,
            period,
            span,
        });
        return None;
    }
    Some(Header {
        entity: entity.map(|(name, span)| reader.entity(&name, span))?,
        period: period?,
        basis,
        estimate,
    })
}

/// `["Vũ Bản", "An Ninh"]`: the items done, each a string.
fn items<'t>(
    metric: &str,
    list: &'t toml::de::DeArray<'_>,
    reader: &mut FileReader<'_, '_>,
) -> Option<Vec<(&'t str, Span)>> {
    let mut out = Vec::with_capacity(list.len());
    for element in list.iter() {
        let span: Span = element.span().into();
        match element.get_ref() {
            DeValue::String(name) => out.push((name.as_ref(), inner_string_span(span))),
            other => {
                let reason = format!("expected an item's name, found {}", other.type_str());
                reader.bad_value(
                    metric,
                    &reason,
                    span,
                    Some("write each item as a string: `[\"Vũ Bản\", \"An Ninh\"]`"),
                );
                return None;
            }
        }
    }
    Some(out)
}

fn raw_value(
    metric: &str,
    value: &TSpanned<DeValue<'_>>,
    reader: &mut FileReader<'_, '_>,
) -> Option<RawValue<'static>> {
    let span: Span = value.span().into();
    match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) | DeValue::String(_) => {
            let (value, unit, approx) = scalar(metric, value, reader)?;
            Some(RawValue {
                value,
                unit: unit.map(|(u, s)| (Cow::Owned(u), s)),
                approx,
                estimate: None,
            })
        }
        DeValue::Table(table) => {
            let mut number = None;
            let mut unit = None;
            let mut approx = false;
            let mut estimate = None;
            for (key, field) in table {
                let field_span: Span = field.span().into();
                match (key.get_ref().as_ref(), field.get_ref()) {
                    ("value", _) => number = Some(scalar(metric, field, reader)?),
                    ("unit", DeValue::String(u)) => {
                        unit = Some((u.to_string(), inner_string_span(field_span)));
                    }
                    ("approx", DeValue::Boolean(b)) => approx = *b,
                    ("estimate", DeValue::Boolean(b)) => estimate = Some(*b),
                    ("unit" | "approx" | "estimate", _) => {
                        let expected = if key.get_ref() == "unit" {
                            "a string"
                        } else {
                            "true or false"
                        };
                        reader.bad_value(
                            metric,
                            &format!("`{}` must be {expected}", key.get_ref()),
                            field_span,
                            None,
                        );
                        return None;
                    }
                    (other, _) => {
                        unknown_key(reader, other, key.span().into(), VALUE_KEYS);
                        return None;
                    }
                }
            }
            let Some((value, inner_unit, marked)) = number else {
                reader.bad_value(
                    metric,
                    "missing `value`",
                    span,
                    Some("write `{ value = \"1290.4\", unit = \"billion VND\" }`"),
                );
                return None;
            };
            if unit.is_some() && inner_unit.is_some() {
                reader.bad_value(metric, "the unit is given twice", span, None);
                return None;
            }
            Some(RawValue {
                value,
                unit: unit.or(inner_unit).map(|(u, s)| (Cow::Owned(u), s)),
                approx: approx || marked,
                estimate,
            })
        }
        other => {
            let reason = format!("expected a number, found {}", other.type_str());
            reader.bad_value(metric, &reason, span, Some(QUANTITY_HELP));
            None
        }
    }
}

type Scalar = super::reader::Quantity;

fn scalar(
    metric: &str,
    value: &TSpanned<DeValue<'_>>,
    reader: &mut FileReader<'_, '_>,
) -> Option<Scalar> {
    let span: Span = value.span().into();
    let parsed = match value.get_ref() {
        DeValue::Integer(int) => {
            integer(int.as_str(), int.radix()).map(|v| (Number::Exact(v), None, false))
        }
        // `2.730` in a file that writes numbers the Vietnamese way is two
        // thousand seven hundred and thirty, whatever TOML makes of it.
        DeValue::Float(float) if reader.number_format == NumberFormat::Vi => {
            quantity_in(float.as_str(), span.start, NumberFormat::Vi)
        }
        DeValue::Float(float) => {
            float_literal(float.as_str()).map(|v| (Number::Exact(v), None, false))
        }
        DeValue::String(text) => {
            quantity_in(text, inner_string_span(span).start, reader.number_format)
        }
        _ => Err(("expected a number", Some(QUANTITY_HELP))),
    };
    match parsed {
        Ok(scalar) => Some(scalar),
        Err((reason, help)) => {
            reader.bad_value(metric, reason, span, help);
            None
        }
    }
}

type Parsed<T> = Result<T, ValueProblem>;

const TOO_BIG: ValueProblem = (
    "beyond the 28 significant digits of an exact decimal",
    Some("use a larger unit, e.g. `billion VND`"),
);

fn integer(text: &str, radix: u32) -> Parsed<Decimal> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    if radix == 10 {
        return Decimal::from_str_exact(&digits).map_err(|_| TOO_BIG);
    }
    i128::from_str_radix(&digits, radix)
        .ok()
        .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
        .ok_or(TOO_BIG)
}

fn float_literal(text: &str) -> Parsed<Decimal> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    if lower.contains("nan") || lower.contains("inf") {
        return Err(("not a finite number", Some(QUANTITY_HELP)));
    }
    if lower.contains('e') {
        return Decimal::from_scientific(&lower).map_err(|_| TOO_BIG);
    }
    Decimal::from_str_exact(&digits).map_err(|_| TOO_BIG)
}

/// The text of a basic string `"..."` without its quotes.
fn inner_string_span(span: Span) -> Span {
    if span.len() >= 2 {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn float_literals_stay_exact() {
        assert_eq!(
            float_literal("12345678901234567.8").unwrap(),
            Decimal::from_str("12345678901234567.8").unwrap()
        );
        assert_eq!(float_literal("0.1").unwrap(), Decimal::new(1, 1));
        assert_eq!(float_literal("1_000.5").unwrap(), Decimal::new(10005, 1));
        assert_eq!(float_literal("1e3").unwrap(), Decimal::from(1000));
        assert!(float_literal("nan").is_err());
        assert!(float_literal("-inf").is_err());
        assert!(float_literal("1e999").is_err());
    }

    #[test]
    fn integers_in_any_radix() {
        assert_eq!(integer("3830", 10).unwrap(), Decimal::from(3830));
        assert_eq!(integer("-12", 10).unwrap(), Decimal::from(-12));
        assert_eq!(integer("ff", 16).unwrap(), Decimal::from(255));
        assert!(integer("99999999999999999999999999999999", 10).is_err());
    }
}
