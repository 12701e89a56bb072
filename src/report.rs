//! Rendering results: an auditor's text summary and a JSON document.

mod finding;
mod json;
mod number;
mod text;

pub use finding::Finding;
pub use json::render_json;
pub use text::render_text;

use crate::check::{CheckedRule, Program};
use crate::data::Dataset;
use crate::eval::{Evaluation, RuleResult};

/// Everything a renderer needs to describe a run.
pub struct Context<'a> {
    pub program: &'a Program,
    pub evaluation: &'a Evaluation,
    pub data: &'a Dataset,
    pub rules_path: &'a str,
    pub rules_source: &'a str,
}

impl Context<'_> {
    pub fn rule(&self, result: &RuleResult) -> Option<&CheckedRule> {
        self.program.rules.get(result.rule)
    }
}
