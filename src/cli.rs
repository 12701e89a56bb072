//! The command line: argument parsing and dispatch; each command lives in
//! its own file under `cli/`.

mod check;
mod config;
mod diff;
mod explain;
mod fmt;
pub(crate) mod interrupt;
mod lint;
mod list;
mod new;
mod outputs;
mod test;
mod ui;

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use miette::Diagnostic;

use crate::data::{Dataset, LoadOptions, Period};
use crate::pipeline::{self, Data, Rules, Unready};
use crate::run_error::RunError;

/// Success: no error-severity rule failed or is missing, nothing to report.
pub const EXIT_OK: i32 = 0;
/// At least one error-severity rule failed, is missing or could not be
/// evaluated; or `fmt --check`, `lint`, `test` found something.
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
    #[command(flatten)]
    ui: ui::UiArgs,
    /// The configuration file: options `check` takes when the command line
    /// does not give them (default: `resolute.toml` in the working
    /// directory, if there is one)
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate data files against a rule file
    #[command(after_help = "Examples:
  resolute check rules/binh-luc-2023.rules examples/binh-luc-2023
  resolute check rules/binh-luc-2023.rules examples/binh-luc-2023 --as-of 2023-Q2 --lang vi
  resolute check rules.rules data/ --format json --report html=report.html
  resolute check rules.rules data/ --as-of 2023-Q2 --fail-on error --fail-on behind")]
    Check(check::CheckArgs),
    /// Rewrite rule files in the canonical layout
    #[command(after_help = "Examples:
  resolute fmt rules/*.rules
  resolute fmt --check rules/*.rules    # in CI: exit 1 if a file needs formatting")]
    Fmt(fmt::FmtArgs),
    /// Find mistakes in a rule file: contradictions, redundant or
    /// inconsistent targets, suspicious numbers and units
    #[command(after_help = "Examples:
  resolute lint rules/binh-luc-2023.rules
  resolute lint rules/binh-luc-2023.rules examples/binh-luc-2023 --deny warnings")]
    Lint(lint::LintArgs),
    /// Show how one rule was evaluated, step by step, with every figure's
    /// file and line
    #[command(after_help = "Examples:
  resolute explain A2.new-jobs rules/binh-luc-2023.rules examples/binh-luc-2023 --as-of 2023-Q3
  resolute explain A3.combat-drills rules/binh-luc-2023.rules examples/binh-luc-2023 --lang vi")]
    Explain(explain::ExplainArgs),
    /// List the rules of a file: id, metric, target, unit, severity, citation
    #[command(after_help = "Examples:
  resolute list rules/binh-luc-2023.rules
  resolute list rules/binh-luc-2023.rules --format markdown")]
    List(list::ListArgs),
    /// Show the targets added, removed, raised or lowered between two rule files
    #[command(after_help = "Example:
  resolute diff rules/binh-luc-2023.rules rules/binh-luc-2024.rules")]
    Diff(diff::DiffArgs),
    /// Start next year's rule file from this year's, every target marked
    /// for review, or a new one from a commented template
    #[command(after_help = "Examples:
  resolute new --from rules/binh-luc-2023.rules --year 2024    # writes rules/binh-luc-2024.rules
  resolute new --year 2024 --lang vi -o rules/district-2024.rules")]
    New(new::NewArgs),
    /// Run the expectations in the `.test.toml` file beside a rule file
    #[command(after_help = "Example:
  resolute test rules/binh-luc-2023.rules    # runs rules/binh-luc-2023.test.toml")]
    Test(test::TestArgs),
    /// Print a shell's completion script: `resolute completions bash >
    /// ~/.local/share/bash-completion/completions/resolute`
    Completions {
        /// The shell
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `resolute man > resolute.1`
    Man,
}

/// Runs the command line and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> i32 {
    use clap::{CommandFactory, FromArgMatches};
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let parse = |args: &[OsString]| {
        Cli::command()
            .try_get_matches_from(args)
            .and_then(|matches| Ok((Cli::from_arg_matches(&matches)?, matches)))
    };
    let mut parsed = parse(&args);
    // `check` takes what the command line does not give from the
    // configuration file, parsed again as if given.
    if let Ok((cli, matches)) = &parsed
        && let Some(("check", sub)) = matches.subcommand()
    {
        let extra = config::Config::load(cli.config.as_deref())
            .map(|found| found.map(|config| config::check_args(sub, &config.check)));
        match extra {
            Ok(Some(extra)) if !extra.is_empty() => {
                args.extend(extra.into_iter().map(OsString::from));
                parsed = parse(&args);
            }
            Ok(_) => {}
            Err(error) => return invalid(&error),
        }
    }
    let cli = match parsed {
        Ok((cli, _)) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                EXIT_INVALID
            } else {
                EXIT_OK
            };
        }
    };
    ui::set(cli.ui);
    match cli.command {
        Command::Check(args) => crate::pool::on_pool(|| check::run(&args)),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "resolute", &mut std::io::stdout());
            EXIT_OK
        }
        Command::Man => {
            let command = <Cli as clap::CommandFactory>::command();
            match clap_mangen::Man::new(command).render(&mut std::io::stdout()) {
                Ok(()) => EXIT_OK,
                Err(_) => EXIT_INVALID,
            }
        }
        Command::Fmt(args) => fmt::run(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::List(args) => list::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::New(args) => new::run(&args),
        Command::Test(args) => test::run(&args),
    }
}

/// Reads, parses and checks a rule file (`-`: standard input), printing
/// diagnostics on failure.
fn load_rules(path: &Path) -> Result<Rules, i32> {
    if is_stdin(path) {
        let text = read_stdin(crate::source::MAX_RULES_BYTES)?;
        return Rules::parse(STDIN.to_string(), text).map_err(|unready| refuse(&unready));
    }
    Rules::read(path).map_err(|unready| refuse(&unready))
}

/// How standard input is named in diagnostics and reports.
const STDIN: &str = "<stdin>";

/// Whether a path argument is `-`: standard input.
fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// All of standard input as UTF-8 text of at most `limit` bytes.
fn read_stdin(limit: u64) -> Result<String, i32> {
    crate::source::read_text_from(std::io::stdin().lock(), limit).map_err(|err| {
        invalid(&RunError::Io {
            path: STDIN.to_string(),
            reason: err.to_string(),
        })
    })
}

/// Standard input's data (`-` among the data paths) as a named text, the
/// name saying how it is read: `--stdin-format`, else CSV when its first
/// line is a header of commas and TOML otherwise.
fn stdin_data(
    rules: &Path,
    data: &[PathBuf],
    limits: &DataLimits,
) -> Result<Vec<(String, String)>, i32> {
    let dashes = data.iter().filter(|p| is_stdin(p)).count();
    if dashes == 0 {
        return Ok(Vec::new());
    }
    if dashes > 1 || is_stdin(rules) {
        return Err(invalid(&RunError::StdinTwice));
    }
    let text = read_stdin(limits.max_file_size.as_u64())?;
    let csv = match limits.stdin_format.as_deref() {
        Some(format) => format == "csv",
        None => {
            let first = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("");
            first.contains(',') && !first.starts_with(['[', '#']) && !first.contains('=')
        }
    };
    let name = format!("{STDIN}.{}", if csv { "csv" } else { "toml" });
    Ok(vec![(name, text)])
}

/// Prints lint findings about the rule file, quoting it.
fn print_findings(rules: &Rules, findings: impl IntoIterator<Item = crate::check::Lint>) {
    // One shared, indexed copy of the rule file for every finding.
    let source = crate::span::IndexedSource::new(rules.source.as_str().into());
    let named = miette::NamedSource::new(&rules.path, source);
    for finding in findings {
        match crate::report::Said::lint(&finding, &named, ui::lang()) {
            Some(said) => print_diagnostic(&said),
            None => {
                let report = miette::Report::new(finding).with_source_code(named.clone());
                print_diagnostic(report.as_ref());
            }
        }
    }
}

/// Prints a data file's errors in the report's language.
fn print_load_errors(errors: &crate::data::LoadErrors, lang: crate::report::Lang) {
    match crate::report::Said::load_errors(errors, lang) {
        Some(said) => print_diagnostic(&said),
        None => print_diagnostic(errors),
    }
}

/// Prints a data file's warnings in the command's language.
fn print_load_warnings(warnings: &crate::data::LoadWarnings) {
    match crate::report::Said::load_warnings(warnings, ui::lang()) {
        Some(said) => print_diagnostic(&said),
        None => print_diagnostic(warnings),
    }
}

/// Prints why a run could not start.
fn refuse(unready: &Unready) -> i32 {
    let lang = ui::lang();
    match unready {
        Unready::Run(error) => return invalid(error),
        Unready::Parse(errors) => match crate::report::Said::parse_errors(errors, lang) {
            Some(said) => print_diagnostic(&said),
            None => print_diagnostic(errors),
        },
        Unready::Check(errors) => match crate::report::Said::check_errors(errors, lang) {
            Some(said) => print_diagnostic(&said),
            None => print_diagnostic(errors),
        },
        Unready::Data(files) => files.iter().for_each(|f| print_load_errors(f, lang)),
    }
    EXIT_INVALID
}

use ui::Progress;

/// How much of the data a command reads: for every command that reads it.
#[derive(clap::Args)]
struct DataLimits {
    /// Largest data file read (`500MB`, `4GiB`); a larger one is refused
    /// before it is read
    #[arg(long, value_name = "SIZE", default_value = "2GiB")]
    max_file_size: bytesize::ByteSize,
    /// How data files write numbers, where a file does not say: `vi` for
    /// `2.730,5`, `plain` for `2,730.5`
    #[arg(long, value_name = "FORMAT", default_value = "plain", value_parser = ["plain", "vi"])]
    number_format: String,
    /// How the data read from standard input (`-`) is written: `csv` or
    /// `toml`; by default CSV when its first line is a header of commas
    #[arg(long, value_name = "FORMAT", value_parser = ["csv", "toml"])]
    stdin_format: Option<String>,
}

impl DataLimits {
    fn options(&self, hash: bool) -> LoadOptions {
        LoadOptions {
            hash,
            max_file_bytes: self.max_file_size.as_u64(),
            number_format: self.number_format.parse().unwrap_or_default(),
        }
    }
}

/// Rules, data and the period to judge as of: what `check` and `explain` share.
struct Prepared {
    rules: Rules,
    data: Dataset,
    as_of: Period,
    /// The data drew warnings (printed already).
    warned: bool,
}

/// Reads the rules and data of a run and settles the as-of period,
/// printing diagnostics (and returning `Err`) when they cannot be read.
fn prepare(
    rules: &Path,
    data: &[PathBuf],
    as_of: Option<&str>,
    limits: &DataLimits,
    hash: bool,
) -> Result<Prepared, ()> {
    let lang = ui::lang();
    let stdin = stdin_data(rules, data, limits).map_err(|_| ())?;
    let rules = load_rules(rules).map_err(|_| ())?;
    print_findings(&rules, crate::check::hidden_characters(&rules.source));
    let progress = Progress::start("reading the data");
    let files: Vec<PathBuf> = data.iter().filter(|p| !is_stdin(p)).cloned().collect();
    let inputs = Data::FilesAndTexts(&files, stdin);
    let loaded = pipeline::load(&rules.program, inputs, limits.options(hash));
    progress.finish();
    let (data, warnings) = loaded.map_err(|unready| match &unready {
        Unready::Data(files) => files
            .iter()
            .for_each(|errors| print_load_errors(errors, lang)),
        _ => {
            refuse(&unready);
        }
    })?;
    warnings.iter().for_each(print_load_warnings);
    ui::verbose(|| {
        format!(
            "read {} files: {} figures of {} entities",
            data.files.len(),
            data.len(),
            data.entity_names().len()
        )
    });
    for errors in &data.row_errors {
        print_load_errors(errors, lang);
    }
    let as_of = match as_of {
        Some(text) => Some(text.parse::<Period>().map_err(|_| {
            invalid(&RunError::BadAsOf {
                text: text.to_string(),
            });
        })?),
        None => None,
    };
    let as_of = pipeline::settle(&rules.program, &data, as_of).map_err(|unready| {
        refuse(&unready);
    })?;
    let warned = !warnings.is_empty();
    Ok(Prepared {
        rules,
        data,
        as_of,
        warned,
    })
}

/// Keeps only `entity`'s figures, or says (with a suggestion) that there
/// are none.
fn narrow_to_entity(data: &mut Dataset, entity: &str) -> Result<(), i32> {
    if !data.has_entity(entity) {
        let suggestion = crate::suggest::closest(entity, data.entities());
        return Err(invalid(&RunError::UnknownEntity {
            entity: entity.to_string(),
            help: crate::suggest::did_you_mean(suggestion),
        }));
    }
    data.retain_entity(entity);
    Ok(())
}

/// Reads a rule or test file, printing why it cannot be read.
fn read_text(path: &Path) -> Result<String, i32> {
    crate::source::read_text(path, crate::source::MAX_RULES_BYTES).map_err(|err| {
        invalid(&RunError::Io {
            path: path.display().to_string(),
            reason: err.to_string(),
        })
    })
}

fn invalid<D: Diagnostic + 'static>(diagnostic: &D) -> i32 {
    // Why a run stopped is said in the run's language.
    let run_error = (diagnostic as &dyn std::any::Any).downcast_ref::<RunError>();
    match run_error.and_then(|e| crate::report::Said::run_error(e, ui::lang())) {
        Some(said) => print_diagnostic(&said),
        None => print_diagnostic(diagnostic),
    }
    EXIT_INVALID
}

/// Renders a diagnostic to stderr: coloured on a terminal, plain otherwise.
pub fn print_diagnostic(diagnostic: &dyn Diagnostic) {
    let warning = matches!(
        diagnostic.severity(),
        Some(miette::Severity::Warning | miette::Severity::Advice)
    );
    if warning && ui::quiet() {
        return;
    }
    // Names read from the inputs are shown in messages, never obeyed.
    let shown = crate::report::Shown::new(diagnostic);
    let out = crate::report::render_diagnostic(
        &shown,
        ui::lang(),
        ui::colour_stderr(),
        100,
        crate::report::HelpSlot::Advice,
    );
    let _ = std::io::stderr().lock().write_all(out.as_bytes());
}

/// `--lang`: the language of the human formats.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum LangArg {
    En,
    Vi,
}

impl LangArg {
    pub(crate) fn lang(self) -> crate::report::Lang {
        match self {
            LangArg::En => crate::report::Lang::En,
            LangArg::Vi => crate::report::Lang::Vi,
        }
    }
}
