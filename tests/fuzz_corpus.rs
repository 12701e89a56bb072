//! Replays the fuzzing seed corpus and every input that once failed
//! (`fuzz/corpus/`, `fuzz/regressions/`) through the fuzz entry points, so
//! plain `cargo test` keeps them fixed.

#![allow(
    clippy::unwrap_used,
    reason = "a broken fixture directory is a test failure"
)]

mod common;

fn replay(target: &str, run: fn(&[u8])) {
    let mut count = 0;
    for dir in ["fuzz/corpus", "fuzz/regressions"] {
        let path = common::repo().join(dir).join(target);
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries {
            let file = entry.unwrap().path();
            run(&std::fs::read(&file).unwrap());
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn rules_corpus() {
    replay("rules", resolute::fuzz::rules);
}

#[test]
fn toml_corpus() {
    replay("toml_data", resolute::fuzz::toml_data);
}

#[test]
fn csv_corpus() {
    replay("csv_data", resolute::fuzz::csv_data);
}

#[test]
fn pipeline_corpus() {
    replay("pipeline", resolute::fuzz::pipeline);
}

#[test]
fn repeated_figures_corpus() {
    replay("repeated_figures", resolute::fuzz::repeated_figures);
}

#[test]
fn hostile_names_corpus() {
    replay("hostile_names", resolute::fuzz::hostile_names);
}
