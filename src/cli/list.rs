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
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Text,
    Json,
    Markdown,
}

pub fn run(args: &ListArgs) -> i32 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let render = match args.format {
        ListFormat::Text => list_text,
        ListFormat::Json => list_json,
        ListFormat::Markdown => list_markdown,
    };
    print!("{}", render(&rules.program, &rules.source));
    EXIT_OK
}
