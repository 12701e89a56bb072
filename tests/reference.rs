//! A deliberately naive evaluator, written from the product's semantics
//! rather than from the engine, and the engine checked against it: the
//! status, actual, target and attainment of every rule on random figures,
//! as of every quarter.

use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};

use resolute::check::check;
use resolute::data::{Period, load_sources};
use resolute::eval::{Status, evaluate};
use resolute::syntax::parse_rules;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Stock,
    Flow,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
}

/// A rule on one metric, its numbers in the metric's unit.
#[derive(Debug, Clone)]
enum Goal {
    Compare {
        op: Op,
        target: Decimal,
        tolerance: Decimal,
    },
    Range {
        low: Decimal,
        high: Decimal,
    },
    /// `x >= target to stretch`: met at the target, exceeded past the
    /// stretch.
    Floor {
        op: Op,
        target: Decimal,
        stretch: Decimal,
    },
    Change {
        op: Op,
        amount: Decimal,
        relative: bool,
    },
}

const METRICS: [(&str, Kind, &str); 3] = [
    ("s", Kind::Stock, "%"),
    ("c", Kind::Stock, "head"),
    ("f", Kind::Flow, "billion VND"),
];

/// One figure: the metric's index, the quarter (0 for last year's annual
/// figure), whether it is this quarter only, and its value.
type Figure = (usize, u8, bool, Decimal);

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Eq => "==",
    }
}

fn rule_text(metric: usize, goal: &Goal) -> String {
    let (name, _, unit) = METRICS[metric];
    let q = |d: &Decimal| match unit {
        "%" => format!("{d}%"),
        "head" => format!("{d} head"),
        _ => format!("{d} billion VND"),
    };
    match goal {
        Goal::Compare {
            op,
            target,
            tolerance,
        } if tolerance.is_zero() => format!("{name} {} {}", op_text(*op), q(target)),
        Goal::Compare {
            op,
            target,
            tolerance,
        } => {
            let tol = if unit == "%" {
                format!("{tolerance}pp")
            } else {
                q(tolerance)
            };
            format!("{name} {} {} ± {tol}", op_text(*op), q(target))
        }
        Goal::Range { low, high } => format!("{name} in {} to {}", q(low), q(high)),
        Goal::Floor {
            op,
            target,
            stretch,
        } => format!("{name} {} {} to {}", op_text(*op), q(target), q(stretch)),
        Goal::Change {
            op,
            amount,
            relative: true,
        } => format!("{name} {} {amount:+}% vs 2022", op_text(*op)),
        Goal::Change { op, amount, .. } => {
            let sign = if amount.is_sign_negative() { "-" } else { "+" };
            let amount = match unit {
                "%" => format!("{sign}{}pp", amount.abs()),
                _ => format!("{sign}{}", q(&amount.abs())),
            };
            format!("{name} {} {amount} vs 2022", op_text(*op))
        }
    }
}

/// What the reference says of a rule.
#[derive(Debug, PartialEq)]
struct Expected {
    status: Status,
    actual: Option<Decimal>,
    target: Option<Decimal>,
    attainment: Option<Decimal>,
    /// Met and beyond the far end in the good direction.
    exceeded: bool,
}

fn missing() -> Expected {
    Expected {
        status: Status::Missing,
        actual: None,
        target: None,
        attainment: None,
        exceeded: false,
    }
}

/// Year-to-date (flows) or level (stocks) of `metric` at quarter `q`.
fn value_at(figures: &[Figure], metric: usize, q: u8) -> Option<Decimal> {
    let find = |quarter: u8, only: bool| {
        figures
            .iter()
            .find(|f| f.0 == metric && f.1 == quarter && f.2 == only)
            .map(|f| f.3)
    };
    match METRICS[metric].1 {
        Kind::Stock => find(q, false),
        Kind::Flow if q == 0 => find(0, false),
        Kind::Flow => {
            let mut total = Decimal::ZERO;
            for quarter in (1..=q).rev() {
                if let Some(v) = find(quarter, false) {
                    return Some(total + v);
                }
                total += find(quarter, true)?;
            }
            Some(total)
        }
    }
}

fn percent(num: Decimal, den: Decimal) -> Option<Decimal> {
    if den.is_zero() {
        return None;
    }
    Some(
        (num * Decimal::ONE_HUNDRED / den)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize(),
    )
}

/// The product's semantics, stated as plainly as possible.
fn reference(figures: &[Figure], metric: usize, goal: &Goal, q: u8) -> Expected {
    let baseline = value_at(figures, metric, 0);
    // The band `low..=high` the year-end figure must fall in, how it is
    // compared, and the target as stated.
    let (op, low, high, stated) = match goal {
        Goal::Compare {
            op,
            target,
            tolerance,
        } => (*op, target - tolerance, target + tolerance, *target),
        Goal::Range { low, high } => (Op::Eq, *low, *high, *low),
        Goal::Floor {
            op,
            target,
            stretch,
        } => (*op, *target.min(stretch), *target.max(stretch), *target),
        Goal::Change {
            op,
            amount,
            relative,
        } => {
            let Some(b) = baseline else {
                // The actual is still shown: only the target is unknown.
                return Expected {
                    actual: value_at(figures, metric, q).map(|a| a.normalize()),
                    ..missing()
                };
            };
            if *relative && b <= Decimal::ZERO {
                // No share of a zero or negative figure is a target.
                return Expected {
                    status: Status::Error,
                    ..missing()
                };
            }
            let t = if *relative {
                b * (Decimal::ONE + amount / Decimal::ONE_HUNDRED)
            } else {
                b + amount
            };
            (*op, t, t, t)
        }
    };
    let Some(a) = value_at(figures, metric, q) else {
        return Expected {
            target: Some(stated.normalize()),
            ..missing()
        };
    };
    let met = match op {
        Op::Gt => a > low,
        Op::Ge => a >= low,
        Op::Lt => a < high,
        Op::Le => a <= high,
        Op::Eq => low <= a && a <= high,
    };
    let more_is_better = matches!(op, Op::Gt | Op::Ge);
    let less_is_better = matches!(op, Op::Lt | Op::Le);
    let q_share = Decimal::from(q) / Decimal::from(4);
    // Only a plan above zero has shares; a share rounded onto 100%, or
    // onto a flow's share due, without being on it shows more digits.
    // Attainment as reports print it: a change (complete at year end, or
    // for a stock) as the change achieved over the change planned; a flow
    // as actual over plan, caps too; a level where less is better as
    // target over actual; any other as actual over target.
    let is_flow = METRICS[metric].1 == Kind::Flow;
    let (num, den) = match goal {
        Goal::Change { .. } if !is_flow || q == 4 => {
            let b = baseline.unwrap_or_default();
            (a - b, stated - b)
        }
        _ if stated <= Decimal::ZERO => (Decimal::ZERO, Decimal::ZERO),
        _ if less_is_better && !is_flow && a <= Decimal::ZERO => (Decimal::ZERO, Decimal::ZERO),
        _ if less_is_better && !is_flow => (stated, a),
        _ => (a, stated),
    };
    let mut marks = vec![Decimal::ONE_HUNDRED];
    if q != 4 && METRICS[metric].1 == Kind::Flow {
        marks.push(q_share * Decimal::ONE_HUNDRED);
    }
    // `falls vs 2022` (`< +0 vs 2022`): a direction alone has no share of
    // a plan to attain and nothing to exceed.
    let direction_only = matches!(
        goal,
        Goal::Change { op: Op::Lt | Op::Gt, amount, .. } if amount.is_zero()
    );
    let attainment = if direction_only {
        None
    } else {
        percent(num, den).map(|shown| {
            let exact = num * Decimal::ONE_HUNDRED / den;
            if !marks.contains(&shown) || exact == shown {
                return shown;
            }
            (3..=20)
                .map(|places| {
                    exact.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero)
                })
                .find(|sharper| *sharper != shown)
                .unwrap_or(shown)
                .normalize()
        })
    };
    let status = if q == 4 {
        if met { Status::Pass } else { Status::Fail }
    } else if METRICS[metric].1 == Kind::Flow {
        if more_is_better && met {
            Status::Pass
        } else if (less_is_better && !met) || (op == Op::Eq && a > high) {
            // A cap exceeded, or a range's top passed: nothing undoes it.
            Status::Fail
        } else {
            let on_track = if more_is_better {
                a >= low * q_share
            } else if less_is_better {
                a <= high * q_share
            } else {
                low * q_share <= a && a <= high
            };
            if on_track {
                Status::OnTrack
            } else {
                Status::Behind
            }
        }
    } else if met {
        Status::OnTrack
    } else {
        match baseline {
            None => Status::Behind,
            Some(b) => {
                // The straight path from last year's figure to the end of
                // the band the figure must reach.
                let up = more_is_better || (!less_is_better && a < low);
                let goal = if up { low } else { high };
                let point = b + (goal - b) * q_share;
                let on_track = if up { a >= point } else { a <= point };
                if on_track {
                    Status::OnTrack
                } else {
                    Status::Behind
                }
            }
        }
    };
    let exceeded = status == Status::Pass
        && met
        && !direction_only
        && ((more_is_better && a > high) || (less_is_better && a < low));
    Expected {
        status,
        actual: Some(a.normalize()),
        target: Some(stated.normalize()),
        attainment,
        exceeded,
    }
}

/// A figure or target: anything small, or one of a few round numbers, so
/// that figures land on targets and on the path to them.
fn small() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => (0i64..3_000, 0u32..2).prop_map(|(m, s)| Decimal::new(m, s)),
        2 => proptest::sample::select(vec![0i64, 1, 2, 4, 8, 12, 16]).prop_map(Decimal::from),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Gt),
        Just(Op::Ge),
        Just(Op::Lt),
        Just(Op::Le),
        Just(Op::Eq)
    ]
}

fn goal() -> impl Strategy<Value = Goal> {
    prop_oneof![
        3 => (op(), small(), prop_oneof![3 => Just(Decimal::ZERO), 1 => small()])
            .prop_map(|(op, target, tolerance)| Goal::Compare { op, target, tolerance: tolerance / Decimal::TEN }),
        1 => (small(), small()).prop_map(|(a, b)| Goal::Range { low: a.min(b), high: a.max(b) }),
        1 => (op(), small(), small()).prop_map(|(op, a, b)| {
            // The stretch lies beyond the target in the good direction.
            let (near, far) = (a.min(b), a.max(b) + Decimal::ONE);
            match op {
                Op::Lt | Op::Le => Goal::Floor { op, target: far, stretch: near },
                Op::Eq => Goal::Floor { op: Op::Ge, target: near, stretch: far },
                _ => Goal::Floor { op, target: near, stretch: far },
            }
        }),
        1 => (op(), -20i64..20, any::<bool>()).prop_map(|(op, amount, relative)| Goal::Change {
            op,
            amount: Decimal::new(amount, 1),
            relative,
        }),
    ]
}

fn figures() -> impl Strategy<Value = Vec<Figure>> {
    // For each metric and quarter (0 = last year): absent, or a value,
    // and for a flow this quarter only or year-to-date.
    proptest::collection::vec(
        proptest::option::weighted(0.85, (any::<bool>(), small())),
        15,
    )
    .prop_map(|cells| {
        cells
            .into_iter()
            .enumerate()
            .filter_map(|(i, cell)| {
                let (metric, quarter) = (i / 5, (i % 5) as u8);
                let (only, value) = cell?;
                let only = only && quarter > 0 && METRICS[metric].1 == Kind::Flow;
                // Head are counted: whole numbers.
                let value = if metric == 1 { value.trunc() } else { value };
                Some((metric, quarter, only, value))
            })
            .collect()
    })
}

/// Rules as the language states them: head are whole, so are targets and
/// changes in them; a rate changes in percentage points, never relatively.
fn stateable(rules: Vec<(usize, Goal)>) -> Vec<(usize, Goal)> {
    rules
        .into_iter()
        .map(|(metric, goal)| {
            let goal = match goal {
                Goal::Change { op, amount, .. } if metric == 0 => Goal::Change {
                    op,
                    amount,
                    relative: false,
                },
                _ if metric != 1 => goal,
                Goal::Compare {
                    op,
                    target,
                    tolerance,
                } => Goal::Compare {
                    op,
                    target: target.trunc(),
                    tolerance: tolerance.trunc(),
                },
                Goal::Range { low, high } => Goal::Range {
                    low: low.trunc(),
                    high: high.trunc(),
                },
                Goal::Floor {
                    op,
                    target,
                    stretch,
                } => Goal::Floor {
                    op,
                    target: target.trunc(),
                    stretch: stretch.trunc(),
                },
                Goal::Change {
                    op,
                    amount,
                    relative,
                } => Goal::Change {
                    op,
                    amount: if relative { amount } else { amount.trunc() },
                    relative,
                },
            };
            (metric, goal)
        })
        .collect()
}

fn csv(figures: &[Figure]) -> String {
    let mut text = String::from("entity,period,metric,value,unit,basis\n");
    for &(metric, quarter, only, value) in figures {
        let period = match quarter {
            0 => "2022".to_string(),
            q => format!("2023-Q{q}"),
        };
        let basis = if only { "quarter" } else { "cumulative" };
        let (name, _, unit) = METRICS[metric];
        text.push_str(&format!("e,{period},{name},{value},{unit},{basis}\n"));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_engine_judges_as_the_naive_reference(
        rules in proptest::collection::vec((0usize..3, goal()), 1..6).prop_map(stateable),
        figures in figures(),
        as_of in 1u8..=4,
    ) {
        let mut text = String::from("year 2023\nmetric s: stock %\nmetric c: stock head\nmetric f: flow billion VND\n");
        for (metric, goal) in &rules {
            text.push_str(&rule_text(*metric, goal));
            text.push('\n');
        }
        let program = check(&parse_rules(&text).unwrap()).unwrap_or_else(|e| panic!("{text}\n{e:?}"));
        let (data, _) = load_sources(vec![("d.csv".into(), csv(&figures))], &program).unwrap();
        let evaluation = evaluate(&program, &data, Period::quarter(2023, as_of));
        let got: Vec<_> = evaluation.results().collect();
        prop_assert_eq!(got.len(), rules.len());
        for (result, (metric, goal)) in got.iter().zip(&rules) {
            let want = reference(&figures, *metric, goal, as_of);
            let have = Expected {
                status: result.status,
                actual: result.actual.map(|d| d.normalize()),
                target: result.target.map(|d| d.normalize()),
                attainment: result.attainment,
                exceeded: result.exceeded,
            };
            prop_assert_eq!(&have, &want, "rule `{}`\n{}", rule_text(*metric, goal), csv(&figures));
        }
    }
}
