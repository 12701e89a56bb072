//! The bundled Binh Luc 2023 example, as the README runs it.

mod common;

use common::run_in_repo;

const RULES: &str = "rules/binh-luc-2023.rules";
const DATA: &str = "examples/binh-luc-2023";

#[test]
fn year_end_report() {
    let out = run_in_repo(&["check", RULES, DATA]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn mid_year_report_shows_on_track_and_behind() {
    let out = run_in_repo(&["check", RULES, DATA, "--as-of", "2023-Q2"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("on_track") && out.stdout.contains("behind"));
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn year_end_json() {
    let out = run_in_repo(&["check", RULES, DATA, "--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = &doc["summary"];
    assert_eq!(summary["pass"], 36);
    assert_eq!(summary["fail"], 7);
    assert_eq!(summary["missing"], 1);
    assert_eq!(doc["results"].as_array().unwrap().len(), 44);
    insta::assert_snapshot!(out.stdout);
}
