//! What can be wrong in a rule file's syntax.

use std::fmt;

use miette::{Diagnostic, NamedSource};
use thiserror::Error;
use vec1::Vec1;

use crate::span::Span;

/// Every syntax error of one rule file, the first shown in full.
#[derive(Debug, Error, Diagnostic)]
#[error("{} in `{}`", crate::suggest::counted(errors.len(), "syntax error", "syntax errors"), src.name())]
#[diagnostic(code(resolute::parse))]
pub struct ParseErrors {
    /// The rule file, as errors quote it.
    #[source_code]
    pub src: NamedSource<String>,
    /// Every error, in the order found.
    #[related]
    pub errors: Vec1<ParseError>,
}

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// `poverty_rate <=` (nothing after the operator)
    #[error("expected {expected}, found {found}")]
    #[diagnostic(code(resolute::parse::expected))]
    Expected {
        expected: Expected,
        found: Found,
        #[label("expected {expected}")]
        span: Span,
        #[help]
        help: Option<ParseHint>,
    },

    /// `@title("unfinished`
    #[error("unterminated string")]
    #[diagnostic(
        code(resolute::parse::unterminated_string),
        help("close the string with `\"` on the same line")
    )]
    UnterminatedString {
        #[label("string starts here")]
        span: Span,
    },

    /// `x > 123456789012345678901234567890`
    #[error("number `{text}` is out of range")]
    #[diagnostic(
        code(resolute::parse::number_out_of_range),
        help(
            "numbers are exact decimals of at most 28 significant digits; use a larger unit such as `billion VND`"
        )
    )]
    NumberOutOfRange {
        text: String,
        #[label("too many digits")]
        span: Span,
    },

    /// `x > ((((((...1...))))))` nested deeper than the limit
    #[error("expression nested more than {limit} levels deep")]
    #[diagnostic(
        code(resolute::parse::too_deep),
        help("split the expression; rule files do not need deep nesting")
    )]
    TooDeep {
        limit: usize,
        #[label("too deep")]
        span: Span,
    },

    /// A line of 10,000 characters or more
    #[error("line longer than {limit} characters")]
    #[diagnostic(
        code(resolute::parse::line_too_long),
        help("a statement fits on one line of a rule file; is this the right file?")
    )]
    LineTooLong {
        limit: usize,
        #[label("this line")]
        span: Span,
    },

    /// `@id(jobs)` on the last line, with no rule after it
    #[error("annotation is not followed by a rule")]
    #[diagnostic(
        code(resolute::parse::dangling_annotation),
        help("put the rule on the line after its annotations")
    )]
    DanglingAnnotation {
        #[label("annotates nothing")]
        span: Span,
    },
}

impl ParseError {
    /// The spans the diagnostic points at.
    pub fn spans_mut(&mut self) -> Vec<&mut Span> {
        match self {
            ParseError::Expected { span, .. }
            | ParseError::UnterminatedString { span }
            | ParseError::NumberOutOfRange { span, .. }
            | ParseError::TooDeep { span, .. }
            | ParseError::LineTooLong { span, .. }
            | ParseError::DanglingAnnotation { span } => vec![span],
        }
    }
}

/// What the parser looked for where a line stopped making sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs, reason = "each reads as its English description")]
pub enum Expected {
    Rule,
    EndOfLine,
    MoreInput,
    Escape,
    MetricOrExpression,
    RangeLow,
    RangeTo,
    RangeHigh,
    Comparison,
    Target,
    StretchGoal,
    Tolerance,
    VsBaseline,
    ForItems,
    ItemName,
    BaselineYear,
    ValueAfterOperator,
    ValueAfterMinus,
    OpenParen,
    CloseParen,
    CommaOrCloseParen,
    MetricOrNumber,
    GroupName,
    AnnotationName,
    StringOrWord,
    ResolutionTitle,
    Year,
    UnitName,
    Unit,
    MetricName,
    ColonAfterMetric,
    Share,
    PercentAfterShare,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Expected::*;
        f.write_str(match self {
            Rule => "a rule",
            EndOfLine => "end of line",
            MoreInput => "more input",
            Escape => "`\\\"`, `\\\\` or `\\n` after `\\`",
            MetricOrExpression => "a metric or an expression",
            RangeLow => "the low end of the range",
            RangeTo => "`to`",
            RangeHigh => "the high end of the range",
            Comparison => {
                "a comparison (`<`, `<=`, `>`, `>=`, `==`), `in`, `falls`, `rises` or `done`"
            }
            Target => "a target",
            StretchGoal => "the stretch goal after `to`",
            Tolerance => "a tolerance such as `0.5pp`",
            VsBaseline => "`vs` and a baseline such as `vs 2022`",
            ForItems => "`for` and the items' names",
            ItemName => "an item's name in quotes",
            BaselineYear => "a baseline year such as `2022`, or `same period`",
            ValueAfterOperator => "a value after the operator",
            ValueAfterMinus => "a value after `-`",
            OpenParen => "`(`",
            CloseParen => "`)`",
            CommaOrCloseParen => "`,` or `)`",
            MetricOrNumber => "a metric or a number",
            GroupName => "a group name such as `main`",
            AnnotationName => "an annotation name such as `id` or `title`",
            StringOrWord => "a string or a word",
            ResolutionTitle => "the resolution's title in quotes",
            Year => "a year such as `2023`",
            UnitName => "a unit name",
            Unit => "a unit such as `billion VND`",
            MetricName => "a metric name",
            ColonAfterMetric => "`:` after the metric name",
            Share => "a share such as `55%`",
            PercentAfterShare => "`%` after the share",
        })
    }
}

/// What the parser found instead: a token, or nothing more on the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// The line ended.
    EndOfLine,
    /// The next token, as written.
    Token(String),
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Found::EndOfLine => f.write_str("end of line"),
            Found::Token(token) => write!(f, "`{token}`"),
        }
    }
}

/// Advice on a line that does not parse, where the mistake is a common one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseHint {
    /// `x = 5`
    DoubleEquals,
    /// A rule whose operator is missing or misspelt.
    RuleShape,
    /// An operator with no target after it.
    TargetShape,
    /// `x >= 3,83` : a comma where a rule ends.
    ThousandsComma,
    /// Two statements on one line.
    OneStatementPerLine,
}

impl ParseHint {
    /// The advice for a line that stopped where `expected` was wanted and
    /// `found` was written.
    pub fn for_mistake(expected: Expected, found: &Found) -> Option<ParseHint> {
        let token = |t: &str| matches!(found, Found::Token(f) if f == t);
        match expected {
            Expected::Comparison if token("=") => Some(ParseHint::DoubleEquals),
            Expected::Comparison => Some(ParseHint::RuleShape),
            Expected::Target => Some(ParseHint::TargetShape),
            Expected::EndOfLine if token(",") => Some(ParseHint::ThousandsComma),
            Expected::EndOfLine => Some(ParseHint::OneStatementPerLine),
            _ => None,
        }
    }
}

impl fmt::Display for ParseHint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParseHint::DoubleEquals => "equality is written `==`",
            ParseHint::RuleShape => "a rule reads `metric OP target`, e.g. `poverty_rate <= 3.7%`",
            ParseHint::TargetShape => {
                "a target is a number with an optional unit (`3.7%`, `66.3 million VND`) or a change such as `+3% vs 2022`"
            }
            ParseHint::ThousandsComma => {
                "write thousands as `3830` or `3,830`; a decimal point is `.`"
            }
            ParseHint::OneStatementPerLine => "each statement sits on a line of its own",
        })
    }
}
