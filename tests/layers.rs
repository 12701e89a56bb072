//! The pipeline's imports flow one way: each module of `src/` names only
//! modules of the layers below it, so checking a rule file never reaches
//! into the data or the engine, and the engine never into reports.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of tests: a failure is a test failure"
)]

use std::collections::BTreeSet;
use std::path::Path;

/// From the bottom up; a module may name the modules of earlier layers.
const LAYERS: &[&[&str]] = &[
    &["span", "suggest", "pool"],
    &["units", "source"],
    &["syntax"],
    &["check"],
    &["data"],
    &["eval"],
    // A report may say why a run stopped, in its language.
    &["run_error"],
    &["data_lint", "report"],
    &["pipeline"],
    &["ruletest"],
    &["fuzz", "cli"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules `text` names as `crate::module`.
fn named(text: &str) -> BTreeSet<String> {
    text.match_indices("crate::")
        .map(|(at, m)| {
            text[at + m.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn imports_flow_one_way_through_the_pipeline() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let top = relative.iter().next().unwrap().to_string_lossy();
        let module = top.trim_end_matches(".rs");
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = layer(module) else {
            wrong.push(format!("{module} is in no layer: add it to LAYERS"));
            continue;
        };
        for other in named(&std::fs::read_to_string(file).unwrap()) {
            match layer(&other) {
                Some(theirs) if theirs < own || other == module => {}
                _ => wrong.push(format!("{} names crate::{other}", relative.display())),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the pipeline:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_names_what_it_finds() {
    assert_eq!(
        named("use crate::eval::Values;\n/// see [`crate::data`]"),
        BTreeSet::from(["eval".to_string(), "data".to_string()])
    );
}
