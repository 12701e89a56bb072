//! The engine: every rule for every entity, as of a period.
//!
//! At year end a rule passes or fails. Before it, a flow is judged against
//! the elapsed share of its target (pro rata, or the metric's profile) and a
//! stock against the straight path from last year's figure to the target.

mod error;
mod judge;
mod numbers;
mod plan;
mod reading;
mod record;
mod result;
#[cfg(test)]
mod tests;

pub use error::{Absent, EvalError, Missing, Note};
pub use numbers::{Share, elapsed_share, sharpen};
pub use result::{Input, RuleResult, Status, Verdict};

use std::sync::Arc;

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::check::Program;
use crate::data::{Dataset, Period};
use judge::Judge;
use plan::Plan;
use reading::Reader;
use record::VerdictOnly;

/// The verdicts of one run, one per entity and rule (entity by entity, in
/// rule order). Only status and attainment are kept; a full result, with
/// its numbers and the figures it came from, is worked out again when a
/// report asks for it, so a province's half-million results cost a few
/// bytes each.
#[derive(Debug)]
pub struct Evaluation<'a> {
    /// The period the rules are judged as of.
    pub as_of: Period,
    /// The year the targets are for.
    pub year: i32,
    program: &'a Program,
    data: &'a Dataset,
    plan: Plan<'a>,
    verdicts: Vec<Verdict>,
    /// Per rule, how many verdicts have each status, in [`Status::ALL`]
    /// order: counted once, on all cores, for every report to use.
    by_rule: Vec<[usize; Status::ALL.len()]>,
    /// Per rule, how many passes exceeded the target.
    exceeded_by_rule: Vec<usize>,
}

/// How many results of some rules have each status, and how many of the
/// passes exceeded their target: a summary's line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Per status, in [`Status::ALL`] order.
    pub statuses: [usize; Status::ALL.len()],
    /// Passes beyond their target ("vượt"), counted among the passes.
    pub exceeded: usize,
}

impl Tally {
    /// How many results have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.statuses[status.index()]
    }

    /// How many results in all.
    pub fn total(&self) -> usize {
        self.statuses.iter().sum()
    }
}

/// A verdict with the rule and entity it is about.
#[derive(Debug, Clone, Copy)]
pub struct Judged<'e> {
    /// Position among all results, for [`Evaluation::result`].
    pub index: usize,
    /// Index of the rule in [`crate::check::Program::rules`].
    pub rule: usize,
    /// The entity judged.
    pub entity: &'e Arc<str>,
    /// What the rule comes to for the entity.
    pub verdict: Verdict,
}

impl<'a> Evaluation<'a> {
    /// Number of results: entities × rules.
    pub fn len(&self) -> usize {
        self.verdicts.len()
    }

    /// Whether there are no results: no rules, or no entities.
    pub fn is_empty(&self) -> bool {
        self.verdicts.is_empty()
    }

    /// How many results have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.by_rule
            .iter()
            .map(|counts| counts[status.index()])
            .sum()
    }

    /// Per rule (in [`crate::check::Program::rules`] order), how many
    /// verdicts have each status, in [`Status::ALL`] order.
    pub fn counts_by_rule(&self) -> &[[usize; Status::ALL.len()]] {
        &self.by_rule
    }

    /// Per rule, how many passes exceeded the target.
    pub fn exceeded_by_rule(&self) -> &[usize] {
        &self.exceeded_by_rule
    }

    /// The tally of the rules `which` picks (by their index), over every
    /// entity.
    pub fn tally(&self, which: impl Fn(usize) -> bool) -> Tally {
        let mut tally = Tally::default();
        let rules = self.by_rule.iter().zip(&self.exceeded_by_rule).enumerate();
        for (_, (counts, exceeded)) in rules.filter(|(rule, _)| which(*rule)) {
            for (sum, n) in tally.statuses.iter_mut().zip(counts) {
                *sum += n;
            }
            tally.exceeded += exceeded;
        }
        tally
    }

    /// [`Evaluation::verdicts`] on all cores, one entity's at a time.
    pub fn par_verdicts_by_entity(
        &self,
    ) -> impl ParallelIterator<Item = impl Iterator<Item = Judged<'a>> + '_> + '_ {
        let rules = self.program.rules.len().max(1);
        let entities: &'a [Arc<str>] = self.data.entity_names();
        self.verdicts
            .par_chunks(rules)
            .zip(entities.par_iter())
            .enumerate()
            .map(move |(e, (row, entity))| {
                row.iter().enumerate().map(move |(rule, verdict)| Judged {
                    index: e * rules + rule,
                    rule,
                    entity,
                    verdict: *verdict,
                })
            })
    }

    /// Every verdict, entity by entity, in rule order.
    pub fn verdicts(&self) -> impl Iterator<Item = Judged<'a>> + '_ {
        let rules = self.program.rules.len().max(1);
        let entities = self.data.entity_names();
        self.verdicts
            .iter()
            .enumerate()
            .filter_map(move |(index, verdict)| {
                Some(Judged {
                    index,
                    rule: index % rules,
                    entity: entities.get(index / rules)?,
                    verdict: *verdict,
                })
            })
    }

    /// The full result at `index` (see [`Judged::index`]).
    pub fn result(&self, index: usize) -> Option<RuleResult> {
        let rules = self.program.rules.len();
        let entity = index.checked_div(rules)?;
        let rule = index % rules;
        let name = self.data.entity_names().get(entity)?;
        Some(self.judge().result(entity, name, rule))
    }

    fn judge(&self) -> Judge<'_> {
        Judge {
            program: self.program,
            plan: &self.plan,
            data: self.data,
            as_of: self.as_of,
        }
    }

    /// The full result of rule `rule` for `entity`.
    pub fn result_for(&self, rule: usize, entity: &str) -> Option<RuleResult> {
        let entity = self.data.entity_index(entity)?;
        let rules = self.program.rules.len();
        (rule < rules).then(|| self.result(entity * rules + rule))?
    }

    /// Every full result, entity by entity, in rule order.
    pub fn results(&self) -> impl Iterator<Item = RuleResult> + '_ {
        (0..self.verdicts.len()).filter_map(|i| self.result(i))
    }

    /// Full results of the verdicts `keep` selects, in order.
    pub fn results_where<'s>(
        &'s self,
        keep: impl Fn(&Judged<'_>) -> bool + 's,
    ) -> impl Iterator<Item = RuleResult> + 's {
        self.verdicts()
            .filter(move |j| keep(j))
            .filter_map(|j| self.result(j.index))
    }
}

/// The period a run is judged as of: the latest reported quarter of the
/// target year, or of any year when the rules do not name one.
pub fn default_as_of(program: &Program, data: &Dataset) -> Option<Period> {
    match program.year {
        Some(year) => data
            .periods()
            .iter()
            .copied()
            .filter(|p| p.year == year)
            .max(),
        None => data.latest_period(),
    }
}

/// Values of expressions for any entity of a dataset, the run's plan made
/// once for all of them.
pub struct Values<'a> {
    data: &'a Dataset,
    plan: Plan<'a>,
}

impl<'a> Values<'a> {
    /// The values of `data`'s figures as `program` reads them.
    pub fn new(program: &'a Program, data: &'a Dataset) -> Self {
        Self {
            data,
            plan: Plan::new(program, data),
        }
    }

    /// The value of `num` for `entity` at the close of `period` (flows
    /// year-to-date), in base units, if every figure it needs is reported
    /// and readable.
    pub fn at(&self, entity: &str, num: &crate::check::Num, period: Period) -> Option<Decimal> {
        let reader = Reader::new(self.data, self.data.entity_index(entity)?).ok()?;
        let expr = self.plan.compile(num);
        reader
            .read::<VerdictOnly>(&expr, period)
            .ok()
            .map(|r| r.value)
    }
}

/// Evaluates every rule for every entity in `data`.
pub fn evaluate<'a>(program: &'a Program, data: &'a Dataset, as_of: Period) -> Evaluation<'a> {
    let plan = Plan::new(program, data);
    let rules = program.rules.len();
    let unjudged = Verdict {
        status: Status::Missing,
        attainment: None,
        exceeded: false,
    };
    // Filled on all cores: the first touch of fresh memory is a page fault.
    let mut verdicts = Vec::new();
    rayon::iter::repeat_n(unjudged, data.entity_names().len() * rules)
        .collect_into_vec(&mut verdicts);
    let judge = Judge {
        program,
        plan: &plan,
        data,
        as_of,
    };
    // Entities are judged in parallel, each filling its own row.
    verdicts
        .par_chunks_mut(rules.max(1))
        .enumerate()
        .for_each(|(entity, row)| match Reader::new(data, entity) {
            Ok(reader) => {
                for (rule, verdict) in row.iter_mut().enumerate() {
                    *verdict = judge.verdict(&reader, rule);
                }
            }
            Err(_) => row.fill(Verdict {
                status: Status::Error,
                attainment: None,
                exceeded: false,
            }),
        });
    let (by_rule, exceeded_by_rule) = count_by_rule(&verdicts, rules);
    Evaluation {
        as_of,
        year: as_of.year,
        program,
        data,
        plan,
        verdicts,
        by_rule,
        exceeded_by_rule,
    }
}
/// Per rule, the verdicts of each status and the passes that exceeded.
type RuleCounts = (Vec<[usize; Status::ALL.len()]>, Vec<usize>);

fn count_by_rule(verdicts: &[Verdict], rules: usize) -> RuleCounts {
    let zero = || {
        (
            vec![[0usize; Status::ALL.len()]; rules],
            vec![0usize; rules],
        )
    };
    verdicts
        .par_chunks(rules.max(1))
        .fold(zero, |(mut counts, mut exceeded), row| {
            for ((count, beyond), verdict) in counts.iter_mut().zip(&mut exceeded).zip(row) {
                count[verdict.status.index()] += 1;
                *beyond += usize::from(verdict.exceeded);
            }
            (counts, exceeded)
        })
        .reduce(zero, |(mut a, mut ax), (b, bx)| {
            for (x, y) in a.iter_mut().zip(&b) {
                for (m, n) in x.iter_mut().zip(y) {
                    *m += n;
                }
            }
            for (m, n) in ax.iter_mut().zip(&bx) {
                *m += n;
            }
            (a, ax)
        })
}
