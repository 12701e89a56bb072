//! Text from the inputs made safe to show: a control character (an escape
//! that would recolour a terminal or retitle its window, a carriage return
//! that would overwrite a line) and a bidirectional or invisible formatting
//! character (which would reorder or hide what is shown) are written as
//! something visible, never passed on to be obeyed.

use std::borrow::Cow;
use std::fmt;

use miette::{Diagnostic, LabeledSpan};

use crate::span::needs_showing;

/// Most characters of one text shown: a name or message read from an
/// input may be megabytes long, and is cut, saying how much was left out.
pub const MAX_SHOWN_CHARS: usize = 1000;

/// `text` with every control and formatting character made visible: C0
/// controls and DEL as their Unicode pictures (`␛`), others as `<U+202E>`;
/// cut after 1,000 characters (`MAX_SHOWN_CHARS`).
pub fn visible(text: &str) -> Cow<'_, str> {
    let cut = match text.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((at, _)) => at,
        None if !text.chars().any(needs_showing) => return Cow::Borrowed(text),
        None => text.len(),
    };
    let (shown, left_out) = text.split_at(cut);
    let mut out = String::with_capacity(shown.len() + 8);
    for c in shown.chars() {
        match c {
            '\u{0}'..='\u{1f}' => out.push(picture(c)),
            '\u{7f}' => out.push('\u{2421}'),
            c if needs_showing(c) => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    if !left_out.is_empty() {
        out.push_str(&format!("… ({} bytes more)", left_out.len()));
    }
    Cow::Owned(out)
}

/// A diagnostic as it may be shown: its message, help and labels, and
/// those of every diagnostic related to it, with [`visible`] applied, so
/// that a name read from an input cannot steer the terminal through an
/// error message. Its quoted source is made safe where it is read
/// ([`crate::span::quotable`]).
#[derive(Debug)]
pub struct Shown<'a> {
    inner: &'a dyn Diagnostic,
    related: Vec<Shown<'a>>,
}

impl<'a> Shown<'a> {
    /// `inner`, and what is related to it, made safe to show.
    pub fn new(inner: &'a dyn Diagnostic) -> Self {
        let related = inner
            .related()
            .map(|related| related.map(Shown::new).collect())
            .unwrap_or_default();
        Shown { inner, related }
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&visible(&self.inner.to_string()))
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let help = self.inner.help()?.to_string();
        Some(Box::new(visible(&help).into_owned()))
    }

    fn url<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.inner.url()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.inner.source_code()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let labels = self.inner.labels()?.map(|label| {
            let text = label.label().map(|l| visible(l).into_owned());
            if label.primary() {
                LabeledSpan::new_primary_with_span(text, *label.inner())
            } else {
                LabeledSpan::new_with_span(text, *label.inner())
            }
        });
        Some(Box::new(labels.collect::<Vec<_>>().into_iter()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }

    fn diagnostic_source(&self) -> Option<&dyn Diagnostic> {
        self.inner.diagnostic_source()
    }
}

/// The control picture of a C0 control: U+2400 plus its code.
fn picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_overrides_are_shown_not_obeyed() {
        assert_eq!(visible("Bình Lục"), "Bình Lục");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("bad\u{1b}]0;pwned\u{7}\u{1b}[31mred"),
            "bad␛]0;pwned␇␛[31mred"
        );
        assert_eq!(visible("x\u{202e}evil\r"), "x<U+202E>evil␍");
        assert_eq!(visible("a\u{85}b\u{feff}"), "a<U+0085>b<U+FEFF>");
    }

    #[test]
    fn a_diagnostic_is_shown_message_help_and_labels() {
        use crate::data::LoadWarning;
        let warning = LoadWarning::UnknownMetric {
            metric: "x\u{1b}[2J".into(),
            span: crate::span::Span::new(0, 1),
            help: Some("did you mean `y\u{7}`?".into()),
        };
        let shown = Shown::new(&warning);
        assert_eq!(
            shown.to_string(),
            "`x␛[2J` is not a metric of the rules; its value is not used"
        );
        assert_eq!(
            shown.help().map(|h| h.to_string()),
            Some("did you mean `y␇`?".into())
        );
        assert_eq!(
            shown.code().map(|c| c.to_string()),
            warning.code().map(|c| c.to_string())
        );
    }

    proptest::proptest! {
        #[test]
        fn nothing_shown_is_a_control_or_format_character(text in "\\PC*|[\\x00-\\x1f\\x7f-\\x9f\u{202a}-\u{202e}a-z]*") {
            let shown = visible(&text);
            proptest::prop_assert!(!shown.chars().any(needs_showing));
            // Text with nothing to show is left as it is.
            if !text.chars().any(needs_showing) {
                proptest::prop_assert_eq!(shown.as_ref(), text.as_str());
            }
        }
    }
}
