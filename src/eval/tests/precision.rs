//! Precision and approximation: a rule judged at the precision a report
//! prints ("đạt 100%" for 8,962 of 8,962.72), figures and targets marked
//! approximate ("hơn 15.600", `~5200`).

use super::{d, run};
use crate::check::{CheckError, check};
use crate::eval::Status;
use crate::syntax::parse_rules;

const OUTPUT: &str = "metric out: flow billion VND\n";

#[test]
fn a_rule_at_a_precision_is_judged_as_the_report_prints_it() {
    let files = [("2024", "cumulative", "out = 8962")];
    let exact = run(&format!("{OUTPUT}out >= 8962.72\n"), &files, "2024");
    assert_eq!(
        (exact[0].status, exact[0].attainment),
        (Status::Fail, Some(d("99.99")))
    );
    let printed = run(
        &format!("{OUTPUT}@precision(1%)\nout >= 8962.72\n"),
        &files,
        "2024",
    );
    assert_eq!(
        (printed[0].status, printed[0].attainment),
        (Status::Pass, Some(d("100")))
    );
    // Rounded once, from the exact share: 99.4992% is 99%, not 100%.
    let files = [("2024", "cumulative", "out = 99.4992")];
    let r = run(
        &format!("{OUTPUT}@precision(1%)\nout >= 100\n"),
        &files,
        "2024",
    );
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Fail, Some(d("99")))
    );
    let r = run(
        &format!("{OUTPUT}@precision(0.1%)\nout >= 100\n"),
        &files,
        "2024",
    );
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Fail, Some(d("99.5")))
    );
}

#[test]
fn a_cap_at_a_precision_allows_what_rounds_to_its_plan() {
    let files = [("2024", "cumulative", "out = 100.4")];
    let r = run(
        &format!("{OUTPUT}@precision(1%)\nout <= 100\n"),
        &files,
        "2024",
    );
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Pass, Some(d("100")))
    );
    let files = [("2024", "cumulative", "out = 100.6")];
    let r = run(
        &format!("{OUTPUT}@precision(1%)\nout <= 100\n"),
        &files,
        "2024",
    );
    assert_eq!(r[0].status, Status::Fail);
}

#[test]
fn precisions_are_checked() {
    let errors = |text: &str| match check(&parse_rules(text).unwrap()) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().collect::<Vec<_>>(),
    };
    for bad in ["2%", "0.5%", "1", "x%", "0.00000001%"] {
        let errs = errors(&format!("{OUTPUT}@precision({bad})\nout >= 1\n"));
        assert!(
            matches!(errs.first(), Some(CheckError::BadPrecision { .. })),
            "{bad}: {errs:?}"
        );
    }
    let errs = errors(&format!("{OUTPUT}@precision(1%)\nout in 4 to 6\n"));
    assert!(
        matches!(errs.first(), Some(CheckError::PrecisionOnBand { .. })),
        "{errs:?}"
    );
}

#[test]
fn approximate_figures_and_targets_are_read_as_written_and_marked() {
    let files = [("2024", "cumulative", "out = \"hơn 15,600\"")];
    let r = run(&format!("{OUTPUT}out >= ~15000\n"), &files, "2024");
    assert_eq!(r[0].actual, Some(d("15600")));
    assert!(r[0].approx);
    assert_eq!(r[0].status, Status::Pass);
    let program = check(&parse_rules(&format!("{OUTPUT}out >= ~15000\n")).unwrap()).unwrap();
    assert!(program.rules[0].approx_target);
    let program = check(&parse_rules(&format!("{OUTPUT}out >= 15000\n")).unwrap()).unwrap();
    assert!(!program.rules[0].approx_target);
    for marked in [
        "~5200",
        "≈ 5200",
        "gần 5200",
        "khoảng 5200",
        "trên 5200",
        "about 5200",
    ] {
        let data = format!("out = \"{marked}\"");
        let r = run(
            &format!("{OUTPUT}out >= 5000\n"),
            &[("2024", "cumulative", data.as_str())],
            "2024",
        );
        assert_eq!(
            (r[0].actual, r[0].approx),
            (Some(d("5200")), true),
            "{marked}"
        );
    }
}
