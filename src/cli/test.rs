//! `resolute test`: the expectations beside a rule file.

use std::path::PathBuf;

use miette::NamedSource;

use super::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, load_rules, print_diagnostic, read_text};
use crate::report::Msg;
use crate::ruletest::{run_tests, test_file_for};

#[derive(clap::Args)]
pub struct TestArgs {
    /// The rule file; its tests are in the `.test.toml` file beside it
    rules: PathBuf,
    /// Another test file to run instead
    #[arg(long)]
    tests: Option<PathBuf>,
    /// Language of diagnostics and messages
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

pub fn run(args: &TestArgs) -> i32 {
    let lang = args.lang.lang();
    super::ui::set_lang(lang);
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let path = args
        .tests
        .clone()
        .unwrap_or_else(|| test_file_for(&args.rules));
    let Ok(text) = read_text(&path) else {
        return EXIT_INVALID;
    };
    let outcomes = match run_tests(&rules.program, &path, &text) {
        Ok(outcomes) => outcomes,
        Err(err) => {
            let source = NamedSource::new(
                path.display().to_string(),
                crate::span::quotable(&text).into_owned(),
            );
            match crate::report::Said::test_file_error(&err, &source, lang) {
                Some(said) => print_diagnostic(&said),
                None => {
                    print_diagnostic(miette::Report::new(err).with_source_code(source).as_ref())
                }
            }
            return EXIT_INVALID;
        }
    };
    println!("{}", path.display());
    let mut failed = 0;
    for outcome in &outcomes {
        if let Some(unready) = &outcome.unready {
            failed += 1;
            let name = &outcome.name;
            println!("{}", lang.say(&Msg::CaseUnjudged { name }));
            super::refuse(unready);
        } else if outcome.failures.is_empty() {
            println!(
                "{}",
                lang.say(&Msg::CasePassed {
                    name: &outcome.name,
                    checked: outcome.checked,
                })
            );
        } else {
            failed += 1;
            println!(
                "{}",
                lang.say(&Msg::CaseFailed {
                    name: &outcome.name
                })
            );
            for failure in &outcome.failures {
                println!("          {}", lang.say(&failure.msg()));
            }
        }
    }
    println!(
        "{}",
        lang.say(&Msg::CasesSummary {
            cases: outcomes.len(),
            failed,
        })
    );
    if failed > 0 { EXIT_FAILED } else { EXIT_OK }
}
