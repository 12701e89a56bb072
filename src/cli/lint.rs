//! `resolute lint`: mistakes in a rule file, before any data exists.

use std::path::PathBuf;

use super::{DataLimits, EXIT_FAILED, EXIT_OK, load_rules, print_findings, refuse};
use crate::data_lint::lint_with_data;
use crate::pipeline::{Data, load};
use crate::report::Msg;

#[derive(clap::Args)]
pub struct LintArgs {
    /// The rule file
    rules: PathBuf,
    /// Data files or directories whose baseline year growth targets are
    /// checked against
    data: Vec<PathBuf>,
    /// Treat warnings as errors (`--deny warnings`), for CI
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
    /// Language of diagnostics and messages
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
    #[command(flatten)]
    limits: DataLimits,
}

pub fn run(args: &LintArgs) -> i32 {
    super::ui::set_lang(args.lang.lang());
    let stdin = match super::stdin_data(&args.rules, &args.data, &args.limits) {
        Ok(stdin) => stdin,
        Err(code) => return code,
    };
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        // Errors the checker finds are lint errors too.
        Err(code) => return code,
    };
    let data = if args.data.is_empty() {
        None
    } else {
        let options = args.limits.options(false);
        let files: Vec<_> = args
            .data
            .iter()
            .filter(|p| !super::is_stdin(p))
            .cloned()
            .collect();
        match load(&rules.program, Data::FilesAndTexts(&files, stdin), options) {
            Ok((data, warnings)) => {
                for warning in &warnings {
                    super::print_load_warnings(warning);
                }
                Some(data)
            }
            Err(unready) => return refuse(&unready),
        }
    };
    let findings = lint_with_data(&rules.file, &rules.program, &rules.source, data.as_ref());
    let errors = findings.iter().filter(|l| l.is_error()).count();
    let warnings = findings.len() - errors;
    print_findings(&rules, findings);
    println!(
        "{}",
        args.lang.lang().say(&Msg::LintSummary {
            path: &rules.path,
            errors,
            warnings,
        })
    );
    if errors > 0 || (warnings > 0 && args.deny.is_some()) {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
