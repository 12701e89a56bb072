//! Resolving names and units: from the AST to a [`Program`] the engine runs.
//!
//! Unit errors are found here, before any data is read.

mod diff;
mod error;
mod lint;
mod program;

pub use diff::{RuleChange, diff};
pub use error::{CheckError, CheckErrors};
pub use lint::{Lint, conditions, lint};
pub use program::*;

use std::collections::{BTreeMap, HashMap};

use miette::NamedSource;
use rust_decimal::Decimal;

use crate::span::{Span, Spanned};
use crate::suggest::closest;
use crate::suggest::did_you_mean;
use crate::syntax::ast::{self, Condition, Expr, Item, Quantity, RuleFile, Target};
use crate::units::{RATIO, Unit, UnitError, UnitRegistry};

/// Checks a parsed rule file, attaching the file name to any errors.
pub fn check_file(name: &str, source: &str, file: &RuleFile) -> Result<Program, CheckErrors> {
    check(file).map_err(|errors| CheckErrors {
        src: NamedSource::new(name, source.to_string()),
        errors,
    })
}

/// Resolves every metric, unit and annotation of `file`.
///
/// A file that declares no metric declares them by use: each is a stock,
/// in the unit of the literal it is compared with (or `count`).
pub fn check(file: &RuleFile) -> Result<Program, Vec<CheckError>> {
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
    if cx.errors.is_empty() {
        Ok(Program {
            title: cx.title,
            year: cx.year,
            units: cx.units,
            metrics: cx.metrics,
            rules: cx.rules,
        })
    } else {
        Err(cx.errors)
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
                Item::Metric(_) | Item::Rule(_) => {}
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
        if self.units.knows(&name.node) {
            self.errors.push(CheckError::DuplicateUnit {
                name: name.node.clone(),
                span: name.span,
            });
            return;
        }
        let Some(def) = &decl.definition else {
            self.units.declare_base(&name.node);
            return;
        };
        let Some(of) = self.resolve_unit(&def.unit) else {
            return;
        };
        let factor = def.factor.as_ref().map_or(Decimal::ONE, |f| f.node);
        if self.units.declare_alias(&name.node, factor, &of).is_none() {
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
                    "numbers are written out in full: exponents such as `1e6` are not part of the language".to_string()
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

    fn metrics(&mut self, file: &RuleFile) {
        for item in &file.items {
            let Item::Metric(decl) = &item.node else {
                continue;
            };
            if let Some(first) = self.metrics.get(&decl.name.node) {
                self.errors.push(CheckError::DuplicateMetric {
                    name: decl.name.node.clone(),
                    span: decl.name.span,
                    first: first.span.unwrap_or_default(),
                });
                continue;
            }
            let unit = match &decl.unit {
                Some(unit) => self.resolve_unit(unit).unwrap_or_else(Unit::count),
                None => Unit::count(),
            };
            let kind = decl.kind.as_ref().map_or(MetricKind::Stock, |k| k.node);
            let profile = decl.profile.as_ref().and_then(|p| self.profile(kind, p));
            let metric = Metric {
                name: decl.name.node.clone(),
                kind,
                unit,
                profile,
                label: decl.label.as_ref().map(|l| l.node.clone()),
                span: Some(decl.name.span),
                smallest_target: None,
            };
            self.metrics.insert(metric.name.clone(), metric);
        }
        self.implicit_metrics = self.metrics.is_empty();
        if self.implicit_metrics {
            self.infer_metrics(file);
        }
    }

    fn profile(
        &mut self,
        kind: MetricKind,
        profile: &Spanned<Vec<Spanned<Decimal>>>,
    ) -> Option<[Decimal; 4]> {
        let mut bad = |reason: &str| {
            self.errors.push(CheckError::BadProfile {
                reason: reason.to_string(),
                span: profile.span,
            });
            None
        };
        if kind != MetricKind::Flow {
            return bad("only a flow accumulates over the year");
        }
        let shares: Vec<Decimal> = profile
            .node
            .iter()
            .map(|s| s.node / Decimal::ONE_HUNDRED)
            .collect();
        let Ok(shares) = <[Decimal; 4]>::try_from(shares) else {
            return bad("it needs one share per quarter, four in all");
        };
        if shares.windows(2).any(|w| w[1] < w[0]) || shares[0].is_sign_negative() {
            return bad("cumulative shares cannot fall");
        }
        if shares[3] != Decimal::ONE {
            return bad("the fourth quarter must reach 100%");
        }
        Some(shares)
    }

    /// Metrics known only from the rules: stocks in the unit of the first
    /// literal they are compared with.
    fn infer_metrics(&mut self, file: &RuleFile) {
        for item in &file.items {
            let Item::Rule(rule) = &item.node else {
                continue;
            };
            let (lhs, literal) = match &rule.condition.node {
                Condition::Compare { lhs, rhs, .. } => match &rhs.node {
                    Target::Expr(Expr::Number(q)) => (lhs, Some(q)),
                    _ => (lhs, None),
                },
                Condition::Range { lhs, low, .. } => (lhs, Some(&low.node)),
            };
            let mut names = Vec::new();
            metric_names(&lhs.node, &mut names);
            let unit = literal
                .and_then(|q| q.unit.as_ref())
                .and_then(|u| self.units.resolve(&u.node).ok());
            for name in names {
                let unit = match (&lhs.node, &unit) {
                    (Expr::Metric(_), Some(unit)) => unit.clone(),
                    _ => Unit::count(),
                };
                self.metrics.entry(name.clone()).or_insert(Metric {
                    name,
                    kind: MetricKind::Stock,
                    unit,
                    profile: None,
                    label: None,
                    span: None,
                    smallest_target: None,
                });
            }
        }
    }

    fn smallest_targets(&mut self) {
        for rule in &self.rules {
            let (
                Num::Metric { name, .. },
                Goal::Compare {
                    target: Num::Const(t),
                    ..
                },
            ) = (&rule.lhs, &rule.goal)
            else {
                continue;
            };
            if let Some(metric) = self.metrics.get_mut(name) {
                metric.smallest_target = Some(metric.smallest_target.map_or(*t, |s| s.min(*t)));
            }
        }
    }

    fn rules(&mut self, file: &RuleFile) {
        let mut ids: HashMap<String, Span> = HashMap::new();
        let mut default_ids: HashMap<String, usize> = HashMap::new();
        for item in &file.items {
            let Item::Rule(rule) = &item.node else {
                continue;
            };
            let Some(mut checked) = self.rule(rule, item.span) else {
                continue;
            };
            if checked.id.is_empty() {
                let base = default_id(&rule.condition.node);
                let n = default_ids.entry(base.clone()).or_insert(0);
                *n += 1;
                checked.id = if *n == 1 { base } else { format!("{base}-{n}") };
            }
            if let Some(&first) = ids.get(&checked.id) {
                self.errors.push(CheckError::DuplicateRuleId {
                    id: checked.id.clone(),
                    span: checked.condition_span,
                    first,
                });
            }
            ids.insert(checked.id.clone(), checked.condition_span);
            self.rules.push(checked);
        }
    }

    fn rule(&mut self, rule: &ast::Rule, span: Span) -> Option<CheckedRule> {
        let errors_before = self.errors.len();
        let mut meta = Meta::default();
        for annotation in &rule.annotations {
            self.annotation(annotation, &mut meta);
        }
        let condition = &rule.condition;
        let (lhs, goal, unit) = match &condition.node {
            Condition::Compare {
                lhs,
                op,
                rhs,
                tolerance,
            } => self.compare(lhs, op.node, rhs, tolerance.as_ref())?,
            Condition::Range { lhs, low, high } => self.range(lhs, low, high)?,
        };
        if self.errors.len() > errors_before {
            return None;
        }
        // A rule on one labelled metric is titled by the label unless it says otherwise.
        let title = meta.title.or_else(|| match &lhs {
            Num::Metric { name, .. } => self.metrics.get(name).and_then(|m| m.label.clone()),
            _ => None,
        });
        Some(CheckedRule {
            id: meta.id.unwrap_or_default(),
            title,
            cite: meta.cite,
            review: meta.review,
            severity: meta.severity.unwrap_or(Severity::Error),
            span,
            condition_span: condition.span,
            text: condition.node.to_string(),
            lhs_text: condition.node.halves().0,
            target_text: condition.node.halves().1,
            unit,
            lhs,
            goal,
        })
    }

    fn annotation(&mut self, annotation: &ast::Annotation, meta: &mut Meta) {
        let value = annotation.value.node.clone();
        let key = &annotation.key;
        let previous = match key.node.as_str() {
            "id" => meta.id.replace(value).is_some(),
            "title" => meta.title.replace(value).is_some(),
            "cite" => meta.cite.replace(value).is_some(),
            "review" => meta.review.replace(value).is_some(),
            "severity" => {
                let severity = match value.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => {
                        self.errors.push(CheckError::BadSeverity {
                            value,
                            span: annotation.value.span,
                        });
                        return;
                    }
                };
                meta.severity.replace(severity).is_some()
            }
            other => {
                self.errors.push(CheckError::UnknownAnnotation {
                    key: other.to_string(),
                    span: key.span,
                    help: did_you_mean(closest(other, ANNOTATIONS.iter().copied())),
                });
                return;
            }
        };
        if previous {
            self.repeated(&format!("@{}", key.node), key.span);
        }
    }

    fn compare(
        &mut self,
        lhs: &Spanned<Expr>,
        op: CmpOp,
        rhs: &Spanned<Target>,
        tolerance: Option<&Spanned<Quantity>>,
    ) -> Option<(Num, Goal, Unit)> {
        let lhs_unit = self.unit_of(lhs)?;
        match &rhs.node {
            Target::Expr(expr) => {
                let rhs_expr = Spanned::new(expr.clone(), rhs.span);
                let rhs_unit = self.unit_of(&rhs_expr)?;
                let unit = self.common_unit(lhs, lhs_unit, &rhs_expr, rhs_unit)?;
                let tolerance = match tolerance {
                    Some(t) => Some(self.constant(t, &unit)?),
                    None => None,
                };
                let goal = Goal::Compare {
                    op,
                    target: self.lower(&rhs_expr, &unit),
                    tolerance,
                };
                Some((self.lower(lhs, &unit), goal, unit))
            }
            Target::Change { amount, year } => {
                let unit = lhs_unit.unwrap_or_else(Unit::count);
                if let Some(target_year) = self.year.filter(|&y| year.node >= y) {
                    self.errors.push(CheckError::BaselineNotBefore {
                        baseline: year.node,
                        year: target_year,
                        span: year.span,
                    });
                }
                let percent = amount
                    .node
                    .unit
                    .as_ref()
                    .is_some_and(|u| matches!(u.node.as_str(), "%" | "percent"));
                let relative = percent && !unit.is_ratio();
                if percent && unit.is_ratio() {
                    self.errors
                        .push(CheckError::AmbiguousPercentChange { span: amount.span });
                    return None;
                }
                let amount = if relative {
                    amount.node.value.node / Decimal::ONE_HUNDRED
                } else {
                    self.constant(amount, &unit)?
                };
                let tolerance = match tolerance {
                    Some(t) => Some(self.constant(t, &unit)?),
                    None => None,
                };
                let goal = Goal::Change {
                    op,
                    amount,
                    relative,
                    year: year.node,
                    tolerance,
                };
                Some((self.lower(lhs, &unit), goal, unit))
            }
        }
    }

    fn range(
        &mut self,
        lhs: &Spanned<Expr>,
        low: &Spanned<Quantity>,
        high: &Spanned<Quantity>,
    ) -> Option<(Num, Goal, Unit)> {
        let unit = self.unit_of(lhs)?.unwrap_or_else(Unit::count);
        let low_base = self.constant(low, &unit)?;
        let high_base = self.constant(high, &unit)?;
        if low_base > high_base {
            self.errors.push(CheckError::EmptyRange {
                low: low.node.to_string(),
                high: high.node.to_string(),
                span: low.span.join(high.span),
            });
            return None;
        }
        let goal = Goal::Range {
            low: low_base,
            high: high_base,
        };
        Some((self.lower(lhs, &unit), goal, unit))
    }

    /// The unit both sides are compared in.
    fn common_unit(
        &mut self,
        lhs: &Spanned<Expr>,
        lhs_unit: Option<Unit>,
        rhs: &Spanned<Expr>,
        rhs_unit: Option<Unit>,
    ) -> Option<Unit> {
        match (lhs_unit, rhs_unit) {
            (Some(l), Some(r)) if !l.same_dimension(&r) => {
                self.mismatch(&l, lhs.span, &r, rhs.span);
                None
            }
            (Some(unit), _) | (None, Some(unit)) => Some(unit),
            (None, None) => Some(Unit::count()),
        }
    }

    fn mismatch(&mut self, left: &Unit, left_span: Span, right: &Unit, right_span: Span) {
        let help = if left.dimension == "USD" || right.dimension == "USD" {
            Some("USD and VND are never converted into each other; state the target in the metric's currency".into())
        } else {
            Some(format!("state the value in {} or a scale of it", left.name))
        };
        self.errors.push(CheckError::UnitMismatch {
            left: left.name.clone(),
            right: right.name.clone(),
            left_span,
            right_span,
            help,
        });
    }

    /// A literal in base units; a bare number is in `unit`.
    fn constant(&mut self, q: &Spanned<Quantity>, unit: &Unit) -> Option<Decimal> {
        let own = match &q.node.unit {
            Some(u) => self.resolve_unit(u)?,
            None => unit.clone(),
        };
        if !own.same_dimension(unit) {
            self.mismatch(unit, q.span, &own, q.span);
            return None;
        }
        self.base_value(&own, q)
    }

    fn base_value(&mut self, unit: &Unit, q: &Spanned<Quantity>) -> Option<Decimal> {
        let base = unit.to_base(q.node.value.node);
        if base.is_none() {
            self.errors.push(CheckError::Overflow {
                text: q.node.to_string(),
                span: q.span,
            });
        }
        base
    }

    /// The unit of an expression; `Ok(None)` for plain numbers, which take
    /// the unit of what they are compared with.
    fn unit_of(&mut self, expr: &Spanned<Expr>) -> Option<Option<Unit>> {
        match &expr.node {
            Expr::Metric(name) => self.metric_unit(name, expr.span).map(Some),
            Expr::Number(q) => match &q.unit {
                Some(u) => self.resolve_unit(u).map(Some),
                None => Some(None),
            },
            Expr::Neg(inner) | Expr::Paren(inner) => self.unit_of(inner),
            Expr::Binary { op, lhs, rhs } => {
                let l = self.unit_of(lhs);
                let r = self.unit_of(rhs);
                let (l, r) = (l?, r?);
                match (op, l, r) {
                    (BinOp::Add | BinOp::Sub, Some(l), Some(r)) if !l.same_dimension(&r) => {
                        self.mismatch(&l, lhs.span, &r, rhs.span);
                        None
                    }
                    (BinOp::Add | BinOp::Sub, l, r) => Some(l.or(r)),
                    (BinOp::Mul, Some(_), Some(_)) => self.unsupported("multiply", expr.span),
                    (BinOp::Mul, l, r) => Some(l.or(r)),
                    (BinOp::Div, Some(l), Some(r)) if l.same_dimension(&r) => {
                        Some(Some(percent_unit()))
                    }
                    (BinOp::Div, Some(l), Some(r)) => {
                        self.mismatch(&l, lhs.span, &r, rhs.span);
                        None
                    }
                    (BinOp::Div, None, Some(_)) => self.unsupported("divide", expr.span),
                    (BinOp::Div, l, None) => Some(l),
                }
            }
        }
    }

    fn unsupported(&mut self, operation: &'static str, span: Span) -> Option<Option<Unit>> {
        self.errors
            .push(CheckError::UnsupportedArithmetic { operation, span });
        None
    }

    fn metric_unit(&mut self, name: &str, span: Span) -> Option<Unit> {
        if let Some(metric) = self.metrics.get(name) {
            return Some(metric.unit.clone());
        }
        let suggestion = closest(name, self.metrics.keys().map(String::as_str));
        self.errors.push(CheckError::UnknownMetric {
            name: name.to_string(),
            span,
            help: did_you_mean(suggestion),
        });
        None
    }

    /// Lowers a checked expression; plain numbers added to or compared with
    /// a quantity are in `unit`, plain factors stay plain.
    fn lower(&mut self, expr: &Spanned<Expr>, unit: &Unit) -> Num {
        match &expr.node {
            Expr::Metric(name) => Num::Metric {
                name: name.clone(),
                span: expr.span,
            },
            Expr::Number(q) => {
                let own = q
                    .unit
                    .as_ref()
                    .and_then(|u| self.units.resolve(&u.node).ok())
                    .unwrap_or_else(|| unit.clone());
                let q = Spanned::new(q.clone(), expr.span);
                Num::Const(self.base_value(&own, &q).unwrap_or_default())
            }
            Expr::Neg(inner) => Num::Neg(Box::new(self.lower(inner, unit))),
            Expr::Paren(inner) => self.lower(inner, unit),
            Expr::Binary { op, lhs, rhs } => {
                let scalar = Unit {
                    scale: Decimal::ONE,
                    ..unit.clone()
                };
                // A share `t / c` of two quantities: each side's plain numbers
                // are in that side's unit, not in the share's.
                if *op == BinOp::Div
                    && let (Some(Some(l)), Some(Some(r))) = (self.unit_of(lhs), self.unit_of(rhs))
                {
                    return Num::Binary {
                        op: *op,
                        lhs: Box::new(self.lower(lhs, &l)),
                        rhs: Box::new(self.lower(rhs, &r)),
                    };
                }
                let (l, r) = match op {
                    BinOp::Add | BinOp::Sub => (unit, unit),
                    // In `a * 2` or `a / 2` the plain number is a factor.
                    BinOp::Mul | BinOp::Div => (unit, &scalar),
                };
                Num::Binary {
                    op: *op,
                    lhs: Box::new(self.lower(lhs, l)),
                    rhs: Box::new(self.lower(rhs, r)),
                }
            }
        }
    }
}

const ANNOTATIONS: &[&str] = &["id", "title", "cite", "severity", "review"];

#[derive(Default)]
struct Meta {
    id: Option<String>,
    title: Option<String>,
    cite: Option<String>,
    severity: Option<Severity>,
    review: Option<String>,
}

fn percent_unit() -> Unit {
    Unit {
        name: "%".into(),
        dimension: RATIO.into(),
        scale: Decimal::new(1, 2),
    }
}

fn metric_names(expr: &Expr, out: &mut Vec<String>) {
    match expr {
        Expr::Metric(name) => out.push(name.clone()),
        Expr::Number(_) => {}
        Expr::Neg(inner) | Expr::Paren(inner) => metric_names(&inner.node, out),
        Expr::Binary { lhs, rhs, .. } => {
            metric_names(&lhs.node, out);
            metric_names(&rhs.node, out);
        }
    }
}

/// A rule without `@id` is named after its metric.
fn default_id(condition: &Condition) -> String {
    let lhs = match condition {
        Condition::Compare { lhs, .. } | Condition::Range { lhs, .. } => lhs,
    };
    let mut names = Vec::new();
    metric_names(&lhs.node, &mut names);
    match names.as_slice() {
        [one] => one.clone(),
        _ => names.join("+"),
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
        check(&parse_rules(source).unwrap()).expect_err("should not check")
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
    fn overflow_in_conversion_is_an_error() {
        let errs = errors("metric a: flow VND\na >= 99999999999999999999999 billion VND\n");
        assert!(matches!(errs[0], CheckError::Overflow { .. }));
    }
}
