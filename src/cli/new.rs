//! `resolute new`: next year's rule file from this year's.

use std::path::{Path, PathBuf};

use miette::NamedSource;

use super::outputs::write_atomically;
use super::{EXIT_INVALID, EXIT_OK, invalid, read_text};
use crate::run_error::RunError;
use crate::syntax::{NextYearError, ParseErrors, next_year};

#[derive(clap::Args)]
pub struct NewArgs {
    /// This year's rule file; without it, a commented template to start
    /// from
    #[arg(long)]
    from: Option<PathBuf>,
    /// The year of the new file
    #[arg(long)]
    year: i32,
    /// Where to write it (`-` for stdout); by default the source's name with
    /// its year replaced, e.g. `rules/binh-luc-2024.rules`, and a template
    /// on stdout
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Overwrite the output file if it exists
    #[arg(long)]
    force: bool,
    /// The language of the template's comments and titles
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

/// The templates `new` starts a rule file from, by language: every form a
/// resolution needs, commented.
const TEMPLATE_EN: &str = include_str!("templates/new.en.rules");
const TEMPLATE_VI: &str = include_str!("templates/new.vi.rules");

/// A new rule file for `year` from the template in `lang`.
pub fn template(lang: crate::report::Lang, year: i32) -> String {
    let template = match lang {
        crate::report::Lang::En => TEMPLATE_EN,
        crate::report::Lang::Vi => TEMPLATE_VI,
    };
    template.replace("YEAR", &year.to_string())
}

pub fn run(args: &NewArgs) -> i32 {
    super::ui::set_lang(args.lang.lang());
    let Some(from) = &args.from else {
        let text = template(args.lang.lang(), args.year);
        return match &args.output {
            None => {
                print!("{text}");
                EXIT_OK
            }
            Some(path) if path.as_os_str() == "-" => {
                print!("{text}");
                EXIT_OK
            }
            Some(path) => write_new(path, &text, args.force, "a template to fill in"),
        };
    };
    let name = from.display().to_string();
    let Ok(source) = read_text(from) else {
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
        None => match renamed(from, args.year) {
            Some(path) => path,
            None => {
                return invalid(&RunError::CannotName {
                    from: name,
                    previous: args.year - 1,
                    year: args.year,
                });
            }
        },
    };
    let what = "every target is marked @review until confirmed";
    write_new(&output, &text, args.force, what)
}

/// Writes a new rule file at `output`, never over one unless `force`.
fn write_new(output: &Path, text: &str, force: bool, what: &str) -> i32 {
    if output.exists() && !force {
        return invalid(&RunError::WouldOverwrite {
            path: output.display().to_string(),
        });
    }
    if let Err(reason) = write_atomically(output, text.as_bytes()) {
        return invalid(&RunError::WriteReport {
            path: output.display().to_string(),
            reason,
        });
    }
    if !super::ui::quiet() {
        eprintln!("wrote {}; {what}", output.display());
    }
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
