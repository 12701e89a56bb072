//! `resolute new`: next year's rule file from this year's.

use std::path::{Path, PathBuf};

use miette::NamedSource;

use super::outputs::write_atomically;
use super::{EXIT_INVALID, EXIT_OK, invalid, read_text};
use crate::run_error::RunError;
use crate::syntax::{NextYearError, ParseErrors, next_year};

#[derive(clap::Args)]
pub struct NewArgs {
    /// This year's rule file
    #[arg(long)]
    from: PathBuf,
    /// The year of the new file
    #[arg(long)]
    year: i32,
    /// Where to write it (`-` for stdout); by default the source's name with
    /// its year replaced, e.g. `rules/binh-luc-2024.rules`
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists
    #[arg(long)]
    force: bool,
}

pub fn run(args: &NewArgs) -> i32 {
    let name = args.from.display().to_string();
    let Ok(source) = read_text(&args.from) else {
        return EXIT_INVALID;
    };
    let text = match next_year(&source, args.year) {
        Ok(text) => text,
        Err(NextYearError::Syntax(errors)) => {
            return invalid(&ParseErrors {
                src: NamedSource::new(&name, crate::span::quotable(&source).into_owned()),
                errors,
            });
        }
        Err(other) => return invalid(&other),
    };
    let output = match &args.output {
        Some(path) if path.as_os_str() == "-" => {
            print!("{text}");
            return EXIT_OK;
        }
        Some(path) => path.clone(),
        None => match renamed(&args.from, args.year) {
            Some(path) => path,
            None => {
                print!("{text}");
                return EXIT_OK;
            }
        },
    };
    if output.exists() && !args.force {
        return invalid(&RunError::WouldOverwrite {
            path: output.display().to_string(),
        });
    }
    if let Err(reason) = write_atomically(&output, text.as_bytes()) {
        return invalid(&RunError::WriteReport {
            path: output.display().to_string(),
            reason,
        });
    }
    eprintln!(
        "wrote {}; every target is marked @review until confirmed",
        output.display()
    );
    EXIT_OK
}

/// `rules/binh-luc-2023.rules` → `rules/binh-luc-2024.rules`, when the
/// name holds the previous year.
fn renamed(from: &Path, year: i32) -> Option<PathBuf> {
    let file_name = from.file_name()?.to_str()?;
    let previous = (year - 1).to_string();
    file_name
        .contains(&previous)
        .then(|| from.with_file_name(file_name.replace(&previous, &year.to_string())))
}
