//! What changed between two years' rule files: targets added, removed,
//! raised or lowered.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::{CheckedRule, Direction, Goal, Num, Program};
use crate::syntax::ast::decimal_text;

/// How a target changed from one rule file to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum RuleChange {
    /// A rule only the new file has.
    Added {
        /// The rule's id.
        id: String,
        /// The rule as written.
        rule: String,
    },
    /// A rule only the old file has.
    Removed {
        /// The rule's id.
        id: String,
        /// The rule as written.
        rule: String,
    },
    /// The target's number went up (`stricter` when more is better).
    Raised {
        /// The rule's id.
        id: String,
        /// The old target.
        from: String,
        /// The new target.
        to: String,
        /// Whether the new target is harder to meet.
        stricter: bool,
    },
    /// The target's number went down (`stricter` when less is better).
    Lowered {
        /// The rule's id.
        id: String,
        /// The old target.
        from: String,
        /// The new target.
        to: String,
        /// Whether the new target is harder to meet.
        stricter: bool,
    },
    /// Not comparable as a number: another operator, metric or form.
    Rewritten {
        /// The rule's id.
        id: String,
        /// The old rule.
        from: String,
        /// The new rule.
        to: String,
    },
}

/// Compares rules by id, in the new file's order, removals last.
pub fn diff(old: &Program, new: &Program) -> (Vec<RuleChange>, usize) {
    let old_by_id: HashMap<&str, &CheckedRule> =
        old.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_ids: HashSet<&str> = new.rules.iter().map(|r| r.id.as_str()).collect();
    let mut changes = Vec::new();
    let mut unchanged = 0;
    for rule in &new.rules {
        let Some(&before) = old_by_id.get(rule.id.as_str()) else {
            changes.push(RuleChange::Added {
                id: rule.id.clone(),
                rule: rule.text.clone(),
            });
            continue;
        };
        match compare(before, rule) {
            Some(change) => changes.push(change),
            None => unchanged += 1,
        }
    }
    for rule in &old.rules {
        if !new_ids.contains(rule.id.as_str()) {
            changes.push(RuleChange::Removed {
                id: rule.id.clone(),
                rule: rule.text.clone(),
            });
        }
    }
    (changes, unchanged)
}

/// The numbers a goal states, in base units, when it has them.
fn numbers(goal: &Goal) -> Option<(Vec<Decimal>, bool)> {
    match goal {
        Goal::Compare {
            target: Num::Const(t),
            stretch,
            ..
        } => Some((std::iter::once(*t).chain(*stretch).collect(), false)),
        Goal::Change {
            amount, relative, ..
        } => Some((vec![*amount], *relative)),
        Goal::Range { low, high, change } => Some((
            vec![*low, *high],
            change.is_some_and(|(relative, _)| relative),
        )),
        Goal::Compare { .. } => None,
    }
}

fn same_form(a: &Goal, b: &Goal) -> bool {
    match (a, b) {
        (
            Goal::Compare {
                op: x,
                tolerance: tx,
                stretch: sx,
                ..
            },
            Goal::Compare {
                op: y,
                tolerance: ty,
                stretch: sy,
                ..
            },
        ) => x == y && tx == ty && sx.is_some() == sy.is_some(),
        (
            Goal::Change {
                op: x,
                relative: rx,
                ..
            },
            Goal::Change {
                op: y,
                relative: ry,
                ..
            },
        ) => x == y && rx == ry,
        (Goal::Range { change: x, .. }, Goal::Range { change: y, .. }) => {
            x.map(|(relative, _)| relative) == y.map(|(relative, _)| relative)
        }
        _ => false,
    }
}

fn compare(old: &CheckedRule, new: &CheckedRule) -> Option<RuleChange> {
    if old.text == new.text && old.unit == new.unit {
        return None;
    }
    let id = new.id.clone();
    let rewritten = || {
        Some(RuleChange::Rewritten {
            id: new.id.clone(),
            from: old.text.clone(),
            to: new.text.clone(),
        })
    };
    if old.lhs_text != new.lhs_text
        || !same_form(&old.goal, &new.goal)
        || !old.unit.same_dimension(&new.unit)
    {
        return rewritten();
    }
    let (Some((before, _)), Some((after, relative))) = (numbers(&old.goal), numbers(&new.goal))
    else {
        return rewritten();
    };
    let up = before.iter().zip(&after).all(|(b, a)| a >= b);
    let down = before.iter().zip(&after).all(|(b, a)| a <= b);
    if up && down {
        return None;
    }
    let shown = |values: &[Decimal]| -> String {
        let parts: Vec<String> = values
            .iter()
            .map(|v| {
                if relative {
                    format!("{}%", decimal_text(*v * Decimal::ONE_HUNDRED))
                } else {
                    let value = new.unit.from_base(*v).unwrap_or(*v);
                    decimal_text(value)
                }
            })
            .collect();
        let unit = match new.unit.name.as_str() {
            _ if relative => String::new(),
            "%" | "‰" | "pp" => new.unit.name.clone(),
            name => format!(" {name}"),
        };
        format!("{}{unit}", parts.join(" to "))
    };
    let (from, to) = (shown(&before), shown(&after));
    let more_is_better = new.goal.direction() != Direction::AtMost;
    match (up, down) {
        (true, false) => Some(RuleChange::Raised {
            id,
            from,
            to,
            stricter: more_is_better,
        }),
        (false, true) => Some(RuleChange::Lowered {
            id,
            from,
            to,
            stricter: !more_is_better,
        }),
        _ => rewritten(),
    }
}
