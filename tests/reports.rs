//! Every report format, checked by the program that consumes it, and the
//! committed gallery kept true.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "helpers of tests: a failure is a test failure"
)]

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{Test, repo, toml};

fn gallery_into(dir: &std::path::Path) {
    let status = Command::new("bash")
        .arg(repo().join("reports/generate.sh"))
        .arg(dir)
        .env("RESOLUTE", env!("CARGO_BIN_EXE_resolute"))
        .status()
        .expect("run reports/generate.sh");
    assert!(status.success());
}

fn files(dir: &std::path::Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_gallery_is_what_the_code_produces_now() {
    let fresh = tempfile::tempdir().unwrap();
    gallery_into(fresh.path());
    let committed = repo().join("reports/binh-luc-2023");
    assert_eq!(files(fresh.path()), files(&committed));
    for name in files(fresh.path()) {
        let now = std::fs::read_to_string(fresh.path().join(&name)).unwrap();
        let before = std::fs::read_to_string(committed.join(&name)).unwrap();
        assert!(
            now == before,
            "reports/binh-luc-2023/{name} is stale; run `bash reports/generate.sh`"
        );
    }
    // Byte-for-byte reproducible: a second run gives the same files.
    let again = tempfile::tempdir().unwrap();
    gallery_into(again.path());
    for name in files(fresh.path()) {
        assert_eq!(
            std::fs::read(fresh.path().join(&name)).unwrap(),
            std::fs::read(again.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    for name in ["as-of-2023-Q2.sarif", "as-of-2023-Q4.sarif"] {
        let text =
            std::fs::read_to_string(repo().join("reports/binh-luc-2023").join(name)).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
    let text =
        std::fs::read_to_string(repo().join("reports/binh-luc-2023/as-of-2023-Q4.sarif")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 50);
    let grain = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "A2.grain")
        .unwrap();
    let location = &grain["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "examples/binh-luc-2023/2023-Q4.toml"
    );
    assert_eq!(location["region"]["startLine"], 18);
    let related = &grain["relatedLocations"][0]["physicalLocation"];
    assert_eq!(
        related["artifactLocation"]["uri"],
        "rules/binh-luc-2023.rules"
    );
    let rules = std::fs::read_to_string(repo().join("rules/binh-luc-2023.rules")).unwrap();
    let grain_line = 1 + rules
        .lines()
        .position(|l| l.starts_with("grain_output >="))
        .unwrap();
    assert_eq!(related["region"]["startLine"], grain_line);
    assert_eq!(grain["level"], "error");
}

#[test]
fn junit_is_well_formed_xml_with_a_case_per_rule() {
    let text =
        std::fs::read_to_string(repo().join("reports/binh-luc-2023/as-of-2023-Q4.junit.xml"))
            .unwrap();
    let mut reader = quick_xml::Reader::from_str(&text);
    let (mut suites, mut cases, mut failures, mut exceeded) = (0, 0, 0, 0);
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                match e.name().as_ref() {
                    b"testsuite" => suites += 1,
                    b"testcase" => cases += 1,
                    b"failure" => failures += 1,
                    _ => {}
                }
            }
            quick_xml::events::Event::Text(t) if t.decode().unwrap().starts_with("exceeded: ") => {
                exceeded += 1
            }
            _ => {}
        }
    }
    // 11 failed and 1 missing; the 27 passes beyond their target say so.
    assert_eq!((suites, cases, failures, exceeded), (1, 50, 12, 27));
}

const RULES: &str = "metric jobs: flow persons \"Việc làm mới\"\nmetric rate: stock %\n\
                     @id(jobs) @cite(\"Art. 2 §2\")\njobs >= 3,830\n@severity(warning)\nrate < 0.78%\n";

fn small(format: &str, lang: &str) -> common::Outcome {
    Test::new()
        .rules(RULES)
        .data(
            "q4.toml",
            &toml("2023-Q4", "cumulative", "jobs = 3800\nrate = \"0.8%\""),
        )
        .arg("--format")
        .arg(format)
        .arg("--lang")
        .arg(lang)
        .run()
}

#[test]
fn markdown_puts_failures_first() {
    let out = small("markdown", "en");
    assert_eq!(out.code, 1);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn github_annotates_the_data_line() {
    let out = small("github", "en");
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn vietnamese_numbers_only_in_human_formats() {
    let text = small("text", "vi").stdout;
    assert!(text.contains("3.800 người"), "{text}");
    assert!(text.contains("0,8%"), "{text}");
    assert!(text.contains("Không đạt"));
    let json = small("json", "vi").stdout;
    assert!(json.contains("\"3800\""), "{json}");
    assert!(json.contains("\"0.8\""), "{json}");
    assert!(!json.contains("3.800") && !json.contains("0,8"));
}

#[test]
fn html_is_self_contained() {
    let html = small("html", "en").stdout;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("<svg class=\"chart\""));
    assert!(html.contains("data-status=\"fail\""));
}

#[test]
fn html_prints_and_says_its_charts_in_words() {
    let html = small("html", "vi").stdout;
    assert!(
        html.contains("@media print {"),
        "a stylesheet for the printed report"
    );
    // The chart of the flow names each figure and the target.
    assert!(
        html.contains("<title>lũy kế theo quý: quý IV/2023 3.800; kế hoạch 3.830 người</title>"),
        "{html}"
    );
}

#[test]
fn summary_only_is_a_row_per_rule_in_every_format() {
    let summary = |format: &str| {
        Test::new()
            .rules(RULES)
            .data(
                "a.toml",
                &toml("2023-Q4", "cumulative", "jobs = 3800\nrate = \"0.8%\""),
            )
            .data(
                "b.csv",
                "entity,period,metric,value,unit\nb,2023-Q4,jobs,4000,\nb,2023-Q4,rate,0.5,%\n",
            )
            .arg("--format")
            .arg(format)
            .arg("--summary-only")
            .run()
    };
    let md = summary("markdown").stdout;
    assert!(!md.contains("\n## "), "no section per entity: {md}");
    assert!(
        md.contains("| `jobs` | 1 | 1 | 0 | 0 | 0 | 0 | d (99.2%) |"),
        "{md}"
    );
    let html = summary("html").stdout;
    assert!(!html.contains("class=\"entity\""), "{html}");
    assert!(html.contains("<section class=\"by-rule\">"));
    assert!(html.contains("<td>d (99.2%)</td>"), "{html}");
    let text = summary("text").stdout;
    assert!(text.contains("furthest from target"), "{text}");
    // CI formats: an entry per rule not met everywhere, at the rule's line.
    let github = summary("github").stdout;
    assert_eq!(github.lines().count(), 2, "{github}");
    assert!(
        github.contains("::error file=rules.rules,line=4,col=1,endLine=4,endColumn=14,title=jobs::Việc làm mới: 1 fail (d (99.2%25))"),
        "{github}"
    );
    let junit = summary("junit").stdout;
    assert!(
        junit.contains("tests=\"2\" failures=\"1\" errors=\"0\" skipped=\"1\""),
        "{junit}"
    );
    assert!(
        junit.contains("<failure message=\"1 fail\" type=\"fail\">"),
        "{junit}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&summary("sarif").stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["message"]["text"],
        "jobs: 1 fail (furthest: d (99.2%))"
    );
    assert_eq!(results[0]["properties"]["counts"]["pass"], 1);
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(validator.is_valid(&sarif));
}

#[test]
fn reports_are_written_whole_or_not_at_all() {
    let test = Test::new()
        .rules(RULES)
        .data(
            "q4.toml",
            &toml("2023-Q4", "cumulative", "jobs = 4000\nrate = \"0.7%\""),
        )
        .arg("--report")
        .arg("html=out/report.html")
        .arg("--report")
        .arg("sarif=results.sarif");
    let missing_dir = test.run();
    assert_eq!(missing_dir.code, 2);
    assert!(
        missing_dir
            .stderr
            .contains("cannot write `out/report.html`"),
        "{}",
        missing_dir.stderr
    );
    assert!(!test.path().join("results.sarif").exists());

    std::fs::create_dir(test.path().join("out")).unwrap();
    let written = test.run();
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert!(test.path().join("out/report.html").exists());
    assert!(test.path().join("results.sarif").exists());
    // Only the reports remain: no temporary files beside them.
    assert_eq!(
        files(&test.path().join("out")),
        BTreeSet::from(["report.html".to_string()])
    );
}

#[test]
fn timestamps_can_be_pinned() {
    let out = Test::new()
        .rules(RULES)
        .data(
            "q4.toml",
            &toml("2023-Q4", "cumulative", "jobs = 4000\nrate = \"0.7%\""),
        )
        .arg("--format")
        .arg("json")
        .arg("--timestamp")
        .arg("2024-03-01T08:00:00Z")
        .run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["audit"]["generated"], "2024-03-01T08:00:00Z");
    assert_eq!(doc["audit"]["rules"]["path"], "rules.rules");
    assert_eq!(
        doc["audit"]["data"][0]["sha256"].as_str().unwrap().len(),
        64
    );
}

/// A streamed CSV file's hash in the audit trail is the hash of its bytes,
/// byte-order mark and line ends included.
#[test]
fn a_streamed_files_hash_is_the_hash_of_its_bytes() {
    use sha2::Digest;
    let mut csv = String::from("\u{feff}entity,period,metric,value,unit\r\n");
    for i in 0..2000 {
        csv.push_str(&format!("e{i},2023-Q4,jobs,{},persons\r\n", 3000 + i));
    }
    let test = Test::new().rules(RULES).data("d.csv", &csv);
    let out = test.arg("--format").arg("json").run();
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let want: String = sha2::Sha256::digest(csv.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(doc["audit"]["data"][0]["sha256"], want.as_str());
}

/// JUnit states its totals before its suites, from the verdicts: they
/// equal the sums of the suites written after, entity by entity.
#[test]
fn junit_totals_are_the_sums_of_its_suites() {
    let mut csv = String::from("entity,period,metric,value,unit\n");
    for e in 0..40 {
        // Some pass, some fail, some have no rate at all.
        csv.push_str(&format!("e{e:02},2023-Q4,jobs,{},persons\n", 3800 + e));
        if e % 3 != 0 {
            csv.push_str(&format!("e{e:02},2023-Q4,rate,0.{},%\n", 70 + e));
        }
    }
    let out = Test::new()
        .rules(RULES)
        .data("d.csv", &csv)
        .arg("--format")
        .arg("junit")
        .run();
    let attribute = |tag: &str, name: &str| -> Vec<usize> {
        out.stdout
            .lines()
            .filter(|l| l.trim_start().starts_with(&format!("<{tag} ")))
            .map(|l| {
                let at = l.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                l[at..].split('"').next().unwrap().parse().unwrap()
            })
            .collect()
    };
    for name in ["tests", "failures", "errors", "skipped"] {
        let total = attribute("testsuites", name);
        let suites = attribute("testsuite", name);
        assert_eq!(suites.len(), 40);
        assert_eq!(total, [suites.iter().sum::<usize>()], "{name}");
    }
    assert_eq!(attribute("testsuites", "tests"), [80]);
    assert!(attribute("testsuites", "failures")[0] > 0);
    assert!(attribute("testsuites", "skipped")[0] > 0);
}

/// A bad row or an unknown metric in a file too large to quote whole is
/// quoted from the lines around it, read again: the diagnostics are those
/// of the same file read whole, long lines cut the same way.
#[test]
fn a_large_files_problems_are_quoted_as_a_small_files_are() {
    let mut rows = Vec::new();
    for i in 0..330_000 {
        rows.push(format!("E{i},2023-Q4,jobs,{},persons", 3000 + i % 1000));
    }
    rows[100] = "E100,2023-Q4,jobs,x1,persons".into();
    rows[150_000] = "E150000,2023-Q9,jobs,1,persons".into();
    rows[150_002] = "E150002,2023-Q4,jobs,1,persns".into();
    rows[300_000] = format!("E300000,2023-Q4,jobs,{},persons", "9".repeat(2_000));
    rows[320_000] = "E320000,2023-Q4,jobz,1,persons".into();
    let body = rows.join("\n");
    let plain = format!("entity,period,metric,value,unit\n{body}\n");
    assert!(plain.len() > 9 << 20, "{} bytes", plain.len());
    let quoted = format!("\"entity\",period,metric,value,unit\n{body}\n");
    let run = |text: &str| Test::new().rules(RULES).data("d.csv", text).run();
    let (streamed, whole) = (run(&plain), run(&quoted));
    assert_eq!(streamed.code, 2);
    for needle in [
        "x1,persons",
        "`2023-Q9`",
        "`persns`",
        "`jobz`",
        "…",
        "300002",
    ] {
        assert!(
            streamed.stderr.contains(needle),
            "{needle}\n{}",
            streamed.stderr
        );
    }
    assert_eq!(streamed.stderr, whole.stderr);
    // The report quotes the header where a finding is on the first row.
    assert_eq!(
        streamed.stdout,
        whole.stdout.replace("\"entity\"", "entity")
    );
}

/// Many small files, read several at a time on all cores, give the results
/// of the same rows in one file, in the same order.
#[test]
fn many_small_files_read_as_one() {
    let header = "entity,period,metric,value,unit\n";
    let row = |e: usize| {
        format!(
            "e{e:03},2023-Q4,jobs,{},persons\ne{e:03},2023-Q4,rate,0.{},%\n",
            3700 + e,
            70 + e % 20
        )
    };
    let mut one = Test::new().rules(RULES);
    let mut whole = String::from(header);
    let mut many = Test::new().rules(RULES).arg("parts");
    for e in 0..300 {
        whole.push_str(&row(e));
        many = many.write(
            &format!("parts/p{e:03}.csv"),
            &format!("{header}{}", row(e)),
        );
    }
    one = one.data("d.csv", &whole);
    let results = |test: Test| {
        let out = test.arg("--format").arg("json").run();
        let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let rows: Vec<String> = doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    r["id"], r["entity"], r["status"], r["actual"]
                )
            })
            .collect();
        (doc["summary"].clone(), rows)
    };
    let (one, many) = (results(one), results(many));
    assert_eq!(one.1.len(), 600);
    assert_eq!(one, many);
}

/// Names with a terminal escape (retitling the window, recolouring the
/// text) and a right-to-left override reach every human format shown,
/// never obeyed.
#[test]
fn text_from_the_inputs_is_shown_in_every_human_format_never_obeyed() {
    let csv = "entity,period,metric,value\n\"bad\u{1b}]0;pwned\u{7}\u{1b}[31mred\",2023-Q4,cattle,7100\n\"x\u{202e}evil\",2023-Q4,cattle,6000\n";
    for format in ["text", "markdown", "github", "html"] {
        let test = Test::new()
            .rules("@title(\"cattle\u{1b}[2J\") cattle > 7000\n")
            .data("d.csv", csv)
            .arg("--format")
            .arg(format);
        let out = test.run();
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'),
                "{format} {stream} passes a control character on:\n{text:?}"
            );
        }
        // Shown as its code point (escaped as the format escapes `<`).
        assert!(out.stdout.contains("U+202E"), "{format}: {}", out.stdout);
    }
}

/// Every date and time in every committed report carries its offset, as
/// RFC 3339 requires (`2024-01-01T00:00:00Z`, never a bare local time).
#[test]
fn every_timestamp_in_every_format_is_rfc_3339() {
    let committed = repo().join("reports/binh-luc-2023");
    let mut seen = 0;
    for name in files(&committed) {
        let text = std::fs::read_to_string(committed.join(&name)).unwrap();
        let bytes = text.as_bytes();
        for (at, _) in text.match_indices('T') {
            // `YYYY-MM-DDThh:mm:ss` around this `T`.
            let (Some(date), Some(time)) = (
                at.checked_sub(10).and_then(|from| bytes.get(from..at)),
                bytes.get(at + 1..at + 9),
            ) else {
                continue;
            };
            let digits = |b: &[u8], shape: &[u8]| {
                b.iter().zip(shape).all(|(c, s)| {
                    if *s == b'9' {
                        c.is_ascii_digit()
                    } else {
                        c == s
                    }
                })
            };
            if digits(date, b"9999-99-99") && digits(time, b"99:99:99") {
                seen += 1;
                let offset = bytes.get(at + 9).copied();
                assert!(
                    offset == Some(b'Z') || offset == Some(b'+') || offset == Some(b'-'),
                    "{name}: `{}` has no offset",
                    text.get(at - 10..at + 10).unwrap_or_default()
                );
            }
        }
    }
    assert!(seen > 10, "only {seen} timestamps found");
}

/// Names, ids, titles and citations written to make Markdown do something
/// (end a table row, add cells, link, embed HTML) are shown as written: the
/// report parses as one table of seven columns per entity, with no link,
/// no image and no HTML.
#[test]
fn markdown_from_hostile_text_is_one_table_with_no_link_or_html() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let rules = "metric cattle: stock head\n\
        @id(\"x | injected | row |\\n| fake `code`\") @title(\"<img src=x onerror=alert(1)> | t *em* _u_\") @cite(\"[link](javascript:alert(1)) ![i](x.png) &amp; <b>b</b>\")\n\
        cattle > 7000\n";
    let csv = "entity,period,metric,value,unit\n\"</script><b>e</b> | `x` [l](y)\",2023-Q4,cattle,6000,head\n";
    let test = Test::new()
        .rules(rules)
        .data("d | `x`.csv", csv)
        .arg("--format")
        .arg("markdown");
    let out = test.run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let mut rows = Vec::new();
    let mut cells = 0;
    for event in Parser::new_ext(&out.stdout, Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                // Only the audit trail's own fold.
                assert!(
                    matches!(&*html, "<details><summary>" | "</summary>" | "</details>")
                        || html.starts_with("<details>")
                        || html.starts_with("</details>"),
                    "HTML from an input: {html}\n{}",
                    out.stdout
                );
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                panic!("a link from an input:\n{}", out.stdout)
            }
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => rows.push(cells),
            _ => {}
        }
    }
    // The results table (a head and one row) and the audit trail's.
    assert_eq!(rows, [7, 7, 2, 2, 2], "{}", out.stdout);
}
