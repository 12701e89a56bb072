//! Resolving names and units: from the AST to a [`Program`] the engine runs.
//!
//! Unit errors are found here, before any data is read.

mod diff;
mod error;
mod exprs;
mod lint;
mod metrics;
mod program;
mod rules;

pub use diff::{RuleChange, diff};
pub use error::{CURRENCY_HELP, CheckError, CheckErrors, EXPONENT_HELP, ProfileProblem};
pub use lint::{Lint, conditions, hidden_characters, lint};
pub use program::*;

use std::collections::BTreeMap;
use vec1::Vec1;

use miette::NamedSource;
use rust_decimal::Decimal;

use crate::span::{Span, Spanned};
use crate::suggest::did_you_mean;
use crate::syntax::ast::{self, Item, RuleFile};
use crate::units::{Unit, UnitError, UnitRegistry};

/// Checks a parsed rule file, attaching the file name to any errors.
pub fn check_file(name: &str, source: &str, file: &RuleFile) -> Result<Program, CheckErrors> {
    check(file).map_err(|errors| CheckErrors {
        src: NamedSource::new(name, crate::span::quotable(source).into_owned()),
        errors,
    })
}

/// Resolves every metric, unit and annotation of `file`.
///
/// A file that declares no metric declares them by use: each is a stock,
/// in the unit of the literal it is compared with (or `count`).
pub fn check(file: &RuleFile) -> Result<Program, Vec1<CheckError>> {
    let mut cx = Checker::default();
    cx.settings_and_units(file);
    cx.metrics(file);
    cx.rules(file);
    cx.smallest_targets();
    let has_rules = file.items.iter().any(|i| matches!(i.node, Item::Rule(_)));
    if !has_rules {
        cx.errors.push(CheckError::NoRules {
            span: Span::new(0, 0),
        });
    }
    match Vec1::try_from_vec(cx.errors).ok() {
        Some(errors) => Err(errors),
        None => Ok(Program {
            title: cx.title,
            year: cx.year,
            units: cx.units,
            metrics: cx.metrics,
            rules: cx.rules,
            groups: cx.groups,
        }),
    }
}

#[derive(Default)]
struct Checker {
    title: Option<String>,
    year: Option<i32>,
    units: UnitRegistry,
    metrics: BTreeMap<String, Metric>,
    implicit_metrics: bool,
    rules: Vec<CheckedRule>,
    groups: Vec<Group>,
    errors: Vec<CheckError>,
}

impl Checker {
    fn settings_and_units(&mut self, file: &RuleFile) {
        for item in &file.items {
            match &item.node {
                Item::Resolution(title) => {
                    if self.title.replace(title.node.clone()).is_some() {
                        self.repeated("resolution", item.span);
                    }
                }
                Item::Year(year) => {
                    if self.year.replace(year.node).is_some() {
                        self.repeated("year", item.span);
                    }
                }
                Item::Unit(decl) => self.unit_decl(decl),
                Item::Metric(_) | Item::Rule(_) | Item::Group(_) => {}
            }
        }
    }

    fn repeated(&mut self, what: &str, span: Span) {
        self.errors.push(CheckError::RepeatedSetting {
            what: what.to_string(),
            span,
        });
    }

    fn unit_decl(&mut self, decl: &ast::UnitDecl) {
        let name = &decl.name;
        let label = decl.label.as_ref().map(|l| l.node.as_str());
        if self.units.knows(&name.node) {
            self.errors.push(CheckError::DuplicateUnit {
                name: name.node.clone(),
                span: name.span,
            });
            return;
        }
        let Some(def) = &decl.definition else {
            self.units.declare_base(&name.node, label);
            return;
        };
        let Some(of) = self.resolve_unit(&def.unit) else {
            return;
        };
        let factor = def.factor.as_ref().map_or(Decimal::ONE, |f| f.node);
        if self
            .units
            .declare_alias(&name.node, factor, &of, label)
            .is_none()
        {
            self.errors.push(CheckError::IncompleteUnit {
                unit: name.node.clone(),
                span: name.span,
            });
        }
    }

    fn resolve_unit(&mut self, unit: &Spanned<String>) -> Option<Unit> {
        match self.units.resolve(&unit.node) {
            Ok(resolved) => Some(resolved),
            Err(UnitError::Unknown { word, suggestion }) => {
                let exponent = word.len() > 1
                    && word.starts_with(['e', 'E'])
                    && word[1..]
                        .trim_start_matches(['+', '-'])
                        .bytes()
                        .all(|b| b.is_ascii_digit());
                let help = if exponent {
                    EXPONENT_HELP.to_string()
                } else {
                    did_you_mean(suggestion).unwrap_or_else(|| {
                        format!("declare it on a line of its own: `unit {word}`")
                    })
                };
                self.errors.push(CheckError::UnknownUnit {
                    unit: word,
                    span: unit.span,
                    help: Some(help),
                });
                None
            }
            Err(UnitError::ScaleOnly | UnitError::ScaledRatio) => {
                self.errors.push(CheckError::IncompleteUnit {
                    unit: unit.node.clone(),
                    span: unit.span,
                });
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_rules;

    fn program(source: &str) -> Program {
        check(&parse_rules(source).unwrap()).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn errors(source: &str) -> Vec<CheckError> {
        check(&parse_rules(source).unwrap())
            .expect_err("should not check")
            .into()
    }

    #[test]
    fn undeclared_metrics_take_the_unit_of_their_target() {
        let p = program("poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n");
        assert_eq!(p.metrics["poverty_rate"].unit.name, "%");
        assert_eq!(p.metrics["new_jobs"].unit.name, "count");
        assert_eq!(p.metrics["cattle"].kind, MetricKind::Stock);
        let ids: Vec<&str> = p.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["poverty_rate", "new_jobs", "cattle"]);
        assert_eq!(p.rules[0].severity, Severity::Error);
        // Constants are in base units: 3.7% is 0.037.
        let Goal::Compare { target, .. } = &p.rules[0].goal else {
            panic!()
        };
        assert_eq!(target, &Num::Const(Decimal::new(37, 3)));
    }

    #[test]
    fn declared_metrics_make_typos_errors_with_suggestions() {
        let errs = errors("metric poverty_rate: stock %\npovety_rate <= 3.7%\n");
        assert_eq!(
            errs,
            vec![CheckError::UnknownMetric {
                name: "povety_rate".into(),
                span: Span::new(29, 40),
                help: Some("did you mean `poverty_rate`?".into()),
            }]
        );
    }

    #[test]
    fn usd_is_never_compared_with_vnd() {
        let errs = errors("metric exports: flow million USD\nexports >= 55 billion VND\n");
        assert!(
            matches!(&errs[0], CheckError::UnitMismatch { left, right, .. } if left == "million USD" && right == "billion VND")
        );
    }

    #[test]
    fn bare_numbers_take_the_metric_unit_and_scales_convert() {
        let p = program(
            "metric agri: flow billion VND\nagri >= 2,662.6\nagri >= 2662600 million VND\n",
        );
        assert_eq!(p.rules[0].goal, p.rules[1].goal);
        assert_eq!(p.rules[0].id, "agri");
        assert_eq!(p.rules[1].id, "agri-2");
    }

    #[test]
    fn percent_change_of_a_percentage_is_ambiguous() {
        let errs = errors("metric poverty_rate: stock %\npoverty_rate <= -1.6% vs 2022\n");
        assert!(matches!(errs[0], CheckError::AmbiguousPercentChange { .. }));
        let p = program("metric poverty_rate: stock %\npoverty_rate <= -1.6pp vs 2022\n");
        assert!(matches!(
            p.rules[0].goal,
            Goal::Change {
                relative: false,
                ..
            }
        ));
        let p = program("metric out: flow billion VND\nout >= +3% vs 2022\n");
        let Goal::Change {
            relative, amount, ..
        } = p.rules[0].goal
        else {
            panic!()
        };
        assert!(relative);
        assert_eq!(amount, Decimal::new(3, 2));
    }

    #[test]
    fn metadata_is_checked() {
        let errs = errors("@titel(\"x\") @severity(fatal)\nx > 1\n@id(a)\ny > 1\n@id(a)\nz > 1\n");
        assert!(
            matches!(&errs[0], CheckError::UnknownAnnotation { help: Some(h), .. } if h == "did you mean `title`?")
        );
        assert!(matches!(&errs[1], CheckError::BadSeverity { .. }));
        assert!(matches!(&errs[2], CheckError::DuplicateRuleId { id, .. } if id == "a"));
    }

    #[test]
    fn profiles_ranges_and_baselines_are_checked() {
        let errs = errors("metric g: flow t profile(50%, 40%, 70%, 100%)\ng > 1\n");
        assert!(matches!(errs[0], CheckError::BadProfile { .. }));
        let errs = errors("x in 6 to 4\n");
        assert!(matches!(errs[0], CheckError::EmptyRange { .. }));
        let errs = errors("year 2023\nx >= +3 vs 2023\n");
        assert!(matches!(errs[0], CheckError::BaselineNotBefore { .. }));
    }

    #[test]
    fn units_must_exist_and_custom_units_can_be_declared() {
        let errs = errors("metric a: flow billion VDN\n");
        assert!(
            matches!(&errs[0], CheckError::UnknownUnit { help: Some(h), .. } if h == "did you mean `VND`?")
        );
        let p = program(
            "unit bn_VND = billion VND\nunit idx\nmetric a: flow bn_VND\nmetric b: stock idx\na >= 3 billion VND\nb > 2\n",
        );
        assert_eq!(p.metrics["a"].unit.scale, Decimal::from(1_000_000_000));
        assert_eq!(p.metrics["b"].unit.dimension, "idx");
    }

    #[test]
    fn shares_can_be_divided_out() {
        let p = program("metric t: stock t\nmetric c: stock t\nt / c >= 94%\n");
        assert_eq!(p.rules[0].unit.name, "%");
        let errs = errors("metric t: stock t\nmetric h: stock head\nt * h >= 1\n");
        assert!(matches!(errs[0], CheckError::UnsupportedArithmetic { .. }));
    }

    #[test]
    fn rules_belong_to_the_group_above_them_and_checks_to_none() {
        let p =
            program("a >= 1\ngroup main \"Main\"\nb >= 1\ncheck a + b == 2\ngroup tasks\nc >= 1\n");
        let placed: Vec<(Option<usize>, bool)> =
            p.rules.iter().map(|r| (r.group, r.check)).collect();
        assert_eq!(
            placed,
            [
                (None, false),
                (Some(0), false),
                (None, true),
                (Some(1), false)
            ]
        );
        assert_eq!(p.groups[0].shown(), "Main");
        assert_eq!(p.groups[1].shown(), "tasks");
    }

    #[test]
    fn a_stretch_goal_must_lie_beyond_a_numeric_floor() {
        let errs = errors("x >= 6 to 4\n");
        assert!(matches!(
            errs[0],
            CheckError::StretchNotBeyond { more: true, .. }
        ));
        let errs = errors("x <= 3 to 4\n");
        assert!(matches!(
            errs[0],
            CheckError::StretchNotBeyond { more: false, .. }
        ));
        let errs = errors("x >= 4 to 6 ± 1\n");
        assert!(matches!(errs[0], CheckError::StretchNotAFloor { .. }));
        let p = program("x > 4 to 6\n");
        assert!(matches!(
            p.rules[0].goal,
            Goal::Compare { stretch: Some(s), .. } if s == Decimal::from(6)
        ));
    }

    #[test]
    fn named_items_are_one_metric_each_named_once() {
        let p = program(
            "unit communes\nmetric plans: flow communes\nplans done for \" Vũ  Bản\", \"An Ninh\"\n",
        );
        let rule = &p.rules[0];
        assert_eq!(
            rule.lhs.items(),
            Some(&["Vũ Bản".to_string(), "An Ninh".to_string()][..])
        );
        assert!(matches!(
            rule.goal,
            Goal::Compare { op: CmpOp::Ge, target: Num::Const(t), .. } if t == Decimal::from(2)
        ));
        assert_eq!(p.metrics["plans"].items, ["An Ninh", "Vũ Bản"]);
        assert!(matches!(
            errors("plans done for \"A\", \"B\", \"A \"\n")[0],
            CheckError::RepeatedItem { .. }
        ));
        assert!(matches!(
            errors("a + b done for \"A\"\n")[0],
            CheckError::DoneNeedsMetric { .. }
        ));
        assert!(matches!(
            errors("plans done for \" \"\n")[0],
            CheckError::EmptyItem { .. }
        ));
        assert!(matches!(
            errors("plans done for \"A\"\nplans >= 1\n")[0],
            CheckError::ItemsAsNumber { .. }
        ));
        // Undeclared, a list of items done adds up over the year.
        let p = program("plans done for \"A\"\n");
        assert_eq!(p.metrics["plans"].kind, MetricKind::Flow);
    }

    #[test]
    fn overflow_in_conversion_is_an_error() {
        let errs = errors("metric a: flow VND\na >= 99999999999999999999999 billion VND\n");
        assert!(matches!(errs[0], CheckError::Overflow { .. }));
    }
}
