//! Numbers and names as files write them: plain digits read without the
//! decimal parser, quantities with units, and names compared quickly.

use crate::data::hint::{DECIMAL_COMMA_HELP, QUANTITY_HELP, VI_HELP};
use rust_decimal::Decimal;

use crate::span::Span;
use crate::syntax::{QuantityError, parse_quantity};

/// A number as read from a file: plain digits, as most figures are,
/// read without building a decimal, or any other exact decimal. Both are
/// checked and stored by the one [`FileReader::observe`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(in crate::data) enum Number {
    /// `mantissa × 10^-scale`, the sign in the mantissa.
    Plain {
        mantissa: i64,
        scale: u8,
    },
    Exact(Decimal),
}

impl Number {
    /// `text` if it is plain digits: an optional `-`, at most 18 digits,
    /// and at most one point with digits on both sides.
    #[inline]
    pub fn plain(text: &str) -> Option<Number> {
        let (negative, mantissa, scale) = plain_digits(text)?;
        Some(Number::Plain {
            // `-0` is zero, as the decimal parser reads it.
            mantissa: if negative { -mantissa } else { mantissa },
            scale: u8::try_from(scale).ok()?,
        })
    }

    /// [`Number::plain`] for a file in `format`: in the Vietnamese format
    /// a `.` groups thousands, so only digits without one are plain.
    #[inline]
    pub fn plain_in(text: &str, format: NumberFormat) -> Option<Number> {
        match format {
            NumberFormat::Vi if text.contains('.') => None,
            _ => Number::plain(text),
        }
    }

    pub(in crate::data) fn is_negative(self) -> bool {
        match self {
            Number::Plain { mantissa, .. } => mantissa < 0,
            Number::Exact(d) => d.is_sign_negative() && !d.is_zero(),
        }
    }

    /// Strictly between zero and one.
    pub(in crate::data) fn is_proper_fraction(self) -> bool {
        match self {
            Number::Plain { mantissa, scale } => {
                mantissa > 0
                    && 10i64
                        .checked_pow(u32::from(scale))
                        .is_some_and(|one| mantissa < one)
            }
            Number::Exact(d) => d > Decimal::ZERO && d < Decimal::ONE,
        }
    }

    /// Whether it has a part after the point that is not zero.
    pub(in crate::data) fn has_fraction(self) -> bool {
        match self {
            Number::Plain { mantissa, scale } => {
                scale > 0
                    && 10i64
                        .checked_pow(u32::from(scale))
                        .is_some_and(|one| mantissa % one != 0)
            }
            Number::Exact(d) => !d.fract().is_zero(),
        }
    }

    pub(in crate::data) fn to_decimal(self) -> Option<Decimal> {
        match self {
            Number::Plain { mantissa, scale } => Decimal::try_new(mantissa, u32::from(scale)).ok(),
            Number::Exact(d) => Some(d),
        }
    }
}

/// How a file writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// `2,730.5`: `.` before the decimals, `,` between thousands.
    #[default]
    Plain,
    /// `2.730,5`, as Vietnamese files write it: `,` before the decimals,
    /// `.` between thousands ("2.730 lao động", "8,5%").
    Vi,
}

impl std::str::FromStr for NumberFormat {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "plain" => Ok(NumberFormat::Plain),
            "vi" => Ok(NumberFormat::Vi),
            _ => Err(()),
        }
    }
}

/// The number at the start of `text`, written in the Vietnamese way, in
/// the plain way, and how many bytes it took: `2.730,5 persons` is
/// `2730.5` and 7. `None` when the groups are not of three digits.
fn vietnamese(text: &str) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let mut plain = String::with_capacity(text.len());
    let mut at = 0;
    if let Some(&sign @ (b'-' | b'+')) = bytes.first() {
        plain.push(char::from(sign));
        at = 1;
    }
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let first = digits(at);
    if first == 0 {
        return None;
    }
    plain.push_str(&text[at..at + first]);
    at += first;
    let mut grouped = false;
    while bytes.get(at) == Some(&b'.') {
        let group = digits(at + 1);
        if group != 3 || (!grouped && first > 3) {
            return None;
        }
        plain.push_str(&text[at + 1..at + 4]);
        grouped = true;
        at += 4;
    }
    if bytes.get(at) == Some(&b',') {
        let decimals = digits(at + 1);
        if decimals == 0 {
            return None;
        }
        plain.push('.');
        plain.push_str(&text[at + 1..at + 1 + decimals]);
        at += 1 + decimals;
    }
    Some((plain, at))
}

/// Why a value is bad, and what to write instead.
pub(in crate::data) type ValueProblem = (&'static str, Option<&'static str>);

/// The sign, digits and scale of a [`Number::plain`].
#[inline]
fn plain_digits(text: &str) -> Option<(bool, i64, u32)> {
    let (negative, digits) = match text.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text.as_bytes()),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0;
    let mut point = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            // An i64 holds any 18 digits.
            b'0'..=b'9' if count < 18 => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                count += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    let scale = match point {
        // Digits on both sides of the point.
        Some(at) if at == 0 || at + 1 == digits.len() => return None,
        Some(at) => digits.len() - at - 1,
        None if digits.is_empty() => return None,
        None => 0,
    };
    // At most 17 digits after the point.
    Some((negative, mantissa, scale as u32))
}

/// Reads `4.1%` or `1,290.4 billion VND` from a string value; the unit's
/// span is found inside `span`, which covers `text` starting at `text_start`.
pub(in crate::data) fn quantity_in(
    text: &str,
    text_start: usize,
    format: NumberFormat,
) -> Result<Quantity, ValueProblem> {
    // Most figures are plain decimals: read them without the full grammar.
    if let Some(value) = Number::plain_in(text, format) {
        return Ok((value, None, false));
    }
    let (approx, text, text_start) = match approximate(text) {
        Some(skipped) => (true, &text[skipped..], text_start + skipped),
        None => (false, text, text_start),
    };
    let parsed = match format {
        NumberFormat::Plain => parse_quantity(text),
        NumberFormat::Vi => match vietnamese(text.trim_start()) {
            Some((plain, taken)) => {
                let skipped = text.len() - text.trim_start().len();
                parse_quantity(&format!("{plain}{}", &text[skipped + taken..]))
            }
            None => {
                return Err(("not a number as Vietnamese files write them", Some(VI_HELP)));
            }
        },
    };
    match parsed {
        Ok((value, unit)) => {
            let unit = unit.map(|u| {
                let trimmed = text.trim_end();
                let first_word = u.split(' ').next().unwrap_or_default();
                let start = trimmed.rfind(first_word).unwrap_or(0);
                (u, Span::new(text_start + start, text_start + trimmed.len()))
            });
            Ok((Number::Exact(value), unit, approx))
        }
        Err(QuantityError::OutOfRange) => Err((
            "beyond the 28 significant digits of an exact decimal",
            Some("use a larger unit, e.g. `billion VND`"),
        )),
        Err(QuantityError::Malformed) if decimal_comma(text) => {
            Err(("not a number", Some(DECIMAL_COMMA_HELP)))
        }
        Err(QuantityError::Malformed) => Err(("not a number", Some(QUANTITY_HELP))),
    }
}

/// Whether `text`'s number has a comma before its last one or two digits
/// (`2,4`, `"8,55%"`, `1.234,5`), as Vietnamese reports write decimals.
fn decimal_comma(text: &str) -> bool {
    let number: String = text
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-'))
        .collect();
    number.rsplit_once(',').is_some_and(|(whole, decimals)| {
        !whole.is_empty()
            && (1..=2).contains(&decimals.len())
            && decimals.chars().all(|c| c.is_ascii_digit())
    })
}

/// A number read from a value's text, the unit written with it, and
/// whether it is marked approximate.
pub(in crate::data) type Quantity = (Number, Option<(String, Span)>, bool);

/// Marks before a figure saying it is approximate, as reports print them:
/// "hơn 5.200 tỷ", "gần 558", "khoảng 1.526", "trên 87%", "~5200". The
/// figure is read as written after the mark, and marked approximate.
const APPROXIMATE: &[&str] = &[
    "~",
    "≈",
    "about ",
    "over ",
    "nearly ",
    "khoảng ",
    "hơn ",
    "gần ",
    "trên ",
    "ước ",
];

/// The bytes of an approximation mark (and the spaces after it) that
/// `text` starts with, if it does.
pub(in crate::data) fn approximate(text: &str) -> Option<usize> {
    // A figure that starts with a digit or a sign has no mark.
    if text
        .as_bytes()
        .first()
        .is_none_or(|b| b.is_ascii_digit() || *b == b'-' || *b == b'+')
    {
        return None;
    }
    let mark = APPROXIMATE.iter().find(|m| text.starts_with(**m))?;
    let rest = &text[mark.len()..];
    Some(text.len() - rest.trim_start().len())
}

/// `a == b` for the short names of a CSV row, compared as two words that
/// may overlap: a loop, or a call to `memcmp`, per field costs more than
/// the comparison.
#[inline(always)]
pub(in crate::data) fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => {
            let ends = |x: &[u8]| (x.first().copied(), x.get(n / 2).copied(), x.last().copied());
            ends(a) == ends(b)
        }
        4..=8 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        9..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        _ => a == b,
    }
}

/// The `N` bytes of `bytes` from `at`, as one number to compare.
#[inline]
fn word<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    bytes.get(at..at + N)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn names_compare_in_words_as_they_compare_whole(
            a in "[ab]{0,20}",
            b in "[ab]{0,20}",
            wide in "[aé]{0,9}",
        ) {
            proptest::prop_assert_eq!(same(&a, &b), a == b);
            proptest::prop_assert_eq!(same(&a, &a), true);
            let other: String = wide.chars().rev().collect();
            proptest::prop_assert_eq!(same(&wide, &other), wide == other);
        }

        #[test]
        fn plain_decimals_read_as_the_decimal_parser_reads_them(
            text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?",
        ) {
            let exact = Decimal::from_str_exact(&text).ok();
            if let Some(quick) = Number::plain(&text).and_then(Number::to_decimal) {
                proptest::prop_assert_eq!(Some(quick.to_string()), exact.map(|d| d.to_string()));
                proptest::prop_assert_eq!(Some(quick.is_sign_negative()), exact.map(|d| d.is_sign_negative()));
            }
        }
    }

    #[test]
    fn plain_decimals_have_digits_on_both_sides_of_the_point() {
        for text in [
            "",
            "-",
            ".",
            "1.",
            ".5",
            "1.2.3",
            "+1",
            "1e3",
            "1,5",
            "1234567890123456789",
        ] {
            assert_eq!(Number::plain(text), None, "{text}");
        }
        assert_eq!(
            Number::plain("-0.50")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("-0.50".into())
        );
        assert_eq!(
            Number::plain("-0.0")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("0.0".into())
        );
        assert_eq!(
            Number::plain("123456789012345678")
                .and_then(Number::to_decimal)
                .map(|d| d.to_string()),
            Some("123456789012345678".into())
        );
    }

    #[test]
    fn vietnamese_numbers_group_with_points_and_decimals_after_a_comma() {
        let read = |text: &str| {
            quantity_in(text, 0, NumberFormat::Vi)
                .ok()
                .and_then(|(n, unit, _)| Some((n.to_decimal()?.to_string(), unit.map(|u| u.0))))
        };
        assert_eq!(read("2.730"), Some(("2730".into(), None)));
        assert_eq!(read("2.730,5"), Some(("2730.5".into(), None)));
        assert_eq!(read("8,5%"), Some(("8.5".into(), Some("%".into()))));
        assert_eq!(
            read("1.234.567,89 tỷ đồng"),
            Some(("1234567.89".into(), Some("tỷ đồng".into())))
        );
        assert_eq!(read("2730"), Some(("2730".into(), None)));
        assert_eq!(read("-1.500"), Some(("-1500".into(), None)));
        assert_eq!(read("hơn 15.600"), Some(("15600".into(), None)));
        for bad in ["2.73", "12345.678", "2.730,", ",5", "2.7300", "8.5"] {
            assert_eq!(read(bad), None, "{bad}");
        }
        // The same text, read the plain way.
        let plain = quantity_in("2.730", 0, NumberFormat::Plain)
            .ok()
            .and_then(|q| q.0.to_decimal());
        assert_eq!(plain.map(|d| d.to_string()), Some("2.730".into()));
    }
}
