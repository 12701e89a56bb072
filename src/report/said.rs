//! A diagnostic about the data files said in a report's language: the
//! words from the language's catalogue, the code, severity, source and
//! spans as they are.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use super::Lang;
use super::lang::vi_data::{Words, load_error, load_warning, run_error, test_file_error};
use super::lang::vi_rules::{check_error, lint, parse_error};
use crate::check::{CheckErrors, Lint};
use crate::data::{LoadErrors, LoadWarnings};
use crate::run_error::{RunError, TestFileError};
use crate::syntax::ParseErrors;

/// A diagnostic with its words replaced.
pub struct Said<'a> {
    message: String,
    code: Option<String>,
    severity: Option<miette::Severity>,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<&'a dyn SourceCode>,
    related: Vec<Said<'a>>,
}

impl<'a> Said<'a> {
    /// `inner`, its own words replaced by `words`, its related diagnostics
    /// by `related`.
    fn new(inner: &'a dyn Diagnostic, words: Words, related: Vec<Said<'a>>) -> Self {
        let mut texts = words.labels.into_iter();
        let labels = inner
            .labels()
            .map(|labels| {
                labels
                    .map(|label| {
                        let text = texts.next().or_else(|| label.label().map(str::to_string));
                        if label.primary() {
                            LabeledSpan::new_primary_with_span(text, *label.inner())
                        } else {
                            LabeledSpan::new_with_span(text, *label.inner())
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Said {
            message: words.message,
            code: inner.code().map(|c| c.to_string()),
            severity: inner.severity(),
            help: words.help,
            labels,
            source: inner.source_code(),
            related,
        }
    }

    /// A file's diagnostics gathered under `outer`, headed by `message`
    /// and each said by `say`, in `lang`; `None` in English, which they
    /// are written in.
    fn file<D: Diagnostic>(
        outer: &'a dyn Diagnostic,
        message: impl FnOnce() -> String,
        each: &'a [D],
        say: fn(&D) -> Words,
        lang: Lang,
    ) -> Option<Self> {
        if lang == Lang::En {
            return None;
        }
        let words = Words {
            message: message(),
            labels: Vec::new(),
            help: None,
        };
        let related = each
            .iter()
            .map(|d| Said::new(d, say(d), Vec::new()))
            .collect();
        Some(Said::new(outer, words, related))
    }

    /// A diagnostic that does not hold its file, said by `say` quoting
    /// `source`, in `lang`; `None` in English.
    fn quoting<D: Diagnostic>(
        inner: &'a D,
        say: fn(&D) -> Words,
        source: &'a dyn SourceCode,
        lang: Lang,
    ) -> Option<Self> {
        if lang == Lang::En {
            return None;
        }
        let mut said = Said::new(inner, say(inner), Vec::new());
        said.source = Some(source);
        Some(said)
    }

    /// A data file's errors in `lang`.
    pub fn load_errors(errors: &'a LoadErrors, lang: Lang) -> Option<Self> {
        let name = errors.src.name();
        let message = || format!("{} lỗi số liệu trong `{name}`", errors.errors.len());
        Said::file(errors, message, &errors.errors, load_error, lang)
    }

    /// A rule file's syntax errors in `lang`.
    pub fn parse_errors(errors: &'a ParseErrors, lang: Lang) -> Option<Self> {
        let name = errors.src.name();
        let message = || format!("{} lỗi cú pháp trong `{name}`", errors.errors.len());
        Said::file(errors, message, &errors.errors, parse_error, lang)
    }

    /// A rule file's errors of names, units and settings in `lang`.
    pub fn check_errors(errors: &'a CheckErrors, lang: Lang) -> Option<Self> {
        let name = errors.src.name();
        let message = || format!("{} lỗi trong tệp chỉ tiêu `{name}`", errors.errors.len());
        Said::file(errors, message, &errors.errors, check_error, lang)
    }

    /// A data file's warnings in `lang`.
    pub fn load_warnings(warnings: &'a LoadWarnings, lang: Lang) -> Option<Self> {
        let name = warnings.src.name();
        let message = || format!("cảnh báo trong `{name}`");
        Said::file(warnings, message, &warnings.warnings, load_warning, lang)
    }

    /// A finding about a rule file in `lang`, quoting `source`; `None` in
    /// English.
    pub fn lint(finding: &'a Lint, source: &'a dyn SourceCode, lang: Lang) -> Option<Self> {
        Said::quoting(finding, lint, source, lang)
    }

    /// Why a test file cannot be read, quoting `source`, in `lang`; `None`
    /// in English.
    pub fn test_file_error(
        error: &'a TestFileError,
        source: &'a dyn SourceCode,
        lang: Lang,
    ) -> Option<Self> {
        Said::quoting(error, test_file_error, source, lang)
    }

    /// Why a run could not start or finish, in `lang`; `None` in English.
    pub fn run_error(error: &'a RunError, lang: Lang) -> Option<Self> {
        match lang {
            Lang::En => None,
            Lang::Vi => Some(Said::new(error, run_error(error), Vec::new())),
        }
    }
}

impl fmt::Debug for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Said")
            .field("message", &self.message)
            .field("code", &self.code)
            .field("related", &self.related)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Said<'_> {}

impl Diagnostic for Said<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.severity
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
