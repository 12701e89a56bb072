//! Entry points for fuzzing. Each takes arbitrary bytes and returns without
//! panicking unless an invariant is broken, which is what fuzzing looks for.
//! `fuzz/` drives them with libFuzzer; `tests/fuzz_corpus.rs` replays the
//! seed corpus and every input that once failed.

use crate::check::check;
use crate::data::LoadOptions;
use crate::eval::evaluate;
use crate::pipeline::{Data, Rules, prepare};
use crate::report::{Audit, Context, FileHash, Format, Lang, render};
use crate::syntax::{format_rules, parse_rules};

/// Rules the data fuzzers load against: every kind, unit and form.
const RULES: &str = "\
unit communes
metric poverty_rate: stock %
metric new_jobs: flow persons
metric cattle: stock head
metric agri_output: flow billion VND profile(15%, 55%, 70%, 100%)
metric exports: flow million USD
metric advanced_ntm: stock communes
poverty_rate <= 3.7%
new_jobs >= 3,830
cattle > 7,000
agri_output >= +3% vs 2022
exports >= 55
advanced_ntm in 4 to 6
advanced_ntm >= 4 to 6
cattle falls vs 2022
group main \"Chỉ tiêu chủ yếu\"
check poverty_rate + new_jobs == 100 ± 1
";

/// The rule parser, checker and formatter.
pub fn rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(file) = parse_rules(text) else {
        return;
    };
    let printed = file.to_string();
    let reparsed = parse_rules(&printed);
    assert!(
        reparsed.as_ref() == Ok(&file),
        "printing and parsing again changed the rules:\n{printed}"
    );
    if let Ok(formatted) = format_rules(text) {
        assert_eq!(
            format_rules(&formatted).ok().as_deref(),
            Some(formatted.as_str()),
            "formatting is not idempotent"
        );
    }
    let _ = check(&file);
}

/// The TOML data loader.
pub fn toml_data(data: &[u8]) {
    load(data, "data.toml");
}

/// The CSV data loader.
pub fn csv_data(data: &[u8]) {
    load(data, "data.csv");
}

fn load(data: &[u8], name: &str) {
    let Ok(text) = crate::source::decode(data.to_vec()) else {
        return;
    };
    let Ok(rules) = Rules::parse("rules".into(), RULES.into()) else {
        return;
    };
    let texts = Data::Texts(vec![(name.to_string(), text)]);
    if let Ok(run) = prepare(&rules.program, texts, None, LoadOptions::default()) {
        let _ = evaluate(&rules.program, &run.data, run.as_of);
    }
}

/// The whole pipeline: rules, then a line `---`, then a TOML data file;
/// every report format is rendered.
pub fn pipeline(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (rules_text, data_text) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(rules) = Rules::parse("rules".into(), rules_text.into()) else {
        return;
    };
    let texts = Data::Texts(vec![("data.toml".into(), data_text.to_string())]);
    let Ok(run) = prepare(&rules.program, texts, None, LoadOptions::default()) else {
        return;
    };
    render_every_format(&rules, &run, |_, _| {});
    let _ =
        crate::data_lint::lint_with_data(&rules.file, &rules.program, rules_text, Some(&run.data));
}

/// The CSV loader on figures given again: each four bytes make a row of one
/// of three entities, two stocks and nine periods (a year, quarters, a
/// quarter alone, months), so that rows say the same figure often, with the same
/// value or another. The load must report a conflict exactly where a naive
/// grouping of the rows finds two values for one figure.
pub fn repeated_figures(data: &[u8]) {
    const PERIODS: [(&str, &str); 9] = [
        ("2023", "cumulative"),
        ("2023", "quarter"),
        ("2023-Q1", "cumulative"),
        ("2023-Q1", "quarter"),
        ("2023-Q2", "cumulative"),
        ("2023-Q4", "cumulative"),
        ("2023-Q4", "quarter"),
        ("2023-06", "cumulative"),
        ("2023-10", "month"),
    ];
    // The figure a period and basis say: a whole year is its fourth
    // quarter's year to date, a first quarter alone its year to date, and
    // June's year to date the second quarter's.
    let figure = |p: usize| match p {
        0 | 1 | 5 => 5,
        2 | 3 => 2,
        4 | 7 => 4,
        other => other,
    };
    let mut csv = String::from("entity,period,metric,value,basis\n");
    let mut values: std::collections::BTreeMap<(u8, u8, usize), Vec<u32>> = Default::default();
    for chunk in data.chunks_exact(4) {
        let entity = chunk[0] % 3;
        let metric = chunk[1] % 2;
        let period = usize::from(chunk[2]) % PERIODS.len();
        let value = u32::from(chunk[3] % 4) * 1000;
        let (when, basis) = PERIODS[period];
        let (name, shown) = match metric {
            0 => ("cattle", value.to_string()),
            _ => ("poverty_rate", format!("{}%", value / 1000)),
        };
        csv.push_str(&format!("e{entity},{when},{name},{shown},{basis}\n"));
        values
            .entry((entity, metric, figure(period)))
            .or_default()
            .push(value);
    }
    let conflicting = values.values().any(|v| v.iter().any(|x| *x != v[0]));
    let Ok(rules) = Rules::parse("rules".into(), RULES.into()) else {
        return;
    };
    let texts = Data::Texts(vec![("d.csv".into(), csv.clone())]);
    let loaded = crate::pipeline::load(&rules.program, texts, LoadOptions::default());
    let conflicts = match &loaded {
        Ok((dataset, _)) => dataset
            .row_errors
            .iter()
            .flat_map(|e| e.errors.iter())
            .any(|e| matches!(e, crate::data::LoadError::ConflictingFigures { .. })),
        Err(_) => true,
    };
    assert_eq!(conflicting, conflicts, "conflicts misjudged in:\n{csv}");
}

/// Every report format on names, ids, titles, citations and labels made of
/// arbitrary text: nothing panics, JSON and SARIF parse, no control or
/// formatting character reaches a human format, and no markup from the text
/// reaches the HTML.
pub fn hostile_names(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // A string literal of the rule language holds anything but `"` and a
    // line end.
    let quoted: String = text
        .chars()
        .filter(|c| !matches!(c, '"' | '\n' | '\r'))
        .take(200)
        .collect();
    let rules_text = format!(
        "metric cattle: stock head \"{quoted}\"\n@id(\"{quoted}\") @title(\"{quoted}\") @cite(\"{quoted}\")\ncattle > 7000\n"
    );
    let Ok(rules) = Rules::parse("rules".into(), rules_text) else {
        return;
    };
    let entity: String = text
        .chars()
        .filter(|c| !matches!(c, '"' | '\n' | '\r'))
        .collect();
    let csv = format!("entity,period,metric,value\n\"{entity}\",2023-Q4,cattle,6000\n");
    let texts = Data::Texts(vec![("d.csv".into(), csv)]);
    let Ok(run) = prepare(&rules.program, texts, None, LoadOptions::default()) else {
        return;
    };
    render_every_format(&rules, &run, |format, out| match format {
        Format::Json | Format::Sarif => {
            assert!(
                serde_json::from_str::<serde_json::Value>(out).is_ok(),
                "{format:?} does not parse:\n{out}"
            );
        }
        _ => {
            if format == Format::Html {
                let scripts = out.matches("<script").count();
                assert_eq!(scripts, 1, "markup from the input:\n{out}");
            }
            let obeyed = out
                .chars()
                .find(|&c| crate::span::needs_showing(c) && !matches!(c, '\n' | '\t'));
            assert!(obeyed.is_none(), "{format:?} passes {obeyed:?} on:\n{out}");
        }
    });
}

/// Renders `run` of `rules` in every format and language, handing each
/// output to `check`.
fn render_every_format(
    rules: &Rules,
    run: &crate::pipeline::Run,
    mut check: impl FnMut(Format, &str),
) {
    let (program, dataset, as_of) = (&rules.program, &run.data, run.as_of);
    let evaluation = evaluate(program, dataset, as_of);
    let audit = Audit::new(
        FileHash::of("rules", rules.source.as_bytes()),
        Vec::new(),
        0,
    );
    let history = [evaluate(program, dataset, as_of)];
    let rules_lines = crate::span::LineIndex::new(&rules.source);
    for format in Format::ALL {
        for lang in [Lang::En, Lang::Vi] {
            let cx = Context {
                program,
                evaluation: &evaluation,
                history: &history,
                data: dataset,
                rules_path: "rules",
                rules_source: &rules.source,
                rules_lines: &rules_lines,
                lang,
                audit: &audit,
                colour: false,
                summary_only: false,
                full: false,
            };
            check(format, &render(format, &cx, 80));
        }
    }
}
