//! `resolute.toml`: the options a project always passes, so that `resolute
//! check` alone runs its checks. An option on the command line wins over
//! the file's.

use std::path::{Path, PathBuf};

use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;

use crate::run_error::RunError;

/// The file read from the working directory when `--config` names none.
pub const DEFAULT: &str = "resolute.toml";

/// The file's contents: a table per command.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub check: CheckConfig,
}

/// `[check]`: what `resolute check` runs on and reports.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// The rule file.
    pub rules: Option<PathBuf>,
    /// Data files, directories or patterns.
    pub data: Option<Vec<PathBuf>>,
    pub as_of: Option<String>,
    pub format: Option<String>,
    /// `FORMAT=PATH`, as `--report` takes them.
    pub report: Option<Vec<String>>,
    pub lang: Option<String>,
    pub fail_on: Option<Vec<String>>,
    pub deny: Option<String>,
    pub number_format: Option<String>,
    pub summary_only: Option<bool>,
    pub full: Option<bool>,
}

impl Config {
    /// The file `--config` names, or `resolute.toml` in the working
    /// directory if there is one; `None` when neither is. Relative paths in
    /// it are from its directory.
    pub fn load(named: Option<&Path>) -> Result<Option<Config>, RunError> {
        let path = match named {
            Some(path) => path.to_path_buf(),
            None if Path::new(DEFAULT).is_file() => PathBuf::from(DEFAULT),
            None => return Ok(None),
        };
        let fail = |reason: String| RunError::Config {
            path: path.display().to_string(),
            reason,
        };
        let text = crate::source::read_text(&path, crate::source::MAX_RULES_BYTES)
            .map_err(|err| fail(err.to_string()))?;
        let mut config: Config =
            toml::from_str(&text).map_err(|err| fail(err.message().to_string()))?;
        let base = path.parent().unwrap_or(Path::new(""));
        let from_base = |p: &mut PathBuf| {
            if p.is_relative() && p.as_os_str() != "-" {
                *p = base.join(&*p);
            }
        };
        if let Some(rules) = &mut config.check.rules {
            from_base(rules);
        }
        for data in config.check.data.iter_mut().flatten() {
            from_base(data);
        }
        for report in config.check.report.iter_mut().flatten() {
            if let Some((format, file)) = report.split_once('=') {
                let mut file = PathBuf::from(file);
                from_base(&mut file);
                *report = format!("{format}={}", file.display());
            }
        }
        Ok(Some(config))
    }
}

/// Whether the option `id` was given on the command line, where it wins.
pub fn given(matches: &ArgMatches, id: &str) -> bool {
    matches.value_source(id) == Some(ValueSource::CommandLine)
}

/// The arguments of `check` with the file's `[check]` filled in where the
/// command line says nothing: each value is parsed as the command line
/// would parse it, so a bad one is refused the same way.
pub fn check_args(matches: &ArgMatches, config: &CheckConfig) -> Vec<String> {
    let mut extra = Vec::new();
    let mut option = |id: &str, flag: &str, values: Option<Vec<String>>| {
        if let Some(values) = values
            && !given(matches, id)
        {
            for value in values {
                extra.push(flag.to_string());
                extra.push(value);
            }
        }
    };
    let one = |v: &Option<String>| v.clone().map(|v| vec![v]);
    option("as_of", "--as-of", one(&config.as_of));
    option("format", "--format", one(&config.format));
    option("report", "--report", config.report.clone());
    option("lang", "--lang", one(&config.lang));
    option("fail_on", "--fail-on", config.fail_on.clone());
    option("deny", "--deny", one(&config.deny));
    option(
        "number_format",
        "--number-format",
        one(&config.number_format),
    );
    if config.summary_only == Some(true) && !given(matches, "summary_only") {
        extra.push("--summary-only".to_string());
    }
    if config.full == Some(true) && !given(matches, "full") {
        extra.push("--full".to_string());
    }
    // The rule file and data, unless the command line names any.
    if !given(matches, "rules") {
        let path = |p: &PathBuf| p.display().to_string();
        match &config.rules {
            Some(rules) => extra.push(path(rules)),
            None => return extra,
        }
        extra.extend(config.data.iter().flatten().map(path));
    }
    extra
}
