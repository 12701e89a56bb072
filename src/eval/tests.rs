//! The engine's semantics, case by case.

use super::numbers::{percent_by_division, percent_in_integers};
use super::*;
use crate::check::check;
use crate::data::load_sources;
use crate::syntax::parse_rules;
use std::str::FromStr;

fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
    use proptest::prelude::*;
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, scale)| Decimal::new(m, scale)),
        (-100_000i64..100_000, 0u32..4).prop_map(|(m, scale)| Decimal::new(m, scale)),
        (any::<i128>(), 0u32..=28).prop_filter_map("too wide", |(m, scale)| {
            Decimal::try_from_i128_with_scale(m % (1i128 << 96), scale).ok()
        }),
    ]
}

proptest::proptest! {
    #[test]
    fn percent_in_integers_is_the_division_rounded(
        num in any_decimal(),
        den in any_decimal(),
    ) {
        proptest::prop_assume!(!den.is_zero());
        if let Some(quick) = percent_in_integers(num, den) {
            let slow = percent_by_division(num, den);
            proptest::prop_assert_eq!(Some(quick.to_string()), slow.map(|d| d.to_string()));
        }
    }

    #[test]
    fn percent_in_integers_agrees_next_to_midpoints(
        den in 1i64..100_000_000_000_000_000,
        den_scale in 0u32..10,
        k in -20_000i64..20_000,
        nudge in -3i64..=3,
        nudge_scale in 10u32..=28,
    ) {
        let den = Decimal::new(den, den_scale);
        // Exactly on the midpoint (2k+1)/200 of the target, then a hair off it.
        let on = den * Decimal::new(2 * k + 1, 0) / Decimal::new(200, 0);
        if let Some(num) = on.checked_add(Decimal::new(nudge, nudge_scale))
            && let Some(quick) = percent_in_integers(num, den)
        {
            let slow = percent_by_division(num, den);
            proptest::prop_assert_eq!(Some(quick.to_string()), slow.map(|d| d.to_string()));
        }
    }
}

#[test]
fn percent_in_integers_rounds_midpoints_away_from_zero() {
    let quick = |n: &str, d: &str| percent_in_integers(d_(n), d_(d)).map(|p| p.to_string());
    assert_eq!(quick("1", "8"), Some("12.5".into()));
    assert_eq!(quick("1", "3"), Some("33.33".into()));
    assert_eq!(quick("2", "3"), Some("66.67".into()));
    assert_eq!(quick("0.00005", "1"), Some("0.01".into()));
    assert_eq!(quick("-0.00005", "1"), Some("-0.01".into()));
    assert_eq!(quick("-0.00004", "1"), Some("0".into()));
    assert_eq!(quick("7000", "7000"), Some("100".into()));
    assert_eq!(quick("1", "1000000000000000000"), None);
    assert_eq!(quick("1000000", "1"), None);
    // i64::MIN / -1 overflows a 64-bit division.
    assert_eq!(quick("-922337203685477.5808", "-1"), None);
}

fn d_(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Evaluates `rules` against TOML files given as (period, basis, values).
fn run(rules: &str, files: &[(&str, &str, &str)], as_of: &str) -> Vec<RuleResult> {
    let program = check(&parse_rules(rules).unwrap()).unwrap();
    let sources = files
        .iter()
        .map(|(period, basis, values)| {
            let text = format!(
                "[report]\nentity = \"d\"\nperiod = \"{period}\"\nbasis = \"{basis}\"\n[values]\n{values}\n"
            );
            (format!("{period}-{basis}.toml"), text)
        })
        .collect();
    let (data, _) = load_sources(sources, &program).unwrap_or_else(|e| panic!("{:?}", e.errors));
    evaluate(&program, &data, Period::from_str(as_of).unwrap())
        .results()
        .collect()
}

/// A result's note as text, or nothing.
fn note_of(result: &RuleResult) -> String {
    result
        .note
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn statuses(results: &[RuleResult]) -> Vec<Status> {
    results.iter().map(|r| r.status).collect()
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

mod bands;
mod cut_offs;
mod months;
mod precision;
mod rates;
mod same_period;

const CARD: &str = "poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n";

#[test]
fn counts_and_the_parallel_walk_agree_with_the_verdicts() {
    let program = check(&parse_rules(CARD).unwrap()).unwrap();
    let mut csv = String::from("entity,period,metric,value\n");
    for e in 0..200 {
        let rate = format!("{}.{}%", e % 7, e % 10);
        csv.push_str(&format!("e{e},2023-Q4,poverty_rate,{rate}\n"));
        if e % 3 != 0 {
            csv.push_str(&format!("e{e},2023-Q4,new_jobs,{}\n", 3700 + e));
        }
        csv.push_str(&format!("e{e},2023-Q4,cattle,{}\n", 6900 + e));
    }
    let (data, _) = load_sources(vec![("d.csv".into(), csv)], &program).unwrap();
    let evaluation = evaluate(&program, &data, Period::quarter(2023, 4));
    let mut want = [[0usize; Status::ALL.len()]; 3];
    for judged in evaluation.verdicts() {
        want[judged.rule][judged.verdict.status.index()] += 1;
    }
    assert_eq!(evaluation.counts_by_rule(), &want[..]);
    assert_eq!(evaluation.count(Status::Missing), 67);
    assert_eq!(
        Status::ALL
            .map(|s| evaluation.count(s))
            .iter()
            .sum::<usize>(),
        600
    );
    let walked: Vec<(usize, usize, String)> = evaluation
        .par_verdicts_by_entity()
        .flat_map_iter(|row| row.map(|j| (j.index, j.rule, j.entity.to_string())))
        .collect();
    let want: Vec<(usize, usize, String)> = evaluation
        .verdicts()
        .map(|j| (j.index, j.rule, j.entity.to_string()))
        .collect();
    assert_eq!(walked, want);
}

#[test]
fn year_end_boundaries_are_exact() {
    let r = run(
        CARD,
        &[(
            "2023-Q4",
            "cumulative",
            "poverty_rate = \"3.7%\"\nnew_jobs = 3830\ncattle = 7000",
        )],
        "2023-Q4",
    );
    assert_eq!(statuses(&r), [Status::Pass, Status::Pass, Status::Fail]);
    assert_eq!(r[0].attainment, Some(d("100")));
    assert_eq!(r[2].margin, Some(d("0")));
}

#[test]
fn missing_figures_are_missing_not_passed() {
    let r = run(
        CARD,
        &[("2023-Q4", "cumulative", "poverty_rate = \"3.1%\"")],
        "2023-Q4",
    );
    assert_eq!(
        statuses(&r),
        [Status::Pass, Status::Missing, Status::Missing]
    );
    assert_eq!(
        r[1].note.as_ref().map(ToString::to_string).as_deref(),
        Some("no figure for `new_jobs` in 2023-Q4")
    );
}

const FLOWS: &str =
    "metric jobs: flow persons\nmetric spend: flow billion VND\njobs >= 4000\nspend <= 100\n";

#[test]
fn flows_are_judged_pro_rata_before_year_end() {
    let r = run(
        FLOWS,
        &[("2023-Q2", "cumulative", "jobs = 2000\nspend = 50")],
        "2023-Q2",
    );
    assert_eq!(statuses(&r), [Status::OnTrack, Status::OnTrack]);
    assert_eq!(r[0].expected, Some(d("2000")));
    assert_eq!(r[0].attainment, Some(d("50")));
    let r = run(
        FLOWS,
        &[("2023-Q2", "cumulative", "jobs = 1999\nspend = 50.1")],
        "2023-Q2",
    );
    assert_eq!(statuses(&r), [Status::Behind, Status::Behind]);
    let r = run(
        FLOWS,
        &[("2023-Q2", "cumulative", "jobs = 4001\nspend = 100.1")],
        "2023-Q2",
    );
    assert_eq!(statuses(&r), [Status::Pass, Status::Fail]);
}

#[test]
fn quarter_files_sum_to_year_to_date() {
    let files = [
        ("2023-Q1", "quarter", "jobs = 1000\nspend = 20"),
        ("2023-Q2", "quarter", "jobs = 1100\nspend = 20"),
        ("2023-Q3", "quarter", "jobs = 900\nspend = 20"),
        ("2023-Q4", "quarter", "jobs = 1001\nspend = 40.1"),
    ];
    let r = run(FLOWS, &files, "2023-Q4");
    assert_eq!(r[0].actual, Some(d("4001")));
    assert_eq!(statuses(&r), [Status::Pass, Status::Fail]);
    assert_eq!(r[0].inputs.len(), 4);
    let r = run(FLOWS, &files[..3], "2023-Q3");
    assert_eq!(r[0].actual, Some(d("3000")));
    // A gap in quarter-only files leaves the year-to-date unknown.
    let r = run(FLOWS, &[files[0], files[2]], "2023-Q3");
    assert_eq!(statuses(&r), [Status::Missing, Status::Missing]);
}

#[test]
fn a_cumulative_file_ends_the_walk_back() {
    let files = [
        ("2023-Q2", "cumulative", "jobs = 2100"),
        ("2023-Q3", "quarter", "jobs = 900"),
    ];
    let r = run(
        "metric jobs: flow persons\njobs >= 4000\n",
        &files,
        "2023-Q3",
    );
    assert_eq!(r[0].actual, Some(d("3000")));
    assert_eq!(r[0].status, Status::OnTrack);
}

#[test]
fn profiles_shift_the_pro_rata_share() {
    let rules = "metric grain: flow t profile(0%, 50%, 50%, 100%)\ngrain >= 100\n";
    let r = run(rules, &[("2023-Q1", "cumulative", "grain = 0")], "2023-Q1");
    assert_eq!(r[0].status, Status::OnTrack);
    let r = run(rules, &[("2023-Q3", "cumulative", "grain = 49")], "2023-Q3");
    assert_eq!(r[0].status, Status::Behind);
    assert_eq!(r[0].expected, Some(d("50")));
}

#[test]
fn stocks_follow_the_path_from_last_year() {
    let rules = "metric rate: stock %\nrate <= 3.7%\n";
    let base = ("2022", "cumulative", "rate = \"4.5%\"");
    let r = run(
        rules,
        &[base, ("2023-Q2", "cumulative", "rate = \"4.1%\"")],
        "2023-Q2",
    );
    assert_eq!(r[0].status, Status::OnTrack);
    assert_eq!(r[0].expected, Some(d("4.1")));
    let r = run(
        rules,
        &[base, ("2023-Q2", "cumulative", "rate = \"4.11%\"")],
        "2023-Q2",
    );
    assert_eq!(r[0].status, Status::Behind);
    let r = run(
        rules,
        &[("2023-Q2", "cumulative", "rate = \"4.11%\"")],
        "2023-Q2",
    );
    assert_eq!(r[0].status, Status::Behind);
    let r = run(
        rules,
        &[("2023-Q2", "cumulative", "rate = \"3.6%\"")],
        "2023-Q2",
    );
    assert_eq!(r[0].status, Status::OnTrack);
    assert_eq!(r[0].attainment, Some(d("102.78")));
}

#[test]
fn growth_targets_multiply_out_exactly() {
    let rules = "metric out: flow billion VND\nout >= +3% vs 2022\n";
    let base = ("2022", "cumulative", "out = 2585");
    let r = run(
        rules,
        &[base, ("2023-Q4", "cumulative", "out = 2662.55")],
        "2023-Q4",
    );
    assert_eq!(r[0].status, Status::Pass);
    assert_eq!(r[0].target, Some(d("2662.55")));
    assert_eq!(r[0].change, Some(d("3")));
    let r = run(
        rules,
        &[base, ("2023-Q4", "cumulative", "out = 2662.549999")],
        "2023-Q4",
    );
    assert_eq!(r[0].status, Status::Fail);
    let r = run(rules, &[("2023-Q4", "cumulative", "out = 2700")], "2023-Q4");
    assert_eq!(r[0].status, Status::Missing);
}

#[test]
fn absolute_changes_of_rates() {
    let rules = "metric birth: stock ‰\nbirth <= -0.07‰ vs 2022\n";
    let base = ("2022", "cumulative", "birth = \"16.42‰\"");
    let r = run(
        rules,
        &[base, ("2023-Q4", "cumulative", "birth = 16.35")],
        "2023-Q4",
    );
    assert_eq!(r[0].status, Status::Pass);
    assert_eq!(r[0].target, Some(d("16.35")));
}

#[test]
fn units_in_data_convert_or_fail_the_rule() {
    let rules = "metric pigs: flow thousand head\nmetric x: flow million USD\npigs > 300\nx >= 1\n";
    let data =
        "pigs = { value = 300001, unit = \"head\" }\nx = { value = 5, unit = \"billion VND\" }";
    let r = run(rules, &[("2023-Q4", "cumulative", data)], "2023-Q4");
    assert_eq!(r[0].status, Status::Pass);
    assert_eq!(r[0].actual, Some(d("300.001")));
    assert_eq!(r[1].status, Status::Error);
    assert!(
        r[1].note
            .as_ref()
            .map(ToString::to_string)
            .as_deref()
            .unwrap()
            .contains("billion VND")
    );
}

#[test]
fn ranges_tolerances_and_division_by_zero() {
    let rules = "metric n: stock count\nmetric a: stock %\nmetric t: stock t\nmetric c: stock t\n\
                 n in 4 to 6\na == 24.4% ± 0.5pp\nt / c >= 94%\n";
    let r = run(
        rules,
        &[(
            "2023-Q4",
            "cumulative",
            "n = 6\na = \"23.9%\"\nt = 1\nc = 0",
        )],
        "2023-Q4",
    );
    assert_eq!(statuses(&r), [Status::Pass, Status::Pass, Status::Error]);
    assert_eq!(
        r[2].note.as_ref().map(ToString::to_string).as_deref(),
        Some("division by zero")
    );
    let r = run(
        rules,
        &[(
            "2023-Q4",
            "cumulative",
            "n = 7\na = \"23.89%\"\nt = 94\nc = 100",
        )],
        "2023-Q4",
    );
    assert_eq!(statuses(&r), [Status::Fail, Status::Fail, Status::Pass]);
}

#[test]
fn plain_numbers_in_a_share_take_their_side_s_unit() {
    let rules =
        "metric t: stock thousand tonnes\nmetric c: stock thousand tonnes\n(t + 5) / c >= 94%\n";
    let r = run(
        rules,
        &[("2023-Q4", "cumulative", "t = 89\nc = 100")],
        "2023-Q4",
    );
    assert_eq!(r[0].actual, Some(d("94")));
    assert_eq!(r[0].status, Status::Pass);
}

#[test]
fn sums_of_shares_are_exact() {
    let rules = "metric a: stock %\nmetric b: stock %\nmetric c: stock %\na + b + c == 100%\n";
    let r = run(
        rules,
        &[("2023-Q4", "cumulative", "a = 0.1\nb = 0.2\nc = 99.7")],
        "2023-Q4",
    );
    assert_eq!(r[0].status, Status::Pass);
}

#[test]
fn a_strict_target_met_exactly_before_year_end_is_judged_on_its_path() {
    let rules = "metric rate: stock %\nrate > 2%\n";
    // From 21% last year down to 2%: by Q3 the path is at 6.75%, and 2%
    // (not above 2%) is below it.
    let r = run(
        rules,
        &[
            ("2022", "cumulative", "rate = \"21%\""),
            ("2023-Q3", "cumulative", "rate = \"2%\""),
        ],
        "2023-Q3",
    );
    assert_eq!(r[0].status, Status::Behind);
    assert_eq!(r[0].expected, Some(d("6.75")));
    // From 0% up to 2%, the path is at 1.5% by Q3: 2% is past it.
    let r = run(
        rules,
        &[
            ("2022", "cumulative", "rate = \"0%\""),
            ("2023-Q3", "cumulative", "rate = \"2%\""),
        ],
        "2023-Q3",
    );
    assert_eq!(r[0].status, Status::OnTrack);
    assert_eq!(r[0].expected, Some(d("1.5")));
}

#[test]
fn a_relative_change_on_a_baseline_at_or_below_zero_is_an_error() {
    let rules = "year 2023\nmetric a: flow billion VND\na >= +10% vs 2022\n";
    for baseline in ["0", "-2"] {
        let results = run(
            rules,
            &[
                ("2022", "cumulative", &format!("a = {baseline}")),
                ("2023-Q4", "cumulative", "a = 5"),
            ],
            "2023-Q4",
        );
        assert_eq!(statuses(&results), [Status::Error], "{baseline}");
        let error = results[0].note.as_ref().and_then(Note::error);
        assert_eq!(
            error.map(EvalError::code_text).as_deref(),
            Some("resolute::eval::baseline_not_positive"),
            "{baseline}"
        );
    }
}

#[test]
fn attainment_is_not_a_share_of_a_plan_at_or_below_zero() {
    let rules = "metric a: stock count\nmetric b: stock count\nmetric c: stock count\na >= 0\nb <= -5\nc <= 4\n";
    let results = run(
        rules,
        &[("2023-Q4", "cumulative", "a = 3\nb = 5\nc = 0")],
        "2023-Q4",
    );
    assert_eq!(
        statuses(&results),
        [Status::Pass, Status::Fail, Status::Pass]
    );
    // Against 0, against -5, and a cap over a figure of 0: no share.
    let shares: Vec<_> = results.iter().map(|r| r.attainment).collect();
    assert_eq!(shares, [None, None, None]);
}

#[test]
fn a_figure_just_short_of_its_target_is_never_shown_at_100_percent() {
    let results = run(
        "metric a: flow billion VND\nmetric b: flow billion VND\na >= 3830\nb >= 4000\n",
        &[("2023-Q4", "cumulative", "a = 3829.9\nb = 4000")],
        "2023-Q4",
    );
    assert_eq!(statuses(&results), [Status::Fail, Status::Pass]);
    assert_eq!(results[0].attainment, Some(d("99.997")));
    assert_eq!(results[1].attainment, Some(d("100")));
    // Nor a flow just short of the share due by now at that share.
    let results = run(
        "metric a: flow billion VND\na >= 4000\n",
        &[("2023-Q3", "cumulative", "a = 2999.9")],
        "2023-Q3",
    );
    assert_eq!(statuses(&results), [Status::Behind]);
    assert_eq!(results[0].attainment, Some(d("74.998")));
}

#[test]
fn named_items_are_done_when_a_list_names_them() {
    let rules = "unit communes\nmetric plans: flow communes\nplans done for \"Vũ Bản\", \"An Ninh\", \"Bồ Đề\", \"An Đổ\"\n";
    // Quarter-only lists name what was done in each quarter: together,
    // what is done in the year. A name is matched however it is spaced.
    let quarters = [
        ("2023-Q1", "quarter", "plans = [\"Vũ Bản\"]"),
        ("2023-Q2", "quarter", "plans = []"),
        ("2023-Q3", "quarter", "plans = [\" An   Ninh \", \"Bồ Đề\"]"),
        ("2023-Q4", "quarter", "plans = [\"Vũ Bản\"]"),
    ];
    let year_end = run(rules, &quarters, "2023-Q4");
    assert_eq!(statuses(&year_end), [Status::Fail]);
    assert_eq!(year_end[0].actual, Some(d("3")));
    assert_eq!(year_end[0].target, Some(d("4")));
    assert_eq!(year_end[0].not_done, [Arc::from("An Đổ")]);
    assert_eq!(year_end[0].attainment, Some(d("75")));
    // Half way, half the communes are due.
    let mid_year = run(rules, &quarters[..2], "2023-Q2");
    assert_eq!(statuses(&mid_year), [Status::Behind]);
    assert_eq!(mid_year[0].expected, Some(d("2")));
    let all = "plans = [\"An Đổ\", \"Bồ Đề\", \"An Ninh\", \"Vũ Bản\"]";
    let done = run(rules, &[("2023-Q4", "cumulative", all)], "2023-Q4");
    assert_eq!(statuses(&done), [Status::Pass]);
    assert!(done[0].not_done.is_empty() && !done[0].exceeded);
    // No list at all is missing, not "none done".
    let missing = run(rules, &quarters[..1], "2023-Q2");
    assert_eq!(statuses(&missing), [Status::Missing]);
}
