//! Reading a quote-free CSV file in blocks, on every core, without keeping
//! its text.

use std::io::Read;

use rayon::prelude::*;

use super::quick::quick_row;
use super::{COLUMNS, Columns, RowCache, empty_file, read_header, row, split_fields};
use crate::data::figures::Figures;
use crate::data::reader::{Catalog, FileReader, Part};
use crate::data::source_file::Lines;
use crate::span::Span;

/// Bytes read at a time from a streamed file.
const BLOCK: usize = 4 << 20;

/// Bytes read before any work can start: less, so the cores start sooner,
/// which a small file notices.
const FIRST_BLOCK: usize = 1 << 20;

/// Whether a streamed file was read, or must be read whole instead.
pub(in crate::data) enum Streamed {
    /// The file's figures, and where its lines start for quoting it later.
    Read(Box<Part>, Lines),
    /// Quotes, bytes that are not UTF-8, or a file over the size limit: the
    /// whole-text reader handles them, and says what is wrong.
    ReadWhole,
}

/// Reads a CSV file from `input` block by block, feeding every byte to
/// `consumed` (for its hash). Each block is read while the cores read the
/// one before it. `size`, the file's length if known, makes room for all
/// its figures once the first block shows how many bytes a figure takes.
pub(in crate::data) fn stream(
    mut input: impl Read + Send,
    mut size: Option<u64>,
    catalog: &Catalog<'_>,
    limit: u64,
    mut consumed: impl FnMut(&[u8]),
) -> std::io::Result<Streamed> {
    // Each block's figures join these as soon as it is read, so the
    // memory of one block's parts serves the next.
    let mut file = Part::default();
    let mut buf: Vec<u8> = Vec::new();
    // File offset (after any byte-order mark) of `buf[0]`.
    let mut offset = 0usize;
    let mut total = 0u64;
    let mut columns = None;
    let mut at_start = true;
    let mut lines = Lines::default();
    // The next block, read while the cores read this one, after the bytes
    // this one left over.
    let mut spare: Vec<u8> = Vec::new();
    let mut ahead: Option<(usize, std::io::Result<usize>)> = None;
    // The columns of the block before, emptied: reading into memory already
    // touched spares the page faults of fresh memory.
    let mut spent: Vec<Figures> = Vec::new();
    loop {
        let (kept, n) = match ahead.take() {
            Some((kept, n)) => (kept, n?),
            // Appends without zeroing the space first.
            None => (
                buf.len(),
                (&mut input)
                    .take(FIRST_BLOCK as u64)
                    .read_to_end(&mut buf)?,
            ),
        };
        consumed(buf.get(kept..).unwrap_or_default());
        total += n as u64;
        if total > limit {
            return Ok(Streamed::ReadWhole);
        }
        let end_of_file = n == 0;
        if at_start {
            at_start = false;
            if buf.starts_with(BOM) {
                buf.drain(..BOM.len());
                lines.skip = BOM.len() as u64;
            }
        }
        // Whole lines only, unless the file ends here.
        let cut = if end_of_file {
            buf.len()
        } else {
            match memchr::memrchr2(b'\n', b'\r', &buf) {
                Some(i) => i + 1,
                None => continue,
            }
        };
        let region = buf.get(..cut).unwrap_or_default();
        let mut from = 0;
        let columns = match columns {
            Some(columns) => columns,
            None => {
                // Blank lines before the header are skipped, as the `csv`
                // crate skips them.
                let Some(first) = region.iter().position(|b| !matches!(b, b'\n' | b'\r')) else {
                    if end_of_file {
                        break;
                    }
                    continue;
                };
                let line_end =
                    memchr::memchr2(b'\n', b'\r', region.get(first..).unwrap_or_default())
                        .map_or(region.len(), |i| first + i);
                let Some(header) = plain_text(region.get(..line_end).unwrap_or_default())
                    .and_then(|head| head.get(first..))
                else {
                    return Ok(Streamed::ReadWhole);
                };
                let mut reader = FileReader::new(catalog);
                let mut fields = Vec::new();
                split_fields(header, offset + first, &mut fields);
                let found = read_header(&fields, offset + line_end, &mut reader);
                let _ = file.absorb(vec![reader.part]);
                let Some(found) = found else {
                    return Ok(Streamed::Read(Box::new(file), lines));
                };
                from = line_end;
                let head = region.get(..from).unwrap_or_default();
                lines.newlines += memchr::memchr_iter(b'\n', head).count() as u64;
                *columns.insert(found)
            }
        };
        let rest = region.get(from..).unwrap_or_default();
        spare.clear();
        spare.extend_from_slice(buf.get(cut..).unwrap_or_default());
        let read = if end_of_file {
            read_lines_parallel(rest, offset + from, columns, catalog, &mut file, &mut spent)
        } else {
            let kept = spare.len();
            let (read, n) = rayon::join(
                || {
                    read_lines_parallel(
                        rest,
                        offset + from,
                        columns,
                        catalog,
                        &mut file,
                        &mut spent,
                    )
                },
                || (&mut input).take(BLOCK as u64).read_to_end(&mut spare),
            );
            ahead = Some((kept, n));
            read
        };
        let Some(read) = read else {
            return Ok(Streamed::ReadWhole);
        };
        lines.add(&file.lines);
        for part in &read {
            lines.add(&part.lines);
        }
        spent = file.absorb(read);
        if let Some(size) = size.take() {
            make_room(&mut file, size, offset + cut);
        }
        offset += cut;
        if end_of_file {
            break;
        }
        std::mem::swap(&mut buf, &mut spare);
    }
    if columns.is_none() {
        let mut reader = FileReader::new(catalog);
        reader.part.errors.push(empty_file());
        let _ = file.absorb(vec![reader.part]);
    }
    Ok(Streamed::Read(Box::new(file), lines))
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reserves room for the figures of a `size`-byte file, estimated from the
/// `read` bytes that gave the ones `file` holds, with a margin: growing
/// the columns later would copy them.
fn make_room(file: &mut Part, size: u64, read: usize) {
    let held = file.figures.len() as u64;
    let estimate = held.saturating_mul(size) / (read as u64).max(1);
    let wanted = estimate.saturating_add(estimate / 16);
    if let Ok(more) = usize::try_from(wanted.saturating_sub(held)) {
        file.figures.reserve(more);
    }
}

/// `bytes` as text, if they are UTF-8 and hold no quote.
fn plain_text(bytes: &[u8]) -> Option<&str> {
    if memchr::memchr(b'"', bytes).is_some() {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// Splits `text` (starting at file offset `base`) at line ends into one
/// piece per core and reads them in parallel, in order: the first into
/// `file` itself, which then has only the others' figures to copy in.
/// `None` if a piece has a quote or is not UTF-8.
fn read_lines_parallel(
    text: &[u8],
    base: usize,
    columns: Columns,
    catalog: &Catalog<'_>,
    file: &mut Part,
    spent: &mut Vec<Figures>,
) -> Option<Vec<Part>> {
    let pieces = rayon::current_num_threads().max(1);
    let mut bounds = vec![0];
    for k in 1..pieces {
        let guess = (text.len() * k / pieces).max(bounds.last().copied().unwrap_or(0));
        let cut = text
            .get(guess..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
            .map_or(text.len(), |i| guess + i + 1);
        bounds.push(cut);
    }
    bounds.push(text.len());
    let first = bounds.get(1).copied().unwrap_or(text.len());
    let seeds: Vec<Figures> = (1..pieces)
        .map(|_| spent.pop().unwrap_or_default())
        .collect();
    let (read_first, others) = rayon::join(
        || {
            let piece = plain_text(text.get(..first).unwrap_or_default())?;
            let mut reader = FileReader::new(catalog);
            reader.part = std::mem::take(file);
            reader.part.lines = Lines::default();
            read_lines(piece, base, columns, &mut reader);
            *file = reader.part;
            Some(())
        },
        || {
            bounds
                .get(1..)
                .unwrap_or_default()
                .par_windows(2)
                .zip(seeds)
                .map(|(w, figures)| {
                    let (start, end) = (
                        w.first().copied().unwrap_or(0),
                        w.get(1).copied().unwrap_or(0),
                    );
                    let piece = plain_text(text.get(start..end).unwrap_or_default())?;
                    let mut reader = FileReader::new(catalog);
                    reader.part.figures = figures;
                    read_lines(piece, base + start, columns, &mut reader);
                    Some(reader.part)
                })
                .collect::<Option<Vec<Part>>>()
        },
    );
    read_first.and(others)
}

/// Reads quote-free lines: rows end at `\n`, `\r` or `\r\n`, fields at commas.
fn read_lines(text: &str, base: usize, columns: Columns, reader: &mut FileReader<'_, '_>) {
    let mut fields: Vec<(&str, Span)> = Vec::with_capacity(COLUMNS.len());
    let mut start = 0;
    let mut cache = RowCache::default();
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
        if !line.is_empty() && !quick_row(line, base + start, columns, reader, &cache) {
            split_fields(line, base + start, &mut fields);
            row(&fields, columns, reader, &mut cache);
        }
        start = end + 1;
    }
    reader.row_entity = None;
}
