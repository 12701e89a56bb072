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
    /// The rule file (`-`: standard input); by default `rules` of
    /// `resolute.toml`
    rules: Option<PathBuf>,
    /// Data files (`.toml`, `.csv`), directories holding them, or patterns
    /// (`'data/*.csv'`); by default `data` of `resolute.toml`
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
    /// Every result in Markdown and HTML, however long. By default a
    /// Markdown report is kept under a pull-request comment's 65,536
    /// characters, and the HTML report of more than 20 entities lists each
    /// entity's targets not met in a searchable, paged table
    #[arg(long)]
    full: bool,
    /// Judge and report only this entity
    #[arg(long, value_name = "NAME")]
    entity: Option<String>,
    /// What makes the run fail (exit 1), repeatable: `error` (an
    /// error-severity target failed, is missing or could not be judged; the
    /// default), `warning` (the same of a warning-severity target),
    /// `behind` (any target behind), `missing` (any target missing). The
    /// list given replaces the default: `--fail-on error --fail-on behind`
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Vec<FailOn>,
    /// Also fail (exit 1) when the data drew warnings (`--deny warnings`)
    #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
    deny: Option<String>,
}

/// `--fail-on`: what results make a run fail.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Behind,
    Missing,
}

impl FailOn {
    /// Whether a result of `status` for a rule of `severity` fails the run.
    fn fails(self, severity: Severity, status: Status) -> bool {
        match self {
            FailOn::Error => severity == Severity::Error && status.is_failure(),
            FailOn::Warning => severity == Severity::Warning && status.is_failure(),
            FailOn::Behind => status == Status::Behind,
            FailOn::Missing => status == Status::Missing,
        }
    }
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
    super::ui::set_lang(args.lang.lang());
    let (Some(rules_path_arg), false) = (args.rules.as_deref(), args.data.is_empty()) else {
        return invalid(&RunError::NothingToCheck);
    };
    let report_paths: Vec<PathBuf> = args.report.iter().map(|(_, p)| p.clone()).collect();
    if let Err(error) = check_report_paths(&report_paths, rules_path_arg, &args.data) {
        return invalid(&error);
    }
    let hash = std::iter::once(args.format)
        .chain(args.report.iter().map(|(f, _)| *f))
        .any(Format::shows_hashes);
    let Ok(prepared) = prepare(
        rules_path_arg,
        &args.data,
        args.as_of.as_deref(),
        &args.limits,
        hash,
    ) else {
        return EXIT_INVALID;
    };
    let Prepared {
        rules,
        mut data,
        as_of,
        warned,
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
        {
            // A file once, however many of its sheets were read.
            let mut files: Vec<FileHash> = data
                .files
                .iter()
                .map(|f| FileHash {
                    path: f.file_path().to_string(),
                    sha256: f.sha256.clone().unwrap_or_default(),
                })
                .collect();
            files.dedup_by(|a, b| a.path == b.path);
            files
        },
        generated,
    );
    let lang = args.lang.lang();
    let rules_lines = LineIndex::new(&source);
    let context = |format: Format, colour: bool| Context {
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
        colour,
        full: args.full,
    };
    for (format, path) in &args.report {
        let written = write_report(path, |out| {
            write(*format, &context(*format, false), args.width, out)
        });
        if let Err(reason) = written {
            return invalid(&RunError::WriteReport {
                path: path.display().to_string(),
                reason,
            });
        }
    }
    if !super::ui::quiet() {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let cx = context(args.format, super::ui::colour_stdout());
        let written = write(args.format, &cx, args.width, &mut stdout);
        if written.and_then(|()| stdout.flush()).is_err() {
            return EXIT_INVALID;
        }
    }
    let fail_on = match args.fail_on.as_slice() {
        [] => &[FailOn::Error][..],
        given => given,
    };
    let failed = program
        .rules
        .iter()
        .zip(evaluation.counts_by_rule())
        .any(|(rule, counts)| {
            Status::ALL.iter().any(|&s| {
                counts[s.index()] > 0 && fail_on.iter().any(|f| f.fails(rule.severity, s))
            })
        });
    if !data.row_errors.is_empty() {
        // Reported above; the rest of the data was judged, but the data was bad.
        EXIT_INVALID
    } else if failed || (warned && args.deny.is_some()) {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}
