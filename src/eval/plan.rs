//! What the engine works out once per run rather than once per result:
//! each metric's id in the dataset, and whether each rule is on flows.

use foldhash::HashMap;

use crate::check::{Metric, MetricKind, Program};
use crate::data::Dataset;

#[derive(Debug)]
pub struct Plan<'p> {
    /// By name: the metric and its id in the dataset.
    metrics: HashMap<&'p str, (&'p Metric, Option<u32>)>,
    /// By rule: every metric it reads is a flow.
    flows: Vec<bool>,
}

impl<'p> Plan<'p> {
    pub fn new(program: &'p Program, data: &Dataset) -> Self {
        let metrics = program
            .metrics
            .iter()
            .map(|(name, metric)| (name.as_str(), (metric, data.metric_id(name))))
            .collect();
        let flows = program
            .rules
            .iter()
            .map(|rule| {
                rule.lhs.metrics().iter().all(|(name, _)| {
                    program
                        .metrics
                        .get(*name)
                        .is_some_and(|m| m.kind == MetricKind::Flow)
                })
            })
            .collect();
        Self { metrics, flows }
    }

    pub fn metric(&self, name: &str) -> Option<(&'p Metric, Option<u32>)> {
        self.metrics.get(name).copied()
    }

    pub fn is_flow(&self, rule: usize) -> bool {
        self.flows.get(rule).copied().unwrap_or(false)
    }
}
