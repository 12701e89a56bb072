//! The small parsers and the error type every statement is built from.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{opt, recognize, verify};
use nom::error::ErrorKind;
use nom::multi::many0;
use nom::sequence::pair;
use nom::{IResult, Parser};

use crate::span::Spanned;
use crate::syntax::ast::*;
use crate::syntax::error::{Expected, ParseError};

/// A parse failure: where, and what would have been accepted there.
#[derive(Debug)]
pub(super) struct PErr<'a> {
    pub at: &'a str,
    pub expected: Option<Expected>,
    /// A fully formed error that must be reported as is.
    pub fatal: Option<Box<ParseError>>,
}

impl<'a> nom::error::ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _: ErrorKind) -> Self {
        PErr {
            at: input,
            expected: None,
            fatal: None,
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }

    fn or(self, other: Self) -> Self {
        // Keep whichever got further: it knows more about what went wrong.
        if other.at.len() < self.at.len() || self.fatal.is_none() && other.fatal.is_some() {
            other
        } else {
            self
        }
    }
}

pub(super) type PResult<'a, O> = IResult<&'a str, O, PErr<'a>>;

/// Labels a parser's failure with what it expected, unless a deeper part of
/// it already said something more precise.
pub(super) fn expect<'a, O>(
    what: Expected,
    mut parser: impl Parser<&'a str, Output = O, Error = PErr<'a>>,
) -> impl FnMut(&'a str) -> PResult<'a, O> {
    move |input: &'a str| {
        parser.parse(input).map_err(|e| {
            e.map(|mut err| {
                if err.fatal.is_none() && (err.expected.is_none() || err.at.len() == input.len()) {
                    err.expected = Some(what);
                    err.at = if err.at.len() > input.len() {
                        input
                    } else {
                        err.at
                    };
                }
                err
            })
        })
    }
}

pub(super) fn fail<'a, O>(at: &'a str, expected: Expected) -> PResult<'a, O> {
    Err(nom::Err::Error(PErr {
        at,
        expected: Some(expected),
        fatal: None,
    }))
}

pub(super) fn fatal<'a, O>(at: &'a str, err: ParseError) -> PResult<'a, O> {
    Err(nom::Err::Failure(PErr {
        at,
        expected: None,
        fatal: Some(Box::new(err)),
    }))
}

/// Spaces and tabs; newlines never occur inside a line.
pub(super) fn ws(input: &str) -> PResult<'_, &str> {
    take_while(|c| c == ' ' || c == '\t').parse(input)
}

pub(super) fn ws1(input: &str) -> PResult<'_, &str> {
    take_while1(|c| c == ' ' || c == '\t').parse(input)
}

pub(super) fn comment(input: &str) -> PResult<'_, &str> {
    recognize(pair(char('#'), take_while(|_| true))).parse(input)
}

pub(super) fn ident(input: &str) -> PResult<'_, &str> {
    recognize(pair(
        satisfy(|c| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

pub(super) fn keyword<'a>(word: &'static str) -> impl FnMut(&'a str) -> PResult<'a, &'a str> {
    move |input| verify(ident, |w: &str| w == word).parse(input)
}

pub(super) fn binary(op: BinOp, lhs: Spanned<Expr>, rhs: Spanned<Expr>) -> Spanned<Expr> {
    let span = lhs.span.join(rhs.span);
    Spanned::new(
        Expr::Binary {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
        span,
    )
}

pub(super) fn cmp_op(input: &str) -> PResult<'_, CmpOp> {
    alt((
        alt((tag("<="), tag("≤"))).map(|_| CmpOp::Le),
        alt((tag(">="), tag("≥"))).map(|_| CmpOp::Ge),
        tag("==").map(|_| CmpOp::Eq),
        tag("<").map(|_| CmpOp::Lt),
        tag(">").map(|_| CmpOp::Gt),
    ))
    .parse(input)
}

/// Digits with optional `,` or `_` thousands grouping and a `.` fraction:
/// `3830`, `3,830`, `1_290.4`.
pub(super) fn number_text<'a>(input: &'a str) -> PResult<'a, &'a str> {
    let group = |i: &'a str| -> PResult<'a, &'a str> {
        let (rest, _) = alt((char(','), char('_'))).parse(i)?;
        let (after, digits) = digit1(rest)?;
        if digits.len() == 3 {
            Ok((after, digits))
        } else {
            Err(nom::Err::Error(PErr {
                at: i,
                expected: None,
                fatal: None,
            }))
        }
    };
    recognize((digit1, many0(group), opt(pair(char('.'), digit1)))).parse(input)
}

/// One word of a unit: letters, `_`, digits after the first, or a symbol.
pub(super) fn unit_word(input: &str) -> PResult<'_, &str> {
    alt((
        tag("%"),
        tag("‰"),
        tag("$"),
        recognize(pair(
            satisfy(|c| c.is_alphabetic() || c == '_'),
            take_while(|c: char| c.is_alphanumeric() || c == '_'),
        )),
    ))
    .parse(input)
}

/// The token at the start of `input`, for "found `...`" messages.
pub(super) fn next_token(input: &str) -> &str {
    let mut chars = input.char_indices();
    let Some((_, first)) = chars.next() else {
        return "";
    };
    let end = if first.is_alphanumeric() || first == '_' {
        chars
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(input.len(), |(i, _)| i)
    } else {
        first.len_utf8()
    };
    &input[..end]
}
