//! Lines and rows of quote-free text: where the header ends and a row
//! starts, and the rows read: rows end at `\n`, `\r` or `\r\n`, fields at
//! commas.

use super::source::Source;
use super::{Columns, RowCache, SplitLine, row};
use crate::data::reader::FileReader;
use crate::data::source_file::Lines;

/// Reads quote-free lines: rows end at `\n`, `\r` or `\r\n`, fields at commas.
pub(super) fn read_lines(
    text: &str,
    base: usize,
    columns: Columns,
    reader: &mut FileReader<'_, '_>,
) {
    let mut start = 0;
    let mut cache = RowCache::default();
    let mut split = SplitLine::default();
    // Rows are rarely shorter than this; growing the columns would copy them.
    let rows = text.len() / 24;
    reader.part.figures.reserve(rows);
    let mut next_mark = Lines::MARK_EVERY;
    while start < text.len() {
        let end = memchr::memchr2(
            b'\n',
            b'\r',
            text.as_bytes().get(start..).unwrap_or_default(),
        )
        .map_or(text.len(), |i| start + i);
        if text.as_bytes().get(end) == Some(&b'\n') {
            reader.part.lines.newlines += 1;
            if end + 1 >= next_mark {
                reader.part.lines.mark(base + end + 1);
                next_mark = end + 1 + Lines::MARK_EVERY;
            }
        }
        let line = text.get(start..end).unwrap_or_default();
        if !line.is_empty() {
            split.split_in_place(line, base + start);
            row(&split, columns, reader, &mut cache);
        }
        start = end + 1;
    }
    reader.row_entity = None;
}

pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn is_line_end(b: u8) -> bool {
    matches!(b, b'\n' | b'\r')
}

/// The file's first bytes, up to the end of its first line that is not
/// blank (or all of a file without one); `None` past `limit`.
/// Longest line of the CSV form gathered into memory: a row names an
/// entity, a period, a metric, a value and a unit. A line still without
/// its end after this many bytes is refused, so that memory stays bounded
/// whatever the file holds (a shorter long line that arrives whole in one
/// read is read as a row).
pub(super) const MAX_LINE_BYTES: usize = 1 << 20;

/// The error for a line longer than [`MAX_LINE_BYTES`] from byte `offset`.
pub(super) fn line_too_long(offset: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "the line from byte {offset} is longer than {} MiB: this is not a data row",
            MAX_LINE_BYTES >> 20
        ),
    )
}

pub(super) fn read_head(
    source: &(impl Source + ?Sized),
    limit: u64,
    chunk: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut head = Vec::new();
    // Headers are short: a few KiB first, more only for a long one.
    let mut step = chunk.clamp(1, 4 << 10);
    loop {
        let filled = head.len();
        head.resize(filled + step, 0);
        step = (step * 2).min(chunk.max(1));
        let n = source.read_text_at(head.get_mut(filled..).unwrap_or_default(), filled as u64)?;
        head.truncate(filled + n);
        if head.len() as u64 > limit {
            return Ok(None);
        }
        if n > 0 && head.len() < BOM.len() && BOM.starts_with(&head) {
            continue;
        }
        let text = head.strip_prefix(BOM).unwrap_or(&head);
        let first = text.iter().position(|b| !is_line_end(*b));
        let ended = first.is_some_and(|first| {
            memchr::memchr2(b'\n', b'\r', text.get(first..).unwrap_or_default()).is_some()
        });
        if ended || n == 0 {
            return Ok(Some(head));
        }
        if head.len() > MAX_LINE_BYTES {
            return Err(line_too_long(0));
        }
    }
}

/// The first offset in `bytes` at or after `to` where a row starts,
/// given that one starts at `begin` and that `cut` ends a row.
pub(super) fn first_row_from(bytes: &[u8], to: usize, begin: usize, cut: usize) -> usize {
    if to <= begin {
        return begin;
    }
    if to >= cut {
        return cut;
    }
    if bytes.get(to - 1).copied().is_some_and(is_line_end) {
        return to;
    }
    memchr::memchr2(b'\n', b'\r', bytes.get(to..cut).unwrap_or_default())
        .map_or(cut, |i| to + i + 1)
}

/// `bytes` as text, if they are UTF-8 and hold no quote.
pub(super) fn plain_text(bytes: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', bytes).is_some() {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}
