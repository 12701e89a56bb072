//! The bundled Binh Luc 2023 example, as the README runs it. Its reports in
//! every format are the gallery under `reports/`, checked in `reports.rs`.

mod common;

use common::{Outcome, run_in_repo};

const RULES: &str = "rules/binh-luc-2023.rules";
const DATA: &str = "examples/binh-luc-2023";

fn check(extra: &[&str]) -> Outcome {
    let mut args = vec!["check", RULES, DATA];
    args.extend_from_slice(extra);
    run_in_repo(&args)
}

#[test]
fn year_end_report() {
    let out = check(&[]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    assert!(
        out.stdout
            .contains("36/44 targets met · 7 failed · 1 missing")
    );
}

#[test]
fn mid_year_report_shows_on_track_and_behind() {
    let out = check(&["--as-of", "2023-Q2"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("on_track") && out.stdout.contains("behind"));
}

#[test]
fn third_quarter_sums_quarter_only_figures() {
    let out = check(&["--as-of", "2023-Q3", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let jobs = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "A2.new-jobs")
        .unwrap();
    // 2,000 year-to-date at Q2 plus 960 reported for Q3 alone.
    assert_eq!(jobs["actual"], "2960");
    assert_eq!(jobs["data_locations"].as_array().unwrap().len(), 2);
}

#[test]
fn year_end_json() {
    let out = check(&["--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = &doc["summary"];
    assert_eq!(summary["pass"], 36);
    assert_eq!(summary["fail"], 7);
    assert_eq!(summary["missing"], 1);
    assert_eq!(doc["results"].as_array().unwrap().len(), 44);
}
