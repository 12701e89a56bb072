//! Splitting a quote-free line into its fields.

use crate::span::Span;

/// The fields of one row and where each is in the file: what the one
/// row reader ([`super::row`]) reads, whichever way the row was split.
pub(in crate::data) trait Fields {
    /// How many fields the row has.
    fn count(&self) -> usize;
    fn get(&self, i: usize) -> Option<&str>;
    fn span(&self, i: usize) -> Span;
    /// The whole row.
    fn whole(&self) -> Span;
}

/// Fields split by the `csv` crate, or a header.
impl Fields for [(&str, Span)] {
    fn count(&self) -> usize {
        self.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        <[_]>::get(self, i).map(|(f, _)| *f)
    }

    fn span(&self, i: usize) -> Span {
        <[_]>::get(self, i).map(|(_, s)| *s).unwrap_or_default()
    }

    fn whole(&self) -> Span {
        self.span(0).join(self.span(self.len().saturating_sub(1)))
    }
}

/// Most fields a [`SplitLine`] keeps the bounds of; a row has at most six
/// columns the reader knows, and longer rows are only counted.
const KEPT: usize = 8;

/// A quote-free line split at its commas, without allocating.
#[derive(Default)]
pub(super) struct SplitLine<'t> {
    text: &'t str,
    /// The line's offset in the file.
    at: usize,
    /// Start and end of the first [`KEPT`] fields, in the line.
    bounds: [(usize, usize); KEPT],
    count: usize,
}

impl<'t> SplitLine<'t> {
    #[cfg(test)]
    pub fn split(text: &'t str, at: usize) -> Self {
        let mut line = SplitLine::default();
        line.split_in_place(text, at);
        line
    }

    /// Splits `text`, at file offset `at`, into this line's fields: in
    /// place, as a new line would be copied out.
    pub fn split_in_place(&mut self, text: &'t str, at: usize) {
        let bounds = &mut self.bounds;
        let mut count = 0;
        let mut from = 0;
        for_each_comma(text.as_bytes(), &mut |i| {
            if let Some(slot) = bounds.get_mut(count) {
                *slot = (from, i);
            }
            count += 1;
            from = i + 1;
            true
        });
        if let Some(slot) = bounds.get_mut(count) {
            *slot = (from, text.len());
        }
        self.text = text;
        self.at = at;
        self.count = count + 1;
    }
}

impl Fields for SplitLine<'_> {
    fn count(&self) -> usize {
        self.count
    }

    #[inline]
    fn get(&self, i: usize) -> Option<&str> {
        // Bounds past the count are a longer line's, split before.
        let (from, to) = *self.bounds.get(i).filter(|_| i < self.count)?;
        self.text.get(from..to)
    }

    #[inline]
    fn span(&self, i: usize) -> Span {
        match self.bounds.get(i).filter(|_| i < self.count) {
            Some(&(from, to)) => Span::new(self.at + from, self.at + to),
            None => Span::default(),
        }
    }

    fn whole(&self) -> Span {
        Span::new(self.at, self.at + self.text.len())
    }
}

/// The fields of `line` at file offset `at`, with their spans, into
/// `fields`: for a header, whose fields are all kept.
pub(super) fn split_fields<'t>(line: &'t str, at: usize, fields: &mut Vec<(&'t str, Span)>) {
    fields.clear();
    let mut from = 0;
    for_each_comma(line.as_bytes(), &mut |i| {
        let field = line.get(from..i).unwrap_or_default();
        fields.push((field, Span::new(at + from, at + i)));
        from = i + 1;
        true
    });
    let last = line.get(from..).unwrap_or_default();
    fields.push((last, Span::new(at + from, at + line.len())));
}

/// Calls `found` with the position of every comma in `bytes`, in order,
/// until it returns `false`; `false` if it did. Eight bytes are tested at
/// a time, as one word: rows are short and have several commas.
fn for_each_comma(bytes: &[u8], found: &mut impl FnMut(usize) -> bool) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const COMMAS: u64 = u64::from_ne_bytes([b','; 8]);
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in words.by_ref() {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ COMMAS;
        // A high bit for each byte that was a comma, and possibly for a
        // byte after one: each is checked.
        let mut candidates = x.wrapping_sub(ONES) & !x & HIGHS;
        while candidates != 0 {
            let i = at + (candidates.trailing_zeros() / 8) as usize;
            if bytes.get(i) == Some(&b',') && !found(i) {
                return false;
            }
            candidates &= candidates - 1;
        }
        at += 8;
    }
    for (i, &b) in words.remainder().iter().enumerate() {
        if b == b',' && !found(at + i) {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_splits_as_a_header_does() {
        for text in [
            "",
            ",",
            "a",
            "e,,2023-Q4,x,1.5",
            "a,b,c,d,e,f,g,h,i,j",
            "é,ü,,",
        ] {
            let line = SplitLine::split(text, 7);
            let mut fields = Vec::new();
            split_fields(text, 7, &mut fields);
            assert_eq!(line.count(), fields.count(), "{text}");
            for i in 0..KEPT.min(fields.len()) {
                assert_eq!(line.get(i), Fields::get(&fields[..], i), "{text} {i}");
                assert_eq!(line.span(i), Fields::span(&fields[..], i), "{text} {i}");
            }
        }
    }

    #[test]
    fn a_line_split_again_forgets_the_longer_line_before() {
        let mut line = SplitLine::default();
        line.split_in_place("a,b,c,d,e", 0);
        line.split_in_place("x,y", 20);
        assert_eq!(line.count(), 2);
        assert_eq!(line.get(1), Some("y"));
        assert_eq!(line.get(2), None);
        assert_eq!(line.span(2), Span::default());
    }

    #[test]
    fn fields_keep_their_spans_in_the_file() {
        let mut fields = Vec::new();
        split_fields("e,,2023-Q4,x,1.5", 10, &mut fields);
        let got: Vec<(&str, usize, usize)> =
            fields.iter().map(|(f, s)| (*f, s.start, s.end)).collect();
        assert_eq!(
            got,
            [
                ("e", 10, 11),
                ("", 12, 12),
                ("2023-Q4", 13, 20),
                ("x", 21, 22),
                ("1.5", 23, 26)
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn commas_are_found_a_word_at_a_time_as_a_byte_at_a_time(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b',', b'-', b'+', b'a', b'0', 0x2d, 0x2b, 0x01, 0xff, 0x80]),
                0..80,
            ),
        ) {
            let mut found = Vec::new();
            let finished = for_each_comma(&bytes, &mut |i| {
                found.push(i);
                true
            });
            let want: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i] == b',').collect();
            proptest::prop_assert!(finished);
            proptest::prop_assert_eq!(found, want);
        }
    }

    #[test]
    fn the_comma_search_stops_when_told() {
        let mut seen = 0;
        let finished = for_each_comma(b"a,b,c,d,e,f,g,h,i", &mut |_| {
            seen += 1;
            seen < 3
        });
        assert!(!finished);
        assert_eq!(seen, 3);
    }
}
