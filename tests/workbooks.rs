//! Workbooks in the long layout: read as typed, every figure at its cell.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of tests: a failure is a test failure"
)]

mod common;

use common::{Test, repo};

const RULES: &str = "metric new_jobs: flow persons\nmetric poverty_rate: stock %\nmetric agri_output: flow billion VND\nnew_jobs >= 3830\npoverty_rate <= 3.7%\nagri_output >= 2662.6 billion VND\n";

fn fixture(name: &str) -> String {
    repo()
        .join("tests/fixtures/workbooks")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn a_workbook_is_read_as_typed_and_located_by_cell() {
    let out = Test::new()
        .rules(RULES)
        .arg(&fixture("figures.xlsx"))
        .arg("--format")
        .arg("json")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let results = doc["results"].as_array().unwrap();
    // Doubles in the workbook, exact decimals here: 0.1 is 0.1.
    let actual = |id: &str| {
        results.iter().find(|r| r["id"] == id).unwrap()["actual"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(actual("poverty_rate"), "0.1");
    assert_eq!(actual("agri_output"), "2662.6");
    assert_eq!(actual("new_jobs"), "3830");
    // Titles above the header and a blank row are passed over; the
    // hidden sheet of notes is not read. Rows and columns are the sheet's.
    let location = &results.iter().find(|r| r["id"] == "agri_output").unwrap()["data_locations"][0];
    assert!(
        location["file"]
            .as_str()
            .unwrap()
            .ends_with("figures.xlsx!Q4")
    );
    assert_eq!(
        (location["line"].as_u64(), location["column"].as_u64()),
        (Some(7), Some(4))
    );
    let explain = Test::new()
        .command("explain")
        .arg("poverty_rate")
        .arg("rules.rules")
        .rules(RULES)
        .arg(&fixture("figures.xlsx"))
        .run();
    assert!(
        explain.stdout.contains("figures.xlsx!Q4!D5"),
        "{}",
        explain.stdout
    );
}

#[test]
fn a_value_no_one_can_read_is_named_by_its_cell() {
    let out = Test::new()
        .rules(RULES)
        .arg(&fixture("bad-value.xlsx"))
        .run();
    // The run reports, and says its data was bad.
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("invalid value for `poverty_rate`: not a number"),
        "{}",
        out.stderr
    );
    assert!(
        out.stdout.contains("bad-value.xlsx!Q4!D5"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_broken_workbook_is_a_clear_error() {
    let out = Test::new()
        .rules(RULES)
        .write("figures.xlsx", "these bytes are not a workbook")
        .arg("figures.xlsx")
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("cannot read the workbook `figures.xlsx`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("resolute::load::workbook"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("UTF-8"), "{}", out.stderr);
}

#[test]
fn a_directory_holds_workbooks_beside_csv_and_toml() {
    let dir = repo().join("tests/fixtures/workbooks");
    let out = Test::new()
        .rules(RULES)
        .arg(&dir.display().to_string())
        .run();
    // Both workbooks are read: the good one's figures and the bad one's
    // unreadable row, which spoils the entity.
    assert!(out.stderr.contains("bad-value.xlsx!Q4"), "{}", out.stderr);
}
