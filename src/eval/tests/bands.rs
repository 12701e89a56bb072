//! Bands of change ("giảm 2,5–3,0%/năm", "tăng 8–9%"): in the band is a
//! pass, past its far end in the good direction a pass that says it
//! exceeded, short of its near end a fail.

use super::{d, run};
use crate::eval::Status;

#[test]
fn a_band_of_reduction_is_met_from_its_near_end() {
    let rules = "metric poverty_rate: stock %\npoverty_rate in -3pp to -2.5pp vs 2022\n";
    let at = |rate: &str| {
        let files = [
            ("2022", "cumulative", "poverty_rate = \"8%\"".to_string()),
            ("2023", "cumulative", format!("poverty_rate = \"{rate}%\"")),
        ];
        let files: Vec<(&str, &str, &str)> =
            files.iter().map(|(p, b, v)| (*p, *b, v.as_str())).collect();
        run(rules, &files, "2023").remove(0)
    };
    let inside = at("5.4");
    assert_eq!((inside.status, inside.exceeded), (Status::Pass, false));
    assert_eq!(
        (inside.target, inside.target_high),
        (Some(d("5")), Some(d("5.5")))
    );
    // 2.6 points of the 2.5 planned.
    assert_eq!(inside.attainment, Some(d("104")));
    let beyond = at("4.9");
    assert_eq!((beyond.status, beyond.exceeded), (Status::Pass, true));
    let short = at("5.6");
    assert_eq!((short.status, short.exceeded), (Status::Fail, false));
    assert_eq!(short.margin, Some(d("0.1")));
}

#[test]
fn a_band_of_growth_is_met_from_its_low_end() {
    let rules = "metric out: flow billion VND\nout in +8% to +9% vs 2023\n";
    let at = |value: &str| {
        let files = [
            ("2023", "cumulative", "out = 100".to_string()),
            ("2024", "cumulative", format!("out = {value}")),
        ];
        let files: Vec<(&str, &str, &str)> =
            files.iter().map(|(p, b, v)| (*p, *b, v.as_str())).collect();
        run(rules, &files, "2024").remove(0)
    };
    assert_eq!(at("108.5").status, Status::Pass);
    assert_eq!(at("108.5").attainment, Some(d("106.25")));
    let beyond = at("110");
    assert_eq!((beyond.status, beyond.exceeded), (Status::Pass, true));
    assert_eq!(at("107").status, Status::Fail);
}

#[test]
fn a_band_across_zero_is_a_band() {
    let rules = "metric out: flow billion VND\nout in -1% to +1% vs 2023\n";
    let files = [
        ("2023", "cumulative", "out = 100"),
        ("2024", "cumulative", "out = 102"),
    ];
    let r = run(rules, &files, "2024");
    assert_eq!((r[0].status, r[0].exceeded), (Status::Fail, false));
}

#[test]
fn a_plain_target_passed_is_exceeded() {
    let rules = "metric jobs: flow persons\njobs >= 3830\n";
    let r = run(rules, &[("2023", "cumulative", "jobs = 3900")], "2023");
    assert_eq!((r[0].status, r[0].exceeded), (Status::Pass, true));
    let r = run(rules, &[("2023", "cumulative", "jobs = 3830")], "2023");
    assert_eq!((r[0].status, r[0].exceeded), (Status::Pass, false));
}

#[test]
fn a_band_judged_on_another_basis_reads_its_baseline_for_the_verdict_too() {
    use crate::check::check;
    use crate::data::load_sources;
    use crate::eval::evaluate;
    use crate::syntax::parse_rules;
    let rules = "metric out: flow billion VND\n@attainment(actual_over_target)\nout in +8% to +9% vs 2023\n";
    let program = check(&parse_rules(rules).unwrap()).unwrap();
    let file = |period: &str, value: &str| {
        (
            format!("{period}.toml"),
            format!("[report]\nentity = \"d\"\nperiod = \"{period}\"\n[values]\nout = {value}\n"),
        )
    };
    let (data, _) =
        load_sources(vec![file("2023", "100"), file("2024", "108.5")], &program).unwrap();
    let evaluation = evaluate(&program, &data, "2024".parse().unwrap());
    let verdict = evaluation.verdicts().next().unwrap().verdict;
    let result = evaluation.results().next().unwrap();
    assert_eq!(
        (verdict.status, result.status),
        (Status::Pass, Status::Pass)
    );
    assert_eq!(verdict.attainment, result.attainment);
}

#[test]
fn a_band_against_the_same_period_is_not_prorated() {
    let rules = "metric out: flow billion VND\nout in +8% to +9% vs same period\n";
    let files = [
        ("2023-Q2", "cumulative", "out = 100"),
        ("2024-Q2", "cumulative", "out = 108.5"),
    ];
    let r = run(rules, &files, "2024-Q2");
    assert_eq!((r[0].status, r[0].expected), (Status::OnTrack, None));
    let files = [
        ("2023-Q2", "cumulative", "out = 100"),
        ("2024-Q2", "cumulative", "out = 60"),
    ];
    let r = run(rules, &files, "2024-Q2");
    assert_eq!(r[0].status, Status::Behind);
}

/// "Từ 04–06 xã đạt chuẩn": met at the floor, exceeded past the stretch,
/// short of the floor a fail; its attainment is over the floor.
#[test]
fn a_floor_with_a_stretch_goal_is_met_at_the_floor_and_exceeded_past_the_stretch() {
    let rules = "unit communes\nmetric ntm: stock communes\nntm >= 4 to 6\n";
    let at = |n: &str| {
        let values = format!("ntm = {n}");
        run(rules, &[("2023", "cumulative", values.as_str())], "2023").remove(0)
    };
    let verdict = |n| {
        let r = at(n);
        (r.status, r.exceeded)
    };
    assert_eq!(verdict("3"), (Status::Fail, false));
    assert_eq!(verdict("4"), (Status::Pass, false));
    assert_eq!(verdict("6"), (Status::Pass, false));
    assert_eq!(verdict("7"), (Status::Pass, true));
    let seven = at("7");
    assert_eq!((seven.target, seven.stretch), (Some(d("4")), Some(d("6"))));
    assert_eq!(
        (seven.margin, seven.attainment),
        (Some(d("3")), Some(d("175")))
    );
}

#[test]
fn a_ceiling_with_a_stretch_goal_is_met_at_the_ceiling_and_exceeded_below_the_stretch() {
    let rules = "metric poverty_rate: stock %\npoverty_rate <= 3.5% to 3%\n";
    let at = |rate: &str| {
        let values = format!("poverty_rate = \"{rate}%\"");
        run(rules, &[("2023", "cumulative", values.as_str())], "2023").remove(0)
    };
    assert_eq!(
        (at("3.6").status, at("3.6").exceeded),
        (Status::Fail, false)
    );
    assert_eq!(
        (at("3.5").status, at("3.5").exceeded),
        (Status::Pass, false)
    );
    assert_eq!((at("2.9").status, at("2.9").exceeded), (Status::Pass, true));
    // Target over actual, from the ceiling: 3.5 ÷ 2.9.
    assert_eq!(at("3.5").target, Some(d("3.5")));
    assert_eq!(at("2.9").margin, Some(d("-0.6")));
}

#[test]
fn a_flow_with_a_stretch_goal_is_due_pro_rata_from_its_floor() {
    let rules = "metric coops: flow count\ncoops >= 2 to 3\n";
    let r = run(rules, &[("2023-Q2", "cumulative", "coops = 1")], "2023-Q2");
    assert_eq!(
        (r[0].status, r[0].expected),
        (Status::OnTrack, Some(d("1")))
    );
    let r = run(rules, &[("2023-Q2", "cumulative", "coops = 0")], "2023-Q2");
    assert_eq!(r[0].status, Status::Behind);
}

/// Summaries count "đạt và vượt": every pass, and among them those past
/// their target, per group and for the data checks apart.
#[test]
fn tallies_count_the_exceeded_among_the_met_group_by_group() {
    use crate::check::check;
    use crate::data::load_sources;
    use crate::eval::{Tally, evaluate};
    use crate::syntax::parse_rules;
    let rules = "metric a: stock count\nmetric b: stock count\ngroup main\na >= 1\nb >= 5\ngroup tasks\na >= 2 to 3\ncheck a + b == 9\n";
    let program = check(&parse_rules(rules).unwrap()).unwrap();
    let csv = "entity,period,metric,value\nx,2023,a,4\nx,2023,b,5\ny,2023,a,1\ny,2023,b,4\n";
    let (data, _) = load_sources(vec![("d.csv".into(), csv.into())], &program).unwrap();
    let evaluation = evaluate(&program, &data, crate::data::Period::annual(2023));
    let in_group = |g| evaluation.tally(|r| program.rules[r].group == Some(g));
    let tally = |pass, fail, exceeded| {
        let mut statuses = [0; Status::ALL.len()];
        statuses[Status::Pass.index()] = pass;
        statuses[Status::Fail.index()] = fail;
        Tally { statuses, exceeded }
    };
    // x: a 4 ≥ 1 exceeded, b 5 ≥ 5 met; y: a 1 met, b 4 failed.
    assert_eq!(in_group(0), tally(3, 1, 1));
    // x: 4 past the stretch 3; y: 1 short of the floor 2.
    assert_eq!(in_group(1), tally(1, 1, 1));
    // x sums to 9, y to 5: a check is met, never exceeded.
    assert_eq!(evaluation.tally(|r| program.rules[r].check), tally(1, 1, 0));
}

/// "giảm tỷ lệ mất cân bằng giới tính khi sinh": any fall meets it, none
/// exceeds it, and there is no share of a plan to attain.
#[test]
fn a_direction_alone_is_met_by_any_move_that_way() {
    let at = |rules: &str, value: &str| {
        let now = format!("r = {value}");
        let files = [
            ("2022", "cumulative", "r = 112.5"),
            ("2023", "cumulative", now.as_str()),
        ];
        run(rules, &files, "2023").remove(0)
    };
    let falls = "metric r: stock count\nr falls vs 2022\n";
    let lower = at(falls, "112.4");
    assert_eq!((lower.status, lower.exceeded), (Status::Pass, false));
    assert_eq!((lower.target, lower.attainment), (Some(d("112.5")), None));
    assert_eq!(lower.margin, Some(d("-0.1")));
    assert_eq!(at(falls, "112.5").status, Status::Fail);
    assert_eq!(at(falls, "113").status, Status::Fail);
    let rises = "metric r: stock count\nr rises vs 2022\n";
    let higher = at(rises, "120");
    assert_eq!((higher.status, higher.exceeded), (Status::Pass, false));
    assert_eq!(higher.attainment, None);
    assert_eq!(at(rises, "112.5").status, Status::Fail);
    // A change of nothing written in percent is the same target.
    let percent = at("metric r: stock count\nr < +0% vs 2022\n", "112");
    assert_eq!((percent.status, percent.attainment), (Status::Pass, None));
}

/// "Duy trì phổ cập giáo dục THCS mức độ III": a level is kept or not; a
/// level ranks, so no share of the target is worked out.
#[test]
fn a_level_is_kept_or_not_with_no_share_of_it() {
    let rules = "metric thcs: stock level\nthcs >= 3\n";
    let at = |level: &str| {
        let now = format!("thcs = {level}");
        run(rules, &[("2023", "cumulative", now.as_str())], "2023").remove(0)
    };
    let kept = at("3");
    assert_eq!(
        (kept.status, kept.exceeded, kept.attainment),
        (Status::Pass, false, None)
    );
    let above = at("4");
    assert_eq!((above.status, above.exceeded), (Status::Pass, true));
    let lost = at("2");
    assert_eq!(
        (lost.status, lost.margin, lost.attainment),
        (Status::Fail, Some(d("-1")), None)
    );
}
