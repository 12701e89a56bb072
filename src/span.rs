//! Byte ranges into a source text, and the nodes that carry them.

use std::fmt;

use miette::SourceSpan;

/// A half-open byte range `start..end` into one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
}

impl Span {
    /// The bytes from `start` up to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The same span, `by` bytes later.
    pub fn offset(self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }

    /// How many bytes it covers.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether it covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

impl From<Span> for SourceSpan {
    fn from(span: Span) -> Self {
        SourceSpan::from(span.start..span.end)
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// A node with its location. Equality ignores the location, so parser tests
/// can compare whole trees.
#[derive(Clone, Copy)]
pub struct Spanned<T> {
    /// The node.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// `node`, written at `span`.
    pub fn new(node: T, span: Span) -> Self {
        Self { node, span }
    }

    /// The same span around `f(node)`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned::new(f(self.node), self.span)
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: Eq> Eq for Spanned<T> {}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)?;
        write!(f, " @{}..{}", self.span.start, self.span.end)
    }
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

/// Where each line of a text starts, for turning many offsets into lines
/// and columns without rescanning the text.
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// Line and column (1-based, column in characters) of `offset` in `text`,
    /// the text this index was built from.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0).min(offset);
        let column = text.get(start..offset).map_or(0, |t| t.chars().count()) + 1;
        (line, column)
    }
}

/// A text with its line index, quoted by diagnostics without rescanning the
/// text from the start for every label: a report on a 100 MB file quotes
/// its lines as quickly as one on a 1 kB file.
#[derive(Debug, Clone)]
pub struct IndexedSource {
    /// The text.
    pub text: std::sync::Arc<str>,
    /// Where its lines start.
    pub lines: std::sync::Arc<LineIndex>,
    /// Where `text` starts in its file, in bytes and 0-based lines: an
    /// excerpt of a file too large to keep quotes with its true positions.
    base_offset: usize,
    base_line: usize,
}

impl IndexedSource {
    /// `text`, with its lines indexed.
    pub fn new(text: std::sync::Arc<str>) -> Self {
        Self::excerpt(text, 0, 0)
    }

    /// `text` is the part of a file from byte `base_offset`, which begins
    /// line `base_line` (0-based); spans stay offsets into the whole file.
    pub fn excerpt(text: std::sync::Arc<str>, base_offset: usize, base_line: usize) -> Self {
        let text = match quotable(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(shown) => std::sync::Arc::from(shown),
        };
        let lines = std::sync::Arc::new(LineIndex::new(&text));
        Self {
            text,
            lines,
            base_offset,
            base_line,
        }
    }

    /// `text` with its line index made already: the caller makes `text`
    /// safe to quote ([`quotable`]), once for every quote of it.
    pub fn shared(text: std::sync::Arc<str>, lines: std::sync::Arc<LineIndex>) -> Self {
        Self {
            text,
            lines,
            base_offset: 0,
            base_line: 0,
        }
    }
}

impl LineIndex {
    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl miette::SourceCode for IndexedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        let (start, end) = (
            span.offset().wrapping_sub(self.base_offset),
            (span.offset() + span.len()).wrapping_sub(self.base_offset),
        );
        if span.offset() < self.base_offset || end > self.text.len() {
            return Err(miette::MietteError::OutOfBounds);
        }
        // Let miette quote a window of whole lines around the span.
        let first = self
            .lines
            .line_of(start)
            .saturating_sub(context_lines_before);
        // One line more than asked: miette decides where the context ends.
        let last = self.lines.line_of(end.saturating_sub(1).max(start)) + context_lines_after + 1;
        let window_start = self.lines.starts.get(first).copied().unwrap_or(0);
        let window_end = self
            .lines
            .starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        let window = self.text.get(window_start..window_end).unwrap_or_default();
        let local = SourceSpan::from((start - window_start, span.len()));
        let inner = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data = inner.data();
        let shifted = SourceSpan::from((
            inner.span().offset() + window_start + self.base_offset,
            inner.span().len(),
        ));
        Ok(Box::new(miette::MietteSpanContents::new(
            data,
            shifted,
            inner.line() + first + self.base_line,
            inner.column(),
            inner.line_count() + first + self.base_line,
        )))
    }
}

/// A file as the source of diagnostics: its whole text, or excerpts of
/// it around the spans they label, each quoted with its true lines.
#[derive(Debug, Clone, Default)]
pub struct Excerpts(Vec<IndexedSource>);

impl Excerpts {
    /// The excerpts, in the order given.
    pub fn new(excerpts: Vec<IndexedSource>) -> Self {
        Self(excerpts)
    }
}

impl miette::SourceCode for Excerpts {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn miette::SpanContents<'a> + 'a>, miette::MietteError> {
        self.0
            .iter()
            .find_map(|excerpt| {
                excerpt
                    .read_span(span, context_lines_before, context_lines_after)
                    .ok()
            })
            .ok_or(miette::MietteError::OutOfBounds)
    }
}

/// Line and column (both 1-based, column in characters) of a byte offset.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = source.get(..offset).unwrap_or(source);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Whether `c` must not reach a terminal or a viewer as it is: a control
/// character, or a bidirectional or invisible formatting character.
pub fn needs_showing(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidirectional marks, embeddings, overrides and isolates.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Invisible: zero width space, word joiner, byte order mark.
        | '\u{200b}' | '\u{2060}' | '\u{feff}'
    )
}

/// `name` in Unicode's composed form (NFC): "Bình Lục" typed with
/// combining accents and typed precomposed is one name, and so is a unit
/// written `tỷ đồng` either way.
pub fn composed(name: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    if name.is_ascii() || is_nfc_quick(name.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.nfc().collect())
    }
}

/// A name as items are matched: composed, its runs of white space one
/// space, none at either end (`"Vũ  Bản "` is `"Vũ Bản"`).
pub fn folded(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in composed(name).split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `name` holds a character that shows as nothing or reorders
/// what follows it: two names that look alike may then differ.
pub fn has_hidden(name: &str) -> bool {
    name.chars().any(needs_showing)
}

/// `text` as a diagnostic may quote it: every control or formatting
/// character but tab and line ends written as `?`, one per byte, so that
/// every span still points at the same bytes.
pub fn quotable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| needs_showing(c) && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Longest line a diagnostic quotes in full.
pub const SHOWN_LINE_BYTES: usize = 400;

/// The source to attach to diagnostics about `text`, with long lines cut
/// and `spans` moved to match.
pub fn displayable<'a>(text: &str, spans: impl IntoIterator<Item = &'a mut Span>) -> String {
    let text = quotable(text);
    if !text.lines().any(|l| l.len() > SHOWN_LINE_BYTES) {
        return text.into_owned();
    }
    let (short, map) = shorten_long_lines(&text, SHOWN_LINE_BYTES);
    for span in spans {
        let start = map(span.start);
        let end = map(span.end).max(start);
        *span = Span::new(start, end);
    }
    short
}

/// A copy of `text` for showing in diagnostics: lines longer than `max`
/// bytes are cut (at a character boundary) and marked with `…`. Returns the
/// copy and a function mapping an offset in `text` to one in the copy.
pub fn shorten_long_lines(text: &str, max: usize) -> (String, impl Fn(usize) -> usize) {
    const MARK: &str = "…";
    let mut out = String::with_capacity(text.len().min(1 << 20));
    // Byte ranges of `text` replaced by the mark.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.len() > max {
            let mut keep = max;
            while !body.is_char_boundary(keep) {
                keep -= 1;
            }
            out.push_str(&body[..keep]);
            out.push_str(MARK);
            out.push_str(&line[body.len()..]);
            cuts.push((start + keep, start + body.len()));
        } else {
            out.push_str(line);
        }
        start += line.len();
    }
    let map = move |offset: usize| {
        let mut delta: isize = 0;
        for &(cut_start, cut_end) in &cuts {
            if offset < cut_start {
                break;
            }
            if offset < cut_end {
                return (cut_start as isize - delta).max(0) as usize;
            }
            delta += (cut_end - cut_start) as isize - MARK.len() as isize;
        }
        (offset as isize - delta).max(0) as usize
    };
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "a\nđạt x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 2), (2, 1));
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), (2, 5));
    }

    #[test]
    fn the_line_index_agrees_with_a_scan() {
        let text = "ab\nđạt\n\nxyz";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            if text.is_char_boundary(offset) {
                assert_eq!(
                    index.line_col(text, offset),
                    line_col(text, offset),
                    "{offset}"
                );
            }
        }
    }

    #[test]
    fn indexed_sources_quote_like_plain_ones() {
        use miette::SourceCode;
        let text = "a = 1\r\nbb = 2\n\nccc = 3\ndddd = 4\n";
        let indexed = IndexedSource::new(std::sync::Arc::from(text));
        for (start, len) in [(0, 1), (9, 6), (16, 1), (17, 7), (24, 8), (4, 10), (31, 1)] {
            for context in [0, 1, 2] {
                let span = SourceSpan::from((start, len));
                let plain = text.read_span(&span, context, context).unwrap();
                let fast = indexed.read_span(&span, context, context).unwrap();
                assert_eq!(plain.data(), fast.data(), "{start} {len} {context}");
                assert_eq!(plain.span(), fast.span());
                assert_eq!(
                    (plain.line(), plain.column(), plain.line_count()),
                    (fast.line(), fast.column(), fast.line_count()),
                    "{start} {len} {context}"
                );
            }
        }
    }

    #[test]
    fn long_lines_are_cut_for_display() {
        let text = format!("a\n{}\nb = 1\n", "x".repeat(50));
        let (short, map) = shorten_long_lines(&text, 10);
        assert_eq!(short, format!("a\n{}…\nb = 1\n", "x".repeat(10)));
        let b = text.find("b =").unwrap();
        assert_eq!(&short[map(b)..map(b) + 3], "b =");
        assert_eq!(map(5), 5);
        assert_eq!(map(40), 12);
    }

    #[test]
    fn spanned_equality_ignores_location() {
        assert_eq!(
            Spanned::new(1, Span::new(0, 1)),
            Spanned::new(1, Span::new(5, 9))
        );
    }
}
