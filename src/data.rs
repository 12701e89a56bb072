//! Loading submitted figures from TOML and CSV files.

mod csv_file;
mod error;
mod falling;
mod figures;
mod files;
pub mod hint;
mod index;
mod load;
mod number_hint;
mod period;
mod reader;
mod repeats;
mod source_file;
mod toml_file;
mod workbook;

pub use error::{LoadError, LoadErrors, LoadWarning, LoadWarnings};
pub use files::list_files;
pub use load::{
    LoadFailure, LoadOptions, load, load_sources, load_with, load_with_texts, read_sources,
};
pub use period::{Basis, BasisError, Close, FORMS as PERIOD_FORMS, Part, Period, PeriodError};
pub use reader::NumberFormat;
pub use source_file::SourceFile;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use vec1::Vec1;

use rayon::prelude::*;

use rust_decimal::Decimal;

use crate::span::Span;
use crate::units::Unit;
use figures::{Figures, When};

/// Where a value was read: a file of the dataset and a byte range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Location {
    /// The file's index in [`Dataset::files`].
    pub file: usize,
    /// The bytes the value was read from.
    pub span: Span,
}

/// One reported figure, as read back from the dataset.
#[derive(Debug, Clone, Copy)]
pub struct Observation<'d> {
    /// The period the figure is for.
    pub period: Period,
    /// Whether it covers the year so far or the quarter alone.
    pub basis: Basis,
    /// The metric it measures.
    pub metric: &'d Arc<str>,
    /// The value as written, in `unit`.
    pub value: Decimal,
    /// The unit as written; `None` means the metric's declared unit.
    pub unit: Option<&'d Unit>,
    /// Marked approximate by its reporter ("hơn 5.200 tỷ").
    pub approx: bool,
    /// Reported as an estimate ("ước thực hiện"), to be replaced by the
    /// official figure.
    pub estimate: bool,
    /// A bare number below one for a percentage whose targets are above
    /// one percent: most likely a fraction (`0.037` for 3.7%).
    pub suspect_fraction: bool,
    /// Where it was read.
    pub location: Location,
}

/// A figure of a dataset, found by [`Dataset::closing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FigureId(u32);

/// What reading a figure's value needs, without where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Value<'a> {
    /// The value as written, in `unit`.
    pub value: Decimal,
    /// `None`: the metric's own unit.
    pub unit: Option<&'a Unit>,
    /// Where `unit` is among [`Dataset::units`].
    pub unit_id: Option<usize>,
    /// Marked approximate by its reporter.
    pub approx: bool,
    /// Reported as an estimate.
    pub estimate: bool,
    /// A bare number below one for a percentage: most likely a fraction.
    pub suspect_fraction: bool,
}

/// Every figure of a run, grouped by entity and, within one, by metric
/// and period.
#[derive(Debug, Default)]
pub struct Dataset {
    /// Every file read, in the order read.
    pub files: Vec<SourceFile>,
    figures: Figures,
    /// The first figure of each file, figures being stored in load order.
    file_starts: Vec<usize>,
    /// Sorted by name.
    entities: Vec<Arc<str>>,
    /// Figures by entity: those of entity `i` are
    /// `order[entity_starts[i]..entity_starts[i + 1]]`, by metric and period.
    order: Vec<u32>,
    entity_starts: Vec<usize>,
    /// Where each entity's figures of each metric start in `order`, when
    /// entities × metrics is not much more than the figures: a lookup
    /// instead of a search.
    series_starts: Option<Vec<u32>>,
    /// By metric id: the rules' metrics, in name order.
    metrics: Vec<Arc<str>>,
    metric_ids: HashMap<Arc<str>, u32>,
    units: Vec<Arc<Unit>>,
    periods: BTreeSet<Period>,
    /// Rows of the long CSV form that could not be read, per file. The rest
    /// of the file is still loaded; every result of an entity named here is
    /// an error, and the run says the data was bad.
    pub row_errors: Vec<LoadErrors>,
    /// Entities with an unreadable row, and where the first one is.
    pub bad_entities: BTreeMap<String, String>,
}

impl Dataset {
    /// Every entity with a figure or an unreadable row, in name order.
    pub fn entities(&self) -> impl Iterator<Item = &str> + Clone {
        self.entities.iter().map(|e| &**e)
    }

    /// The entities' shared names, in name order.
    pub fn entity_names(&self) -> &[Arc<str>] {
        &self.entities
    }

    /// Whether any file reports `entity`.
    pub fn has_entity(&self, entity: &str) -> bool {
        self.entity_index(entity).is_some()
    }

    /// `entity`'s place among [`Dataset::entities`].
    pub fn entity_index(&self, entity: &str) -> Option<usize> {
        self.entities.binary_search_by(|e| (**e).cmp(entity)).ok()
    }

    /// Number of figures.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no file reported any figure.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Every period some figure is reported for.
    pub fn periods(&self) -> &BTreeSet<Period> {
        &self.periods
    }

    /// The latest period any figure is reported for.
    pub fn latest_period(&self) -> Option<Period> {
        self.periods.iter().copied().max()
    }

    /// The id of a metric of the rules, for [`Dataset::series_of`].
    pub fn metric_id(&self, metric: &str) -> Option<u32> {
        self.metric_ids.get(metric).copied()
    }

    /// Figures for one entity and metric, by period.
    pub fn series(&self, entity: &str, metric: &str) -> impl Iterator<Item = Observation<'_>> {
        let entity = self.entity_index(entity);
        let metric = self.metric_id(metric);
        let found = entity.zip(metric).map(|(e, m)| self.series_of(e, m));
        found.into_iter().flatten()
    }

    /// Figures for entity number `entity` and metric `metric`, by period.
    pub fn series_of(
        &self,
        entity: usize,
        metric: u32,
    ) -> impl Iterator<Item = Observation<'_>> + Clone {
        self.series_slice(entity, metric)
            .iter()
            .filter_map(|&i| self.observation(i as usize))
    }

    /// The widest figure of entity number `entity` and metric `metric` that
    /// covers `year` up to `close`, with the first month it covers: a year
    /// to date (first month 1) before a quarter alone before a month alone.
    /// A whole year closes with December.
    pub fn closing(
        &self,
        entity: usize,
        metric: u32,
        year: i32,
        close: Close,
    ) -> Option<(FigureId, u8)> {
        // Compared as packed covers: this runs for every rule and entity.
        let wanted = When::end_of(year, close);
        let series = self.series_slice(entity, metric);
        let found = series
            .iter()
            .find(|&&i| self.figures.when(i as usize).end() == wanted)?;
        let first = self.figures.when(*found as usize).first_month();
        Some((FigureId(*found), first))
    }

    /// The value of a figure found, and what to read it with.
    pub fn value(&self, id: FigureId) -> Option<Value<'_>> {
        let i = id.0 as usize;
        let marks = self.figures.marks(i);
        Some(Value {
            value: self.figures.value(i)?,
            unit: match marks.unit() {
                Some(u) => Some(self.units.get(u)?),
                None => None,
            },
            unit_id: marks.unit(),
            approx: marks.approx(),
            estimate: marks.estimate(),
            suspect_fraction: marks.suspect_fraction(),
        })
    }

    /// The units the data's figures are written in, other than their
    /// metrics' own.
    pub fn units(&self) -> impl ExactSizeIterator<Item = &Unit> {
        self.units.iter().map(|u| &**u)
    }

    /// A figure found, in full.
    pub fn figure(&self, id: FigureId) -> Option<Observation<'_>> {
        self.observation(id.0 as usize)
    }

    fn series_slice(&self, entity: usize, metric: u32) -> &[u32] {
        if let Some(starts) = &self.series_starts {
            let at = entity * self.metrics.len() + metric as usize;
            let from = starts.get(at).copied().unwrap_or(0) as usize;
            let to = starts.get(at + 1).copied().unwrap_or(0) as usize;
            return self.order.get(from..to).unwrap_or_default();
        }
        let from = self.entity_starts.get(entity).copied().unwrap_or(0);
        let to = self.entity_starts.get(entity + 1).copied().unwrap_or(from);
        let figures = self.order.get(from..to).unwrap_or_default();
        let first = figures.partition_point(|&i| self.figures.metric(i as usize) < metric);
        let rest = figures.get(first..).unwrap_or_default();
        let count = rest.partition_point(|&i| self.figures.metric(i as usize) <= metric);
        rest.get(..count).unwrap_or_default()
    }

    fn observation(&self, i: usize) -> Option<Observation<'_>> {
        let figure = self.figures.get(i)?;
        let file = self
            .file_starts
            .partition_point(|&s| s <= i)
            .saturating_sub(1);
        let start = figure.start as usize;
        Some(Observation {
            period: figure.when.period(),
            basis: figure.when.basis(),
            metric: self.metrics.get(figure.metric as usize)?,
            value: figure.value,
            unit: match figure.marks.unit() {
                Some(u) => Some(self.units.get(u)?),
                None => None,
            },
            approx: figure.marks.approx(),
            estimate: figure.marks.estimate(),
            suspect_fraction: figure.marks.suspect_fraction(),
            location: Location {
                file,
                span: Span::new(start, start + usize::from(figure.len)),
            },
        })
    }

    /// One error per file holding figures of years outside `allowed`.
    pub fn outside_years(&self, allowed: &BTreeSet<i32>) -> Vec<LoadErrors> {
        if self.periods.iter().all(|p| allowed.contains(&p.year)) {
            return Vec::new();
        }
        let years: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        let mut out = Vec::new();
        for (file, source) in self.files.iter().enumerate() {
            let from = self.file_starts.get(file).copied().unwrap_or(0);
            let to = self
                .file_starts
                .get(file + 1)
                .copied()
                .unwrap_or(self.figures.len());
            let outside = (from..to)
                .filter_map(|i| self.figures.get(i))
                .find(|f| !allowed.contains(&f.when.period().year));
            if let Some(figure) = outside {
                let start = figure.start as usize;
                let span = Span::new(start, start + usize::from(figure.len));
                let error = LoadError::OutsideYears {
                    period: figure.when.period().to_string(),
                    years: years.join(", "),
                    span,
                };
                out.push(load::quoted(source, Vec1::new(error)));
            }
        }
        out
    }

    /// Keeps only the figures of `entity`.
    pub fn retain_entity(&mut self, entity: &str) {
        let Some(index) = self.entity_index(entity) else {
            self.entities.clear();
            self.order.clear();
            self.entity_starts = vec![0];
            self.series_starts = None;
            return;
        };
        let from = self.entity_starts.get(index).copied().unwrap_or(0);
        let to = self.entity_starts.get(index + 1).copied().unwrap_or(from);
        self.order = self.order.get(from..to).unwrap_or_default().to_vec();
        self.entity_starts = vec![0, self.order.len()];
        self.entities.retain(|e| &**e == entity);
        self.index_series();
        self.bad_entities.retain(|e, _| e == entity);
        self.periods = self
            .order
            .iter()
            .map(|&i| self.figures.when(i as usize).period())
            .collect();
    }

    /// Fills `series_starts`, if small enough.
    fn index_series(&mut self) {
        let metrics = self.metrics.len();
        let cells = self.entities.len().saturating_mul(metrics);
        let order_len = u32::try_from(self.order.len());
        if cells > 4 * self.order.len() + 1024 || order_len.is_err() {
            self.series_starts = None;
            return;
        }
        let mut starts = vec![0u32; cells + 1];
        let (order, figures) = (&self.order, &self.figures);
        starts
            .par_chunks_mut(metrics.max(1))
            .zip(self.entity_starts.par_windows(2))
            .for_each(|(row, w)| {
                let mut at = w[0];
                for (m, slot) in row.iter_mut().enumerate() {
                    *slot = at as u32;
                    while at < w[1]
                        && order
                            .get(at)
                            .is_some_and(|&i| figures.metric(i as usize) as usize <= m)
                    {
                        at += 1;
                    }
                }
            });
        if let Some(last) = starts.last_mut() {
            *last = self.order.len() as u32;
        }
        self.series_starts = Some(starts);
    }

    /// The file figure `i` (in load order) was read from.
    fn file_of(&self, i: usize) -> usize {
        self.file_starts
            .partition_point(|&s| s <= i)
            .saturating_sub(1)
    }

    /// `path:line:column` of a location; `data.xlsx!Q4!C12` in a workbook.
    pub fn describe(&self, location: Location) -> String {
        match self.files.get(location.file) {
            Some(file) => file.place(location.span.start),
            None => "<unknown>".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn series_gather_one_entity_across_files_by_period() {
        let rules = "metric a: stock t\nmetric b: stock t\na >= 1\nb >= 1\n";
        let program = crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap();
        let file = |period: &str, a: u32, b: u32| {
            format!("[report]\nentity=\"E\"\nperiod=\"{period}\"\n[values]\na = {a}\nb = {b}\n")
        };
        let files = vec![
            ("x.toml".to_string(), file("2023-Q4", 3, 4)),
            ("y.toml".to_string(), file("2022", 1, 2)),
            (
                "z.toml".to_string(),
                "[report]\nentity=\"D\"\nperiod=\"2022\"\n[values]\nb = 9\n".to_string(),
            ),
        ];
        let (data, _) = super::load_sources(files, &program).unwrap();
        let b: Vec<String> = data
            .series("E", "b")
            .map(|o| format!("{} {} {}", o.period, o.value, o.location.file))
            .collect();
        assert_eq!(b, ["2022 2 1", "2023-Q4 4 0"]);
        assert_eq!(data.entities().collect::<Vec<_>>(), ["D", "E"]);
        assert_eq!(data.series("D", "a").count(), 0);
        assert_eq!(data.series("F", "a").count(), 0);
        assert_eq!(data.len(), 5);
    }

    #[test]
    fn estimates_are_marked_by_the_file_or_the_value() {
        let rules = "metric a: stock t\nmetric b: stock t\na >= 1\nb >= 1\n";
        let program = crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap();
        let files = vec![
            (
                "est.toml".to_string(),
                "[report]\nentity=\"E\"\nperiod=\"2023\"\nestimate=true\n[values]\na = 1\nb = { value = 2, estimate = false }\n".to_string(),
            ),
            (
                "old.toml".to_string(),
                "[report]\nentity=\"E\"\nperiod=\"2022\"\n[values]\na = 3\nb = { value = 4, estimate = true }\n".to_string(),
            ),
            (
                "rows.csv".to_string(),
                "entity,period,metric,value,estimate\nD,2023,a,5,true\nD,2023,b,6,\nD,2022,a,7,false\n".to_string(),
            ),
        ];
        let (data, _) = super::load_sources(files, &program).unwrap();
        let marks = |entity: &str, metric: &str| -> Vec<String> {
            data.series(entity, metric)
                .map(|o| format!("{} {}", o.period, o.estimate))
                .collect()
        };
        assert_eq!(marks("E", "a"), ["2022 false", "2023 true"]);
        assert_eq!(marks("E", "b"), ["2022 true", "2023 false"]);
        assert_eq!(marks("D", "a"), ["2022 false", "2023 true"]);
        assert_eq!(marks("D", "b"), ["2023 false"]);
    }

    #[test]
    fn lists_of_items_done_are_read_item_by_item_where_written() {
        let rules = "plans done for \"Vũ Bản\", \"Bồ Đề\"\nx >= 1\n";
        let program = crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap();
        let toml =
            "[report]\nentity=\"E\"\nperiod=\"2023\"\n[values]\nplans = [\"Vũ Bản\", \"Bo De\"]\n";
        let csv = "entity,period,metric,value\nD,2023,plans,Vũ Bản ;  Bồ Đề\n";
        let files = vec![
            ("a.toml".to_string(), toml.to_string()),
            ("b.csv".to_string(), csv.to_string()),
        ];
        let (data, warnings) = super::load_sources(files, &program).unwrap();
        let item = |entity: &str, name: &str| -> Vec<String> {
            let series = program.metrics["plans"].item_series(name);
            data.series(entity, &series)
                .map(|o| {
                    let text = data.files[o.location.file].text();
                    text[o.location.span.start..o.location.span.end].to_string()
                })
                .collect()
        };
        // Each item points at its own name in the file.
        assert_eq!(item("E", "Vũ Bản"), ["Vũ Bản"]);
        assert!(item("E", "Bồ Đề").is_empty());
        assert_eq!(item("D", "Vũ Bản"), ["Vũ Bản"]);
        assert_eq!(item("D", "Bồ Đề"), ["Bồ Đề"]);
        // The list itself says how many it names.
        let listed: Vec<_> = data.series("D", "plans").map(|o| o.value).collect();
        assert_eq!(listed, [rust_decimal::Decimal::TWO]);
        let warned = format!("{warnings:?}");
        assert!(
            warned.contains("UnknownItem") && warned.contains("did you mean `Bồ Đề`?"),
            "{warned}"
        );
        // A number where the rules judge items, and a list where they judge
        // a number, are errors.
        for (values, said) in [
            (
                "plans = 2",
                "expected the list of items done, found a number",
            ),
            ("x = [\"A\"]", "expected a number, found array"),
        ] {
            let text = format!("[report]\nentity=\"E\"\nperiod=\"2023\"\n[values]\n{values}\n");
            let errors = match super::load_sources(vec![("c.toml".to_string(), text)], &program) {
                Ok(_) => panic!("{values} loaded"),
                Err(errors) => format!("{errors:?}"),
            };
            assert!(errors.contains(said), "{values}: {errors}");
        }
    }

    #[test]
    fn a_level_comes_whole_and_not_below_zero() {
        let rules = "metric thcs: stock level\nthcs >= 3\n";
        let program = crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap();
        for (value, said) in [
            ("2.5", "a level cannot have a fraction"),
            ("-1", "a level cannot be negative"),
        ] {
            let text =
                format!("[report]\nentity=\"E\"\nperiod=\"2023\"\n[values]\nthcs = {value}\n");
            let errors = match super::load_sources(vec![("a.toml".to_string(), text)], &program) {
                Ok(_) => panic!("{value} loaded"),
                Err(errors) => format!("{errors:?}"),
            };
            assert!(errors.contains(said), "{value}: {errors}");
        }
    }

    #[test]
    fn an_estimate_mark_is_true_or_false() {
        let rules = "metric a: stock t\na >= 1\n";
        let program = crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap();
        for (name, text, said) in [
            (
                "a.toml",
                "[report]\nentity=\"E\"\nperiod=\"2023\"\nestimate=\"yes\"\n[values]\na = 1\n",
                "estimate",
            ),
            (
                "b.toml",
                "[report]\nentity=\"E\"\nperiod=\"2023\"\n[values]\na = { value = 1, estimate = 1 }\n",
                "estimate",
            ),
            (
                "c.csv",
                "entity,period,metric,value,estimate\nE,2023,a,1,ước\n",
                "\"E\": \"c.csv:2\"",
            ),
        ] {
            let files = vec![(name.to_string(), text.to_string())];
            // A bad CSV row leaves its entity out rather than the file.
            let problems = match super::load_sources(files, &program) {
                Ok((data, _)) => format!("{:?}", data.bad_entities),
                Err(errors) => format!("{errors:?}"),
            };
            assert!(problems.contains(said), "{name}: {problems}");
        }
    }
}
