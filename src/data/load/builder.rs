//! Merging the figures of every file into one dataset, and what the whole
//! of the data says about its figures once every file is read.

use std::sync::Arc;
use vec1::Vec1;

use miette::NamedSource;

use crate::check::MetricKind;
use crate::data::error::Finding;
use crate::data::falling;
use crate::data::number_hint;
use crate::data::reader::{Catalog, Part};
use crate::data::repeats;
use crate::data::{Dataset, LoadError, LoadErrors, LoadWarning, LoadWarnings, SourceFile, index};
use crate::units::Unit;

use super::{LoadFailure, quoted};

/// Merges the figures of every file into one dataset, naming each entity
/// and unit once.
pub(super) struct Builder {
    data: Dataset,
    /// Every file's figures so far, with the run's names.
    all: Part,
    csv: Vec<bool>,
    /// Per file: errors that spoil it, and rows that spoil their entity.
    errors: Vec<Vec<LoadError>>,
    row_errors: Vec<Vec<(String, LoadError)>>,
    warnings: Vec<Vec<LoadWarning>>,
    /// Files that could not be read.
    pub failure: Vec<LoadErrors>,
    /// Each metric's declared unit, by metric id.
    metric_units: Vec<Unit>,
    /// Whether each metric, by id, is a flow, and whether it counts things.
    flows: Vec<(bool, bool)>,
}

impl Builder {
    pub fn new(catalog: &Catalog<'_>) -> Self {
        let data = Dataset {
            metrics: catalog.names.clone(),
            metric_ids: catalog
                .names
                .iter()
                .enumerate()
                .map(|(id, name)| (Arc::clone(name), u32::try_from(id).unwrap_or(u32::MAX)))
                .collect(),
            ..Dataset::default()
        };
        Self {
            data,
            all: Part::default(),
            csv: Vec::new(),
            errors: Vec::new(),
            row_errors: Vec::new(),
            warnings: Vec::new(),
            failure: Vec::new(),
            metric_units: catalog.metrics.iter().map(|m| m.unit.clone()).collect(),
            flows: catalog
                .metrics
                .iter()
                .map(|m| (m.kind == MetricKind::Flow, Catalog::counts_things(m)))
                .collect(),
        }
    }

    pub fn add_file(&mut self, file: SourceFile, csv: bool, mut part: Part) {
        self.data.file_starts.push(self.all.figures.len());
        self.data.files.push(file);
        self.csv.push(csv);
        let errors = std::mem::take(&mut part.errors);
        let row_errors = std::mem::take(&mut part.recoverable);
        let warnings = std::mem::take(&mut part.warnings);
        let _ = self.all.absorb(vec![part]);
        self.errors.push(
            errors
                .into_iter()
                .chain(self.all.errors.drain(..))
                .collect(),
        );
        self.row_errors.push(row_errors);
        self.warnings.push(warnings);
    }

    /// Records what the whole of the data says about a figure of `file`.
    fn record(&mut self, file: usize, finding: Finding) {
        match finding {
            Finding::Warning(warning) => {
                if let Some(warnings) = self.warnings.get_mut(file) {
                    warnings.push(warning);
                }
            }
            Finding::Error(entity, err) if self.csv.get(file).copied().unwrap_or(false) => {
                if let Some(rows) = self.row_errors.get_mut(file) {
                    rows.push((entity.to_string(), err));
                }
            }
            Finding::Error(_, err) => {
                if let Some(errors) = self.errors.get_mut(file) {
                    errors.push(err);
                }
            }
        }
    }

    pub fn finish(mut self) -> Result<(Dataset, Vec<LoadWarnings>), LoadFailure> {
        // An entity whose every row was unreadable is still judged (as an
        // error), so it is named.
        let bad_names: Vec<Arc<str>> = self
            .row_errors
            .iter()
            .flatten()
            .map(|(entity, _)| Arc::from(entity.as_str()))
            .collect();
        for name in &bad_names {
            self.all.entity_id(name);
        }
        self.data.figures = std::mem::take(&mut self.all.figures);
        self.data.units = std::mem::take(&mut self.all.units);
        let index = index::build(
            &self.data.figures,
            self.data.metrics.len(),
            &self.all.entity,
            &self.all.entities,
        );
        self.all = Part::default();
        self.data.entities = index.entities;
        self.data.order = index.order;
        self.data.entity_starts = index.entity_starts;
        self.data.index_series();
        let repeats = index
            .duplicates
            .iter()
            .filter_map(|d| repeats::sort_out(&self.data, &self.metric_units, d));
        let findings: Vec<(usize, Finding)> = repeats
            .chain(falling::falls(&self.data, &self.metric_units, &self.flows))
            .chain(number_hint::look_vietnamese(&self.data))
            .collect();
        for (file, finding) in findings {
            self.record(file, finding);
        }
        self.data.periods = self.data.figures.periods();
        let mut warnings = Vec::new();
        for (file, source) in self.data.files.iter().enumerate() {
            let file_warnings = self.warnings.get_mut(file).map(std::mem::take);
            if let Some(file_warnings) = file_warnings.filter(|w| !w.is_empty()) {
                let mut file_warnings = file_warnings;
                let spans = file_warnings
                    .iter_mut()
                    .map(LoadWarning::span_mut)
                    .collect();
                warnings.push(LoadWarnings {
                    src: NamedSource::new(&source.path, source.quoting(spans)),
                    warnings: file_warnings,
                });
            }
            let rows = self.row_errors.get_mut(file).map(std::mem::take);
            if let Some(rows) = rows.filter(|r| !r.is_empty()) {
                let mut errors = Vec::new();
                for (entity, err) in rows {
                    let place = err
                        .spans()
                        .first()
                        .map_or_else(|| source.path.clone(), |span| source.row_place(span.start));
                    self.data.bad_entities.entry(entity).or_insert(place);
                    errors.push(err);
                }
                if let Ok(errors) = Vec1::try_from_vec(errors) {
                    self.data.row_errors.push(quoted(source, errors));
                }
            }
            let errors = self.errors.get_mut(file).map(std::mem::take);
            if let Some(errors) = errors.and_then(|e| Vec1::try_from_vec(e).ok()) {
                self.failure.push(quoted(source, errors));
            }
        }
        LoadFailure::or(self.failure, (self.data, warnings))
    }
}
