//! The rule author's commands: fmt, lint, explain, list, test, new, diff.

mod common;

use common::{Test, repo, run_in_repo};

fn cmd(args: &[&str]) -> Test {
    let mut test = Test::new().command(args[0]);
    for arg in &args[1..] {
        test = test.arg(arg);
    }
    test
}

const MESSY: &str = "# Targets\npoverty_rate<=3.70%   # the province's\nnew_jobs>=3830\n\n\n@id( jobs2 )\nnew_jobs  >=  1_000.50\n";

#[test]
fn fmt_rewrites_once_and_keeps_comments() {
    let test = cmd(&["fmt", "rules.rules"]).rules(MESSY);
    let first = test.run();
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(first.stdout, "formatted rules.rules\n");
    let formatted = std::fs::read_to_string(test.path().join("rules.rules")).unwrap();
    insta::assert_snapshot!(formatted);
    let second = test.run();
    assert_eq!((second.code, second.stdout.as_str()), (0, ""));
    assert_eq!(
        std::fs::read_to_string(test.path().join("rules.rules")).unwrap(),
        formatted
    );
}

#[test]
fn fmt_check_lists_and_changes_nothing() {
    let test = cmd(&["fmt", "--check", "rules.rules"]).rules(MESSY);
    let out = test.run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "rules.rules\n");
    assert_eq!(
        std::fs::read_to_string(test.path().join("rules.rules")).unwrap(),
        MESSY
    );
    let committed = run_in_repo(&["fmt", "--check", "rules/binh-luc-2023.rules"]);
    assert_eq!((committed.code, committed.stdout.as_str()), (0, ""));
}

#[test]
fn fmt_leaves_broken_files_alone() {
    let test = cmd(&["fmt", "rules.rules"]).rules("x >=\n");
    let out = test.run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("expected a target"));
    assert_eq!(
        std::fs::read_to_string(test.path().join("rules.rules")).unwrap(),
        "x >=\n"
    );
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_link_keeps_the_mode_and_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;
    let test = cmd(&["fmt", "link.rules"]).write("real.rules", MESSY);
    let real = test.path().join("real.rules");
    std::os::unix::fs::symlink(&real, test.path().join("link.rules")).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(test.path().join("link.rules")).unwrap();
    assert!(link.file_type().is_symlink());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_ne!(std::fs::read_to_string(&real).unwrap(), MESSY);

    let test = cmd(&["fmt", "rules.rules"]).rules(MESSY);
    let rules = test.path().join("rules.rules");
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = test.run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&rules).unwrap(), MESSY);
}

const TIRED: &str = "metric new_jobs: flow persons\nmetric poverty_rate: stock count\nmetric cattle: stock head\n\
metric agri_share: stock %\nnew_jobs >= 3.830\ncattle > 7000\ncattle < 6000\npoverty_rate <= 3.7\nagri_share == 24.4% ± 0.5%\n";

#[test]
fn lint_catches_a_tired_authors_mistakes() {
    let out = cmd(&["lint", "rules.rules"]).rules(TIRED).run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "rules.rules: 1 error, 3 warnings\n");
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn lint_reads_a_bare_fraction_of_a_percentage_as_a_likely_slip() {
    // Declared or known only from the first literal, the rate is in %.
    for rules in [
        "metric poverty_rate: stock %\npoverty_rate <= 0.037\n",
        "poverty_rate <= 3.7%\npoverty_rate <= 0.037\n",
    ] {
        let out = cmd(&["lint", "rules.rules"]).rules(rules).run();
        assert!(
            out.stderr
                .contains("`0.037` is read as 0.037%: did you mean 3.7%?"),
            "{rules}: {}",
            out.stderr
        );
    }
    // Written with its unit, it says what it means.
    let out = cmd(&["lint", "rules.rules"])
        .rules("metric poverty_rate: stock %\npoverty_rate <= 0.037%\n")
        .run();
    assert!(
        !out.stderr.contains("fraction_for_percent"),
        "{}",
        out.stderr
    );
}

#[test]
fn lint_checks_names_and_units_too() {
    let out = cmd(&["lint", "rules.rules"])
        .rules("metric poverty_rate: stock %\nmetric exports: flow million USD\npovety_rate <= 3.7%\nexports >= 55 billion VND\n")
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean `poverty_rate`?"));
    assert!(out.stderr.contains("unit mismatch"));
}

#[test]
fn lint_warnings_fail_only_when_denied() {
    let rules = "metric x: stock count\nmetric unused: stock count\nx > 1\n";
    let allowed = cmd(&["lint", "rules.rules"]).rules(rules).run();
    assert_eq!(allowed.code, 0);
    let denied = cmd(&["lint", "rules.rules", "--deny", "warnings"])
        .rules(rules)
        .run();
    assert_eq!(denied.code, 1);
    assert!(
        denied
            .stderr
            .contains("metric `unused` is declared but no rule uses it")
    );
}

#[test]
fn lint_compares_growth_targets_with_the_baseline() {
    let out = run_in_repo(&[
        "lint",
        "rules/binh-luc-2023.rules",
        "examples/binh-luc-2023",
    ]);
    assert_eq!(out.code, 0);
    assert_eq!(
        out.stdout,
        "rules/binh-luc-2023.rules: 0 errors, 2 warnings\n"
    );
    assert!(
        out.stderr
            .contains("implies a 2022 figure of about 5,389.5"),
        "{}",
        out.stderr
    );
    let without_data = run_in_repo(&["lint", "rules/binh-luc-2023.rules", "--deny", "warnings"]);
    assert_eq!(without_data.code, 0, "{}", without_data.stderr);
}

#[test]
fn explain_walks_through_a_verdict() {
    let out = run_in_repo(&[
        "explain",
        "A2.new-jobs",
        "rules/binh-luc-2023.rules",
        "examples/binh-luc-2023",
        "--as-of",
        "2023-Q3",
    ]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!(out.stdout);
    let growth = run_in_repo(&[
        "explain",
        "A2.agri-growth",
        "rules/binh-luc-2023.rules",
        "examples/binh-luc-2023",
    ]);
    assert!(growth.stdout.contains("the 2022 figure 2,585 billion VND (examples/binh-luc-2023/2022.toml:11:22) × (1 + 3%) = 2,662.55 billion VND"));
}

#[test]
fn explain_suggests_rule_ids() {
    let out = run_in_repo(&[
        "explain",
        "A2.new-job",
        "rules/binh-luc-2023.rules",
        "examples/binh-luc-2023",
    ]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("did you mean `A2.new-jobs`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn list_in_every_format() {
    let out = run_in_repo(&["list", "rules/binh-luc-2023.rules", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 50);
    assert_eq!(rows[0]["id"], "A2.income");
    assert_eq!(rows[0]["target"], ">= 66.3 million VND");
    assert_eq!(rows[0]["citation"], "Art. 2 §2");
    let md = cmd(&["list", "rules.rules", "--format", "markdown"])
        .rules("metric jobs: flow persons\n@cite(\"Art. 2 §2\")\njobs >= 3830\n@severity(warning)\njobs >= +3% vs 2022\n")
        .run();
    insta::assert_snapshot!(md.stdout);
    let text = run_in_repo(&["list", "rules/binh-luc-2023.rules"]);
    assert!(text.stdout.lines().next().unwrap().starts_with("id"));
}

#[test]
fn the_binh_luc_rules_pass_their_tests() {
    let out = run_in_repo(&["test", "rules/binh-luc-2023.rules"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.ends_with("10 cases: 10 passed, 0 failed\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_failing_expectation_fails_the_test_run() {
    let tests = "[[case]]\nname = \"boundary\"\ncsv = \"\"\"\nentity,period,metric,value,unit\nd,2023-Q4,cattle,7000,\n\"\"\"\nexpect = { cattle = \"pass\", catle = \"fail\" }\n";
    let out = cmd(&["test", "rules.rules"])
        .rules("cattle > 7000\n")
        .write("rules.test.toml", tests)
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn next_year_starts_from_this_year() {
    let test = cmd(&["new", "--from", "binh-luc-2023.rules", "--year", "2024"]).write(
        "binh-luc-2023.rules",
        &std::fs::read_to_string(repo().join("rules/binh-luc-2023.rules")).unwrap(),
    );
    let out = test.run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let next = std::fs::read_to_string(test.path().join("binh-luc-2024.rules")).unwrap();
    assert!(next.contains("year 2024\n"));
    assert!(next.contains("agri_output >= +3% vs 2023\n"));
    assert!(next.contains("farm_models in +4 to +5 vs 2023\n"));
    assert!(next.contains("sex_ratio_birth falls vs 2023\n"));
    assert_eq!(
        next.matches("@review(\"carried over from 2023: confirm the target for 2024\")")
            .count(),
        49
    );
    assert!(
        next.contains("# Binh Luc district council"),
        "comments are kept"
    );
    let again = test.run();
    assert_eq!(again.code, 2, "an existing file is not overwritten");

    let lint = cmd(&["lint", "binh-luc-2024.rules", "--deny", "warnings"])
        .write("binh-luc-2024.rules", &next)
        .run();
    assert_eq!(lint.code, 1, "unreviewed targets fail a strict lint");

    let raised = next
        .replacen("new_jobs >= 3,830", "new_jobs >= 4,000", 1)
        .replacen("poverty_rate <= 3.7%", "poverty_rate <= 3.2%", 1);
    let diff = cmd(&["diff", "old.rules", "new.rules"])
        .write(
            "old.rules",
            &std::fs::read_to_string(repo().join("rules/binh-luc-2023.rules")).unwrap(),
        )
        .write("new.rules", &raised)
        .run();
    assert_eq!(diff.code, 0);
    insta::assert_snapshot!(diff.stdout);
}

#[test]
fn diff_names_added_and_removed_targets() {
    let out = cmd(&["diff", "a.rules", "b.rules", "--format", "json"])
        .write(
            "a.rules",
            "metric x: stock %\nmetric y: stock count\nx <= 3.5%\ny > 1\n",
        )
        .write(
            "b.rules",
            "metric x: stock %\nmetric z: stock count\nx <= 3.5%\nz in 1 to 2\n",
        )
        .run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["unchanged"], 1);
    assert_eq!(doc["changes"][0]["change"], "added");
    assert_eq!(doc["changes"][0]["id"], "z");
    assert_eq!(doc["changes"][1]["change"], "removed");
    assert_eq!(doc["changes"][1]["id"], "y");
}

#[test]
fn a_new_rule_file_starts_from_a_template_in_either_language() {
    for (lang, says) in [("en", "Poverty rate"), ("vi", "Tỷ lệ hộ nghèo")] {
        let test = cmd(&["new", "--year", "2025", "--lang", lang, "-o", "d.rules"]);
        let out = test.run();
        assert_eq!(out.code, 0, "{}", out.stderr);
        let text = std::fs::read_to_string(test.path().join("d.rules")).unwrap();
        assert!(
            text.contains("year 2025\n") && text.contains(says),
            "{text}"
        );
        // It is a rule file as `fmt` writes it, and `lint` finds nothing.
        let lint = cmd(&["lint", "d.rules"]).write("d.rules", &text).run();
        assert_eq!(lint.code, 0, "{}", lint.stderr);
        assert!(
            lint.stdout.contains("0 errors, 0 warnings"),
            "{}",
            lint.stdout
        );
        let fmt = cmd(&["fmt", "--check", "d.rules"])
            .write("d.rules", &text)
            .run();
        assert_eq!(fmt.code, 0, "{}", fmt.stdout);
        // Never over a file that exists.
        let again = cmd(&["new", "--year", "2025", "-o", "d.rules"])
            .write("d.rules", "x")
            .run();
        assert_eq!(again.code, 2);
        assert!(again.stderr.contains("would_overwrite"), "{}", again.stderr);
    }
    let stdout = cmd(&["new", "--year", "2025"]).run();
    assert!(stdout.stdout.contains("year 2025\n"));
}

#[test]
fn next_years_file_needs_a_name_it_can_be_given() {
    let out = cmd(&["new", "--from", "targets.rules", "--year", "2024"])
        .write("targets.rules", "year 2023\na >= 1\n")
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stdout.is_empty(), "nothing printed in its stead");
    assert!(
        out.stderr.contains("its name holds no 2023"),
        "{}",
        out.stderr
    );
    let to_stdout = cmd(&[
        "new",
        "--from",
        "targets.rules",
        "--year",
        "2024",
        "-o",
        "-",
    ])
    .write("targets.rules", "year 2023\na >= 1\n")
    .run();
    assert_eq!(to_stdout.code, 0);
    assert!(to_stdout.stdout.contains("year 2024"));
}

#[test]
fn lint_speaks_vietnamese_to_a_vietnamese_author() {
    let out = cmd(&["lint", "rules.rules", "--lang", "vi"])
        .rules(TIRED)
        .run();
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "rules.rules: 1 lỗi, 3 cảnh báo\n");
    // The numbers a Vietnamese reader reads are written the Vietnamese way.
    assert!(
        out.stderr
            .contains("`3.830` được đọc là 3,83, một số đếm có phần lẻ"),
        "{}",
        out.stderr
    );
    insta::assert_snapshot!(out.stderr);
}

#[test]
fn test_list_and_diff_speak_vietnamese() {
    let tests = "[[case]]\nname = \"boundary\"\ncsv = \"\"\"\nentity,period,metric,value,unit\nd,2023-Q4,cattle,7000,\n\"\"\"\nexpect = { cattle = \"pass\", catle = \"fail\" }\n";
    let out = cmd(&["test", "rules.rules", "--lang", "vi"])
        .rules("cattle > 7000\n")
        .write("rules.test.toml", tests)
        .run();
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("test_in_vietnamese", out.stdout);
    let list = cmd(&["list", "rules.rules", "--format", "markdown", "--lang", "vi"])
        .rules("metric jobs: flow persons\n@cite(\"Art. 2 §2\")\njobs >= 3830\n@severity(warning)\njobs >= +3% vs 2022\ncheck jobs >= 0\n")
        .run();
    insta::assert_snapshot!("list_in_vietnamese", list.stdout);
    let diff = cmd(&["diff", "old.rules", "rules.rules", "--lang", "vi"])
        .rules("cattle > 7500\nnew_jobs >= 3830\n")
        .write("old.rules", "cattle > 7000\npoverty_rate <= 3.7%\n")
        .run();
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    insta::assert_snapshot!("diff_in_vietnamese", diff.stdout);
}
