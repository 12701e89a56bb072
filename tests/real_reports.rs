//! The second bundled example, Long Điền 2024, written from the district's
//! published reports: every "đạt x% kế hoạch" they printed is what resolute
//! works out from the same figures, within the rounding of the printed
//! percentage.

mod common;

use common::run_in_repo;
use rust_decimal::Decimal;
use std::str::FromStr;

const RULES: &str = "rules/long-dien-2024.rules";
const DATA: &str = "examples/long-dien-2024";

/// How a report printed an attainment.
enum Printed {
    /// "đạt 55,9%": this, to the decimals written.
    About(&'static str),
    /// "đạt gần 61%": at most this, within its rounding.
    Nearly(&'static str),
    /// "vượt hơn 7%": over this.
    Over(&'static str),
}

/// (as of, rule, what the report printed, the sentence)
const PRINTED: &[(&str, &str, Printed, &str)] = &[
    (
        "2024-06",
        "LD.trade",
        Printed::About("55.9"),
        "hơn 15.600 tỷ đồng, đạt 55,9% kế hoạch",
    ),
    (
        "2024-06",
        "LD.industry",
        Printed::About("61.1"),
        "3.069,5 tỷ đồng, đạt 61,1% kế hoạch",
    ),
    (
        "2024-06",
        "LD.budget",
        Printed::About("55.5"),
        "328,8 tỷ đồng, đạt 55,5% kế hoạch",
    ),
    (
        "2024-06",
        "LD.tourism",
        Printed::Nearly("61"),
        "gần 558 tỷ đồng, đạt gần 61% kế hoạch",
    ),
    (
        "2024-06",
        "LD.seafood",
        Printed::About("52"),
        "hơn 29.300 tấn, đạt 52% kế hoạch",
    ),
    (
        "2024-09",
        "LD.trade",
        Printed::About("85.2"),
        "gần 23.759 tỷ đồng, đạt 85,2% kế hoạch",
    ),
    (
        "2024-09",
        "LD.industry",
        Printed::About("86.1"),
        "gần 4.323 tỷ đồng, đạt 86,1% kế hoạch",
    ),
    (
        "2024-09",
        "LD.budget",
        Printed::About("83"),
        "492 tỷ đồng/592,3 tỷ đồng, đạt 83% kế hoạch tỉnh giao",
    ),
    (
        "2024-09",
        "LD.tourism",
        Printed::About("84.7"),
        "hơn 775 tỷ đồng, đạt 84,7% kế hoạch của huyện",
    ),
    (
        "2024",
        "LD.trade",
        Printed::Over("107"),
        "hơn 29.900 tỷ đồng, vượt hơn 7% so với Nghị quyết",
    ),
    (
        "2024",
        "LD.budget",
        Printed::Over("109"),
        "hơn 646 tỷ đồng, vượt hơn 9% kế hoạch tỉnh giao",
    ),
    (
        "2024",
        "LD.agri",
        Printed::About("100"),
        "hơn 696 tỷ đồng, đạt 100% so với Nghị quyết",
    ),
    // "tăng 20% so với cùng kỳ": 19.99% achieved of 20% planned, judged at
    // the report's precision.
    (
        "2024-09",
        "LD.trade-growth",
        Printed::About("100"),
        "gần 23.759 tỷ đồng, tăng 20% so với cùng kỳ",
    ),
];

/// The JSON report as of `as_of`, and what the run wrote to stderr.
fn attainments(as_of: &str) -> (serde_json::Result<serde_json::Value>, String) {
    let out = run_in_repo(&["check", RULES, DATA, "--as-of", as_of, "--format", "json"]);
    (serde_json::from_str(&out.stdout), out.stderr)
}

#[test]
fn every_printed_attainment_is_reproduced() {
    let mut failures = Vec::new();
    for as_of in ["2024-06", "2024-09", "2024"] {
        let (doc, stderr) = attainments(as_of);
        assert_eq!(stderr, "", "{as_of}");
        let doc = doc.unwrap();
        let results = doc["results"].as_array().unwrap();
        for (when, id, printed, sentence) in PRINTED.iter().filter(|p| p.0 == as_of) {
            let result = results.iter().find(|r| r["id"] == *id).unwrap();
            let Some(ours) = result["attainment"]
                .as_str()
                .map(|a| Decimal::from_str(a).unwrap())
            else {
                failures.push(format!("{when} {id}: no attainment ({sentence})"));
                continue;
            };
            let half_unit = |text: &str| {
                let printed = Decimal::from_str(text).unwrap();
                (printed, Decimal::new(5, printed.scale() + 1))
            };
            let holds = match printed {
                Printed::About(text) => {
                    let (p, half) = half_unit(text);
                    (ours - p).abs() <= half
                }
                Printed::Nearly(text) => {
                    let (p, half) = half_unit(text);
                    ours <= p && p - ours <= half
                }
                Printed::Over(text) => ours > Decimal::from_str(text).unwrap(),
            };
            if !holds {
                failures.push(format!("{when} {id}: {ours}% against \"{sentence}\""));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn results_say_how_attainment_was_worked_out_and_what_was_compared() {
    let doc = attainments("2024-09").0.unwrap();
    let results = doc["results"].as_array().unwrap();
    let by_id = |id: &str| results.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(by_id("LD.trade")["attainment_basis"], "actual_over_target");
    assert_eq!(by_id("LD.trade")["approx"], true);
    let growth = by_id("LD.trade-growth");
    assert_eq!(growth["attainment_basis"], "change");
    assert_eq!(growth["baseline_period"], "2023-09");
    assert_eq!(growth["baseline"], "19801");
    assert_eq!(growth["change"], "19.99");
    assert_eq!(growth["status"], "on_track");
    // Without the first half of 2023, the comparison as of June is
    // missing, and says which figure it looked for.
    let june = attainments("2024-06").0.unwrap();
    let growth = june["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "LD.trade-growth")
        .unwrap();
    assert_eq!(growth["status"], "missing");
    assert!(
        growth["note"].as_str().unwrap().contains("2023-06"),
        "{growth}"
    );
}

#[test]
fn explain_shows_both_periods_the_change_and_the_precision() {
    let out = run_in_repo(&[
        "explain",
        "LD.trade-growth",
        RULES,
        DATA,
        "--as-of",
        "2024-09",
    ]);
    assert_eq!(out.stderr, "");
    for step in [
        "target: the 2023-09 figure 19,801 billion VND",
        "× (1 + 20%) = 23,761.2 billion VND",
        "2024-09: 23,759 billion VND; 2023-09: 19,801 billion VND; +19.99%",
        "attainment 100%, rounded to 1% as the report prints it",
        "change achieved ÷ change planned",
    ] {
        assert!(out.stdout.contains(step), "{step}\n{}", out.stdout);
    }
}
