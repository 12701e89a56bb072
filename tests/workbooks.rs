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
    // The diagnostic quotes the sheet's rows, numbered as the sheet does.
    assert!(
        out.stderr
            .contains(" 5 │ binh-luc,2023-Q4,poverty_rate,n/a,%"),
        "{}",
        out.stderr
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

#[test]
fn an_opendocument_spreadsheet_reads_the_same() {
    let out = Test::new()
        .rules(RULES)
        .arg(&fixture("figures.ods"))
        .arg("--format")
        .arg("json")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let poverty = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "poverty_rate")
        .unwrap()
        .clone();
    assert_eq!(poverty["actual"], "0.1");
    let location = &poverty["data_locations"][0];
    assert!(
        location["file"]
            .as_str()
            .unwrap()
            .ends_with("figures.ods!Q4")
    );
    assert_eq!(
        (location["line"].as_u64(), location["column"].as_u64()),
        (Some(5), Some(4))
    );
}

#[test]
fn ci_formats_point_at_the_workbook_and_say_the_cell() {
    let rules = "metric poverty_rate: stock %\npoverty_rate <= 0.05%\n";
    let run = |format: &str| {
        Test::new()
            .rules(rules)
            .arg(&fixture("figures.xlsx"))
            .arg("--format")
            .arg(format)
            .run()
            .stdout
    };
    let github = run("github");
    assert!(
        github.contains("figures.xlsx,line=5,col=4,endLine=5,endColumn=4,"),
        "{github}"
    );
    assert!(github.contains("[Q4!D5]"), "{github}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let location = &sarif["runs"][0]["results"][0]["locations"][0];
    let uri = location["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.ends_with("figures.xlsx"), "{uri}");
    assert_eq!(location["message"]["text"], "Q4!D5");
    // The audit names the workbook once, with the hash of its bytes,
    // though two of its sheets were read.
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let files = json["audit"]["data"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{files:?}");
    let bytes = std::fs::read(fixture("figures.xlsx")).unwrap();
    let digest: String = <sha2::Sha256 as sha2::Digest>::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(files[0]["sha256"], digest.as_str());
}
