//! `resolute list`: the rules of a file as a table.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_OK, load_rules};
use crate::report::{list_json, list_markdown, list_text};

#[derive(clap::Args)]
pub struct ListArgs {
    /// The rule file
    rules: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
    /// Language of the table (text, markdown) and of diagnostics
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: &ListArgs) -> i32 {
    super::ui::set_lang(args.lang.lang());
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let lang = args.lang.lang();
    let (program, source) = (&rules.program, &rules.source);
    print!(
        "{}",
        match args.format {
            ListFormat::Text => list_text(program, source, lang),
            ListFormat::Json => list_json(program, source),
            ListFormat::Markdown => list_markdown(program, source, lang),
        }
    );
    EXIT_OK
}
