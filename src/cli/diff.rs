//! `resolute diff`: targets added, removed, raised or lowered between two
//! rule files.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{EXIT_OK, load_rules};
use crate::check::{RuleChange, diff};

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The earlier rule file
    old: PathBuf,
    /// The later rule file
    new: PathBuf,
    /// Output format
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    format: DiffFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Text,
    Json,
}

pub fn run(args: &DiffArgs) -> i32 {
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
    let strictness = |stricter: bool| if stricter { "stricter" } else { "looser" };
    for change in &changes {
        let (mark, id, text) = match change {
            RuleChange::Added { id, rule } => ("+", id, format!("{rule}  (added)")),
            RuleChange::Removed { id, rule } => ("-", id, format!("{rule}  (removed)")),
            RuleChange::Raised {
                id,
                from,
                to,
                stricter,
            } => (
                "↑",
                id,
                format!("{from} → {to}  (raised, {})", strictness(*stricter)),
            ),
            RuleChange::Lowered {
                id,
                from,
                to,
                stricter,
            } => (
                "↓",
                id,
                format!("{from} → {to}  (lowered, {})", strictness(*stricter)),
            ),
            RuleChange::Rewritten { id, from, to } => ("~", id, format!("{from}  →  {to}")),
        };
        println!("{mark} {id:<width$}  {text}");
    }
    println!(
        "{} changed, {unchanged} unchanged ({} → {})",
        changes.len(),
        old.path,
        new.path
    );
    EXIT_OK
}
