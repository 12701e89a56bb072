//! The rule language parser (see `GRAMMAR.md`).
//!
//! Every statement sits on one line, so the file is parsed line by line: a
//! mistake on one line is reported without hiding the mistakes on the next.

use nom::Parser;
use rust_decimal::Decimal;
use vec1::Vec1;

mod combinators;
mod conditions;
mod statements;

use super::ast::*;
use super::error::ParseError;
use crate::span::{Span, Spanned};
use combinators::*;

/// Deepest nesting of parentheses and signs in one expression.
pub const MAX_DEPTH: usize = 64;

/// Longest line of a rule file, in characters.
pub const MAX_LINE_CHARS: usize = 10_000;

/// Words that end a unit, so `4 to 6` is not read as the unit `to`.
const UNIT_STOP_WORDS: &[&str] = &["to", "vs", "of", "profile", "in"];

/// One line of a rule file, parsed on its own.
#[derive(Debug)]
pub struct SourceLine {
    /// The line's content, or why it does not parse.
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
    /// A rule, with the annotations written on its own line and where
    /// `check` is written, if it is.
    Rule(Vec<Annotation>, Option<Span>, Box<Spanned<Condition>>),
    /// Any other statement.
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
pub fn parse_rules(source: &str) -> Result<RuleFile, Vec1<ParseError>> {
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
            Ok(Line::Rule(mut annotations, check, condition)) => {
                let first = check.map_or(condition.span, |c| c.join(condition.span));
                let start = pending_span.map_or(first, |s| s.join(first));
                let mut all = std::mem::take(&mut pending);
                all.append(&mut annotations);
                pending_span = None;
                let span = start.join(condition.span);
                let rule = Rule {
                    annotations: all,
                    check: check.is_some(),
                    condition: *condition,
                };
                items.push(Spanned::new(Item::Rule(Box::new(rule)), span));
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
    match Vec1::try_from_vec(errors).ok() {
        None => Ok(RuleFile { items }),
        Some(errors) => Err(errors),
    }
}

/// Why a quantity written in a data file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuantityError {
    /// Not a number with an optional unit.
    Malformed,
    /// A number beyond what a decimal holds.
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

/// One line of a file and where it starts in the file.
struct Cx<'a> {
    base: usize,
    line: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;
    use crate::syntax::error::{Expected, ParseHint};

    fn sp<T>(node: T) -> Spanned<T> {
        Spanned::new(node, Span::default())
    }

    fn num(value: &str, unit: Option<&str>) -> Quantity {
        Quantity {
            value: sp(Decimal::from_str_exact(value).unwrap()),
            unit: unit.map(|u| sp(u.to_string())),
            approx: false,
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
            stretch: None,
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
        let errors = parse_rules(source).expect_err("should not parse");
        errors.first().clone()
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
    fn a_stretch_goal_follows_the_floor() {
        let parsed = conditions("ntm >= 4 to 6 communes\nrate <= 3.5% to 3%");
        let Condition::Compare { rhs, stretch, .. } = &parsed[0] else {
            panic!("{:?}", parsed[0])
        };
        assert_eq!(rhs.node.to_string(), "4");
        assert_eq!(stretch.as_ref().unwrap().node, num("6", Some("communes")));
        assert_eq!(parsed[1].to_string(), "rate <= 3.5% to 3%");
    }

    #[test]
    fn a_unit_may_carry_its_vietnamese_name() {
        let file =
            parse_rules("unit communes \"xã\"\nunit bn = 1000 million VND \"tỷ\"\nunit schools")
                .unwrap();
        let shown: Vec<String> = file.items.iter().map(|i| i.node.to_string()).collect();
        assert_eq!(
            shown,
            [
                "unit communes \"xã\"",
                "unit bn = 1,000 million VND \"tỷ\"",
                "unit schools"
            ]
        );
    }

    #[test]
    fn named_items_follow_done_for() {
        let parsed = conditions("plans done for \"Vũ Bản\",\"An Ninh\" ,  \"Bồ Đề\"\n");
        assert_eq!(
            parsed[0].to_string(),
            "plans done for \"Vũ Bản\", \"An Ninh\", \"Bồ Đề\""
        );
        let Condition::Done { lhs, items } = &parsed[0] else {
            panic!("{:?}", parsed[0])
        };
        assert_eq!(lhs.node, Expr::Metric("plans".into()));
        let names: Vec<&str> = items.iter().map(|i| i.node.as_str()).collect();
        assert_eq!(names, ["Vũ Bản", "An Ninh", "Bồ Đề"]);
        assert!(parse_rules("plans done \"A\"").is_err());
        assert!(parse_rules("plans done for").is_err());
        assert!(parse_rules("plans done for \"A\",").is_err());
        assert!(parse_rules("plans done for A").is_err());
    }

    #[test]
    fn a_direction_alone_is_a_strict_comparison_with_no_change() {
        let parsed = conditions(
            "sex_ratio falls vs 2022\nrevenue rises vs same period\nx < -0 vs 2021\nx < +0% vs 2021",
        );
        let shown: Vec<String> = parsed.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "sex_ratio falls vs 2022",
                "revenue rises vs same period",
                "x falls vs 2021",
                // A change of nothing in percent is judged the same way,
                // and kept as written.
                "x < +0% vs 2021",
            ]
        );
        let Condition::Compare { op, rhs, .. } = &parsed[0] else {
            panic!("{:?}", parsed[0])
        };
        assert_eq!(op.node, CmpOp::Lt);
        assert_eq!(rhs.node.to_string(), "+0 vs 2022");
        assert!(parse_rules("x falls 2022").is_err());
        assert!(parse_rules("x rises vs").is_err());
    }

    #[test]
    fn check_starts_a_data_check_unless_it_names_a_metric() {
        let rules = |source: &str| -> Vec<(bool, String)> {
            parse_rules(source)
                .unwrap()
                .items
                .into_iter()
                .filter_map(|item| match item.node {
                    Item::Rule(rule) => Some((rule.check, rule.condition.node.to_string())),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            rules("check a + b == 100% ± 0.1pp\ncheck >= 5\ncheck in 1 to 2\n@id(x) check c < 1"),
            [
                (true, "a + b == 100% ± 0.1pp".to_string()),
                (false, "check >= 5".to_string()),
                (false, "check in 1 to 2".to_string()),
                (true, "c < 1".to_string()),
            ]
        );
        let Item::Group(group) = &parse_rules("group main \"Chỉ tiêu chủ yếu\"")
            .unwrap()
            .items[0]
            .node
        else {
            panic!("not a group")
        };
        assert_eq!(
            (
                group.name.node.as_str(),
                group.label.as_ref().map(|l| l.node.as_str())
            ),
            ("main", Some("Chỉ tiêu chủ yếu"))
        );
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
                since: None,
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
        assert!(matches!(
            &err,
            ParseError::Expected {
                expected: Expected::Target,
                help: Some(_),
                ..
            }
        ));
        assert_eq!(err.to_string(), "expected a target, found end of line");
    }

    #[test]
    fn single_equals_suggests_double() {
        let src = "cattle = 7000";
        let err = error(src);
        let ParseError::Expected { help, .. } = &err else {
            panic!()
        };
        assert_eq!(*help, Some(ParseHint::DoubleEquals));
        assert_eq!(
            err.to_string(),
            "expected a comparison (`<`, `<=`, `>`, `>=`, `==`), `in`, `falls`, `rises` or `done`, found `=`"
        );
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
