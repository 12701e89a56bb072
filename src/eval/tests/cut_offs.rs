//! Cut-off dates inside a month ("đến ngày 20-6"): the year to that day,
//! due and on its path by the days passed of the month it falls in.

use super::{d, note_of, run};
use crate::data::Period;
use crate::eval::Status;
use crate::eval::numbers::{Share, year_elapsed};
use rust_decimal::Decimal;

const JOBS: &str = "metric jobs: flow persons\njobs >= 3600\n";

#[test]
fn a_flow_is_due_by_the_days_passed_of_its_month() {
    // Five months and 20 of June's 30 days: (5 + 20/30) / 12 of 3,600.
    let r = run(
        JOBS,
        &[("2023-06-20", "cumulative", "jobs = 1700")],
        "2023-06-20",
    );
    assert_eq!(r[0].expected, Some(d("1700")));
    assert_eq!(r[0].status, Status::OnTrack);
    let r = run(
        JOBS,
        &[("2023-06-20", "cumulative", "jobs = 1699")],
        "2023-06-20",
    );
    assert_eq!(r[0].status, Status::Behind);
    let note = note_of(&r[0]);
    assert!(note.contains("2023-06-20"), "{note}");
}

#[test]
fn a_cut_off_is_read_only_from_a_figure_to_that_day() {
    // June's year to date is not the year to the 20th of June, nor the
    // other way round: each is missing and says which figure it wanted.
    let r = run(
        JOBS,
        &[("2023-06", "cumulative", "jobs = 1800")],
        "2023-06-20",
    );
    assert_eq!(r[0].status, Status::Missing);
    let note = note_of(&r[0]);
    assert!(note.contains("2023-06-20"), "{note}");
    let r = run(
        JOBS,
        &[("2023-06-20", "cumulative", "jobs = 1700")],
        "2023-06",
    );
    assert_eq!(r[0].status, Status::Missing);
    // Both stand side by side: they cover different days.
    let r = run(
        JOBS,
        &[
            ("2023-06-20", "cumulative", "jobs = 1700"),
            ("2023-06", "cumulative", "jobs = 1800"),
        ],
        "2023-06",
    );
    assert_eq!(r[0].actual, Some(d("1800")));
}

#[test]
fn a_quarterly_profile_is_read_between_the_month_ends_around_a_cut_off() {
    let rules = "metric grain: flow t profile(15%, 55%, 70%, 100%)\ngrain >= 3100\n";
    // June's end is due 55% (1,705 t), July's 60% (1,860 t): 16 of July's
    // 31 days later, 1,705 + 155 × 16 / 31 = 1,785.
    let r = run(
        rules,
        &[("2023-07-16", "cumulative", "grain = 1785")],
        "2023-07-16",
    );
    assert_eq!(r[0].expected, Some(d("1785")));
    assert_eq!(r[0].status, Status::OnTrack);
}

#[test]
fn a_stock_follows_its_path_day_by_day() {
    let rules = "metric rate: stock %\nrate <= 3.7%\n";
    let base = ("2022", "cumulative", "rate = \"4.9%\"");
    // 5 months and 15 of June's 30 days: 165/360 of the way from 4.9% to
    // 3.7%, 4.9 − 1.2 × 165 / 360 = 4.35.
    let r = run(
        rules,
        &[base, ("2023-06-15", "cumulative", "rate = \"4.35%\"")],
        "2023-06-15",
    );
    assert_eq!(r[0].expected, Some(d("4.35")));
    assert_eq!(r[0].status, Status::OnTrack);
}

#[test]
fn a_cut_off_is_compared_with_the_same_day_of_the_year_before() {
    // "Thu ngân sách huyện hưởng theo phân cấp đến ngày 20-6 thực hiện
    // 77,634 tỷ đồng (đạt 161% kế hoạch, tăng 304% so với cùng kỳ năm
    // trước)".
    let revenue = "metric budget: flow billion VND\n";
    let files = [
        ("2023-06-20", "cumulative", "budget = 19.216"),
        ("2024-06-20", "cumulative", "budget = 77.634"),
    ];
    let r = run(
        &format!("{revenue}budget >= +300% vs same period\n"),
        &files,
        "2024-06-20",
    );
    assert_eq!(
        r[0].baseline_period.map(|p| p.to_string()),
        Some("2023-06-20".into())
    );
    assert_eq!(r[0].change.map(|c| c.round_dp(0)), Some(d("304")));
    assert_eq!(r[0].status, Status::OnTrack);
    // Against the annual plan, the share of it realised.
    let r = run(
        &format!("{revenue}budget >= 48.2\n"),
        &files[1..],
        "2024-06-20",
    );
    assert_eq!(r[0].attainment.map(|a| a.round_dp(0)), Some(d("161")));
}

proptest::proptest! {
    /// The year passed by a cut-off lies between the month ends around
    /// it, and grows day by day.
    #[test]
    fn a_cut_off_falls_between_its_month_ends(month in 1u8..=12, day in 1u8..=30) {
        // A month's last day is the month itself.
        let Some(date) = Period::date(2023, month, day).filter(|p| p.close().days.is_some()) else {
            return Ok(());
        };
        let at = |share: Share| share.of(Decimal::from(360 * 31)).unwrap_or_default();
        let before = at(year_elapsed(Period::month(2023, month).close()));
        let start = at(year_elapsed(date.close()));
        let ended = Decimal::from(30 * 31 * u32::from(month - 1));
        proptest::prop_assert!(ended < start && start < before);
        if let Some(next) = Period::date(2023, month, day + 1) {
            proptest::prop_assert!(start < at(year_elapsed(next.close())));
        }
    }
}
