//! A data file as diagnostics and reports see it. A small file's text is
//! kept; a large CSV is not, and the few lines a report quotes are read
//! again from disk, so a run holds its figures and not their text.

use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex, OnceLock};

use miette::NamedSource;

use crate::span::{Excerpts, IndexedSource, LineIndex, Span, displayable, quotable};

/// A data file as read, kept to quote in reports.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given.
    pub path: String,
    /// SHA-256 of the bytes read, in hex, when the run asked for it.
    pub sha256: Option<String>,
    text: Option<Arc<str>>,
    kept_index: OnceLock<Arc<LineIndex>>,
    /// The kept text as diagnostics quote it (`span::quotable`): made once,
    /// for the first quote.
    kept_quotable: OnceLock<Arc<str>>,
    /// Where the lines of a file not kept are.
    lines: Lines,
    /// The stretches between marks last read to place a location, the
    /// latest first: a report asks for its locations mostly in file order,
    /// an entity's figures now and then on both sides of a mark.
    last_read: Mutex<Vec<MarkedBytes>>,
    /// For a workbook's sheet, read as the text of its rows: where each
    /// cell's text starts, so that a location is a cell (`C12`).
    cells: Option<Cells>,
    /// For a workbook's sheet, the workbook's own path (`path` names the
    /// sheet too).
    workbook: Option<String>,
}

/// Where the cells of a sheet are in the text it is read as.
#[derive(Debug, Default)]
pub struct Cells {
    /// `(offset, row, column)` of each cell's text, 0-based, in text order.
    starts: Vec<(u32, u32, u32)>,
}

impl Cells {
    /// Notes that the cell at `row` and `column` starts at `offset`.
    pub fn add(&mut self, offset: usize, row: u32, column: u32) {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        self.starts.push((offset, row, column));
    }

    /// The cell whose text holds `offset`: its row and column, 0-based.
    fn at(&self, offset: usize) -> Option<(u32, u32)> {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        let after = self.starts.partition_point(|(start, ..)| *start <= offset);
        let (_, row, column) = self.starts.get(after.checked_sub(1)?)?;
        Some((*row, *column))
    }
}

/// A cell's name as spreadsheets write it: row 11, column 2 (0-based) is
/// `C12`.
pub fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let digit = (n - 1) % 26;
        letters.push(char::from(b'A' + digit as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// The bytes from one mark to the next, and where their lines end.
#[derive(Debug)]
struct MarkedBytes {
    from: u64,
    /// Line ends before `from`.
    newlines: u64,
    bytes: Vec<u8>,
    /// Offsets of the `\n` in `bytes`.
    ends: Vec<u32>,
}

/// Most bytes read as one stretch: past this, a location is placed by
/// reading up to it alone.
const MAX_STRETCH: u64 = 4 << 20;

/// Stretches kept for placing locations.
const STRETCHES_KEPT: usize = 4;

/// Where lines start, noted while a file streams by: a mark every 64 KiB
/// or so, so that a line number costs one short read and the run keeps
/// no per-line table.
#[derive(Debug, Default)]
pub(super) struct Lines {
    /// `(offset, n)`: the offset just after a `\n`, and the number of `\n`
    /// before it.
    marks: Vec<(u64, u64)>,
    pub newlines: u64,
    /// A byte-order mark: offsets start after it.
    pub skip: u64,
}

impl Lines {
    pub const MARK_EVERY: usize = 64 << 10;

    /// Marks `offset`, just after the last `\n` counted.
    pub fn mark(&mut self, offset: usize) {
        self.marks.push((offset as u64, self.newlines));
    }

    /// The marks noted: `(offset, newlines before it)`.
    #[cfg(test)]
    pub fn marks(&self) -> &[(u64, u64)] {
        &self.marks
    }

    /// Appends the lines of the piece of the file that follows.
    pub fn add(&mut self, piece: &Lines) {
        let before = self.newlines;
        self.marks
            .extend(piece.marks.iter().map(|&(offset, n)| (offset, before + n)));
        self.newlines += piece.newlines;
    }

    /// The last mark at or before `offset`.
    fn before(&self, offset: u64) -> (u64, u64) {
        let k = self.marks.partition_point(|&(o, _)| o <= offset);
        k.checked_sub(1)
            .and_then(|k| self.marks.get(k))
            .copied()
            .unwrap_or((0, 0))
    }

    /// The offset of the mark after `mark`, if any.
    fn after(&self, mark: u64) -> Option<u64> {
        let k = self.marks.partition_point(|&(o, _)| o <= mark);
        self.marks.get(k).map(|&(o, _)| o)
    }

    /// The mark before the one at or before `offset`.
    fn earlier(&self, mark: (u64, u64)) -> Option<(u64, u64)> {
        let k = self.marks.partition_point(|&(o, _)| o < mark.0);
        match k.checked_sub(1) {
            Some(k) => self.marks.get(k).copied(),
            None => (mark.0 > 0).then_some((0, 0)),
        }
    }
}

/// Lines quoted around a span.
const CONTEXT_LINES: usize = 3;
/// Most bytes read again to quote one span.
const MAX_EXCERPT: u64 = 64 << 10;

/// Largest file a diagnostic quotes whole: past this, only the lines
/// around what it labels are read again.
const QUOTED_WHOLE: u64 = 8 << 20;

impl SourceFile {
    /// A file whose text stays in memory.
    pub fn kept(path: String, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        Self {
            path,
            sha256: None,
            text: Some(text),
            kept_index: OnceLock::new(),
            kept_quotable: OnceLock::new(),
            lines: Lines::default(),
            last_read: Mutex::new(Vec::new()),
            cells: None,
            workbook: None,
        }
    }

    /// The sheet `sheet` of the workbook at `workbook`, read as the text of
    /// its rows; its path is `data.xlsx!Q4`.
    pub(super) fn sheet(workbook: &str, sheet: &str, text: String, cells: Cells) -> Self {
        let mut source = Self::kept(format!("{workbook}!{sheet}"), text);
        source.cells = Some(cells);
        source.workbook = Some(workbook.to_string());
        source
    }

    /// The file on disk: the path, or a sheet's workbook.
    pub fn file_path(&self) -> &str {
        self.workbook.as_deref().unwrap_or(&self.path)
    }

    /// Of a workbook's sheet, the sheet and cell of `offset` (`Q4!D12`),
    /// for a message beside a location that names the workbook alone.
    pub fn cell(&self, offset: usize) -> Option<String> {
        let (row, column) = self.cells.as_ref()?.at(offset)?;
        let sheet = self.path.strip_prefix(self.workbook.as_deref()?)?;
        Some(format!(
            "{}!{}",
            sheet.trim_start_matches('!'),
            cell_name(row, column)
        ))
    }

    /// Where `offset` is, as people name it: `path:line:column`, or
    /// `data.xlsx!Q4!C12` for a cell of a workbook's sheet.
    pub fn place(&self, offset: usize) -> String {
        match self.cells.as_ref().and_then(|cells| cells.at(offset)) {
            Some((row, column)) => format!("{}!{}", self.path, cell_name(row, column)),
            None => {
                let (line, column) = self.line_col(offset);
                format!("{}:{line}:{column}", self.path)
            }
        }
    }

    /// A file read once and let go; it is read again to quote it.
    pub(super) fn streamed(path: String, lines: Lines) -> Self {
        Self {
            path,
            sha256: None,
            text: None,
            kept_index: OnceLock::new(),
            kept_quotable: OnceLock::new(),
            lines,
            last_read: Mutex::new(Vec::new()),
            cells: None,
            workbook: None,
        }
    }

    /// The whole text: kept, or read again. Only for diagnostics about a
    /// file that failed to load.
    pub fn text(&self) -> Arc<str> {
        match &self.text {
            Some(text) => Arc::clone(text),
            None => crate::source::read_text(
                std::path::Path::new(&self.path),
                // The file was read once within its limit.
                u64::MAX,
            )
            .map(Arc::from)
            .unwrap_or_else(|_| Arc::from("")),
        }
    }

    /// The row `offset` is on, as people name it: `path:line`, or
    /// `data.xlsx!Q4!D12` (the cell) in a workbook's sheet.
    pub fn row_place(&self, offset: usize) -> String {
        if self.cells.is_some() {
            return self.place(offset);
        }
        format!("{}:{}", self.path, self.line_col(offset).0)
    }

    /// Line and column (1-based, column in characters) of a byte offset;
    /// of a workbook's sheet, the row and column of the cell.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some((row, column)) = self.cells.as_ref().and_then(|cells| cells.at(offset)) {
            return (row as usize + 1, column as usize + 1);
        }
        if let Some(text) = &self.text {
            return self.kept_lines().line_col(text, offset);
        }
        let offset = offset as u64;
        let (mark, before) = self.lines.before(offset);
        if let Ok(mut kept) = self.last_read.lock() {
            match kept.iter().position(|stretch| stretch.from == mark) {
                Some(k) => {
                    if let Some(front) = kept.get_mut(..=k) {
                        front.rotate_right(1);
                    }
                }
                None => {
                    if let Some(stretch) = self.read_stretch(mark, before) {
                        kept.truncate(STRETCHES_KEPT - 1);
                        kept.insert(0, stretch);
                    }
                }
            }
            if let Some(place) = kept
                .first()
                .filter(|stretch| stretch.from == mark)
                .and_then(|stretch| stretch.line_col(offset))
            {
                return place;
            }
        }
        let Some(bytes) = self.read_range(mark, offset) else {
            return (0, 0);
        };
        let newlines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
        let start = memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1);
        let column = column_of(bytes.get(start..).unwrap_or_default());
        ((before + newlines + 1) as usize, column)
    }

    /// The file as a diagnostic's source, for labels on `span`: the kept
    /// text, shared, or the lines around `span` read again.
    pub fn quoted(&self, span: Span) -> NamedSource<IndexedSource> {
        if let Some(text) = &self.text {
            let shown = self.kept_quotable.get_or_init(|| match quotable(text) {
                std::borrow::Cow::Borrowed(_) => Arc::clone(text),
                std::borrow::Cow::Owned(shown) => Arc::from(shown),
            });
            // The same bytes, so the same line index.
            let source = IndexedSource::shared(Arc::clone(shown), Arc::clone(self.kept_lines()));
            return NamedSource::new(&self.path, source);
        }
        let excerpt = self.excerpt(span.start as u64, span.end as u64);
        let source = excerpt.unwrap_or_else(|| IndexedSource::new(Arc::from("")));
        NamedSource::new(&self.path, source)
    }

    /// The file as the source of a diagnostic labelling `spans`, long lines
    /// cut and `spans` moved to match. A file kept, or small enough, is
    /// quoted whole; a large one only around the spans, read again, so
    /// that a bad row in a province's file does not read it all back.
    pub fn quoting(&self, mut spans: Vec<&mut Span>) -> Excerpts {
        if spans.is_empty() {
            // Nothing to quote.
            return Excerpts::default();
        }
        let small = || std::fs::metadata(&self.path).is_ok_and(|m| m.len() <= QUOTED_WHOLE);
        if self.text.is_some() || small() {
            let text = self.text();
            let shown = displayable(&text, spans);
            return Excerpts::new(vec![IndexedSource::new(Arc::from(shown))]);
        }
        spans.sort_by_key(|span| span.start);
        // Spans near each other share an excerpt.
        let mut groups: Vec<Vec<&mut Span>> = Vec::new();
        for span in spans {
            match groups.last_mut() {
                Some(group)
                    if group.last().is_some_and(|last| {
                        (span.start as u64) <= (last.end as u64).saturating_add(MAX_EXCERPT)
                    }) =>
                {
                    group.push(span)
                }
                _ => groups.push(vec![span]),
            }
        }
        let mut excerpts = Vec::with_capacity(groups.len());
        for group in groups {
            let start = group.first().map_or(0, |s| s.start) as u64;
            let end = group.iter().map(|s| s.end).max().unwrap_or(0) as u64;
            let Some((text, from, first)) = self.excerpt_text(start, end) else {
                continue;
            };
            let from_offset = from as usize;
            let mut group = group;
            // Long lines are cut as in the excerpt, so its spans move there.
            let shift = |span: &mut Span, to: &dyn Fn(usize) -> usize| {
                *span = Span::new(to(span.start), to(span.end));
            };
            for span in group.iter_mut() {
                shift(span, &|o| o.saturating_sub(from_offset));
            }
            let shown = displayable(&text, group.iter_mut().map(|span| &mut **span));
            for span in group {
                shift(span, &|o| o + from_offset);
            }
            excerpts.push(IndexedSource::excerpt(Arc::from(shown), from_offset, first));
        }
        Excerpts::new(excerpts)
    }

    fn kept_lines(&self) -> &Arc<LineIndex> {
        let text = self.text.as_deref().unwrap_or_default();
        self.kept_index
            .get_or_init(|| Arc::new(LineIndex::new(text)))
    }

    /// The lines around `start..end`, with a few more on either side.
    fn excerpt(&self, start: u64, end: u64) -> Option<IndexedSource> {
        let (text, from, first) = self.excerpt_text(start, end)?;
        Some(IndexedSource::excerpt(
            Arc::from(text),
            from as usize,
            first,
        ))
    }

    /// [`SourceFile::excerpt`] as text, with the offset and 0-based line it
    /// starts at.
    fn excerpt_text(&self, start: u64, end: u64) -> Option<(String, u64, usize)> {
        // Back from the span's mark until enough lines precede it.
        let mut mark = self.lines.before(start);
        let mut head = self.read_range(mark.0, start)?;
        while memchr::memchr_iter(b'\n', &head).count() < CONTEXT_LINES
            && let Some(earlier) = self.lines.earlier(mark)
            && start - earlier.0 <= 4 * MAX_EXCERPT
        {
            mark = earlier;
            head = self.read_range(mark.0, start)?;
        }
        let ends: Vec<usize> = memchr::memchr_iter(b'\n', &head).collect();
        let skipped = ends.len().saturating_sub(CONTEXT_LINES);
        let cut = skipped
            .checked_sub(1)
            .and_then(|i| ends.get(i))
            .map_or(0, |&i| i + 1);
        let from = mark.0 + cut as u64;
        let first = (mark.1 + skipped as u64) as usize;
        let mut bytes = self.read_range(from, from.max(end) + MAX_EXCERPT)?;
        let tail = (end.saturating_sub(from) as usize).min(bytes.len());
        let after = memchr::memchr_iter(b'\n', bytes.get(tail..).unwrap_or_default())
            .nth(CONTEXT_LINES)
            .map_or(bytes.len(), |i| tail + i + 1);
        bytes.truncate(after);
        let text = String::from_utf8_lossy(&trim_to_char(bytes)).into_owned();
        Some((text, from, first))
    }

    /// The bytes from the mark at `from` to the next one, if not too many.
    fn read_stretch(&self, from: u64, newlines: u64) -> Option<MarkedBytes> {
        let to = self
            .lines
            .after(from)
            .unwrap_or(from + MAX_STRETCH)
            .min(from + MAX_STRETCH);
        let bytes = self.read_range(from, to)?;
        let ends = memchr::memchr_iter(b'\n', &bytes)
            .filter_map(|i| u32::try_from(i).ok())
            .collect();
        Some(MarkedBytes {
            from,
            newlines,
            bytes,
            ends,
        })
    }

    fn read_range(&self, from: u64, to: u64) -> Option<Vec<u8>> {
        let skip = self.lines.skip;
        let mut file = std::fs::File::open(&self.path).ok()?;
        file.seek(SeekFrom::Start(from + skip)).ok()?;
        let mut bytes = Vec::new();
        file.take(to.saturating_sub(from))
            .read_to_end(&mut bytes)
            .ok()?;
        Some(bytes)
    }
}

impl MarkedBytes {
    /// Line and column of `offset`, if the stretch holds it.
    fn line_col(&self, offset: u64) -> Option<(usize, usize)> {
        let at = usize::try_from(offset.checked_sub(self.from)?).ok()?;
        // An offset at the end belongs to the next stretch, which may go
        // on with a line this one has not read.
        if at >= self.bytes.len() {
            return None;
        }
        let before = self.ends.partition_point(|&end| (end as usize) < at);
        let start = before
            .checked_sub(1)
            .and_then(|k| self.ends.get(k))
            .map_or(0, |&end| end as usize + 1);
        let column = column_of(self.bytes.get(start..at).unwrap_or_default());
        Some(((self.newlines + before as u64 + 1) as usize, column))
    }
}

/// The 1-based column just after `line_start`, the bytes of a line up to
/// some offset: only they are decoded to count characters.
fn column_of(line_start: &[u8]) -> usize {
    let characters = if line_start.is_ascii() {
        line_start.len()
    } else {
        String::from_utf8_lossy(line_start).chars().count()
    };
    characters + 1
}

/// Drops a character cut at the end of an excerpt.
fn trim_to_char(mut bytes: Vec<u8>) -> Vec<u8> {
    if let Err(err) = std::str::from_utf8(&bytes)
        && err.error_len().is_none()
    {
        bytes.truncate(err.valid_up_to());
    }
    bytes
}
