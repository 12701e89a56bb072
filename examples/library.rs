//! resolute as a library: check the bundled example and print one line per
//! target that is not met.
//!
//!     cargo run --example library

use std::io::Write;
use std::path::PathBuf;

use resolute::data::LoadOptions;
use resolute::eval::{Status, evaluate};
use resolute::pipeline::{Data, Rules, prepare};

fn main() -> Result<(), String> {
    let rules = Rules::read("rules/binh-luc-2023.rules".as_ref()).map_err(|e| e.to_string())?;
    let paths = [PathBuf::from("examples/binh-luc-2023")];
    let run = prepare(
        &rules.program,
        Data::Files(&paths),
        None,
        LoadOptions::default(),
    )
    .map_err(|e| e.to_string())?;
    let evaluation = evaluate(&rules.program, &run.data, run.as_of);
    // Written, not printed: a closed pipe (`| head`) ends the example
    // quietly instead of panicking.
    let mut out = std::io::stdout().lock();
    let closed = |e: std::io::Error| e.to_string();
    writeln!(out, "as of {}: {} results", run.as_of, evaluation.len()).map_err(closed)?;
    for result in evaluation.results_where(|j| j.verdict.status != Status::Pass) {
        let Some(rule) = rules.program.rules.get(result.rule) else {
            continue;
        };
        let attained = result
            .attainment
            .map(|a| format!(", {a}% of target"))
            .unwrap_or_default();
        writeln!(out, "{:<8} {}{attained}", result.status.as_str(), rule.id).map_err(closed)?;
    }
    Ok(())
}
