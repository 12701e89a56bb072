//! Grouping figures by entity, then metric and period, without moving
//! them: a permutation of figure numbers, built by counting (entities) and
//! small sorts (within one entity) on all cores.

use std::sync::Arc;

use rayon::prelude::*;

use super::figures::Figures;

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
pub(super) fn build(figures: &Figures, entity: &[u32], names: &[Arc<str>]) -> Index {
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
    for &e in entity {
        if let Some(slot) = rank_of(e).and_then(|r| entity_starts.get_mut(r + 1)) {
            *slot += 1;
        }
    }
    for r in 1..entity_starts.len() {
        entity_starts[r] += entity_starts[r - 1];
    }
    let mut next = entity_starts.clone();
    let mut order = vec![0u32; entity_starts.last().copied().unwrap_or(0)];
    for (i, &e) in entity.iter().enumerate() {
        let Some(r) = rank_of(e) else { continue };
        if let Some(at) = next.get_mut(r)
            && let Some(slot) = order.get_mut(*at)
        {
            *slot = i as u32;
            *at += 1;
        }
    }
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
        .map_init(Vec::new, |keys, (r, slice)| {
            // Keys computed once per figure, not once per comparison.
            keys.clear();
            keys.extend(slice.iter().map(|&i| {
                let when = figures.when(i as usize).bits();
                (
                    u64::from(figures.metric(i as usize)) << 32 | u64::from(when),
                    i,
                )
            }));
            keys.sort_unstable();
            for (slot, &(_, i)) in slice.iter_mut().zip(keys.iter()) {
                *slot = i;
            }
            let pairs = repeats(figures, slice);
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

/// `(first, again)` for each figure of one entity's sorted figures that
/// repeats the metric and period of the one kept before it: the same basis,
/// or a whole year twice.
fn repeats(figures: &Figures, sorted: &[u32]) -> Vec<(u32, u32)> {
    let mut pairs = Vec::new();
    let mut kept: Option<u32> = None;
    for &i in sorted {
        if let Some(k) = kept {
            let (a, b) = (figures.when(k as usize), figures.when(i as usize));
            let same_metric = figures.metric(k as usize) == figures.metric(i as usize);
            if same_metric && (a == b || a.same_period(b) && a.period().quarter.is_none()) {
                // The earlier in load order stays.
                pairs.push((k.min(i), k.max(i)));
                continue;
            }
        }
        kept = Some(i);
    }
    pairs
}
