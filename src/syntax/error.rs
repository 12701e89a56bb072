//! What can be wrong in a rule file's syntax.

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
        expected: String,
        found: String,
        #[label("expected {expected}")]
        span: Span,
        #[help]
        help: Option<String>,
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
