//! Mistakes a checked rule file can still hold: contradictions, redundant
//! or inconsistent targets, likely typos in numbers and units. Found before
//! any data exists (and, given data, against the baseline year).

use miette::Diagnostic;
use std::collections::HashSet;

use thiserror::Error;

mod bounds;
mod numbers;

use super::{CheckedRule, Program};
use crate::span::{Span, Spanned};
use rust_decimal::Decimal;

use crate::syntax::ast::{Condition, Item, RuleFile, decimal_text};
use bounds::bounds;
use numbers::{literals, shares};

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Clone, Error, Diagnostic, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lint {
    /// `metric cattle: stock head` and no rule on `cattle`
    #[error("metric `{name}` is declared but no rule uses it")]
    #[diagnostic(
        code(resolute::lint::unused_metric),
        severity(Warning),
        help("remove it, or add the target it was declared for")
    )]
    UnusedMetric {
        name: String,
        #[label("unused")]
        span: Span,
    },

    /// `x > 5` and `x < 3`
    #[error("no value of `{metric}` can meet both targets")]
    #[diagnostic(
        code(resolute::lint::contradictory),
        help("one of the two targets is wrong; a value can't be {first} and {second} at once")
    )]
    Contradictory {
        metric: String,
        first: String,
        second: String,
        #[label("this target")]
        span: Span,
        #[label("contradicts this one")]
        other: Span,
    },

    /// `x > 5` and `x > 3`
    #[error("`{metric}` {weaker} is implied by {stronger}")]
    #[diagnostic(
        code(resolute::lint::redundant),
        severity(Warning),
        help(
            "if these are two plans (the province's and the district's), give each its own `@cite`; otherwise remove the weaker one"
        )
    )]
    Redundant {
        metric: String,
        weaker: String,
        stronger: String,
        #[label("always met when the other is")]
        span: Span,
        #[label("the stronger target")]
        other: Span,
    },

    /// `a == 24.4%`, `b == 40.1%`, `c == 35.0%` and `a + b + c == 100%`
    #[error("the share targets add up to {total}, not {whole}")]
    #[diagnostic(
        code(resolute::lint::shares_do_not_sum),
        severity(Warning),
        help("the parts of a whole must sum to it; check each share's target")
    )]
    SharesDoNotSum {
        total: String,
        whole: String,
        #[label("the whole")]
        span: Span,
    },

    /// `x >= 6,413.5` with `x >= +19% vs 2022` when 2022 was 5,390
    #[error("`{metric}`: the level and growth targets disagree with the {year} figure")]
    #[diagnostic(
        code(resolute::lint::growth_inconsistent),
        severity(Warning),
        help(
            "{} {unit} with {growth} implies a {year} figure of about {}; `{entity}` reported {} for {year}, which gives {}",
            decimal_text(*level),
            decimal_text(*implied_base),
            decimal_text(*reported),
            decimal_text(*implied_target)
        )
    )]
    GrowthInconsistent {
        metric: String,
        year: i32,
        /// The level target, in the metric's unit.
        level: Decimal,
        unit: String,
        /// The growth target as written (`+19% vs 2022`).
        growth: String,
        /// The baseline figure the level and growth targets imply together.
        implied_base: Decimal,
        /// The entity whose baseline figure disagrees, and that figure.
        entity: String,
        reported: Decimal,
        /// The level the growth target gives from the reported figure.
        implied_target: Decimal,
        #[label("level target")]
        span: Span,
        #[label("growth target")]
        other: Span,
    },

    /// `share == 24.4% ± 0.5%`
    #[error("`{written}` on a percentage is ambiguous")]
    #[diagnostic(
        code(resolute::lint::percent_points),
        severity(Warning),
        help("{}", if *tolerance {
            format!("a tolerance on a percentage is a distance in percentage points: write `{value}pp`")
        } else {
            format!("`pp` measures a change between percentages; a level is written `{value}%`")
        })
    )]
    PercentVersusPoints {
        written: String,
        /// The number written, without its unit.
        value: String,
        /// `%` on a tolerance, rather than `pp` on a level.
        tolerance: bool,
        #[label("percent or percentage points?")]
        span: Span,
    },

    /// `x == 2 ± 3`
    #[error("the tolerance {tolerance} is wider than the target {target}")]
    #[diagnostic(
        code(resolute::lint::wide_tolerance),
        severity(Warning),
        help("a tolerance is the allowed distance from the target; check its unit (`pp`, `‰`)")
    )]
    WideTolerance {
        tolerance: String,
        target: String,
        #[label("wider than the target")]
        span: Span,
    },

    /// `poverty_rate <= 0.037` where `poverty_rate` is in `%`
    #[error("`{written}` is read as {written}%: did you mean {percent}%?")]
    #[diagnostic(
        code(resolute::lint::fraction_for_percent),
        severity(Warning),
        help(
            "if it means {percent} percent, write `{percent}%`; if {written}%, write `{written}%` to say so"
        )
    )]
    FractionForPercent {
        written: String,
        percent: String,
        #[label("read in the metric's unit, %")]
        span: Span,
    },

    /// `new_jobs >= 3.830` (Vietnamese thousands separator)
    #[error("`{text}` is {value}, a fraction of a count")]
    #[diagnostic(
        code(resolute::lint::dot_thousands),
        severity(Warning),
        help("if you mean {thousands}, write `{thousands}`: `.` is the decimal point")
    )]
    DotThousands {
        text: String,
        value: String,
        /// The number read with `.` as a thousands separator (`3,830`).
        thousands: String,
        #[label("fractional {unit}")]
        span: Span,
        unit: String,
    },

    /// `metric poverty_rate: stock count`
    #[error("`{metric}` looks like a rate but is measured in {unit}")]
    #[diagnostic(
        code(resolute::lint::rate_unit),
        severity(Warning),
        help("declare rates and shares in `%` or `‰`, e.g. `metric {metric}: stock %`")
    )]
    RateWithoutPercent {
        metric: String,
        unit: String,
        #[label("not a percentage")]
        span: Span,
    },

    /// `@title("Đàn\u{200b}bò")`: text that shows as something it is not
    #[error("the rule file holds control, invisible or bidirectional formatting characters")]
    #[diagnostic(
        code(resolute::lint::hidden_characters),
        severity(Warning),
        help(
            "they show as nothing, or reorder the text around them; delete them, or retype the text"
        )
    )]
    HiddenCharacters {
        #[label("here, each byte quoted as `?`")]
        span: Span,
    },

    /// `@review("carried over from 2023")`
    #[error("`{id}` is marked for review: {note}")]
    #[diagnostic(
        code(resolute::lint::review),
        severity(Warning),
        help("confirm or change the target, then remove the `@review` annotation")
    )]
    Review {
        id: String,
        note: String,
        #[label("not yet reviewed")]
        span: Span,
    },
}

/// Each run of characters in `source` that shows as nothing or reorders the
/// text around it (tabs and line ends aside): a title or label that reads
/// as one thing and says another.
pub fn hidden_characters(source: &str) -> Vec<Lint> {
    let hidden = |c: char| crate::span::needs_showing(c) && !matches!(c, '\t' | '\n' | '\r');
    let mut out: Vec<Lint> = Vec::new();
    for (at, c) in source.char_indices().filter(|&(_, c)| hidden(c)) {
        let end = at + c.len_utf8();
        match out.last_mut() {
            Some(Lint::HiddenCharacters { span }) if span.end == at => span.end = end,
            _ => out.push(Lint::HiddenCharacters {
                span: Span::new(at, end),
            }),
        }
    }
    out
}

impl Lint {
    /// Whether the finding makes `lint` fail, rather than warn.
    pub fn is_error(&self) -> bool {
        self.severity().is_none_or(|s| s == miette::Severity::Error)
    }
}

/// Each checked rule with its condition as written.
pub fn conditions<'a>(
    file: &'a RuleFile,
    program: &'a Program,
) -> Vec<(&'a CheckedRule, &'a Spanned<Condition>)> {
    program
        .rules
        .iter()
        .zip(file.items.iter().filter_map(|item| match &item.node {
            Item::Rule(rule) => Some(&rule.condition),
            _ => None,
        }))
        .collect()
}

/// Lints a checked rule file, in the order of the file. Lints that need
/// the data's figures run above the engine, where figures can be read.
pub fn lint(file: &RuleFile, program: &Program, source: &str) -> Vec<Lint> {
    let rules = conditions(file, program);
    let mut out = hidden_characters(source);
    unused_metrics(program, &mut out);
    bounds(&rules, &mut out);
    shares(&rules, &mut out);
    literals(&rules, program, source, &mut out);
    for (rule, _) in &rules {
        if let Some(note) = &rule.review {
            out.push(Lint::Review {
                id: rule.id.clone(),
                note: note.clone(),
                span: rule.condition_span,
            });
        }
    }
    out.sort_by_key(|lint| lint.span().start);
    out
}

impl Lint {
    /// Where the lint points first.
    pub fn span(&self) -> Span {
        match self {
            Lint::UnusedMetric { span, .. }
            | Lint::Contradictory { span, .. }
            | Lint::Redundant { span, .. }
            | Lint::SharesDoNotSum { span, .. }
            | Lint::GrowthInconsistent { span, .. }
            | Lint::PercentVersusPoints { span, .. }
            | Lint::FractionForPercent { span, .. }
            | Lint::WideTolerance { span, .. }
            | Lint::DotThousands { span, .. }
            | Lint::RateWithoutPercent { span, .. }
            | Lint::Review { span, .. }
            | Lint::HiddenCharacters { span } => *span,
        }
    }
}

fn unused_metrics(program: &Program, out: &mut Vec<Lint>) {
    let used: HashSet<&str> = program
        .rules
        .iter()
        .flat_map(|r| r.lhs.metrics().into_iter().map(|(name, _)| name))
        .collect();
    for metric in program.metrics.values() {
        let Some(span) = metric.span else {
            continue;
        };
        if !used.contains(metric.name.as_str()) {
            out.push(Lint::UnusedMetric {
                name: metric.name.clone(),
                span,
            });
        }
        if metric.is_named_as_rate() && !metric.unit.is_ratio() {
            out.push(Lint::RateWithoutPercent {
                metric: metric.name.clone(),
                unit: metric.unit.name.clone(),
                span,
            });
        }
    }
}
