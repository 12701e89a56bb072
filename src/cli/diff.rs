//! `resolute diff`: targets added, removed, raised or lowered between two
//! rule files.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_OK, load_rules};
use crate::check::{RuleChange, diff};
use crate::report::Msg;

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The earlier rule file
    old: PathBuf,
    /// The later rule file
    new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Language of the text format and of diagnostics
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

pub fn run(args: &DiffArgs) -> i32 {
    let lang = args.lang.lang();
    super::ui::set_lang(lang);
    let (old, new) = match (load_rules(&args.old), load_rules(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let (changes, unchanged) = diff(&old.program, &new.program);
    if let DiffFormat::Json = args.format {
        let doc = serde_json::json!({ "changes": changes, "unchanged": unchanged });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return EXIT_OK;
    }
    let width = changes
        .iter()
        .map(|c| match c {
            RuleChange::Added { id, .. }
            | RuleChange::Removed { id, .. }
            | RuleChange::Raised { id, .. }
            | RuleChange::Lowered { id, .. }
            | RuleChange::Rewritten { id, .. } => id.chars().count(),
        })
        .max()
        .unwrap_or(0);
    for change in &changes {
        let (mark, id) = match change {
            RuleChange::Added { id, .. } => ("+", id),
            RuleChange::Removed { id, .. } => ("-", id),
            RuleChange::Raised { id, .. } => ("↑", id),
            RuleChange::Lowered { id, .. } => ("↓", id),
            RuleChange::Rewritten { id, .. } => ("~", id),
        };
        println!("{mark} {id:<width$}  {}", lang.say(&Msg::Change(change)));
    }
    println!(
        "{}",
        lang.say(&Msg::DiffSummary {
            changed: changes.len(),
            unchanged,
            old: &old.path,
            new: &new.path,
        })
    );
    EXIT_OK
}
