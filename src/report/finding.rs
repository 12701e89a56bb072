//! A failed, missing or erroneous result as a diagnostic pointing at the
//! rule's line and at the data lines it was computed from.

use std::fmt;
use std::sync::Arc;

use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use super::Context;
use super::cells::target_text;
use super::lang::Msg;
use super::visible::visible;
use crate::check::Severity;
use crate::eval::{RuleResult, Status};
use crate::span::{IndexedSource, quotable};

/// A result worth telling a user about: a failure, an error, a late figure.
#[derive(Debug)]
pub struct Finding {
    message: String,
    /// The code of the error that stopped the evaluation, if one did.
    code: Option<String>,
    warning: bool,
    help: Option<String>,
    src: NamedSource<Arc<str>>,
    label: LabeledSpan,
    related: Vec<Evidence>,
}

#[derive(Debug)]
struct Evidence {
    message: String,
    src: NamedSource<IndexedSource>,
    label: LabeledSpan,
}

impl Finding {
    /// The finding for `result`, if it is worth telling.
    pub fn new(cx: &Context<'_>, result: &RuleResult) -> Option<Finding> {
        let rule = cx.rule(result)?;
        let unit = cx.lang.unit_name(&rule.unit);
        if matches!(result.status, Status::Pass | Status::OnTrack) {
            return None;
        }
        let message = cx.lang.say(&Msg::Finding {
            status: result.status,
            rule: &visible(&rule.id),
            entity: &visible(&result.entity),
        });
        let label_text = rule.title.as_deref().map_or_else(
            || cx.lang.say(&Msg::ThisTarget),
            |title| visible(title).into_owned(),
        );
        let label = LabeledSpan::new_with_span(Some(label_text), rule.condition_span);
        let mut help = result.note.as_ref().map(|note| cx.lang.note(note));
        if let Some(actual) = result.actual {
            let reached = cx.lang.say(&Msg::Reached {
                actual: &format!(
                    "{}{}",
                    cx.lang.actual_marks(result),
                    cx.lang.quantity(actual, unit)
                ),
                target: &target_text(cx.lang, rule, result),
            });
            help = Some(match help {
                Some(note) if result.status != Status::Fail => format!("{reached}; {note}"),
                _ => reached,
            });
        }
        if let Some(not_done) = cx.lang.not_done(result) {
            help = Some(match help {
                Some(h) => format!("{h}; {not_done}"),
                None => not_done,
            });
        }
        if let Some(cite) = &rule.cite {
            let cite = cx.lang.cite(cite);
            help = Some(match help {
                Some(h) => format!("{h} ({cite})"),
                None => cite,
            });
        }
        let mut related: Vec<Evidence> = result
            .inputs
            .iter()
            .filter_map(|input| {
                let file = cx.data.files.get(input.location.file)?;
                let metric_unit = cx
                    .program
                    .metrics
                    .get(&*input.metric)
                    .map_or("", |m| cx.lang.unit_name(&m.unit));
                Some(Evidence {
                    message: cx.lang.say(&Msg::FigureOf {
                        metric: &input.metric,
                        period: &cx.lang.period(input.period),
                    }),
                    src: file.quoted(input.location.span),
                    label: LabeledSpan::new_with_span(
                        Some(cx.lang.quantity(input.value, metric_unit)),
                        input.location.span,
                    ),
                })
            })
            .collect();
        if let Some(location) = result.error_location()
            && let Some(file) = cx.data.files.get(location.file)
        {
            related.push(Evidence {
                message: cx.lang.say(&Msg::FigureAtFault),
                src: file.quoted(location.span),
                label: LabeledSpan::new_with_span(
                    Some(cx.lang.say(&Msg::ReportedHere)),
                    location.span,
                ),
            });
        }
        let help = help.map(|h| visible(&h).into_owned());
        Some(Finding {
            message,
            code: result.error().map(|e| e.code_text()),
            warning: rule.severity == Severity::Warning || result.status == Status::Behind,
            help,
            src: NamedSource::new(cx.rules_path, Arc::from(quotable(cx.rules_source))),
            label,
            related,
        })
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Finding {}

impl Diagnostic for Finding {
    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|e| e as &dyn Diagnostic)))
    }
}

impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Evidence {}

impl Diagnostic for Evidence {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}
