//! The `check` command end to end: exit codes, reports and diagnostics.

mod common;

use common::{Test, toml};

const CARD: &str = "poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n";

#[test]
fn card_rules_pass_on_their_boundaries() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q4.toml",
            &toml(
                "2023-Q4",
                "cumulative",
                "poverty_rate = \"3.7%\"\nnew_jobs = 3830\ncattle = 7001",
            ),
        )
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn a_strict_target_met_exactly_fails_and_points_at_both_lines() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q4.toml",
            &toml(
                "2023-Q4",
                "cumulative",
                "poverty_rate = \"3.7%\"\nnew_jobs = 3830\ncattle = 7000",
            ),
        )
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn json_has_summary_results_and_exact_decimal_strings() {
    let out = Test::new()
        .rules("metric x: flow billion VND\nx >= 12345678901234567.7\n")
        .data(
            "q4.toml",
            &toml("2023-Q4", "cumulative", "x = 12345678901234567.8"),
        )
        .arg("--format")
        .arg("json")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["summary"]["pass"], 1);
    assert_eq!(doc["summary"]["total"], 1);
    let result = &doc["results"][0];
    assert_eq!(result["id"], "x");
    assert_eq!(result["status"], "pass");
    assert_eq!(result["entity"], "d");
    assert_eq!(result["actual"], "12345678901234567.8");
    assert_eq!(result["target"], "12345678901234567.7");
    assert_eq!(result["margin"], "0.1");
    assert_eq!(result["unit"], "billion VND");
    assert_eq!(result["rule_location"]["line"], 2);
    assert_eq!(result["data_locations"][0]["file"], "q4.toml");
    assert_eq!(result["data_locations"][0]["line"], 7);
    assert_eq!(result["data_locations"][0]["column"], 5);
}

#[test]
fn missing_figures_fail_the_run() {
    let out = Test::new()
        .rules(CARD)
        .data(
            "q4.toml",
            &toml(
                "2023-Q4",
                "cumulative",
                "poverty_rate = \"3.1%\"\ncattle = 7001",
            ),
        )
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("missing   new_jobs"), "{}", out.stdout);
    assert!(out.stdout.contains("no figure for `new_jobs` in 2023-Q4"));
}

#[test]
fn failing_warnings_do_not_fail_the_run() {
    let out = Test::new()
        .rules("@severity(warning)\ncattle > 7000\n")
        .data("q4.toml", &toml("2023-Q4", "cumulative", "cattle = 10"))
        .run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("fail"));
}

#[test]
fn quarter_and_cumulative_files_combine() {
    let rules = "metric jobs: flow persons\njobs >= 3830\n";
    let out = Test::new()
        .rules(rules)
        .data("q1.toml", &toml("2023-Q1", "quarter", "jobs = 900"))
        .data("q2.toml", &toml("2023-Q2", "quarter", "jobs = 1000"))
        .arg("--format")
        .arg("json")
        .run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["as_of"], "2023-Q2");
    assert_eq!(doc["results"][0]["status"], "behind");
    assert_eq!(doc["results"][0]["actual"], "1900");
    assert_eq!(doc["results"][0]["expected"], "1915");
    assert_eq!(doc["results"][0]["attainment"], "49.61");
    assert_eq!(out.code, 0);
}

#[test]
fn a_cut_off_inside_a_month_is_judged_as_of_that_day() {
    // "Thu ngân sách huyện hưởng theo phân cấp đến ngày 20-6 thực hiện
    // 77,634 tỷ đồng (đạt 161% kế hoạch, tăng 304% so với cùng kỳ năm
    // trước)".
    let rules = "metric budget: flow billion VND\n\
                 budget >= 48.2\n\
                 budget >= +300% vs same period\n";
    let run = |format: &str| {
        Test::new()
            .rules(rules)
            .data(
                "2024.toml",
                &toml("2024-06-20", "cumulative", "budget = 77.634"),
            )
            .data(
                "2023.csv",
                "entity,period,metric,value\nd,2023-06-20,budget,19.216\n",
            )
            .arg("--format")
            .arg(format)
            .run()
    };
    let out = run("json");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["as_of"], "2024-06-20");
    assert_eq!(doc["results"][0]["attainment"], "161.07");
    assert_eq!(doc["results"][1]["baseline_period"], "2023-06-20");
    assert_eq!(doc["results"][1]["change"], "304.01");
    assert_eq!(doc["results"][1]["status"], "on_track");
    let out = run("text");
    assert!(
        out.stdout.contains("as of 2024-06-20 (5 months 20 days)"),
        "{}",
        out.stdout
    );
}

#[test]
fn csv_long_form_loads_many_entities() {
    let csv = "entity,period,metric,value,unit\n\
               an-do,2023-Q4,cattle,7100,head\n\
               bo-de,2023-Q4,cattle,6.9,thousand head\n\
               an-do,2023-Q4,poverty_rate,3.2,%\n\
               bo-de,2023-Q4,poverty_rate,\"3.9%\",\n";
    let out = Test::new()
        .rules("metric cattle: stock head\nmetric poverty_rate: stock %\ncattle > 7000\npoverty_rate <= 3.7%\n")
        .data("communes.csv", csv)
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn a_data_unit_of_another_dimension_is_an_error_result() {
    let out = Test::new()
        .rules("metric exports: flow million USD\nexports >= 55\n")
        .data(
            "q4.toml",
            &toml(
                "2023-Q4",
                "cumulative",
                "exports = { value = 1200, unit = \"billion VND\" }",
            ),
        )
        .run();
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("  error") && l.contains("exports")),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn as_of_picks_an_earlier_quarter() {
    let out = Test::new()
        .rules("metric jobs: flow persons\njobs >= 4000\n")
        .data("q2.toml", &toml("2023-Q2", "cumulative", "jobs = 2000"))
        .data("q4.toml", &toml("2023-Q4", "cumulative", "jobs = 3000"))
        .arg("--as-of")
        .arg("2023-Q2")
        .run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("as of 2023-Q2"));
    assert!(out.stdout.contains("on_track"));
}

#[test]
fn file_order_does_not_change_the_output() {
    let make = |first: bool| {
        let q2 = ("q2.toml", toml("2023-Q2", "cumulative", "jobs = 2000"));
        let q3 = ("q3.toml", toml("2023-Q3", "quarter", "jobs = 1000"));
        let (a, b) = if first { (&q2, &q3) } else { (&q3, &q2) };
        Test::new()
            .rules("metric jobs: flow persons\njobs >= 4000\n")
            .data(a.0, &a.1)
            .data(b.0, &b.1)
            .arg("--format")
            .arg("json")
            .run()
            .stdout
    };
    assert_eq!(make(true), make(false));
}

#[test]
fn inputs_are_never_modified() {
    let test = Test::new().rules(CARD).data(
        "q4.toml",
        &toml("2023-Q4", "cumulative", "poverty_rate = \"4%\""),
    );
    let read = |name: &str| std::fs::read(test.path().join(name)).unwrap();
    let before = (read("rules.rules"), read("q4.toml"));
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(before, (read("rules.rules"), read("q4.toml")));
}

#[test]
fn entity_narrows_a_run_to_one_entity() {
    let csv = "entity,period,metric,value,unit\nan-do,2023-Q4,cattle,7100,head\nbo-de,2023-Q4,cattle,6900,head\n";
    let test = Test::new()
        .rules("metric cattle: stock head\ncattle > 7000\n")
        .data("c.csv", csv);
    let one = test.arg("--entity").arg("bo-de").run();
    assert_eq!(one.code, 1);
    // Entity headings stand alone on their line; the other entity may
    // still appear in a quoted data line.
    assert!(one.stdout.lines().any(|l| l == "bo-de"), "{}", one.stdout);
    assert!(!one.stdout.lines().any(|l| l == "an-do"), "{}", one.stdout);
    let typo = Test::new()
        .rules("metric cattle: stock head\ncattle > 7000\n")
        .data("c.csv", csv)
        .arg("--entity")
        .arg("bo-dee")
        .run();
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `bo-de`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn many_entities_are_summed_up_per_rule_with_the_furthest_named() {
    let mut csv = String::from("entity,period,metric,value,unit\n");
    for i in 0..30 {
        // c07 reports nothing: missing, so furthest of all.
        if i != 7 {
            csv.push_str(&format!("c{i:02},2023-Q4,cattle,{},head\n", 6000 + 100 * i));
        }
        csv.push_str(&format!("c{i:02},2023-Q4,poverty_rate,3.5,%\n"));
    }
    let out = Test::new()
        .rules("metric cattle: stock head\nmetric poverty_rate: stock %\ncattle > 7000\npoverty_rate <= 3.7%\n")
        .data("communes.csv", &csv)
        .run();
    assert_eq!(out.code, 1);
    let row = |id: &str| {
        out.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(id))
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // 6000 + 100i > 7000 from i = 11: 19 met, 10 failed, 1 missing.
    assert_eq!(
        row("cattle"),
        "cattle 19 10 0 0 1 0 c07 (missing), c00 (85.7%), c01 (87.1%)"
    );
    assert_eq!(row("poverty_rate"), "poverty_rate 30 0 0 0 0 0");
    insta::assert_snapshot!(out.stdout);
}

#[cfg(unix)]
#[test]
fn a_report_through_a_hard_link_to_an_input_is_refused_and_nothing_changes() {
    let test = Test::new()
        .rules(CARD)
        .data("d.toml", &toml("2023-Q4", "cumulative", "cattle = 7001"));
    std::fs::hard_link(test.path().join("d.toml"), test.path().join("out.json")).unwrap();
    let input = test.path().join("d.toml");
    let before = std::fs::read(&input).unwrap();
    let test = test.arg("--report").arg("json=out.json");
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("would overwrite the input `d.toml`"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_report_to_a_fifo_is_streamed_and_the_fifo_stays() {
    use std::os::unix::fs::FileTypeExt;
    let test = Test::new()
        .rules(CARD)
        .data("d.toml", &toml("2023-Q4", "cumulative", "cattle = 7001"));
    let fifo = test.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    // Kept until the end: its directory holds the FIFO.
    let test = test.arg("--report").arg("json=pipe");
    let out = test.run();
    let json: serde_json::Value = serde_json::from_str(&reader.join().unwrap()).unwrap();
    assert_eq!(json["summary"]["total"], 3, "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_named_as_data_is_refused_not_read_forever() {
    let test = Test::new()
        .rules(CARD)
        .data("d.toml", &toml("2023-Q4", "cumulative", "cattle = 7001"));
    let made = std::process::Command::new("mkfifo")
        .arg(test.path().join("pipe.csv"))
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody writes to the FIFO: reading it would wait forever.
    let test = test.arg("pipe.csv").arg("/dev/zero");
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("`pipe.csv` is a FIFO, not a data file"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`/dev/zero` is a device, not a data file"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("resolute::load::not_a_file"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn one_file_reached_by_several_names_is_read_once() {
    let test = Test::new().rules(CARD).data(
        "dir/d.toml",
        &toml("2023-Q4", "cumulative", "cattle = 7001"),
    );
    std::os::unix::fs::symlink("dir/d.toml", test.path().join("link.toml")).unwrap();
    std::fs::hard_link(
        test.path().join("dir/d.toml"),
        test.path().join("hard.toml"),
    )
    .unwrap();
    let test = test
        .arg("./dir/d.toml")
        .arg("dir")
        .arg("link.toml")
        .arg("hard.toml");
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stderr.contains("reported twice"), "{}", out.stderr);
    assert!(out.stdout.contains("· 1 file"), "{}", out.stdout);
}

#[test]
fn a_data_file_over_the_size_limit_is_refused_before_it_is_read() {
    let data = toml("2023-Q4", "cumulative", "cattle = 7001");
    let test = Test::new().rules(CARD).data("d.toml", &data);
    let test = test.arg("--max-file-size").arg("10");
    let out = test.run();
    assert_eq!(out.code, 2, "{}", out.stderr);
    let over = format!(
        "`d.toml` is {} bytes, over the limit of 10 bytes; it is not read",
        data.len()
    );
    assert!(out.stderr.contains(&over), "{}", out.stderr);
    assert!(out.stderr.contains("--max-file-size"), "{}", out.stderr);
    // The limit raised, the same file is read.
    let test = Test::new().rules(CARD).data("d.toml", &data);
    let test = test.arg("--max-file-size").arg("1KiB");
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.contains("cattle"), "{}", out.stdout);
}

#[test]
fn an_entity_typed_composed_or_with_combining_accents_is_one_entity() {
    let composed = "B\u{ec}nh L\u{1ee5}c";
    let decomposed = "Bi\u{300}nh Lu\u{323}c";
    assert_ne!(composed, decomposed);
    let csv = format!(
        "entity,period,metric,value\n{composed},2023-Q4,cattle,7100\n{decomposed},2023-Q4,new_jobs,3900\n"
    );
    let test = Test::new().rules(CARD).data("d.csv", &csv);
    let test = test.arg("--format").arg("json");
    let out = test.run();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let entities: std::collections::BTreeSet<&str> = json["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["entity"].as_str().unwrap())
        .collect();
    assert_eq!(entities, [composed].into(), "{}", out.stdout);
    // Both figures are that one entity's.
    assert_eq!(json["summary"]["pass"], 2, "{}", out.stdout);
}

#[test]
fn an_entity_name_with_hidden_characters_is_flagged_where_it_is() {
    let csv = "entity,period,metric,value\nBinh\u{200b}Luc,2023-Q4,cattle,7100\nBinh\u{200b}Luc,2023-Q4,new_jobs,3900\n";
    let test = Test::new().rules(CARD).data("d.csv", csv);
    let out = test.run();
    assert!(
        out.stderr.contains(
            "`Binh<U+200B>Luc` holds control, invisible or bidirectional formatting characters"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("d.csv:2:1"), "{}", out.stderr);
    // Once per name, not once per row.
    assert_eq!(
        out.stderr
            .matches("resolute::load::hidden_characters")
            .count(),
        1,
        "{}",
        out.stderr
    );
}

#[test]
fn a_province_markdown_report_fits_a_pull_request_comment() {
    // 2,000 communes: the whole Markdown report is far past GitHub's
    // 65,536 characters. c0000..c0099 fail both targets, c0100..c0299
    // one, the rest none.
    let mut csv = String::from("entity,period,metric,value,unit\n");
    for i in 0..2000 {
        let cattle = if i < 300 { 6000 } else { 8000 };
        let poverty = if i < 100 { "4.1" } else { "3.5" };
        csv.push_str(&format!("c{i:04},2023-Q4,cattle,{cattle},head\n"));
        csv.push_str(&format!("c{i:04},2023-Q4,poverty_rate,{poverty},%\n"));
    }
    let rules = "metric cattle: stock head\nmetric poverty_rate: stock %\ncattle > 7000\npoverty_rate <= 3.7%\n";
    let short = Test::new()
        .rules(rules)
        .data("communes.csv", &csv)
        .arg("--format")
        .arg("markdown")
        .run();
    assert_eq!(short.code, 1);
    let md = &short.stdout;
    assert!(
        md.chars().count() <= 65_536,
        "{} characters",
        md.chars().count()
    );
    // The rows per rule count every entity.
    assert!(
        md.contains("| `cattle` | 1,700 | 300 | 0 | 0 | 0 | 0 |"),
        "{md}"
    );
    // The entities with the most targets not met come first, and only
    // their targets not met are listed.
    let sections: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(sections.first(), Some(&"## c0000"));
    assert!(sections.len() > 100, "{} sections", sections.len());
    assert!(!md.contains("✅"), "a target met is listed");
    let shown_rows = md.lines().filter(|l| l.starts_with("| ❌")).count();
    let note = md.lines().find(|l| l.starts_with("… ")).unwrap_or_default();
    let grouped = |n: usize| format!("{},{:03}", n / 1000, n % 1000);
    assert_eq!(
        note.split(':').next(),
        Some(
            format!(
                "… {} more results are not shown, every result of {} entities among them",
                grouped(4000 - shown_rows),
                grouped(2000 - sections.len())
            )
            .as_str()
        ),
        "{note}"
    );
    assert!(md.ends_with("</details>\n"), "the audit trail is kept");
    // `--full` writes every result.
    let full = Test::new()
        .rules(rules)
        .data("communes.csv", &csv)
        .arg("--format")
        .arg("markdown")
        .arg("--full")
        .run();
    let sections = full.stdout.lines().filter(|l| l.starts_with("## ")).count();
    assert_eq!(sections, 2000);
    assert!(!full.stdout.contains("more results are not shown"));
}

#[test]
fn a_province_html_report_is_a_row_per_entity_searchable_and_paged() {
    // 30 communes, more than the detailed layout shows: c00..c09 fail the
    // cattle target, c00..c02 the poverty one too.
    let mut csv = String::from("entity,period,metric,value,unit\n");
    for i in 0..30 {
        let cattle = if i < 10 { 6000 + i } else { 8000 };
        let poverty = if i < 3 { "4.1" } else { "3.5" };
        csv.push_str(&format!("c{i:02},2023-Q4,cattle,{cattle},head\n"));
        csv.push_str(&format!("c{i:02},2023-Q4,poverty_rate,{poverty},%\n"));
    }
    let rules = "metric cattle: stock head\nmetric poverty_rate: stock %\ncattle > 7000\npoverty_rate <= 3.7%\n";
    let run = |full: bool| {
        let test = Test::new()
            .rules(rules)
            .data("communes.csv", &csv)
            .arg("--format")
            .arg("html");
        if full { test.arg("--full") } else { test }.run().stdout
    };
    let html = run(false);
    let rows: Vec<&str> = html
        .match_indices("<tr data-entity=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .collect();
    assert_eq!(rows.len(), 30);
    // Most targets not met first, then by name.
    assert_eq!(&rows[..4], ["c00", "c01", "c02", "c03"]);
    assert!(!html.contains("class=\"entity\""), "no section per entity");
    assert!(html.contains("<input type=\"search\" id=\"search\""));
    // cattle: 10 of 30 below 100% of target, in the bins below 100.
    assert!(
        html.contains("aria-label=\"&lt; 50%: 0, 50–80%: 0, 80–90%: 10, 90–100%: 0, 100–110%: 0, 110–150%: 20, ≥ 150%: 0\""),
        "{html}"
    );
    assert!(
        html.contains("<code>poverty_rate</code> "),
        "a target not met is named"
    );
    // `--full` keeps every result with its section.
    let full = run(true);
    assert_eq!(full.matches("<section class=\"entity\"").count(), 30);
    assert!(!full.contains("<table class=\"entities\">"));
}
