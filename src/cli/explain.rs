//! `resolute explain`: one rule's evaluation, step by step.

use std::path::PathBuf;

use super::{DataLimits, EXIT_INVALID, EXIT_OK, Prepared, invalid, narrow_to_entity, prepare};
use crate::eval::evaluate;
use crate::report::{Audit, Context, FileHash, explain};
use crate::run_error::RunError;
use crate::span::LineIndex;
use crate::suggest::{closest, did_you_mean};

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The rule's id (`@id`, or its metric's name)
    rule_id: String,
    /// The rule file
    rules: PathBuf,
    /// Data files or directories
    #[arg(required = true)]
    data: Vec<PathBuf>,
    /// Judge as of this period (`2023-Q2`, `2023-10`, `2024-06-20`, `2023`)
    /// instead of the latest reported period
    #[arg(long, value_name = "PERIOD")]
    as_of: Option<String>,
    /// Only this entity
    #[arg(long)]
    entity: Option<String>,
    /// Language of the explanation
    #[arg(long, value_enum, default_value_t = super::LangArg::En)]
    lang: super::LangArg,
    #[command(flatten)]
    limits: DataLimits,
}

pub fn run(args: &ExplainArgs) -> i32 {
    super::ui::set_lang(args.lang.lang());
    let Ok(Prepared {
        rules,
        mut data,
        as_of,
        ..
    }) = prepare(
        &args.rules,
        &args.data,
        args.as_of.as_deref(),
        &args.limits,
        false,
    )
    else {
        return EXIT_INVALID;
    };
    let program = &rules.program;
    let Some(index) = program.rules.iter().position(|r| r.id == args.rule_id) else {
        let suggestion = closest(&args.rule_id, program.rules.iter().map(|r| r.id.as_str()));
        return invalid(&RunError::UnknownRule {
            id: args.rule_id.clone(),
            help: did_you_mean(suggestion),
        });
    };
    if let Some(entity) = &args.entity
        && let Err(code) = narrow_to_entity(&mut data, entity)
    {
        return code;
    }
    let evaluation = evaluate(program, &data, as_of);
    let audit = Audit::new(
        FileHash::of(&rules.path, rules.source.as_bytes()),
        Vec::new(),
        0,
    );
    let rules_lines = LineIndex::new(&rules.source);
    let cx = Context {
        program,
        evaluation: &evaluation,
        history: &[],
        data: &data,
        rules_path: &rules.path,
        rules_source: &rules.source,
        rules_lines: &rules_lines,
        lang: args.lang.lang(),
        audit: &audit,
        summary_only: false,
        full: false,
        colour: false,
    };
    print!("{}", explain(&cx, index));
    EXIT_OK
}
