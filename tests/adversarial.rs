//! The adversarial corpus: `tests/adversarial/CASE/` holds the files of one
//! hostile input and `case.toml` the command, the exit code and phrases the
//! diagnostic must contain; the full output is a snapshot. Every case must
//! leave its inputs untouched, and a run that could not read its inputs
//! must not report a pass.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a failure is a test failure"
)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[derive(serde::Deserialize)]
struct Case {
    args: Vec<String>,
    exit: i32,
    contains: Vec<String>,
    /// Bad CSV rows spoil their own entity; others may still pass.
    #[serde(default)]
    partial: bool,
}

fn snapshot_of_files(dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.is_dir() {
            snapshot_of_files(&path, out);
        } else if meta.is_file() {
            out.insert(path.display().to_string(), std::fs::read(&path).unwrap());
        }
    }
}

#[test]
fn every_hostile_input_gets_a_located_diagnostic() {
    let root = common::repo().join("tests/adversarial");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 100, "the corpus has {} cases", names.len());
    let mut failures = Vec::new();
    for name in names {
        let dir = root.join(&name);
        let case: Case =
            toml::from_str(&std::fs::read_to_string(dir.join("case.toml")).unwrap()).unwrap();
        let mut before = BTreeMap::new();
        snapshot_of_files(&dir, &mut before);
        let output = Command::new(env!("CARGO_BIN_EXE_resolute"))
            .args(&case.args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env("SOURCE_DATE_EPOCH", "1704067200")
            .output()
            .unwrap();
        let code = output.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        if code != case.exit {
            failures.push(format!(
                "{name}: exit {code}, expected {}\n{stdout}\n{stderr}",
                case.exit
            ));
            continue;
        }
        for phrase in &case.contains {
            if !stdout.contains(phrase.as_str()) && !stderr.contains(phrase.as_str()) {
                failures.push(format!("{name}: `{phrase}` not in\n{stdout}\n{stderr}"));
            }
        }
        // Unreadable input prints no report, except bad rows of the long
        // CSV form, which spoil only their own entity: nothing may pass.
        let passes = stdout.lines().any(|l| l.trim_start().starts_with("pass"));
        if code == 2 && ((passes && !case.partial) || !stderr.contains('×')) {
            failures.push(format!(
                "{name}: a pass, or no diagnostic, for unreadable input\n{stdout}\n{stderr}"
            ));
        }
        let mut after = BTreeMap::new();
        snapshot_of_files(&dir, &mut after);
        assert!(before == after, "{name}: an input file changed");
        insta::assert_snapshot!(
            name.clone(),
            format!("exit {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
        );
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The diagnostic codes of a run's standard error, in order.
fn codes(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .map(|l| match l.split_once(": resolute::") {
            Some((_, code)) => &l[l.len() - code.len() - "resolute::".len()..],
            None => l,
        })
        .filter(|l| l.starts_with("resolute::"))
        .collect()
}

/// The headline of every diagnostic: the lines after `×`, `⚠` or `☞`.
fn headlines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with(['×', '⚠', '☞']))
        .collect()
}

#[test]
fn every_diagnostic_of_the_corpus_is_said_in_vietnamese() {
    let root = common::repo().join("tests/adversarial");
    let mut failures = Vec::new();
    let mut said = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let case: Case =
            toml::from_str(&std::fs::read_to_string(dir.join("case.toml")).unwrap()).unwrap();
        let run = |lang: &str| {
            let output = Command::new(env!("CARGO_BIN_EXE_resolute"))
                .args(&case.args)
                .args(["--lang", lang])
                .current_dir(&dir)
                .env("NO_COLOR", "1")
                .env("SOURCE_DATE_EPOCH", "1704067200")
                .output()
                .unwrap();
            String::from_utf8_lossy(&output.stderr).into_owned()
        };
        let (en, vi) = (run("en"), run("vi"));
        if en.is_empty() {
            continue;
        }
        said += 1;
        if codes(&en) != codes(&vi) {
            failures.push(format!("{name}: the codes differ\n{en}\n{vi}"));
        }
        if vi.contains("help:")
            || vi
                .lines()
                .any(|l| l.starts_with("Error:") || l.starts_with("Warning:"))
        {
            failures.push(format!("{name}: miette's English words remain\n{vi}"));
        }
        for (en_line, vi_line) in headlines(&en).iter().zip(headlines(&vi)) {
            if *en_line == vi_line {
                failures.push(format!("{name}: `{vi_line}` is not translated"));
            }
        }
    }
    assert!(said >= 100, "only {said} cases print a diagnostic");
    assert!(
        failures.is_empty(),
        "{} cases:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
