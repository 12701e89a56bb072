//! What one reader fills: a whole TOML file, or a block of a CSV file,
//! with names local to it until the parts merge.

use std::collections::HashSet;
use std::sync::Arc;

use foldhash::HashMap;
use rayon::prelude::*;

use crate::data::figures::{Figures, Marks};
use crate::data::source_file::Lines;
use crate::data::{LoadError, LoadWarning};
use crate::units::Unit;

/// Figures read from a file or a block of one.
#[derive(Default)]
pub(in crate::data) struct Part {
    pub figures: Figures,
    /// Per figure, an index into `entities`.
    pub entity: EntityRuns,
    pub entities: Vec<Arc<str>>,
    pub(in crate::data) entity_ids: HashMap<Arc<str>, u32>,
    /// Units written in the part, by the index its figures' marks hold.
    pub units: Vec<Arc<Unit>>,
    pub(in crate::data) unit_ids: HashMap<String, usize>,
    /// Errors that spoil the whole file.
    pub errors: Vec<LoadError>,
    /// Errors in one CSV row, which spoil only its entity.
    pub recoverable: Vec<(String, LoadError)>,
    pub warnings: Vec<LoadWarning>,
    /// Metrics the rules do not know, already warned about.
    pub unknown: HashSet<String>,
    /// Where the part's lines are, for a streamed file.
    pub lines: Lines,
    /// By metric id, the unit text last written for it and its index.
    pub(in crate::data) unit_by_metric: Vec<Option<(Box<str>, usize)>>,
    pub(in crate::data) last_metric: u32,
}

impl Part {
    /// Moves the figures, names, problems and lines of `parts`, in order,
    /// into this part, naming each entity and unit once. A part that would
    /// bring more units than figures can mark is left out, with an error.
    /// Returns the parts' figure columns emptied, their memory kept for the
    /// next parts to read into.
    pub fn absorb(&mut self, mut parts: Vec<Part>) -> Vec<Figures> {
        if self.figures.len() == 0 && self.entities.is_empty() && self.units.is_empty() {
            // Nothing to merge with: take the first part's columns whole.
            if let Some(first) = parts.first_mut() {
                std::mem::swap(&mut self.figures, &mut first.figures);
                std::mem::swap(&mut self.entity, &mut first.entity);
                std::mem::swap(&mut self.entities, &mut first.entities);
                std::mem::swap(&mut self.entity_ids, &mut first.entity_ids);
                std::mem::swap(&mut self.units, &mut first.units);
                std::mem::swap(&mut self.unit_ids, &mut first.unit_ids);
            }
        }
        let mut remaps = Vec::with_capacity(parts.len());
        for part in &parts {
            let entities: Vec<u32> = part.entities.iter().map(|e| self.entity_id(e)).collect();
            let units: Vec<usize> = part.units.iter().map(|u| self.unit_index(u)).collect();
            // Spellings already resolved stay known: meeting one again
            // must not add the same unit twice.
            for (text, &id) in &part.unit_ids {
                if let Some(&to) = units.get(id) {
                    self.unit_ids.entry(text.clone()).or_insert(to);
                }
            }
            if self.units.len() > Marks::MAX_UNITS {
                self.errors.push(LoadError::TooManyUnits {
                    max: Marks::MAX_UNITS,
                });
                break;
            }
            remaps.push((entities, units));
        }
        parts.truncate(remaps.len());
        let figures: usize = parts.iter().map(|p| p.figures.len()).sum();
        if figures < Figures::FEW {
            for (part, (entities, units)) in parts.iter_mut().zip(&remaps) {
                part.rename(entities, units);
            }
        } else {
            parts
                .par_iter_mut()
                .zip(&remaps)
                .for_each(|(part, (entities, units))| part.rename(entities, units));
        }
        let figures: Vec<&Figures> = parts.iter().map(|p| &p.figures).collect();
        self.figures.extend_from(&figures);
        for part in &parts {
            self.entity.extend(&part.entity);
        }
        let mut emptied = Vec::with_capacity(parts.len());
        for mut part in parts {
            part.figures.clear();
            emptied.push(std::mem::take(&mut part.figures));
            self.errors.extend(part.errors);
            self.recoverable.extend(part.recoverable);
            let unknown = &mut self.unknown;
            self.warnings.extend(part.warnings.into_iter().filter(|w| {
                // One warning per unknown metric, whichever part met it.
                match w {
                    LoadWarning::UnknownMetric { metric, .. } => unknown.insert(metric.clone()),
                    _ => true,
                }
            }));
        }
        emptied
    }

    /// Gives the figures the ids `entities` and `units` map theirs to.
    fn rename(&mut self, entities: &[u32], units: &[usize]) {
        let identity = units.iter().enumerate().all(|(i, &u)| i == u);
        if !identity {
            for i in 0..self.figures.len() {
                let marks = self.figures.marks(i);
                if let Some(u) = marks.unit() {
                    self.figures
                        .set_marks(i, marks.with_unit(units.get(u).copied()));
                }
            }
        }
        self.entity.rename(entities);
    }

    fn unit_index(&mut self, unit: &Arc<Unit>) -> usize {
        match self.units.iter().position(|u| u == unit) {
            Some(id) => id,
            None => {
                self.units.push(Arc::clone(unit));
                self.units.len() - 1
            }
        }
    }

    pub fn entity_id(&mut self, name: &str) -> u32 {
        let name = crate::span::composed(name);
        if let Some(&id) = self.entity_ids.get(&*name) {
            return id;
        }
        let id = u32::try_from(self.entities.len()).unwrap_or(u32::MAX);
        let name: Arc<str> = Arc::from(name);
        self.entities.push(Arc::clone(&name));
        self.entity_ids.insert(name, id);
        id
    }
}

/// Whose each figure is, in runs: a file lists an entity's figures
/// together, so a run costs what one figure would.
#[derive(Debug, Default)]
pub(in crate::data) struct EntityRuns {
    /// `(entity, figures)`, in figure order.
    runs: Vec<(u32, u32)>,
}

impl EntityRuns {
    #[inline(always)]
    pub fn push(&mut self, entity: u32) {
        match self.runs.last_mut() {
            Some((last, count)) if *last == entity && *count < u32::MAX => *count += 1,
            _ => self.runs.push((entity, 1)),
        }
    }

    pub fn extend(&mut self, other: &EntityRuns) {
        for &(entity, count) in &other.runs {
            match self.runs.last_mut() {
                Some((last, n)) if *last == entity && n.checked_add(count).is_some() => *n += count,
                _ => self.runs.push((entity, count)),
            }
        }
    }

    /// Gives every run the id `ids` maps its entity to.
    pub fn rename(&mut self, ids: &[u32]) {
        for (entity, _) in &mut self.runs {
            *entity = ids.get(*entity as usize).copied().unwrap_or(u32::MAX);
        }
    }

    /// `(entity, figures)` runs, in figure order.
    pub fn runs(&self) -> &[(u32, u32)] {
        &self.runs
    }
}
