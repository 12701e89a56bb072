//! Rounds a quote-free CSV file in rounds, on every core, without keeping
//! its text: each core reads its own stretch of the file and reads the rows
//! in it, a cache-sized chunk at a time.

use rayon::prelude::*;

use super::lines::{
    BOM, MAX_LINE_BYTES, first_row_from, is_line_end, line_too_long, plain_text, read_head,
    read_lines,
};
use super::source::Source;
use super::{Columns, empty_file, read_header, split_fields};
use crate::data::figures::Figures;
use crate::data::reader::{Catalog, FileReader, Part};
use crate::data::source_file::Lines;

/// How many bytes are read at a time: tests make them tiny, so that
/// small files cross every kind of boundary.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    /// Bytes the cores read between two merges of their figures.
    round: u64,
    /// The first round is shorter: its figures tell how much room the
    /// whole file's need, and they are copied once when that room is made.
    first_round: u64,
    /// Bytes a core reads at a time: few enough that the rows are still in
    /// its cache when it reads them.
    chunk: usize,
    /// Bytes read at a time while looking for the header.
    head_chunk: usize,
}

/// Files shorter than this are read by one core.
const SMALL_FILE: u64 = 256 << 10;

const SIZES: Sizes = Sizes {
    round: 4 << 20,
    first_round: 1 << 20,
    chunk: 256 << 10,
    head_chunk: 64 << 10,
};

/// Where the bytes of a streamed file go as they are read: its hash.
pub(in crate::data) type Feed<'f> = &'f mut dyn FnMut(&[u8]);

/// Whether a streamed file was read, or must be read whole instead.
pub(in crate::data) enum Streamed {
    /// The file's figures, and where its lines start for quoting it later.
    Read(Box<Part>, Lines),
    /// Quotes, bytes that are not UTF-8, or a file over the size limit: the
    /// whole-text reader handles them, and says what is wrong.
    ReadWhole,
}

/// Reads a CSV file from `source`, feeding every byte, in order, to
/// `consumed` if given (for its hash). `size`, the file's length if known,
/// makes room for all its figures once the first round shows how many
/// bytes a figure takes.
pub(in crate::data) fn stream(
    source: &(impl Source + ?Sized),
    size: Option<u64>,
    catalog: &Catalog<'_>,
    limit: u64,
    consumed: Option<Feed<'_>>,
) -> std::io::Result<Streamed> {
    stream_in(source, size, catalog, limit, consumed, SIZES)
}

fn stream_in(
    source: &(impl Source + ?Sized),
    size: Option<u64>,
    catalog: &Catalog<'_>,
    limit: u64,
    mut consumed: Option<Feed<'_>>,
    sizes: Sizes,
) -> std::io::Result<Streamed> {
    let Some(raw) = read_head(source, limit, sizes.head_chunk)? else {
        return Ok(Streamed::ReadWhole);
    };
    let mut file = Part::default();
    let mut lines = Lines::default();
    let skip = if raw.starts_with(BOM) { BOM.len() } else { 0 };
    lines.skip = skip as u64;
    let text = raw.get(skip..).unwrap_or_default();
    // Blank lines before the header are skipped, as the `csv` crate skips
    // them.
    let Some(first) = text.iter().position(|b| !is_line_end(*b)) else {
        let mut reader = FileReader::new(catalog);
        reader.part.errors.push(empty_file());
        let _ = file.absorb(vec![reader.part]);
        return Ok(Streamed::Read(Box::new(file), lines));
    };
    let line_end = memchr::memchr2(b'\n', b'\r', text.get(first..).unwrap_or_default())
        .map_or(text.len(), |i| first + i);
    let Some(header) =
        plain_text(text.get(..line_end).unwrap_or_default()).and_then(|head| head.get(first..))
    else {
        return Ok(Streamed::ReadWhole);
    };
    let mut reader = FileReader::new(catalog);
    let mut fields = Vec::new();
    split_fields(header, first, &mut fields);
    let found = read_header(&fields, line_end, &mut reader);
    let _ = file.absorb(vec![reader.part]);
    let Some(columns) = found else {
        return Ok(Streamed::Read(Box::new(file), lines));
    };
    let head = text.get(..line_end).unwrap_or_default();
    lines.newlines += memchr::memchr_iter(b'\n', head).count() as u64;
    if let Some(consumed) = consumed.as_mut() {
        consumed(raw.get(..skip + line_end).unwrap_or_default());
    }
    let reading = Rounds {
        source,
        skip: skip as u64,
        data_start: line_end as u64,
        limit,
        columns,
        catalog,
        keep: consumed.is_some(),
        chunk: sizes.chunk.max(1),
        size: size.map(|size| size.saturating_sub(skip as u64)),
    };
    // A small file is read by one core: handing half of it to another
    // costs more than reading it.
    let cores = match size {
        Some(size) if size < SMALL_FILE => 1,
        _ => rayon::current_num_threads().max(1),
    };
    let mut buffers: Vec<Vec<u8>> = (0..cores).map(|_| Vec::new()).collect();
    // The columns of the round before, emptied: reading into memory already
    // touched spares the page faults of fresh memory.
    let mut spent: Vec<Figures> = Vec::new();
    let mut at = reading.data_start;
    let mut round = sizes.first_round.max(1);
    loop {
        let Some(read) = reading.round(at, round, &mut file, &mut buffers, &mut spent)? else {
            return Ok(Streamed::ReadWhole);
        };
        lines.add(&file.lines);
        for part in &read.others {
            lines.add(&part.lines);
        }
        if let Some(consumed) = consumed.as_mut() {
            for bytes in &read.kept {
                consumed(bytes);
            }
        }
        spent = file.absorb(read.others);
        if let Some(size) = reading
            .size
            .filter(|_| at == reading.data_start && !read.at_end)
        {
            make_room(&mut file, size, read.end);
        }
        if read.at_end {
            break;
        }
        at = read.end;
        round = sizes.round.max(1);
    }
    Ok(Streamed::Read(Box::new(file), lines))
}

/// What a round's cores read.
struct Round {
    /// The figures of every stretch but the first, which went straight
    /// into the file's own part.
    others: Vec<Part>,
    /// With a hash to feed, the bytes each stretch read, in order.
    kept: Vec<Vec<u8>>,
    /// Offset just after the round's last row.
    end: u64,
    at_end: bool,
}

/// A stretch of rows one core read: where it ended, whether at the end of
/// the file, and its bytes if kept.
struct Stretch {
    end: u64,
    at_end: bool,
    kept: Vec<u8>,
}

/// How the rows of one file are read, round after round.
struct Rounds<'s, 'c, 'p, S: ?Sized> {
    source: &'s S,
    /// Bytes of byte-order mark: offsets in the file are this much larger
    /// than the offsets spans give.
    skip: u64,
    /// Where the header line ends: the first offset that starts a row.
    data_start: u64,
    limit: u64,
    columns: Columns,
    catalog: &'c Catalog<'p>,
    keep: bool,
    chunk: usize,
    /// The file's length, if known, in span offsets.
    size: Option<u64>,
}

impl<S: Source + ?Sized> Rounds<'_, '_, '_, S> {
    /// Reads the rows that start in the `len` bytes from `at`, one stretch
    /// per core: the first into `file` itself, which then has only the
    /// others' figures to copy in. `None` if a stretch has a quote, is not
    /// UTF-8, or reaches past the size limit.
    fn round(
        &self,
        at: u64,
        len: u64,
        file: &mut Part,
        buffers: &mut [Vec<u8>],
        spent: &mut Vec<Figures>,
    ) -> std::io::Result<Option<Round>> {
        let cores = buffers.len().max(1) as u64;
        // The first stretch fills fresh memory, a page fault a page; the
        // others fill memory the round before emptied, and are copied after.
        // Measured here, nine tenths of an equal share evens them out.
        let first = len * 9 / (10 * cores);
        let bound = |k: u64| match k {
            0 => at,
            k if cores == 1 => at + len * k,
            k => at + first + (len - first) * (k - 1) / (cores - 1),
        };
        let mut buffers = buffers.iter_mut();
        let Some(first_buffer) = buffers.next() else {
            return Ok(None);
        };
        let seeds: Vec<(Figures, &mut Vec<u8>)> = buffers
            .map(|buffer| (spent.pop().unwrap_or_default(), buffer))
            .collect();
        let mut read_first = move || {
            let mut reader = FileReader::new(self.catalog);
            reader.part = std::mem::take(file);
            reader.part.lines = Lines::default();
            let read = self.stretch(bound(0), bound(1), &mut reader, first_buffer);
            *file = reader.part;
            read
        };
        let (first, others) = if seeds.is_empty() {
            // One stretch: no other core to hand anything to.
            (read_first(), Ok(Some(Vec::new())))
        } else {
            rayon::join(read_first, || {
                seeds
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, (figures, buffer))| {
                        let k = k as u64 + 1;
                        let mut reader = FileReader::new(self.catalog);
                        reader.part.figures = figures;
                        let read = self.stretch(bound(k), bound(k + 1), &mut reader, buffer);
                        read.map(|read| read.map(|read| (reader.part, read)))
                    })
                    .collect::<std::io::Result<Option<Vec<(Part, Stretch)>>>>()
            })
        };
        let (Some(first), Some(others)) = (first?, others?) else {
            return Ok(None);
        };
        let last = others.last().map_or(&first, |(_, read)| read);
        let (end, at_end) = (last.end, last.at_end);
        let mut kept = vec![first.kept];
        let others = others
            .into_iter()
            .map(|(part, read)| {
                kept.push(read.kept);
                part
            })
            .collect();
        Ok(Some(Round {
            others,
            kept,
            end,
            at_end,
        }))
    }

    /// Reads the rows that start in `from..to`, and the rest of the last
    /// of them, a chunk at a time into `buffer`. A row starts at the first
    /// offset after the header and after every line end.
    fn stretch(
        &self,
        from: u64,
        to: u64,
        reader: &mut FileReader<'_, '_>,
        buffer: &mut Vec<u8>,
    ) -> std::io::Result<Option<Stretch>> {
        // A small file needs no whole chunk: the buffer grows if the file
        // turns out longer than its size said.
        let end = self.size.map_or(to, |size| to.min(size));
        let wanted = usize::try_from(end.saturating_sub(from))
            .map_or(self.chunk, |len| len.saturating_add(1).min(self.chunk));
        if buffer.len() < wanted {
            buffer.resize(wanted, 0);
        }
        let mut kept = Vec::new();
        // Offset of `buffer[0]`, and the bytes of it read so far.
        let mut at = from;
        let mut filled = 0usize;
        // Whether `at` starts a row; if not, the byte before `from` tells.
        let mut started = from <= self.data_start;
        if !started {
            at = from - 1;
        }
        loop {
            if filled == buffer.len() {
                buffer.resize(buffer.len() * 2, 0);
            }
            let n = self.source.read_text_at(
                buffer.get_mut(filled..).unwrap_or_default(),
                self.skip + at + filled as u64,
            )?;
            filled += n;
            if n > 0 && at + filled as u64 > self.limit {
                return Ok(None);
            }
            let at_end = n == 0;
            let bytes = buffer.get(..filled).unwrap_or_default();
            let mut begin = 0;
            if !started {
                match memchr::memchr2(b'\n', b'\r', bytes) {
                    Some(i) => {
                        begin = i + 1;
                        started = true;
                    }
                    // The row that began before `from` goes on: none of
                    // it is this stretch's.
                    None if at_end => {
                        return Ok(Some(Stretch {
                            end: at + filled as u64,
                            at_end,
                            kept,
                        }));
                    }
                    None => {
                        at += filled as u64;
                        filled = 0;
                        continue;
                    }
                }
            }
            // Whole rows only, unless the file ends here.
            let cut = if at_end {
                Some(filled)
            } else {
                memchr::memrchr2(b'\n', b'\r', bytes.get(begin..).unwrap_or_default())
                    .map(|i| begin + i + 1)
            };
            let Some(mut cut) = cut else {
                if filled - begin >= MAX_LINE_BYTES {
                    return Err(line_too_long(at + begin as u64));
                }
                // Not one whole row yet: read on after what there is.
                buffer.copy_within(begin..filled, 0);
                at += begin as u64;
                filled -= begin;
                continue;
            };
            // The rows from `to` on are the next stretch's.
            let done = at + cut as u64 >= to;
            if done {
                cut = first_row_from(bytes, to.saturating_sub(at) as usize, begin, cut);
            }
            let rows = bytes.get(begin..cut).unwrap_or_default();
            let Some(text) = plain_text(rows) else {
                return Ok(None);
            };
            read_lines(text, (at as usize) + begin, self.columns, reader);
            if self.keep {
                kept.extend_from_slice(rows);
            }
            if done || at_end {
                return Ok(Some(Stretch {
                    end: at + cut as u64,
                    at_end: at_end && cut == filled,
                    kept,
                }));
            }
            buffer.copy_within(cut..filled, 0);
            at += cut as u64;
            filled -= cut;
        }
    }
}

/// Reserves room for the figures of a `size`-byte file, estimated from the
/// `read` bytes that gave the ones `file` holds, with a margin: growing
/// the columns later would copy them.
fn make_room(file: &mut Part, size: u64, read: u64) {
    let held = file.figures.len() as u64;
    let estimate = held.saturating_mul(size) / read.max(1);
    let wanted = estimate.saturating_add(estimate / 16);
    if let Ok(more) = usize::try_from(wanted.saturating_sub(held)) {
        file.figures.reserve(more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Everything a streamed file's part says, as text, with each figure's
    /// entity and the newlines each line mark counts.
    fn describe(streamed: Streamed) -> Vec<String> {
        let (part, lines) = match streamed {
            Streamed::Read(part, lines) => (part, lines),
            Streamed::ReadWhole => return vec!["read whole".into()],
        };
        let mut entities = part
            .entity
            .runs()
            .iter()
            .flat_map(|&(e, n)| std::iter::repeat_n(e, n as usize));
        let mut out: Vec<String> = (0..part.figures.len())
            .map(|i| {
                let entity = entities.next().and_then(|e| part.entities.get(e as usize));
                let figure = part.figures.get(i).unwrap();
                let unit = figure.marks.unit().map(|u| &part.units[u].name);
                format!(
                    "{entity:?} {} {:?} {} {unit:?} {} {} {} {}",
                    figure.metric,
                    figure.when,
                    figure.value,
                    figure.marks.approx(),
                    figure.marks.suspect_fraction(),
                    figure.start,
                    figure.len,
                )
            })
            .collect();
        out.extend(part.errors.iter().map(|e| format!("error {e:?}")));
        out.extend(part.recoverable.iter().map(|e| format!("row {e:?}")));
        out.extend(part.warnings.iter().map(|w| format!("warning {w:?}")));
        out.push(format!("newlines {} skip {}", lines.newlines, lines.skip));
        out.push(format!("units {:?}", part.units));
        out
    }

    fn program() -> crate::check::Program {
        let rules = "metric a: stock t\nmetric b: flow t\na >= 1\nb >= 1\n";
        crate::check::check(&crate::syntax::parse_rules(rules).unwrap()).unwrap()
    }

    /// A CSV file of rows good and bad, with every line end, blank lines,
    /// a byte-order mark now and then, and rows longer than a chunk.
    fn csv_text() -> impl Strategy<Value = String> {
        let row = (
            prop::sample::select(vec!["E1", "E2", " E3 ", "", "Xã-Đồn"]),
            prop::sample::select(vec!["2022", "2023-Q1", "2023-Q4", "2023-Q5"]),
            prop::sample::select(vec!["a", "b", "zz", ""]),
            prop::sample::select(vec!["1", "-2.5", "3.7%", "x", "", "12345678901234567890.5"]),
            prop::sample::select(vec!["t", "", "kg"]),
            prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n", ",extra\n", ""]),
        )
            .prop_map(|(e, p, m, v, u, end)| format!("{e},{p},{m},{v},{u}{end}"));
        (
            any::<bool>(),
            prop::sample::select(vec!["", "\n", "\r\n\n"]),
            prop::collection::vec(row, 0..24),
        )
            .prop_map(|(bom, blank, rows)| {
                let bom = if bom { "\u{feff}" } else { "" };
                format!(
                    "{bom}{blank}entity,period,metric,value,unit\n{}",
                    rows.concat()
                )
            })
    }

    fn sizes() -> impl Strategy<Value = Sizes> {
        (1u64..48, 1u64..48, 1usize..24, 1usize..24).prop_map(
            |(round, first_round, chunk, head_chunk)| Sizes {
                round,
                first_round,
                chunk,
                head_chunk,
            },
        )
    }

    proptest! {
        /// However small the rounds and chunks, so that rows, line ends and
        /// the header are cut anywhere, a file reads as in one piece, and
        /// its hash is fed every byte once, in order.
        #[test]
        fn a_file_reads_the_same_whatever_the_sizes(text in csv_text(), sizes in sizes()) {
            let program = program();
            let catalog = Catalog::new(&program);
            let bytes = text.as_bytes();
            let read = |sizes: Sizes| {
                let mut fed = Vec::new();
                let mut feed = |b: &[u8]| fed.extend_from_slice(b);
                let streamed =
                    stream_in(bytes, Some(bytes.len() as u64), &catalog, u64::MAX, Some(&mut feed), sizes)
                        .unwrap();
                let marks = match &streamed {
                    Streamed::Read(_, lines) => lines.marks().to_vec(),
                    Streamed::ReadWhole => Vec::new(),
                };
                (describe(streamed), fed, marks)
            };
            let (small, fed, marks) = read(sizes);
            let (whole, _, _) = read(SIZES);
            prop_assert_eq!(small, whole);
            if !fed.is_empty() {
                prop_assert_eq!(&fed[..], bytes);
            }
            // Each mark counts the newlines before it (offsets start after
            // a byte-order mark).
            let skip = usize::from(text.starts_with('\u{feff}')) * 3;
            for (offset, newlines) in marks {
                let before = &bytes[..skip + offset as usize];
                prop_assert_eq!(before.iter().filter(|&&b| b == b'\n').count() as u64, newlines);
            }
        }
    }

    #[test]
    fn a_stretch_starts_at_the_first_row_at_or_after_its_bound() {
        let bytes = b"ab\ncd\r\nef";
        // Rows start at 0, 3, 6 (an empty one between `\r` and `\n`) and 7.
        assert_eq!(first_row_from(bytes, 0, 0, 9), 0);
        assert_eq!(first_row_from(bytes, 1, 0, 9), 3);
        assert_eq!(first_row_from(bytes, 3, 0, 9), 3);
        assert_eq!(first_row_from(bytes, 4, 0, 9), 6);
        assert_eq!(first_row_from(bytes, 7, 0, 9), 7);
        assert_eq!(first_row_from(bytes, 8, 0, 7), 7);
    }

    #[test]
    fn a_file_over_the_limit_is_read_whole() {
        let program = program();
        let catalog = Catalog::new(&program);
        let text = b"entity,period,metric,value,unit\nE,2023-Q4,a,1,t\n";
        let streamed = stream_in(&text[..], None, &catalog, 20, None, SIZES).unwrap();
        assert!(matches!(streamed, Streamed::ReadWhole));
        let streamed = stream_in(&text[..], None, &catalog, 200, None, SIZES).unwrap();
        assert!(matches!(streamed, Streamed::Read(..)));
    }
}
