//! The command line: argument parsing, the pipeline, exit codes.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};
use tempfile::NamedTempFile;

use crate::check::{Severity, check_file};
use crate::data::{Period, load};
use crate::eval::Evaluation;
use crate::eval::{default_as_of, evaluate};
use crate::report::{Audit, Context, FileHash, Format, Lang, render};
use crate::run_error::RunError;
use crate::syntax::parse_file;

/// No error-severity rule failed or is missing.
pub const EXIT_OK: i32 = 0;
/// At least one error-severity rule failed, is missing or could not be evaluated.
pub const EXIT_FAILED: i32 = 1;
/// The rules or the data could not be read.
pub const EXIT_INVALID: i32 = 2;

#[derive(Parser)]
#[command(
    name = "resolute",
    version,
    about = "Check reported figures against the numeric targets of a resolution"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate data files against a rule file
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The rule file
    rules: PathBuf,
    /// Data files (`.toml`, `.csv`) or directories holding them
    #[arg(required = true)]
    data: Vec<PathBuf>,
    /// Judge as of this period (`2023-Q2`, or `2023` for year end) instead
    /// of the latest reported quarter
    #[arg(long, value_name = "PERIOD")]
    as_of: Option<String>,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Vi,
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

/// Runs the command line and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                EXIT_INVALID
            } else {
                EXIT_OK
            };
        }
    };
    match cli.command {
        Command::Check(args) => check(&args),
    }
}

fn check(args: &CheckArgs) -> i32 {
    let rules_path = args.rules.display().to_string();
    let source = match std::fs::read_to_string(&args.rules) {
        Ok(source) => source,
        Err(err) => {
            return invalid(&RunError::Io {
                path: rules_path,
                reason: err.to_string(),
            });
        }
    };
    let file = match parse_file(&rules_path, &source) {
        Ok(file) => file,
        Err(errors) => return invalid(&errors),
    };
    let program = match check_file(&rules_path, &source, &file) {
        Ok(program) => program,
        Err(errors) => return invalid(&errors),
    };
    let (data, warnings) = match load(&args.data, &program) {
        Ok(loaded) => loaded,
        Err(failure) => {
            for errors in &failure.errors {
                print_diagnostic(errors);
            }
            return EXIT_INVALID;
        }
    };
    for warning in &warnings {
        print_diagnostic(warning);
    }
    if data.observations.is_empty() {
        return invalid(&RunError::NoFigures);
    }
    let as_of = match &args.as_of {
        Some(text) => match text.parse::<Period>() {
            Ok(period) => period,
            Err(_) => return invalid(&RunError::BadAsOf { text: text.clone() }),
        },
        None => match default_as_of(&program, &data) {
            Some(period) => period,
            None => {
                return invalid(&RunError::NoFiguresForYear {
                    year: program.year.unwrap_or_default(),
                });
            }
        },
    };
    if let Some(year) = program.year.filter(|&y| y != as_of.year) {
        return invalid(&RunError::AsOfOutsideYear { as_of, year });
    }
    let generated = match generation_time(args.timestamp.as_deref()) {
        Ok(seconds) => seconds,
        Err(reason) => return invalid(&RunError::BadTimestamp { reason }),
    };
    let evaluation = evaluate(&program, &data, as_of);
    let wants_history = std::iter::once(args.format)
        .chain(args.report.iter().map(|(f, _)| *f))
        .any(|f| f == Format::Html);
    let history: Vec<Evaluation> = if wants_history {
        (1..as_of.quarters_elapsed())
            .map(|q| evaluate(&program, &data, Period::quarter(as_of.year, q)))
            .chain(std::iter::once(evaluate(&program, &data, as_of)))
            .collect()
    } else {
        Vec::new()
    };
    let audit = Audit::new(
        FileHash::of(&rules_path, source.as_bytes()),
        data.files
            .iter()
            .map(|f| FileHash::of(&f.path, f.text.as_bytes()))
            .collect(),
        generated,
    );
    let lang = match args.lang {
        LangArg::En => Lang::En,
        LangArg::Vi => Lang::Vi,
    };
    let context = |format: Format| Context {
        program: &program,
        evaluation: &evaluation,
        history: &history,
        data: &data,
        rules_path: &rules_path,
        rules_source: &source,
        lang: if format.is_human() { lang } else { Lang::En },
        audit: &audit,
    };
    for (format, path) in &args.report {
        let report = render(*format, &context(*format), args.width);
        if let Err(reason) = write_atomically(path, report.as_bytes()) {
            return invalid(&RunError::WriteReport {
                path: path.display().to_string(),
                reason,
            });
        }
    }
    let output = render(args.format, &context(args.format), args.width);
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return EXIT_INVALID;
    }
    let failed = evaluation.results.iter().any(|r| {
        r.status.is_failure()
            && program
                .rules
                .get(r.rule)
                .is_some_and(|rule| rule.severity == Severity::Error)
    });
    if failed { EXIT_FAILED } else { EXIT_OK }
}

/// Writes `contents` to a temporary file beside `path`, then renames it over
/// `path`, so a reader never sees half a report.
fn write_atomically(path: &std::path::Path, contents: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => std::path::Path::new("."),
    };
    let mut file = NamedTempFile::new_in(dir).map_err(|e| e.to_string())?;
    file.write_all(contents).map_err(|e| e.to_string())?;
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

fn invalid(diagnostic: &dyn Diagnostic) -> i32 {
    print_diagnostic(diagnostic);
    EXIT_INVALID
}

/// Renders a diagnostic to stderr: coloured on a terminal, plain otherwise.
pub fn print_diagnostic(diagnostic: &dyn Diagnostic) {
    let stderr = std::io::stderr();
    let colour = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("error: {diagnostic}\n");
    }
    let _ = stderr.lock().write_all(out.as_bytes());
}
