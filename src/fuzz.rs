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
    let (program, dataset, as_of) = (&rules.program, &run.data, run.as_of);
    let evaluation = evaluate(program, dataset, as_of);
    let audit = Audit::new(FileHash::of("rules", rules_text.as_bytes()), Vec::new(), 0);
    let history = [evaluate(program, dataset, as_of)];
    let rules_lines = crate::span::LineIndex::new(rules_text);
    for format in Format::ALL {
        let cx = Context {
            program,
            evaluation: &evaluation,
            history: &history,
            data: dataset,
            rules_path: "rules",
            rules_source: rules_text,
            rules_lines: &rules_lines,
            lang: Lang::Vi,
            audit: &audit,
            summary_only: false,
        };
        let _ = render(format, &cx, 80);
    }
    let _ = crate::data_lint::lint_with_data(&rules.file, program, rules_text, Some(dataset));
}
