//! `resolute fmt`: the canonical layout, written back only when it changes.

use std::path::PathBuf;

use miette::NamedSource;

use super::{EXIT_FAILED, EXIT_INVALID, EXIT_OK, invalid, outputs::write_atomically, read_text};
use crate::report::Msg;
use crate::run_error::RunError;
use crate::syntax::{ParseErrors, format_rules};

#[derive(clap::Args)]
pub struct FmtArgs {
    /// Rule files to format in place; `-` formats standard input to
    /// standard output
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// List the files that are not formatted and exit with 1, changing nothing
    #[arg(long)]
    check: bool,
    /// Language of diagnostics and messages
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

pub fn run(args: &FmtArgs) -> i32 {
    super::ui::set_lang(args.lang.lang());
    let mut code = EXIT_OK;
    for path in &args.files {
        let stdin = super::is_stdin(path);
        let name = match stdin {
            true => super::STDIN.to_string(),
            false => path.display().to_string(),
        };
        let read = match stdin {
            true => super::read_stdin(crate::source::MAX_RULES_BYTES),
            false => read_text(path),
        };
        let Ok(source) = read else {
            code = EXIT_INVALID;
            continue;
        };
        let formatted = match format_rules(&source) {
            Ok(formatted) => formatted,
            Err(errors) => {
                let errors = ParseErrors {
                    src: NamedSource::new(&name, crate::span::quotable(&source).into_owned()),
                    errors,
                };
                super::refuse(&crate::pipeline::Unready::Parse(errors));
                code = EXIT_INVALID;
                continue;
            }
        };
        // Standard input is written back where it can be: standard output.
        if stdin && !args.check {
            print!("{formatted}");
            continue;
        }
        if formatted == source {
            continue;
        }
        if args.check {
            println!("{name}");
            code = code.max(EXIT_FAILED);
        } else if let Err(reason) = write_atomically(path, formatted.as_bytes()) {
            code = invalid(&RunError::WriteReport { path: name, reason });
        } else {
            println!("{}", args.lang.lang().say(&Msg::Formatted { file: &name }));
        }
    }
    code
}
