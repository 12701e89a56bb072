//! The unit of an expression, and its constants in base units.

use rust_decimal::Decimal;

use super::{BinOp, CURRENCY_HELP, CheckError, Checker, Num};
use crate::span::{Span, Spanned};
use crate::suggest::{closest, did_you_mean};
use crate::syntax::ast::{Expr, Quantity};
use crate::units::{RATIO, Unit};

impl Checker {
    /// The unit both sides are compared in.
    pub(super) fn common_unit(
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

    pub(super) fn mismatch(
        &mut self,
        left: &Unit,
        left_span: Span,
        right: &Unit,
        right_span: Span,
    ) {
        let help = if left.dimension == "USD" || right.dimension == "USD" {
            Some(CURRENCY_HELP.into())
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
    pub(super) fn constant(&mut self, q: &Spanned<Quantity>, unit: &Unit) -> Option<Decimal> {
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

    pub(super) fn base_value(&mut self, unit: &Unit, q: &Spanned<Quantity>) -> Option<Decimal> {
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
    pub(super) fn unit_of(&mut self, expr: &Spanned<Expr>) -> Option<Option<Unit>> {
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

    pub(super) fn unsupported(
        &mut self,
        operation: &'static str,
        span: Span,
    ) -> Option<Option<Unit>> {
        self.errors
            .push(CheckError::UnsupportedArithmetic { operation, span });
        None
    }

    pub(super) fn metric_unit(&mut self, name: &str, span: Span) -> Option<Unit> {
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
    pub(super) fn lower(&mut self, expr: &Spanned<Expr>, unit: &Unit) -> Num {
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

fn percent_unit() -> Unit {
    Unit {
        name: "%".into(),
        dimension: RATIO.into(),
        scale: Decimal::new(1, 2),
        label: None,
    }
}
