//! Reading rule files: the AST, the parser and its errors.

pub mod ast;
mod error;
mod format;
mod next_year;
mod parser;

pub use error::{Expected, Found, ParseError, ParseErrors, ParseHint};
pub use format::format_rules;
pub use next_year::{NextYearError, next_year};
pub use parser::{
    Line, MAX_DEPTH, QuantityError, SourceLine, parse_lines, parse_quantity, parse_rules,
};

use miette::NamedSource;

/// Parses `source`, attaching the file name to any errors.
pub fn parse_file(name: &str, source: &str) -> Result<ast::RuleFile, ParseErrors> {
    parse_rules(source).map_err(|mut errors| {
        let shown =
            crate::span::displayable(source, errors.iter_mut().flat_map(ParseError::spans_mut));
        ParseErrors {
            src: NamedSource::new(name, shown),
            errors,
        }
    })
}
