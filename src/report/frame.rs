//! A diagnostic drawn for a terminal, the words of its frame in the
//! report's language. miette writes `help:` and `Error:` itself; in
//! Vietnamese they are replaced after drawing, and the wrapping is
//! narrowed by the extra width so that lines still fit.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use super::Lang;

/// What the line miette heads `help:` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpSlot {
    /// How to put a mistake right: a diagnostic's help.
    Advice,
    /// The figures behind a finding of the report.
    Detail,
}

/// Every line of a diagnostic, ready for a terminal `width` columns wide.
pub fn render_diagnostic(
    diagnostic: &dyn Diagnostic,
    lang: Lang,
    colour: bool,
    width: usize,
    slot: HelpSlot,
) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let help = match (lang, slot) {
        (Lang::En, _) => "help:",
        (Lang::Vi, HelpSlot::Advice) => "gợi ý:",
        (Lang::Vi, HelpSlot::Detail) => "chi tiết:",
    };
    let extra = help.chars().count() - "help:".len();
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width.saturating_sub(extra))
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        let severity = match lang {
            Lang::En => "error",
            Lang::Vi => "lỗi",
        };
        return format!("{severity}: {diagnostic}\n");
    }
    match lang {
        Lang::En => out,
        Lang::Vi => reframe(&out, help, extra),
    }
}

/// `drawn` with miette's English frame words replaced: the severity that
/// heads each related diagnostic, and `help:` (its wrapped lines moved
/// right by `extra` columns to stay under the longer word).
fn reframe(drawn: &str, help: &str, extra: usize) -> String {
    const SEVERITIES: [(&str, &str); 3] = [
        ("Error: ", "Lỗi: "),
        ("Warning: ", "Cảnh báo: "),
        ("Advice: ", "Lưu ý: "),
    ];
    const HELP: &str = "  help:";
    const WRAPPED: &str = "        ";
    let mut out = String::with_capacity(drawn.len() + 64);
    let mut in_help = false;
    for line in drawn.split_inclusive('\n') {
        if let Some((english, said)) = SEVERITIES.iter().find(|(e, _)| line.starts_with(e)) {
            out.push_str(said);
            out.push_str(&line[english.len()..]);
            in_help = false;
            continue;
        }
        let styles = leading_styles(line);
        if let Some(rest) = line[styles.len()..].strip_prefix(HELP) {
            out.push_str(styles);
            out.push_str("  ");
            out.push_str(help);
            out.push_str(rest);
            in_help = true;
            continue;
        }
        if in_help && line.starts_with(WRAPPED) {
            out.extend(std::iter::repeat_n(' ', extra));
        } else {
            in_help = false;
        }
        out.push_str(line);
    }
    out
}

/// The terminal styles (`ESC [ ... m`) a line starts with.
fn leading_styles(line: &str) -> &str {
    let mut end = 0;
    while let Some(rest) = line[end..].strip_prefix("\u{1b}[") {
        match rest.find('m') {
            Some(m) if rest[..m].bytes().all(|b| b.is_ascii_digit() || b == b';') => {
                end += 2 + m + 1;
            }
            _ => break,
        }
    }
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Lint;
    use crate::span::Span;

    fn finding() -> Lint {
        Lint::UnusedMetric {
            name: "cattle".into(),
            span: Span::new(0, 6),
        }
    }

    #[test]
    fn english_keeps_the_words_miette_writes() {
        let drawn = render_diagnostic(&finding(), Lang::En, false, 80, HelpSlot::Advice);
        assert!(drawn.contains("  help: remove it"), "{drawn}");
    }

    #[test]
    fn vietnamese_says_help_in_vietnamese_with_and_without_colour() {
        for colour in [false, true] {
            let drawn = render_diagnostic(&finding(), Lang::Vi, colour, 80, HelpSlot::Advice);
            assert!(!drawn.contains("help:"), "{drawn}");
            assert!(drawn.contains("gợi ý:"), "{drawn}");
        }
    }

    #[test]
    fn related_severities_and_wrapped_help_are_reframed() {
        let drawn = "  × 2 errors\n\nError: resolute::check::x\n\n  × one\n  help: a long\n        line\nWarning: two\n        not help\n";
        let said = reframe(drawn, "chi tiết:", 4);
        assert_eq!(
            said,
            "  × 2 errors\n\nLỗi: resolute::check::x\n\n  × one\n  chi tiết: a long\n            line\nCảnh báo: two\n        not help\n"
        );
    }

    #[test]
    fn styles_before_help_are_kept() {
        let said = reframe("\u{1b}[36m  help: \u{1b}[0mx\n", "gợi ý:", 1);
        assert_eq!(said, "\u{1b}[36m  gợi ý: \u{1b}[0mx\n");
    }
}
