//! Statements: a line's annotations, settings and declarations.

use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::take_while1;
use nom::character::complete::{char, digit1};
use nom::combinator::{opt, verify};
use nom::multi::separated_list1;
use nom::sequence::{delimited, pair, preceded};
use rust_decimal::Decimal;

use super::combinators::*;
use super::{Cx, Line};
use crate::span::{Span, Spanned};
use crate::syntax::ast::*;
use crate::syntax::error::{Expected, Found, ParseError, ParseHint};

impl<'a> Cx<'a> {
    pub(super) fn span(&self, from: &'a str, to: &'a str) -> Span {
        let start = self.line.len() - from.len();
        let end = self.line.len() - to.len();
        Span::new(self.base + start, self.base + end)
    }

    pub(super) fn spanned<O>(
        &self,
        mut parser: impl Parser<&'a str, Output = O, Error = PErr<'a>>,
    ) -> impl FnMut(&'a str) -> PResult<'a, Spanned<O>> {
        move |input| {
            let (rest, node) = parser.parse(input)?;
            Ok((rest, Spanned::new(node, self.span(input, rest))))
        }
    }

    pub(super) fn line(&self) -> Result<(Line, Option<&'a str>), ParseError> {
        match self.statement(self.line) {
            Ok((_, line)) => Ok(line),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(self.to_error(e)),
            Err(nom::Err::Incomplete(_)) => Err(self.to_error(PErr {
                at: "",
                expected: Some(Expected::MoreInput),
                fatal: None,
            })),
        }
    }

    pub(super) fn to_error(&self, err: PErr<'a>) -> ParseError {
        if let Some(fatal) = err.fatal {
            return *fatal;
        }
        let at = err.at;
        let token = next_token(at);
        let span = self.span(at, &at[token.len()..]);
        let found = if token.is_empty() {
            Found::EndOfLine
        } else {
            Found::Token(token.to_string())
        };
        let expected = err.expected.unwrap_or(Expected::Rule);
        ParseError::Expected {
            help: ParseHint::for_mistake(expected, &found),
            expected,
            found,
            span,
        }
    }

    pub(super) fn statement(&self, input: &'a str) -> PResult<'a, (Line, Option<&'a str>)> {
        let (input, _) = ws(input)?;
        let (input, line) = if input.is_empty() || input.starts_with('#') {
            (input, Line::Empty)
        } else if input.starts_with('@') {
            self.annotated(input)?
        } else {
            match ident(input) {
                Ok((_, "metric")) => self.item(input, |i| self.metric(i))?,
                Ok((_, "unit")) => self.item(input, |i| self.unit(i))?,
                Ok((_, "resolution")) => self.item(input, |i| self.resolution(i))?,
                Ok((_, "year")) => self.item(input, |i| self.year(i))?,
                Ok((_, "group")) => self.item(input, |i| self.group(i))?,
                _ => {
                    let (rest, (check, condition)) = self.rule_body(input)?;
                    (rest, Line::Rule(Vec::new(), check, Box::new(condition)))
                }
            }
        };
        let (input, _) = ws(input)?;
        let (input, comment) = opt(comment).parse(input)?;
        if !input.is_empty() {
            return fail(input, Expected::EndOfLine);
        }
        Ok((input, (line, comment)))
    }

    pub(super) fn item(
        &self,
        input: &'a str,
        parser: impl Fn(&'a str) -> PResult<'a, Item>,
    ) -> PResult<'a, Line> {
        let (rest, item) = self.spanned(parser)(input)?;
        Ok((rest, Line::Item(item)))
    }

    pub(super) fn annotated(&self, input: &'a str) -> PResult<'a, Line> {
        let start = input;
        let (input, annotations) = separated_list1(ws, |i| self.annotation(i)).parse(input)?;
        let span = self.span(start, input);
        let (after_ws, _) = ws(input)?;
        if after_ws.is_empty() || after_ws.starts_with('#') {
            return Ok((input, Line::Annotations(annotations, span)));
        }
        let (rest, (check, condition)) = self.rule_body(after_ws)?;
        Ok((rest, Line::Rule(annotations, check, Box::new(condition))))
    }

    /// A rule's condition, after `check` for a data check. A metric named
    /// `check` is still compared: `check >= 5`, `check in 1 to 2`.
    fn rule_body(&self, input: &'a str) -> PResult<'a, (Option<Span>, Spanned<Condition>)> {
        if let Ok((after, _)) = keyword("check")(input)
            && let Ok((rest, _)) = ws1(after)
            && cmp_op(rest).is_err()
            && (keyword("in"), ws1).parse(rest).is_err()
        {
            let (rest, condition) = self.spanned(|i| self.condition(i))(rest)?;
            return Ok((rest, (Some(self.span(input, after)), condition)));
        }
        let (rest, condition) = self.spanned(|i| self.condition(i))(input)?;
        Ok((rest, (None, condition)))
    }

    pub(super) fn group(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("group")(input)?;
        let (input, _) = ws1(input)?;
        let (input, name) = expect(
            Expected::GroupName,
            self.spanned(|i| {
                take_while1(|c: char| c.is_alphanumeric() || "_.-".contains(c))
                    .map(str::to_string)
                    .parse(i)
            }),
        )(input)?;
        let (input, _) = ws(input)?;
        let (input, label) = opt(|i| self.string(i)).parse(input)?;
        Ok((input, Item::Group(GroupDecl { name, label })))
    }

    pub(super) fn annotation(&self, input: &'a str) -> PResult<'a, Annotation> {
        let (input, _) = char('@')(input)?;
        let (input, key) = expect(Expected::AnnotationName, self.spanned(ident))(input)?;
        let (input, _) = expect(Expected::OpenParen, preceded(ws, char('('))).parse(input)?;
        let (input, _) = ws(input)?;
        let (input, value) = expect(
            Expected::StringOrWord,
            alt((
                |i| self.string(i),
                self.spanned(|i| {
                    take_while1(|c: char| c.is_alphanumeric() || "_.-§%".contains(c))
                        .map(str::to_string)
                        .parse(i)
                }),
            )),
        )(input)?;
        let (input, _) = expect(Expected::CloseParen, preceded(ws, char(')'))).parse(input)?;
        Ok((
            input,
            Annotation {
                key: key.map(str::to_string),
                value,
            },
        ))
    }

    pub(super) fn string(&self, input: &'a str) -> PResult<'a, Spanned<String>> {
        let start = input;
        let (mut rest, _) = char('"')(input)?;
        let mut value = String::new();
        loop {
            let mut chars = rest.chars();
            match chars.next() {
                None => {
                    let span = self.span(start, rest);
                    return fatal(rest, ParseError::UnterminatedString { span });
                }
                Some('"') => {
                    rest = chars.as_str();
                    break;
                }
                Some('\\') => match chars.next() {
                    Some(c @ ('"' | '\\')) => value.push(c),
                    Some('n') => value.push('\n'),
                    _ => return fail(rest, Expected::Escape),
                },
                Some(c) => value.push(c),
            }
            rest = chars.as_str();
        }
        Ok((rest, Spanned::new(value, self.span(start, rest))))
    }

    pub(super) fn resolution(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("resolution")(input)?;
        let (input, _) = ws(input)?;
        let (input, title) = expect(Expected::ResolutionTitle, |i| self.string(i))(input)?;
        Ok((input, Item::Resolution(title)))
    }

    pub(super) fn year(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("year")(input)?;
        let (input, _) = ws(input)?;
        let (input, year) = expect(Expected::Year, |i| self.year_number(i))(input)?;
        Ok((input, Item::Year(year)))
    }

    pub(super) fn year_number(&self, input: &'a str) -> PResult<'a, Spanned<i32>> {
        let (rest, digits) =
            verify(digit1, |d: &str| d.len() == 4 && !d.starts_with('0')).parse(input)?;
        let year = digits.parse().unwrap_or_default();
        Ok((rest, Spanned::new(year, self.span(input, rest))))
    }

    pub(super) fn unit(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("unit")(input)?;
        let (input, _) = ws1(input)?;
        let (input, name) = expect(Expected::UnitName, self.spanned(unit_word))(input)?;
        let (input, _) = ws(input)?;
        let (input, definition) = opt(preceded(pair(char('='), ws), |i| {
            let (i, factor) = opt(|i| self.decimal(i)).parse(i)?;
            let (i, _) = ws(i)?;
            let (i, unit) = expect(Expected::Unit, |i| self.unit_words(i))(i)?;
            Ok((i, UnitDefinition { factor, unit }))
        }))
        .parse(input)?;
        let (input, _) = ws(input)?;
        let (input, label) = opt(|i| self.string(i)).parse(input)?;
        let name = name.map(str::to_string);
        Ok((
            input,
            Item::Unit(UnitDecl {
                name,
                definition,
                label,
            }),
        ))
    }

    pub(super) fn metric(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("metric")(input)?;
        let (input, _) = ws1(input)?;
        let (input, name) = expect(Expected::MetricName, self.spanned(ident))(input)?;
        let (input, _) =
            expect(Expected::ColonAfterMetric, preceded(ws, char(':'))).parse(input)?;
        let (input, _) = ws(input)?;
        let (input, kind) = opt(self.spanned(alt((
            keyword("flow").map(|_| MetricKind::Flow),
            keyword("stock").map(|_| MetricKind::Stock),
        ))))
        .parse(input)?;
        let (input, _) = ws(input)?;
        let (input, unit) = opt(|i| self.unit_words(i)).parse(input)?;
        let (input, _) = ws(input)?;
        let (input, profile) = opt(self.spanned(|i| self.profile(i))).parse(input)?;
        let (input, _) = ws(input)?;
        let (input, label) = opt(|i| self.string(i)).parse(input)?;
        let decl = MetricDecl {
            name: name.map(str::to_string),
            kind,
            unit,
            profile,
            label,
        };
        Ok((input, Item::Metric(decl)))
    }

    pub(super) fn profile(&self, input: &'a str) -> PResult<'a, Vec<Spanned<Decimal>>> {
        let (input, _) = keyword("profile")(input)?;
        let share = |i: &'a str| {
            let (i, value) = expect(Expected::Share, |i| self.decimal(i))(i)?;
            let (i, _) = expect(Expected::PercentAfterShare, preceded(ws, char('%'))).parse(i)?;
            Ok((i, value))
        };
        delimited(
            expect(Expected::OpenParen, preceded(ws, char('('))),
            separated_list1(delimited(ws, char(','), ws), preceded(ws, share)),
            expect(Expected::CommaOrCloseParen, preceded(ws, char(')'))),
        )
        .parse(input)
    }
}
