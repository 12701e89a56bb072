//! Metrics: declared with their kind, unit and profile, or inferred from
//! their use when a file declares none.

use rust_decimal::Decimal;

use super::{CheckError, Checker, Goal, Metric, MetricKind, Num, ProfileProblem};
use crate::span::Spanned;
use crate::syntax::ast::{Condition, Expr, Item, RuleFile, Target};
use crate::units::Unit;

impl Checker {
    pub(super) fn metrics(&mut self, file: &RuleFile) {
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
                items: Vec::new(),
            };
            self.metrics.insert(metric.name.clone(), metric);
        }
        self.implicit_metrics = self.metrics.is_empty();
        if self.implicit_metrics {
            self.infer_metrics(file);
        }
    }

    pub(super) fn profile(
        &mut self,
        kind: MetricKind,
        profile: &Spanned<Vec<Spanned<Decimal>>>,
    ) -> Option<Vec<Decimal>> {
        let mut bad = |reason: ProfileProblem| {
            self.errors.push(CheckError::BadProfile {
                reason,
                span: profile.span,
            });
            None
        };
        if kind != MetricKind::Flow {
            return bad(ProfileProblem::NotAFlow);
        }
        let shares: Vec<Decimal> = profile
            .node
            .iter()
            .map(|s| s.node / Decimal::ONE_HUNDRED)
            .collect();
        if shares.len() != 4 && shares.len() != 12 {
            return bad(ProfileProblem::WrongLength);
        }
        if shares.windows(2).any(|w| w[1] < w[0]) || shares.iter().any(|s| s.is_sign_negative()) {
            return bad(ProfileProblem::Falls);
        }
        if shares.last() != Some(&Decimal::ONE) {
            return bad(ProfileProblem::NotWhole);
        }
        Some(shares)
    }

    /// Metrics known only from the rules: stocks in the unit of the first
    /// literal they are compared with.
    pub(super) fn infer_metrics(&mut self, file: &RuleFile) {
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
                Condition::Done { lhs, .. } => (lhs, None),
            };
            let mut names = Vec::new();
            metric_names(&lhs.node, &mut names);
            let unit = literal
                .and_then(|q| q.unit.as_ref())
                .and_then(|u| self.units.resolve(&u.node).ok());
            // Items done add up over the year, as completions do.
            let kind = match &rule.condition.node {
                Condition::Done { .. } => MetricKind::Flow,
                _ => MetricKind::Stock,
            };
            for name in names {
                let unit = match (&lhs.node, &unit) {
                    (Expr::Metric(_), Some(unit)) => unit.clone(),
                    _ => Unit::count(),
                };
                self.metrics.entry(name.clone()).or_insert(Metric {
                    name,
                    kind,
                    unit,
                    profile: None,
                    label: None,
                    span: None,
                    smallest_target: None,
                    items: Vec::new(),
                });
            }
        }
    }

    pub(super) fn smallest_targets(&mut self) {
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
}

/// Every metric `expr` names, in order.
pub(super) fn metric_names(expr: &Expr, out: &mut Vec<String>) {
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
