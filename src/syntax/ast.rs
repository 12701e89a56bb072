//! The rule file as written: every node carries its span.
//!
//! `Display` prints a node in canonical form; printing a parsed file and
//! parsing it again gives the same tree.

use std::fmt;

use rust_decimal::Decimal;

use crate::span::Spanned;

/// A whole rule file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleFile {
    /// Its statements, in the order written.
    pub items: Vec<Spanned<Item>>,
}

/// One statement of a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `resolution "title"`: the resolution's name, shown in reports.
    Resolution(Spanned<String>),
    /// `year 2023`: the year the targets are for.
    Year(Spanned<i32>),
    /// `unit ...`: a dimension or an alias.
    Unit(UnitDecl),
    /// `metric ...`: what a figure measures.
    Metric(MetricDecl),
    /// `group main "label"`: the rules that follow, to the next group,
    /// are tallied together (a resolution's main indicators, its tasks).
    Group(GroupDecl),
    /// A target, with its annotations.
    Rule(Box<Rule>),
}

/// `unit idx` declares a new dimension; `unit bn_VND = billion VND` and
/// `unit thousand_head = 1000 head` declare aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDecl {
    /// The unit's name.
    pub name: Spanned<String>,
    /// What an alias stands for; `None` for a new dimension.
    pub definition: Option<UnitDefinition>,
    /// Its name in Vietnamese reports, `unit communes "xã"`.
    pub label: Option<Spanned<String>>,
}

/// The right side of `unit bn_VND = billion VND`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDefinition {
    /// A number the unit is multiplied by, as in `1000 head`.
    pub factor: Option<Spanned<Decimal>>,
    /// The unit it is defined in.
    pub unit: Spanned<String>,
}

/// How a metric's figures add up over a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    /// Accumulates over the year: output, revenue, new jobs.
    Flow,
    /// A level at a date: herd size, rates, shares.
    Stock,
}

/// `metric NAME: [flow|stock] [UNIT] [profile(..)] ["label"]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetricDecl {
    /// The name rules and data files use.
    pub name: Spanned<String>,
    /// Flow or stock; a stock when not written.
    pub kind: Option<Spanned<MetricKind>>,
    /// The unit figures are judged in.
    pub unit: Option<Spanned<String>>,
    /// Cumulative share of the annual flow expected after each quarter.
    pub profile: Option<Spanned<Vec<Spanned<Decimal>>>>,
    /// The name reports show, such as the resolution's wording.
    pub label: Option<Spanned<String>>,
}

/// `group NAME ["label"]`
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupDecl {
    /// The name JSON and `@`-free references use.
    pub name: Spanned<String>,
    /// What reports call it, such as the resolution's heading.
    pub label: Option<Spanned<String>>,
}

/// `@key(value)`: rule metadata such as `@id`, `@title`, `@cite`, `@severity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// The name after `@`.
    pub key: Spanned<String>,
    /// The text in the parentheses.
    pub value: Spanned<String>,
}

/// A target: a condition on figures, with its annotations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// The `@key(value)` written before or on the rule's line.
    pub annotations: Vec<Annotation>,
    /// Written `check`: a consistency check of the data (shares adding up
    /// to 100%), not a target of the resolution.
    pub check: bool,
    /// What the figures must meet.
    pub condition: Spanned<Condition>,
}

/// What a rule's figures must meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `lhs OP rhs [± tolerance]`
    Compare {
        /// What is judged.
        lhs: Spanned<Expr>,
        /// How it is compared.
        op: Spanned<CmpOp>,
        /// What it is compared with.
        rhs: Spanned<Target>,
        /// For `==`: how far from the target still meets it.
        tolerance: Option<Spanned<Quantity>>,
        /// `>= 4 to 6`: a floor with a stretch goal ("từ 4–6 xã"), met at
        /// the target and exceeded past the stretch.
        stretch: Option<Spanned<Quantity>>,
    },
    /// `lhs in low to high`, both ends included; with `vs`, a band of
    /// change (`in -3pp to -2.5pp vs 2022`).
    Range {
        /// What is judged.
        lhs: Spanned<Expr>,
        /// The lowest value that meets the target.
        low: Spanned<Quantity>,
        /// The highest value that meets the target.
        high: Spanned<Quantity>,
        /// For a band of change, what it is measured from.
        since: Option<Since>,
    },
    /// `lhs done for "A", "B"`: every named item (a commune, a school)
    /// reported done ("hoàn thành quy hoạch chung 6 xã: Vũ Bản, ...").
    Done {
        /// The metric whose figures list the items done.
        lhs: Spanned<Expr>,
        /// The items named, as written.
        items: Vec<Spanned<String>>,
    },
}

/// What a band of change is measured from, written after `vs`: a year,
/// or the same period of one (`same period`, `same period 2023`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Since {
    /// The same period of the year, rather than the whole year.
    pub same_period: bool,
    /// The year; `None` in `same period` alone: the year before.
    pub year: Option<Spanned<i32>>,
}

impl fmt::Display for Since {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.same_period, &self.year) {
            (true, Some(year)) => write!(f, "same period {}", year.node),
            (true, None) => f.write_str("same period"),
            (false, Some(year)) => write!(f, "{}", year.node),
            (false, None) => Ok(()),
        }
    }
}

/// The right side of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A level: `3830`, `3.7%`, `a + b`.
    Expr(Expr),
    /// `+3% vs 2022`, `+5.6 million VND vs 2022`, `-0.07‰ vs 2022`,
    /// `+8.2% vs same period`, `113.4% of same period 2023`.
    Change {
        /// The change, relative (`%`) or in the metric's unit; for `of`,
        /// the figure as a percentage of the baseline.
        amount: Spanned<Quantity>,
        /// Written `of` (`112% of same period`) rather than `vs`.
        ratio: bool,
        /// Against the same period of the baseline year ("so với cùng
        /// kỳ"), rather than against that year as a whole.
        same_period: bool,
        /// The year it is measured from; `None` in `vs same period`
        /// alone: the year before the one judged.
        year: Option<Spanned<i32>>,
    },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Arithmetic over metrics and numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A metric's figure.
    Metric(String),
    /// A number, with its unit if written.
    Number(Quantity),
    /// `-x`
    Neg(Box<Spanned<Expr>>),
    /// `(x)`, kept so that printing gives back what was written.
    Paren(Box<Spanned<Expr>>),
    /// `lhs op rhs`
    Binary {
        /// The operator.
        op: BinOp,
        /// The left operand.
        lhs: Box<Spanned<Expr>>,
        /// The right operand.
        rhs: Box<Spanned<Expr>>,
    },
}

/// A number with an optional unit as written (`66.3 million VND`, `3.7%`).
/// A number without a unit takes the unit of what it is compared with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The number, exactly as written.
    pub value: Spanned<Decimal>,
    /// The unit written after it.
    pub unit: Option<Spanned<String>>,
    /// Marked approximate, `~5200`: judged as written, shown as about.
    pub approx: bool,
}

impl CmpOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
        }
    }
}

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
        }
    }
}

impl fmt::Display for MetricKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MetricKind::Flow => "flow",
            MetricKind::Stock => "stock",
        })
    }
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A number in canonical form: no trailing zeros, thousands grouped with `,`.
pub fn decimal_text(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// Writes `s` as a rule-language string literal.
pub fn quoted(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approx {
            f.write_str("~")?;
        }
        f.write_str(&decimal_text(self.value.node))?;
        match &self.unit {
            Some(unit) if is_symbol_unit(&unit.node) => write!(f, "{}", unit.node),
            Some(unit) => write!(f, " {}", unit.node),
            None => Ok(()),
        }
    }
}

/// Units written against the number, as in `3.7%` and `0.5pp`.
fn is_symbol_unit(unit: &str) -> bool {
    matches!(unit, "%" | "‰" | "pp")
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Metric(name) => f.write_str(name),
            Expr::Number(q) => write!(f, "{q}"),
            Expr::Neg(inner) => write!(f, "-{}", inner.node),
            Expr::Paren(inner) => write!(f, "({})", inner.node),
            Expr::Binary { op, lhs, rhs } => {
                write!(f, "{} {} {}", lhs.node, op.symbol(), rhs.node)
            }
        }
    }
}

/// A change as written: its sign first, then its own marks (`-~1.6pp`).
fn signed(amount: &Quantity) -> String {
    let negative = amount.value.node.is_sign_negative();
    let sign = if negative { "-" } else { "+" };
    let mut magnitude = amount.clone();
    magnitude.value.node.set_sign_negative(false);
    format!("{sign}{magnitude}")
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Expr(e) => write!(f, "{e}"),
            Target::Change {
                amount,
                ratio,
                same_period,
                year,
            } => {
                if *ratio {
                    write!(f, "{} of", amount.node)?;
                } else {
                    write!(f, "{} vs", signed(&amount.node))?;
                }
                if *same_period {
                    f.write_str(" same period")?;
                }
                match year {
                    Some(year) => write!(f, " {}", year.node),
                    None => Ok(()),
                }
            }
        }
    }
}

impl Condition {
    /// The condition as its left-hand side and the rest (`>= 3,830`), so a
    /// block of rules can align its operators.
    pub fn halves(&self) -> (String, String) {
        match self {
            Condition::Compare {
                lhs,
                op,
                rhs,
                tolerance,
                stretch,
            } => {
                if let Some((word, since)) = self.direction_only() {
                    return (lhs.node.to_string(), format!("{word} vs {since}"));
                }
                let mut rest = format!("{} {}", op.node, rhs.node);
                if let Some(stretch) = stretch {
                    rest.push_str(&format!(" to {}", stretch.node));
                }
                if let Some(tol) = tolerance {
                    rest.push_str(&format!(" ± {}", tol.node));
                }
                (lhs.node.to_string(), rest)
            }
            Condition::Range {
                lhs,
                low,
                high,
                since,
            } => {
                let rest = match since {
                    // A band of change reads as changes: `+4 to +5 vs 2022`.
                    Some(since) => format!(
                        "in {} to {} vs {since}",
                        signed(&low.node),
                        signed(&high.node)
                    ),
                    None => format!("in {} to {}", low.node, high.node),
                };
                (lhs.node.to_string(), rest)
            }
            Condition::Done { lhs, items } => {
                let names: Vec<String> = items.iter().map(|i| quoted(&i.node)).collect();
                (
                    lhs.node.to_string(),
                    format!("done for {}", names.join(", ")),
                )
            }
        }
    }
}

impl Condition {
    /// What is judged: the left-hand side.
    pub fn lhs(&self) -> &Spanned<Expr> {
        match self {
            Condition::Compare { lhs, .. }
            | Condition::Range { lhs, .. }
            | Condition::Done { lhs, .. } => lhs,
        }
    }

    /// `falls vs 2022` or `rises vs 2022`: a strict comparison with a
    /// change of nothing, a direction with no amount.
    pub fn direction_only(&self) -> Option<(&'static str, Since)> {
        let Condition::Compare {
            op,
            rhs,
            tolerance: None,
            stretch: None,
            ..
        } = self
        else {
            return None;
        };
        let Target::Change {
            amount,
            ratio: false,
            same_period,
            year,
        } = &rhs.node
        else {
            return None;
        };
        let nothing =
            amount.node.value.node.is_zero() && amount.node.unit.is_none() && !amount.node.approx;
        let word = match op.node {
            CmpOp::Lt if nothing => "falls",
            CmpOp::Gt if nothing => "rises",
            _ => return None,
        };
        let since = Since {
            same_period: *same_period,
            year: *year,
        };
        Some((word, since))
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (lhs, rest) = self.halves();
        write!(f, "{lhs} {rest}")
    }
}

impl fmt::Display for Annotation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = &self.value.node;
        let bare = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_alphanumeric() || "_.-§%".contains(c));
        if bare {
            write!(f, "@{}({value})", self.key.node)
        } else {
            write!(f, "@{}({})", self.key.node, quoted(value))
        }
    }
}

impl fmt::Display for MetricDecl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "metric {}:", self.name.node)?;
        if let Some(kind) = &self.kind {
            write!(f, " {}", kind.node)?;
        }
        if let Some(unit) = &self.unit {
            write!(f, " {}", unit.node)?;
        }
        if let Some(profile) = &self.profile {
            let shares: Vec<String> = profile
                .node
                .iter()
                .map(|p| format!("{}%", p.node))
                .collect();
            write!(f, " profile({})", shares.join(", "))?;
        }
        if let Some(label) = &self.label {
            write!(f, " {}", quoted(&label.node))?;
        }
        Ok(())
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Item::Resolution(title) => write!(f, "resolution {}", quoted(&title.node)),
            Item::Year(year) => write!(f, "year {}", year.node),
            Item::Unit(decl) => {
                write!(f, "unit {}", decl.name.node)?;
                if let Some(def) = &decl.definition {
                    f.write_str(" =")?;
                    if let Some(factor) = &def.factor {
                        write!(f, " {}", decimal_text(factor.node))?;
                    }
                    write!(f, " {}", def.unit.node)?;
                }
                if let Some(label) = &decl.label {
                    write!(f, " {}", quoted(&label.node))?;
                }
                Ok(())
            }
            Item::Metric(decl) => write!(f, "{decl}"),
            Item::Group(group) => {
                write!(f, "group {}", group.name.node)?;
                if let Some(label) = &group.label {
                    write!(f, " {}", quoted(&label.node))?;
                }
                Ok(())
            }
            Item::Rule(rule) => {
                for annotation in &rule.annotations {
                    writeln!(f, "{annotation}")?;
                }
                if rule.check {
                    f.write_str("check ")?;
                }
                write!(f, "{}", rule.condition.node)
            }
        }
    }
}

impl fmt::Display for RuleFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{}", item.node)?;
        }
        Ok(())
    }
}
