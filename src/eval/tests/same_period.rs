//! Comparisons with the same period of an earlier year ("so với cùng
//! kỳ"), and attainment worked out the way reports print it.

use super::{d, note_of, run};
use crate::check::AttainmentBasis;
use crate::eval::Status;

const REVENUE: &str = "metric rev: flow billion VND\n";

#[test]
fn a_flow_is_compared_with_the_same_point_of_the_year_before() {
    let rules = format!("{REVENUE}rev >= +13.4% vs same period\n");
    let files = [
        ("2023-Q3", "cumulative", "rev = 400"),
        ("2023", "cumulative", "rev = 600"),
        ("2024-Q3", "cumulative", "rev = 454"),
    ];
    let r = run(&rules, &files, "2024-Q3");
    // 454 on 400 is +13.5%: ahead of the change planned, so on track
    // until the year is out.
    assert_eq!(r[0].status, Status::OnTrack);
    assert_eq!(r[0].baseline, Some(d("400")));
    assert_eq!(
        r[0].baseline_period.map(|p| p.to_string()),
        Some("2023-Q3".into())
    );
    assert_eq!(r[0].change, Some(d("13.5")));
    assert_eq!(r[0].target, Some(d("453.6")));
    // 54 achieved of the 53.6 planned.
    assert_eq!(r[0].attainment, Some(d("100.75")));
    assert_eq!(r[0].attainment_basis, Some(AttainmentBasis::Change));
    assert_eq!(r[0].expected, None);
    let r = run(
        &rules,
        &[files[0], ("2024-Q3", "cumulative", "rev = 453")],
        "2024-Q3",
    );
    assert_eq!(r[0].status, Status::Behind);
}

#[test]
fn the_ratio_and_absolute_forms_read_as_they_are_printed() {
    let files = [
        ("2023-Q3", "cumulative", "rev = 433.9"),
        ("2024-Q3", "cumulative", "rev = 492"),
    ];
    // "đạt 113,4% so với cùng kỳ"
    let r = run(
        &format!("{REVENUE}rev >= 113.4% of same period\n"),
        &files,
        "2024-Q3",
    );
    assert_eq!(r[0].change, Some(d("113.39")));
    assert_eq!(r[0].status, Status::Behind);
    assert_eq!(
        r[0].attainment_basis,
        Some(AttainmentBasis::ActualOverTarget)
    );
    // "tăng 58 tỷ đồng so với cùng kỳ"
    let r = run(
        &format!("{REVENUE}rev >= +58 billion VND vs same period 2023\n"),
        &files,
        "2024-Q3",
    );
    assert_eq!(r[0].change, Some(d("58.1")));
    assert_eq!(r[0].status, Status::OnTrack);
}

#[test]
fn a_missing_earlier_period_is_missing_and_named() {
    let rules = format!("{REVENUE}rev >= +10% vs same period\n");
    let files = [
        ("2023", "cumulative", "rev = 600"),
        ("2024-Q3", "cumulative", "rev = 454"),
    ];
    let r = run(&rules, &files, "2024-Q3");
    assert_eq!(r[0].status, Status::Missing);
    let note = note_of(&r[0]);
    assert!(note.contains("2023-Q3"), "{note}");
    assert!(note.contains("`rev`"), "{note}");
}

#[test]
fn at_year_end_a_same_period_comparison_passes_or_fails() {
    let rules = format!("{REVENUE}rev >= +10% vs same period\n");
    let files = [
        ("2023", "cumulative", "rev = 600"),
        ("2024-Q4", "cumulative", "rev = 659"),
    ];
    let r = run(&rules, &files, "2024-Q4");
    assert_eq!(r[0].status, Status::Fail);
    assert_eq!(
        r[0].baseline_period.map(|p| p.to_string()),
        Some("2023-Q4".into())
    );
}

#[test]
fn a_stock_is_compared_at_the_same_date() {
    let rules = "metric herd: stock head\nherd >= +5% vs same period\n";
    let files = [
        ("2023-06", "cumulative", "herd = 1000"),
        ("2023", "cumulative", "herd = 1200"),
        ("2024-06", "cumulative", "herd = 1050"),
    ];
    let r = run(rules, &files, "2024-06");
    assert_eq!(r[0].baseline, Some(d("1000")));
    assert_eq!(r[0].status, Status::OnTrack);
}

#[test]
fn a_spending_cap_is_actual_over_plan() {
    // "chi ngân sách đạt 95% dự toán": a cap, realised at 95%.
    let rules = "metric spend: flow billion VND\nspend <= 100\n";
    let r = run(rules, &[("2024-Q4", "cumulative", "spend = 95")], "2024-Q4");
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Pass, Some(d("95")))
    );
    let r = run(
        rules,
        &[("2024-Q4", "cumulative", "spend = 104")],
        "2024-Q4",
    );
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Fail, Some(d("104")))
    );
}

#[test]
fn a_reduction_is_attained_as_the_reduction_achieved() {
    // Planned 8.94% → 7.34% (1.6 points); achieved 8.94% → 7.16% (1.78).
    let rules = "metric poverty_rate: stock %\npoverty_rate <= -1.6pp vs 2022\n";
    let files = [
        ("2022", "cumulative", "poverty_rate = \"8.94%\""),
        ("2023", "cumulative", "poverty_rate = \"7.16%\""),
    ];
    let r = run(rules, &files, "2023");
    assert_eq!(r[0].status, Status::Pass);
    assert_eq!(r[0].attainment, Some(d("111.25")));
    // The same level judged as a level: target over actual.
    let level = "metric poverty_rate: stock %\npoverty_rate <= 7.34%\n";
    let r = run(level, &files, "2023");
    assert_eq!(
        r[0].attainment_basis,
        Some(AttainmentBasis::TargetOverActual)
    );
    assert_eq!(r[0].attainment, Some(d("102.51")));
    // Or, chosen, as the reduction achieved of the reduction planned from
    // last year's figure.
    let chosen = "metric poverty_rate: stock %\n@attainment(change)\npoverty_rate <= 7.34%\n";
    let r = run(chosen, &files, "2023");
    assert_eq!(r[0].attainment, Some(d("111.25")));
}

#[test]
fn a_growth_met_exactly_is_attained_in_full() {
    let rules = format!("{REVENUE}rev >= +9.5% vs 2023\n");
    let files = [
        ("2023", "cumulative", "rev = 8000"),
        ("2024", "cumulative", "rev = 8760"),
    ];
    let r = run(&rules, &files, "2024");
    assert_eq!(
        (r[0].status, r[0].attainment),
        (Status::Pass, Some(d("100")))
    );
    // Before year end a flow's year to date is a share of its annual
    // target, not a change over a whole year.
    let r = run(
        &rules,
        &[files[0], ("2024-Q2", "cumulative", "rev = 4380")],
        "2024-Q2",
    );
    assert_eq!(
        r[0].attainment_basis,
        Some(AttainmentBasis::ActualOverTarget)
    );
    assert_eq!(r[0].attainment, Some(d("50")));
}

#[test]
fn a_change_of_nothing_has_no_share_of_it() {
    let rules = format!("{REVENUE}rev >= +0% vs 2023\n");
    let files = [
        ("2023", "cumulative", "rev = 8000"),
        ("2024", "cumulative", "rev = 8100"),
    ];
    let r = run(&rules, &files, "2024");
    assert_eq!((r[0].status, r[0].attainment), (Status::Pass, None));
}

proptest::proptest! {
    /// The change of one year over the other is the opposite of the
    /// other's over the one.
    #[test]
    fn swapping_the_years_inverts_the_change(earlier in 0u32..100_000, later in 0u32..100_000) {
        let rules = format!("{REVENUE}rev >= +0 billion VND vs same period");
        let files = |a: &str, b: &str| [
            ("2023-Q3", "cumulative", a.to_string()),
            ("2024-Q3", "cumulative", b.to_string()),
        ];
        let (x, y) = (format!("rev = {earlier}"), format!("rev = {later}"));
        let forward = files(&x, &y);
        let forward: Vec<(&str, &str, &str)> = forward.iter().map(|(p, b, v)| (*p, *b, v.as_str())).collect();
        let r = run(&format!("{rules}\n"), &forward, "2024-Q3");
        let backward_rules = format!("{REVENUE}rev >= +0 billion VND vs same period 2024\n");
        let backward = run(&backward_rules, &forward, "2023-Q3");
        let (Some(a), Some(b)) = (r[0].change, backward[0].change) else {
            return Err(proptest::test_runner::TestCaseError::fail("no change"));
        };
        proptest::prop_assert_eq!(a, -b);
        proptest::prop_assert_eq!(a, rust_decimal::Decimal::from(later) - rust_decimal::Decimal::from(earlier));
    }
}

proptest::proptest! {
    /// No basis divides by zero: where its denominator is zero (a plan of
    /// nothing, a change of nothing planned) there is no attainment, and
    /// where there is one it is the quotient the basis names.
    #[test]
    fn attainment_never_divides_by_zero(
        a in -2000i64..2000,
        t in -2000i64..2000,
        base in -2000i64..2000,
        basis in proptest::sample::select(AttainmentBasis::ALL.map(|(b, _)| b).to_vec()),
    ) {
        use rust_decimal::Decimal;
        let (a, t, base) = (Decimal::new(a, 1), Decimal::new(t, 1), Decimal::new(base, 1));
        let shown = crate::eval::numbers::attainment(basis, a, t, Some(base), &[Decimal::ONE_HUNDRED]);
        let (num, den) = match basis {
            AttainmentBasis::ActualOverTarget => (a, t),
            AttainmentBasis::TargetOverActual => (t, a),
            AttainmentBasis::Change => (a - base, t - base),
        };
        if let Some(shown) = shown {
            proptest::prop_assert!(!den.is_zero());
            let exact = num * Decimal::ONE_HUNDRED / den;
            proptest::prop_assert!((shown - exact).abs() <= Decimal::new(5, 3), "{shown} {exact}");
        }
        if den.is_zero() {
            proptest::prop_assert_eq!(shown, None);
        }
    }
}
