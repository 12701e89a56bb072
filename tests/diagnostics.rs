//! Bad rule and data files: exit code 2 and a located diagnostic.

mod common;

use common::{Test, toml};

const CARD: &str = "poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n";

fn q4(values: &str) -> String {
    toml("2023-Q4", "cumulative", values)
}

#[test]
fn syntax_errors_are_all_reported_with_help() {
    let out = Test::new()
        .rules("poverty_rate <=\nnew_jobs >= 3830\ncattle = 7000\nx >= 2.662,6\n")
        .data("q4.toml", &q4("cattle = 1"))
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn unknown_metrics_get_suggestions() {
    let out = Test::new()
        .rules("metric poverty_rate: stock %\npovety_rate <= 3.7%\n")
        .data("q4.toml", &q4("poverty_rate = 1"))
        .run();
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn unit_mismatches_are_found_before_data_is_read() {
    let out = Test::new()
        .rules("metric exports: flow million USD\nexports >= 55 billion VND\n")
        .arg("does-not-exist.toml")
        .run();
    assert_eq!(out.code, 2);
    assert!(!out.stderr.contains("does-not-exist"), "{}", out.stderr);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn bad_values_point_at_file_line_and_column() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q4.toml",
            &q4("cattle = true\nnew_jobs = \"about 4000\"\npoverty_rate = nan"),
        )
        .run();
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn bad_periods_and_unknown_keys() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q5.toml",
            "[report]\nentiy = \"d\"\nperiod = \"2023-Q5\"\n\n[values]\ncattle = 1\n",
        )
        .run();
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn the_same_figure_reported_twice_is_an_error() {
    let out = Test::new()
        .rules(CARD)
        .data("a.toml", &q4("cattle = 7100"))
        .data("b.toml", &q4("cattle = 6900"))
        .run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn unknown_units_in_data_are_errors() {
    let out = Test::new()
        .rules("metric agri: flow billion VND\nagri >= 1\n")
        .data(
            "q4.toml",
            &q4("agri = { value = \"1290.4\", unit = \"billion VDN\" }"),
        )
        .run();
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn bad_csv_rows_are_located() {
    let csv =
        "entity,period,metric,value,unit\nd,2023-Q4,cattle,7100,head\nd,2023-Q4,new_jobs,lots,\n";
    let out = Test::new().rules(CARD).data("data.csv", csv).run();
    assert_eq!(out.code, 2);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn data_metric_typos_are_warned_about() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q4.toml",
            &q4("povety_rate = \"3%\"\nnew_jobs = 4000\ncattle = 7100"),
        )
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn run_level_errors() {
    let empty = Test::new()
        .rules(CARD)
        .write("empty/readme.txt", "")
        .arg("empty")
        .run();
    assert_eq!(empty.code, 2);
    assert!(empty.stderr.contains("no data files"), "{}", empty.stderr);

    let bad_as_of = Test::new()
        .rules(CARD)
        .data("q4.toml", &q4("cattle = 1"))
        .arg("--as-of")
        .arg("2023-Q5")
        .run();
    assert_eq!(bad_as_of.code, 2);
    assert!(
        bad_as_of
            .stderr
            .contains("invalid period `2023-Q5` for --as-of")
    );

    let outside = Test::new()
        .rules(&format!("year 2024\n{CARD}"))
        .data("q4.toml", &q4("cattle = 1"))
        .run();
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains("no figures for 2024"),
        "{}",
        outside.stderr
    );

    let no_rules = Test::new().data("q4.toml", &q4("cattle = 1")).run();
    assert_eq!(no_rules.code, 2);
    assert!(no_rules.stderr.contains("cannot read `rules.rules`"));
}

#[test]
fn rule_file_errors_are_said_in_the_reports_language() {
    let syntax = Test::new()
        .rules("poverty_rate <=\nnew_jobs >= 3830\ncattle = 7000\nx >= 2.662,6\n")
        .data("q4.toml", &q4("cattle = 1"))
        .arg("--lang")
        .arg("vi")
        .run();
    assert_eq!(syntax.code, 2);
    insta::assert_snapshot!("syntax_errors_in_vietnamese", syntax.stderr);
    let check = Test::new()
        .rules("metric exports: flow million USD\nexports >= 55 billion VND\ncattle > 5 cows\n@precision(2%)\ncattle > 6\n")
        .arg("does-not-exist.toml")
        .arg("--lang")
        .arg("vi")
        .run();
    assert_eq!(check.code, 2);
    insta::assert_snapshot!("check_errors_in_vietnamese", check.stderr);
}
