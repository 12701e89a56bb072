//! The conventions of the command line: colour, quiet and verbose runs,
//! what fails a run, standard input and patterns, completions and the
//! manual page.

#![allow(clippy::unwrap_used, reason = "test setup failing is a test failure")]

mod common;

use common::{Test, run_in_repo, toml};

const EXAMPLE: [&str; 3] = [
    "check",
    "rules/binh-luc-2023.rules",
    "examples/binh-luc-2023",
];

fn example(extra: &[&str]) -> common::Outcome {
    let args: Vec<&str> = EXAMPLE.iter().chain(extra).copied().collect();
    run_in_repo(&args)
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // The tests' output is no terminal, and `NO_COLOR` is set.
    let plain = example(&[]);
    assert!(!plain.stdout.contains('\u{1b}'), "{}", plain.stdout);
    let never = example(&["--color", "never"]);
    assert!(!never.stdout.contains('\u{1b}'));
    let always = example(&["--color", "always"]);
    // A failure in bold red, a pass beyond its target in bold green.
    assert!(
        always.stdout.contains("\u{1b}[1m\u{1b}[31mfail\u{1b}[0m"),
        "{}",
        always.stdout
    );
    assert!(
        always
            .stdout
            .contains("\u{1b}[1m\u{1b}[32mexceeded\u{1b}[0m")
    );
    // The columns stay aligned: the codes take no width.
    let strip = |s: &str| {
        regex::Regex::new("\u{1b}\\[[0-9;]*m")
            .unwrap()
            .replace_all(s, "")
            .into_owned()
    };
    assert_eq!(strip(&always.stdout), plain.stdout);
    // Report files are never coloured.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    let report = format!("text={}", file.display());
    let out = example(&["--color", "always", "--report", &report]);
    assert_eq!(out.code, 1);
    assert!(!std::fs::read_to_string(&file).unwrap().contains('\u{1b}'));
}

#[test]
fn quiet_says_only_errors_and_verbose_says_what_each_step_did() {
    let quiet = example(&["-q"]);
    assert_eq!(quiet.code, 1, "the exit code still tells");
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));
    // A warning is not said; an error is.
    let rules = "metric a: stock count\na >= 1\n";
    let warned = Test::new()
        .rules(rules)
        .data("d.toml", &toml("2023", "cumulative", "a = 2\nb = 3"))
        .arg("--quiet")
        .run();
    assert_eq!((warned.code, warned.stderr.as_str()), (0, ""));
    let broken = Test::new()
        .rules(rules)
        .data("d.toml", "[report]\nentity = 1\n")
        .arg("-q")
        .run();
    assert_eq!(broken.code, 2);
    assert!(broken.stderr.contains("entity"), "{}", broken.stderr);
    let verbose = example(&["-v"]);
    assert!(
        verbose.stderr.contains("read 5 files: "),
        "{}",
        verbose.stderr
    );
    assert!(
        verbose
            .stderr
            .contains("judging every rule for every entity: ")
    );
}

#[test]
fn what_fails_a_run_is_chosen() {
    // Mid-year, nothing has failed yet: some targets are behind.
    let mid_year = |extra: &[&str]| example(&[&["--as-of", "2023-Q2"], extra].concat()).code;
    assert_eq!(mid_year(&[]), 0);
    assert_eq!(mid_year(&["--fail-on", "behind"]), 1);
    assert_eq!(mid_year(&["--fail-on", "error", "--fail-on", "missing"]), 0);
    // At year end a target is missing and others failed.
    assert_eq!(example(&["--fail-on", "missing"]).code, 1);
    assert_eq!(example(&["--fail-on", "behind"]).code, 0);
    // A warning-severity target fails the run only when asked.
    let rules = "@severity(warning)\na >= 5\n";
    let data = toml("2023", "cumulative", "a = 2");
    let run = |extra: &[&str]| {
        let mut test = Test::new().rules(rules).data("d.toml", &data);
        for arg in extra {
            test = test.arg(arg);
        }
        test.run().code
    };
    assert_eq!(run(&[]), 0);
    assert_eq!(run(&["--fail-on", "warning"]), 1);
    // Data warnings fail it with `--deny warnings`.
    let unknown = toml("2023", "cumulative", "a = 6\nb = 1");
    let deny = |extra: &[&str]| {
        let mut test = Test::new().rules("a >= 5\n").data("d.toml", &unknown);
        for arg in extra {
            test = test.arg(arg);
        }
        test.run()
    };
    assert_eq!(deny(&[]).code, 0);
    let denied = deny(&["--deny", "warnings"]);
    assert_eq!(denied.code, 1, "{}", denied.stderr);
    assert!(denied.stderr.contains("unknown_metric"));
}

#[test]
fn completions_for_every_shell_and_a_manual_page() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run_in_repo(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        // Every subcommand and a subcommand's option complete.
        for word in ["check", "explain", "fail-on", "lang"] {
            assert!(out.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(run_in_repo(&["completions", "tcsh"]).code, 2);
    let man = run_in_repo(&["man"]);
    assert_eq!(man.code, 0);
    assert!(man.stdout.contains(".TH resolute 1"), "{}", man.stdout);
    assert!(man.stdout.contains("check"));
}

#[test]
fn every_command_helps_with_examples_that_run() {
    let commands = [
        "check", "fmt", "lint", "explain", "list", "diff", "new", "test",
    ];
    for command in commands {
        let help = run_in_repo(&[command, "--help"]);
        assert_eq!(help.code, 0, "{command}");
        let (_, examples) = help
            .stdout
            .split_once("Example")
            .unwrap_or_else(|| panic!("`{command} --help` has no examples"));
        // The examples on the bundled files run as shown.
        for line in examples
            .lines()
            .filter(|l| l.contains("examples/binh-luc-2023"))
        {
            let line = line.split('#').next().unwrap_or_default();
            let words: Vec<&str> = line.split_whitespace().skip(1).collect();
            let out = run_in_repo(&words);
            assert!(matches!(out.code, 0 | 1), "{line}: {}", out.stderr);
        }
    }
}

#[test]
fn an_unreadable_row_is_said_once_not_once_per_rule() {
    let rules = "a >= 1\nb >= 1\nc >= 1\n";
    let out = Test::new()
        .rules(rules)
        .data(
            "d.csv",
            "entity,period,metric,value\nd,2023,a,2\nd,2023,b\ne,2023,a,2\n",
        )
        .run();
    assert_eq!(out.code, 2);
    // The row, once, on stderr; one line for its entity in the report.
    assert_eq!(
        out.stderr.matches("row has 3 fields").count(),
        1,
        "{}",
        out.stderr
    );
    assert!(out.stdout.contains(
        "× `d`: its 3 rules could not be evaluated: a row of it could not be read (d.csv:3), as said above"
    ), "{}", out.stdout);
    assert!(
        !out.stdout.contains("could not be evaluated for `d`"),
        "{}",
        out.stdout
    );
    // Another entity's results are reported as ever.
    assert!(
        out.stdout.contains("`b` is missing data for `e`"),
        "{}",
        out.stdout
    );
}

/// Runs the binary in `dir` with `input` on its standard input.
fn with_stdin(dir: &std::path::Path, args: &[&str], input: &str) -> common::Outcome {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_resolute"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    common::Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn standard_input_gives_the_rules_or_one_data_file() {
    let test = Test::new()
        .rules("a >= 1\n")
        .write("d.csv", "entity,period,metric,value\nd,2023,a,2\n");
    let dir = test.path();
    let csv = "entity,period,metric,value\nd,2023,a,0\n";
    let toml_text = toml("2023", "cumulative", "a = 0");
    // The data: CSV told from TOML by its header, or as `--stdin-format` says.
    for (input, extra) in [(csv, None), (toml_text.as_str(), None), (csv, Some("csv"))] {
        let mut args = vec!["check", "rules.rules", "-"];
        if let Some(format) = extra {
            args.extend(["--stdin-format", format]);
        }
        let out = with_stdin(dir, &args, input);
        assert_eq!(out.code, 1, "{input}: {}", out.stderr);
        let failed = |l: &str| l.trim_start().starts_with("fail") && l.contains(" a ");
        assert!(out.stdout.lines().any(failed), "{}", out.stdout);
    }
    let misread = with_stdin(
        dir,
        &["check", "rules.rules", "-", "--stdin-format", "toml"],
        csv,
    );
    assert_eq!(misread.code, 2);
    assert!(
        misread.stderr.contains("<stdin>.toml"),
        "{}",
        misread.stderr
    );
    // The rules, with data from files.
    let rules = with_stdin(dir, &["check", "-", "d.csv"], "a >= 1\n");
    assert_eq!(rules.code, 0, "{}", rules.stderr);
    assert!(
        rules.stdout.starts_with("rules <stdin> · "),
        "{}",
        rules.stdout
    );
    // A rule file formatted from standard input to standard output.
    let formatted = with_stdin(dir, &["fmt", "-"], "a>=1000\n");
    assert_eq!(
        (formatted.code, formatted.stdout.as_str()),
        (0, "a >= 1,000\n")
    );
    let unformatted = with_stdin(dir, &["fmt", "--check", "-"], "a>=1000\n");
    assert_eq!(
        (unformatted.code, unformatted.stdout.as_str()),
        (1, "<stdin>\n")
    );
    // Not both from one stream.
    let twice = with_stdin(dir, &["check", "-", "-"], "a >= 1\n");
    assert_eq!(twice.code, 2);
    assert!(twice.stderr.contains("stdin_twice"));
}

#[test]
fn quoted_patterns_are_expanded_the_same_everywhere() {
    let run = |pattern: &str| {
        let mut test = Test::new().rules("a >= 1\n");
        for (name, text) in [
            ("data/q1.csv", "entity,period,metric,value\nd,2023-Q1,a,2\n"),
            ("data/deep/y.toml", &toml("2023", "cumulative", "a = 3")),
            ("data/README.md", "not data"),
        ] {
            test = test.write(name, text);
        }
        test.arg(pattern).run()
    };
    // `*` within a directory, the README passed over; `**` across them.
    let one = run("data/*.csv");
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.contains("· 1 file"), "{}", one.stdout);
    let all = run("data/**/*");
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert!(all.stdout.contains("· 2 files"), "{}", all.stdout);
    let none = run("data/*.xlsx");
    assert_eq!(none.code, 2);
    assert!(
        none.stderr.contains("no file matches `data/*.xlsx`"),
        "{}",
        none.stderr
    );
}

#[test]
fn a_configuration_file_gives_what_the_command_line_does_not() {
    let data = toml("2023", "cumulative", "a = 2");
    let project = |config: &str| {
        Test::new()
            .command("check")
            .write("proj/rules.rules", "a >= 5\n")
            .write("proj/data/d.toml", &data)
            .write("proj/resolute.toml", config)
    };
    let config = "[check]\nrules = \"rules.rules\"\ndata = [\"data\"]\nformat = \"json\"\nreport = [\"markdown=out.md\"]\n";
    // Named with `--config`, its paths are from its own directory.
    let test = project(config).arg("--config").arg("proj/resolute.toml");
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.starts_with('{'),
        "json from the file: {}",
        out.stdout
    );
    assert!(test.path().join("proj/out.md").is_file());
    // The command line wins, option by option.
    let test = project(config)
        .arg("--config")
        .arg("proj/resolute.toml")
        .arg("--format")
        .arg("text");
    assert!(test.run().stdout.starts_with("rules proj/rules.rules"));
    // In the working directory it is found by itself.
    let found = Test::new()
        .command("check")
        .write("rules.rules", "a >= 1\n")
        .write("d.toml", &data)
        .write(
            "resolute.toml",
            "[check]\nrules = \"rules.rules\"\ndata = [\"d.toml\"]\n",
        )
        .run();
    assert_eq!(found.code, 0, "{}", found.stderr);
    // An unknown key is an error, not ignored.
    let bad = project("[check]\nrulez = \"rules.rules\"\n")
        .arg("--config")
        .arg("proj/resolute.toml")
        .run();
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown field `rulez`"),
        "{}",
        bad.stderr
    );
    // Without either, there is nothing to check.
    let nothing = Test::new().command("check").run();
    assert_eq!(nothing.code, 2);
    assert!(nothing.stderr.contains("nothing_to_check"));
}

#[test]
fn data_diagnostics_speak_the_reports_language() {
    let run = |lang: &str| {
        Test::new()
            .rules("metric a: stock count\na >= 1\n")
            .data("d.toml", &toml("2023", "cumulative", "a = 2\nb = 3"))
            .data("e.csv", "entity,period,metric,value\ne,2023,a\n")
            .arg("--lang")
            .arg(lang)
            .run()
    };
    let vi = run("vi");
    assert_eq!(vi.code, 2);
    for said in [
        "cảnh báo trong `d.toml`",
        "`b` không phải chỉ tiêu trong tệp chỉ tiêu; giá trị không được dùng",
        "1 lỗi số liệu trong `e.csv`",
        "CSV không hợp lệ: dòng có 3 trường, dòng tiêu đề có 4",
    ] {
        assert!(vi.stderr.contains(said), "{said}\n{}", vi.stderr);
    }
    // The codes stay as they are, for tools and searches.
    assert!(vi.stderr.contains("resolute::load::unknown_metric"));
    let empty = Test::new()
        .rules("a >= 1\n")
        .data("d.csv", "entity,period,metric,value\n")
        .arg("--lang")
        .arg("vi")
        .run();
    assert_eq!(empty.code, 2);
    assert!(
        empty
            .stderr
            .contains("các tệp số liệu không có số liệu nào"),
        "{}",
        empty.stderr
    );
    assert!(empty.stderr.contains("resolute::no_figures"));
    let en = run("en");
    assert!(
        en.stderr.contains("`b` is not a metric of the rules"),
        "{}",
        en.stderr
    );
}

#[test]
fn a_configuration_file_can_ask_for_every_result() {
    let out = Test::new()
        .command("check")
        .write("rules.rules", "a >= 5\n")
        .write("d.toml", &toml("2023", "cumulative", "a = 2"))
        .write(
            "resolute.toml",
            "[check]\nrules = \"rules.rules\"\ndata = [\"d.toml\"]\nformat = \"markdown\"\nfull = true\n",
        )
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.starts_with("# "), "{}", out.stdout);
    let wrong = Test::new()
        .command("check")
        .write("rules.rules", "a >= 5\n")
        .write("d.toml", &toml("2023", "cumulative", "a = 2"))
        .write(
            "resolute.toml",
            "[check]\nrules = \"rules.rules\"\nfull = \"yes\"\n",
        )
        .run();
    assert_eq!(wrong.code, 2, "{}", wrong.stderr);
}
