//! `resolute check`: evaluate data files against a rule file.

use std::io::Write;
use std::path::PathBuf;

use super::LangArg;

use super::outputs::{check_report_paths, write_report};
use super::{
    DataLimits, EXIT_FAILED, EXIT_INVALID, EXIT_OK, Prepared, Progress, invalid, narrow_to_entity,
    prepare,
};
use crate::check::Severity;
use crate::data::Period;
use crate::eval::{Evaluation, Status, evaluate};
use crate::report::{Audit, Context, FileHash, Format, Lang, write};
use crate::run_error::RunError;
use crate::span::LineIndex;

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The rule file
    rules: PathBuf,
    /// Data files (`.toml`, `.csv`) or directories holding them
    #[arg(required = true)]
    data: Vec<PathBuf>,
    /// Judge as of this period (`2023-Q2`, `2023-10`, a cut-off date
    /// `2024-06-20`, or `2023` for year end) instead of the latest reported
    /// period
    #[arg(long, value_name = "PERIOD")]
    as_of: Option<String>,
    #[command(flatten)]
    limits: DataLimits,
    /// Output format on stdout: text, json, markdown, html, junit, sarif, github
    #[arg(long, default_value = "text", value_name = "FORMAT")]
    format: Format,
    /// Also write a report to a file, e.g. `--report sarif=out/results.sarif`
    /// (repeatable)
    #[arg(long, value_name = "FORMAT=PATH", value_parser = parse_report)]
    report: Vec<(Format, PathBuf)>,
    /// Language of the human formats (text, markdown, html, github)
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Generation time recorded in reports: Unix seconds or RFC 3339
    /// (default: `SOURCE_DATE_EPOCH`, else now)
    #[arg(long, value_name = "TIME")]
    timestamp: Option<String>,
    /// Width of the text report's diagnostics
    #[arg(long, default_value_t = 100)]
    width: usize,
    /// Counts per rule only: JSON without `results`, text without tables
    #[arg(long)]
    summary_only: bool,
    /// Judge and report only this entity
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
}

fn parse_report(text: &str) -> Result<(Format, PathBuf), String> {
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("expected FORMAT=PATH, e.g. `html=report.html`, not `{text}`"))?;
    if path.is_empty() {
        return Err("the report path is empty".into());
    }
    Ok((format.parse()?, PathBuf::from(path)))
}

/// Seconds since the Unix epoch for the audit trail.
fn generation_time(flag: Option<&str>) -> Result<i64, String> {
    let parse = |text: &str| -> Result<i64, String> {
        if let Ok(seconds) = text.trim().parse::<i64>() {
            return Ok(seconds);
        }
        text.trim()
            .parse::<jiff::Timestamp>()
            .map(|t| t.as_second())
            .map_err(|_| format!("`{text}` is neither Unix seconds nor an RFC 3339 time"))
    };
    match (flag, std::env::var("SOURCE_DATE_EPOCH")) {
        (Some(text), _) => parse(text),
        (None, Ok(text)) if !text.is_empty() => parse(&text),
        _ => Ok(jiff::Timestamp::now().as_second()),
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let report_paths: Vec<PathBuf> = args.report.iter().map(|(_, p)| p.clone()).collect();
    if let Err(error) = check_report_paths(&report_paths, &args.rules, &args.data) {
        return invalid(&error);
    }
    let hash = std::iter::once(args.format)
        .chain(args.report.iter().map(|(f, _)| *f))
        .any(Format::shows_hashes);
    let options = args.limits.options(hash);
    let Ok(prepared) = prepare(&args.rules, &args.data, args.as_of.as_deref(), options) else {
        return EXIT_INVALID;
    };
    let Prepared {
        rules,
        mut data,
        as_of,
    } = prepared;
    if let Some(entity) = &args.entity
        && let Err(code) = narrow_to_entity(&mut data, entity)
    {
        return code;
    }
    let (rules_path, source, program) = (rules.path, rules.source, rules.program);
    let generated = match generation_time(args.timestamp.as_deref()) {
        Ok(seconds) => seconds,
        Err(reason) => return invalid(&RunError::BadTimestamp { reason }),
    };
    let progress = Progress::start("judging every rule for every entity");
    let evaluation = evaluate(&program, &data, as_of);
    progress.finish();
    let wants_history = std::iter::once(args.format)
        .chain(args.report.iter().map(|(f, _)| *f))
        .any(|f| f == Format::Html);
    let history: Vec<Evaluation> = if wants_history {
        (1..=4)
            .map(|q| Period::quarter(as_of.year, q))
            .filter(|q| q.months_elapsed() < as_of.months_elapsed())
            .map(|q| evaluate(&program, &data, q))
            .chain(std::iter::once(evaluate(&program, &data, as_of)))
            .collect()
    } else {
        Vec::new()
    };
    let audit = Audit::new(
        FileHash::of(&rules_path, source.as_bytes()),
        data.files
            .iter()
            .map(|f| FileHash {
                path: f.path.clone(),
                sha256: f.sha256.clone().unwrap_or_default(),
            })
            .collect(),
        generated,
    );
    let lang = args.lang.lang();
    let rules_lines = LineIndex::new(&source);
    let context = |format: Format| Context {
        program: &program,
        evaluation: &evaluation,
        history: &history,
        data: &data,
        rules_path: &rules_path,
        rules_source: &source,
        rules_lines: &rules_lines,
        lang: if format.is_human() { lang } else { Lang::En },
        audit: &audit,
        summary_only: args.summary_only,
    };
    for (format, path) in &args.report {
        let written = write_report(path, |out| {
            write(*format, &context(*format), args.width, out)
        });
        if let Err(reason) = written {
            return invalid(&RunError::WriteReport {
                path: path.display().to_string(),
                reason,
            });
        }
    }
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(args.format, &context(args.format), args.width, &mut stdout);
    if written.and_then(|()| stdout.flush()).is_err() {
        return EXIT_INVALID;
    }
    let failed = program
        .rules
        .iter()
        .zip(evaluation.counts_by_rule())
        .any(|(rule, counts)| {
            rule.severity == Severity::Error
                && Status::ALL
                    .iter()
                    .any(|s| s.is_failure() && counts[s.index()] > 0)
        });
    if !data.row_errors.is_empty() {
        // Reported above; the rest of the data was judged, but the data was bad.
        EXIT_INVALID
    } else if failed {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
