//! Text from the inputs made safe to show: a control character (an escape
//! that would recolour a terminal or retitle its window, a carriage return
//! that would overwrite a line) and a bidirectional or invisible formatting
//! character (which would reorder or hide what is shown) are written as
//! something visible, never passed on to be obeyed.

use std::borrow::Cow;

use crate::span::needs_showing;

/// `text` with every control and formatting character made visible: C0
/// controls and DEL as their Unicode pictures (`␛`), others as `<U+202E>`.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_showing) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => out.push(picture(c)),
            '\u{7f}' => out.push('\u{2421}'),
            c if needs_showing(c) => out.push_str(&format!("<U+{:04X}>", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
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
