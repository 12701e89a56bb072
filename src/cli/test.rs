//! `resolute test`: the expectations beside a rule file.

use std::path::PathBuf;

use miette::NamedSource;

use super::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, load_rules, print_diagnostic, read_text};
use crate::ruletest::{run_tests, test_file_for};

#[derive(clap::Args)]
pub struct TestArgs {
    /// The rule file; its tests are in the `.test.toml` file beside it
    rules: PathBuf,
    /// Another test file to run instead
    #[arg(long)]
    tests: Option<PathBuf>,
}

pub fn run(args: &TestArgs) -> i32 {
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
            let report = miette::Report::new(err).with_source_code(NamedSource::new(
                path.display().to_string(),
                crate::span::quotable(&text).into_owned(),
            ));
            print_diagnostic(report.as_ref());
            return EXIT_INVALID;
        }
    };
    println!("{}", path.display());
    let mut failed = 0;
    for outcome in &outcomes {
        if let Some(unready) = &outcome.unready {
            failed += 1;
            println!("  FAIL  {}: its data could not be judged", outcome.name);
            for diagnostic in unready.diagnostics() {
                print_diagnostic(diagnostic);
            }
        } else if outcome.failures.is_empty() {
            println!("  ok    {} ({} checked)", outcome.name, outcome.checked);
        } else {
            failed += 1;
            println!("  FAIL  {}", outcome.name);
            for failure in &outcome.failures {
                println!("          {failure}");
            }
        }
    }
    println!(
        "{} cases: {} passed, {failed} failed",
        outcomes.len(),
        outcomes.len() - failed
    );
    if failed > 0 { EXIT_FAILED } else { EXIT_OK }
}
