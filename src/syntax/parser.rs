//! The rule language parser (see `GRAMMAR.md`).
//!
//! Every statement sits on one line, so the file is parsed line by line: a
//! mistake on one line is reported without hiding the mistakes on the next.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, digit1, satisfy};
use nom::combinator::{not, opt, recognize, verify};
use nom::error::ErrorKind;
use nom::multi::{many0, separated_list1};
use nom::sequence::{delimited, pair, preceded, terminated};
use nom::{IResult, Parser};
use rust_decimal::Decimal;

use super::ast::*;
use super::error::ParseError;
use crate::span::{Span, Spanned};

/// Deepest nesting of parentheses and signs in one expression.
pub const MAX_DEPTH: usize = 64;

/// Longest line of a rule file, in characters.
pub const MAX_LINE_CHARS: usize = 10_000;

/// Words that end a unit, so `4 to 6` is not read as the unit `to`.
const UNIT_STOP_WORDS: &[&str] = &["to", "vs", "profile", "in"];

/// One line of a rule file, parsed on its own.
#[derive(Debug)]
pub struct SourceLine {
    pub content: Result<Line, ParseError>,
    /// The trailing `# ...` comment, exactly as written.
    pub comment: Option<String>,
}

/// What one line holds.
#[derive(Debug)]
pub enum Line {
    /// Nothing, or only a comment.
    Empty,
    /// Annotations for the rule on a later line.
    Annotations(Vec<Annotation>, Span),
    /// A rule, with the annotations written on its own line.
    Rule(Vec<Annotation>, Spanned<Condition>),
    Item(Spanned<Item>),
}

/// Parses each line of `source` on its own.
pub fn parse_lines(source: &str) -> Vec<SourceLine> {
    let mut lines = Vec::new();
    let mut line_start = 0;
    for raw_line in source.split('\n') {
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let cx = Cx {
            base: line_start,
            line,
        };
        line_start += raw_line.len() + 1;
        if line.len() > MAX_LINE_CHARS && line.chars().count() > MAX_LINE_CHARS {
            let shown = line.char_indices().nth(40).map_or(line.len(), |(i, _)| i);
            lines.push(SourceLine {
                content: Err(ParseError::LineTooLong {
                    limit: MAX_LINE_CHARS,
                    span: Span::new(cx.base, cx.base + shown),
                }),
                comment: None,
            });
            continue;
        }
        lines.push(match cx.line() {
            Ok((content, comment)) => SourceLine {
                content: Ok(content),
                comment: comment.map(str::to_string),
            },
            Err(err) => SourceLine {
                content: Err(err),
                comment: None,
            },
        });
    }
    lines
}

/// Parses a whole rule file, collecting every syntax error.
pub fn parse_rules(source: &str) -> Result<RuleFile, Vec<ParseError>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut pending: Vec<Annotation> = Vec::new();
    let mut pending_span: Option<Span> = None;
    for line in parse_lines(source) {
        match line.content {
            Ok(Line::Empty) => {}
            Ok(Line::Annotations(mut annotations, span)) => {
                pending_span = Some(pending_span.map_or(span, |s| s.join(span)));
                pending.append(&mut annotations);
            }
            Ok(Line::Rule(mut annotations, condition)) => {
                let start = pending_span.map_or(condition.span, |s| s.join(condition.span));
                let mut all = std::mem::take(&mut pending);
                all.append(&mut annotations);
                pending_span = None;
                let span = start.join(condition.span);
                let rule = Rule {
                    annotations: all,
                    condition,
                };
                items.push(Spanned::new(Item::Rule(rule), span));
            }
            Ok(Line::Item(item)) => {
                if let Some(span) = pending_span.take() {
                    pending.clear();
                    errors.push(ParseError::DanglingAnnotation { span });
                }
                items.push(item);
            }
            Err(err) => {
                // A broken line may have been the rule these annotations were for.
                pending.clear();
                pending_span = None;
                errors.push(err);
            }
        }
    }
    if let Some(span) = pending_span {
        errors.push(ParseError::DanglingAnnotation { span });
    }
    if errors.is_empty() {
        Ok(RuleFile { items })
    } else {
        Err(errors)
    }
}

/// Why a quantity written in a data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    Malformed,
    OutOfRange,
}

/// Reads a quantity as data files write it: `4.1%`, `-3`, `1,290.4 billion VND`.
pub fn parse_quantity(text: &str) -> Result<(Decimal, Option<String>), QuantityError> {
    let cx = Cx {
        base: 0,
        line: text,
    };
    let parsed = (ws, |i| cx.quantity(i, true), ws).parse(text);
    match parsed {
        Ok(("", (_, q, _))) => Ok((q.node.value.node, q.node.unit.map(|u| u.node))),
        Err(nom::Err::Failure(PErr {
            fatal: Some(fatal), ..
        })) if matches!(*fatal, ParseError::NumberOutOfRange { .. }) => {
            Err(QuantityError::OutOfRange)
        }
        _ => Err(QuantityError::Malformed),
    }
}

/// A parse failure: where, and what would have been accepted there.
#[derive(Debug)]
struct PErr<'a> {
    at: &'a str,
    expected: &'static str,
    /// A fully formed error that must be reported as is.
    fatal: Option<Box<ParseError>>,
}

impl<'a> nom::error::ParseError<&'a str> for PErr<'a> {
    fn from_error_kind(input: &'a str, _: ErrorKind) -> Self {
        PErr {
            at: input,
            expected: "",
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

type PResult<'a, O> = IResult<&'a str, O, PErr<'a>>;

/// Labels a parser's failure with what it expected, unless a deeper part of
/// it already said something more precise.
fn expect<'a, O>(
    what: &'static str,
    mut parser: impl Parser<&'a str, Output = O, Error = PErr<'a>>,
) -> impl FnMut(&'a str) -> PResult<'a, O> {
    move |input: &'a str| {
        parser.parse(input).map_err(|e| {
            e.map(|mut err| {
                if err.fatal.is_none() && (err.expected.is_empty() || err.at.len() == input.len()) {
                    err.expected = what;
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

fn fail<'a, O>(at: &'a str, expected: &'static str) -> PResult<'a, O> {
    Err(nom::Err::Error(PErr {
        at,
        expected,
        fatal: None,
    }))
}

fn fatal<'a, O>(at: &'a str, err: ParseError) -> PResult<'a, O> {
    Err(nom::Err::Failure(PErr {
        at,
        expected: "",
        fatal: Some(Box::new(err)),
    }))
}

/// Spaces and tabs; newlines never occur inside a line.
fn ws(input: &str) -> PResult<'_, &str> {
    take_while(|c| c == ' ' || c == '\t').parse(input)
}

fn ws1(input: &str) -> PResult<'_, &str> {
    take_while1(|c| c == ' ' || c == '\t').parse(input)
}

fn comment(input: &str) -> PResult<'_, &str> {
    recognize(pair(char('#'), take_while(|_| true))).parse(input)
}

fn ident(input: &str) -> PResult<'_, &str> {
    recognize(pair(
        satisfy(|c| c.is_ascii_alphabetic() || c == '_'),
        take_while(|c: char| c.is_ascii_alphanumeric() || c == '_'),
    ))
    .parse(input)
}

fn keyword<'a>(word: &'static str) -> impl FnMut(&'a str) -> PResult<'a, &'a str> {
    move |input| verify(ident, |w: &str| w == word).parse(input)
}

/// One line of a file and where it starts in the file.
struct Cx<'a> {
    base: usize,
    line: &'a str,
}

impl<'a> Cx<'a> {
    fn span(&self, from: &'a str, to: &'a str) -> Span {
        let start = self.line.len() - from.len();
        let end = self.line.len() - to.len();
        Span::new(self.base + start, self.base + end)
    }

    fn spanned<O>(
        &self,
        mut parser: impl Parser<&'a str, Output = O, Error = PErr<'a>>,
    ) -> impl FnMut(&'a str) -> PResult<'a, Spanned<O>> {
        move |input| {
            let (rest, node) = parser.parse(input)?;
            Ok((rest, Spanned::new(node, self.span(input, rest))))
        }
    }

    fn line(&self) -> Result<(Line, Option<&'a str>), ParseError> {
        match self.statement(self.line) {
            Ok((_, line)) => Ok(line),
            Err(nom::Err::Error(e) | nom::Err::Failure(e)) => Err(self.to_error(e)),
            Err(nom::Err::Incomplete(_)) => Err(self.to_error(PErr {
                at: "",
                expected: "more input",
                fatal: None,
            })),
        }
    }

    fn to_error(&self, err: PErr<'a>) -> ParseError {
        if let Some(fatal) = err.fatal {
            return *fatal;
        }
        let at = err.at;
        let token = next_token(at);
        let span = self.span(at, &at[token.len()..]);
        let found = if token.is_empty() {
            "end of line".to_string()
        } else {
            format!("`{token}`")
        };
        let expected = if err.expected.is_empty() {
            "a rule".to_string()
        } else {
            err.expected.to_string()
        };
        ParseError::Expected {
            help: help_for(&expected, token),
            expected,
            found,
            span,
        }
    }

    fn statement(&self, input: &'a str) -> PResult<'a, (Line, Option<&'a str>)> {
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
                _ => {
                    let (rest, condition) = self.spanned(|i| self.condition(i))(input)?;
                    (rest, Line::Rule(Vec::new(), condition))
                }
            }
        };
        let (input, _) = ws(input)?;
        let (input, comment) = opt(comment).parse(input)?;
        if !input.is_empty() {
            return fail(input, "end of line");
        }
        Ok((input, (line, comment)))
    }

    fn item(
        &self,
        input: &'a str,
        parser: impl Fn(&'a str) -> PResult<'a, Item>,
    ) -> PResult<'a, Line> {
        let (rest, item) = self.spanned(parser)(input)?;
        Ok((rest, Line::Item(item)))
    }

    fn annotated(&self, input: &'a str) -> PResult<'a, Line> {
        let start = input;
        let (input, annotations) = separated_list1(ws, |i| self.annotation(i)).parse(input)?;
        let span = self.span(start, input);
        let (after_ws, _) = ws(input)?;
        if after_ws.is_empty() || after_ws.starts_with('#') {
            return Ok((input, Line::Annotations(annotations, span)));
        }
        let (rest, condition) = self.spanned(|i| self.condition(i))(after_ws)?;
        Ok((rest, Line::Rule(annotations, condition)))
    }

    fn annotation(&self, input: &'a str) -> PResult<'a, Annotation> {
        let (input, _) = char('@')(input)?;
        let (input, key) = expect(
            "an annotation name such as `id` or `title`",
            self.spanned(ident),
        )(input)?;
        let (input, _) = expect("`(`", preceded(ws, char('('))).parse(input)?;
        let (input, _) = ws(input)?;
        let (input, value) = expect(
            "a string or a word",
            alt((
                |i| self.string(i),
                self.spanned(|i| {
                    take_while1(|c: char| c.is_alphanumeric() || "_.-§".contains(c))
                        .map(str::to_string)
                        .parse(i)
                }),
            )),
        )(input)?;
        let (input, _) = expect("`)`", preceded(ws, char(')'))).parse(input)?;
        Ok((
            input,
            Annotation {
                key: key.map(str::to_string),
                value,
            },
        ))
    }

    fn string(&self, input: &'a str) -> PResult<'a, Spanned<String>> {
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
                    _ => return fail(rest, "`\\\"`, `\\\\` or `\\n` after `\\`"),
                },
                Some(c) => value.push(c),
            }
            rest = chars.as_str();
        }
        Ok((rest, Spanned::new(value, self.span(start, rest))))
    }

    fn resolution(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("resolution")(input)?;
        let (input, _) = ws(input)?;
        let (input, title) = expect("the resolution's title in quotes", |i| self.string(i))(input)?;
        Ok((input, Item::Resolution(title)))
    }

    fn year(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("year")(input)?;
        let (input, _) = ws(input)?;
        let (input, year) = expect("a year such as `2023`", |i| self.year_number(i))(input)?;
        Ok((input, Item::Year(year)))
    }

    fn year_number(&self, input: &'a str) -> PResult<'a, Spanned<i32>> {
        let (rest, digits) =
            verify(digit1, |d: &str| d.len() == 4 && !d.starts_with('0')).parse(input)?;
        let year = digits.parse().unwrap_or_default();
        Ok((rest, Spanned::new(year, self.span(input, rest))))
    }

    fn unit(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("unit")(input)?;
        let (input, _) = ws1(input)?;
        let (input, name) = expect("a unit name", self.spanned(unit_word))(input)?;
        let (input, _) = ws(input)?;
        let (input, definition) = opt(preceded(pair(char('='), ws), |i| {
            let (i, factor) = opt(|i| self.decimal(i)).parse(i)?;
            let (i, _) = ws(i)?;
            let (i, unit) = expect("a unit such as `billion VND`", |i| self.unit_words(i))(i)?;
            Ok((i, UnitDefinition { factor, unit }))
        }))
        .parse(input)?;
        let name = name.map(str::to_string);
        Ok((input, Item::Unit(UnitDecl { name, definition })))
    }

    fn metric(&self, input: &'a str) -> PResult<'a, Item> {
        let (input, _) = keyword("metric")(input)?;
        let (input, _) = ws1(input)?;
        let (input, name) = expect("a metric name", self.spanned(ident))(input)?;
        let (input, _) =
            expect("`:` after the metric name", preceded(ws, char(':'))).parse(input)?;
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

    fn profile(&self, input: &'a str) -> PResult<'a, Vec<Spanned<Decimal>>> {
        let (input, _) = keyword("profile")(input)?;
        let share = |i: &'a str| {
            let (i, value) = expect("a share such as `55%`", |i| self.decimal(i))(i)?;
            let (i, _) = expect("`%` after the share", preceded(ws, char('%'))).parse(i)?;
            Ok((i, value))
        };
        delimited(
            expect("`(`", preceded(ws, char('('))),
            separated_list1(delimited(ws, char(','), ws), preceded(ws, share)),
            expect("`,` or `)`", preceded(ws, char(')'))),
        )
        .parse(input)
    }

    fn condition(&self, input: &'a str) -> PResult<'a, Condition> {
        let (input, lhs) = expect("a metric or an expression", |i| self.expr(i, 0))(input)?;
        let (input, _) = ws(input)?;
        if let Ok((input, _)) = keyword("in")(input) {
            let (input, _) = ws(input)?;
            let (input, low) =
                expect("the low end of the range", |i| self.quantity(i, true))(input)?;
            let (input, _) = expect("`to`", preceded(ws, keyword("to"))).parse(input)?;
            let (input, _) = ws(input)?;
            let (input, high) =
                expect("the high end of the range", |i| self.quantity(i, true))(input)?;
            return Ok((input, Condition::Range { lhs, low, high }));
        }
        let (input, op) = expect(
            "a comparison (`<`, `<=`, `>`, `>=`, `==`) or `in`",
            self.spanned(cmp_op),
        )(input)?;
        let (input, _) = ws(input)?;
        let (input, rhs) = expect("a target", self.spanned(|i| self.target(i)))(input)?;
        let (input, tolerance) = opt(preceded(
            (ws, alt((tag("±"), tag("+/-"))), ws),
            expect("a tolerance such as `0.5pp`", |i| self.quantity(i, false)),
        ))
        .parse(input)?;
        Ok((
            input,
            Condition::Compare {
                lhs,
                op,
                rhs,
                tolerance,
            },
        ))
    }

    fn target(&self, input: &'a str) -> PResult<'a, Target> {
        let change = |i: &'a str| {
            let (i, sign) = alt((char('+'), char('-'))).parse(i)?;
            let (i, mut amount) = self.quantity(i, false)?;
            let (i, _) = (ws, keyword("vs"), ws).parse(i)?;
            let (i, year) = expect("a baseline year such as `2022`", |i| self.year_number(i))(i)?;
            if sign == '-' {
                amount.node.value.node.set_sign_negative(true);
            }
            Ok((i, Target::Change { amount, year }))
        };
        alt((change, |i| {
            self.expr(i, 0).map(|(i, e)| (i, Target::Expr(e.node)))
        }))
        .parse(input)
    }

    /// A number with its unit; `signed` allows a leading `-` or `+`.
    fn quantity(&self, input: &'a str, signed: bool) -> PResult<'a, Spanned<Quantity>> {
        let start = input;
        let (input, sign) = if signed {
            opt(alt((char('+'), char('-')))).parse(input)?
        } else {
            (input, None)
        };
        let (input, mut value) = self.decimal(input)?;
        if sign == Some('-') {
            value.node.set_sign_negative(true);
        }
        value.span = self.span(start, input);
        let (input, unit) = opt(preceded(ws, |i| self.unit_words(i))).parse(input)?;
        let span = self.span(start, input);
        Ok((input, Spanned::new(Quantity { value, unit }, span)))
    }

    /// Unit words after a number: `%`, `billion VND`, `nghìn tấn`.
    fn unit_words(&self, input: &'a str) -> PResult<'a, Spanned<String>> {
        let start = input;
        let word = |i| verify(unit_word, |w: &str| !UNIT_STOP_WORDS.contains(&w)).parse(i);
        let (input, first) = word(input)?;
        let (input, more) = many0(preceded(ws1, word)).parse(input)?;
        let text = std::iter::once(first)
            .chain(more)
            .collect::<Vec<_>>()
            .join(" ");
        Ok((input, Spanned::new(text, self.span(start, input))))
    }

    fn decimal(&self, input: &'a str) -> PResult<'a, Spanned<Decimal>> {
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

    fn expr(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
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
            let (rest, rhs) = expect("a value after the operator", |i| self.term(i, depth))(rest)?;
            lhs = binary(op, lhs, rhs);
            input = rest;
        }
    }

    fn term(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
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
            let (rest, rhs) = expect("a value after the operator", |i| self.unary(i, depth))(rest)?;
            lhs = binary(op, lhs, rhs);
            input = rest;
        }
    }

    fn unary(&self, input: &'a str, depth: usize) -> PResult<'a, Spanned<Expr>> {
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
            let (rest, inner) = expect("a value after `-`", |i| self.unary(i, depth + 1))(rest)?;
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Neg(Box::new(inner)), span)));
        }
        if let Ok((rest, _)) = char::<_, PErr>('(').parse(input) {
            let (rest, _) = ws(rest)?;
            let (rest, inner) = self.expr(rest, depth + 1)?;
            let (rest, _) = expect("`)`", preceded(ws, char(')'))).parse(rest)?;
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Paren(Box::new(inner)), span)));
        }
        if let Ok((rest, name)) = ident(input) {
            let span = self.span(start, rest);
            return Ok((rest, Spanned::new(Expr::Metric(name.to_string()), span)));
        }
        let (rest, quantity) = expect("a metric or a number", |i| self.quantity(i, false))(input)?;
        Ok((rest, quantity.map(Expr::Number)))
    }
}

fn binary(op: BinOp, lhs: Spanned<Expr>, rhs: Spanned<Expr>) -> Spanned<Expr> {
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

fn cmp_op(input: &str) -> PResult<'_, CmpOp> {
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
fn number_text<'a>(input: &'a str) -> PResult<'a, &'a str> {
    let group = |i: &'a str| -> PResult<'a, &'a str> {
        let (rest, _) = alt((char(','), char('_'))).parse(i)?;
        let (after, digits) = digit1(rest)?;
        if digits.len() == 3 {
            Ok((after, digits))
        } else {
            fail(i, "")
        }
    };
    recognize((digit1, many0(group), opt(pair(char('.'), digit1)))).parse(input)
}

/// One word of a unit: letters, `_`, digits after the first, or a symbol.
fn unit_word(input: &str) -> PResult<'_, &str> {
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
fn next_token(input: &str) -> &str {
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

fn help_for(expected: &str, found: &str) -> Option<String> {
    if expected.starts_with("a comparison") && found == "=" {
        return Some("equality is written `==`".into());
    }
    if expected.starts_with("a comparison") {
        return Some("a rule reads `metric OP target`, e.g. `poverty_rate <= 3.7%`".into());
    }
    if expected == "a target" {
        return Some("a target is a number with an optional unit (`3.7%`, `66.3 million VND`) or a change such as `+3% vs 2022`".into());
    }
    if expected == "end of line" && found == "," {
        return Some("write thousands as `3830` or `3,830`; a decimal point is `.`".into());
    }
    if expected == "end of line" {
        return Some("each statement sits on a line of its own".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }

    fn num(value: &str, unit: Option<&str>) -> Quantity {
        Quantity {
            value: sp(Decimal::from_str_exact(value).unwrap()),
            unit: unit.map(|u| sp(u.to_string())),
        }
    }

    fn metric(name: &str) -> Spanned<Expr> {
        sp(Expr::Metric(name.into()))
    }

    fn compare(lhs: Spanned<Expr>, op: CmpOp, rhs: Target) -> Condition {
        Condition::Compare {
            lhs,
            op: sp(op),
            rhs: sp(rhs),
            tolerance: None,
        }
    }

    fn rules(source: &str) -> Vec<Item> {
        parse_rules(source)
            .unwrap_or_else(|e| panic!("{e:?}"))
            .items
            .into_iter()
            .map(|i| i.node)
            .collect()
    }

    fn conditions(source: &str) -> Vec<Condition> {
        rules(source)
            .into_iter()
            .filter_map(|item| match item {
                Item::Rule(rule) => Some(rule.condition.node),
                _ => None,
            })
            .collect()
    }

    fn error(source: &str) -> ParseError {
        let mut errors = parse_rules(source).expect_err("should not parse");
        errors.remove(0)
    }

    fn error_text<'a>(source: &'a str, err: &ParseError) -> &'a str {
        let span = match err {
            ParseError::Expected { span, .. }
            | ParseError::UnterminatedString { span }
            | ParseError::NumberOutOfRange { span, .. }
            | ParseError::TooDeep { span, .. }
            | ParseError::LineTooLong { span, .. }
            | ParseError::DanglingAnnotation { span } => *span,
        };
        &source[span.start..span.end]
    }

    #[test]
    fn the_card_examples_parse_exactly_as_written() {
        let parsed = conditions("poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n");
        assert_eq!(
            parsed,
            vec![
                compare(
                    metric("poverty_rate"),
                    CmpOp::Le,
                    Target::Expr(Expr::Number(num("3.7", Some("%"))))
                ),
                compare(
                    metric("new_jobs"),
                    CmpOp::Ge,
                    Target::Expr(Expr::Number(num("3830", None)))
                ),
                compare(
                    metric("cattle"),
                    CmpOp::Gt,
                    Target::Expr(Expr::Number(num("7000", None)))
                ),
            ]
        );
    }

    #[test]
    fn spans_point_at_the_source() {
        let src = "# c\ncattle > 7,000 head";
        let file = parse_rules(src).unwrap();
        let Item::Rule(rule) = &file.items[0].node else {
            panic!("not a rule")
        };
        let Condition::Compare { lhs, op, rhs, .. } = &rule.condition.node else {
            panic!("not a comparison")
        };
        assert_eq!(&src[lhs.span.start..lhs.span.end], "cattle");
        assert_eq!(&src[op.span.start..op.span.end], ">");
        assert_eq!(&src[rhs.span.start..rhs.span.end], "7,000 head");
        let Target::Expr(Expr::Number(q)) = &rhs.node else {
            panic!("not a number")
        };
        assert_eq!(q.value.node, Decimal::from(7000));
        let unit = q.unit.as_ref().unwrap();
        assert_eq!(&src[unit.span.start..unit.span.end], "head");
    }

    #[test]
    fn units_with_scales_and_vietnamese_words() {
        let parsed = conditions(
            "x >= 66.3 million VND\ny >= 96,6 \nz > 1.5 triệu con\n"
                .replace("96,6 ", "96.6 nghìn tấn")
                .as_str(),
        );
        let units: Vec<String> = parsed
            .iter()
            .map(|c| match c {
                Condition::Compare { rhs, .. } => match &rhs.node {
                    Target::Expr(Expr::Number(q)) => q.unit.as_ref().unwrap().node.clone(),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(units, ["million VND", "nghìn tấn", "triệu con"]);
    }

    #[test]
    fn ranges_tolerances_and_arithmetic() {
        let parsed = conditions(
            "advanced_ntm in 4 to 6\nagri_share == 24.4% ± 0.5pp\na + b + c == 100% +/- 0.1pp\n(a - b) * 2 <= 10",
        );
        assert_eq!(
            parsed[0],
            Condition::Range {
                lhs: metric("advanced_ntm"),
                low: sp(num("4", None)),
                high: sp(num("6", None)),
            }
        );
        let Condition::Compare { tolerance, .. } = &parsed[1] else {
            panic!()
        };
        assert_eq!(tolerance.as_ref().unwrap().node, num("0.5", Some("pp")));
        let Condition::Compare { lhs, .. } = &parsed[2] else {
            panic!()
        };
        assert_eq!(lhs.node.to_string(), "a + b + c");
        let Condition::Compare { lhs, .. } = &parsed[3] else {
            panic!()
        };
        assert!(matches!(&lhs.node, Expr::Binary { op: BinOp::Mul, .. }));
    }

    #[test]
    fn changes_against_a_baseline_year() {
        let parsed =
            conditions("i >= +5.6 million VND vs 2022\nb <= -0.07‰ vs 2022\no >= +3% vs 2022");
        let amounts: Vec<String> = parsed
            .iter()
            .map(|c| match c {
                Condition::Compare { rhs, .. } => rhs.node.to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            amounts,
            ["+5.6 million VND vs 2022", "-0.07‰ vs 2022", "+3% vs 2022"]
        );
    }

    #[test]
    fn declarations_and_annotations() {
        let items = rules(
            "resolution \"Nghị quyết \\\"2023\\\"\"\nyear 2023\nunit bn_VND = billion VND\n\
             metric agri_output: flow billion VND profile(15%, 55%, 70%, 100%) \"Giá trị sản xuất\"\n\
             @id(A2.agri) @cite(\"Art. 2 §2\")\n@severity(warning)\nagri_output >= 2,662.6 billion VND # trailing\n",
        );
        assert_eq!(items.len(), 5);
        assert!(matches!(&items[0], Item::Resolution(t) if t.node == "Nghị quyết \"2023\""));
        assert!(matches!(&items[1], Item::Year(y) if y.node == 2023));
        let Item::Metric(m) = &items[3] else { panic!() };
        assert_eq!(m.kind.as_ref().unwrap().node, MetricKind::Flow);
        assert_eq!(m.unit.as_ref().unwrap().node, "billion VND");
        assert_eq!(m.profile.as_ref().unwrap().node.len(), 4);
        assert_eq!(m.label.as_ref().unwrap().node, "Giá trị sản xuất");
        let Item::Rule(rule) = &items[4] else {
            panic!()
        };
        let keys: Vec<&str> = rule
            .annotations
            .iter()
            .map(|a| a.key.node.as_str())
            .collect();
        assert_eq!(keys, ["id", "cite", "severity"]);
        assert_eq!(rule.annotations[1].value.node, "Art. 2 §2");
    }

    #[test]
    fn crlf_comments_and_unicode_operators() {
        let parsed = conditions("# heading\r\nx ≤ 3\r\n\r\ny ≥ 4 # why\r\n");
        assert_eq!(parsed.len(), 2);
    }

    #[test]
    fn missing_target_is_located_with_help() {
        let src = "poverty_rate <=";
        let err = error(src);
        assert!(
            matches!(&err, ParseError::Expected { expected, help: Some(_), .. } if expected == "a target")
        );
        assert_eq!(err.to_string(), "expected a target, found end of line");
    }

    #[test]
    fn single_equals_suggests_double() {
        let src = "cattle = 7000";
        let err = error(src);
        let ParseError::Expected { help, .. } = &err else {
            panic!()
        };
        assert_eq!(help.as_deref(), Some("equality is written `==`"));
        assert_eq!(error_text(src, &err), "=");
    }

    #[test]
    fn vietnamese_decimal_comma_is_caught() {
        let src = "x >= 2.662,6 billion VND";
        let err = error(src);
        assert_eq!(error_text(src, &err), ",");
    }

    #[test]
    fn every_bad_line_is_reported() {
        let errors = parse_rules("x >=\ny >= 3\nz ! 4\n").unwrap_err();
        assert_eq!(errors.len(), 2);
    }

    #[test]
    fn unterminated_string_and_dangling_annotation() {
        let src = "@title(\"open\nx > 1";
        let errors = parse_rules(src).unwrap_err();
        assert!(matches!(errors[0], ParseError::UnterminatedString { .. }));
        let src = "x > 1\n@id(last)\n";
        let err = error(src);
        assert_eq!(error_text(src, &err), "@id(last)");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let src = format!("x > {}1{}", "(".repeat(100), ")".repeat(100));
        assert!(matches!(error(&src), ParseError::TooDeep { .. }));
        let src = format!("x > {}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(matches!(error(&src), ParseError::LineTooLong { .. }));
    }

    #[test]
    fn numbers_beyond_decimal_are_errors() {
        let src = "x > 123456789012345678901234567890123";
        let err = error(src);
        assert!(matches!(err, ParseError::NumberOutOfRange { .. }));
        assert_eq!(error_text(src, &err), "123456789012345678901234567890123");
    }

    #[test]
    fn quantities_in_data_strings() {
        assert_eq!(
            parse_quantity("4.1%"),
            Ok((Decimal::new(41, 1), Some("%".into())))
        );
        assert_eq!(
            parse_quantity(" 1,290.4 billion VND "),
            Ok((Decimal::new(12904, 1), Some("billion VND".into())))
        );
        assert_eq!(parse_quantity("-3"), Ok((Decimal::from(-3), None)));
        assert_eq!(parse_quantity("about 4"), Err(QuantityError::Malformed));
        assert_eq!(parse_quantity(""), Err(QuantityError::Malformed));
    }
}
