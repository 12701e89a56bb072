//! Starting next year's rule file from this year's: the year and baseline
//! years move on, structure, comments and citations stay, and every target
//! is marked `@review` so nothing is carried over silently.

use miette::Diagnostic;
use thiserror::Error;
use vec1::Vec1;

use super::ast::{Condition, Item, Target};
use super::{ParseError, format_rules, parse_rules};
use crate::span::Span;

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum NextYearError {
    /// A source file with syntax errors
    #[error("the rule file has syntax errors")]
    #[diagnostic(code(resolute::new::syntax))]
    Syntax(Vec1<ParseError>),
    /// A source file without `year 2023`
    #[error("the rule file names no year")]
    #[diagnostic(
        code(resolute::new::no_year),
        help("add a line `year 2023` (the year its targets are for)")
    )]
    NoYear,
    /// `--year 2022` from a 2023 file
    #[error("{to} is not after {from}, the year of the rule file")]
    #[diagnostic(code(resolute::new::not_later))]
    NotLater { from: i32, to: i32 },
}

/// The rule file for `to_year`, made from `source`.
pub fn next_year(source: &str, to_year: i32) -> Result<String, NextYearError> {
    let file = parse_rules(source).map_err(NextYearError::Syntax)?;
    let from_year = file
        .items
        .iter()
        .find_map(|item| match &item.node {
            Item::Year(year) => Some(year.node),
            _ => None,
        })
        .ok_or(NextYearError::NoYear)?;
    if to_year <= from_year {
        return Err(NextYearError::NotLater {
            from: from_year,
            to: to_year,
        });
    }
    let shift = to_year - from_year;
    let mut edits: Vec<(Span, String)> = Vec::new();
    for item in &file.items {
        match &item.node {
            Item::Year(year) => edits.push((year.span, to_year.to_string())),
            Item::Resolution(title) => {
                let text = source
                    .get(title.span.start..title.span.end)
                    .unwrap_or_default();
                edits.push((
                    title.span,
                    text.replace(&from_year.to_string(), &to_year.to_string()),
                ));
            }
            Item::Rule(rule) => {
                let baseline_year = match &rule.condition.node {
                    Condition::Compare { rhs, .. } => match &rhs.node {
                        Target::Change { year, .. } => year.as_ref(),
                        Target::Expr(_) => None,
                    },
                    Condition::Range { since, .. } => since.as_ref().and_then(|s| s.year.as_ref()),
                    Condition::Done { .. } => None,
                };
                if let Some(year) = baseline_year {
                    edits.push((year.span, (year.node + shift).to_string()));
                }
                // A data check states no target of the resolution to confirm.
                let reviewed = rule.annotations.iter().any(|a| a.key.node == "review");
                if !reviewed && !rule.check {
                    let line_start = source[..item.span.start].rfind('\n').map_or(0, |i| i + 1);
                    let note = format!(
                        "@review(\"carried over from {from_year}: confirm the target for {to_year}\")\n"
                    );
                    edits.push((Span::new(line_start, line_start), note));
                }
            }
            Item::Unit(_) | Item::Metric(_) | Item::Group(_) => {}
        }
    }
    edits.sort_by_key(|(span, _)| (span.start, span.end));
    let mut out = String::with_capacity(source.len() + edits.len() * 64);
    let mut at = 0;
    for (span, replacement) in edits {
        out.push_str(&source[at..span.start]);
        out.push_str(&replacement);
        at = span.end;
    }
    out.push_str(&source[at..]);
    format_rules(&out).map_err(NextYearError::Syntax)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_years_and_marks_every_target() {
        let source = "# 2023 targets\nresolution \"Kế hoạch năm 2023\"\nyear 2023\n\n@id(a) @cite(\"Art. 2\")\nx >= +3% vs 2022 # growth\ny <= 3.7%\n";
        let next = next_year(source, 2024).unwrap();
        assert_eq!(
            next,
            "# 2023 targets\nresolution \"Kế hoạch năm 2024\"\nyear 2024\n\n\
             @review(\"carried over from 2023: confirm the target for 2024\")\n@id(a) @cite(\"Art. 2\")\nx >= +3% vs 2023 # growth\n\
             @review(\"carried over from 2023: confirm the target for 2024\")\ny <= 3.7%\n"
        );
    }

    #[test]
    fn needs_a_year_and_a_later_one() {
        assert!(matches!(
            next_year("x > 1\n", 2024),
            Err(NextYearError::NoYear)
        ));
        assert!(matches!(
            next_year("year 2023\n", 2023),
            Err(NextYearError::NotLater { .. })
        ));
    }
}
