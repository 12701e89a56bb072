//! Reading a CSV text whole with the `csv` crate: quotes, and bytes that
//! are not UTF-8.

use super::{RowCache, empty_file, read_header, row};
use crate::data::LoadError;
use crate::data::reader::FileReader;
use crate::span::Span;

/// Reads a whole CSV text with the `csv` crate, quotes and all.
pub(in crate::data) fn read_whole(text: &str, reader: &mut FileReader<'_, '_>) {
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
        row(&fields[..], columns, reader, &mut cache);
    }
    reader.row_entity = None;
}

fn csv_error(reader: &mut FileReader<'_, '_>, text: &str, err: &csv::Error) {
    let start = err
        .position()
        .map_or(0, |p| p.byte() as usize)
        .min(text.len());
    reader.part.errors.push(LoadError::CsvSyntax {
        message: err.to_string(),
        span: Span::new(start, line_end(text, start)),
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
