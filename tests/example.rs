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
    // The main indicators and the tasks are tallied apart, the data check
    // apart from both.
    for line in [
        "Các chỉ tiêu kinh tế - xã hội chủ yếu (khoản 2 Điều 2): 21/30 met (19 exceeded) · 8 failed · 1 missing\n",
        "Nhiệm vụ, giải pháp chủ yếu (Điều 3): 16/19 met (8 exceeded) · 3 failed · 0 missing\n",
        "Data checks: 1/1 met · 0 failed · 0 missing\n",
    ] {
        assert!(out.stdout.contains(line), "{line}{}", out.stdout);
    }
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

/// The December report's figures are estimates ("ước thực hiện"): every
/// year-end actual says so, and the official 2022 baselines do not.
#[test]
fn year_end_figures_are_estimates_and_say_so() {
    let json = |extra: &[&str]| -> Vec<serde_json::Value> {
        let out = check(&[&["--format", "json"], extra].concat());
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        doc["results"].as_array().unwrap().clone()
    };
    let year_end = json(&[]);
    let judged: Vec<_> = year_end.iter().filter(|r| !r["actual"].is_null()).collect();
    assert_eq!(judged.len(), 49);
    assert!(judged.iter().all(|r| r["estimate"] == true));
    let baselines: Vec<_> = year_end
        .iter()
        .flat_map(|r| r["baseline_locations"].as_array().unwrap())
        .collect();
    assert!(!baselines.is_empty());
    assert!(baselines.iter().all(|b| b["estimate"] == false));
    assert!(
        judged
            .iter()
            .flat_map(|r| r["data_locations"].as_array().unwrap())
            .all(|d| d["estimate"] == true)
    );
    let mid_year = json(&["--as-of", "2023-Q2"]);
    assert!(mid_year.iter().all(|r| r["estimate"] == false));

    let text = check(&["--lang", "vi"]).stdout;
    assert!(text.contains("ước 3.912 người"), "{text}");
    let text = check(&[]).stdout;
    assert!(text.contains("est. 3,912 persons"), "{text}");
}

/// Units the rule file declares carry their Vietnamese names
/// (`unit communes "xã"`); built-in ones are translated word by word.
#[test]
fn vietnamese_reports_name_units_in_vietnamese() {
    let vi = check(&["--lang", "vi"]).stdout;
    for shown in [
        "≥ 4 xã (phấn đấu 6)",
        "≥ 2.662,6 tỷ đồng",
        "ước 7.120 con",
        "1 doanh nghiệp",
    ] {
        assert!(vi.contains(shown), "{shown}\n{vi}");
    }
    let en = check(&[]).stdout;
    for shown in [
        "≥ 4 communes (aiming 6)",
        "≥ 2,662.6 billion VND",
        "est. 7,120 head",
        "1 enterprise",
    ] {
        assert!(en.contains(shown), "{shown}\n{en}");
    }
}

#[test]
fn year_end_json() {
    let out = check(&["--format", "json"]);
    assert_eq!(out.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let summary = &doc["summary"];
    assert_eq!(summary["pass"], 38);
    assert_eq!(summary["fail"], 11);
    assert_eq!(summary["missing"], 1);
    assert_eq!(summary["exceeded"], 27);
    assert_eq!(doc["results"].as_array().unwrap().len(), 50);
    let groups = doc["groups"].as_array().unwrap();
    let counts = |g: &serde_json::Value| (g["name"].clone(), g["total"].clone(), g["pass"].clone());
    assert_eq!(counts(&groups[0]), ("main".into(), 30.into(), 21.into()));
    assert_eq!(counts(&groups[1]), ("tasks".into(), 19.into(), 16.into()));
    // A task over named communes lists those not done; other rules have
    // no list.
    let result = |id: &str| {
        doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        result("A3.combat-drills")["not_done"],
        serde_json::json!(["Tiêu Động"])
    );
    assert_eq!(
        result("A3.general-plans")["not_done"],
        serde_json::json!([])
    );
    assert!(result("A2.new-jobs")["not_done"].is_null());
    assert_eq!(
        (
            doc["checks"]["total"].clone(),
            doc["checks"]["pass"].clone()
        ),
        (1.into(), 1.into())
    );
    let check = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "structure-sum")
        .unwrap();
    assert_eq!(
        (
            check["check"].clone(),
            check["group"].clone(),
            check["cite"].clone()
        ),
        (
            true.into(),
            serde_json::Value::Null,
            serde_json::Value::Null
        )
    );
}

/// The reading of the resolution in `docs/binh-luc-2023.md` names every
/// rule of the file as the file states it.
#[test]
fn the_reading_of_the_resolution_lists_every_rule_as_written() {
    let out = run_in_repo(&["list", RULES, "--format", "json"]);
    let rules: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let doc = std::fs::read_to_string(common::repo().join("docs/binh-luc-2023.md")).unwrap();
    for rule in rules.as_array().unwrap() {
        let row = format!(
            "`{}`: `{} {}`",
            rule["id"].as_str().unwrap(),
            rule["metric"].as_str().unwrap(),
            rule["target"].as_str().unwrap()
        );
        assert!(doc.contains(&row), "docs/binh-luc-2023.md lacks {row}");
    }
}
