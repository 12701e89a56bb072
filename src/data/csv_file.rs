//! The long CSV form: `entity,period,metric,value,unit[,basis]`, one figure
//! per row, many entities and periods per file.
//!
//! A file without a quote character is read in blocks, each split at line
//! ends and read on all cores, and its text is not kept: with no quotes, a
//! line end always ends a row and a comma always ends a field, which is
//! what lets a block be cut anywhere between lines (the `csv` crate reads
//! one stream from its start). A file with quotes, or one that is not
//! UTF-8, is read whole by the `csv` crate.

use std::borrow::Cow;
use std::io::Read;

use rayon::prelude::*;

use super::reader::{Catalog, FileReader, Header, Part, RawValue, quantity_in, same};
use super::source_file::Lines;
use super::{Basis, LoadError, Period};
use crate::span::Span;
use crate::suggest::{closest, did_you_mean};

const COLUMNS: &[&str] = &["entity", "period", "metric", "value", "unit", "basis"];
const REQUIRED: &[&str] = &["entity", "period", "metric", "value"];

/// Bytes read at a time from a streamed file.
const BLOCK: usize = 4 << 20;

#[derive(Clone, Copy)]
struct Columns {
    entity: usize,
    period: usize,
    metric: usize,
    value: usize,
    unit: Option<usize>,
    basis: Option<usize>,
    /// Fields in the header.
    count: usize,
}

impl Columns {
    /// A row's entity, period, metric and value, if it has those fields.
    fn required<'t>(self, field: impl Fn(usize) -> Option<&'t str>) -> Option<[&'t str; 4]> {
        Some([
            field(self.entity)?,
            field(self.period)?,
            field(self.metric)?,
            field(self.value)?,
        ])
    }
}

/// Whether a streamed file was read, or must be read whole instead.
pub(super) enum Streamed {
    /// The file's figures, and where its lines start for quoting it later.
    Read(Box<Part>, Lines),
    /// Quotes, bytes that are not UTF-8, or a file over the size limit: the
    /// whole-text reader handles them, and says what is wrong.
    ReadWhole,
}

/// Reads a CSV file from `input` block by block, feeding every byte to
/// `consumed` (for its hash). Each block is read while the cores read the
/// one before it.
pub(super) fn stream(
    mut input: impl Read + Send,
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
    loop {
        let (kept, n) = match ahead.take() {
            Some((kept, n)) => (kept, n?),
            // Appends without zeroing the space first.
            None => (
                buf.len(),
                (&mut input).take(BLOCK as u64).read_to_end(&mut buf)?,
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
                file.absorb(vec![reader.part]);
                let Some(found) = found else {
                    return Ok(Streamed::Read(Box::new(file), lines));
                };
                from = line_end;
                let head = region.get(..from).unwrap_or_default();
                lines.ascii &= head.is_ascii();
                lines.newlines += memchr::memchr_iter(b'\n', head).count() as u64;
                *columns.insert(found)
            }
        };
        let rest = region.get(from..).unwrap_or_default();
        spare.clear();
        spare.extend_from_slice(buf.get(cut..).unwrap_or_default());
        let read = if end_of_file {
            read_lines_parallel(rest, offset + from, columns, catalog, &mut file)
        } else {
            let kept = spare.len();
            let (read, n) = rayon::join(
                || read_lines_parallel(rest, offset + from, columns, catalog, &mut file),
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
        file.absorb(read);
        offset += cut;
        if end_of_file {
            break;
        }
        std::mem::swap(&mut buf, &mut spare);
    }
    if columns.is_none() {
        let mut reader = FileReader::new(catalog);
        reader.part.errors.push(empty_file());
        file.absorb(vec![reader.part]);
    }
    Ok(Streamed::Read(Box::new(file), lines))
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

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
                .map(|w| {
                    let (start, end) = (
                        w.first().copied().unwrap_or(0),
                        w.get(1).copied().unwrap_or(0),
                    );
                    let piece = plain_text(text.get(start..end).unwrap_or_default())?;
                    let mut reader = FileReader::new(catalog);
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
    reader.part.lines.ascii = text.is_ascii();
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

/// Reads a whole CSV text with the `csv` crate, quotes and all.
pub(super) fn read_whole(text: &str, reader: &mut FileReader<'_, '_>) {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = csv.records();
    let Some(header) = records.next() else {
        reader.part.errors.push(empty_file());
        return;
    };
    let header = match header {
        Ok(header) => header,
        Err(err) => return csv_error(reader, text, &err),
    };
    let spans: Vec<(&str, Span)> = (0..header.len())
        .map(|i| {
            (
                header.get(i).unwrap_or_default(),
                field_span(&header, i, text),
            )
        })
        .collect();
    let Some(columns) = read_header(&spans, line_end(text, 0), reader) else {
        return;
    };
    let mut cache = RowCache::default();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                csv_error(reader, text, &err);
                continue;
            }
        };
        let fields: Vec<(&str, Span)> = (0..record.len())
            .map(|i| {
                (
                    record.get(i).unwrap_or_default(),
                    field_span(&record, i, text),
                )
            })
            .collect();
        row(&fields, columns, reader, &mut cache);
    }
    reader.row_entity = None;
}

fn empty_file() -> LoadError {
    LoadError::Csv {
        message: "the file is empty".into(),
        span: Span::default(),
        help: Some(format!("start with the header `{}`", COLUMNS.join(","))),
    }
}

/// The comma-separated fields of a quote-free `line` starting at file
/// offset `at`, with their spans, into `fields`.
fn split_fields<'t>(line: &'t str, at: usize, fields: &mut Vec<(&'t str, Span)>) {
    fields.clear();
    let mut from = 0;
    // Fields are short: a plain loop beats a search per field.
    for (i, &b) in line.as_bytes().iter().enumerate() {
        if b == b',' {
            let field = line.get(from..i).unwrap_or_default();
            fields.push((field, Span::new(at + from, at + i)));
            from = i + 1;
        }
    }
    let last = line.get(from..).unwrap_or_default();
    fields.push((last, Span::new(at + from, at + line.len())));
}

fn csv_error(reader: &mut FileReader<'_, '_>, text: &str, err: &csv::Error) {
    let start = err
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(text.len());
    reader.part.errors.push(LoadError::Csv {
        message: err.to_string(),
        span: Span::new(start, line_end(text, start)),
        help: None,
    });
}

fn line_end(text: &str, start: usize) -> usize {
    text.get(start..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |i| start + i)
}

/// Byte span of field `i` of `record` in the file.
fn field_span(record: &csv::StringRecord, i: usize, text: &str) -> Span {
    let start = record.position().map_or(0, |p| p.byte() as usize);
    // After `\r\n` a record's position can be its line's `\n`.
    let start = start
        + text.get(start..).map_or(0, |rest| {
            rest.bytes()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .count()
        });
    let field = record.get(i).unwrap_or_default();
    let line = text.get(start..line_end(text, start)).unwrap_or_default();
    // Fields are separated by commas; quoted fields may shift the guess, so
    // look for the field's text from where the guess lands.
    let guess = record.range(i).map_or(0, |r| r.start + i).min(line.len());
    let offset = line
        .get(guess..)
        .and_then(|rest| rest.find(field))
        .map(|o| guess + o)
        .or_else(|| line.find(field))
        .unwrap_or(guess);
    Span::new(start + offset, start + offset + field.len())
}

/// The columns named by the header, or `None` after reporting why not.
fn read_header(
    header: &[(&str, Span)],
    header_end: usize,
    reader: &mut FileReader<'_, '_>,
) -> Option<Columns> {
    let find = |name: &str| header.iter().position(|(h, _)| h.trim() == name);
    for (name, span) in header {
        if !COLUMNS.contains(&name.trim()) {
            let help = did_you_mean(closest(name.trim(), COLUMNS.iter().copied()))
                .unwrap_or_else(|| format!("the columns are {}", COLUMNS.join(",")));
            reader.part.errors.push(LoadError::Csv {
                message: format!("unknown column `{name}`"),
                span: *span,
                help: Some(help),
            });
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| find(c).is_none())
        .collect();
    if !missing.is_empty() {
        reader.part.errors.push(LoadError::Csv {
            message: format!("missing column `{}`", missing.join("`, `")),
            span: Span::new(0, header_end),
            help: Some(format!("the header is `{}`", COLUMNS.join(","))),
        });
        return None;
    }
    Some(Columns {
        entity: find("entity")?,
        period: find("period")?,
        metric: find("metric")?,
        value: find("value")?,
        unit: find("unit"),
        basis: find("basis"),
        count: header.len(),
    })
}

/// The last entity and periods read: rows repeat them.
#[derive(Default)]
struct RowCache {
    entity: Option<(String, u32)>,
    periods: Vec<(String, Period)>,
}

/// `str::trim`, quick when there is nothing to trim.
fn trim(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x80).contains(b));
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    }
}

/// Most fields a row read by [`quick_row`] has.
const QUICK_FIELDS: usize = 8;

/// Reads a row like the rows before it, field for field (its entity and
/// period already met, nothing to trim, a plain value), without the
/// checks [`row`] makes: `false` leaves the row to [`row`].
fn quick_row(
    line: &str,
    at: usize,
    columns: Columns,
    reader: &mut FileReader<'_, '_>,
    cache: &RowCache,
) -> bool {
    let mut bounds = [(0usize, 0usize); QUICK_FIELDS];
    let mut count = 0;
    let mut from = 0;
    let mut comma = |i: usize| {
        let Some(slot) = bounds.get_mut(count) else {
            return false;
        };
        *slot = (from, i);
        count += 1;
        from = i + 1;
        true
    };
    if !for_each_comma(line.as_bytes(), &mut comma) {
        return false;
    }
    let Some(slot) = bounds.get_mut(count) else {
        return false;
    };
    *slot = (from, line.len());
    count += 1;
    if count != columns.count {
        return false;
    }
    let field = |i: usize| {
        let (from, to) = bounds.get(i).copied()?;
        line.get(from..to)
    };
    let Some([entity, period, metric, value]) = columns.required(field) else {
        return false;
    };
    let Some((_, entity)) = cache.entity.as_ref().filter(|(name, _)| same(name, entity)) else {
        return false;
    };
    let Some((_, period)) = cache
        .periods
        .iter()
        .rev()
        .find(|(text, _)| same(text, period))
    else {
        return false;
    };
    let basis = match columns.basis.map(field) {
        None | Some(Some("" | "cumulative")) => Basis::Cumulative,
        Some(Some("quarter")) => Basis::Quarter,
        Some(_) => return false,
    };
    let unit = match columns.unit.map(field) {
        None | Some(Some("")) => None,
        Some(Some(unit)) => Some(unit),
        Some(None) => return false,
    };
    let (from, to) = bounds.get(columns.value).copied().unwrap_or_default();
    let header = Header {
        entity: *entity,
        period: *period,
        basis,
    };
    reader.observe_plain(header, metric, value, unit, Span::new(at + from, at + to))
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

fn row(
    fields: &[(&str, Span)],
    columns: Columns,
    reader: &mut FileReader<'_, '_>,
    cache: &mut RowCache,
) {
    let field = |i: usize| fields.get(i).map(|(f, _)| trim(f));
    let span = |i: usize| fields.get(i).map(|(_, s)| *s).unwrap_or_default();
    let entity = field(columns.entity).filter(|e| !e.is_empty());
    // Rows repeat their entity: one comparison tells the row's errors
    // whose they are and finds its id.
    let same = matches!((&cache.entity, entity), (Some((name, _)), Some(e)) if name == e);
    if !same {
        reader.row_entity = entity.map(str::to_string);
        cache.entity = None;
    }
    let Some([entity, period, metric, value]) = columns.required(field) else {
        reader.report(LoadError::Csv {
            message: format!("row has {} fields, the header has more", fields.len()),
            span: span(0).join(span(fields.len().saturating_sub(1))),
            help: None,
        });
        return;
    };
    if entity.is_empty() || metric.is_empty() {
        let column = if entity.is_empty() {
            columns.entity
        } else {
            columns.metric
        };
        reader.report(LoadError::Csv {
            message: "empty field".into(),
            span: span(column),
            help: Some("every row names its entity and metric".into()),
        });
        return;
    }
    let period = match cache.periods.iter().rev().find(|(text, _)| text == period) {
        Some((_, p)) => *p,
        None => match period.parse::<Period>() {
            Ok(p) => {
                // The latest first: rows of one period come together.
                if cache.periods.len() == 16 {
                    cache.periods.remove(0);
                }
                cache.periods.push((period.to_string(), p));
                p
            }
            Err(_) => {
                reader.report(LoadError::BadPeriod {
                    text: period.to_string(),
                    span: span(columns.period),
                });
                return;
            }
        },
    };
    let basis = match columns.basis.and_then(field) {
        None | Some("" | "cumulative") => Basis::Cumulative,
        Some("quarter") => Basis::Quarter,
        Some(other) => {
            reader.report(LoadError::BadBasis {
                text: other.to_string(),
                span: span(columns.basis.unwrap_or(0)),
            });
            return;
        }
    };
    let value_span = span(columns.value);
    let (number, inner_unit) = match quantity_in(value, value_span.start) {
        Ok(parsed) => parsed,
        Err((reason, help)) => {
            reader.bad_value(metric, reason, value_span, help);
            return;
        }
    };
    let unit = match columns.unit.and_then(|i| Some((field(i)?, span(i)))) {
        Some((unit, unit_span)) if !unit.is_empty() => {
            if inner_unit.is_some() {
                reader.bad_value(metric, "the unit is given twice", value_span, None);
                return;
            }
            Some((Cow::Borrowed(unit), unit_span))
        }
        _ => inner_unit.map(|(u, s)| (Cow::Owned(u), s)),
    };
    let entity = match &cache.entity {
        Some((_, id)) => *id,
        None => {
            let id = reader.part.entity_id(entity);
            cache.entity = Some((entity.to_string(), id));
            id
        }
    };
    let header = Header {
        entity,
        period,
        basis,
    };
    let raw = RawValue {
        value: number,
        unit,
        approx: false,
    };
    reader.observe(header, metric, || span(columns.metric), raw, value_span);
}

#[cfg(test)]
mod tests {
    use super::*;

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
