//! Grouping figures by entity, then metric and period, without moving
//! them: a permutation of figure numbers, built by counting (entities) and
//! small sorts (within one entity) on all cores.

use std::sync::Arc;

use rayon::prelude::*;

use super::figures::{Figures, When};
use super::reader::EntityRuns;

pub(super) struct Index {
    /// Sorted by name.
    pub entities: Vec<Arc<str>>,
    pub order: Vec<u32>,
    /// Entity `i`'s figures are `order[entity_starts[i]..entity_starts[i + 1]]`.
    pub entity_starts: Vec<usize>,
    /// Figures reported again, left out of `order`.
    pub duplicates: Vec<Duplicate>,
}

/// A figure for an entity, metric and period already reported.
pub(super) struct Duplicate {
    pub entity: Arc<str>,
    /// Figure numbers in load order.
    pub first: usize,
    pub again: usize,
}

/// `entity[i]` indexes `names` for figure `i`.
pub(super) fn build(
    figures: &Figures,
    metrics: usize,
    entity: &EntityRuns,
    names: &[Arc<str>],
) -> Index {
    let mut by_name: Vec<usize> = (0..names.len()).collect();
    by_name.sort_unstable_by(|&a, &b| names.get(a).cmp(&names.get(b)));
    let mut rank = vec![0usize; names.len()];
    for (r, &id) in by_name.iter().enumerate() {
        if let Some(slot) = rank.get_mut(id) {
            *slot = r;
        }
    }
    let entities: Vec<Arc<str>> = by_name
        .iter()
        .filter_map(|&id| names.get(id).cloned())
        .collect();
    let rank_of = |e: u32| rank.get(e as usize).copied();
    let mut entity_starts = vec![0usize; entities.len() + 1];
    for &(e, count) in entity.runs() {
        if let Some(slot) = rank_of(e).and_then(|r| entity_starts.get_mut(r + 1)) {
            *slot += count as usize;
        }
    }
    for r in 1..entity_starts.len() {
        entity_starts[r] += entity_starts[r - 1];
    }
    // Each entity's runs of figure numbers, grouped by entity: every core
    // then fills the slices of `order` of its own entities.
    let mut run_starts = vec![0usize; entities.len() + 1];
    for &(e, _) in entity.runs() {
        if let Some(slot) = rank_of(e).and_then(|r| run_starts.get_mut(r + 1)) {
            *slot += 1;
        }
    }
    for r in 1..run_starts.len() {
        run_starts[r] += run_starts[r - 1];
    }
    let mut next_run = run_starts.clone();
    let mut runs = vec![(0u32, 0u32); run_starts.last().copied().unwrap_or(0)];
    let mut first = 0u32;
    for &(e, count) in entity.runs() {
        let start = first;
        first = first.saturating_add(count);
        if let Some(at) = rank_of(e).and_then(|r| next_run.get_mut(r))
            && let Some(slot) = runs.get_mut(*at)
        {
            *slot = (start, count);
            *at += 1;
        }
    }
    let mut order = vec![0u32; entity_starts.last().copied().unwrap_or(0)];
    // One slice of `order` per entity, sorted and checked on all cores.
    let mut slices: Vec<&mut [u32]> = Vec::with_capacity(entities.len());
    let mut rest: &mut [u32] = &mut order;
    for w in entity_starts.windows(2) {
        let len = (w[1] - w[0]).min(rest.len());
        let (head, tail) = std::mem::take(&mut rest).split_at_mut(len);
        slices.push(head);
        rest = tail;
    }
    let repeated: Vec<(usize, Vec<(u32, u32)>)> = slices
        .into_par_iter()
        .enumerate()
        .map_init(Scratch::default, |scratch, (r, slice)| {
            let own = match (run_starts.get(r), run_starts.get(r + 1)) {
                (Some(&from), Some(&to)) => runs.get(from..to).unwrap_or_default(),
                _ => &[],
            };
            let mut at = 0;
            for &(start, count) in own {
                let ids = start..start.saturating_add(count);
                for (slot, id) in slice.iter_mut().skip(at).zip(ids) {
                    *slot = id;
                }
                at += count as usize;
            }
            scratch.sort(figures, metrics, slice);
            let pairs = scratch.repeats();
            (!pairs.is_empty()).then_some((r, pairs))
        })
        .flatten()
        .collect();
    let mut duplicates = Vec::new();
    for (r, pairs) in &repeated {
        let Some(name) = entities.get(*r) else {
            continue;
        };
        for &(first, again) in pairs {
            duplicates.push(Duplicate {
                entity: Arc::clone(name),
                first: first as usize,
                again: again as usize,
            });
        }
    }
    if !duplicates.is_empty() {
        let again: std::collections::HashSet<u32> =
            duplicates.iter().map(|d| d.again as u32).collect();
        let mut kept = Vec::with_capacity(order.len());
        let mut starts = vec![0];
        for w in entity_starts.windows(2) {
            kept.extend(
                order
                    .get(w[0]..w[1])
                    .unwrap_or_default()
                    .iter()
                    .filter(|i| !again.contains(i)),
            );
            starts.push(kept.len());
        }
        order = kept;
        entity_starts = starts;
    }
    Index {
        entities,
        order,
        entity_starts,
        duplicates,
    }
}

/// Memory reused from one entity's sort to the next.
#[derive(Default)]
struct Scratch {
    starts: Vec<u32>,
    /// The entity's figures as `(metric << 32 | when, figure number)`, read
    /// from the columns once: sorting and checking them then stays in cache.
    keys: Vec<(u64, u32)>,
    sorted: Vec<(u64, u32)>,
}

impl Scratch {
    /// Sorts one entity's figure numbers (in load order) by metric, then
    /// period and basis, then load order. Counting by metric, then checking
    /// each metric's few figures, is linear where a sort is not: a file
    /// usually lists an entity's periods in order.
    fn sort(&mut self, figures: &Figures, metrics: usize, slice: &mut [u32]) {
        self.keys.clear();
        self.keys.extend(slice.iter().map(|&i| {
            let key = u64::from(figures.metric(i as usize)) << 32
                | u64::from(figures.when(i as usize).bits());
            (key, i)
        }));
        let metric_of = |key: u64| (key >> 32) as usize;
        if metrics > 4 * slice.len() + 64
            || self.keys.iter().any(|&(key, _)| metric_of(key) >= metrics)
        {
            self.keys.sort_unstable();
            std::mem::swap(&mut self.keys, &mut self.sorted);
        } else {
            self.starts.clear();
            self.starts.resize(metrics + 1, 0);
            for &(key, _) in &self.keys {
                if let Some(count) = self.starts.get_mut(metric_of(key) + 1) {
                    *count += 1;
                }
            }
            for m in 1..self.starts.len() {
                self.starts[m] += self.starts[m - 1];
            }
            self.sorted.clear();
            self.sorted.resize(self.keys.len(), (0, 0));
            for &(key, i) in &self.keys {
                let Some(at) = self.starts.get_mut(metric_of(key)) else {
                    continue;
                };
                if let Some(slot) = self.sorted.get_mut(*at as usize) {
                    *slot = (key, i);
                }
                *at += 1;
            }
            // Counting kept load order within a metric; periods out of
            // order are rare, and put right here.
            for run in self
                .sorted
                .chunk_by_mut(|a, b| metric_of(a.0) == metric_of(b.0))
            {
                if !run.is_sorted() {
                    run.sort_unstable();
                }
            }
        }
        for (slot, &(_, i)) in slice.iter_mut().zip(&self.sorted) {
            *slot = i;
        }
    }

    /// `(first, again)` for each figure of the entity just sorted that is
    /// the same figure (`When::same_figure`) as one kept before it.
    fn repeats(&self) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        let mut kept: Option<(u64, u32)> = None;
        // Figures covering the same months sort together, so a repeat
        // follows the figure it repeats.
        for &(key, i) in &self.sorted {
            let when = When::from_bits(key as u32);
            let same = |&(kept_key, _): &(u64, u32)| {
                kept_key >> 32 == key >> 32 && When::from_bits(kept_key as u32).same_figure(when)
            };
            if let Some((_, k)) = kept.filter(same) {
                // The earlier in load order stays.
                pairs.push((k.min(i), k.max(i)));
                continue;
            }
            kept = Some((key, i));
        }
        pairs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::figures::{Figure, Marks, When};
    use crate::data::{Basis, Period};
    use proptest::prelude::*;

    proptest! {
        /// Counting by metric, then mending the periods, orders an entity's
        /// figures as a full sort by metric, period and load order does.
        #[test]
        fn the_linear_sort_is_the_full_sort(
            figures in proptest::collection::vec((0u32..6, 0u8..17, any::<bool>()), 0..60),
            metrics in 6usize..400,
        ) {
            let mut all = Figures::default();
            for &(metric, quarter, by_quarter) in &figures {
                let period = match quarter {
                    0 => Period::annual(2022),
                    q @ 1..=4 => Period::quarter(2023, q),
                    m => Period::month(2023, m - 4),
                };
                let basis = match (by_quarter, period.part) {
                    (true, crate::data::Part::Month(_)) => Basis::Month,
                    (true, _) => Basis::Quarter,
                    (false, _) => Basis::Cumulative,
                };
                all.push(Figure {
                    metric,
                    when: When::new(period, basis),
                    value: rust_decimal::Decimal::ONE,
                    marks: Marks::default(),
                    start: 0,
                    len: 0,
                });
            }
            let mut linear: Vec<u32> = (0..figures.len() as u32).collect();
            let mut full = linear.clone();
            Scratch::default().sort(&all, metrics, &mut linear);
            full.sort_unstable_by_key(|&i| (all.metric(i as usize), all.when(i as usize), i));
            prop_assert_eq!(linear, full);
        }
    }
}
