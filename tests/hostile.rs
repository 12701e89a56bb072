//! Inputs too big or too deep to keep as files: each must end quickly with
//! a diagnostic, never a crash or a hang. The time limits are hang guards,
//! far above what a run takes.

#![allow(clippy::unwrap_used, reason = "test setup failing is a test failure")]

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::toml;

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1704067200")
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn scratch(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const CARD: &str = "poverty_rate <= 3.7%\nnew_jobs >= 3830\ncattle > 7000\n";

#[test]
fn megabyte_rule_lines() {
    let line = format!("cattle > 7000 + {}\n", "1 + ".repeat(750_000));
    let dir = scratch(&[
        ("rules.rules", line),
        ("q4.toml", toml("2023-Q4", "cumulative", "cattle = 1")),
    ]);
    let (code, stdout, stderr) = run(dir.path(), &["check", "rules.rules", "q4.toml"]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.contains("line longer than 10000 characters"),
        "{}",
        &stderr[..stderr.len().min(500)]
    );
    assert!(
        stderr.len() < 5_000,
        "the diagnostic does not repeat the line"
    );
    let ten_megabytes = format!("cattle > 7000 + {}\n", "1 + ".repeat(2_500_000));
    let dir = scratch(&[
        ("rules.rules", ten_megabytes),
        ("q4.toml", toml("2023-Q4", "cumulative", "cattle = 1")),
    ]);
    let (code, _, stderr) = run(dir.path(), &["check", "rules.rules", "q4.toml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("larger than the limit of 4 MiB"),
        "{stderr}"
    );
}

#[test]
fn parentheses_nested_a_hundred_thousand_deep() {
    for rules in [
        format!("cattle > {}1{}\n", "(".repeat(100_000), ")".repeat(100_000)),
        format!("cattle > {}\n", "(".repeat(100_000)),
        format!("cattle > {}1\n", "-".repeat(5_000)),
    ] {
        let dir = scratch(&[
            ("rules.rules", rules),
            ("q4.toml", toml("2023-Q4", "cumulative", "cattle = 1")),
        ]);
        let (code, stdout, stderr) = run(dir.path(), &["check", "rules.rules", "q4.toml"]);
        assert_eq!((code, stdout.as_str()), (2, ""));
        assert!(
            stderr.contains("nested more than 64 levels") || stderr.contains("line longer"),
            "{stderr}"
        );
    }
}

#[test]
fn a_ten_megabyte_data_value_and_deep_toml() {
    let long = format!("cattle = \"{}\"", "9".repeat(10_000_000));
    let deep = format!("cattle = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    for values in [long, deep] {
        let dir = scratch(&[
            ("rules.rules", CARD.to_string()),
            ("q4.toml", toml("2023-Q4", "cumulative", &values)),
        ]);
        let (code, stdout, stderr) = run(dir.path(), &["check", "rules.rules", "q4.toml"]);
        assert_eq!(
            (code, stdout.as_str()),
            (2, ""),
            "{}",
            &stderr[..stderr.len().min(500)]
        );
        assert!(stderr.contains("q4.toml"));
    }
}

#[test]
fn rule_files_have_a_size_limit() {
    let rules = "# padding\n".repeat(500_000);
    let dir = scratch(&[
        ("rules.rules", rules),
        ("q4.toml", toml("2023-Q4", "cumulative", "cattle = 1")),
    ]);
    let (code, _, stderr) = run(dir.path(), &["check", "rules.rules", "q4.toml"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("larger than the limit of 4 MiB"),
        "{stderr}"
    );
}

#[test]
fn many_rows_and_entities_stay_exact() {
    let mut csv = String::from("entity,period,metric,value,unit\n");
    for i in 0..20_000 {
        csv.push_str(&format!("e{i},2023-Q4,x,0.1,\ne{i},2023-Q4,y,0.2,\n"));
    }
    let dir = scratch(&[
        (
            "rules.rules",
            "metric x: stock count\nmetric y: stock count\nx + y == 0.3\n".into(),
        ),
        ("d.csv", csv),
    ]);
    let (code, stdout, _) = run(
        dir.path(),
        &["check", "rules.rules", "d.csv", "--format", "json"],
    );
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["summary"]["pass"], 20_000);
}

#[test]
fn a_failed_report_write_leaves_nothing_behind() {
    let dir = scratch(&[
        ("rules.rules", CARD.into()),
        ("q4.toml", toml("2023-Q4", "cumulative", "cattle = 7100")),
    ]);
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    let before: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    // A directory where the report should go: the rename fails.
    let (code, stdout, stderr) = run(
        dir.path(),
        &["check", "rules.rules", "q4.toml", "--report", "html=taken"],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("cannot write `taken`"), "{stderr}");
    let after: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "no temporary file is left: {after:?}"
    );
}

#[test]
fn no_command_changes_its_inputs() {
    let rules = "year 2023\nmetric jobs: flow persons\nmetric rate: stock %\n@id(jobs)\njobs >= 3,830\nrate<=3.7%\n";
    let dir = scratch(&[
        ("rules.rules", rules.into()),
        (
            "rules.test.toml",
            "[[case]]\nname = \"x\"\ndata = [\"q4.toml\"]\nexpect = { jobs = \"pass\" }\n".into(),
        ),
        (
            "q4.toml",
            toml("2023-Q4", "cumulative", "jobs = 4000\nrate = \"3%\""),
        ),
        (
            "other.rules",
            "year 2023\nmetric jobs: flow persons\njobs >= 4,000\n".into(),
        ),
    ]);
    let hashes = |dir: &std::path::Path| -> BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let path = e.unwrap().path();
                (
                    path.display().to_string(),
                    std::fs::read(&path).unwrap_or_default(),
                )
            })
            .collect()
    };
    let before = hashes(dir.path());
    for args in [
        vec!["check", "rules.rules", "q4.toml"],
        vec!["check", "rules.rules", "q4.toml", "--format", "sarif"],
        vec!["fmt", "--check", "rules.rules"],
        vec!["lint", "rules.rules", "q4.toml"],
        vec!["explain", "jobs", "rules.rules", "q4.toml"],
        vec!["list", "rules.rules"],
        vec!["test", "rules.rules"],
        vec!["diff", "rules.rules", "other.rules"],
        vec!["new", "--from", "rules.rules", "--year", "2024", "-o", "-"],
    ] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert!(code <= 1, "{args:?}: {stderr}");
        assert_eq!(hashes(dir.path()), before, "{args:?} changed an input");
    }
}

#[test]
fn output_does_not_depend_on_listing_or_argument_order() {
    let files: Vec<(String, String)> = (1..=4)
        .map(|q| {
            (
                format!("q{q}.toml"),
                toml(
                    &format!("2023-Q{q}"),
                    "quarter",
                    &format!("jobs = {}", q * 1000),
                ),
            )
        })
        .collect();
    let rules = "metric jobs: flow persons\njobs >= 9,000\n".to_string();
    let mut outputs = Vec::new();
    for order in [[0, 1, 2, 3], [3, 1, 0, 2], [2, 3, 1, 0]] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("rules.rules"), &rules).unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        // Files created in another order list in another order.
        for &i in &order {
            std::fs::write(dir.path().join("data").join(&files[i].0), &files[i].1).unwrap();
        }
        let mut args = vec![
            "check".to_string(),
            "rules.rules".into(),
            "--format".into(),
            "json".into(),
        ];
        args.extend(order.iter().map(|&i| format!("data/{}", files[i].0)));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        outputs.push(run(dir.path(), &args).1);
        outputs.push(
            run(
                dir.path(),
                &["check", "rules.rules", "data", "--format", "json"],
            )
            .1,
        );
    }
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
    assert!(outputs[0].contains("\"actual\": \"10000\""));
}

#[test]
fn rule_files_with_tens_of_thousands_of_rules() {
    let mut rules = String::from("year 2023\nmetric x: stock count\nmetric y: flow persons\n");
    for i in 0..20_000 {
        rules.push_str(&format!("@id(r{i})\nx >= {i}\ny <= {}\n", 100_000 - i));
    }
    let older = rules.replace(">= 1", ">= 2");
    let dir = scratch(&[
        ("rules.rules", rules),
        ("old.rules", older),
        ("q4.toml", toml("2023-Q4", "cumulative", "x = 5\ny = 1")),
    ]);
    for args in [
        vec!["lint", "rules.rules"],
        vec!["diff", "old.rules", "rules.rules"],
        vec!["fmt", "--check", "rules.rules"],
        vec!["list", "rules.rules", "--format", "json"],
        vec!["check", "rules.rules", "q4.toml", "--summary-only"],
    ] {
        let (code, _, stderr) = run(dir.path(), &args);
        assert!(code <= 2, "{args:?}: {}", &stderr[..stderr.len().min(300)]);
    }
}

/// A run stopped while it writes a report (here by SIGTERM, as Ctrl-C's
/// SIGINT is handled alike) removes its temporary file and leaves no
/// report: nothing half-written is left under any name.
#[cfg(unix)]
#[test]
fn an_interrupted_report_write_leaves_nothing_behind() {
    let mut csv = String::from("entity,period,metric,value\n");
    for e in 0..40_000 {
        csv.push_str(&format!(
            "e{e},2023-Q4,poverty_rate,{}%\ne{e},2023-Q4,new_jobs,{}\ne{e},2023-Q4,cattle,{}\n",
            e % 9,
            3000 + e % 1500,
            6000 + e % 2000
        ));
    }
    let dir = scratch(&[("rules.rules", CARD.into()), ("d.csv", csv)]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args([
            "check",
            "rules.rules",
            "d.csv",
            "--format",
            "json",
            "--summary-only",
        ])
        .args(["--report", "html=out.html"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let temporary = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".tmp"))
            .collect::<Vec<_>>()
    };
    let started = std::time::Instant::now();
    while temporary().is_empty() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its report was being written: make the data larger"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no report was started"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(temporary(), Vec::<String>::new());
    assert!(!dir.path().join("out.html").exists());
}
