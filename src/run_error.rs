//! Errors of a run as a whole, outside any one file.

use miette::Diagnostic;
use thiserror::Error;

use crate::data::Period;
use crate::span::Span;

#[allow(
    missing_docs,
    reason = "a diagnostic's fields are the values its message and labels show"
)]
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum RunError {
    /// The rule file cannot be read
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(code(resolute::io))]
    Io { path: String, reason: String },

    /// Data files that hold no figure at all
    #[error("the data files hold no figures")]
    #[diagnostic(
        code(resolute::no_figures),
        help("list figures under `[values]`, or rows after the CSV header")
    )]
    NoFigures,

    /// `year 2023` with data only for 2022
    #[error("no figures for {year}, the year of the targets")]
    #[diagnostic(
        code(resolute::no_figures_for_year),
        help("pass the submissions for {year}")
    )]
    NoFiguresForYear { year: i32 },

    /// `--as-of 2023-Q5`
    #[error("invalid period `{text}` for --as-of")]
    #[diagnostic(code(resolute::bad_as_of), help("{}", crate::data::PERIOD_FORMS))]
    BadAsOf { text: String },

    /// `--timestamp yesterday`
    #[error("invalid --timestamp: {reason}")]
    #[diagnostic(
        code(resolute::bad_timestamp),
        help("give Unix seconds (`1704067200`) or RFC 3339 (`2024-01-01T00:00:00Z`)")
    )]
    BadTimestamp { reason: String },

    /// `--report html=/no/such/dir/report.html`
    #[error("cannot write `{path}`: {reason}")]
    #[diagnostic(
        code(resolute::write_report),
        help("nothing was written; check that the directory exists and is writable")
    )]
    WriteReport { path: String, reason: String },

    /// `--report json=rules.rules`, or a link to a data file
    #[error("the report `{path}` would overwrite the input `{input}`")]
    #[diagnostic(
        code(resolute::report_is_input),
        help("write the report to another path: nothing was read or written")
    )]
    ReportIsInput { path: String, input: String },

    /// `--report json=out.json --report sarif=out.json`
    #[error("two reports would be written to `{path}`")]
    #[diagnostic(
        code(resolute::report_twice),
        help("give each report its own path: nothing was read or written")
    )]
    ReportTwice { path: String },

    /// `resolute new` onto an existing file
    #[error("`{path}` already exists")]
    #[diagnostic(
        code(resolute::would_overwrite),
        help("pass `--force` to replace it, or `-o` to write elsewhere")
    )]
    WouldOverwrite { path: String },

    /// `resolute.toml` with a key it does not know, or bad TOML
    #[error("cannot use the configuration `{path}`: {reason}")]
    #[diagnostic(
        code(resolute::config),
        help(
            "`[check]` takes rules, data, as_of, format, report, lang, fail_on, deny, number_format, summary_only and full (docs/commands.md)"
        )
    )]
    Config { path: String, reason: String },

    /// `resolute check` with neither a rule file nor a `resolute.toml`
    #[error("no rule file and data to check")]
    #[diagnostic(
        code(resolute::check::nothing_to_check),
        help(
            "name them, `resolute check RULES DATA...`, or set `rules` and `data` under `[check]` in `resolute.toml`"
        )
    )]
    NothingToCheck,

    /// `resolute check - -`
    #[error("standard input (`-`) is named twice")]
    #[diagnostic(
        code(resolute::stdin_twice),
        help("standard input gives the rules or one data file: name the others as files")
    )]
    StdinTwice,

    /// `resolute new --from targets.rules --year 2024`: no 2023 in the name
    #[error("cannot name next year's file after `{from}`: its name holds no {previous}")]
    #[diagnostic(
        code(resolute::new::no_name),
        help("say where to write it: `-o rules/district-{year}.rules`, or `-o -` for stdout")
    )]
    CannotName {
        from: String,
        previous: i32,
        year: i32,
    },

    /// `resolute explain A2.grian ...`
    #[error("no rule has the id `{id}`")]
    #[diagnostic(code(resolute::unknown_rule))]
    UnknownRule {
        id: String,
        #[help]
        help: Option<String>,
    },

    /// `--entity binh-lcu`
    #[error("no figures for entity `{entity}`")]
    #[diagnostic(code(resolute::unknown_entity))]
    UnknownEntity {
        entity: String,
        #[help]
        help: Option<String>,
    },

    /// `--as-of 2024-Q1` against rules for 2023
    #[error("--as-of {as_of} is outside {year}, the year of the targets")]
    #[diagnostic(code(resolute::as_of_outside_year))]
    AsOfOutsideYear { as_of: Period, year: i32 },
}

/// A test file that cannot be read.
#[derive(Debug, Error, Diagnostic)]
#[non_exhaustive]
pub enum TestFileError {
    /// The test file is not valid TOML, or not in the test form.
    #[error("invalid test file: {message}")]
    #[diagnostic(
        code(resolute::test::toml),
        help(
            "a test file is a list of `[[case]]` tables with `name`, data (`data`, `csv` or `toml`) and `expect`"
        )
    )]
    Toml {
        /// What is wrong.
        message: String,
        /// Where.
        #[label("here")]
        span: Span,
    },
}
