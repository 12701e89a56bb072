//! Conditions: comparisons, ranges and changes, their expressions and
//! quantities.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::tag;
use nom::character::complete::char;
use nom::combinator::{not, opt, verify};
use nom::sequence::{preceded, terminated};
use rust_decimal::Decimal;

use super::combinators::*;
use super::{Cx, MAX_DEPTH, UNIT_STOP_WORDS};
use crate::span::Spanned;
use crate::syntax::ast::*;
use crate::syntax::error::{Expected, ParseError};

impl<'a> Cx<'a> {
    pub(super) fn condition(&self, input: &'a str) -> PResult<'a, Condition> {
        let (input, lhs) = expect(Expected::MetricOrExpression, |i| self.expr(i, 0))(input)?;
        let (input, _) = ws(input)?;
        if let Ok((input, _)) = keyword("in")(input) {
            let (input, _) = ws(input)?;
            let (input, low) = expect(Expected::RangeLow, |i| self.quantity(i, true))(input)?;
            let (input, _) = expect(Expected::RangeTo, preceded(ws, keyword("to"))).parse(input)?;
            let (input, _) = ws(input)?;
            let (input, high) = expect(Expected::RangeHigh, |i| self.quantity(i, true))(input)?;
            let (input, since) = match (ws, keyword("vs"), ws).parse(input) {
                Ok((input, _)) => {
                    let (input, (same_period, year)) = self.baseline(input)?;
                    (input, Some(Since { same_period, year }))
                }
                Err(_) => (input, None),
            };
            return Ok((
                input,
                Condition::Range {
                    lhs,
                    low,
                    high,
                    since,
                },
            ));
        }
        if let Ok((rest, word)) = self.spanned(alt((keyword("falls"), keyword("rises"))))(input) {
            return self.direction(lhs, word, rest);
        }
        if let Ok((input, _)) = keyword("done")(input) {
            return self.done(lhs, input);
        }
        let (input, op) = expect(Expected::Comparison, self.spanned(cmp_op))(input)?;
        let (input, _) = ws(input)?;
        let (input, rhs) = expect(Expected::Target, self.spanned(|i| self.target(i)))(input)?;
        // `>= 4 to 6`: at least 4, aiming for 6.
        let (input, stretch) = match (ws, keyword("to"), ws).parse(input) {
            Ok((input, _)) if matches!(rhs.node, Target::Expr(_)) => {
                let (input, stretch) =
                    expect(Expected::StretchGoal, |i| self.quantity(i, false))(input)?;
                (input, Some(stretch))
            }
            _ => (input, None),
        };
        let (input, tolerance) = opt(preceded(
            (ws, alt((tag("±"), tag("+/-"))), ws),
            expect(Expected::Tolerance, |i| self.quantity(i, false)),
        ))
        .parse(input)?;
        Ok((
            input,
            Condition::Compare {
                lhs,
                op,
                rhs,
                tolerance,
                stretch,
            },
        ))
    }

    /// `falls vs 2022`, `rises vs same period` ("giảm tỷ lệ ... so với
    /// năm trước"): a direction with no amount, which is a strict
    /// comparison with a change of nothing, `< +0 vs 2022`.
    fn direction(
        &self,
        lhs: Spanned<Expr>,
        word: Spanned<&'a str>,
        input: &'a str,
    ) -> PResult<'a, Condition> {
        let (input, _) = expect(Expected::VsBaseline, (ws, keyword("vs"), ws)).parse(input)?;
        let (input, (same_period, year)) = self.baseline(input)?;
        let op = match word.node {
            "falls" => CmpOp::Lt,
            _ => CmpOp::Gt,
        };
        let nothing = Quantity {
            value: Spanned::new(Decimal::ZERO, word.span),
            unit: None,
            approx: false,
        };
        let end = year.as_ref().map_or(word.span, |y| y.span);
        let rhs = Target::Change {
            amount: Spanned::new(nothing, word.span),
            ratio: false,
            same_period,
            year,
        };
        Ok((
            input,
            Condition::Compare {
                lhs,
                op: Spanned::new(op, word.span),
                rhs: Spanned::new(rhs, word.span.join(end)),
                tolerance: None,
                stretch: None,
            },
        ))
    }

    /// `done for "Vũ Bản", "An Ninh"`: the items that must all be done.
    fn done(&self, lhs: Spanned<Expr>, input: &'a str) -> PResult<'a, Condition> {
        let (input, _) = expect(Expected::ForItems, (ws, keyword("for"), ws)).parse(input)?;
        let item = |i| expect(Expected::ItemName, |i| self.string(i))(i);
        let (mut input, first) = item(input)?;
        let mut items = vec![first];
        while let Ok((rest, _)) = (ws, char(','), ws).parse(input) {
            let (rest, next) = item(rest)?;
            items.push(next);
            input = rest;
        }
        Ok((input, Condition::Done { lhs, items }))
    }

    pub(super) fn target(&self, input: &'a str) -> PResult<'a, Target> {
        // `+8.2% vs same period`, or `113.4% of same period`: the figure
        // as a share of the baseline.
        let change = |i: &'a str| {
            let (i, sign) = opt(alt((char('+'), char('-')))).parse(i)?;
            let (i, mut amount) = self.quantity(i, false)?;
            let word = if sign.is_some() { "vs" } else { "of" };
            let (i, _) = (ws, keyword(word), ws).parse(i)?;
            let (i, (same_period, year)) = self.baseline(i)?;
            if sign == Some('-') {
                amount.node.value.node.set_sign_negative(true);
            }
            let ratio = sign.is_none();
            Ok((
                i,
                Target::Change {
                    amount,
                    ratio,
                    same_period,
                    year,
                },
            ))
        };
        alt((change, |i| {
            self.expr(i, 0).map(|(i, e)| (i, Target::Expr(e.node)))
        }))
        .parse(input)
    }

    /// What a change is measured from: `2022`, `same period`, or `same
    /// period 2022`.
    fn baseline(&self, input: &'a str) -> PResult<'a, (bool, Option<Spanned<i32>>)> {
        let mut same = (keyword("same"), ws, keyword("period"));
        if let Ok((i, _)) = same.parse(input) {
            let (i, year) = opt(preceded(ws, |i| self.year_number(i))).parse(i)?;
            return Ok((i, (true, year)));
        }
        let (i, year) = expect(Expected::BaselineYear, |i| self.year_number(i))(input)?;
        Ok((i, (false, Some(year))))
    }

    /// A number with its unit; `signed` allows a leading `-` or `+`. A
    /// `~` (or `≈`) before the number or its sign marks it approximate, as
    /// "khoảng 5.200" is.
    pub(super) fn quantity(&self, input: &'a str, signed: bool) -> PResult<'a, Spanned<Quantity>> {
        let start = input;
        let (input, approx) = opt(alt((char('~'), char('≈')))).parse(input)?;
        let (input, sign) = if signed {
            opt(alt((char('+'), char('-')))).parse(input)?
        } else {
            (input, None)
        };
        // A change reads its sign first: `-~1.6pp` as well as `~-1.6pp`.
        let (input, approx) = match approx {
            Some(_) => (input, true),
            None if sign.is_some() => {
                let (input, mark) = opt(alt((char('~'), char('≈')))).parse(input)?;
                (input, mark.is_some())
            }
            None => (input, false),
        };
        let (input, mut value) = self.decimal(input)?;
        if sign == Some('-') {
            value.node.set_sign_negative(true);
        }
        value.span = self.span(start, input);
        let (input, unit) = opt(preceded(ws, |i| self.unit_words(i))).parse(input)?;
        let span = self.span(start, input);
        Ok((
            input,
            Spanned::new(
                Quantity {
                    value,
                    unit,
                    approx,
                },
                span,
            ),
        ))
    }

    /// Unit words after a number: `%`, `billion VND`, `nghìn tấn`.
    /// Words of a rate unit are joined by `/`: `million VND/person/year`,
    /// `bác sĩ/vạn dân`.
    pub(super) fn unit_words(&self, input: &'a str) -> PResult<'a, Spanned<String>> {
        let start = input;
        let word = |i| verify(unit_word, |w: &str| !UNIT_STOP_WORDS.contains(&w)).parse(i);
        let (mut input, first) = word(input)?;
        let mut text = first.to_string();
        loop {
            if let Ok((rest, next)) = preceded(char('/'), word).parse(input) {
                text.push('/');
                text.push_str(next);
                input = rest;
            } else if let Ok((rest, next)) = preceded(ws1, word).parse(input) {
                text.push(' ');
                text.push_str(next);
                input = rest;
            } else {
                break;
            }
        }
        Ok((input, Spanned::new(text, self.span(start, input))))
    }

    pub(super) fn decimal(&self, input: &'a str) -> PResult<'a, Spanned<Decimal>> {
        let (rest, text) = number_text(input)?;
        let span = self.span(input, rest);
        let clean: String = text.chars().filter(|&c| c != ',' && c != '_').collect();
        match Decimal::from_str_exact(&clean) {
            Ok(value) => Ok((rest, Spanned::new(value, span))),
            Err(_) => fatal(
                input,
                ParseError::NumberOutOfRange {
                    text: text.to_string(),
                    span,
                },
            ),
        }
    }

    pub(super) fn expr(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
        let (mut input, mut lhs) = self.term(input, depth)?;
        loop {
            let Ok((rest, op)) = preceded(
                ws,
                alt((
                    // `+/-` starts a tolerance, not an addition.
                    terminated(char('+'), not(tag("/-"))).map(|_| BinOp::Add),
                    char('-').map(|_| BinOp::Sub),
                )),
            )
            .parse(input) else {
                return Ok((input, lhs));
            };
            let (rest, _) = ws(rest)?;
            let (rest, rhs) = expect(Expected::ValueAfterOperator, |i| self.term(i, depth))(rest)?;
            lhs = binary(op, lhs, rhs);
            input = rest;
        }
    }

    pub(super) fn term(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
        let (mut input, mut lhs) = self.unary(input, depth)?;
        loop {
            let Ok((rest, op)) = preceded(
                ws,
                alt((char('*').map(|_| BinOp::Mul), char('/').map(|_| BinOp::Div))),
            )
            .parse(input) else {
                return Ok((input, lhs));
            };
            let (rest, _) = ws(rest)?;
            let (rest, rhs) = expect(Expected::ValueAfterOperator, |i| self.unary(i, depth))(rest)?;
            lhs = binary(op, lhs, rhs);
            input = rest;
        }
    }

    pub(super) fn unary(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
        if depth >= MAX_DEPTH {
            let span = self.span(input, &input[next_token(input).len()..]);
            return fatal(
                input,
                ParseError::TooDeep {
                    limit: MAX_DEPTH,
                    span,
                },
            );
        }
        let start = input;
        if let Ok((rest, _)) = char::<_, PErr>('-').parse(input) {
            let (rest, _) = ws(rest)?;
            let (rest, inner) =
                expect(Expected::ValueAfterMinus, |i| self.unary(i, depth + 1))(rest)?;
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Neg(Box::new(inner)), span)));
        }
        if let Ok((rest, _)) = char::<_, PErr>('(').parse(input) {
            let (rest, _) = ws(rest)?;
            let (rest, inner) = self.expr(rest, depth + 1)?;
            let (rest, _) = expect(Expected::CloseParen, preceded(ws, char(')'))).parse(rest)?;
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Paren(Box::new(inner)), span)));
        }
        if let Ok((rest, name)) = ident(input) {
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Metric(name.to_string()), span)));
        }
        let (rest, quantity) =
            expect(Expected::MetricOrNumber, |i| self.quantity(i, false))(input)?;
        Ok((rest, quantity.map(Expr::Number)))
    }
}
