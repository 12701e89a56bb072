//! A diagnostic about the data files said in a report's language: the
//! words from the language's catalogue, the code, severity, source and
//! spans as they are.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use super::Lang;
use super::lang::vi_data::{Words, load_error, load_warning, run_error};
use crate::data::{LoadErrors, LoadWarnings};
use crate::run_error::RunError;

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

    /// A data file's errors in `lang`; `None` in English, which they are
    /// written in.
    pub fn load_errors(errors: &'a LoadErrors, lang: Lang) -> Option<Self> {
        let words = match lang {
            Lang::En => return None,
            Lang::Vi => Words {
                message: format!(
                    "{} lỗi số liệu trong `{}`",
                    errors.errors.len(),
                    errors.src.name()
                ),
                labels: Vec::new(),
                help: None,
            },
        };
        let related = errors
            .errors
            .iter()
            .map(|e| Said::new(e, load_error(e), Vec::new()))
            .collect();
        Some(Said::new(errors, words, related))
    }

    /// Why a run could not start or finish, in `lang`; `None` in English.
    pub fn run_error(error: &'a RunError, lang: Lang) -> Option<Self> {
        match lang {
            Lang::En => None,
            Lang::Vi => Some(Said::new(error, run_error(error), Vec::new())),
        }
    }

    /// A data file's warnings in `lang`; `None` in English.
    pub fn load_warnings(warnings: &'a LoadWarnings, lang: Lang) -> Option<Self> {
        let words = match lang {
            Lang::En => return None,
            Lang::Vi => Words {
                message: format!("cảnh báo trong `{}`", warnings.src.name()),
                labels: Vec::new(),
                help: None,
            },
        };
        let related = warnings
            .warnings
            .iter()
            .map(|w| Said::new(w, load_warning(w), Vec::new()))
            .collect();
        Some(Said::new(warnings, words, related))
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
