//! Numbers for people: thousands grouped, signs where a change is shown.

use rust_decimal::Decimal;

/// `2662.6` → `2,662.6`; trailing zeros dropped.
pub fn grouped(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(text.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Like [`grouped`] with an explicit `+` on positive values.
pub fn signed(value: Decimal) -> String {
    if value.is_sign_positive() && !value.is_zero() {
        format!("+{}", grouped(value))
    } else {
        grouped(value)
    }
}

/// A quantity with its unit: `3.7%`, `2,662.6 billion VND`.
pub fn with_unit(value: Decimal, unit: &str) -> String {
    if matches!(unit, "%" | "‰") {
        format!("{}{unit}", grouped(value))
    } else if unit == "count" {
        grouped(value)
    } else {
        format!("{} {unit}", grouped(value))
    }
}

/// Percentages shown to one decimal.
pub fn percent(value: Decimal) -> String {
    let rounded =
        value.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{}%", grouped(rounded))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(d("2662.60")), "2,662.6");
        assert_eq!(grouped(d("-1234567")), "-1,234,567");
        assert_eq!(grouped(d("999")), "999");
        assert_eq!(signed(d("0.8")), "+0.8");
        assert_eq!(signed(d("0")), "0");
        assert_eq!(with_unit(d("3.7"), "%"), "3.7%");
        assert_eq!(with_unit(d("3830"), "persons"), "3,830 persons");
        assert_eq!(percent(d("78.25")), "78.3%");
    }
}
