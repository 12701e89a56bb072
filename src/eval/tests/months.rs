//! Months beside quarters: a month's year to date is read like a quarter's,
//! months alone add up like quarters alone, and a flow is due month by
//! month.

use super::{FLOWS, d, note_of, run, statuses};
use crate::eval::{Note, Status};

#[test]
fn june_year_to_date_is_judged_as_the_second_quarter_is() {
    let by_month = run(
        FLOWS,
        &[("2023-06", "cumulative", "jobs = 1999\nspend = 50.1")],
        "2023-06",
    );
    let by_quarter = run(
        FLOWS,
        &[("2023-Q2", "cumulative", "jobs = 1999\nspend = 50.1")],
        "2023-Q2",
    );
    assert_eq!(statuses(&by_month), statuses(&by_quarter));
    for (m, q) in by_month.iter().zip(&by_quarter) {
        assert_eq!(
            (m.actual, m.expected, m.attainment),
            (q.actual, q.expected, q.attainment)
        );
    }
    // A month's figure read as of the quarter it closes, and the other way.
    let crossed = run(
        FLOWS,
        &[("2023-06", "cumulative", "jobs = 1999\nspend = 50.1")],
        "2023-Q2",
    );
    assert_eq!(statuses(&crossed), statuses(&by_quarter));
}

#[test]
fn months_alone_add_to_the_quarters_before_them() {
    let files = [
        ("2023-Q1", "quarter", "jobs = 900"),
        ("2023-Q2", "quarter", "jobs = 1000"),
        ("2023-Q3", "quarter", "jobs = 1000"),
        ("2023-10", "month", "jobs = 300"),
    ];
    let r = run(
        "metric jobs: flow persons\njobs >= 3830\n",
        &files,
        "2023-10",
    );
    assert_eq!(r[0].actual, Some(d("3200")));
    assert_eq!(r[0].inputs.len(), 4);
    // Ten twelfths of 3,830 are due by October.
    assert_eq!(r[0].expected, Some(d("3830") * d("10") / d("12")));
    assert_eq!(r[0].status, Status::OnTrack);
    // Without the third quarter the year to date is unknown, and the
    // result names the month it looked for, the way the run's period is
    // written.
    let r = run(
        "metric jobs: flow persons\njobs >= 3830\n",
        &[files[0], files[1], files[3]],
        "2023-10",
    );
    assert_eq!(r[0].status, Status::Missing);
    let Some(Note::Missing(missing)) = &r[0].note else {
        panic!("no missing note: {:?}", r[0].note);
    };
    let looked_for: Vec<String> = missing.iter().map(ToString::to_string).collect();
    assert!(
        looked_for.iter().any(|f| f.contains("2023-09")),
        "{looked_for:?}"
    );
}

#[test]
fn a_missing_month_is_named_as_a_month() {
    let r = run(
        "metric jobs: flow persons\njobs >= 3830\n",
        &[("2023-Q3", "cumulative", "jobs = 2900")],
        "2023-10",
    );
    assert_eq!(r[0].status, Status::Missing);
    let note = note_of(&r[0]);
    assert!(note.contains("2023-10"), "{note}");
}

#[test]
fn a_quarterly_profile_is_read_at_a_month_along_the_straight_line() {
    let rules = "metric grain: flow t profile(15%, 55%, 70%, 100%)\ngrain >= 300\n";
    // A month into the third quarter: 55% + (70% - 55%) / 3 = 60%.
    let r = run(
        rules,
        &[("2023-07", "cumulative", "grain = 179")],
        "2023-07",
    );
    assert_eq!(r[0].expected, Some(d("180")));
    assert_eq!(r[0].status, Status::Behind);
    // At a quarter's close, the profile's own share.
    let r = run(
        rules,
        &[("2023-09", "cumulative", "grain = 210")],
        "2023-09",
    );
    assert_eq!(r[0].expected, Some(d("210")));
    assert_eq!(r[0].status, Status::OnTrack);
    // A month into the year: a third of the first quarter's 15%.
    let r = run(rules, &[("2023-01", "cumulative", "grain = 15")], "2023-01");
    assert_eq!(r[0].expected, Some(d("15")));
}

#[test]
fn a_monthly_profile_gives_each_months_share() {
    let shares = "5%, 10%, 15%, 20%, 30%, 40%, 50%, 60%, 70%, 80%, 90%, 100%";
    let rules = format!("metric rev: flow t profile({shares})\nrev >= 1000\n");
    let r = run(&rules, &[("2023-05", "cumulative", "rev = 299")], "2023-05");
    assert_eq!(r[0].expected, Some(d("300")));
    assert_eq!(r[0].status, Status::Behind);
}

#[test]
fn a_stock_follows_its_path_month_by_month() {
    let rules = "metric rate: stock %\nrate <= 3.7%\n";
    let base = ("2022", "cumulative", "rate = \"4.9%\"");
    // Ten months of twelve along the path from 4.9% to 3.7%: 3.9%.
    let r = run(
        rules,
        &[base, ("2023-10", "cumulative", "rate = \"3.9%\"")],
        "2023-10",
    );
    assert_eq!(r[0].status, Status::OnTrack);
    assert_eq!(r[0].expected, Some(d("3.9")));
    let r = run(
        rules,
        &[base, ("2023-10", "cumulative", "rate = \"3.91%\"")],
        "2023-10",
    );
    assert_eq!(r[0].status, Status::Behind);
}

#[test]
fn december_is_the_year_end() {
    let r = run(
        FLOWS,
        &[("2023-12", "cumulative", "jobs = 4001\nspend = 100.1")],
        "2023-12",
    );
    assert_eq!(statuses(&r), [Status::Pass, Status::Fail]);
}

proptest::proptest! {
    /// A year to date given for a quarter's last month is judged as the
    /// same figure given for the quarter, flow or stock, as of either.
    #[test]
    fn months_and_quarters_agree(
        quarter in 1u8..=4,
        jobs in 0u32..6000,
        rate in 0u32..600,
        as_of_month in proptest::bool::ANY,
    ) {
        let rules = "metric jobs: flow persons\nmetric rate: stock %\njobs >= 3830\nrate <= 3.7%\n";
        let values = format!("jobs = {jobs}\nrate = \"{}%\"", crate::syntax::ast::decimal_text(rust_decimal::Decimal::new(i64::from(rate), 2)));
        let base = ("2022", "cumulative", "rate = \"4.9%\"");
        let month = format!("2023-{:02}", 3 * quarter);
        let quarter = format!("2023-Q{quarter}");
        let as_of = if as_of_month { &month } else { &quarter };
        let by_month = run(rules, &[base, (&month, "cumulative", &values)], as_of);
        let by_quarter = run(rules, &[base, (&quarter, "cumulative", &values)], as_of);
        for (m, q) in by_month.iter().zip(&by_quarter) {
            proptest::prop_assert_eq!(m.status, q.status);
            proptest::prop_assert_eq!((m.actual, m.expected, m.margin, m.attainment), (q.actual, q.expected, q.margin, q.attainment));
        }
    }
}
